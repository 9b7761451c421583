// Hard limits the offline plan checks on what the program registered
// (tools/offline/quotas.ts): a task definition's size and the dashboard's
// widgets and metrics, each at its limit and one over; the plan refuses a
// stack that breaks one (exit 2, like a provider rule); docs/limits.md
// shows the quota table as the code has it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { dashboardBody, type DashboardModel } from "../components/aws/dashboard";
import { UNKNOWN, type RuleResource } from "../tools/offline/provider-rules";
import { checkQuotaResources, DASHBOARD_LIMITS, dashboardCounts, quotasMarkdownTable, TASK_DEFINITION_MAX_BYTES, taskDefinitionBytes } from "../tools/offline/quotas";
import { buildPlan, PlanInputError, ProviderRulesError } from "../tools/plan/plan";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");
const TASK_SOURCE = "Amazon ECS service quotas, 'Task definition size' 64 KiB, not adjustable (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html)";
const WIDGETS_SOURCE = "CloudWatch service quotas, dashboards: up to 500 widgets, not adjustable (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html)";
const METRICS_SOURCE = "CloudWatch service quotas, dashboards: up to 500 metrics per widget and 2500 per dashboard, not adjustable (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html)";

const taskDefinition = (inputs: Record<string, unknown>): RuleResource => ({
    urn: "urn:pulumi:dev::migration::aws:ecs/taskDefinition:TaskDefinition::web", type: "aws:ecs/taskDefinition:TaskDefinition", name: "web", inputs, dependencies: {},
});
/** A task definition whose JSON is exactly `bytes` long (its one environment value pads it). */
function taskDefinitionOf(bytes: number): RuleResource {
    const inputs = (pad: string) => ({
        family: "migration-dev-web-stable", cpu: "256", memory: "512", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"],
        containerDefinitions: JSON.stringify([{ name: "web", image: "web:1", environment: [{ name: "PAD", value: pad }] }]),
        tags: { team: "platform" },
    });
    const base = taskDefinitionBytes(inputs(""))!;
    return taskDefinition(inputs("x".repeat(bytes - base)));
}
const dashboard = (widgets: unknown[]): RuleResource => ({
    urn: "urn:pulumi:dev::migration::aws:cloudwatch/dashboard:Dashboard::dash", type: "aws:cloudwatch/dashboard:Dashboard", name: "dash",
    inputs: { dashboardName: "migration-dev", dashboardBody: JSON.stringify({ widgets }) }, dependencies: {},
});
const metricWidget = (metrics: number) => ({ type: "metric", properties: { metrics: Array.from({ length: metrics }, (_, i) => ["AWS/ECS", "CPUUtilization", "ServiceName", `s${i}`]) } });
const textWidgets = (n: number) => Array.from({ length: n }, () => ({ type: "text", properties: { markdown: "x" } }));

describe("hard limits the plan checks", () => {
    it("measures a task definition as RegisterTaskDefinition gets it: container definitions as JSON, tags left out", () => {
        assert.strictEqual(taskDefinitionBytes({ family: "f", containerDefinitions: "[{\"name\":\"é\"}]", tags: { a: "b" } }), Buffer.byteLength("{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"é\"}]}"));
        assert.strictEqual(taskDefinitionBytes({ family: "f", containerDefinitions: UNKNOWN }), undefined);
    });

    it("task definition size: 64 KiB passes, one byte more is refused", () => {
        assert.deepStrictEqual(checkQuotaResources([taskDefinitionOf(TASK_DEFINITION_MAX_BYTES)]), []);
        assert.deepStrictEqual(checkQuotaResources([taskDefinitionOf(TASK_DEFINITION_MAX_BYTES + 1)]), [{
            rule: "ecs-task-definition-size",
            urn: "urn:pulumi:dev::migration::aws:ecs/taskDefinition:TaskDefinition::web",
            type: "aws:ecs/taskDefinition:TaskDefinition",
            name: "web",
            property: "containerDefinitions (the whole task definition)",
            value: "65537 bytes",
            limit: "at most 65536 bytes (64 KiB); move large values out of fargate.environment (into secrets, which the task definition holds as references)",
            source: TASK_SOURCE,
        }]);
    });

    it("dashboard widgets: 500 pass, 501 are refused", () => {
        assert.deepStrictEqual(checkQuotaResources([dashboard(textWidgets(DASHBOARD_LIMITS.widgets))]), []);
        assert.deepStrictEqual(checkQuotaResources([dashboard(textWidgets(501))]).map((v) => [v.rule, v.property, v.value, v.limit, v.source]), [[
            "cloudwatch-dashboard-widgets", "dashboardBody.widgets", "501 widgets",
            "at most 500 widgets (the dashboard has 2 or 3 per hostname and 7 per Fargate service): move services to another stack", WIDGETS_SOURCE,
        ]]);
    });

    it("dashboard metrics: 500 in a widget and 2500 in all pass, one more is refused", () => {
        assert.deepStrictEqual(checkQuotaResources([dashboard([metricWidget(500), ...Array.from({ length: 4 }, () => metricWidget(500))])]), []);
        assert.deepStrictEqual(checkQuotaResources([dashboard([metricWidget(2), metricWidget(501)])]).map((v) => [v.rule, v.property, v.value, v.limit, v.source]), [[
            "cloudwatch-dashboard-metrics", "dashboardBody.widgets[1].properties.metrics", "501 metrics", "at most 500 metrics per widget", METRICS_SOURCE,
        ]]);
        assert.deepStrictEqual(checkQuotaResources([dashboard([...Array.from({ length: 5 }, () => metricWidget(500)), metricWidget(1)])]).map((v) => [v.property, v.value, v.limit]), [[
            "dashboardBody.widgets[].properties.metrics", "2501 metrics", "at most 2500 metrics per dashboard: move services to another stack",
        ]]);
    });

    it("a body not known yet (preview) is skipped", () => {
        assert.deepStrictEqual(checkQuotaResources([{ ...dashboard([]), inputs: { dashboardBody: UNKNOWN } }]), []);
    });

    it("the migration dashboard takes 2 widgets a hostname (3 with both sides' health side by side) and 7 a Fargate service, 6 metrics a revision and one a health check", () => {
        const model: DashboardModel = {
            region: "us-east-1", loadBalancer: "app/alb/1", cluster: "c",
            hostnames: [
                { hostname: "www.example.com", phase: "weighted", split: { legacyPercent: 50, fargatePercent: 50, canaryPercent: 10 }, legacyHealthCheckId: "hc-l", services: [
                    { name: "web", healthCheckId: "hc-w", revisions: [{ revision: "stable", targetGroup: "targetgroup/a/1", ecsService: "web", alarmArns: [] }, { revision: "canary", targetGroup: "targetgroup/b/1", ecsService: "web-canary", alarmArns: [] }] },
                ] },
                { hostname: "old.example.com", phase: "weighted", split: { legacyPercent: 100, fargatePercent: 0, canaryPercent: 0 }, legacyHealthCheckId: "hc-o", services: [] },
            ],
        };
        const counts = dashboardCounts(JSON.stringify(dashboardBody(model)))!;
        assert.strictEqual(counts.widgets, 3 + 2 + 7);
        assert.strictEqual(counts.metricsPerWidget.reduce((a, b) => a + b, 0), 6 * 2 + 2 + 1);
    });

    it("docs/limits.md shows the quota table as the code has it", () => {
        assert.ok(fs.readFileSync(path.join(ROOT, "docs", "limits.md"), "utf8").includes(`${quotasMarkdownTable()}\n`), "docs/limits.md: paste quotasMarkdownTable() (tools/offline/quotas.ts) under 'Quotas and limits'");
    });
});

describe("the plan refuses a stack over a hard limit, as a provider would", function () {
    this.timeout(120_000);

    it("a task definition over 64 KiB: exit-2 error naming resource, property, value, limit and source", async () => {
        const services = JSON.parse(readStackConfig(ROOT, "dev").values["migration:services"]) as Record<string, any>[];
        services[1].fargate.environment.FEATURE_FLAGS = "f".repeat(70_000);
        const err = await buildPlan({ stack: "dev", overrides: { config: { "migration:services": JSON.stringify(services) } } }).then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof ProviderRulesError && err instanceof PlanInputError, String(err));
        assert.deepStrictEqual(err.violations.map((v) => [v.rule, v.type, v.name, v.property, v.source]), [[
            "ecs-task-definition-size", "aws:ecs/taskDefinition:TaskDefinition", "migration-dev-api-stable", "containerDefinitions (the whole task definition)", TASK_SOURCE,
        ]]);
        assert.ok(Number(/^(\d+) bytes$/.exec(err.violations[0].value)![1]) > 70_000, err.violations[0].value);
        assert.match(err.message, /^1 input the providers would refuse; `pulumi preview` or `pulumi up` would fail:\n {2}- urn:pulumi:dev::migration::.*migration-dev-api-stable\n {4}containerDefinitions \(the whole task definition\): \d+ bytes; allowed at most 65536 bytes/);
    });
});
