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
