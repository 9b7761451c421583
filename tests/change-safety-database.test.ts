// The change-safety invariants of a database's move (tools/plan/
// change-safety-database.ts), as table tests over claims and worlds built by
// hand: one phase per up, no service on a target no replication filled, no
// Droplet that writes to the source taking requests after the cut-over.
import * as assert from "assert";
import type { Entry, World } from "../policies/models/serving";
import { legacyWriteFindings, phaseOrderFindings, syncFindings, type DatabaseClaim } from "../tools/plan/change-safety-database";
import { analyzeChange } from "../tools/plan/change-safety";

const advice = { project: "migration", stack: "prod", databaseIndex: (name: string) => (name === "main" ? 0 : undefined), serviceOf: (urn: string) => (urn.includes("-web") ? "web" : undefined), services: ["web", "api"] };

function claim(phase: DatabaseClaim["phase"], extra: Partial<DatabaseClaim> = {}): DatabaseClaim {
    return { name: "main", phase, source: { clusterId: "cluster-1" }, replication: phase === "replicate" || phase === "cutover" ? { task: "migration-prod-main-replication", running: true } : null, services: ["web"], legacyWrites: true, ...extra };
}

function entry(urn: string, type: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}, extra: Partial<Entry> = {}): Entry {
    return { key: urn, version: { urn, type, inputs, outputs, propertyDependencies: {} }, presence: "steady", newInChange: false, ...extra };
}

const SECRET = "arn:aws:secretsmanager:us-east-1:444455556666:secret:migration-prod/database/main/rds-AbCdEf";
const taskDefinition = (valueFrom: string) => entry("urn:pulumi:prod::migration::aws:ecs/taskDefinition:TaskDefinition::migration-prod-web-stable", "aws:ecs/taskDefinition:TaskDefinition", {
    containerDefinitions: JSON.stringify([{ name: "web", secrets: [{ name: "DATABASE_URL", valueFrom }] }]),
});
const replication = (start: boolean, extra: Partial<Entry> = {}): Entry[] => [
    entry("urn:target", "aws:dms/endpoint:Endpoint", { endpointType: "target", secretsManagerArn: SECRET }, { endpointArn: "arn:aws:dms:us-east-1:444455556666:endpoint:TARGET" }),
    entry("urn:task", "aws:dms/replicationTask:ReplicationTask", { startReplicationTask: start, targetEndpointArn: "arn:aws:dms:us-east-1:444455556666:endpoint:TARGET" }, {}, extra),
];
const ON_DO = "arn:aws:ssm:us-east-1:444455556666:parameter/migration-prod/web/DATABASE_URL";

describe("change safety: a database's phases", () => {
    const cases: [string, DatabaseClaim[] | undefined, DatabaseClaim[], string[]][] = [
        ["a first replicate", [], [claim("replicate")], []],
        ["no base at all (a first deployment) starting at replicate", undefined, [claim("replicate")], []],
        ["replicate → cutover with the replication running", [claim("replicate")], [claim("cutover")], []],
        ["cutover → replicate (the rollback)", [claim("cutover")], [claim("replicate")], []],
        ["cutover → done", [claim("cutover")], [claim("done")], []],
        ["a first deployment straight to cutover", undefined, [claim("cutover")], ["database main starts at cutover with no replicate phase before it: no replication has copied the data"]],
        ["replicate → done", [claim("replicate")], [claim("done")], ["database main skips from replicate to done: cutover must run first"]],
        ["done → cutover", [claim("done")], [claim("cutover")], ["database main goes back from done to cutover: the target has taken writes since the cut-over that DMS never copies back, and a new full load truncates the target's tables"]],
        ["a cut-over whose replication never started", [claim("replicate", { replication: { task: "migration-prod-main-replication", running: false } })], [claim("cutover")],
            ["database main cuts over while its replication task migration-prod-main-replication was never started: the target has none of the source's data"]],
    ];
    for (const [what, base, head, breaks] of cases) {
        it(what, () => {
            const findings = phaseOrderFindings(base, head, advice);
            assert.deepStrictEqual(findings.map((f) => f.breaks), breaks);
            assert.ok(findings.every((f) => f.rule === "database-phase-order" && f.level === "unsafe" && f.subject === "main"));
        });
    }

    it("says what to run first, as config commands", () => {
        assert.deepStrictEqual(phaseOrderFindings([claim("replicate")], [claim("done")], advice)[0].safeSequence, [
            "One phase per `up`: `pulumi config set --path 'migration:legacy.databases[0].move.phase' cutover --stack prod`, then `npm run up -- --stack prod` (after the cut-over procedure's checks: the plan's Database section prints them); then the next phase.",
        ]);
        assert.deepStrictEqual(phaseOrderFindings([claim("done")], [claim("replicate")], advice)[0].safeSequence, [
            "Stay at done: `pulumi config set --path 'migration:legacy.databases[0].move.phase' done --stack prod`. The way back from there is a new move (a replication from RDS), which this program does not build.",
        ]);
        assert.deepStrictEqual(phaseOrderFindings([claim("replicate", { replication: { task: "t", running: false } })], [claim("cutover")], advice)[0].safeSequence, [
            "Start the replication first: `pulumi config set --path 'migration:legacy.databases[0].move.replication.start' true --stack prod`, `npm run up -- --stack prod`, and wait for the full load (the plan's Database section prints the checks); then cut over.",
        ]);
    });
});

describe("change safety: no service reads a target no replication filled", () => {
    const cases: [string, World, World, number][] = [
        ["the replication ran before the switch", [taskDefinition(ON_DO), ...replication(true)], [taskDefinition(`${SECRET}:url::`)], 0],
        ["the service read the target already", [taskDefinition(`${SECRET}:url::`)], [taskDefinition(`${SECRET}:url::`)], 0],
        ["no replication before the switch", [taskDefinition(ON_DO)], [taskDefinition(`${SECRET}:url::`), ...replication(true, { newInChange: true })], 1],
        ["a replication created but not started", [taskDefinition(ON_DO), ...replication(false)], [taskDefinition(`${SECRET}:url::`)], 1],
        ["a task created in this very change", [taskDefinition(ON_DO), ...replication(true, { newInChange: true })], [taskDefinition(`${SECRET}:url::`)], 1],
        ["another JSON key of the secret (not the URL)", [taskDefinition(ON_DO)], [taskDefinition(`${SECRET}:password::`)], 0],
    ];
    for (const [what, base, end, count] of cases) {
        it(`${what}: ${count === 0 ? "safe" : "unsafe"}`, () => {
            const findings = syncFindings(base, end, advice, [claim("cutover")]);
            assert.strictEqual(findings.length, count);
            if (count > 0) {
                assert.deepStrictEqual([findings[0].rule, findings[0].subject, findings[0].breaks], ["database-not-in-sync", "migration-prod-web-stable",
                    "migration-prod-web-stable reads the RDS URL of database main (migration-prod/database/main/rds-AbCdEf) before any replication was running into it: its tasks would start on a database without the source's data"]);
            }
        });
    }
});

describe("change safety: after the cut-over, no Droplet that writes takes requests", () => {
    const lbUrn = "urn:pulumi:prod::migration::digitalocean:index/loadBalancer:LoadBalancer::migration-prod-web-lb";
    const world = (legacyWeight: number, healthChecked: boolean, trusted = "web-prod"): World => [
        entry("urn:fw", "digitalocean:index/databaseFirewall:DatabaseFirewall", { clusterId: "cluster-1", rules: [{ type: "tag", value: trusted }] }),
        entry("urn:pulumi:prod::migration::digitalocean:index/droplet:Droplet::web-prod-1", "digitalocean:index/droplet:Droplet", { tags: ["web-prod", "migration-prod-web"] }, { id: "412345671" }),
        entry(lbUrn, "digitalocean:index/loadBalancer:LoadBalancer", { dropletTag: "migration-prod-web" }, { ip: "198.51.100.7", id: "lb-1" }),
        entry("urn:record-legacy", "aws:route53/record:Record", { name: "www.example.com", type: "A", records: ["198.51.100.7"], weightedRoutingPolicies: [{ weight: legacyWeight }], ...(healthChecked ? { healthCheckId: "hc-1" } : {}) }),
        entry("urn:record-alb", "aws:route53/record:Record", { name: "www.example.com", type: "A", aliases: [{ name: "alb.example" }], weightedRoutingPolicies: [{ weight: 100 - legacyWeight }] }),
    ];
    const cases: [string, World, DatabaseClaim, string | undefined][] = [
        ["a share at cutover", world(50, true), claim("cutover"), "database main is cutover, but 1 Droplet its trusted sources admit (web-prod-1) take 50% of www.example.com: they would write to DigitalOcean, where nothing copies their writes to RDS"],
        ["the weight-0 standby at done", world(0, true), claim("done"), "database main is done, but 1 Droplet its trusted sources admit (web-prod-1) stand by for www.example.com (weight 0: Route 53 sends them everything when Fargate fails): they would write to DigitalOcean, where nothing copies their writes to RDS"],
        ["a weight-0 record without a health check of its own (answered when the ALB's record fails)", world(0, false), claim("cutover"), "database main is cutover, but 1 Droplet its trusted sources admit (web-prod-1) stand by for www.example.com (weight 0: Route 53 sends them everything when Fargate fails): they would write to DigitalOcean, where nothing copies their writes to RDS"],
        ["no record of the Droplets at all (legacy out of standby)", world(0, true).filter((e) => e.key !== "urn:record-legacy"), claim("cutover"), undefined],
        ["a share while still replicating", world(50, true), claim("replicate"), undefined],
        ["the Droplets write nowhere (config says)", world(50, true), claim("cutover", { legacyWrites: false }), undefined],
        ["Droplets the database does not trust", world(50, true, "api-prod"), claim("cutover"), undefined],
    ];
    for (const [what, w, c, breaks] of cases) {
        it(`${what}: ${breaks === undefined ? "safe" : "unsafe"}`, () => {
            const findings = legacyWriteFindings(w, [c], advice);
            assert.deepStrictEqual(findings.map((f) => f.breaks), breaks === undefined ? [] : [breaks]);
        });
    }

    it("says how to take the Droplets out, or to declare that they write nowhere", () => {
        assert.deepStrictEqual(legacyWriteFindings(world(50, true), [claim("cutover")], advice)[0].safeSequence, [
            "Take the Droplets out of the hostname first, one `up` each:",
            "1. `pulumi config set --path 'migration:services[0].traffic.fargatePercent' 100 --stack prod` (through the declared steps), `npm run up -- --stack prod`;",
            "2. drop legacy from `traffic.standby` (`pulumi config set --path 'migration:services[0].traffic.standby[0]' fargate --stack prod`), `npm run up -- --stack prod`;",
            "then cut over; or, if the Droplets write nowhere, `pulumi config set --path 'migration:legacy.databases[0].move.legacyWrites' false --stack prod`.",
        ]);
    });
});

describe("change safety: after the cut-over, no worker runs on Droplets the source admits and no crontab job reads it", () => {
    const fleet = { ...advice, services: ["web", "api", "mailer", "nightly-report"], serviceOf: (urn: string) => (urn.includes("-nightly-report") ? "nightly-report" : undefined),
        crontabs: { "nightly-report": { host: "web-prod-1", line: "0 3 * * * deploy bin/rails reports:nightly" } }, stopCommands: { mailer: "sudo systemctl disable --now sidekiq" },
        workerCounts: { mailer: { desired: 0, min: 0, max: 0 } }, retained: new Set(["urn:pulumi:prod::migration::digitalocean:index/droplet:Droplet::migration-prod-mailer-0"]) };
    const firewall = (trusted: string) => entry("urn:fw", "digitalocean:index/databaseFirewall:DatabaseFirewall", { clusterId: "cluster-1", rules: [{ type: "tag", value: trusted }] });
    const workerDroplet = (extra: Partial<Entry> = {}) => entry("urn:pulumi:prod::migration::digitalocean:index/droplet:Droplet::migration-prod-mailer-0", "digitalocean:index/droplet:Droplet",
        { name: "worker-prod-1", tags: ["worker-prod", "workload:worker", "service:mailer"] }, { id: "412345691" }, extra);
    const workerService = entry("urn:pulumi:prod::migration::aws:ecs/service:Service::migration-prod-mailer", "aws:ecs/service:Service",
        { desiredCount: 0, tags: { workload: "worker", service: "mailer", "safe-to-run-twice": "false", "can-pause": "true" } });
    const schedule = (description: string, state: string) => entry("urn:pulumi:prod::migration::aws:scheduler/schedule:Schedule::migration-prod-nightly-report", "aws:scheduler/schedule:Schedule", { description, state });
    const legacyOwned = schedule("nightly-report (owner: legacy, crontab on web-prod-1): DISABLED until the owner flips", "DISABLED");
    const cases: [string, World, DatabaseClaim, string[]][] = [
        ["a worker's Droplet the source trusts, at cutover", [firewall("worker-prod"), workerDroplet(), workerService], claim("cutover"),
            ["database main is cutover, but 1 Droplet its trusted sources admit (migration-prod-mailer-0) still runs worker mailer: they would write to DigitalOcean, where nothing copies their writes to RDS"]],
        ["the worker's Droplet leaving in this run", [firewall("worker-prod"), workerDroplet({ presence: "deleting" }), workerService], claim("cutover"), []],
        ["a worker's Droplet the source does not trust", [firewall("web-prod"), workerDroplet(), workerService], claim("done"), []],
        ["a worker's Droplet while still replicating", [firewall("worker-prod"), workerDroplet(), workerService], claim("replicate"), []],
        ["a worker's Droplet the config says writes nowhere", [firewall("worker-prod"), workerDroplet(), workerService], claim("cutover", { legacyWrites: false }), []],
        ["a job reading it, owned by the crontab, at done", [firewall("web-prod"), legacyOwned], claim("done", { services: ["web", "nightly-report"] }),
            ["database main is done, but job nightly-report, which reads it, is owned by the crontab on web-prod-1 (its schedule says owner legacy): its runs there would write to DigitalOcean, where nothing copies their writes to RDS"]],
        ["a crontab job that does not read it", [firewall("web-prod"), legacyOwned], claim("cutover"), []],
        ["a job reading it, owned by Fargate", [firewall("web-prod"), schedule("nightly-report (owner: fargate)", "ENABLED")], claim("cutover", { services: ["web", "nightly-report"] }), []],
    ];
    for (const [what, w, c, breaks] of cases) {
        it(`${what}: ${breaks.length === 0 ? "safe" : "unsafe"}`, () => {
            const findings = legacyWriteFindings(w, [c], fleet);
            assert.deepStrictEqual(findings.map((f) => [f.rule, f.level, f.breaks]), breaks.map((b) => ["database-legacy-writes", "unsafe", b]));
        });
    }

    it("says how to hand each over to Fargate, one owner at each up, or to declare that the Droplets write nowhere", () => {
        const set = (i: number, key: string, value: string | number | boolean) => `\`pulumi config set --path 'migration:services[${i}].${key}' ${value} --stack prod\``;
        const [worker] = legacyWriteFindings([firewall("worker-prod"), workerDroplet(), workerService], [claim("cutover")], fleet);
        assert.deepStrictEqual(worker.safeSequence, [
            "Hand mailer over to Fargate first, one `up` each:",
            `1. its Droplets leave first (it pauses: its queue waits; it must not run on both sides): first stop it on worker-prod-1 (they outlive the program): \`ssh worker-prod-1 'sudo systemctl disable --now sidekiq'\`; \`pulumi config rm --path 'migration:services[2].legacy' --stack prod\`, ${set(2, "legacy.enabled", false)}, \`npm run up -- --stack prod\`;`,
            `2. Fargate starts it: ${set(2, "fargate.autoscaling.max", 2)}, ${set(2, "fargate.desiredCount", 1)}, ${set(2, "fargate.autoscaling.min", 1)}, \`npm run up -- --stack prod\`;`,
            "then cut over; or, if the Droplets write nowhere, `pulumi config set --path 'migration:legacy.databases[0].move.legacyWrites' false --stack prod`.",
        ]);
        const [job] = legacyWriteFindings([firewall("web-prod"), legacyOwned], [claim("cutover", { services: ["nightly-report"] })], fleet);
        assert.deepStrictEqual(job.safeSequence.slice(0, 2), [
            "Hand nightly-report over to Fargate first, one `up` each:",
            `1. EventBridge Scheduler takes it over from the crontab on web-prod-1: ${set(3, "owner", "fargate")}, \`npm run up -- --stack prod\`; right after it, remove its line from the crontab on web-prod-1 (crontab -e): 0 3 * * * deploy bin/rails reports:nightly;`,
        ]);
    });
});

describe("change safety: the analysis judges the databases' claims of the base and the head", () => {
    const context = { project: "migration", stack: "prod", services: ["web", "api"], serviceOf: () => undefined, databases: ["main"] };
    const judge = (base: DatabaseClaim[] | undefined, head: DatabaseClaim[]) => analyzeChange({
        against: "a test", base: [], head: [], headTraffic: [], environment: "prod", advice: context, baseDatabases: base, headDatabases: head,
    }).findings.map((f) => [f.rule, f.subject, f.safeSequence[0]]);

    it("a skipped phase stops the change, with the phase to run first as a config command", () => {
        assert.deepStrictEqual(judge([claim("replicate")], [claim("done")]), [["database-phase-order", "main",
            "One phase per `up`: `pulumi config set --path 'migration:legacy.databases[0].move.phase' cutover --stack prod`, then `npm run up -- --stack prod` (after the cut-over procedure's checks: the plan's Database section prints them); then the next phase."]]);
        assert.deepStrictEqual(judge([claim("replicate")], [claim("cutover")]), []);
        assert.deepStrictEqual(judge(undefined, []), []);
    });
});
