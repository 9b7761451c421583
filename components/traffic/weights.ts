// Weight math for the two traffic splits. Route 53 weights are 0-255 and ALB
// target group weights 0-999 (../shared/reference/aws.md); a percentage maps
// to itself and its complement, so shares are exact, always sum to 100, and a
// side configured at 0 gets weight 0.

/** Route 53 record weights for a hostname: legacy (Droplets) and fargate (ALB). */
export function dnsWeights(fargatePercent: number): { readonly legacy: number; readonly fargate: number } {
    assertPercent("fargatePercent", fargatePercent);
    return { legacy: 100 - fargatePercent, fargate: fargatePercent };
}

/** ALB target group weights for a service: stable and canary revisions. */
export function albWeights(canaryPercent: number | undefined): { readonly stable: number; readonly canary: number } {
    const canary = canaryPercent ?? 0;
    assertPercent("canaryPercent", canary);
    return { stable: 100 - canary, canary };
}

function assertPercent(name: string, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 100) {
        throw new RangeError(`${name}: ${value} is not a whole percentage from 0 to 100`);
    }
}

/** Which sides of a hostname's weighted group exist. */
export interface RecordSides {
    /** The Droplets' record exists (false once legacy is decommissioned). */
    readonly legacy: boolean;
    /** The ALB's record exists (false while the service has no fargate part). */
    readonly fargate: boolean;
}

/**
 * Route 53 weights for the records that exist in the group. A side that
 * exists keeps its record even at weight 0 (it is the automatic fallback), so
 * its key is present; an absent side has no key. The share may not send
 * traffic to a side that does not exist, and the group is never all-zero.
 */
export function recordWeights(fargatePercent: number, sides: RecordSides): { readonly legacy?: number; readonly fargate?: number } {
    const weights = dnsWeights(fargatePercent);
    if (!sides.legacy && !sides.fargate) {
        throw new RangeError("sides: neither legacy nor fargate exists; a hostname needs at least one record");
    }
    if (!sides.fargate && weights.fargate > 0) {
        throw new RangeError(`fargatePercent: ${fargatePercent} sends traffic to Fargate, but the service has no fargate record; allowed 0`);
    }
    if (!sides.legacy && weights.legacy > 0) {
        throw new RangeError(`fargatePercent: ${fargatePercent} sends traffic to the decommissioned legacy side; allowed 100`);
    }
    return {
        ...(sides.legacy ? { legacy: weights.legacy } : {}),
        ...(sides.fargate ? { fargate: weights.fargate } : {}),
    };
}

/** A side of a hostname's weighted group. */
export type Side = "legacy" | "fargate";

/**
 * The records of a hostname's weighted group and their weights: a side that
 * exists has a record while it has a share, and at weight 0 only when it
 * stands by (Route 53 answers with a weight-0 record when every record of
 * non-zero weight is unhealthy, so a weight-0 record is a failover target,
 * never an idle one). Never empty: some side always has the share.
 */
export function groupRecords(fargatePercent: number, sides: RecordSides, standby: readonly Side[]): { readonly legacy?: number; readonly fargate?: number } {
    const weights = recordWeights(fargatePercent, sides);
    const keep = (side: Side) => weights[side] !== undefined && (weights[side]! > 0 || standby.includes(side));
    return {
        ...(keep("legacy") ? { legacy: weights.legacy } : {}),
        ...(keep("fargate") ? { fargate: weights.fargate } : {}),
    };
}
