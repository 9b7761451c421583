// Reads the traffic gate's signals from AWS with read-only calls of the AWS
// SDK v3 (IAM actions: ssm:GetParameter, cloudwatch:DescribeAlarms,
// route53:ListHealthChecks, route53:ListTagsForResources,
// route53:GetHealthCheckStatus, ecs:DescribeServices). Every name it looks
// up is the one the program gives (components/aws/naming.ts): the release
// marker, the revisions' alarms, the health checks' Name tags, the health
// checks' alarms in us-east-1, the ECS services of the stack's cluster.
import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { GetHealthCheckStatusCommand, ListHealthChecksCommand, ListTagsForResourcesCommand, Route53Client } from "@aws-sdk/client-route-53";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { revisionAlarmSpecs } from "../../components/aws/alarms";
import { alarmName, clusterName, ecsServiceName, healthCheckAlarmName, releaseMarkerName, stackPrefix, type Revision } from "../../components/aws/naming";
import type { AlarmSignal, AlarmState, DeploymentSignal, HealthCheckSignal, Signals } from "./gate";

/** Route 53 counts an endpoint healthy when more than 18% of its checkers do (Route 53 Developer Guide, "How Amazon Route 53 determines whether a health check is healthy"). */
export const HEALTHY_CHECKER_SHARE = 0.18;
/** Route 53 publishes health-check metrics, and the program puts their alarms, in us-east-1. */
export const HEALTH_ALARM_REGION = "us-east-1";
/** DescribeAlarms AlarmNames: at most 100; DescribeServices services: at most 10; ListTagsForResources: at most 10 ids. */
const CHUNKS = { alarms: 100, services: 10, tags: 10 } as const;

export class SignalError extends Error {
    override name = "SignalError";
}

/** What the gate reads for one hostname, all of it derived from config. */
export interface GateTarget {
    readonly project: string;
    readonly stack: string;
    readonly region: string;
    readonly hostname: string;
    /** The service that owns the hostname's split. */
    readonly owner: string;
    /** Whether the owner still has Droplets (a legacy health check). */
    readonly legacy: boolean;
    /** The Fargate services behind the hostname, with their revisions. */
    readonly services: readonly { readonly name: string; readonly revisions: readonly Revision[] }[];
}

export interface Clients {
    readonly ssm: SSMClient;
    readonly cloudwatch: CloudWatchClient;
    /** CloudWatch in us-east-1: the health checks' alarms. */
    readonly cloudwatchUsEast1: CloudWatchClient;
    readonly route53: Route53Client;
    readonly ecs: ECSClient;
}

export function clientsFor(region: string): Clients {
    const cloudwatch = new CloudWatchClient({ region });
    return {
        ssm: new SSMClient({ region }),
        cloudwatch,
        cloudwatchUsEast1: region === HEALTH_ALARM_REGION ? cloudwatch : new CloudWatchClient({ region: HEALTH_ALARM_REGION }),
        route53: new Route53Client({ region: HEALTH_ALARM_REGION }),
        ecs: new ECSClient({ region }),
    };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) {
        out.push(items.slice(i, i + size));
    }
    return out;
}

/** The alarm names of the hostname's revisions (the kinds revisionAlarmSpecs makes). */
export function revisionAlarmNames(t: GateTarget): string[] {
    const prefix = stackPrefix(t.project, t.stack);
    const dims = { targetGroup: "", loadBalancer: "" };
    return t.services.flatMap((s) => s.revisions.flatMap((revision) =>
        revisionAlarmSpecs("", revision, dims, { clusterName: "", serviceName: "" }).map((spec) => alarmName(prefix, s.name, revision, spec.kind))));
}

/** The Route 53 health checks of the hostname by their Name tag (components/traffic/routing.ts), with the side each watches. */
export function healthCheckNames(t: GateTarget): { readonly side: string; readonly tag: string; readonly alarm: string }[] {
    const routing = `${t.project}-${t.stack}-${t.owner}`;
    const prefix = stackPrefix(t.project, t.stack);
    return [
        ...(t.legacy ? [{ side: "legacy", tag: `${routing}-legacy-hc`, alarm: healthCheckAlarmName(prefix, `${t.hostname}-legacy`) }] : []),
        ...t.services.map((s) => ({ side: `fargate ${s.name}`, tag: `${routing}-${s.name}-hc`, alarm: healthCheckAlarmName(prefix, `${t.hostname}-fargate-${s.name}`) })),
    ];
}

function stateOf(alarm: MetricAlarm): AlarmState {
    return (alarm.StateValue ?? "INSUFFICIENT_DATA") as AlarmState;
}

function sinceOf(alarm: MetricAlarm): Date {
    return alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp ?? new Date(0);
}

async function describeAlarms(client: CloudWatchClient, names: readonly string[]): Promise<Map<string, MetricAlarm>> {
    const found = new Map<string, MetricAlarm>();
    for (const chunk of chunks(names, CHUNKS.alarms)) {
        let token: string | undefined;
        do {
            const page = await client.send(new DescribeAlarmsCommand({ AlarmNames: chunk, AlarmTypes: ["MetricAlarm"], NextToken: token }));
            for (const a of page.MetricAlarms ?? []) {
                if (a.AlarmName !== undefined) {
                    found.set(a.AlarmName, a);
                }
            }
            token = page.NextToken;
        } while (token !== undefined);
    }
    return found;
}

/** When the current step started: the release marker's last write. */
export async function readStepStart(c: Clients, t: GateTarget): Promise<{ readonly startedAt: Date; readonly marker: string }> {
    const name = releaseMarkerName(stackPrefix(t.project, t.stack), t.owner);
    let parameter;
    try {
        parameter = (await c.ssm.send(new GetParameterCommand({ Name: name }))).Parameter;
    } catch (err) {
        if ((err as { name?: string }).name === "ParameterNotFound") {
            throw new SignalError(`release marker ${name}: not found in ${t.region}; it is written by \`pulumi up\` of this program (is the stack deployed, and is this the right account and region?)`);
        }
        throw err;
    }
    if (parameter?.LastModifiedDate === undefined) {
        throw new SignalError(`release marker ${name}: SSM returned no LastModifiedDate`);
    }
    return { startedAt: parameter.LastModifiedDate, marker: parameter.Value ?? "" };
}

export async function readAlarms(c: Clients, t: GateTarget): Promise<AlarmSignal[]> {
    const names = revisionAlarmNames(t);
    const found = await describeAlarms(c.cloudwatch, names);
    const missing = names.filter((n) => !found.has(n));
    if (missing.length > 0) {
        throw new SignalError(`CloudWatch alarms not found in ${t.region}: ${missing.join(", ")}; the gate judges a step only with every alarm of its revisions (is the stack deployed with this config?)`);
    }
    return names.map((n) => ({ name: n, state: stateOf(found.get(n)!), since: sinceOf(found.get(n)!) }));
}

async function healthCheckIds(c: Clients, tags: readonly string[]): Promise<Map<string, string>> {
    const ids: string[] = [];
    let marker: string | undefined;
    do {
        const page = await c.route53.send(new ListHealthChecksCommand({ Marker: marker }));
        ids.push(...(page.HealthChecks ?? []).filter((h) => h.HealthCheckConfig?.Type !== "CALCULATED").map((h) => h.Id!).filter((id) => id !== undefined));
        marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker !== undefined);
    const byTag = new Map<string, string>();
    for (const chunk of chunks(ids, CHUNKS.tags)) {
        const page = await c.route53.send(new ListTagsForResourcesCommand({ ResourceType: "healthcheck", ResourceIds: chunk }));
        for (const set of page.ResourceTagSets ?? []) {
            const name = set.Tags?.find((tag) => tag.Key === "Name")?.Value;
            if (name !== undefined && tags.includes(name) && set.ResourceId !== undefined) {
                byTag.set(name, set.ResourceId);
            }
        }
    }
    return byTag;
}

export async function readHealthChecks(c: Clients, t: GateTarget): Promise<HealthCheckSignal[]> {
    const wanted = healthCheckNames(t);
    const ids = await healthCheckIds(c, wanted.map((w) => w.tag));
    const missing = wanted.filter((w) => !ids.has(w.tag));
    if (missing.length > 0) {
        throw new SignalError(`Route 53 health checks not found: ${missing.map((m) => `${m.side} (Name tag ${m.tag})`).join(", ")}; both sides' health checks are part of every step's judgement`);
    }
    const alarms = await describeAlarms(c.cloudwatchUsEast1, wanted.map((w) => w.alarm));
    const signals: HealthCheckSignal[] = [];
    for (const w of wanted) {
        const id = ids.get(w.tag)!;
        const status = await c.route53.send(new GetHealthCheckStatusCommand({ HealthCheckId: id }));
        const observations = status.HealthCheckObservations ?? [];
        const healthyCount = observations.filter((o) => o.StatusReport?.Status?.startsWith("Success")).length;
        const healthy = observations.length > 0 && healthyCount / observations.length > HEALTHY_CHECKER_SHARE;
        const alarm = alarms.get(w.alarm);
        let since: Date | undefined;
        if (!healthy) {
            since = alarm !== undefined && stateOf(alarm) === "ALARM" ? sinceOf(alarm)
                : observations.map((o) => o.StatusReport?.CheckedTime).filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
        }
        signals.push({ side: w.side, id, healthy, ...(since === undefined ? {} : { since }) });
    }
    return signals;
}

export async function readDeployments(c: Clients, t: GateTarget): Promise<DeploymentSignal[]> {
    const cluster = clusterName(stackPrefix(t.project, t.stack));
    const names = t.services.flatMap((s) => s.revisions.map((r) => ecsServiceName(s.name, r)));
    const signals: DeploymentSignal[] = [];
    for (const chunk of chunks(names, CHUNKS.services)) {
        const page = await c.ecs.send(new DescribeServicesCommand({ cluster, services: chunk }));
        const failure = page.failures?.[0];
        if (failure !== undefined) {
            throw new SignalError(`ECS service ${failure.arn ?? "?"} of cluster ${cluster}: ${failure.reason ?? "not found"}${failure.detail === undefined ? "" : ` (${failure.detail})`}`);
        }
        for (const s of page.services ?? []) {
            for (const d of s.deployments ?? []) {
                signals.push({
                    service: s.serviceName ?? "?",
                    id: d.id ?? "?",
                    rolloutState: d.rolloutState ?? "COMPLETED",
                    status: d.status ?? "PRIMARY",
                    createdAt: d.createdAt ?? new Date(0),
                    updatedAt: d.updatedAt ?? d.createdAt ?? new Date(0),
                });
            }
        }
    }
    return signals;
}

/** Every signal of the hostname. */
export async function readSignals(c: Clients, t: GateTarget): Promise<Signals & { readonly marker: string }> {
    const [step, alarms, healthChecks, deployments] = await Promise.all([readStepStart(c, t), readAlarms(c, t), readHealthChecks(c, t), readDeployments(c, t)]);
    return { stepStartedAt: step.startedAt, marker: step.marker, alarms, healthChecks, deployments };
}
