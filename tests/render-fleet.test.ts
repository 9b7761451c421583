// The plan's Workers and Jobs tables and the handover under --against
// (tools/plan/render-fleet.ts), from the `workers` and `jobs` outputs.
import * as assert from "assert";
import { fleetJson, flipText, handoverLines, jobsTable, nextRunText, workersTable, type Fleet } from "../tools/plan/render-fleet";
import type { JobSummary, WorkerSummary } from "../components/workloads";

const NOW = new Date("2026-11-23T10:00:00Z");
const mailer = (droplets: number, fargate: { desired: number; min: number; max: number }): WorkerSummary => ({
    name: "mailer", processOf: "web", legacyDroplets: droplets, legacyMode: droplets > 0 ? "adopt" : "none", fargate, queue: "prod-mailer",
    scaling: fargate.max === 0 ? "off (max 0)" : "cpu 60%, memory 75%, 100 messages/task", safeToRunTwice: false, canPause: true,
});
const nightly = (owner: "legacy" | "fargate"): JobSummary => ({
    name: "nightly", schedule: "cron(0 3 * * ? *)", timezone: "UTC", owner, scheduleState: owner === "fargate" ? "ENABLED" : "DISABLED",
    crontab: { host: "web-prod-1", line: "0 3 * * * deploy bin/nightly" }, maxRunMinutes: 60,
});
const dayOne: Fleet = { workers: [mailer(1, { desired: 0, min: 0, max: 0 })], jobs: [nightly("legacy")] };
const moved: Fleet = { workers: [mailer(0, { desired: 2, min: 1, max: 4 })], jobs: [nightly("fargate")] };

describe("the plan's Workers and Jobs tables", () => {
    it("shows each worker's two sides, queue and scaling", () => {
        assert.deepStrictEqual(workersTable(dayOne.workers), [
            ["Worker", "Image", "Legacy Droplets", "Fargate tasks (min..max)", "Queue", "Scaling", "Both sides at once"],
            ["mailer", "web's", "1 (adopted)", "0 (0..0)", "prod-mailer", "off (max 0)", "never (pauses to move)"],
        ]);
    });

    it("shows each job's owner, next run and what flips it", () => {
        assert.deepStrictEqual(jobsTable(dayOne.jobs, NOW)[1], ["nightly", "cron(0 3 * * ? *) UTC", "legacy (web-prod-1)", "DISABLED", "2026-11-24 03:00 UTC on web-prod-1 (if its crontab says the same)",
            "owner: fargate enables the schedule; then remove from web-prod-1: 0 3 * * * deploy bin/nightly"]);
        assert.strictEqual(nextRunText(nightly("fargate"), NOW), "2026-11-24 03:00 UTC");
        assert.strictEqual(flipText(nightly("fargate")), "owner: legacy disables the schedule; then restore on web-prod-1: 0 3 * * * deploy bin/nightly");
    });

    it("under --against, the handover: counts that move and owners that flip, with the crontab line", () => {
        assert.deepStrictEqual(handoverLines(dayOne, moved), [
            "worker mailer: Droplets 1 → 0, Fargate 0 (0..0) → 2 (1..4)",
            "job nightly: owner legacy → fargate: the schedule is ENABLED by this up; remove the crontab line right after it on web-prod-1: 0 3 * * * deploy bin/nightly",
        ]);
        assert.deepStrictEqual(handoverLines(dayOne, dayOne), []);
        assert.deepStrictEqual(handoverLines({ workers: [], jobs: [] }, dayOne), ["worker mailer (new): Droplets 1, Fargate 0 (0..0)", "job nightly (new): owner legacy, AWS schedule DISABLED"]);
    });

    it("puts both in the JSON, with each job's next run", () => {
        const json = fleetJson(moved, NOW, dayOne) as { jobs: { nextRun: string }[]; handover: string[] };
        assert.strictEqual(json.jobs[0].nextRun, "2026-11-24 03:00 UTC");
        assert.strictEqual(json.handover.length, 2);
    });
});
