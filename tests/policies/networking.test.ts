import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PACK_DIR, reported, res, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";

const SERVICE = "aws:ecs/service:Service";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const FIREWALL = "digitalocean:index/firewall:Firewall";
const DROPLET = "digitalocean:index/droplet:Droplet";
const TG_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-stable/1";
const sgArn = (id: string) => `arn:aws:ec2:us-east-1:123456789012:security-group/${id}`;

describe("policies: networking", function () {
    const analyzer = sharedAnalyzer();

    describe("networking-ecs-no-public-ip", () => {
        const service = (networkConfiguration: unknown) => res(SERVICE, "web", { desiredCount: 2, networkConfiguration });
        it("passes a service without a public IP", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(service({ assignPublicIp: false, subnets: ["subnet-a"] }))), []);
        });
        it("reports assignPublicIp true", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(service({ assignPublicIp: true, subnets: ["subnet-a"] }))), [{
                policy: "networking-ecs-no-public-ip", level: "advisory",
                text: "web: networkConfiguration.assignPublicIp is true; set it to false and reach the internet through the private subnets' NAT gateways.",
            }]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(service(UNKNOWN))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(service({ assignPublicIp: UNKNOWN, subnets: UNKNOWN }))), []);
        });
    });

    describe("networking-ecs-no-public-ip on the awsx FargateService component", () => {
        const POLICY = "networking-ecs-no-public-ip";
        const awsxService = (props: Record<string, unknown>) => res("awsx:ecs:FargateService", "api", { taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/api:3", ...props });
        it("passes a service given private networking", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(awsxService({ networkConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-task"], assignPublicIp: false } }))), []);
        });
        it("reports assignPublicIp and a missing networkConfiguration (awsx's default VPC)", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(awsxService({ assignPublicIp: true }))), [{
                policy: POLICY, level: "advisory",
                text: "api: assignPublicIp is true, so awsx puts the tasks in the default VPC's public subnets with public IPs; pass networkConfiguration with the private subnets and assignPublicIp false.",
            }]);
            assert.deepStrictEqual(reported(await analyzer().analyze(awsxService({}))).map((r) => r.text), [
                "api: has no networkConfiguration, so awsx runs the tasks in the account's default VPC behind a security group open to 0.0.0.0/0 on every port; pass networkConfiguration with the Network's private subnets, the task security group and assignPublicIp false.",
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(awsxService({ networkConfiguration: { subnets: ["subnet-p"], assignPublicIp: true } }))).map((r) => r.text), [
                "api: networkConfiguration.assignPublicIp is true; set it to false and reach the internet through the private subnets' NAT gateways.",
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(awsxService({ networkConfiguration: UNKNOWN }))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(awsxService({ assignPublicIp: UNKNOWN, networkConfiguration: { subnets: UNKNOWN, assignPublicIp: UNKNOWN } }))), []);
        });
    });

    describe("networking-awsx-vpc-private-subnets", () => {
        const vpc = (subnetSpecs: unknown) => res("awsx:ec2:Vpc", "vpc", { cidrBlock: "10.0.0.0/16", subnetSpecs });
        it("passes awsx's default layout and any layout with private subnets", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(vpc(undefined))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(vpc([{ type: "Private", cidrBlocks: ["10.0.0.0/20"] }, { type: "Public", size: 256 }]))), []);
        });
        it("reports a layout without private subnets", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(vpc([{ type: "Public" }, { type: "Isolated" }, { type: "Public", name: "edge" }]))), [{
                policy: "networking-awsx-vpc-private-subnets", level: "advisory",
                text: 'vpc: subnetSpecs declare only Public, Isolated subnets, so Fargate tasks would run in public subnets (or isolated ones that cannot pull images); add a { type: "Private" } spec.',
            }]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(vpc(UNKNOWN))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(vpc([{ type: "Public" }, { type: UNKNOWN }]))), []);
        });
    });

    describe("networking-ecs-private-subnets", () => {
        const network = res("migration:aws:Network", "net", { vpcId: "vpc-1", privateSubnetIds: ["subnet-a", "subnet-b"], publicSubnetIds: ["subnet-p"], privateSubnetCidrs: ["10.0.0.0/20", "10.0.16.0/20"] });
        const service = (subnets: unknown) => res(SERVICE, "web", { networkConfiguration: { assignPublicIp: false, subnets } });
        it("passes services in private subnets", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([network, service(["subnet-a", "subnet-b"])])), []);
        });
        it("reports public and unknown-to-the-network subnets", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([network, service(["subnet-a", "subnet-p"])])), [{
                policy: "networking-ecs-private-subnets", level: "advisory", urn: urnOf(SERVICE, "web"),
                text: "web: subnets subnet-p are public; use the Network's privateSubnetIds (subnet-a, subnet-b).",
            }]);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([network, service(["subnet-x"])]))[0].text,
                "web: subnets subnet-x are not private; use the Network's privateSubnetIds (subnet-a, subnet-b).");
        });
        it("reads the awsx Vpc's outputs too", async () => {
            const vpc = res("awsx:ec2:Vpc", "vpc", { privateSubnetIds: ["subnet-c"], publicSubnetIds: ["subnet-q"] });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([vpc, service(["subnet-q"])])).map((r) => r.text),
                ["web: subnets subnet-q are public; use the Network's privateSubnetIds (subnet-c)."]);
        });
        it("does not guess at preview", async () => {
            const previewNetwork = res("migration:aws:Network", "net", { privateSubnetIds: UNKNOWN, publicSubnetIds: UNKNOWN });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([previewNetwork, service(UNKNOWN)])), []);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([previewNetwork, service([UNKNOWN, UNKNOWN])])), []);
        });
    });

    describe("networking-ecs-ingress-from-alb-only", () => {
        const albSg = res(SG, "alb-sg", { arn: sgArn("sg-alb"), ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
        const alb = res("aws:lb/loadBalancer:LoadBalancer", "alb", { securityGroups: ["sg-alb"], dnsName: "alb-1.us-east-1.elb.amazonaws.com" });
        const service = res(SERVICE, "web", { loadBalancers: [{ targetGroupArn: TG_ARN, containerName: "web", containerPort: 8080 }], networkConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-task"] } });
        const taskSg = (ingress: unknown[] = []) => res(SG, "task-sg", { arn: sgArn("sg-task"), ingress });
        const rule = (props: Record<string, unknown>, extra = {}) => res(INGRESS, "task-from-alb", { securityGroupId: "sg-task", ipProtocol: "tcp", fromPort: 8080, toPort: 8080, ...props }, extra);
        it("passes ingress that references the ALB's security group", async () => {
            const stack = [albSg, alb, service, taskSg([{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-alb"] }]), rule({ referencedSecurityGroupId: "sg-alb" })];
            assert.deepStrictEqual(reported(await analyzer().analyzeStack(stack)), []);
        });
        it("reports CIDR ingress and ingress from other groups", async () => {
            const stack = [albSg, alb, service, taskSg([{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-other"] }]), rule({ cidrIpv4: "10.0.0.0/8" })];
            assert.deepStrictEqual(reported(await analyzer().analyzeStack(stack)), [
                {
                    policy: "networking-ecs-ingress-from-alb-only", level: "advisory", urn: urnOf(SG, "task-sg"),
                    text: "task-sg ingress[0]: security group task-sg of an ECS service admits security group sg-other, which no load balancer uses; allow only the ALB's security group.",
                },
                {
                    policy: "networking-ecs-ingress-from-alb-only", level: "advisory", urn: urnOf(SG, "task-sg"),
                    text: "task-from-alb: security group task-sg of an ECS service admits 10.0.0.0/8; allow only the ALB's security group (ingress with securityGroups / referencedSecurityGroupId) and remove CIDR sources.",
                },
            ]);
        });
        it("links groups by property dependencies when ids are unknown at preview", async () => {
            const previewService = res(SERVICE, "web", { loadBalancers: [{ targetGroupArn: UNKNOWN, containerName: "web", containerPort: 8080 }], networkConfiguration: UNKNOWN }, { propertyDependencies: { networkConfiguration: [urnOf(SG, "task-sg")] } });
            const previewAlbSg = res(SG, "alb-sg", { ingress: [] });
            const previewAlb = res("aws:lb/loadBalancer:LoadBalancer", "alb", { securityGroups: [UNKNOWN] }, { propertyDependencies: { securityGroups: [urnOf(SG, "alb-sg")] } });
            const previewRule = res(INGRESS, "task-from-alb", { securityGroupId: UNKNOWN, referencedSecurityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 8080, toPort: 8080 }, {
                propertyDependencies: { securityGroupId: [urnOf(SG, "task-sg")], referencedSecurityGroupId: [urnOf(SG, "alb-sg")] },
            });
            const previewTaskSg = res(SG, "task-sg", { ingress: [] });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([previewAlbSg, previewAlb, previewService, previewTaskSg, previewRule])), []);
            const cidrRule = res(INGRESS, "task-open", { securityGroupId: UNKNOWN, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 }, {
                propertyDependencies: { securityGroupId: [urnOf(SG, "task-sg")] },
            });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([previewAlbSg, previewAlb, previewService, previewTaskSg, cidrRule])).map((r) => r.text), [
                "task-open: security group task-sg of an ECS service admits 0.0.0.0/0; allow only the ALB's security group (ingress with securityGroups / referencedSecurityGroupId) and remove CIDR sources.",
            ]);
        });
    });

    describe("networking-no-world-ingress", () => {
        it("passes 80/443 from the internet and anything from private CIDRs", async () => {
            const sg = res(SG, "alb-sg", { description: "ALB", ingress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: "HTTPS" },
                { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], description: "HTTP" },
                { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/8"], description: "VPC" },
            ] });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([sg])), []);
        });
        it("reports other ports open to the internet on all three rule types", async () => {
            const sg = res(SG, "sg", { description: "admin", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], description: "SSH" }] });
            const sgRule = res(SG_RULE, "all-open", { description: "everything", type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"], securityGroupId: "sg-1" });
            const ingress = res(INGRESS, "app-open", { description: "app", ipProtocol: "tcp", fromPort: 8080, toPort: 8081, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" });
            const texts = reported(await analyzer().analyzeStack([sg, sgRule, ingress])).map((d) => `${d.policy}|${d.urn}|${d.text}`);
            assert.deepStrictEqual(texts, [
                `networking-no-world-ingress|${sg.urn}|sg ingress[0]: opens port 22 to 0.0.0.0/0 (all of the public IPv4 internet); open only ports 80, 443 to the internet, and anything else to a security group or a specific CIDR.`,
                `networking-no-world-ingress|${sgRule.urn}|all-open: opens all ports to ::/0 (all of the public IPv6 internet); open only ports 80, 443 to the internet, and anything else to a security group or a specific CIDR.`,
                `networking-no-world-ingress|${ingress.urn}|app-open: opens ports 8080-8081 to 0.0.0.0/0 (all of the public IPv4 internet); open only ports 80, 443 to the internet, and anything else to a security group or a specific CIDR.`,
            ]);
        });
        it("follows allowedPorts", async () => {
            const ingress = res(INGRESS, "app-open", { description: "app", ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" });
            assert.strictEqual(reported(await analyzer().analyzeStack([ingress])).length, 1);
            await analyzer().configure({ "networking-no-world-ingress": { allowedPorts: [80, 443, 8080] } });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([ingress])), []);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([
                res(INGRESS, "r", { description: "SSH", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN, securityGroupId: UNKNOWN }),
                res(SG, "sg", { description: "x", ingress: UNKNOWN }),
                res(SG, "sg2", { description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [UNKNOWN], description: "SSH" }] }),
            ])), []);
        });
    });

    describe("DigitalOcean firewalls", () => {
        const firewall = (inboundRules: unknown) => res(FIREWALL, "web-fw", { name: "web-fw", tags: ["web"], inboundRules });
        it("pass SSH from admin CIDRs, the app port from the load balancer and HTTPS from anywhere", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(firewall([
                { protocol: "tcp", portRange: "22", sourceAddresses: ["203.0.113.10/32"] },
                { protocol: "tcp", portRange: "8080", sourceLoadBalancerUids: ["lb-1"] },
                { protocol: "tcp", portRange: "443", sourceAddresses: ["0.0.0.0/0", "::/0"] },
                { protocol: "icmp", sourceAddresses: ["0.0.0.0/0"] },
            ]))), []);
        });
        it("report SSH and database ports open to the internet, and app ports from addresses", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(firewall([
                { protocol: "tcp", portRange: "22", sourceAddresses: ["0.0.0.0/0"] },
                { protocol: "tcp", portRange: "5000-6000", sourceAddresses: ["::/0"] },
                { protocol: "tcp", portRange: "8080", sourceAddresses: ["10.116.0.0/20"], sourceTags: ["web"] },
            ]))), [
                {
                    policy: "networking-do-firewall-no-world-admin-ports", level: "advisory",
                    text: "web-fw inboundRules[0]: opens port 22 to 0.0.0.0/0 (all of the public IPv4 internet); allow SSH only from admin CIDRs and database ports only from tags or private addresses.",
                },
                {
                    policy: "networking-do-firewall-no-world-admin-ports", level: "advisory",
                    text: "web-fw inboundRules[1]: opens port 5432 to ::/0 (all of the public IPv6 internet); allow SSH only from admin CIDRs and database ports only from tags or private addresses.",
                },
                {
                    policy: "networking-do-firewall-app-from-lb", level: "advisory",
                    text: "web-fw inboundRules[1]: ports 5000-6000 admits ::/0; admit application ports only from sourceLoadBalancerUids or sourceTags.",
                },
                {
                    policy: "networking-do-firewall-app-from-lb", level: "advisory",
                    text: "web-fw inboundRules[2]: port 8080 admits 10.116.0.0/20; admit application ports only from sourceLoadBalancerUids or sourceTags.",
                },
            ]);
        });
        it("follow restrictedPorts, publicPorts and adminPorts", async () => {
            const fw = firewall([{ protocol: "tcp", portRange: "9000", sourceAddresses: ["0.0.0.0/0"] }]);
            assert.deepStrictEqual(reported(await analyzer().analyze(fw)).map((r) => r.policy), ["networking-do-firewall-app-from-lb"]);
            await analyzer().configure({ "networking-do-firewall-no-world-admin-ports": { restrictedPorts: [22, 9000] }, "networking-do-firewall-app-from-lb": { publicPorts: [80, 443, 9000] } });
            assert.deepStrictEqual(reported(await analyzer().analyze(fw)).map((r) => r.text), [
                "web-fw inboundRules[0]: opens port 9000 to 0.0.0.0/0 (all of the public IPv4 internet); allow SSH only from admin CIDRs and database ports only from tags or private addresses.",
            ]);
        });
        it("do not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(firewall(UNKNOWN))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(firewall([{ protocol: "tcp", portRange: "8080", sourceLoadBalancerUids: [UNKNOWN] }, { protocol: "tcp", portRange: UNKNOWN, sourceAddresses: UNKNOWN }]))), []);
        });
    });

    describe("networking-do-droplet-in-vpc", () => {
        const droplet = (props: Record<string, unknown>) => res(DROPLET, "web-1", { size: "s-1vcpu-2gb", image: "ubuntu-24-04-x64", region: "nyc3", ...props });
        it("passes a Droplet in the stack's VPC", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet({ vpcUuid: "5a4bd2f1-6c1e-4f6a-9d3e-2b7c8e9f0a1d" }))), []);
        });
        it("reports a Droplet left to the region's default VPC", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet({}))), [{
                policy: "networking-do-droplet-in-vpc", level: "advisory",
                text: "web-1: vpcUuid is not set, so DigitalOcean puts the Droplet in the region's default VPC next to every other Droplet of the team; set vpcUuid to the stack's VPC (LegacyFoundation.vpcId).",
            }]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet({ vpcUuid: UNKNOWN }))), []);
        });
    });

    describe("networking-do-droplet-firewalled", () => {
        const POLICY = "networking-do-droplet-firewalled";
        const droplet = (name: string, id: unknown, tags: unknown, extra = {}) => res(DROPLET, name, { id, name, size: "s-2vcpu-4gb", vpcUuid: "vpc-1", tags }, extra);
        const web1 = droplet("web-prod-1", "412345671", ["migration-prod-web", "team:platform"]);
        const web2 = droplet("web-prod-2", "412345672", ["migration-prod-web", "team:platform"]);
        const api1 = droplet("api-prod-1", "412345681", ["migration-prod-api"]);
        const firewall = (name: string, props: Record<string, unknown>, extra = {}) => res(FIREWALL, name, { name, inboundRules: [{ protocol: "tcp", portRange: "8080", sourceLoadBalancerUids: ["lb-1"] }], ...props }, extra);
        const only = async (stack: Parameters<ReturnType<typeof analyzer>["analyzeStack"]>[0]) => reported(await analyzer().analyzeStack(stack)).filter((r) => r.policy === POLICY).map((r) => `${r.urn ?? "(stack)"}|${r.text}`);
        it("passes Droplets covered by tag or by id, and by dependencies at preview", async () => {
            assert.deepStrictEqual(await only([web1, web2, api1, firewall("web-fw", { tags: ["migration-prod-web"] }), firewall("api-fw", { dropletIds: [412345681] })]), []);
            const tag = res("digitalocean:index/tag:Tag", "web-tag", { name: UNKNOWN });
            const previewDroplet = droplet("web-dev-1", UNKNOWN, [UNKNOWN], { propertyDependencies: { tags: [tag.urn] } });
            const previewFirewall = firewall("web-fw", { tags: [UNKNOWN] }, { propertyDependencies: { tags: [tag.urn] } });
            assert.deepStrictEqual(await only([tag, previewDroplet, previewFirewall]), []);
        });
        it("reports a Droplet no firewall applies to", async () => {
            assert.deepStrictEqual(await only([web1, api1, firewall("web-fw", { tags: ["migration-prod-web"] })]), [
                `${api1.urn}|api-prod-1: no DigitalOcean firewall of this stack applies to this Droplet (by tag or id), so every port it listens on is reachable from the internet; add a digitalocean.Firewall with tags ["migration-prod-api"] or its dropletIds, or while its firewall is phased in list "tag:migration-prod-api" in pendingFirewall of policies/config/<stack>.json.`,
            ]);
        });
        it("lets pendingFirewall exempt Droplets by tag or id, and reports entries that exempt nothing", async () => {
            await analyzer().configure({ [POLICY]: { pendingFirewall: ["tag:migration-prod-web", "id:412345681"] } });
            assert.deepStrictEqual(await only([web1, web2, api1]), []);
            await analyzer().configure({ [POLICY]: { pendingFirewall: ["tag:migration-prod-web", "tag:migration-prod-api", "id:499999999"] } });
            assert.deepStrictEqual(await only([web1, web2, api1, firewall("web-fw", { tags: ["migration-prod-web"] })]), [
                '(stack)|pendingFirewall entry "tag:migration-prod-web" is no longer needed: web-fw now applies to its Droplets; remove it from policies/config/<stack>.json.',
                '(stack)|pendingFirewall entry "id:499999999" matches no Droplet of this stack; remove it from policies/config/<stack>.json (or fix the tag or id).',
            ]);
        });
        it("lets the prod stack's adopted Droplets pass while their firewall is pending (issue 13), with prod's own config", async () => {
            const prod = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", "prod.json"), "utf8")) as Record<string, unknown>;
            assert.deepStrictEqual(prod[POLICY], { pendingFirewall: ["tag:migration-prod-web", "tag:migration-prod-api"] });
            await analyzer().configure(prod);
            assert.deepStrictEqual(await only([web1, web2, api1]), []);
            const { [POLICY]: _exemption, ...withoutExemption } = prod;
            await analyzer().configure(withoutExemption);
            assert.deepStrictEqual((await only([web1, web2, api1])).length, 3, "without an exemption every prod Droplet is reported");
        });
        it("does not guess at preview", async () => {
            await analyzer().configure({ [POLICY]: { pendingFirewall: ["tag:migration-prod-web"] } });
            assert.deepStrictEqual(await only([droplet("web-prod-1", UNKNOWN, UNKNOWN), firewall("web-fw", { tags: UNKNOWN })]), []);
            assert.deepStrictEqual(await only([droplet("web-prod-1", UNKNOWN, [UNKNOWN])]), [], "an entry might exempt it once its tags are known, and is not called stale");
            await analyzer().configure({});
            assert.deepStrictEqual(await only([droplet("web-prod-1", UNKNOWN, [UNKNOWN])]), [
                `${urnOf(DROPLET, "web-prod-1")}|web-prod-1: no DigitalOcean firewall of this stack applies to this Droplet (by tag or id), so every port it listens on is reachable from the internet; add a digitalocean.Firewall with tags [<the Droplet's tag>] or its dropletIds, or while its firewall is phased in list "id:<droplet id>" in pendingFirewall of policies/config/<stack>.json.`,
            ], "with no firewall and no exemption, unknown tags cannot help");
        });
    });

    describe("networking-database-not-public", () => {
        const cluster = res("digitalocean:index/databaseCluster:DatabaseCluster", "db", { engine: "pg", clusterUrn: "do:dbaas:1" });
        it("passes private RDS and a DigitalOcean cluster behind a database firewall", async () => {
            const fw = res("digitalocean:index/databaseFirewall:DatabaseFirewall", "db-fw", { clusterId: UNKNOWN, rules: [{ type: "tag", value: "web" }] }, { propertyDependencies: { clusterId: [cluster.urn] } });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([
                res("aws:rds/instance:Instance", "rds", { publiclyAccessible: false }), cluster, fw,
            ])), []);
        });
        it("reports public RDS and an unguarded cluster", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([res("aws:rds/instance:Instance", "rds", { publiclyAccessible: true }), cluster])), [
                { policy: "networking-database-not-public", level: "advisory", urn: urnOf("aws:rds/instance:Instance", "rds"), text: "rds: publiclyAccessible is true; set it to false and reach the database from the private subnets." },
                {
                    policy: "networking-database-not-public", level: "advisory", urn: cluster.urn,
                    text: "db: no digitalocean.DatabaseFirewall restricts this cluster, so any address may connect; add one that admits only the app's Droplet tag or Droplets.",
                },
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([res("aws:rds/instance:Instance", "rds", { publiclyAccessible: UNKNOWN })])), []);
        });
    });
});
