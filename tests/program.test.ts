// The real program (index.ts) under mocks: how the components are wired
// together, what the stack exports, and properties of the whole graph.
import * as assert from "assert";
import * as path from "path";
import { fromWire, isSecretValue, ProgramRun, Registration, runProgram } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig, secretPlaceholder, StackFileOverrides } from "../tools/stack-file";
import { parse as parseYaml } from "yaml";
import { stackRun } from "./helpers/program-runs";

const ROOT = path.resolve(__dirname, "..");

async function run(stack: string, overrides?: StackFileOverrides): Promise<ProgramRun> {
    if (overrides === undefined) {
        return stackRun(stack); // the committed stack's run, shared with other files (tests/helpers/program-runs.ts)
    }
    const raw = readStackConfig(ROOT, stack, overrides);
    return runProgram(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) });
}

function countByType(r: ProgramRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const reg of r.registrations) {
        counts[reg.type] = (counts[reg.type] ?? 0) + 1;
    }
    return counts;
}

function named(r: ProgramRun, type: string, name: string): Registration {
    const found = r.registrations.find((x) => x.type === type && x.name === name);
    assert.ok(found, `${type} ${name} not registered`);
    return found;
}

/** Every string anywhere in a wire value, except inside secrets. */
function plainStrings(value: unknown, out: string[] = []): string[] {
    if (isSecretValue(value)) {
        return out;
    }
    if (typeof value === "string") {
        out.push(value);
    } else if (Array.isArray(value)) {
        value.forEach((v) => plainStrings(v, out));
    } else if (typeof value === "object" && value !== null) {
        Object.values(value).forEach((v) => plainStrings(v, out));
    }
    return out;
}

describe("the program (index.ts under mocks)", function () {
    this.timeout(60_000);

    it("keeps every listener rule's priority when the services are reordered (no PriorityInUse on reorder)", async () => {
        const priorities = (r: ProgramRun) => Object.fromEntries(r.registrations.filter((x) => x.type === "aws:lb/listenerRule:ListenerRule").map((x) => [x.name, (fromWire(x.inputs) as { priority: number }).priority]));
        const services = JSON.parse(readStackConfig(ROOT, "dev").values["migration:services"]) as unknown[];
        const reordered = await run("dev", { config: { "migration:services": JSON.stringify([...services].reverse()) } });
        const before = priorities(await run("dev"));
        // web's production rule answers its health-check hostname too (ECS rollout); api has a routing and a health rule.
        assert.strictEqual(Object.keys(before).length, 3);
        assert.deepStrictEqual(priorities(reordered), before);
    });

    for (const stack of ["dev", "prod"]) {
        describe(`${stack} stack`, () => {
            let r: ProgramRun;
            before(async () => { r = await run(stack); });

            it("builds one Migration with the shared pieces and, per service, legacy, Fargate and routing components", () => {
                // Registration order follows the SDK's async preparation: compare as sets.
                const components = r.registrations.filter((x) => !x.custom && x.type !== "awsx:ec2:Vpc").map((x) => [x.type, x.name]).sort();
                assert.deepStrictEqual(components, [
                    ["pulumi:pulumi:Stack", `migration-${stack}`],
                    ["migration:index:Migration", `migration-${stack}`],
                    ["migration:dns:Zone", `migration-${stack}-dns`],
                    ["migration:legacy:Foundation", `migration-${stack}-legacy`],
                    ["migration:aws:Network", `migration-${stack}-network`],
                    ["migration:aws:Platform", `migration-${stack}-platform`],
                    ["migration:aws:Notifications", `migration-${stack}-notifications`],
                    ["migration:legacy:Service", `migration-${stack}-web`],
                    ["migration:aws:FargateService", `migration-${stack}-web`],
                    ["migration:traffic:Routing", `migration-${stack}-web`],
                    ["migration:aws:FargateRevision", `migration-${stack}-web-stable`],
                    ["migration:legacy:Service", `migration-${stack}-api`],
                    ["migration:aws:FargateService", `migration-${stack}-api`],
                    ["migration:aws:FargateRevision", `migration-${stack}-api-stable`],
                    ["migration:traffic:Routing", `migration-${stack}-api`],
                    ["migration:aws:Dashboard", `migration-${stack}-dashboard`],
                    ["migration:legacy:DatabaseAccess", `migration-${stack}-db-main`],
                    // dev's database moves to RDS (replicate): its target and replication, and the account's DMS role.
                    ...(stack === "dev" ? [["migration:aws:Database", "migration-dev-rds-main"], ["migration:aws:DmsVpcRole", "migration-dev-dms-vpc-role"]] : []),
                    // The worker (its Droplets in prod), the scheduled job and the release task.
                    ...(stack === "prod" ? [["migration:legacy:Worker", "migration-prod-mailer"]] : []),
                    ["migration:aws:FargateWorker", `migration-${stack}-mailer`],
                    ["migration:aws:ScheduledJob", `migration-${stack}-nightly-report`],
                    ["migration:aws:ReleaseTask", `migration-${stack}-migrate`],
                ].sort());
            });

            it("gives every resource a unique URN under the Migration component (the us-east-1 provider at the root: a targeted up always steps it)", () => {
                const urns = r.registrations.map((x) => x.urn);
                assert.strictEqual(new Set(urns).size, urns.length);
                const migration = named(r, "migration:index:Migration", `migration-${stack}`);
                const stackUrn = named(r, "pulumi:pulumi:Stack", `migration-${stack}`).urn;
                assert.deepStrictEqual(r.registrations.filter((x) => x.parent === stackUrn).map((x) => `${x.type} ${x.name}`).sort(), [
                    `migration:index:Migration migration-${stack}`, `pulumi:providers:aws migration-${stack}-us-east-1`,
                ]);
                const byUrn = new Map(r.registrations.map((x) => [x.urn, x]));
                for (const reg of r.registrations.filter((x) => x.type !== "pulumi:pulumi:Stack" && x !== migration && x.name !== `migration-${stack}-us-east-1`)) {
                    let ancestor = reg.parent ? byUrn.get(reg.parent) : undefined;
                    while (ancestor && ancestor !== migration) {
                        ancestor = ancestor.parent ? byUrn.get(ancestor.parent) : undefined;
                    }
                    assert.ok(ancestor, `${reg.urn} is not under the Migration component`);
                }
            });

            it("tags every taggable AWS resource with the stack's tags", () => {
                const expected = { team: "platform", "cost-center": "cc-1042", environment: stack, "managed-by": "pulumi", "pulumi-project": "migration", "pulumi-stack": stack };
                const taggable = r.registrations.filter((x) => x.custom && x.type.startsWith("aws:") && "tags" in x.inputs);
                assert.ok(taggable.length > 30);
                for (const reg of taggable) {
                    const tags = fromWire(reg.inputs.tags) as Record<string, string>;
                    for (const [k, v] of Object.entries(expected)) {
                        assert.strictEqual(tags[k], v, `${reg.urn} tag ${k}`);
                    }
                }
            });

            it("never carries the secret config value outside a secret", () => {
                const placeholder = secretPlaceholder("migration:webDatabaseUrl");
                for (const reg of r.registrations) {
                    for (const text of [...plainStrings(reg.inputs), ...plainStrings(reg.outputs)]) {
                        assert.ok(!text.includes(placeholder), `${reg.urn} holds the secret in plaintext`);
                    }
                }
                assert.ok(!plainStrings(r.stackOutputs).some((t) => t.includes(placeholder)));
            });

            it("exports what operators need", () => {
                const outputs = fromWire(r.stackOutputs) as Record<string, any>;
                assert.deepStrictEqual(Object.keys(outputs).sort(), ["albDnsName", "cutover", "dashboardUrl", "databases", "environment", "jobs", "nameServers", "natPublicIps", "releases", "services", "traffic", "vpcId", "workers", "zoneId"]);
                assert.deepStrictEqual(outputs.databases.map((d: { name: string; phase: string }) => [d.name, d.phase]), stack === "dev" ? [["main", "replicate"]] : []);
                assert.strictEqual(outputs.dashboardUrl, `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=migration-${stack}-migration`);
                const eips = r.registrations.filter((x) => x.type === "aws:ec2/eip:Eip").map((x) => (fromWire(x.outputs) as { publicIp: string }).publicIp);
                assert.deepStrictEqual(outputs.natPublicIps, eips);
                assert.deepStrictEqual(Object.keys(outputs.cutover).sort(), stack === "prod" ? ["api.example.com", "www.example.com"] : []);
                assert.strictEqual(outputs.environment, stack);
                assert.match(outputs.albDnsName, /^migration-.*\.us-east-1\.elb\.amazonaws\.com$/);
                assert.deepStrictEqual(Object.keys(outputs.services).sort(), ["api", "web"]);
                const web = outputs.services.web;
                assert.deepStrictEqual(Object.keys(web).sort(), ["fargate", "hostname", "legacy"]);
                assert.deepStrictEqual(Object.keys(web.legacy).sort(), ["dropletIds", "dropletPrivateIps", "healthCheckUrl", "loadBalancerIp"]);
                const lb = named(r, "digitalocean:index/loadBalancer:LoadBalancer", `migration-${stack}-web-lb`);
                assert.strictEqual(web.legacy.loadBalancerIp, lb.outputs.ip);
                assert.strictEqual(web.legacy.healthCheckUrl, `http://${String(lb.outputs.ip)}/healthz`);
                assert.strictEqual(web.legacy.dropletIds.length, stack === "dev" ? 1 : 3);
                assert.ok(web.legacy.dropletPrivateIps.every((ip: string) => ip.startsWith(stack === "dev" ? "10.116." : "10.124.")));
                const account = stack === "dev" ? "111122223333" : "444455556666";
                assert.strictEqual(web.fargate.ecrRepositoryUrl, `${account}.dkr.ecr.us-east-1.amazonaws.com/migration-${stack}/web`);
                assert.strictEqual(web.fargate.logGroupName, `/ecs/migration-${stack}/web`);
                assert.strictEqual(web.fargate.serviceName, "web");
                assert.strictEqual(web.fargate.canaryServiceName, undefined);
                assert.deepStrictEqual(outputs.traffic.map((t: { service: string }) => t.service), ["web", "api"]);
            });
        });
    }

    it("dev registers the expected resources, by type", async () => {
        const r = await run("dev");
        assert.deepStrictEqual(countByType(r), {
            "pulumi:pulumi:Stack": 1,
            "migration:index:Migration": 1,
            "migration:dns:Zone": 1,
            "aws:route53/zone:Zone": 1,
            // The role of the parent zone's account, for the NS record (dns.parentZoneRoleArn), and us-east-1 for the health-check alarms.
            "pulumi:providers:aws": 2,
            "migration:legacy:Foundation": 1,
            "digitalocean:index/vpc:Vpc": 1,
            "migration:aws:Network": 1,
            "awsx:ec2:Vpc": 1,
            "migration:aws:Platform": 1,
            "aws:ecs/cluster:Cluster": 1,
            "aws:ec2/eip:Eip": 1,
            // Each worker, job and release task: a group with no ingress, its HTTPS egress and, as web, its database at DigitalOcean and at RDS;
            // the RDS target's group and the DMS instance's, their rules, and the target's ingress from web, the worker, the job and the release task.
            "aws:ec2/securityGroup:SecurityGroup": 8,
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 11,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 18,
            "aws:lb/loadBalancer:LoadBalancer": 1,
            "aws:acm/certificate:Certificate": 1,
            "aws:route53/record:Record": 10,
            "aws:acm/certificateValidation:CertificateValidation": 1,
            "aws:lb/listener:Listener": 2,
            "migration:legacy:Service": 2,
            "digitalocean:index/tag:Tag": 2,
            "digitalocean:index/droplet:Droplet": 2,
            "digitalocean:index/loadBalancer:LoadBalancer": 2,
            "digitalocean:index/firewall:Firewall": 2,
            "digitalocean:index/project:Project": 2,
            "migration:aws:FargateService": 2,
            "aws:ecr/repository:Repository": 2,
            "aws:ecr/lifecyclePolicy:LifecyclePolicy": 2,
            "aws:cloudwatch/logGroup:LogGroup": 5,
            // The database URL from config of web, the worker, the job and the release task; a release marker per hostname.
            "aws:ssm/parameter:Parameter": 6,
            // Two per service, worker, job and release task, the job's Step Functions and Scheduler roles, ECS's load-balancer role (web rolls out by ECS canary); dms-vpc-role and the role DMS reads the logins with.
            "aws:iam/role:Role": 15,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 2,
            "aws:iam/rolePolicy:RolePolicy": 13,
            "aws:lb/targetGroup:TargetGroup": 4,
            "migration:aws:FargateRevision": 2,
            "aws:ecs/taskDefinition:TaskDefinition": 5,
            "aws:lb/listenerRule:ListenerRule": 3,
            "aws:ecs/service:Service": 3,
            "aws:appautoscaling/target:Target": 3,
            // The worker scales on CPU, memory and its queue.
            "aws:appautoscaling/policy:Policy": 7,
            // Five per revision, one per Route 53 health check (us-east-1), and the job's: a failed run, its dead-letter queue, a run that did not start; the database move's replication lag and the target's storage.
            "aws:cloudwatch/metricAlarm:MetricAlarm": 19,
            "migration:aws:FargateWorker": 1,
            "migration:aws:ScheduledJob": 1,
            "migration:aws:ReleaseTask": 1,
            "aws:sqs/queue:Queue": 1,
            "aws:sfn/stateMachine:StateMachine": 1,
            "aws:scheduler/schedule:Schedule": 1,
            "migration:traffic:Routing": 2,
            "aws:route53/healthCheck:HealthCheck": 4,
            "migration:aws:Dashboard": 1,
            "aws:cloudwatch/dashboard:Dashboard": 1,
            // legacy.databases main, moving to RDS (replicate).
            "migration:legacy:DatabaseAccess": 1,
            "digitalocean:index/databaseFirewall:DatabaseFirewall": 1,
            "migration:aws:DmsVpcRole": 1,
            "migration:aws:Database": 1,
            "aws:rds/subnetGroup:SubnetGroup": 1,
            "aws:rds/parameterGroup:ParameterGroup": 1,
            "aws:rds/instance:Instance": 1,
            "aws:secretsmanager/secret:Secret": 2,
            "aws:secretsmanager/secretVersion:SecretVersion": 2,
            "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": 1,
            "aws:dms/replicationInstance:ReplicationInstance": 1,
            "aws:dms/certificate:Certificate": 1,
            "aws:dms/endpoint:Endpoint": 2,
            "aws:dms/replicationTask:ReplicationTask": 1,
            "migration:aws:Notifications": 1,
            "aws:sns/topic:Topic": 1,
            "aws:sns/topicPolicy:TopicPolicy": 1,
            "aws:sns/topicSubscription:TopicSubscription": 1,
            "aws:cloudwatch/eventRule:EventRule": 1,
            "aws:cloudwatch/eventTarget:EventTarget": 1,
        });
    });

    describe("a decommissioned legacy side and a service without Fargate", () => {
        let r: ProgramRun;
        before(async () => {
            const services = parseYaml(require("fs").readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config["migration:services"];
            services[0].legacy = { enabled: false };
            services[0].traffic.fargatePercent = 100;
            delete services[1].fargate;
            services[1].traffic = { fargatePercent: 0 };
            r = await run("dev", { config: { "migration:services": JSON.stringify(services) } });
        });

        it("builds no legacy component for web and no Fargate component for api", () => {
            const components = r.registrations.filter((x) => x.type.startsWith("migration:") && /-(web|api)$/.test(x.name)).map((x) => [x.type, x.name]).sort();
            assert.deepStrictEqual(components, [
                ["migration:aws:FargateService", "migration-dev-web"],
                ["migration:legacy:Service", "migration-dev-api"],
                ["migration:traffic:Routing", "migration-dev-api"],
                ["migration:traffic:Routing", "migration-dev-web"],
            ]);
        });

        it("keeps one weighted record per hostname, on the side that remains", () => {
            const records = r.registrations.filter((x) => x.type === "aws:route53/record:Record" && x.parent?.includes("migration:traffic:Routing") && "setIdentifier" in x.inputs)
                .map((x) => { const i = fromWire(x.inputs) as any; return [i.name, i.setIdentifier, i.weightedRoutingPolicies[0].weight]; })
                .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
            assert.deepStrictEqual(records, [
                ["api.dev.example.com", "legacy", 100],
                ["www.dev.example.com", "fargate", 100],
            ]);
        });

        it("exports only the sides that exist", () => {
            const outputs = fromWire(r.stackOutputs) as Record<string, any>;
            assert.deepStrictEqual(Object.keys(outputs.services.web).sort(), ["fargate", "hostname"]);
            assert.deepStrictEqual(Object.keys(outputs.services.api).sort(), ["hostname", "legacy"]);
        });
    });
});
