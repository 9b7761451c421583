// Someone is told (platform.notifications): where the rule is enabled (prod),
// every CloudWatch alarm must name a topic in its alarm and OK actions, every
// Route 53 health check behind a weighted record must have an alarm that
// does, and an EventBridge rule must send ECS deployment state changes to a
// topic. A rollback or a failover nobody hears of is repeated until a user
// reports it (AWS Well-Architected, Operational Excellence OPS08-BP04
// "Create actionable alerts").
import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { TYPES as T, depsOf, idOf, nodes, ofType, type Node } from "../lib/stack";
import { asList, asRecord, asString, isUnknown, settings } from "../lib/values";

const TYPES = {
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
} as const;

const schema: PolicyConfigSchema = {
    properties: {
        enabled: { type: "boolean", default: false, description: "Require notifications (prod's config enables it)." },
    },
};

function hasActions(alarm: Node, key: "alarmActions" | "okActions"): boolean {
    const actions = alarm.props[key];
    return isUnknown(actions) || asList(actions).length > 0;
}

/** The rule's event pattern names ECS deployment state changes. */
function watchesDeployments(rule: Node): boolean {
    const pattern = rule.props.eventPattern;
    if (isUnknown(pattern)) {
        return true;
    }
    try {
        const parsed = JSON.parse(asString(pattern) ?? "{}") as Record<string, unknown>;
        return asList(parsed["detail-type"]).includes("ECS Deployment State Change");
    } catch {
        return false;
    }
}

export const notificationsRequired: StackValidationPolicy = {
    name: "platform-notifications-required",
    description: "Every alarm, Route 53 health check and ECS deployment failure must notify someone (alarm and OK actions, a health-check alarm, an EventBridge rule to a topic).",
    configSchema: schema,
    validateStack: (args, reportViolation) => {
        const { enabled } = settings<{ enabled: boolean }>(schema, args.getConfig());
        if (!enabled) {
            return;
        }
        const all = nodes(args.resources);
        const alarms = ofType(all, TYPES.alarm);
        for (const alarm of alarms) {
            const missing = (["alarmActions", "okActions"] as const).filter((k) => !hasActions(alarm, k));
            if (missing.length > 0) {
                reportViolation(`${alarm.name}: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} empty, so nobody hears when it ${missing.includes("alarmActions") ? "fires" : "recovers"}; set platform.notifications in the stack config (the program then names its topic in both).`, alarm.urn);
            }
        }
        const checks = ofType(all, T.healthCheck).filter((c) => asString(c.props.type) !== "CALCULATED");
        for (const check of checks) {
            const id = idOf(check);
            const watched = alarms.some((a) => {
                const dims = asRecord(a.props.dimensions);
                return asString(a.props.metricName) === "HealthCheckStatus"
                    && ((id !== undefined && asString(dims?.HealthCheckId) === id) || depsOf(a, "dimensions").includes(check.urn))
                    && hasActions(a, "alarmActions");
            });
            if (!watched) {
                reportViolation(`${check.name}: no CloudWatch alarm with actions watches this health check, so a failover is silent; set platform.notifications (the program then alarms on every health check, in us-east-1).`, check.urn);
            }
        }
        const services = ofType(all, T.ecsService);
        const rules = ofType(all, TYPES.eventRule).filter(watchesDeployments);
        const targeted = rules.some((r) => ofType(all, TYPES.eventTarget).some((t) => (asString(t.props.rule) !== undefined && asString(t.props.rule) === asString(r.props.name)) || depsOf(t, "rule").includes(r.urn)));
        if (services.length > 0 && !targeted) {
            reportViolation(`no EventBridge rule with a target sends "ECS Deployment State Change" events, so a failed or rolled-back deployment is heard of by nobody; set platform.notifications.`);
        }
    },
};
