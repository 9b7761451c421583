// How a JSON Schema node reads in the references: its type, what it allows,
// its default. Shared by docs/config.md (the zod schema, through
// z.toJSONSchema) and docs/policies.md (the rules' configSchema, which is
// JSON Schema already), so both say "1 to 65535" the same way.
import type { JsonSchema } from "../offline/analyzer";
import { code, yamlValue } from "./markdown";

/** The JSON Schema keywords the references read (the analyzer's type: one description of JSON Schema). */
export type SchemaNode = JsonSchema;

/** The alternatives of a union node (anyOf or oneOf), or undefined. */
export function alternativesOf(node: SchemaNode): readonly SchemaNode[] | undefined {
    return node.anyOf ?? node.oneOf;
}

/** A map's value schema (additionalProperties as a schema), or undefined. */
export function mapValuesOf(node: SchemaNode): SchemaNode | undefined {
    return typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
}

function isObjectNode(node: SchemaNode): boolean {
    return node.type === "object" || node.properties !== undefined;
}

/** A union whose alternatives are all objects: documented as forms, each with its own keys. */
export function formsOf(node: SchemaNode): readonly SchemaNode[] | undefined {
    const alternatives = alternativesOf(node);
    return alternatives !== undefined && alternatives.length > 0 && alternatives.every(isObjectNode) ? alternatives : undefined;
}

/** A form's name: its title, else its position. */
export function formTitle(form: SchemaNode, index: number): string {
    return form.title ?? `form ${index + 1}`;
}

const PLURALS: Readonly<Record<string, string>> = {
    string: "strings", integer: "integers", number: "numbers", boolean: "booleans", object: "objects", null: "nulls", any: "values",
};

function plural(node: SchemaNode): string {
    const type = typeText(node);
    return PLURALS[type] ?? (/^(list|map) of /.test(type) ? `${type.slice(0, 4)}s ${type.slice(5)}` : type.startsWith("object") ? "objects" : `values (${type})`);
}

/** The node's type in words: string, integer, list of strings, map of strings, object, any. */
export function typeText(node: SchemaNode): string {
    const alternatives = alternativesOf(node);
    if (alternatives !== undefined && node.type === undefined) {
        return formsOf(node) !== undefined ? "object" : alternatives.map(typeText).join(" or ");
    }
    if (node.const !== undefined && node.type === undefined) {
        return typeof node.const;
    }
    const types = node.type === undefined ? [] : typeof node.type === "string" ? [node.type] : node.type;
    return types.length === 0 ? (isObjectNode(node) ? "object" : "any") : types.map((type) => {
        if (type === "array") {
            return node.items === undefined ? "list" : `list of ${plural(node.items)}`;
        }
        const values = mapValuesOf(node);
        if (type === "object" && node.properties === undefined && values !== undefined) {
            return `map of ${plural(values)}`;
        }
        return type;
    }).join(" or ");
}

function range(min: number | undefined, max: number | undefined, unit: (n: number) => string): string | undefined {
    if (min !== undefined && max !== undefined) {
        return min === max ? `exactly ${unit(min)}` : `${min} to ${unit(max)}`;
    }
    if (min !== undefined) {
        return `at least ${unit(min)}`;
    }
    return max === undefined ? undefined : `at most ${unit(max)}`;
}

const count = (word: string) => (n: number) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What the node allows beyond its type, e.g. "1 to 65535", "`lookup`, `create`", "pattern `^a$`"; "" when nothing. */
export function allowedText(node: SchemaNode): string {
    const parts: string[] = [];
    const alternatives = alternativesOf(node);
    const forms = formsOf(node);
    if (forms !== undefined) {
        parts.push(`one of the forms ${forms.map((f, i) => code(formTitle(f, i))).join(", ")}`);
    } else if (alternatives !== undefined) {
        const each = alternatives.map(allowedText).filter((t) => t !== "");
        if (each.length > 0) {
            parts.push(each.join(" or "));
        }
    }
    if (node.const !== undefined) {
        parts.push(code(yamlValue(node.const)));
    }
    if (node.enum !== undefined) {
        parts.push(node.enum.map((v) => code(yamlValue(v))).join(", "));
    }
    // zod writes the safe-integer limits for .int(): no bound the schema states.
    const stated = (n: number | undefined) => n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n;
    const numbers = range(stated(node.minimum), stated(node.maximum), String);
    if (numbers !== undefined) {
        parts.push(numbers);
    }
    if (node.exclusiveMinimum !== undefined) {
        parts.push(`above ${node.exclusiveMinimum}`);
    }
    if (node.exclusiveMaximum !== undefined) {
        parts.push(`below ${node.exclusiveMaximum}`);
    }
    const length = range(node.minLength, node.maxLength, count("character"));
    if (length !== undefined) {
        parts.push(length);
    }
    if (node.format !== undefined) {
        parts.push(`format ${code(node.format)}`);
    }
    if (node.pattern !== undefined) {
        parts.push(`pattern ${code(node.pattern)}`);
    }
    const items = range(node.minItems, node.maxItems, count("item"));
    if (items !== undefined) {
        parts.push(items);
    }
    if (node.uniqueItems === true) {
        parts.push("no duplicates");
    }
    const each = node.items === undefined ? "" : allowedText(node.items);
    if (each !== "") {
        parts.push(`each: ${each}`);
    }
    const names = node.propertyNames === undefined ? "" : allowedText(node.propertyNames);
    if (names !== "") {
        parts.push(`names: ${names}`);
    }
    const values = mapValuesOf(node);
    const valueText = values === undefined ? "" : allowedText(values);
    if (valueText !== "") {
        parts.push(`values: ${valueText}`);
    }
    return parts.join("; ");
}

/** The default as a stack file writes it, "required", or "—" (optional, no default). */
export function defaultText(node: SchemaNode, required: boolean): string {
    if (node.default !== undefined) {
        return code(yamlValue(node.default));
    }
    return required ? "required" : "—";
}
