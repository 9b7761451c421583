// The change-safety analysis of a database's move to RDS (tools/plan/
// change-safety.ts calls it once per change): what the database claims
// (the `databases` stack output of the base and the head) and what the
// cloud would do at the end of the run (policies/models/serving.ts):
// - database-phase-order: one phase per `up`, forward, or back from cutover
//   to replicate only; the cut-over needs the replication running before it;
// - database-not-in-sync: a task definition that newly reads a target's
//   credentials (its `url` key) needs a replication task that was running
//   into that target before the change: nothing else carries the data over;
// - database-legacy-writes: from cutover on, no Droplet that the source's
//   trusted sources admit may take requests (a share, or the weight-0
//   standby record Route 53 answers with when Fargate fails) or run a worker,
//   and no job that reads the database may be owned by a Droplet's crontab:
//   they would write to DigitalOcean, which nothing copies to RDS any more.
import { handoverSteps, phaseChangeProblem, phaseRank, type DatabasePhase, type LegacyWorkload } from "../../components/aws/database-plan";
import { UNKNOWN, asList, asRecord, asString } from "../../policies/lib/values";
import { OWNERSHIP_TYPES, scheduleOwner, workerSides } from "../../policies/models/ownership";
import { databaseAccess, dnsGroups, dropletSets, routeShares, type Entry, type World } from "../../policies/models/serving";
import type { ChangeFinding } from "./change-safety";

/** What the program says about a moving database (components/aws/database.ts DatabaseSummary), as the analysis reads it. */
export interface DatabaseClaim {
    readonly name: string;
    readonly phase: DatabasePhase;
    readonly source: { readonly clusterId: string };
    readonly replication: { readonly task: string; readonly running: boolean } | null;
    readonly services: readonly string[];
    readonly legacyWrites: boolean;
}

export interface DatabaseAdvice {
    readonly project: string;
    readonly stack: string;
    /** Index of each database in legacy.databases, by name (for config commands). */
    readonly databaseIndex: (name: string) => number | undefined;
}

/** What the legacy-writes findings read of config besides the world (tools/plan/change-advice.ts AdviceContext has it). */
export interface WriterAdvice extends DatabaseAdvice {
    readonly serviceOf: (urn: string) => string | undefined;
    /** Every services[] entry's name, in config order. */
    readonly services: readonly string[];
    readonly crontabs?: Readonly<Record<string, { readonly host: string; readonly line: string }>>;
    readonly stopCommands?: Readonly<Record<string, string>>;
    readonly workerCounts?: Readonly<Record<string, { readonly desired: number; readonly min: number; readonly max: number }>>;
    /** Droplets (URNs) that outlive the program (adopted, retainOnDelete). @default none */
    readonly retained?: ReadonlySet<string>;
}

function moveCommand(advice: DatabaseAdvice, name: string, key: string, value: string | boolean): string {
    const index = advice.databaseIndex(name);
    return `pulumi config set --path '${advice.project}:legacy.databases[${index ?? "<index>"}].move.${key}' ${value} --stack ${advice.stack}`;
}

const up = (advice: DatabaseAdvice) => `npm run up -- --stack ${advice.stack}`;

/** One phase per `up`, and the replication running before the cut-over. */
export function phaseOrderFindings(base: readonly DatabaseClaim[] | undefined, head: readonly DatabaseClaim[], advice: DatabaseAdvice): ChangeFinding[] {
    const findings: ChangeFinding[] = [];
    const names = [...new Set([...(base ?? []).map((d) => d.name), ...head.map((d) => d.name)])];
    for (const name of names) {
        const before = base?.find((d) => d.name === name);
        const after = head.find((d) => d.name === name);
        const problem = phaseChangeProblem(before?.phase, after?.phase);
        if (problem !== undefined) {
            findings.push({
                rule: "database-phase-order", level: "unsafe", subject: name, when: "this change",
                breaks: `database ${name} ${problem.problem}`,
                safeSequence: problem.first === "none"
                    ? [`Keep legacy.databases[].move of ${name}, and go one phase at a time.`]
                    : problem.first === before?.phase
                        ? [`Stay at ${before.phase}: \`${moveCommand(advice, name, "phase", before.phase)}\`. The way back from there is a new move (a replication from RDS), which this program does not build.`]
                        : [`One phase per \`up\`: \`${moveCommand(advice, name, "phase", problem.first)}\`, then \`${up(advice)}\`${problem.first === "cutover" ? " (after the cut-over procedure's checks: the plan's Database section prints them)" : ""}; then the next phase.`],
            });
            continue;
        }
        if (after?.phase === "cutover" && before?.phase === "replicate" && before.replication?.running !== true) {
            findings.push({
                rule: "database-phase-order", level: "unsafe", subject: name, when: "this change",
                breaks: `database ${name} cuts over while its replication task ${before.replication?.task ?? ""} was never started: the target has none of the source's data`,
                safeSequence: [
                    `Start the replication first: \`${moveCommand(advice, name, "replication.start", true)}\`, \`${up(advice)}\`, and wait for the full load (the plan's Database section prints the checks); then cut over.`,
                ],
            });
        }
    }
    return findings;
}

/** The secret ARN (without the ECS suffix) and JSON key of a container's valueFrom. */
function secretKeyOf(valueFrom: string): { readonly arn: string; readonly key: string } | undefined {
    const parts = valueFrom.split(":");
    return parts[2] === "secretsmanager" && parts.length > 7 ? { arn: parts.slice(0, 7).join(":"), key: parts[7] } : undefined;
}

/** Per task definition (URN), the Secrets Manager secrets whose `url` key its containers read. */
function urlReaders(world: World): Map<string, Set<string>> {
    const readers = new Map<string, Set<string>>();
    for (const e of world.filter((x) => x.version.type === "aws:ecs/taskDefinition:TaskDefinition" && x.presence !== "deleting")) {
        const text = asString(e.version.inputs.containerDefinitions);
        let containers: unknown[] = [];
        try {
            containers = text === undefined ? [] : JSON.parse(text) as unknown[];
        } catch {
            continue;
        }
        for (const c of containers) {
            for (const s of asList(asRecord(c)?.secrets)) {
                const ref = secretKeyOf(asString(asRecord(s)?.valueFrom) ?? "");
                if (ref !== undefined && ref.key === "url") {
                    readers.set(e.version.urn, new Set([...(readers.get(e.version.urn) ?? []), ref.arn]));
                }
            }
        }
    }
    return readers;
}

/** Secrets a started replication task writes into: its target endpoint's login secret. */
function syncedSecrets(world: World): Set<string> {
    const endpoints = world.filter((e) => e.version.type === "aws:dms/endpoint:Endpoint" && e.presence === "steady");
    const synced = new Set<string>();
    for (const task of world.filter((e) => e.version.type === "aws:dms/replicationTask:ReplicationTask" && e.presence === "steady" && !e.newInChange)) {
        if (task.version.inputs.startReplicationTask !== true) {
            continue;
        }
        const targetArn = task.version.inputs.targetEndpointArn;
        const target = endpoints.find((e) => (targetArn !== UNKNOWN && asString(e.version.outputs.endpointArn) === asString(targetArn))
            || (targetArn === UNKNOWN && (task.version.propertyDependencies.targetEndpointArn ?? []).includes(e.version.urn)));
        const secret = asString(target?.version.inputs.secretsManagerArn);
        if (secret !== undefined) {
            synced.add(secret);
        }
    }
    return synced;
}

/**
 * Task definitions that read a target's URL they did not read before, while
 * no replication was running into that target before the change.
 */
export function syncFindings(baseWorld: World, endWorld: World, advice: DatabaseAdvice, claims: readonly DatabaseClaim[]): ChangeFinding[] {
    const before = urlReaders(baseWorld);
    const synced = syncedSecrets(baseWorld);
    const findings: ChangeFinding[] = [];
    for (const [urn, secrets] of urlReaders(endWorld)) {
        for (const secret of secrets) {
            if (before.get(urn)?.has(secret) === true || synced.has(secret)) {
                continue;
            }
            const name = urn.split("::").pop()!;
            const database = claims.find((d) => secret.includes(`/database/${d.name}/`))?.name;
            findings.push({
                rule: "database-not-in-sync", level: "unsafe", subject: name, when: "once the task definition is registered and ECS starts its tasks",
                breaks: `${name} reads the RDS URL of ${database === undefined ? "a database" : `database ${database}`} (${secret.split(":").pop()}) before any replication was running into it: its tasks would start on a database without the source's data`,
                safeSequence: database === undefined
                    ? ["Point a service at an RDS target only through legacy.databases[].move, after its replicate phase ran with the replication started."]
                    : [
                        `Run the replicate phase first: \`${moveCommand(advice, database, "phase", "replicate")}\` with \`${moveCommand(advice, database, "replication.start", true)}\`, \`${up(advice)}\`, and wait for the full load;`,
                        "then the cut-over procedure the plan's Database section prints.",
                    ],
            });
        }
    }
    return findings;
}

/**
 * From cutover on (unless the claim says the Droplets write nowhere): the
 * Droplets the source's trusted sources admit take no request at the end of
 * the run, neither a share nor as the weight-0 standby.
 */
export function legacyWriteFindings(endWorld: World, head: readonly DatabaseClaim[], advice: WriterAdvice): ChangeFinding[] {
    const findings: ChangeFinding[] = [];
    const access = databaseAccess(endWorld);
    const sets = [...dropletSets(endWorld).values()];
    const groups = dnsGroups(endWorld);
    for (const claim of head) {
        if (phaseRank(claim.phase) < phaseRank("cutover") || !claim.legacyWrites) {
            continue;
        }
        const writers = new Set(access.filter((a) => a.cluster === claim.source.clusterId).map((a) => a.client));
        const reported = new Set<string>();
        for (const { lb, droplets } of sets) {
            const admitted = droplets.filter((d) => writers.has(d.version.urn));
            if (admitted.length === 0) {
                continue;
            }
            for (const group of groups) {
                const shares = routeShares(group.records);
                group.records.forEach((r, i) => {
                    if (r.target.kind !== "do-lb" || r.target.lb.version.urn !== lb.version.urn || reported.has(`${group.hostname}`)) {
                        return;
                    }
                    const how = shares[i] > 0 ? `take ${Math.round(shares[i] * 100)}% of ${group.hostname}` : r.weight === 0 ? `stand by for ${group.hostname} (weight 0: Route 53 sends them everything when Fargate fails)` : undefined;
                    if (how === undefined) {
                        return;
                    }
                    reported.add(group.hostname);
                    const service = advice.serviceOf(lb.version.urn);
                    const index = service === undefined ? -1 : advice.services.indexOf(service);
                    const key = (path: string) => `'${advice.project}:services[${index}].${path}'`;
                    findings.push({
                        rule: "database-legacy-writes", level: "unsafe", subject: group.hostname, when: "at the end of the run",
                        breaks: `database ${claim.name} is ${claim.phase}, but ${admitted.length} Droplet${admitted.length === 1 ? "" : "s"} its trusted sources admit (${admitted.map((d) => d.version.urn.split("::").pop()).join(", ")}) ${how}: they would write to DigitalOcean, where nothing copies their writes to RDS`,
                        safeSequence: [
                            "Take the Droplets out of the hostname first, one `up` each:",
                            ...(index < 0 ? [] : [
                                `1. \`pulumi config set --path ${key("traffic.fargatePercent")} 100 --stack ${advice.stack}\` (through the declared steps), \`${up(advice)}\`;`,
                                `2. drop legacy from \`traffic.standby\` (\`pulumi config set --path ${key("traffic.standby[0]")} fargate --stack ${advice.stack}\`), \`${up(advice)}\`;`,
                            ]),
                            `then cut over; or, if the Droplets write nowhere, \`${moveCommand(advice, claim.name, "legacyWrites", false)}\`.`,
                        ],
                    });
                });
            }
        }
        findings.push(...workloadWriteFindings(endWorld, claim, writers, advice));
    }
    return findings;
}

/** The tag a Droplet of a worker carries (components/legacy/worker.ts): service:<worker>, beside workload:worker. */
function workerOfDroplet(e: Entry): string | undefined {
    const tags = asList(e.version.inputs.tags).filter((t): t is string => typeof t === "string");
    return tags.includes("workload:worker") ? tags.find((t) => t.startsWith("service:"))?.slice("service:".length) : undefined;
}

const nameOf = (e: Entry) => e.version.urn.split("::").pop() ?? e.version.urn;

/** A handover as the numbered steps of a safe sequence, then the way out for Droplets that write nowhere. */
function handoverSequence(advice: WriterAdvice, claim: DatabaseClaim, w: LegacyWorkload): string[] {
    return [
        `Hand ${w.name} over to Fargate first, one \`up\` each:`,
        ...handoverSteps(advice, w).map((step, k) => `${k + 1}. ${step.what}: ${step.before === undefined ? "" : `first ${step.before}; `}${step.commands.map((c) => `\`${c}\``).join(", ")}, \`${up(advice)}\`${step.after === undefined ? "" : `; right after it, ${step.after}`};`),
        `then cut over; or, if the Droplets write nowhere, \`${moveCommand(advice, claim.name, "legacyWrites", false)}\`.`,
    ];
}

/**
 * Workers still on Droplets the source admits, and jobs reading the
 * database that a Droplet's crontab owns (their schedule says owner legacy),
 * at the end of the run of a phase on the target.
 */
function workloadWriteFindings(endWorld: World, claim: DatabaseClaim, writers: ReadonlySet<string>, advice: WriterAdvice): ChangeFinding[] {
    const findings: ChangeFinding[] = [];
    const sides = workerSides(endWorld);
    const byWorker = new Map<string, Entry[]>();
    for (const d of endWorld.filter((e) => writers.has(e.version.urn))) {
        const worker = workerOfDroplet(d);
        if (worker !== undefined) {
            byWorker.set(worker, [...(byWorker.get(worker) ?? []), d]);
        }
    }
    for (const [worker, droplets] of byWorker) {
        const side = sides.find((x) => x.worker === worker);
        const w: LegacyWorkload = {
            kind: "worker", index: advice.services.indexOf(worker), name: worker, droplets: droplets.length,
            retained: droplets.filter((d) => advice.retained?.has(d.version.urn) === true).map((d) => asString(d.version.inputs.name) ?? nameOf(d)),
            stopCommand: advice.stopCommands?.[worker], safeToRunTwice: side?.safeToRunTwice ?? false, canPause: side?.canPause ?? true,
            fargate: advice.workerCounts?.[worker] ?? { desired: 0, min: 0, max: 0 },
        };
        findings.push({
            rule: "database-legacy-writes", level: "unsafe", subject: worker, when: "at the end of the run",
            breaks: `database ${claim.name} is ${claim.phase}, but ${droplets.length} Droplet${droplets.length === 1 ? "" : "s"} its trusted sources admit (${droplets.map(nameOf).join(", ")}) still run${droplets.length === 1 ? "s" : ""} worker ${worker}: they would write to DigitalOcean, where nothing copies their writes to RDS`,
            safeSequence: handoverSequence(advice, claim, w),
        });
    }
    for (const schedule of endWorld.filter((e) => e.version.type === OWNERSHIP_TYPES.schedule && e.presence !== "deleting" && scheduleOwner(e) === "legacy")) {
        const job = advice.serviceOf(schedule.version.urn);
        if (job === undefined || !claim.services.includes(job)) {
            continue;
        }
        const crontab = advice.crontabs?.[job];
        findings.push({
            rule: "database-legacy-writes", level: "unsafe", subject: job, when: "at the end of the run",
            breaks: `database ${claim.name} is ${claim.phase}, but job ${job}, which reads it, is owned by the crontab on ${crontab?.host ?? "a Droplet"} (its schedule says owner legacy): its runs there would write to DigitalOcean, where nothing copies their writes to RDS`,
            safeSequence: handoverSequence(advice, claim, { kind: "job", index: advice.services.indexOf(job), name: job, host: crontab?.host, crontab: crontab?.line }),
        });
    }
    return findings;
}

/** Every database finding of a change. */
export function databaseFindings(input: {
    readonly baseWorld: World;
    readonly endWorld: World;
    readonly base?: readonly DatabaseClaim[];
    readonly head: readonly DatabaseClaim[];
    readonly advice: WriterAdvice;
}): ChangeFinding[] {
    return [
        ...phaseOrderFindings(input.base, input.head, input.advice),
        ...syncFindings(input.baseWorld, input.endWorld, input.advice, [...input.head, ...(input.base ?? [])]),
        ...legacyWriteFindings(input.endWorld, input.head, input.advice),
    ];
}
