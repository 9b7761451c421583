// Task counts of a service's canary revision. The canary takes its share of
// the stable service's counts (rounded up), and scales between those bounds
// like the stable service, so it keeps up with the traffic share the ALB
// sends it at any load. It never runs fewer tasks than the stable revision
// does, up to two: a single-task canary is one task failure away from an
// empty target group, which prod's resilience policy refuses.
import type { FargateConfig } from "../config/types";

export interface Capacity {
    readonly desired: number;
    readonly min: number;
    readonly max: number;
}

/** The canary's share of n stable tasks at percent, rounded up, at least min(2, n). */
export function shareOf(n: number, percent: number): number {
    return Math.max(Math.min(2, n), Math.ceil((n * percent) / 100));
}

/** Desired, min and max task counts of the canary revision (percent 0 keeps tasks for smoke tests). */
export function canaryCapacity(fargate: Pick<FargateConfig, "desiredCount" | "autoscaling" | "canary">): Capacity {
    const percent = fargate.canary?.percent ?? 0;
    return {
        desired: shareOf(fargate.desiredCount, percent),
        min: shareOf(fargate.autoscaling.min, percent),
        max: shareOf(fargate.autoscaling.max, percent),
    };
}
