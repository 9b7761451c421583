// Subnet sizing for the sizing rules (address arithmetic lives in addresses.ts).
import { parseRange } from "./addresses";

/** Addresses AWS lets tasks use in an IPv4 subnet: all but 5 reserved; undefined when not an IPv4 CIDR. */
export function usableSubnetAddresses(cidr: string): number | undefined {
    const range = /\/\d{1,2}$/.test(cidr.trim()) ? parseRange(cidr) : undefined;
    if (range === undefined || range.family !== 4) {
        return undefined;
    }
    return Math.max(0, Number(range.interval.end - range.interval.start + 1n) - 5);
}
