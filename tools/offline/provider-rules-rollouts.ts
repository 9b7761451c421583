// Provider rules for the inputs of native rollouts and notifications, in the
// shape of tools/offline/provider-rules.ts, whose PROVIDER_RULES includes
// them. Sources as there: "TF" is the
// Terraform AWS provider's validation (hashicorp/terraform-provider-aws
// internal/service/...), which pulumi-aws runs at check time; "API" the AWS
// API reference.
import { plain, show, valuesAt, type Finding, type ProviderRule, type RuleResource } from "./rule-values";
import { api, apiDoc, cite, decimal, len, matches, nullableIntString, oneOf, recorded } from "./sources/cite";

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

const ECS_TF = "TF internal/service/ecs/service.go";
const TF_NULLABLE = "terraform-provider-aws internal/types/nullable ValidateTypeStringNullableIntBetween";

/** Terraform's nullable int: empty (unset), or what strconv.ParseInt reads in base 10 (an optional sign, then ASCII digits), in range. */
const minutes = (v: unknown) => typeof v === "string" && (v === "" || (/^[+-]?[0-9]+$/.test(v) && Number(v) >= 0 && Number(v) <= 1440));
/** In range and, as the ECS API documents, a multiple of 0.1. */
const tenths = (min: number, max: number) => (v: unknown) => typeof v === "number" && v >= min && v <= max && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9;
/**
 * terraform-provider-aws internal/verify/validate.go ValidARN: aws-sdk-go-v2
 * arn.Parse (the "arn:" prefix, six ":"-separated sections, the last one the
 * rest), partition ^aws(-[a-z]+)*$, region empty or ^[a-z]{2}(-[a-z]+)+-\d{1,2}$,
 * account empty or ^(aws|aws-managed|third-party|aws-marketplace|\d{12}|cw.{10})$,
 * a resource that is not empty. (ValidARN passes "", which no ARN input of
 * ECS accepts; the rule refuses it.)
 */
const VALID_ARN = "arn:aws(-[a-z]+)*:[^:]*:([a-z]{2}(-[a-z]+)+-[0-9]{1,2})?:(aws|aws-managed|third-party|aws-marketplace|[0-9]{12}|cw[^\\n:]{10})?:[\\s\\S]+";
const arn = (v: unknown) => typeof v === "string" && new RegExp(`^(?:${VALID_ARN})$`, "u").test(v);
const PROTOCOLS = ["application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"];
const STAGES = ["RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"];

export const ROLLOUT_PROVIDER_RULES: readonly ProviderRule[] = [
    cite(rule("ecs-deployment-strategy", [T.ecsService], "deploymentConfiguration.strategy", "one of ROLLING, BLUE_GREEN, LINEAR, CANARY", `API: ECS DeploymentStrategy enum; ${ECS_TF} strategy enum.Validate[DeploymentStrategy]`,
        (v) => ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"].includes(String(v))),
        api("deploymentConfiguration.strategy", "ecs", "DeploymentConfiguration.strategy")),
    ...([
        ["deploymentConfiguration.bakeTimeInMinutes", undefined],
        ["deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes", "CanaryConfiguration.canaryBakeTimeInMinutes"],
        ["deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes", "LinearConfiguration.stepBakeTimeInMinutes"],
    ] as const).map(([p, member]) => cite(
        rule(`ecs-${p.split(".").pop()!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, [T.ecsService], p, "a whole number of minutes from 0 to 1440, as a string (empty: unset)", `${ECS_TF} ValidateTypeStringNullableIntBetween(0, 1440)${member ? `; API doc: ECS ${member} (0 to 1440)` : ""}`, minutes),
        recorded(p, `${ECS_TF} ${p.split(".").pop()} ValidateFunc: ${TF_NULLABLE}(0, 1440)`, [nullableIntString(0, 1440)], { sample: "10" }),
        // The API's integer (the provider converts the string) has the same
        // range; its shape's type is not the input's, so only the quote counts.
        ...(member ? [apiDoc(p, "ecs", member, "Valid values are 0 to 1440 minutes (24 hours).", [nullableIntString(0, 1440)], { sample: "10", only: [] })] : []))),
    cite(rule("ecs-canary-percent", [T.ecsService], "deploymentConfiguration.canaryConfiguration.canaryPercent", "a multiple of 0.1 from 0.1 to 100.0", `API doc: ECS CanaryConfiguration.canaryPercent; ${ECS_TF} canary_percent FloatBetween(0.1, 100.0)`, tenths(0.1, 100)),
        apiDoc("deploymentConfiguration.canaryConfiguration.canaryPercent", "ecs", "CanaryConfiguration.canaryPercent", "Valid values are multiples of 0.1 from 0.1 to 100.0.", [decimal(0.1, 100, 0.1)], { sample: 10 }),
        recorded("deploymentConfiguration.canaryConfiguration.canaryPercent", `${ECS_TF} canary_percent ValidateFunc: validation.FloatBetween(0.1, 100.0)`, [decimal(0.1, 100)], { sample: 10 })),
    cite(rule("ecs-linear-step-percent", [T.ecsService], "deploymentConfiguration.linearConfiguration.stepPercent", "a multiple of 0.1 from 3.0 to 100.0", `API doc: ECS LinearConfiguration.stepPercent; ${ECS_TF} step_percent FloatBetween(3.0, 100.0)`, tenths(3, 100)),
        apiDoc("deploymentConfiguration.linearConfiguration.stepPercent", "ecs", "LinearConfiguration.stepPercent", "Valid values are multiples of 0.1 from 3.0 to 100.0.", [decimal(3, 100, 0.1)], { sample: 10 }),
        recorded("deploymentConfiguration.linearConfiguration.stepPercent", `${ECS_TF} step_percent ValidateFunc: validation.FloatBetween(3.0, 100.0)`, [decimal(3, 100)], { sample: 10 })),
    // botocore 1.43.11 also has PRE_PRODUCTION_TRAFFIC_SHIFT; pulumi-aws
    // 7.48.0 documents the seven below, so the eighth waits for a provider
    // release that documents it.
    cite(rule("ecs-lifecycle-stages", [T.ecsService], "deploymentConfiguration.lifecycleHooks[].lifecycleStages[]", STAGES.join(", "),
        `API: ECS DeploymentLifecycleHookStage enum; TF docs (@pulumi/aws 7.48.0 ecs ServiceDeploymentConfigurationLifecycleHook.lifecycleStages); ${ECS_TF} enum.Validate[DeploymentLifecycleHookStage]`,
        (v) => STAGES.includes(String(v))),
        api("deploymentConfiguration.lifecycleHooks[].lifecycleStages[]", "ecs", "DeploymentLifecycleHook.lifecycleStages[]"),
        recorded("deploymentConfiguration.lifecycleHooks[].lifecycleStages[]", "TF docs (@pulumi/aws 7.48.0 types/input.d.ts ServiceDeploymentConfigurationLifecycleHook.lifecycleStages: \"Valid values: ...\")", [oneOf(...STAGES)])),
    ...([
        ["ecs-hook-target-arn", "deploymentConfiguration.lifecycleHooks[].hookTargetArn"],
        ["ecs-hook-role-arn", "deploymentConfiguration.lifecycleHooks[].roleArn"],
        ["ecs-alternate-target-group-arn", "loadBalancers[].advancedConfiguration.alternateTargetGroupArn"],
        ["ecs-production-listener-rule-arn", "loadBalancers[].advancedConfiguration.productionListenerRule"],
        ["ecs-load-balancer-role-arn", "loadBalancers[].advancedConfiguration.roleArn"],
    ] as const).map(([id, p]) => cite(rule(id, [T.ecsService], p, "an ARN", `${ECS_TF} verify.ValidARN`, arn),
        recorded(p, `${ECS_TF} ${p.split(".").pop()} ValidateFunc: verify.ValidARN (internal/verify/validate.go)`, [matches(VALID_ARN)], { sample: "arn:aws:iam::123456789012:role/ecs" }))),
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
    cite(rule("sns-topic-name", [T.topic], "name", "1 to 256 characters of A-Z a-z 0-9 _ - (a standard topic)", "API doc: SNS CreateTopic Name; TF internal/service/sns/topic.go validTopicName", (v) => typeof v === "string" && /^[A-Za-z0-9_-]{1,256}$/.test(v)),
        apiDoc("name", "sns", "CreateTopic.Name", "Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.", [len(1, 256), matches("[A-Za-z0-9_-]+")], { sample: "alerts" })),
    cite(rule("sns-subscription-protocol", [T.subscription], "protocol", `one of ${PROTOCOLS.join(", ")}`, "TF internal/service/sns/topic_subscription.go protocol enum", (v) => PROTOCOLS.includes(String(v))),
        recorded("protocol", "TF internal/service/sns/topic_subscription.go protocol ValidateFunc: validation.StringInSlice(subscriptionProtocol_Values(), false) (internal/service/sns/consts.go)", [oneOf(...PROTOCOLS)])),
    cite(rule("eventbridge-rule-name", [T.eventRule], "name", "1 to 64 characters of . - _ A-Z a-z 0-9", "API PutRule Name ([\\.\\-_A-Za-z0-9]+, 1-64)", (v) => typeof v === "string" && /^[.\-_A-Za-z0-9]{1,64}$/.test(v)),
        api("name", "events", "PutRule.Name", { sample: "web-deployments" })),
    rule("eventbridge-event-pattern-json", [T.eventRule], "eventPattern", "a JSON object", "API PutRule EventPattern (a JSON event pattern)", (v) => {
        try {
            const parsed = JSON.parse(String(v));
            return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
        } catch {
            return false;
        }
    }),
    ...(["alarmActions", "okActions"] as const).map((p) => cite({
        id: `cloudwatch-alarm-${p === "alarmActions" ? "alarm" : "ok"}-actions`,
        types: [T.alarm], property: p, limit: "at most 5 actions", source: "API PutMetricAlarm AlarmActions / OKActions (at most 5 items)",
        check: (r: RuleResource): Finding[] => values(r, p).filter((l) => Array.isArray(l.value) && l.value.length > 5).map((l) => ({ property: l.path, value: `${(l.value as unknown[]).length} actions` })),
    }, api(p, "cloudwatch", `PutMetricAlarm.${p === "alarmActions" ? "AlarmActions" : "OKActions"}`, { sample: "arn:aws:sns:us-east-1:123456789012:alerts" }))),
    cite(rule("chatbot-configuration-name", [T.slack], "configurationName", "1 to 128 characters of A-Z a-z 0-9 - _", "API CreateSlackChannelConfiguration ConfigurationName", (v) => typeof v === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(v)),
        api("configurationName", "chatbot", "CreateSlackChannelConfiguration.ConfigurationName", { sample: "alerts-prod" })),
];
