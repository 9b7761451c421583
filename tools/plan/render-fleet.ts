// The plan's Workers and Jobs tables: who runs each worker on which side
// (Droplets and Fargate task counts, queue, scaling) and who owns each
// scheduled job (schedule, owner, next run, what flips), from the `workers`
// and `jobs` stack outputs; under --against, the handover of each.
import { nextRun, parseSchedule } from "../../components/config/schedule";
import type { JobSummary, WorkerSummary } from "../../components/workloads";

export interface Fleet {
    readonly workers: readonly WorkerSummary[];
    readonly jobs: readonly JobSummary[];
}

/** The fleet a plan's (or a saved plan's, or a state's) outputs report; empty for a stack older than workers. */
export function fleetOf(outputs: Readonly<Record<string, unknown>> | undefined): Fleet {
    return {
        workers: Array.isArray(outputs?.workers) ? outputs.workers as WorkerSummary[] : [],
        jobs: Array.isArray(outputs?.jobs) ? outputs.jobs as JobSummary[] : [],
    };
}

function fargateCell(w: WorkerSummary): string {
    return w.fargate === null ? "-" : `${w.fargate.desired} (${w.fargate.min}..${w.fargate.max})`;
}

export function workersTable(workers: readonly WorkerSummary[]): string[][] {
    return [
        ["Worker", "Image", "Legacy Droplets", "Fargate tasks (min..max)", "Queue", "Scaling", "Both sides at once"],
        ...workers.map((w) => [
            w.name,
            w.processOf === null ? "own" : `${w.processOf}'s`,
            w.legacyMode === "none" ? "0" : `${w.legacyDroplets} (${w.legacyMode === "adopt" ? "adopted" : "created"})`,
            fargateCell(w),
            w.queue ?? "-",
            w.scaling,
            w.safeToRunTwice ? "allowed" : `never${w.canPause ? " (pauses to move)" : " (cannot pause: no safe move)"}`,
        ]),
    ];
}

/** The next run in the schedule's zone, or why there is none to show. */
export function nextRunText(job: JobSummary, now: Date): string {
    const schedule = parseSchedule(job.schedule);
    if (typeof schedule === "string") {
        return "-";
    }
    const next = nextRun(schedule, job.timezone, now);
    const where = job.owner === "legacy" ? ` on ${job.crontab?.host ?? "the Droplets"} (if its crontab says the same)` : "";
    return next === undefined ? (schedule.kind === "rate" ? "from the schedule's creation" : "none") : `${next} ${job.timezone}${where}`;
}

/** What changing the owner of the job takes: the config key and the crontab line. */
export function flipText(job: JobSummary): string {
    if (job.owner === "legacy") {
        return `owner: fargate enables the schedule; then remove from ${job.crontab?.host ?? "the crontab"}: ${job.crontab?.line ?? "(no line in config)"}`;
    }
    return job.crontab === null
        ? "owner: legacy disables the schedule (give legacy.crontab to put the line back)"
        : `owner: legacy disables the schedule; then restore on ${job.crontab.host}: ${job.crontab.line}`;
}

export function jobsTable(jobs: readonly JobSummary[], now: Date): string[][] {
    return [
        ["Job", "Schedule", "Owner", "AWS schedule", "Next run", "What flips"],
        ...jobs.map((j) => [j.name, `${j.schedule} ${j.timezone}`, j.owner === "legacy" ? `legacy (${j.crontab?.host ?? "crontab"})` : "fargate", j.scheduleState, nextRunText(j, now), flipText(j)]),
    ];
}

/**
 * What a change does to each worker's and job's owner: count moves, owner
 * flips, and what the operator does that the program cannot (the crontab).
 */
export function handoverLines(before: Fleet, after: Fleet): string[] {
    const lines: string[] = [];
    for (const w of after.workers) {
        const b = before.workers.find((x) => x.name === w.name);
        if (b === undefined) {
            lines.push(`worker ${w.name} (new): Droplets ${w.legacyDroplets}, Fargate ${fargateCell(w)}`);
            continue;
        }
        const legacy = b.legacyDroplets !== w.legacyDroplets ? `Droplets ${b.legacyDroplets} → ${w.legacyDroplets}` : undefined;
        const fargate = fargateCell(b) !== fargateCell(w) ? `Fargate ${fargateCell(b)} → ${fargateCell(w)}` : undefined;
        if (legacy !== undefined || fargate !== undefined) {
            lines.push(`worker ${w.name}: ${[legacy, fargate].filter((x) => x !== undefined).join(", ")}`);
        }
    }
    for (const b of before.workers.filter((x) => !after.workers.some((w) => w.name === x.name))) {
        lines.push(`worker ${b.name} (removed): was Droplets ${b.legacyDroplets}, Fargate ${fargateCell(b)}`);
    }
    for (const j of after.jobs) {
        const b = before.jobs.find((x) => x.name === j.name);
        if (b === undefined) {
            lines.push(`job ${j.name} (new): owner ${j.owner}, AWS schedule ${j.scheduleState}`);
        } else if (b.owner !== j.owner) {
            const crontab = j.crontab === null ? "the crontab line (not in config)" : `on ${j.crontab.host}: ${j.crontab.line}`;
            lines.push(j.owner === "fargate"
                ? `job ${j.name}: owner legacy → fargate: the schedule is ENABLED by this up; remove the crontab line right after it ${crontab}`
                : `job ${j.name}: owner fargate → legacy: the schedule is DISABLED by this up; restore the crontab line right after it ${crontab}`);
        }
    }
    for (const b of before.jobs.filter((x) => !after.jobs.some((j) => j.name === x.name))) {
        lines.push(`job ${b.name} (removed): was owner ${b.owner}`);
    }
    return lines;
}

function columns(table: readonly string[][]): string[] {
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    return table.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
}

function markdownTable(table: readonly string[][]): string[] {
    const cell = (t: string) => t.replace(/\|/g, "\\|").replace(/\n/g, " ");
    return [`| ${table[0].join(" | ")} |`, `|${table[0].map(() => "---").join("|")}|`, ...table.slice(1).map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

/** The text sections (nothing when the stack has no worker and no job). */
export function fleetTextLines(fleet: Fleet, now: Date, before?: Fleet): string[] {
    const lines: string[] = [];
    if (fleet.workers.length > 0) {
        lines.push("", "Workers:", ...columns(workersTable(fleet.workers)).map((l) => `    ${l}`));
    }
    if (fleet.jobs.length > 0) {
        lines.push("", "Jobs:", ...columns(jobsTable(fleet.jobs, now)).map((l) => `    ${l}`));
    }
    if (before !== undefined) {
        const handover = handoverLines(before, fleet);
        if (handover.length > 0) {
            lines.push("", "Handover in this change:", ...handover.map((l) => `    ${l}`));
        }
    }
    return lines;
}

export function fleetMarkdown(fleet: Fleet, now: Date, before?: Fleet): string[] {
    const lines: string[] = [];
    if (fleet.workers.length > 0) {
        lines.push("#### Workers", "", ...markdownTable(workersTable(fleet.workers)), "");
    }
    if (fleet.jobs.length > 0) {
        lines.push("#### Jobs", "", ...markdownTable(jobsTable(fleet.jobs, now)), "");
    }
    const handover = before === undefined ? [] : handoverLines(before, fleet);
    if (handover.length > 0) {
        lines.push("#### Handover", "", ...handover.map((l) => `- ${l}`), "");
    }
    return lines;
}

export function fleetJson(fleet: Fleet, now: Date, before?: Fleet): Record<string, unknown> {
    return {
        workers: fleet.workers,
        jobs: fleet.jobs.map((j) => ({ ...j, nextRun: nextRunText(j, now), flip: flipText(j) })),
        ...(before === undefined ? {} : { handover: handoverLines(before, fleet) }),
    };
}
