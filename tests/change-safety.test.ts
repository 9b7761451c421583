// The change-safety analysis (tools/plan/change-safety.ts) on changes shaped
// like each finding of issue 23 before its fix: the canary's rule moving
// before its service, target groups replaced under live rules, all Droplets
// resized together, a trusted tag removed, a weight-0 record with a health
// check the outputs do not mention; each is refused with its safe sequence,
// and the shape the program registers now passes. Worlds are built by hand:
// a live hostname split between a DigitalOcean load balancer and an ALB.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { parseStackConfig } from "../components/config";
import { readStackConfig } from "../tools/stack-file";
import { findConfigCommands, runOnStackFile } from "./helpers/printed-commands";
import { UNKNOWN } from "../policies/lib/values";
import type { ChangeOp } from "../policies/models/step-graph";
import { routeShares } from "../policies/models/serving";
import type { AdviceContext } from "../tools/plan/change-advice";
import { analyzeChange, type ChangeResource, type ChangeSafety, type TrafficClaim } from "../tools/plan/change-safety";

const HOST = "www.example.com";
const T = {
    record: "aws:route53/record:Record", alb: "aws:lb/loadBalancer:LoadBalancer", listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule", tg: "aws:lb/targetGroup:TargetGroup", ecs: "aws:ecs/service:Service",
    sg: "aws:ec2/securityGroup:SecurityGroup", ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", doLb: "digitalocean:index/loadBalancer:LoadBalancer",
    droplet: "digitalocean:index/droplet:Droplet", dbFirewall: "digitalocean:index/databaseFirewall:DatabaseFirewall",
};
const urn = (type: string, name: string) => `urn:pulumi:prod::migration::${type}::${name}`;

function res(type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}, dependsOn: string[] = [], extra: Partial<ChangeResource> = {}): ChangeResource {
    return {
        urn: urn(type, name), type, custom: true, inputs, outputs, propertyDependencies: {}, dependencies: dependsOn,
        deleteBeforeReplace: false, ignoreChanges: [], ...extra,
    };
}

interface Shape {
    legacyWeight: number;
    fargateWeight: number;
    canaryWeight: number;
    canaryService: boolean;
    /** The routing rule waits for the ECS services (the fix); false: the services wait for the rule (before it). */
    ruleWaitsForServices: boolean;
    /** The ECS services wait for the security group rules of their port (the fix). */
    servicesWaitForSecurityRules: boolean;
    port: number;
    targetGroupSuffix: string;
    droplets: { size: string; tags: string[] }[];
    dropletsChained: boolean;
    trusted: string;
}

const BASE: Shape = {
    legacyWeight: 75, fargateWeight: 25, canaryWeight: 0, canaryService: false, ruleWaitsForServices: true, servicesWaitForSecurityRules: true, port: 8080, targetGroupSuffix: "8080",
    droplets: [{ size: "s-2vcpu-4gb", tags: ["web-prod"] }, { size: "s-2vcpu-4gb", tags: ["web-prod"] }, { size: "s-2vcpu-4gb", tags: ["web-prod"] }],
    dropletsChained: true, trusted: "web-prod",
};

/** A live hostname on both sides, as the program registers it. */
function stack(shape: Shape): ChangeResource[] {
    const tgArn = (revision: string) => `arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-${revision}-${shape.targetGroupSuffix}/abc`;
    const droplets = shape.droplets.map((d, i) => res(T.droplet, `web-droplet-${i + 1}`, { size: d.size, tags: ["sel-web", ...d.tags] },
        { id: `40000000${i + 1}`, ipv4Address: `203.0.113.${i + 1}` }, shape.dropletsChained && i > 0 ? [urn(T.droplet, `web-droplet-${i}`)] : []));
    const ecs = (revision: string) => res(T.ecs, `web-${revision}`, {
        loadBalancers: [{ targetGroupArn: tgArn(revision), containerName: "web", containerPort: shape.port }],
        desiredCount: 2, waitForSteadyState: true, networkConfiguration: { securityGroups: ["sg-task"], assignPublicIp: false },
    }, { arn: `arn:aws:ecs:us-east-1:1:service/c/web-${revision}` }, [
        urn(T.tg, `web-tg-${revision}`), ...(shape.ruleWaitsForServices ? [] : [urn(T.rule, "web-rule")]),
        // Tasks wait for the rules that let the ALB reach their port (the program now).
        ...(shape.servicesWaitForSecurityRules ? [urn(T.ingress, `task-in-alb-${shape.port}`), urn(T.egress, `alb-out-${shape.port}`)] : []),
    ]);
    const services = [ecs("stable"), ...(shape.canaryService ? [ecs("canary")] : [])];
    return [
        res(T.sg, "alb-sg", {}, { id: "sg-alb" }),
        res(T.sg, "task-sg", {}, { id: "sg-task" }),
        res(T.ingress, `task-in-alb-${shape.port}`, { securityGroupId: "sg-task", referencedSecurityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: shape.port, toPort: shape.port }),
        res(T.egress, `alb-out-${shape.port}`, { securityGroupId: "sg-alb", referencedSecurityGroupId: "sg-task", ipProtocol: "tcp", fromPort: shape.port, toPort: shape.port }),
        res(T.alb, "alb", { securityGroups: ["sg-alb"] }, { arn: "arn:alb", dnsName: "alb-1.us-east-1.elb.amazonaws.com" }),
        res(T.listener, "https", { loadBalancerArn: "arn:alb", port: 443 }, { arn: "arn:listener" }),
        res(T.tg, "web-tg-stable", { port: shape.port }, { arn: tgArn("stable") }),
        res(T.tg, "web-tg-canary", { port: shape.port }, { arn: tgArn("canary") }),
        res(T.rule, "web-rule", {
            listenerArn: "arn:listener",
            conditions: [{ hostHeader: { values: [HOST] } }],
            actions: [{ type: "forward", forward: { targetGroups: [{ arn: tgArn("stable"), weight: 100 - shape.canaryWeight }, { arn: tgArn("canary"), weight: shape.canaryWeight }] } }],
        }, {}, shape.ruleWaitsForServices ? services.map((s) => s.urn) : [urn(T.tg, "web-tg-stable"), urn(T.tg, "web-tg-canary")]),
        ...services,
        ...droplets,
        res(T.doLb, "web-lb", { dropletTag: "sel-web", forwardingRules: [{ entryPort: 443, targetPort: shape.port }] }, { ip: "198.51.100.7", id: "lb-1" }),
        res(T.record, "web-legacy", { name: HOST, type: "A", records: ["198.51.100.7"], setIdentifier: "legacy", weightedRoutingPolicies: [{ weight: shape.legacyWeight }], healthCheckId: "hc-legacy" }),
        ...(shape.fargateWeight > 0 ? [res(T.record, "web-fargate", {
            name: HOST, type: "A", aliases: [{ name: "alb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false }],
            setIdentifier: "fargate", weightedRoutingPolicies: [{ weight: shape.fargateWeight }], healthCheckId: "hc-fargate",
        }, {}, services.map((s) => s.urn))] : []),
        res(T.dbFirewall, "db-main", { clusterId: "cluster-1", rules: [{ type: "tag", value: shape.trusted }, { type: "ip_addr", value: "192.0.2.10" }] }),
    ];
}

const ADVICE: AdviceContext = {
    project: "migration", stack: "prod", services: ["web", "api"],
    serviceOf: (u) => (/::web-/.test(u) ? "web" : undefined),
};

const claim = (shape: Shape, standby?: ("legacy" | "fargate")[]): TrafficClaim => ({
    service: "web", hostname: HOST, phase: "weighted", steps: [0, 5, 25, 50, 100],
    split: { legacyPercent: shape.legacyWeight, fargatePercent: shape.fargateWeight, canaryPercent: shape.canaryWeight },
    ...(standby === undefined ? {} : { standby }),
});

function judge(base: Shape, head: Shape, options: { ops?: Record<string, ChangeOp>; environment?: string; standby?: ("legacy" | "fargate")[]; baseClaim?: TrafficClaim; headClaim?: TrafficClaim } = {}): ChangeSafety {
    return analyzeChange({
        against: "the base",
        base: stack(base),
        head: stack(head),
        ops: options.ops === undefined ? undefined : new Map([
            ...stack(head).map((r) => [r.urn, (options.ops![r.urn.split("::").pop()!] ?? (JSON.stringify(stack(base).find((b) => b.urn === r.urn)?.inputs) === JSON.stringify(r.inputs) ? "same" : stack(base).some((b) => b.urn === r.urn) ? "update" : "create"))] as [string, ChangeOp]),
        ]),
        baseTraffic: [options.baseClaim ?? claim(base, options.standby ?? [])],
        headTraffic: [options.headClaim ?? claim(head, options.standby ?? [])],
        environment: options.environment ?? "prod",
        advice: ADVICE,
    });
}

const rules = (cs: ChangeSafety) => cs.findings.map((f) => [f.rule, f.level, f.subject]);

describe("change safety: each finding of issue 23 before its fix is refused, with its safe sequence", () => {
    it("nothing changes: nothing to judge", () => {
        const cs = judge(BASE, BASE);
        assert.deepStrictEqual([cs.steps, cs.findings], [0, []]);
    });

    it("the canary's rule moving before its service: refused from the rule's update until the canary's service is steady", () => {
        const before = { ...BASE, ruleWaitsForServices: false };
        const cs = judge(before, { ...before, canaryWeight: 10, canaryService: true });
        assert.deepStrictEqual(rules(cs), [["share-unserved", "unsafe", HOST]]);
        const [finding] = cs.findings;
        assert.strictEqual(finding.breaks, `25% of ${HOST} goes to the ALB, and rule web-rule sends ${HOST} (weight 10) to target group web-tg-canary: no ECS service registers tasks in target group web-tg-canary`);
        assert.strictEqual(finding.when, "from the start of update of web-rule (ListenerRule), until create of web-canary (Service) is done");
        assert.deepStrictEqual(finding.safeSequence, [
            "The canary's share moves before its tasks are steady. Two `up`s:",
            "1. Start the canary at 0 %: `pulumi config set --path 'migration:services[0].fargate.canary.percent' 0 --stack prod`, then `npm run up -- --stack prod` (the canary's ECS service starts, and the run waits for it to be steady).",
            "2. Give it its share (for example `pulumi config set --path 'migration:services[0].fargate.canary.percent' 10 --stack prod`), then `npm run up -- --stack prod`.",
        ]);
    });

    it("the same canary with the routing rule waiting for the services (the program now): safe", () => {
        assert.deepStrictEqual(rules(judge(BASE, { ...BASE, canaryWeight: 10, canaryService: true })), []);
    });

    it("target groups replaced under live rules (a port change before its fix): refused with the procedure", () => {
        const head = { ...BASE, port: 9090, targetGroupSuffix: "9090" };
        const cs = judge(BASE, head, { ops: { "web-tg-stable": "replace", "web-tg-canary": "replace" } });
        const unserved = cs.findings.filter((f) => f.rule === "share-unserved");
        assert.ok(unserved.length > 0, JSON.stringify(cs.findings, null, 1));
        assert.ok(unserved.every((f) => f.subject === HOST));
        assert.strictEqual(unserved[0].safeSequence[0], "A target group is replaced (web-tg-stable, web-tg-canary): its replacement has no task until ECS moves the service onto it, and the rules switch first.");
    });

    it("a new port with the target groups kept, the security group rules named by port and waited for (the program now): safe on Fargate; the Droplets must listen there", () => {
        const cs = judge(BASE, { ...BASE, port: 9090 });
        assert.deepStrictEqual(rules(cs), [["droplets-listen-on-new-port", "precondition", "web-lb"]]);
        assert.strictEqual(cs.findings[0].breaks, "web-lb sends to port 9090 instead of 8080: the Droplets behind it must already listen there, which the plan cannot see");
    });

    it("a new port whose tasks do not wait for its security group rules: refused while the ALB cannot reach the new tasks", () => {
        const before = { ...BASE, servicesWaitForSecurityRules: false };
        const cs = judge(before, { ...before, port: 9090 });
        const finding = cs.findings.find((f) => f.rule === "share-unserved")!;
        assert.strictEqual(finding.breaks, `25% of ${HOST} goes to the ALB, and rule web-rule sends ${HOST} (weight 100) to target group web-tg-stable: ECS service web-stable's tasks listen on port 9090, and no security group rule lets the ALB reach them there`);
    });

    it("a new port whose security group rule is modified in place (no overlap): refused while the old tasks are unreachable", () => {
        const base = stack(BASE);
        const head = stack({ ...BASE, port: 9090 }).map((r) => r.urn.endsWith("task-in-alb-9090") ? { ...r, urn: urn(T.ingress, "task-in-alb-8080") } : r);
        const cs = analyzeChange({ against: "b", base, head, headTraffic: [claim(BASE, [])], environment: "prod", advice: ADVICE });
        assert.ok(cs.findings.some((f) => f.rule === "share-unserved" && f.breaks.includes("tasks listen on port 8080, and no security group rule lets the ALB reach them there")), JSON.stringify(cs.findings.map((f) => f.breaks)));
    });

    it("every Droplet resized together (no chaining): refused, naming the set", () => {
        const before = { ...BASE, dropletsChained: false };
        const cs = judge(before, { ...before, droplets: before.droplets.map((d) => ({ ...d, size: "s-4vcpu-8gb" })) });
        assert.deepStrictEqual(rules(cs), [["droplets-down-together", "unsafe", "web-lb"]]);
        assert.strictEqual(cs.findings[0].breaks, "every Droplet behind web-lb can be out of rotation at once (3 Droplets, 3 resized: a resize powers the Droplet off)");
        assert.strictEqual(cs.findings[0].when, "the 3 resizes run at the same time");
    });

    it("three chained Droplets resized: one at a time, two out at worst, one serving: safe; two chained Droplets: refused", () => {
        assert.deepStrictEqual(rules(judge(BASE, { ...BASE, droplets: BASE.droplets.map((d) => ({ ...d, size: "s-4vcpu-8gb" })) })), []);
        const two = { ...BASE, droplets: BASE.droplets.slice(0, 2) };
        const cs = judge(two, { ...two, droplets: two.droplets.map((d) => ({ ...d, size: "s-4vcpu-8gb" })) });
        assert.deepStrictEqual(rules(cs), [["droplets-down-together", "unsafe", "web-lb"]]);
        assert.strictEqual(cs.findings[0].when, "the resizes run 1 at a time, and each Droplet rejoins the load balancer only after its health check passes");
        assert.ok(cs.findings[0].safeSequence.includes("- or move the hostname to Fargate for the resize: `pulumi config set --path 'migration:services[0].traffic.fargatePercent' 100 --stack prod` (where the config allows it), `npm run up -- --stack prod`, resize, `npm run up -- --stack prod`, and move it back;"));
    });

    it("a tag the database trusts removed from the Droplets: refused for each Droplet that loses it", () => {
        const cs = judge(BASE, { ...BASE, droplets: BASE.droplets.map((d) => ({ ...d, tags: [] })) });
        assert.deepStrictEqual(rules(cs), [1, 2, 3].map((i) => ["dependency-lost", "unsafe", `web-droplet-${i}`]));
        assert.strictEqual(cs.findings[0].breaks, "web-droplet-1 can no longer reach database cluster cluster-1: no trusted source admits it (its tags become sel-web)");
        assert.strictEqual(cs.findings[0].safeSequence[1], "- an adopted Droplet keeps the tags it has: list them in `legacy.droplets[].tags` of web as `doctl compute droplet get <id> --format Tags` prints them;");
    });

    it("a weight-0 Fargate record with a health check while the outputs name no standby: refused (Route 53 sends it everything when legacy fails)", () => {
        const zero = { ...BASE, legacyWeight: 100, fargateWeight: 0 };
        const withRecord = stack({ ...zero, fargateWeight: 1 }).map((r) => r.urn.endsWith("web-fargate") ? { ...r, inputs: { ...r.inputs, weightedRoutingPolicies: [{ weight: 0 }] } } : r);
        const cs = analyzeChange({ against: "b", base: withRecord, head: withRecord, headTraffic: [{ ...claim(zero), standby: undefined }], environment: "prod", advice: ADVICE });
        assert.deepStrictEqual(rules(cs), [["traffic-misreported", "unsafe", HOST]]);
        assert.strictEqual(cs.findings[0].breaks, `Fargate's record stays at weight 0, so Route 53 sends all of ${HOST} to Fargate whenever legacy's health check fails, while the outputs name no standby`);
        // The same records with the standby said: the truth, no finding.
        assert.deepStrictEqual(rules(analyzeChange({ against: "b", base: withRecord, head: withRecord, headTraffic: [claim(zero, ["fargate"])], environment: "prod", advice: ADVICE })), []);
    });
});

describe("change safety: the rest of its invariants", () => {
    it("taking a side's share and its capacity in one up: refused (cached answers still reach it)", () => {
        const base = stack(BASE);
        const head = stack({ ...BASE, legacyWeight: 100, fargateWeight: 0 }).filter((r) => r.type !== T.ecs);
        const cs = analyzeChange({ against: "b", base, head, baseTraffic: [claim(BASE, [])], headTraffic: [claim({ ...BASE, legacyWeight: 100, fargateWeight: 0 }, [])], environment: "prod", advice: ADVICE });
        const drained = cs.findings.filter((f) => f.rule === "drained-too-soon");
        assert.deepStrictEqual(drained.map((f) => f.subject), [HOST]);
        assert.ok(drained[0].breaks.startsWith(`${HOST} stops sending 25% to alb in the same run that takes its capacity: rule web-rule sends ${HOST} (weight 100) to target group web-tg-stable`), drained[0].breaks);
    });

    it("a new hostname that nothing serves yet: nothing to judge (a first deployment drops no request)", () => {
        const cs = analyzeChange({ against: "nothing", base: [], head: stack({ ...BASE, ruleWaitsForServices: false, canaryWeight: 50, canaryService: false }), headTraffic: [claim(BASE, [])], environment: "prod", advice: ADVICE });
        assert.deepStrictEqual(cs.findings.filter((f) => f.level === "unsafe" && f.rule !== "traffic-misreported"), []);
    });

    it("values unknown at preview judge nothing: a database firewall whose rules are not known yet", () => {
        const base = stack(BASE);
        const head = base.map((r) => r.type === T.dbFirewall ? { ...r, inputs: { ...r.inputs, rules: UNKNOWN } } : r);
        const cs = analyzeChange({ against: "b", base, head, headTraffic: [claim(BASE, [])], environment: "prod", advice: ADVICE });
        assert.deepStrictEqual(rules(cs), []);
    });

    const runbook: [string, Partial<Shape>, Partial<Shape>, string, string[]][] = [
        ["moving the DNS share and the canary forward in one change", {}, { fargateWeight: 50, legacyWeight: 50, canaryWeight: 10, canaryService: true }, "runbook-one-move", [
            "One traffic move per change:",
            "1. `pulumi config set --path 'migration:services[0].traffic.fargatePercent' 50 --stack prod` with the canary as it was (`pulumi config set --path 'migration:services[0].fargate.canary.percent' 0 --stack prod`), then `npm run up -- --stack prod` and let it soak.",
            "2. `pulumi config set --path 'migration:services[0].fargate.canary.percent' 10 --stack prod`, then `npm run up -- --stack prod`.",
        ]],
        ["skipping a declared step forward in prod", {}, { fargateWeight: 100, legacyWeight: 0 }, "runbook-no-skipped-step", [
            "Move to the next declared step first: `pulumi config set --path 'migration:services[0].traffic.fargatePercent' 50 --stack prod`, then `npm run up -- --stack prod`, and let it soak before the next one (moving back may skip steps).",
        ]],
    ];
    for (const [what, from, to, rule, safe] of runbook) {
        it(`the runbook: ${what}`, () => {
            const base = { ...BASE, ...from };
            const head = { ...BASE, ...to };
            const finding = judge(base, head).findings.find((f) => f.rule === rule);
            assert.ok(finding, `${rule} expected`);
            assert.deepStrictEqual(finding.safeSequence, safe);
        });
    }

    it("the runbook: moving back is never held up, skipping steps included", () => {
        const high = { ...BASE, legacyWeight: 0, fargateWeight: 100, canaryWeight: 10, canaryService: true };
        assert.deepStrictEqual(judge(high, BASE).findings.filter((f) => f.rule.startsWith("runbook")), []);
    });

    it("the runbook: skipping a step is allowed in dev", () => {
        assert.deepStrictEqual(judge(BASE, { ...BASE, fargateWeight: 100, legacyWeight: 0 }, { environment: "dev" }).findings.filter((f) => f.rule === "runbook-no-skipped-step"), []);
    });

    it("the runbook: leaving liveRecord without importWeightedRecords is refused", () => {
        const cs = judge(BASE, BASE, { baseClaim: { ...claim(BASE, []), phase: "cutover-pending" }, headClaim: { ...claim(BASE, []), phase: "weighted" } });
        const finding = cs.findings.find((f) => f.rule === "runbook-import-weighted-records")!;
        assert.deepStrictEqual(finding.safeSequence, [
            "Run `npm run cutover -- --stack prod` and apply its batch if it has not run, then remove `traffic.liveRecord` (`pulumi config rm --path 'migration:services[0].traffic.liveRecord' --stack prod`) and set `pulumi config set --path 'migration:services[0].traffic.importWeightedRecords' true --stack prod` for the next `npm run up -- --stack prod` (it imports the records the batch created); remove it afterwards.",
        ]);
    });
});

describe("routeShares: Route 53 weighted routing with health checks", () => {
    const cases: [string, { weight: number; healthChecked: boolean }[], number[], number[]][] = [
        ["shares by weight", [{ weight: 75, healthChecked: true }, { weight: 25, healthChecked: true }], [], [0.75, 0.25]],
        ["an unhealthy record's share goes to the others", [{ weight: 75, healthChecked: true }, { weight: 25, healthChecked: true }], [0], [0, 1]],
        ["a weight-0 record takes everything when every other is unhealthy", [{ weight: 100, healthChecked: true }, { weight: 0, healthChecked: true }], [0], [0, 1]],
        ["a weight-0 record gets nothing while the others are healthy", [{ weight: 100, healthChecked: true }, { weight: 0, healthChecked: true }], [], [1, 0]],
        ["a record without a health check is always healthy", [{ weight: 50, healthChecked: false }, { weight: 50, healthChecked: true }], [0], [0.5, 0.5]],
        ["every record unhealthy: all treated as healthy", [{ weight: 60, healthChecked: true }, { weight: 40, healthChecked: true }], [0, 1], [0.6, 0.4]],
        ["every weight 0: an even spread", [{ weight: 0, healthChecked: true }, { weight: 0, healthChecked: true }], [], [0.5, 0.5]],
    ];
    for (const [what, records, unhealthy, expected] of cases) {
        it(what, () => {
            assert.deepStrictEqual(routeShares(records, new Set(unhealthy)), expected);
        });
    }
});

describe("change safety: the safe sequences' config commands give a config the plan accepts", () => {
    it("for each refusal above, on prod's stack file after its cut-over, with the change that was refused", () => {
        // prod after the cut-over, web at 25 % with a canary being added (the change the canary advice is about).
        const file = fs.readFileSync(path.join(__dirname, "..", "Pulumi.prod.yaml"), "utf8");
        const doc = parse(file) as { config: Record<string, any> };
        for (const s of doc.config["migration:services"]) {
            delete s.traffic.liveRecord;
        }
        doc.config["migration:services"][0].traffic.fargatePercent = 25;
        doc.config["migration:services"][0].fargate.canary = { imageTag: "1.9.0", percent: 10 };
        const base = stringify(doc);
        const advice = [
            ...judge({ ...BASE, ruleWaitsForServices: false }, { ...BASE, ruleWaitsForServices: false, canaryWeight: 10, canaryService: true }).findings,
            ...judge({ ...BASE, droplets: BASE.droplets.slice(0, 2) }, { ...BASE, droplets: BASE.droplets.slice(0, 2).map((d) => ({ ...d, size: "s-4vcpu-8gb" })) }).findings,
            ...judge(BASE, { ...BASE, fargateWeight: 100, legacyWeight: 0 }).findings,
        ].flatMap((f) => f.safeSequence);
        const commands = findConfigCommands(advice.join("\n"));
        assert.strictEqual(commands.length, 4, commands.join("\n"));
        for (const command of commands) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "advice-"));
            fs.copyFileSync(path.join(__dirname, "..", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), runOnStackFile(base, [command], { project: "migration", stack: "prod" }));
            assert.doesNotThrow(() => parseStackConfig(readStackConfig(dir, "prod")), command);
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
