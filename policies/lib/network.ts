// Address and port arithmetic for the networking and sizing rules.

export const WORLD_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

export function isWorld(cidr: string): boolean {
    return WORLD_CIDRS.includes(cidr.trim());
}

/** Addresses AWS lets tasks use in an IPv4 subnet: all but 5 reserved; undefined when not an IPv4 CIDR. */
export function usableSubnetAddresses(cidr: string): number | undefined {
    const match = /^(\d{1,3}(\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr.trim());
    if (match === null || Number(match[3]) > 32) {
        return undefined;
    }
    return Math.max(0, 2 ** (32 - Number(match[3])) - 5);
}

export interface PortRange {
    readonly from: number;
    readonly to: number;
}

/** AWS rule ports: protocol "-1"/"all" means every port. */
export function awsPortRange(protocol: unknown, fromPort: unknown, toPort: unknown): PortRange | undefined {
    const proto = String(protocol ?? "").toLowerCase();
    if (proto === "-1" || proto === "all") {
        return { from: 0, to: 65535 };
    }
    if (typeof fromPort !== "number" || typeof toPort !== "number") {
        return undefined;
    }
    return { from: fromPort, to: toPort };
}

/** DigitalOcean portRange: "22", "8000-9000", "all", or "" / "0" (every port, for tcp/udp). */
export function doPortRange(portRange: unknown, protocol: unknown): PortRange | undefined {
    if (String(protocol ?? "").toLowerCase() === "icmp") {
        return undefined;
    }
    const text = typeof portRange === "string" ? portRange.trim().toLowerCase() : "";
    if (text === "" || text === "all" || text === "0") {
        return { from: 1, to: 65535 };
    }
    const match = /^(\d+)(-(\d+))?$/.exec(text);
    if (match === null) {
        return undefined;
    }
    return { from: Number(match[1]), to: Number(match[3] ?? match[1]) };
}

/** The ports of a range that are in `ports`. */
export function portsIn(range: PortRange, ports: readonly number[]): number[] {
    return ports.filter((p) => p >= range.from && p <= range.to);
}

/** True when every port of the range is one of `ports`. */
export function onlyPorts(range: PortRange, ports: readonly number[]): boolean {
    for (let p = range.from; p <= range.to; p++) {
        if (!ports.includes(p)) {
            return false;
        }
    }
    return true;
}

export function showRange(range: PortRange): string {
    if (range.from <= 1 && range.to >= 65535) {
        return "all ports";
    }
    return range.from === range.to ? `port ${range.from}` : `ports ${range.from}-${range.to}`;
}
