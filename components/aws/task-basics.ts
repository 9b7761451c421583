// What every Fargate workload that is not a web service needs before its task
// definition (a worker, a scheduled job, a release task): its image (in its
// own ECR repository, or its service's for a process type), logs, secrets as
// SSM parameters, the execution and task roles, and a security group with no
// ingress at all (nothing connects to these tasks) and egress to HTTPS plus
// what config names, with a moving database's RDS target and URL as a web
// service has them (./database-clients.ts). Registered as children of the calling component, under
// names made from its name, the way FargateService names its own.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EgressRule, ImageSource, SecretConfig, StackConfig } from "../config";
import { ecrRepositoryArn, ecrRepositoryUrl, logGroupArn, ssmParameterArn, type ArnScope } from "./arns";
import { processContainerDefinition, type CommandHealthCheck, type ContainerSecretRef } from "./container";
import { targetSecretRefs, taskEgressRules, type DatabaseTarget } from "./database-clients";
import { ecrLifecyclePolicy } from "./fargate-service";
import { ecrRepositoryArnOfImage, ecsTasksTrustPolicy, executionRolePolicy, secretResourceArn, taskRolePolicy } from "./iam-policies";
import { ecrRepositoryName, iamRoleName, iamRolePolicyName, logGroupName, secretParameterName, stackPrefix, taskFamily } from "./naming";

export interface TaskBasicsArgs {
    readonly config: StackConfig;
    /** The workload's name (services[].name). */
    readonly workload: string;
    /** What it is, for descriptions: "worker", "job", "release task". */
    readonly what: string;
    readonly process: {
        readonly image: ImageSource;
        readonly repositoryOf: string;
        readonly secrets: readonly SecretConfig[];
        readonly egress: readonly EgressRule[];
    };
    readonly tags: Readonly<Record<string, string>>;
    readonly vpcId: pulumi.Input<string>;
    /** The RDS targets of moving databases (legacy.databases[].move), by database name. @default none */
    readonly databases?: Readonly<Record<string, DatabaseTarget>>;
}

export interface TaskBasics {
    readonly account: pulumi.Output<string>;
    readonly scope: pulumi.Output<ArnScope>;
    /** The full image reference, known at preview. */
    readonly image: pulumi.Output<string>;
    readonly secrets: pulumi.Output<ContainerSecretRef[]>;
    readonly logGroupName: string;
    readonly executionRole: aws.iam.Role;
    readonly taskRole: aws.iam.Role;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The workload's own repository, when its image is an ECR tag of its own. */
    readonly repository?: aws.ecr.Repository;
    /** What must exist before a task starts: role policies, secret parameters, the repository. */
    readonly ready: readonly pulumi.Resource[];
}

/** Registers the shared children of a workload component (parent) named `name`. */
export function taskBasics(parent: pulumi.ComponentResource, name: string, args: TaskBasicsArgs): TaskBasics {
    const { config, workload, process } = args;
    const opts = { parent };
    const prefix = stackPrefix(config.project, config.stack);
    const region = config.awsRegion;
    const tags = { ...args.tags };
    const account = aws.getCallerIdentityOutput({}, opts).accountId;
    const scope = account.apply((a): ArnScope => ({ account: a, region }));

    // Images: a tag of its own repository, or of its service's (a process type).
    const repositoryName = ecrRepositoryName(prefix, process.repositoryOf);
    let repository: aws.ecr.Repository | undefined;
    if (process.image.kind === "ecr" && process.repositoryOf === workload) {
        repository = new aws.ecr.Repository(`${name}-repo`, {
            name: repositoryName,
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "AES256" }],
            forceDelete: config.environment !== "prod",
            tags,
        }, opts);
        new aws.ecr.LifecyclePolicy(`${name}-repo-lifecycle`, {
            repository: repository.name,
            policy: JSON.stringify(ecrLifecyclePolicy([process.image.tag], config.platform.ecrKeepImages)),
        }, opts);
    }
    const image = process.image.kind === "ecr"
        ? scope.apply((s) => `${ecrRepositoryUrl(s, repositoryName)}:${(process.image as { tag: string }).tag}`)
        : pulumi.output(process.image.ref);
    const repositoryArns = (s: ArnScope) => process.image.kind === "ecr" ? [ecrRepositoryArn(s, repositoryName)]
        : [ecrRepositoryArnOfImage(process.image.ref)].filter((a): a is string => a !== undefined);

    const logs = logGroupName(prefix, workload);
    new aws.cloudwatch.LogGroup(`${name}-logs`, { name: logs, retentionInDays: config.platform.logRetentionDays, tags }, opts);

    // Secrets by reference only: config values become SSM SecureString
    // parameters; a moving database's variable reads its RDS target's secret from cutover on.
    const parameters: aws.ssm.Parameter[] = [];
    const onTarget = targetSecretRefs(config, process.egress, args.databases);
    const refs = process.secrets.map((secret) => {
        const target = onTarget(secret.name);
        if (target !== undefined) {
            return { name: secret.name, ...target };
        }
        if (secret.source === "arn") {
            return { name: secret.name, valueFrom: pulumi.output(secret.arn), store: secret.store };
        }
        const parameterName = secretParameterName(prefix, workload, secret.name);
        parameters.push(new aws.ssm.Parameter(`${name}-secret-${secret.name.toLowerCase().replace(/_/g, "-")}`, {
            name: parameterName, type: "SecureString", tier: "Standard", value: secret.value,
            description: `${workload} ${secret.name} (from ${secret.configKey})`, tags,
        }, opts));
        return { name: secret.name, valueFrom: scope.apply((s) => ssmParameterArn(s, parameterName)), store: "ssm" as const };
    });
    const secrets = pulumi.all(refs.map((r) => r.valueFrom)).apply((values): ContainerSecretRef[] => refs.map((r, i) => ({ name: r.name, valueFrom: values[i] })));

    const trust = account.apply((a) => JSON.stringify(ecsTasksTrustPolicy(a, region)));
    const executionRole = new aws.iam.Role(`${name}-execution`, {
        name: iamRoleName(prefix, workload, "execution"),
        description: `ECS task execution role of ${prefix} ${workload} (${args.what}): pull its image, write its logs, read its secrets`,
        assumeRolePolicy: trust, tags,
    }, opts);
    const arnsOf = (store: "secretsmanager" | "ssm") => refs.filter((r) => r.store === store).map((r) => r.valueFrom);
    const executionPolicy = new aws.iam.RolePolicy(`${name}-execution`, {
        name: iamRolePolicyName(prefix, workload, "execution"),
        role: executionRole.id,
        policy: pulumi.all([scope, pulumi.all(arnsOf("secretsmanager")), pulumi.all(arnsOf("ssm"))]).apply(([s, secretsManager, ssm]) => JSON.stringify(executionRolePolicy({
            repositoryArns: repositoryArns(s),
            logGroupArn: logGroupArn(s, logs),
            secretsManagerArns: secretsManager.map(secretResourceArn),
            ssmParameterArns: ssm,
        }))),
    }, opts);
    const taskRole = new aws.iam.Role(`${name}-task`, {
        name: iamRoleName(prefix, workload, "task"),
        description: `ECS task role of ${prefix} ${workload} (${args.what}): the application's own permissions`,
        assumeRolePolicy: trust, tags,
    }, opts);
    const taskPolicy = new aws.iam.RolePolicy(`${name}-task`, {
        name: iamRolePolicyName(prefix, workload, "task"),
        role: taskRole.id,
        policy: JSON.stringify(taskRolePolicy()),
    }, opts);

    // No ingress at all: nothing connects to a worker, a job or a release task
    // (a moving database's target admits them on its own group instead).
    const securityGroup = new aws.ec2.SecurityGroup(`${name}-task-sg`, {
        vpcId: args.vpcId,
        description: `${workload} ${args.what} tasks: no inbound, outbound as configured`,
        tags: { ...tags, Name: `${name}-task` },
    }, { parent, ignoreChanges: ["description"] });
    new aws.vpc.SecurityGroupEgressRule(`${name}-task-out-https`, {
        securityGroupId: securityGroup.id,
        description: "HTTPS to AWS APIs and the internet (through NAT)",
        ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", tags,
    }, opts);
    taskEgressRules(parent, name, { config, workload, egress: process.egress, securityGroupId: securityGroup.id, databases: args.databases, tags });
    return {
        account, scope, image, secrets, logGroupName: logs, executionRole, taskRole, securityGroup, repository,
        ready: [executionPolicy, taskPolicy, ...parameters, ...(repository === undefined ? [] : [repository])],
    };
}

/** The process a workload's one container runs, as its config part has it. */
export interface ProcessSpec {
    readonly cpu: number;
    readonly memory: number;
    readonly entryPoint?: readonly string[];
    readonly command?: readonly string[];
    readonly environment: Readonly<Record<string, string>>;
    readonly stopTimeout: number;
    /** A worker's; a job or a release task ends by itself and has none. */
    readonly healthCheck?: CommandHealthCheck;
}

/**
 * The task definition of a worker, a job or a release task (registered as
 * `name` under parent): one container of the workload's process on Fargate,
 * with the basics' image, secrets, logs and roles. It waits for the roles'
 * policies and the secrets' parameters: a release task's targeted up creates
 * them with it, and no task of any kind starts without them.
 */
export function processTaskDefinition(parent: pulumi.ComponentResource, name: string, args: {
    readonly config: StackConfig;
    readonly workload: string;
    readonly basics: TaskBasics;
    readonly process: ProcessSpec;
    /** The log stream prefix (<prefix>/<container>/<task id>). */
    readonly logStreamPrefix: string;
    readonly tags: Readonly<Record<string, string>>;
}): aws.ecs.TaskDefinition {
    const { config, workload, basics, process } = args;
    const containerDefinitions = pulumi.all([basics.image, basics.secrets]).apply(([image, secrets]) => JSON.stringify([processContainerDefinition({
        name: workload, image, entryPoint: process.entryPoint, command: process.command, environment: process.environment, secrets,
        logGroupName: basics.logGroupName, region: config.awsRegion, logStreamPrefix: args.logStreamPrefix, stopTimeout: process.stopTimeout,
        healthCheck: process.healthCheck,
    })]));
    return new aws.ecs.TaskDefinition(name, {
        family: taskFamily(stackPrefix(config.project, config.stack), workload, "stable"),
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(process.cpu),
        memory: String(process.memory),
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        executionRoleArn: basics.executionRole.arn,
        taskRoleArn: basics.taskRole.arn,
        containerDefinitions,
        tags: { ...args.tags },
    }, { parent, dependsOn: [...basics.ready] });
}
