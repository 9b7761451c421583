// Private networking: Fargate tasks run without public IPs in private
// subnets behind the ALB; nothing but HTTP(S) is open to the internet; the
// legacy Droplets take SSH and database ports only from known networks and
// app traffic only from their load balancer; databases are never public.
import { ResourceValidationPolicy, StackValidationPolicy, PolicyConfigSchema } from "@pulumi/policy";
import { Node, TYPES, depsOf, idOf, nodes, ofType, refersTo, subnetSets } from "../lib/stack";
import { asList, asRecord, asString, isUnknown, knownStrings, propsOf, settings } from "../lib/values";
import { PortRange, awsPortRange, doPortRange, isWorld, onlyPorts, portsIn, showRange } from "../lib/network";

// Checkov CKV_AWS_333 ("Ensure ECS services do not have public IP addresses
// assigned to them automatically"), extended to the awsx FargateService
// component, which without networkConfiguration builds one itself in the
// account's default VPC with a security group open to 0.0.0.0/0 on every port
// (pulumi-awsx awsx/ecs/fargateService.ts, getDefaultNetworkConfiguration).
export const ecsNoPublicIp: ResourceValidationPolicy = {
    name: "networking-ecs-no-public-ip",
    description: "ECS services must not give their tasks a public IP address or leave their network to awsx's default VPC.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.ecsService && args.type !== TYPES.awsxFargateService) {
            return;
        }
        const props = propsOf(args);
        const network = asRecord(props.networkConfiguration);
        if (network?.assignPublicIp === true) {
            reportViolation(`${args.name}: networkConfiguration.assignPublicIp is true; set it to false and reach the internet through the private subnets' NAT gateways.`);
        }
        if (args.type !== TYPES.awsxFargateService) {
            return;
        }
        if (props.assignPublicIp === true) {
            reportViolation(`${args.name}: assignPublicIp is true, so awsx puts the tasks in the default VPC's public subnets with public IPs; pass networkConfiguration with the private subnets and assignPublicIp false.`);
        } else if (props.networkConfiguration === undefined) {
            reportViolation(`${args.name}: has no networkConfiguration, so awsx runs the tasks in the account's default VPC behind a security group open to 0.0.0.0/0 on every port; pass networkConfiguration with the Network's private subnets, the task security group and assignPublicIp false.`);
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

interface IngressSource {
    /** Where the rule sits, for the message. */
    readonly where: string;
    readonly cidrs: readonly string[];
    /** Referenced security groups: known ids, or the dependency URNs when the ids are unknown. */
    readonly groups: readonly { readonly id: unknown; readonly deps: readonly string[] }[];
}

function inlineIngress(sg: Node): IngressSource[] {
    return asList(sg.props.ingress).map((rule, i) => {
        const r = asRecord(rule) ?? {};
        return {
            where: `${sg.name} ingress[${i}]`,
            cidrs: [...knownStrings(r.cidrBlocks), ...knownStrings(r.ipv6CidrBlocks), ...knownStrings(r.prefixListIds)],
            groups: asList(r.securityGroups).map((id) => ({ id, deps: depsOf(sg, "ingress") })),
        };
    });
}

/** Rules attached to a group from outside: aws.ec2.SecurityGroupRule (ingress) and aws.vpc.SecurityGroupIngressRule. */
function attachedIngress(rule: Node): IngressSource | undefined {
    if (rule.type === TYPES.securityGroupRule) {
        if (rule.props.type !== "ingress") {
            return undefined;
        }
        return {
            where: rule.name,
            cidrs: [...knownStrings(rule.props.cidrBlocks), ...knownStrings(rule.props.ipv6CidrBlocks), ...knownStrings(rule.props.prefixListIds)],
            groups: rule.props.sourceSecurityGroupId === undefined ? [] : [{ id: rule.props.sourceSecurityGroupId, deps: depsOf(rule, "sourceSecurityGroupId") }],
        };
    }
    return {
        where: rule.name,
        cidrs: [rule.props.cidrIpv4, rule.props.cidrIpv6, rule.props.prefixListId].filter((c): c is string => typeof c === "string"),
        groups: rule.props.referencedSecurityGroupId === undefined ? [] : [{ id: rule.props.referencedSecurityGroupId, deps: depsOf(rule, "referencedSecurityGroupId") }],
    };
}

const sameGroup = (sg: Node, ref: string) => idOf(sg) === ref || sg.props.arn === ref;

export const ecsIngressFromAlbOnly: StackValidationPolicy = {
    name: "networking-ecs-ingress-from-alb-only",
    description: "Security groups of ECS services must accept traffic only from the load balancer's security group.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const groups = ofType(all, TYPES.securityGroup);
        const services = ofType(all, TYPES.ecsService);
        const albs = ofType(all, TYPES.loadBalancers);
        const taskGroups = groups.filter((sg) => services.some((svc) =>
            knownStrings(asRecord(svc.props.networkConfiguration)?.securityGroups).some((id) => sameGroup(sg, id)) ||
            depsOf(svc, "networkConfiguration").includes(sg.urn)));
        const albGroups = groups.filter((sg) => albs.some((lb) =>
            knownStrings(lb.props.securityGroups).some((id) => sameGroup(sg, id)) || depsOf(lb, "securityGroups").includes(sg.urn)));
        for (const sg of taskGroups) {
            const attached = ofType(all, TYPES.securityGroupRule, TYPES.ingressRule)
                .filter((rule) => refersTo(rule, "securityGroupId", rule.props.securityGroupId, [sg], sameGroup) === true);
            const sources = [...inlineIngress(sg), ...attached.map(attachedIngress).filter((s): s is IngressSource => s !== undefined)];
            for (const source of sources) {
                if (source.cidrs.length > 0) {
                    reportViolation(`${source.where}: security group ${sg.name} of an ECS service admits ${source.cidrs.join(", ")}; allow only the ALB's security group (ingress with securityGroups / referencedSecurityGroupId) and remove CIDR sources.`, sg.urn);
                }
                for (const group of source.groups) {
                    const ref = asString(group.id);
                    const fromAlb = ref !== undefined
                        ? albGroups.some((alb) => sameGroup(alb, ref))
                        : (albGroups.some((alb) => group.deps.includes(alb.urn)) ? true : (isUnknown(group.id) ? undefined : false));
                    if (fromAlb === false) {
                        reportViolation(`${source.where}: security group ${sg.name} of an ECS service admits security group ${ref ?? "(unknown)"}, which no load balancer uses; allow only the ALB's security group.`, sg.urn);
                    }
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
            description: "Ports that may be open to 0.0.0.0/0 or ::/0.",
        },
    },
};

interface WorldRule {
    readonly where: string;
    readonly range: PortRange;
    readonly cidrs: readonly string[];
}

function worldRules(type: string, name: string, props: Record<string, unknown>): WorldRule[] {
    if (type === TYPES.securityGroup) {
        return asList(props.ingress).flatMap((rule, i) => {
            const r = asRecord(rule) ?? {};
            const range = awsPortRange(r.protocol, r.fromPort, r.toPort);
            const cidrs = [...knownStrings(r.cidrBlocks), ...knownStrings(r.ipv6CidrBlocks)].filter(isWorld);
            return range !== undefined && cidrs.length > 0 ? [{ where: `${name} ingress[${i}]`, range, cidrs }] : [];
        });
    }
    if (type === TYPES.securityGroupRule && props.type === "ingress") {
        const range = awsPortRange(props.protocol, props.fromPort, props.toPort);
        const cidrs = [...knownStrings(props.cidrBlocks), ...knownStrings(props.ipv6CidrBlocks)].filter(isWorld);
        return range !== undefined && cidrs.length > 0 ? [{ where: name, range, cidrs }] : [];
    }
    if (type === TYPES.ingressRule) {
        const range = awsPortRange(props.ipProtocol, props.fromPort, props.toPort);
        const cidrs = [props.cidrIpv4, props.cidrIpv6].filter((c): c is string => typeof c === "string" && isWorld(c));
        return range !== undefined && cidrs.length > 0 ? [{ where: name, range, cidrs }] : [];
    }
    return [];
}

export const noWorldIngress: ResourceValidationPolicy = {
    name: "networking-no-world-ingress",
    description: "Security groups must open nothing but the allowed web ports to 0.0.0.0/0 or ::/0.",
    configSchema: allowedPortsSchema,
    validateResource: (args, reportViolation) => {
        const { allowedPorts } = settings<{ allowedPorts: number[] }>(allowedPortsSchema, args.getConfig());
        for (const rule of worldRules(args.type, args.name, { ...propsOf(args) })) {
            if (!onlyPorts(rule.range, allowedPorts)) {
                reportViolation(`${rule.where}: opens ${showRange(rule.range)} to ${rule.cidrs.join(", ")}; open only ports ${allowedPorts.join(", ")} to the internet, and anything else to a security group or a specific CIDR.`);
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
            description: "Ports never open to 0.0.0.0/0 or ::/0 on a DigitalOcean firewall.",
        },
    },
};

function inboundRules(props: Record<string, unknown>): { readonly index: number; readonly rule: Record<string, unknown>; readonly range: PortRange }[] {
    return asList(props.inboundRules).flatMap((rule, index) => {
        const r = asRecord(rule) ?? {};
        const range = doPortRange(r.portRange, r.protocol);
        return range === undefined ? [] : [{ index, rule: { ...r }, range }];
    });
}

export const doFirewallNoWorldAdminPorts: ResourceValidationPolicy = {
    name: "networking-do-firewall-no-world-admin-ports",
    description: "DigitalOcean firewalls must not open SSH or database ports to 0.0.0.0/0 or ::/0.",
    configSchema: doAdminSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.doFirewall) {
            return;
        }
        const { restrictedPorts } = settings<{ restrictedPorts: number[] }>(doAdminSchema, args.getConfig());
        for (const { index, rule, range } of inboundRules({ ...propsOf(args) })) {
            const world = knownStrings(rule.sourceAddresses).filter(isWorld);
            const ports = portsIn(range, restrictedPorts);
            if (world.length > 0 && ports.length > 0) {
                reportViolation(`${args.name} inboundRules[${index}]: opens port${ports.length > 1 ? "s" : ""} ${ports.join(", ")} to ${world.join(", ")}; allow SSH only from admin CIDRs and database ports only from tags or private addresses.`);
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

export const doFirewallAppFromLoadBalancer: ResourceValidationPolicy = {
    name: "networking-do-firewall-app-from-lb",
    description: "DigitalOcean firewalls must let application ports in only from load balancers or tags.",
    configSchema: doAppSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.doFirewall) {
            return;
        }
        const { publicPorts, adminPorts } = settings<{ publicPorts: number[]; adminPorts: number[] }>(doAppSchema, args.getConfig());
        for (const { index, rule, range } of inboundRules({ ...propsOf(args) })) {
            if (onlyPorts(range, [...publicPorts, ...adminPorts])) {
                continue;
            }
            const addresses = knownStrings(rule.sourceAddresses);
            const droplets = asList(rule.sourceDropletIds);
            if (addresses.length > 0 || droplets.length > 0) {
                const sources = [...addresses, ...droplets.map((d) => `droplet ${String(d)}`)].join(", ");
                reportViolation(`${args.name} inboundRules[${index}]: ${showRange(range)} admits ${sources}; admit application ports only from sourceLoadBalancerUids or sourceTags.`);
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

/** Whether a DigitalOcean firewall applies to a Droplet: by tag or by id, known or through dependencies; undefined when it cannot be told. */
function firewallCovers(fw: Node, droplet: Node): boolean | undefined {
    const dropletTags = knownStrings(droplet.props.tags);
    const dropletId = asString(droplet.props.id);
    const fwTags = asList(fw.props.tags);
    const fwIds = asList(fw.props.dropletIds);
    if (fwTags.some((t) => typeof t === "string" && dropletTags.includes(t))) {
        return true;
    }
    if (dropletId !== undefined && fwIds.some((id) => (typeof id === "string" || typeof id === "number") && String(id) === dropletId)) {
        return true;
    }
    if (depsOf(fw, "dropletIds").includes(droplet.urn) || depsOf(fw, "tags").some((urn) => depsOf(droplet, "tags").includes(urn))) {
        return true;
    }
    const unknown = isUnknown(fw.props.tags) || isUnknown(fw.props.dropletIds) || fwTags.some(isUnknown) || fwIds.some(isUnknown);
    return unknown ? undefined : false;
}

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

export const databaseNotPublic: StackValidationPolicy = {
    name: "networking-database-not-public",
    description: "Databases and caches must not be reachable from the internet.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        for (const db of ofType(all, TYPES.rdsInstance, TYPES.rdsClusterInstance)) {
            if (db.props.publiclyAccessible === true) {
                reportViolation(`${db.name}: publiclyAccessible is true; set it to false and reach the database from the private subnets.`, db.urn);
            }
        }
        const firewalls = ofType(all, TYPES.doDatabaseFirewall);
        for (const cluster of ofType(all, TYPES.doDatabaseCluster)) {
            const guarded = firewalls.some((fw) => refersTo(fw, "clusterId", fw.props.clusterId, [cluster], (c, ref) => idOf(c) === ref) !== false);
            if (!guarded) {
                reportViolation(`${cluster.name}: no digitalocean.DatabaseFirewall restricts this cluster, so any address may connect; add one that admits only the app's Droplet tag or Droplets.`, cluster.urn);
            }
        }
    },
};
