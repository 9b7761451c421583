// Private networking, as questions to one model of who can reach what
// (lib/reachability.ts): which workloads get a public address, which ports of
// which workload, load balancer, database or admin service public address
// space reaches (however the ranges are written: one CIDR, several that add
// up, IPv6, prefix lists), and which workloads behind a load balancer can be
// reached around it. Rules that need no reachability (subnet layout, VPC
// placement, firewall coverage) read the resources directly.
import { ResourceValidationPolicy, StackValidationPolicy, PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { AddressSet, DEFAULT_INTERNET_THRESHOLD, InternetThreshold, PortSet } from "../lib/addresses";
import { Endpoint, Model, buildModel, bypasses, describeSource, firewallCovers, internetGrants, loadBalancersOf, modelOf, publicExposure, aclInternetPorts } from "../lib/reachability";
import { Node, TYPES, nodes, ofType, subnetSets } from "../lib/stack";
import { asList, asRecord, asString, isUnknown, knownStrings, propsOf, settings } from "../lib/values";

/** The thresholds above which a public range counts as the internet (lib/addresses.ts). */
const internetSchema: PolicyConfigSchema["properties"] = {
    internetIpv4Prefix: {
        type: "integer", minimum: 0, maximum: 32, default: DEFAULT_INTERNET_THRESHOLD.ipv4Prefix,
        description: "A source counts as the internet when it admits at least as many public IPv4 addresses as one CIDR of this prefix length, however the ranges are written (24, the default: an office or VPN range smaller than a /24 is an allow-list; 31: any public range of more than one address, as Trivy AVD-AWS-0107).",
    },
    internetIpv6Prefix: {
        type: "integer", minimum: 0, maximum: 128, default: DEFAULT_INTERNET_THRESHOLD.ipv6Prefix,
        description: "The same for IPv6 (48, the default: a site; 127: any public range of more than one address).",
    },
};

function thresholdOf(config: { internetIpv4Prefix: number; internetIpv6Prefix: number }): InternetThreshold {
    return { ipv4Prefix: config.internetIpv4Prefix, ipv6Prefix: config.internetIpv6Prefix };
}

/** A model of one resource (resource-level rules): the resource as the only node of its stack. */
function modelOfOne(args: { readonly type: string; readonly name: string; readonly urn: string; readonly props: unknown }): Model {
    const resource = { type: args.type, name: args.name, urn: args.urn, props: args.props, propertyDependencies: {}, dependencies: [], opts: {} } as unknown as PolicyResource;
    return buildModel(nodes([resource]));
}

/**
 * Ports where an attacker gets a shell, a database or a daemon's admin API:
 * SSH, Telnet, FTP, SMB/NetBIOS, RDP, VNC, MySQL, PostgreSQL, SQL Server,
 * Oracle, Redis, MongoDB, Elasticsearch/OpenSearch (HTTP and transport),
 * Memcached, Docker API, Kubernetes API, etcd, CouchDB, Cassandra, Redshift,
 * DigitalOcean managed databases. The union of the ports named by Checkov
 * CKV_AWS_24/25/229-232 and Trivy AVD-AWS-0107's examples, widened to the
 * engines this migration moves.
 */
export const ADMIN_PORTS: readonly number[] = [20, 21, 22, 23, 135, 139, 445, 1433, 1521, 2375, 2376, 2379, 2380, 3306, 3389, 5432, 5439, 5900, 5984, 6379, 6443, 9042, 9200, 9300, 11211, 25060, 25061, 27017];

// Checkov CKV_AWS_333 ("Ensure ECS services do not have public IP addresses
// assigned to them automatically"), asked of every ECS task network the model
// knows (services, EventBridge Scheduler schedules and EventBridge targets
// that run tasks), and of the awsx FargateService component, which without
// networkConfiguration builds one itself in the account's default VPC with a
// security group open to 0.0.0.0/0 on every port (pulumi-awsx
// awsx/ecs/fargateService.ts, getDefaultNetworkConfiguration).
export const ecsNoPublicIp: ResourceValidationPolicy = {
    name: "networking-ecs-no-public-ip",
    description: "ECS services and scheduled tasks must not give their tasks a public IP address or leave their network to awsx's default VPC.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.awsxFargateService) {
            const props = propsOf(args);
            if (asRecord(props.networkConfiguration)?.assignPublicIp === true) {
                reportViolation(`${args.name}: networkConfiguration.assignPublicIp is true; set it to false and reach the internet through the private subnets' NAT gateways.`);
            }
            if (props.assignPublicIp === true) {
                reportViolation(`${args.name}: assignPublicIp is true, so awsx puts the tasks in the default VPC's public subnets with public IPs; pass networkConfiguration with the private subnets and assignPublicIp false.`);
            } else if (props.networkConfiguration === undefined) {
                reportViolation(`${args.name}: has no networkConfiguration, so awsx runs the tasks in the account's default VPC behind a security group open to 0.0.0.0/0 on every port; pass networkConfiguration with the Network's private subnets, the task security group and assignPublicIp false.`);
            }
            return;
        }
        if (args.type !== TYPES.ecsService && args.type !== TYPES.schedulerSchedule && args.type !== TYPES.eventTarget) {
            return;
        }
        const props = propsOf(args);
        const [key, network] = args.type === TYPES.ecsService ? ["networkConfiguration", asRecord(props.networkConfiguration)]
            : args.type === TYPES.schedulerSchedule ? ["target.ecsParameters.networkConfiguration", asRecord(asRecord(asRecord(props.target)?.ecsParameters)?.networkConfiguration)]
                : ["ecsTarget.networkConfiguration", asRecord(asRecord(props.ecsTarget)?.networkConfiguration)];
        const endpoint = modelOfOne(args).endpoints[0];
        if (endpoint !== undefined && endpoint.publicAddress !== undefined && endpoint.publicAddress !== "unknown") {
            reportViolation(`${args.name}: ${key}.assignPublicIp is ${JSON.stringify(network?.assignPublicIp)}; set it to false and reach the internet through the private subnets' NAT gateways.`);
        }
    },
};


// No public rule set checks awsx's subnet layout; awsx documents that the
// subnetSpecs given replace its default (one public and one private subnet per
// AZ), so a list without a Private spec leaves Fargate tasks only public or
// isolated (no NAT, so no image pulls) subnets.
export const awsxVpcPrivateSubnets: ResourceValidationPolicy = {
    name: "networking-awsx-vpc-private-subnets",
    description: "An awsx Vpc's subnetSpecs must include private subnets for the Fargate tasks.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.awsxVpc) {
            return;
        }
        const specs = propsOf(args).subnetSpecs;
        if (!Array.isArray(specs) || specs.length === 0 || specs.some((spec) => isUnknown(spec) || isUnknown(asRecord(spec)?.type))) {
            return; // awsx's default layout (public and private per AZ), or unknown at preview
        }
        const types = specs.map((spec) => asString(asRecord(spec)?.type) ?? "(none)");
        if (!types.includes("Private")) {
            reportViolation(`${args.name}: subnetSpecs declare only ${[...new Set(types)].join(", ")} subnets, so Fargate tasks would run in public subnets (or isolated ones that cannot pull images); add a { type: "Private" } spec.`);
        }
    },
};

export const ecsPrivateSubnets: StackValidationPolicy = {
    name: "networking-ecs-private-subnets",
    description: "ECS services must run only in the VPC's private subnets.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const subnets = subnetSets(all);
        for (const service of ofType(all, TYPES.ecsService)) {
            const ids = knownStrings(asRecord(service.props.networkConfiguration)?.subnets);
            const wrong = ids.filter((id) => subnets.public.has(id) || (subnets.private.size > 0 && !subnets.private.has(id)));
            if (wrong.length > 0) {
                const kind = wrong.every((id) => subnets.public.has(id)) ? "public" : "not private";
                reportViolation(`${service.name}: subnets ${wrong.join(", ")} are ${kind}; use the Network's privateSubnetIds (${[...subnets.private].join(", ") || "none known"}).`, service.urn);
            }
        }
    },
};

// Elastic Load Balancing: a target's security group should admit only the
// load balancer's security group
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html).
// Asked of the model: which grants let something other than the load
// balancers in front of an ECS service reach it.
export const ecsIngressFromAlbOnly: StackValidationPolicy = {
    name: "networking-ecs-ingress-from-alb-only",
    description: "Security groups of ECS services behind a load balancer must accept traffic only from the load balancer's security group.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const model = modelOf(args.resources);
        const albs = model.endpoints.filter((e) => e.kind === "loadBalancer" && (TYPES.loadBalancers as readonly string[]).includes(e.node.type));
        for (const endpoint of model.endpoints.filter((e) => e.node.type === TYPES.ecsService)) {
            const lbs = asList(endpoint.node.props.loadBalancers);
            if (lbs.length === 0 && !isUnknown(endpoint.node.props.loadBalancers)) {
                continue; // a worker service: nothing fronts it, so nothing can be bypassed
            }
            const served = loadBalancersOf(model, endpoint);
            for (const { grant, why } of bypasses(model, endpoint, served.length > 0 ? served : albs) ?? []) {
                const sg = model.filterNodes.get(grant.filter);
                const group = sg?.name ?? grant.filter.replace(/^sg:/, "");
                if (grant.source.kind === "addresses") {
                    reportViolation(`${grant.where}: security group ${group} of an ECS service admits ${grant.source.written.join(", ")}; allow only the ALB's security group (ingress with securityGroups / referencedSecurityGroupId) and remove CIDR sources.`, sg?.urn ?? grant.rule.urn);
                } else {
                    reportViolation(`${grant.where}: security group ${group} of an ECS service ${why.replace(", which no load balancer in front of it uses", ", which no load balancer uses")}; allow only the ALB's security group.`, sg?.urn ?? grant.rule.urn);
                }
            }
        }
    },
};

const allowedPortsSchema: PolicyConfigSchema = {
    properties: {
        allowedPorts: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            uniqueItems: true,
            default: [80, 443],
            description: "Ports that may be open to the internet.",
        },
        ...internetSchema,
    },
};

interface PortsConfig {
    readonly allowedPorts: number[];
    readonly internetIpv4Prefix: number;
    readonly internetIpv6Prefix: number;
}

const portSet = (ports: readonly number[]) => PortSet.of(ports.map((p) => ({ from: p, to: p })));
const AWS_GROUP_TYPES: readonly string[] = [TYPES.securityGroup, TYPES.defaultSecurityGroup, TYPES.securityGroupRule, TYPES.ingressRule];

// Checkov CKV_AWS_24/25/277 and CKV2_AWS_12 (the VPC's default group),
// Trivy AVD-AWS-0107: asked of every AWS security group grant in the model,
// attached to anything or not yet (a group admitting the internet is one
// attachment away from an exposure). The internet is any source that admits
// public address space above the threshold, however it is written.
export const noWorldIngress: StackValidationPolicy = {
    name: "networking-no-world-ingress",
    description: "Security groups must open nothing but the allowed web ports to the internet, however the address ranges are written.",
    configSchema: allowedPortsSchema,
    validateStack: (args, reportViolation) => {
        const config = settings<PortsConfig>(allowedPortsSchema, args.getConfig());
        const allowed = portSet(config.allowedPorts);
        const model = modelOf(args.resources);
        for (const filter of model.grants.keys()) {
            for (const grant of internetGrants(model, filter, thresholdOf(config))) {
                if (!AWS_GROUP_TYPES.includes(grant.rule.type) || grant.ports.subtract(allowed).isEmpty()) {
                    continue;
                }
                reportViolation(`${grant.where}: opens ${grant.ports} to ${describeSource(grant.source)}; open only ports ${config.allowedPorts.join(", ")} to the internet, and anything else to a security group or a specific CIDR.`, grant.rule.urn);
            }
        }
    },
};

const doAdminSchema: PolicyConfigSchema = {
    properties: {
        restrictedPorts: {
            type: "array",
            items: { type: "integer", minimum: 1, maximum: 65535 },
            uniqueItems: true,
            // SSH, MySQL, PostgreSQL, Redis, MongoDB, Elasticsearch (HTTP and transport), Memcached, Docker API.
            default: [22, 3306, 5432, 6379, 27017, 9200, 9300, 11211, 2375, 2376],
            description: "Ports never open to the internet on a DigitalOcean firewall.",
        },
        ...internetSchema,
    },
};

// Checkov CKV_DIO_4 ("the firewall ingress is not wide open"), narrowed to
// the ports that matter and widened to any way of writing the internet.
export const doFirewallNoWorldAdminPorts: ResourceValidationPolicy = {
    name: "networking-do-firewall-no-world-admin-ports",
    description: "DigitalOcean firewalls must not open SSH or database ports to the internet, however the address ranges are written.",
    configSchema: doAdminSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.doFirewall) {
            return;
        }
        const config = settings<{ restrictedPorts: number[]; internetIpv4Prefix: number; internetIpv6Prefix: number }>(doAdminSchema, args.getConfig());
        const model = modelOfOne(args);
        for (const grant of internetGrants(model, args.urn, thresholdOf(config))) {
            const ports = grant.ports.intersect(portSet(config.restrictedPorts));
            if (!ports.isEmpty() && grant.source.kind === "addresses") {
                reportViolation(`${grant.where}: opens ${ports} to ${describeSource(grant.source)}; allow SSH only from admin CIDRs and database ports only from tags or private addresses.`);
            }
        }
    },
};

const doAppSchema: PolicyConfigSchema = {
    properties: {
        publicPorts: {
            type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, uniqueItems: true, default: [80, 443],
            description: "Ports any source may reach (web traffic).",
        },
        adminPorts: {
            type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, uniqueItems: true, default: [22],
            description: "Ports that specific admin CIDRs may reach (never the whole internet: see networking-do-firewall-no-world-admin-ports).",
        },
    },
};

// DigitalOcean Cloud Firewalls: application ports from the load balancer
// (sourceLoadBalancerUids) or tags only, so the Droplets cannot be reached
// around their load balancer.
export const doFirewallAppFromLoadBalancer: ResourceValidationPolicy = {
    name: "networking-do-firewall-app-from-lb",
    description: "DigitalOcean firewalls must let application ports in only from load balancers or tags.",
    configSchema: doAppSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.doFirewall) {
            return;
        }
        const { publicPorts, adminPorts } = settings<{ publicPorts: number[]; adminPorts: number[] }>(doAppSchema, args.getConfig());
        const open = portSet([...publicPorts, ...adminPorts]);
        const byRule = new Map<string, { ports: PortSet; sources: string[] }>();
        for (const grant of modelOfOne(args).grants.get(args.urn) ?? []) {
            if (grant.ports.subtract(open).isEmpty()) {
                continue;
            }
            const s = grant.source;
            const text = s.kind === "addresses" ? s.written : s.kind === "group" && s.what === "Droplet" ? [`droplet ${String(s.ref)}`] : [];
            if (text.length > 0) {
                const entry = byRule.get(grant.where) ?? { ports: grant.ports, sources: [] };
                byRule.set(grant.where, { ports: entry.ports, sources: [...entry.sources, ...text] });
            }
        }
        for (const [where, { ports, sources }] of byRule) {
            reportViolation(`${where}: ${ports} admits ${sources.join(", ")}; admit application ports only from sourceLoadBalancerUids or sourceTags.`);
        }
    },
};

const endpointSchema: PolicyConfigSchema = {
    properties: {
        allowedPorts: {
            type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, uniqueItems: true, default: [80, 443],
            description: "Ports a load balancer may serve to the internet.",
        },
        adminPorts: {
            type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, uniqueItems: true, default: [...ADMIN_PORTS],
            description: "Ports no layer may admit the internet to and no load balancer may forward to (shells, databases, daemon APIs).",
        },
        ...internetSchema,
    },
};

const EPHEMERAL = [PortSet.of([{ from: 1024, to: 65535 }]), PortSet.of([{ from: 32768, to: 65535 }])];
const WELL_KNOWN = PortSet.of([{ from: 0, to: 1023 }]);

interface EndpointConfig extends PortsConfig {
    readonly adminPorts: number[];
}

/** How to fix an exposure, by kind of endpoint. */
function endpointFix(endpoint: Endpoint): string {
    switch (endpoint.node.type) {
        case TYPES.functionUrl:
            return "set authorizationType to AWS_IAM, or serve it through the load balancer or an API with authentication";
        case TYPES.sqsQueue:
        case TYPES.snsTopic:
            return "name the principals in its policy, or add a condition on the caller (aws:SourceArn or aws:SourceAccount for an AWS service, aws:PrincipalOrgID for your accounts)";
        case TYPES.instance:
        case TYPES.launchTemplate:
            return "run it in a private subnet without a public IP and reach it through the load balancer (or SSM Session Manager for a shell)";
        default:
            return "serve only the web ports on a load balancer, forwarding to the application's port, and reach anything else privately";
    }
}

// Trivy AVD-AWS-0053 and Checkov CKV_AWS_258, CKV_AWS_229 to CKV_AWS_232,
// CKV_AWS_88: asked of every endpoint in the model that is not a database
// (networking-database-not-public), an ECS task (networking-ecs-no-public-ip)
// or a Droplet (the DigitalOcean firewall rules, whose phase-in exemptions
// apply): instances with public IPs, load balancers of every kind and their
// listeners, Lambda function URLs, and each network ACL layer.
export const publicEndpoints: StackValidationPolicy = {
    name: "networking-public-endpoints",
    description: "Only the web ports of load balancers may be reachable from the internet: no instance, function URL without authentication, queue or topic open to any principal, other listener port or admin port, at any layer.",
    configSchema: endpointSchema,
    validateStack: (args, reportViolation) => {
        const config = settings<EndpointConfig>(endpointSchema, args.getConfig());
        const threshold = thresholdOf(config);
        const allowed = portSet(config.allowedPorts);
        const admin = portSet(config.adminPorts);
        const model = modelOf(args.resources);
        for (const endpoint of model.endpoints) {
            if (endpoint.kind === "database" || endpoint.kind === "search" || endpoint.node.type === TYPES.ecsService || endpoint.node.type === TYPES.droplet
                || endpoint.node.type === TYPES.schedulerSchedule || endpoint.node.type === TYPES.eventTarget) {
                continue;
            }
            const exposures = publicExposure(model, endpoint, threshold) ?? [];
            for (const exposure of exposures) {
                const ports = endpoint.kind === "loadBalancer" ? exposure.ports.subtract(allowed) : exposure.ports;
                if (ports.isEmpty()) {
                    continue;
                }
                reportViolation(endpoint.kind === "messaging"
                    ? `${endpoint.node.name}: ${endpoint.label}'s policy lets any principal ("*") in with no condition on the caller, so every AWS account can use it; ${endpointFix(endpoint)}.`
                    : `${endpoint.node.name}: ${endpoint.label} is reachable from the internet on ${ports} (${endpoint.publicAddress}; ${exposure.via}); ${endpointFix(endpoint)}.`, endpoint.node.urn);
            }
            if (endpoint.kind === "loadBalancer" && (exposures.length > 0)) {
                for (const f of endpoint.forwards) {
                    const to = f.target?.intersect(admin);
                    // A non-web entry port is reported above; a web port forwarded to an admin port is reported here.
                    if (to !== undefined && !to.isEmpty() && f.entry.subtract(allowed).isEmpty()) {
                        reportViolation(`${endpoint.node.name}: ${f.where} forwards ${f.entry} from the internet to ${to} on its targets; forward web ports only to the application's port.`, endpoint.node.urn);
                    }
                }
            }
        }
        const everywhere = AddressSet.of(["0.0.0.0/0", "::/0"]);
        for (const acl of model.acls) {
            for (const { ports, entry } of aclInternetPorts(acl, everywhere, threshold)) {
                // ACLs are stateless: replies to the subnet's own connections come back on ephemeral ports, so an
                // entry spanning them (1024-65535 or 32768-65535, Amazon VPC User Guide "Ephemeral ports") is judged
                // on the well-known ports below 1024 only.
                const returnTraffic = !EPHEMERAL.some((range) => range.subtract(entry.ports).isEmpty()) ? PortSet.ALL : WELL_KNOWN;
                const bad = ports.intersect(admin).intersect(returnTraffic);
                if (!bad.isEmpty()) {
                    reportViolation(`${entry.where}: network ACL ${acl.node.name} lets the internet (${entry.written}) reach ${bad}; allow admin ports only from specific CIDRs (the ACL's allow rule ${entry.number} decides it).`, entry.rule.urn);
                }
            }
        }
    },
};
// DigitalOcean places a Droplet created without vpc_uuid in the region's
// default VPC, shared with every other resource of the team in that region
// (https://docs.digitalocean.com/products/networking/vpc/details/features/).
// No public rule set covers it (Checkov's DigitalOcean checks are
// CKV_DIO_1 to CKV_DIO_4: backups, SSH keys, Spaces, open firewall ingress).
export const doDropletInVpc: ResourceValidationPolicy = {
    name: "networking-do-droplet-in-vpc",
    description: "Droplets must be placed in the stack's DigitalOcean VPC (vpcUuid), not the region's default VPC.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.droplet) {
            return;
        }
        const vpc = propsOf(args).vpcUuid;
        if (vpc === undefined || vpc === "") {
            reportViolation(`${args.name}: vpcUuid is not set, so DigitalOcean puts the Droplet in the region's default VPC next to every other Droplet of the team; set vpcUuid to the stack's VPC (LegacyFoundation.vpcId).`);
        }
    },
};

const firewallSchema: PolicyConfigSchema = {
    properties: {
        pendingFirewall: {
            type: "array",
            items: { type: "string", pattern: "^(tag:[A-Za-z0-9:_-]+|id:[0-9]+)$" },
            uniqueItems: true,
            default: [],
            description: "Droplets whose DigitalOcean firewall is deliberately not applied yet, as \"tag:<tag>\" or \"id:<droplet id>\" " +
                "(the phase before DNS points at the new load balancer, when a firewall would cut the paths the Droplets serve today). " +
                "Remove an entry in the change that applies its firewall: an entry that exempts nothing is reported.",
        },
    },
};

function exemptionMatches(entry: string, droplet: Node): boolean {
    const [kind, value] = [entry.slice(0, entry.indexOf(":")), entry.slice(entry.indexOf(":") + 1)];
    return kind === "tag" ? knownStrings(droplet.props.tags).includes(value) : asString(droplet.props.id) === value;
}

export const doDropletFirewalled: StackValidationPolicy = {
    name: "networking-do-droplet-firewalled",
    description: "Every Droplet must be covered by a DigitalOcean firewall of the stack, by tag or by id, unless listed as pending.",
    configSchema: firewallSchema,
    validateStack: (args, reportViolation) => {
        const { pendingFirewall } = settings<{ pendingFirewall: string[] }>(firewallSchema, args.getConfig());
        const all = nodes(args.resources);
        const droplets = ofType(all, TYPES.droplet);
        const firewalls = ofType(all, TYPES.doFirewall);
        const used = new Set<string>();
        for (const droplet of droplets) {
            const coverage = firewalls.map((fw) => firewallCovers(fw, droplet));
            if (coverage.some((c) => c !== false)) {
                continue; // covered, or a firewall whose targets are unknown at preview
            }
            const exemptions = pendingFirewall.filter((entry) => exemptionMatches(entry, droplet));
            if (exemptions.length > 0) {
                exemptions.forEach((e) => used.add(e));
                continue;
            }
            const tagsUnknown = isUnknown(droplet.props.tags) || asList(droplet.props.tags).some(isUnknown);
            const idUnknown = asString(droplet.props.id) === undefined;
            if ((tagsUnknown && pendingFirewall.some((e) => e.startsWith("tag:"))) || (idUnknown && pendingFirewall.some((e) => e.startsWith("id:")))) {
                continue; // an entry might exempt it once its tags or id are known
            }
            const tag = knownStrings(droplet.props.tags)[0];
            reportViolation(`${droplet.name}: no DigitalOcean firewall of this stack applies to this Droplet (by tag or id), so every port it listens on is reachable from the internet; add a digitalocean.Firewall with tags [${tag === undefined ? "<the Droplet's tag>" : JSON.stringify(tag)}] or its dropletIds, or while its firewall is phased in list ${JSON.stringify(tag === undefined ? "id:<droplet id>" : `tag:${tag}`)} in pendingFirewall of policies/config/<stack>.json.`, droplet.urn);
        }
        const allKnown = droplets.every((d) => !isUnknown(d.props.tags) && !asList(d.props.tags).some(isUnknown) && asString(d.props.id) !== undefined);
        for (const entry of pendingFirewall.filter((e) => !used.has(e))) {
            const matched = droplets.filter((d) => exemptionMatches(entry, d));
            const coveredBy = matched.flatMap((d) => firewalls.filter((fw) => firewallCovers(fw, d) === true)).map((fw) => fw.name);
            if (matched.length > 0 && coveredBy.length > 0) {
                reportViolation(`pendingFirewall entry ${JSON.stringify(entry)} is no longer needed: ${[...new Set(coveredBy)].join(", ")} now applies to its Droplets; remove it from policies/config/<stack>.json.`);
            } else if (matched.length === 0 && allKnown) {
                reportViolation(`pendingFirewall entry ${JSON.stringify(entry)} matches no Droplet of this stack; remove it from policies/config/<stack>.json (or fix the tag or id).`);
            }
        }
    },
};

const databaseSchema: PolicyConfigSchema = { properties: { ...internetSchema } };

// Checkov CKV_AWS_17 (RDS), CKV_AWS_87 (Redshift), CKV_AWS_89 (DMS), Pulumi
// AWSGuard rds-instance-public-access, DigitalOcean trusted sources, and
// OpenSearch/Elasticsearch domains outside a VPC with an access policy open
// to anyone: asked of every database and search endpoint in the model. A
// public address is a finding by itself for AWS managed databases (one
// security group change from the internet); for DigitalOcean clusters, whose
// hostname is always public, the trusted sources decide.
export const databaseNotPublic: StackValidationPolicy = {
    name: "networking-database-not-public",
    description: "Databases, caches and search domains must not be reachable from the internet.",
    configSchema: databaseSchema,
    validateStack: (args, reportViolation) => {
        const config = settings<{ internetIpv4Prefix: number; internetIpv6Prefix: number }>(databaseSchema, args.getConfig());
        const model = modelOf(args.resources);
        for (const endpoint of model.endpoints.filter((e) => e.kind === "database" || e.kind === "search")) {
            const exposures = publicExposure(model, endpoint, thresholdOf(config));
            const node = endpoint.node;
            if (node.type === TYPES.doDatabaseCluster) {
                if (endpoint.filters === "none") {
                    reportViolation(`${node.name}: no digitalocean.DatabaseFirewall restricts this cluster, so any address may connect; add one that admits only the app's Droplet tag or Droplets.`, node.urn);
                } else {
                    for (const e of exposures ?? []) {
                        reportViolation(`${node.name}: ${e.via}, so the internet may connect; trust only the app's Droplet tag, Droplets or specific addresses (the NAT gateways' IPs).`, node.urn);
                    }
                }
                continue;
            }
            if (endpoint.kind === "search") {
                if ((exposures ?? []).length > 0) {
                    reportViolation(`${node.name}: ${endpoint.label} ${endpoint.publicAddress} and its access policy lets anyone ("*") in without a condition on the caller; give it vpcOptions with private subnets, or name the principals or source IPs in accessPolicies.`, node.urn);
                }
                continue;
            }
            if (endpoint.publicAddress !== undefined && endpoint.publicAddress !== "unknown") {
                const open = (exposures ?? []).map((e) => `${e.via} on ${e.ports}`);
                reportViolation(`${node.name}: ${endpoint.publicAddress}${open.length > 0 ? `, and ${open.join("; ")}` : ""}; set it to false and reach the ${endpoint.label.startsWith("DMS") ? "replication instance" : "database"} from the private subnets.`, node.urn);
            }
        }
    },
};
