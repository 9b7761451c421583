// Pure rollout logic for the DNS split between the Droplets and Fargate: step
// navigation, the worst-case time for clients to leave a failing side, and
// the exact commands an operator runs to advance or roll back. Figures and
// their sources: ../../../shared/reference/aws.md ("Route 53 weighted records").
import type { ServiceConfig } from "../config";
import { groupRecords, type RecordSides, type Side } from "./weights";

/** The ladder used when a service declares no `traffic.steps`. */
export const DEFAULT_ROLLOUT_STEPS: readonly number[] = Object.freeze([0, 5, 25, 50, 100]);

/**
 * The Route 53 endpoint checks of both sides: HTTPS on the DigitalOcean load
 * balancer (legacy), and HTTPS through the ALB on the service's health-check
 * hostname (Fargate). requestInterval is 10 or 30 and fixed after creation;
 * 10 s x 3 failures keeps detection at 30 s (Route 53 API reference,
 * HealthCheckConfig: RequestInterval 10 | 30, FailureThreshold 1-10).
 */
export const ENDPOINT_HEALTH_CHECK = Object.freeze({
    port: 443,
    requestIntervalSeconds: 10,
    failureThreshold: 3,
});

/** Route 53 answers an alias to an ELB with the ELB's own fixed TTL (Route 53 FAQ: 60 s); it cannot be set. */
export const ALB_ALIAS_TTL_SECONDS = 60;

/**
 * TTL of the legacy weighted record: the same as the ALB alias beside it.
 * Resolvers cache each answer for its own TTL, so a group whose records have
 * different TTLs serves the longer-lived answer more often than its weight
 * says: weights skew. Not configurable for that reason.
 */
export const WEIGHTED_RECORD_TTL_SECONDS = ALB_ALIAS_TTL_SECONDS;

/** Set identifiers of the two weighted records of a hostname. */
export const LEGACY_SET_IDENTIFIER = "legacy";
export const FARGATE_SET_IDENTIFIER = "fargate";

export interface StepBounds {
    /** Lowest share the config allows now (100 once legacy is decommissioned). */
    readonly min: number;
    /** Highest share the config allows now (0 while there is no fargate part). */
    readonly max: number;
}

/**
 * The neighbouring rollout steps of `current` within `bounds`: the smallest
 * step above it and the largest below it, or null at an end. A `current` that
 * is not itself a step (no declared steps, default ladder) still gets its
 * neighbours.
 */
export function navigateSteps(
    steps: readonly number[],
    current: number,
    bounds: StepBounds = { min: 0, max: 100 },
): { readonly next: number | null; readonly previous: number | null } {
    assertPercent("current", current);
    assertPercent("bounds.min", bounds.min);
    assertPercent("bounds.max", bounds.max);
    if (steps.length === 0) {
        throw new RangeError("steps: empty; allowed one or more percentages in increasing order");
    }
    steps.forEach((step, i) => {
        assertPercent(`steps[${i}]`, step);
        if (i > 0 && step <= steps[i - 1]) {
            throw new RangeError(`steps: ${JSON.stringify(steps)} is not strictly increasing`);
        }
    });
    const allowed = steps.filter((s) => s >= bounds.min && s <= bounds.max);
    const above = allowed.filter((s) => s > current);
    const below = allowed.filter((s) => s < current);
    return {
        next: above.length > 0 ? above[0] : null,
        previous: below.length > 0 ? below[below.length - 1] : null,
    };
}

/**
 * Worst-case seconds for clients to leave a side watched by a Route 53
 * endpoint health check: failureThreshold failed requests, one per interval,
 * then resolvers holding the old answer keep it for up to the TTL.
 */
export function endpointFailoverSeconds(t: {
    readonly ttlSeconds: number;
    readonly requestIntervalSeconds: number;
    readonly failureThreshold: number;
}): number {
    assertWhole("ttlSeconds", t.ttlSeconds, 0);
    if (t.requestIntervalSeconds !== 10 && t.requestIntervalSeconds !== 30) {
        throw new RangeError(`requestIntervalSeconds: ${t.requestIntervalSeconds} is not valid; allowed 10 or 30`);
    }
    assertWhole("failureThreshold", t.failureThreshold, 1, 10);
    return t.ttlSeconds + t.requestIntervalSeconds * t.failureThreshold;
}

// Stack and project names are letters, digits, - _ . and / (org/project/stack):
// safe unquoted in a shell. Anything else is refused rather than quoted wrongly.
const SHELL_SAFE_NAME = /^[A-Za-z0-9_.\-/]+$/;

/**
 * The command that sets a service's Fargate share. The share lives inside the
 * `<project>:services` list, so it is addressed with --path; with --path an
 * integer is stored as a number (pulumi config set docs).
 */
export function fargateShareCommand(c: {
    readonly project: string;
    readonly stack: string;
    readonly serviceIndex: number;
    readonly fargatePercent: number;
}): string {
    if (!SHELL_SAFE_NAME.test(c.project)) {
        throw new RangeError(`project: ${JSON.stringify(c.project)} is not a Pulumi project name`);
    }
    if (!SHELL_SAFE_NAME.test(c.stack)) {
        throw new RangeError(`stack: ${JSON.stringify(c.stack)} is not a Pulumi stack name`);
    }
    assertWhole("serviceIndex", c.serviceIndex, 0);
    assertPercent("fargatePercent", c.fargatePercent);
    return `pulumi config set --path '${c.project}:services[${c.serviceIndex}].traffic.fargatePercent' ${c.fargatePercent} --stack ${c.stack}`;
}

/** Where a service's traffic goes now. */
export interface TrafficSplit {
    /** Share of the hostname's traffic answered with the Droplets' load balancer. */
    readonly legacyPercent: number;
    /** Share answered with the ALB. */
    readonly fargatePercent: number;
    /** Share of the Fargate part that the ALB sends to the canary target group. */
    readonly canaryPercent: number;
}

/** Everything an operator needs to move a hostname's traffic by one step. */
export interface TrafficSummary {
    /** The service that owns the hostname's split. */
    readonly service: string;
    readonly hostname: string;
    /** Cut-over phase of the hostname's records. */
    readonly phase: DnsPhase;
    readonly split: TrafficSplit;
    /** The ladder navigated: the declared `traffic.steps`, else DEFAULT_ROLLOUT_STEPS. */
    readonly steps: readonly number[];
    /** The next share up, or null at the top (or while the service has no fargate part). */
    readonly nextStep: number | null;
    /** The next share down, or null at the bottom (or once legacy is decommissioned). */
    readonly previousStep: number | null;
    readonly commands: {
        /** Sets the share to nextStep; then run `pulumi up`. */
        readonly advance: string | null;
        /** Sets the share to previousStep; then run `pulumi up`. */
        readonly rollBack: string | null;
        /** Sends every request back to the Droplets (share 0); null when already there or legacy is gone. */
        readonly allToLegacy: string | null;
    };
    /**
     * Sides whose record stays at weight 0 (traffic.standby): Route 53
     * answers the whole hostname with them whenever every side with a share
     * fails its health check.
     */
    readonly standby: readonly Side[];
    /** Worst-case seconds for clients to leave a failing side by health check alone; null where the side has no share or no other record can take it. */
    readonly failoverSeconds: { readonly legacy: number | null; readonly fargate: number | null };
    /** Seconds after `pulumi up` returns (records in sync) until every resolver has the new weights: the group's longest TTL. */
    readonly rollbackSeconds: number;
    /**
     * The canary's image as config names it (`fargate.canary.imageTag` or
     * `.image`), or null without a canary: what a revert needs to put an
     * abandoned canary back (a canary without an image is refused).
     */
    readonly canary: { readonly key: "imageTag" | "image"; readonly value: string } | null;
}

export interface TrafficSummaryInput {
    readonly project: string;
    readonly stack: string;
    /** The owning service's position in `<project>:services`. */
    readonly serviceIndex: number;
    /** The service that owns the hostname's split (it has `traffic`). */
    readonly service: Pick<ServiceConfig, "name" | "hostname" | "traffic" | "fargate">;
    readonly sides: RecordSides;
}

/** Where a hostname is in the cut-over from its plain record to the weighted group. */
export type DnsPhase =
    /** The plain record still answers; the weighted records do not exist yet (traffic.liveRecord). */
    | "cutover-pending"
    /** The batch ran; this run imports the weighted records (traffic.importWeightedRecords). */
    | "importing"
    /** The weighted group is the program's. */
    | "weighted";

export function dnsPhaseOf(traffic: { readonly liveRecord?: unknown; readonly importWeightedRecords?: boolean }): DnsPhase {
    return traffic.liveRecord !== undefined ? "cutover-pending" : traffic.importWeightedRecords === true ? "importing" : "weighted";
}

/** The rollout summary of one hostname, from its owner's config and which records exist. */
export function trafficSummary(input: TrafficSummaryInput): TrafficSummary {
    const { service, sides } = input;
    if (service.traffic === undefined) {
        throw new RangeError(`service: ${JSON.stringify(service.name)} has no traffic part; pass the service that owns ${service.hostname}'s split`);
    }
    const fargatePercent = service.traffic.fargatePercent;
    const weights = groupRecords(fargatePercent, sides, service.traffic.standby ?? ["legacy"]);
    const steps = service.traffic.steps ?? DEFAULT_ROLLOUT_STEPS;
    const phase = dnsPhaseOf(service.traffic);
    // The config only accepts 100 without legacy, 0 until the owner itself
    // runs on Fargate for every path (a path service alone would leave the
    // rest of the hostname to the listener's 404), and 0 until the weighted
    // records are the program's: never offer a step it would reject.
    const ownerTakesEveryPath = service.fargate !== undefined && service.fargate.pathPatterns.length === 0;
    const bounds = { min: sides.legacy ? 0 : 100, max: sides.fargate && ownerTakesEveryPath && phase === "weighted" ? 100 : 0 };
    const { next, previous } = navigateSteps(steps, fargatePercent, bounds);
    const command = (percent: number | null) => percent === null ? null : fargateShareCommand({
        project: input.project, stack: input.stack, serviceIndex: input.serviceIndex, fargatePercent: percent,
    });
    const failover = endpointFailoverSeconds({ ttlSeconds: WEIGHTED_RECORD_TTL_SECONDS, ...ENDPOINT_HEALTH_CHECK });
    return {
        service: service.name,
        hostname: service.hostname,
        phase,
        split: {
            legacyPercent: weights.legacy ?? 0,
            fargatePercent: weights.fargate ?? 0,
            canaryPercent: service.fargate?.canary?.percent ?? 0,
        },
        steps: [...steps],
        nextStep: next,
        previousStep: previous,
        commands: {
            advance: command(next),
            rollBack: command(previous),
            allToLegacy: sides.legacy && fargatePercent > 0 ? command(0) : null,
        },
        standby: (["legacy", "fargate"] as const).filter((side) => weights[side] === 0),
        // A failing side is left only for another record of the group.
        failoverSeconds: {
            legacy: (weights.legacy ?? 0) > 0 && weights.fargate !== undefined ? failover : null,
            fargate: (weights.fargate ?? 0) > 0 && weights.legacy !== undefined ? failover : null,
        },
        rollbackSeconds: WEIGHTED_RECORD_TTL_SECONDS,
        canary: service.fargate?.canary === undefined ? null
            : service.fargate.canary.image.kind === "ecr" ? { key: "imageTag", value: service.fargate.canary.image.tag }
            : { key: "image", value: service.fargate.canary.image.ref },
    };
}

function assertPercent(name: string, value: number): void {
    assertWhole(name, value, 0, 100);
}

function assertWhole(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new RangeError(`${name}: ${value} is not a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`);
    }
}
