// Reading resource properties safely. During preview the pack's props are an
// unknownCheckingProxy that throws UnknownValueError on any unknown value;
// one throw would make the engine report the whole policy as "not run". So
// rules take a plain snapshot first, with every unknown replaced by UNKNOWN,
// and check only what is known.
import { PolicyConfigSchema, UnknownValueError } from "@pulumi/policy";

export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/** True when any value inside is unknown. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) {
        return true;
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

/**
 * The server's proxy (@pulumi/policy proxy.js, internal and untyped): its
 * "__getSpecialProxyTarget" key hands out the decoded props it wraps, and its
 * exported unknown*Value strings are the sentinels its get trap throws on.
 * Copying that object directly gives what walking the proxy gives, without a
 * proxy, an array and a property descriptor per value read: every resource
 * rule snapshots every resource, and that walk was the pack's largest cost
 * of its own (values.js snapshot, CPU profile of the pack over the tests).
 * Undefined when the installed SDK has no such module: snapshot then walks
 * the proxy.
 */
const PROXY = ((): { readonly targetKey: string; readonly unknowns: ReadonlySet<string> } | undefined => {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
        const unknowns = Object.keys(proxy).filter((k) => /^unknown[A-Z][A-Za-z]*Value$/.test(k)).map((k) => proxy[k]);
        return typeof proxy.getSpecialProxyTarget === "string" && unknowns.length > 0 && unknowns.every((u) => typeof u === "string")
            ? { targetKey: proxy.getSpecialProxyTarget, unknowns: new Set(unknowns as string[]) }
            : undefined;
    } catch {
        return undefined;
    }
})();

/** Whether snapshot copies the proxy's target (true with the installed SDK; tests/policies/values.test.ts). */
export const SNAPSHOT_COPIES_PROXY_TARGET = PROXY !== undefined;

/** A plain deep copy of decoded props (a proxy's target), unknown sentinels as UNKNOWN. */
function copyDecoded(value: unknown, unknowns: ReadonlySet<string>): unknown {
    if (typeof value === "string") {
        return unknowns.has(value) ? UNKNOWN : value;
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    for (const key of Object.keys(value)) {
        (copy as Record<string, unknown>)[key] = copyDecoded((value as Record<string, unknown>)[key], unknowns);
    }
    return copy;
}

/** A plain deep copy of (proxied) props, unknowns as UNKNOWN. */
export function snapshot(value: unknown): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    if (PROXY !== undefined) {
        const target = (value as Record<string, unknown>)[PROXY.targetKey];
        if (typeof target === "object" && target !== null) {
            return copyDecoded(target, PROXY.unknowns);
        }
    }
    return snapshotThroughProxy(value);
}

/** snapshot's walk through the proxy itself: each value read through its get trap, an unknown one caught as it throws. */
export function snapshotThroughProxy(value: unknown): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    for (const key of Object.keys(value)) {
        let child: unknown;
        try {
            child = (value as Record<string, unknown>)[key];
        } catch (err) {
            if (err instanceof UnknownValueError) {
                (copy as Record<string, unknown>)[key] = UNKNOWN;
                continue;
            }
            throw err;
        }
        (copy as Record<string, unknown>)[key] = snapshotThroughProxy(child);
    }
    return copy;
}

export type Props = Readonly<Record<string, unknown>>;

/** The snapshot of a resource's props as a record. */
export function propsOf(resource: { readonly props: unknown }): Props {
    const s = snapshot(resource.props);
    return typeof s === "object" && s !== null && !Array.isArray(s) ? s as Props : {};
}

export function asRecord(value: unknown): Props | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Props : undefined;
}

export function asList(value: unknown): readonly unknown[] {
    return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** Numbers, and numeric strings (ECS task cpu/memory are strings). */
export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number") {
        return value;
    }
    if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())) {
        return Number(value);
    }
    return undefined;
}

/** Known strings of a list (unknown elements are skipped). */
export function knownStrings(value: unknown): string[] {
    return asList(value).filter((v): v is string => typeof v === "string");
}

/** Merges a policy's given config over its schema defaults (the engine sends both; hand-run args may not). */
export function settings<T>(schema: PolicyConfigSchema, given: object): T {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
        if (typeof property === "object" && property.default !== undefined) {
            defaults[key] = property.default;
        }
    }
    return { ...defaults, ...given } as T;
}

/** Parses a JSON string property (e.g. containerDefinitions, IAM policies); undefined when not JSON. */
export function parseJson(value: unknown): unknown {
    if (typeof value !== "string") {
        return typeof value === "object" && value !== null ? value : undefined;
    }
    try {
        return JSON.parse(value) as unknown;
    } catch {
        return undefined;
    }
}
