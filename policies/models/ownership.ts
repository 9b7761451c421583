// Who runs each worker and each scheduled job at one moment of a change: a
// pure model over the same worlds as ./serving.ts (which version of each
// resource exists, and which steps run). Every workload has exactly one owner
// at a time, or a deliberate overlap:
// - a worker's consumers are its Droplets (tagged workload:worker and
//   service:<name>) and its ECS service's tasks (tags workload=worker,
//   service=<name>, safe-to-run-twice, can-pause). Both sides consuming is an
//   overlap, refused unless the worker is safe to run twice; nobody consuming
//   is refused for a worker that cannot pause;
// - a scheduled job's AWS schedule runs it only when ENABLED, and its
//   description says who owns it (schedules take no tags): ENABLED while the
//   crontab owns it is two owners.
// Each side is counted twice: what may be consuming at the moment (an upper
// bound: tasks that start during a create, Droplets that boot) and what surely
// is (a lower bound: steady tasks of a service that waited for them, Droplets
// that were already running); an overlap needs both sides possible, a gap no
// side sure.
import { asList, asNumber, asRecord, asString } from "../lib/values";
import type { Entry, Problem, World } from "./serving";

export const OWNERSHIP_TYPES = {
    ecsService: "aws:ecs/service:Service",
    droplet: "digitalocean:index/droplet:Droplet",
    schedule: "aws:scheduler/schedule:Schedule",
} as const;

export interface WorkerSides {
    readonly worker: string;
    readonly safeToRunTwice: boolean;
    readonly canPause: boolean;
    /** Droplets that may be / surely are running it. */
    readonly legacy: { readonly maybe: number; readonly surely: number; readonly droplets: readonly string[] };
    /** Whether Fargate tasks may be / surely are running it. */
    readonly fargate: { readonly maybe: boolean; readonly surely: boolean; readonly service?: string };
}

function tagsOf(e: Entry): Record<string, unknown> {
    return asRecord(e.version.inputs.tags) ?? {};
}

function nameOf(e: Entry): string {
    return e.version.urn.split("::").pop() ?? e.version.urn;
}

/** The worker a Droplet runs, from its tags (workload:worker, service:<name>). */
function dropletWorker(e: Entry): string | undefined {
    const tags = asList(e.version.inputs.tags).filter((t): t is string => typeof t === "string");
    if (!tags.includes("workload:worker")) {
        return undefined;
    }
    return tags.find((t) => t.startsWith("service:"))?.slice("service:".length);
}

function desired(inputs: Readonly<Record<string, unknown>> | undefined): number {
    return asNumber(inputs?.desiredCount) ?? 0;
}

/**
 * Both sides of every worker of the world. `stoppedBefore` holds Droplets the
 * operator stops before the run (adopted Droplets that leave the program but
 * outlive it): they count as running nothing.
 */
export function workerSides(world: World, stoppedBefore: ReadonlySet<string> = new Set()): WorkerSides[] {
    const sides = new Map<string, { safe: boolean; pause: boolean; lMaybe: number; lSurely: number; droplets: string[]; fMaybe: boolean; fSurely: boolean; service?: string }>();
    const side = (worker: string) => {
        let s = sides.get(worker);
        if (s === undefined) {
            s = { safe: false, pause: true, lMaybe: 0, lSurely: 0, droplets: [], fMaybe: false, fSurely: false };
            sides.set(worker, s);
        }
        return s;
    };
    for (const e of world) {
        if (e.version.type === OWNERSHIP_TYPES.ecsService && asString(tagsOf(e).workload) === "worker") {
            const worker = asString(tagsOf(e).service);
            if (worker === undefined) {
                continue;
            }
            const s = side(worker);
            s.safe = asString(tagsOf(e)["safe-to-run-twice"]) === "true";
            s.pause = asString(tagsOf(e)["can-pause"]) !== "false";
            s.service = nameOf(e);
            const now = desired(e.version.inputs);
            const before = e.previous === undefined ? now : desired(e.previous.inputs);
            // A create or update starts tasks before it ends; a delete drains them until it ends.
            s.fMaybe ||= e.presence === "steady" ? now > 0 : Math.max(now, before) > 0;
            s.fSurely ||= e.presence === "steady" && now > 0 && e.version.inputs.waitForSteadyState === true;
        } else if (e.version.type === OWNERSHIP_TYPES.droplet) {
            const worker = dropletWorker(e);
            if (worker === undefined || stoppedBefore.has(e.version.urn)) {
                continue;
            }
            const s = side(worker);
            s.lMaybe += 1;
            s.droplets.push(nameOf(e));
            // A resize powers the Droplet off; a new one starts its worker when it has booted.
            const resized = e.presence === "updating" && e.previous !== undefined && e.previous.inputs.size !== e.version.inputs.size;
            if (e.presence === "steady" && !e.newInChange || (e.presence === "updating" && !resized)) {
                s.lSurely += 1;
            }
        }
    }
    return [...sides].map(([worker, s]) => ({
        worker, safeToRunTwice: s.safe, canPause: s.pause,
        legacy: { maybe: s.lMaybe, surely: s.lSurely, droplets: s.droplets },
        fargate: { maybe: s.fMaybe, surely: s.fSurely, ...(s.service === undefined ? {} : { service: s.service }) },
    }));
}

/** The owner a schedule's description states: "(owner: legacy" or "(owner: fargate". */
export function scheduleOwner(e: Entry): "legacy" | "fargate" | undefined {
    return /\(owner: (legacy|fargate)\b/.exec(asString(e.version.inputs.description) ?? "")?.[1] as "legacy" | "fargate" | undefined;
}

/** Whether a schedule runs its target at this moment: ENABLED (the default) and present. */
export function scheduleRuns(e: Entry): boolean {
    const present = e.presence !== "creating" && e.presence !== "deleting";
    return present && (asString(e.version.inputs.state) ?? "ENABLED") === "ENABLED";
}

/** Workers that must keep running across the change: those with a side running before it. */
export function runningWorkers(base: World, stoppedBefore: ReadonlySet<string> = new Set()): Set<string> {
    return new Set(workerSides(base, stoppedBefore).filter((s) => s.legacy.surely > 0 || s.fargate.surely).map((s) => s.worker));
}

/** Who-runs-what problems of one moment. */
export function ownershipProblems(world: World, running: ReadonlySet<string>, stoppedBefore: ReadonlySet<string> = new Set()): Problem[] {
    const problems: Problem[] = [];
    for (const s of workerSides(world, stoppedBefore)) {
        if (!s.safeToRunTwice && s.legacy.maybe > 0 && s.fargate.maybe) {
            problems.push({
                kind: "worker-overlap", key: `worker-overlap\u0000${s.worker}`, subject: s.worker,
                message: `worker ${s.worker} runs on both sides: ${s.legacy.maybe} Droplet${s.legacy.maybe === 1 ? "" : "s"} (${s.legacy.droplets.join(", ")}) and the Fargate service ${s.fargate.service}, and it is not safe to run twice`,
                causes: s.fargate.service === undefined ? [] : [s.fargate.service],
            });
        }
        if (!s.canPause && running.has(s.worker) && s.legacy.surely === 0 && !s.fargate.surely) {
            problems.push({
                kind: "worker-idle", key: `worker-idle\u0000${s.worker}`, subject: s.worker,
                message: `worker ${s.worker} runs nowhere: no Droplet surely runs it and no steady Fargate task does, and it cannot pause`,
                causes: s.fargate.service === undefined ? [] : [s.fargate.service],
            });
        }
    }
    for (const e of world.filter((x) => x.version.type === OWNERSHIP_TYPES.schedule)) {
        if (scheduleRuns(e) && scheduleOwner(e) === "legacy") {
            problems.push({
                kind: "job-two-owners", key: `job-two-owners\u0000${e.version.urn}`, subject: nameOf(e),
                message: `schedule ${asString(e.version.inputs.name) ?? nameOf(e)} is ENABLED while its description says the Droplets' crontab owns the job: both would run it`,
                causes: [e.version.urn],
            });
        }
    }
    return problems;
}
