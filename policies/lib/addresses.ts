// Address-space arithmetic for the reachability model: CIDRs parsed by
// ip-address (a maintained library: v4 and v6, host bits, single addresses),
// kept as sorted disjoint intervals of address integers so that several
// ranges can be added up, private space taken out and the rest counted.
// "From the internet" is then a question of size, not of spelling:
// 0.0.0.0/0, 0.0.0.0/1 + 128.0.0.0/1, ::/0, 2000::/3 or a list of /8s all
// admit most of the public address space.
import { Address4, Address6 } from "ip-address";

export type Family = 4 | 6;

/** An inclusive interval of address integers (or ports). */
export interface Interval {
    readonly start: bigint;
    readonly end: bigint;
}

/** Sorted, merged, disjoint intervals. */
function normalize(intervals: readonly Interval[]): Interval[] {
    const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const out: Interval[] = [];
    for (const i of sorted) {
        const last = out[out.length - 1];
        if (last !== undefined && i.start <= last.end + 1n) {
            if (i.end > last.end) {
                out[out.length - 1] = { start: last.start, end: i.end };
            }
        } else {
            out.push(i);
        }
    }
    return out;
}

function subtractIntervals(from: readonly Interval[], take: readonly Interval[]): Interval[] {
    let result = [...from];
    for (const t of take) {
        result = result.flatMap((i) => {
            if (t.end < i.start || t.start > i.end) {
                return [i];
            }
            const parts: Interval[] = [];
            if (t.start > i.start) {
                parts.push({ start: i.start, end: t.start - 1n });
            }
            if (t.end < i.end) {
                parts.push({ start: t.end + 1n, end: i.end });
            }
            return parts;
        });
    }
    return result;
}

function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
    const out: Interval[] = [];
    for (const x of a) {
        for (const y of b) {
            const start = x.start > y.start ? x.start : y.start;
            const end = x.end < y.end ? x.end : y.end;
            if (start <= end) {
                out.push({ start, end });
            }
        }
    }
    return normalize(out);
}

const count = (intervals: readonly Interval[]) => intervals.reduce((sum, i) => sum + (i.end - i.start + 1n), 0n);

/** One parsed range: what was written, its family and its interval. */
export interface ParsedRange {
    readonly text: string;
    readonly family: Family;
    readonly interval: Interval;
}

/**
 * A CIDR or single address as AWS and DigitalOcean accept them ("10.0.0.0/8",
 * "203.0.113.7", "::/0", "2001:db8::/32"); undefined when it is neither.
 * Host bits are allowed and ignored, as ip-address reads them.
 */
export function parseRange(text: string): ParsedRange | undefined {
    const t = text.trim();
    if (Address4.isValid(t)) {
        const a = new Address4(t);
        return { text: t, family: 4, interval: { start: a.startAddress().bigInt(), end: a.endAddress().bigInt() } };
    }
    if (t.includes(":") && Address6.isValid(t)) {
        const a = new Address6(t);
        return { text: t, family: 6, interval: { start: a.startAddress().bigInt(), end: a.endAddress().bigInt() } };
    }
    return undefined;
}

/** A set of IPv4 and IPv6 addresses. Immutable. */
export class AddressSet {
    static readonly EMPTY = new AddressSet([], []);

    private constructor(readonly v4: readonly Interval[], readonly v6: readonly Interval[]) {}

    /** The union of the parsed ranges; text that is no range is ignored (see parseRange). */
    static of(ranges: readonly (string | ParsedRange)[]): AddressSet {
        const parsed = ranges.map((r) => (typeof r === "string" ? parseRange(r) : r)).filter((r): r is ParsedRange => r !== undefined);
        return new AddressSet(normalize(parsed.filter((r) => r.family === 4).map((r) => r.interval)), normalize(parsed.filter((r) => r.family === 6).map((r) => r.interval)));
    }

    union(other: AddressSet): AddressSet {
        return new AddressSet(normalize([...this.v4, ...other.v4]), normalize([...this.v6, ...other.v6]));
    }

    subtract(other: AddressSet): AddressSet {
        return new AddressSet(subtractIntervals(this.v4, other.v4), subtractIntervals(this.v6, other.v6));
    }

    intersect(other: AddressSet): AddressSet {
        return new AddressSet(intersectIntervals(this.v4, other.v4), intersectIntervals(this.v6, other.v6));
    }

    size(family: Family): bigint {
        return count(family === 4 ? this.v4 : this.v6);
    }

    isEmpty(): boolean {
        return this.v4.length === 0 && this.v6.length === 0;
    }

    /** Whether every address of `other` is in this set. */
    covers(other: AddressSet): boolean {
        return other.subtract(this).isEmpty();
    }
}

/**
 * Address space that is not globally reachable, from the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890 and updates):
 * https://www.iana.org/assignments/iana-ipv4-special-registry/ and
 * https://www.iana.org/assignments/iana-ipv6-special-registry/. For IPv6
 * only global unicast (2000::/3, IANA IPv6 Address Space) is public, less
 * its special blocks.
 */
export const NON_PUBLIC_IPV4: readonly string[] = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
];
const PUBLIC_IPV6_SPACE = "2000::/3";
export const NON_PUBLIC_IPV6_IN_GLOBAL_UNICAST: readonly string[] = ["2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20"];

const ALL_V4 = AddressSet.of(["0.0.0.0/0"]);
const PUBLIC = AddressSet.of(["0.0.0.0/0"]).subtract(AddressSet.of(NON_PUBLIC_IPV4))
    .union(AddressSet.of([PUBLIC_IPV6_SPACE]).subtract(AddressSet.of(NON_PUBLIC_IPV6_IN_GLOBAL_UNICAST)));

/** The publicly routable part of a set. */
export function publicPart(set: AddressSet): AddressSet {
    return set.intersect(PUBLIC);
}

/** Total public addresses per family. */
export const PUBLIC_IPV4_SIZE = PUBLIC.size(4);
export const PUBLIC_IPV6_SIZE = PUBLIC.size(6);

/**
 * How large a public range must be to count as "the internet": a source that
 * admits at least as many public addresses as one /ipv4Prefix (IPv4) or
 * /ipv6Prefix (IPv6) admits strangers, however it is written. The default is
 * Trivy's (AVD-AWS-0107, AVD-AWS-0105: a public CIDR of more than one
 * address is public ingress): only single hosts (/32, /128) are trusted by
 * default; a stack may trust office ranges by raising the prefix lengths.
 */
export interface InternetThreshold {
    readonly ipv4Prefix: number;
    readonly ipv6Prefix: number;
}

/**
 * By default a /24 or more of public IPv4 (a /48 of IPv6) is the internet: a
 * team's office or VPN egress (a few addresses, an IPv6 /64) is a deliberate
 * allow-list, not exposure, and must not block a stack. Trivy's stricter
 * reading (any public range of more than one address, AVD-AWS-0107) is one
 * setting away: internetIpv4Prefix 31, internetIpv6Prefix 127.
 */
export const DEFAULT_INTERNET_THRESHOLD: InternetThreshold = { ipv4Prefix: 24, ipv6Prefix: 48 };

/** Whether a set admits public address space at or above the threshold. */
export function isInternet(set: AddressSet, threshold: InternetThreshold = DEFAULT_INTERNET_THRESHOLD): boolean {
    const pub = publicPart(set);
    return pub.size(4) >= 2n ** BigInt(32 - threshold.ipv4Prefix) || pub.size(6) >= 2n ** BigInt(128 - threshold.ipv6Prefix);
}

/** "all of the public IPv4 internet", "41% of public IPv4", "2^96 public IPv6 addresses": for messages. */
export function describePublic(set: AddressSet): string {
    const pub = publicPart(set);
    const parts: string[] = [];
    const v4 = pub.size(4);
    const v6 = pub.size(6);
    if (v4 > 0n) {
        parts.push(v4 === PUBLIC_IPV4_SIZE ? "all of the public IPv4 internet" : `${percent(v4, PUBLIC_IPV4_SIZE)} of public IPv4 (${v4.toLocaleString("en-US")} addresses)`);
    }
    if (v6 > 0n) {
        parts.push(v6 === PUBLIC_IPV6_SIZE ? "all of the public IPv6 internet" : `${percent(v6, PUBLIC_IPV6_SIZE)} of public IPv6`);
    }
    return parts.join(" and ") || "no public addresses";
}

function percent(part: bigint, whole: bigint): string {
    const tenths = Number((part * 1000n) / whole);
    return tenths >= 10 ? `${Math.round(tenths / 10)}%` : `${(tenths / 10).toFixed(1)}%`;
}

/** Whether every address is private (no public part at all). */
export function isPrivateOnly(set: AddressSet): boolean {
    return publicPart(set).isEmpty();
}

/** IPv4 address count of a set, as a number (for subnet sizing). */
export function ipv4Count(set: AddressSet): number {
    return Number(set.intersect(ALL_V4).size(4));
}

// ---------------------------------------------------------------------------
// Ports: the same interval arithmetic over 0-65535.

export interface PortRange {
    readonly from: number;
    readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

export class PortSet {
    static readonly EMPTY = new PortSet([]);
    static readonly ALL = new PortSet([{ start: 0n, end: 65535n }]);

    private constructor(private readonly intervals: readonly Interval[]) {}

    static of(ranges: readonly PortRange[]): PortSet {
        return new PortSet(normalize(ranges.map((r) => ({ start: BigInt(r.from), end: BigInt(r.to) }))));
    }

    union(other: PortSet): PortSet {
        return new PortSet(normalize([...this.intervals, ...other.intervals]));
    }

    intersect(other: PortSet): PortSet {
        return new PortSet(intersectIntervals(this.intervals, other.intervals));
    }

    subtract(other: PortSet): PortSet {
        return new PortSet(subtractIntervals(this.intervals, other.intervals));
    }

    isEmpty(): boolean {
        return this.intervals.length === 0;
    }

    ranges(): PortRange[] {
        return this.intervals.map((i) => ({ from: Number(i.start), to: Number(i.end) }));
    }

    has(port: number): boolean {
        return this.intervals.some((i) => BigInt(port) >= i.start && BigInt(port) <= i.end);
    }

    /** "port 22", "ports 22, 3306-3307", "all ports". */
    toString(): string {
        const r = this.ranges();
        if (r.length === 1 && r[0].from <= 1 && r[0].to === 65535) {
            return "all ports";
        }
        const text = r.map((x) => (x.from === x.to ? String(x.from) : `${x.from}-${x.to}`)).join(", ");
        return r.length === 1 && r[0].from === r[0].to ? `port ${text}` : `ports ${text}`;
    }
}
