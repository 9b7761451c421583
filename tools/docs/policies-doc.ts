// docs/policies.md: every rule of the pack, from policies/catalog.ts (never
// policies/index.ts, which starts the pack's gRPC server), with its level
// and settings per stack resolved by the offline analyzer's
// resolvePolicyConfig, the engine's reconciliation that `npm run plan` uses.
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import type { CatalogEntry, Source } from "../../policies/catalog";
import { resolvePolicyConfig, type JsonSchema, type PackInfo } from "../offline/analyzer";
import { code, generatedHeader, table, yamlValue } from "./markdown";
import { allowedText, defaultText, typeText, type SchemaNode } from "./schema-text";

export interface PackSettings {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
}

export interface PolicyStack {
    /** The stack name: dev for policies/config/dev.json. */
    readonly name: string;
    /** The --policy-pack-config file as parsed. */
    readonly config: Readonly<Record<string, unknown>>;
}

export interface PoliciesDocInput {
    readonly pack: PackSettings;
    readonly catalog: readonly CatalogEntry[];
    /** Sorted by name. */
    readonly stacks: readonly PolicyStack[];
}

/** A rule's configSchema properties; JSON Schema as written, read through the keywords both readers know. */
function propertiesOf(schema: PolicyConfigSchema | undefined): Readonly<Record<string, JsonSchema & SchemaNode>> {
    return (schema?.properties ?? {}) as Readonly<Record<string, JsonSchema & SchemaNode>>;
}

/** The pack as the engine's GetAnalyzerInfo reports it: a rule without its own level takes the pack's. */
export function packInfo(pack: PackSettings, catalog: readonly CatalogEntry[]): PackInfo {
    return {
        name: pack.name,
        version: "",
        policies: catalog.map(({ policy }) => ({
            name: policy.name,
            description: policy.description,
            enforcementLevel: policy.enforcementLevel ?? pack.enforcementLevel,
            type: "validateResource" in policy ? "resource" : "stack",
            configSchema: { properties: propertiesOf(policy.configSchema), required: policy.configSchema?.required ?? [] },
        })),
    };
}

/** The value a stack's file sets for a rule's setting, if it sets one. */
export function valueSet(config: Readonly<Record<string, unknown>>, policy: string, setting: string): { readonly value: unknown } | undefined {
    const entry = config[policy];
    return typeof entry === "object" && entry !== null && !Array.isArray(entry) && setting in entry
        ? { value: (entry as Record<string, unknown>)[setting] }
        : undefined;
}

function link(source: Source): string {
    return `${source.kind === "rule" ? "Rule" : "Reference"}: [${source.name.replace(/[[\]]/g, "\\$&")}](${source.url})`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function policiesMarkdown(input: PoliciesDocInput): string {
    const info = packInfo(input.pack, input.catalog);
    const resolved = input.stacks.map((s) => resolvePolicyConfig(info, s.config));
    const stackNames = input.stacks.map((s) => s.name);
    const levels = (name: string) => resolved.map((r) => code(r[name].enforcementLevel));
    const kind = (name: string) => info.policies.find((p) => p.name === name)?.type === "stack" ? "the whole stack" : "each resource";
    const concerns = [...new Set(input.catalog.map((e) => e.concern))];
    const lines = [
        generatedHeader("policies/catalog.ts and policies/config/<stack>.json"),
        "",
        "# Policy pack reference",
        "",
        `The ${input.catalog.length} rules of the policy pack ${code(input.pack.name)} (\`policies/\`): ${input.pack.description}`,
        "",
        `A rule's level in a stack is resolved as the Pulumi engine resolves it: the pack's default (${code(input.pack.enforcementLevel)})`,
        "or the rule's own, then `all` in `policies/config/<stack>.json`, then the rule's own entry there.",
        "A setting is its default unless the stack's file sets it (\"—\": not set). A `mandatory`",
        "violation stops `pulumi preview` and `pulumi up`; an `advisory` one is reported.",
        "",
        "## Rules",
        "",
        ...table(["rule", "concern", "checks", ...stackNames], input.catalog.map((e) => [code(e.policy.name), e.concern, kind(e.policy.name), ...levels(e.policy.name)])),
        "",
    ];
    for (const concern of concerns) {
        lines.push(`## ${capitalized(concern)}`, "");
        for (const entry of input.catalog.filter((e) => e.concern === concern)) {
            const { policy } = entry;
            const properties = Object.entries(propertiesOf(policy.configSchema));
            const required = policy.configSchema?.required ?? [];
            lines.push(
                `### ${code(policy.name)}`,
                "",
                policy.description,
                "",
                `Concern: ${entry.concern}. Checks ${kind(policy.name)}. Level: ${stackNames.map((s, i) => `${s} ${levels(policy.name)[i]}`).join(", ")}.`,
                "",
            );
            if (entry.covers !== undefined) {
                lines.push(entry.covers.length === 0
                    ? "Catalog checks covered: none (no public rule set checks this; its tests come from the sources below)."
                    : `Catalog checks covered: ${entry.covers.map(code).join(", ")}.`, "");
            }
            if (properties.length === 0) {
                lines.push("Settings: none.", "");
            } else {
                lines.push(...table(
                    ["setting", "type", "allowed", "default", ...stackNames, "description"],
                    properties.map(([key, schema]) => [
                        code(key), typeText(schema), allowedText(schema), defaultText(schema, required.includes(key)),
                        ...input.stacks.map((s) => {
                            const set = valueSet(s.config, policy.name, key);
                            return set === undefined ? "—" : code(yamlValue(set.value));
                        }),
                        schema.description ?? "",
                    ]),
                ), "");
            }
            lines.push(...(entry.sources.length === 0
                ? ["Sources: none public; a rule of this project."]
                : ["Sources:", "", ...entry.sources.map((s) => `- ${link(s)}`)]), "");
        }
    }
    return `${lines.join("\n").trimEnd()}\n`;
}
