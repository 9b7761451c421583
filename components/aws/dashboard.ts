// One CloudWatch dashboard per stack that shows the migration: per hostname
// its split (legacy, Fargate, canary), the Route 53 health of both sides, and
// per Fargate service the ALB requests, 5xx and p95 latency of each revision's
// target group, the ECS running tasks, CPU and memory, and the alarms that roll
// a deployment back. The body is a pure function of plain names and ids
// (CloudWatch API reference, "Dashboard Body Structure and Syntax"), generated
// from the same config that builds the services.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DnsPhase, TrafficSplit } from "../traffic/steps";

/** Route 53 publishes health-check metrics in us-east-1 only (Route 53 Developer Guide, "Monitoring health checks using CloudWatch"). */
export const ROUTE53_METRICS_REGION = "us-east-1";
/** Dashboards are 24 units wide. */
const WIDTH = 24;

export interface DashboardRevisionModel {
    readonly revision: "stable" | "canary";
    /** The line's label. @default the revision */
    readonly label?: string;
    /** targetgroup/<name>/<id> */
    readonly targetGroup: string;
    readonly ecsService: string;
    readonly alarmArns: readonly string[];
}

export interface DashboardServiceModel {
    readonly name: string;
    readonly healthCheckId: string;
    readonly revisions: readonly DashboardRevisionModel[];
}

export interface DashboardHostnameModel {
    readonly hostname: string;
    readonly phase: DnsPhase;
    readonly split: TrafficSplit;
    readonly legacyHealthCheckId?: string;
    readonly services: readonly DashboardServiceModel[];
    /** The release marker: what the last `up` put in front of users (components/traffic/release-marker.ts), and its SSM parameter. */
    readonly release?: { readonly text: string; readonly parameter: string };
}

/** A database moving to RDS (components/aws/database.ts): its phase and the alarms of its move. */
export interface DashboardDatabaseModel {
    readonly name: string;
    readonly phase: string;
    readonly alarmArns: readonly string[];
}

export interface DashboardModel {
    readonly region: string;
    /** app/<name>/<id> */
    readonly loadBalancer: string;
    readonly cluster: string;
    readonly hostnames: readonly DashboardHostnameModel[];
    /** Databases moving to RDS, after the hostnames. @default none */
    readonly databases?: readonly DashboardDatabaseModel[];
}

interface Widget {
    type: "text" | "metric" | "alarm";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: Record<string, unknown>;
}

function splitText(h: DashboardHostnameModel): string {
    const phase = h.phase === "cutover-pending" ? " (cut-over pending: the plain record answers)" : h.phase === "importing" ? " (weighted records being imported)" : "";
    const canary = h.split.canaryPercent > 0 ? `, canary ${h.split.canaryPercent} % of Fargate` : "";
    const release = h.release === undefined ? "" : `\n\nRelease: ${h.release.text}. Every \`up\` that changed it: \`aws ssm get-parameter-history --name ${h.release.parameter}\``;
    return `## ${h.hostname}\nlegacy ${h.split.legacyPercent} % · Fargate ${h.split.fargatePercent} %${canary}${phase}${release}`;
}

/** The dashboard body: one section per hostname, one row of widgets per Fargate service. */
export function dashboardBody(model: DashboardModel): { widgets: Widget[] } {
    const widgets: Widget[] = [];
    let y = 0;
    const add = (w: Omit<Widget, "y">, height = w.height) => { widgets.push({ ...w, y }); return height; };
    for (const h of model.hostnames) {
        y += add({ type: "text", x: 0, width: WIDTH, height: h.release === undefined ? 2 : 3, properties: { markdown: splitText(h) } });
        // Both sides' health side by side: the Droplets' check on the left, each Fargate service's on the right.
        const sides: [string, [string, string][]][] = [
            ["legacy", h.legacyHealthCheckId === undefined ? [] : [["legacy", h.legacyHealthCheckId]]],
            ["Fargate", h.services.map((s): [string, string] => [`fargate ${s.name}`, s.healthCheckId])],
        ];
        const shown = sides.filter(([, checks]) => checks.length > 0);
        shown.forEach(([side, checks], i) => add({
            type: "metric", x: i * (WIDTH / shown.length), width: WIDTH / shown.length, height: 4,
            properties: {
                title: `${h.hostname}: ${side} side, Route 53 health (1 healthy, 0 failing)`,
                region: ROUTE53_METRICS_REGION, view: "timeSeries", stat: "Minimum", period: 60,
                metrics: checks.map(([label, id]) => ["AWS/Route53", "HealthCheckStatus", "HealthCheckId", id, { label }]),
                yAxis: { left: { min: 0, max: 1 } },
            },
        }));
        y += 4;
        for (const s of h.services) {
            const perRevision = (namespace: string, metric: string, stat: string, dims: (r: DashboardRevisionModel) => string[]) =>
                s.revisions.map((r) => [namespace, metric, ...dims(r), { stat, label: r.label ?? r.revision }]);
            const tg = (r: DashboardRevisionModel) => ["TargetGroup", r.targetGroup, "LoadBalancer", model.loadBalancer];
            const ecs = (r: DashboardRevisionModel) => ["ClusterName", model.cluster, "ServiceName", r.ecsService];
            const metric = (x: number, width: number, title: string, metrics: unknown[][]) => add({
                type: "metric", x, width, height: 6,
                properties: { title: `${s.name}: ${title}`, region: model.region, view: "timeSeries", period: 60, metrics },
            });
            metric(0, 6, "ALB requests", perRevision("AWS/ApplicationELB", "RequestCount", "Sum", tg));
            metric(6, 6, "target 5xx", perRevision("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", tg));
            metric(12, 6, "p95 latency (s)", perRevision("AWS/ApplicationELB", "TargetResponseTime", "p95", tg));
            metric(18, 6, "running tasks", perRevision("ECS/ContainerInsights", "RunningTaskCount", "Average", ecs));
            y += 6;
            metric(0, 8, "CPU %", perRevision("AWS/ECS", "CPUUtilization", "Average", ecs));
            metric(8, 8, "memory %", perRevision("AWS/ECS", "MemoryUtilization", "Average", ecs));
            add({
                type: "alarm", x: 16, width: 8, height: 6,
                properties: { title: `${s.name}: alarms that roll a deployment back`, alarms: s.revisions.flatMap((r) => r.alarmArns) },
            });
            y += 6;
        }
    }
    for (const d of model.databases ?? []) {
        y += add({ type: "text", x: 0, width: WIDTH, height: 2, properties: { markdown: `## Database ${d.name}\nphase ${d.phase} (docs/database.md)` } });
        y += add({ type: "alarm", x: 0, width: WIDTH, height: 3, properties: { title: `${d.name}: replication lag and the target's storage`, alarms: [...d.alarmArns] } });
    }
    return { widgets };
}

/** The console address of a dashboard. */
export function dashboardUrl(region: string, name: string): string {
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${encodeURIComponent(name)}`;
}

/** The model, with every id still an output of the resource that has it. */
export type DashboardInputs = {
    readonly [K in keyof DashboardModel]: K extends "hostnames" ? readonly {
        readonly [H in keyof DashboardHostnameModel]: H extends "services" ? readonly {
            readonly name: string;
            readonly healthCheckId: pulumi.Input<string>;
            readonly revisions: readonly {
                readonly revision: "stable" | "canary";
                readonly label?: string;
                readonly targetGroup: pulumi.Input<string>;
                readonly ecsService: pulumi.Input<string>;
                readonly alarmArns: pulumi.Input<pulumi.Input<string>[]>;
            }[];
        }[] : H extends "legacyHealthCheckId" ? pulumi.Input<string> | undefined : DashboardHostnameModel[H];
    }[] : K extends "databases" ? readonly { readonly name: string; readonly phase: string; readonly alarmArns: pulumi.Input<pulumi.Input<string>[]> }[] | undefined
        : pulumi.Input<string>;
};

export interface MigrationDashboardArgs {
    /** The dashboard's name (naming.dashboardName). */
    readonly name: string;
    /** The stack's AWS region. */
    readonly region: string;
    readonly model: DashboardInputs;
}

export class MigrationDashboard extends pulumi.ComponentResource {
    readonly dashboardName: pulumi.Output<string>;
    /** The console address: known at preview (it needs only the region and the name). */
    readonly url: string;

    constructor(name: string, args: MigrationDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:Dashboard", name, {}, opts);
        const body = pulumi.output(args.model).apply((model) => JSON.stringify(dashboardBody(model as unknown as DashboardModel)));
        const dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
            dashboardName: args.name,
            dashboardBody: body,
        }, { parent: this });
        this.dashboardName = dashboard.dashboardName;
        this.url = dashboardUrl(args.region, args.name);
        this.registerOutputs({ dashboardName: this.dashboardName, url: this.url });
    }
}
