// A scheduled job on Fargate: EventBridge Scheduler starts a Step Functions
// run (./job-run.ts) that runs the job's task in the private subnets, fails
// it on a non-zero exit, and stops it at its maximum run time. The schedule
// exists whoever owns the job: ENABLED when Fargate owns it, DISABLED while
// the Droplets' crontab does (the program cannot edit a crontab it did not
// write: the plan prints the line to remove or restore when the owner flips).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { JobConfig, StackConfig } from "../config";
import { parseSchedule, runGaps } from "../config/schedule";
import { jobStatesPolicy, schedulerRolePolicy, serviceTrustPolicy } from "./iam-policies";
import { deadLetterAlarmSpec, jobStateMachineDefinition, notStartedAlarmSpec, notStartedWindowSeconds, runFailedAlarmSpec, type JobAlarmSpec } from "./job-run";
import { deadLetterQueueName, iamRoleName, iamRolePolicyName, scheduleName, stackPrefix, stateMachineName, taskFamily, workloadAlarmName } from "./naming";
import { processTaskDefinition, taskBasics } from "./task-basics";
import type { DatabaseTarget } from "./database-clients";

export interface ScheduledJobArgs {
    readonly config: StackConfig;
    readonly job: JobConfig;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly clusterArn: pulumi.Input<string>;
    /** Where its alarms notify (platform.notifications' topics in this region). @default none */
    readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
    /** The RDS targets of moving databases (legacy.databases[].move), by database name. @default none */
    readonly databases?: Readonly<Record<string, DatabaseTarget>>;
}

/** The schedule's state for an owner: only Fargate's schedule runs. */
export function scheduleState(owner: "legacy" | "fargate"): "ENABLED" | "DISABLED" {
    return owner === "fargate" ? "ENABLED" : "DISABLED";
}

/** The schedule's description, which says its owner (schedules take no tags; the change-safety analysis and the pack read it). */
export function scheduleDescription(job: Pick<JobConfig, "name" | "owner" | "legacy">): string {
    return job.owner === "fargate"
        ? `${job.name} (owner: fargate)`
        : `${job.name} (owner: legacy, crontab on ${job.legacy?.host ?? "the Droplets"}): DISABLED until the owner flips`;
}

/** The did-not-start window of a job, or undefined when it has none (a schedule more than 7 days apart). */
export function jobNotStartedWindow(job: JobConfig): number | undefined {
    const schedule = parseSchedule(job.schedule);
    const gaps = typeof schedule === "string" ? undefined : runGaps(schedule);
    return gaps === undefined ? undefined : notStartedWindowSeconds(gaps.longest, job.fargate.flexibleWindowMinutes ?? 0, job.fargate.retry.maxEventAgeMinutes);
}

export class ScheduledJob extends pulumi.ComponentResource {
    readonly scheduleName: pulumi.Output<string>;
    readonly stateMachineArn: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: ScheduledJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:ScheduledJob", name, {}, opts);
        const { config, job } = args;
        const fargate = job.fargate;
        const prefix = stackPrefix(config.project, config.stack);
        const tags = { ...job.tags, "job-owner": job.owner };
        const child = { parent: this };
        const basics = taskBasics(this, name, { config, workload: job.name, what: "scheduled job", process: fargate, tags, vpcId: args.vpcId, databases: args.databases });
        const family = taskFamily(prefix, job.name, "stable");
        const taskDefinition = processTaskDefinition(this, name, { config, workload: job.name, basics, process: fargate, logStreamPrefix: "job", tags });

        const deadLetter = new aws.sqs.Queue(`${name}-dlq`, {
            name: deadLetterQueueName(prefix, job.name),
            sqsManagedSseEnabled: true,
            // The longest SQS keeps a message (SQS CreateQueue MessageRetentionPeriod: 60 to 1,209,600 s).
            messageRetentionSeconds: 1_209_600,
            tags,
        }, child);

        const statesRole = new aws.iam.Role(`${name}-states`, {
            name: iamRoleName(prefix, job.name, "states"),
            description: `Step Functions role of ${prefix} ${job.name}: run its task, stop it at its maximum run time`,
            assumeRolePolicy: basics.account.apply((a) => JSON.stringify(serviceTrustPolicy("states.amazonaws.com", a))),
            tags,
        }, child);
        const statesPolicy = new aws.iam.RolePolicy(`${name}-states`, {
            name: iamRolePolicyName(prefix, job.name, "states"),
            role: statesRole.id,
            policy: pulumi.all([basics.account, args.clusterArn, basics.executionRole.arn, basics.taskRole.arn]).apply(([account, clusterArn, execution, task]) =>
                JSON.stringify(jobStatesPolicy({ region: config.awsRegion, account, clusterArn, taskFamily: family, roleArns: [execution, task] }))),
        }, child);
        const stateMachine = new aws.sfn.StateMachine(`${name}-runs`, {
            name: stateMachineName(prefix, job.name),
            type: "STANDARD",
            roleArn: statesRole.arn,
            definition: pulumi.all([args.clusterArn, args.privateSubnetIds, basics.securityGroup.id]).apply(([clusterArn, subnets, sg]) => JSON.stringify(jobStateMachineDefinition({
                clusterArn, taskFamily: family, subnets, securityGroups: [sg], maxRunMinutes: fargate.maxRunMinutes,
            }))),
            tags,
        }, { ...child, dependsOn: [statesPolicy, taskDefinition] });

        const schedulerRole = new aws.iam.Role(`${name}-scheduler`, {
            name: iamRoleName(prefix, job.name, "scheduler"),
            description: `EventBridge Scheduler role of ${prefix} ${job.name}: start its runs`,
            assumeRolePolicy: basics.account.apply((a) => JSON.stringify(serviceTrustPolicy("scheduler.amazonaws.com", a))),
            tags,
        }, child);
        const schedulerPolicy = new aws.iam.RolePolicy(`${name}-scheduler`, {
            name: iamRolePolicyName(prefix, job.name, "scheduler"),
            role: schedulerRole.id,
            policy: pulumi.all([stateMachine.arn, deadLetter.arn]).apply(([machine, queue]) => JSON.stringify(schedulerRolePolicy(machine, queue))),
        }, child);
        const schedule = new aws.scheduler.Schedule(`${name}-schedule`, {
            name: scheduleName(prefix, job.name),
            description: scheduleDescription(job),
            scheduleExpression: job.schedule,
            scheduleExpressionTimezone: job.timezone,
            state: scheduleState(job.owner),
            flexibleTimeWindow: fargate.flexibleWindowMinutes === undefined ? { mode: "OFF" } : { mode: "FLEXIBLE", maximumWindowInMinutes: fargate.flexibleWindowMinutes },
            target: {
                arn: stateMachine.arn,
                roleArn: schedulerRole.arn,
                input: "{}",
                retryPolicy: { maximumRetryAttempts: fargate.retry.attempts, maximumEventAgeInSeconds: fargate.retry.maxEventAgeMinutes * 60 },
                deadLetterConfig: { arn: deadLetter.arn },
            },
        }, { ...child, dependsOn: [schedulerPolicy] });

        const label = `${prefix} ${job.name}`;
        const specs: JobAlarmSpec[] = [runFailedAlarmSpec(label, "STATE_MACHINE"), deadLetterAlarmSpec(label, deadLetterQueueName(prefix, job.name))];
        const window = jobNotStartedWindow(job);
        // Only the owner's runs can be missed: while the crontab owns the job, the schedule is off.
        if (job.owner === "fargate" && window !== undefined) {
            specs.push(notStartedAlarmSpec(label, "STATE_MACHINE", window));
        }
        for (const spec of specs) {
            const withArn = (v: unknown): unknown => v === "STATE_MACHINE" ? stateMachine.arn
                : Array.isArray(v) ? v.map(withArn)
                    : typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withArn(x)])) : v;
            new aws.cloudwatch.MetricAlarm(`${name}-${spec.kind}`, {
                name: workloadAlarmName(prefix, job.name, spec.kind),
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
                dimensions: withArn(spec.dimensions) as Record<string, pulumi.Input<string>> | undefined,
                metricQueries: withArn(spec.metricQueries) as aws.types.input.cloudwatch.MetricAlarmMetricQuery[] | undefined,
                ...(args.alarmActions === undefined ? {} : { alarmActions: args.alarmActions, okActions: args.alarmActions }),
                tags,
            }, child);
        }

        this.scheduleName = schedule.name;
        this.stateMachineArn = stateMachine.arn;
        this.logGroupName = pulumi.output(basics.logGroupName);
        this.registerOutputs({ scheduleName: this.scheduleName, stateMachineArn: this.stateMachineArn, logGroupName: this.logGroupName });
    }
}
