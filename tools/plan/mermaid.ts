// A Mermaid diagram per hostname of where its traffic goes, with the weights
// before → after: Route 53 → DigitalOcean load balancer → Droplets, and
// Route 53 → ALB → stable / canary. GitHub renders ```mermaid blocks in
// comments. Pure: built from the planned resources and the traffic split.
import { serviceResolver, taskCountsOf, taskDefinitionOf, type CostResource } from "./cost";
import { beforeAfter, type Split } from "./traffic-diff";

export interface Backend {
    /** The resource name (a key to match before and after). */
    readonly key: string;
    readonly label: string;
}

export interface HostDiagram {
    readonly hostname: string;
    readonly service: string;
    readonly before?: Split;
    readonly after?: Split;
    /** The DigitalOcean side: its load balancer and Droplets (absent once decommissioned). */
    readonly legacy?: { readonly loadBalancer: string; readonly droplets: readonly Backend[] };
    /** The Fargate side: the stable and (when it runs) the canary ECS service. */
    readonly fargate?: { readonly stable?: Backend; readonly canary?: Backend };
}

function text(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

function imageTag(image: string | undefined): string {
    if (image === undefined) {
        return "?";
    }
    const at = image.lastIndexOf(":");
    return at > image.lastIndexOf("/") ? image.slice(at + 1) : image;
}

function sides(resources: readonly CostResource[], service: string): Pick<HostDiagram, "legacy" | "fargate"> {
    const serviceOf = serviceResolver(resources);
    const own = resources.filter((r) => serviceOf(r) === service);
    const loadBalancer = own.find((r) => r.type === "digitalocean:index/loadBalancer:LoadBalancer");
    const droplets = own.filter((r) => r.type === "digitalocean:index/droplet:Droplet")
        .map((r) => ({ key: r.name, label: `${text(r.inputs.name) ?? r.name} (${text(r.inputs.size) ?? "?"})` }));
    const ecs = own.filter((r) => r.type === "aws:ecs/service:Service").map((r) => {
        const image = text((() => {
            try {
                return (JSON.parse(String(taskDefinitionOf(r, resources)?.inputs.containerDefinitions)) as { image?: string }[])[0]?.image;
            } catch {
                return undefined;
            }
        })());
        const { desired } = taskCountsOf(r, resources);
        return { resource: r, backend: { key: r.name, label: `ECS ${text(r.inputs.name) ?? r.name}: ${imageTag(image)} × ${desired}` } };
    });
    const canary = ecs.find((e) => /-canary$/.test(e.resource.name));
    const stable = ecs.find((e) => e !== canary);
    return {
        ...(loadBalancer === undefined ? {} : { legacy: { loadBalancer: text(loadBalancer.inputs.name) ?? loadBalancer.name, droplets } }),
        ...(ecs.length === 0 ? {} : { fargate: { ...(stable ? { stable: stable.backend } : {}), ...(canary ? { canary: canary.backend } : {}) } }),
    };
}

export interface DiagramSource {
    readonly resources: readonly CostResource[];
    readonly traffic: readonly { readonly service: string; readonly hostname: string; readonly split: Split }[];
}

/** The diagrams of every hostname of head, and of those base had that head removed. */
export function hostDiagrams(head: DiagramSource, base?: DiagramSource): { after: HostDiagram; before?: HostDiagram }[] {
    const result: { after: HostDiagram; before?: HostDiagram }[] = head.traffic.map((t) => {
        const b = base?.traffic.find((x) => x.hostname === t.hostname);
        return {
            after: { hostname: t.hostname, service: t.service, before: b?.split, after: t.split, ...sides(head.resources, t.service) },
            ...(b === undefined || base === undefined ? {} : { before: { hostname: b.hostname, service: b.service, after: b.split, ...sides(base.resources, b.service) } }),
        };
    });
    for (const b of base?.traffic ?? []) {
        if (!head.traffic.some((t) => t.hostname === b.hostname)) {
            result.push({ after: { hostname: b.hostname, service: b.service, before: b.split, ...sides(base!.resources, b.service) } });
        }
    }
    return result;
}

function quote(label: string): string {
    return `"${label.replace(/"/g, "#quot;")}"`;
}

/** A label that shows a change: "old → new" when a backend's label changed (size, image tag, task count). */
function changedLabel(after: Backend, before: readonly Backend[] | undefined): string {
    const old = before?.find((b) => b.key === after.key);
    if (old === undefined || old.label === after.label) {
        return after.label;
    }
    const [a, b] = [old.label, after.label];
    let i = 0;
    while (i < a.length && a[i] === b[i]) {
        i++;
    }
    const prefix = a.slice(0, a.lastIndexOf(" ", i) + 1);
    return `${prefix}${a.slice(prefix.length)} → ${b.slice(prefix.length)}`;
}

/** The Mermaid source for one hostname. */
export function mermaidSource(diagram: { after: HostDiagram; before?: HostDiagram }): string {
    const d = diagram.after;
    const old = diagram.before;
    const lines = ["flowchart LR", `  dns[${quote(`Route 53: ${d.hostname}`)}]`];
    if (d.legacy !== undefined) {
        lines.push(`  dns -->|${quote(`legacy ${beforeAfter(d.before?.legacyPercent, d.after?.legacyPercent)}`)}| lb[${quote(`DigitalOcean LB ${d.legacy.loadBalancer}`)}]`);
        d.legacy.droplets.forEach((droplet, i) => {
            lines.push(`  lb --> d${i}[${quote(changedLabel(droplet, old?.legacy?.droplets))}]`);
        });
    }
    if (d.fargate !== undefined) {
        lines.push(`  dns -->|${quote(`Fargate ${beforeAfter(d.before?.fargatePercent, d.after?.fargatePercent)}`)}| alb[${quote("ALB (shared)")}]`);
        const canaryBefore = d.before?.canaryPercent;
        const canaryAfter = d.after?.canaryPercent;
        const stableOf = (c: number | undefined) => c === undefined ? undefined : 100 - c;
        if (d.fargate.stable !== undefined) {
            const previous = old?.fargate?.stable === undefined ? undefined : [old.fargate.stable];
            lines.push(`  alb -->|${quote(`stable ${beforeAfter(stableOf(canaryBefore), stableOf(canaryAfter))}`)}| stable[${quote(changedLabel(d.fargate.stable, previous))}]`);
        }
        if (d.fargate.canary !== undefined) {
            const previous = old?.fargate?.canary === undefined ? undefined : [old.fargate.canary];
            const ofAll = (split: Split | undefined) => split === undefined ? undefined : Math.round(split.fargatePercent * split.canaryPercent) / 100;
            const share = beforeAfter(ofAll(d.before), ofAll(d.after));
            lines.push(`  alb -->|${quote(`canary ${beforeAfter(canaryBefore, canaryAfter)} of Fargate (${share} of all)`)}| canary[${quote(changedLabel(d.fargate.canary, previous))}]`);
        }
    }
    return lines.join("\n");
}
