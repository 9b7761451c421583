import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig, RawConfigInput, StackConfig } from "../components/config";
import { dropletSizeProblem, regionProblem } from "../components/legacy/catalog";
import { readStackConfig, secretPlaceholder } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

/** The dev stack with some keys replaced (objects given as JS, as a stack file would hold them). */
function devWith(overrides: Record<string, unknown>, secrets: Record<string, string> = {}): RawConfigInput {
    const config: Record<string, string> = {};
    if (("migration:network" in overrides || "migration:legacy" in overrides) && !("migration:services" in overrides)) {
        // dev's egress names its database (moving to RDS): a case about the networks or the legacy side drops it, and the
        // database with it (a database on an existing VPC needs its NAT addresses), so the case reports only its own problem.
        const services = JSON.parse(readStackConfig(ROOT, "dev").values["migration:services"]) as { fargate?: { egress?: unknown } }[];
        services.forEach((s) => delete s.fargate?.egress);
        config["migration:services"] = JSON.stringify(services);
        if (!("migration:legacy" in overrides)) {
            config["migration:legacy"] = JSON.stringify({ ...JSON.parse(readStackConfig(ROOT, "dev").values["migration:legacy"]), databases: [] });
        }
    }
    for (const [key, value] of Object.entries(overrides)) {
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return readStackConfig(ROOT, "dev", { config, secrets });
}

function problemsOf(input: RawConfigInput): readonly string[] {
    try {
        parseStackConfig(input);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
    assert.fail("expected the config to be rejected");
}

const dev = readStackConfig(ROOT, "dev");
const devServices = JSON.parse(dev.values["migration:services"]) as Record<string, any>[];
const web = devServices[0];
const api = devServices[1];
const DEFAULT_QUOTAS = {
    acmNamesPerCertificate: 10, certificatesPerAlb: 25, rulesPerAlb: 100, targetsPerAlb: 1000, fargateOnDemandVcpus: 6,
    elasticIpsPerRegion: 5, rulesPerSecurityGroup: 60, route53HealthChecks: 200, route53RecordsPerZone: 10000, doLoadBalancers: 10,
    rdsDbInstances: 40, dmsReplicationInstances: 60,
};
const devLegacy = JSON.parse(dev.values["migration:legacy"]) as Record<string, any>;
const legacyWith = (patch: Record<string, unknown>) => ({ "migration:legacy": { ...devLegacy, ...patch } });
const prod = readStackConfig(ROOT, "prod");
const prodServices = JSON.parse(prod.values["migration:services"]) as Record<string, any>[];
/** The prod stack with services[0] patched. */
const prodWith = (patch: (services: Record<string, any>[]) => void, extra: Record<string, unknown> = {}) => {
    const copy = structuredClone(prodServices);
    patch(copy);
    const config: Record<string, string> = { "migration:services": JSON.stringify(copy) };
    for (const [key, value] of Object.entries(extra)) {
        config[key] = JSON.stringify(value);
    }
    return readStackConfig(ROOT, "prod", { config });
};
/** Services [web, orders]: orders takes /orders/* of www on Fargate (the strangler pattern). */
const strangler = (patch: (orders: Record<string, any>, web: Record<string, any>) => void = () => undefined) => {
    const copy = structuredClone(devServices);
    const orders = { name: "orders", hostname: "www.dev.example.com", port: 8081, healthCheckPath: "/healthz", fargate: { ...structuredClone(web.fargate), pathPatterns: ["/orders/*"], egress: [] } };
    delete orders.fargate.secrets;
    // orders rolls out as ECS's default (rolling): web's canary rollout is its own.
    delete orders.fargate.rollout;
    patch(orders, copy[0]);
    return { "migration:services": [copy[0], orders] };
};
const withService = (patch: (svc: Record<string, any>) => void) => {
    const copy = structuredClone(devServices);
    patch(copy[0]);
    return { "migration:services": copy };
};

describe("stack config", () => {
    describe("the real stack files", () => {
        it("parses dev into the typed config with dev defaults", () => {
            const config = parseStackConfig(dev);
            assert.strictEqual(config.environment, "dev");
            assert.strictEqual(config.awsRegion, "us-east-1");
            assert.deepStrictEqual(config.tags, {
                team: "platform",
                "cost-center": "cc-1042",
                environment: "dev",
                "managed-by": "pulumi",
                "pulumi-project": "migration",
                "pulumi-stack": "dev",
            });
            assert.deepStrictEqual(config.dns, { zoneName: "dev.example.com", zone: "create", parentZoneName: "example.com", parentZoneRoleArn: "arn:aws:iam::444455556666:role/dns-delegation-dev" });
            assert.deepStrictEqual(config.network, { mode: "create", cidr: "10.20.0.0/16", availabilityZones: 2, natGateways: "single" });
            assert.deepStrictEqual(config.platform, { logRetentionDays: 14, ecrKeepImages: 20, albDeletionProtection: false, healthCheckGracePeriodSeconds: 60, notifications: { email: ["platform-alerts@example.com"], https: [], slack: [] }, quotas: DEFAULT_QUOTAS });
            assert.strictEqual(config.legacy.protect, false);
            assert.deepStrictEqual(config.legacy.firewall, { enabled: true, inbound: [], outbound: [] });
            assert.deepStrictEqual(config.hostnames, [
                { hostname: "www.dev.example.com", owner: "web", fargateServices: ["web"] },
                { hostname: "api.dev.example.com", owner: "api", fargateServices: ["api"] },
            ]);
            assert.deepStrictEqual(config.warnings, []);
            assert.deepStrictEqual(config.services.map((s) => [s.name, s.hostname, s.traffic?.fargatePercent]), [
                ["web", "www.dev.example.com", 50],
                ["api", "api.dev.example.com", 25],
            ]);
            const webLegacy = config.services[0].legacy;
            assert.ok(webLegacy.enabled && webLegacy.mode === "create");
            assert.deepStrictEqual({ ...webLegacy, userData: undefined }, {
                enabled: true, mode: "create", count: 1, size: "s-1vcpu-2gb", image: "ubuntu-24-04-x64", userData: undefined, certificateName: "dev-example-com",
            });
            assert.ok(webLegacy.userData?.startsWith("#cloud-config\n"));
            assert.deepStrictEqual(config.services[0].tags.service, "web");
            assert.deepStrictEqual(config.services[0].fargate?.image, { kind: "ecr", tag: "1.8.0" });
            assert.deepStrictEqual(config.services[1].fargate?.pathPatterns, []);
            assert.deepStrictEqual(config.services[0].fargate?.egress, [{ database: "main", description: "PostgreSQL on DigitalOcean (TLS)" }]);
            assert.deepStrictEqual(config.services[0].fargate?.autoscaling, { min: 1, max: 4, cpuTargetPercent: 60, memoryTargetPercent: 75 });
        });

        it("parses prod on day one: adopted Droplets, live records pending cut-over, no canary, firewall off, a database that stays", () => {
            const config = parseStackConfig(readStackConfig(ROOT, "prod"));
            assert.strictEqual(config.environment, "prod");
            assert.deepStrictEqual(config.network, { mode: "create", cidr: "10.30.0.0/16", availabilityZones: 3, natGateways: "one-per-az" });
            assert.strictEqual(config.legacy.protect, true);
            assert.strictEqual(config.legacy.adoptVpcId, "5a4bd2f1-6c1e-4f6a-9d3e-2b7c8e9f0a1d");
            assert.deepStrictEqual(config.services[0].legacy, {
                enabled: true,
                mode: "adopt",
                droplets: [
                    { id: "412345671", name: "web-prod-1", tags: ["web-prod"] },
                    { id: "412345672", name: "web-prod-2", tags: ["web-prod"] },
                    { id: "412345673", name: "web-prod-3", tags: ["web-prod"] },
                ],
                size: "s-4vcpu-8gb",
                image: "ubuntu-22-04-x64",
                retainOnDelete: true,
                certificateName: "www-example-com-2026",
            });
            assert.ok(config.services[1].legacy.enabled && config.services[1].legacy.certificateName === "api-example-com-2026");
            assert.strictEqual(config.services[0].fargate?.canary, undefined);
            assert.deepStrictEqual(config.services.map((s) => s.traffic?.fargatePercent), [0, 0]);
            assert.deepStrictEqual(config.services.map((s) => s.traffic?.liveRecord), [
                { type: "A", ttl: 300, values: ["203.0.113.21", "203.0.113.22", "203.0.113.23"] },
                { type: "CNAME", ttl: 3600, values: ["api-legacy.example.net"] },
            ]);
            assert.strictEqual(config.legacy.firewall.enabled, false);
            assert.deepStrictEqual(config.legacy.databases, [{
                name: "main", clusterId: "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30", engine: "pg", port: 25060, size: "db-s-2vcpu-4gb", nodes: 2, cidr: "203.0.113.50/32",
                trustedSources: [{ type: "tag", value: "web-prod" }, { type: "tag", value: "worker-prod" }],
            }]);
            assert.deepStrictEqual(config.services[0].fargate?.egress, [{ database: "main", description: "PostgreSQL on DigitalOcean (TLS)" }]);
        });

        it("keeps secret config values as pulumi secrets and existing ARNs as references", async () => {
            const config = parseStackConfig(dev);
            const secrets = config.services[0].fargate!.secrets;
            assert.deepStrictEqual(secrets.map((s) => [s.name, s.source]), [["DATABASE_URL", "config"], ["SESSION_SIGNING_KEY", "arn"]]);
            const fromConfig = secrets[0];
            assert.ok(fromConfig.source === "config");
            assert.strictEqual(fromConfig.configKey, "migration:webDatabaseUrl");
            assert.strictEqual(await pulumi.isSecret(fromConfig.value), true);
            assert.deepStrictEqual(secrets[1], {
                name: "SESSION_SIGNING_KEY",
                source: "arn",
                arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/web/session-signing-key-AbCdEf",
                store: "secretsmanager",
            });
            const ssm = config.services[1].fargate!.secrets[0];
            assert.ok(ssm.source === "arn" && ssm.store === "ssm");
        });

        it("returns a deeply frozen object", () => {
            const config: StackConfig = parseStackConfig(dev);
            assert.ok(Object.isFrozen(config));
            assert.ok(Object.isFrozen(config.services));
            assert.ok(Object.isFrozen(config.services[0].fargate!.autoscaling));
            assert.throws(() => { (config.services[0] as { port: number }).port = 1; }, TypeError);
        });
    });

    describe("defaults", () => {
        it("takes the environment from the stack name when it is not set", () => {
            const input = { ...dev, stack: "prod", values: { ...dev.values } };
            delete (input.values as Record<string, string>)["migration:environment"];
            const config = parseStackConfig(input);
            assert.strictEqual(config.environment, "prod");
            assert.strictEqual(config.network.mode === "create" && config.network.natGateways, "single", "explicit natGateways wins");
            assert.deepStrictEqual(config.platform, { logRetentionDays: 14, ecrKeepImages: 20, albDeletionProtection: true, healthCheckGracePeriodSeconds: 60, notifications: { email: ["platform-alerts@example.com"], https: [], slack: [] }, quotas: DEFAULT_QUOTAS });
        });

        it("applies per-environment defaults for omitted fields", () => {
            const config = parseStackConfig(devWith({
                "migration:environment": "prod",
                "migration:network": { mode: "create" },
                "migration:platform": {},
            }));
            assert.deepStrictEqual(config.network, { mode: "create", cidr: "10.0.0.0/16", availabilityZones: 2, natGateways: "one-per-az" });
            assert.deepStrictEqual(config.platform, { logRetentionDays: 90, ecrKeepImages: 50, albDeletionProtection: true, healthCheckGracePeriodSeconds: 60, notifications: undefined, quotas: DEFAULT_QUOTAS });
            assert.strictEqual(config.legacy.protect, true);
        });

        it("groups a strangler service under the hostname it shares, with path rules before the catch-all", () => {
            const config = parseStackConfig(devWith(strangler()));
            assert.deepStrictEqual(config.hostnames, [{ hostname: "www.dev.example.com", owner: "web", fargateServices: ["web", "orders"] }]);
            const [webConfig, orders] = config.services;
            assert.strictEqual(orders.traffic, undefined);
            assert.deepStrictEqual(orders.legacy, { enabled: false });
            assert.ok(orders.fargate!.listenerRulePriority < webConfig.fargate!.listenerRulePriority);
        });

        it("warns, and goes on, when an existing AWS VPC overlaps an adopted DigitalOcean VPC", () => {
            const config = parseStackConfig(readStackConfig(ROOT, "prod", { config: { "migration:network": JSON.stringify({
                mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890", vpcCidr: "10.124.0.0/16", natPublicIps: ["203.0.113.90"],
                privateSubnetIds: ["subnet-0a1b2c3d4e5f67891", "subnet-0a1b2c3d4e5f67892"],
                publicSubnetIds: ["subnet-0a1b2c3d4e5f67893", "subnet-0a1b2c3d4e5f67894"],
            }) } }));
            assert.deepStrictEqual(config.warnings, [
                "migration:network.vpcCidr: 10.124.0.0/16 overlaps legacy.vpcIpRange 10.124.0.0/20: a VPN or peering between the two networks (to reach legacy databases privately, or during decommissioning) would be impossible. Both networks already exist, so the plan goes on; reach legacy databases over the internet (legacy.databases) instead.",
            ]);
        });

        it("accepts 0 whatever the steps: everything back to the Droplets never waits for a config edit", () => {
            const config = parseStackConfig(devWith(withService((s) => { s.traffic.steps = [5, 25, 100]; s.traffic.fargatePercent = 0; })));
            assert.deepStrictEqual([config.services[0].traffic?.fargatePercent, config.services[0].traffic?.steps], [0, [5, 25, 100]]);
        });

        it("accepts an existing VPC given by ids", () => {
            const network = {
                mode: "existing",
                vpcId: "vpc-0a1b2c3d4e5f67890",
                privateSubnetIds: ["subnet-0a1b2c3d4e5f67891", "subnet-0a1b2c3d4e5f67892"],
                publicSubnetIds: ["subnet-0a1b2c3d4e5f67893", "subnet-0a1b2c3d4e5f67894"],
            };
            assert.deepStrictEqual(parseStackConfig(devWith({ "migration:network": network })).network, network);
        });
    });

    describe("rejects bad input with one exact message per problem", () => {
        const cases: [string, RawConfigInput, string[]][] = [
            ["memory not valid for the cpu", devWith(withService((s) => { s.fargate.cpu = 512; s.fargate.memory = 3000; })), [
                "migration:services[0].fargate.memory: 3000 is not valid for cpu 512; allowed 1024-4096 in steps of 1024",
            ]],
            ["cpu not a Fargate size", devWith(withService((s) => { s.fargate.cpu = 300; })), [
                "migration:services[0].fargate.cpu: 300 is not a Fargate cpu size; allowed 256, 512, 1024, 2048, 4096, 8192, 16384",
            ]],
            ["the smallest cpu lists its three memory sizes", devWith(withService((s) => { s.fargate.memory = 4096; })), [
                "migration:services[0].fargate.memory: 4096 is not valid for cpu 256; allowed 512, 1024, 2048",
            ]],
            ["unknown environment", devWith({ "migration:environment": "staging" }), [
                "migration:environment: \"staging\" is not allowed; allowed dev, prod",
            ]],
            ["bad AWS region", devWith({ "aws:region": "us-east" }), [
                "aws:region: \"us-east\" is not valid; allowed an AWS region such as us-east-1",
            ]],
            ["a TTL, no longer configurable", devWith({ "migration:dns": { zoneName: "dev.example.com", zone: "create", parentZoneName: "example.com", ttl: 300 } }), [
                "migration:dns.ttl: is no longer configurable: the weighted records use 60 s, the TTL Route 53 gives the ALB alias in the same group (a different TTL skews the weights); remove it",
            ]],
            ["a created zone nothing delegates", devWith({ "migration:dns": { zoneName: "dev.example.com", zone: "create" } }), [
                "migration:dns.parentZoneName: is required with zone: create; allowed the public zone that delegates dev.example.com, in this account or through dns.parentZoneRoleArn (the program writes the NS record there; without it certificate validation waits 75 minutes and fails)",
            ]],
            ["a parent zone role without a created zone", devWith({ "migration:dns": { zoneName: "dev.example.com", zone: "lookup", parentZoneRoleArn: "arn:aws:iam::444455556666:role/dns-delegation-dev" } }), [
                "migration:dns.parentZoneRoleArn: is set with zone: \"lookup\"; allowed only with zone: create and parentZoneName (the role writes the delegation in the parent's account)",
            ]],
            ["a parent zone that is not a parent", devWith({ "migration:dns": { zoneName: "dev.example.com", zone: "create", parentZoneName: "example.org" } }), [
                "migration:dns.parentZoneName: \"example.org\" is not a parent of \"dev.example.com\"; allowed a zone that dev.example.com ends with",
            ]],
            ["a zone id with zone: create", devWith({ "migration:dns": { zoneName: "dev.example.com", zone: "create", parentZoneName: "example.com", zoneId: "Z0123456789ABCDEFGHIJ" } }), [
                "migration:dns.zoneId: is set with zone: create, whose id Route 53 assigns at creation; allowed only with zone: lookup",
            ]],
            ["a parent zone with zone: lookup", devWith({ "migration:dns": { zoneName: "dev.example.com", zone: "lookup", parentZoneName: "example.com" } }), [
                "migration:dns.parentZoneName: is set with zone: \"lookup\"; allowed only with zone: create (a looked-up zone is delegated already)",
            ]],
            ["the old single certificate key", devWith({ "migration:legacy": { ...devLegacy, certificateName: "dev-example-com" } }), [
                "migration:legacy.certificateName: was replaced by legacy.certificates, a list of { name, domains }, so each hostname is served a certificate that covers it",
            ]],
            ["a hostname no legacy certificate covers", devWith(legacyWith({ certificates: [{ name: "www-only", domains: ["www.dev.example.com"] }] })), [
                "migration:services[1].hostname: \"api.dev.example.com\" is covered by no legacy.certificates entry (www-only: www.dev.example.com); allowed: add the DigitalOcean certificate that covers it, so its load balancer does not serve another name's certificate",
            ]],
            ["a wildcard covers one label only", devWith(legacyWith({ certificates: [{ name: "apex", domains: ["*.example.com"] }] })), [
                "migration:services[0].hostname: \"www.dev.example.com\" is covered by no legacy.certificates entry (apex: *.example.com); allowed: add the DigitalOcean certificate that covers it, so its load balancer does not serve another name's certificate",
                "migration:services[1].hostname: \"api.dev.example.com\" is covered by no legacy.certificates entry (apex: *.example.com); allowed: add the DigitalOcean certificate that covers it, so its load balancer does not serve another name's certificate",
            ]],
            ["a DigitalOcean region that does not exist", devWith(legacyWith({ region: "nyc4" })), [
                `migration:legacy.region: ${regionProblem("nyc4")}`,
            ]],
            ["a DigitalOcean region closed to new resources", devWith(legacyWith({ region: "ams2" })), [
                `migration:legacy.region: ${regionProblem("ams2")}`,
            ]],
            ["a public VPC range", devWith(legacyWith({ vpcIpRange: "8.8.8.0/24" })), [
                "migration:legacy.vpcIpRange: \"8.8.8.0/24\" is not a private (RFC 1918) range; allowed 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16",
            ]],
            ["a VPC range larger than DigitalOcean allows", devWith(legacyWith({ vpcIpRange: "10.0.0.0/8" })), [
                "migration:legacy.vpcIpRange: \"10.0.0.0/8\" is not a DigitalOcean VPC size (/8); allowed /16 to /28",
                "migration:network.cidr: 10.20.0.0/16 overlaps legacy.vpcIpRange 10.0.0.0/8: a VPN or peering between the two networks (to reach legacy databases privately, or during decommissioning) would be impossible; allowed a range that does not overlap (both networks are new: choose now)",
            ]],
            ["a Droplet size that does not exist", devWith(withService((s) => { s.legacy.size = "s-1vcpu-2g"; })), [
                `migration:services[0].legacy.size: ${dropletSizeProblem("s-1vcpu-2g")}`,
            ]],
            ["AWS and DigitalOcean ranges that overlap", devWith({ "migration:network": { mode: "create", cidr: "10.116.0.0/16", availabilityZones: 2 } }), [
                "migration:network.cidr: 10.116.0.0/16 overlaps legacy.vpcIpRange 10.116.0.0/20: a VPN or peering between the two networks (to reach legacy databases privately, or during decommissioning) would be impossible; allowed a range that does not overlap (both networks are new: choose now)",
            ]],
            ["a firewall rule without ports", devWith(legacyWith({ firewall: { enabled: true, inbound: [{ protocol: "tcp", addresses: ["198.51.100.7/32"] }] } })), [
                "migration:legacy.firewall.inbound[0].ports: is required for tcp; allowed a port such as 9100, a range such as 8000-8100, or all",
            ]],
            ["an icmp rule with ports and no destination", devWith(legacyWith({ firewall: { enabled: true, outbound: [{ protocol: "icmp", ports: "22" }] } })), [
                "migration:legacy.firewall.outbound[0].ports: \"22\" is set on an icmp rule; allowed no ports for icmp",
                "migration:legacy.firewall.outbound[0]: names no addresses, tags or dropletIds; allowed a rule with at least one of them",
            ]],
            ["egress to a database config does not declare", devWith(withService((s) => { s.fargate.egress = [{ database: "orders" }]; })), [
                "migration:services[0].fargate.egress[0].database: \"orders\" is no legacy.databases entry; allowed main",
            ]],
            ["egress naming two destinations", devWith(withService((s) => { s.fargate.egress = [{ port: 6379, cidr: "10.20.0.0/16", securityGroupId: "sg-0a1b2c3d4e5f67890" }]; })), [
                "migration:services[0].fargate.egress[0]: names cidr and securityGroupId; allowed exactly one of cidr, securityGroupId, prefixListId (or database)",
            ]],
            ["egress with a port range backwards", devWith(withService((s) => { s.fargate.egress = [{ port: 6000, toPort: 5000, cidr: "10.20.0.0/16" }]; })), [
                "migration:services[0].fargate.egress[0].toPort: 5000 is below port 6000; allowed 6000 to 65535",
            ]],
            ["a database on an existing VPC without its NAT addresses", prodWith(() => undefined, { "migration:network": {
                mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890",
                privateSubnetIds: ["subnet-0a1b2c3d4e5f67891", "subnet-0a1b2c3d4e5f67892"],
                publicSubnetIds: ["subnet-0a1b2c3d4e5f67893", "subnet-0a1b2c3d4e5f67894"],
            } }), [
                "migration:network.natPublicIps: is required with legacy.databases on an existing VPC; allowed the public IPs the private subnets reach the internet from (they join each database's trusted sources)",
            ]],
            ["missing zone name", devWith({ "migration:dns": { zone: "lookup" } }), [
                "migration:dns.zoneName: is required (string)",
            ]],
            ["one AZ", devWith({ "migration:network": { mode: "create", availabilityZones: 1 } }), [
                "migration:network.availabilityZones: 1 is too small; allowed a whole number from 2 to 6",
            ]],
            ["a VPC too small for the services' tasks", devWith({ "migration:network": { mode: "create", cidr: "10.20.0.0/26", availabilityZones: 2 } }), [
                "migration:network.cidr: 10.20.0.0/26 has 64 addresses, but 2 availability zones need 128: " +
                "per zone a private subnet of 32 (16 task addresses: every service's autoscaling maximum x 2 for deployments, canaries included, + 5 reserved by AWS, " +
                "rounded up to a power of two) and a public subnet of 32 (the ALB needs a /27); allowed a /25 or larger, fewer availability zones, or lower autoscaling maximums",
            ]],
            ["existing private subnets too small for the tasks", devWith({ "migration:network": {
                mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890",
                privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
                publicSubnetIds: ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"],
                privateSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/28"],
            } }), [
                "migration:network.privateSubnetCidrs[1]: 10.0.1.0/28 has 11 usable addresses but the services need 16 " +
                "(autoscaling maximum x 2 for deployments, canaries included); allowed a subnet of /27 or larger",
            ]],
            ["unknown network mode", devWith({ "migration:network": { mode: "import" } }), [
                "migration:network.mode: \"import\" is not allowed; allowed create, existing",
            ]],
            ["existing VPC with one private subnet", devWith({ "migration:network": { mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890", privateSubnetIds: ["subnet-0a1b2c3d4e5f67891"], publicSubnetIds: ["subnet-0a1b2c3d4e5f67893", "subnet-0a1b2c3d4e5f67894"] } }), [
                "migration:network.privateSubnetIds: [\"subnet-0a1b2c3d4e5f67891\"] has too few subnets; allowed 2 or more (in different availability zones)",
            ]],
            ["SSH open to the internet", devWith(legacyWith({ adminCidrs: ["0.0.0.0/0"] })), [
                "migration:legacy.adminCidrs[0]: \"0.0.0.0/0\" opens SSH to the whole internet; allowed only specific admin networks (for example 203.0.113.10/32)",
            ]],
            ["a typo in a key", devWith(legacyWith({ adminCidr: ["203.0.113.1/32"] })), [
                "migration:legacy.adminCidr: unknown key (did you mean adminCidrs?); allowed region, vpcIpRange, adoptVpcId, adminCidrs, certificates, sshKeys, firewall, databases",
            ]],
            ["a typo in a top-level key", devWith({ "migration:servics": [] }), [
                "migration:servics: unknown key (did you mean migration:services?); allowed migration:environment, migration:tags, migration:dns, migration:network, migration:legacy, migration:platform, migration:costAssumptions, migration:services and secret keys named by services[].fargate.secrets",
            ]],
            ["a health path longer than Route 53 checks", devWith(withService((s) => { s.healthCheckPath = `/${"h".repeat(255)}`; })), [
                `migration:services[0].healthCheckPath: "/${"h".repeat(255)}" is not valid; allowed a path of at most 255 characters starting with /, such as /healthz`,
            ]],
            ["a path pattern longer than an ALB rule takes", devWith(withService((s) => { s.fargate.pathPatterns = [`/${"p".repeat(128)}`]; s.traffic.fargatePercent = 0; delete s.fargate.rollout; })), [
                `migration:services[0].fargate.pathPatterns[0]: "/${"p".repeat(128)}" is not valid; allowed ALB path patterns of at most 128 characters such as /api/*`,
            ]],
            ["a Fargate hostname longer than the ALB's host rule takes", devWith(withService((s) => {
                s.hostname = `${"w".repeat(50)}.${"x".repeat(62)}.dev.example.com`;
                s.legacy = { enabled: false };
                s.traffic.fargatePercent = 100;
            })), [
                `migration:services[0].hostname: "${"w".repeat(50)}.${"x".repeat(62)}.dev.example.com" is 129 characters; allowed at most 128 for a hostname the ALB answers (its host-header rule)`,
            ]],
            ["a tag key AWS reserves", devWith({ "migration:tags": { "aws:team": "platform" } }), [
                "migration:tags[\"aws:team\"]: \"aws:team\" is not valid; allowed tag keys of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:",
            ]],
            ["a tag too long for DigitalOcean", devWith({ "migration:tags": { owner: "o".repeat(250) } }), [
                "migration:tags.owner: becomes the DigitalOcean tag \"owner:…\" of 256 characters; allowed a key and value of at most 255 characters together (DigitalOcean tag names)",
            ]],
            ["a one-character service name", devWith(withService((s) => { s.name = "w"; })), [
                "migration:services[0].name: \"w\" is not valid; allowed 2-16 lower-case letters, digits and dashes, starting with a letter and ending with a letter or digit",
                // dev's worker, job and release task are process types of web.
                ...[2, 3, 4].map((i) => `migration:services[${i}].processOf: "web" is no web service with a fargate part; allowed w, api`),
            ]],
            ["an unknown key inside legacy names the key and the mode", devWith(withService((s) => { s.legacy.dropletSize = "s-1vcpu-2gb"; })), [
                "migration:services[0].legacy.dropletSize: unknown key; allowed enabled, mode, count, size, image, userData",
            ]],
            ["a wrong type inside legacy names the key", devWith(withService((s) => { s.legacy.count = "two"; })), [
                "migration:services[0].legacy.count: expected a whole number from 1 to 20, found \"two\"",
            ]],
            ["an adopted Droplet without the tags it has today, and tags that are not a list", prodWith((services) => { delete services[0].legacy.droplets[0].tags; services[0].legacy.droplets[1].tags = "web-prod"; }), [
                "migration:services[0].legacy.droplets[0].tags: is required: the tags the Droplet has today, as `doctl compute droplet get <id> --format Tags` prints them ([] for none); the provider replaces the whole list, so a tag left out is removed at the first up",
                "migration:services[0].legacy.droplets[1].tags: expected a list of tags, found \"web-prod\"",
            ]],
            ["a misspelt key of an adopted Droplet", prodWith((services) => { services[0].legacy.droplets[0] = { ID: "412345671", name: "web-prod-1", tags: [] }; }), [
                "migration:services[0].legacy.droplets[0].id: is required (string)",
                "migration:services[0].legacy.droplets[0].ID: unknown key (did you mean id?); allowed id, name, tags",
            ]],
            ["adopt with no Droplets", prodWith((services) => { delete services[0].legacy.droplets; }), [
                "migration:services[0].legacy.droplets: is required (array)",
            ]],
            ["a service sharing a hostname takes some of its paths (strangler)", devWith(strangler((orders) => { delete orders.fargate.pathPatterns; })), [
                "migration:services[1].fargate.pathPatterns: is empty, but www.dev.example.com is already served by services[0]; allowed: a service that shares a hostname takes some of its paths on Fargate (set fargate.pathPatterns), or use another hostname",
            ]],
            ["a service sharing a hostname has no Droplets of its own", devWith(strangler((orders) => { orders.legacy = { mode: "create", count: 1, size: "s-1vcpu-2gb", image: "ubuntu-24-04-x64" }; })), [
                "migration:services[1].legacy: has Droplets, but www.dev.example.com's legacy side is services[0]'s; allowed enabled: false on a service that shares a hostname",
            ]],
            ["a hostname sent to Fargate where only some paths have a rule", devWith(withService((s) => { s.fargate.pathPatterns = ["/v1/*"]; delete s.fargate.rollout; })), [
                "migration:services[0].traffic.fargatePercent: 50 sends www.dev.example.com to the ALB, but Fargate takes only /v1/* of it and the rest would get the listener's 404; allowed 0 until a Fargate service of www.dev.example.com takes every path (one without pathPatterns)",
            ]],
            ["a hostname kept for the health checks", devWith(withService((s) => { s.hostname = "web.fargate-health.dev.example.com"; })), [
                "migration:services[0].hostname: \"web.fargate-health.dev.example.com\" is under fargate-health.dev.example.com, which the program keeps for Route 53 health checks; allowed any other name in dev.example.com",
            ]],
            ["two services with the same explicit listener priority", devWith({ "migration:services": [{ ...web, fargate: { ...web.fargate, listenerRulePriority: 45000 } }, { ...api, fargate: { ...api.fargate, listenerRulePriority: 45000 } }] }), [
                "migration:services[1].fargate.listenerRulePriority: 45000 is already the priority of services[0] (web); allowed a priority no other listener rule has",
            ]],
            ["a path rule ordered after its hostname's catch-all rule", devWith(strangler((orders, w) => { orders.fargate.listenerRulePriority = 49999; w.fargate.listenerRulePriority = 40000; })), [
                "migration:services[1].fargate.listenerRulePriority: 49999 comes after services[0]'s catch-all rule (40000) for www.dev.example.com, so its paths would never reach it; allowed a priority below 40000",
            ]],
            ["cut-over pending while sending traffic to Fargate", prodWith((services) => { services[0].traffic.fargatePercent = 5; }), [
                "migration:services[0].traffic.fargatePercent: 5 while traffic.liveRecord is set; allowed 0: the cut-over creates the weighted records at legacy 100, Fargate 0",
            ]],
            ["cut-over and import in one run", prodWith((services) => { services[0].traffic.importWeightedRecords = true; }, { "migration:dns": { zoneName: "example.com", zone: "lookup", zoneId: "Z0123456789ABCDEFGHIJ" } }), [
                "migration:services[0].traffic.importWeightedRecords: true while traffic.liveRecord is set; allowed one phase at a time: run the cut-over batch, then replace liveRecord by importWeightedRecords",
            ]],
            ["the firewall applied while a hostname still answers with its plain record", prodWith(() => undefined, { "migration:legacy": { ...JSON.parse(prod.values["migration:legacy"]), firewall: { enabled: true } } }), [
                "migration:legacy.firewall.enabled: true while services[0].traffic.liveRecord is set (\"www.example.com\" still answers with its plain record); allowed false until the cut-over is done and the old record's TTL has passed: the firewall lets only the new load balancer reach the Droplets' port, so clients of the plain record would be cut off (docs/runbook.md, phase 3)",
                "migration:legacy.firewall.enabled: true while services[1].traffic.liveRecord is set (\"api.example.com\" still answers with its plain record); allowed false until the cut-over is done and the old record's TTL has passed: the firewall lets only the new load balancer reach the Droplets' port, so clients of the plain record would be cut off (docs/runbook.md, phase 3)",
            ]],
            ["a live CNAME with two values", prodWith((services) => { services[1].traffic.liveRecord.values = ["a.example.net", "b.example.net"]; }), [
                "migration:services[1].traffic.liveRecord.values: has 2 values; allowed exactly 1 for a CNAME",
            ]],
            ["a live A record with a name instead of an address", prodWith((services) => { services[0].traffic.liveRecord.values = ["web.example.net"]; }), [
                "migration:services[0].traffic.liveRecord.values[0]: \"web.example.net\" is not an IPv4 address; allowed the A record's addresses as they are today",
            ]],
            ["importing the records without the zone id", prodWith((services) => { delete services[0].traffic.liveRecord; services[0].traffic.importWeightedRecords = true; }), [
                "migration:services[0].traffic.importWeightedRecords: needs dns.zoneId (import ids name the zone); allowed once dns.zoneId is set to the zone's id",
            ]],
            ["importing the records while moving traffic", prodWith((services) => { delete services[0].traffic.liveRecord; services[0].traffic.importWeightedRecords = true; services[0].traffic.fargatePercent = 25; }, { "migration:dns": { zoneName: "example.com", zone: "lookup", zoneId: "Z0123456789ABCDEFGHIJ" } }), [
                "migration:services[0].traffic.fargatePercent: 25 while traffic.importWeightedRecords is set; allowed 0 (the records are imported as the cut-over created them; move traffic in the next run)",
            ]],
            ["a secret too large for an SSM parameter", devWith({}, { webDatabaseUrl: "x".repeat(4097) }), [
                "migration:webDatabaseUrl: is 4097 bytes (the secret DATABASE_URL of services \"web\", \"mailer\", \"nightly-report\", \"migrate\"); allowed at most 4096 (an SSM Standard parameter's value), or put it in Secrets Manager and reference it with { arn: ... }",
            ]],
            ["more services than the ALB's rules quota", devWith({ "migration:services": Array.from({ length: 51 }, (_, i) => ({
                ...structuredClone(api), name: `svc${i}`, hostname: `svc${i}.dev.example.com`, legacy: { enabled: false }, traffic: { fargatePercent: 100 },
                fargate: { ...structuredClone(api.fargate), autoscaling: { min: 1, max: 1 } },
            })) }), [
                "migration:services: 51 Fargate services need 102 listener rules (one routing and one health-check rule each), but the ALB allows 100 (platform.quotas.rulesPerAlb); allowed: raise 'Rules per Application Load Balancer' with AWS Service Quotas and set platform.quotas.rulesPerAlb, or move services to another stack (a second ALB)",
            ]],
            ["more hostnames than the ALB's certificates can name", devWith({
                "migration:platform": { quotas: { acmNamesPerCertificate: 1, certificatesPerAlb: 1, rulesPerAlb: 100 } },
            }), [
                "migration:services: 2 Fargate hostnames and the health-check wildcard need 3 certificates of 1 names, but the ALB takes 1 besides its default (platform.quotas.certificatesPerAlb); allowed: raise 'Domain names per ACM certificate' (up to 100) or 'Certificates per Application Load Balancer' with AWS Service Quotas and set platform.quotas to match, or move services to another stack (a second ALB)",
            ]],
            ["cost assumptions for a service the stack does not have", devWith({ "migration:costAssumptions": { services: { shop: { requestsPerSecond: 5 } } } }), [
                "migration:costAssumptions.services.shop: \"shop\" is no service of this stack; allowed web, api, mailer, nightly-report, migrate",
            ]],
            ["a negative cost assumption", devWith({ "migration:costAssumptions": { requestsPerSecond: -1 } }), [
                "migration:costAssumptions.requestsPerSecond: -1 is below 0; allowed requests per second, 0 or more",
            ]],
            ["an empty secret (an unset CI variable)", devWith({}, { webDatabaseUrl: "" }), [
                "migration:webDatabaseUrl: is an empty secret (the secret DATABASE_URL of services \"web\", \"mailer\", \"nightly-report\", \"migrate\"; an unset CI variable?); allowed a non-empty value; run: pulumi config set --secret migration:webDatabaseUrl <value> --stack dev",
            ]],
            ["fargate share without a fargate part", devWith(withService((s) => { delete s.fargate; })), [
                "migration:services[0].traffic.fargatePercent: 50 sends traffic to Fargate, but services[0].fargate is not set; allowed 0 until the service has a fargate part",
                ...[2, 3, 4].map((i) => `migration:services[${i}].processOf: "web" is no web service with a fargate part; allowed api`),
            ]],
            ["legacy decommissioned before 100%", devWith(withService((s) => { s.legacy = { enabled: false }; })), [
                "migration:services[0].legacy.enabled: false (decommissioned) needs traffic.fargatePercent 100, found 50; allowed only once every request goes to Fargate",
            ]],
            ["share not a declared step", devWith(withService((s) => { s.traffic.fargatePercent = 30; })), [
                "migration:services[0].traffic.fargatePercent: 30 is not a declared rollout step; allowed 0, 5, 25, 50, 100",
            ]],
            ["a health-check path an ALB path condition cannot match", devWith(withService((s) => { s.healthCheckPath = "/health=ok?verbose=1"; })), [
                "migration:services[0].healthCheckPath: \"/health=ok?verbose=1\": its path \"/health=ok\" has a character an ALB path condition refuses; allowed A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & before any ?query (the ALB rule that answers Route 53's check matches this path)",
            ]],
            ["a health-check path longer than an ALB path condition", devWith(withService((s) => { s.healthCheckPath = `/${"h".repeat(128)}?x=1`; })), [
                `migration:services[0].healthCheckPath: "/${"h".repeat(128)}?x=1": its path "/${"h".repeat(128)}" is 129 characters; allowed at most 128 before any ?query (the ALB rule that answers Route 53's check matches this path)`,
            ]],
            ["a share that is not a step of a ladder without 0 (0 stays allowed)", devWith(withService((s) => { s.traffic.steps = [5, 25, 100]; s.traffic.fargatePercent = 10; })), [
                "migration:services[0].traffic.fargatePercent: 10 is not a declared rollout step; allowed 0, 5, 25, 100",
            ]],
            ["steps out of order", devWith(withService((s) => { s.traffic.steps = [0, 50, 25, 100]; })), [
                "migration:services[0].traffic.steps: [0,50,25,100] is not valid; allowed strictly increasing percentages, e.g. [0, 5, 25, 50, 100]",
            ]],
            ["share above 100", devWith(withService((s) => { s.traffic = { fargatePercent: 120 }; })), [
                "migration:services[0].traffic.fargatePercent: 120 is too large; allowed a percentage (whole number) from 0 to 100",
            ]],
            ["duplicate names and hostnames", devWith({ "migration:services": [web, { ...api, name: "web", hostname: "www.dev.example.com" }] }), [
                "migration:services[1].name: \"web\" is already used by services[0]; allowed a unique name per service",
                "migration:services[1].hostname: \"www.dev.example.com\" is already served by services[0]; allowed a unique hostname per service, or a service that takes some of its paths on Fargate (fargate.pathPatterns, no traffic, legacy enabled: false: the strangler pattern)",
            ]],
            ["hostname outside the zone", devWith(withService((s) => { s.hostname = "www.example.org"; })), [
                "migration:services[0].hostname: \"www.example.org\" is outside the zone \"dev.example.com\"; allowed dev.example.com or a name ending in .dev.example.com",
            ]],
            ["desired count outside autoscaling", devWith(withService((s) => { s.fargate.desiredCount = 9; })), [
                "migration:services[0].fargate.desiredCount: 9 is outside the autoscaling range; allowed 1 to 4",
            ]],
            ["both image and imageTag", devWith(withService((s) => { s.fargate.image = "nginx:1.27"; })), [
                "migration:services[0].fargate.image: both image and imageTag are set; allowed exactly one of them",
            ]],
            ["a variable both plain and secret", devWith(withService((s) => { s.fargate.environment.DATABASE_URL = "x"; })), [
                "migration:services[0].fargate.environment.DATABASE_URL: \"DATABASE_URL\" is also a secret; a variable is either plain environment or a secret, not both",
            ]],
            ["a secret ARN of the wrong service", devWith(withService((s) => { s.fargate.secrets.SESSION_SIGNING_KEY = { arn: "arn:aws:s3:::bucket/key" }; })), [
                "migration:services[0].fargate.secrets.SESSION_SIGNING_KEY.arn: \"arn:aws:s3:::bucket/key\" is not valid; allowed a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)",
            ]],
            ["the same Droplet adopted twice", readStackConfig(ROOT, "prod", { config: { "migration:services": JSON.stringify((() => {
                const services = JSON.parse(readStackConfig(ROOT, "prod").values["migration:services"]);
                services[1].legacy.droplets[1].id = "412345672";
                return services;
            })()) } }), [
                "migration:services[1].legacy.droplets[1].id: \"412345672\" is already adopted at services[0].legacy.droplets[1]; allowed each Droplet once in the stack",
            ]],
            ["user data over DigitalOcean's 64 KiB", devWith(withService((s) => { s.legacy.userData = "#cloud-config\n" + "x".repeat(65536); })), [
                "migration:services[0].legacy.userData: is 65550 bytes; allowed at most 65536 (DigitalOcean's user data limit)",
            ]],
            ["unknown legacy mode", devWith(withService((s) => { s.legacy = { mode: "clone" }; })), [
                "migration:services[0].legacy: mode \"clone\" is not allowed; allowed mode: create (new Droplets), mode: adopt (import existing ones), or enabled: false (decommissioned)",
            ]],
            ["a reserved tag", devWith({ "migration:tags": { environment: "qa" } }), [
                "migration:tags.environment: \"environment\" is set by the program; allowed any tag name except environment, managed-by, service, pulumi-project, pulumi-stack",
            ]],
            ["a secret reference to an unset key", devWith(withService((s) => { s.fargate.secrets.STRIPE_KEY = { config: "stripeKey" }; })), [
                "migration:services[0].fargate.secrets.STRIPE_KEY.config: \"stripeKey\" names migration:stripeKey, which is not set; run: pulumi config set --secret migration:stripeKey <value> --stack dev",
            ]],
            ["a secret given as plain config", devWith({ "migration:webDatabaseUrl": "postgres://app:hunter2@db/app" }), [
                "migration:webDatabaseUrl: is stored as plain text but is the secret DATABASE_URL of services \"web\", \"mailer\", \"nightly-report\", \"migrate\"; allowed only secret values; run: pulumi config set --secret migration:webDatabaseUrl <value> --stack dev",
            ]],
            ["an unset key several workloads read: one problem at the first, naming the others", (() => {
                const input = devWith({});
                const values = { ...input.values };
                delete values["migration:webDatabaseUrl"];
                return { ...input, values };
            })(), [
                "migration:services[0].fargate.secrets.DATABASE_URL.config: \"webDatabaseUrl\" names migration:webDatabaseUrl, which is not set (migration:services[2].fargate.secrets.DATABASE_URL.config, migration:services[3].fargate.secrets.DATABASE_URL.config, migration:services[4].fargate.secrets.DATABASE_URL.config name it too); run: pulumi config set --secret migration:webDatabaseUrl <value> --stack dev",
            ]],
            ["a plain key read under two names: one problem naming both", devWith({ ...withService((s) => { s.fargate.secrets.REPLICA_URL = { config: "webDatabaseUrl" }; }), "migration:webDatabaseUrl": "postgres://app:hunter2@db/app" }), [
                "migration:webDatabaseUrl: is stored as plain text but is the secret DATABASE_URL of services \"web\", \"mailer\", \"nightly-report\", \"migrate\" and the secret REPLICA_URL of service \"web\"; allowed only secret values; run: pulumi config set --secret migration:webDatabaseUrl <value> --stack dev",
            ]],
        ];
        for (const [title, input, expected] of cases) {
            it(title, () => {
                assert.deepStrictEqual(problemsOf(input), expected);
            });
        }

        it("never echoes a plain-text secret value", () => {
            const problems = problemsOf(devWith({ "migration:webDatabaseUrl": "postgres://app:hunter2@db/app" }));
            assert.ok(!problems.join("\n").includes("hunter2"));
        });

        it("collects every problem of the file in one run, across keys and services", () => {
            const services = structuredClone(devServices);
            services[0].fargate.memory = 3000;
            services[0].fargate.cpu = 512;
            services[0].legacy = { enabled: false };
            services[1].port = 0;
            services[1].name = "web";
            const problems = problemsOf(devWith({ "migration:services": services, "migration:environment": "qa", "migration:dns": { zoneName: "Example" } }));
            assert.deepStrictEqual(problems, [
                "migration:environment: \"qa\" is not allowed; allowed dev, prod",
                "migration:dns.zoneName: \"Example\" is not valid; allowed a lower-case DNS name such as app.example.com",
                "migration:services[0].fargate.memory: 3000 is not valid for cpu 512; allowed 1024-4096 in steps of 1024",
                "migration:services[1].port: 0 is too small; allowed a whole number from 1 to 65535",
                "migration:services[1].name: \"web\" is already used by services[0]; allowed a unique name per service",
                "migration:services[0].legacy.enabled: false (decommissioned) needs traffic.fargatePercent 100, found 50; allowed only once every request goes to Fargate",
            ]);
        });

        it("needs an environment when the stack name is neither dev nor prod", () => {
            const input = { ...dev, stack: "staging", values: { ...dev.values } };
            delete (input.values as Record<string, string>)["migration:environment"];
            assert.deepStrictEqual(problemsOf(input), [
                "migration:environment: not set, and the stack name \"staging\" is neither dev nor prod; allowed dev or prod (the per-environment defaults, docs/config.md), for example: pulumi config set migration:environment dev --stack staging",
            ]);
        });

        it("honours a set environment on a stack not named dev or prod, even when other keys fail", () => {
            const input = { ...devWith({ "migration:platform": { logRetentionDays: 13 } }), stack: "staging" };
            assert.deepStrictEqual(problemsOf(input), [
                "migration:platform.logRetentionDays: 13 is not a CloudWatch retention; allowed 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
            ]);
            const invalid = { ...devWith({ "migration:environment": "staging" }), stack: "staging" };
            assert.deepStrictEqual(problemsOf(invalid), ["migration:environment: \"staging\" is not allowed; allowed dev, prod"]);
        });

        it("names the existing secret when a reference has a case slip, not a new secret to create", () => {
            assert.deepStrictEqual(problemsOf(devWith(withService((s) => { s.fargate.secrets.DATABASE_URL = { config: "WebDatabaseUrl" }; }))), [
                "migration:services[0].fargate.secrets.DATABASE_URL.config: \"WebDatabaseUrl\" names migration:WebDatabaseUrl, which is not set; did you mean the secret migration:webDatabaseUrl (set)? allowed the name of a secret config key of this stack exactly as set, or run: pulumi config set --secret migration:WebDatabaseUrl <value> --stack dev",
            ]);
        });

        it("formats the error for people: a headline and one line per problem, no stack trace", () => {
            let error: unknown;
            try {
                parseStackConfig(devWith({ "migration:environment": "qa" }));
            } catch (err) {
                error = err;
            }
            assert.ok(error instanceof ConfigError);
            assert.strictEqual(error.message, "Stack \"dev\" has 1 config problem:\n  - migration:environment: \"qa\" is not allowed; allowed dev, prod");
            // RunError: the Pulumi CLI prints the message without a stack trace.
            assert.strictEqual(pulumi.RunError.isInstance(error), true);
        });
    });

    describe("reading stack files", () => {
        it("turns secure values into placeholders that stay secret", () => {
            assert.strictEqual(dev.values["migration:webDatabaseUrl"], secretPlaceholder("migration:webDatabaseUrl"));
            assert.deepStrictEqual([...dev.secretKeys], ["migration:webDatabaseUrl"]);
        });

        it("applies --config and --secret overrides", () => {
            const input = readStackConfig(ROOT, "dev", { config: { environment: "prod" }, secrets: { webDatabaseUrl: "postgres://x" } });
            assert.strictEqual(input.values["migration:environment"], "prod");
            assert.strictEqual(input.values["migration:webDatabaseUrl"], "postgres://x");
            assert.ok(input.secretKeys.has("migration:webDatabaseUrl"));
        });

        it("names a misspelt top-level key instead of reporting every key as missing", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
            try {
                fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
                fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8").replace(/^config:/m, "configs:"));
                assert.throws(() => readStackConfig(dir, "dev"), {
                    name: "StackFileError",
                    message: "Pulumi.dev.yaml: \"configs\" is not a stack file key; allowed config, encryptedkey, encryptionsalt, environment, secretsprovider (did you mean config?)",
                });
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("reads secure: \"\" as an empty secret, which config validation refuses", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
            try {
                fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
                fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8").replace(/secure: AAAB\S+/, 'secure: ""'));
                const raw = readStackConfig(dir, "dev");
                assert.strictEqual(raw.values["migration:webDatabaseUrl"], "");
                assert.ok(raw.secretKeys.has("migration:webDatabaseUrl"));
                assert.deepStrictEqual(problemsOf(raw), [
                    "migration:webDatabaseUrl: is an empty secret (the secret DATABASE_URL of services \"web\", \"mailer\", \"nightly-report\", \"migrate\"; an unset CI variable?); allowed a non-empty value; run: pulumi config set --secret migration:webDatabaseUrl <value> --stack dev",
                ]);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("names a missing stack file", () => {
            assert.throws(() => readStackConfig(ROOT, "qa"), { name: "StackFileError", message: `Pulumi.qa.yaml: not found in ${ROOT}` });
        });
    });
});

describe("stack config: what Fargate can reach, and runbook rules config checks", () => {
    const INSTEAD = "allowed instead: reach a DigitalOcean managed database or cache (PostgreSQL, MySQL, Redis/Valkey, MongoDB, Kafka) through its public endpoint: list it in legacy.databases (the NAT addresses join its trusted sources) and use egress { database: <name> }; reach a service on a Droplet through a public endpoint you expose with TLS and a firewall rule that admits only the stack's natPublicIps, then egress { port, cidr: <that address>/32 } (docs/legacy.md#reaching-what-stays-on-digitalocean)";
    const egressTo = (cidr: string) => prodWith((s) => { s[0].fargate.egress = [{ port: 6379, cidr, description: "Redis" }]; });

    const cases: [string, RawConfigInput, string[]][] = [
        ["a Redis inside the Droplets' VPC", egressTo("10.124.0.7/32"), [
            `migration:services[0].fargate.egress[0].cidr: "10.124.0.7/32" is inside legacy.vpcIpRange 10.124.0.0/20, the DigitalOcean VPC: Fargate tasks cannot reach it (a DigitalOcean VPC cannot be peered with AWS, and this stack builds no VPN); ${INSTEAD}`,
        ]],
        ["a range DigitalOcean reserves", egressTo("10.244.3.0/24"), [
            `migration:services[0].fargate.egress[0].cidr: "10.244.3.0/24" overlaps 10.244.0.0/16, which DigitalOcean reserves for its own private networks (Kubernetes, managed services): Fargate tasks cannot reach it; ${INSTEAD}`,
        ]],
        ["a private range outside the VPC the stack creates", egressTo("192.168.1.0/24"), [
            `migration:services[0].fargate.egress[0].cidr: "192.168.1.0/24" is a private range outside this stack's VPC (network.cidr 10.30.0.0/16), which has no route to any other private network: Fargate tasks cannot reach it; ${INSTEAD}`,
        ]],
        ["a managed database listed by its private address", prodWith(() => undefined, { "migration:legacy": { ...JSON.parse(prod.values["migration:legacy"]), databases: [{ name: "main", clusterId: "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30", cidr: "10.124.0.9/32" }] } }), [
            "migration:legacy.databases[0].cidr: \"10.124.0.9/32\" is a private address (the cluster's VPC host?): Fargate tasks reach a managed database only on its public address, over the NAT gateways; allowed the public address of the cluster's public hostname as a /32 (doctl databases connection <cluster id>, the host without \"private-\") (docs/legacy.md#reaching-what-stays-on-digitalocean)",
        ]],
        ["a managed Valkey without its port", prodWith(() => undefined, { "migration:legacy": { ...JSON.parse(prod.values["migration:legacy"]), databases: [...JSON.parse(prod.values["migration:legacy"]).databases, { name: "sessions", engine: "valkey", clusterId: "1cc10173-e9ea-4176-9dbc-a4cee4c4ff31", cidr: "203.0.113.51/32" }] } }), [
            "migration:legacy.databases[1].port: is required for engine valkey; allowed the port of the cluster's public endpoint (doctl databases connection <cluster id>): only PostgreSQL and MySQL default to 25060",
        ]],
        ["a canary on a hostname whose cut-over is pending (0 % Fargate)", prodWith((s) => { s[0].fargate.canary = { imageTag: "1.9.0", percent: 10 }; }), [
            "migration:services[0].fargate.canary: set while \"www.example.com\" sends 0 % of its traffic to Fargate (services[0].traffic.fargatePercent): the canary gets no requests, so its alarms judge nothing (docs/runbook.md, phase 4); allowed once the hostname's cut-over is done and its share is above 0 %",
        ]],
    ];
    for (const [title, input, expected] of cases) {
        it(title, () => assert.deepStrictEqual(problemsOf(input), expected));
    }

    it("accepts a managed Valkey on its public endpoint and port, and egress to it by name", () => {
        const legacy = JSON.parse(prod.values["migration:legacy"]);
        legacy.databases.push({ name: "sessions", engine: "valkey", port: 25061, clusterId: "1cc10173-e9ea-4176-9dbc-a4cee4c4ff31", cidr: "203.0.113.51/32", size: "db-s-1vcpu-2gb", nodes: 2 });
        const config = parseStackConfig(prodWith((s) => { s[0].fargate.egress.push({ database: "sessions" }); }, { "migration:legacy": legacy }));
        assert.deepStrictEqual(config.legacy.databases[1], { name: "sessions", engine: "valkey", port: 25061, clusterId: "1cc10173-e9ea-4176-9dbc-a4cee4c4ff31", cidr: "203.0.113.51/32", size: "db-s-1vcpu-2gb", nodes: 2, trustedSources: [] });
    });

    it("warns, without refusing, about a canary on a weighted hostname at 0 % (going back to the Droplets never waits)", () => {
        const config = parseStackConfig(devWith({ "migration:services": devServices.map((s, i) => i === 1 ? { ...s, traffic: { ...s.traffic, fargatePercent: 0 }, fargate: { ...s.fargate, canary: { imageTag: "2.4.0", percent: 10 } } } : s) }));
        assert.deepStrictEqual(config.warnings, [
            "migration:services[1].fargate.canary: set while \"api.dev.example.com\" sends 0 % of its traffic to Fargate (services[1].traffic.fargatePercent): the canary gets no requests, so its alarms judge nothing (docs/runbook.md, phase 4); remove it, or move the hostname above 0 % first (a warning, not refused: sending everything back to the Droplets must never wait for a config edit)",
        ]);
    });
});
