// How a Fargate service rolls a new task definition out, as ECS inputs: a
// pure function of fargate.rollout. "rolling" leaves ECS's deployment
// configuration as it always was (tasks replaced in place behind the
// service's stable target group). "blue-green", "linear" and "canary" are
// ECS's own strategies (DeploymentConfiguration.strategy, @pulumi/aws 7.48):
// ECS starts the new revision in the service's second target group and
// shifts the production listener rule's weights between the two groups
// itself, with bake times, alarm rollback and lifecycle hooks.
//
// What ECS owns, and the program therefore never sets again once the rule
// exists: the production listener rule's forward action (the weights, and
// which group gets them). ECS rewrites it at every deployment (Amazon ECS
// Developer Guide, "Application Load Balancer resources for blue/green,
// linear, and canary deployments": traffic moves "by adjusting the weights of
// the target groups in the listener rules"; seen live as a weighted forward
// to both groups after each deployment, go-to-k/cdk-real-drift#1730, and
// terraform-aws-modules/terraform-aws-alb#409). Pulumi would put the weights
// back to the declared 100/0 at the next `up`, sending every request to
// whichever group ECS has just emptied: so the rule ignores `actions`
// (pulumi-terraform-bridge pkg/tfbridge/diff.go doIgnoreChanges drops the
// provider's diff under ignored paths, even when ECS changed them).
import type { RolloutConfig } from "../config";

export type EcsStrategy = "ROLLING" | "BLUE_GREEN" | "LINEAR" | "CANARY";

const STRATEGIES: Record<RolloutConfig["strategy"], EcsStrategy> = {
    rolling: "ROLLING", "blue-green": "BLUE_GREEN", linear: "LINEAR", canary: "CANARY",
};

/** The inputs of the production listener rule that ECS owns under a native strategy. */
export const ECS_OWNED_RULE_INPUTS = ["actions"] as const;

/** Whether ECS shifts the service's traffic itself (blue-green, linear, canary). */
export function isNativeRollout(rollout: RolloutConfig): boolean {
    return rollout.strategy !== "rolling";
}

export function ecsStrategy(rollout: RolloutConfig): EcsStrategy {
    return STRATEGIES[rollout.strategy];
}

/** ECS's deploymentConfiguration for the service, or undefined for rolling (the inputs stay as they were). */
export function ecsDeploymentConfiguration(rollout: RolloutConfig): Record<string, unknown> | undefined {
    if (!isNativeRollout(rollout)) {
        return undefined;
    }
    // The provider takes minutes as strings (nullable ints: "0" is a value, not "unset").
    return {
        strategy: ecsStrategy(rollout),
        bakeTimeInMinutes: String(rollout.bakeTimeMinutes ?? 0),
        ...(rollout.canary === undefined ? {} : { canaryConfiguration: { canaryPercent: rollout.canary.percent, canaryBakeTimeInMinutes: String(rollout.canary.bakeTimeMinutes) } }),
        ...(rollout.linear === undefined ? {} : { linearConfiguration: { stepPercent: rollout.linear.stepPercent, stepBakeTimeInMinutes: String(rollout.linear.stepBakeTimeMinutes) } }),
        ...(rollout.lifecycleHooks.length === 0 ? {} : {
            lifecycleHooks: rollout.lifecycleHooks.map((h) => ({ hookTargetArn: h.functionArn, roleArn: h.roleArn, lifecycleStages: [...h.stages] })),
        }),
    };
}

/** The provider's default create and update timeout of an ECS service (terraform-provider-aws ecs service: Timeouts 20 minutes). */
export const ECS_SERVICE_DEFAULT_TIMEOUT_MINUTES = 20;

/**
 * Minutes a native deployment waits on purpose: the canary's bake, or every
 * linear step's, then the final bake. `up` waits for the deployment to
 * succeed (waitForSteadyState: terraform-provider-aws waitServiceStable
 * polls DescribeServiceDeployments until SUCCESSFUL, which comes after the
 * bake), so the service's timeouts must cover it on top of the provider's
 * 20 minutes for starting tasks.
 */
export function deploymentWaitMinutes(rollout: RolloutConfig): number {
    if (!isNativeRollout(rollout)) {
        return 0;
    }
    const bake = rollout.bakeTimeMinutes ?? 0;
    if (rollout.canary !== undefined) {
        return rollout.canary.bakeTimeMinutes + bake;
    }
    if (rollout.linear !== undefined) {
        // ceil(100 / step) shifts; the wait comes between them.
        const shifts = Math.ceil(100 / rollout.linear.stepPercent - 1e-9);
        return (shifts - 1) * rollout.linear.stepBakeTimeMinutes + bake;
    }
    return bake;
}

/** customTimeouts of the ECS service, or undefined when the provider's defaults suffice. */
export function ecsServiceTimeouts(rollout: RolloutConfig): { create: string; update: string } | undefined {
    const wait = deploymentWaitMinutes(rollout);
    if (wait === 0) {
        return undefined;
    }
    const minutes = `${ECS_SERVICE_DEFAULT_TIMEOUT_MINUTES + wait}m`;
    return { create: minutes, update: minutes };
}
