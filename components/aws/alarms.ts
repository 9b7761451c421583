// CloudWatch alarm definitions of a Fargate service, as pure functions of the
// metric dimensions. The deployment alarms (5xx rate, unhealthy hosts, CPU,
// memory) roll an ECS deployment back; the healthy-hosts alarm feeds the
// Route 53 CLOUDWATCH_METRIC health check that takes a service's Fargate side
// out of DNS.
import type * as pulumi from "@pulumi/pulumi";
import { HEALTHY_HOSTS_ALARM_TIMING } from "../traffic/steps";

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

export type DeploymentAlarmKind = "target-5xx-rate" | "unhealthy-hosts" | "cpu-high" | "memory-high";

export interface AlarmSpec {
    readonly kind: DeploymentAlarmKind | "healthy-hosts";
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

/** The four alarms that roll back a deployment of one ECS service (one revision). */
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

/**
 * No healthy target in the stable target group for two periods. Missing data
 * (no metric at all) counts as breaching: a service that reports nothing
 * must not keep receiving DNS traffic. Timing comes from the traffic
 * component, whose failover bound depends on it.
 */
export function healthyHostsAlarmSpec(label: string, tg: TargetGroupDimensions): AlarmSpec {
    const { periodSeconds, evaluationPeriods, datapointsToAlarm } = HEALTHY_HOSTS_ALARM_TIMING;
    return {
        kind: "healthy-hosts",
        description: `${label}: no healthy target for ${(periodSeconds * datapointsToAlarm) / 60} minutes (drives the Route 53 health check of the Fargate record)`,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        evaluationPeriods,
        datapointsToAlarm,
        treatMissingData: "breaching",
        namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", statistic: "Minimum", period: periodSeconds,
        dimensions: { TargetGroup: tg.targetGroup, LoadBalancer: tg.loadBalancer },
    };
}
