// Runs the `pulumi config` commands the tool prints (the plan's text,
// Markdown and JSON, the traffic output, the runbook, --help, error messages)
// against a COPY of a stack file, the way the Pulumi CLI would, so a test can
// assert that every printed command leads to a config the plan accepts.
//
// Supported, with the Pulumi CLI's semantics (pulumi/pulumi
// sdk/go/common/resource/config/map.go: Map.Set, Map.Remove, adjustObjectValue;
// resource.ParsePropertyPath for the path syntax):
//   pulumi config set [--path] [--secret | --plaintext] <key> <value> [--stack <s> | -s <s>]
//   pulumi config rm  [--path] <key> [--stack <s> | -s <s>]
//   - <key> is [<namespace>:]<name>; without a namespace, the project's.
//   - Without --path the value is stored as a plain string (a secret as { secure }).
//   - With --path, <name> is a property path: a.b, a[0], a["key with dots"].
//     Missing maps and lists on the way are created (an index may append at
//     the list's end, never beyond: "array index out of range"); a segment of
//     the wrong kind fails ("a map was expected", "an array was expected").
//     The value is adjusted: "true"/"false" become booleans, a whole number
//     without a leading 0 becomes a number, anything else stays a string.
//   - rm --path of something absent changes nothing; of a list item, removes
//     it (the later items move up).
//   - Several commands joined by && run in order.
// Refused loudly (HarnessRefusal), never guessed: any other pulumi command or
// flag (--json, --type, --config-file, set-all, get), set without a value
// (the CLI would read stdin), --secret with --path (the offline plan reads a
// key holding a nested secret as one secret, so the result could not be
// judged), a stack other than the one given, pipes, redirections, `;`, and
// any $(...), $VAR or <placeholder> the test did not give a value for.
import { parse as parseShell } from "shell-quote";
import { parse as parseYaml, stringify } from "yaml";

export class HarnessRefusal extends Error {
    override name = "HarnessRefusal";
}

export interface ConfigCommand {
    readonly verb: "set" | "rm";
    readonly path: boolean;
    readonly secret: boolean;
    /** Fully qualified: migration:services[0].traffic.fargatePercent */
    readonly key: string;
    readonly value?: string;
    readonly stack?: string;
    /** The command as printed. */
    readonly text: string;
}

export interface CommandContext {
    /** The project name: the namespace of keys written without one. */
    readonly project: string;
    /** The stack the commands must name (when they name one). */
    readonly stack: string;
    /**
     * Text that replaces what the command could not know by itself: a
     * command substitution `"$(pulumi stack output zoneId --stack prod)"`,
     * a placeholder `<value>`. Replaced before the command is parsed.
     */
    readonly substitutions?: Readonly<Record<string, string>>;
}

/**
 * Every `pulumi config set|rm` command in a text: shell lines (a `#` comment,
 * a `$ ` prompt and backslash-newline continuations handled), commands inside
 * backticks of prose, and values of JSON strings. Each is returned whole,
 * with its && chain.
 */
export function findConfigCommands(text: string): string[] {
    const joined = text.replace(/\s*\\\n\s*/g, " ");
    const found: string[] = [];
    const re = /pulumi config (?:set|rm)\b[^`\n"|]*(?:"[^"\n]*"[^`\n"|]*)*/g;
    for (const line of joined.split("\n")) {
        const code = line.replace(/^\s*\$ /, "");
        for (const match of code.matchAll(re)) {
            found.push(match[0].replace(/\s+#.*$/, "").replace(/[.;,)]+$/, "").trim());
        }
    }
    return found;
}

/** One chain (a && b) as its commands, parsed; refused loudly when it is not a form this harness supports. */
export function parseConfigCommands(chain: string, context: CommandContext): ConfigCommand[] {
    let text = chain;
    for (const [from, to] of Object.entries(context.substitutions ?? {})) {
        text = text.split(from).join(to);
    }
    if (/\$\(|`/.test(text)) {
        throw new HarnessRefusal(`${chain}: a command substitution the test gave no value for`);
    }
    const placeholder = /<[^<>\s]+>/.exec(text);
    if (placeholder !== null) {
        throw new HarnessRefusal(`${chain}: the placeholder ${placeholder[0]} has no value in this test`);
    }
    const tokens = parseShell(text, (name) => {
        throw new HarnessRefusal(`${chain}: the shell variable $${name} has no value in this test`);
    });
    const commands: (string)[][] = [[]];
    for (const token of tokens) {
        if (typeof token === "string") {
            commands[commands.length - 1].push(token);
        } else if ("op" in token && token.op === "&&") {
            commands.push([]);
        } else {
            throw new HarnessRefusal(`${chain}: ${JSON.stringify(token)} is not supported (only commands joined by &&)`);
        }
    }
    return commands.map((words) => parseOne(words, chain, context));
}

function parseOne(words: readonly string[], chain: string, context: CommandContext): ConfigCommand {
    const [pulumi, config, verb, ...rest] = words;
    if (pulumi !== "pulumi" || config !== "config" || (verb !== "set" && verb !== "rm")) {
        throw new HarnessRefusal(`${chain}: ${words.slice(0, 3).join(" ")} is not a pulumi config set or rm command`);
    }
    let path = false;
    let secret = false;
    let stack: string | undefined;
    const positional: string[] = [];
    for (let i = 0; i < rest.length; i++) {
        const word = rest[i];
        if (word === "--path") {
            path = true;
        } else if (word === "--secret" && verb === "set") {
            secret = true;
        } else if (word === "--plaintext" && verb === "set") {
            secret = false;
        } else if (word === "--stack" || word === "-s") {
            stack = rest[++i];
        } else if (word.startsWith("--stack=")) {
            stack = word.slice("--stack=".length);
        } else if (word.startsWith("-") && word !== "-") {
            throw new HarnessRefusal(`${chain}: the flag ${word} is not supported by this harness`);
        } else {
            positional.push(word);
        }
    }
    if (stack !== undefined && stack !== context.stack) {
        throw new HarnessRefusal(`${chain}: names stack ${stack}, but the test gave the stack file of ${context.stack}`);
    }
    if (secret && path) {
        throw new HarnessRefusal(`${chain}: --secret with --path is not supported (the offline plan reads a key holding a nested secret as one secret)`);
    }
    const expected = verb === "set" ? 2 : 1;
    if (positional.length !== expected) {
        throw new HarnessRefusal(`${chain}: pulumi config ${verb} takes ${expected === 2 ? "a key and a value" : "a key"}, found ${JSON.stringify(positional)}`);
    }
    const [rawKey, value] = positional;
    const key = /^[^:[.]+:/.test(rawKey) ? rawKey : `${context.project}:${rawKey}`;
    return { verb, path, secret, key, value, stack, text: words.join(" ") };
}

type Segment = string | number;

/** resource.ParsePropertyPath's syntax: a.b, a[0], a["key"]. */
export function parsePropertyPath(name: string): Segment[] {
    const segments: Segment[] = [];
    let i = 0;
    const fail = (why: string) => new HarnessRefusal(`invalid config key path ${JSON.stringify(name)}: ${why}`);
    while (i < name.length) {
        if (name[i] === "[") {
            const close = name.indexOf("]", i);
            if (close < 0) {
                throw fail("a [ is never closed");
            }
            const inner = name.slice(i + 1, close);
            if (/^\d+$/.test(inner)) {
                segments.push(Number(inner));
            } else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) {
                segments.push(JSON.parse(inner) as string);
            } else {
                throw fail(`[${inner}] is neither an index nor a quoted key`);
            }
            i = close + 1;
            if (name[i] === ".") {
                i++;
            }
        } else {
            const end = name.slice(i).search(/[.[]/);
            const part = end < 0 ? name.slice(i) : name.slice(i, i + end);
            if (part === "") {
                throw fail("an empty segment");
            }
            segments.push(part);
            i += part.length;
            if (name[i] === ".") {
                i++;
            }
        }
    }
    if (segments.length === 0 || typeof segments[0] !== "string") {
        throw fail("the first segment must be a key");
    }
    return segments;
}

/** adjustObjectValue: "true"/"false" to booleans, whole numbers (no leading 0) to numbers, else the string. */
export function adjustValue(value: string): unknown {
    if (value === "true" || value === "false") {
        return value === "true";
    }
    if (value.length > 1 && value.startsWith("0")) {
        return value;
    }
    return /^[+-]?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

/** Applies one command to a stack file's `config` map (values as the YAML holds them), as the CLI would. */
export function applyConfigCommand(config: Record<string, unknown>, command: ConfigCommand): void {
    const colon = command.key.indexOf(":");
    const namespace = command.key.slice(0, colon);
    const name = command.key.slice(colon + 1);
    if (!command.path) {
        if (command.verb === "rm") {
            delete config[command.key];
        } else {
            config[command.key] = command.secret ? { secure: `harness-ciphertext-of-${command.key}` } : command.value;
        }
        return;
    }
    const segments = parsePropertyPath(name);
    const rootKey = `${namespace}:${segments[0] as string}`;
    if (segments.length === 1) {
        if (command.verb === "rm") {
            delete config[rootKey];
        } else {
            config[rootKey] = command.value;
        }
        return;
    }
    const root: Record<string, unknown> = {};
    if (rootKey in config) {
        const existing = structuredClone(config[rootKey]);
        root[segments[0] as string] = typeof existing === "string" ? undefined : existing;
    }
    if (command.verb === "rm") {
        let parent: unknown = root;
        for (const segment of segments.slice(0, -1)) {
            parent = child(parent, segment);
            if (parent === undefined) {
                return; // absent: nothing to remove
            }
        }
        const last = segments[segments.length - 1];
        if (Array.isArray(parent) && typeof last === "number") {
            if (last < parent.length) {
                parent.splice(last, 1);
            }
        } else if (isMap(parent) && typeof last === "string") {
            delete parent[last];
        }
    } else {
        let cursor: unknown = root;
        for (let i = 0; i < segments.length - 1; i++) {
            const [segment, next] = [segments[i], segments[i + 1]];
            let value = child(cursor, segment);
            if (value === undefined || value === null) {
                value = typeof next === "number" ? [] : {};
                put(cursor, segment, value);
            } else if (typeof next === "number" && !Array.isArray(value)) {
                throw new HarnessRefusal(`${command.text}: an array was expected for index ${next} (as the CLI fails)`);
            } else if (typeof next === "string" && !isMap(value)) {
                throw new HarnessRefusal(`${command.text}: a map was expected for key "${next}" (as the CLI fails)`);
            }
            cursor = value;
        }
        put(cursor, segments[segments.length - 1], adjustValue(command.value!), command.text);
    }
    config[rootKey] = root[segments[0] as string];
}

function isMap(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(container: unknown, segment: Segment): unknown {
    if (Array.isArray(container) && typeof segment === "number") {
        return container[segment];
    }
    return isMap(container) && typeof segment === "string" ? container[segment] : undefined;
}

function put(container: unknown, segment: Segment, value: unknown, text = ""): void {
    if (Array.isArray(container) && typeof segment === "number") {
        if (segment > container.length) {
            throw new HarnessRefusal(`${text}: array index out of range (as the CLI fails)`);
        }
        container[segment] = value;
    } else if (isMap(container) && typeof segment === "string") {
        container[segment] = value;
    } else {
        throw new HarnessRefusal(`${text}: cannot set ${JSON.stringify(segment)} inside ${JSON.stringify(container)}`);
    }
}

/** A stack file's text with the chains applied in order: what the file holds after running them. */
export function runOnStackFile(stackFileText: string, chains: readonly string[], context: CommandContext): string {
    const document = (parseYaml(stackFileText, { merge: true }) ?? {}) as { config?: Record<string, unknown> };
    const config = { ...(document.config ?? {}) };
    for (const chain of chains) {
        for (const command of parseConfigCommands(chain, context)) {
            applyConfigCommand(config, command);
        }
    }
    return stringify({ ...document, config });
}
