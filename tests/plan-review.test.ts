// Table tests of the review's pure parts: the diff (diff.ts), the
// force-new table (force-new.ts), traffic before/after (traffic-diff.ts),
// the cost estimate (cost.ts, prices.ts) and the Mermaid diagrams
// (mermaid.ts). Every expected number is worked out by hand below from the
// price table's figures.
import * as assert from "assert";
import * as path from "path";
import { costAssumptionsOf, CostAssumptionsError, DEFAULT_ASSUMPTIONS, estimateCost, round, SHARED, type CostResource } from "../tools/plan/cost";
import { quietText } from "../tools/plan/cli";
import { diffPlans, treeOrder, knownSecret, redactedSecret, renderDiffLines, renderDiffSummary, type DiffResource } from "../tools/plan/diff";
import { FORCE_NEW, replacementOf } from "../tools/plan/force-new";
import { hostDiagrams, mermaidSource } from "../tools/plan/mermaid";
import { AWS_US_EAST_1, DIGITALOCEAN_ALL_REGIONS } from "../tools/plan/prices";
import { trafficChanges, type TrafficPoint } from "../tools/plan/traffic-diff";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { runInMocks } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";
import { stackRun } from "./helpers/program-runs";

const ROOT = path.resolve(__dirname, "..");
const URN = (type: string, name: string, parentType?: string) => `urn:pulumi:prod::migration::${parentType ? `${parentType}$` : ""}${type}::${name}`;

function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<DiffResource> = {}): DiffResource {
    return {
        urn: URN(type, name), type, name, custom: true, inputs,
        protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], aliases: [],
        ...extra,
    };
}

const DROPLET = "digitalocean:index/droplet:Droplet";
const RECORD = "aws:route53/record:Record";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";

describe("plan review: pure parts", () => {
    it("--quiet keeps the violations and the result line, not the diff's indented notes", () => {
        const text = [
            "Changes against HEAD (abc):",
            "  ~  aws:ecs/service:Service  web  (update)",
            "          # rolls the service's tasks to the new revision",
            "Policies (37 rules, config policies/config/prod.json):",
            "    mandatory (1):",
            "      [mandatory]  sizing-stack-ceilings  (web: aws:ecs/taskDefinition:TaskDefinition)",
            "          cpu 8192 is above 4096",
            "",
            "Result: 1 mandatory policy violation: `pulumi up` would be blocked.",
            "",
        ].join("\n");
        assert.strictEqual(quietText(text), [
            "      [mandatory]  sizing-stack-ceilings  (web: aws:ecs/taskDefinition:TaskDefinition)",
            "          cpu 8192 is above 4096",
            "Result: 1 mandatory policy violation: `pulumi up` would be blocked.",
            "",
        ].join("\n"));
    });


    describe("diffPlans", () => {
        it("creates, updates, deletes and leaves alone, in tree order (siblings by name) with deletions last", () => {
            const base = [
                resource(RECORD, "web-legacy", { name: "www.example.com", weightedRoutingPolicies: [{ weight: 75 }] }),
                resource(DROPLET, "old-1", { size: "s-1vcpu-2gb", image: "ubuntu-24-04-x64" }),
                resource(RECORD, "same", { name: "a.example.com" }),
            ];
            const head = [
                resource(RECORD, "same", { name: "a.example.com" }),
                resource(DROPLET, "new-1", { size: "s-2vcpu-4gb", image: "ubuntu-24-04-x64" }),
                resource(DROPLET, "adopted-9", { size: "s-2vcpu-4gb" }, { importId: "9" }),
                resource(RECORD, "web-legacy", { name: "www.example.com", weightedRoutingPolicies: [{ weight: 50 }] }),
            ];
            const diff = diffPlans(base, head);
            assert.deepStrictEqual(diff.resources.map((r) => [r.op, r.name]), [
                ["import", "adopted-9"], ["create", "new-1"], ["same", "same"], ["update", "web-legacy"], ["delete", "old-1"],
            ]);
            assert.deepStrictEqual(diff.summary, { create: 1, import: 1, update: 1, replace: 0, delete: 1, same: 1, mayReplace: 0 });
            assert.deepStrictEqual(renderDiffLines(diff), [
                "=  digitalocean:index/droplet:Droplet  adopted-9  (import)",
                "+  digitalocean:index/droplet:Droplet  new-1  (create)",
                "~  aws:route53/record:Record  web-legacy  (update)",
                "      ~ weightedRoutingPolicies[0].weight: 75 → 50",
                "-  digitalocean:index/droplet:Droplet  old-1  (delete)",
            ]);
            assert.deepStrictEqual(renderDiffSummary(diff), [
                "    + 1 to create", "    = 1 to import", "    ~ 1 to update", "    - 1 to delete", "    4 changes. 1 unchanged",
            ]);
        });

        it("orders resources as a tree whatever order they were registered in: parent first, siblings by name then type", () => {
            const node = (urn: string, name: string, type: string, parent?: string) => ({ urn, name, type, parent });
            const resources = [
                node("u:web-td", "web-td", TASK, "u:web"),
                node("u:api", "api", "migration:aws:FargateService"),
                node("u:web", "web", "migration:aws:FargateService"),
                node("u:web-a", "web", RECORD, "u:web"),
                node("u:api-td", "api-td", TASK, "u:api"),
                node("u:orphan", "orphan", RECORD, "u:not-in-this-plan"),
            ];
            const expected = ["u:api", "u:api-td", "u:orphan", "u:web", "u:web-a", "u:web-td"];
            assert.deepStrictEqual(treeOrder(resources).map((r) => r.urn), expected);
            assert.deepStrictEqual(treeOrder([...resources].reverse()).map((r) => r.urn), expected);
        });

        it("replaces where a changed input is force-new, says how an in-place change behaves, and cites the rule", () => {
            const base = [resource(DROPLET, "d", { image: "ubuntu-22-04-x64", size: "s-1vcpu-2gb", tags: ["a"] })];
            const head = [resource(DROPLET, "d", { image: "ubuntu-24-04-x64", size: "s-2vcpu-4gb", tags: ["a", "b"] })];
            assert.deepStrictEqual(renderDiffLines(diffPlans(base, head)), [
                "+- digitalocean:index/droplet:Droplet  d  (replace)",
                "      ~ image: \"ubuntu-22-04-x64\" → \"ubuntu-24-04-x64\"  [forces replacement]",
                "      ~ size: \"s-1vcpu-2gb\" → \"s-2vcpu-4gb\"",
                "      + tags[1]: \"b\"",
                "        # resized in place: the Droplet is powered off during the resize, and with resizeDisk (default true) its disk grows for good, so the size can never go back down",
                `        # replacement rule: ${FORCE_NEW[DROPLET].source}`,
            ]);
        });

        it("diffs a JSON string input by its content, and says \"may replace\" for a type it has no table for", () => {
            const containers = (tag: string) => JSON.stringify([{ name: "web", image: `repo/web:${tag}`, essential: true }]);
            const base = [resource(TASK, "td", { containerDefinitions: containers("1.8.0"), cpu: "256" }), resource("aws:new/thing:Thing", "t", { size: 1 })];
            const head = [resource(TASK, "td", { containerDefinitions: containers("1.9.0"), cpu: "256" }), resource("aws:new/thing:Thing", "t", { size: 2 })];
            const diff = diffPlans(base, head);
            assert.deepStrictEqual(renderDiffLines(diff), [
                "~  aws:new/thing:Thing  t  (update, may replace)",
                "      ~ size: 1 → 2  [may force replacement]",
                "        # no force-new table for aws:new/thing:Thing",
                "+- aws:ecs/taskDefinition:TaskDefinition  td  (replace)",
                "      ~ containerDefinitions[0].image: \"repo/web:1.8.0\" → \"repo/web:1.9.0\"  [forces replacement]",
                "        # a new task definition revision; the service that uses it then rolls its tasks",
                `        # replacement rule: ${FORCE_NEW[TASK].source}`,
            ]);
            assert.deepStrictEqual(diff.summary, { create: 0, import: 0, update: 1, replace: 1, delete: 0, same: 0, mayReplace: 1 });
        });

        it("carries a replacement to what reads the replaced resource's outputs (may change, may replace)", () => {
            const td = resource(TASK, "web-td", { family: "web", cpu: "256" });
            const base = [td, resource(SERVICE, "web", { taskDefinition: "arn:td:1", name: "web" }), resource(RECORD, "r", { name: "x.example.com" })];
            const head = [
                resource(TASK, "web-td", { family: "web", cpu: "512" }),
                resource(SERVICE, "web", { taskDefinition: "arn:td:1", name: "web" }, { propertyDependencies: { taskDefinition: [td.urn] } }),
                resource(RECORD, "r", { name: "x.example.com" }, { propertyDependencies: { name: [td.urn] } }),
            ];
            assert.deepStrictEqual(renderDiffLines(diffPlans(base, head)).filter((l) => !l.includes("# ")), [
                "~  aws:route53/record:Record  r  (update, may replace)",
                "      ~ name: \"x.example.com\" → (may change: known after web-td is replaced)  [may force replacement]",
                "~  aws:ecs/service:Service  web  (update)",
                "      ~ taskDefinition: \"arn:td:1\" → (may change: known after web-td is replaced)",
                "+- aws:ecs/taskDefinition:TaskDefinition  web-td  (replace)",
                "      ~ cpu: \"256\" → \"512\"  [forces replacement]",
            ]);
        });

        it("follows a declared alias (rename, move) and deletes and creates without one, as the engine does", () => {
            const old = resource(RECORD, "web-legacy", { name: "www.example.com" });
            const renamed = resource(RECORD, "www-legacy", { name: "www.example.com" }, { aliases: [old.urn] });
            assert.deepStrictEqual(renderDiffLines(diffPlans([old], [renamed])), ["~  aws:route53/record:Record  www-legacy  (update, renamed from web-legacy (alias))"]);
            const moved = { ...resource(RECORD, "web-legacy", { name: "www.example.com" }), urn: URN(RECORD, "web-legacy", "migration:traffic:Routing"), aliases: [old.urn] };
            assert.deepStrictEqual(renderDiffLines(diffPlans([old], [moved])), ["~  aws:route53/record:Record  web-legacy  (update, moved (alias))"]);
            const noAlias = { ...renamed, aliases: [] };
            assert.deepStrictEqual(diffPlans([old], [noAlias]).resources.map((r) => [r.op, r.name]), [["create", "www-legacy"], ["delete", "web-legacy"]]);
        });

        it("honours ignoreChanges, shows option changes, and warns about deleting protected or retained resources", () => {
            const base = [
                resource(DROPLET, "adopted", { image: "ubuntu-22-04-x64", size: "s-2vcpu-4gb" }),
                resource(DROPLET, "kept", { size: "s-2vcpu-4gb" }, { protect: true }),
                resource(DROPLET, "retained", { size: "s-2vcpu-4gb" }, { retainOnDelete: true }),
            ];
            const head = [resource(DROPLET, "adopted", { image: "12345678", size: "s-2vcpu-4gb" }, { ignoreChanges: ["image"], protect: true })];
            assert.deepStrictEqual(renderDiffLines(diffPlans(base, head)), [
                "~  digitalocean:index/droplet:Droplet  adopted  (update)",
                "      ~ [protect]: false → true",
                "-  digitalocean:index/droplet:Droplet  kept  (delete: protected, `pulumi up` fails until protect is removed)",
                "-  digitalocean:index/droplet:Droplet  retained  (delete from the stack: retained in the cloud)",
            ]);
        });

        it("never shows a secret: only whether it changed, or that a saved plan cannot tell", () => {
            const version = "aws:secretsmanager/secretVersion:SecretVersion";
            const base = [resource(version, "v", { secretString: knownSecret("old-Pa55") }), resource(version, "w", { secretString: knownSecret("kept-Pa55") })];
            const head = [resource(version, "v", { secretString: knownSecret("new-Pa55") }), resource(version, "w", { secretString: knownSecret("kept-Pa55") })];
            const diff = diffPlans(base, head);
            const lines = renderDiffLines(diff);
            assert.deepStrictEqual(lines.filter((l) => !l.includes("# ")), [
                "~  aws:secretsmanager/secretVersion:SecretVersion  v  (update, may replace)",
                "      ~ secretString: [secret] (changed)  [may force replacement]",
            ]);
            const everything = lines.join("\n") + JSON.stringify(diff);
            assert.ok(!everything.includes("Pa55"), everything);
            const saved = diffPlans([resource(version, "v", { secretString: redactedSecret() })], [resource(version, "v", { secretString: knownSecret("x") })]);
            assert.deepStrictEqual([saved.summary.same, saved.secretsNotCompared], [1, 1]);
            assert.ok(renderDiffSummary(saved).includes("    1 secret input not compared: a saved plan holds no secret values"));
        });
    });

    describe("aliases as the mock runtime records them", () => {
        it("turns alias specs into the URNs the engine would match (name, parent, no parent), and records none when there are none", async () => {
            const raw = readStackConfig(ROOT, "dev");
            const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
                const routing = new pulumi.ComponentResource("migration:traffic:Routing", "web");
                const before = new pulumi.ComponentResource("migration:legacy:Service", "web");
                new aws.sns.Topic("renamed", {}, { parent: routing, aliases: [{ name: "old-name" }] });
                new aws.sns.Topic("moved", {}, { parent: routing, aliases: [{ parent: before }] });
                new aws.sns.Topic("unparented", {}, { parent: routing, aliases: [{ parent: undefined }, "urn:pulumi:dev::migration::aws:sns/topic:Topic::by-urn"] });
                new aws.sns.Topic("plain", {}, { parent: routing });
            });
            const options = (name: string) => run.registrations.find((r) => r.name === name)!.options;
            assert.deepStrictEqual(options("renamed").aliases, ["urn:pulumi:dev::migration::migration:traffic:Routing$aws:sns/topic:Topic::old-name"]);
            assert.deepStrictEqual(options("moved").aliases, ["urn:pulumi:dev::migration::migration:legacy:Service$aws:sns/topic:Topic::moved"]);
            assert.deepStrictEqual(options("unparented").aliases, [
                "urn:pulumi:dev::migration::aws:sns/topic:Topic::unparented",
                "urn:pulumi:dev::migration::aws:sns/topic:Topic::by-urn",
            ]);
            assert.ok(!("aliases" in options("plain")));
        });
    });

    describe("force-new table", () => {
        it("covers every resource type the example stacks create (awsx:ec2:Vpc decides about its children itself: may replace)", async function () {
            this.timeout(120_000);
            const types = new Set<string>();
            for (const stack of ["dev", "prod"]) {
                const run = await stackRun(stack); // shared with other files (tests/helpers/program-runs.ts)
                run.registrations.filter((r) => r.custom || r.type === "awsx:ec2:Vpc").forEach((r) => types.add(r.type));
            }
            const missing = [...types].filter((t) => FORCE_NEW[t] === undefined).sort();
            assert.deepStrictEqual(missing, ["awsx:ec2:Vpc"]);
            assert.deepStrictEqual(replacementOf("awsx:ec2:Vpc", "cidrBlock"), { kind: "may-replace", note: "no force-new table for awsx:ec2:Vpc" });
        });

        it("answers per property with its source", () => {
            const cases: [string, string, string][] = [
                [RECORD, "name", "replace"], [RECORD, "weightedRoutingPolicies", "update"], [RECORD, "setIdentifier", "update"],
                ["aws:route53/healthCheck:HealthCheck", "requestInterval", "replace"], ["aws:route53/healthCheck:HealthCheck", "resourcePath", "update"],
                [TASK, "containerDefinitions", "replace"], [TASK, "tags", "update"],
                [SERVICE, "desiredCount", "update"], [SERVICE, "cluster", "replace"], [SERVICE, "deploymentController", "may-replace"],
                [DROPLET, "size", "update"], [DROPLET, "vpcUuid", "replace"],
                ["aws:lb/targetGroup:TargetGroup", "port", "replace"], ["aws:lb/targetGroup:TargetGroup", "healthCheck", "update"],
            ];
            for (const [type, property, kind] of cases) {
                const r = replacementOf(type, property);
                assert.strictEqual(r.kind, kind, `${type} ${property}`);
                assert.strictEqual(r.source, FORCE_NEW[type].source);
            }
        });
    });

    describe("trafficChanges", () => {
        const point = (service: string, hostname: string, fargate: number, canary: number, index: number, steps = [0, 5, 25, 50, 100]): TrafficPoint => ({
            service, hostname, steps,
            split: { legacyPercent: 100 - fargate, fargatePercent: fargate, canaryPercent: canary },
            commands: { advance: `pulumi config set --path 'migration:services[${index}].traffic.fargatePercent' 100 --stack prod`, rollBack: null, allToLegacy: null },
        });

        it("gives the split before and after, the step, skipped steps and the one-line revert", () => {
            const base = [point("web", "www.example.com", 25, 10, 0), point("api", "api.example.com", 5, 0, 1), point("old", "old.example.com", 0, 0, 2)];
            const head = [point("web", "www.example.com", 100, 20, 0), point("api", "api.example.com", 5, 0, 1), point("new", "new.example.com", 0, 0, 2)];
            assert.deepStrictEqual(trafficChanges(base, head, { project: "migration", stack: "prod" }), [
                {
                    hostname: "www.example.com", service: "web", status: "changed",
                    before: { legacyPercent: 75, fargatePercent: 25, canaryPercent: 10 }, after: { legacyPercent: 0, fargatePercent: 100, canaryPercent: 20 },
                    step: "25% → 100%, step 5 of 5 (0, 5, 25, 50, 100)", skipped: [50],
                    revert: "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 25 --stack prod && pulumi config set --path 'migration:services[0].fargate.canary.percent' 10 --stack prod",
                },
                {
                    hostname: "api.example.com", service: "api", status: "unchanged",
                    before: { legacyPercent: 95, fargatePercent: 5, canaryPercent: 0 }, after: { legacyPercent: 95, fargatePercent: 5, canaryPercent: 0 },
                    step: "5%, step 2 of 5 (0, 5, 25, 50, 100)", skipped: [], revert: null,
                },
                { hostname: "new.example.com", service: "new", status: "new", after: { legacyPercent: 100, fargatePercent: 0, canaryPercent: 0 }, step: "0%, step 1 of 5 (0, 5, 25, 50, 100)", skipped: [], revert: null },
                { hostname: "old.example.com", service: "old", status: "removed", before: { legacyPercent: 100, fargatePercent: 0, canaryPercent: 0 }, step: "removed", skipped: [], revert: null },
            ]);
        });
    });

    describe("trafficChanges: reverts that lead to a config the plan accepts", () => {
        const at = (fargate: number, canary: { percent: number; key?: "imageTag" | "image"; value?: string } | null): TrafficPoint => ({
            service: "web", hostname: "www.example.com", steps: [0, 5, 25, 50, 100],
            split: { legacyPercent: 100 - fargate, fargatePercent: fargate, canaryPercent: canary?.percent ?? 0 },
            commands: { advance: null, rollBack: "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 5 --stack prod", allToLegacy: null },
            canary: canary === null ? null : { key: canary.key ?? "imageTag", value: canary.value ?? "1.9.0" },
        });
        const change = (base: TrafficPoint, head: TrafficPoint) => trafficChanges([base], [head], { project: "migration", stack: "prod" })[0];

        it("an abandoned canary comes back whole: its image first, then its share", () => {
            assert.strictEqual(change(at(25, { percent: 10 }), at(25, null)).revert,
                "pulumi config set --path 'migration:services[0].fargate.canary.imageTag' 1.9.0 --stack prod && pulumi config set --path 'migration:services[0].fargate.canary.percent' 10 --stack prod");
            assert.strictEqual(change(at(25, { percent: 10, key: "image", value: "ghcr.io/acme/web:1.9.0" }), at(25, null)).revert,
                "pulumi config set --path 'migration:services[0].fargate.canary.image' ghcr.io/acme/web:1.9.0 --stack prod && pulumi config set --path 'migration:services[0].fargate.canary.percent' 10 --stack prod");
        });

        it("a new canary is reverted by removing it", () => {
            assert.strictEqual(change(at(25, null), at(25, { percent: 10 })).revert, "pulumi config rm --path 'migration:services[0].fargate.canary' --stack prod");
        });

        it("a canary removed in a saved plan that does not name its image gets no canary command", () => {
            const { canary: _dropped, ...old } = at(25, { percent: 10 });
            assert.strictEqual(change(old, at(5, null)).revert, "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 25 --stack prod");
        });

        it("a rollback skips nothing: only a move up is said to skip steps", () => {
            assert.deepStrictEqual([change(at(50, null), at(0, null)).skipped, change(at(50, null), at(0, null)).step], [[], "50% → 0%, step 1 of 5 (0, 5, 25, 50, 100)"]);
            assert.deepStrictEqual(change(at(0, null), at(50, null)).skipped, [5, 25]);
        });
    });

    describe("estimateCost: the managed databases the stack names", () => {
        const databases = [
            { name: "main", engine: "pg", size: "db-s-2vcpu-4gb", nodes: 2 },
            { name: "sessions", engine: "valkey", size: "db-s-1vcpu-2gb", nodes: 1 },
            { name: "reports", engine: "mysql", nodes: 1 },
        ];
        const cost = estimateCost({ resources: [], traffic: [], awsRegion: "us-east-1", databases });

        it("prices PostgreSQL and MySQL per node, on the legacy side, at every split", () => {
            const node = DIGITALOCEAN_ALL_REGIONS.prices["database:pg:db-s-2vcpu-4gb"].usd;
            assert.strictEqual(node, 60);
            assert.deepStrictEqual(cost.current.lines.map((l) => [l.service, l.side, l.item, l.quantity, l.usd]), [["(shared)", "legacy", "managed database main (pg, 2 × db-s-2vcpu-4gb)", 2, 2 * node]]);
            assert.strictEqual(cost.allFargate.rows.find((r) => r.service === "(shared)")!.legacy, 2 * node, "the database stays when the Droplets go");
        });

        it("names what it cannot price, and why", () => {
            assert.deepStrictEqual(cost.unpriced, [
                "managed database reports (mysql): legacy.databases size is not set; set size and nodes to price it",
                "managed database sessions (valkey, db-s-1vcpu-2gb): no price for database:valkey:db-s-1vcpu-2gb in the digitalocean table",
            ]);
        });
    });

    describe("estimateCost", () => {
        // One service "web" at 25 % Fargate with a 10 % canary, and the shared AWS pieces.
        const aws = AWS_US_EAST_1.prices;
        const doPrices = DIGITALOCEAN_ALL_REGIONS.prices;
        const r = (type: string, name: string, inputs: Record<string, unknown>, parent?: string): CostResource => ({ urn: URN(type, name), type, name, inputs, parent });
        const migration = r("migration:index:Migration", "migration-prod", {});
        const legacy = r("migration:legacy:Service", "migration-prod-web", {}, migration.urn);
        const fargate = r("migration:aws:FargateService", "migration-prod-web", {}, migration.urn);
        const resources: CostResource[] = [
            migration, legacy, fargate,
            r(DROPLET, "d1", { name: "web-1", size: "s-2vcpu-4gb", backups: true }, legacy.urn),
            r(DROPLET, "d2", { name: "web-2", size: "s-2vcpu-4gb", backups: true, backupPolicy: { plan: "weekly" } }, legacy.urn),
            r("digitalocean:index/loadBalancer:LoadBalancer", "lb", { name: "lb", sizeUnit: 2 }, legacy.urn),
            r("aws:route53/healthCheck:HealthCheck", "legacy-hc", { type: "HTTPS", ipAddress: "198.51.100.1", requestInterval: 10, tags: { service: "web" } }),
            r("aws:route53/healthCheck:HealthCheck", "fargate-hc", { type: "CLOUDWATCH_METRIC", tags: { service: "web" } }),
            r(TASK, "web-td", { family: "web", cpu: "512", memory: "1024", containerDefinitions: "[{\"image\":\"repo/web:1.0\"}]" }, fargate.urn),
            r(SERVICE, "web-stable", { name: "web", desiredCount: 2, taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/web:3" }, fargate.urn),
            r("aws:appautoscaling/target:Target", "web-scaling", { resourceId: "service/cluster/web", maxCapacity: 6 }, fargate.urn),
            r("aws:secretsmanager/secret:Secret", "web-secret", {}, fargate.urn),
            r("aws:cloudwatch/metricAlarm:MetricAlarm", "web-5xx", { name: "web-5xx", metricQueries: [{ id: "e", expression: "a/b" }, { id: "a", metric: { period: 60 } }, { id: "b", metric: { period: 60 } }] }, fargate.urn),
            r("aws:cloudwatch/logGroup:LogGroup", "web-logs", { name: "/ecs/web" }, fargate.urn),
            r("aws:lb/loadBalancer:LoadBalancer", "alb", { subnets: ["a", "b"] }),
            r("aws:lb/listenerRule:ListenerRule", "rule", {}),
            r("awsx:ec2:Vpc", "vpc", { natGateways: { strategy: "Single" }, numberOfAvailabilityZones: 2 }),
            r("aws:route53/zone:Zone", "zone", {}),
        ];
        const traffic = [{ service: "web", hostname: "www.example.com", fargatePercent: 25, canaryPercent: 10 }];
        const estimate = estimateCost({ resources, traffic, awsRegion: "us-east-1" });

        it("uses the price table's figures (the numbers below rely on them)", () => {
            assert.deepStrictEqual([doPrices["droplet:s-2vcpu-4gb"].usd, doPrices.backupsDailyShare.usd, doPrices.backupsWeeklyShare.usd, doPrices.loadBalancerNode.usd], [24, 0.3, 0.2, 12]);
            assert.deepStrictEqual([aws.fargateVcpuHourX86.usd, aws.fargateGbHourX86.usd, aws.albHour.usd, aws.albLcuHour.usd, aws.natGatewayHour.usd, aws.natGatewayGb.usd, aws.publicIpv4Hour.usd],
                [0.04048, 0.004445, 0.0225, 0.008, 0.045, 0.045, 0.005]);
            assert.deepStrictEqual([aws.route53HealthCheckNonAws.usd, aws.route53HealthCheckOptionNonAws.usd, aws.route53HealthCheckAws.usd, aws.secretsManagerSecret.usd, aws.alarmMetricStandard.usd, aws.logsIngestionGb.usd, aws.route53Zone.usd],
                [0.75, 2, 0.5, 0.4, 0.1, 0.5, 0.5]);
        });

        it("prices each side at the current split, by hand", () => {
            // Legacy: 24 + 30 % daily backups, 24 + 20 % weekly, 2 nodes × 12, HTTPS check 0.75 + 2 options × 2.
            // Every line is billed in whole cents, as the estimate shows it.
            const legacy = 24 + round(24 * 0.3) + 24 + round(24 * 0.2) + 2 * 12 + (0.75 + 2 * 2);
            // Fargate: 0.5 vCPU and 1 GB a task: (0.5 × 0.04048 + 1 × 0.004445) × 730 = 18.02005 a task.
            const task = (0.5 * 0.04048 + 1 * 0.004445) * 730;
            // + CloudWatch check 0.50, secret 0.40, alarm of 2 metrics 0.20, logs 5 GB × 25 % × 0.50.
            const aws = round(2 * task) + 0.5 + 0.4 + 0.2 + round(5 * 0.25 * 0.5);
            const awsAtMax = round(6 * task) + 0.5 + 0.4 + 0.2 + round(5 * 0.25 * 0.5);
            // Shared: ALB 730 × 0.0225, 2 addresses × 730 × 0.005, one NAT 730 × 0.045 + its address,
            // NAT data 2 tasks × 2 GB × 0.045, zone 0.50, and capacity units: 20 rps × 25 % × 40 KB
            // = 0.72 GB/h (more than 0.5 new connections/s ÷ 25) → 0.72 × 730 × 0.008.
            const shared = round(730 * 0.0225) + round(2 * 730 * 0.005) + round(730 * 0.045) + round(730 * 0.005) + round(2 * 2 * 0.045) + 0.5 + round(0.72 * 730 * 0.008);
            const rows = estimate.current.rows.map((x) => [x.service, round(x.legacy), round(x.aws), round(x.awsAtMax), round(x.total)]);
            assert.deepStrictEqual(rows, [
                ["web", round(legacy), round(aws), round(awsAtMax), round(legacy + aws)],
                [SHARED, 0, round(shared), round(shared), round(shared)],
                ["total", round(legacy), round(aws + shared), round(awsAtMax + shared), round(legacy + aws + shared)],
            ]);
            assert.deepStrictEqual(rows[0], ["web", 88.75, 37.77, 109.85, 126.52]);
            assert.strictEqual(round(estimate.current.rows[2].total), 191.63);
        });

        it("prices 100 % Fargate with the legacy side decommissioned", () => {
            const task = (0.5 * 0.04048 + 1 * 0.004445) * 730;
            const aws = round(2 * task) + 0.5 + 0.4 + 0.2 + 5 * 1 * 0.5;
            const shared = round(730 * 0.0225) + round(2 * 730 * 0.005) + round(730 * 0.045) + round(730 * 0.005) + round(2 * 2 * 0.045) + 0.5 + round(2.88 * 730 * 0.008);
            assert.deepStrictEqual(estimate.allFargate.rows.map((x) => [x.service, round(x.legacy), round(x.aws)]), [
                ["web", 0, round(aws)], [SHARED, 0, round(shared)], ["total", 0, round(aws + shared)],
            ]);
        });

        it("reads overrides from <project>:costAssumptions, per service too, and names a bad one", () => {
            const assumptions = costAssumptionsOf({ "migration:costAssumptions": JSON.stringify({ requestsPerSecond: 100, services: { web: { logGbPerMonth: 40 } } }) }, "migration");
            assert.deepStrictEqual(assumptions, { ...DEFAULT_ASSUMPTIONS, requestsPerSecond: 100, services: { web: { logGbPerMonth: 40 } } });
            const busy = estimateCost({ resources, traffic, awsRegion: "us-east-1" }, assumptions);
            const line = (item: string) => busy.current.lines.find((l) => l.item.startsWith(item))!;
            assert.strictEqual(round(line("CloudWatch Logs ingestion").usd), round(40 * 0.25 * 0.5));
            // 100 rps × 25 % × 40 KB × 3600 = 3.6 GB/h.
            assert.strictEqual(round(line("ALB capacity units").usd), round(3.6 * 730 * 0.008));
            assert.deepStrictEqual(costAssumptionsOf({}, "migration"), DEFAULT_ASSUMPTIONS);
            assert.throws(() => costAssumptionsOf({ "migration:costAssumptions": JSON.stringify({ kbPerRequest: -1, requests: 3 }) }, "migration"), {
                name: "CostAssumptionsError",
                message: "migration:costAssumptions.kbPerRequest: -1 is below 0; allowed KB per request, 0 or more\n" +
                    "migration:costAssumptions.requests: unknown key (did you mean requestsPerSecond?); allowed hoursPerMonth, natGbPerTaskMonth, releaseRunsPerMonth, releaseRunMinutes, databaseGbPerMonth, requestsPerSecond, kbPerRequest, requestsPerConnection, logGbPerMonth, services",
            });
            assert.ok(CostAssumptionsError.prototype instanceof Error);
        });

        it("says what it cannot price instead of guessing", () => {
            const odd = estimateCost({ resources: [r(DROPLET, "d", { size: "s-99vcpu" }), r("aws:route53/zone:Zone", "z", {})], traffic: [], awsRegion: "eu-west-1" });
            assert.deepStrictEqual(odd.unpriced, [
                "Droplet d: no price for droplet:s-99vcpu in the digitalocean table",
                "Route 53 hosted zone: no AWS price table for region eu-west-1 (tables: us-east-1)",
            ]);
            assert.deepStrictEqual(odd.current.rows.map((x) => x.total), [0, 0]);
        });
    });

    describe("Mermaid diagrams", () => {
        const r = (type: string, name: string, inputs: Record<string, unknown>, parent?: string): CostResource => ({ urn: URN(type, name), type, name, inputs, parent });
        const migration = r("migration:index:Migration", "migration-prod", {});
        const legacy = r("migration:legacy:Service", "migration-prod-web", {}, migration.urn);
        const fargate = r("migration:aws:FargateService", "migration-prod-web", {}, migration.urn);
        const side = (size: string, tag: string) => [
            migration, legacy, fargate,
            r(DROPLET, "web-droplet-1", { name: "web-1", size }, legacy.urn),
            r("digitalocean:index/loadBalancer:LoadBalancer", "web-lb", { name: "migration-prod-web" }, legacy.urn),
            r(TASK, "migration-prod-web-stable", { family: "web", containerDefinitions: JSON.stringify([{ image: `repo/web:${tag}` }]) }, fargate.urn),
            r(SERVICE, "migration-prod-web-stable", { name: "web", desiredCount: 3, taskDefinition: "arn:task-definition/web:1" }, fargate.urn),
            r(TASK, "migration-prod-web-canary", { family: "web-canary", containerDefinitions: JSON.stringify([{ image: "repo/web:2.0" }]) }, fargate.urn),
            r(SERVICE, "migration-prod-web-canary", { name: "web-canary", desiredCount: 1, taskDefinition: "arn:task-definition/web-canary:1" }, fargate.urn),
        ];
        const split = (fargatePercent: number, canaryPercent: number) => ({ legacyPercent: 100 - fargatePercent, fargatePercent, canaryPercent });

        it("draws Route 53 → DigitalOcean LB → Droplets and Route 53 → ALB → stable / canary, with weights before → after", () => {
            const [diagram] = hostDiagrams(
                { resources: side("s-4vcpu-8gb", "1.9.0"), traffic: [{ service: "web", hostname: "www.example.com", split: split(50, 10) }] },
                { resources: side("s-2vcpu-4gb", "1.8.0"), traffic: [{ service: "web", hostname: "www.example.com", split: split(25, 10) }] },
            );
            assert.strictEqual(mermaidSource(diagram), [
                "flowchart LR",
                "  dns[\"Route 53: www.example.com\"]",
                "  dns -->|\"legacy 75% → 50%\"| lb[\"DigitalOcean LB migration-prod-web\"]",
                "  lb --> d0[\"web-1 (s-2vcpu-4gb) → (s-4vcpu-8gb)\"]",
                "  dns -->|\"Fargate 25% → 50%\"| alb[\"ALB (shared)\"]",
                "  alb -->|\"stable 90%\"| stable[\"ECS web: 1.8.0 × 3 → 1.9.0 × 3\"]",
                "  alb -->|\"canary 10% of Fargate (2.5% → 5% of all)\"| canary[\"ECS web-canary: 2.0 × 1\"]",
            ].join("\n"));
        });

        it("draws only the sides that exist, without a base", () => {
            const fargateOnly = side("s-1vcpu-2gb", "3.0").filter((x) => !x.type.startsWith("digitalocean:") && !x.name.endsWith("-canary"));
            const [diagram] = hostDiagrams({ resources: fargateOnly, traffic: [{ service: "web", hostname: "www.example.com", split: split(100, 0) }] });
            assert.strictEqual(mermaidSource(diagram), [
                "flowchart LR",
                "  dns[\"Route 53: www.example.com\"]",
                "  dns -->|\"Fargate 100%\"| alb[\"ALB (shared)\"]",
                "  alb -->|\"stable 100%\"| stable[\"ECS web: 3.0 × 3\"]",
            ].join("\n"));
        });
    });
});
