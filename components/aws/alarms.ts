// CloudWatch alarm definitions of one revision (stable or canary) of a Fargate
// service, as pure functions of the metric dimensions. Every one of them rolls
// that revision's ECS deployment back (ECS service `alarms`).
import type * as pulumi from "@pulumi/pulumi";

/** Thresholds, in one place. */
export const ALARM_THRESHOLDS = {
    /** Percentage of requests answered 5xx by the targets. */
    target5xxPercent: 5,
    /** Average task CPU, percent. */
    cpuPercent: 85,
    /** Average task memory, percent. */
    memoryPercent: 90,
} as const;

/** One-minute periods, three of three: a deployment is rolled back after three bad minutes. */
const PERIOD_SECONDS = 60;
const EVALUATION_PERIODS = 3;

export type DeploymentAlarmKind = "target-5xx-rate" | "unhealthy-hosts" | "healthy-hosts" | "cpu-high" | "memory-high" | "elb-5xx-rate";

/**
 * The healthy-hosts alarm: no healthy target for five minutes. Missing data
 * breaches: a revision whose tasks crashed and deregistered reports no
 * HealthyHostCount at all, and UnHealthyHostCount stays 0, so only this alarm
 * sees it. Five periods, not three: a new revision's first tasks need the
 * grace period plus two passing health checks before they count, and the
 * alarm must not roll back a deployment that is still starting.
 */
export const HEALTHY_HOSTS_ALARM_TIMING = Object.freeze({
    /** ALB metrics arrive at 60 s resolution: a shorter period has no data. */
    periodSeconds: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
});

export interface AlarmSpec {
    readonly kind: DeploymentAlarmKind;
    readonly description: string;
    readonly comparisonOperator: string;
    readonly threshold: number;
    readonly evaluationPeriods: number;
    readonly datapointsToAlarm: number;
    readonly treatMissingData: "notBreaching" | "breaching";
    /** Single-metric alarms. */
    readonly namespace?: string;
    readonly metricName?: string;
    readonly statistic?: string;
    readonly period?: number;
    readonly dimensions?: Record<string, pulumi.Input<string>>;
    /** Metric-math alarms. */
    readonly metricQueries?: readonly Record<string, unknown>[];
}

export interface TargetGroupDimensions {
    /** Target group ARN suffix (targetgroup/<name>/<id>). */
    readonly targetGroup: pulumi.Input<string>;
    /** Load balancer ARN suffix (app/<name>/<id>). */
    readonly loadBalancer: pulumi.Input<string>;
}

export interface EcsServiceDimensions {
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
}

/**
 * The alarms that roll back a deployment of one revision: target 5xx rate,
 * unhealthy hosts, healthy hosts, CPU and memory; a canary also watches the
 * load balancer's own 5xx (a weighted forward to a target group with no
 * registered target is answered 503 by the ALB, and HTTPCode_ELB_5XX_Count
 * has no TargetGroup dimension: CloudWatch metrics for your Application Load
 * Balancer), so a silent canary stops its own deployment.
 */
export function revisionAlarmSpecs(label: string, revision: "stable" | "canary", tg: TargetGroupDimensions, ecs: EcsServiceDimensions, alternate?: TargetGroupDimensions): AlarmSpec[] {
    if (alternate !== undefined) {
        return pairAlarmSpecs(label, tg, alternate, ecs);
    }
    return [
        ...deploymentAlarmSpecs(label, tg, ecs),
        healthyHostsAlarmSpec(label, tg),
        ...(revision === "canary" ? [elb5xxRateAlarmSpec(label, tg.loadBalancer)] : []),
    ];
}

/**
 * The same alarms for a service rolled out by ECS (blue-green, linear,
 * canary): ECS moves its tasks between two target groups at each deployment,
 * so the target-group alarms read both groups together (metric math over the
 * pair). An alarm on one group would see it empty after every other
 * deployment, and its healthy-hosts alarm, which ECS watches, would then roll
 * every deployment back. FILL(…, 0): an empty group publishes nothing.
 */
export function pairAlarmSpecs(label: string, a: TargetGroupDimensions, b: TargetGroupDimensions, ecs: EcsServiceDimensions): AlarmSpec[] {
    const [rate, unhealthy, cpu, memory] = deploymentAlarmSpecs(label, a, ecs);
    const metric = (tg: TargetGroupDimensions, metricName: string, stat: string, period = PERIOD_SECONDS) => ({
        namespace: "AWS/ApplicationELB", metricName, period, stat, dimensions: { TargetGroup: tg.targetGroup, LoadBalancer: tg.loadBalancer },
    });
    const healthy = healthyHostsAlarmSpec(label, a);
    const pair = (id: string, metricName: string, stat: string, period?: number) => [
        { id: `${id}a`, metric: metric(a, metricName, stat, period), returnData: false },
        { id: `${id}b`, metric: metric(b, metricName, stat, period), returnData: false },
    ];
    return [
        {
            ...rate,
            metricQueries: [
                { id: "rate", label: "Target 5xx, % of requests (both groups)", expression: "IF((FILL(ra, 0) + FILL(rb, 0)) > 0, 100 * (FILL(ea, 0) + FILL(eb, 0)) / (FILL(ra, 0) + FILL(rb, 0)), 0)", returnData: true },
                ...pair("e", "HTTPCode_Target_5XX_Count", "Sum"),
                ...pair("r", "RequestCount", "Sum"),
            ],
        },
        {
            kind: unhealthy.kind, description: unhealthy.description, comparisonOperator: unhealthy.comparisonOperator, threshold: unhealthy.threshold,
            evaluationPeriods: unhealthy.evaluationPeriods, datapointsToAlarm: unhealthy.datapointsToAlarm, treatMissingData: unhealthy.treatMissingData,
            metricQueries: [
                { id: "unhealthy", label: "Unhealthy targets (both groups)", expression: "FILL(ua, 0) + FILL(ub, 0)", returnData: true },
                ...pair("u", "UnHealthyHostCount", "Maximum"),
            ],
        },
        cpu,
        memory,
        {
            kind: healthy.kind, description: healthy.description, comparisonOperator: healthy.comparisonOperator, threshold: healthy.threshold,
            evaluationPeriods: healthy.evaluationPeriods, datapointsToAlarm: healthy.datapointsToAlarm, treatMissingData: healthy.treatMissingData,
            metricQueries: [
                { id: "healthy", label: "Healthy targets (both groups)", expression: "FILL(ha, 0) + FILL(hb, 0)", returnData: true },
                ...pair("h", "HealthyHostCount", "Minimum", HEALTHY_HOSTS_ALARM_TIMING.periodSeconds),
            ],
        },
    ];
}

/** The four metric alarms every revision has (target 5xx rate, unhealthy hosts, CPU, memory). */
export function deploymentAlarmSpecs(label: string, tg: TargetGroupDimensions, ecs: EcsServiceDimensions): AlarmSpec[] {
    const tgDimensions = { TargetGroup: tg.targetGroup, LoadBalancer: tg.loadBalancer };
    const ecsDimensions = { ClusterName: ecs.clusterName, ServiceName: ecs.serviceName };
    const albMetric = (metricName: string) => ({
        namespace: "AWS/ApplicationELB", metricName, period: PERIOD_SECONDS, stat: "Sum", dimensions: tgDimensions,
    });
    const common = { evaluationPeriods: EVALUATION_PERIODS, datapointsToAlarm: EVALUATION_PERIODS, treatMissingData: "notBreaching" as const };
    return [
        {
            kind: "target-5xx-rate",
            description: `${label}: more than ${ALARM_THRESHOLDS.target5xxPercent}% of requests answered 5xx by the targets for 3 minutes`,
            comparisonOperator: "GreaterThanThreshold",
            threshold: ALARM_THRESHOLDS.target5xxPercent,
            ...common,
            metricQueries: [
                {
                    id: "rate",
                    label: "Target 5xx, % of requests",
                    // No requests means no errors: never divide by zero.
                    expression: "IF(requests > 0, 100 * errors / requests, 0)",
                    returnData: true,
                },
                { id: "errors", metric: albMetric("HTTPCode_Target_5XX_Count"), returnData: false },
                { id: "requests", metric: albMetric("RequestCount"), returnData: false },
            ],
        },
        {
            kind: "unhealthy-hosts",
            description: `${label}: a target failed the load balancer health check for 3 minutes`,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            ...common,
            namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", statistic: "Maximum", period: PERIOD_SECONDS,
            dimensions: tgDimensions,
        },
        {
            kind: "cpu-high",
            description: `${label}: average CPU above ${ALARM_THRESHOLDS.cpuPercent}% for 3 minutes`,
            comparisonOperator: "GreaterThanThreshold",
            threshold: ALARM_THRESHOLDS.cpuPercent,
            ...common,
            namespace: "AWS/ECS", metricName: "CPUUtilization", statistic: "Average", period: PERIOD_SECONDS,
            dimensions: ecsDimensions,
        },
        {
            kind: "memory-high",
            description: `${label}: average memory above ${ALARM_THRESHOLDS.memoryPercent}% for 3 minutes`,
            comparisonOperator: "GreaterThanThreshold",
            threshold: ALARM_THRESHOLDS.memoryPercent,
            ...common,
            namespace: "AWS/ECS", metricName: "MemoryUtilization", statistic: "Average", period: PERIOD_SECONDS,
            dimensions: ecsDimensions,
        },
    ];
}

/** No healthy target in the revision's target group for five periods; missing data breaches. */
export function healthyHostsAlarmSpec(label: string, tg: TargetGroupDimensions): AlarmSpec {
    const { periodSeconds, evaluationPeriods, datapointsToAlarm } = HEALTHY_HOSTS_ALARM_TIMING;
    return {
        kind: "healthy-hosts",
        description: `${label}: no healthy target for ${(periodSeconds * datapointsToAlarm) / 60} minutes (or no data: the tasks are gone)`,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        evaluationPeriods,
        datapointsToAlarm,
        treatMissingData: "breaching",
        namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", statistic: "Minimum", period: periodSeconds,
        dimensions: { TargetGroup: tg.targetGroup, LoadBalancer: tg.loadBalancer },
    };
}

/** Percentage of the load balancer's requests it answered 5xx itself, above which a canary deployment rolls back. */
export const ELB_5XX_PERCENT = 1;

/** The ALB's own 5xx rate (load balancer wide: the metric has no TargetGroup dimension). */
export function elb5xxRateAlarmSpec(label: string, loadBalancer: pulumi.Input<string>): AlarmSpec {
    const lbMetric = (metricName: string) => ({
        namespace: "AWS/ApplicationELB", metricName, period: PERIOD_SECONDS, stat: "Sum", dimensions: { LoadBalancer: loadBalancer },
    });
    return {
        kind: "elb-5xx-rate",
        description: `${label}: the load balancer answered more than ${ELB_5XX_PERCENT}% of requests 5xx itself for 3 minutes (a target group without targets)`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: ELB_5XX_PERCENT,
        evaluationPeriods: EVALUATION_PERIODS,
        datapointsToAlarm: EVALUATION_PERIODS,
        treatMissingData: "notBreaching",
        metricQueries: [
            { id: "rate", label: "ELB 5xx, % of requests", expression: "IF(requests > 0, 100 * errors / requests, 0)", returnData: true },
            { id: "errors", metric: lbMetric("HTTPCode_ELB_5XX_Count"), returnData: false },
            { id: "requests", metric: lbMetric("RequestCount"), returnData: false },
        ],
    };
}
