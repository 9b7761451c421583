// Quotas the config decides (components/config/quotas.ts): each one at its
// limit passes, one over is refused with the exact message; and what the
// checks count is what the program registers (one run of a stack that has a
// bit of everything: canary, shared hostname, database, egress).
import * as assert from "assert";
import * as path from "path";
import { ConfigError, parseStackConfig, type RawConfigInput } from "../components/config";
import { quotaProblems, quotaUsage, QUOTAS, wildcardCount } from "../components/config/quotas";
import { runProgram, type Registration } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

/** The web services of a stack file (the counts below are the web services'; workers, jobs and release tasks have tests of their own). */
function webOnly(stack: "dev" | "prod"): Record<string, any>[] {
    return (JSON.parse(readStackConfig(ROOT, stack).values["migration:services"]) as Record<string, any>[]).filter((s) => s.kind === undefined);
}

function stackWith(stack: "dev" | "prod", overrides: Record<string, unknown>, secrets: Record<string, string> = {}): RawConfigInput {
    const config: Record<string, string> = { "migration:services": JSON.stringify(webOnly(stack)) };
    for (const [key, value] of Object.entries(overrides)) {
        config[key] = JSON.stringify(value);
    }
    return readStackConfig(ROOT, stack, { config, secrets });
}

/** The config's problems, or [] when it parses. */
function problemsOf(input: RawConfigInput): readonly string[] {
    try {
        parseStackConfig(input);
        return [];
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
}

const dev = readStackConfig(ROOT, "dev");
const devServices = webOnly("dev");
const devLegacy = JSON.parse(dev.values["migration:legacy"]) as Record<string, any>;
const prodServices = webOnly("prod");
const [web, api] = devServices;
const quotas = (q: Record<string, number>) => ({ "migration:platform": { logRetentionDays: 14, ecrKeepImages: 20, quotas: q } });
const services = (patch: (copy: Record<string, any>[]) => void) => {
    const copy = structuredClone(devServices);
    patch(copy);
    return { "migration:services": copy };
};
/** A Fargate-only service of its own hostname. */
const fargateOnly = (i: number) => ({
    ...structuredClone(api), name: `svc${i}`, hostname: `svc${i}.dev.example.com`, legacy: { enabled: false }, traffic: { fargatePercent: 100 },
    fargate: { ...structuredClone(api.fargate), cpu: 256, memory: 512, desiredCount: 1, autoscaling: { min: 1, max: 1 } },
});
/** web, and orders taking some of www's paths on Fargate. */
const strangler = (pathPatterns: string[]) => services((copy) => {
    copy.push({ name: "orders", hostname: "www.dev.example.com", port: 8081, healthCheckPath: "/healthz", fargate: { ...structuredClone(api.fargate), pathPatterns } });
});
const ips = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}.${Math.floor(i / 250)}.${(i % 250) + 1}`);
const database = (trusted: number) => ({ name: "main", clusterId: "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30", cidr: "203.0.113.50/32", trustedSources: ips(trusted, "198.51").map((value) => ({ type: "ip_addr", value })) });
const extraRules = (n: number) => Array.from({ length: n }, (_, i) => ({ protocol: "tcp", ports: String(9000 + i), addresses: ["192.0.2.10/32"] }));
describe("quotas the config decides", () => {
    const cases: [string, RawConfigInput, RawConfigInput, string[]][] = [
        ["Target Groups per Application Load Balancer (100: two a Fargate service)",
            stackWith("dev", { "migration:services": Array.from({ length: 50 }, (_, i) => fargateOnly(i)), ...quotas({ rulesPerAlb: 102, fargateOnDemandVcpus: 100 }) }),
            stackWith("dev", { "migration:services": Array.from({ length: 51 }, (_, i) => fargateOnly(i)), ...quotas({ rulesPerAlb: 102, fargateOnDemandVcpus: 100 }) }),
            ["migration:services: 51 Fargate services need 102 target groups on the stack's ALB (a stable and a canary group each); allowed at most 100 ('Target Groups per Application Load Balancer', not adjustable): move services to another stack (a second ALB)"]],
        ["Targets per Application Load Balancer (web 4 tasks, api 4)",
            stackWith("dev", quotas({ targetsPerAlb: 8 })),
            stackWith("dev", quotas({ targetsPerAlb: 7 })),
            ["migration:services: the Fargate services can scale to 8 tasks behind the ALB (autoscaling.max of each revision, canaries included), each a target; allowed 7 (platform.quotas.targetsPerAlb, 'Targets per Application Load Balancer'): raise 'Targets per Application Load Balancer' with AWS Service Quotas and set platform.quotas.targetsPerAlb to the new value, lower autoscaling.max, or move services to another stack (a second ALB)"]],
        ["Fargate On-Demand vCPUs (web 4 × 0.25, api 4 × 0.5)",
            stackWith("dev", quotas({ fargateOnDemandVcpus: 3 })),
            stackWith("dev", quotas({ fargateOnDemandVcpus: 2 })),
            ["migration:services: the Fargate services can scale to 3 vCPUs of tasks (autoscaling.max of each revision times its cpu, canaries included; each worker at its max, one task per job and release task); allowed 2 (platform.quotas.fargateOnDemandVcpus, the region's 'Fargate On-Demand vCPU resource count'): raise 'Fargate On-Demand vCPU resource count' with AWS Service Quotas and set platform.quotas.fargateOnDemandVcpus to the new value (a deployment at full scale starts up to as many again), or lower autoscaling.max"]],
        ["Fargate On-Demand vCPUs with a canary (2 more web tasks: 3.5)",
            stackWith("dev", { ...services((c) => { c[0].fargate.canary = { imageTag: "1.9.0", percent: 10 }; delete c[0].fargate.rollout; }), ...quotas({ fargateOnDemandVcpus: 4 }) }),
            stackWith("dev", { ...services((c) => { c[0].fargate.canary = { imageTag: "1.9.0", percent: 10 }; delete c[0].fargate.rollout; }), ...quotas({ fargateOnDemandVcpus: 3 }) }),
            ["migration:services: the Fargate services can scale to 3.5 vCPUs of tasks (autoscaling.max of each revision times its cpu, canaries included; each worker at its max, one task per job and release task); allowed 3 (platform.quotas.fargateOnDemandVcpus, the region's 'Fargate On-Demand vCPU resource count'): raise 'Fargate On-Demand vCPU resource count' with AWS Service Quotas and set platform.quotas.fargateOnDemandVcpus to the new value (a deployment at full scale starts up to as many again), or lower autoscaling.max"]],
        ["Elastic IP addresses per Region (a NAT gateway in each of 6 zones)",
            stackWith("dev", { "migration:network": { mode: "create", cidr: "10.20.0.0/16", availabilityZones: 6, natGateways: "one-per-az" }, ...quotas({ elasticIpsPerRegion: 6 }) }),
            stackWith("dev", { "migration:network": { mode: "create", cidr: "10.20.0.0/16", availabilityZones: 6, natGateways: "one-per-az" } }),
            ["migration:network.natGateways: one-per-az over 6 availability zones allocates 6 Elastic IPs (one per NAT gateway); allowed 5 (platform.quotas.elasticIpsPerRegion, 'Elastic IP addresses per Region', shared with everything else in the region): raise 'Elastic IP addresses per Region' with AWS Service Quotas and set platform.quotas.elasticIpsPerRegion to the new value, use natGateways: single, or fewer availability zones"]],
        ["Route 53 health checks (two per hostname; orders adds its own and a calculated one)",
            stackWith("dev", { ...strangler(["/orders/*"]), ...quotas({ route53HealthChecks: 6 }) }),
            stackWith("dev", { ...strangler(["/orders/*"]), ...quotas({ route53HealthChecks: 5 }) }),
            ["migration:services: the hostnames need 6 Route 53 health checks (one per legacy side, one per Fargate service, one more per hostname shared by Fargate services); allowed 5 (platform.quotas.route53HealthChecks, the account's 'Health checks'): raise 'Health checks' with AWS Service Quotas and set platform.quotas.route53HealthChecks to the new value, or move services to another account's stack"]],
        ["Route 53 records per hosted zone (4 weighted, 2 health aliases, 3 validation records)",
            stackWith("dev", quotas({ route53RecordsPerZone: 9 })),
            stackWith("dev", quotas({ route53RecordsPerZone: 8 })),
            ["migration:dns.zoneName: the stack adds 9 records to the zone (weighted pairs, health-check aliases, certificate validation), besides the records it has; allowed 8 (platform.quotas.route53RecordsPerZone, 'Records per hosted zone'): raise 'Records per hosted zone' with AWS Service Quotas and set platform.quotas.route53RecordsPerZone to the new value, or move services to another stack"]],
        ["DigitalOcean load balancers (one a service with Droplets)",
            stackWith("dev", quotas({ doLoadBalancers: 2 })),
            stackWith("dev", quotas({ doLoadBalancers: 1 })),
            ["migration:services: 2 services with Droplets need 2 DigitalOcean load balancers (one each); allowed 1 (platform.quotas.doLoadBalancers, the team's load balancer limit): ask DigitalOcean to raise the team's load balancer limit and set platform.quotas.doLoadBalancers to the new value, or decommission services' Droplets (legacy.enabled: false) first"]],
        ["DigitalOcean Droplets, when the limit is declared",
            stackWith("dev", quotas({ doDroplets: 2 })),
            stackWith("dev", quotas({ doDroplets: 1 })),
            ["migration:services: the services run 2 Droplets (created and adopted); allowed 1 (platform.quotas.doDroplets, the team's Droplet limit, which counts the team's other Droplets too): ask DigitalOcean to raise the team's Droplet limit and set platform.quotas.doDroplets to the new value, or lower legacy.count"]],
        ["Inbound or outbound rules per security group (web's tasks: HTTPS and its database, at DigitalOcean and at RDS while it replicates)",
            stackWith("dev", quotas({ rulesPerSecurityGroup: 3 })),
            stackWith("dev", { ...services((c) => { c[0].fargate.egress.push({ port: 6379, cidr: "10.20.0.0/16" }); }), ...quotas({ rulesPerSecurityGroup: 3 }) }),
            ["migration:services[0].fargate.egress: 3 rules (a database moving to RDS is reached at DigitalOcean and at RDS until done: 1 more rule) and HTTPS make 4 outbound rules of the tasks' security group (a prefix list counts as its maximum entries, which the plan cannot see: counted as 1); allowed 3 (platform.quotas.rulesPerSecurityGroup, 'Inbound or outbound rules per security group'): merge destinations (a CIDR or a prefix list for several), or raise 'Inbound or outbound rules per security group' with AWS Service Quotas and set platform.quotas.rulesPerSecurityGroup to the new value"]],
        ["RDS DB instances (one per moving database)",
            stackWith("dev", quotas({ rdsDbInstances: 1 })),
            stackWith("dev", { "migration:legacy": { ...devLegacy, databases: [...devLegacy.databases, { ...devLegacy.databases[0], name: "jobs", clusterId: "6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d", move: { ...devLegacy.databases[0].move, phase: "done" } }] }, ...quotas({ rdsDbInstances: 1 }) }),
            ["migration:legacy.databases: the moving databases need 2 RDS DB instances (one per RDS target; an Aurora writer, and a reader with Multi-AZ); allowed 1 (platform.quotas.rdsDbInstances, the region's 'DB instances', which counts the account's other instances too): raise 'DB instances' with AWS Service Quotas and set platform.quotas.rdsDbInstances to the new value, or move fewer databases at once"]],
        ["DMS replication instances (one per replicating database)",
            stackWith("dev", quotas({ dmsReplicationInstances: 1 })),
            stackWith("dev", { "migration:legacy": { ...devLegacy, databases: [...devLegacy.databases, { ...devLegacy.databases[0], name: "jobs", clusterId: "6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }] }, ...quotas({ dmsReplicationInstances: 1 }) }),
            ["migration:legacy.databases: 2 databases replicate at once, each on its own DMS replication instance; allowed 1 (platform.quotas.dmsReplicationInstances, 'Replication instances per user account'): raise 'Replication instances per user account' with AWS Service Quotas and set platform.quotas.dmsReplicationInstances to the new value, or replicate fewer databases at once (move the others to done first)"]],
        ["Inbound or outbound rules per security group (the ALB's: one outbound rule a Fargate service)",
            stackWith("dev", { ...services((c) => { c[0].fargate.egress = []; }), ...quotas({ rulesPerSecurityGroup: 2 }) }),
            stackWith("dev", { ...services((c) => { c[0].fargate.egress = []; c.push(fargateOnly(3)); }), ...quotas({ rulesPerSecurityGroup: 2 }) }),
            ["migration:services: the ALB's security group needs 3 outbound rules (one to each Fargate service's tasks); allowed 2 (platform.quotas.rulesPerSecurityGroup, 'Inbound or outbound rules per security group'): raise 'Inbound or outbound rules per security group' with AWS Service Quotas and set platform.quotas.rulesPerSecurityGroup to the new value, or move services to another stack (a second ALB)"]],
        ["Condition Wildcards per Rule (5: * and ? in a rule's path patterns)",
            stackWith("dev", strangler(["/a*/b*", "/c*", "/d?e*"])),
            stackWith("dev", strangler(["/a*/b*", "/c*", "/d?e*", "/f*"])),
            ["migration:services[2].fargate.pathPatterns: [\"/a*/b*\",\"/c*\",\"/d?e*\",\"/f*\"] has 6 wildcards (* and ?) in the service's ALB rule; allowed at most 5 per rule ('Condition Wildcards per Rule', not adjustable): use fewer or broader patterns"]],
        ["Route 53 values in a record (400: the live record copied as it is)",
            stackWith("prod", { "migration:services": prodServices.map((s, i) => (i === 0 ? { ...s, traffic: { ...s.traffic, liveRecord: { type: "A", ttl: 300, values: ips(400, "192.0") } } } : s)) }),
            stackWith("prod", { "migration:services": prodServices.map((s, i) => (i === 0 ? { ...s, traffic: { ...s.traffic, liveRecord: { type: "A", ttl: 300, values: ips(401, "192.0") } } } : s)) }),
            ["migration:services[0].traffic.liveRecord.values: has 401 values; allowed at most 400 (Route 53 'Values in a record'; the live record cannot have more: copy it as it is)"]],
        ["Subnets per awsvpcConfiguration (16, the tasks' subnets)",
            stackWith("dev", { "migration:network": { mode: "existing", vpcId: "vpc-0a1b2c3d", privateSubnetIds: Array.from({ length: 16 }, (_, i) => `subnet-${String(i).padStart(8, "0")}`), publicSubnetIds: ["subnet-aaaaaaaa", "subnet-bbbbbbbb"], natPublicIps: ["192.0.2.10"] } }),
            stackWith("dev", { "migration:network": { mode: "existing", vpcId: "vpc-0a1b2c3d", privateSubnetIds: Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, "0")}`), publicSubnetIds: ["subnet-aaaaaaaa", "subnet-bbbbbbbb"], natPublicIps: ["192.0.2.10"] } }),
            ["migration:network.privateSubnetIds: has 17 subnets, each in every ECS service's network configuration; allowed at most 16 ('Subnets per awsvpcConfiguration', not adjustable): list one or two subnets per availability zone"]],
        ["rules per DigitalOcean firewall (the program's 10 and the extra ones)",
            stackWith("dev", { "migration:legacy": { ...devLegacy, firewall: { enabled: true, inbound: extraRules(40) } } }),
            stackWith("dev", { "migration:legacy": { ...devLegacy, firewall: { enabled: true, inbound: extraRules(40), outbound: extraRules(1) } } }),
            ["migration:legacy.firewall: each service's firewall would have 51 rules (the program's 10, 40 extra inbound and 1 extra outbound); allowed at most 50 incoming and outgoing rules together (DigitalOcean cloud firewalls, not adjustable): merge extra rules (one rule takes many addresses, tags and Droplets)"]],
        ["sources of a DigitalOcean firewall rule (the SSH rule's admin networks)",
            stackWith("dev", { "migration:legacy": { ...devLegacy, adminCidrs: ips(1000, "10.200").map((ip) => `${ip}/32`) } }),
            stackWith("dev", { "migration:legacy": { ...devLegacy, adminCidrs: ips(1001, "10.200").map((ip) => `${ip}/32`) } }),
            ["migration:legacy.adminCidrs: has 1001 networks, the sources of one SSH rule; allowed at most 1000 (DigitalOcean cloud firewalls: entries of a rule's sources, not adjustable): use wider networks"]],
        ["sources of a DigitalOcean firewall rule (an extra rule)",
            stackWith("dev", { "migration:legacy": { ...devLegacy, firewall: { enabled: true, outbound: [{ protocol: "tcp", ports: "25", addresses: ips(999, "10.201").map((ip) => `${ip}/32`), tags: ["relay"] }] } } }),
            stackWith("dev", { "migration:legacy": { ...devLegacy, firewall: { enabled: true, outbound: [{ protocol: "tcp", ports: "25", addresses: ips(1000, "10.201").map((ip) => `${ip}/32`), tags: ["relay"] }] } } }),
            ["migration:legacy.firewall.outbound[0]: names 1001 destinations (addresses, tags and Droplets); allowed at most 1000 (DigitalOcean cloud firewalls, not adjustable): use wider networks or a tag, or split the rule"]],
        ["trusted sources of a DigitalOcean database (its own and the NAT address)",
            stackWith("dev", { "migration:legacy": { ...devLegacy, databases: [database(99)] } }),
            stackWith("dev", { "migration:legacy": { ...devLegacy, databases: [database(100)] } }),
            ["migration:legacy.databases[0].trustedSources: 100 trusted sources and 1 NAT address make 101; allowed at most 100 per database (DigitalOcean database firewall, not adjustable): replace addresses by a tag or a wider range"]],
    ];
    for (const [name, atLimit, over, expected] of cases) {
        it(`${name}: at the limit passes, one over is refused`, () => {
            assert.deepStrictEqual(problemsOf(atLimit), []);
            assert.deepStrictEqual(problemsOf(over), expected);
        });
    }

    it("SSM Standard parameters per Region: secrets from config and release markers up to 10,000 pass, one more is refused", () => {
        // On the parsed config (10,000 secret config values make a slow parse); each
        // config secret is one SSM parameter (counted against a run below).
        const config = parseStackConfig(dev);
        const withSecrets = (count: number) => ({
            ...config,
            services: config.services.map((svc, i) => (i === 0 ? { ...svc, fargate: { ...svc.fargate!, secrets: Array.from({ length: count }, (_, j) => ({ ...svc.fargate!.secrets[0], name: `S${j}` })) } } : { ...svc, fargate: { ...svc.fargate!, secrets: [] } })),
        });
        const key = (p: readonly PropertyKey[]) => `migration:${p.join(".")}`;
        assert.strictEqual(config.services[0].fargate!.secrets[0].source, "config");
        // Two hostnames: two release markers besides the secrets.
        assert.deepStrictEqual(quotaProblems(withSecrets(9_998), config.platform.quotas, key), []);
        assert.deepStrictEqual(quotaProblems(withSecrets(9_999), config.platform.quotas, key), [
            "migration:services: 9999 secrets from config and 2 release markers become 10001 SSM Standard parameters; allowed at most 10000 per region (Standard tier, not adjustable): reference secrets kept in Secrets Manager with { arn: ... } instead",
        ]);
    });

    it("reports every quota a stack exceeds at once, after the other problems are fixed", () => {
        const problems = problemsOf(stackWith("dev", quotas({ targetsPerAlb: 1, doLoadBalancers: 1, rulesPerSecurityGroup: 1 })));
        const starts = [
            "migration:services: the Fargate services can scale to 8 tasks behind the ALB",
            "migration:services: 2 services with Droplets need 2 DigitalOcean load balancers",
            "migration:services: the ALB's security group needs 2 outbound rules",
            "migration:platform.quotas.rulesPerSecurityGroup: 1 is below the 2 inbound rules per address family of the ALB's security group (HTTP and HTTPS); allowed 2 or more",
            "migration:services[0].fargate.egress: 2 rules (a database moving to RDS is reached at DigitalOcean and at RDS until done: 1 more rule) and HTTPS make 3 outbound rules",
        ];
        assert.strictEqual(problems.length, starts.length, problems.join("\n"));
        starts.forEach((start, i) => assert.ok(problems[i].startsWith(start), problems[i]));
    });

    it("the firewall's limits apply only once the firewall is applied", () => {
        assert.deepStrictEqual(problemsOf(stackWith("dev", { "migration:legacy": { ...devLegacy, firewall: { enabled: false, inbound: extraRules(60) } } })), []);
    });

    it("counts * and ? as wildcards", () => {
        assert.deepStrictEqual([[], ["/api/*"], ["/a?c/*", "*.png"], ["/plain"]].map(wildcardCount), [0, 1, 3, 0]);
    });

    it("lists each quota once, every adjustable one configurable or out of reach", () => {
        assert.strictEqual(new Set(QUOTAS.map((q) => q.id)).size, QUOTAS.length);
        const keyed = QUOTAS.flatMap((q) => (q.check.by === "config" && q.check.key !== undefined ? [q.check.key] : [])).sort();
        assert.deepStrictEqual(keyed, Object.keys(parseStackConfig(stackWith("dev", quotas({ doDroplets: 2 }))).platform.quotas).sort());
        assert.deepStrictEqual(QUOTAS.filter((q) => q.adjustable && q.check.by !== "config" && q.check.by !== "unreachable").map((q) => q.id), []);
    });
});

describe("what the quota checks count is what the program registers", function () {
    this.timeout(120_000);
    // dev with a canary on web, orders sharing www on Fargate, a legacy database api reaches, and extra firewall rules.
    const input = stackWith("dev", {
        "migration:services": (() => {
            const copy = structuredClone(devServices);
            copy[0].fargate.canary = { imageTag: "1.9.0", percent: 10 };
            delete copy[0].fargate.rollout;
            copy[1].fargate.egress = [{ database: "main" }, { port: 9090, prefixListId: "pl-0a1b2c3d" }];
            copy.push({ name: "orders", hostname: "www.dev.example.com", port: 8081, healthCheckPath: "/healthz", fargate: { ...structuredClone(web.fargate), canary: undefined, rollout: undefined, secrets: {}, egress: [], pathPatterns: ["/orders/*"] } });
            return copy;
        })(),
        "migration:legacy": { ...devLegacy, databases: [database(3)], firewall: { enabled: true, inbound: extraRules(2), outbound: extraRules(1) } },
    });
    let registrations: readonly Registration[];
    let usage: ReturnType<typeof quotaUsage>;

    before(async () => {
        usage = quotaUsage(parseStackConfig(input));
        registrations = (await runProgram(input, { mocks: new OfflineMocks(mockEnvironmentFor(input), false, { refusals: "record" }), preview: false })).registrations;
    });
    const of = (type: string) => registrations.filter((r) => r.type === `${type}`);

    it("target groups, Elastic IPs, health checks, SSM parameters, load balancers and Droplets", () => {
        assert.deepStrictEqual(
            [usage.targetGroups, usage.elasticIps, usage.healthChecks, usage.ssmParameters, usage.doLoadBalancers, usage.doDroplets],
            [of("aws:lb/targetGroup:TargetGroup").length, of("aws:ec2/eip:Eip").length, of("aws:route53/healthCheck:HealthCheck").length,
                of("aws:ssm/parameter:Parameter").length, of("digitalocean:index/loadBalancer:LoadBalancer").length, of("digitalocean:index/droplet:Droplet").length],
        );
        assert.deepStrictEqual([usage.targetGroups, usage.healthChecks], [6, 6]);
    });

    it("records in the zone: every record but the parent zone's delegation", () => {
        const inZone = of("aws:route53/record:Record").filter((r) => !r.name.endsWith("-delegation"));
        assert.strictEqual(usage.zoneRecords, inZone.length);
    });

    it("ALB targets and Fargate vCPUs: each ECS service's autoscaling maximum and task cpu", () => {
        const cpuOf = new Map(of("aws:ecs/taskDefinition:TaskDefinition").map((t) => [t.name, Number(t.inputs.cpu)]));
        const maxOf = new Map(of("aws:appautoscaling/target:Target").map((t) => [t.name.replace(/-scaling$/, ""), Number(t.inputs.maxCapacity)]));
        const services = of("aws:ecs/service:Service").map((s) => s.name);
        assert.strictEqual(services.length, 4);
        assert.strictEqual(usage.albTargets, services.reduce((n, s) => n + maxOf.get(s)!, 0));
        assert.strictEqual(usage.fargateVcpus, services.reduce((n, s) => n + (maxOf.get(s)! * cpuOf.get(s)!) / 1024, 0));
    });

    it("security group rules: per group and direction, as the quota counts them", () => {
        const groupOf = (r: Registration) => String(r.inputs.securityGroupId);
        const egress = of("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
        const ingress = of("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        const outbound = new Map<string, number>();
        egress.forEach((r) => outbound.set(groupOf(r), (outbound.get(groupOf(r)) ?? 0) + 1));
        const alb = groupOf(egress.find((r) => /-alb-out-\d+$/.test(r.name))!);
        const albInbound = ingress.filter((r) => groupOf(r) === alb);
        assert.deepStrictEqual(
            [outbound.get(alb), albInbound.filter((r) => r.inputs.cidrIpv4 !== undefined).length, albInbound.filter((r) => r.inputs.cidrIpv6 !== undefined).length],
            [usage.albSecurityGroup.outbound, usage.albSecurityGroup.inboundIpv4, usage.albSecurityGroup.inboundIpv6],
        );
        const taskGroup = (service: string) => groupOf(egress.find((r) => r.name === `migration-dev-${service}-task-out-https`)!);
        assert.deepStrictEqual(Object.fromEntries(["web", "api", "orders"].map((s) => [s, outbound.get(taskGroup(s))])), usage.taskSecurityGroupOutbound);
        assert.deepStrictEqual(usage.taskSecurityGroupOutbound, { web: 2, api: 3, orders: 1 });
        // Every group with outbound rules is one of those: the ALB's and the three task groups.
        assert.strictEqual(outbound.size, 4);
    });

    it("each legacy firewall's rules and the database's trusted sources", () => {
        const firewalls = of("digitalocean:index/firewall:Firewall");
        assert.deepStrictEqual(
            firewalls.map((f) => (f.inputs.inboundRules as unknown[]).length + (f.inputs.outboundRules as unknown[]).length),
            firewalls.map(() => usage.firewallRules),
        );
        const trusted = of("digitalocean:index/databaseFirewall:DatabaseFirewall").map((d) => (d.inputs.rules as unknown[]).length);
        assert.deepStrictEqual(trusted, [usage.trustedSources.main]);
        assert.deepStrictEqual([usage.firewallRules, usage.trustedSources.main], [13, 4]);
    });
});
