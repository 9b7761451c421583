// Workers, scheduled jobs and release tasks in the stack config: the kinds
// parse from the example stacks, every mistake is named at its key with the
// value and what is allowed, and schedule expressions are read as EventBridge
// Scheduler reads them (table and property tests of components/config/schedule.ts).
import * as assert from "assert";
import * as path from "path";
import fc from "fast-check";
import { ConfigError, parseStackConfig, type RawConfigInput } from "../components/config";
import { nextRun, parseSchedule, runGaps, runsIn, wallClock, type Schedule } from "../components/config/schedule";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");
const prod = readStackConfig(ROOT, "prod");
const services = JSON.parse(prod.values["migration:services"]) as Record<string, any>[];
const byName = (name: string) => structuredClone(services.find((s) => s.name === name)!);

function prodWith(entries: Record<string, unknown>[]): RawConfigInput {
    return readStackConfig(ROOT, "prod", { config: { "migration:services": JSON.stringify(entries) } });
}

function problemsOf(input: RawConfigInput): readonly string[] {
    try {
        parseStackConfig(input);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
    assert.fail("expected the config to be rejected");
}

describe("workload kinds in the stack config", () => {
    it("reads prod's worker, job and release task, each by its kind, with its service's image (a process type)", () => {
        const config = parseStackConfig(prod);
        assert.deepStrictEqual(config.services.map((s) => s.name), ["web", "api"]);
        assert.deepStrictEqual(config.workloadOrder, ["web", "api", "mailer", "nightly-report", "migrate"]);
        const [mailer] = config.workers;
        assert.deepStrictEqual([mailer.name, mailer.safeToRunTwice, mailer.canPause, mailer.legacy.enabled], ["mailer", false, true, true]);
        assert.deepStrictEqual(mailer.fargate!.image, { kind: "ecr", tag: "1.8.0" });
        assert.strictEqual(mailer.fargate!.repositoryOf, "web");
        assert.deepStrictEqual(mailer.fargate!.command, ["bundle", "exec", "sidekiq", "-t", "25"]);
        assert.deepStrictEqual(mailer.tags.workload, "worker");
        const [job] = config.jobs;
        assert.deepStrictEqual([job.owner, job.schedule, job.timezone, job.fargate.maxRunMinutes, job.fargate.retry], ["legacy", "cron(0 3 * * ? *)", "UTC", 60, { attempts: 2, maxEventAgeMinutes: 60 }]);
        assert.deepStrictEqual(config.releases.map((r) => [r.name, r.fargate.timeoutMinutes, r.fargate.secrets.map((s) => s.name)]), [["migrate", 30, ["DATABASE_URL"]]]);
    });

    const web = () => byName("web");
    const cases: [string, () => Record<string, unknown>[], string[]][] = [
        ["an unknown kind", () => [web(), { name: "cron", kind: "cronjob" }],
            ["migration:services[1]: kind \"cronjob\" is not allowed; allowed web (the default), worker, job, release"]],
        ["a worker on both sides that is not safe to run twice", () => [web(), { ...byName("mailer"), fargate: { ...byName("mailer").fargate, autoscaling: { min: 0, max: 2, metric: byName("mailer").fargate.autoscaling.metric } } }],
            ["migration:services[1].fargate.autoscaling.max: 2 lets Fargate run mailer while its Droplets run it too; allowed 0 (with desiredCount and min 0) while legacy.enabled is true, or safeToRunTwice: true if mailer may consume from both sides at once"]],
        ["a process type of a service that does not exist", () => [web(), { ...byName("migrate"), processOf: "admin" }],
            ["migration:services[1].processOf: \"admin\" is no web service with a fargate part; allowed web"]],
        ["an image and processOf both", () => [web(), { ...byName("migrate"), fargate: { ...byName("migrate").fargate, imageTag: "2.0.0" } }],
            ["migration:services[1].fargate.imageTag: processOf and fargate.imageTag are all set; allowed exactly one of them (processOf runs another service's image with this workload's command)"]],
        ["a job owned by the crontab with no crontab line", () => [web(), { ...byName("nightly-report"), legacy: undefined }],
            ["migration:services[1].legacy: is required while owner is legacy; allowed { host: <the Droplet whose crontab runs it>, crontab: <the line as written there> } (the plan prints the line to remove when the owner flips)"]],
        ["a cron with both day fields", () => [web(), { ...byName("nightly-report"), schedule: "cron(0 3 * * * *)" }],
            ["migration:services[1].schedule: \"cron(0 3 * * * *)\": day-of-month \"*\" and day-of-week \"*\"; allowed a ? in exactly one of them (EventBridge cannot take both)"]],
        ["a schedule that is neither cron nor rate", () => [web(), { ...byName("nightly-report"), schedule: "every night" }],
            ["migration:services[1].schedule: \"every night\" is not valid; allowed cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) or rate(<n> minutes|hours|days), as EventBridge Scheduler writes them"]],
        ["an unknown time zone", () => [web(), { ...byName("nightly-report"), timezone: "Mars/Olympus" }],
            ["migration:services[1].timezone: \"Mars/Olympus\" is not a time zone; allowed an IANA name such as UTC, Europe/Paris, America/New_York"]],
        ["a run longer than the gap between two runs", () => [web(), { ...byName("nightly-report"), schedule: "rate(30 minutes)" }],
            ["migration:services[1].fargate.maxRunMinutes: 60 minutes is longer than the 30 minutes between two runs of \"rate(30 minutes)\": two runs could overlap; allowed at most 30"]],
        ["a stop timeout beyond Fargate's 120 s", () => [web(), { ...byName("mailer"), fargate: { ...byName("mailer").fargate, stopTimeout: 300 } }],
            ["migration:services[1].fargate.stopTimeout: 300 is too large; allowed seconds from 2 to 120"]],
        ["a health check with both forms", () => [web(), { ...byName("mailer"), fargate: { ...byName("mailer").fargate, healthCheck: { command: ["true"], shell: "true" } } }],
            ["migration:services[1].fargate.healthCheck.command: both command and shell are set; allowed exactly one of them"]],
        ["an egress port range that runs backwards, as a web service's would be named", () => [web(), { ...byName("nightly-report"), fargate: { ...byName("nightly-report").fargate, egress: [{ port: 6380, toPort: 6379, cidr: "10.30.0.0/16" }] } }],
            ["migration:services[1].fargate.egress[0].toPort: 6379 is below port 6380; allowed 6380 to 65535"]],
        ["a web key on a worker", () => [web(), { ...byName("mailer"), hostname: "mailer.example.com" }],
            ["migration:services[1].hostname: unknown key; allowed name, kind, processOf, safeToRunTwice, canPause, legacyStopCommand, legacy, fargate"]],
    ];
    for (const [what, entries, expected] of cases) {
        it(`names ${what}`, () => {
            assert.deepStrictEqual(problemsOf(prodWith(entries())), expected);
        });
    }

    it("warns about a worker that runs nowhere, and goes on", () => {
        const config = parseStackConfig(prodWith([web(), { ...byName("mailer"), legacy: { enabled: false } }]));
        assert.ok(config.warnings.includes("migration:services[1]: worker mailer runs nowhere (no Droplets, and Fargate's autoscaling.max is 0 or it has no fargate part): its work waits until one side runs it."), config.warnings.join("\n"));
    });
});

describe("schedule expressions as EventBridge Scheduler reads them", () => {
    const NOW = new Date("2026-11-23T10:00:00Z");
    const cases: [string, string, string | undefined, { shortest: number; longest: number } | undefined, number][] = [
        ["cron(0 3 * * ? *)", "UTC", "2026-11-24 03:00", { shortest: 86400, longest: 86400 }, 31],
        ["cron(0 3 * * ? *)", "Europe/Paris", "2026-11-24 03:00", { shortest: 86400, longest: 86400 }, 31],
        ["cron(0 9 ? * MON-FRI *)", "UTC", "2026-11-24 09:00", { shortest: 86400, longest: 3 * 86400 }, 22],
        ["cron(0/15 * * * ? *)", "UTC", "2026-11-23 10:15", { shortest: 900, longest: 900 }, 2919],
        ["cron(0 3 L * ? *)", "UTC", "2026-11-30 03:00", { shortest: 28 * 86400, longest: 31 * 86400 }, 1],
        ["rate(1 hour)", "UTC", undefined, { shortest: 3600, longest: 3600 }, 730],
        ["rate(5 minutes)", "UTC", undefined, { shortest: 300, longest: 300 }, 8760],
    ];
    for (const [expression, zone, next, gaps, monthly] of cases) {
        it(`${expression} in ${zone}: next ${next ?? "unknown"}, gaps ${JSON.stringify(gaps)}, ${monthly} runs in 730 h`, () => {
            const schedule = parseSchedule(expression) as Schedule;
            assert.strictEqual(nextRun(schedule, zone, NOW), next);
            assert.deepStrictEqual(runGaps(schedule), gaps);
            assert.strictEqual(runsIn(schedule, 730), monthly);
        });
    }

    const refused: [string, string][] = [
        ["cron(0 3 * *)", "\"cron(0 3 * *)\" has 4 fields; allowed 6: minutes hours day-of-month month day-of-week year"],
        ["cron(0 25 * * ? *)", "\"cron(0 25 * * ? *)\": hours 25 is outside 0-23"],
        ["cron(0 3 ? * ? *)", "\"cron(0 3 ? * ? *)\": day-of-month \"?\" and day-of-week \"?\"; allowed a ? in exactly one of them (EventBridge cannot take both)"],
        ["cron(0 3 * FOO ? *)", "\"cron(0 3 * FOO ? *)\": month \"FOO\" is not a month value"],
        ["rate(1 hours)", "\"rate(1 hours)\": rate(1 hours) is not valid; allowed rate(1 hour) or rate(<n> hours)"],
        ["rate(5 minute)", "\"rate(5 minute)\": rate(5 minute) is not valid; allowed rate(1 minute) or rate(<n> minutes)"],
    ];
    for (const [expression, message] of refused) {
        it(`refuses ${expression}`, () => assert.strictEqual(parseSchedule(expression), message));
    }

    it("the next run is after now, at the schedule's minute and hour, in the zone's wall clock (property)", () => {
        fc.assert(fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }),
            fc.constantFrom("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo"), (minute, hour, now, zone) => {
                const next = nextRun(parseSchedule(`cron(${minute} ${hour} * * ? *)`) as Schedule, zone, now)!;
                const wall = wallClock(now, zone).toISOString().slice(0, 16).replace("T", " ");
                assert.ok(next > wall, `${next} after ${wall}`);
                assert.strictEqual(next.slice(11), `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`);
            }), { numRuns: 100 });
    });
});
