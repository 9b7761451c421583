// A hostname's release marker: what one `up` put in front of its users (the
// DNS split, each Fargate service's image and rollout strategy), stored as an
// SSM parameter written after the records and the ECS services have
// finished their steps. SSM keeps every version with the time it was written
// (GetParameterHistory, LastModifiedDate), so the marker is the record of
// each `up` that moved the hostname, and its last write is when the current
// step started: the traffic gate (tools/traffic) measures the bake from it.
import type { ImageSource, ServiceConfig } from "../config";
import type { TrafficSplit } from "./steps";

export interface ReleaseMarker {
    readonly hostname: string;
    readonly legacyPercent: number;
    readonly fargatePercent: number;
    readonly canaryPercent: number;
    /** Per Fargate service of the hostname: its image, the config canary's, and how new images roll out. */
    readonly services: Readonly<Record<string, { readonly image: string; readonly canaryImage?: string; readonly rollout: string }>>;
}

function imageText(image: ImageSource): string {
    return image.kind === "ecr" ? `tag ${image.tag}` : image.ref;
}

export function releaseMarker(hostname: string, split: TrafficSplit, services: readonly Pick<ServiceConfig, "name" | "fargate">[]): ReleaseMarker {
    return {
        hostname,
        legacyPercent: split.legacyPercent,
        fargatePercent: split.fargatePercent,
        canaryPercent: split.canaryPercent,
        services: Object.fromEntries(services.filter((s) => s.fargate !== undefined).map((s) => [s.name, {
            image: imageText(s.fargate!.image),
            ...(s.fargate!.canary === undefined ? {} : { canaryImage: imageText(s.fargate!.canary.image) }),
            rollout: s.fargate!.rollout.strategy,
        }])),
    };
}

/** The marker as the parameter stores it, and as the gate and dashboard read it: one line. */
export function releaseMarkerText(m: ReleaseMarker): string {
    const services = Object.entries(m.services).map(([name, s]) => `${name} ${s.image}${s.canaryImage === undefined ? "" : ` (canary ${s.canaryImage})`} ${s.rollout}`);
    return `${m.hostname}: legacy ${m.legacyPercent}% fargate ${m.fargatePercent}% canary ${m.canaryPercent}%${services.length === 0 ? "" : `; ${services.join("; ")}`}`;
}
