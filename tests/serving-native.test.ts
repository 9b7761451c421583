// The serving model under ECS's own rollouts (blue-green, linear, canary):
// the production rule's shares to either group of the service's pair are
// served exactly when the service serves, wherever ECS has put the weights;
// any other rule's share to one of the pair may reach the emptied group.
import * as assert from "assert";
import { TYPES, albFailure, type Entry, type Presence, type World } from "../policies/models/serving";

const arn = (what: string) => `arn:aws:elasticloadbalancing:us-east-1:111122223333:${what}`;
const urn = (type: string, name: string) => `urn:pulumi:dev::migration::${type}::${name}`;

function entry(type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}, presence: Presence = "steady", previous?: Record<string, unknown>): Entry {
    const version = { urn: urn(type, name), type, inputs, outputs, propertyDependencies: {} };
    return {
        key: version.urn, version, presence, newInChange: false,
        ...(previous === undefined ? {} : { previous: { ...version, inputs: previous } }),
    };
}

const ALB = entry(TYPES.alb, "alb", { securityGroups: [] }, { arn: arn("loadbalancer/app/alb/1"), dnsName: "alb.example.com" });
const LISTENER = entry(TYPES.listener, "https", { loadBalancerArn: arn("loadbalancer/app/alb/1") }, { arn: arn("listener/app/alb/1/2") });
const TG = { stable: arn("targetgroup/web-stable/1"), canary: arn("targetgroup/web-canary/2") };
const groups = [entry(TYPES.targetGroup, "web-tg-stable", {}, { arn: TG.stable }), entry(TYPES.targetGroup, "web-tg-canary", {}, { arn: TG.canary })];
const RULE_ARN = arn("listener-rule/app/alb/1/web");

function rule(name: string, ruleArn: string, weights: { stable: number; canary: number }, host = "www.example.com"): Entry {
    return entry(TYPES.listenerRule, name, {
        listenerArn: arn("listener/app/alb/1/2"),
        conditions: [{ hostHeader: { values: [host] } }],
        actions: [{ type: "forward", forward: { targetGroups: [{ arn: TG.stable, weight: weights.stable }, { arn: TG.canary, weight: weights.canary }] } }],
    }, { arn: ruleArn });
}

const rolling = { targetGroupArn: TG.stable, containerName: "web", containerPort: 8080 };
const canaryRollout = {
    loadBalancers: [{ ...rolling, advancedConfiguration: { alternateTargetGroupArn: TG.canary, productionListenerRule: RULE_ARN, roleArn: "arn:aws:iam::111122223333:role/ecs-lb" } }],
    deploymentConfiguration: { strategy: "CANARY", bakeTimeInMinutes: "10", canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "15" } },
};

function service(inputs: Record<string, unknown>, presence: Presence = "steady", previous?: Record<string, unknown>): Entry {
    return entry(TYPES.ecsService, "web-stable", { desiredCount: 2, waitForSteadyState: true, ...inputs }, { arn: "arn:aws:ecs:us-east-1:111122223333:service/c/web" }, presence, previous === undefined ? undefined : { desiredCount: 2, waitForSteadyState: true, ...previous });
}

const world = (...entries: Entry[]): World => [ALB, LISTENER, ...groups, ...entries];
const failure = (w: World) => albFailure(w, ALB, "www.example.com")?.message;

describe("serving model: ECS native rollouts", () => {
    const cases: [string, World, string | undefined][] = [
        ["the declared weights (stable 100) of a steady native service", world(rule("web-rule", RULE_ARN, { stable: 100, canary: 0 }), service(canaryRollout)), undefined],
        ["the weights ECS left on the second group (canary 100)", world(rule("web-rule", RULE_ARN, { stable: 0, canary: 100 }), service(canaryRollout)), undefined],
        ["a canary step ECS is running (90/10)", world(rule("web-rule", RULE_ARN, { stable: 90, canary: 10 }), service(canaryRollout)), undefined],
        ["a rolling service becoming native: the old tasks serve until ECS moves them", world(rule("web-rule", RULE_ARN, { stable: 100, canary: 0 }), service(canaryRollout, "updating", { loadBalancers: [rolling] })), undefined],
        ["a native service being created", world(rule("web-rule", RULE_ARN, { stable: 100, canary: 0 }), service(canaryRollout, "creating")),
            "rule web-rule sends www.example.com (weight 100) to target group web-tg-stable: ECS service web-stable is being created: its tasks are not running yet"],
        ["a native service scaled to 0", world(rule("web-rule", RULE_ARN, { stable: 100, canary: 0 }), service({ ...canaryRollout, desiredCount: 0 })),
            "rule web-rule sends www.example.com (weight 100) to target group web-tg-stable: ECS service web-stable runs no task (desiredCount 0)"],
        ["another rule sending to the pair's second group", world(rule("web-rule", RULE_ARN, { stable: 100, canary: 0 }, "other.example.com"), rule("web-pin", arn("listener-rule/app/alb/1/pin"), { stable: 0, canary: 100 }), service(canaryRollout)),
            "rule web-pin sends www.example.com (weight 100) to target group web-tg-canary: target group web-tg-canary is one of ECS service web-stable's CANARY pair: ECS moves the service's tasks between its two groups and follows them only with rule web-rule, so this rule's share can reach the group ECS has emptied"],
        ["a rolling service's empty second group is still an empty group", world(rule("web-rule", RULE_ARN, { stable: 90, canary: 10 }), service({ loadBalancers: [rolling] })),
            "rule web-rule sends www.example.com (weight 10) to target group web-tg-canary: no ECS service registers tasks in target group web-tg-canary"],
    ];
    for (const [what, w, expected] of cases) {
        it(what, () => {
            assert.strictEqual(failure(w), expected);
        });
    }
});
