// How a scheduled job runs, as pure functions: the Step Functions state
// machine EventBridge Scheduler starts for each run, and the alarms on its
// runs.
//
// Why a state machine between the schedule and the task: ECS RunTask has no
// maximum run time (aws/containers-roadmap#291 asks for one; a container's
// stopTimeout is only the SIGTERM-to-SIGKILL grace), and a schedule that runs
// the task itself publishes no per-job outcome (EventBridge Scheduler's
// metrics are per account or schedule group). The state machine runs the task
// with runTask.sync (Step Functions waits for the task to stop), fails the run
// on a non-zero exit, and when the run passes its maximum run time
// (the Task state's TimeoutSeconds, error States.Timeout) lists the task it
// started (StartedBy = the execution's name) and stops it with StopTask
// (SIGTERM, then SIGKILL after the container's stopTimeout) before failing.
// AWS/States then counts each run: ExecutionsStarted, ExecutionsFailed.
import type { AlarmSpec } from "./alarms";

export interface JobRunInput {
    readonly clusterArn: string;
    /** The task definition family: RunTask runs its latest ACTIVE revision. */
    readonly taskFamily: string;
    readonly subnets: readonly string[];
    readonly securityGroups: readonly string[];
    readonly maxRunMinutes: number;
}

/** Errors of a task that never started (RunTask refused it, or returned failures): retried, since nothing ran. */
export const LAUNCH_ERRORS = ["ECS.AmazonECSException", "AmazonECS.Unknown"] as const;

/** The Amazon States Language definition of one job's runs. */
export function jobStateMachineDefinition(input: JobRunInput): Record<string, unknown> {
    const maxRun = input.maxRunMinutes * 60;
    return {
        Comment: `Runs the job's task once; stops it after ${input.maxRunMinutes} minutes`,
        StartAt: "Run",
        States: {
            Run: {
                Type: "Task",
                Resource: "arn:aws:states:::ecs:runTask.sync",
                Parameters: {
                    Cluster: input.clusterArn,
                    TaskDefinition: input.taskFamily,
                    LaunchType: "FARGATE",
                    PlatformVersion: "LATEST",
                    "StartedBy.$": "$$.Execution.Name",
                    PropagateTags: "TASK_DEFINITION",
                    NetworkConfiguration: {
                        AwsvpcConfiguration: { Subnets: [...input.subnets], SecurityGroups: [...input.securityGroups], AssignPublicIp: "DISABLED" },
                    },
                },
                TimeoutSeconds: maxRun,
                Retry: [{ ErrorEquals: [...LAUNCH_ERRORS], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 }],
                Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.timeout", Next: "FindStuckRun" }],
                ResultPath: "$.run",
                Next: "Exited",
            },
            Exited: {
                Type: "Choice",
                Choices: [{
                    And: [
                        { Variable: "$.run.Containers[0].ExitCode", IsPresent: true },
                        { Variable: "$.run.Containers[0].ExitCode", NumericEquals: 0 },
                    ],
                    Next: "Succeeded",
                }],
                Default: "Failed",
            },
            Succeeded: { Type: "Succeed" },
            Failed: { Type: "Fail", Error: "JobFailed", Cause: "The job's container exited with a non-zero code, or never ran." },
            FindStuckRun: {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:ecs:listTasks",
                Parameters: { Cluster: input.clusterArn, "StartedBy.$": "$$.Execution.Name", DesiredStatus: "RUNNING" },
                ResultPath: "$.stuck",
                Next: "StopStuckRun",
            },
            StopStuckRun: {
                Type: "Map",
                ItemsPath: "$.stuck.TaskArns",
                ItemProcessor: {
                    ProcessorConfig: { Mode: "INLINE" },
                    StartAt: "Stop",
                    States: {
                        Stop: {
                            Type: "Task",
                            Resource: "arn:aws:states:::aws-sdk:ecs:stopTask",
                            Parameters: { Cluster: input.clusterArn, "Task.$": "$", Reason: `Maximum run time of ${input.maxRunMinutes} minutes reached` },
                            End: true,
                        },
                    },
                },
                ResultPath: null,
                Next: "TimedOut",
            },
            TimedOut: { Type: "Fail", Error: "JobTimedOut", Cause: `The run passed its maximum run time of ${input.maxRunMinutes} minutes and was stopped.` },
        },
    };
}

/** The longest an alarm may look back: Period x EvaluationPeriods <= 604,800 s (CloudWatch PutMetricAlarm, Period). */
export const ALARM_MAX_WINDOW_SECONDS = 604_800;

/**
 * How long without a started run means a run did not start: the longest
 * gap between two runs, plus the flexible window, plus Scheduler's retries,
 * plus 15 minutes, rounded up to a whole hour (a period of an hour or more
 * may look back up to 7 days). Undefined when that is more than 7 days: no
 * alarm can wait that long (a monthly job has none).
 */
export function notStartedWindowSeconds(longestGapSeconds: number, flexibleWindowMinutes: number, retryMaxAgeMinutes: number): number | undefined {
    const raw = longestGapSeconds + (flexibleWindowMinutes + retryMaxAgeMinutes + 15) * 60;
    const window = Math.ceil(raw / 3600) * 3600;
    return window > ALARM_MAX_WINDOW_SECONDS ? undefined : window;
}

export type JobAlarmKind = "run-failed" | "not-started" | "dead-letter";

/** An alarm of a job: the shape of a deployment alarm, with the job's kinds. */
export type JobAlarmSpec = Omit<AlarmSpec, "kind"> & { readonly kind: JobAlarmKind };

/** A run failed (non-zero exit, never ran, or stopped at its maximum run time): any in 5 minutes. */
export function runFailedAlarmSpec(label: string, stateMachineArn: string): JobAlarmSpec {
    const metric = (id: string, metricName: string) => ({
        id, returnData: false,
        metric: { namespace: "AWS/States", metricName, period: 300, stat: "Sum", dimensions: { StateMachineArn: stateMachineArn } },
    });
    return {
        kind: "run-failed",
        description: `${label}: a run failed, timed out or was aborted`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
        metricQueries: [
            { id: "failed", label: "Failed runs", expression: "FILL(f, 0) + FILL(t, 0) + FILL(a, 0)", returnData: true },
            metric("f", "ExecutionsFailed"),
            metric("t", "ExecutionsTimedOut"),
            metric("a", "ExecutionsAborted"),
        ],
    };
}

/** No run started for `windowSeconds`: missing data breaches (no start publishes nothing). */
export function notStartedAlarmSpec(label: string, stateMachineArn: string, windowSeconds: number): JobAlarmSpec {
    return {
        kind: "not-started",
        description: `${label}: no run started for ${windowSeconds / 3600} hours`,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "breaching",
        namespace: "AWS/States", metricName: "ExecutionsStarted", statistic: "Sum", period: windowSeconds,
        dimensions: { StateMachineArn: stateMachineArn },
    };
}

/** A run Scheduler could not start went to the dead-letter queue. */
export function deadLetterAlarmSpec(label: string, queueName: string): JobAlarmSpec {
    return {
        kind: "dead-letter",
        description: `${label}: a run could not be started (Scheduler gave up and sent it to the dead-letter queue)`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
        namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", statistic: "Maximum", period: 300,
        dimensions: { QueueName: queueName },
    };
}
