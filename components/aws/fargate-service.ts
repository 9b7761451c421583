// One service on ECS Fargate behind the shared ALB: its image repository,
// logs, secrets, roles, task definitions, security group, target groups
// (stable and canary), listener rule, ECS services, autoscaling and alarms.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ImageSource, ServiceConfig, StackConfig } from "../config";
import { albWeights } from "../traffic/weights";
import { deploymentAlarmSpecs, healthyHostsAlarmSpec, type AlarmSpec } from "./alarms";
import { canaryCapacity, type Capacity } from "./capacity";
import { containerDefinition, type ContainerSecretRef } from "./container";
import { ecrRepositoryArnOfImage, ecsTasksTrustPolicy, executionRolePolicy, secretResourceArn, taskRolePolicy } from "./iam-policies";
import {
    alarmName, ecrRepositoryName, ecsServiceName, iamRoleName, iamRolePolicyName, logGroupName, stackPrefix, targetGroupName, taskFamily, type Revision,
} from "./naming";

/** ALB listener rule priorities AWS accepts. */
export const LISTENER_RULE_PRIORITY_MAX = 50000;
/** Autoscaling cooldowns, seconds: scale out fast, scale in slowly. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

export interface FargateServiceArgs {
    /** The parsed stack config (project, stack, region, platform settings). */
    readonly config: StackConfig;
    /** The service; it must have a fargate part. */
    readonly service: ServiceConfig;
    /** VPC of the target groups and the task security group. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets the tasks run in (no public IPs). */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** When set, tasks may also open connections to the VPC on the service port (service-to-service calls inside the VPC). @default no such rule */
    readonly vpcCidr?: pulumi.Input<string>;
    /** ECS cluster ARN. */
    readonly clusterArn: pulumi.Input<string>;
    /** ECS cluster name (alarm dimensions, autoscaling resource id). */
    readonly clusterName: pulumi.Input<string>;
    /** The ALB's security group: the only source allowed to reach the tasks. */
    readonly albSecurityGroupId: pulumi.Input<string>;
    /** HTTPS listener the service's rule is added to. */
    readonly httpsListenerArn: pulumi.Input<string>;
    /** ALB ARN suffix (LoadBalancer dimension of the target group alarms). */
    readonly albArnSuffix: pulumi.Input<string>;
    /** Priority of the service's listener rule, unique on the listener (1 to 50000). */
    readonly listenerRulePriority: number;
}

interface Revisioned {
    readonly revision: Revision;
    readonly image: ImageSource;
    readonly capacity: Capacity;
}

export class FargateService extends pulumi.ComponentResource {
    /** Stable ECS service name. */
    readonly serviceName: pulumi.Output<string>;
    /** Canary ECS service name, when a canary is configured. */
    readonly canaryServiceName: pulumi.Output<string> | undefined;
    readonly ecrRepositoryUrl: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly stableTargetGroupArn: pulumi.Output<string>;
    readonly canaryTargetGroupArn: pulumi.Output<string>;
    /** Alarm on the stable target group's HealthyHostCount < 1 (for a Route 53 CLOUDWATCH_METRIC health check). */
    readonly healthyHostsAlarmName: pulumi.Output<string>;
    /** Region of the alarms. */
    readonly alarmRegion: pulumi.Output<string>;
    /** Every alarm of this service (deployment alarms of each revision, then healthy hosts). */
    readonly alarmNames: pulumi.Output<string[]>;
    readonly executionRoleArn: pulumi.Output<string>;
    readonly taskSecurityGroupId: pulumi.Output<string>;

    constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:FargateService", name, {}, opts);
        const { config, service } = args;
        const fargate = service.fargate;
        if (fargate === undefined) {
            throw new Error(`service: ${JSON.stringify(service.name)} has no fargate part; create a FargateService only for services with services[].fargate set`);
        }
        if (!Number.isInteger(args.listenerRulePriority) || args.listenerRulePriority < 1 || args.listenerRulePriority > LISTENER_RULE_PRIORITY_MAX) {
            throw new RangeError(`listenerRulePriority: ${args.listenerRulePriority} is not valid; allowed a whole number from 1 to ${LISTENER_RULE_PRIORITY_MAX}, unique on the listener`);
        }
        const prefix = stackPrefix(config.project, config.stack);
        const region = config.awsRegion;
        const tags = { ...service.tags };
        const revisions: Revisioned[] = [
            { revision: "stable", image: fargate.image, capacity: { desired: fargate.desiredCount, min: fargate.autoscaling.min, max: fargate.autoscaling.max } },
            ...(fargate.canary === undefined ? [] : [{ revision: "canary" as const, image: fargate.canary.image, capacity: canaryCapacity(fargate) }]),
        ];

        // Images
        const repository = new aws.ecr.Repository(`${name}-repo`, {
            name: ecrRepositoryName(prefix, service.name),
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "AES256" }],
            tags,
        }, { parent: this });
        new aws.ecr.LifecyclePolicy(`${name}-repo-lifecycle`, {
            repository: repository.name,
            policy: JSON.stringify({
                rules: [{
                    rulePriority: 1,
                    description: `Keep the last ${config.platform.ecrKeepImages} images`,
                    selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: config.platform.ecrKeepImages },
                    action: { type: "expire" },
                }],
            }),
        }, { parent: this });
        const imageOf = (source: ImageSource): pulumi.Output<string> =>
            source.kind === "ecr" ? pulumi.interpolate`${repository.repositoryUrl}:${source.tag}` : pulumi.output(source.ref);
        const externalRepositoryArns = revisions
            .map((r) => (r.image.kind === "external" ? ecrRepositoryArnOfImage(r.image.ref) : undefined))
            .filter((arn): arn is string => arn !== undefined);

        // Logs
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: logGroupName(prefix, service.name),
            retentionInDays: config.platform.logRetentionDays,
            tags,
        }, { parent: this });

        // Secrets: values from secret config go to Secrets Manager; the task
        // only ever sees ARNs.
        const secretVersions: aws.secretsmanager.SecretVersion[] = [];
        const secretRefs = fargate.secrets.map((secret) => {
            if (secret.source === "arn") {
                return { name: secret.name, valueFrom: pulumi.output(secret.arn), store: secret.store };
            }
            const slug = secret.name.toLowerCase().replace(/_/g, "-");
            const stored = new aws.secretsmanager.Secret(`${name}-secret-${slug}`, {
                description: `${service.name} ${secret.name} (from ${secret.configKey})`,
                tags,
            }, { parent: this });
            secretVersions.push(new aws.secretsmanager.SecretVersion(`${name}-secret-${slug}`, {
                secretId: stored.id,
                secretString: secret.value,
            }, { parent: this }));
            return { name: secret.name, valueFrom: stored.arn, store: "secretsmanager" as const };
        });

        // Roles
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const trust = account.apply((accountId) => JSON.stringify(ecsTasksTrustPolicy(accountId, region)));
        const executionRole = new aws.iam.Role(`${name}-execution`, {
            name: iamRoleName(prefix, service.name, "execution"),
            description: `ECS task execution role of ${prefix} ${service.name}: pull images, write logs, read secrets`,
            assumeRolePolicy: trust,
            tags,
        }, { parent: this });
        const secretArnsOf = (store: "secretsmanager" | "ssm") => secretRefs.filter((s) => s.store === store).map((s) => s.valueFrom);
        const executionPolicy = new aws.iam.RolePolicy(`${name}-execution`, {
            name: iamRolePolicyName(prefix, service.name, "execution"),
            role: executionRole.id,
            policy: pulumi.all([repository.arn, logGroup.arn, pulumi.all(secretArnsOf("secretsmanager")), pulumi.all(secretArnsOf("ssm"))])
                .apply(([repositoryArn, logGroupArn, secretsManager, ssm]) => JSON.stringify(executionRolePolicy({
                    repositoryArns: [repositoryArn, ...externalRepositoryArns],
                    logGroupArn,
                    secretsManagerArns: secretsManager.map(secretResourceArn),
                    ssmParameterArns: ssm,
                }))),
        }, { parent: this });
        const taskRole = new aws.iam.Role(`${name}-task`, {
            name: iamRoleName(prefix, service.name, "task"),
            description: `ECS task role of ${prefix} ${service.name} (the application's own permissions)`,
            assumeRolePolicy: trust,
            tags,
        }, { parent: this });
        const taskPolicy = new aws.iam.RolePolicy(`${name}-task`, {
            name: iamRolePolicyName(prefix, service.name, "task"),
            role: taskRole.id,
            policy: JSON.stringify(taskRolePolicy()),
        }, { parent: this });

        // Network
        const taskSg = new aws.ec2.SecurityGroup(`${name}-task-sg`, {
            vpcId: args.vpcId,
            description: `${service.name} tasks: port ${service.port} from the ALB only`,
            tags: { ...tags, Name: `${name}-task` },
        }, { parent: this });
        new aws.vpc.SecurityGroupIngressRule(`${name}-task-in-alb`, {
            securityGroupId: taskSg.id,
            description: `Port ${service.port} from the ALB`,
            ipProtocol: "tcp",
            fromPort: service.port,
            toPort: service.port,
            referencedSecurityGroupId: args.albSecurityGroupId,
            tags,
        }, { parent: this });
        // ECR, Secrets Manager, CloudWatch Logs and the app's HTTPS APIs, through the NAT gateway.
        new aws.vpc.SecurityGroupEgressRule(`${name}-task-out-https`, {
            securityGroupId: taskSg.id,
            description: "HTTPS to AWS APIs and the internet (through NAT)",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "0.0.0.0/0",
            tags,
        }, { parent: this });
        if (args.vpcCidr !== undefined) {
            new aws.vpc.SecurityGroupEgressRule(`${name}-task-out-vpc`, {
                securityGroupId: taskSg.id,
                description: `Port ${service.port} to the VPC (service-to-service)`,
                ipProtocol: "tcp",
                fromPort: service.port,
                toPort: service.port,
                cidrIpv4: args.vpcCidr,
                tags,
            }, { parent: this });
        }

        // Load balancing: both groups always exist, so turning a canary on or
        // off only changes weights, never the shape of the listener rule.
        const targetGroups = Object.fromEntries((["stable", "canary"] as const).map((revision) => [revision, new aws.lb.TargetGroup(`${name}-tg-${revision}`, {
            name: targetGroupName(prefix, service.name, revision, service.port),
            vpcId: args.vpcId,
            targetType: "ip",
            protocol: "HTTP",
            port: service.port,
            deregistrationDelay: 30,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                path: service.healthCheckPath,
                port: "traffic-port",
                matcher: "200-399",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
            tags: { ...tags, revision },
        }, { parent: this })])) as Record<Revision, aws.lb.TargetGroup>;
        const weights = albWeights(fargate.canary?.percent);
        const listenerRule = new aws.lb.ListenerRule(`${name}-rule`, {
            listenerArn: args.httpsListenerArn,
            priority: args.listenerRulePriority,
            conditions: [
                { hostHeader: { values: [service.hostname] } },
                ...(fargate.pathPatterns.length > 0 ? [{ pathPattern: { values: [...fargate.pathPatterns] } }] : []),
            ],
            actions: [{
                type: "forward",
                forward: {
                    targetGroups: [
                        { arn: targetGroups.stable.arn, weight: weights.stable },
                        { arn: targetGroups.canary.arn, weight: weights.canary },
                    ],
                },
            }],
            tags,
        }, { parent: this });

        // Alarms: each ECS service rolls back on its own revision's alarms.
        const makeAlarm = (revision: Revision, spec: AlarmSpec) => new aws.cloudwatch.MetricAlarm(`${name}-${revision}-${spec.kind}`, {
            name: alarmName(prefix, service.name, revision, spec.kind),
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
            tags,
        }, { parent: this });
        const deploymentAlarms = Object.fromEntries(revisions.map((r) => [r.revision, deploymentAlarmSpecs(
            `${prefix} ${service.name} ${r.revision}`,
            { targetGroup: targetGroups[r.revision].arnSuffix, loadBalancer: args.albArnSuffix },
            { clusterName: args.clusterName, serviceName: ecsServiceName(service.name, r.revision) },
        ).map((spec) => makeAlarm(r.revision, spec))])) as Partial<Record<Revision, aws.cloudwatch.MetricAlarm[]>>;
        const healthyHostsAlarm = makeAlarm("stable", healthyHostsAlarmSpec(
            `${prefix} ${service.name} stable`,
            { targetGroup: targetGroups.stable.arnSuffix, loadBalancer: args.albArnSuffix },
        ));

        // Tasks and services
        const ecsServices = revisions.map((r) => {
            const image = imageOf(r.image);
            const containerDefinitions = pulumi.all([image, logGroup.name, pulumi.all(secretRefs.map((s) => s.valueFrom))])
                .apply(([imageRef, logGroupName_, valueFroms]) => {
                    const secrets: ContainerSecretRef[] = secretRefs.map((s, i) => ({ name: s.name, valueFrom: valueFroms[i] }));
                    return JSON.stringify([containerDefinition({
                        name: service.name,
                        image: imageRef,
                        port: service.port,
                        healthCheckPath: service.healthCheckPath,
                        environment: fargate.environment,
                        secrets,
                        logGroupName: logGroupName_,
                        region,
                        logStreamPrefix: r.revision,
                    })]);
                });
            const taskDefinition = new aws.ecs.TaskDefinition(`${name}-${r.revision}`, {
                family: taskFamily(prefix, service.name, r.revision),
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: String(fargate.cpu),
                memory: String(fargate.memory),
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                executionRoleArn: executionRole.arn,
                taskRoleArn: taskRole.arn,
                containerDefinitions,
                tags: { ...tags, revision: r.revision },
            }, { parent: this });
            const ecsService = new aws.ecs.Service(`${name}-${r.revision}`, {
                name: ecsServiceName(service.name, r.revision),
                cluster: args.clusterArn,
                taskDefinition: taskDefinition.arn,
                launchType: "FARGATE",
                platformVersion: "LATEST",
                desiredCount: r.capacity.desired,
                networkConfiguration: {
                    subnets: args.privateSubnetIds,
                    securityGroups: [taskSg.id],
                    assignPublicIp: false,
                },
                loadBalancers: [{ targetGroupArn: targetGroups[r.revision].arn, containerName: service.name, containerPort: service.port }],
                deploymentCircuitBreaker: { enable: true, rollback: true },
                alarms: { alarmNames: (deploymentAlarms[r.revision] ?? []).map((a) => a.name), enable: true, rollback: true },
                deploymentMinimumHealthyPercent: 100,
                deploymentMaximumPercent: 200,
                healthCheckGracePeriodSeconds: config.platform.healthCheckGracePeriodSeconds,
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                enableExecuteCommand: true,
                tags: { ...tags, revision: r.revision },
            }, {
                parent: this,
                // Autoscaling owns the task count once the service exists; a
                // deployment must not reset it to the configured start value.
                ignoreChanges: ["desiredCount"],
                // ECS rejects a target group that no listener rule uses yet,
                // and tasks cannot start before their roles can act.
                dependsOn: [listenerRule, executionPolicy, taskPolicy, ...secretVersions],
            });
            const scalingTarget = new aws.appautoscaling.Target(`${name}-${r.revision}-scaling`, {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${args.clusterName}/${ecsService.name}`,
                minCapacity: r.capacity.min,
                maxCapacity: r.capacity.max,
                tags,
            }, { parent: this });
            for (const [metric, predefinedMetricType, targetValue] of [
                ["cpu", "ECSServiceAverageCPUUtilization", fargate.autoscaling.cpuTargetPercent],
                ["memory", "ECSServiceAverageMemoryUtilization", fargate.autoscaling.memoryTargetPercent],
            ] as const) {
                new aws.appautoscaling.Policy(`${name}-${r.revision}-scale-${metric}`, {
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
                }, { parent: this });
            }
            return ecsService;
        });

        const allAlarms = [...revisions.flatMap((r) => deploymentAlarms[r.revision] ?? []), healthyHostsAlarm];
        this.serviceName = ecsServices[0].name;
        this.canaryServiceName = ecsServices[1]?.name;
        this.ecrRepositoryUrl = repository.repositoryUrl;
        this.logGroupName = logGroup.name;
        this.stableTargetGroupArn = targetGroups.stable.arn;
        this.canaryTargetGroupArn = targetGroups.canary.arn;
        this.healthyHostsAlarmName = healthyHostsAlarm.name;
        this.alarmRegion = pulumi.output(region);
        this.alarmNames = pulumi.all(allAlarms.map((a) => a.name));
        this.executionRoleArn = executionRole.arn;
        this.taskSecurityGroupId = taskSg.id;
        this.registerOutputs({
            serviceName: this.serviceName,
            canaryServiceName: this.canaryServiceName,
            ecrRepositoryUrl: this.ecrRepositoryUrl,
            logGroupName: this.logGroupName,
            stableTargetGroupArn: this.stableTargetGroupArn,
            canaryTargetGroupArn: this.canaryTargetGroupArn,
            healthyHostsAlarmName: this.healthyHostsAlarmName,
            alarmRegion: this.alarmRegion,
            alarmNames: this.alarmNames,
            executionRoleArn: this.executionRoleArn,
            taskSecurityGroupId: this.taskSecurityGroupId,
        });
    }
}
