// The values provider rules read, and the shapes they share
// (tools/offline/provider-rules.ts and the modules that add rows to it):
// a registration's inputs as the rules see them, unknowns and secrets marked,
// and the rule, finding and violation types.
import { RESOURCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE, type Registration } from "./capture";
import type { SourceRef } from "./sources/constraints";

/** A value known only after deployment. */
export const UNKNOWN: unique symbol = Symbol("unknown");
/** A secret input: rules read its value, messages never show it. */
export class SecretInput {
    constructor(readonly value: unknown) {}
}

/** A registered resource as the rules see it. */
export interface RuleResource {
    readonly urn: string;
    readonly type: string;
    /** Logical (Pulumi) name. */
    readonly name: string;
    /** Inputs: secrets as SecretInput, preview unknowns as UNKNOWN, resource references as URNs. */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Per input, the URNs of the resources its value comes from. */
    readonly dependencies: Readonly<Record<string, readonly string[]>>;
}

/** One broken rule on one value. */
export interface Finding {
    /** Input path, e.g. `healthCheck.interval` or `forwardingRules[1].entryPort`. */
    readonly property: string;
    /** The value as shown (secrets as [secret]). */
    readonly value: string;
    /** What is allowed, when it depends on the resource; else the rule's limit. */
    readonly limit?: string;
}

export interface ProviderRule {
    readonly id: string;
    /** Resource types the rule applies to. */
    readonly types: readonly string[];
    /** The input(s) the rule reads, as shown in the reference. */
    readonly property: string;
    /** What is allowed, completing "allowed ...". */
    readonly limit: string;
    readonly source: string;
    /** Checks one resource. */
    readonly check?: (resource: RuleResource) => readonly Finding[];
    /** Checks resources together (cross-resource rules); findings name their resource. */
    readonly checkStack?: (resources: readonly RuleResource[]) => readonly (Finding & { readonly urn: string })[];
    /**
     * The sources as data: a test (tests/provider-rules-sources.test.ts) holds
     * the rule to exactly what they allow together. Rules without are checked
     * by reading their source.
     */
    readonly sources?: readonly SourceRef[];
}

export interface ProviderRuleViolation {
    readonly rule: string;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly property: string;
    readonly value: string;
    readonly limit: string;
    readonly source: string;
}

// ---------------------------------------------------------------------------
// Reading inputs

function fromWireForRules(value: unknown): unknown {
    if (value === UNKNOWN_VALUE) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(fromWireForRules);
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
        const inner = fromWireForRules(record.value);
        return inner === UNKNOWN ? UNKNOWN : new SecretInput(inner);
    }
    if (record[SIG_KEY] === RESOURCE_SIG) {
        return record.urn;
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fromWireForRules(v)]));
}

/** A registration as the rules see it. */
export function ruleResourceOf(r: Registration): RuleResource {
    return { urn: r.urn, type: r.type, name: r.name, inputs: fromWireForRules(r.inputs) as Record<string, unknown>, dependencies: r.propertyDependencies };
}

/** The value under a secret wrapper. */
export function plain(value: unknown): unknown {
    return value instanceof SecretInput ? value.value : value;
}

/** The value as a message shows it: secrets never. */
export function show(value: unknown): string {
    if (value instanceof SecretInput) {
        return "[secret]";
    }
    if (typeof value === "string") {
        return JSON.stringify(value.length > 100 ? `${value.slice(0, 97)}...` : value);
    }
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export interface Located {
    readonly path: string;
    readonly value: unknown;
}

/**
 * Every value at `path` ("a.b", "a[].b" walks a list), with its concrete
 * path; absent values are left out, unknown ones kept as UNKNOWN.
 */
export function valuesAt(inputs: Readonly<Record<string, unknown>>, path: string): Located[] {
    let current: Located[] = [{ path: "", value: inputs }];
    for (const segment of path.split(".")) {
        const list = segment.endsWith("[]");
        const key = list ? segment.slice(0, -2) : segment;
        const next: Located[] = [];
        for (const { path: at, value } of current) {
            const container = plain(value);
            if (typeof container !== "object" || container === null || Array.isArray(container)) {
                continue;
            }
            const child = (container as Record<string, unknown>)[key];
            const childPath = at === "" ? key : `${at}.${key}`;
            if (child === undefined || child === null) {
                continue;
            }
            if (!list) {
                next.push({ path: childPath, value: child });
            } else if (Array.isArray(plain(child))) {
                (plain(child) as unknown[]).forEach((item, i) => {
                    if (item !== undefined && item !== null) {
                        next.push({ path: `${childPath}[${i}]`, value: item });
                    }
                });
            }
        }
        current = next;
    }
    return current;
}
