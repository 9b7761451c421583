// The program with dev's native canary rollout and notifications, under
// mocks: the exact inputs and options of what it registers (one run of dev,
// one of a stack outside us-east-1 with Slack), and the provider rules of the
// new inputs over them.
import * as assert from "assert";
import * as path from "path";
import { fromWire, runProgram, type ProgramRun, type Registration } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { checkProviderRules, ruleResourceOf, type RuleResource } from "../tools/offline/provider-rules";
import { ROLLOUT_PROVIDER_RULES } from "../tools/offline/provider-rules-rollouts";
import { readStackConfig } from "../tools/stack-file";
import { stackRun } from "./helpers/program-runs";

const ROOT = path.resolve(__dirname, "..");
const TOPIC = "arn:aws:sns:us-east-1:111122223333:migration-dev-notifications";

async function run(overrides: Record<string, string> = {}): Promise<ProgramRun> {
    if (Object.keys(overrides).length === 0) {
        return stackRun("dev"); // the committed stack's run, shared with other files (tests/helpers/program-runs.ts)
    }
    const raw = readStackConfig(ROOT, "dev", { config: overrides });
    return runProgram(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) });
}

describe("rollouts and notifications in the program (dev under mocks)", function () {
    this.timeout(60_000);
    let r: ProgramRun;
    before(async () => { r = await run(); });
    const all = (type: string) => r.registrations.filter((x) => x.type === type);
    const one = (type: string, name: string): Registration => {
        const found = r.registrations.find((x) => x.type === type && x.name === name);
        assert.ok(found, `${type} ${name} not registered`);
        return found;
    };
    const inputs = (x: Registration) => fromWire(x.inputs) as Record<string, any>;
    const outputs = (x: Registration) => fromWire(x.outputs) as Record<string, any>;

    it("web's rule is the production rule ECS shifts: both hosts, both groups, actions ignored, created before the service", () => {
        const rule = one("aws:lb/listenerRule:ListenerRule", "migration-dev-web-rule");
        const groups = ["stable", "canary"].map((v) => outputs(one("aws:lb/targetGroup:TargetGroup", `migration-dev-web-tg-${v}`)).arn);
        assert.deepStrictEqual(inputs(rule).conditions, [{ hostHeader: { values: ["www.dev.example.com", "web.fargate-health.dev.example.com"] } }]);
        assert.deepStrictEqual(inputs(rule).actions, [{ type: "forward", forward: { targetGroups: [{ arn: groups[0], weight: 100 }, { arn: groups[1], weight: 0 }] } }]);
        assert.deepStrictEqual(rule.options.ignoreChanges, ["actions"]);
        const service = one("aws:ecs/service:Service", "migration-dev-web-stable");
        assert.ok(service.options.dependsOn.includes(rule.urn));
        assert.ok(!rule.options.dependsOn.includes(service.urn));
        // No separate health rule: it would keep pointing at the group ECS empties.
        assert.deepStrictEqual(all("aws:lb/listenerRule:ListenerRule").map((x) => x.name).sort(), ["migration-dev-api-health-rule", "migration-dev-api-rule", "migration-dev-web-rule"]);
        // api stays rolling: its rule waits for its ECS service.
        assert.ok(one("aws:lb/listenerRule:ListenerRule", "migration-dev-api-rule").options.dependsOn.includes(one("aws:ecs/service:Service", "migration-dev-api-stable").urn));
    });

    it("web's ECS service: the canary strategy, the pair, the rule and ECS's role; api's has no deploymentConfiguration", () => {
        const service = inputs(one("aws:ecs/service:Service", "migration-dev-web-stable"));
        const role = one("aws:iam/role:Role", "migration-dev-platform-ecs-lb");
        assert.deepStrictEqual(service.deploymentConfiguration, { strategy: "CANARY", bakeTimeInMinutes: "10", canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "15" } });
        assert.deepStrictEqual(service.loadBalancers, [{
            targetGroupArn: outputs(one("aws:lb/targetGroup:TargetGroup", "migration-dev-web-tg-stable")).arn,
            containerName: "web",
            containerPort: 8080,
            advancedConfiguration: {
                alternateTargetGroupArn: outputs(one("aws:lb/targetGroup:TargetGroup", "migration-dev-web-tg-canary")).arn,
                productionListenerRule: outputs(one("aws:lb/listenerRule:ListenerRule", "migration-dev-web-rule")).arn,
                roleArn: outputs(role).arn,
            },
        }]);
        assert.ok(one("aws:ecs/service:Service", "migration-dev-web-stable").options.dependsOn.includes(one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "migration-dev-platform-ecs-lb").urn));
        assert.strictEqual(inputs(one("aws:ecs/service:Service", "migration-dev-api-stable")).deploymentConfiguration, undefined);
        assert.deepStrictEqual(JSON.parse(inputs(role).assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AllowAccessToECSForInfrastructureManagement", Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.strictEqual(inputs(one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "migration-dev-platform-ecs-lb")).policyArn, "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers");
    });

    it("web's alarms read both groups of the pair; api's read its own group", () => {
        const suffix = (v: string) => outputs(one("aws:lb/targetGroup:TargetGroup", `migration-dev-web-tg-${v}`)).arnSuffix;
        const healthy = inputs(one("aws:cloudwatch/metricAlarm:MetricAlarm", "migration-dev-web-stable-healthy-hosts"));
        assert.deepStrictEqual(healthy.metricQueries.map((q: any) => q.expression ?? q.metric.dimensions.TargetGroup), ["FILL(ha, 0) + FILL(hb, 0)", suffix("stable"), suffix("canary")]);
        assert.strictEqual(healthy.treatMissingData, "breaching");
        const rate = inputs(one("aws:cloudwatch/metricAlarm:MetricAlarm", "migration-dev-web-stable-target-5xx-rate"));
        assert.strictEqual(rate.metricQueries[0].expression, "IF((FILL(ra, 0) + FILL(rb, 0)) > 0, 100 * (FILL(ea, 0) + FILL(eb, 0)) / (FILL(ra, 0) + FILL(rb, 0)), 0)");
        assert.strictEqual(inputs(one("aws:cloudwatch/metricAlarm:MetricAlarm", "migration-dev-api-stable-healthy-hosts")).dimensions.TargetGroup, outputs(one("aws:lb/targetGroup:TargetGroup", "migration-dev-api-tg-stable")).arnSuffix);
    });

    it("every alarm tells the topic when it fires and when it recovers", () => {
        const alarms = all("aws:cloudwatch/metricAlarm:MetricAlarm");
        // 14 of the web services and health checks, the job's (a failed run, its dead-letter queue, a run that did not start), and 2 of dev's database move (replication lag, the target's storage).
        assert.strictEqual(alarms.length, 19);
        for (const a of alarms) {
            assert.deepStrictEqual([inputs(a).alarmActions, inputs(a).okActions], [[TOPIC], [TOPIC]], a.name);
        }
    });

    it("the health-check alarms: one per Route 53 check, in us-east-1 through the explicit provider", () => {
        const provider = one("pulumi:providers:aws", "migration-dev-us-east-1");
        assert.strictEqual(inputs(provider).region, "us-east-1");
        const checks = new Map(all("aws:route53/healthCheck:HealthCheck").map((c) => [c.name, outputs(c).id ?? c.id]));
        const alarms = all("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => inputs(a).metricName === "HealthCheckStatus");
        assert.deepStrictEqual(alarms.map((a) => [a.name, inputs(a).name, inputs(a).dimensions.HealthCheckId]).sort(), [
            ["migration-dev-api-fargate-api-hc-alarm", "migration-dev-route53-api.dev.example.com-fargate-api", checks.get("migration-dev-api-api-hc")],
            ["migration-dev-api-legacy-hc-alarm", "migration-dev-route53-api.dev.example.com-legacy", checks.get("migration-dev-api-legacy-hc")],
            ["migration-dev-web-fargate-web-hc-alarm", "migration-dev-route53-www.dev.example.com-fargate-web", checks.get("migration-dev-web-web-hc")],
            ["migration-dev-web-legacy-hc-alarm", "migration-dev-route53-www.dev.example.com-legacy", checks.get("migration-dev-web-legacy-hc")],
        ]);
        for (const a of alarms) {
            assert.ok(a.options.provider?.startsWith(`${provider.urn}::`), `${a.name} provider ${a.options.provider}`);
            assert.deepStrictEqual([inputs(a).namespace, inputs(a).statistic, inputs(a).period, inputs(a).threshold, inputs(a).comparisonOperator], ["AWS/Route53", "Minimum", 60, 1, "LessThanThreshold"]);
        }
    });

    it("the topic, its policy, the email subscription and the ECS deployment rule", () => {
        assert.deepStrictEqual(inputs(one("aws:sns/topic:Topic", "migration-dev-notifications-topic")).name, "migration-dev-notifications");
        const policy = JSON.parse(inputs(one("aws:sns/topicPolicy:TopicPolicy", "migration-dev-notifications-topic")).policy);
        assert.deepStrictEqual(policy.Statement.map((s: any) => [s.Sid, s.Principal, s.Condition ?? null]), [
            ["AccountOwner", { AWS: "arn:aws:iam::111122223333:root" }, null],
            ["EventBridgePublish", { Service: "events.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": "111122223333" } }],
            ["CloudWatchPublish", { Service: "cloudwatch.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": "111122223333" } }],
        ]);
        assert.deepStrictEqual(all("aws:sns/topicSubscription:TopicSubscription").map((s) => inputs(s)), [{ topic: TOPIC, protocol: "email", endpoint: "platform-alerts@example.com" }]);
        const rule = inputs(one("aws:cloudwatch/eventRule:EventRule", "migration-dev-notifications-ecs-deployments"));
        assert.deepStrictEqual(JSON.parse(rule.eventPattern), {
            source: ["aws.ecs"], "detail-type": ["ECS Deployment State Change"],
            resources: [{ prefix: "arn:aws:ecs:us-east-1:111122223333:service/migration-dev/" }],
            detail: { $or: [{ eventName: ["SERVICE_DEPLOYMENT_FAILED"] }, { eventName: ["SERVICE_DEPLOYMENT_IN_PROGRESS"], reason: [{ wildcard: "*rolling back*" }] }] },
        });
        const target = inputs(one("aws:cloudwatch/eventTarget:EventTarget", "migration-dev-notifications-ecs-deployments"));
        assert.deepStrictEqual([target.rule, target.arn, target.inputTransformer.inputTemplate], ["migration-dev-ecs-deployments", TOPIC, "\"<time> <event> <service>: <reason>\""]);
    });

    it("the release markers: the split, the images and the rollouts, written after the records and the ECS services", () => {
        const marker = one("aws:ssm/parameter:Parameter", "migration-dev-web-release");
        assert.deepStrictEqual([inputs(marker).name, inputs(marker).type, JSON.parse(inputs(marker).insecureValue)], ["/migration-dev/release/web", "String", {
            hostname: "www.dev.example.com", legacyPercent: 50, fargatePercent: 50, canaryPercent: 0,
            services: { web: { image: "tag 1.8.0", rollout: "canary" } },
        }]);
        for (const dep of [one("aws:route53/record:Record", "migration-dev-web-legacy"), one("aws:route53/record:Record", "migration-dev-web-fargate"), one("aws:ecs/service:Service", "migration-dev-web-stable")]) {
            assert.ok(marker.options.dependsOn.includes(dep.urn), dep.name);
        }
        const body = JSON.parse(inputs(one("aws:cloudwatch/dashboard:Dashboard", "migration-dev-dashboard-dashboard")).dashboardBody);
        assert.strictEqual(body.widgets[0].properties.markdown, "## www.dev.example.com\nlegacy 50 % · Fargate 50 %\n\nRelease: www.dev.example.com: legacy 50% fargate 50% canary 0%; web tag 1.8.0 canary. Every `up` that changed it: `aws ssm get-parameter-history --name /migration-dev/release/web`");
    });

    it("breaks none of the rollout and notification provider rules", () => {
        assert.deepStrictEqual(checkProviderRules(r.registrations.filter((x) => x.custom).map(ruleResourceOf), ROLLOUT_PROVIDER_RULES), []);
    });

    it("the provider rules refuse what ECS, SNS, EventBridge and CloudWatch would", () => {
        const service = ruleResourceOf(one("aws:ecs/service:Service", "migration-dev-web-stable"));
        const broken: RuleResource = {
            ...service,
            inputs: {
                ...service.inputs,
                deploymentConfiguration: { strategy: "CANARY", bakeTimeInMinutes: "1441", canaryConfiguration: { canaryPercent: 0, canaryBakeTimeInMinutes: "x" } },
                loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/a/1", containerName: "web", containerPort: 8080, advancedConfiguration: { alternateTargetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/a/1", productionListenerRule: "rule-1", roleArn: "arn:aws:iam::111122223333:role/r" } }],
            },
        };
        const alarm = ruleResourceOf(one("aws:cloudwatch/metricAlarm:MetricAlarm", "migration-dev-api-stable-cpu-high"));
        const tooMany = { ...alarm, inputs: { ...alarm.inputs, alarmActions: Array.from({ length: 6 }, (_, i) => `${TOPIC}-${i}`) } };
        assert.deepStrictEqual(checkProviderRules([broken, tooMany], ROLLOUT_PROVIDER_RULES).map((v) => `${v.rule} ${v.property}: ${v.value}`), [
            "ecs-bake-time-in-minutes deploymentConfiguration.bakeTimeInMinutes: \"1441\"",
            "ecs-canary-bake-time-in-minutes deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes: \"x\"",
            "ecs-canary-percent deploymentConfiguration.canaryConfiguration.canaryPercent: 0",
            "ecs-production-listener-rule-arn loadBalancers[0].advancedConfiguration.productionListenerRule: \"rule-1\"",
            "ecs-advanced-configuration-pair loadBalancers[0].advancedConfiguration: alternateTargetGroupArn \"arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/a/1\" is the load balancer's own targetGroupArn",
            "cloudwatch-alarm-alarm-actions alarmActions: 6 actions",
        ]);
    });
});

describe("notifications of a stack outside us-east-1 (eu-west-1, Slack)", function () {
    this.timeout(60_000);
    let r: ProgramRun;
    before(async () => {
        const platform = JSON.parse(readStackConfig(ROOT, "dev").values["migration:platform"]);
        r = await run({ "aws:region": "eu-west-1", "migration:platform": JSON.stringify({ ...platform, notifications: { email: ["a@example.com"], slack: [{ workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" }] } }) });
    });
    const inputs = (x: Registration) => fromWire(x.inputs) as Record<string, any>;

    it("a twin topic in us-east-1 with the same subscribers, told by the health-check alarms; the service alarms tell the region's topic", () => {
        const topics = r.registrations.filter((x) => x.type === "aws:sns/topic:Topic");
        const provider = r.registrations.find((x) => x.type === "pulumi:providers:aws" && x.name === "migration-dev-us-east-1")!;
        assert.deepStrictEqual(topics.map((t) => [inputs(t).name, t.options.provider?.startsWith(`${provider.urn}::`) ?? false]), [["migration-dev-notifications", false], ["migration-dev-notifications-us-east-1", true]]);
        const regional = "arn:aws:sns:eu-west-1:111122223333:migration-dev-notifications";
        // Made in us-east-1 by the explicit provider: the mocks make its ARN there, as AWS does.
        const twin = "arn:aws:sns:us-east-1:111122223333:migration-dev-notifications-us-east-1";
        const alarms = r.registrations.filter((x) => x.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.deepStrictEqual([...new Set(alarms.map((a) => `${inputs(a).metricName === "HealthCheckStatus"} ${inputs(a).alarmActions}`))].sort(), [`false ${regional}`, `true ${twin}`]);
        assert.deepStrictEqual(r.registrations.filter((x) => x.type === "aws:sns/topicSubscription:TopicSubscription").map((s) => [inputs(s).topic, inputs(s).endpoint]), [[regional, "a@example.com"], [twin, "a@example.com"]]);
        const slack = inputs(r.registrations.find((x) => x.type === "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration")!);
        assert.deepStrictEqual([slack.slackTeamId, slack.slackChannelId, slack.snsTopicArns, slack.guardrailPolicyArns], ["T07EA123LEP", "C07EZ1ABC23", [regional, twin], ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"]]);
    });
});
