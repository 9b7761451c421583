import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PolicyAnalyzer, PolicyConfigError, resolvePolicyConfig, validateJsonSchema } from "../../tools/offline/analyzer";
import { CATALOG } from "../../policies/catalog";
import * as change from "../../policies/rules/change";
import * as networking from "../../policies/rules/networking";
import * as notifications from "../../policies/rules/notifications";
import * as platform from "../../policies/rules/platform";
import * as databases from "../../policies/rules/databases";
import * as secrets from "../../policies/rules/secrets";
import * as sizing from "../../policies/rules/sizing";
import * as traffic from "../../policies/rules/traffic";
import * as workloads from "../../policies/rules/workloads";
import { PACK_DIR, res } from "./helpers";

const readConfig = (stack: string) => JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${stack}.json`), "utf8")) as Record<string, unknown>;

describe("policies: the pack and its config", function () {
    let analyzer: PolicyAnalyzer;
    before(async () => {
        analyzer = await PolicyAnalyzer.shared(PACK_DIR);
    });

    it("serves every rule, kebab-case and concern-prefixed, advisory by default, with a one-sentence description", async () => {
        const info = await analyzer.info();
        assert.strictEqual(info.name, "migration-guardrails");
        assert.deepStrictEqual(info.policies.map((p) => `${p.name} ${p.type} ${p.enforcementLevel}`), [
            "networking-ecs-no-public-ip resource advisory",
            "networking-awsx-vpc-private-subnets resource advisory",
            "networking-ecs-private-subnets stack advisory",
            "networking-ecs-ingress-from-alb-only stack advisory",
            "networking-no-world-ingress stack advisory",
            "networking-do-firewall-no-world-admin-ports resource advisory",
            "networking-do-firewall-app-from-lb resource advisory",
            "networking-do-droplet-in-vpc resource advisory",
            "networking-do-droplet-firewalled stack advisory",
            "networking-public-endpoints stack advisory",
            "networking-database-not-public stack advisory",
            "sizing-fargate-task-size resource advisory",
            "sizing-container-reservations resource advisory",
            "sizing-service-capacity stack advisory",
            "sizing-stack-ceilings resource advisory",
            "sizing-droplet-size-allowlist resource advisory",
            "sizing-subnet-address-room stack advisory",
            "secrets-no-plaintext-env resource advisory",
            "secrets-value-from-arn resource advisory",
            "secrets-user-data resource advisory",
            "secrets-ssm-parameter-secure-string resource advisory",
            "secrets-no-plaintext-values resource advisory",
            "secrets-resource-policy-not-public resource advisory",
            "secrets-secret-string-not-exposed stack advisory",
            "secrets-execution-role-scope stack advisory",
            "traffic-weighted-record-health-check stack advisory",
            "traffic-health-check-active stack advisory",
            "traffic-weighted-record-weights stack advisory",
            "traffic-health-check-sees-failure stack advisory",
            "traffic-alb-keeps-split stack advisory",
            "traffic-shares-wait-for-tasks stack advisory",
            "traffic-target-health-matcher resource advisory",
            "traffic-weighted-record-ttl stack advisory",
            "traffic-prod-service-resilience resource advisory",
            "traffic-prod-autoscaling-minimum stack advisory",
            "traffic-legacy-record-target stack advisory",
            "traffic-legacy-protected resource advisory",
            "platform-alb-http-redirects-to-https stack advisory",
            "platform-alb-tls-policy resource advisory",
            "platform-alb-drop-invalid-headers resource advisory",
            "platform-alb-deletion-protection resource advisory",
            "platform-ecr-immutable-tags resource advisory",
            "platform-ecr-scan-on-push resource advisory",
            "platform-iam-task-roles-no-wildcards stack advisory",
            "platform-log-group-retention resource advisory",
            "platform-notifications-required stack advisory",
            "platform-security-group-descriptions resource advisory",
            "workloads-private-no-ingress stack advisory",
            "workloads-job-single-owner stack advisory",
            "workloads-worker-runs-somewhere stack advisory",
            "workloads-stack-ceilings stack advisory",
            "database-storage-encrypted resource advisory",
            "database-iam-authentication resource advisory",
            "database-recoverable resource advisory",
            "database-dms-endpoint-secured resource advisory",
        ]);
        for (const p of info.policies) {
            assert.match(p.name, /^(networking|sizing|secrets|traffic|platform|workloads|database)-[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.match(p.description, /^[A-Z][^.]*(\.[^ .][^.]*)*\.$/, p.name);
            assert.ok(p.configSchema !== undefined, `${p.name} has a configSchema`);
            for (const [key, schema] of Object.entries(p.configSchema.properties)) {
                assert.notStrictEqual(schema.default, undefined, `${p.name}.${key} has a default`);
            }
        }
    });

    for (const [stack, level] of [["dev", "advisory"], ["prod", "mandatory"]] as const) {
        it(`policies/config/${stack}.json is valid against every configSchema and makes every rule ${level}`, async () => {
            const config = readConfig(stack);
            const resolved = resolvePolicyConfig(await analyzer.info(), config);
            assert.deepStrictEqual([...new Set(Object.values(resolved).map((c) => c.enforcementLevel))], [level]);
            await analyzer.configure(config);
            const diagnostics = await analyzer.analyze(res("aws:ecs/service:Service", "web", { desiredCount: 1, networkConfiguration: { assignPublicIp: true } }));
            assert.deepStrictEqual(diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel}`), stack === "dev"
                ? ["networking-ecs-no-public-ip advisory"]
                : ["networking-ecs-no-public-ip mandatory"]);
        });
    }

    it("prod turns on the prod-only rules that dev leaves off", async () => {
        const droplet = res("digitalocean:index/droplet:Droplet", "web-prod-1", { size: "s-4vcpu-8gb", vpcUuid: "vpc-1" }, { options: { protect: false } });
        await analyzer.configure(readConfig("dev"));
        assert.deepStrictEqual((await analyzer.analyze(droplet)).map((d) => d.policyName), ["sizing-droplet-size-allowlist"]);
        await analyzer.configure(readConfig("prod"));
        assert.deepStrictEqual((await analyzer.analyze(droplet)).map((d) => d.policyName), ["traffic-legacy-protected"]);
    });

    it("serves exactly the catalog, in its order; every rule module's policy is in it, prefixed by its concern, with public sources", async () => {
        const info = await analyzer.info();
        assert.deepStrictEqual(info.policies.map((p) => p.name), CATALOG.map((e) => e.policy.name));
        const exported = [change, networking, notifications, platform, secrets, sizing, traffic, workloads, databases].flatMap((m) => Object.values(m) as unknown[])
            .filter((v): v is { name: string } => typeof v === "object" && v !== null && "name" in v && ("validateResource" in v || "validateStack" in v));
        assert.deepStrictEqual(exported.map((p) => p.name).sort(), CATALOG.map((e) => e.policy.name).sort(), "a rule left out of the catalog would never run");
        for (const entry of CATALOG) {
            assert.ok(entry.policy.name.startsWith(`${entry.concern}-`), entry.policy.name);
            for (const source of entry.sources) {
                assert.match(source.url, /^https:\/\//, `${entry.policy.name}: ${source.name}`);
            }
        }
        assert.deepStrictEqual(CATALOG.filter((e) => e.concern === "platform" && !e.sources.some((s) => s.kind === "rule")).map((e) => e.policy.name), [],
            "every platform rule names the public rule it comes from");
        assert.deepStrictEqual(CATALOG.filter((e) => e.sources.length === 0).map((e) => e.policy.name),
            ["sizing-stack-ceilings", "sizing-droplet-size-allowlist", "traffic-legacy-record-target"], "only this project's own limits have no public source");
    });

    for (const stack of ["dev", "prod"]) {
        it(`policies/config/${stack}.json keeps the autoscaling floor equal to the resilience minimum`, () => {
            const config = readConfig(stack) as Record<string, { enabled?: boolean; minCapacity?: number; minDesiredCount?: number }>;
            const resilience = config["traffic-prod-service-resilience"];
            const autoscaling = config["traffic-prod-autoscaling-minimum"];
            assert.strictEqual(autoscaling.enabled, resilience.enabled);
            assert.strictEqual(autoscaling.minCapacity ?? 2, resilience.minDesiredCount ?? 2);
        });
    }

    it("rejects config the engine would reject, and names unknown policies and properties", async () => {
        const names = (await analyzer.info()).policies.map((p) => p.name).join(", ");
        await assert.rejects(analyzer.configure({
            "sizing-stack-ceilings": { maxTaskCpu: "lots", maxDesiredCount: 0 },
            "networking-no-world-ingress": "strict",
            "traffic-weighted-record-ttl": { maxTTL: 30 },
            "sizing-ceilings": "mandatory",
        }), (err: unknown) => {
            assert.ok(err instanceof PolicyConfigError);
            assert.deepStrictEqual(err.problems, [
                'networking-no-world-ingress: "strict" is not an enforcement level; allowed advisory, mandatory, disabled, remediate',
                `sizing-ceilings: the pack has no such policy; did you mean sizing-stack-ceilings? (its ${names.split(", ").length} policies are listed in docs/policies.md)`,
                "sizing-stack-ceilings.maxDesiredCount: 0 is below the minimum 1",
                'sizing-stack-ceilings.maxTaskCpu: expected integer, found "lots"',
                "traffic-weighted-record-ttl.maxTTL: unknown property (did you mean maxTtlSeconds?); allowed maxTtlSeconds",
            ]);
            return true;
        });
    });

    it("applies `all` before each policy's own level, and `disabled` silences a rule", async () => {
        await analyzer.configure({ all: "mandatory", "networking-ecs-no-public-ip": "disabled", "traffic-prod-service-resilience": { enforcementLevel: "advisory", enabled: true } });
        const diagnostics = await analyzer.analyze(res("aws:ecs/service:Service", "web", { desiredCount: 3, loadBalancers: [{}], networkConfiguration: { assignPublicIp: true }, deploymentCircuitBreaker: { enable: true, rollback: true }, alarms: { enable: true, rollback: true, alarmNames: ["a"] }, }));
        assert.deepStrictEqual(diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel}`), []);
        const fragile = await analyzer.analyze(res("aws:ecs/service:Service", "web", { desiredCount: 1, loadBalancers: [{}], deploymentCircuitBreaker: { enable: true, rollback: true }, alarms: { enable: true, rollback: true, alarmNames: ["a"] } }));
        assert.deepStrictEqual(fragile.map((d) => `${d.policyName} ${d.enforcementLevel}`), ["traffic-prod-service-resilience advisory"]);
    });

    it("validateJsonSchema covers the keywords the pack's schemas use", () => {
        assert.deepStrictEqual(validateJsonSchema({ type: "array", items: { type: "integer", minimum: 1 }, uniqueItems: true, minItems: 2 }, [0, 0], "x"), [
            "x: has duplicate items", "x[0]: 0 is below the minimum 1", "x[1]: 0 is below the minimum 1",
        ]);
        assert.deepStrictEqual(validateJsonSchema({ type: "string", pattern: "^[a-z]+$" }, "A", "y"), ['y: "A" does not match ^[a-z]+$']);
        assert.deepStrictEqual(validateJsonSchema({ type: "number", maximum: 4 }, 2.5, "z"), []);
    });

    it("validateJsonSchema reports every problem a JSON Schema validator finds, each named by its path", () => {
        const schema = {
            type: "object",
            properties: {
                level: { type: "string", enum: ["low", "high"] },
                name: { type: "string", minLength: 2, maxLength: 4 },
                ports: { type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, maxItems: 2 },
                cidr: { type: "string", format: "ipv4" },
                nested: { type: "object", properties: { ttl: { type: ["integer", "null"] } }, required: ["ttl"], additionalProperties: false },
            },
            required: ["level"],
            additionalProperties: false,
        };
        assert.deepStrictEqual(validateJsonSchema(schema, { name: "a", ports: [0, 2, 70000], cidr: "10.0.0.300", nested: { ttl: "60", tll: 5 }, extra: true }, "p"), [
            'p.cidr: "10.0.0.300" is not a valid ipv4',
            "p.extra: unknown property; allowed level, name, ports, cidr, nested",
            "p.level: is required",
            'p.name: "a" is shorter than 2',
            "p.nested.tll: unknown property (did you mean ttl?); allowed ttl",
            'p.nested.ttl: expected integer or null, found "60"',
            "p.ports: has 3 items, more than 2",
            "p.ports[0]: 0 is below the minimum 1",
            "p.ports[2]: 70000 is above the maximum 65535",
        ]);
        assert.deepStrictEqual(validateJsonSchema(schema, { level: "mid", name: "abcde" }, "p"), [
            'p.level: "mid" is not one of "low", "high"',
            'p.name: "abcde" is longer than 4',
        ]);
        // A value of the wrong type is only that: its other keywords are not reported as well.
        assert.deepStrictEqual(validateJsonSchema({ type: "string", enum: ["a", "b"], minLength: 3 }, 3, "q"), ["q: expected string, found 3"]);
    });
});
