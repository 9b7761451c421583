// How the change-safety analysis (change-safety.ts) is shown: text, Markdown, JSON.
import type { ChangeFinding, ChangeSafety } from "./change-safety";

function unsafe(cs: ChangeSafety): readonly ChangeFinding[] {
    return cs.findings.filter((f) => f.level === "unsafe");
}

export function changeSafetySummary(cs: ChangeSafety): string {
    const n = unsafe(cs).length;
    const pre = cs.findings.length - n;
    return `${cs.steps} step${cs.steps === 1 ? "" : "s"} against ${cs.against}: ${n === 0 ? "every step keeps serving" : `${n} unsafe`}${pre > 0 ? `, ${pre} precondition${pre === 1 ? "" : "s"} to check` : ""}`;
}

export function changeSafetyTextLines(cs: ChangeSafety): string[] {
    const lines = ["", `Change safety (${changeSafetySummary(cs)}; docs/change-safety.md):`];
    if (cs.findings.length === 0) {
        lines.push("    no unsafe step");
        return lines;
    }
    for (const f of cs.findings) {
        lines.push(`    [${f.level}]  ${f.rule}  (${f.subject})`);
        lines.push(`          when: ${f.when}`);
        lines.push(`          breaks: ${f.breaks}`);
        lines.push("          safe sequence:");
        lines.push(...f.safeSequence.map((s) => `            ${s}`));
    }
    return lines;
}

export function changeSafetyMarkdown(cs: ChangeSafety): string[] {
    const lines = ["#### Change safety", "", `${changeSafetySummary(cs)} ([how it is judged](docs/change-safety.md)).`, ""];
    for (const f of cs.findings) {
        lines.push(`- **${f.level === "unsafe" ? "❌ unsafe" : "⚠️ precondition"}: ${f.rule}** (${f.subject}): ${f.breaks}, ${f.when}.`);
        lines.push(...f.safeSequence.map((s) => `  ${/^\d+\./.test(s) || s.startsWith("-") ? s : `- ${s}`}`));
    }
    if (cs.findings.length > 0) {
        lines.push("");
    }
    return lines;
}

export function changeSafetyJson(cs: ChangeSafety): Record<string, unknown> {
    return { against: cs.against, steps: cs.steps, findings: cs.findings };
}

/** The result line's part for the change: undefined when nothing is unsafe. */
export function changeSafetyResult(cs: ChangeSafety | undefined): string | undefined {
    const n = cs === undefined ? 0 : unsafe(cs).length;
    return n === 0 ? undefined : `${n} unsafe step${n === 1 ? "" : "s"} in the change: \`pulumi up\` would drop requests or fail (see Change safety)`;
}
