// One revision of a Fargate service: stable, or the canary that takes a share
// of the service's Fargate traffic. A revision is its own task definition, ECS
// service, autoscaling and alarms, so a canary's health and rollback are its
// own and read in one place. The shared parts (image repository, logs,
// secrets, roles, security group, target groups, listener rules) belong to the
// FargateService that creates its revisions.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FargateConfig, ServiceConfig, StackConfig } from "../config";
import { revisionAlarmSpecs, type AlarmSpec } from "./alarms";
import type { Capacity } from "./capacity";
import { containerDefinition, type ContainerSecretRef } from "./container";
import { alarmName, ecsServiceName, stackPrefix, taskFamily, type Revision } from "./naming";
import { ecsDeploymentConfiguration, ecsServiceTimeouts } from "./rollout";

/** Autoscaling cooldowns, seconds: scale out fast, scale in slowly. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

export interface FargateRevisionArgs {
    readonly config: StackConfig;
    readonly service: ServiceConfig & { readonly fargate: FargateConfig };
    readonly revision: Revision;
    /** Task counts of this revision (the canary's come from canaryCapacity). */
    readonly capacity: Capacity;
    /** The full image reference, known at preview (registry URL made from the account and region). */
    readonly image: pulumi.Input<string>;
    /** Container secrets: variable name and valueFrom ARN, known at preview. */
    readonly secrets: pulumi.Input<ContainerSecretRef[]>;
    readonly logGroupName: string;
    readonly executionRoleArn: pulumi.Input<string>;
    readonly taskRoleArn: pulumi.Input<string>;
    readonly clusterArn: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly securityGroupId: pulumi.Input<string>;
    /** This revision's target group. */
    readonly targetGroup: { readonly arn: pulumi.Input<string>; readonly arnSuffix: pulumi.Input<string> };
    /** app/<name>/<id> of the shared ALB (alarm dimensions). */
    readonly albArnSuffix: pulumi.Input<string>;
    /** What must exist before tasks start: the listener rules using the target group, role policies, secret parameters. */
    readonly dependsOn: readonly pulumi.Resource[];
    /**
     * Under a native rollout (fargate.rollout blue-green, linear, canary; the
     * stable revision only): the rule whose weights ECS shifts, the second
     * target group ECS starts new revisions in, and the role ECS uses on the
     * load balancer. @default absent: ECS's rolling deployments
     */
    readonly native?: {
        readonly productionListenerRuleArn: pulumi.Input<string>;
        readonly alternateTargetGroupArn: pulumi.Input<string>;
        /** targetgroup/<name>/<id> of the second group: the alarms read both groups. */
        readonly alternateTargetGroupArnSuffix: pulumi.Input<string>;
        readonly roleArn: pulumi.Input<string>;
    };
    /** Topics told when an alarm of this revision goes to ALARM and back to OK (platform.notifications). @default none */
    readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
}

export class FargateRevision extends pulumi.ComponentResource {
    readonly revision: Revision;
    readonly ecsService: aws.ecs.Service;
    readonly serviceName: pulumi.Output<string>;
    readonly taskDefinitionArn: pulumi.Output<string>;
    /** The alarms that roll this revision's deployments back, by kind. */
    readonly alarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;
    readonly alarmNames: pulumi.Output<string[]>;

    constructor(name: string, args: FargateRevisionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:FargateRevision", name, {}, opts);
        const { config, service, revision } = args;
        const fargate = service.fargate;
        const prefix = stackPrefix(config.project, config.stack);
        const tags = { ...service.tags, revision };
        // These resources were children of the FargateService before revisions
        // were components, under the same names: the alias keeps them (an
        // ECS service replaced is an outage), only their parent changes.
        // The parent by URN, not as the resource: the SDK resolves each alias with
        // output(alias), which walks every object inside it, and a resource
        // leads to the whole resource tree (quadratic: 100 services spent
        // a third of their run there).
        const child: pulumi.CustomResourceOptions = { parent: this, aliases: opts?.parent === undefined ? [] : [{ parent: opts.parent.urn }] };

        const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
        const specs = revisionAlarmSpecs(
            `${prefix} ${service.name} ${revision}`,
            revision,
            { targetGroup: args.targetGroup.arnSuffix, loadBalancer: args.albArnSuffix },
            { clusterName: args.clusterName, serviceName: ecsServiceName(service.name, revision) },
            args.native === undefined ? undefined : { targetGroup: args.native.alternateTargetGroupArnSuffix, loadBalancer: args.albArnSuffix },
        );
        for (const spec of specs) {
            alarms[spec.kind] = this.alarm(`${name}-${spec.kind}`, alarmName(prefix, service.name, revision, spec.kind), spec, tags, child, args.alarmActions);
        }

        const containerDefinitions = pulumi.all([args.image, args.secrets]).apply(([image, secrets]) => JSON.stringify([containerDefinition({
            name: service.name,
            image,
            port: service.port,
            healthCheckPath: service.healthCheckPath,
            environment: fargate.environment,
            secrets,
            logGroupName: args.logGroupName,
            region: config.awsRegion,
            logStreamPrefix: revision,
        })]));
        const taskDefinition = new aws.ecs.TaskDefinition(name, {
            family: taskFamily(prefix, service.name, revision),
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(fargate.cpu),
            memory: String(fargate.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            executionRoleArn: args.executionRoleArn,
            taskRoleArn: args.taskRoleArn,
            containerDefinitions,
            tags,
        }, child);

        this.ecsService = new aws.ecs.Service(name, {
            name: ecsServiceName(service.name, revision),
            cluster: args.clusterArn,
            taskDefinition: taskDefinition.arn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            desiredCount: args.capacity.desired,
            networkConfiguration: {
                subnets: args.privateSubnetIds,
                securityGroups: [args.securityGroupId],
                assignPublicIp: false,
            },
            loadBalancers: [{
                targetGroupArn: args.targetGroup.arn,
                containerName: service.name,
                containerPort: service.port,
                ...(args.native === undefined ? {} : {
                    advancedConfiguration: {
                        alternateTargetGroupArn: args.native.alternateTargetGroupArn,
                        productionListenerRule: args.native.productionListenerRuleArn,
                        roleArn: args.native.roleArn,
                    },
                }),
            }],
            ...(args.native === undefined ? {} : { deploymentConfiguration: ecsDeploymentConfiguration(fargate.rollout) }),
            deploymentCircuitBreaker: { enable: true, rollback: true },
            alarms: { alarmNames: Object.values(alarms).map((a) => a.name), enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            healthCheckGracePeriodSeconds: config.platform.healthCheckGracePeriodSeconds,
            // `up` returns only once the tasks are running and healthy (or
            // fails when the deployment cannot get there): nothing that
            // depends on the service, DNS above all, moves before that.
            waitForSteadyState: true,
            propagateTags: "SERVICE",
            enableEcsManagedTags: true,
            enableExecuteCommand: true,
            tags,
        }, {
            ...child,
            // Autoscaling owns the task count once the service exists; a
            // deployment must not reset it to the configured start value.
            ignoreChanges: ["desiredCount"],
            // ECS rejects a target group that no listener rule uses yet,
            // and tasks cannot start before their roles and secrets exist.
            dependsOn: [...args.dependsOn],
            // `up` waits through a native deployment's bake times.
            ...(args.native === undefined ? {} : { customTimeouts: ecsServiceTimeouts(fargate.rollout) }),
        });

        const scalingTarget = new aws.appautoscaling.Target(`${name}-scaling`, {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${args.clusterName}/${this.ecsService.name}`,
            minCapacity: args.capacity.min,
            maxCapacity: args.capacity.max,
            tags,
        }, child);
        for (const [metric, predefinedMetricType, targetValue] of [
            ["cpu", "ECSServiceAverageCPUUtilization", fargate.autoscaling.cpuTargetPercent],
            ["memory", "ECSServiceAverageMemoryUtilization", fargate.autoscaling.memoryTargetPercent],
        ] as const) {
            new aws.appautoscaling.Policy(`${name}-scale-${metric}`, {
                policyType: "TargetTrackingScaling",
                serviceNamespace: scalingTarget.serviceNamespace,
                scalableDimension: scalingTarget.scalableDimension,
                resourceId: scalingTarget.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: { predefinedMetricType },
                    targetValue,
                    scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
                    scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
                },
            }, child);
        }

        this.revision = revision;
        this.serviceName = this.ecsService.name;
        this.taskDefinitionArn = taskDefinition.arn;
        this.alarms = alarms;
        this.alarmNames = pulumi.all(Object.values(alarms).map((a) => a.name));
        this.registerOutputs({
            serviceName: this.serviceName,
            taskDefinitionArn: this.taskDefinitionArn,
            alarmNames: this.alarmNames,
        });
    }

    private alarm(resourceName: string, physicalName: string, spec: AlarmSpec, tags: Record<string, string>, opts: pulumi.CustomResourceOptions, actions?: pulumi.Input<pulumi.Input<string>[]>): aws.cloudwatch.MetricAlarm {
        return new aws.cloudwatch.MetricAlarm(resourceName, {
            name: physicalName,
            alarmDescription: spec.description,
            comparisonOperator: spec.comparisonOperator,
            threshold: spec.threshold,
            evaluationPeriods: spec.evaluationPeriods,
            datapointsToAlarm: spec.datapointsToAlarm,
            treatMissingData: spec.treatMissingData,
            namespace: spec.namespace,
            metricName: spec.metricName,
            statistic: spec.statistic,
            period: spec.period,
            dimensions: spec.dimensions,
            metricQueries: spec.metricQueries as aws.types.input.cloudwatch.MetricAlarmMetricQuery[] | undefined,
            // The team hears both edges: the alarm firing and its recovery.
            ...(actions === undefined ? {} : { alarmActions: actions, okActions: actions }),
            tags,
        }, opts);
    }
}
