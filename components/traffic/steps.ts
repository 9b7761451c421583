// Pure rollout logic for the DNS split between the Droplets and Fargate: step
// navigation, the worst-case time for clients to leave a failing side, and
// the exact commands an operator runs to advance or roll back. Figures and
// their sources: ../../../shared/reference/aws.md ("Route 53 weighted records").
import type { ServiceConfig } from "../config";
import { recordWeights, type RecordSides } from "./weights";

/** The ladder used when a service declares no `traffic.steps`. */
export const DEFAULT_ROLLOUT_STEPS: readonly number[] = Object.freeze([0, 5, 25, 50, 100]);

/**
 * The Route 53 endpoint check on the DigitalOcean load balancer. requestInterval
 * is 10 or 30 and fixed after creation; 10 s x 3 failures keeps detection at 30 s.
 */
export const LEGACY_HEALTH_CHECK = Object.freeze({
    port: 443,
    requestIntervalSeconds: 10,
    failureThreshold: 3,
});

/**
 * Timing of each service's "healthy hosts" CloudWatch alarm (stable target
 * group HealthyHostCount < 1, Minimum, missing data breaching), which the
 * Fargate record's CLOUDWATCH_METRIC health check follows. These are the
 * values components/aws/alarms.ts (healthyHostsAlarmSpec) uses today; the
 * alarm should import this constant so the failover bound reported here
 * cannot drift from the alarm.
 */
export const HEALTHY_HOSTS_ALARM_TIMING = Object.freeze({
    /** ALB metrics arrive at 60 s resolution: a shorter period has no data. */
    periodSeconds: 60,
    /** Two bad minutes in a row: one missed datapoint does not move production traffic. */
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
});

/** Route 53 answers an alias to an ELB with the ELB's own fixed TTL (Route 53 FAQ: 60 s); it cannot be set. */
export const ALB_ALIAS_TTL_SECONDS = 60;

export interface StepBounds {
    /** Lowest share the config allows now (100 once legacy is decommissioned). */
    readonly min: number;
    /** Highest share the config allows now (0 while there is no fargate part). */
    readonly max: number;
}

/**
 * The neighbouring rollout steps of `current` within `bounds`: the smallest
 * step above it and the largest below it, or null at an end. A `current` that
 * is not itself a step (no declared steps, default ladder) still gets its
 * neighbours.
 */
export function navigateSteps(
    steps: readonly number[],
    current: number,
    bounds: StepBounds = { min: 0, max: 100 },
): { readonly next: number | null; readonly previous: number | null } {
    assertPercent("current", current);
    assertPercent("bounds.min", bounds.min);
    assertPercent("bounds.max", bounds.max);
    if (steps.length === 0) {
        throw new RangeError("steps: empty; allowed one or more percentages in increasing order");
    }
    steps.forEach((step, i) => {
        assertPercent(`steps[${i}]`, step);
        if (i > 0 && step <= steps[i - 1]) {
            throw new RangeError(`steps: ${JSON.stringify(steps)} is not strictly increasing`);
        }
    });
    const allowed = steps.filter((s) => s >= bounds.min && s <= bounds.max);
    const above = allowed.filter((s) => s > current);
    const below = allowed.filter((s) => s < current);
    return {
        next: above.length > 0 ? above[0] : null,
        previous: below.length > 0 ? below[below.length - 1] : null,
    };
}

/**
 * Worst-case seconds for clients to leave a side watched by a Route 53
 * endpoint health check: failureThreshold failed requests, one per interval,
 * then resolvers holding the old answer keep it for up to the TTL.
 */
export function endpointFailoverSeconds(t: {
    readonly ttlSeconds: number;
    readonly requestIntervalSeconds: number;
    readonly failureThreshold: number;
}): number {
    assertWhole("ttlSeconds", t.ttlSeconds, 0);
    if (t.requestIntervalSeconds !== 10 && t.requestIntervalSeconds !== 30) {
        throw new RangeError(`requestIntervalSeconds: ${t.requestIntervalSeconds} is not valid; allowed 10 or 30`);
    }
    assertWhole("failureThreshold", t.failureThreshold, 1, 10);
    return t.ttlSeconds + t.requestIntervalSeconds * t.failureThreshold;
}

/**
 * Worst-case seconds for clients to leave a side watched by a CLOUDWATCH_METRIC
 * health check: the alarm needs `evaluationPeriods` full breaching periods,
 * plus the partial period in which the failure began (its datapoint may still
 * look healthy), then resolvers keep the old answer for up to the TTL.
 */
export function alarmFailoverSeconds(t: {
    readonly ttlSeconds: number;
    readonly periodSeconds: number;
    readonly evaluationPeriods: number;
}): number {
    assertWhole("ttlSeconds", t.ttlSeconds, 0);
    assertWhole("periodSeconds", t.periodSeconds, 10);
    assertWhole("evaluationPeriods", t.evaluationPeriods, 1);
    return t.ttlSeconds + (t.evaluationPeriods + 1) * t.periodSeconds;
}

// Stack and project names are letters, digits, - _ . and / (org/project/stack):
// safe unquoted in a shell. Anything else is refused rather than quoted wrongly.
const SHELL_SAFE_NAME = /^[A-Za-z0-9_.\-/]+$/;

/**
 * The command that sets a service's Fargate share. The share lives inside the
 * `<project>:services` list, so it is addressed with --path; with --path an
 * integer is stored as a number (pulumi config set docs).
 */
export function fargateShareCommand(c: {
    readonly project: string;
    readonly stack: string;
    readonly serviceIndex: number;
    readonly fargatePercent: number;
}): string {
    if (!SHELL_SAFE_NAME.test(c.project)) {
        throw new RangeError(`project: ${JSON.stringify(c.project)} is not a Pulumi project name`);
    }
    if (!SHELL_SAFE_NAME.test(c.stack)) {
        throw new RangeError(`stack: ${JSON.stringify(c.stack)} is not a Pulumi stack name`);
    }
    assertWhole("serviceIndex", c.serviceIndex, 0);
    assertPercent("fargatePercent", c.fargatePercent);
    return `pulumi config set --path '${c.project}:services[${c.serviceIndex}].traffic.fargatePercent' ${c.fargatePercent} --stack ${c.stack}`;
}

/** Where a service's traffic goes now. */
export interface TrafficSplit {
    /** Share of the hostname's traffic answered with the Droplets' load balancer. */
    readonly legacyPercent: number;
    /** Share answered with the ALB. */
    readonly fargatePercent: number;
    /** Share of the Fargate part that the ALB sends to the canary target group. */
    readonly canaryPercent: number;
}

/** Everything an operator needs to move a service's traffic by one step. */
export interface TrafficSummary {
    readonly service: string;
    readonly hostname: string;
    readonly split: TrafficSplit;
    /** The ladder navigated: the declared `traffic.steps`, else DEFAULT_ROLLOUT_STEPS. */
    readonly steps: readonly number[];
    /** The next share up, or null at the top (or while the service has no fargate part). */
    readonly nextStep: number | null;
    /** The next share down, or null at the bottom (or once legacy is decommissioned). */
    readonly previousStep: number | null;
    readonly commands: {
        /** Sets the share to nextStep; then run `pulumi up`. */
        readonly advance: string | null;
        /** Sets the share to previousStep; then run `pulumi up`. */
        readonly rollBack: string | null;
        /** Sends every request back to the Droplets (share 0); null when already there or legacy is gone. */
        readonly allToLegacy: string | null;
    };
    /** Worst-case seconds for clients to leave a failing side by health check alone; null for an absent side. */
    readonly failoverSeconds: { readonly legacy: number | null; readonly fargate: number | null };
    /** Seconds after `pulumi up` returns (records in sync) until every resolver has the new weights: the group's longest TTL. */
    readonly rollbackSeconds: number;
}

export interface TrafficSummaryInput {
    readonly project: string;
    readonly stack: string;
    /** The service's position in `<project>:services`. */
    readonly serviceIndex: number;
    readonly service: Pick<ServiceConfig, "name" | "hostname" | "traffic" | "fargate">;
    /** TTL of the legacy A record (config.dns.ttl). */
    readonly ttlSeconds: number;
    readonly sides: RecordSides;
    /** @default HEALTHY_HOSTS_ALARM_TIMING */
    readonly alarmTiming?: { readonly periodSeconds: number; readonly evaluationPeriods: number };
}

/** The rollout summary of one service, from its config and which records exist. */
export function trafficSummary(input: TrafficSummaryInput): TrafficSummary {
    const { service, sides } = input;
    const fargatePercent = service.traffic.fargatePercent;
    const weights = recordWeights(fargatePercent, sides);
    const steps = service.traffic.steps ?? DEFAULT_ROLLOUT_STEPS;
    // The config only accepts 100 without legacy and 0 without a fargate part:
    // never offer a step it would reject.
    const bounds = { min: sides.legacy ? 0 : 100, max: sides.fargate ? 100 : 0 };
    const { next, previous } = navigateSteps(steps, fargatePercent, bounds);
    const command = (percent: number | null) => percent === null ? null : fargateShareCommand({
        project: input.project, stack: input.stack, serviceIndex: input.serviceIndex, fargatePercent: percent,
    });
    const alarmTiming = input.alarmTiming ?? HEALTHY_HOSTS_ALARM_TIMING;
    return {
        service: service.name,
        hostname: service.hostname,
        split: {
            legacyPercent: weights.legacy ?? 0,
            fargatePercent: weights.fargate ?? 0,
            canaryPercent: service.fargate?.canary?.percent ?? 0,
        },
        steps: [...steps],
        nextStep: next,
        previousStep: previous,
        commands: {
            advance: command(next),
            rollBack: command(previous),
            allToLegacy: sides.legacy && fargatePercent > 0 ? command(0) : null,
        },
        failoverSeconds: {
            legacy: sides.legacy ? endpointFailoverSeconds({ ttlSeconds: input.ttlSeconds, ...LEGACY_HEALTH_CHECK }) : null,
            fargate: sides.fargate ? alarmFailoverSeconds({ ttlSeconds: ALB_ALIAS_TTL_SECONDS, ...alarmTiming }) : null,
        },
        rollbackSeconds: Math.max(sides.legacy ? input.ttlSeconds : 0, sides.fargate ? ALB_ALIAS_TTL_SECONDS : 0),
    };
}

function assertPercent(name: string, value: number): void {
    assertWhole(name, value, 0, 100);
}

function assertWhole(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new RangeError(`${name}: ${value} is not a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`);
    }
}
