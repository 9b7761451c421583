// Rules that span keys for the workloads that are not web services (workers,
// scheduled jobs, release tasks), read leniently from the raw input like
// validate.ts, so one run reports everything: whose image a process type
// runs, one owner per worker and per job, schedules AWS accepts.
import { field } from "./validate";
import { isTimeZone, parseSchedule, runGaps } from "./schedule";
import { show } from "./schema";

type Key = (path: readonly PropertyKey[]) => string;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

/** The kind a raw services[] entry says it is (web when it says none). */
export function kindOf(entry: unknown): string {
    return text(field(entry, "kind")) ?? "web";
}

/** Whether a raw worker's Droplets run it: legacy enabled (the default is off). */
export function legacyRuns(entry: unknown): boolean {
    const legacy = field(entry, "legacy");
    return legacy !== undefined && field(legacy, "enabled") !== false;
}

/** Whether a raw worker's Fargate side may run tasks (autoscaling.max above 0). */
export function fargateRuns(entry: unknown): boolean {
    return field(entry, "fargate") !== undefined && (num(field(entry, "fargate", "autoscaling", "max")) ?? 0) > 0;
}

export interface WorkloadChecks {
    readonly problems: readonly string[];
    readonly warnings: readonly string[];
}

export function workloadProblems(raw: Record<string, unknown>, key: Key): WorkloadChecks {
    const problems: string[] = [];
    const warnings: string[] = [];
    const services = list(raw.services);
    const at = (i: number, ...path: PropertyKey[]) => key(["services", i, ...path]);
    const webWithImage = new Set(services.filter((s) => kindOf(s) === "web" && field(s, "fargate") !== undefined)
        .map((s) => text(field(s, "name"))).filter((n): n is string => n !== undefined));
    services.forEach((entry, i) => {
        const kind = kindOf(entry);
        if (kind === "web") {
            return;
        }
        const name = text(field(entry, "name")) ?? `services[${i}]`;
        const processOf = text(field(entry, "processOf"));
        if (processOf !== undefined && !webWithImage.has(processOf)) {
            problems.push(`${at(i, "processOf")}: ${show(processOf)} is no web service with a fargate part; allowed ${[...webWithImage].join(", ") || "none (give fargate.image or fargate.imageTag instead)"}`);
        }
        if (kind === "worker") {
            const legacy = legacyRuns(entry);
            const fargate = fargateRuns(entry);
            if (legacy && fargate && field(entry, "safeToRunTwice") !== true) {
                problems.push(`${at(i, "fargate", "autoscaling", "max")}: ${show(field(entry, "fargate", "autoscaling", "max"))} lets Fargate run ${name} while its Droplets run it too; allowed 0 (with desiredCount and min 0) while legacy.enabled is true, or safeToRunTwice: true if ${name} may consume from both sides at once`);
            }
            if (!legacy && !fargate) {
                warnings.push(`${at(i)}: worker ${name} runs nowhere (no Droplets, and Fargate's autoscaling.max is 0 or it has no fargate part): its work waits until one side runs it.`);
            }
        }
        if (kind === "job") {
            const owner = text(field(entry, "owner"));
            if (owner === "legacy" && field(entry, "legacy") === undefined) {
                problems.push(`${at(i, "legacy")}: is required while owner is legacy; allowed { host: <the Droplet whose crontab runs it>, crontab: <the line as written there> } (the plan prints the line to remove when the owner flips)`);
            }
            const timezone = text(field(entry, "timezone")) ?? "UTC";
            if (!isTimeZone(timezone)) {
                problems.push(`${at(i, "timezone")}: ${show(timezone)} is not a time zone; allowed an IANA name such as UTC, Europe/Paris, America/New_York`);
            }
            const expression = text(field(entry, "schedule"));
            if (expression !== undefined && /^(cron|rate)\(/.test(expression)) {
                const schedule = parseSchedule(expression);
                if (typeof schedule === "string") {
                    problems.push(`${at(i, "schedule")}: ${schedule}`);
                } else {
                    const gaps = runGaps(schedule);
                    const maxRun = num(field(entry, "fargate", "maxRunMinutes")) ?? 60;
                    if (gaps !== undefined && maxRun * 60 > gaps.shortest) {
                        problems.push(`${at(i, "fargate", "maxRunMinutes")}: ${maxRun} minutes is longer than the ${gaps.shortest / 60} minutes between two runs of ${show(expression)}: two runs could overlap; allowed at most ${Math.floor(gaps.shortest / 60)}`);
                    }
                }
            }
        }
    });
    return { problems, warnings };
}
