// Exactly one owner at a time, or a deliberate overlap: the ownership model
// (policies/models/ownership.ts) on worlds built by hand, and the change-safety
// analysis (tools/plan/change-safety.ts) on handovers shaped like the ones the
// runbook walks: a worker moved from its Droplets to Fargate in one up is
// refused with the two-up sequence, each of those ups passes, a worker that
// cannot pause is refused a gap, a job's owner flip names the crontab line.
import * as assert from "assert";
import { ownershipProblems, runningWorkers, workerSides } from "../policies/models/ownership";
import type { Entry, Version } from "../policies/models/serving";
import type { AdviceContext } from "../tools/plan/change-advice";
import { analyzeChange, type ChangeResource, type ChangeSafety } from "../tools/plan/change-safety";

const T = { ecs: "aws:ecs/service:Service", droplet: "digitalocean:index/droplet:Droplet", schedule: "aws:scheduler/schedule:Schedule" };
const urn = (type: string, name: string) => `urn:pulumi:prod::migration::${type}::${name}`;
const version = (type: string, name: string, inputs: Record<string, unknown>): Version => ({ urn: urn(type, name), type, inputs, outputs: {}, propertyDependencies: {} });
const entry = (v: Version, presence: Entry["presence"] = "steady", extra: Partial<Entry> = {}): Entry => ({ key: v.urn, version: v, presence, newInChange: false, ...extra });

const workerTags = (safe: boolean, pause: boolean) => ({ workload: "worker", service: "mailer", "safe-to-run-twice": String(safe), "can-pause": String(pause) });
const service = (desired: number, safe = false, pause = true) => version(T.ecs, "mailer", { name: "mailer", desiredCount: desired, waitForSteadyState: true, tags: workerTags(safe, pause) });
const droplet = (n: number, size = "s-2vcpu-4gb") => version(T.droplet, `mailer-droplet-${n}`, { name: `worker-prod-${n}`, size, tags: ["sel-mailer", "service:mailer", "workload:worker", "worker-prod"] });
const schedule = (owner: "legacy" | "fargate", state: "ENABLED" | "DISABLED") => version(T.schedule, "nightly-schedule", { name: "migration-prod-nightly", state, description: `nightly (owner: ${owner})` });

describe("ownership model: who runs each worker and job at one moment", () => {
    const cases: [string, Entry[], Set<string>, string[]][] = [
        ["the Droplets run it, Fargate at 0: one owner", [entry(droplet(1)), entry(service(0))], new Set(["mailer"]), []],
        ["both sides run a worker not safe to run twice", [entry(droplet(1)), entry(service(2))], new Set(["mailer"]), ["worker-overlap"]],
        ["both sides, safe to run twice: a deliberate overlap", [entry(droplet(1)), entry(service(2, true))], new Set(["mailer"]), []],
        ["Fargate's tasks starting (an update to 2) while a Droplet runs it", [entry(droplet(1)), entry(service(2), "updating", { previous: service(0) })], new Set(["mailer"]), ["worker-overlap"]],
        ["nobody runs a worker that may pause: its queue waits", [entry(service(0))], new Set(["mailer"]), []],
        ["nobody runs a worker that cannot pause", [entry(service(0, false, false))], new Set(["mailer"]), ["worker-idle"]],
        ["a worker that cannot pause, only a Droplet being resized", [entry(droplet(1, "s-4vcpu-8gb"), "updating", { previous: droplet(1) }), entry(service(0, false, false))], new Set(["mailer"]), ["worker-idle"]],
        ["a worker that cannot pause, never running before: nothing to keep", [entry(service(0, false, false))], new Set(), []],
        ["a schedule ENABLED while its description says the crontab owns it", [entry(schedule("legacy", "ENABLED"))], new Set(), ["job-two-owners"]],
        ["a schedule DISABLED while the crontab owns it", [entry(schedule("legacy", "DISABLED"))], new Set(), []],
        ["a schedule ENABLED and owned by Fargate", [entry(schedule("fargate", "ENABLED"))], new Set(), []],
        ["a schedule being created is not running yet", [entry(schedule("legacy", "ENABLED"), "creating")], new Set(), []],
    ];
    for (const [what, world, running, kinds] of cases) {
        it(what, () => {
            assert.deepStrictEqual(ownershipProblems(world, running).map((p) => p.kind), kinds);
        });
    }

    it("counts each side as a bound: a new Droplet may run the worker, it surely does only once it ran before the change", () => {
        const [sides] = workerSides([entry(droplet(1), "steady", { newInChange: true }), entry(droplet(2)), entry(service(0))]);
        assert.deepStrictEqual(sides.legacy, { maybe: 2, surely: 1, droplets: ["mailer-droplet-1", "mailer-droplet-2"] });
        assert.deepStrictEqual(sides.fargate, { maybe: false, surely: false, service: "mailer" });
    });

    it("a Droplet stopped before the run counts as running nothing", () => {
        const world = [entry(droplet(1)), entry(service(2))];
        assert.deepStrictEqual(ownershipProblems(world, new Set(["mailer"]), new Set([urn(T.droplet, "mailer-droplet-1")])), []);
        assert.deepStrictEqual([...runningWorkers([entry(droplet(1))])], ["mailer"]);
    });

    it("says which Droplets and which service overlap", () => {
        assert.deepStrictEqual(ownershipProblems([entry(droplet(1)), entry(service(2))], new Set(["mailer"]))[0].message,
            "worker mailer runs on both sides: 1 Droplet (mailer-droplet-1) and the Fargate service mailer, and it is not safe to run twice");
    });
});

// ---------------------------------------------------------------------------

function res(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<ChangeResource> = {}): ChangeResource {
    return { urn: urn(type, name), type, custom: true, inputs, outputs: { id: name }, propertyDependencies: {}, dependencies: [], deleteBeforeReplace: false, ignoreChanges: [], ...extra };
}

const ADVICE: AdviceContext = {
    project: "migration", stack: "prod", services: ["web", "mailer", "nightly"],
    serviceOf: (u) => (u.includes("mailer") ? "mailer" : u.includes("nightly") ? "nightly" : undefined),
    crontabs: { nightly: { host: "web-prod-1", line: "0 3 * * * deploy bin/nightly" } },
    stopCommands: { mailer: "sudo systemctl disable --now sidekiq" },
    workerCounts: { mailer: { desired: 2, min: 1, max: 4 } },
};

function judge(base: ChangeResource[], head: ChangeResource[]): ChangeSafety {
    return analyzeChange({ against: "base", base, head, headTraffic: [], environment: "prod", advice: ADVICE });
}

const ecs = (desired: number, safe = false, pause = true) => res(T.ecs, "mailer", { name: "mailer", desiredCount: desired, waitForSteadyState: true, tags: workerTags(safe, pause) });
const workerDroplet = (extra: Partial<ChangeResource> = {}) => res(T.droplet, "mailer-droplet-1", { name: "worker-prod-1", size: "s-2vcpu-4gb", tags: ["sel-mailer", "service:mailer", "workload:worker"] }, extra);
const job = (owner: "legacy" | "fargate") => res(T.schedule, "nightly-schedule", { name: "migration-prod-nightly", state: owner === "fargate" ? "ENABLED" : "DISABLED", description: `nightly (owner: ${owner})` });
const rules = (s: ChangeSafety) => s.findings.map((f) => `${f.level} ${f.rule} ${f.subject}`);

describe("change safety of a worker's and a job's handover", () => {
    const created = workerDroplet({ retainOnDelete: false });
    const adopted = workerDroplet({ importId: "412345691", retainOnDelete: true });

    it("Droplets off and Fargate on in one up: the new tasks start before the Droplet is deleted (deletes run last)", () => {
        const safety = judge([created, ecs(0)], [ecs(2)]);
        assert.deepStrictEqual(rules(safety), ["unsafe worker-overlap mailer"]);
        const finding = safety.findings[0];
        assert.strictEqual(finding.when, "from the start of update of mailer (Service), until delete of mailer-droplet-1 (Droplet) is done");
        assert.deepStrictEqual(finding.safeSequence, [
            "mailer must not consume from both sides at once. Two `up`s, one owner at each step:",
            "1. Take its Droplets out: set `legacy` of mailer to `{ enabled: false }` in the stack file (adopted Droplets outlive the program: first run `sudo systemctl disable --now sidekiq` on each), keep Fargate at 0 (`pulumi config set --path 'migration:services[1].fargate.autoscaling.max' 0 --stack prod`), then `npm run up -- --stack prod` (the worker pauses: its queue waits).",
            "2. Start Fargate: `pulumi config set --path 'migration:services[1].fargate.autoscaling.max' 4 --stack prod`, `pulumi config set --path 'migration:services[1].fargate.autoscaling.min' 1 --stack prod`, `pulumi config set --path 'migration:services[1].fargate.desiredCount' 2 --stack prod`, then `npm run up -- --stack prod`.",
            "Or, if it may consume from both sides (idempotent work, no singleton), `pulumi config set --path 'migration:services[1].safeToRunTwice' true --stack prod` and move in one `up`.",
        ]);
    });

    it("the same move for a worker safe to run twice: accepted", () => {
        assert.deepStrictEqual(rules(judge([created, ecs(0, true)], [ecs(2, true)])), []);
    });

    it("the advised sequence: Droplets out first (a pause), then Fargate: each up accepted", () => {
        assert.deepStrictEqual(rules(judge([created, ecs(0)], [ecs(0)])), []);
        assert.deepStrictEqual(rules(judge([ecs(0)], [ecs(2)])), []);
    });

    it("a worker that cannot pause: the Droplets-out step leaves it running nowhere", () => {
        assert.deepStrictEqual(rules(judge([created, ecs(0, false, false)], [ecs(0, false, false)])), ["unsafe worker-idle mailer"]);
    });

    it("adopted Droplets outlive the program: stopped before the run (a precondition naming the command), never counted as running beside Fargate", () => {
        const safety = judge([adopted, ecs(0)], [ecs(0)]);
        assert.deepStrictEqual(rules(safety), ["precondition worker-legacy-retained mailer"]);
        assert.deepStrictEqual(safety.findings[0].safeSequence, [
            "Before this `npm run up -- --stack prod`, stop mailer on worker-prod-1: `ssh worker-prod-1 'sudo systemctl disable --now sidekiq'`; the Droplet stays, retained, and can be deleted by hand once Fargate has taken over.",
        ]);
    });

    it("a job's owner flips to Fargate: the crontab line to remove right after the up; back to the Droplets: the line to restore", () => {
        const toFargate = judge([job("legacy")], [job("fargate")]);
        assert.deepStrictEqual(rules(toFargate), ["precondition job-crontab-flip nightly"]);
        assert.deepStrictEqual(toFargate.findings[0].safeSequence, [
            "Right after this `npm run up -- --stack prod`, remove nightly's line from the crontab on web-prod-1: `0 3 * * * deploy bin/nightly` (`crontab -e`). The program cannot edit a crontab it did not write; until then both run it, so flip outside the job's run time.",
        ]);
        const back = judge([job("fargate")], [job("legacy")]);
        assert.deepStrictEqual(rules(back), ["precondition job-crontab-flip nightly"]);
        assert.match(back.findings[0].safeSequence[0], /^Right after this `npm run up -- --stack prod`, put nightly's line back into the crontab on web-prod-1/);
    });

    it("a schedule ENABLED while its owner says legacy (a hand edit) is refused", () => {
        const broken = res(T.schedule, "nightly-schedule", { name: "migration-prod-nightly", state: "ENABLED", description: "nightly (owner: legacy)" });
        assert.deepStrictEqual(rules(judge([job("legacy")], [broken])), ["unsafe job-two-owners nightly-schedule"]);
    });
});
