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
