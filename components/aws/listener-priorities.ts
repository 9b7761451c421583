// Priorities of the HTTPS listener's rules. They come from the service name,
// not its position in the list: a priority taken from the list index changes
// when a service is added in the middle or removed, and the update then fails
// with PriorityInUse (the ALB checks uniqueness rule by rule). Rules are
// evaluated from the lowest priority (ELB API, CreateRule: "Priority: 1 to
// 50000"), so bands keep them ordered: rules with paths first, then the
// health-check hostnames, then the catch-all rule of each hostname.
import * as crypto from "crypto";

export const LISTENER_RULE_PRIORITY_MIN = 1;
export const LISTENER_RULE_PRIORITY_MAX = 50000;

export const PRIORITY_BANDS = {
    /** Host + path rules: before the catch-all rule of the same hostname. */
    paths: { from: 1000, to: 19999 },
    /** Health-check hostnames: never overlap another rule's host. */
    health: { from: 20000, to: 39999 },
    /** Host-only rules, last. */
    catchAll: { from: 40000, to: 49999 },
} as const;

type Band = keyof typeof PRIORITY_BANDS;

/** A stable priority for a service in a band: a hash of the name, so it survives reordering. */
export function derivedPriority(serviceName: string, band: Band): number {
    const { from, to } = PRIORITY_BANDS[band];
    const n = crypto.createHash("sha256").update(`${band}:${serviceName}`).digest().readUInt32BE(0);
    return from + (n % (to - from + 1));
}

export interface PriorityRequest {
    readonly index: number;
    readonly name: string;
    readonly hostname: string;
    readonly hasPaths: boolean;
    /** fargate.listenerRulePriority, when set. */
    readonly explicit?: number;
}

export interface ResolvedPriorities {
    readonly byService: ReadonlyMap<string, { readonly routing: number; readonly health: number }>;
    /** Problems as [path under services, message]. */
    readonly problems: readonly (readonly [readonly (string | number)[], string])[];
}

/**
 * Every Fargate service's routing and health rule priorities. Explicit
 * priorities are claimed first and must be unique; derived ones then take the
 * first free priority of their band from their hash on (in hash, then name,
 * order), so a collision moves only the services involved. A path rule must
 * come before its hostname's catch-all rule.
 */
export function resolvePriorities(requests: readonly PriorityRequest[]): ResolvedPriorities {
    const problems: [(string | number)[], string][] = [];
    const taken = new Map<number, string>();
    const routing = new Map<string, number>();
    const health = new Map<string, number>();
    for (const r of requests.filter((q) => q.explicit !== undefined)) {
        const holder = taken.get(r.explicit!);
        if (holder !== undefined) {
            problems.push([[r.index, "fargate", "listenerRulePriority"], `${r.explicit} is already the priority of ${holder}; allowed a priority no other listener rule has`]);
            continue;
        }
        taken.set(r.explicit!, `services[${r.index}] (${r.name})`);
        routing.set(r.name, r.explicit!);
    }
    const derived = [
        ...requests.filter((q) => q.explicit === undefined).map((r) => ({ r, band: (r.hasPaths ? "paths" : "catchAll") as Band, into: routing, what: `services[${r.index}] (${r.name})` })),
        ...requests.map((r) => ({ r, band: "health" as Band, into: health, what: `the health-check rule of services[${r.index}] (${r.name})` })),
    ].map((d) => ({ ...d, start: derivedPriority(d.r.name, d.band) }))
        .sort((a, b) => a.start - b.start || (a.r.name < b.r.name ? -1 : a.r.name > b.r.name ? 1 : 0));
    for (const d of derived) {
        const { from, to } = PRIORITY_BANDS[d.band];
        let priority = d.start;
        while (taken.has(priority)) {
            priority = priority === to ? from : priority + 1;
        }
        taken.set(priority, d.what);
        d.into.set(d.r.name, priority);
    }
    const byService = new Map<string, { routing: number; health: number }>();
    for (const r of requests) {
        byService.set(r.name, { routing: routing.get(r.name) ?? 0, health: health.get(r.name)! });
    }
    for (const r of requests.filter((q) => q.hasPaths)) {
        const catchAll = requests.find((q) => q.hostname === r.hostname && !q.hasPaths);
        const mine = routing.get(r.name);
        const theirs = catchAll === undefined ? undefined : routing.get(catchAll.name);
        if (catchAll !== undefined && mine !== undefined && theirs !== undefined && mine > theirs) {
            problems.push([[r.index, "fargate", "listenerRulePriority"], `${mine} comes after services[${catchAll.index}]'s catch-all rule (${theirs}) for ${r.hostname}, so its paths would never reach it; allowed a priority below ${theirs}`]);
        }
    }
    return { byService, problems };
}
