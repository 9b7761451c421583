// The traffic gate's judgement, a pure function of the signals read from
// AWS (./signals.ts): a hostname's next DNS step may be written only when the
// current step has run its bake time with every signal good. The clock of
// that bake starts at the latest of: the step's start (the release marker's
// last write, made by the `up` that applied the step), and the last time a
// signal came back to good (an alarm returning to OK, a deployment ending):
// a step that was bad for a while has not soaked cleanly since it started.
// Every refusal names the failing signal and since when.

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmSignal {
    readonly name: string;
    readonly state: AlarmState;
    /** When the alarm entered its state (StateUpdatedTimestamp). */
    readonly since: Date;
}

export interface HealthCheckSignal {
    /** "legacy" or "fargate <service>". */
    readonly side: string;
    readonly id: string;
    readonly healthy: boolean;
    /** When it turned unhealthy, when known (its alarm's state change), else the oldest failing observation. */
    readonly since?: Date;
}

export interface DeploymentSignal {
    readonly service: string;
    readonly id: string;
    /** ECS Deployment.rolloutState: COMPLETED, FAILED, IN_PROGRESS. */
    readonly rolloutState: string;
    /** PRIMARY, ACTIVE, INACTIVE. */
    readonly status: string;
    readonly createdAt: Date;
    readonly updatedAt: Date;
}

export interface Signals {
    /** When the current step started: the release marker's LastModifiedDate. */
    readonly stepStartedAt: Date;
    readonly alarms: readonly AlarmSignal[];
    readonly healthChecks: readonly HealthCheckSignal[];
    /** Deployments of every ECS service behind the hostname. */
    readonly deployments: readonly DeploymentSignal[];
}

export interface Failure {
    /** What failed: "alarm <name>", "health check <side>", "deployment <id> of <service>", "bake time". */
    readonly signal: string;
    readonly since: Date;
    readonly detail: string;
}

export type Verdict =
    | { readonly ok: true; readonly cleanSince: Date; readonly bakedMinutes: number }
    | { readonly ok: false; readonly failures: readonly Failure[] };

const minutes = (ms: number) => Math.floor(ms / 60_000);

export function iso(d: Date): string {
    return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Judges the signals at `now` against a bake time of `bakeMinutes`. */
export function judge(signals: Signals, bakeMinutes: number, now: Date): Verdict {
    const failures: Failure[] = [];
    for (const a of signals.alarms) {
        if (a.state === "ALARM") {
            failures.push({ signal: `alarm ${a.name}`, since: a.since, detail: `in ALARM since ${iso(a.since)}` });
        } else if (a.state === "INSUFFICIENT_DATA") {
            // The gate cannot tell a healthy revision from a silent one.
            failures.push({ signal: `alarm ${a.name}`, since: a.since, detail: `has had no data since ${iso(a.since)} (INSUFFICIENT_DATA): the gate cannot tell the signal is good` });
        }
    }
    for (const h of signals.healthChecks) {
        if (!h.healthy) {
            const since = h.since ?? now;
            failures.push({ signal: `health check ${h.side}`, since, detail: `Route 53 health check ${h.id} of the ${h.side} side is unhealthy${h.since === undefined ? "" : ` since ${iso(h.since)}`}` });
        }
    }
    for (const d of signals.deployments) {
        if (d.rolloutState === "IN_PROGRESS" || (d.status !== "PRIMARY" && d.status !== "INACTIVE")) {
            // An ACTIVE deployment is the old revision being replaced: since it stopped being the primary one.
            const since = d.status === "ACTIVE" ? d.updatedAt : d.createdAt;
            failures.push({ signal: `deployment ${d.id} of ${d.service}`, since, detail: `in progress since ${iso(since)} (${d.status}, ${d.rolloutState}): wait for ECS to finish or roll it back` });
        } else if (d.status === "PRIMARY" && d.rolloutState === "FAILED") {
            failures.push({ signal: `deployment ${d.id} of ${d.service}`, since: d.updatedAt, detail: `failed at ${iso(d.updatedAt)}: look at the service's events before moving traffic` });
        }
    }
    if (failures.length > 0) {
        return { ok: false, failures: failures.sort((a, b) => a.since.getTime() - b.since.getTime() || a.signal.localeCompare(b.signal)) };
    }
    // Every signal is good now; the clean period starts when the last one became good.
    const recoveries: [Date, string][] = [
        [signals.stepStartedAt, "the step started (release marker written)"],
        ...signals.alarms.map((a): [Date, string] => [a.since, `alarm ${a.name} returned to OK`]),
        ...signals.deployments.filter((d) => d.status === "PRIMARY").map((d): [Date, string] => [d.updatedAt, `deployment ${d.id} of ${d.service} ended`]),
    ];
    const [cleanSince, why] = recoveries.reduce((latest, r) => (r[0].getTime() > latest[0].getTime() ? r : latest));
    const baked = now.getTime() - cleanSince.getTime();
    if (baked < bakeMinutes * 60_000) {
        return {
            ok: false,
            failures: [{
                signal: "bake time",
                since: cleanSince,
                detail: `every signal is good only since ${iso(cleanSince)} (${why}): ${minutes(baked)} of ${bakeMinutes} minutes baked; next possible at ${iso(new Date(cleanSince.getTime() + bakeMinutes * 60_000))}`,
            }],
        };
    }
    return { ok: true, cleanSince, bakedMinutes: minutes(baked) };
}
