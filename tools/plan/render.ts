// How a plan is shown: a preview-like tree, the traffic table and the policy
// results for people; JSON for bots; Markdown for pull requests; a stack
// export (deployment v3) for `pulumi policy analyze --file`.
import { fromWire, isSecretValue, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "../offline/capture";
import { EnforcementLevel, Plan, PlannedResource, projectPath, REDACTED, TrafficRow, Violation } from "./plan";
import { baseLabel, costTextLines, diffTextLines, reviewJson, reviewMarkdown, trafficChangeTextLines } from "./render-review";
import { violationKey, type Review } from "./review";
import { changeSafetyJson, changeSafetyMarkdown, changeSafetyResult, changeSafetyTextLines } from "./render-change";
import { databaseJson, databaseMarkdown, databaseTextLines } from "./render-database";
import { notificationsMarkdown, notificationsReport, notificationsTextLines } from "./render-notifications";
import { fleetJson, fleetMarkdown, fleetOf, fleetTextLines } from "./render-fleet";

const MARK: Record<string, string> = { create: "+", import: "=" };

interface TreeNode {
    readonly resource: PlannedResource;
    readonly children: TreeNode[];
}

function buildTree(resources: readonly PlannedResource[]): TreeNode[] {
    const nodes = new Map(resources.map((r) => [r.urn, { resource: r, children: [] as TreeNode[] }]));
    const roots: TreeNode[] = [];
    for (const node of nodes.values()) {
        const parent = node.resource.parent ? nodes.get(node.resource.parent) : undefined;
        (parent ? parent.children : roots).push(node);
    }
    return roots;
}

function pad(text: string, width: number): string {
    return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** Rows of the preview tree: [mark, indented type, name, operation]. */
function treeRows(plan: Plan): [string, string, string, string][] {
    const rows: [string, string, string, string][] = [];
    const walk = (node: TreeNode, prefix: string, isLast: boolean, depth: number) => {
        const branch = depth === 0 ? "" : `${prefix}${isLast ? "└─ " : "├─ "}`;
        const r = node.resource;
        rows.push([MARK[r.operation], branch + r.type, r.name, r.operation]);
        const childPrefix = depth === 0 ? "" : prefix + (isLast ? "   " : "│  ");
        node.children.forEach((child, i) => walk(child, childPrefix, i === node.children.length - 1, depth + 1));
    };
    for (const root of buildTree(plan.resources)) {
        walk(root, "", true, 0);
    }
    return rows;
}

export function summaryCounts(plan: Plan): { create: number; import: number; total: number } {
    const create = plan.resources.filter((r) => r.operation === "create").length;
    const imported = plan.resources.filter((r) => r.operation === "import").length;
    return { create, import: imported, total: create + imported };
}

function levelOrder(level: EnforcementLevel): number {
    return { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 }[level];
}

function groupedViolations(plan: Plan): [EnforcementLevel, Violation[]][] {
    const groups = new Map<EnforcementLevel, Violation[]>();
    for (const v of [...plan.violations].sort((a, b) => levelOrder(a.level) - levelOrder(b.level) || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn))) {
        groups.set(v.level, [...(groups.get(v.level) ?? []), v]);
    }
    return [...groups.entries()];
}

function resourceLabel(plan: Plan, urn: string): string {
    const r = plan.resources.find((x) => x.urn === urn);
    return r ? `${r.name}: ${r.type}` : urn ? urn : "stack";
}

function seconds(value: number | null): string {
    return value === null ? "-" : `${value}s`;
}

const PHASES: Record<TrafficRow["phase"], string> = { "cutover-pending": "cut-over pending", importing: "importing", weighted: "weighted" };

function trafficTable(rows: readonly TrafficRow[]): string[][] {
    return [
        ["Service", "Hostname", "DNS", "Legacy", "Fargate", "Canary (of Fargate)", "Standby at 0%", "Leave failing legacy", "Leave failing Fargate", "Next step", "Previous step"],
        ...rows.map((t) => [
            t.service, t.hostname, PHASES[t.phase], `${t.legacyPercent}%`, `${t.fargatePercent}%`, `${t.canaryPercent}%`,
            t.standby.length === 0 ? "-" : t.standby.join(", "),
            seconds(t.failoverSeconds.legacy), seconds(t.failoverSeconds.fargate),
            t.nextStep === null ? "-" : `${t.nextStep}%`, t.previousStep === null ? "-" : `${t.previousStep}%`,
        ]),
    ];
}

function columns(table: string[][]): string[] {
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    return table.map((row) => row.map((cell, c) => pad(cell, widths[c])).join("  ").trimEnd());
}

/** Marks a finding the base plan did not have (under --against). */
function isNew(review: Review | undefined, v: Violation): boolean {
    return review?.against !== undefined && review.newViolations.has(violationKey(v));
}

/** The plan for a terminal or a log, like `pulumi preview` (`pulumi preview --diff` under --against). */
export function renderText(plan: Plan, review?: Review, options: { readonly columns?: number } = {}): string {
    const lines: string[] = [];
    lines.push(`Offline plan of stack ${plan.stack} (project ${plan.project}, environment ${plan.environment}): the real program under mock providers; nothing was deployed.`);
    if (plan.preview) {
        lines.push("Preview mode: values the providers compute (ids, ARNs, IPs, DNS names) are [unknown], as in `pulumi preview` of a new stack.");
    }
    lines.push("");
    if (review?.against !== undefined) {
        lines.push(...diffTextLines(review));
    } else {
        lines.push(...treeLines(plan, options.columns ?? DEFAULT_COLUMNS));
    }
    lines.push("");
    lines.push("Traffic:");
    if (plan.traffic.length === 0) {
        lines.push("    (no services)");
    } else {
        lines.push(...columns(trafficTable(plan.traffic)).map((l) => `    ${l}`));
    }
    const next = nextStepLines(plan);
    if (next.length > 0) {
        lines.push("", `Next steps (one per change, then \`npm run up -- --stack ${plan.stack}\`):`, ...next.map((l) => `    ${l}`));
    }
    const pending = plan.traffic.filter((t) => t.phase === "cutover-pending").map((t) => t.hostname);
    if (pending.length > 0) {
        lines.push("");
        lines.push(`Cut-over pending for ${pending.join(", ")}: the plain records keep answering. After \`pulumi up\`, \`npm run cutover -- --stack ${plan.stack}\` writes each hostname's Route 53 change batch and prints the command that applies it (docs/runbook.md, phase 2).`);
    }
    lines.push(...fleetTextLines(fleetOf(plan.outputs), new Date(), review?.fleetBefore));
    lines.push(...databaseTextLines(plan));
    if (plan.warnings.length > 0) {
        lines.push("");
        lines.push("Warnings:");
        lines.push(...plan.warnings.map((w) => `    ${w}`));
    }
    lines.push(...notificationsTextLines(plan));
    if (review !== undefined) {
        lines.push(...trafficChangeTextLines(review), ...costTextLines(review));
    }
    if (plan.changeSafety !== undefined) {
        lines.push(...changeSafetyTextLines(plan.changeSafety));
    }
    lines.push(...policyLines(plan, review));
    return lines.join("\n") + "\n";
}

/** Per hostname, each command the program offers (advance, roll back, all to legacy), as shell lines with a comment. */
export function nextStepLines(plan: Plan): string[] {
    const lines: string[] = [];
    for (const t of plan.traffic) {
        const steps: [string, string | null][] = [
            [`advance to ${t.nextStep}%`, t.commands.advance],
            [`roll back to ${t.previousStep}%`, t.commands.rollBack],
            ["everything back to the Droplets (0%)", t.commands.allToLegacy],
        ];
        for (const [what, command] of steps) {
            if (command !== null && !(what.startsWith("roll back") && t.previousStep === 0 && t.commands.allToLegacy !== null)) {
                lines.push(`# ${t.hostname}: ${what}`, command);
            }
        }
    }
    return lines;
}

/** Columns the text is fitted to when stdout is not a terminal (a log, a pipe, CI): wide enough for the tables, narrow enough for a review. */
export const DEFAULT_COLUMNS = 120;

/** `text` in at most `width` characters: its start and end kept, the middle replaced by "…". */
export function shortenMiddle(text: string, width: number): string {
    if (text.length <= width) {
        return text;
    }
    if (width <= 1) {
        return "…".slice(0, width);
    }
    const head = Math.ceil((width - 1) / 2);
    return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/**
 * The widths of the type and name columns so a tree row fits `columns`:
 * as wide as their longest cell when that fits; otherwise the room is
 * shared, the type column keeping at least 40 % (its tree branches and the
 * provider's token start it) and the name the rest.
 */
export function treeColumnWidths(typeWidth: number, nameWidth: number, columns: number): { type: number; name: number } {
    const fixed = 5 + 2 + 2 + "create".length;
    const room = Math.max(20, columns - fixed);
    if (typeWidth + nameWidth <= room) {
        return { type: typeWidth, name: nameWidth };
    }
    const type = Math.min(typeWidth, Math.max(Math.ceil(room * 0.4), room - nameWidth));
    return { type, name: Math.min(nameWidth, room - type) };
}

function treeLines(plan: Plan, columns: number): string[] {
    const lines: string[] = [];
    const rows = treeRows(plan);
    const widths = treeColumnWidths(Math.max(4, ...rows.map((r) => r[1].length)), Math.max(4, ...rows.map((r) => r[2].length)), columns);
    lines.push(`     ${pad("Type", widths.type)}  ${pad("Name", widths.name)}  Plan`);
    for (const [mark, type, name, op] of rows) {
        lines.push(` ${mark}   ${pad(shortenMiddle(type, widths.type), widths.type)}  ${pad(shortenMiddle(name, widths.name), widths.name)}  ${op}`);
    }
    const counts = summaryCounts(plan);
    lines.push("");
    lines.push("Resources:");
    lines.push(`    + ${counts.create} to create`);
    if (counts.import > 0) {
        lines.push(`    = ${counts.import} to import`);
    }
    lines.push(`    ${counts.total} changes`);
    return lines;
}

function policyLines(plan: Plan, review: Review | undefined): string[] {
    const lines: string[] = [];
    lines.push("");
    lines.push(`Policies (${plan.policies.length} rules, config ${projectPath(plan.policyConfigFile, plan.root)}):`);
    if (plan.policyConfigNotes.length > 0) {
        lines.push("    policy config entries that belong to no resource of this stack:");
        lines.push(...plan.policyConfigNotes.map((n) => `      - ${n}`));
    }
    if (plan.violations.length === 0) {
        lines.push("    no violations");
    }
    for (const [level, violations] of groupedViolations(plan)) {
        lines.push(`    ${level} (${violations.length}):`);
        for (const v of violations) {
            lines.push(`      [${v.level}]  ${v.policy}  (${resourceLabel(plan, v.urn)})${isNew(review, v) ? "  [new in this change]" : ""}`);
            for (const line of v.message.split("\n")) {
                lines.push(`          ${line}`);
            }
        }
    }
    const mandatory = plan.violations.filter((v) => v.level === "mandatory" || v.level === "remediate").length;
    const change = changeSafetyResult(plan.changeSafety);
    lines.push("");
    lines.push(mandatory > 0
        ? `Result: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}: \`pulumi up\` would be blocked.${change === undefined ? "" : ` And ${change}.`}`
        : change !== undefined ? `Result: ${change}.` : "Result: no mandatory policy violations.");
    return lines;
}

/** The whole plan for bots; the review adds cost and diagrams, and under --against the diff. */
export function renderJson(plan: Plan, review?: Review): string {
    return JSON.stringify({
        stack: plan.stack,
        project: plan.project,
        environment: plan.environment,
        preview: plan.preview,
        summary: summaryCounts(plan),
        resources: plan.resources.map((r) => ({
            urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? null, operation: r.operation, inputs: r.inputs, outputs: r.outputs,
            propertyDependencies: r.propertyDependencies, options: r.options,
        })),
        outputs: plan.outputs,
        traffic: plan.traffic,
        ...databaseJson(plan),
        policies: plan.policies,
        violations: plan.violations.map((v) => ({ policy: v.policy, level: v.level, urn: v.urn, message: v.message, ...(review?.against ? { new: isNew(review, v) } : {}) })),
        warnings: plan.warnings,
        accountValues: plan.accountValues,
        legacyDatabases: plan.legacyDatabases,
        policyConfigNotes: plan.policyConfigNotes,
        notifications: notificationsReport(plan) ?? null,
        ...fleetJson(fleetOf(plan.outputs), new Date(), review?.fleetBefore),
        ...(plan.changeSafety === undefined ? {} : { changeSafety: changeSafetyJson(plan.changeSafety) }),
        ...(review === undefined ? {} : reviewJson(review)),
    }, null, 2) + "\n";
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A pull-request comment: under --against the diff, traffic before → after, diagrams, cost and policy results. */
export function renderMarkdown(plan: Plan, review?: Review): string {
    const counts = summaryCounts(plan);
    const mandatory = plan.violations.filter((v) => v.level === "mandatory" || v.level === "remediate");
    const lines: string[] = [];
    const unsafeChange = changeSafetyResult(plan.changeSafety) !== undefined;
    lines.push(`### Offline plan: \`${plan.stack}\` ${mandatory.length > 0 || unsafeChange ? "❌" : "✅"}`);
    lines.push("");
    const findings = `Policy pack: ${mandatory.length} mandatory, ${plan.violations.length - mandatory.length} advisory finding${plan.violations.length - mandatory.length === 1 ? "" : "s"}.`;
    if (review?.against !== undefined) {
        const s = review.against.diff.summary;
        const changed = [[s.create, "to create"], [s.import, "to import"], [s.update, "to update"], [s.replace, "to replace"], [s.delete, "to delete"]]
            .filter(([n]) => n as number > 0).map(([n, what]) => `${n} ${what}`);
        lines.push(`Against \`${baseLabel(review)}\`: ${changed.length > 0 ? changed.join(", ") : "no changes"}, ${s.same} unchanged (${plan.resources.length} resources). ${findings}`);
    } else {
        lines.push(`${counts.create} to create${counts.import > 0 ? `, ${counts.import} to import` : ""} (${counts.total} resources). ${findings}`);
    }
    lines.push("");
    const sections = review === undefined ? undefined : reviewMarkdown(review);
    lines.push(...sections?.changes ?? [], ...sections?.traffic ?? []);
    lines.push(review?.against !== undefined ? "#### Traffic now" : "#### Traffic");
    lines.push("");
    const table = trafficTable(plan.traffic);
    lines.push(`| ${table[0].join(" | ")} |`);
    lines.push(`|${table[0].map(() => "---").join("|")}|`);
    for (const row of table.slice(1)) {
        lines.push(`| ${row.map(escapeCell).join(" | ")} |`);
    }
    lines.push("");
    const next = nextStepLines(plan);
    if (next.length > 0) {
        lines.push("#### Next steps", "", `One per change, then \`npm run up -- --stack ${plan.stack}\`:`, "", "```sh", ...next, "```", "");
    }
    lines.push(...databaseMarkdown(plan));
    lines.push(...notificationsMarkdown(plan));
    lines.push(...fleetMarkdown(fleetOf(plan.outputs), new Date(), review?.fleetBefore));
    lines.push(...sections?.diagrams ?? [], ...sections?.cost ?? []);
    if (plan.changeSafety !== undefined) {
        lines.push(...changeSafetyMarkdown(plan.changeSafety));
    }
    lines.push("#### Policy results");
    lines.push("");
    if (plan.violations.length === 0) {
        lines.push("No violations.");
    } else {
        lines.push("| Level | Policy | Resource | Message |");
        lines.push("|---|---|---|---|");
        for (const [, violations] of groupedViolations(plan)) {
            for (const v of violations) {
                lines.push(`| ${v.level}${isNew(review, v) ? " (new)" : ""} | \`${v.policy}\` | ${escapeCell(resourceLabel(plan, v.urn))} | ${escapeCell(v.message)} |`);
            }
        }
    }
    lines.push("");
    // Under --against the diff lists what changes; the whole tree is in the --json file.
    if (review?.against === undefined) {
        lines.push("<details><summary>Resources</summary>");
        lines.push("");
        lines.push("```");
        const rows = treeRows(plan);
        const typeWidth = Math.max(...rows.map((r) => r[1].length));
        for (const [mark, type, name] of rows) {
            lines.push(`${mark} ${pad(type, typeWidth)}  ${name}`);
        }
        lines.push("```");
        lines.push("");
        lines.push("</details>");
        lines.push("");
    }
    const command = `npm run plan -- --stack ${plan.stack}${review?.against !== undefined ? ` --against ${review.against.given}` : ""}`;
    lines.push(`<sub>Generated by \`${command}\`: the real program under mock providers and the real policy pack; cloud values (ids, ARNs, IPs) are placeholders.</sub>`);
    return lines.join("\n") + "\n";
}

/** Wire values to state values: secrets stay marked but hold only the redaction marker. */
function toStateValue(value: unknown): unknown {
    if (isSecretValue(value)) {
        return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(REDACTED) };
    }
    if (value === UNKNOWN_VALUE) {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map(toStateValue);
    }
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] !== undefined) {
            return fromWire(record);
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, toStateValue(v)]));
    }
    return value;
}

/** The plan as `pulumi stack export` would write it (deployment v3), for `pulumi policy analyze --file`. */
export function renderState(plan: Plan, now: Date = new Date()): string {
    const resources = plan.run.registrations.map((r) => {
        const state: Record<string, unknown> = {
            urn: r.urn,
            custom: r.custom,
            type: r.type,
            inputs: toStateValue(r.inputs),
            outputs: toStateValue(r.outputs),
        };
        if (r.custom && r.id) {
            state.id = r.id;
        }
        if (r.parent) {
            state.parent = r.parent;
        }
        if (r.options.protect) {
            state.protect = true;
        }
        if (r.options.retainOnDelete) {
            state.retainOnDelete = true;
        }
        if (r.options.importId) {
            state.importID = r.options.importId;
        }
        if (r.options.dependsOn.length > 0) {
            state.dependencies = r.options.dependsOn;
        }
        if (Object.keys(r.propertyDependencies).length > 0) {
            state.propertyDependencies = r.propertyDependencies;
        }
        if (r.options.ignoreChanges.length > 0) {
            state.ignoreChanges = r.options.ignoreChanges;
        }
        if (r.options.additionalSecretOutputs.length > 0) {
            state.additionalSecretOutputs = r.options.additionalSecretOutputs;
        }
        return state;
    });
    return JSON.stringify({
        version: 3,
        deployment: {
            manifest: { time: now.toISOString(), magic: "", version: "offline-plan" },
            resources,
        },
    }, null, 2) + "\n";
}
