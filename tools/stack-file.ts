// Reads a stack's config the way the Pulumi CLI hands it to a program:
// Pulumi.yaml project defaults, overlaid by Pulumi.<stack>.yaml, every value
// as a string (objects as JSON). Used where there is no CLI: tests and the
// offline plan. `secure:` values cannot be decrypted without the stack's
// secrets provider, so they become placeholders that stay marked secret.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { RawConfigInput } from "../components/config";
import { OFFLINE_SECRET_PREFIX } from "../components/config/schema";
import { didYouMean } from "../components/config/suggest";

/** What a secure value reads as offline; recognisable, and never a real secret. */
export function secretPlaceholder(key: string): string {
    return `${OFFLINE_SECRET_PREFIX}${key}`;
}

export class StackFileError extends Error {
    override name = "StackFileError";
}

/** Parsed documents by text: a plan reads the same stack file three times, and parsing is most of the cost. Shared: read-only. */
const parsedByText = new Map<string, Readonly<Record<string, unknown>>>();

function readYaml(file: string): Readonly<Record<string, unknown>> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new StackFileError(`${path.basename(file)}: not found in ${path.dirname(file)}`);
    }
    try {
        // The Pulumi CLI reads stack and project files with gopkg.in/yaml.v3
        // (sdk/go/common/encoding/marshal.go, yamlMarshaler.Unmarshal), which
        // always resolves `<<` merge keys: keys written in the mapping win over
        // merged ones, and in `<<: [*a, *b]` the earlier map wins (yaml.v3
        // v3.0.1 decode.go, decoder.merge). yaml 2 does the same with merge: true.
        let parsed = parsedByText.get(text);
        if (parsed === undefined) {
            const doc = parse(text, { merge: true }) as unknown;
            parsed = typeof doc === "object" && doc !== null ? doc as Record<string, unknown> : {};
            parsedByText.set(text, parsed);
        }
        return parsed;
    } catch (err) {
        throw new StackFileError(yamlErrorMessage(path.basename(file), text, err as Error & { code?: string; linePos?: { line: number; col: number }[] }));
    }
}

/** The usual fix for the YAML mistakes people make in stack files, by the parser's error code. */
const YAML_FIXES: Readonly<Record<string, string>> = {
    BLOCK_AS_IMPLICIT_KEY: "a value that contains \": \" (a URL with a port, a time, \"a: b\") must be quoted: key: \"a: b\"",
    TAB_AS_INDENT: "indent with spaces; YAML does not allow tabs",
    BAD_INDENT: "align the key with its siblings, and close every [ or { the value opens",
    DUPLICATE_KEY: "a key appears twice in one mapping; keep one of them",
    MISSING_CHAR: "close the quote, [ or { the value opens",
    UNEXPECTED_TOKEN: "quote a value that starts with @, `, %, or contains \" #\"",
};

/**
 * "<file>: not valid YAML at line N, column M: <what>", then the line with a
 * caret under the column and, for the common mistakes, the usual fix.
 */
export function yamlErrorMessage(file: string, text: string, err: Error & { code?: string; linePos?: readonly { line: number; col: number }[] }): string {
    const what = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    const at = err.linePos?.[0];
    if (at === undefined) {
        return `${file}: not valid YAML: ${what}`;
    }
    const line = text.split(/\r?\n/)[at.line - 1] ?? "";
    const gutter = `${at.line} | `;
    const fix = err.code !== undefined ? YAML_FIXES[err.code] : undefined;
    return [
        `${file}: not valid YAML at line ${at.line}, column ${at.col}: ${what}`,
        `  ${gutter}${line.replace(/\t/g, "→")}`,
        `  ${" ".repeat(gutter.length + at.col - 1)}^`,
        ...(fix === undefined ? [] : [`  usual fix: ${fix}`]),
    ].join("\n");
}

/**
 * The top-level keys of a stack file (the CLI's ProjectStack: sdk/go/common/workspace/project.go,
 * secretsprovider, encryptedkey, encryptionsalt, config, environment).
 */
export const STACK_FILE_KEYS = ["config", "encryptedkey", "encryptionsalt", "environment", "secretsprovider"];

function isSecure(value: unknown): boolean {
    if (typeof value !== "object" || value === null) {
        return false;
    }
    if (!Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) {
        return true;
    }
    return Object.values(value).some(isSecure);
}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** The names of the stacks that have a Pulumi.<stack>.yaml in dir. */
export function listStacks(dir: string): string[] {
    return fs.readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export interface StackFileOverrides {
    /** key=value pairs that replace plain values for this run ("migration:" may be omitted). */
    readonly config?: Readonly<Record<string, string>>;
    /** key=value pairs set as secrets for this run. */
    readonly secrets?: Readonly<Record<string, string>>;
}

/** Loads Pulumi.yaml + Pulumi.<stack>.yaml from dir into the program's raw config input. */
export function readStackConfig(dir: string, stack: string, overrides: StackFileOverrides = {}): RawConfigInput {
    const project = readYaml(path.join(dir, "Pulumi.yaml"));
    const projectName = String(project.name);
    const values: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const qualify = (key: string) => key.includes(":") ? key : `${projectName}:${key}`;

    const declared = (project.config ?? {}) as Record<string, unknown>;
    for (const [key, decl] of Object.entries(declared)) {
        if (typeof decl === "object" && decl !== null && "default" in decl) {
            values[qualify(key)] = asConfigString((decl as { default: unknown }).default);
        } else if (typeof decl === "object" && decl !== null && "value" in decl) {
            values[qualify(key)] = asConfigString((decl as { value: unknown }).value);
        } else if (typeof decl !== "object" || decl === null) {
            values[qualify(key)] = asConfigString(decl);
        }
    }

    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    const document = readYaml(stackFile);
    const unknown = Object.keys(document).filter((k) => !STACK_FILE_KEYS.includes(k));
    if (unknown.length > 0) {
        // The CLI's YAML decoder ignores unknown fields: a misspelt `config:` would silently leave the stack with none.
        throw new StackFileError(`${path.basename(stackFile)}: ${unknown.map((k) => JSON.stringify(k)).join(", ")} ${unknown.length === 1 ? "is not a stack file key" : "are not stack file keys"}; allowed ${STACK_FILE_KEYS.join(", ")}${unknown.length === 1 ? didYouMean(unknown[0], STACK_FILE_KEYS) : ""}`);
    }
    const stackConfig = (document.config ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(stackConfig)) {
        const full = qualify(key);
        if (isSecure(value)) {
            // An empty ciphertext decrypts to nothing: keep it empty so config validation names it.
            const emptySecure = typeof value === "object" && value !== null && (value as { secure?: unknown }).secure === "";
            values[full] = emptySecure ? "" : secretPlaceholder(full);
            secretKeys.add(full);
        } else {
            values[full] = asConfigString(value);
        }
    }
    for (const [key, value] of Object.entries(overrides.config ?? {})) {
        values[qualify(key)] = value;
        secretKeys.delete(qualify(key));
    }
    for (const [key, value] of Object.entries(overrides.secrets ?? {})) {
        values[qualify(key)] = value;
        secretKeys.add(qualify(key));
    }
    return { project: projectName, stack, values, secretKeys };
}

/**
 * The `secure:` values of a stack file as written (ciphertexts), by full
 * key. They cannot be decrypted offline, but a changed ciphertext tells that
 * the secret was set again: the plan's diff reports it as changed, without
 * showing either value.
 */
export function secureValues(dir: string, stack: string): Record<string, string> {
    const project = String(readYaml(path.join(dir, "Pulumi.yaml")).name);
    const stackConfig = (readYaml(path.join(dir, `Pulumi.${stack}.yaml`)).config ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(stackConfig)
        .filter(([, value]) => isSecure(value))
        .map(([key, value]) => [key.includes(":") ? key : `${project}:${key}`, JSON.stringify(value)]));
}

