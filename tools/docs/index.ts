// The generated references: each docs/ file and what it is rendered from.
// `npm run docs` (cli.ts) writes them; tests/docs.test.ts renders them again
// and fails on any difference from the committed files.
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENT_DEFAULTS, formatPath } from "../../components/config";
import { REMOVED_KEYS, rawStackSchema } from "../../components/config/schema";
import { CATALOG, PACK } from "../../policies/catalog";
import { providerRulesMarkdown } from "../offline/provider-rules";
import { listStacks, readStackConfig } from "../stack-file";
import { configMarkdown, defaultsApplied } from "./config-doc";
import { generatedHeader } from "./markdown";
import { policiesMarkdown } from "./policies-doc";

/** The stack whose file gives the worked example. */
const EXAMPLE_STACK = "dev";
/** The list key whose first item is the worked example: a service shows most of the schema. */
const EXAMPLE_LIST = "services";

function parseValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** A stack's config in the schema's shape (top-level keys as the schema names them), secrets left out. */
function rawConfig(root: string, stack: string): { readonly project: string; readonly raw: Record<string, unknown> } {
    const input = readStackConfig(root, stack);
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(rawStackSchema.shape)) {
        const full = formatPath(input.project, [key]);
        if (input.values[full] !== undefined && !input.secretKeys.has(full)) {
            raw[key] = parseValue(input.values[full]);
        }
    }
    return { project: input.project, raw };
}

function renderConfig(root: string): string {
    const stacks = listStacks(root).map((stack) => ({ stack, fileName: `Pulumi.${stack}.yaml`, ...rawConfig(root, stack) }));
    const example = stacks.find((s) => s.stack === EXAMPLE_STACK);
    if (example === undefined) {
        throw new Error(`Pulumi.${EXAMPLE_STACK}.yaml: not found in ${path.basename(root)}; the worked example comes from it`);
    }
    const parsed = rawStackSchema.safeParse(example.raw);
    if (!parsed.success) {
        throw new Error(`${example.fileName} does not parse, so it cannot be the worked example: ${parsed.error.issues[0].message}`);
    }
    const list = example.raw[EXAMPLE_LIST];
    const inputItem: unknown = Array.isArray(list) ? list[0] : undefined;
    const defaults = defaultsApplied(inputItem, parsed.data[EXAMPLE_LIST][0], [EXAMPLE_LIST, 0])
        .map((d) => ({ key: formatPath(example.project, d.path), value: d.value }));
    return configMarkdown({
        schema: rawStackSchema,
        keyName: (top) => formatPath(example.project, [top]),
        stacks: stacks.map((s) => ({ fileName: s.fileName, raw: s.raw })),
        removedKeys: REMOVED_KEYS,
        environmentDefaults: ENVIRONMENT_DEFAULTS,
        example: {
            fileName: example.fileName,
            text: fs.readFileSync(path.join(root, example.fileName), "utf8"),
            listKey: formatPath(example.project, [EXAMPLE_LIST]),
            defaults,
        },
    });
}

function renderPolicies(root: string): string {
    const dir = path.join(root, "policies", "config");
    const stacks = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => ({
        name: f.replace(/\.json$/, ""),
        config: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>,
    }));
    return policiesMarkdown({ pack: PACK, catalog: CATALOG, stacks });
}

function renderProviderRules(): string {
    return `${generatedHeader("tools/offline/provider-rules.ts")}\n\n${providerRulesMarkdown().trimEnd()}\n`;
}

/** Every generated file, by path relative to the repository root, in path order. */
export function renderDocs(root: string): ReadonlyMap<string, string> {
    return new Map([
        ["docs/config.md", renderConfig(root)],
        ["docs/policies.md", renderPolicies(root)],
        ["docs/provider-rules.md", renderProviderRules()],
    ]);
}

/**
 * How the committed files differ from `rendered`: one message per file that
 * is missing or differs, naming it, the first differing line, and the fix.
 */
export function staleDocs(root: string, rendered: ReadonlyMap<string, string>): string[] {
    const problems: string[] = [];
    for (const [file, text] of rendered) {
        const target = path.join(root, file);
        if (!fs.existsSync(target)) {
            problems.push(`${file} is missing; run \`npm run docs\` and commit it`);
            continue;
        }
        const committed = fs.readFileSync(target, "utf8");
        if (committed !== text) {
            const a = committed.split("\n");
            const b = text.split("\n");
            const line = a.findIndex((l, i) => l !== b[i]);
            problems.push(`${file} differs from what the generator writes, first at line ${(line === -1 ? a.length : line) + 1}; run \`npm run docs\` and commit it`);
        }
    }
    return problems;
}
