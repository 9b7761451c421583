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

/** A hostname on the ALB with a stable and a canary group; `ruleWaits` is the program's order, else the order before its fix. */
function stack(options: { ruleWaits: boolean; recordWaits: boolean; canaryWeight: number; unknownArns?: boolean }) {
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
            { dependencies: options.recordWaits ? [urnOf(T.rule, "web-rule"), urnOf(T.ecs, "web-stable"), urnOf(T.ecs, "web-canary")] : [urnOf(T.ecs, "web-stable")] }),
    ];
}

describe("policies: change (traffic-shares-wait-for-tasks)", function () {
    const analyzer = sharedAnalyzer();

    it("passes the program's order: the rule waits for both services, the record for the rule", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: true, recordWaits: true, canaryWeight: 10 })), POLICY), []);
    });

    it("reports a record that does not wait for its hostname's rule", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: true, recordWaits: false, canaryWeight: 10 })), POLICY), [
            "www-fargate: sends www.example.com to the ALB without waiting for rule web-rule, which routes it; make the record depend on the rule.",
        ]);
    });

    it("reports a rule that sends a share to groups whose services wait for it (the order before the fix; the record waits for the rule through a service)", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaits: false, canaryWeight: 10 })), POLICY), [
            "web-rule: sends www.example.com (weight 90) to target group web-tg-stable without waiting for ECS service web-stable, which registers its tasks there: a new share would reach it before its tasks are steady; make the rule depend on the service (dependsOn), and the service on a rule that attaches the group at weight 0.",
            "web-rule: sends www.example.com (weight 10) to target group web-tg-canary without waiting for ECS service web-canary, which registers its tasks there: a new share would reach it before its tasks are steady; make the rule depend on the service (dependsOn), and the service on a rule that attaches the group at weight 0.",
        ]);
    });

    it("a group at weight 0 is not a share: only the stable group is reported", async () => {
        const found = only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaits: true, canaryWeight: 0 })), POLICY);
        assert.deepStrictEqual(found.map((t) => t.split(" without")[0]), ["web-rule: sends www.example.com (weight 100) to target group web-tg-stable"]);
    });

    it("follows minimumWeight: a canary share below it is not judged", async () => {
        await analyzer().configure({ [POLICY]: { minimumWeight: 20 } });
        const found = only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaits: true, canaryWeight: 10 })), POLICY);
        assert.deepStrictEqual(found.map((t) => t.split(" without")[0]), ["web-rule: sends www.example.com (weight 90) to target group web-tg-stable"]);
    });

    it("at preview, with every ARN unknown, links the rule and services by their dependencies and judges the same", async () => {
        assert.deepStrictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: true, recordWaits: true, canaryWeight: 10, unknownArns: true })), POLICY), []);
        assert.strictEqual(only(await analyzer().analyzeStack(stack({ ruleWaits: false, recordWaits: true, canaryWeight: 10, unknownArns: true })), POLICY).length, 2);
    });
});
