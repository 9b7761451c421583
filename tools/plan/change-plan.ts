// The change-safety analysis run on a plan: its inputs taken from the plan
// (head), the review's base and diff, and the stack config (what imported
// resources are today).
import { parseStackConfig, type RawConfigInput, type StackConfig } from "../../components/config";
import type { ChangeOp } from "../../policies/models/step-graph";
import { TYPES } from "../../policies/models/serving";
import type { AdviceContext } from "./change-advice";
import { analyzeChange, changeResourcesOfRegistrations, type ChangeResource, type ChangeSafety, type ChangeSafetyInput, type TrafficClaim } from "./change-safety";
import type { DatabaseClaim } from "./change-safety-database";
import type { PlanDiff } from "./diff";
import type { Plan } from "./plan";

/** The components whose name is `<project>-<stack>-<service>` (a service's own resources are below them). */
const SERVICE_COMPONENTS = new Set(["migration:aws:FargateService", "migration:legacy:Service", "migration:traffic:Routing",
    "migration:aws:FargateWorker", "migration:legacy:Worker", "migration:aws:ScheduledJob", "migration:aws:ReleaseTask"]);

/** The service each resource belongs to, by walking up to its service component. */
export function serviceIndex(resources: readonly { readonly urn: string; readonly type: string; readonly parent?: string }[], prefix: string, services: readonly string[]): (urn: string) => string | undefined {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const memo = new Map<string, string | undefined>();
    const find = (urn: string, depth = 0): string | undefined => {
        if (memo.has(urn)) {
            return memo.get(urn);
        }
        const r = byUrn.get(urn);
        let found: string | undefined;
        if (r !== undefined && depth < 20) {
            const name = urn.split("::").pop() ?? "";
            if (SERVICE_COMPONENTS.has(r.type) && name.startsWith(`${prefix}-`)) {
                const candidate = name.slice(prefix.length + 1);
                found = services.includes(candidate) ? candidate : undefined;
            }
            if (found === undefined && r.parent !== undefined) {
                found = find(r.parent, depth + 1);
            }
        }
        memo.set(urn, found);
        return found;
    };
    return find;
}

/**
 * Imported resources as they run today, where config says so: an adopted
 * Droplet carries the tags config lists for it, a database firewall the
 * trusted sources config lists (the program adds to both).
 */
export function asFoundOf(head: readonly ChangeResource[], config: StackConfig): Map<string, Record<string, unknown>> {
    const found = new Map<string, Record<string, unknown>>();
    for (const r of head) {
        if (r.importId === undefined) {
            continue;
        }
        if (r.type === TYPES.droplet) {
            for (const service of [...config.services, ...config.workers]) {
                const legacy = service.legacy;
                if (legacy.enabled && legacy.mode === "adopt") {
                    const droplet = legacy.droplets.find((d) => d.id === r.importId);
                    if (droplet !== undefined) {
                        found.set(r.urn, { ...r.inputs, tags: [...((droplet as { tags?: readonly string[] }).tags ?? [])] });
                    }
                }
            }
        } else if (r.type === TYPES.databaseFirewall) {
            const database = config.legacy.databases.find((d) => d.clusterId === r.importId);
            if (database !== undefined) {
                found.set(r.urn, { ...r.inputs, rules: database.trustedSources.map((s) => ({ type: s.type, value: s.value })) });
            }
        }
    }
    return found;
}

function databaseClaims(outputs: Record<string, unknown> | undefined): DatabaseClaim[] {
    const databases = outputs?.databases;
    return Array.isArray(databases) ? databases as DatabaseClaim[] : [];
}

function trafficClaims(outputs: Record<string, unknown> | undefined): TrafficClaim[] {
    const traffic = outputs?.traffic;
    return Array.isArray(traffic) ? traffic as TrafficClaim[] : [];
}

export interface ChangeBase {
    /** What the change is judged against, in words. */
    readonly label: string;
    readonly resources: readonly ChangeResource[];
    readonly traffic: readonly TrafficClaim[];
    /** The base's `databases` output (absent: a base written before databases moved, judged as having none). */
    readonly databases?: readonly DatabaseClaim[];
}

/** The base's resources from its plan: for a base planned here, every registration. */
export function changeBaseOfPlan(plan: Plan, label: string): ChangeBase {
    return { label, resources: changeResourcesOfRegistrations(plan.run.registrations), traffic: trafficClaims(plan.outputs), databases: databaseClaims(plan.outputs) };
}

/**
 * Judges the plan as a change from `base` (a first deployment when absent,
 * where imported resources count as they run today).
 */
export function judgeChange(plan: Plan, input: RawConfigInput, base: ChangeBase | undefined, diff: PlanDiff | undefined, headResources?: readonly ChangeResource[]): ChangeSafety {
    return analyzeChange(changeInput(plan, input, base, diff, headResources));
}

/** The analysis's input for a plan: its resources, the base's, the diff's operations, and what imports are today. */
export function changeInput(plan: Pick<Plan, "run" | "outputs">, input: RawConfigInput, base: ChangeBase | undefined, diff: PlanDiff | undefined, headResources?: readonly ChangeResource[]): ChangeSafetyInput {
    const config = parseStackConfig(input);
    const head = headResources ?? changeResourcesOfRegistrations(plan.run.registrations);
    const prefix = `${config.project}-${config.stack}`;
    // Every services[] entry, in file order: config paths index them all, whatever their kind.
    const services = config.workloadOrder;
    const headIndex = serviceIndex(head, prefix, services);
    const baseIndex = serviceIndex(base?.resources ?? [], prefix, services);
    const advice: AdviceContext = {
        project: config.project, stack: config.stack, services, serviceOf: (urn) => headIndex(urn) ?? baseIndex(urn),
        crontabs: Object.fromEntries(config.jobs.filter((j) => j.legacy !== undefined).map((j) => [j.name, { host: j.legacy!.host, line: j.legacy!.crontab }])),
        stopCommands: Object.fromEntries(config.workers.filter((w) => w.legacyStopCommand !== undefined).map((w) => [w.name, w.legacyStopCommand!])),
        workerCounts: Object.fromEntries(config.workers.filter((w) => w.fargate !== undefined).map((w) => [w.name, { desired: w.fargate!.desiredCount, min: w.fargate!.autoscaling.min, max: w.fargate!.autoscaling.max }])),
        databases: config.legacy.databases.map((d) => d.name),
    };
    const matches = new Map<string, string>();
    const ops = new Map<string, ChangeOp>();
    for (const r of diff?.resources ?? []) {
        if (r.op === "delete") {
            continue;
        }
        ops.set(r.urn, r.op);
        if (r.oldUrn !== undefined) {
            matches.set(r.urn, r.oldUrn);
        }
    }
    return {
        against: base?.label ?? "a first deployment (no base: imported resources as config says they run today)",
        base: base?.resources ?? [],
        head,
        ...(diff === undefined ? {} : { matches, ops }),
        asFound: asFoundOf(head, config),
        baseTraffic: base?.traffic,
        headTraffic: trafficClaims(plan.outputs),
        baseDatabases: base === undefined ? undefined : base.databases ?? [],
        headDatabases: databaseClaims(plan.outputs),
        environment: config.environment,
        advice,
    };
}
