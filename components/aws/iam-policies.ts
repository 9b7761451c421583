// IAM policy documents of a Fargate service, as pure functions of the ARNs
// they grant: the task execution role (what ECS itself needs to start the
// task) and the task role (what the application may do).

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: string | readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

export interface TrustStatement {
    readonly Effect: "Allow";
    readonly Principal: { readonly Service: string };
    readonly Action: "sts:AssumeRole";
    readonly Condition: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Trust policy for ECS tasks, limited to tasks of this account and region
 * (the confused-deputy protection AWS recommends for task and execution roles).
 */
export function ecsTasksTrustPolicy(accountId: string, region: string, partition = partitionOf(region)): { readonly Version: "2012-10-17"; readonly Statement: readonly TrustStatement[] } {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:${partition}:ecs:${region}:${accountId}:*` },
            },
        }],
    };
}

export interface ExecutionRoleGrants {
    /** ECR repositories the task's images come from. */
    readonly repositoryArns: readonly string[];
    /** The service's log group ARN (without the `:*` suffix). */
    readonly logGroupArn: string;
    /** Secrets Manager secrets injected into the container. */
    readonly secretsManagerArns: readonly string[];
    /** SSM parameters injected into the container. */
    readonly ssmParameterArns: readonly string[];
}

const unique = (values: readonly string[]) => [...new Set(values)].sort();

/**
 * Task execution role policy: pull this service's images, write its logs,
 * read exactly its secrets. Statements without resources are left out (an
 * empty Resource list is invalid IAM).
 */
export function executionRolePolicy(grants: ExecutionRoleGrants): PolicyDocument {
    const statements: PolicyStatement[] = [
        // GetAuthorizationToken does not support resource-level permissions.
        { Sid: "EcrAuthorization", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
    ];
    if (grants.repositoryArns.length > 0) {
        statements.push({
            Sid: "PullServiceImages",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: unique(grants.repositoryArns),
        });
    }
    statements.push({
        Sid: "WriteServiceLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${grants.logGroupArn}:*`,
    });
    if (grants.secretsManagerArns.length > 0) {
        statements.push({
            Sid: "ReadServiceSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue"],
            Resource: unique(grants.secretsManagerArns),
        });
    }
    if (grants.ssmParameterArns.length > 0) {
        statements.push({
            Sid: "ReadServiceParameters",
            Effect: "Allow",
            Action: ["ssm:GetParameters"],
            Resource: unique(grants.ssmParameterArns),
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** Task role policy: the channels ECS Exec (enableExecuteCommand) opens from the task. */
export function taskRolePolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "EcsExecChannels",
            Effect: "Allow",
            Action: [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel",
            ],
            // These actions do not support resource-level permissions.
            Resource: "*",
        }],
    };
}

/**
 * The secret ARN IAM grants for a container `valueFrom`: Secrets Manager
 * references may carry `:json-key:version-stage:version-id` after the
 * secret's own seven ARN parts; SSM parameter ARNs are used as they are.
 */
export function secretResourceArn(valueFrom: string): string {
    const parts = valueFrom.split(":");
    if (parts[2] === "secretsmanager" && parts.length > 7) {
        return parts.slice(0, 7).join(":");
    }
    return valueFrom;
}

/**
 * The ECR repository ARN of an image reference hosted in ECR
 * (`<account>.dkr.ecr.<region>.amazonaws.com/<name>[:tag|@digest]`), or
 * undefined for any other registry (pulled without IAM).
 */
export function ecrRepositoryArnOfImage(image: string): string | undefined {
    const match = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?:[:@].*)?$/.exec(image);
    if (match === null) {
        return undefined;
    }
    const [, account, region, name] = match;
    return `arn:${partitionOf(region)}:ecr:${region}:${account}:repository/${name}`;
}

/** The ARN partition of a region. */
export function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.includes("-gov-") ? "aws-us-gov" : "aws";
}

/**
 * Trust policy for a service principal acting for this account only
 * (scheduler.amazonaws.com, states.amazonaws.com): the confused-deputy
 * condition their user guides recommend (aws:SourceAccount).
 */
export function serviceTrustPolicy(service: "scheduler.amazonaws.com" | "states.amazonaws.com", accountId: string): { readonly Version: "2012-10-17"; readonly Statement: readonly TrustStatement[] } {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": accountId } } }],
    };
}

/** EventBridge Scheduler's role for a job: start its state machine, send what it cannot start to the dead-letter queue. */
export function schedulerRolePolicy(stateMachineArn: string, deadLetterQueueArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "StartJobRun", Effect: "Allow", Action: ["states:StartExecution"], Resource: stateMachineArn },
            { Sid: "DeadLetter", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: deadLetterQueueArn },
        ],
    };
}

export interface JobStatesGrants {
    readonly region: string;
    readonly account: string;
    readonly clusterArn: string;
    readonly taskFamily: string;
    /** The task's execution and task roles, passed to ECS. */
    readonly roleArns: readonly string[];
}

/**
 * The job's state machine role: what the Step Functions ECS integration needs
 * for runTask.sync (Step Functions Developer Guide, "IAM policies for Amazon
 * ECS": RunTask on the task definition, StopTask and DescribeTasks, the
 * managed rule StepFunctionsGetEventsForECSTaskRule, PassRole of the task's
 * roles), and ListTasks and StopTask to stop a run past its maximum run time;
 * each action limited to the stack's cluster.
 */
export function jobStatesPolicy(g: JobStatesGrants): PolicyDocument {
    const partition = partitionOf(g.region);
    const inCluster = { ArnEquals: { "ecs:cluster": g.clusterArn } };
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "RunJobTask", Effect: "Allow", Action: ["ecs:RunTask"], Resource: `arn:${partition}:ecs:${g.region}:${g.account}:task-definition/${g.taskFamily}:*`, Condition: inCluster },
            // Task ARNs are not known before the run: the actions are limited to the cluster instead.
            { Sid: "WatchAndStopJobTask", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:ListTasks", "ecs:StopTask"], Resource: "*", Condition: inCluster },
            { Sid: "TaskStateEvents", Effect: "Allow", Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"], Resource: `arn:${partition}:events:${g.region}:${g.account}:rule/StepFunctionsGetEventsForECSTaskRule` },
            { Sid: "PassTaskRoles", Effect: "Allow", Action: ["iam:PassRole"], Resource: [...g.roleArns], Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
        ],
    };
}
