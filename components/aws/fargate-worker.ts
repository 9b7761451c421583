// A worker on ECS Fargate: an ECS service in the private subnets with no load
// balancer and no ingress, whose task count config sets (the handover from
// the Droplets is by count) and autoscaling moves within min..max, on CPU,
// memory and the depth of its queue or a metric of its own.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig, WorkerConfig } from "../config";
import { SCALE_IN_COOLDOWN_SECONDS, SCALE_OUT_COOLDOWN_SECONDS } from "./fargate-revision";
import { clusterName as clusterNameOf, stackPrefix } from "./naming";
import { processTaskDefinition, taskBasics } from "./task-basics";
import type { DatabaseTarget } from "./database-clients";

export interface FargateWorkerArgs {
    readonly config: StackConfig;
    /** The worker; it must have a fargate part. */
    readonly worker: WorkerConfig;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly clusterArn: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    /** The RDS targets of moving databases (legacy.databases[].move), by database name. @default none */
    readonly databases?: Readonly<Record<string, DatabaseTarget>>;
}

/**
 * Deployment percentages: a worker that must not run twice replaces its
 * tasks stop-first (0 % / 100 %: old and new code never consume together),
 * one that may starts the new tasks first (100 % / 200 %).
 */
export function workerDeployment(safeToRunTwice: boolean): { readonly minimumHealthyPercent: number; readonly maximumPercent: number } {
    return safeToRunTwice ? { minimumHealthyPercent: 100, maximumPercent: 200 } : { minimumHealthyPercent: 0, maximumPercent: 100 };
}

/** The target tracking metric of the worker's queue or custom metric, as Application Auto Scaling takes it. */
export function queueScalingMetric(worker: WorkerConfig, clusterName: string): aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification | undefined {
    const scaling = worker.fargate?.autoscaling;
    if (scaling?.queue !== undefined) {
        // AWS's recipe for queue workers: backlog per task (Application Auto
        // Scaling User Guide, "Target tracking with metric math"), with the
        // running task count from Container Insights (enabled on the cluster).
        return {
            metrics: [
                { id: "backlog", label: "Visible messages per running task", expression: "visible / running", returnData: true },
                { id: "visible", returnData: false, metricStat: { stat: "Sum", metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: [{ name: "QueueName", value: scaling.queue.sqsQueueName }] } } },
                { id: "running", returnData: false, metricStat: { stat: "Average", metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: [{ name: "ClusterName", value: clusterName }, { name: "ServiceName", value: worker.name }] } } },
            ],
        };
    }
    if (scaling?.metric !== undefined) {
        return {
            namespace: scaling.metric.namespace,
            metricName: scaling.metric.name,
            statistic: scaling.metric.statistic,
            dimensions: Object.entries(scaling.metric.dimensions).map(([name, value]) => ({ name, value })),
        };
    }
    return undefined;
}

export class FargateWorker extends pulumi.ComponentResource {
    readonly serviceName: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly taskDefinitionArn: pulumi.Output<string>;

    constructor(name: string, args: FargateWorkerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:FargateWorker", name, {}, opts);
        const { config, worker } = args;
        const fargate = worker.fargate;
        if (fargate === undefined) {
            throw new Error(`worker: ${JSON.stringify(worker.name)} has no fargate part; create a FargateWorker only for workers with services[].fargate set`);
        }
        const prefix = stackPrefix(config.project, config.stack);
        const tags = {
            ...worker.tags,
            // Read by the change-safety analysis and the policy pack: may both sides run it, may it pause.
            "safe-to-run-twice": String(worker.safeToRunTwice),
            "can-pause": String(worker.canPause),
        };
        const basics = taskBasics(this, name, {
            config, workload: worker.name, what: "worker", process: fargate, tags, vpcId: args.vpcId, databases: args.databases,
        });
        const taskDefinition = processTaskDefinition(this, name, { config, workload: worker.name, basics, process: fargate, logStreamPrefix: "worker", tags });
        const deployment = workerDeployment(worker.safeToRunTwice);
        const service = new aws.ecs.Service(name, {
            name: worker.name,
            cluster: args.clusterArn,
            taskDefinition: taskDefinition.arn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            // Managed, not ignored: the handover from the Droplets is a change
            // of this count, and the run waits until that many tasks run.
            desiredCount: fargate.desiredCount,
            networkConfiguration: { subnets: args.privateSubnetIds, securityGroups: [basics.securityGroup.id], assignPublicIp: false },
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: deployment.minimumHealthyPercent,
            deploymentMaximumPercent: deployment.maximumPercent,
            waitForSteadyState: true,
            propagateTags: "SERVICE",
            enableEcsManagedTags: true,
            enableExecuteCommand: true,
            tags,
        }, { parent: this, dependsOn: [...basics.ready] });

        const scalingTarget = new aws.appautoscaling.Target(`${name}-scaling`, {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${args.clusterName}/${service.name}`,
            minCapacity: fargate.autoscaling.min,
            maxCapacity: fargate.autoscaling.max,
            tags,
        }, { parent: this });
        const policy = (metric: string, configuration: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration) =>
            new aws.appautoscaling.Policy(`${name}-scale-${metric}`, {
                policyType: "TargetTrackingScaling",
                serviceNamespace: scalingTarget.serviceNamespace,
                scalableDimension: scalingTarget.scalableDimension,
                resourceId: scalingTarget.resourceId,
                targetTrackingScalingPolicyConfiguration: configuration,
            }, { parent: this });
        const cooldowns = { scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS, scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS };
        policy("cpu", { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, targetValue: fargate.autoscaling.cpuTargetPercent, ...cooldowns });
        policy("memory", { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" }, targetValue: fargate.autoscaling.memoryTargetPercent, ...cooldowns });
        const custom = queueScalingMetric(worker, clusterNameOf(prefix));
        if (custom !== undefined) {
            const target = fargate.autoscaling.queue?.messagesPerTask ?? fargate.autoscaling.metric!.targetValue;
            policy(fargate.autoscaling.queue !== undefined ? "queue" : "metric", { customizedMetricSpecification: custom, targetValue: target, ...cooldowns });
        }

        this.serviceName = service.name;
        this.logGroupName = pulumi.output(basics.logGroupName);
        this.taskDefinitionArn = taskDefinition.arn;
        this.registerOutputs({ serviceName: this.serviceName, logGroupName: this.logGroupName, taskDefinitionArn: this.taskDefinitionArn });
    }
}
