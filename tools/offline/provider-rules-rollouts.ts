// Provider rules for the inputs of native rollouts and notifications, in the
// shape of tools/offline/provider-rules.ts, whose PROVIDER_RULES includes
// them. Sources as there: "TF" is the
// Terraform AWS provider's validation (hashicorp/terraform-provider-aws
// internal/service/...), which pulumi-aws runs at check time; "API" the AWS
// API reference.
import { plain, show, valuesAt, type Finding, type ProviderRule, type RuleResource } from "./rule-values";

const T = {
    ecsService: "aws:ecs/service:Service",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    slack: "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
} as const;

const isKnown = (v: unknown): boolean => typeof v !== "symbol" && !(typeof v === "object" && v !== null && Object.values(v).some((x) => typeof x === "symbol"));

function values(r: RuleResource, path: string): { path: string; value: unknown }[] {
    return valuesAt(r.inputs, path).filter((l) => isKnown(plain(l.value))).map((l) => ({ path: l.path, value: plain(l.value) }));
}

function rule(id: string, types: readonly string[], property: string, limit: string, source: string, ok: (value: unknown) => boolean): ProviderRule {
    return {
        id, types, property, limit, source,
        check: (r) => values(r, property).filter((l) => !ok(l.value)).map((l): Finding => ({ property: l.path, value: show(l.value) })),
    };
}

const minutes = (v: unknown) => typeof v === "string" && /^\d+$/.test(v) && Number(v) <= 1440;
const between = (min: number, max: number) => (v: unknown) => typeof v === "number" && v >= min && v <= max;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;
const arn = (v: unknown) => typeof v === "string" && ARN.test(v);
const ECS_TF = "TF internal/service/ecs/service.go";

export const ROLLOUT_PROVIDER_RULES: readonly ProviderRule[] = [
    rule("ecs-deployment-strategy", [T.ecsService], "deploymentConfiguration.strategy", "one of ROLLING, BLUE_GREEN, LINEAR, CANARY", `${ECS_TF} strategy enum.Validate[DeploymentStrategy]`,
        (v) => ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"].includes(String(v))),
    ...["deploymentConfiguration.bakeTimeInMinutes", "deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes", "deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes"].map((p) =>
        rule(`ecs-${p.split(".").pop()!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, [T.ecsService], p, "a whole number of minutes from 0 to 1440, as a string", `${ECS_TF} ValidateTypeStringNullableIntBetween(0, 1440)`, minutes)),
    rule("ecs-canary-percent", [T.ecsService], "deploymentConfiguration.canaryConfiguration.canaryPercent", "0.1 to 100.0", `${ECS_TF} canary_percent FloatBetween(0.1, 100.0)`, between(0.1, 100)),
    rule("ecs-linear-step-percent", [T.ecsService], "deploymentConfiguration.linearConfiguration.stepPercent", "3.0 to 100.0", `${ECS_TF} step_percent FloatBetween(3.0, 100.0)`, between(3, 100)),
    rule("ecs-lifecycle-stages", [T.ecsService], "deploymentConfiguration.lifecycleHooks[].lifecycleStages[]",
        "RECONCILE_SERVICE, PRE_SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT", `${ECS_TF} lifecycle_stages enum.Validate[DeploymentLifecycleHookStage]`,
        (v) => ["RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"].includes(String(v))),
    ...([
        ["ecs-hook-target-arn", "deploymentConfiguration.lifecycleHooks[].hookTargetArn"],
        ["ecs-hook-role-arn", "deploymentConfiguration.lifecycleHooks[].roleArn"],
        ["ecs-alternate-target-group-arn", "loadBalancers[].advancedConfiguration.alternateTargetGroupArn"],
        ["ecs-production-listener-rule-arn", "loadBalancers[].advancedConfiguration.productionListenerRule"],
        ["ecs-load-balancer-role-arn", "loadBalancers[].advancedConfiguration.roleArn"],
    ] as const).map(([id, p]) => rule(id, [T.ecsService], p, "an ARN", `${ECS_TF} verify.ValidARN`, arn)),
    {
        id: "ecs-advanced-configuration-pair",
        types: [T.ecsService],
        property: "loadBalancers[].advancedConfiguration",
        limit: "an alternate target group other than the load balancer's own, with a strategy of BLUE_GREEN, LINEAR or CANARY",
        source: "Amazon ECS Developer Guide, \"Application Load Balancer resources for blue/green, linear, and canary deployments\" (two target groups, one production listener rule)",
        check: (r) => {
            const strategy = values(r, "deploymentConfiguration.strategy")[0]?.value;
            return valuesAt(r.inputs, "loadBalancers[]").flatMap((l, i): Finding[] => {
                const lb = plain(l.value) as Record<string, unknown>;
                const advanced = plain(lb.advancedConfiguration) as Record<string, unknown> | undefined;
                if (advanced === undefined) {
                    return [];
                }
                const same = isKnown(advanced.alternateTargetGroupArn) && advanced.alternateTargetGroupArn === lb.targetGroupArn;
                const native = strategy === undefined || ["BLUE_GREEN", "LINEAR", "CANARY"].includes(String(strategy));
                return same || !native ? [{ property: `loadBalancers[${i}].advancedConfiguration`, value: same ? `alternateTargetGroupArn ${show(advanced.alternateTargetGroupArn)} is the load balancer's own targetGroupArn` : `set with strategy ${show(strategy)}` }] : [];
            });
        },
    },
    rule("sns-topic-name", [T.topic], "name", "1 to 256 characters of A-Z a-z 0-9 _ - (a standard topic)", "API CreateTopic Name; TF internal/service/sns/topic.go validTopicName", (v) => typeof v === "string" && /^[A-Za-z0-9_-]{1,256}$/.test(v)),
    rule("sns-subscription-protocol", [T.subscription], "protocol", "one of application, email, email-json, firehose, http, https, lambda, sms, sqs", "TF internal/service/sns/topic_subscription.go protocol enum",
        (v) => ["application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"].includes(String(v))),
    rule("eventbridge-rule-name", [T.eventRule], "name", "1 to 64 characters of . - _ A-Z a-z 0-9", "API PutRule Name ([\\.\\-_A-Za-z0-9]+, 1-64)", (v) => typeof v === "string" && /^[.\-_A-Za-z0-9]{1,64}$/.test(v)),
    rule("eventbridge-event-pattern-json", [T.eventRule], "eventPattern", "a JSON object", "API PutRule EventPattern (a JSON event pattern)", (v) => {
        try {
            const parsed = JSON.parse(String(v));
            return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
        } catch {
            return false;
        }
    }),
    ...(["alarmActions", "okActions"] as const).map((p) => ({
        id: `cloudwatch-alarm-${p === "alarmActions" ? "alarm" : "ok"}-actions`,
        types: [T.alarm], property: p, limit: "at most 5 actions", source: "API PutMetricAlarm AlarmActions / OKActions (at most 5 items)",
        check: (r: RuleResource): Finding[] => values(r, p).filter((l) => Array.isArray(l.value) && l.value.length > 5).map((l) => ({ property: l.path, value: `${(l.value as unknown[]).length} actions` })),
    })),
    rule("chatbot-configuration-name", [T.slack], "configurationName", "1 to 128 characters of A-Z a-z 0-9 - _", "API CreateSlackChannelConfiguration ConfigurationName", (v) => typeof v === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(v)),
];
