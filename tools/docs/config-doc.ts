// docs/config.md: every stack config key, from the zod schema. zod 4 writes
// the JSON Schema of the input (what a stack file holds); this module only
// restores what that cannot see (the forms hidden in dispatch() transforms,
// and the defaults it drops beside them), then walks the JSON Schema into
// one row per key. Examples come from the schema's own, else from the stack
// files, so every example is a value a real stack uses.
import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from "yaml";
import { z } from "zod";
import { dispatchForms } from "../../components/config/schema";
import { code, generatedHeader, table, yamlValue } from "./markdown";
import { SchemaNode, allowedText, defaultText, formTitle, formsOf, mapValuesOf, typeText } from "./schema-text";

/** zod 4's JSON Schema of a schema's input, with what the dispatch() transforms hide put back. */
export function inputJsonSchema(schema: z.core.$ZodType): SchemaNode {
    // A JSON Schema document is plain data; SchemaNode names the keywords read from it.
    return jsonOfInput(schema) as SchemaNode;
}

function jsonOfInput(schema: z.core.$ZodType): z.core.JSONSchema.BaseSchema {
    const { $schema: _dialect, ...body } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", override: restoreHidden });
    return body;
}

function restoreHidden(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
    const { zodSchema, jsonSchema } = ctx;
    const def = zodSchema._zod.def;
    // zod leaves the default of anything holding a transform out of the input
    // schema; a stack file may still leave these keys out.
    if (def.type === "default" && jsonSchema.default === undefined) {
        jsonSchema.default = JSON.parse(JSON.stringify(def.defaultValue)) as unknown;
    }
    const forms = dispatchForms.get(zodSchema)?.forms.filter((f): f is z.core.$ZodType => f instanceof z.core.$ZodType);
    if (forms !== undefined && forms.length > 0) {
        jsonSchema.anyOf = forms.map(jsonOfInput);
        delete jsonSchema.forms;
    }
}

export interface KeyRow {
    /** The key as written in messages and docs: `migration:services[].fargate.cpu`. */
    readonly key: string;
    /** The schema path without list and map steps: `services.fargate.cpu` (REMOVED_KEYS uses it). */
    readonly schemaPath: string;
    readonly type: string;
    readonly default: string;
    readonly allowed: string;
    readonly description: string;
    readonly example: string;
}

export interface Form {
    readonly title: string;
    readonly description: string;
    readonly rows: readonly KeyRow[];
}

/** A key that takes one of several forms, each with its own keys. */
export interface FormSet {
    readonly key: string;
    readonly forms: readonly Form[];
}

/** A top-level key with every key below it, and the forms met on the way. */
export interface KeySection {
    readonly key: string;
    readonly rows: readonly KeyRow[];
    readonly formSets: readonly FormSet[];
}

const EXAMPLE_MAX = 90;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keys below this node get rows of their own (so it gets no sample example). */
function hasInnerKeys(node: SchemaNode): boolean {
    const values = mapValuesOf(node);
    return formsOf(node) !== undefined || node.properties !== undefined
        || (node.items !== undefined && hasInnerKeys(node.items))
        || (values !== undefined && hasInnerKeys(values));
}

/** Whether a sample value is written in this form (keys, required keys, constants), so a form shows only its own examples. */
export function fitsForm(value: unknown, form: SchemaNode): boolean {
    if (!isRecord(value)) {
        return false;
    }
    const properties = form.properties ?? {};
    const known = form.additionalProperties !== false || Object.keys(value).every((k) => k in properties);
    return known && (form.required ?? []).every((k) => k in value)
        && Object.entries(properties).every(([k, p]) => p.const === undefined || !(k in value) || value[k] === p.const);
}

class Walker {
    readonly formSets: FormSet[] = [];

    walk(node: SchemaNode, key: string, path: readonly string[], required: boolean, samples: readonly unknown[], rows: KeyRow[]): void {
        const example = node.examples !== undefined && node.examples.length > 0 ? node.examples[0]
            : !hasInnerKeys(node) && samples.length > 0 ? samples[0] : undefined;
        rows.push({
            key,
            schemaPath: path.join("."),
            type: typeText(node),
            default: defaultText(node, required),
            allowed: allowedText(node),
            description: node.description ?? "",
            example: example === undefined ? "—" : code(yamlValue(example, EXAMPLE_MAX)),
        });
        this.inner(node, key, path, samples, rows);
    }

    /** The keys below a node: an object's properties, a list's items, a map's values, or each form. */
    inner(node: SchemaNode, key: string, path: readonly string[], samples: readonly unknown[], rows: KeyRow[]): void {
        const forms = formsOf(node);
        const values = mapValuesOf(node);
        if (forms !== undefined) {
            const set: { key: string; forms: Form[] } = { key, forms: [] };
            this.formSets.push(set);
            forms.forEach((form, i) => {
                const formRows: KeyRow[] = [];
                set.forms.push({ title: formTitle(form, i), description: form.description ?? "", rows: formRows });
                this.inner(form, key, path, samples.filter((s) => fitsForm(s, form)), formRows);
            });
        } else if (node.properties !== undefined) {
            for (const [name, child] of Object.entries(node.properties)) {
                const childSamples = samples.flatMap((s) => isRecord(s) && s[name] !== undefined ? [s[name]] : []);
                this.walk(child, `${key}.${name}`, [...path, name], (node.required ?? []).includes(name), childSamples, rows);
            }
        } else if (node.items !== undefined && hasInnerKeys(node.items)) {
            this.inner(node.items, `${key}[]`, path, samples.flatMap((s) => Array.isArray(s) ? s : []), rows);
        } else if (values !== undefined && hasInnerKeys(values)) {
            this.inner(values, `${key}.<name>`, path, samples.flatMap((s) => isRecord(s) ? Object.values(s) : []), rows);
        }
    }
}

/**
 * One section per top-level key of the root object schema, in schema order.
 * `keyName` names a top-level key as the stack file does (aws:region,
 * migration:dns); `samples` are stack configs in the schema's shape.
 */
export function describeKeys(root: SchemaNode, keyName: (top: string) => string, samples: readonly Readonly<Record<string, unknown>>[]): KeySection[] {
    return Object.entries(root.properties ?? {}).map(([top, node]) => {
        const walker = new Walker();
        const rows: KeyRow[] = [];
        const topSamples = samples.flatMap((s) => s[top] !== undefined ? [s[top]] : []);
        walker.walk(node, keyName(top), [top], (root.required ?? []).includes(top), topSamples, rows);
        return { key: keyName(top), rows, formSets: walker.formSets };
    });
}

const KEY_HEADER = ["key", "type", "default", "allowed", "description", "example"] as const;

function keyTable(rows: readonly KeyRow[]): string[] {
    return rows.length === 0
        ? ["No keys."]
        : table(KEY_HEADER, rows.map((r) => [code(r.key), r.type, r.default, r.allowed, r.description, r.example]));
}

/** A top-level key's section: its table, then each of its forms. */
export function keySectionMarkdown(section: KeySection): string[] {
    const lines = [`## ${code(section.key)}`, "", ...keyTable(section.rows), ""];
    for (const set of section.formSets) {
        lines.push(`### Forms of ${code(set.key)}`, "", `${code(set.key)} is written in one of ${set.forms.length} forms: ${set.forms.map((f) => code(f.title)).join(", ")}.`, "");
        for (const form of set.forms) {
            lines.push(`#### ${code(set.key)}: form ${code(form.title)}`, "");
            if (form.description !== "") {
                lines.push(form.description, "");
            }
            lines.push(...keyTable(form.rows), "");
        }
    }
    return lines;
}

/** Where a REMOVED_KEYS entry ("legacy.certificateName") sits, written as the docs write keys. */
export function removedKeyName(removed: string, sections: readonly KeySection[], keyName: (top: string) => string): string {
    const parts = removed.split(".");
    const name = parts[parts.length - 1];
    const parent = parts.slice(0, -1).join(".");
    const rows = allRows(sections);
    // A sibling names the parent as its children see it (`services[]`, `secrets.<name>`).
    const sibling = rows.find((r) => r.schemaPath.startsWith(`${parent}.`) && !r.schemaPath.slice(parent.length + 1).includes("."));
    if (sibling !== undefined) {
        return `${sibling.key.slice(0, sibling.key.length - (sibling.schemaPath.length - parent.length))}.${name}`;
    }
    const row = rows.find((r) => r.schemaPath === parent);
    return row !== undefined ? `${row.key}.${name}` : [keyName(parts[0]), ...parts.slice(1)].join(".");
}

function allRows(sections: readonly KeySection[]): KeyRow[] {
    return sections.flatMap((s) => [...s.rows, ...s.formSets.flatMap((f) => f.forms.flatMap((form) => form.rows))]);
}

/** The key a per-environment default applies to: the one key of that name, or the bare name when it is not unique. */
export function environmentDefaultKey(setting: string, sections: readonly KeySection[]): string {
    const matches = [...new Set(allRows(sections)
        .filter((r) => r.schemaPath.split(".").pop() === setting)
        .map((r) => r.key))];
    return matches.length === 1 ? matches[0] : setting;
}

/** What the schema fills in below `at`: each path present in the parsed output and absent from the input. */
export function defaultsApplied(input: unknown, output: unknown, at: readonly (string | number)[] = []): { readonly path: readonly (string | number)[]; readonly value: unknown }[] {
    if (input === undefined) {
        return output === undefined ? [] : [{ path: at, value: output }];
    }
    if (Array.isArray(output) && Array.isArray(input)) {
        return output.flatMap((v, i) => defaultsApplied(input[i], v, [...at, i]));
    }
    if (isRecord(output) && isRecord(input)) {
        return Object.entries(output).flatMap(([k, v]) => defaultsApplied(input[k], v, [...at, k]));
    }
    return [];
}

export interface WorkedExample {
    /** The stack file's name, e.g. Pulumi.dev.yaml. */
    readonly fileName: string;
    readonly text: string;
    /** The stack file key of the example (its first item is shown), e.g. migration:services. */
    readonly listKey: string;
    /** The defaults the schema fills into that item, as "key: value" pairs. */
    readonly defaults: readonly { readonly key: string; readonly value: unknown }[];
}

/** The first item of a list key of a stack file, with its comments; multi-line strings left out (named in the text). */
export function workedExampleMarkdown(example: WorkedExample): string[] {
    const doc = parseDocument(example.text);
    const list = doc.getIn(["config", example.listKey], true);
    const item = isSeq(list) ? list.items[0] : undefined;
    if (!isMap(item)) {
        throw new Error(`${example.fileName}: config.${example.listKey} is not a list of objects; the worked example needs one`);
    }
    const leftOut: string[] = [];
    visit(item, {
        Pair(_, pair) {
            if (isScalar(pair.value) && typeof pair.value.value === "string" && pair.value.value.includes("\n") && isScalar(pair.key)) {
                leftOut.push(`${code(String(pair.key.value))} (${pair.value.value.trimEnd().split("\n").length} lines)`);
                return visit.REMOVE;
            }
            return undefined;
        },
    });
    const shown: Document = parseDocument(`config:\n  ${example.listKey}: []\n`);
    const seq = shown.getIn(["config", example.listKey], true);
    if (isSeq(seq)) {
        seq.flow = false;
        seq.items.push(item);
    }
    return [
        `The first item of ${code(example.listKey)} in ${code(example.fileName)}${leftOut.length > 0 ? `, without ${leftOut.join(", ")}` : ""}:`,
        "",
        "```yaml",
        ...shown.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd().split("\n"),
        "```",
        "",
        ...(example.defaults.length === 0
            ? ["The schema fills in no defaults for it."]
            : ["The schema fills in these defaults for what it leaves out:", "", ...example.defaults.map((d) => `- ${code(d.key)}: ${code(yamlValue(d.value))}`)]),
    ];
}

export interface ConfigDocInput {
    readonly schema: z.core.$ZodType;
    readonly keyName: (top: string) => string;
    /** Stack file names and their configs in the schema's shape, sorted by name. */
    readonly stacks: readonly { readonly fileName: string; readonly raw: Readonly<Record<string, unknown>> }[];
    readonly removedKeys: Readonly<Record<string, string>>;
    readonly environmentDefaults: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    readonly example: WorkedExample;
}

export function configMarkdown(input: ConfigDocInput): string {
    const sections = describeKeys(inputJsonSchema(input.schema), input.keyName, input.stacks.map((s) => s.raw));
    const environments = Object.keys(input.environmentDefaults).sort();
    const settings = [...new Set(environments.flatMap((e) => Object.keys(input.environmentDefaults[e])))].sort();
    const removed = Object.keys(input.removedKeys).sort();
    const lines = [
        generatedHeader("components/config/schema.ts"),
        "",
        "# Stack config reference",
        "",
        "Every key a stack file (`Pulumi.<stack>.yaml`) sets under `config:`, from the zod schemas in",
        "`components/config/schema.ts`. The program parses the whole file before it registers any",
        "resource and reports every problem at once, each naming its key as this page does.",
        "Rules between keys (a memory size valid for the cpu, exactly one of image and imageTag, AWS and",
        "DigitalOcean ranges that do not overlap, ...) are checked by the schema's refinements and",
        "`components/config/validate.ts`; the descriptions name the main ones.",
        "",
        "Reading the tables: `a.b` is key `b` of the object `a`; `a[]` is any item of the list `a`;",
        "`a.<name>` is any entry of the map `a`. Values are written as in YAML. Default \"required\": the",
        "key must be set; \"—\": it may be left out and has no default (the description says what",
        `happens then). Examples are the schema's own, else values from ${input.stacks.map((s) => code(s.fileName)).join(" and ")}.`,
        "",
        "## Worked example",
        "",
        ...workedExampleMarkdown(input.example),
        "",
        ...sections.flatMap(keySectionMarkdown),
        "## Per-environment defaults",
        "",
        "Keys a stack leaves out take these values from its environment (`migration:environment`, else",
        "the stack name).",
        "",
        ...table(["key", ...environments], settings.map((s) => [
            code(environmentDefaultKey(s, sections)),
            ...environments.map((e) => input.environmentDefaults[e][s] === undefined ? "—" : code(yamlValue(input.environmentDefaults[e][s]))),
        ])),
        "",
        "## Removed keys",
        "",
        "Keys of earlier versions. A stack file that still sets one is refused with what replaced it.",
        "",
        ...(removed.length === 0 ? ["None."] : table(["key", "what happened"], removed.map((k) => [code(removedKeyName(k, sections, input.keyName)), input.removedKeys[k]]))),
    ];
    return `${lines.join("\n")}\n`;
}
