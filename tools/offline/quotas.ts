// Hard limits on values only the program computes, checked on what it
// registered: a task definition's size (its container definitions carry the
// environment and secret references) and the dashboard's widgets and
// metrics. Reported like the provider rules (exit 2: resource, property,
// value, limit, source); values unknown in a preview are skipped. Quotas the
// config alone decides are checked before the program runs
// (components/config/quotas.ts, which lists every quota with its source).
import { QUOTA_PAGES, QUOTAS, type Quota } from "../../components/config/quotas";
import type { Registration } from "./capture";
import { containsUnknown, plain, ruleResourceOf, type ProviderRuleViolation, type RuleResource } from "./provider-rules";

/** ECS "Task definition size": 64 KiB, not adjustable. */
export const TASK_DEFINITION_MAX_BYTES = 64 * 1024;
/** CloudWatch dashboards: 500 widgets, 500 metrics per widget, 2,500 metrics per dashboard; not adjustable. */
export const DASHBOARD_LIMITS = { widgets: 500, metricsPerWidget: 500, metrics: 2500 } as const;

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";


/** Plain data for JSON: secrets as their value (sizes only; never shown). */
function unwrap(value: unknown): unknown {
    const v = plain(value);
    if (Array.isArray(v)) {
        return v.map(unwrap);
    }
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
    }
    return v;
}

function parseJson(text: unknown): unknown {
    if (typeof text !== "string") {
        return undefined;
    }
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined; // provider rules report text that is not JSON
    }
}

/**
 * The size ECS judges, as near as it can be told: the task definition as
 * RegisterTaskDefinition receives it (container definitions as JSON, not a
 * string in a string), tags left out (they have their own quota), in UTF-8
 * bytes. Undefined while any of it is unknown.
 */
export function taskDefinitionBytes(inputs: Readonly<Record<string, unknown>>): number | undefined {
    if (containsUnknown(inputs)) {
        return undefined;
    }
    const { tags: _tags, tagsAll: _all, containerDefinitions, ...rest } = unwrap(inputs) as Record<string, unknown>;
    const containers = parseJson(containerDefinitions);
    if (containers === undefined) {
        return undefined;
    }
    return Buffer.byteLength(JSON.stringify({ ...rest, containerDefinitions: containers }), "utf8");
}

/** Widgets and metric counts of a dashboard body, or undefined when it is unknown or not a body. */
export function dashboardCounts(body: unknown): { widgets: number; metricsPerWidget: number[] } | undefined {
    const parsed = parseJson(plain(body));
    const widgets = (parsed as { widgets?: unknown } | undefined)?.widgets;
    if (!Array.isArray(widgets)) {
        return undefined;
    }
    return {
        widgets: widgets.length,
        metricsPerWidget: widgets.map((w) => {
            const metrics = (w as { properties?: { metrics?: unknown } } | null)?.properties?.metrics;
            return Array.isArray(metrics) ? metrics.length : 0;
        }),
    };
}

function quota(id: string): Quota {
    const q = QUOTAS.find((x) => x.id === id);
    if (q === undefined) {
        throw new Error(`no quota ${id} in QUOTAS`);
    }
    return q;
}

/** The hard limits the plan checks, each with the QUOTAS entry it enforces. */
export const PLAN_QUOTA_RULES = [
    { id: "ecs-task-definition-size", quota: quota("ecs-task-definition-size"), source: `Amazon ECS service quotas, 'Task definition size' 64 KiB, not adjustable (${QUOTA_PAGES.ecs.url})` },
    { id: "cloudwatch-dashboard-widgets", quota: quota("cloudwatch-dashboard-widgets"), source: `CloudWatch service quotas, dashboards: up to ${DASHBOARD_LIMITS.widgets} widgets, not adjustable (${QUOTA_PAGES.cloudwatch.url})` },
    { id: "cloudwatch-dashboard-metrics", quota: quota("cloudwatch-dashboard-metrics"), source: `CloudWatch service quotas, dashboards: up to ${DASHBOARD_LIMITS.metricsPerWidget} metrics per widget and ${DASHBOARD_LIMITS.metrics} per dashboard, not adjustable (${QUOTA_PAGES.cloudwatch.url})` },
] as const;

type RuleId = typeof PLAN_QUOTA_RULES[number]["id"];

function violation(rule: RuleId, r: RuleResource, property: string, value: string, limit: string): ProviderRuleViolation {
    const source = PLAN_QUOTA_RULES.find((x) => x.id === rule)!.source;
    return { rule, urn: r.urn, type: r.type, name: r.name, property, value, limit, source };
}

/** Every hard limit the registered resources break, in registration order. */
export function checkQuotaResources(resources: readonly RuleResource[]): ProviderRuleViolation[] {
    const violations: ProviderRuleViolation[] = [];
    for (const r of resources) {
        if (r.type === TASK_DEFINITION) {
            const bytes = taskDefinitionBytes(r.inputs);
            if (bytes !== undefined && bytes > TASK_DEFINITION_MAX_BYTES) {
                violations.push(violation("ecs-task-definition-size", r, "containerDefinitions (the whole task definition)", `${bytes} bytes`,
                    `at most ${TASK_DEFINITION_MAX_BYTES} bytes (64 KiB); move large values out of fargate.environment (into secrets, which the task definition holds as references)`));
            }
        }
        if (r.type === DASHBOARD) {
            const counts = dashboardCounts(r.inputs.dashboardBody);
            if (counts === undefined) {
                continue;
            }
            if (counts.widgets > DASHBOARD_LIMITS.widgets) {
                violations.push(violation("cloudwatch-dashboard-widgets", r, "dashboardBody.widgets", `${counts.widgets} widgets`,
                    `at most ${DASHBOARD_LIMITS.widgets} widgets (the dashboard has 2 or 3 per hostname and 7 per Fargate service): move services to another stack`));
            }
            const widest = Math.max(0, ...counts.metricsPerWidget);
            if (widest > DASHBOARD_LIMITS.metricsPerWidget) {
                const i = counts.metricsPerWidget.indexOf(widest);
                violations.push(violation("cloudwatch-dashboard-metrics", r, `dashboardBody.widgets[${i}].properties.metrics`, `${widest} metrics`, `at most ${DASHBOARD_LIMITS.metricsPerWidget} metrics per widget`));
            }
            const total = counts.metricsPerWidget.reduce((a, b) => a + b, 0);
            if (total > DASHBOARD_LIMITS.metrics) {
                violations.push(violation("cloudwatch-dashboard-metrics", r, "dashboardBody.widgets[].properties.metrics", `${total} metrics`,
                    `at most ${DASHBOARD_LIMITS.metrics} metrics per dashboard: move services to another stack`));
            }
        }
    }
    return violations;
}

/** The plan's quota checks on what a program registered (wired beside checkRegistrations). */
export function checkQuotas(registrations: readonly Registration[]): ProviderRuleViolation[] {
    return checkQuotaResources(registrations.filter((r) => r.custom && (r.type === TASK_DEFINITION || r.type === DASHBOARD)).map(ruleResourceOf));
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function where(q: Quota): string {
    switch (q.check.by) {
        case "config":
            return q.check.key === undefined ? "config" : `config (\`platform.quotas.${q.check.key}\`)`;
        case "plan":
            return `plan (\`${q.check.rule}\`)`;
        case "provider rule":
            return `plan, provider rule \`${q.check.rule}\`${q.check.note === undefined ? "" : `; ${q.check.note}`}`;
        case "unreachable":
            return `not reachable: ${q.check.why}`;
    }
}

/** docs/limits.md's table of every quota (tests/quotas-plan.test.ts keeps the file equal to it). */
export function quotasMarkdownTable(quotas: readonly Quota[] = QUOTAS): string {
    const sources = (q: Quota) => q.source.map((page) => `[${QUOTA_PAGES[page].label}](${QUOTA_PAGES[page].url})`).join("; ");
    return [
        "| quota | resource types | default | adjustable (max) | checked | source |",
        "|---|---|---|---|---|---|",
        ...quotas.map((q) => `| ${cell(q.name)} | ${q.types.map((t) => `\`${t}\``).join("<br>")} | ${cell(q.defaultValue ?? "none published")} | ${q.adjustable ? `yes (${q.max === "-" || q.max === undefined ? "no documented maximum" : cell(q.max)})` : "no"} | ${cell(where(q))} | ${cell(sources(q))} |`),
    ].join("\n");
}
