// The plan's "who is told of what" (platform.notifications): each topic with
// its subscribers, and what reaches it: the alarms naming it in their alarm
// and OK actions, the Route 53 health-check alarms (us-east-1), the
// EventBridge rules targeting it; and every alarm that tells nobody.
import type { Plan, PlannedResource } from "./plan";

const TYPES = {
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    slack: "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
} as const;

export interface TopicReport {
    readonly topic: string;
    readonly subscribers: readonly string[];
    readonly serviceAlarms: number;
    readonly healthCheckAlarms: number;
    readonly events: readonly string[];
}

export interface NotificationsReport {
    readonly topics: readonly TopicReport[];
    /** Alarms with no alarm action. */
    readonly silentAlarms: readonly string[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The topic a value names: a topic of the plan by ARN (or the dependency at preview), else the ARN itself. */
function topicKey(value: unknown, r: PlannedResource, property: string, topics: readonly PlannedResource[]): string | undefined {
    const byArn = topics.find((t) => str(t.outputs.arn) !== undefined && t.outputs.arn === value);
    if (byArn !== undefined) {
        return str(byArn.inputs.name) ?? byArn.name;
    }
    const byDep = topics.find((t) => (r.propertyDependencies[property] ?? []).includes(t.urn));
    return byDep !== undefined ? str(byDep.inputs.name) ?? byDep.name : str(value);
}

export function notificationsReport(plan: Plan): NotificationsReport | undefined {
    const of = (type: string) => plan.resources.filter((r) => r.type === type);
    const topics = of(TYPES.topic);
    const alarms = of(TYPES.alarm);
    const reports = new Map<string, { subscribers: string[]; serviceAlarms: number; healthCheckAlarms: number; events: string[] }>();
    const entry = (key: string) => {
        let e = reports.get(key);
        if (e === undefined) {
            e = { subscribers: [], serviceAlarms: 0, healthCheckAlarms: 0, events: [] };
            reports.set(key, e);
        }
        return e;
    };
    topics.forEach((t) => entry(str(t.inputs.name) ?? t.name));
    for (const s of of(TYPES.subscription)) {
        const key = topicKey(s.inputs.topic, s, "topic", topics);
        if (key !== undefined) {
            entry(key).subscribers.push(`${str(s.inputs.protocol)} ${str(s.inputs.endpoint)}`);
        }
    }
    for (const c of of(TYPES.slack)) {
        for (const arn of list(c.inputs.snsTopicArns)) {
            const key = topicKey(arn, c, "snsTopicArns", topics);
            if (key !== undefined) {
                entry(key).subscribers.push(`slack ${str(c.inputs.slackTeamId)}/${str(c.inputs.slackChannelId)} (AWS Chatbot)`);
            }
        }
    }
    const silent: string[] = [];
    for (const a of alarms) {
        const actions = list(a.inputs.alarmActions);
        if (actions.length === 0) {
            silent.push(str(a.inputs.name) ?? a.name);
        }
        for (const arn of actions) {
            const key = topicKey(arn, a, "alarmActions", topics);
            if (key !== undefined) {
                const e = entry(key);
                if (str(a.inputs.metricName) === "HealthCheckStatus") {
                    e.healthCheckAlarms++;
                } else {
                    e.serviceAlarms++;
                }
            }
        }
    }
    for (const t of of(TYPES.eventTarget)) {
        const key = topicKey(t.inputs.arn, t, "arn", topics);
        if (key !== undefined && (key.startsWith("arn:aws:sns:") || topics.some((x) => (str(x.inputs.name) ?? x.name) === key))) {
            entry(key).events.push("ECS deployments that fail or roll back");
        }
    }
    if (reports.size === 0) {
        return silent.length === 0 ? undefined : { topics: [], silentAlarms: silent };
    }
    return {
        topics: [...reports].map(([topic, e]) => ({ topic, ...e })),
        silentAlarms: silent,
    };
}

function toldOf(t: TopicReport): string {
    const parts = [
        ...(t.serviceAlarms > 0 ? [`${t.serviceAlarms} service alarm${t.serviceAlarms === 1 ? "" : "s"} (ALARM and OK)`] : []),
        ...(t.healthCheckAlarms > 0 ? [`${t.healthCheckAlarms} Route 53 health-check alarm${t.healthCheckAlarms === 1 ? "" : "s"} (us-east-1)`] : []),
        ...t.events,
    ];
    return parts.length === 0 ? "nothing" : parts.join("; ");
}

/** Text lines for the terminal plan (empty when the stack has no alarm at all). */
export function notificationsTextLines(plan: Plan): string[] {
    const report = notificationsReport(plan);
    if (report === undefined) {
        return [];
    }
    const lines = ["", "Notifications (who is told of what):"];
    if (report.topics.length === 0) {
        lines.push("    nobody: platform.notifications is not set");
    }
    for (const t of report.topics) {
        lines.push(`    ${t.topic}: ${t.subscribers.length === 0 ? "its existing subscribers" : t.subscribers.join(", ")}`);
        lines.push(`        told of: ${toldOf(t)}`);
    }
    if (report.silentAlarms.length > 0) {
        lines.push(`    tells nobody: ${report.silentAlarms.length} alarm${report.silentAlarms.length === 1 ? "" : "s"} (${report.silentAlarms.slice(0, 3).join(", ")}${report.silentAlarms.length > 3 ? ", ..." : ""})`);
    }
    return lines;
}

/** The same as a Markdown section. */
export function notificationsMarkdown(plan: Plan): string[] {
    const report = notificationsReport(plan);
    if (report === undefined) {
        return [];
    }
    const lines = ["#### Notifications", ""];
    if (report.topics.length === 0) {
        lines.push("Nobody is told: `platform.notifications` is not set.", "");
        return lines;
    }
    lines.push("| Topic | Subscribers | Told of |", "|---|---|---|");
    for (const t of report.topics) {
        lines.push(`| \`${t.topic}\` | ${t.subscribers.length === 0 ? "its existing subscribers" : t.subscribers.join("<br>")} | ${toldOf(t)} |`);
    }
    if (report.silentAlarms.length > 0) {
        lines.push("", `Tells nobody: ${report.silentAlarms.length} alarm${report.silentAlarms.length === 1 ? "" : "s"}.`);
    }
    lines.push("");
    return lines;
}
