import * as assert from "assert";
import type { AnalyzerStackResource } from "../../tools/offline/analyzer";
import { reported, res, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const CHECK = "aws:route53/healthCheck:HealthCheck";
const SERVICE = "aws:ecs/service:Service";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const POLICY = "platform-notifications-required";
const TOPIC = "arn:aws:sns:us-east-1:111122223333:migration-prod-notifications";

describe("policies: platform-notifications-required", function () {
    const analyzer = sharedAnalyzer();
    const stackTexts = async (stack: readonly AnalyzerStackResource[]) =>
        reported(await analyzer().analyzeStack(stack)).filter((d) => d.policy === POLICY).map((d) => `${d.urn ?? ""}|${d.text}`);
    const enable = () => analyzer().configure({ [POLICY]: { enabled: true } });

    const alarm = (name: string, props: Record<string, unknown> = {}, extra: Partial<AnalyzerStackResource> = {}) =>
        res(ALARM, name, { metricName: "CPUUtilization", alarmActions: [TOPIC], okActions: [TOPIC], ...props }, extra);
    const check = res(CHECK, "web-legacy-hc", { id: "hc-1", type: "HTTPS" });
    const checkAlarm = alarm("web-legacy-hc-alarm", { metricName: "HealthCheckStatus", dimensions: { HealthCheckId: "hc-1" } });
    const service = res(SERVICE, "web-stable", { loadBalancers: [{}] });
    const rule = res(RULE, "ecs-deployments", { name: "prod-ecs-deployments", eventPattern: JSON.stringify({ source: ["aws.ecs"], "detail-type": ["ECS Deployment State Change"] }) });
    const target = res(TARGET, "ecs-deployments", { rule: "prod-ecs-deployments", arn: TOPIC });
    const told = [alarm("web-stable-cpu-high"), check, checkAlarm, service, rule, target];

    it("passes a stack where every alarm, health check and deployment failure tells the topic", async () => {
        await enable();
        assert.deepStrictEqual(await stackTexts(told), []);
    });

    it("reports alarms without alarm or OK actions, an unwatched health check, and deployments nobody hears of", async () => {
        await enable();
        assert.deepStrictEqual(await stackTexts([alarm("web-stable-cpu-high", { alarmActions: [], okActions: undefined }), alarm("web-stable-memory-high", { okActions: [] }), check, service]), [
            `${urnOf(ALARM, "web-stable-cpu-high")}|web-stable-cpu-high: alarmActions and okActions are empty, so nobody hears when it fires; set platform.notifications in the stack config (the program then names its topic in both).`,
            `${urnOf(ALARM, "web-stable-memory-high")}|web-stable-memory-high: okActions is empty, so nobody hears when it recovers; set platform.notifications in the stack config (the program then names its topic in both).`,
            `${urnOf(CHECK, "web-legacy-hc")}|web-legacy-hc: no CloudWatch alarm with actions watches this health check, so a failover is silent; set platform.notifications (the program then alarms on every health check, in us-east-1).`,
            `|no EventBridge rule with a target sends "ECS Deployment State Change" events, so a failed or rolled-back deployment is heard of by nobody; set platform.notifications.`,
        ]);
    });

    it("links by dependency at preview: unknown actions, ids and rule names count", async () => {
        await enable();
        const previewCheck = res(CHECK, "web-legacy-hc", { type: "HTTPS" });
        const previewAlarm = alarm("web-legacy-hc-alarm", { metricName: "HealthCheckStatus", dimensions: { HealthCheckId: UNKNOWN }, alarmActions: UNKNOWN, okActions: UNKNOWN }, { propertyDependencies: { dimensions: [urnOf(CHECK, "web-legacy-hc")] } });
        const previewTarget = res(TARGET, "ecs-deployments", { rule: UNKNOWN, arn: UNKNOWN }, { propertyDependencies: { rule: [urnOf(RULE, "ecs-deployments")] } });
        assert.deepStrictEqual(await stackTexts([previewCheck, previewAlarm, service, res(RULE, "ecs-deployments", { eventPattern: UNKNOWN }), previewTarget]), []);
    });

    it("is off unless enabled (the threshold: dev's config leaves it off)", async () => {
        assert.deepStrictEqual(await stackTexts([alarm("web-stable-cpu-high", { alarmActions: [], okActions: [] }), check, service]), []);
    });
});
