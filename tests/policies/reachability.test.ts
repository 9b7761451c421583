// Table and property tests of the pack's pure models: address-space
// arithmetic (lib/addresses.ts), the reachability model
// (lib/reachability.ts) and Route 53 / ALB semantics (lib/routing.ts). No
// pack process: these run in the test process.
import * as assert from "assert";
import fc from "fast-check";
import type { PolicyResource } from "@pulumi/policy";
import { AddressSet, PortSet, describePublic, isInternet, parseRange, publicPart } from "../../policies/lib/addresses";
import { aclInternetPorts, buildModel, bypasses, loadBalancersOf, openToAnyone, publicExposure } from "../../policies/lib/reachability";
import { bypassesOfSplit, errorCodesCountedHealthy, hostMatches, matcherCodes, route53Shares, splitOf } from "../../policies/lib/routing";
import { nodes } from "../../policies/lib/stack";

const STRICT = { ipv4Prefix: 31, ipv6Prefix: 127 };
const WIDE = { ipv4Prefix: 16, ipv6Prefix: 32 };

function stack(resources: readonly [string, string, Record<string, unknown>, Record<string, string[]>?][]): PolicyResource[] {
    return resources.map(([type, name, props, deps]) => ({
        type, name, urn: `urn:pulumi:prod::m::${type}::${name}`, props, propertyDependencies: Object.fromEntries(Object.entries(deps ?? {}).map(([k, urns]) => [k, urns.map((urn) => ({ urn }))])),
        dependencies: [], opts: {}, isCustom: true,
    })) as unknown as PolicyResource[];
}

describe("policies lib: address space (ip-address)", () => {
    it("parses CIDRs and single addresses of both families, and nothing else", () => {
        assert.deepStrictEqual(["10.0.0.0/8", "203.0.113.7", "::/0", "2001:db8::1", "10.0.0.300/8", "pl-123", "sg-1", ""].map((t) => {
            const r = parseRange(t);
            return r === undefined ? "-" : `${r.family}:${r.interval.end - r.interval.start + 1n}`;
        }), ["4:16777216", "4:1", `6:${2n ** 128n}`, "6:1", "-", "-", "-", "-"]);
    });

    // Each row: the ranges as written, whether they admit the internet at the default (Trivy) and a /16 threshold.
    const table: [string[], boolean, boolean, string][] = [
        [["0.0.0.0/0"], true, true, "all of the public IPv4 internet"],
        [["0.0.0.0/1", "128.0.0.0/1"], true, true, "all of the public IPv4 internet"],
        [["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"], true, true, "all of the public IPv4 internet"],
        [["::/0"], true, true, "all of the public IPv6 internet"],
        [["2000::/3"], true, true, "all of the public IPv6 internet"],
        [["1.0.0.0/8"], true, true, "0.4% of public IPv4 (16,777,216 addresses)"],
        [["3.251.148.96/29"], true, false, "0.0% of public IPv4 (8 addresses)"],
        [["198.18.0.1/32"], false, false, "no public addresses"],
        [["52.1.2.3/32"], false, false, "0.0% of public IPv4 (1 addresses)"],
        [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"], false, false, "no public addresses"],
        [["fd00::/8", "fe80::/10", "2001:db8::/32"], false, false, "no public addresses"],
        [["2a01:4f8::/32"], true, true, "0.0% of public IPv6"],
    ];
    for (const [ranges, strict, wide, described] of table) {
        it(`${ranges.join(" + ")}: internet ${strict} by default, ${wide} at /16`, () => {
            const set = AddressSet.of(ranges);
            assert.strictEqual(isInternet(set, STRICT), strict);
            assert.strictEqual(isInternet(set, WIDE), wide);
            assert.strictEqual(describePublic(set), described);
        });
    }

    const cidr4 = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
        .map(([n, p]) => `${[24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".")}/${p}`);
    const sets = fc.array(cidr4, { maxLength: 6 }).map((c) => AddressSet.of(c));

    it("property: union and intersection count like sets (|A u B| = |A| + |B| - |A n B|)", () => {
        fc.assert(fc.property(sets, sets, (a, b) => a.union(b).size(4) === a.size(4) + b.size(4) - a.intersect(b).size(4)));
    });
    it("property: A - B shares nothing with B, and (A - B) u (A n B) is A", () => {
        fc.assert(fc.property(sets, sets, (a, b) => a.subtract(b).intersect(b).isEmpty() && a.subtract(b).union(a.intersect(b)).covers(a) && a.covers(a.subtract(b).union(a.intersect(b)))));
    });
    it("property: splitting a CIDR into its halves changes nothing, however written", () => {
        fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 31 }), (n, p) => {
            const whole = parseRange(`${[24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".")}/${p}`)!;
            const mid = whole.interval.start + (whole.interval.end - whole.interval.start + 1n) / 2n;
            const text = (v: bigint) => [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
            const halves = AddressSet.of([`${text(whole.interval.start)}/${p + 1}`, `${text(mid)}/${p + 1}`]);
            const one = AddressSet.of([whole]);
            return halves.covers(one) && one.covers(halves) && isInternet(halves, STRICT) === isInternet(one, STRICT);
        }));
    });
    it("property: admitting more never makes a source less of the internet", () => {
        fc.assert(fc.property(sets, sets, (a, b) => !isInternet(a, WIDE) || isInternet(a.union(b), WIDE)));
    });
    it("property: the public part of a set is inside it and has no private address", () => {
        const privateSpace = AddressSet.of(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]);
        fc.assert(fc.property(sets, (a) => a.covers(publicPart(a)) && publicPart(a).intersect(privateSpace).isEmpty()));
    });
    it("ports: sets, differences and text", () => {
        const web = PortSet.of([{ from: 80, to: 80 }, { from: 443, to: 443 }]);
        assert.strictEqual(PortSet.ALL.subtract(web).toString(), "ports 0-79, 81-442, 444-65535");
        assert.strictEqual(PortSet.of([{ from: 22, to: 22 }]).toString(), "port 22");
        assert.strictEqual(PortSet.of([{ from: 0, to: 65535 }]).toString(), "all ports");
        assert.ok(web.subtract(web).isEmpty());
    });
});

describe("policies lib: the reachability model", () => {
    const SG = "aws:ec2/securityGroup:SecurityGroup";
    it("an instance is exposed on what a group admits from the internet, within the subnet's network ACL", () => {
        const base: [string, string, Record<string, unknown>][] = [
            [SG, "web-sg", { id: "sg-1", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }, { protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }] }],
            ["aws:ec2/instance:Instance", "box", { associatePublicIpAddress: true, vpcSecurityGroupIds: ["sg-1"], subnetId: "subnet-p" }],
        ];
        const model = buildModel(nodes(stack(base)));
        const box = model.endpoints.find((e) => e.node.name === "box")!;
        assert.deepStrictEqual(publicExposure(model, box, STRICT)!.map((e) => `${e.ports} via ${e.via}`), [
            "port 22 via web-sg ingress[0] admits 0.0.0.0/1, 128.0.0.0/1 (all of the public IPv4 internet)",
            "port 443 via web-sg ingress[1] admits ::/0 (all of the public IPv6 internet)",
        ]);
        const acl: [string, string, Record<string, unknown>] = ["aws:ec2/networkAcl:NetworkAcl", "acl", { id: "acl-1", subnetIds: ["subnet-p"], ingress: [
            { ruleNo: 10, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
            { ruleNo: 20, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
        ] }];
        const limited = buildModel(nodes(stack([...base, acl])));
        assert.deepStrictEqual(publicExposure(limited, limited.endpoints.find((e) => e.node.name === "box")!, STRICT)!.map((e) => String(e.ports)), ["port 443"]);
    });

    it("names at most five ranges of a long list in messages", () => {
        const cidrs = Array.from({ length: 128 }, (_, i) => `${i * 2}.0.0.0/7`);
        const model = buildModel(nodes(stack([[SG, "sg", { id: "sg-1", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: cidrs }] }],
            ["aws:ec2/instance:Instance", "box", { associatePublicIpAddress: true, vpcSecurityGroupIds: ["sg-1"] }]])));
        assert.deepStrictEqual(publicExposure(model, model.endpoints[0], STRICT)!.map((e) => e.via), [
            "sg ingress[0] admits 0.0.0.0/7, 2.0.0.0/7, 4.0.0.0/7, 6.0.0.0/7, 8.0.0.0/7, and 123 more (all of the public IPv4 internet)",
        ]);
    });

    it("private instances, unknown groups and internal load balancers are not exposed; unknowns are not guessed", () => {
        const model = buildModel(nodes(stack([
            [SG, "sg", { id: "sg-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }],
            ["aws:ec2/instance:Instance", "private", { associatePublicIpAddress: false, vpcSecurityGroupIds: ["sg-1"] }],
            ["aws:lb/loadBalancer:LoadBalancer", "internal", { internal: true, loadBalancerType: "network" }],
            ["aws:rds/instance:Instance", "db", { publiclyAccessible: { __unknown: true } }],
        ])));
        assert.deepStrictEqual(model.endpoints.map((e) => `${e.label}: ${JSON.stringify(publicExposure(model, e, STRICT)?.length)}`), [
            "EC2 instance private: 0", "NLB internal: 0", "RDS instance db: 0",
        ]);
    });

    it("resolves prefix lists to their entries, and the VPC default group when no group is named", () => {
        const model = buildModel(nodes(stack([
            ["aws:ec2/managedPrefixList:ManagedPrefixList", "pl", { id: "pl-1", entries: [{ cidr: "0.0.0.0/0" }] }],
            ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, prefixListId: "pl-1" }],
            ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default", { ingress: [{ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["0.0.0.0/0"] }] }],
            ["aws:rds/instance:Instance", "pg", { publiclyAccessible: true, engine: "postgres", vpcSecurityGroupIds: ["sg-1"] }],
            ["aws:rds/instance:Instance", "mysql", { publiclyAccessible: true, engine: "mysql" }],
        ])));
        const exposed = (name: string) => publicExposure(model, model.endpoints.find((e) => e.node.name === name)!, STRICT)!.map((e) => `${e.ports} via ${e.via}`);
        assert.deepStrictEqual(exposed("pg"), ["port 5432 via in admits prefix list pl (0.0.0.0/0) (all of the public IPv4 internet)"]);
        assert.deepStrictEqual(exposed("mysql"), ["port 3306 via default ingress[0] admits 0.0.0.0/0 (all of the public IPv4 internet)"]);
    });

    it("load balancers: NLB without groups and classic ELB listeners are open; ALB ports follow its groups", () => {
        const LB = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/nlb/1";
        const model = buildModel(nodes(stack([
            ["aws:lb/loadBalancer:LoadBalancer", "nlb", { arn: LB, loadBalancerType: "network", internal: false }],
            ["aws:lb/listener:Listener", "ssh", { loadBalancerArn: LB, port: 22, protocol: "TCP", defaultActions: [] }],
            ["aws:elb/loadBalancer:LoadBalancer", "clb", { listeners: [{ lbPort: 3306, instancePort: 3306, lbProtocol: "tcp" }] }],
            ["digitalocean:index/loadBalancer:LoadBalancer", "dolb", { forwardingRules: [{ entryPort: 443, targetPort: 8080 }], firewall: { allows: ["ip:203.0.113.9"] } }],
        ])));
        assert.deepStrictEqual(model.endpoints.map((e) => `${e.label}: ${publicExposure(model, e, STRICT)!.map((x) => String(x.ports)).join(", ") || "-"}`), [
            "NLB nlb: port 22", "classic ELB clb: port 3306", "DigitalOcean load balancer dolb: -",
        ]);
    });

    it("finds the grants that reach a service around its load balancer", () => {
        const TG = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1";
        const ALB = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/alb/1";
        const model = buildModel(nodes(stack([
            [SG, "alb-sg", { id: "sg-alb", ingress: [] }],
            [SG, "task-sg", { id: "sg-task", ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-alb"] }, { protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.0.0.0/8"] }, { protocol: "tcp", fromPort: 9090, toPort: 9090, securityGroups: ["sg-other"] }] }],
            ["aws:lb/loadBalancer:LoadBalancer", "alb", { arn: ALB, securityGroups: ["sg-alb"], internal: false }],
            ["aws:lb/listener:Listener", "https", { arn: "l1", loadBalancerArn: ALB, port: 443, defaultActions: [{ type: "forward", targetGroupArn: TG }] }],
            ["aws:lb/targetGroup:TargetGroup", "tg", { arn: TG, port: 8080 }],
            ["aws:ecs/service:Service", "web", { loadBalancers: [{ targetGroupArn: TG }], networkConfiguration: { securityGroups: ["sg-task"], assignPublicIp: false } }],
        ])));
        const web = model.endpoints.find((e) => e.node.name === "web")!;
        const fronts = loadBalancersOf(model, web);
        assert.deepStrictEqual(fronts.map((f) => f.node.name), ["alb"]);
        assert.deepStrictEqual(bypasses(model, web, fronts)!.map((b) => `${b.grant.where}: ${b.why}`), [
            "task-sg ingress[1]: admits 10.0.0.0/8",
            "task-sg ingress[2]: admits security group sg-other, which no load balancer in front of it uses",
        ]);
    });

    it("network ACLs decide in rule order: an earlier deny shadows a later allow, per port", () => {
        const acl = buildModel(nodes(stack([["aws:ec2/networkAcl:NetworkAcl", "acl", { ingress: [
            { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 1024, toPort: 65535, cidrBlock: "0.0.0.0/0" },
            { ruleNo: 50, action: "deny", protocol: "tcp", fromPort: 3000, toPort: 3389, cidrBlock: "0.0.0.0/0" },
            { ruleNo: 200, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "203.0.113.10/32" },
        ] }]]))).acls[0];
        assert.deepStrictEqual(aclInternetPorts(acl, AddressSet.of(["0.0.0.0/0"]), STRICT).map((x) => `${x.ports} by ${x.entry.number}`), [
            "ports 1024-2999, 3390-65535 by 100",
        ]);
    });

    it("property: a deny-all entry numbered first closes every port to the internet", () => {
        const entry = fc.record({ n: fc.integer({ min: 2, max: 32766 }), from: fc.integer({ min: 0, max: 65535 }), span: fc.integer({ min: 0, max: 1000 }), allow: fc.boolean() });
        fc.assert(fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
            const ingress = [{ ruleNo: 1, action: "deny", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
                ...entries.map((e) => ({ ruleNo: e.n, action: e.allow ? "allow" : "deny", protocol: "tcp", fromPort: e.from, toPort: Math.min(65535, e.from + e.span), cidrBlock: "0.0.0.0/0" }))];
            const acl = buildModel(nodes(stack([["aws:ec2/networkAcl:NetworkAcl", "acl", { ingress }]]))).acls[0];
            return aclInternetPorts(acl, AddressSet.of(["0.0.0.0/0"]), STRICT).length === 0;
        }));
    });

    it("access policies: anyone without a condition on the caller", () => {
        const doc = (statement: Record<string, unknown>) => JSON.stringify({ Statement: [{ Effect: "Allow", Action: "es:*", ...statement }] });
        assert.deepStrictEqual([
            doc({ Principal: "*" }), doc({ Principal: { AWS: "*" } }), doc({ Principal: { AWS: "*" }, Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }),
            doc({ Principal: { AWS: "arn:aws:iam::1:role/app" } }), doc({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }),
        ].map(openToAnyone), [true, true, false, false, false]);
    });
});

describe("policies lib: Route 53 and ALB semantics", () => {
    const shares = (records: [string, number, boolean][]) => Object.fromEntries(route53Shares(records.map(([id, weight, healthy]) => ({ id, weight, healthy }))));
    const table: [string, [string, number, boolean][], Record<string, number>][] = [
        ["weights share among healthy records", [["legacy", 75, true], ["fargate", 25, true]], { legacy: 0.75, fargate: 0.25 }],
        ["a failed record's share moves to the others", [["legacy", 75, false], ["fargate", 25, true]], { legacy: 0, fargate: 1 }],
        ["weight 0 takes nothing while a weighted record is healthy", [["legacy", 100, true], ["fargate", 0, true]], { legacy: 1, fargate: 0 }],
        ["weight 0 with a health check becomes the failover target", [["legacy", 100, false], ["fargate", 0, true]], { legacy: 0, fargate: 1 }],
        ["all-zero weights spread equally", [["legacy", 0, true], ["fargate", 0, true]], { legacy: 0.5, fargate: 0.5 }],
        ["all unhealthy: all count as healthy", [["legacy", 60, false], ["fargate", 40, false]], { legacy: 0.6, fargate: 0.4 }],
    ];
    for (const [what, records, expected] of table) {
        it(`route53Shares: ${what}`, () => assert.deepStrictEqual(shares(records), expected));
    }
    it("property: shares add up to 1 and a weight-0 record gets nothing while a healthy weighted record exists", () => {
        const rec = fc.record({ weight: fc.integer({ min: 0, max: 255 }), healthy: fc.boolean() });
        fc.assert(fc.property(fc.array(rec, { minLength: 1, maxLength: 6 }), (rs) => {
            const s = route53Shares(rs.map((r, i) => ({ id: String(i), ...r })));
            const total = [...s.values()].reduce((a, b) => a + b, 0);
            const weightedHealthy = rs.some((r) => r.healthy && r.weight > 0);
            return Math.abs(total - 1) < 1e-9 && rs.every((r, i) => !(weightedHealthy && r.weight === 0) || s.get(String(i)) === 0);
        }));
    });
    it("matchers: codes, and the error codes counted healthy", () => {
        assert.deepStrictEqual(matcherCodes("200,202-204"), [200, 202, 203, 204]);
        assert.strictEqual(matcherCodes("2xx"), undefined);
        assert.deepStrictEqual(["200", "200-399", "200-499", "200,404", "200,500-599"].map(errorCodesCountedHealthy), [undefined, undefined, "400-499", "404", "500-599"]);
    });
    it("listener rules before a weighted split that send more to the canary route around it", () => {
        const split = { name: "split", priority: 100, hosts: ["www.example.com"], paths: undefined, split: splitOf([{ key: "stable", weight: 90 }, { key: "canary", weight: 10 }]) };
        const rule = (name: string, priority: number, hosts: string[] | undefined, to: Record<string, number>) =>
            ({ name, priority, hosts, paths: undefined, split: splitOf(Object.entries(to).map(([key, weight]) => ({ key, weight }))) });
        assert.deepStrictEqual(bypassesOfSplit([split,
            rule("hotfix", 10, ["www.example.com"], { canary: 1 }),
            rule("wildcard", 20, ["*.example.com"], { stable: 50, canary: 50 }),
            rule("health", 30, ["www.example.com"], { stable: 1 }),
            rule("other-host", 40, ["api.example.com"], { canary: 1 }),
            rule("after", 200, undefined, { canary: 1 }),
        ]).map((b) => `${b.rule.name} ${b.group} ${b.share} > ${b.intended} of ${b.of.name}`), ["hotfix canary 1 > 0.5 of wildcard", "wildcard canary 0.5 > 0.1 of split"]);
        assert.ok(hostMatches("*.example.com", "WWW.example.com") && !hostMatches("*.example.com", "example.org"));
    });
});
