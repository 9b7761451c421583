// What Route 53 and an ALB do with a request, as pure functions the traffic
// rules ask: the share each weighted record gets given which records are
// healthy, whether a health check can ever fail, which status codes a target
// group matcher counts as healthy, and which target groups an ALB listener
// sends a request to, rule by rule in priority order.

export interface WeightedAnswer {
    readonly id: string;
    readonly weight: number;
    /** Whether Route 53 counts it healthy: a record without a health check always is. */
    readonly healthy: boolean;
}

/**
 * The share of DNS answers each record of a weighted group gets (Route 53
 * Developer Guide, "Weighted routing" and "How Amazon Route 53 chooses
 * records when health checking is configured"):
 * - only healthy records answer; if none is healthy, all count as healthy;
 * - among them the records with a non-zero weight share by weight;
 * - weight-0 records answer only when no non-zero record is healthy, and
 *   then equally, as do all records of a group whose weights are all 0.
 */
export function route53Shares(records: readonly WeightedAnswer[]): Map<string, number> {
    const shares = new Map(records.map((r) => [r.id, 0]));
    if (records.length === 0) {
        return shares;
    }
    const healthy = records.some((r) => r.healthy) ? records.filter((r) => r.healthy) : records;
    const weighted = healthy.filter((r) => r.weight > 0);
    const total = weighted.reduce((sum, r) => sum + r.weight, 0);
    if (weighted.length > 0) {
        weighted.forEach((r) => shares.set(r.id, r.weight / total));
    } else {
        healthy.forEach((r) => shares.set(r.id, 1 / healthy.length));
    }
    return shares;
}

/**
 * Status codes a target group matcher counts as healthy ("200", "200,202",
 * "200-299"; HTTP codes 200-499 for ALB, gRPC 0-99), or undefined when it is
 * not a matcher. ELB API Matcher.HttpCode.
 */
export function matcherCodes(matcher: string): number[] | undefined {
    const codes: number[] = [];
    for (const part of matcher.split(",").map((p) => p.trim())) {
        const m = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(part);
        if (m === null) {
            return undefined;
        }
        const from = Number(m[1]);
        const to = Number(m[2] ?? m[1]);
        for (let c = from; c <= to; c++) {
            codes.push(c);
        }
    }
    return codes;
}

/** The error codes (4xx, 5xx) a matcher counts healthy, as "404, 500-599"-style ranges. */
export function errorCodesCountedHealthy(matcher: string): string | undefined {
    const codes = matcherCodes(matcher)?.filter((c) => c >= 400);
    if (codes === undefined || codes.length === 0) {
        return undefined;
    }
    const ranges: string[] = [];
    let start = codes[0];
    for (let i = 1; i <= codes.length; i++) {
        if (i === codes.length || codes[i] !== codes[i - 1] + 1) {
            ranges.push(start === codes[i - 1] ? String(start) : `${start}-${codes[i - 1]}`);
            start = codes[i];
        }
    }
    return ranges.join(", ");
}

export interface AlbRule {
    readonly name: string;
    /** Evaluation order: lower first; the default action is last (Infinity). */
    readonly priority: number;
    /** Host headers it matches; undefined: any host. */
    readonly hosts: readonly string[] | undefined;
    /** Path patterns it matches; undefined: any path. */
    readonly paths: readonly string[] | undefined;
    /** Share of requests per target group key (weights normalised; all-zero weights: none). */
    readonly split: ReadonlyMap<string, number>;
}

/** Target group shares of a forward action's weights (ELB: weight 0-999; a single target group gets everything). */
export function splitOf(groups: readonly { readonly key: string; readonly weight: number | undefined }[]): Map<string, number> {
    if (groups.length === 1) {
        return new Map([[groups[0].key, 1]]);
    }
    const total = groups.reduce((sum, g) => sum + (g.weight ?? 1), 0);
    return new Map(groups.map((g) => [g.key, total === 0 ? 0 : (g.weight ?? 1) / total]));
}

/** An ALB host condition value matches a host: exact, or with "*" and "?" wildcards (case-insensitive). */
export function hostMatches(pattern: string, host: string): boolean {
    const re = new RegExp(`^${pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    return re.test(host.toLowerCase());
}

/** Whether two rules can match the same request: their host sets meet (any host meets all). */
export function hostsOverlap(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    if (a === undefined || b === undefined) {
        return true;
    }
    return a.some((x) => b.some((y) => hostMatches(x, y) || hostMatches(y, x)));
}

export interface Bypass {
    readonly rule: AlbRule;
    readonly of: AlbRule;
    /** The target group that gets more than the weighted split gives it. */
    readonly group: string;
    readonly share: number;
    readonly intended: number;
}

/**
 * Rules evaluated before a weighted split (a forward to several target
 * groups) that can match its requests and send a target group other than
 * the split's main (largest-weight) one a larger share than the split does:
 * they route around the stable path. Each rule is reported once, against the
 * first split it precedes.
 */
export function bypassesOfSplit(rules: readonly AlbRule[]): Bypass[] {
    const found: Bypass[] = [];
    const sorted = [...rules].sort((a, b) => a.priority - b.priority);
    for (const split of sorted.filter((r) => r.split.size > 1)) {
        const main = [...split.split.entries()].sort((a, b) => b[1] - a[1])[0][0];
        for (const earlier of sorted.filter((r) => r.priority < split.priority && hostsOverlap(r.hosts, split.hosts))) {
            for (const [group, share] of earlier.split) {
                const intended = split.split.get(group);
                if (intended !== undefined && group !== main && share > intended + 1e-9 && !found.some((f) => f.rule === earlier && f.group === group)) {
                    found.push({ rule: earlier, of: split, group, share, intended });
                }
            }
        }
    }
    return found;
}
