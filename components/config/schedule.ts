// EventBridge Scheduler schedule expressions, as pure functions: what the
// service refuses, when a recurring schedule next runs (in its own time zone),
// and the shortest and longest gap between two runs (a run must end before
// the next starts; a "did not start" alarm must wait for the longest gap).
//
// Rules from the EventBridge Scheduler User Guide, "Schedule types on
// EventBridge Scheduler" (cron: six fields, minutes hours day-of-month month
// day-of-week year; "You can't specify the Day-of-month and Day-of-week
// fields in the same cron expression. If you specify a value or a * in one of
// the fields, you must use a ? in the other"; wildcards , - * ? / L W #;
// rate: "rate(value unit)", value a positive whole number, unit minute(s),
// hour(s), day(s), the singular for 1). Occurrences are computed by
// aws-cron-parser (UTC arithmetic on wall-clock fields).
import awsCronParser from "aws-cron-parser";

export type Schedule =
    | { readonly kind: "cron"; readonly fields: readonly string[] }
    | { readonly kind: "rate"; readonly value: number; readonly unit: "minute" | "hour" | "day" };

const MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT";

/** Per field: its name, range and the forms it takes. */
const FIELDS: readonly { readonly name: string; readonly min: number; readonly max: number; readonly names?: string; readonly special: RegExp }[] = [
    { name: "minutes", min: 0, max: 59, special: /^$/ },
    { name: "hours", min: 0, max: 23, special: /^$/ },
    { name: "day-of-month", min: 1, max: 31, special: /^(\?|L|LW|L-\d{1,2}|\d{1,2}W)$/ },
    { name: "month", min: 1, max: 12, names: MONTHS, special: /^$/ },
    { name: "day-of-week", min: 1, max: 7, names: DAYS, special: /^(\?|L|\d L|[1-7]L|[1-7]#[1-5])$/ },
    { name: "year", min: 1970, max: 2199, special: /^$/ },
];

function valueProblem(value: string, f: (typeof FIELDS)[number]): string | undefined {
    const upper = value.toUpperCase();
    const n = f.names !== undefined && new RegExp(`^(${f.names})$`).test(upper)
        ? f.names.split("|").indexOf(upper) + 1
        : /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isNaN(n)) {
        return `${JSON.stringify(value)} is not a ${f.name} value`;
    }
    return n < f.min || n > f.max ? `${value} is outside ${f.min}-${f.max}` : undefined;
}

function fieldProblem(text: string, f: (typeof FIELDS)[number]): string | undefined {
    if (f.special.test(text.toUpperCase())) {
        return undefined;
    }
    for (const part of text.split(",")) {
        const [range, step, extra] = part.split("/");
        if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) {
            return `${JSON.stringify(part)} has an invalid step`;
        }
        if (range === "*") {
            continue;
        }
        const bounds = range.split("-");
        if (bounds.length > 2 || bounds.some((b) => b === "")) {
            return `${JSON.stringify(part)} is not a value, a range or *`;
        }
        for (const b of bounds) {
            const problem = valueProblem(b, f);
            if (problem !== undefined) {
                return problem;
            }
        }
    }
    return undefined;
}

/** Parses a ScheduleExpression for a recurring schedule, or says what is wrong with it. */
export function parseSchedule(expression: string): Schedule | string {
    const rate = /^rate\(([1-9]\d*) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
    if (rate !== null) {
        const value = Number(rate[1]);
        const unit = rate[2].replace(/s$/, "") as "minute" | "hour" | "day";
        if ((value === 1) !== (rate[2] === unit)) {
            return `${JSON.stringify(expression)}: rate(${value} ${rate[2]}) is not valid; allowed rate(1 ${unit}) or rate(<n> ${unit}s)`;
        }
        return { kind: "rate", value, unit };
    }
    const cron = /^cron\((.*)\)$/.exec(expression);
    if (cron === null) {
        return `${JSON.stringify(expression)} is not valid; allowed cron(<6 fields>) or rate(<n> <unit>)`;
    }
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) {
        return `${JSON.stringify(expression)} has ${fields.length} fields; allowed 6: minutes hours day-of-month month day-of-week year`;
    }
    for (let i = 0; i < 6; i++) {
        const problem = fieldProblem(fields[i], FIELDS[i]);
        if (problem !== undefined) {
            return `${JSON.stringify(expression)}: ${FIELDS[i].name} ${problem}`;
        }
    }
    if ((fields[2] === "?") === (fields[4] === "?")) {
        return `${JSON.stringify(expression)}: day-of-month ${JSON.stringify(fields[2])} and day-of-week ${JSON.stringify(fields[4])}; allowed a ? in exactly one of them (EventBridge cannot take both)`;
    }
    return { kind: "cron", fields };
}

/** The wall-clock time in `timeZone` at `instant`, as a Date whose UTC fields are that wall time. */
export function wallClock(instant: Date, timeZone: string): Date {
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
        timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(instant).map((p) => [p.type, p.value]));
    return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)));
}

/** Whether the runtime knows the IANA time zone (Scheduler's ScheduleExpressionTimezone takes the same names). */
export function isTimeZone(name: string): boolean {
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: name });
        return true;
    } catch {
        return false;
    }
}

/**
 * The next run after `now`, as wall-clock time in the schedule's zone
 * ("2026-11-24 03:00"); undefined for a rate (it counts from the schedule's
 * creation, which the plan cannot know) or a cron with no run left.
 */
export function nextRun(schedule: Schedule, timeZone: string, now: Date): string | undefined {
    if (schedule.kind === "rate") {
        return undefined;
    }
    const next = awsCronParser.next(awsCronParser.parse(schedule.fields.join(" ")), wallClock(now, timeZone));
    return next === null ? undefined : next.toISOString().slice(0, 16).replace("T", " ");
}

const UNIT_SECONDS = { minute: 60, hour: 3600, day: 86400 } as const;
/** Runs looked at to find the gaps: a year of daily runs, a week of 5-minute ones. */
const SAMPLE_RUNS = 2000;

/**
 * The shortest and longest gap between two consecutive runs, seconds (over
 * the runs of a year from a fixed date, or SAMPLE_RUNS of them), or
 * undefined when the cron runs fewer than twice.
 */
export function runGaps(schedule: Schedule): { readonly shortest: number; readonly longest: number } | undefined {
    if (schedule.kind === "rate") {
        const every = schedule.value * UNIT_SECONDS[schedule.unit];
        return { shortest: every, longest: every };
    }
    const parsed = awsCronParser.parse(schedule.fields.join(" "));
    const start = new Date(Date.UTC(2026, 0, 1));
    const end = start.getTime() + 400 * 86400_000;
    let previous = awsCronParser.next(parsed, start);
    let shortest = Infinity;
    let longest = 0;
    for (let i = 0; previous !== null && i < SAMPLE_RUNS && previous.getTime() < end; i++) {
        const next = awsCronParser.next(parsed, previous);
        if (next === null) {
            break;
        }
        const gap = (next.getTime() - previous.getTime()) / 1000;
        shortest = Math.min(shortest, gap);
        longest = Math.max(longest, gap);
        previous = next;
    }
    return shortest === Infinity ? undefined : { shortest, longest };
}

/** How many times the schedule runs in `hours` (a month is 730 h), counted from a fixed date. */
export function runsIn(schedule: Schedule, hours: number): number {
    const seconds = hours * 3600;
    if (schedule.kind === "rate") {
        return Math.floor(seconds / (schedule.value * UNIT_SECONDS[schedule.unit]));
    }
    const parsed = awsCronParser.parse(schedule.fields.join(" "));
    const start = new Date(Date.UTC(2026, 0, 1));
    let count = 0;
    for (let at = awsCronParser.next(parsed, start); at !== null && at.getTime() - start.getTime() < seconds * 1000 && count < 100_000; at = awsCronParser.next(parsed, at)) {
        count++;
    }
    return count;
}
