// What a reviewer reads beside the plan: the diff against a base, each
// hostname's traffic before and after, the monthly cost, a diagram per
// hostname, and which policy findings are new. Built from a plan run here
// (the head) and, with --against, a base: another plan run here (a git ref)
// or a saved --json plan.
import { isSecretValue, RESOURCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "../offline/capture";
import { analysisValue, changeResourcesOfRegistrations, type ChangeResource, type TrafficClaim } from "./change-safety";
import { secretPlaceholder } from "../stack-file";
import { costChange, estimateCost, type CostAssumptions, type CostChangeRow, type CostEstimate, type CostResource, type ManagedDatabase } from "./cost";
import { diffPlans, knownSecret, redactedSecret, UNKNOWN_TEXT, type DiffResource, type PlanDiff } from "./diff";
import { hostDiagrams, mermaidSource } from "./mermaid";
import type { Plan } from "./plan";
import type { AccountValue } from "../offline/mocks";
import { trafficChanges, type TrafficChange, type TrafficPoint } from "./traffic-diff";
import { fleetOf, type Fleet } from "./render-fleet";
import type { DatabaseClaim } from "./change-safety-database";
import { databasesOf } from "./render-database";

/** A plan reduced to what the review compares. */
export interface ReviewSide {
    readonly stack: string;
    readonly resources: readonly DiffResource[];
    /** Resources with redacted inputs, for cost and diagrams. */
    readonly costResources: readonly CostResource[];
    readonly traffic: readonly TrafficPoint[];
    readonly violations: readonly { readonly policy: string; readonly urn: string; readonly message: string }[];
    readonly awsRegion?: string;
    /** Its workers and jobs, as the `workers` and `jobs` outputs say (empty when it has none). */
    readonly fleet?: Fleet;
    /** The side as the change-safety analysis reads it (absent: a saved plan too old to carry outputs). */
    readonly change?: { readonly resources: readonly ChangeResource[]; readonly traffic: readonly TrafficClaim[]; readonly databases?: readonly DatabaseClaim[] };
    /** What the plan's lookups returned, and whether config states it (plans saved before it was recorded lack it). */
    readonly accountValues?: readonly AccountValue[];
    /** legacy.databases, priced with the side. */
    readonly databases?: readonly ManagedDatabase[];
}

export interface BaseInfo {
    /** How the base was given: "ref" (planned here from a commit), "plan" (a saved --json plan) or "state" (a `pulumi stack export`). */
    readonly kind: "ref" | "plan" | "state";
    /** The ref or file as given. */
    readonly given: string;
    /** The commit planned, for a ref. */
    readonly commit?: string;
    /** Why the base is empty (the stack is new in this change), if it is. */
    readonly note?: string;
    /** The ref is the commit the working tree is based on (HEAD): only uncommitted changes can show. */
    readonly isHead?: boolean;
}

export interface Review {
    readonly against?: BaseInfo & {
        readonly diff: PlanDiff;
        readonly cost: CostEstimate;
        readonly costChange: readonly CostChangeRow[];
    };
    readonly traffic: readonly TrafficChange[];
    readonly cost: CostEstimate;
    /** Mermaid source per hostname. */
    readonly diagrams: readonly { readonly hostname: string; readonly mermaid: string }[];
    /** Keys (policy, urn, message) of this plan's violations that the base did not have; all of them without a base. */
    readonly newViolations: ReadonlySet<string>;
    /** The head as compared: outputs of resources whose ignored inputs changed are the base's (pinIgnoredOutputs). */
    readonly head: ReviewSide;
    /** The base's workers and jobs, under --against: the handover. */
    readonly fleetBefore?: Fleet;
}

export function violationKey(v: { readonly policy: string; readonly urn: string; readonly message: string }): string {
    return `${v.policy}\u0000${v.urn}\u0000${v.message}`;
}

/**
 * Wire values of a plan run here: secrets kept comparable but never
 * printable. A stack file's `secure:` value reaches the program as a
 * placeholder; it is compared together with its ciphertext, so a secret set
 * again in the stack file shows as changed.
 */
function reviewValue(value: unknown, secure: Readonly<Record<string, string>>): unknown {
    if (value === UNKNOWN_VALUE) {
        return UNKNOWN_TEXT;
    }
    if (isSecretValue(value)) {
        const key = Object.keys(secure).find((k) => value.value === secretPlaceholder(k));
        return knownSecret(key === undefined ? value.value : [value.value, secure[key]]);
    }
    if (Array.isArray(value)) {
        return value.map((v) => reviewValue(v, secure));
    }
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === RESOURCE_SIG) {
            return record.urn;
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, reviewValue(v, secure)]));
    }
    return value;
}

/** Values of a saved plan: its "[secret]" markers become secrets that cannot be compared. */
function savedValue(value: unknown): unknown {
    if (value === "[secret]") {
        return redactedSecret();
    }
    if (Array.isArray(value)) {
        return value.map(savedValue);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, savedValue(v)]));
    }
    return value;
}

function trafficOf(outputs: Record<string, unknown>): TrafficPoint[] {
    return Array.isArray(outputs.traffic) ? outputs.traffic as TrafficPoint[] : [];
}

/** A plan run in this process; `secure` holds its stack file's `secure:` values (secureValues). */
export function sideOfPlan(plan: Plan, awsRegion: string | undefined, secure: Readonly<Record<string, string>> = {}): ReviewSide {
    return {
        stack: plan.stack,
        resources: plan.run.registrations.map((r) => ({
            urn: r.urn, type: r.type, name: r.name, parent: r.parent, custom: r.custom, importId: r.options.importId,
            inputs: reviewValue(r.inputs, secure) as Record<string, unknown>,
            protect: r.options.protect, retainOnDelete: r.options.retainOnDelete, deleteBeforeReplace: r.options.deleteBeforeReplace,
            ignoreChanges: r.options.ignoreChanges, aliases: r.options.aliases ?? [],
            propertyDependencies: r.propertyDependencies,
        })),
        costResources: plan.resources,
        traffic: trafficOf(plan.outputs),
        fleet: fleetOf(plan.outputs),
        violations: plan.violations,
        awsRegion,
        change: { resources: changeResourcesOfRegistrations(plan.run.registrations), traffic: trafficOf(plan.outputs) as unknown as TrafficClaim[], databases: databasesOf(plan.outputs) },
        accountValues: plan.accountValues,
        databases: plan.legacyDatabases,
    };
}

export class SavedPlanError extends Error {
    override name = "SavedPlanError";
}

interface SavedResource {
    urn: string; type: string; name: string; parent: string | null; operation: string;
    inputs: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
    options: { protect?: boolean; importId?: string; retainOnDelete?: boolean; ignoreChanges?: string[]; deleteBeforeReplace?: boolean; aliases?: string[]; dependencies?: string[] };
}

function isCustomType(type: string): boolean {
    return !type.startsWith("migration:") && type !== "pulumi:pulumi:Stack";
}

/** A plan saved with --json: checked for the fields the review reads. */
export function sideOfSavedPlan(json: unknown, file: string): ReviewSide {
    const plan = json as { stack?: unknown; resources?: unknown; outputs?: unknown; violations?: unknown; cost?: { prices?: { provider: string; region: string }[] }; accountValues?: unknown; legacyDatabases?: unknown };
    const bad = (what: string) => new SavedPlanError(`${file} is not a plan written by --json: ${what}; allowed the --json file of an offline plan`);
    if (typeof plan !== "object" || plan === null || typeof plan.stack !== "string") {
        throw bad("it has no \"stack\"");
    }
    if (!Array.isArray(plan.resources) || plan.resources.some((r: SavedResource) => typeof r?.urn !== "string" || typeof r.type !== "string" || typeof r.inputs !== "object")) {
        throw bad("\"resources\" is not a list of { urn, type, name, inputs, options }");
    }
    const resources = plan.resources as SavedResource[];
    return {
        stack: plan.stack,
        resources: resources.map((r) => ({
            urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? undefined, custom: !r.type.startsWith("migration:") && r.type !== "pulumi:pulumi:Stack",
            importId: r.options?.importId,
            inputs: savedValue(r.inputs) as Record<string, unknown>,
            protect: r.options?.protect ?? false, retainOnDelete: r.options?.retainOnDelete ?? false, deleteBeforeReplace: r.options?.deleteBeforeReplace ?? false,
            ignoreChanges: r.options?.ignoreChanges ?? [], aliases: r.options?.aliases ?? [],
        })),
        costResources: resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? undefined, inputs: r.inputs })),
        traffic: typeof plan.outputs === "object" && plan.outputs !== null ? trafficOf(plan.outputs as Record<string, unknown>) : [],
        fleet: fleetOf(typeof plan.outputs === "object" && plan.outputs !== null ? plan.outputs as Record<string, unknown> : undefined),
        violations: Array.isArray(plan.violations) ? plan.violations as ReviewSide["violations"] : [],
        awsRegion: plan.cost?.prices?.find((p) => p.provider === "aws")?.region,
        accountValues: Array.isArray(plan.accountValues) ? plan.accountValues as AccountValue[] : undefined,
        databases: Array.isArray(plan.legacyDatabases) ? plan.legacyDatabases as ManagedDatabase[] : undefined,
        // Plans saved before outputs were written cannot link resources: judged as having no base.
        ...(resources.every((r) => r.outputs !== undefined) ? {
            change: {
                resources: resources.map((r): ChangeResource => ({
                    urn: r.urn, type: r.type, custom: isCustomType(r.type), parent: r.parent ?? undefined,
                    inputs: analysisValue(r.inputs) as Record<string, unknown>, outputs: analysisValue(r.outputs) as Record<string, unknown>,
                    propertyDependencies: r.propertyDependencies ?? {}, dependencies: r.options?.dependencies ?? [],
                    deleteBeforeReplace: r.options?.deleteBeforeReplace ?? false, importId: r.options?.importId, ignoreChanges: r.options?.ignoreChanges ?? [], retainOnDelete: r.options?.retainOnDelete ?? false,
                })),
                traffic: (typeof plan.outputs === "object" && plan.outputs !== null ? trafficOf(plan.outputs as Record<string, unknown>) : []) as unknown as TrafficClaim[],
                databases: databasesOf(typeof plan.outputs === "object" && plan.outputs !== null ? plan.outputs as Record<string, unknown> : undefined),
            },
        } : {}),
    };
}

interface ExportedResource {
    urn?: unknown; type?: unknown; custom?: unknown; parent?: unknown; id?: unknown;
    inputs?: Record<string, unknown>; outputs?: Record<string, unknown>;
    dependencies?: string[]; propertyDependencies?: Record<string, string[]>;
    protect?: boolean; retainOnDelete?: boolean; deleteBeforeReplace?: boolean; aliases?: string[]; importID?: string; ignoreChanges?: string[];
    delete?: boolean; pendingReplacement?: boolean;
}

/** True when the JSON is a `pulumi stack export` (a deployment of version 3). */
export function isStackExport(json: unknown): boolean {
    const j = json as { version?: unknown; deployment?: { resources?: unknown } } | null;
    return typeof j === "object" && j !== null && typeof j.version === "number" && typeof j.deployment === "object" && j.deployment !== null;
}

/** A stack export's values for the diff: secrets (ciphertext) cannot be compared; resource references become URNs. */
function exportedValue(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(exportedValue);
    }
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG) {
            return redactedSecret();
        }
        if (record[SIG_KEY] === RESOURCE_SIG) {
            return record.urn;
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, exportedValue(v)]));
    }
    return value;
}

/**
 * The deployed state (`pulumi stack export --file state.json`) as the base:
 * what really runs, with the provider's own ids and outputs. Default
 * providers are left out (the plan registers none: the engine makes them,
 * named default or default_<version>), explicit ones the program registers
 * are kept; resources pending deletion are left out too.
 */
export function sideOfStackExport(json: unknown, file: string): ReviewSide {
    const deployment = (json as { deployment: { resources?: unknown; manifest?: unknown } }).deployment;
    if (!Array.isArray(deployment.resources)) {
        throw new SavedPlanError(`${file} is a stack export without "deployment.resources"; allowed the file \`pulumi stack export --file <file>\` writes`);
    }
    const all = deployment.resources as ExportedResource[];
    if (all.some((r) => typeof r.urn !== "string" || typeof r.type !== "string")) {
        throw new SavedPlanError(`${file}: a resource of the stack export has no urn or type; allowed the file \`pulumi stack export --file <file>\` writes`);
    }
    const defaultProvider = (r: ExportedResource) => (r.type as string).startsWith("pulumi:providers:") && /^default(_|$)/.test((r.urn as string).split("::").pop() ?? "");
    const resources = all.filter((r) => !defaultProvider(r) && r.delete !== true);
    const stack = (resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn as string | undefined)?.split("::")[0]?.replace(/^urn:pulumi:/, "");
    const stackOutputs = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs ?? {};
    const traffic = trafficOf(analysisValue(stackOutputs) as Record<string, unknown>);
    return {
        stack: stack ?? "",
        resources: resources.map((r) => ({
            urn: r.urn as string, type: r.type as string, name: (r.urn as string).split("::").pop()!, parent: typeof r.parent === "string" && r.parent !== "" ? r.parent : undefined,
            custom: r.custom === true, importId: r.importID,
            inputs: exportedValue(r.inputs ?? {}) as Record<string, unknown>,
            protect: r.protect === true, retainOnDelete: r.retainOnDelete === true, deleteBeforeReplace: r.deleteBeforeReplace === true,
            ignoreChanges: r.ignoreChanges ?? [], aliases: r.aliases ?? [],
        })),
        costResources: resources.map((r) => ({ urn: r.urn as string, type: r.type as string, name: (r.urn as string).split("::").pop()!, parent: typeof r.parent === "string" && r.parent !== "" ? r.parent : undefined, inputs: analysisValue(r.inputs ?? {}) as Record<string, unknown> })),
        traffic,
        fleet: fleetOf(analysisValue(stackOutputs) as Record<string, unknown>),
        violations: [],
        change: {
            resources: resources.map((r): ChangeResource => ({
                urn: r.urn as string, type: r.type as string, custom: r.custom === true, parent: typeof r.parent === "string" && r.parent !== "" ? r.parent : undefined,
                inputs: analysisValue(r.inputs ?? {}) as Record<string, unknown>, outputs: { ...(analysisValue(r.outputs ?? {}) as Record<string, unknown>), ...(typeof r.id === "string" ? { id: r.id } : {}) },
                propertyDependencies: r.propertyDependencies ?? {}, dependencies: r.dependencies ?? [],
                deleteBeforeReplace: r.deleteBeforeReplace === true, importId: r.importID, ignoreChanges: r.ignoreChanges ?? [], retainOnDelete: r.retainOnDelete === true,
            })),
            traffic: traffic as unknown as TrafficClaim[],
            databases: databasesOf(analysisValue(stackOutputs) as Record<string, unknown>),
        },
    };
}

function costOf(side: ReviewSide, assumptions: CostAssumptions, fallbackRegion: string): CostEstimate {
    return estimateCost({
        resources: side.costResources,
        traffic: side.traffic.map((t) => ({ service: t.service, hostname: t.hostname, fargatePercent: t.split.fargatePercent, canaryPercent: t.split.canaryPercent })),
        awsRegion: side.awsRegion ?? fallbackRegion,
        databases: side.databases,
    }, assumptions);
}

export interface ReviewOptions {
    readonly project: string;
    readonly assumptions: CostAssumptions;
}

/** The review of head, against base when given (the base is priced with the head's assumptions). */
/**
 * The head as the engine will see it against the base: a resource whose
 * ignored inputs differ keeps its old values (ignoreChanges), so it keeps the
 * outputs it had (a target group keeps its name, hence its ARN), and every
 * reference to it sees the old values. The mocks make outputs from the head's
 * inputs alone; here they are put back, so the plan invents no change.
 */
export function pinIgnoredOutputs(base: ReviewSide, head: ReviewSide): ReviewSide {
    if (base.change === undefined || head.change === undefined) {
        return head;
    }
    const baseByUrn = new Map(base.change.resources.map((r) => [r.urn, r]));
    const aliases = new Map(head.resources.map((r) => [r.urn, r.aliases]));
    const pairs = new Map<string, string>();
    for (const h of head.change.resources) {
        const b = [h.urn, ...(aliases.get(h.urn) ?? [])].map((u) => baseByUrn.get(u)).find((x) => x !== undefined);
        if (b === undefined || h.ignoreChanges.length === 0) {
            continue;
        }
        const tops = h.ignoreChanges.map((p) => /^[^.[]+/.exec(p)?.[0] ?? p);
        if (!tops.some((t) => JSON.stringify(h.inputs[t]) !== JSON.stringify(b.inputs[t]))) {
            continue;
        }
        for (const [key, value] of Object.entries(h.outputs)) {
            const old = b.outputs[key];
            if (typeof value === "string" && typeof old === "string" && value !== old && value.length >= 8) {
                pairs.set(value, old);
            }
        }
    }
    if (pairs.size === 0) {
        return head;
    }
    // Longest first: an ARN before the suffix it contains.
    const ordered = [...pairs].sort((a, b) => b[0].length - a[0].length);
    const pin = (value: unknown): unknown => {
        if (typeof value === "string") {
            let text = value;
            for (const [from, to] of ordered) {
                if (text.includes(from)) {
                    text = text.split(from).join(to);
                }
            }
            return text;
        }
        if (Array.isArray(value)) {
            return value.map(pin);
        }
        if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pin(v)]));
        }
        return value;
    };
    return {
        ...head,
        resources: head.resources.map((r) => ({ ...r, inputs: pin(r.inputs) as Record<string, unknown> })),
        change: {
            ...head.change,
            resources: head.change.resources.map((r) => ({ ...r, inputs: pin(r.inputs) as Record<string, unknown>, outputs: pin(r.outputs) as Record<string, unknown> })),
        },
    };
}

/** The review of a head side built before its policy results (buildPlan's whilePolicies), with them. */
export function withViolations(review: Review, violations: ReviewSide["violations"], base: ReviewSide | undefined): Review {
    const baseViolations = new Set((base?.violations ?? []).map(violationKey));
    return { ...review, head: { ...review.head, violations }, newViolations: new Set(violations.map(violationKey).filter((k) => !baseViolations.has(k))) };
}

export function buildReview(unpinnedHead: ReviewSide, base: (ReviewSide & { readonly info: BaseInfo }) | undefined, options: ReviewOptions): Review {
    const head = base === undefined ? unpinnedHead : pinIgnoredOutputs(base, unpinnedHead);
    const region = head.awsRegion ?? "us-east-1";
    const cost = costOf(head, options.assumptions, region);
    const diagrams = hostDiagrams({ resources: head.costResources, traffic: head.traffic }, base && { resources: base.costResources, traffic: base.traffic });
    const baseViolations = new Set((base?.violations ?? []).map(violationKey));
    let against: Review["against"];
    if (base !== undefined) {
        const baseCost = costOf(base, options.assumptions, region);
        against = { ...base.info, diff: diffPlans(base.resources, head.resources, { base: base.accountValues ?? [], head: head.accountValues ?? [] }), cost: baseCost, costChange: costChange(baseCost, cost) };
    }
    return {
        ...(against === undefined ? {} : { against }),
        traffic: trafficChanges(base?.traffic, head.traffic, { project: options.project, stack: head.stack }),
        cost,
        diagrams: diagrams.map((d) => ({ hostname: d.after.hostname, mermaid: mermaidSource(d) })),
        newViolations: new Set(head.violations.map(violationKey).filter((k) => !baseViolations.has(k))),
        head,
        ...(base === undefined ? {} : { fleetBefore: base.fleet ?? { workers: [], jobs: [] } }),
    };
}
