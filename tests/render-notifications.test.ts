// The plan's "who is told of what", as a pure function of the planned
// resources: topics by ARN or (at preview) by dependency, Slack channels,
// alarms by kind, EventBridge targets, and alarms that tell nobody.
import * as assert from "assert";
import type { Plan, PlannedResource } from "../tools/plan/plan";
import { notificationsReport, notificationsTextLines } from "../tools/plan/render-notifications";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:alerts";
let n = 0;
function resource(type: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}, propertyDependencies: Record<string, string[]> = {}): PlannedResource {
    n++;
    return { urn: `urn:${type}::r${n}`, type, name: `r${n}`, custom: true, operation: "create", inputs, outputs, propertyDependencies, options: { protect: false, retainOnDelete: false, ignoreChanges: [], deleteBeforeReplace: false, dependencies: [] } };
}
const plan = (resources: PlannedResource[]) => ({ resources }) as unknown as Plan;

describe("plan: who is told of what", () => {
    it("nothing at all without alarms or topics", () => {
        assert.strictEqual(notificationsReport(plan([])), undefined);
        assert.deepStrictEqual(notificationsTextLines(plan([])), []);
    });

    it("alarms that tell nobody, when no topic exists", () => {
        const alarms = ["a", "b", "c", "d"].map((name) => resource("aws:cloudwatch/metricAlarm:MetricAlarm", { name }));
        assert.deepStrictEqual(notificationsTextLines(plan(alarms)), ["", "Notifications (who is told of what):", "    nobody: platform.notifications is not set", "    tells nobody: 4 alarms (a, b, c, ...)"]);
    });

    it("a topic known at preview only by dependency, a Slack channel, an existing topic by ARN, and a silent alarm", () => {
        const topic = resource("aws:sns/topic:Topic", { name: "alerts" });
        const report = notificationsReport(plan([
            topic,
            resource("aws:sns/topicSubscription:TopicSubscription", { topic: "[unknown]", protocol: "https", endpoint: "https://hooks.example.com/a" }, {}, { topic: [topic.urn] }),
            resource("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", { slackTeamId: "T1", slackChannelId: "C1", snsTopicArns: ["[unknown]"] }, {}, { snsTopicArns: [topic.urn] }),
            resource("aws:cloudwatch/metricAlarm:MetricAlarm", { name: "cpu", metricName: "CPUUtilization", alarmActions: ["[unknown]"] }, {}, { alarmActions: [topic.urn] }),
            resource("aws:cloudwatch/metricAlarm:MetricAlarm", { name: "hc", metricName: "HealthCheckStatus", alarmActions: [TOPIC] }),
            resource("aws:cloudwatch/metricAlarm:MetricAlarm", { name: "quiet", metricName: "MemoryUtilization" }),
            resource("aws:cloudwatch/eventTarget:EventTarget", { rule: "r", arn: TOPIC }),
        ]));
        assert.deepStrictEqual(report, {
            topics: [
                { topic: "alerts", subscribers: ["https https://hooks.example.com/a", "slack T1/C1 (AWS Chatbot)"], serviceAlarms: 1, healthCheckAlarms: 0, events: [] },
                { topic: TOPIC, subscribers: [], serviceAlarms: 0, healthCheckAlarms: 1, events: ["ECS deployments that fail or roll back"] },
            ],
            silentAlarms: ["quiet"],
        });
    });
});
