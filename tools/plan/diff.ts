// The difference between a base plan and this one, as `pulumi preview
// --diff` shows it: + create, = import, ~ update (each changed input, old →
// new), +- replace (where a changed input forces it, from force-new.ts),
// - delete. Resources are matched by URN or by an alias the program
// declares; a rename without an alias is a delete and a create, as the
// engine would do. Secret values are never shown: only whether they changed.
// Pure: plans in, diff out.
import type { AccountValue } from "../offline/mocks";
import { replacementOf } from "./force-new";

// ---------------------------------------------------------------------------
// Secret values: compared in memory, never shown.

const secretValues = new WeakMap<SecretValue, { readonly known: boolean; readonly value: unknown }>();

/** A secret input. Prints as [secret]; its value only serves to tell whether it changed. */
export class SecretValue {
    toJSON(): string {
        return "[secret]";
    }

    toString(): string {
        return "[secret]";
    }
}

/** A secret whose value this process knows (a plan run here): compared, never shown. */
export function knownSecret(value: unknown): SecretValue {
    const secret = new SecretValue();
    secretValues.set(secret, { known: true, value });
    return secret;
}

/** A secret redacted before it reached us (a saved plan holds only [secret]): it cannot be compared. */
export function redactedSecret(): SecretValue {
    const secret = new SecretValue();
    secretValues.set(secret, { known: false, value: undefined });
    return secret;
}

/** true or false when both values are known, undefined when a side was redacted before it reached us. */
function secretsEqual(a: SecretValue, b: SecretValue): boolean | undefined {
    const [x, y] = [secretValues.get(a), secretValues.get(b)];
    if (!x?.known || !y?.known) {
        return undefined;
    }
    return deepEqual(x.value, y.value);
}

// ---------------------------------------------------------------------------

/** What a provider computes and a preview cannot know. */
export const UNKNOWN_TEXT = "[unknown]";

export interface DiffResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly custom: boolean;
    readonly importId?: string;
    /** Inputs: secrets as SecretValue, preview-time unknowns as "[unknown]", resource references as URNs. */
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    readonly aliases: readonly string[];
    /** Input name → URNs its value comes from (known for a plan run here; a saved plan lacks them). */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export type ChangeKind = "add" | "delete" | "update" | "computed";
export type ReplaceKind = "replace" | "may-replace" | "update";

export interface PropertyChange {
    /** Input path: `weightedRoutingPolicies[0].weight`; inside a JSON string input, its parsed path. */
    readonly path: string;
    readonly kind: ChangeKind;
    readonly old?: unknown;
    readonly new?: unknown;
    /** A secret on either side: values never shown. */
    readonly secret: boolean;
    /** For kind "computed": the replaced resource whose new outputs the value comes from. */
    readonly from?: string;
    readonly replace: ReplaceKind;
    readonly note?: string;
}

export type Operation = "create" | "import" | "update" | "replace" | "delete" | "same";

export interface ResourceDiff {
    readonly op: Operation;
    /** For "update": a changed input may force a replacement (its type or property is not known to update in place). */
    readonly mayReplace: boolean;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** The base URN when matched through an alias (renamed or moved). */
    readonly oldUrn?: string;
    readonly changes: readonly PropertyChange[];
    /** Changed resource options: protect, retainOnDelete, deleteBeforeReplace. */
    readonly optionChanges: readonly { readonly option: string; readonly old: unknown; readonly new: unknown }[];
    /** Where the replacement rule comes from. */
    readonly source?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
}

/**
 * An input that differs only by a value the plan cannot know on one side (a
 * zone looked up by name before, its id pinned by config after): not a change
 * the diff can call, so it is a note, never an update or a replacement.
 */
export interface AccountNote {
    /** "the id of the Route 53 zone example.com" */
    readonly what: string;
    readonly before: { readonly value: string; readonly known: AccountValue["known"] };
    readonly after: { readonly value: string; readonly known: AccountValue["known"] };
    /** Inputs that read it, and the resources they belong to. */
    readonly inputs: number;
    readonly resources: readonly string[];
}

export interface PlanDiff {
    readonly resources: readonly ResourceDiff[];
    /** Inputs that differ only by a value known to the account alone on one side (AccountNote). */
    readonly accountNotes: readonly AccountNote[];
    readonly summary: Readonly<Record<Operation, number>> & { readonly mayReplace: number };
    /** Secret inputs present on both sides whose values this diff could not compare (a saved base plan). */
    readonly secretsNotCompared: number;
}

export function deepEqual(a: unknown, b: unknown): boolean {
    if (a instanceof SecretValue && b instanceof SecretValue) {
        return secretsEqual(a, b) !== false;
    }
    if (a === b) {
        return true;
    }
    if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
        return false;
    }
    if (Array.isArray(a) !== Array.isArray(b)) {
        return false;
    }
    if (Array.isArray(a)) {
        const other = b as unknown[];
        return a.length === other.length && a.every((v, i) => deepEqual(v, other[i]));
    }
    if (a instanceof SecretValue || b instanceof SecretValue) {
        return false;
    }
    const [ka, kb] = [Object.keys(a as object), Object.keys(b as object)];
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof SecretValue);
}

/** A string input holding JSON (container definitions, policy documents): diffed by its parsed content. */
function parsedJson(value: unknown): unknown {
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) {
        return undefined;
    }
    try {
        return JSON.parse(value) as unknown;
    } catch {
        return undefined;
    }
}

function join(path: string, key: string | number): string {
    if (typeof key === "number") {
        return `${path}[${key}]`;
    }
    return path === "" ? key : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

interface RawChange { path: string; kind: ChangeKind | "account"; old?: unknown; new?: unknown; secret: boolean; whats?: readonly string[] }

/** Values of the account that differ between base and head where at least one side could not know them. */
interface AccountSubstitution {
    readonly what: string;
    readonly base: AccountValue;
    readonly head: AccountValue;
}

/** The substitutions to apply, from each side's account values: same `what`, different value, not both stated by config. */
export function accountSubstitutions(base: readonly AccountValue[], head: readonly AccountValue[]): AccountSubstitution[] {
    return head.flatMap((h) => {
        const b = base.find((x) => x.what === h.what);
        return b !== undefined && b.value !== h.value && !(b.known === "config" && h.known === "config") ? [{ what: h.what, base: b, head: h }] : [];
    });
}

/** A string with each side's account values replaced by what they are; strings config owns (its ARNs) kept as they are. */
function normalized(text: string, side: "base" | "head", subs: readonly AccountSubstitution[]): string {
    const owned = [...new Set(subs.flatMap((s) => s[side].ownedByConfig ?? []))].sort((a, b) => b.length - a.length);
    const kept: string[] = [];
    let result = text;
    for (const o of owned) {
        result = result.split(o).join(`\u0001${kept.push(o) - 1}\u0001`);
    }
    for (const sub of subs) {
        result = result.split(sub[side].value).join(`\u0000${sub.what}\u0000`);
    }
    return result.replace(/\u0001(\d+)\u0001/g, (_m, i: string) => kept[Number(i)]);
}

function diffValues(path: string, old: unknown, next: unknown, out: RawChange[], counts: { secretsNotCompared: number }, subs: readonly AccountSubstitution[] = []): void {
    if (old instanceof SecretValue && next instanceof SecretValue) {
        const equal = secretsEqual(old, next);
        if (equal === undefined) {
            counts.secretsNotCompared++;
        } else if (!equal) {
            out.push({ path, kind: "update", old, new: next, secret: true });
        }
        return;
    }
    if (!(isRecord(old) && isRecord(next)) && !(Array.isArray(old) && Array.isArray(next)) && deepEqual(old, next)) {
        return; // collections are walked, so that every secret inside is compared (or counted as not comparable)
    }
    if (old === UNKNOWN_TEXT || next === UNKNOWN_TEXT) {
        out.push({ path, kind: "computed", old, new: next, secret: false });
        return;
    }
    if (isRecord(old) && isRecord(next)) {
        for (const key of [...Object.keys(old), ...Object.keys(next).filter((k) => !(k in old))]) {
            const childPath = join(path, key);
            if (!(key in next)) {
                out.push({ path: childPath, kind: "delete", old: old[key], secret: old[key] instanceof SecretValue });
            } else if (!(key in old)) {
                out.push({ path: childPath, kind: "add", new: next[key], secret: next[key] instanceof SecretValue });
            } else {
                diffValues(childPath, old[key], next[key], out, counts, subs);
            }
        }
        return;
    }
    if (Array.isArray(old) && Array.isArray(next)) {
        for (let i = 0; i < Math.max(old.length, next.length); i++) {
            if (i >= next.length) {
                out.push({ path: join(path, i), kind: "delete", old: old[i], secret: old[i] instanceof SecretValue });
            } else if (i >= old.length) {
                out.push({ path: join(path, i), kind: "add", new: next[i], secret: next[i] instanceof SecretValue });
            } else {
                diffValues(join(path, i), old[i], next[i], out, counts, subs);
            }
        }
        return;
    }
    const [oldJson, nextJson] = [parsedJson(old), parsedJson(next)];
    if (oldJson !== undefined && nextJson !== undefined) {
        diffValues(path, oldJson, nextJson, out, counts, subs);
        return;
    }
    if (typeof old === "string" && typeof next === "string" && subs.length > 0 && normalized(old, "base", subs) === normalized(next, "head", subs)) {
        const whats = subs.filter((sub) => old.includes(sub.base.value) || next.includes(sub.head.value)).map((sub) => sub.what);
        out.push({ path, kind: "account", old, new: next, secret: false, whats });
        return;
    }
    out.push({ path, kind: "update", old, new: next, secret: old instanceof SecretValue || next instanceof SecretValue });
}

function topLevel(path: string): string {
    return /^[^.[]+/.exec(path)?.[0] ?? path;
}

/** An ignoreChanges entry covers the path itself and everything below it. */
function ignored(path: string, ignoreChanges: readonly string[]): boolean {
    return ignoreChanges.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

function withReplacement(type: string, change: RawChange & { kind: ChangeKind }, from?: string): PropertyChange {
    const r = replacementOf(type, topLevel(change.path));
    // A value that comes from a replaced resource may well come out the same
    // (a name, a DNS record ACM reuses): it can force a replacement, not must.
    const replace = from !== undefined && r.kind === "replace" ? "may-replace" : r.kind;
    return { ...change, ...(from === undefined ? {} : { from }), replace, ...(r.note === undefined ? {} : { note: r.note }) };
}

function emptySummary(): Record<Operation, number> & { mayReplace: number } {
    return { create: 0, import: 0, update: 0, replace: 0, delete: 0, same: 0, mayReplace: 0 };
}

/**
 * Resources in tree order: each parent before its children, siblings by name
 * then type. Registrations arrive in whatever order the SDK's promises settle,
 * so this is what makes two plans of the same program diff the same way.
 */
export function treeOrder<T extends { readonly urn: string; readonly parent?: string; readonly name: string; readonly type: string }>(resources: readonly T[]): T[] {
    const urns = new Set(resources.map((r) => r.urn));
    const children = new Map<string | undefined, T[]>();
    for (const r of resources) {
        const parent = r.parent !== undefined && urns.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const bySibling = (a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
    const ordered: T[] = [];
    const visit = (parent: string | undefined) => {
        for (const r of [...(children.get(parent) ?? [])].sort(bySibling)) {
            ordered.push(r);
            visit(r.urn);
        }
    };
    visit(undefined);
    return ordered;
}

/**
 * The difference from base to head, in tree order (treeOrder), deletions
 * last. With each side's account values (the plans' lookups), an input that
 * differs only by a value one side could not know is an AccountNote, not a
 * change.
 */
export function diffPlans(unorderedBase: readonly DiffResource[], unorderedHead: readonly DiffResource[], accounts: { readonly base: readonly AccountValue[]; readonly head: readonly AccountValue[] } = { base: [], head: [] }): PlanDiff {
    const subs = accountSubstitutions(accounts.base, accounts.head);
    const notes = new Map<string, { inputs: number; resources: Set<string> }>();
    const base = treeOrder(unorderedBase);
    const head = treeOrder(unorderedHead);
    const baseByUrn = new Map(base.map((r) => [r.urn, r]));
    const matched = new Set<string>();
    const counts = { secretsNotCompared: 0 };
    interface Work { head: DiffResource; base?: DiffResource; changes: PropertyChange[] }
    const work: Work[] = head.map((h) => {
        const candidate = [h.urn, ...h.aliases].map((u) => baseByUrn.get(u)).find((b) => b !== undefined && !matched.has(b.urn));
        if (candidate === undefined) {
            return { head: h, changes: [] };
        }
        matched.add(candidate.urn);
        const raw: RawChange[] = [];
        diffValues("", candidate.inputs, h.inputs, raw, counts, subs);
        const kept = raw.filter((c) => !ignored(c.path, h.ignoreChanges));
        for (const c of kept.filter((x) => x.kind === "account")) {
            for (const what of c.whats ?? []) {
                const note = notes.get(what) ?? { inputs: 0, resources: new Set<string>() };
                note.inputs++;
                note.resources.add(h.name);
                notes.set(what, note);
            }
        }
        const changes = kept.filter((c): c is RawChange & { kind: ChangeKind } => c.kind !== "account").map((c) => withReplacement(h.type, c));
        return { head: h, base: candidate, changes };
    });

    // A replaced resource gets new outputs (ids, ARNs): an input that comes
    // from one changes too, which can replace its resource in turn.
    const replaced = new Map<string, string>();
    const isReplaced = (w: Work) => w.base !== undefined && w.changes.some((c) => c.replace === "replace");
    let grew = true;
    while (grew) {
        grew = false;
        for (const w of work) {
            if (isReplaced(w) && !replaced.has(w.head.urn)) {
                replaced.set(w.head.urn, w.head.name);
                grew = true;
            }
        }
        for (const w of work) {
            if (w.base === undefined) {
                continue;
            }
            for (const [property, urns] of Object.entries(w.head.propertyDependencies ?? {})) {
                const from = urns.map((u) => replaced.get(u)).find((n) => n !== undefined);
                if (from === undefined || ignored(property, w.head.ignoreChanges) || w.changes.some((c) => topLevel(c.path) === property)) {
                    continue;
                }
                w.changes.push(withReplacement(w.head.type, { path: property, kind: "computed", old: w.base.inputs[property], new: undefined, secret: w.base.inputs[property] instanceof SecretValue }, from));
                grew = true;
            }
        }
    }

    const summary = emptySummary();
    const resources: ResourceDiff[] = work.map((w) => {
        const h = w.head;
        const optionChanges = w.base === undefined ? [] : (["protect", "retainOnDelete", "deleteBeforeReplace"] as const)
            .filter((o) => w.base![o] !== h[o]).map((o) => ({ option: o, old: w.base![o], new: h[o] }));
        let op: Operation;
        if (w.base === undefined) {
            op = h.importId !== undefined ? "import" : "create";
        } else if (w.changes.some((c) => c.replace === "replace")) {
            op = "replace";
        } else if (w.changes.length > 0 || optionChanges.length > 0 || w.base.urn !== h.urn) {
            op = "update";
        } else {
            op = "same";
        }
        const mayReplace = op === "update" && w.changes.some((c) => c.replace === "may-replace");
        summary[op]++;
        if (mayReplace) {
            summary.mayReplace++;
        }
        const rule = w.changes.find((c) => c.replace !== "update") !== undefined ? replacementOf(h.type, topLevel(w.changes.find((c) => c.replace !== "update")!.path)).source : undefined;
        return {
            op, mayReplace, urn: h.urn, type: h.type, name: h.name,
            ...(w.base !== undefined && w.base.urn !== h.urn ? { oldUrn: w.base.urn } : {}),
            changes: w.changes, optionChanges,
            ...(rule === undefined ? {} : { source: rule }),
            protect: h.protect, retainOnDelete: h.retainOnDelete, deleteBeforeReplace: h.deleteBeforeReplace,
        };
    });
    for (const b of base) {
        if (!matched.has(b.urn)) {
            summary.delete++;
            resources.push({
                op: "delete", mayReplace: false, urn: b.urn, type: b.type, name: b.name, changes: [], optionChanges: [],
                protect: b.protect, retainOnDelete: b.retainOnDelete, deleteBeforeReplace: b.deleteBeforeReplace,
            });
        }
    }
    const accountNotes: AccountNote[] = subs.filter((sub) => notes.has(sub.what)).map((sub) => ({
        what: sub.what,
        before: { value: sub.base.value, known: sub.base.known },
        after: { value: sub.head.value, known: sub.head.known },
        inputs: notes.get(sub.what)!.inputs,
        resources: [...notes.get(sub.what)!.resources].sort(),
    }));
    return { resources, accountNotes, summary, secretsNotCompared: counts.secretsNotCompared };
}

const KNOWN: Record<AccountValue["known"], string> = {
    config: "stated by config",
    inferred: "taken from the ARNs config names",
    placeholder: "a placeholder: known only to the account",
};

/** The account notes as text: what differs only because a side could not know it, and what to check. */
export function renderAccountNotes(diff: PlanDiff): string[] {
    return diff.accountNotes.flatMap((n) => [
        `# ${n.what}: ${n.before.value} before (${KNOWN[n.before.known]}), ${n.after.value} now (${KNOWN[n.after.known]}).`,
        `#   ${n.inputs} input${n.inputs === 1 ? "" : "s"} of ${n.resources.length} resource${n.resources.length === 1 ? "" : "s"} read it; not shown as changes: the plan cannot know the real value, so it cannot tell whether it changes.`,
        `#   Nothing changes if the value now stated is the real one; \`pulumi preview\` compares it with the account.`,
    ]);
}

// ---------------------------------------------------------------------------
// Rendering, in the form of `pulumi preview --diff`.

const MARKS: Record<Operation, string> = { create: "+ ", import: "= ", update: "~ ", replace: "+-", delete: "- ", same: "  " };

function show(value: unknown): string {
    if (value instanceof SecretValue) {
        return "[secret]";
    }
    if (value === undefined) {
        return "(none)";
    }
    const text = JSON.stringify(value, (_k, v: unknown) => v instanceof SecretValue ? "[secret]" : v);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function changeLine(change: PropertyChange): string {
    const mark = { add: "+", delete: "-", update: "~", computed: "~" }[change.kind];
    let text: string;
    if (change.secret) {
        text = change.kind === "update" ? "[secret] (changed)" : "[secret]";
    } else if (change.kind === "add") {
        text = show(change.new);
    } else if (change.kind === "delete") {
        text = show(change.old);
    } else if (change.kind === "computed") {
        text = change.from !== undefined
            ? `${show(change.old)} → (may change: known after ${change.from} is replaced)`
            : `${show(change.old)} → ${show(change.new)}`;
    } else {
        text = `${show(change.old)} → ${show(change.new)}`;
    }
    const replace = change.replace === "replace" ? "  [forces replacement]" : change.replace === "may-replace" ? "  [may force replacement]" : "";
    return `${mark} ${change.path}: ${text}${replace}`;
}

function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

function parentTypeOf(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.includes("$") ? qualified.slice(0, qualified.lastIndexOf("$")) : "";
}

/** The diff as text lines: one header per changed resource, one line per changed input. */
export function renderDiffLines(diff: PlanDiff): string[] {
    const lines: string[] = [];
    for (const r of diff.resources.filter((x) => x.op !== "same")) {
        let op: string = r.op;
        if (r.op === "update" && r.mayReplace) {
            op = "update, may replace";
        }
        if (r.op === "replace" && r.deleteBeforeReplace) {
            op = "replace, delete before create";
        }
        if (r.op === "delete" && r.protect) {
            op = "delete: protected, `pulumi up` fails until protect is removed";
        } else if (r.op === "delete" && r.retainOnDelete) {
            op = "delete from the stack: retained in the cloud";
        }
        if (r.oldUrn !== undefined) {
            const [oldName, newName] = [nameOf(r.oldUrn), r.name];
            const moved = parentTypeOf(r.oldUrn) !== parentTypeOf(r.urn);
            op += oldName !== newName ? `, renamed from ${oldName} (alias)` : moved ? ", moved (alias)" : ", matched by alias";
        }
        lines.push(`${MARKS[r.op]} ${r.type}  ${r.name}  (${op})`);
        for (const o of r.optionChanges) {
            lines.push(`      ~ [${o.option}]: ${show(o.old)} → ${show(o.new)}`);
        }
        const notes = new Set<string>();
        for (const change of r.changes) {
            lines.push(`      ${changeLine(change)}`);
            if (change.note !== undefined) {
                notes.add(change.note);
            }
        }
        for (const note of notes) {
            lines.push(`        # ${note}`);
        }
        if (r.source !== undefined) {
            lines.push(`        # replacement rule: ${r.source}`);
        }
    }
    return lines;
}

/** "+ 1 to create, ~ 3 to update, +- 2 to replace, - 0 to delete, 101 unchanged". */
export function renderDiffSummary(diff: PlanDiff): string[] {
    const s = diff.summary;
    const lines = [
        ...(s.create > 0 ? [`    + ${s.create} to create`] : []),
        ...(s.import > 0 ? [`    = ${s.import} to import`] : []),
        ...(s.update > 0 ? [`    ~ ${s.update} to update${s.mayReplace > 0 ? ` (${s.mayReplace} may replace)` : ""}`] : []),
        ...(s.replace > 0 ? [`    +- ${s.replace} to replace`] : []),
        ...(s.delete > 0 ? [`    - ${s.delete} to delete`] : []),
        `    ${s.create + s.import + s.update + s.replace + s.delete} changes. ${s.same} unchanged`,
    ];
    if (diff.secretsNotCompared > 0) {
        lines.push(`    ${diff.secretsNotCompared} secret input${diff.secretsNotCompared === 1 ? "" : "s"} not compared: a saved plan holds no secret values`);
    }
    return lines;
}
