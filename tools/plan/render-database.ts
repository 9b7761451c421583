// The plan's Database section: per database moving to RDS, its phase, source,
// target, the replication state to expect, what the next phase changes and
// requires, and that phase's commands (from the program's `databases` stack
// output, components/aws/database.ts), as text, Markdown and JSON.
import type { DatabaseSummary } from "../../components/aws/database";
import type { Plan } from "./plan";

/** The `databases` stack output of a plan. */
export function databasesOf(outputs: Record<string, unknown> | undefined): DatabaseSummary[] {
    const databases = outputs?.databases;
    return Array.isArray(databases) ? databases as DatabaseSummary[] : [];
}

function targetText(d: DatabaseSummary): string {
    const engine = d.aurora ? `Aurora ${d.engine} ${d.version}` : `RDS ${d.engine} ${d.version}`;
    return `${engine} ${d.target.identifier} (${d.target.instanceClass}${d.target.multiAz ? ", Multi-AZ" : ""}${d.target.storageGb === null ? "" : `, ${d.target.storageGb} GiB`})`;
}

/** The workloads that read it, a kind other than web named (a plan saved before workers read databases lists names only). */
function readersText(d: DatabaseSummary): string {
    const readers = d.readers ?? d.services.map((name) => ({ name, kind: "web" }));
    return readers.length === 0 ? "-" : readers.map((r) => (r.kind === "web" ? r.name : `${r.name} (${r.kind})`)).join(", ");
}

/** Rows: header, then one per database. */
export function databaseTable(databases: readonly DatabaseSummary[]): string[][] {
    return [
        ["Database", "Phase", "Source", "Target", "Replication", "Services", "Next phase", "It changes", "It requires"],
        ...databases.map((d) => [
            d.name,
            d.phase,
            `DigitalOcean ${d.source.clusterId} (${d.source.address}:${d.source.port})`,
            targetText(d),
            d.replication === null ? d.expect : `${d.replication.task} on ${d.replication.instanceClass}: ${d.expect}`,
            readersText(d),
            d.next === null ? "-" : d.next.phase === d.phase ? `${d.phase} (start)` : d.next.phase,
            d.next === null ? "-" : d.next.changes,
            d.next === null ? "-" : d.next.requires.join("; "),
        ]),
    ];
}

function pad(text: string, width: number): string {
    return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** The Database section for a terminal; nothing when no database moves. */
export function databaseTextLines(plan: Pick<Plan, "outputs">): string[] {
    const databases = databasesOf(plan.outputs);
    if (databases.length === 0) {
        return [];
    }
    const lines = ["", "Databases (moving to RDS; docs/runbook.md, phase 6):"];
    // Wide cells go on their own lines: the table keeps the short ones.
    const table = databaseTable(databases).map((row) => row.slice(0, 6));
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    lines.push(...table.map((row) => `    ${row.map((cell, c) => pad(cell, widths[c])).join("  ").trimEnd()}`));
    for (const d of databases) {
        if (d.next === null) {
            continue;
        }
        lines.push("", `    ${d.name}: next ${d.next.phase === d.phase ? `step of ${d.phase}` : `phase ${d.next.phase}`}: ${d.next.changes}.`);
        lines.push(`      requires: ${d.next.requires.join("; ")}.`);
        lines.push("      commands:", ...d.next.commands.map((c) => `        ${c}`));
    }
    return lines;
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The Database section of a pull-request comment. */
export function databaseMarkdown(plan: Pick<Plan, "outputs">): string[] {
    const databases = databasesOf(plan.outputs);
    if (databases.length === 0) {
        return [];
    }
    const table = databaseTable(databases);
    const lines = ["#### Databases", "", `| ${table[0].join(" | ")} |`, `|${table[0].map(() => "---").join("|")}|`];
    lines.push(...table.slice(1).map((row) => `| ${row.map(escapeCell).join(" | ")} |`), "");
    for (const d of databases.filter((x) => x.next !== null)) {
        lines.push(`<details><summary>${d.name}: commands of the next ${d.next!.phase === d.phase ? "step" : `phase (${d.next!.phase})`}</summary>`, "", "```sh", ...d.next!.commands, "```", "", "</details>", "");
    }
    return lines;
}

/** The Database section of the JSON plan. */
export function databaseJson(plan: Pick<Plan, "outputs">): { databases?: DatabaseSummary[] } {
    const databases = databasesOf(plan.outputs);
    return databases.length === 0 ? {} : { databases };
}
