// How the review (review.ts) is shown: text for a terminal or log, Markdown
// for the pull-request comment, and its part of the JSON.
import { round, type CostEstimate, type CostRow } from "./cost";
import { renderAccountNotes, renderDiffLines, renderDiffSummary, type PlanDiff } from "./diff";
import type { Review } from "./review";
import { beforeAfter, type TrafficChange } from "./traffic-diff";

function usd(value: number): string {
    const text = round(Math.abs(value)).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return `${value < -0.004 ? "-" : ""}$${text}`;
}

function signed(value: number): string {
    return Math.abs(value) < 0.005 ? "$0.00" : `${value > 0 ? "+" : "-"}${usd(Math.abs(value))}`;
}

export function baseLabel(review: Review): string {
    const a = review.against!;
    return a.kind === "ref" ? `${a.given} (${a.commit!.slice(0, 12)})` : a.given;
}

// ---------------------------------------------------------------------------
// Tables, shared by text and Markdown.

export function trafficChangeTable(changes: readonly TrafficChange[]): string[][] {
    return [
        ["Hostname", "Legacy", "Fargate", "Canary (of Fargate)", "Step", "Revert"],
        ...changes.map((c) => [
            c.hostname + (c.status === "new" ? " (new)" : c.status === "removed" ? " (removed)" : ""),
            beforeAfter(c.before?.legacyPercent, c.after?.legacyPercent),
            beforeAfter(c.before?.fargatePercent, c.after?.fargatePercent),
            beforeAfter(c.before?.canaryPercent, c.after?.canaryPercent),
            c.step + (c.skipped.length > 0 ? `; skips ${c.skipped.map((s) => `${s}%`).join(", ")}` : ""),
            c.revert ?? (c.status === "new" ? "new hostname: revert the change" : "-"),
        ]),
    ];
}

function costRowCells(row: CostRow): string[] {
    return [row.service, usd(row.legacy), usd(row.aws), usd(row.awsAtMax), usd(row.total), usd(row.totalAtMax)];
}

export function costTable(cost: CostEstimate): string[][] {
    const all = (service: string) => cost.allFargate.rows.find((r) => r.service === service);
    return [
        ["Service", "Legacy", "AWS", "AWS, tasks at max", "Total", "Total, tasks at max", "At 100% Fargate", "At 100% Fargate, tasks at max"],
        ...cost.current.rows.map((row) => [...costRowCells(row), usd(all(row.service)?.total ?? 0), usd(all(row.service)?.totalAtMax ?? 0)]),
    ];
}

export function costChangeTable(review: Review): string[][] {
    return [
        ["Service", "Before", "After", "Change", "Before, tasks at max", "After, tasks at max"],
        ...review.against!.costChange.map((r) => [r.service, usd(r.before), usd(r.after), signed(r.change), usd(r.beforeAtMax), usd(r.afterAtMax)]),
    ];
}

export function assumptionsLine(cost: CostEstimate): string {
    const a = cost.assumptions;
    const overrides = Object.entries(a.services).map(([s, u]) => `${s}: ${Object.entries(u).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    return `Assumptions (stack config migration:costAssumptions overrides them): hoursPerMonth ${a.hoursPerMonth}, requestsPerSecond ${a.requestsPerSecond} per hostname, ` +
        `kbPerRequest ${a.kbPerRequest}, requestsPerConnection ${a.requestsPerConnection}, logGbPerMonth ${a.logGbPerMonth} per service at 100% Fargate, ` +
        `natGbPerTaskMonth ${a.natGbPerTaskMonth}, releaseRunsPerMonth ${a.releaseRunsPerMonth}, releaseRunMinutes ${a.releaseRunMinutes}, databaseGbPerMonth ${a.databaseGbPerMonth} per DigitalOcean database at 100% Fargate${overrides.length > 0 ? `; ${overrides.join("; ")}` : ""}.`;
}

export function pricesLine(cost: CostEstimate): string {
    return `Prices: ${cost.prices.map((p) => `${p.provider} ${p.region === "all" ? "all regions" : p.region} table ${p.version}`).join(", ")} (tools/plan/prices.ts: each price with its source and read date). ` +
        `Not included: ${cost.notIncluded.join("; ")}.`;
}

// ---------------------------------------------------------------------------

function columns(table: readonly string[][]): string[] {
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    return table.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
}

/** Why a diff against HEAD is empty, and what was probably meant; undefined when that is not the case. */
export function headHint(review: Review): string | undefined {
    const a = review.against;
    if (a?.kind !== "ref" || a.isHead !== true || !noChanges(a.diff)) {
        return undefined;
    }
    return `${a.given} is the commit this working tree is based on, so against it the plan shows only uncommitted changes, and there are none. ` +
        "To review the last commit, plan against the one before it (--against HEAD~1); to review a branch, against the branch it merges into (--against main).";
}

function noChanges(diff: PlanDiff): boolean {
    return diff.resources.every((r) => r.op === "same") && diff.accountNotes.length === 0;
}

/** The changes section of the text output (replaces the resource tree under --against). */
export function diffTextLines(review: Review): string[] {
    const a = review.against!;
    const lines = [`Changes against ${baseLabel(review)}${a.note ? ` (${a.note})` : ""}:`];
    const diff = renderDiffLines(a.diff);
    const hint = headHint(review);
    lines.push(...(diff.length > 0 ? diff.map((l) => `  ${l}`) : [`    no changes${hint === undefined ? "" : `: ${hint}`}`]));
    if (a.diff.accountNotes.length > 0) {
        lines.push("", "  Values only the account knows (not changes):", ...renderAccountNotes(a.diff).map((l) => `    ${l}`));
    }
    lines.push("");
    lines.push("Resources:");
    lines.push(...renderDiffSummary(a.diff));
    return lines;
}

export function trafficChangeTextLines(review: Review): string[] {
    if (review.against === undefined) {
        return [];
    }
    return ["", `Traffic against ${baseLabel(review)}:`, ...columns(trafficChangeTable(review.traffic)).map((l) => `    ${l}`)];
}

export function costTextLines(review: Review): string[] {
    const cost = review.cost;
    const lines = ["", "Cost (USD per month, an estimate):", ...columns(costTable(cost)).map((l) => `    ${l}`)];
    if (review.against !== undefined) {
        lines.push("", `    Change against ${baseLabel(review)}, each at its own split:`);
        lines.push(...columns(costChangeTable(review)).map((l) => `    ${l}`));
    }
    for (const u of cost.unpriced) {
        lines.push(`    not priced: ${u}`);
    }
    lines.push(`    ${assumptionsLine(cost)}`);
    lines.push(`    ${pricesLine(cost)}`);
    return lines;
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function markdownTable(table: readonly string[][]): string[] {
    return [
        `| ${table[0].join(" | ")} |`,
        `|${table[0].map(() => "---").join("|")}|`,
        ...table.slice(1).map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
    ];
}

/** The Markdown sections of the review, in the order the comment shows them. */
export function reviewMarkdown(review: Review): { changes: string[]; traffic: string[]; diagrams: string[]; cost: string[] } {
    const changes: string[] = [];
    if (review.against !== undefined) {
        const a = review.against;
        changes.push(`#### Changes against \`${baseLabel(review)}\``, "");
        if (a.note) {
            changes.push(`${a.note}.`, "");
        }
        if (a.diff.secretsNotCompared > 0) {
            changes.push(`${a.diff.secretsNotCompared} secret input${a.diff.secretsNotCompared === 1 ? "" : "s"} not compared: a saved plan holds no secret values.`, "");
        }
        const lines = renderDiffLines(a.diff);
        if (lines.length > 0) {
            changes.push("```diff", ...lines, "```", "");
        }
        const hint = headHint(review);
        if (hint !== undefined) {
            changes.push(`No changes: ${hint}`, "");
        }
        if (a.diff.accountNotes.length > 0) {
            changes.push("Values only the account knows (not changes):", "", "```", ...renderAccountNotes(a.diff), "```", "");
        }
    }
    const traffic = review.against === undefined ? [] : ["#### Traffic before → after", "", ...markdownTable(trafficChangeTable(review.traffic)), "",
        "Each revert command sets the split back in stack config; then run `pulumi up`.", ""];
    const diagrams = ["#### Split", ""];
    for (const d of review.diagrams) {
        diagrams.push(`**${d.hostname}**`, "", "```mermaid", d.mermaid, "```", "");
    }
    const cost = ["#### Cost (USD per month, an estimate)", ""];
    if (review.against !== undefined) {
        cost.push(`Change against \`${baseLabel(review)}\`, each at its own traffic split:`, "", ...markdownTable(costChangeTable(review)), "");
    }
    cost.push(...markdownTable(costTable(review.cost)), "");
    for (const u of review.cost.unpriced) {
        cost.push(`- not priced: ${u}`);
    }
    cost.push(`<sub>${assumptionsLine(review.cost)} ${pricesLine(review.cost)}</sub>`, "");
    return { changes, traffic, diagrams, cost };
}

function costJson(cost: CostEstimate): unknown {
    const money = (row: CostRow) => ({ ...row, legacy: round(row.legacy), aws: round(row.aws), awsAtMax: round(row.awsAtMax), total: round(row.total), totalAtMax: round(row.totalAtMax) });
    return {
        currency: cost.currency,
        prices: cost.prices,
        assumptions: cost.assumptions,
        current: { rows: cost.current.rows.map(money), lines: cost.current.lines.map((l) => ({ ...l, usd: round(l.usd, 4), usdAtMax: round(l.usdAtMax, 4) })) },
        allFargate: { rows: cost.allFargate.rows.map(money) },
        notIncluded: cost.notIncluded,
        unpriced: cost.unpriced,
    };
}

/** The review's part of the --json output. */
export function reviewJson(review: Review): Record<string, unknown> {
    const json: Record<string, unknown> = {
        cost: costJson(review.cost),
        diagrams: review.diagrams,
    };
    if (review.against !== undefined) {
        const a = review.against;
        json.against = {
            kind: a.kind,
            given: a.given,
            commit: a.commit ?? null,
            note: a.note ?? null,
            summary: a.diff.summary,
            hint: headHint(review) ?? null,
            accountNotes: a.diff.accountNotes,
            secretsNotCompared: a.diff.secretsNotCompared,
            resources: a.diff.resources.filter((r) => r.op !== "same"),
            traffic: review.traffic,
            cost: a.costChange.map((r) => ({ service: r.service, before: round(r.before), after: round(r.after), change: round(r.change), beforeAtMax: round(r.beforeAtMax), afterAtMax: round(r.afterAtMax) })),
        };
    }
    return json;
}

