// traffic-shares-wait-for-tasks: the pack asks the step-graph and serving
// models whether a share can reach what cannot serve it yet.
import * as assert from "assert";
import { only, res, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";

const POLICY = "traffic-shares-wait-for-tasks";
const T = {
    record: "aws:route53/record:Record", alb: "aws:lb/loadBalancer:LoadBalancer", listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule", tg: "aws:lb/targetGroup:TargetGroup", ecs: "aws:ecs/service:Service",
};
const DNS = "alb-1.us-east-1.elb.amazonaws.com";
const arn = (what: string) => `arn:aws:elasticloadbalancing:us-east-1:1:${what}`;

type Waited = "rule" | "stable" | "canary";
/**
 * A hostname on the ALB with a stable and a canary group. `ruleWaits`: the
 * rule waits for both services (the program's order with its own weights);
 * else the services wait for the rule (the order before the fix, and a native
 * rollout's, where ECS needs the rule first). `recordWaitsFor`: what the
 * weighted record of the ALB depends on.
 */
function stack(options: { ruleWaits: boolean; recordWaitsFor: readonly Waited[]; canaryWeight: number; unknownArns?: boolean }) {
    const value = (v: string) => (options.unknownArns ? UNKNOWN : v);
    const tg = (r: string) => res(T.tg, `web-tg-${r}`, { arn: value(arn(`targetgroup/web-${r}/1`)) });
    const rule = res(T.rule, "web-rule", {
        listenerArn: arn("listener/1"),
        conditions: [{ hostHeader: { values: ["www.example.com"] } }],
        actions: [{ type: "forward", forward: { targetGroups: [{ arn: value(arn("targetgroup/web-stable/1")), weight: 100 - options.canaryWeight }, { arn: value(arn("targetgroup/web-canary/1")), weight: options.canaryWeight }] } }],
    }, {
        propertyDependencies: { actions: [urnOf(T.tg, "web-tg-stable"), urnOf(T.tg, "web-tg-canary")] },
        dependencies: options.ruleWaits ? [urnOf(T.ecs, "web-stable"), urnOf(T.ecs, "web-canary")] : [],
    });
    const service = (r: string) => res(T.ecs, `web-${r}`, { loadBalancers: [{ targetGroupArn: value(arn(`targetgroup/web-${r}/1`)), containerPort: 8080 }] }, {
        propertyDependencies: { loadBalancers: [urnOf(T.tg, `web-tg-${r}`)] },
        dependencies: options.ruleWaits ? [] : [urnOf(T.rule, "web-rule")],
    });
    return [
        res(T.alb, "alb", { arn: arn("loadbalancer/app/alb/1"), dnsName: DNS }),
        res(T.listener, "https", { arn: arn("listener/1"), loadBalancerArn: arn("loadbalancer/app/alb/1") }),
        tg("stable"), tg("canary"), rule, service("stable"), service("canary"),
        res(T.record, "www-fargate", { name: "www.example.com", type: "A", setIdentifier: "fargate", weightedRoutingPolicies: [{ weight: 25 }], aliases: [{ name: DNS, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false }] },
            { dependencies: options.recordWaitsFor.map((w) => (w === "rule" ? urnOf(T.rule, "web-rule") : urnOf(T.ecs, `web-${w}`))) }),
    ];
}

describe("policies: change (traffic-shares-wait-for-tasks)", function () {
    const analyzer = sharedAnalyzer();

    const ALL: readonly Waited[] = ["rule", "stable", "canary"];
    const why = (weight: number, revision: string) =>
        `web-rule: sends www.example.com (weight ${weight}) to target group web-tg-${revision} and neither it nor record www-fargate waits for ECS service web-${revision}, which registers its tasks there: a new share would reach it before its tasks are steady; make the rule depend on the service (dependsOn), and the service on a rule that attaches the group at weight 0, or, when ECS moves the rule's weights (a native rollout), make the record depend on the service.`;

    it("passes the program's order: the rule waits for both services, the record for the rule and the services", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: true, recordWaitsFor: ALL, canaryWeight: 10 })), POLICY), []);
    });

    it("passes a native rollout's order: the services wait for the rule ECS moves, the record for the services", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaitsFor: ALL, canaryWeight: 10 })), POLICY), []);
    });

    it("reports a record that does not wait for its hostname's rule", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: true, recordWaitsFor: ["stable"], canaryWeight: 10 })), POLICY), [
            "www-fargate: sends www.example.com to the ALB without waiting for rule web-rule, which routes it; make the record depend on the rule.",
        ]);
    });

    it("reports a rule that sends a share to groups whose services wait for it, when the record waits only for the rule (the order before the fix)", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaitsFor: ["rule"], canaryWeight: 10 })), POLICY), [why(90, "stable"), why(10, "canary")]);
    });

    it("a record that waits for one service covers that service's share only", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaitsFor: ["rule", "stable"], canaryWeight: 10 })), POLICY), [why(10, "canary")]);
    });

    it("a group at weight 0 is not a share: only the stable group is reported", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaitsFor: ["rule"], canaryWeight: 0 })), POLICY), [why(100, "stable")]);
    });

    it("follows minimumWeight: a canary share below it is not judged", async () => {
        await analyzer().configure({ [POLICY]: { minimumWeight: 20 } });
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaitsFor: ["rule"], canaryWeight: 10 })), POLICY), [why(90, "stable")]);
    });

    it("at preview, with every ARN unknown, links the rule and services by their dependencies and judges the same", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: true, recordWaitsFor: ALL, canaryWeight: 10, unknownArns: true })), POLICY), []);
        // An unknown ARN could be either group the rule depends on: the first
        // share (weight 90) stands for both.
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaitsFor: ["rule"], canaryWeight: 10, unknownArns: true })), POLICY), [why(90, "stable"), why(90, "canary")]);
    });
});
