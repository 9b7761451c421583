// The offline plan is as strict as the providers: both stacks plan clean
// with every physical name within its limit, a stack at long allowed names
// does too, and an input a provider refuses fails the plan like a
// `pulumi preview` error (exit 2, every broken rule named), also in --preview.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { main } from "../tools/plan/cli";
import { buildPlan, ProviderRulesError } from "../tools/plan/plan";
import { runProgram, type ProgramRun, type Registration } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { physicalName } from "../tools/offline/autonaming";
import { checkRegistrations, PROVIDER_RULES, providerRulesReport, type ProviderRuleViolation } from "../tools/offline/provider-rules";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

/** The limit of each physical name the program sets or lets a provider make (the rules table has the sources). */
const NAME_LIMITS: Record<string, number> = {
    "aws:lb/loadBalancer:LoadBalancer": 32,
    "aws:lb/targetGroup:TargetGroup": 32,
    "aws:iam/role:Role": 64,
    "aws:iam/rolePolicy:RolePolicy": 128,
    "aws:ecs/cluster:Cluster": 255,
    "aws:ecs/service:Service": 255,
    "aws:ecr/repository:Repository": 256,
    "aws:cloudwatch/logGroup:LogGroup": 512,
    "aws:cloudwatch/metricAlarm:MetricAlarm": 255,
    "aws:ec2/securityGroup:SecurityGroup": 255,
    "aws:secretsmanager/secret:Secret": 512,
    "aws:appautoscaling/policy:Policy": 256,
    // DigitalOcean names are DNS labels by the program's own budget (components/legacy/naming.ts).
    "digitalocean:index/droplet:Droplet": 63,
    "digitalocean:index/loadBalancer:LoadBalancer": 63,
    "digitalocean:index/firewall:Firewall": 63,
    "digitalocean:index/vpc:Vpc": 63,
    "digitalocean:index/project:Project": 63,
    "digitalocean:index/tag:Tag": 255,
};

/** Every physical name of the run, as the providers will make it. */
function physicalNames(run: ProgramRun): { type: string; name: string; physical: string }[] {
    return run.registrations.filter((r) => r.custom && NAME_LIMITS[r.type] !== undefined).map((r: Registration) => {
        const made = physicalName(r.type, r.name, r.inputs.name, r.inputs.namePrefix);
        assert.ok(made.kind === "given" || made.kind === "auto", `${r.urn}: ${JSON.stringify(made)}`);
        return { type: r.type, name: r.name, physical: made.name };
    });
}

function overLimit(run: ProgramRun): string[] {
    return physicalNames(run).filter((n) => n.physical.length > NAME_LIMITS[n.type]).map((n) => `${n.type} ${n.physical} (${n.physical.length})`);
}

describe("offline plan: provider rules", function () {
    this.timeout(180_000);

    for (const stack of ["dev", "prod"]) {
        for (const preview of [false, true]) {
            it(`${stack}${preview ? " (preview)" : ""}: breaks no provider rule, the ALB named within 32 characters`, async () => {
                const raw = readStackConfig(ROOT, stack);
                const run = await runProgram(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw), preview, { refusals: "record" }), preview });
                assert.deepStrictEqual(checkRegistrations(run.registrations), []);
                const alb = run.registrations.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")!;
                assert.strictEqual(alb.inputs.name, `migration-${stack}-alb`);
                if (!preview) {
                    assert.deepStrictEqual(overLimit(run), []);
                    // dev: 48 names before notifications and rollouts, 4 health-check alarms and ECS's load-balancer role, and its moving
                    // database's two roles (dms-vpc-role, the DMS login reader), a role policy, two security groups, two secrets and two alarms;
                    // prod: 49 and the 4 alarms; then the worker's, the job's and the release task's (prod: the worker's Droplet project and tag too).
                    assert.strictEqual(physicalNames(run).length, stack === "dev" ? 48 + 4 + 1 + 7 + 2 + 29 : 49 + 4 + 31);
                }
            });
        }
    }

    describe("a stack with a 30-character project, a 20-character stack and 16-character services", () => {
        const PROJECT = "checkout-platform-migration-01";
        const STACK = "staging-eu-central-1";
        const SERVICES = ["storefront-webui", "payments-api-svc"];
        /** dev's worker, scheduled job and release task, renamed to 16 characters too. */
        const WORKLOADS = ["mailer-worker-01", "nightly-report-1", "migrate-database"];
        let plan: Awaited<ReturnType<typeof buildPlan>>;

        before(async () => {
            assert.deepStrictEqual([PROJECT.length, STACK.length, ...SERVICES.map((s) => s.length)], [30, 20, 16, 16]);
            // The dev stack, renamed: a project of its own (Pulumi.yaml) and its stack file re-keyed.
            const root = fs.mkdtempSync(path.join(os.tmpdir(), "long-names-"));
            const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
            project.name = PROJECT;
            fs.writeFileSync(path.join(root, "Pulumi.yaml"), stringify(project));
            const dev = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            const config: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(dev.config as Record<string, unknown>)) {
                config[key.replace(/^migration:/, `${PROJECT}:`)] = value;
            }
            const services = config[`${PROJECT}:services`] as { name: string; processOf?: string }[];
            services.forEach((s, i) => { s.name = SERVICES[i] ?? WORKLOADS[i - SERVICES.length]; });
            // The worker, the job and the release task run the first service's image.
            services.forEach((s) => { if (s.processOf !== undefined) s.processOf = SERVICES[0]; });
            fs.writeFileSync(path.join(root, `Pulumi.${STACK}.yaml`), stringify({ config }));
            plan = await buildPlan({ stack: STACK, root, policyConfigFile: path.join(ROOT, "policies", "config", "dev.json") });
        });

        it("plans: the program and the rules table accept every resource", () => {
            assert.strictEqual(plan.project, PROJECT);
            assert.strictEqual(plan.stack, STACK);
            assert.deepStrictEqual(checkRegistrations(plan.run.registrations), []);
        });

        it("fits every physical name in its limit", () => {
            assert.deepStrictEqual(overLimit(plan.run), []);
            const named = (type: string) => physicalNames(plan.run).filter((n) => n.type === type).map((n) => n.physical).sort();
            assert.deepStrictEqual(named("aws:lb/loadBalancer:LoadBalancer"), ["checkout-platform-migrati-bf78fb"]);
            assert.deepStrictEqual(named("aws:iam/role:Role"), [
                "checkout-platform-migration-01-staging-eu-central-1-ecs-lb",
                "checkout-platform-migration-01-staging-eu-central-1-maile-d80f22",
                "checkout-platform-migration-01-staging-eu-central-1-maile-e0d5eb",
                "checkout-platform-migration-01-staging-eu-central-1-main-4d22ae",
                "checkout-platform-migration-01-staging-eu-central-1-migra-658a6a",
                "checkout-platform-migration-01-staging-eu-central-1-migra-80079b",
                "checkout-platform-migration-01-staging-eu-central-1-night-1003f5",
                "checkout-platform-migration-01-staging-eu-central-1-night-98787f",
                "checkout-platform-migration-01-staging-eu-central-1-night-c268b8",
                "checkout-platform-migration-01-staging-eu-central-1-night-e06604",
                "checkout-platform-migration-01-staging-eu-central-1-payme-38b9c1",
                "checkout-platform-migration-01-staging-eu-central-1-payme-958fac",
                "checkout-platform-migration-01-staging-eu-central-1-store-502d87",
                "checkout-platform-migration-01-staging-eu-central-1-store-c9703f",
                "dms-vpc-role",
            ]);
            assert.deepStrictEqual(named("digitalocean:index/project:Project"), [
                "checkout-platform-migration-01-staging-eu-central-1-paym-1b3f03",
                "checkout-platform-migration-01-staging-eu-central-1-stor-53806f",
            ]);
            for (const name of named("aws:lb/targetGroup:TargetGroup")) {
                assert.ok(name.length <= 32, name);
            }
        });
    });

    describe("an input a provider refuses fails the plan with exit 2, every broken rule named", () => {
        // Config allows a variable name of any length; SSM refuses the parameter
        // name it makes (1011 characters) and its description (1024).
        const services = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config["migration:services"];
        const variable = `DATABASE_URL_${"X".repeat(1000)}`;
        services[0].fargate.secrets = { [variable]: { config: "webDatabaseUrl" } };
        // Without the database's URL variable the move's cut-over would have nothing to switch: the case leaves the database out.
        services[0].fargate.egress = [];
        const rule = (id: string) => PROVIDER_RULES.find((r) => r.id === id)!;
        const resource = `migration-dev-web-secret-${variable.toLowerCase().replace(/_/g, "-")}`;
        const urn = `urn:pulumi:dev::migration::migration:index:Migration$migration:aws:FargateService$aws:ssm/parameter:Parameter::${resource}`;
        const shown = (text: string) => `${JSON.stringify(`${text.slice(0, 97)}...`)} (${text.length} characters)`;
        const parameterName = `/migration-dev/web/${variable}`;
        const description = `web ${variable} (from migration:webDatabaseUrl)`;
        const expected: ProviderRuleViolation[] = [
            {
                rule: "ssm-parameter-name", type: "aws:ssm/parameter:Parameter", name: resource, urn,
                property: "name", value: JSON.stringify(parameterName), limit: rule("ssm-parameter-name").limit, source: rule("ssm-parameter-name").source,
            },
            {
                rule: "ssm-parameter-description", type: "aws:ssm/parameter:Parameter", name: resource, urn,
                property: "description", value: shown(description), limit: "at most 1024 characters", source: rule("ssm-parameter-description").source,
            },
        ];

        for (const preview of [false, true]) {
            // The CLI's main() in this process, output captured, not on a terminal (tests/plan.test.ts runs the CLI as a process of its own: exit 2, stderr alone).
            it(`the CLI${preview ? " with --preview" : ""}`, async () => {
                const child = { status: 0, stdout: "", stderr: "" };
                child.status = await main(["--stack", "dev", ...(preview ? ["--preview"] : []), "--config", `migration:services=${JSON.stringify(services)}`], {
                    stdout: (t) => { child.stdout += t; }, stderr: (t) => { child.stderr += t; }, progress: false,
                });
                assert.strictEqual(child.status, 2, child.stdout + child.stderr);
                assert.strictEqual(child.stdout, "");
                assert.strictEqual(child.stderr, `error: ${providerRulesReport(expected)}\n`);
                assert.ok(child.stderr.startsWith("error: 2 inputs the providers would refuse; `pulumi preview` or `pulumi up` would fail:\n"));
                assert.ok(child.stderr.includes(`    name: ${JSON.stringify(parameterName)}; allowed ${rule("ssm-parameter-name").limit} (rule ssm-parameter-name; ${rule("ssm-parameter-name").source})\n`));
            });
        }

        it("buildPlan throws the violations, before any policy runs", async () => {
            const err = await buildPlan({ stack: "dev", overrides: { config: { "migration:services": JSON.stringify(services) } } }).then(() => undefined, (e: unknown) => e);
            assert.ok(err instanceof ProviderRulesError, String(err));
            assert.deepStrictEqual(err.violations, expected);
        });
    });
});
