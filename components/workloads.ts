// Who runs what, on which side: the `workers` and `jobs` stack outputs, as
// pure functions of config (known at preview). The plan's Workers and Jobs
// tables, and its --against handover, read them.
import type { JobConfig, WorkerConfig } from "./config";
import { scheduleState } from "./aws/scheduled-job";

export interface WorkerSummary {
    readonly name: string;
    /** The web service whose image it runs, if it is a process type of one. */
    readonly processOf: string | null;
    /** Droplets that run it (0 when its legacy side is off). */
    readonly legacyDroplets: number;
    readonly legacyMode: "create" | "adopt" | "none";
    /** Fargate task counts (null when it has no fargate part). */
    readonly fargate: { readonly desired: number; readonly min: number; readonly max: number } | null;
    /** The queue it consumes, as config names it (null when it scales on a metric or CPU/memory only). */
    readonly queue: string | null;
    /** How Fargate scales it, in words. */
    readonly scaling: string;
    readonly safeToRunTwice: boolean;
    readonly canPause: boolean;
}

export function workerSummary(worker: WorkerConfig): WorkerSummary {
    const legacy = worker.legacy;
    const droplets = !legacy.enabled ? 0 : legacy.mode === "create" ? legacy.count : legacy.droplets.length;
    const f = worker.fargate;
    const a = f?.autoscaling;
    const scaling = a === undefined ? "-"
        : a.max === 0 ? "off (max 0)"
            : [`cpu ${a.cpuTargetPercent}%`, `memory ${a.memoryTargetPercent}%`,
                ...(a.queue !== undefined ? [`${a.queue.messagesPerTask} messages/task`] : []),
                ...(a.metric !== undefined ? [`${a.metric.namespace}/${a.metric.name} ${a.metric.targetValue}`] : [])].join(", ");
    return {
        name: worker.name,
        processOf: worker.processOf ?? null,
        legacyDroplets: droplets,
        legacyMode: !legacy.enabled ? "none" : legacy.mode,
        fargate: f === undefined ? null : { desired: f.desiredCount, min: f.autoscaling.min, max: f.autoscaling.max },
        queue: a?.queue?.sqsQueueName ?? null,
        scaling,
        safeToRunTwice: worker.safeToRunTwice,
        canPause: worker.canPause,
    };
}

export interface JobSummary {
    readonly name: string;
    readonly schedule: string;
    readonly timezone: string;
    readonly owner: "legacy" | "fargate";
    /** The AWS schedule's state: ENABLED only when Fargate owns the job. */
    readonly scheduleState: "ENABLED" | "DISABLED";
    /** The crontab line on the Droplets, when config gives it. */
    readonly crontab: { readonly host: string; readonly line: string } | null;
    readonly maxRunMinutes: number;
}

export function jobSummary(job: JobConfig): JobSummary {
    return {
        name: job.name,
        schedule: job.schedule,
        timezone: job.timezone,
        owner: job.owner,
        scheduleState: scheduleState(job.owner),
        crontab: job.legacy === undefined ? null : { host: job.legacy.host, line: job.legacy.crontab },
        maxRunMinutes: job.fargate.maxRunMinutes,
    };
}
