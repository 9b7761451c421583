// The migration dashboard: the body is valid for the CloudWatch API (Dashboard
// Body Structure and Syntax: widgets of type text/metric/alarm inside a
// 24-unit grid, metric arrays of [namespace, name, dimension pairs..., options])
// and built from the same config as the services, naming this stack's resources.
import * as assert from "assert";
import { dashboardBody, dashboardUrl, ROUTE53_METRICS_REGION, type DashboardModel } from "../components/aws/dashboard";
import { fromWire, type ProgramRun } from "../tools/offline/capture";
import { stackRun } from "./helpers/program-runs";

const MODEL: DashboardModel = {
    region: "eu-west-1",
    loadBalancer: "app/migration-prod-alb/0123456789abcdef",
    cluster: "migration-prod-cluster",
    hostnames: [{
        hostname: "www.example.com",
        phase: "weighted",
        split: { legacyPercent: 75, fargatePercent: 25, canaryPercent: 10 },
        legacyHealthCheckId: "legacy-hc",
        services: [{
            name: "web",
            healthCheckId: "web-hc",
            revisions: [
                { revision: "stable", targetGroup: "targetgroup/web-stable/1", ecsService: "web", alarmArns: ["arn:alarm:stable"] },
                { revision: "canary", targetGroup: "targetgroup/web-canary/2", ecsService: "web-canary", alarmArns: ["arn:alarm:canary"] },
            ],
        }],
    }, {
        hostname: "api.example.com",
        phase: "cutover-pending",
        split: { legacyPercent: 100, fargatePercent: 0, canaryPercent: 0 },
        legacyHealthCheckId: "api-legacy-hc",
        services: [{ name: "api", healthCheckId: "api-hc", revisions: [{ revision: "stable", targetGroup: "targetgroup/api-stable/3", ecsService: "api", alarmArns: [] }] }],
    }],
};

/** What the CloudWatch API checks of a widget (PutDashboard rejects the body otherwise). */
function widgetProblems(body: { widgets: Record<string, any>[] }): string[] {
    return body.widgets.flatMap((w, i) => [
        ...(["text", "metric", "alarm"].includes(w.type) ? [] : [`widgets[${i}].type ${w.type}`]),
        ...(w.x >= 0 && w.x + w.width <= 24 ? [] : [`widgets[${i}] outside the 24-unit grid`]),
        ...(w.width >= 1 && w.height >= 1 ? [] : [`widgets[${i}] has no size`]),
        ...(w.type === "metric" && !(Array.isArray(w.properties.metrics) && w.properties.region) ? [`widgets[${i}] metric widget without metrics or region`] : []),
        ...(w.type === "metric" ? (w.properties.metrics as unknown[][]).filter((m) => typeof m[0] !== "string" || typeof m[1] !== "string" || (m.length - 3) % 2 !== 0).map(() => `widgets[${i}] malformed metric`) : []),
        ...(w.type === "text" && typeof w.properties.markdown !== "string" ? [`widgets[${i}] text without markdown`] : []),
    ]);
}

describe("migration dashboard body", () => {
    const body = dashboardBody(MODEL);

    it("is valid for the CloudWatch API", () => {
        assert.deepStrictEqual(widgetProblems(body), []);
        assert.doesNotThrow(() => JSON.parse(JSON.stringify(body)));
    });

    it("one section per hostname: its split and phase, then the Route 53 health of both sides", () => {
        const texts = body.widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown);
        assert.deepStrictEqual(texts, [
            "## www.example.com\nlegacy 75 % · Fargate 25 %, canary 10 % of Fargate",
            "## api.example.com\nlegacy 100 % · Fargate 0 % (cut-over pending: the plain record answers)",
        ]);
        // Side by side on one row: the Droplets' check on the left half, Fargate's on the right.
        const health = body.widgets.filter((w) => w.type === "metric" && String(w.properties.title).endsWith("Route 53 health (1 healthy, 0 failing)"));
        assert.deepStrictEqual(health.map((w) => [w.properties.title, w.x, w.y, w.width, w.properties.region, w.properties.metrics]), [
            ["www.example.com: legacy side, Route 53 health (1 healthy, 0 failing)", 0, 2, 12, ROUTE53_METRICS_REGION, [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", "legacy-hc", { label: "legacy" }]]],
            ["www.example.com: Fargate side, Route 53 health (1 healthy, 0 failing)", 12, 2, 12, ROUTE53_METRICS_REGION, [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", "web-hc", { label: "fargate web" }]]],
            ["api.example.com: legacy side, Route 53 health (1 healthy, 0 failing)", 0, health[2]?.y, 12, ROUTE53_METRICS_REGION, [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", "api-legacy-hc", { label: "legacy" }]]],
            ["api.example.com: Fargate side, Route 53 health (1 healthy, 0 failing)", 12, health[2]?.y, 12, ROUTE53_METRICS_REGION, [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", "api-hc", { label: "fargate api" }]]],
        ]);
    });

    it("per service and revision: requests, 5xx and p95 latency of its target group; running tasks, CPU and memory of its ECS service", () => {
        const metrics = (title: string) => body.widgets.find((w) => w.properties.title === title)!.properties.metrics as any[][];
        const tg = (t: string) => ["TargetGroup", t, "LoadBalancer", MODEL.loadBalancer];
        assert.deepStrictEqual(metrics("web: ALB requests"), [
            ["AWS/ApplicationELB", "RequestCount", ...tg("targetgroup/web-stable/1"), { stat: "Sum", label: "stable" }],
            ["AWS/ApplicationELB", "RequestCount", ...tg("targetgroup/web-canary/2"), { stat: "Sum", label: "canary" }],
        ]);
        assert.deepStrictEqual(metrics("web: target 5xx").map((m: unknown[]) => m[1]), ["HTTPCode_Target_5XX_Count", "HTTPCode_Target_5XX_Count"]);
        assert.deepStrictEqual(metrics("web: p95 latency (s)").map((m: any[]) => m[m.length - 1].stat), ["p95", "p95"]);
        assert.deepStrictEqual(metrics("web: running tasks"), [
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", MODEL.cluster, "ServiceName", "web", { stat: "Average", label: "stable" }],
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", MODEL.cluster, "ServiceName", "web-canary", { stat: "Average", label: "canary" }],
        ]);
        assert.deepStrictEqual(metrics("api: CPU %"), [["AWS/ECS", "CPUUtilization", "ClusterName", MODEL.cluster, "ServiceName", "api", { stat: "Average", label: "stable" }]]);
        assert.deepStrictEqual(metrics("api: memory %"), [["AWS/ECS", "MemoryUtilization", "ClusterName", MODEL.cluster, "ServiceName", "api", { stat: "Average", label: "stable" }]]);
        const alarms = body.widgets.filter((w) => w.type === "alarm").map((w) => [w.properties.title, w.properties.alarms]);
        assert.deepStrictEqual(alarms, [["web: alarms that roll a deployment back", ["arn:alarm:stable", "arn:alarm:canary"]], ["api: alarms that roll a deployment back", []]]);
        assert.ok(body.widgets.filter((w) => w.type === "metric" && !String(w.properties.title).includes("Route 53")).every((w) => w.properties.region === "eu-west-1"));
    });

    it("stacks the sections without overlap", () => {
        const cells = new Set<string>();
        for (const w of body.widgets) {
            for (let x = w.x; x < w.x + w.width; x++) {
                for (let y = w.y; y < w.y + w.height; y++) {
                    assert.ok(!cells.has(`${x},${y}`), `widgets overlap at ${x},${y}`);
                    cells.add(`${x},${y}`);
                }
            }
        }
    });

    it("links to the console", () => {
        assert.strictEqual(dashboardUrl("eu-west-1", "migration-prod-migration"), "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=migration-prod-migration");
    });
});

describe("migration dashboard in the program", () => {
    let run: ProgramRun;
    before(async function () {
        this.timeout(60_000);
        run = await stackRun("dev"); // shared with other files (tests/helpers/program-runs.ts)
    });

    it("names the resources this stack creates: target groups, ECS services, health checks, alarms", () => {
        const registration = run.registrations.find((r) => r.type === "aws:cloudwatch/dashboard:Dashboard")!;
        const inputs = fromWire(registration.inputs) as { dashboardName: string; dashboardBody: string };
        assert.strictEqual(inputs.dashboardName, "migration-dev-migration");
        const body = JSON.parse(inputs.dashboardBody) as { widgets: Record<string, any>[] };
        assert.deepStrictEqual(widgetProblems(body), []);
        const text = inputs.dashboardBody;
        const outputsOf = (type: string) => run.registrations.filter((r) => r.type === type).map((r) => fromWire(r.outputs) as Record<string, string>);
        for (const tg of outputsOf("aws:lb/targetGroup:TargetGroup").filter((t) => t.name.includes("stable"))) {
            assert.ok(text.includes(tg.arnSuffix), `names target group ${tg.arnSuffix}`);
        }
        for (const check of run.registrations.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck")) {
            assert.ok(text.includes(String(check.id)), `names health check ${check.name}`);
        }
        // The services' alarms; the health checks' own alarms (us-east-1) are drawn as the health graphs they watch; a job's alarms watch its runs, not the traffic the dashboard shows.
        for (const alarm of outputsOf("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.metricName !== "HealthCheckStatus" && !/nightly-report/.test(a.name))) {
            assert.ok(text.includes(alarm.arn), `names alarm ${alarm.name}`);
        }
        assert.deepStrictEqual(body.widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown), [
            "## www.dev.example.com\nlegacy 50 % · Fargate 50 %\n\nRelease: www.dev.example.com: legacy 50% fargate 50% canary 0%; web tag 1.8.0 canary. Every `up` that changed it: `aws ssm get-parameter-history --name /migration-dev/release/web`",
            "## api.dev.example.com\nlegacy 75 % · Fargate 25 %\n\nRelease: api.dev.example.com: legacy 75% fargate 25% canary 0%; api tag 2.3.1 rolling. Every `up` that changed it: `aws ssm get-parameter-history --name /migration-dev/release/api`",
            // dev's database moving to RDS: its phase, and the alarms of its move beside.
            "## Database main\nphase replicate (docs/database.md)",
        ]);
    });
});
