// Provider rules for what workers, scheduled jobs and release tasks register
// beyond a web service's resources: EventBridge Scheduler schedules, Step
// Functions state machines, SQS dead-letter queues. Registered in
// PROVIDER_RULES (./provider-rules.ts). Each rule cites its sources as data
// (./sources/cite.ts), which tests/provider-rules-sources.test.ts holds it
// to: "API" is botocore 1.43.11's model of the operation (shape
// min/max/pattern, or the member's documentation, quoted), "TF" the
// Terraform AWS provider's validation.
import { parseSchedule } from "../../components/config/schedule";
import { plain, show, UNKNOWN, valuesAt, type Finding, type ProviderRule, type RuleResource } from "./rule-values";
import { api, apiDoc, cite, int, len, matches } from "./sources/cite";

const T = {
    schedule: "aws:scheduler/schedule:Schedule",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    queue: "aws:sqs/queue:Queue",
} as const;

function known(r: RuleResource, path: string): { path: string; value: unknown }[] {
    const isKnown = (v: unknown): boolean => v !== UNKNOWN && !(typeof v === "object" && v !== null && Object.values(v).some((x) => !isKnown(x)));
    return valuesAt(r.inputs, path).filter((l) => isKnown(plain(l.value))).map((l) => ({ path: l.path, value: plain(l.value) }));
}

function rule(id: string, types: readonly string[], property: string, limit: string, source: string, ok: (value: unknown) => boolean): ProviderRule {
    return {
        id, types, property, limit, source,
        check: (r) => known(r, property).filter((l) => !ok(l.value)).map((l): Finding => ({ property: l.path, value: show(l.value) })),
    };
}

const length = (min: number, max: number) => (v: unknown) => typeof v === "string" && [...v].length >= min && [...v].length <= max;
const between = (min: number, max: number) => (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

export const FLEET_PROVIDER_RULES: readonly ProviderRule[] = [
    cite(rule("scheduler-schedule-name", [T.schedule], "name", "1 to 64 of 0-9 a-z A-Z - _ .", "API scheduler CreateSchedule Name (min 1, max 64, pattern ^[0-9a-zA-Z-_.]+$)",
        (v) => typeof v === "string" && /^[0-9a-zA-Z._-]{1,64}$/.test(v)),
        api("name", "scheduler", "CreateSchedule.Name", { sample: "nightly-report" })),
    rule("scheduler-schedule-expression", [T.schedule], "scheduleExpression", "at(...), rate(n unit) or cron(6 fields) with a ? in day-of-month or day-of-week, at most 256 characters",
        "API scheduler CreateSchedule ScheduleExpression (1-256); EventBridge Scheduler User Guide, \"Schedule types\" (cron fields, the ? rule, rate units)",
        (v) => typeof v === "string" && v.length <= 256 && (/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/.test(v) || typeof parseSchedule(v) !== "string")),
    rule("scheduler-schedule-timezone", [T.schedule], "scheduleExpressionTimezone", "an IANA time zone of at most 50 characters", "API scheduler CreateSchedule ScheduleExpressionTimezone (1-50)",
        (v) => typeof v === "string" && v.length >= 1 && v.length <= 50 && (() => {
            try {
                new Intl.DateTimeFormat("en-US", { timeZone: v });
                return true;
            } catch {
                return false;
            }
        })()),
    cite(rule("scheduler-schedule-state", [T.schedule], "state", "ENABLED or DISABLED", "API scheduler ScheduleState enum", (v) => v === "ENABLED" || v === "DISABLED"),
        api("state", "scheduler", "CreateSchedule.State")),
    cite(rule("scheduler-schedule-description", [T.schedule], "description", "at most 512 characters", "API scheduler CreateSchedule Description (max 512)", length(0, 512)),
        api("description", "scheduler", "CreateSchedule.Description", { sample: "nightly" })),
    cite(rule("scheduler-flexible-window-mode", [T.schedule], "flexibleTimeWindow.mode", "OFF or FLEXIBLE", "API scheduler FlexibleTimeWindowMode enum", (v) => v === "OFF" || v === "FLEXIBLE"),
        api("flexibleTimeWindow.mode", "scheduler", "CreateSchedule.FlexibleTimeWindow.Mode")),
    cite(rule("scheduler-flexible-window-minutes", [T.schedule], "flexibleTimeWindow.maximumWindowInMinutes", "a whole number from 1 to 1440", "API scheduler FlexibleTimeWindow MaximumWindowInMinutes (min 1, max 1440)", between(1, 1440)),
        api("flexibleTimeWindow.maximumWindowInMinutes", "scheduler", "CreateSchedule.FlexibleTimeWindow.MaximumWindowInMinutes", { sample: 15 })),
    {
        id: "scheduler-flexible-window-pair", types: [T.schedule], property: "flexibleTimeWindow",
        limit: "maximumWindowInMinutes with mode FLEXIBLE only, and always with it", source: "TF internal/service/scheduler/schedule.go (maximum_window_in_minutes required when mode is FLEXIBLE); API doc FlexibleTimeWindow",
        check: (r) => known(r, "flexibleTimeWindow").flatMap((l) => {
            const w = l.value as { mode?: unknown; maximumWindowInMinutes?: unknown };
            return (w.mode === "FLEXIBLE") === (w.maximumWindowInMinutes === undefined) ? [{ property: l.path, value: show(w) }] : [];
        }),
    },
    cite(rule("scheduler-retry-attempts", [T.schedule], "target.retryPolicy.maximumRetryAttempts", "a whole number from 0 to 185", "API scheduler RetryPolicy MaximumRetryAttempts (min 0, max 185)", between(0, 185)),
        api("target.retryPolicy.maximumRetryAttempts", "scheduler", "RetryPolicy.MaximumRetryAttempts", { sample: 2 })),
    cite(rule("scheduler-retry-event-age", [T.schedule], "target.retryPolicy.maximumEventAgeInSeconds", "a whole number from 60 to 86400", "API scheduler RetryPolicy MaximumEventAgeInSeconds (min 60, max 86400)", between(60, 86400)),
        api("target.retryPolicy.maximumEventAgeInSeconds", "scheduler", "RetryPolicy.MaximumEventAgeInSeconds", { sample: 3600 })),
    cite(rule("scheduler-target-input", [T.schedule], "target.input", "a non-empty string (JSON for a Step Functions target)", "API scheduler Target Input (min 1)", (v) => typeof v === "string" && v.length >= 1),
        api("target.input", "scheduler", "Target.Input", { sample: "{}" })),
    cite(rule("sfn-state-machine-name", [T.stateMachine], "name", "1 to 80 characters of letters, digits, - and _ (CloudWatch logging needs ASCII letters, digits, - and _)",
        "API stepfunctions CreateStateMachine name (1-80; its documentation: \"To enable logging with CloudWatch Logs, the name should only contain 0-9, A-Z, a-z, - and _\")",
        (v) => typeof v === "string" && /^[A-Za-z0-9_-]{1,80}$/.test(v)),
        apiDoc("name", "stepfunctions", "CreateStateMachine.name", "To enable logging with CloudWatch Logs, the name should only contain 0-9, A-Z, a-z, - and _.", [matches("[0-9A-Za-z_-]+")], { sample: "nightly-report" })),
    cite(rule("sfn-state-machine-type", [T.stateMachine], "type", "STANDARD or EXPRESS (runTask.sync needs STANDARD)", "API stepfunctions StateMachineType enum; Step Functions Developer Guide: Express workflows do not support .sync", (v) => v === "STANDARD" || v === "EXPRESS"),
        api("type", "stepfunctions", "CreateStateMachine.type")),
    {
        id: "sfn-definition-json", types: [T.stateMachine], property: "definition", limit: "Amazon States Language JSON with StartAt naming one of its States, at most 1,048,576 characters",
        source: "API stepfunctions CreateStateMachine definition (1-1048576); Amazon States Language, \"State machine structure\" (StartAt, States)",
        check: (r) => known(r, "definition").flatMap((l) => {
            try {
                const d = JSON.parse(String(l.value)) as { StartAt?: unknown; States?: Record<string, unknown> };
                return String(l.value).length <= 1_048_576 && typeof d.StartAt === "string" && d.States !== undefined && d.StartAt in d.States ? [] : [{ property: l.path, value: "StartAt names no state of States" }];
            } catch {
                return [{ property: l.path, value: "not JSON" }];
            }
        }),
    },
    cite(rule("sqs-queue-name", [T.queue], "name", "1 to 80 of letters, digits, - and _ (a FIFO queue's ends in .fifo)", "API sqs CreateQueue QueueName (documentation: \"up to 80 characters\", \"alphanumeric characters, hyphens (-), and underscores (_)\", FIFO names end in .fifo)",
        (v) => typeof v === "string" && v.length >= 1 && v.length <= 80 && /^[A-Za-z0-9_-]+(\.fifo)?$/.test(v)),
        apiDoc("name", "sqs", "CreateQueue.QueueName", "A queue name can have up to 80 characters.", [len(1, 80)], { sample: "mailer-dlq" }),
        apiDoc("name", "sqs", "CreateQueue.QueueName", "A FIFO queue name must end with the .fifo suffix.", [matches("[A-Za-z0-9_-]+(\\.fifo)?")], { sample: "mailer-dlq" })),
    cite(rule("sqs-message-retention", [T.queue], "messageRetentionSeconds", "a whole number from 60 to 1,209,600 seconds", "API sqs CreateQueue Attributes MessageRetentionPeriod (\"from 60 seconds (1 minute) to 1,209,600 seconds (14 days)\")", between(60, 1_209_600)),
        apiDoc("messageRetentionSeconds", "sqs", "CreateQueue.Attributes", "Valid values: An integer from 60 seconds (1 minute) to 1,209,600 seconds (14 days).", [int(60, 1_209_600)], { sample: 1_209_600, only: [] })),
];
