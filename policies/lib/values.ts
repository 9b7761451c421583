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

/** A plain deep copy of (proxied) props, unknowns as UNKNOWN. */
export function snapshot(value: unknown): unknown {
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
        (copy as Record<string, unknown>)[key] = snapshot(child);
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
