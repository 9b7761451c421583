// One service on ECS Fargate behind the shared ALB: what its revisions share
// (image repository, logs, secrets, roles, security group, target groups and
// listener rules) and the revisions themselves (FargateRevision: stable, and
// the canary when configured).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FargateConfig, ImageSource, ServiceConfig, StackConfig } from "../config";
import { healthCheckPathPattern, healthHostname } from "../traffic/health";
import { albWeights } from "../traffic/weights";
import { ecrRepositoryArn, ecrRepositoryUrl, logGroupArn, ssmParameterArn, type ArnScope } from "./arns";
import { canaryCapacity, type Capacity } from "./capacity";
import { targetSecretRefs, taskEgressRules, type DatabaseTarget } from "./database-clients";
import type { ContainerSecretRef } from "./container";
import { FargateRevision } from "./fargate-revision";
import { ECS_OWNED_RULE_INPUTS, isNativeRollout } from "./rollout";
import { ecrRepositoryArnOfImage, ecsTasksTrustPolicy, executionRolePolicy, secretResourceArn, taskRolePolicy } from "./iam-policies";
import { LISTENER_RULE_PRIORITY_MAX, LISTENER_RULE_PRIORITY_MIN } from "./listener-priorities";
import {
    ecrRepositoryName, iamRoleName, iamRolePolicyName, logGroupName, secretParameterName, stackPrefix, targetGroupName, type Revision,
} from "./naming";

export interface FargateServiceArgs {
    /** The parsed stack config (project, stack, region, platform settings, legacy databases). */
    readonly config: StackConfig;
    /** The service; it must have a fargate part. */
    readonly service: ServiceConfig;
    /** VPC of the target groups and the task security group. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets the tasks run in (no public IPs). */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** ECS cluster ARN. */
    readonly clusterArn: pulumi.Input<string>;
    /** ECS cluster name (alarm dimensions, autoscaling resource id). */
    readonly clusterName: pulumi.Input<string>;
    /** The ALB's security group: the only source allowed to reach the tasks. */
    readonly albSecurityGroupId: pulumi.Input<string>;
    /** HTTPS listener the service's rules are added to. */
    readonly httpsListenerArn: pulumi.Input<string>;
    /** ALB ARN suffix (LoadBalancer dimension of the alarms). */
    readonly albArnSuffix: pulumi.Input<string>;
    /** The RDS targets of moving databases (legacy.databases[].move), by database name. */
    readonly databases?: Readonly<Record<string, DatabaseTarget>>;
    /**
     * The role ECS uses to shift the ALB rule's weights, and what must exist
     * before ECS may use it (its policy attachment). Required when
     * fargate.rollout is blue-green, linear or canary. @default absent
     */
    readonly ecsLoadBalancerRole?: { readonly arn: pulumi.Input<string>; readonly ready: readonly pulumi.Resource[] };
    /** Topics told when an alarm goes to ALARM and back to OK. @default none */
    readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The ECR lifecycle policy: never expire a tag a task definition of this
 * service runs (ECR lifecycle policies, "Lifecycle policy evaluation rules":
 * an image that matches the tagging requirements of a rule cannot be expired
 * by a rule with a lower priority), expire untagged layers after a week, and
 * keep the newest `keep` of the rest. One rule per running tag: a rule's
 * tagPatternList selects images carrying EVERY pattern listed ("if you
 * specify multiple tags, only images with all specified tags are selected"),
 * so stable and canary tags in one list would protect neither. The `any` rule
 * must have the highest rulePriority number (same page).
 */
export function ecrLifecyclePolicy(tagsInUse: readonly string[], keep: number): { rules: Record<string, unknown>[] } {
    const inUse = [...new Set(tagsInUse)].sort();
    const rules: Record<string, unknown>[] = inUse.map((tag, i) => ({
        rulePriority: i + 1,
        description: `Keep ${tag}: a revision of the service runs it`,
        selection: { tagStatus: "tagged", tagPatternList: [tag], countType: "imageCountMoreThan", countNumber: 1000 },
        action: { type: "expire" },
    }));
    rules.push(
        {
            rulePriority: inUse.length + 1,
            description: "Expire untagged images after 7 days",
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
            action: { type: "expire" },
        },
        {
            rulePriority: inUse.length + 2,
            description: `Keep the last ${keep} other images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
            action: { type: "expire" },
        },
    );
    return { rules };
}

export class FargateService extends pulumi.ComponentResource {
    /** Stable ECS service name. */
    readonly serviceName: pulumi.Output<string>;
    /** Canary ECS service name, when a canary is configured. */
    readonly canaryServiceName: pulumi.Output<string> | undefined;
    readonly ecrRepositoryUrl: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly stableTargetGroup: aws.lb.TargetGroup;
    readonly canaryTargetGroup: aws.lb.TargetGroup;
    /** The revisions: stable first, then the canary when configured. */
    readonly revisions: readonly FargateRevision[];
    /** Every ECS service of the service (for dependsOn: DNS moves only once they are steady). */
    readonly ecsServices: readonly aws.ecs.Service[];
    /** The rule that routes the hostname (and paths) to the revisions; it waits for their ECS services. */
    readonly routingRule: aws.lb.ListenerRule;
    readonly executionRoleArn: pulumi.Output<string>;
    readonly taskSecurityGroupId: pulumi.Output<string>;

    constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:FargateService", name, {}, opts);
        const { config, service } = args;
        const fargate = service.fargate;
        if (fargate === undefined) {
            throw new Error(`service: ${JSON.stringify(service.name)} has no fargate part; create a FargateService only for services with services[].fargate set`);
        }
        for (const [key, priority] of [["listenerRulePriority", fargate.listenerRulePriority], ["healthCheckRulePriority", fargate.healthCheckRulePriority]] as const) {
            if (!Number.isInteger(priority) || priority < LISTENER_RULE_PRIORITY_MIN || priority > LISTENER_RULE_PRIORITY_MAX) {
                throw new RangeError(`fargate.${key}: ${priority} is not valid; allowed a whole number from ${LISTENER_RULE_PRIORITY_MIN} to ${LISTENER_RULE_PRIORITY_MAX}, unique on the listener`);
            }
        }
        const withFargate = service as ServiceConfig & { readonly fargate: FargateConfig };
        const prefix = stackPrefix(config.project, config.stack);
        const region = config.awsRegion;
        const tags = { ...service.tags };
        const revisions: { revision: Revision; image: ImageSource; capacity: Capacity }[] = [
            { revision: "stable", image: fargate.image, capacity: { desired: fargate.desiredCount, min: fargate.autoscaling.min, max: fargate.autoscaling.max } },
            ...(fargate.canary === undefined ? [] : [{ revision: "canary" as const, image: fargate.canary.image, capacity: canaryCapacity(fargate) }]),
        ];
        // The account comes from an invoke, which `pulumi preview` answers
        // too: ARNs made from it keep the task definition and the policies
        // known at preview, where the policy pack judges them.
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const scope = account.apply((a): ArnScope => ({ account: a, region }));

        // Images
        const repositoryName = ecrRepositoryName(prefix, service.name);
        const repository = new aws.ecr.Repository(`${name}-repo`, {
            name: repositoryName,
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "AES256" }],
            // A dev repository that holds images must not block `destroy`;
            // prod images are kept (and the stack is protected) instead.
            forceDelete: config.environment !== "prod",
            tags,
        }, { parent: this });
        const ecrTags = revisions.flatMap((r) => (r.image.kind === "ecr" ? [r.image.tag] : []));
        new aws.ecr.LifecyclePolicy(`${name}-repo-lifecycle`, {
            repository: repository.name,
            policy: JSON.stringify(ecrLifecyclePolicy(ecrTags, config.platform.ecrKeepImages)),
        }, { parent: this });
        const repositoryUrl = scope.apply((s) => ecrRepositoryUrl(s, repositoryName));
        const imageOf = (source: ImageSource): pulumi.Output<string> =>
            source.kind === "ecr" ? pulumi.interpolate`${repositoryUrl}:${source.tag}` : pulumi.output(source.ref);
        const externalRepositoryArns = revisions
            .map((r) => (r.image.kind === "external" ? ecrRepositoryArnOfImage(r.image.ref) : undefined))
            .filter((arn): arn is string => arn !== undefined);

        // Logs
        const logs = logGroupName(prefix, service.name);
        new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: logs,
            retentionInDays: config.platform.logRetentionDays,
            tags,
        }, { parent: this });

        // Secrets: values from secret config become SSM SecureString
        // parameters (encrypted with the account's aws/ssm key); the task
        // only ever sees ARNs. SSM, not Secrets Manager: a parameter's ARN is
        // its name, so it is known before the parameter exists (a secret's
        // ARN ends in 6 random characters), and ECS valueFrom needs the full
        // ARN of a Secrets Manager secret (ECS API reference, Secret).
        const parameters: aws.ssm.Parameter[] = [];
        const onTarget = targetSecretRefs(config, fargate.egress, args.databases);
        const secretRefs = fargate.secrets.map((secret) => {
            const target = onTarget(secret.name);
            if (target !== undefined) {
                return { name: secret.name, ...target };
            }
            if (secret.source === "arn") {
                return { name: secret.name, valueFrom: pulumi.output(secret.arn), store: secret.store };
            }
            const parameterName = secretParameterName(prefix, service.name, secret.name);
            parameters.push(new aws.ssm.Parameter(`${name}-secret-${secret.name.toLowerCase().replace(/_/g, "-")}`, {
                name: parameterName,
                type: "SecureString",
                // Standard tier: 4 KB values, no charge (config validation checks the size).
                tier: "Standard",
                value: secret.value,
                description: `${service.name} ${secret.name} (from ${secret.configKey})`,
                tags,
            }, { parent: this }));
            return { name: secret.name, valueFrom: scope.apply((s) => ssmParameterArn(s, parameterName)), store: "ssm" as const };
        });
        const containerSecrets = pulumi.all(secretRefs.map((s) => s.valueFrom)).apply((valueFroms): ContainerSecretRef[] =>
            secretRefs.map((s, i) => ({ name: s.name, valueFrom: valueFroms[i] })));

        // Roles
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
            policy: pulumi.all([scope, pulumi.all(secretArnsOf("secretsmanager")), pulumi.all(secretArnsOf("ssm"))])
                .apply(([s, secretsManager, ssm]) => JSON.stringify(executionRolePolicy({
                    repositoryArns: [ecrRepositoryArn(s, repositoryName), ...externalRepositoryArns],
                    logGroupArn: logGroupArn(s, logs),
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

        // Network: in from the ALB only; out to HTTPS (AWS APIs, ECR, the
        // internet through NAT) and the destinations config names.
        const taskSg = new aws.ec2.SecurityGroup(`${name}-task-sg`, {
            vpcId: args.vpcId,
            description: `${service.name} tasks: the service port from the ALB only`,
            tags: { ...tags, Name: `${name}-task` },
        }, {
            parent: this,
            // EC2 cannot change a group's description: a new one replaces the
            // group, and every task with it. Groups created when it named the
            // port keep theirs.
            ignoreChanges: ["description"],
        });
        // Named by port, so a new port is a new rule created beside the old
        // one, which is deleted at the end of the run, after ECS has moved the
        // tasks: the ALB reaches the old tasks and the new ones throughout.
        // The alias keeps the rule of a stack created before the port was in
        // the name (same port: no change).
        const taskFromAlb = new aws.vpc.SecurityGroupIngressRule(`${name}-task-in-alb-${service.port}`, {
            securityGroupId: taskSg.id,
            description: `Port ${service.port} from the ALB`,
            ipProtocol: "tcp",
            fromPort: service.port,
            toPort: service.port,
            referencedSecurityGroupId: args.albSecurityGroupId,
            tags,
        }, { parent: this, aliases: [{ name: `${name}-task-in-alb` }] });
        const albToTasks = new aws.vpc.SecurityGroupEgressRule(`${name}-alb-out-${service.port}`, {
            securityGroupId: args.albSecurityGroupId,
            description: `Port ${service.port} to the ${service.name} tasks`,
            ipProtocol: "tcp",
            fromPort: service.port,
            toPort: service.port,
            referencedSecurityGroupId: taskSg.id,
            tags,
        }, { parent: this, aliases: [{ name: `${name}-alb-out` }] });
        new aws.vpc.SecurityGroupEgressRule(`${name}-task-out-https`, {
            securityGroupId: taskSg.id,
            description: "HTTPS to AWS APIs and the internet (through NAT)",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "0.0.0.0/0",
            tags,
        }, { parent: this });
        taskEgressRules(this, name, { config, workload: service.name, egress: fargate.egress, securityGroupId: taskSg.id, databases: args.databases, tags });

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
        }, {
            parent: this,
            // The name and port are fixed when the group is created: both
            // force a replacement (ELBv2 has no call that changes them), and a
            // replaced group has no task until ECS moves the service onto it,
            // while the rules already send to it. The group's own port is only
            // the default for targets registered without one: ECS registers
            // each task with its container port, and the health check uses
            // that port (traffic-port), so a new service port needs no new group.
            ignoreChanges: ["name", "port"],
        })])) as Record<Revision, aws.lb.TargetGroup>;
        const native = isNativeRollout(fargate.rollout);
        if (native && args.ecsLoadBalancerRole === undefined) {
            throw new Error(`ecsLoadBalancerRole: missing for service ${JSON.stringify(service.name)}, whose fargate.rollout.strategy ${fargate.rollout.strategy} has ECS shift the ALB rule's weights with that role`);
        }
        const routingConditions = [
            { hostHeader: { values: [service.hostname] } },
            ...(fargate.pathPatterns.length > 0 ? [{ pathPattern: { values: [...fargate.pathPatterns] } }] : []),
        ];
        let healthRule: aws.lb.ListenerRule | undefined;
        let productionRule: aws.lb.ListenerRule | undefined;
        if (native) {
            // ECS's rollout: one rule, whose weights ECS shifts between the
            // two groups during each deployment and leaves on the group it
            // moved the service to (components/aws/rollout.ts). It forwards
            // to both groups from the start (ECS refuses a pair the rule does
            // not both name), and it also answers the health-check hostname:
            // Route 53 then checks the revision users get, wherever ECS put
            // it. A separate health rule would keep pointing at the group ECS
            // has emptied. ECS needs the rule's ARN, so the rule comes before
            // the service; DNS still waits for the service to be steady.
            productionRule = new aws.lb.ListenerRule(`${name}-rule`, {
                listenerArn: args.httpsListenerArn,
                priority: fargate.listenerRulePriority,
                conditions: [
                    { hostHeader: { values: [service.hostname, healthHostname(service.name, config.dns.zoneName)] } },
                    ...routingConditions.slice(1),
                ],
                actions: [{
                    type: "forward",
                    forward: { targetGroups: [{ arn: targetGroups.stable.arn, weight: 100 }, { arn: targetGroups.canary.arn, weight: 0 }] },
                }],
                tags,
            }, { parent: this, ignoreChanges: [...ECS_OWNED_RULE_INPUTS] });
        } else {
            // The hostname only Route 53's health check uses: the stable revision
            // alone answers it (the canary's weight is 0), so the check fails when
            // stable fails, whatever the canary does (the canary's own alarms stop
            // its deployments). It also attaches both target groups to the
            // listener, which ECS requires before a service may register tasks in
            // one: so the revisions wait for this rule, not for the routing rule.
            healthRule = new aws.lb.ListenerRule(`${name}-health-rule`, {
                listenerArn: args.httpsListenerArn,
                priority: fargate.healthCheckRulePriority,
                conditions: [
                    { hostHeader: { values: [healthHostname(service.name, config.dns.zoneName)] } },
                    // Only the checked path: the hostname is public, and must not open every path of the stable revision.
                    { pathPattern: { values: [healthCheckPathPattern(service.healthCheckPath)] } },
                ],
                actions: [{
                    type: "forward",
                    forward: {
                        targetGroups: [
                            { arn: targetGroups.stable.arn, weight: 100 },
                            { arn: targetGroups.canary.arn, weight: 0 },
                        ],
                    },
                }],
                tags,
            }, { parent: this });
        }

        this.revisions = revisions.map((r) => new FargateRevision(`${name}-${r.revision}`, {
            config,
            service: withFargate,
            revision: r.revision,
            capacity: r.capacity,
            image: imageOf(r.image),
            secrets: containerSecrets,
            logGroupName: logs,
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            clusterArn: args.clusterArn,
            clusterName: args.clusterName,
            privateSubnetIds: args.privateSubnetIds,
            securityGroupId: taskSg.id,
            targetGroup: { arn: targetGroups[r.revision].arn, arnSuffix: targetGroups[r.revision].arnSuffix },
            albArnSuffix: args.albArnSuffix,
            // New tasks must be reachable by the ALB on their port before ECS
            // waits for them to pass its health check (a new port's rules are
            // created beside the old ones).
            dependsOn: [healthRule ?? productionRule!, taskFromAlb, albToTasks, executionPolicy, taskPolicy, repository, ...parameters, ...(native ? args.ecsLoadBalancerRole!.ready : [])],
            native: native && r.revision === "stable" ? {
                productionListenerRuleArn: productionRule!.arn,
                alternateTargetGroupArn: targetGroups.canary.arn,
                alternateTargetGroupArnSuffix: targetGroups.canary.arnSuffix,
                roleArn: args.ecsLoadBalancerRole!.arn,
            } : undefined,
            alarmActions: args.alarmActions,
        }, { parent: this }));
        this.ecsServices = this.revisions.map((r) => r.ecsService);

        // The routing rule: the hostname (and paths) to the revisions, by weight.
        const weights = albWeights(fargate.canary?.percent);
        this.routingRule = productionRule ?? new aws.lb.ListenerRule(`${name}-rule`, {
            listenerArn: args.httpsListenerArn,
            priority: fargate.listenerRulePriority,
            conditions: routingConditions,
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
        }, {
            parent: this,
            // Weights move only once every revision they send to is steady:
            // a new canary's share reaches it after its ECS service has
            // waited for healthy tasks, never before (the change-safety
            // analysis of the plan checks this order).
            dependsOn: this.ecsServices as aws.ecs.Service[],
        });

        this.serviceName = this.revisions[0].serviceName;
        this.canaryServiceName = this.revisions[1]?.serviceName;
        this.ecrRepositoryUrl = repository.repositoryUrl;
        this.logGroupName = pulumi.output(logs);
        this.stableTargetGroup = targetGroups.stable;
        this.canaryTargetGroup = targetGroups.canary;
        this.executionRoleArn = executionRole.arn;
        this.taskSecurityGroupId = taskSg.id;
        this.registerOutputs({
            serviceName: this.serviceName,
            canaryServiceName: this.canaryServiceName,
            ecrRepositoryUrl: this.ecrRepositoryUrl,
            logGroupName: this.logGroupName,
            executionRoleArn: this.executionRoleArn,
            taskSecurityGroupId: this.taskSecurityGroupId,
        });
    }
}
