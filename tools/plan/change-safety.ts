// The change-safety analysis of the offline plan: from the base (what runs
// before the change: a plan of a git ref, a saved plan, a `pulumi stack
// export`, or nothing for a first deployment, where imported resources count
// as they run today) and the head, the steps a real `pulumi up` runs and the
// orders the engine may run them in (policies/models/step-graph.ts), then what
// the cloud does with requests at each moment (policies/models/serving.ts).
// Every share of a hostname that was served before must stay served at every
// moment, every client keeps the database it reaches, no Droplet set of a
// live service goes down at once, a side keeps its capacity while cached
// answers still reach it, and what the outputs say about traffic is what
// Route 53 would do. An unsafe change stops the plan (exit 1) with the step,
// the window, what breaks and the safe sequence (./change-advice.ts).
//
// Which moments: the engine may run any order that respects the graph, so
// for every step the analysis looks at the earliest and the latest moment it
// can run and finish (only its ancestors done; everything but its
// descendants done), plus the end. A problem that needs step A done and step
// B not yet done shows in A's earliest moment exactly when B does not precede
// A. tests/change-safety-property.test.ts checks random full orders against it.
import { UNKNOWN, asList, asRecord } from "../../policies/lib/values";
import { buildStepGraph, stepId, type ChangeOp, type ResourceChange, type Step, type StepGraph } from "../../policies/models/step-graph";
import {
    TYPES, albProblem, demandOf, dependencyProblems, dnsGroups, doLoadBalancerProblem, dropletSets, routeShares, servingProblems,
    type Demand, type Entry, type Problem, type Version, type World,
} from "../../policies/models/serving";
import { RESOURCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE, type Registration } from "../offline/capture";
import { adviceFor, type AdviceContext } from "./change-advice";
import { OWNERSHIP_TYPES, ownershipProblems, runningWorkers, scheduleOwner, scheduleRuns } from "../../policies/models/ownership";
import { databaseFindings, type DatabaseClaim } from "./change-safety-database";

/** A resource of one side of the change, as the analysis reads it. */
export interface ChangeResource {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly parent?: string;
    /** Inputs: unknowns as UNKNOWN, secrets as "[secret]", resource references as URNs. */
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** Everything its step waits for: dependsOn plus the resources its inputs come from. */
    readonly dependencies: readonly string[];
    readonly deleteBeforeReplace: boolean;
    readonly importId?: string;
    readonly ignoreChanges: readonly string[];
    /** The resource outlives the program (a delete only forgets it): adopted Droplets. */
    readonly retainOnDelete?: boolean;
}

/** A wire value (capture.ts) as the analysis reads it. */
export function analysisValue(value: unknown): unknown {
    if (value === UNKNOWN_VALUE || value === "[unknown]") {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(analysisValue);
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
        return "[secret]";
    }
    if (record[SIG_KEY] === RESOURCE_SIG) {
        return record.urn;
    }
    // A stack export's secret: { <sig>: <secret sig>, ciphertext }.
    if (typeof record.ciphertext === "string" && record[SIG_KEY] !== undefined) {
        return "[secret]";
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, analysisValue(v)]));
}

export function changeResourcesOfRegistrations(registrations: readonly Registration[]): ChangeResource[] {
    return registrations.map((r) => ({
        urn: r.urn,
        type: r.type,
        custom: r.custom,
        parent: r.parent,
        inputs: analysisValue(r.inputs) as Record<string, unknown>,
        // The id the provider answered is how other resources refer to this one.
        outputs: { ...(analysisValue(r.outputs) as Record<string, unknown>), ...(r.id === undefined ? {} : { id: r.id }) },
        propertyDependencies: r.propertyDependencies,
        dependencies: r.options.dependsOn,
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        importId: r.options.importId,
        ignoreChanges: r.options.ignoreChanges,
        retainOnDelete: r.options.retainOnDelete,
    }));
}

// ---------------------------------------------------------------------------

export type FindingLevel =
    /** The change drops requests or fails the run on a path the plan can see: the plan exits 1. */
    | "unsafe"
    /** Safe only if something the plan cannot see holds: shown, the plan goes on. */
    | "precondition";

export interface ChangeFinding {
    /** Which invariant: share-unserved, dependency-lost, drained-too-soon, droplets-down-together, traffic-misreported, runbook-*, database-* (./change-safety-database.ts). */
    readonly rule: string;
    readonly level: FindingLevel;
    /** The hostname, service or resource it is about. */
    readonly subject: string;
    /** When it happens: the step and the window. */
    readonly when: string;
    /** What breaks. */
    readonly breaks: string;
    /** How to make the same change safely: keys in order, or the `up`s to run. */
    readonly safeSequence: readonly string[];
}

export interface ChangeSafety {
    /** What the change was judged against. */
    readonly against: string;
    /** Steps a real `pulumi up` runs for the change. */
    readonly steps: number;
    readonly findings: readonly ChangeFinding[];
}

/** A hostname's traffic as the program reports it (the `traffic` stack output). */
export interface TrafficClaim {
    readonly service: string;
    readonly hostname: string;
    readonly phase?: string;
    readonly split: { readonly legacyPercent: number; readonly fargatePercent: number; readonly canaryPercent: number };
    readonly steps: readonly number[];
    /** Sides whose record stays at weight 0 as a standby (Route 53 answers with it when every other side fails). */
    readonly standby?: readonly ("legacy" | "fargate")[];
}

export interface ChangeSafetyInput {
    /** What the change is judged against, in words. */
    readonly against: string;
    readonly base: readonly ChangeResource[];
    readonly head: readonly ChangeResource[];
    /** Per head URN, the base URN it matches (its own, or an alias), from the plan diff; absent: matched by URN. */
    readonly matches?: ReadonlyMap<string, string>;
    /** Per head URN, the operation; absent: derived (create, import, same by equal inputs, else update). */
    readonly ops?: ReadonlyMap<string, ChangeOp>;
    /** Imported resources as they run today (inputs by URN), where that differs from the program's inputs. */
    readonly asFound?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
    readonly baseTraffic?: readonly TrafficClaim[];
    readonly headTraffic: readonly TrafficClaim[];
    /** What the base and the head say of the databases moving to RDS (the `databases` stack output). */
    readonly baseDatabases?: readonly DatabaseClaim[];
    readonly headDatabases?: readonly DatabaseClaim[];
    readonly environment: string;
    readonly advice: AdviceContext;
}

export interface Versions {
    readonly op: ChangeOp;
    readonly urn: string;
    readonly type: string;
    readonly base?: Version;
    readonly head?: Version;
    readonly deleteBeforeReplace: boolean;
}

function versionOf(r: ChangeResource, inputs: Readonly<Record<string, unknown>> = r.inputs): Version {
    return { urn: r.urn, type: r.type, inputs, outputs: r.outputs, propertyDependencies: r.propertyDependencies };
}

/** The head's inputs as the engine sends them: ignored properties keep the base's values. */
function withIgnoredChanges(head: ChangeResource, base: ChangeResource | undefined): Record<string, unknown> {
    if (base === undefined || head.ignoreChanges.length === 0) {
        return { ...head.inputs };
    }
    const inputs = { ...head.inputs };
    for (const path of head.ignoreChanges) {
        const top = /^[^.[]+/.exec(path)?.[0] ?? path;
        if (top === path) {
            if (top in base.inputs) {
                inputs[top] = base.inputs[top];
            } else {
                delete inputs[top];
            }
        }
    }
    return inputs;
}

function sameInputs(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** Pairs base and head resources with their operation. */
function pairUp(input: ChangeSafetyInput): Versions[] {
    const baseByUrn = new Map(input.base.map((r) => [r.urn, r]));
    const matchedBase = new Set<string>();
    const result: Versions[] = [];
    for (const h of input.head) {
        const baseUrn = input.matches?.get(h.urn) ?? (baseByUrn.has(h.urn) ? h.urn : undefined);
        const b = baseUrn === undefined ? undefined : baseByUrn.get(baseUrn);
        if (b !== undefined) {
            matchedBase.add(b.urn);
        }
        const headInputs = withIgnoredChanges(h, b);
        let op = input.ops?.get(h.urn);
        if (op === undefined) {
            op = b === undefined ? (h.importId !== undefined ? "import" : "create") : sameInputs(b.inputs, headInputs) ? "same" : "update";
        }
        result.push({
            op, urn: h.urn, type: h.type, deleteBeforeReplace: h.deleteBeforeReplace,
            base: b === undefined ? undefined : versionOf(b),
            head: versionOf(h, headInputs),
        });
    }
    for (const b of input.base) {
        if (!matchedBase.has(b.urn)) {
            result.push({ op: "delete", urn: b.urn, type: b.type, deleteBeforeReplace: false, base: versionOf(b) });
        }
    }
    return result;
}

function resourceChanges(input: ChangeSafetyInput, versions: readonly Versions[]): ResourceChange[] {
    const head = new Map(input.head.map((r) => [r.urn, r]));
    const base = new Map(input.base.map((r) => [r.urn, r]));
    return versions.map((v) => {
        const h = head.get(v.urn);
        const b = base.get(v.base?.urn ?? v.urn);
        const custom = (h ?? b)!.custom;
        return {
            urn: v.urn, type: v.type, op: v.op, custom,
            parent: (h ?? b)!.parent,
            dependencies: h?.dependencies ?? [],
            baseDependencies: b?.dependencies ?? [],
            deleteBeforeReplace: v.deleteBeforeReplace,
        };
    });
}

/** Step ids by version and kind, made once: worldAt asks for them at every moment of the change. */
const stepIdsOf = new WeakMap<Versions, Map<string, string>>();

function versionStepId(v: Versions, kind: Parameters<typeof stepId>[0]): string {
    let ids = stepIdsOf.get(v);
    if (ids === undefined) {
        stepIdsOf.set(v, ids = new Map());
    }
    let id = ids.get(kind);
    if (id === undefined) {
        ids.set(kind, id = stepId(kind, v.urn));
    }
    return id;
}

/** The world at one moment: which version of each resource exists, and which steps are running. */
export function worldAt(versions: readonly Versions[], asFound: ReadonlyMap<string, Readonly<Record<string, unknown>>>, done: ReadonlySet<string>, running: ReadonlySet<string>): World {
    const world: Entry[] = [];
    let current: Versions;
    const state = (kind: Parameters<typeof stepId>[0], _urn: string) => {
        const id = versionStepId(current, kind);
        return done.has(id) ? "done" : running.has(id) ? "running" : "pending";
    };
    for (const v of versions) {
        current = v;
        switch (v.op) {
            case "same":
                world.push({ key: v.urn, version: v.head ?? v.base!, presence: "steady", newInChange: false });
                break;
            case "create": {
                const s = state("create", v.urn);
                if (s !== "pending") {
                    world.push({ key: v.urn, version: v.head!, presence: s === "done" ? "steady" : "creating", newInChange: true });
                }
                break;
            }
            case "import": {
                const found = asFound.get(v.urn);
                const before: Version = found === undefined ? v.head! : { ...v.head!, inputs: found };
                const s = state("import", v.urn);
                world.push(s === "done" ? { key: v.urn, version: v.head!, presence: "steady", newInChange: false }
                    : s === "running" ? { key: v.urn, version: v.head!, previous: before, presence: "updating", newInChange: false }
                        : { key: v.urn, version: before, presence: "steady", newInChange: false });
                break;
            }
            case "update": {
                const s = state("update", v.urn);
                world.push(s === "done" ? { key: v.urn, version: v.head!, presence: "steady", newInChange: false }
                    : s === "running" ? { key: v.urn, version: v.head!, previous: v.base!, presence: "updating", newInChange: false }
                        : { key: v.urn, version: v.base!, presence: "steady", newInChange: false });
                break;
            }
            case "replace": {
                const created = state("create-replacement", v.urn);
                const deleted = state("delete-replaced", v.urn);
                if (deleted !== "done") {
                    world.push({ key: `${v.urn}#old`, version: v.base!, presence: deleted === "running" ? "deleting" : "steady", newInChange: false });
                }
                if (created !== "pending") {
                    world.push({ key: v.urn, version: v.head!, presence: created === "done" ? "steady" : "creating", newInChange: true });
                }
                break;
            }
            case "delete": {
                const s = state("delete", v.urn);
                if (s !== "done") {
                    world.push({ key: v.urn, version: v.base!, presence: s === "running" ? "deleting" : "steady", newInChange: false });
                }
                break;
            }
        }
    }
    return world;
}

function stepLabel(step: Step): string {
    const name = step.urn.split("::").pop();
    const type = step.type.split(":").pop();
    return `${step.kind} of ${name} (${type})`;
}

/** One moment of the change: steps done, steps running. */
export interface Moment {
    readonly done: ReadonlySet<string>;
    readonly running: ReadonlySet<string>;
}

/**
 * For each step, the moments just before, during and just after it, both as
 * early and as late as the engine may run it: a problem that is absent
 * before and present during or after is that step's doing.
 */
export function stepMoments(graph: StepGraph, step: Step): { readonly early: readonly [Moment, Moment, Moment]; readonly late: readonly [Moment, Moment, Moment] } {
    const ancestors = graph.ancestors(step.id).map((s) => s.id);
    const descendants = new Set(graph.descendants(step.id).map((s) => s.id));
    const others = graph.steps.map((s) => s.id).filter((id) => id !== step.id && !descendants.has(id));
    const none = new Set<string>();
    const running = new Set([step.id]);
    return {
        early: [{ done: new Set(ancestors), running: none }, { done: new Set(ancestors), running }, { done: new Set([...ancestors, step.id]), running: none }],
        late: [{ done: new Set(others), running: none }, { done: new Set(others), running }, { done: new Set([...others, step.id]), running: none }],
    };
}

/** The earliest step after which the problem `step` caused is gone, if any. */
function fixingStep(graph: StepGraph, step: Step, key: string, problemsAt: (m: Moment) => Problem[]): Step | undefined {
    const base = new Set([...graph.ancestors(step.id).map((s) => s.id), step.id]);
    let best: { step: Step; size: number } | undefined;
    for (const candidate of graph.steps) {
        if (base.has(candidate.id) || graph.precedes(candidate.id, step.id)) {
            continue;
        }
        const done = new Set([...base, ...graph.ancestors(candidate.id).map((s) => s.id), candidate.id]);
        if (best !== undefined && done.size >= best.size) {
            continue;
        }
        if (!problemsAt({ done, running: new Set() }).some((p) => p.key === key)) {
            best = { step: candidate, size: done.size };
        }
    }
    return best?.step;
}

/** Judges a change; findings are in the order a reader fixes them (unsafe first). */
/** A change as the analysis models it: the versions, the engine's step graph, and what the base served. */
export interface ChangeModel {
    readonly graph: StepGraph;
    readonly demand: Demand;
    /** The world at one moment: steps done, steps running. */
    readonly worldAt: (m: Moment) => World;
    /** The problems of one moment (the base's own excluded by the caller, by key). */
    readonly problemsAt: (m: Moment) => Problem[];
    /** Keys of the problems the base already had. */
    readonly known: ReadonlySet<string>;
    /** Update and import steps that resize a Droplet, by Droplet URN. */
    readonly resizes: ReadonlyMap<string, string>;
}

export function changeModel(input: ChangeSafetyInput): ChangeModel & { readonly versions: readonly Versions[]; readonly baseWorld: World; readonly running: ReadonlySet<string>; readonly stoppedBefore: ReadonlySet<string> } {
    const versions = pairUp(input);
    const graph = buildStepGraph(resourceChanges(input, versions));
    const asFound = input.asFound ?? new Map();
    const baseWorld = worldAt(versions, asFound, new Set(), new Set());
    const adopted = new Set(versions.filter((v) => v.op === "import" && v.type === TYPES.droplet).map((v) => v.urn));
    const demand = demandOf(baseWorld, { adopted });
    // Adopted worker Droplets that leave the program outlive it: the operator stops them before the run.
    const stoppedBefore = retainedWorkerDroplets(input, versions);
    const running = runningWorkers(baseWorld);
    const known = new Set([...servingProblems(baseWorld, demand), ...dependencyProblems(baseWorld, demand), ...ownershipProblems(baseWorld, running)].map((p) => p.key));
    const at = (m: Moment) => worldAt(versions, asFound, m.done, m.running);
    const problemsAt = (m: Moment): Problem[] => {
        const world = at(m);
        return [...servingProblems(world, demand), ...dependencyProblems(world, demand), ...ownershipProblems(world, running, stoppedBefore)];
    };
    const resizes = new Map<string, string>();
    for (const v of versions.filter((x) => x.type === TYPES.droplet && (x.op === "update" || x.op === "import") && x.head !== undefined)) {
        const before = v.op === "import" ? (asFound.get(v.urn)?.size ?? v.head!.inputs.size) : v.base?.inputs.size;
        if (before !== v.head!.inputs.size) {
            resizes.set(v.urn, stepId(v.op === "import" ? "import" : "update", v.urn));
        }
    }
    return { versions, graph, demand, worldAt: at, problemsAt, known, resizes, baseWorld, running, stoppedBefore };
}

export function analyzeChange(input: ChangeSafetyInput): ChangeSafety {
    const { versions, graph, demand, problemsAt, known: baseKnown, baseWorld, running, stoppedBefore } = changeModel(input);
    const known = new Set(baseKnown);
    const asFound = input.asFound ?? new Map();
    const findings: ChangeFinding[] = [];
    const live = demand.hostnames.size > 0 || demand.access.length > 0 || demand.liveDroplets.size > 0 || running.size > 0
        || baseWorld.some((e) => e.version.type === OWNERSHIP_TYPES.schedule);
    // What the operator's stops before the run break, before any step.
    for (const problem of problemsAt({ done: new Set(), running: new Set() })) {
        if (!known.has(problem.key)) {
            known.add(problem.key);
            findings.push({ rule: problem.kind, level: "unsafe", subject: problem.subject, when: "from the start of the run (the adopted Droplets that leave are stopped before it)", breaks: problem.message, safeSequence: adviceFor({ problem, graph, versions, context: input.advice }) });
        }
    }
    // Caused problems by key: the step, whether while it runs or once done, and the problem as seen then.
    const caused = new Map<string, { step: Step; during: boolean; problem: Problem }>();
    if (live) {
        for (const step of graph.steps) {
            const { early, late } = stepMoments(graph, step);
            for (const [before, during, after] of [early, late]) {
                const was = new Set(problemsAt(before).map((p) => p.key));
                for (const [moment, isDuring] of [[during, true], [after, false]] as const) {
                    for (const problem of problemsAt(moment)) {
                        if (!known.has(problem.key) && !was.has(problem.key) && !caused.has(problem.key)) {
                            caused.set(problem.key, { step, during: isDuring, problem });
                        }
                    }
                }
            }
        }
    }
    const end = problemsAt({ done: new Set(graph.steps.map((s) => s.id)), running: new Set() });
    for (const problem of end) {
        if (!known.has(problem.key) && !caused.has(problem.key)) {
            findings.push({ rule: problem.kind, level: "unsafe", subject: problem.subject, when: "at the end of the run", breaks: problem.message, safeSequence: adviceFor({ problem, graph, versions, context: input.advice }) });
        }
    }
    for (const { step, during, problem } of caused.values()) {
        const fixer = fixingStep(graph, step, problem.key, problemsAt);
        const stays = end.some((p) => p.key === problem.key);
        const until = fixer !== undefined ? `until ${stepLabel(fixer)} is done` : stays ? "and after the run" : "until the step after it";
        const when = during ? `from the start of ${stepLabel(step)}, ${until}` : `once ${stepLabel(step)} is done, ${until}`;
        findings.push({ rule: problem.kind, level: "unsafe", subject: problem.subject, when, breaks: problem.message, safeSequence: adviceFor({ problem, step, graph, versions, context: input.advice }) });
    }
    findings.push(...dropletResizeFindings(graph, versions, baseWorld, demand, input));
    findings.push(...drainFindings(versions, asFound, graph, demand, input));
    findings.push(...truthFindings(worldAt(versions, asFound, new Set(graph.steps.map((s) => s.id)), new Set()), input));
    findings.push(...runbookFindings(input));
    findings.push(...preconditionFindings(versions, demand));
    findings.push(...handoverPreconditions(input, versions, stoppedBefore));
    findings.push(...databaseFindings({ baseWorld, endWorld: worldAt(versions, asFound, new Set(graph.steps.map((s) => s.id)), new Set()), base: input.baseDatabases, head: input.headDatabases ?? [], advice: {
        ...input.advice,
        databaseIndex: (name) => { const i = input.advice.databases?.indexOf(name) ?? -1; return i < 0 ? undefined : i; },
        retained: new Set(input.head.filter((r) => r.retainOnDelete === true).map((r) => r.urn)),
    } }));
    return { against: input.against, steps: graph.steps.length, findings };
}

/** Worker Droplets deleted from a program they outlive (retainOnDelete): their worker must be stopped by hand. */
function retainedWorkerDroplets(input: ChangeSafetyInput, versions: readonly Versions[]): Set<string> {
    const base = new Map(input.base.map((r) => [r.urn, r]));
    return new Set(versions.filter((v) => v.op === "delete" && v.type === TYPES.droplet && base.get(v.urn)?.retainOnDelete === true
        && asTags(v.base?.inputs.tags).includes("workload:worker")).map((v) => v.urn));
}

function asTags(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string") : [];
}

/**
 * What the program cannot do itself at a handover, said where it must
 * happen: stop the worker on Droplets that outlive the program, remove (or
 * restore) a job's crontab line when its owner flips. Shown, never fatal:
 * the plan cannot see a Droplet's processes or its crontab.
 */
function handoverPreconditions(input: ChangeSafetyInput, versions: readonly Versions[], stoppedBefore: ReadonlySet<string>): ChangeFinding[] {
    const findings: ChangeFinding[] = [];
    const advice = (kind: string, subject: string, message: string, causes: readonly string[]) =>
        adviceFor({ problem: { kind: kind as Problem["kind"], subject, message, causes }, versions, context: input.advice });
    for (const urn of stoppedBefore) {
        const v = versions.find((x) => x.urn === urn)!;
        const worker = asTags(v.base?.inputs.tags).find((t) => t.startsWith("service:"))?.slice("service:".length) ?? "the worker";
        const name = String(v.base?.inputs.name ?? urn.split("::").pop());
        findings.push({
            rule: "worker-legacy-retained", level: "precondition", subject: worker, when: "before this up",
            breaks: `the Droplet ${name} leaves the program but keeps running (adopted, retainOnDelete): until its ${worker} process is stopped it keeps consuming, beside Fargate`,
            safeSequence: advice("worker-legacy-retained", worker, name, [urn]),
        });
    }
    for (const v of versions.filter((x) => x.type === OWNERSHIP_TYPES.schedule && x.head !== undefined)) {
        const entry = (version: Version) => ({ key: v.urn, version, presence: "steady" as const, newInChange: false });
        const before = v.base === undefined ? undefined : scheduleOwner(entry(v.base));
        const after = scheduleOwner(entry(v.head!));
        const enabledAfter = scheduleRuns(entry(v.head!));
        const job = input.advice.serviceOf(v.urn) ?? v.urn.split("::").pop()!;
        // A new job with no crontab line in config never had one to remove.
        if (after === "fargate" && enabledAfter && before !== "fargate" && (before !== undefined || input.advice.crontabs?.[job] !== undefined)) {
            findings.push({
                rule: "job-crontab-flip", level: "precondition", subject: job, when: before === undefined ? "once this up has created the schedule" : "right after this up (it enables the schedule)",
                breaks: `${job} runs on EventBridge Scheduler from this up: if the Droplets' crontab still has its line, both run it`,
                safeSequence: advice("job-crontab-flip", job, "remove", [v.urn]),
            });
        } else if (before === "fargate" && after === "legacy") {
            findings.push({
                rule: "job-crontab-flip", level: "precondition", subject: job, when: "right after this up (it disables the schedule)",
                breaks: `${job} no longer runs on EventBridge Scheduler after this up: nothing runs it until its crontab line is back`,
                safeSequence: advice("job-crontab-flip", job, "restore", [v.urn]),
            });
        }
    }
    return findings;
}

/**
 * What only the live world can tell: a live DigitalOcean load balancer sent
 * to a new port reaches the Droplets only if their application already
 * listens there (the program does not deploy the Droplets' processes).
 */
function preconditionFindings(versions: readonly Versions[], demand: Demand): ChangeFinding[] {
    const live = new Set(demand.sides.flatMap((s) => (s.target.kind === "do-lb" ? [s.target.lb.version.urn] : [])));
    const ports = (v: Version | undefined) => [...new Set(asList(v?.inputs.forwardingRules).map((r) => asRecord(r)?.targetPort))].filter((p) => typeof p === "number").sort();
    return versions.filter((v) => v.type === TYPES.doLoadBalancer && v.op === "update" && live.has(v.urn) && JSON.stringify(ports(v.base)) !== JSON.stringify(ports(v.head))).map((v) => {
        const name = v.urn.split("::").pop()!;
        return {
            rule: "droplets-listen-on-new-port", level: "precondition" as const, subject: name,
            when: `the update of ${name}`,
            breaks: `${name} sends to port ${ports(v.head).join(", ")} instead of ${ports(v.base).join(", ")}: the Droplets behind it must already listen there, which the plan cannot see`,
            safeSequence: [`Before \`up\`, make the application on the Droplets listen on the new port as well as the old one, and check it: \`curl http://<Droplet private IP>:${ports(v.head).join(",")}<health path>\` from a Droplet of the VPC.`],
        };
    });
}

/**
 * No Droplet set of a live service may go down at once. A resize powers a
 * Droplet off for its step, and it rejoins its load balancer only after the
 * balancer's health check passes (healthy_threshold checks), which no step
 * waits for: a set of N Droplets whose resizes may run w at a time has at
 * worst min(resized, 2w) out of rotation.
 */
function dropletResizeFindings(graph: StepGraph, versions: readonly Versions[], baseWorld: World, demand: Demand, input: ChangeSafetyInput): ChangeFinding[] {
    const findings: ChangeFinding[] = [];
    const byUrn = new Map(versions.map((v) => [v.urn, v]));
    for (const { lb, droplets } of dropletSets(baseWorld).values()) {
        const live = droplets.filter((d) => demand.liveDroplets.has(d.version.urn));
        if (live.length === 0) {
            continue;
        }
        const resized = live.flatMap((d) => {
            const v = byUrn.get(d.version.urn);
            const kind = v?.op === "update" ? "update" : v?.op === "import" ? "import" : undefined;
            const before = v?.op === "import" ? (input.asFound?.get(v.urn)?.size ?? v.head?.inputs.size) : v?.base?.inputs.size;
            return kind !== undefined && v?.head !== undefined && before !== v.head.inputs.size ? [stepId(kind, v.urn)] : [];
        });
        if (resized.length === 0) {
            continue;
        }
        const width = graph.width(resized);
        const out = Math.min(resized.length, 2 * width);
        if (live.length - out >= 1) {
            continue;
        }
        const name = lb.version.urn.split("::").pop()!;
        findings.push({
            rule: "droplets-down-together", level: "unsafe", subject: name,
            when: width === resized.length ? `the ${resized.length} resizes run at the same time` : `the resizes run ${width} at a time, and each Droplet rejoins the load balancer only after its health check passes`,
            breaks: `every Droplet behind ${name} can be out of rotation at once (${live.length} Droplet${live.length === 1 ? "" : "s"}, ${resized.length} resized: a resize powers the Droplet off)`,
            safeSequence: adviceFor({ problem: { kind: "droplets-down-together", subject: name, message: "", causes: resized.map((id) => graph.step(id).urn) }, graph, versions, context: input.advice }),
        });
    }
    return findings;
}

/**
 * A side that loses its share must keep serving until cached answers expire
 * (the record's TTL after the change is in sync): removing the share and the
 * capacity behind it in one `up` leaves resolvers sending clients to nothing.
 */
function drainFindings(versions: readonly Versions[], asFound: ReadonlyMap<string, Readonly<Record<string, unknown>>>, graph: StepGraph, demand: Demand, input: ChangeSafetyInput): ChangeFinding[] {
    const end = worldAt(versions, asFound, new Set(graph.steps.map((s) => s.id)), new Set());
    const groups = new Map(dnsGroups(end).map((g) => [g.hostname, g]));
    const findings: ChangeFinding[] = [];
    for (const side of demand.sides) {
        const group = groups.get(side.hostname);
        const targetUrn = side.target.kind === "alb" ? side.target.alb.version.urn : side.target.kind === "do-lb" ? side.target.lb.version.urn : undefined;
        if (targetUrn === undefined) {
            continue;
        }
        const shares = group === undefined ? [] : routeShares(group.records);
        const stillSent = group?.records.some((r, i) => shares[i] > 0 && (r.target.kind === "alb" ? r.target.alb.version.urn : r.target.kind === "do-lb" ? r.target.lb.version.urn : "") === targetUrn) ?? false;
        if (stillSent) {
            continue;
        }
        const target = end.find((e) => e.version.urn === targetUrn && e.presence === "steady");
        const problem = target === undefined ? `${targetUrn.split("::").pop()} is deleted`
            : side.target.kind === "alb" ? albProblem(end, target, side.hostname) : doLoadBalancerProblem(end, target);
        if (problem === undefined) {
            continue;
        }
        findings.push({
            rule: "drained-too-soon", level: "unsafe", subject: side.hostname,
            when: "at the end of the run, while resolvers still hold the old answer (up to the record's TTL)",
            breaks: `${side.hostname} stops sending ${Math.round(side.share * 100)}% to ${targetUrn.split("::").pop()} in the same run that takes its capacity: ${problem}`,
            safeSequence: adviceFor({ problem: { kind: "drained-too-soon", subject: side.hostname, message: problem, causes: [targetUrn] }, graph, versions, context: input.advice }),
        });
    }
    return findings;
}

/** What the outputs say each hostname's traffic does must be what Route 53 does, standby included. */
function truthFindings(end: World, input: ChangeSafetyInput): ChangeFinding[] {
    const findings: ChangeFinding[] = [];
    for (const group of dnsGroups(end)) {
        const claim = input.headTraffic.find((t) => t.hostname === group.hostname);
        if (claim === undefined) {
            continue;
        }
        const shares = routeShares(group.records);
        const sideOf = (r: (typeof group.records)[number]) => (r.target.kind === "alb" ? "fargate" : r.target.kind === "do-lb" ? "legacy" : undefined);
        const percent = (side: string) => Math.round(100 * group.records.reduce((s, r, i) => s + (sideOf(r) === side ? shares[i] : 0), 0));
        const said = { legacy: claim.split.legacyPercent, fargate: claim.split.fargatePercent };
        const real = { legacy: percent("legacy"), fargate: percent("fargate") };
        const standby = [...new Set(group.records.filter((r, i) => shares[i] === 0 && r.weight === 0).map(sideOf).filter((s): s is "legacy" | "fargate" => s !== undefined))].sort();
        const claimedStandby = [...(claim.standby ?? [])].sort();
        const problems: string[] = [];
        if (said.legacy !== real.legacy || said.fargate !== real.fargate) {
            problems.push(`the outputs say legacy ${said.legacy}% / Fargate ${said.fargate}%, Route 53 answers legacy ${real.legacy}% / Fargate ${real.fargate}%`);
        }
        if (standby.join() !== claimedStandby.join()) {
            for (const side of standby.filter((s) => !claimedStandby.includes(s))) {
                const other = side === "fargate" ? "legacy" : "Fargate";
                problems.push(`${side === "fargate" ? "Fargate" : "legacy"}'s record stays at weight 0, so Route 53 sends all of ${group.hostname} to ${side === "fargate" ? "Fargate" : "the Droplets"} whenever ${other}'s health check fails, while the outputs ${claim.standby === undefined ? "name no standby" : `name ${claimedStandby.length === 0 ? "none" : claimedStandby.join(", ")} as standby`}`);
            }
            for (const side of claimedStandby.filter((s) => !standby.includes(s))) {
                problems.push(`the outputs name ${side} as standby, but no record of it stays at weight 0`);
            }
        }
        for (const p of problems) {
            findings.push({
                rule: "traffic-misreported", level: "unsafe", subject: group.hostname, when: "at the end of the run", breaks: p,
                safeSequence: adviceFor({ problem: { kind: "traffic-misreported", subject: group.hostname, message: p, causes: [] }, versions: [], context: input.advice }),
            });
        }
    }
    return findings;
}

/**
 * The runbook's rules of a change (docs/runbook.md): one traffic move at a
 * time (the DNS share or the canary, not both forward in one change), no
 * skipped rollout step forward in prod, and a cut-over hostname goes through
 * the import of its weighted records. Moving back is never held up.
 */
function runbookFindings(input: ChangeSafetyInput): ChangeFinding[] {
    const findings: ChangeFinding[] = [];
    for (const after of input.headTraffic) {
        const before = input.baseTraffic?.find((b) => b.hostname === after.hostname);
        if (before === undefined) {
            continue;
        }
        const dnsForward = after.split.fargatePercent > before.split.fargatePercent;
        const dnsMoved = after.split.fargatePercent !== before.split.fargatePercent;
        const canaryForward = after.split.canaryPercent > before.split.canaryPercent;
        const canaryMoved = after.split.canaryPercent !== before.split.canaryPercent;
        const subject = after.hostname;
        const advice = (kind: string, message: string) => adviceFor({ problem: { kind: kind as Problem["kind"], subject, message, causes: [] }, versions: [], context: input.advice, traffic: { before, after } });
        if (dnsMoved && canaryMoved && (dnsForward || canaryForward)) {
            findings.push({
                rule: "runbook-one-move", level: "unsafe", subject, when: "this change",
                breaks: `${subject} moves its DNS share (${before.split.fargatePercent}% → ${after.split.fargatePercent}%) and its canary (${before.split.canaryPercent}% → ${after.split.canaryPercent}%) in one change: an error rate that rises cannot be told apart (docs/runbook.md, phase 4)`,
                safeSequence: advice("runbook-one-move", ""),
            });
        }
        if (input.environment === "prod" && dnsForward) {
            const skipped = after.steps.filter((s) => s > before.split.fargatePercent && s < after.split.fargatePercent);
            if (skipped.length > 0) {
                findings.push({
                    rule: "runbook-no-skipped-step", level: "unsafe", subject, when: "this change",
                    breaks: `${subject} moves forward from ${before.split.fargatePercent}% to ${after.split.fargatePercent}%, skipping the declared step${skipped.length === 1 ? "" : "s"} ${skipped.map((s) => `${s}%`).join(", ")} in prod (docs/runbook.md, phase 4)`,
                    safeSequence: advice("runbook-no-skipped-step", String(skipped[0])),
                });
            }
        }
        if (before.phase === "cutover-pending" && after.phase === "weighted") {
            findings.push({
                rule: "runbook-import-weighted-records", level: "unsafe", subject, when: "the create of the weighted records",
                breaks: `${subject} leaves liveRecord without importWeightedRecords: the program creates the weighted records the cut-over batch already created, and Route 53 refuses them (or, if the batch has not run, beside the plain record) (docs/runbook.md, phase 2)`,
                safeSequence: advice("runbook-import-weighted-records", ""),
            });
        }
    }
    return findings;
}
