// Who can reach what: ONE model of the stack's network, built once per stack
// from every way an address range is admitted, that the networking rules ask
// questions of. A new resource kind is added here once (as a filter, a
// grant, or an endpoint) and every rule sees it.
//
// - Filters hold grants (who may connect to which ports): AWS security groups
//   (inline ingress, aws.ec2.SecurityGroupRule, aws.vpc.SecurityGroupIngressRule,
//   the VPC's default group, aws.ec2.DefaultSecurityGroup), network ACLs
//   (inline and aws.ec2.NetworkAclRule, ordered allow/deny), DigitalOcean
//   firewalls, DigitalOcean database firewalls (trusted sources), a
//   DigitalOcean load balancer's own firewall. Sources are address sets
//   (CIDRs, prefix lists resolved to their entries), groups (another
//   security group, a tag, a Droplet, a load balancer) or unknown.
// - Endpoints are what a connection reaches: workloads (ECS services,
//   scheduled or event-driven Fargate tasks, EC2 instances and launch
//   templates, Droplets), load balancers (ALB/NLB/GWLB, classic ELB,
//   DigitalOcean), databases (RDS, Aurora, Redshift, DMS replication
//   instances, DigitalOcean clusters), search domains and function URLs.
//   Each says whether it has a publicly routable address, which filters
//   guard it, which ports it serves and, for a load balancer, where each
//   listener forwards.
// - Questions: which ports of an endpoint public address space reaches
//   (publicExposure), which grants of a filter admit it (internetGrants,
//   whether or not anything is attached yet), and whether a workload behind a
//   load balancer is reachable around it (bypasses).
//
// Unknown values (preview) are never guessed: an endpoint whose filters or
// address are unknown is not reported.
import type { PolicyResource } from "@pulumi/policy";
import { AddressSet, InternetThreshold, PortSet, describePublic, isInternet } from "./addresses";
import { Node, TYPES, depsOf, idOf, nodes, ofType } from "./stack";
import { Props, asList, asNumber, asRecord, asString, isUnknown, knownStrings, parseJson } from "./values";

export type Source =
    | { readonly kind: "addresses"; readonly set: AddressSet; readonly written: readonly string[] }
    | { readonly kind: "group"; readonly what: string; readonly ref: unknown; readonly deps: readonly string[] }
    | { readonly kind: "unknown"; readonly written: string };

/** One admission: a rule of a filter letting a source in on some ports. */
export interface Grant {
    /** The filter it belongs to (a security group, a firewall...), by key: see filterKey. */
    readonly filter: string;
    /** The resource the rule is written in (the group itself, or a separate rule resource). */
    readonly rule: Node;
    /** Where the rule sits, for messages: "alb-sg ingress[0]", "task-in". */
    readonly where: string;
    readonly ports: PortSet;
    readonly source: Source;
}

export type EndpointKind = "workload" | "loadBalancer" | "database" | "search" | "function" | "messaging";

export interface Forward {
    /** Listener (entry) ports. */
    readonly entry: PortSet;
    /** Ports on the targets; undefined when the target port is not known. */
    readonly target: PortSet | undefined;
    readonly where: string;
}

export interface Endpoint {
    readonly node: Node;
    readonly kind: EndpointKind;
    /** "ECS service web", "RDS instance db", for messages. */
    readonly label: string;
    /** Why it has a publicly routable address; undefined when it has none; "unknown" at preview. */
    readonly publicAddress: string | undefined | "unknown";
    /** Keys of the filters guarding it; "none" when nothing filters it; "unknown" when they cannot be told. */
    readonly filters: readonly string[] | "none" | "unknown";
    /** Ports it serves. */
    readonly listens: PortSet;
    /** A load balancer's listeners. */
    readonly forwards: readonly Forward[];
    /** Subnet ids it runs in (for network ACLs), when known. */
    readonly subnets: readonly string[];
}

export interface Model {
    readonly all: readonly Node[];
    readonly endpoints: readonly Endpoint[];
    /** Grants by filter key. */
    readonly grants: ReadonlyMap<string, readonly Grant[]>;
    /** Filter keys to the resource holding them, when it is in the stack. */
    readonly filterNodes: ReadonlyMap<string, Node>;
    /** Network ACL key to its ordered entries, and the subnets each applies to. */
    readonly acls: readonly NetworkAcl[];
}

// ---------------------------------------------------------------------------
// Ports and protocols

const ALL = PortSet.ALL;

/** Ports a rule admits for TCP/UDP: protocol "-1"/"all" is every port; ICMP admits no port. */
export function rulePorts(protocol: unknown, fromPort: unknown, toPort: unknown): PortSet | undefined {
    const proto = String(protocol ?? "").toLowerCase();
    if (proto === "-1" || proto === "all") {
        return ALL;
    }
    if (proto === "icmp" || proto === "1" || proto === "icmpv6" || proto === "58") {
        return PortSet.EMPTY;
    }
    const from = asNumber(fromPort);
    const to = asNumber(toPort);
    if (from === undefined || to === undefined) {
        return undefined;
    }
    // AWS writes "every port" of TCP/UDP as 0-65535 (or -1 with protocol -1, handled above).
    return PortSet.of([{ from: Math.max(0, from), to: Math.min(65535, to < 0 ? 65535 : to) }]);
}

/** DigitalOcean portRange: "22", "8000-9000", "all", "" or "0" (every port, TCP/UDP); ICMP has none. */
export function doRulePorts(portRange: unknown, protocol: unknown): PortSet | undefined {
    if (String(protocol ?? "").toLowerCase() === "icmp") {
        return PortSet.EMPTY;
    }
    const text = typeof portRange === "number" ? String(portRange) : typeof portRange === "string" ? portRange.trim().toLowerCase() : "";
    if (text === "" || text === "all" || text === "0") {
        return PortSet.of([{ from: 1, to: 65535 }]);
    }
    const match = /^(\d+)(?:-(\d+))?$/.exec(text);
    return match === null ? undefined : PortSet.of([{ from: Number(match[1]), to: Number(match[2] ?? match[1]) }]);
}

const port = (p: number) => PortSet.of([{ from: p, to: p }]);

// ---------------------------------------------------------------------------
// Sources

function addresses(written: readonly string[]): Source {
    return { kind: "addresses", set: AddressSet.of(written), written };
}

/** A managed prefix list's addresses, from the list's inline entries and entry resources; unknown when not in the stack. */
function prefixListSource(all: readonly Node[], id: unknown, deps: readonly string[]): Source {
    const lists = ofType(all, TYPES.prefixList);
    const list = lists.find((l) => (typeof id === "string" && (idOf(l) === id || l.props.arn === id)) || deps.includes(l.urn));
    if (list === undefined) {
        return { kind: "unknown", written: `prefix list ${typeof id === "string" ? id : "(unknown)"}` };
    }
    const listId = idOf(list);
    const cidrs = [
        ...asList(list.props.entries).map((e) => asString(asRecord(e)?.cidr)),
        ...ofType(all, TYPES.prefixListEntry)
            .filter((e) => (listId !== undefined && e.props.prefixListId === listId) || depsOf(e, "prefixListId").includes(list.urn))
            .map((e) => asString(e.props.cidr)),
    ].filter((c): c is string => c !== undefined);
    if (isUnknown(list.props.entries)) {
        return { kind: "unknown", written: `prefix list ${list.name}` };
    }
    return { kind: "addresses", set: AddressSet.of(cidrs), written: [`prefix list ${list.name} (${cidrs.join(", ") || "empty"})`] };
}

// ---------------------------------------------------------------------------
// Filters: AWS security groups

/** The key of an AWS security group filter: its URN when in the stack, else "sg:<id>". */
export function filterKey(node: Node | undefined, id?: string): string {
    return node !== undefined ? node.urn : `sg:${id ?? "(unknown)"}`;
}

const sameGroup = (sg: Node, ref: string) => idOf(sg) === ref || sg.props.arn === ref || asString(sg.props.name) === ref;

function findGroup(all: readonly Node[], ref: unknown, deps: readonly string[]): Node | undefined {
    const groups = ofType(all, TYPES.securityGroup, TYPES.defaultSecurityGroup);
    return groups.find((sg) => (typeof ref === "string" && sameGroup(sg, ref)) || deps.includes(sg.urn));
}

function groupSources(all: readonly Node[], rule: Props, holder: Node, depKey: string): Source[] {
    const sources: Source[] = [];
    const cidrs = [...knownStrings(rule.cidrBlocks), ...knownStrings(rule.ipv6CidrBlocks)];
    if (cidrs.length > 0) {
        sources.push(addresses(cidrs));
    }
    for (const pl of asList(rule.prefixListIds)) {
        sources.push(prefixListSource(all, pl, depsOf(holder, depKey)));
    }
    for (const sg of asList(rule.securityGroups)) {
        sources.push({ kind: "group", what: "security group", ref: sg, deps: depsOf(holder, depKey) });
    }
    if (rule.self === true) {
        sources.push({ kind: "group", what: "security group", ref: idOf(holder) ?? holder.urn, deps: [holder.urn] });
    }
    return sources;
}

function securityGroupGrants(all: readonly Node[]): Map<string, Grant[]> {
    const grants = new Map<string, Grant[]>();
    const add = (key: string, grant: Grant) => grants.set(key, [...(grants.get(key) ?? []), grant]);
    for (const sg of ofType(all, TYPES.securityGroup, TYPES.defaultSecurityGroup)) {
        grants.set(sg.urn, grants.get(sg.urn) ?? []);
        asList(sg.props.ingress).forEach((raw, i) => {
            const r = asRecord(raw);
            const ports = r === undefined ? undefined : rulePorts(r.protocol, r.fromPort, r.toPort);
            if (r === undefined || ports === undefined) {
                return;
            }
            for (const source of groupSources(all, r, sg, "ingress")) {
                add(sg.urn, { filter: sg.urn, rule: sg, where: `${sg.name} ingress[${i}]`, ports, source });
            }
        });
    }
    const attachedTo = (rule: Node): string => {
        const id = rule.props.securityGroupId;
        const group = findGroup(all, id, depsOf(rule, "securityGroupId"));
        return filterKey(group, asString(id));
    };
    for (const rule of ofType(all, TYPES.securityGroupRule)) {
        if (rule.props.type !== "ingress") {
            continue;
        }
        const ports = rulePorts(rule.props.protocol, rule.props.fromPort, rule.props.toPort);
        if (ports === undefined) {
            continue;
        }
        const key = attachedTo(rule);
        const sources = groupSources(all, { ...rule.props, securityGroups: [] }, rule, "cidrBlocks");
        if (rule.props.sourceSecurityGroupId !== undefined) {
            sources.push({ kind: "group", what: "security group", ref: rule.props.sourceSecurityGroupId, deps: depsOf(rule, "sourceSecurityGroupId") });
        }
        sources.forEach((source) => add(key, { filter: key, rule, where: rule.name, ports, source }));
    }
    for (const rule of ofType(all, TYPES.ingressRule)) {
        const ports = rulePorts(rule.props.ipProtocol, rule.props.fromPort, rule.props.toPort);
        if (ports === undefined) {
            continue;
        }
        const key = attachedTo(rule);
        const cidrs = [rule.props.cidrIpv4, rule.props.cidrIpv6].filter((c): c is string => typeof c === "string");
        const sources: Source[] = cidrs.length > 0 ? [addresses(cidrs)] : [];
        if (rule.props.prefixListId !== undefined) {
            sources.push(prefixListSource(all, rule.props.prefixListId, depsOf(rule, "prefixListId")));
        }
        if (rule.props.referencedSecurityGroupId !== undefined) {
            sources.push({ kind: "group", what: "security group", ref: rule.props.referencedSecurityGroupId, deps: depsOf(rule, "referencedSecurityGroupId") });
        }
        sources.forEach((source) => add(key, { filter: key, rule, where: rule.name, ports, source }));
    }
    return grants;
}

/** The filters named by a list of security group ids; the VPC's default group when the list is empty. */
function groupFilters(all: readonly Node[], holder: Node, key: string, value: unknown): readonly string[] | "unknown" {
    if (isUnknown(value) || asList(value).some(isUnknown)) {
        const deps = depsOf(holder, key);
        const known = ofType(all, TYPES.securityGroup).filter((sg) => deps.includes(sg.urn));
        return known.length > 0 ? known.map((sg) => sg.urn) : "unknown";
    }
    const ids = knownStrings(value);
    if (ids.length === 0) {
        return [defaultGroupKey(all)];
    }
    return ids.map((id) => filterKey(findGroup(all, id, []), id));
}

/**
 * The VPC's default security group. Its rules are the stack's
 * aws.ec2.DefaultSecurityGroup when there is one; otherwise AWS's default:
 * inbound only from members of the group itself (Amazon VPC User Guide,
 * "Default security groups for your VPCs").
 */
function defaultGroupKey(all: readonly Node[]): string {
    const managed = ofType(all, TYPES.defaultSecurityGroup)[0];
    return managed?.urn ?? "sg:default";
}

// ---------------------------------------------------------------------------
// Filters: DigitalOcean firewalls, database firewalls

function doFirewallGrants(fw: Node): Grant[] {
    return asList(fw.props.inboundRules).flatMap((raw, i): Grant[] => {
        const r = asRecord(raw);
        const ports = r === undefined ? undefined : doRulePorts(r.portRange, r.protocol);
        if (r === undefined || ports === undefined) {
            return [];
        }
        const where = `${fw.name} inboundRules[${i}]`;
        const sources: Source[] = [];
        const cidrs = knownStrings(r.sourceAddresses);
        if (cidrs.length > 0) {
            sources.push(addresses(cidrs));
        }
        for (const [key, what] of [["sourceTags", "tag"], ["sourceDropletIds", "Droplet"], ["sourceLoadBalancerUids", "load balancer"], ["sourceKubernetesIds", "Kubernetes cluster"]] as const) {
            for (const ref of asList(r[key])) {
                sources.push({ kind: "group", what, ref, deps: depsOf(fw, "inboundRules") });
            }
        }
        return sources.map((source) => ({ filter: fw.urn, rule: fw, where, ports, source }));
    });
}

/** Whether a DigitalOcean firewall applies to a Droplet: by tag or id, known or through dependencies; undefined when unknown. */
export function firewallCovers(fw: Node, droplet: Node): boolean | undefined {
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

// ---------------------------------------------------------------------------
// Network ACLs: stateless, ordered by rule number, first match decides.

export interface AclEntry {
    readonly number: number;
    readonly allow: boolean;
    readonly ports: PortSet;
    readonly set: AddressSet;
    readonly written: string;
    readonly where: string;
    readonly rule: Node;
}

export interface NetworkAcl {
    readonly node: Node;
    readonly entries: readonly AclEntry[];
    readonly subnets: readonly string[];
}

function aclEntry(raw: Props, where: string, rule: Node, numberKey: string, actionKey: string): AclEntry | undefined {
    const ports = rulePorts(raw.protocol, raw.fromPort, raw.toPort);
    const n = asNumber(raw[numberKey]);
    const cidr = asString(raw.cidrBlock) ?? asString(raw.ipv6CidrBlock);
    if (ports === undefined || n === undefined || cidr === undefined) {
        return undefined;
    }
    return { number: n, allow: String(raw[actionKey]).toLowerCase() === "allow", ports, set: AddressSet.of([cidr]), written: cidr, where, rule };
}

function networkAcls(all: readonly Node[]): NetworkAcl[] {
    const acls = ofType(all, TYPES.networkAcl, TYPES.defaultNetworkAcl);
    const result = acls.map((acl) => {
        const entries = asList(acl.props.ingress).map((raw, i) => aclEntry(asRecord(raw) ?? {}, `${acl.name} ingress[${i}]`, acl, "ruleNo", "action"));
        const id = idOf(acl);
        const separate = ofType(all, TYPES.networkAclRule)
            .filter((r) => r.props.egress !== true && ((id !== undefined && r.props.networkAclId === id) || depsOf(r, "networkAclId").includes(acl.urn)))
            .map((r) => aclEntry(r.props, r.name, r, "ruleNumber", "ruleAction"));
        const associated = ofType(all, TYPES.networkAclAssociation)
            .filter((a) => (id !== undefined && a.props.networkAclId === id) || depsOf(a, "networkAclId").includes(acl.urn))
            .map((a) => asString(a.props.subnetId)).filter((s): s is string => s !== undefined);
        return {
            node: acl,
            entries: [...entries, ...separate].filter((e): e is AclEntry => e !== undefined).sort((a, b) => a.number - b.number),
            subnets: [...knownStrings(acl.props.subnetIds), ...associated],
        };
    });
    // Rules whose ACL is not in the stack: an ACL of their own, applying to no known subnet.
    const orphans = ofType(all, TYPES.networkAclRule).filter((r) => r.props.egress !== true && !result.some((a) => a.entries.some((e) => e.rule === r)));
    for (const r of orphans) {
        const e = aclEntry(r.props, r.name, r, "ruleNumber", "ruleAction");
        if (e !== undefined) {
            result.push({ node: r, entries: [e], subnets: [] });
        }
    }
    return result;
}

/**
 * What an ACL lets in from `from` on each port: the union over its entries,
 * in rule order, of the addresses not already decided by an earlier entry.
 * Returns the ports on which some address of `from` that counts as the
 * internet is allowed, with the first entry that allows it.
 */
export function aclInternetPorts(acl: NetworkAcl, from: AddressSet, threshold: InternetThreshold): { readonly ports: PortSet; readonly entry: AclEntry }[] {
    // Split the port space at every entry boundary, so each piece is decided uniformly.
    const cuts = new Set<number>([0, 65536]);
    for (const e of acl.entries) {
        for (const r of e.ports.ranges()) {
            cuts.add(r.from);
            cuts.add(r.to + 1);
        }
    }
    const points = [...cuts].sort((a, b) => a - b);
    const found: { ports: PortSet; entry: AclEntry }[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
        const piece = PortSet.of([{ from: points[i], to: points[i + 1] - 1 }]);
        let decided = AddressSet.EMPTY;
        let allowed = AddressSet.EMPTY;
        let first: AclEntry | undefined;
        for (const e of acl.entries.filter((x) => !x.ports.intersect(piece).isEmpty())) {
            const fresh = e.set.subtract(decided);
            if (e.allow && !fresh.isEmpty()) {
                allowed = allowed.union(fresh);
                if (first === undefined && isInternet(allowed.intersect(from), threshold)) {
                    first = e;
                }
            }
            decided = decided.union(e.set);
        }
        if (first !== undefined) {
            const last = found[found.length - 1];
            if (last !== undefined && last.entry === first) {
                found[found.length - 1] = { ports: last.ports.union(piece), entry: first };
            } else {
                found.push({ ports: piece, entry: first });
            }
        }
    }
    return found;
}

// ---------------------------------------------------------------------------
// Endpoints

/** Default ports of database engines (RDS CreateDBInstance Port, Redshift, DigitalOcean managed databases). */
function enginePort(engine: string | undefined): number | undefined {
    const e = (engine ?? "").toLowerCase();
    if (/postgres/.test(e) || e === "pg") {
        return 5432;
    }
    if (/mysql|mariadb/.test(e)) {
        return 3306;
    }
    if (/oracle/.test(e)) {
        return 1521;
    }
    if (/sqlserver/.test(e)) {
        return 1433;
    }
    return undefined;
}

function listensOn(value: unknown, fallback: number | undefined): PortSet {
    const p = asNumber(value) ?? fallback;
    return p === undefined ? ALL : port(p);
}

function publicFlag(value: unknown, reason: string): string | undefined | "unknown" {
    return isUnknown(value) ? "unknown" : value === true || value === "true" || value === "ENABLED" ? reason : undefined;
}

function subnetsOf(value: unknown): string[] {
    return knownStrings(value);
}

/** ECS awsvpc network configuration (services, scheduled and event-driven tasks). */
function taskNetwork(all: readonly Node[], node: Node, key: string, raw: unknown, label: string): Endpoint | undefined {
    if (isUnknown(raw)) {
        return { node, kind: "workload", label, publicAddress: "unknown", filters: groupFilters(all, node, key, raw), listens: ALL, forwards: [], subnets: [] };
    }
    const network = asRecord(raw);
    if (network === undefined) {
        return undefined;
    }
    return {
        node, kind: "workload", label,
        publicAddress: publicFlag(network.assignPublicIp, "networkConfiguration.assignPublicIp gives each task a public IP"),
        filters: groupFilters(all, node, key, network.securityGroups),
        listens: ALL, forwards: [], subnets: subnetsOf(network.subnets),
    };
}

function subnetMapsPublic(all: readonly Node[], subnetId: string | undefined): boolean {
    return subnetId !== undefined && ofType(all, TYPES.subnet).some((s) => idOf(s) === subnetId && s.props.mapPublicIpOnLaunch === true);
}

function instanceEndpoint(all: readonly Node[], node: Node): Endpoint {
    const p = node.props;
    const id = idOf(node);
    const eip = ofType(all, TYPES.eip, TYPES.eipAssociation).find((e) => (id !== undefined && e.props.instance === id) || depsOf(e, "instance").includes(node.urn) || depsOf(e, "instanceId").includes(node.urn) || (id !== undefined && e.props.instanceId === id));
    const subnet = asString(p.subnetId);
    const publicAddress = eip !== undefined ? `Elastic IP ${eip.name} is attached`
        : p.associatePublicIpAddress === true ? "associatePublicIpAddress gives it a public IP"
            : p.associatePublicIpAddress === undefined && subnetMapsPublic(all, subnet) ? `its subnet ${subnet} maps a public IP on launch`
                : isUnknown(p.associatePublicIpAddress) ? "unknown" : undefined;
    const groups = [...asList(p.vpcSecurityGroupIds), ...asList(p.securityGroups)];
    return {
        node, kind: "workload", label: `EC2 instance ${node.name}`, publicAddress,
        filters: groupFilters(all, node, "vpcSecurityGroupIds", groups.some(isUnknown) ? groups.find(isUnknown) : groups),
        listens: ALL, forwards: [], subnets: subnet === undefined ? [] : [subnet],
    };
}

function launchTemplateEndpoint(all: readonly Node[], node: Node): Endpoint | undefined {
    const nics = asList(node.props.networkInterfaces).map((n) => asRecord(n) ?? {});
    const publicNic = nics.find((n) => n.associatePublicIpAddress === true || n.associatePublicIpAddress === "true");
    if (publicNic === undefined) {
        return undefined;
    }
    const groups = [...asList(publicNic.securityGroups), ...asList(node.props.vpcSecurityGroupIds)];
    return {
        node, kind: "workload", label: `launch template ${node.name}`,
        publicAddress: "networkInterfaces.associatePublicIpAddress gives each instance a public IP",
        filters: groupFilters(all, node, "networkInterfaces", groups), listens: ALL, forwards: [],
        subnets: knownStrings([publicNic.subnetId]),
    };
}

/** Target groups by ARN or dependency. */
function targetGroup(all: readonly Node[], holder: Node, key: string, arn: unknown): Node | undefined {
    return ofType(all, TYPES.targetGroups).find((tg) => (typeof arn === "string" && tg.props.arn === arn) || depsOf(holder, key).includes(tg.urn));
}

/** The target groups an action list forwards to (forward.targetGroups or targetGroupArn). */
export function forwardedGroups(action: Props): { readonly arn: unknown; readonly weight: number | undefined }[] {
    const forward = asRecord(action.forward);
    if (forward !== undefined && asList(forward.targetGroups).length > 0) {
        return asList(forward.targetGroups).map((t) => ({ arn: asRecord(t)?.arn, weight: asNumber(asRecord(t)?.weight) }));
    }
    return action.targetGroupArn !== undefined ? [{ arn: action.targetGroupArn, weight: undefined }] : [];
}

function elbv2Endpoint(all: readonly Node[], lb: Node): Endpoint {
    const p = lb.props;
    const arn = asString(p.arn);
    const listeners = ofType(all, TYPES.listeners).filter((l) => (arn !== undefined && l.props.loadBalancerArn === arn) || depsOf(l, "loadBalancerArn").includes(lb.urn));
    const forwards: Forward[] = listeners.flatMap((l) => {
        const entry = asNumber(l.props.port);
        if (entry === undefined) {
            return [];
        }
        const rules = ofType(all, TYPES.listenerRules).filter((r) => (typeof r.props.listenerArn === "string" && r.props.listenerArn === l.props.arn) || depsOf(r, "listenerArn").includes(l.urn));
        const actions = [...asList(l.props.defaultActions).map((a) => ({ a: asRecord(a) ?? {}, holder: l, key: "defaultActions" })),
            ...rules.flatMap((r) => asList(r.props.actions).map((a) => ({ a: asRecord(a) ?? {}, holder: r, key: "actions" })))];
        const targets = actions.flatMap(({ a, holder, key }) => forwardedGroups(a).map((g) => targetGroup(all, holder, key, g.arn)));
        const targetPorts = targets.map((tg) => asNumber(tg?.props.port));
        const known = targetPorts.filter((x): x is number => x !== undefined);
        return [{ entry: port(entry), target: known.length > 0 ? PortSet.of(known.map((x) => ({ from: x, to: x }))) : (targets.length === 0 ? PortSet.EMPTY : undefined), where: l.name }];
    });
    const type = asString(p.loadBalancerType) ?? "application";
    const groups = p.securityGroups;
    // An NLB or GWLB created without security groups filters nothing: clients reach the listeners (ELB User Guide for NLB, "Security groups").
    const filters = (isUnknown(groups) ? "unknown" : asList(groups).length === 0 && type !== "application" ? "none" : groupFilters(all, lb, "securityGroups", groups));
    return {
        node: lb, kind: "loadBalancer", label: `${type === "application" ? "ALB" : type === "network" ? "NLB" : "GWLB"} ${lb.name}`,
        publicAddress: isUnknown(p.internal) ? "unknown" : p.internal === true ? undefined : "it is internet-facing (internal is not true)",
        filters, listens: PortSet.of(forwards.flatMap((f) => f.entry.ranges())), forwards, subnets: knownStrings(p.subnets),
    };
}

function classicEndpoint(all: readonly Node[], lb: Node): Endpoint {
    const forwards: Forward[] = asList(lb.props.listeners).flatMap((raw, i) => {
        const r = asRecord(raw) ?? {};
        const entry = asNumber(r.lbPort);
        const target = asNumber(r.instancePort);
        return entry === undefined ? [] : [{ entry: port(entry), target: target === undefined ? undefined : port(target), where: `${lb.name} listeners[${i}]` }];
    });
    // A classic ELB in a VPC without securityGroups gets a default group open to its listener ports from anywhere (ELB Classic User Guide, "Security groups for load balancers in a VPC").
    const groups = lb.props.securityGroups;
    return {
        node: lb, kind: "loadBalancer", label: `classic ELB ${lb.name}`,
        publicAddress: isUnknown(lb.props.internal) ? "unknown" : lb.props.internal === true ? undefined : "it is internet-facing (internal is not true)",
        filters: isUnknown(groups) ? "unknown" : asList(groups).length === 0 ? "none" : groupFilters(all, lb, "securityGroups", groups),
        listens: PortSet.of(forwards.flatMap((f) => f.entry.ranges())), forwards, subnets: knownStrings(lb.props.subnets),
    };
}

function doLoadBalancerEndpoint(lb: Node): Endpoint {
    const forwards: Forward[] = asList(lb.props.forwardingRules).flatMap((raw, i) => {
        const r = asRecord(raw) ?? {};
        const entry = asNumber(r.entryPort);
        const target = asNumber(r.targetPort);
        return entry === undefined ? [] : [{ entry: port(entry), target: target === undefined ? undefined : port(target), where: `${lb.name} forwardingRules[${i}]` }];
    });
    const allows = knownStrings(asRecord(lb.props.firewall)?.allows);
    return {
        node: lb, kind: "loadBalancer", label: `DigitalOcean load balancer ${lb.name}`,
        publicAddress: lb.props.network === "INTERNAL" ? undefined : "DigitalOcean load balancers are public unless network is INTERNAL",
        filters: allows.length > 0 ? [lb.urn] : "none", listens: PortSet.of(forwards.flatMap((f) => f.entry.ranges())), forwards, subnets: [],
    };
}

/** "ip:203.0.113.7" / "cidr:10.0.0.0/8" of a DigitalOcean load balancer firewall. */
function doLbFirewallGrants(lb: Node): Grant[] {
    const cidrs = knownStrings(asRecord(lb.props.firewall)?.allows).map((a) => a.replace(/^(ip|cidr):/, ""));
    return cidrs.length === 0 ? [] : [{ filter: lb.urn, rule: lb, where: `${lb.name} firewall.allows`, ports: ALL, source: addresses(cidrs) }];
}

function dropletEndpoint(all: readonly Node[], droplet: Node): Endpoint {
    const covering = ofType(all, TYPES.doFirewall).map((fw) => ({ fw, covers: firewallCovers(fw, droplet) }));
    const filters = covering.some((c) => c.covers === undefined) ? "unknown" : covering.filter((c) => c.covers === true).map((c) => c.fw.urn);
    return {
        node: droplet, kind: "workload", label: `Droplet ${droplet.name}`,
        publicAddress: "every Droplet has a public IPv4 address",
        filters: Array.isArray(filters) && filters.length === 0 ? "none" : filters, listens: ALL, forwards: [], subnets: [],
    };
}

function doDatabaseEndpoint(all: readonly Node[], cluster: Node): Endpoint {
    const guards = ofType(all, TYPES.doDatabaseFirewall).filter((fw) => {
        const ref = asString(fw.props.clusterId);
        return (ref !== undefined && idOf(cluster) === ref) || depsOf(fw, "clusterId").includes(cluster.urn) || (ref === undefined && isUnknown(fw.props.clusterId));
    });
    return {
        node: cluster, kind: "database", label: `DigitalOcean database cluster ${cluster.name}`,
        publicAddress: "DigitalOcean managed databases have a public hostname",
        filters: guards.length === 0 ? "none" : guards.map((g) => g.urn), listens: listensOn(cluster.props.port, undefined), forwards: [], subnets: [],
    };
}

function doDatabaseGrants(fw: Node): Grant[] {
    return asList(fw.props.rules).flatMap((raw, i): Grant[] => {
        const r = asRecord(raw) ?? {};
        const where = `${fw.name} rules[${i}]`;
        const value = asString(r.value);
        if (isUnknown(r.value) || isUnknown(r.type)) {
            return [{ filter: fw.urn, rule: fw, where, ports: ALL, source: { kind: "unknown", written: "(unknown)" } }];
        }
        if (r.type === "ip_addr" && value !== undefined) {
            return [{ filter: fw.urn, rule: fw, where, ports: ALL, source: addresses([value]) }];
        }
        return [{ filter: fw.urn, rule: fw, where, ports: ALL, source: { kind: "group", what: String(r.type), ref: value, deps: [] } }];
    });
}

/** Managed databases that a program can make public: RDS/Aurora instances, Redshift clusters, DMS replication instances. */
function managedDatabase(all: readonly Node[], node: Node): Endpoint | undefined {
    const p = node.props;
    if (node.type === TYPES.rdsInstance) {
        return { node, kind: "database", label: `RDS instance ${node.name}`, publicAddress: publicFlag(p.publiclyAccessible, "publiclyAccessible is true"),
            filters: groupFilters(all, node, "vpcSecurityGroupIds", p.vpcSecurityGroupIds), listens: listensOn(p.port, enginePort(asString(p.engine))), forwards: [], subnets: [] };
    }
    if (node.type === TYPES.rdsClusterInstance) {
        const cluster = ofType(all, TYPES.rdsCluster).find((c) => (typeof p.clusterIdentifier === "string" && c.props.clusterIdentifier === p.clusterIdentifier) || depsOf(node, "clusterIdentifier").includes(c.urn));
        return { node, kind: "database", label: `Aurora instance ${node.name}`, publicAddress: publicFlag(p.publiclyAccessible, "publiclyAccessible is true"),
            filters: cluster === undefined ? [defaultGroupKey(all)] : groupFilters(all, cluster, "vpcSecurityGroupIds", cluster.props.vpcSecurityGroupIds),
            listens: listensOn(cluster?.props.port, enginePort(asString(p.engine))), forwards: [], subnets: [] };
    }
    if (node.type === TYPES.redshiftCluster) {
        return { node, kind: "database", label: `Redshift cluster ${node.name}`, publicAddress: publicFlag(p.publiclyAccessible, "publiclyAccessible is true"),
            filters: groupFilters(all, node, "vpcSecurityGroupIds", p.vpcSecurityGroupIds), listens: listensOn(p.port, 5439), forwards: [], subnets: [] };
    }
    if (node.type === TYPES.dmsReplicationInstance) {
        return { node, kind: "database", label: `DMS replication instance ${node.name}`, publicAddress: publicFlag(p.publiclyAccessible, "publiclyAccessible is true"),
            filters: groupFilters(all, node, "vpcSecurityGroupIds", p.vpcSecurityGroupIds), listens: ALL, forwards: [], subnets: [] };
    }
    return undefined;
}

/** Whether an IAM-style policy lets anyone ("*") in without a condition that names who. */
export function openToAnyone(policy: unknown): boolean | undefined {
    if (isUnknown(policy)) {
        return undefined;
    }
    const doc = asRecord(parseJson(policy));
    if (doc === undefined) {
        return false;
    }
    return [doc.Statement ?? []].flat().some((raw) => {
        const s = asRecord(raw) ?? {};
        return s.Effect === "Allow" && anyonePrincipal(s.Principal) && !restrictsCaller(s.Condition);
    });
}

export function anyonePrincipal(principal: unknown): boolean {
    if (principal === "*") {
        return true;
    }
    const p = asRecord(principal);
    return p !== undefined && [p.AWS].flat().some((v) => v === "*");
}

/** Condition keys that pin who or where the caller is (so "*" is not everyone). */
const CALLER_KEYS = /^(aws:(sourceip|sourcevpce?|sourcearn|sourceaccount|sourceowner|principalorgid|principalaccount|principalarn|principalorgpaths|userid|username|calledvia)|kms:calleraccount|kms:viaservice)$/i;

export function restrictsCaller(condition: unknown): boolean {
    const c = asRecord(condition);
    if (c === undefined) {
        return false;
    }
    return Object.values(c).some((block) => Object.keys(asRecord(block) ?? {}).some((k) => CALLER_KEYS.test(k)));
}

function searchEndpoint(node: Node): Endpoint {
    const p = node.props;
    const inVpc = asRecord(p.vpcOptions) !== undefined && asList(asRecord(p.vpcOptions)?.subnetIds).length > 0;
    const open = openToAnyone(p.accessPolicies);
    return {
        node, kind: "search", label: `search domain ${node.name}`,
        publicAddress: isUnknown(p.vpcOptions) ? "unknown" : inVpc ? undefined : "it has no vpcOptions, so its endpoint is public",
        filters: open === undefined ? "unknown" : open ? "none" : [node.urn], listens: port(443), forwards: [], subnets: [],
    };
}

function functionUrlEndpoint(node: Node): Endpoint {
    const auth = node.props.authorizationType;
    return {
        node, kind: "function", label: `Lambda function URL ${node.name}`,
        publicAddress: "function URLs are public HTTPS endpoints",
        filters: isUnknown(auth) ? "unknown" : auth === "NONE" ? "none" : [node.urn], listens: port(443), forwards: [], subnets: [],
    };
}

/**
 * SQS queues and SNS topics: their HTTPS API is public, so their resource
 * policy is the only filter; a policy (inline, or a QueuePolicy/TopicPolicy
 * resource) that lets any principal in without a condition on the caller
 * opens them to every AWS account (CIS AWS Foundations 2.21, AWS Config
 * sqs-queue-no-public-access).
 */
function messagingEndpoint(all: readonly Node[], node: Node): Endpoint {
    const isQueue = node.type === TYPES.sqsQueue;
    const url = asString(node.props.url) ?? asString(node.props.id);
    const arn = asString(node.props.arn);
    const attached = ofType(all, isQueue ? TYPES.sqsQueuePolicy : TYPES.snsTopicPolicy).filter((p) => {
        const ref = isQueue ? p.props.queueUrl : p.props.arn;
        return (typeof ref === "string" && (ref === url || ref === arn)) || depsOf(p, isQueue ? "queueUrl" : "arn").includes(node.urn);
    });
    const verdicts = [node.props.policy, ...attached.map((p) => p.props.policy)].filter((p) => p !== undefined).map(openToAnyone);
    return {
        node, kind: "messaging", label: `${isQueue ? "SQS queue" : "SNS topic"} ${node.name}`,
        publicAddress: "its API endpoint is public",
        filters: verdicts.some((v) => v === true) ? "none" : verdicts.some((v) => v === undefined) ? "unknown" : [node.urn], listens: port(443), forwards: [], subnets: [],
    };
}

/** EventBridge Scheduler schedules and EventBridge rule targets that run Fargate tasks. */
function scheduledTask(all: readonly Node[], node: Node): Endpoint | undefined {
    const ecs = node.type === TYPES.schedulerSchedule ? asRecord(asRecord(node.props.target)?.ecsParameters) : asRecord(node.props.ecsTarget);
    return taskNetwork(all, node, node.type === TYPES.schedulerSchedule ? "target" : "ecsTarget", ecs?.networkConfiguration, `scheduled ECS task ${node.name}`);
}

function endpointsOf(all: readonly Node[]): Endpoint[] {
    const out: (Endpoint | undefined)[] = [];
    for (const n of all) {
        switch (n.type) {
            case TYPES.ecsService:
                out.push(taskNetwork(all, n, "networkConfiguration", n.props.networkConfiguration, `ECS service ${n.name}`));
                break;
            case TYPES.schedulerSchedule:
            case TYPES.eventTarget:
                out.push(scheduledTask(all, n));
                break;
            case TYPES.instance:
                out.push(instanceEndpoint(all, n));
                break;
            case TYPES.launchTemplate:
                out.push(launchTemplateEndpoint(all, n));
                break;
            case TYPES.droplet:
                out.push(dropletEndpoint(all, n));
                break;
            case TYPES.doLoadBalancer:
                out.push(doLoadBalancerEndpoint(n));
                break;
            case TYPES.doDatabaseCluster:
                out.push(doDatabaseEndpoint(all, n));
                break;
            case TYPES.functionUrl:
                out.push(functionUrlEndpoint(n));
                break;
            case TYPES.sqsQueue:
            case TYPES.snsTopic:
                out.push(messagingEndpoint(all, n));
                break;
            default:
                if ((TYPES.loadBalancers as readonly string[]).includes(n.type)) {
                    out.push(elbv2Endpoint(all, n));
                } else if ((TYPES.classicLoadBalancers as readonly string[]).includes(n.type)) {
                    out.push(classicEndpoint(all, n));
                } else if ((TYPES.searchDomains as readonly string[]).includes(n.type)) {
                    out.push(searchEndpoint(n));
                } else {
                    out.push(managedDatabase(all, n));
                }
        }
    }
    return out.filter((e): e is Endpoint => e !== undefined);
}

// ---------------------------------------------------------------------------
// The model

export function buildModel(all: readonly Node[]): Model {
    const grants = securityGroupGrants(all);
    const filterNodes = new Map<string, Node>();
    for (const sg of ofType(all, TYPES.securityGroup, TYPES.defaultSecurityGroup)) {
        filterNodes.set(sg.urn, sg);
    }
    for (const fw of ofType(all, TYPES.doFirewall)) {
        grants.set(fw.urn, doFirewallGrants(fw));
        filterNodes.set(fw.urn, fw);
    }
    for (const fw of ofType(all, TYPES.doDatabaseFirewall)) {
        grants.set(fw.urn, doDatabaseGrants(fw));
        filterNodes.set(fw.urn, fw);
    }
    for (const lb of ofType(all, TYPES.doLoadBalancer)) {
        grants.set(lb.urn, doLbFirewallGrants(lb));
    }
    for (const domain of ofType(all, TYPES.searchDomains)) {
        grants.set(domain.urn, []); // an access policy that names its callers: nothing from public space
    }
    for (const url of ofType(all, TYPES.functionUrl, TYPES.sqsQueue, TYPES.snsTopic)) {
        grants.set(url.urn, []); // AWS_IAM, or a policy that names its callers: only signed, named callers
    }
    if (!grants.has("sg:default")) {
        grants.set("sg:default", []); // AWS's default group admits only its own members
    }
    return { all, endpoints: endpointsOf(all), grants, filterNodes, acls: networkAcls(all) };
}

const models = new WeakMap<readonly PolicyResource[], Model>();

/** The model of a stack, built once per AnalyzeStack call (every stack policy gets the same resources array). */
export function modelOf(resources: readonly PolicyResource[]): Model {
    let model = models.get(resources);
    if (model === undefined) {
        model = buildModel(nodes(resources));
        models.set(resources, model);
    }
    return model;
}

// ---------------------------------------------------------------------------
// Questions

/** Whether a source admits public address space at or above the threshold. */
export function sourceIsInternet(source: Source, threshold: InternetThreshold): boolean {
    return source.kind === "addresses" && isInternet(source.set, threshold);
}

export function describeSource(source: Source): string {
    if (source.kind === "addresses") {
        const shown = source.written.length > 6 ? [...source.written.slice(0, 5), `and ${source.written.length - 5} more`] : source.written;
        return `${shown.join(", ")} (${describePublic(source.set)})`;
    }
    if (source.kind === "group") {
        return `${source.what} ${typeof source.ref === "string" ? source.ref : "(unknown)"}`;
    }
    return source.written;
}

/** The grants of one filter that admit the internet, with the ports they open. */
export function internetGrants(model: Model, filter: string, threshold: InternetThreshold): Grant[] {
    return (model.grants.get(filter) ?? []).filter((g) => !g.ports.isEmpty() && sourceIsInternet(g.source, threshold));
}

export interface Exposure {
    readonly endpoint: Endpoint;
    /** Ports of the endpoint that public address space reaches. */
    readonly ports: PortSet;
    /** How: "no firewall filters it", or the grant that admits it. */
    readonly via: string;
}

/** Ports a subnet's network ACLs let the internet reach; undefined when no ACL of the stack covers the subnets. */
function aclLimit(model: Model, endpoint: Endpoint, threshold: InternetThreshold): PortSet | undefined {
    const acls = model.acls.filter((a) => a.subnets.some((s) => endpoint.subnets.includes(s)));
    if (acls.length === 0 || endpoint.subnets.some((s) => !acls.some((a) => a.subnets.includes(s)))) {
        return undefined;
    }
    const everywhere = AddressSet.of(["0.0.0.0/0", "::/0"]);
    return acls.map((a) => aclInternetPorts(a, everywhere, threshold).reduce((set, x) => set.union(x.ports), PortSet.EMPTY))
        .reduce((a, b) => a.union(b));
}

/**
 * Which ports of an endpoint public address space reaches directly (not
 * through a load balancer in front of it): needs a public address and a
 * filter that admits the internet (or no filter), within the network ACLs of
 * its subnets. Empty for endpoints without a public address; undefined when
 * it cannot be told at preview.
 */
export function publicExposure(model: Model, endpoint: Endpoint, threshold: InternetThreshold): Exposure[] | undefined {
    if (endpoint.publicAddress === "unknown" || endpoint.filters === "unknown") {
        return undefined;
    }
    if (endpoint.publicAddress === undefined) {
        return [];
    }
    const limit = aclLimit(model, endpoint, threshold) ?? ALL;
    if (endpoint.filters === "none") {
        const ports = endpoint.listens.intersect(limit);
        return ports.isEmpty() ? [] : [{ endpoint, ports, via: "nothing filters it" }];
    }
    const exposures: Exposure[] = [];
    for (const filter of endpoint.filters) {
        for (const g of internetGrants(model, filter, threshold)) {
            const ports = g.ports.intersect(endpoint.listens).intersect(limit);
            if (!ports.isEmpty()) {
                exposures.push({ endpoint, ports, via: `${g.where} admits ${describeSource(g.source)}` });
            }
        }
    }
    return exposures;
}

/** Load balancer endpoints that forward to a target group ARN or a Droplet (by tag or id). */
export function loadBalancersOf(model: Model, endpoint: Endpoint): Endpoint[] {
    const all = model.all;
    if (endpoint.node.type === TYPES.ecsService) {
        const tgArns = asList(endpoint.node.props.loadBalancers).map((l) => asRecord(l)?.targetGroupArn);
        const tgs = ofType(all, TYPES.targetGroups).filter((tg) => tgArns.some((a) => typeof a === "string" && a === tg.props.arn) || depsOf(endpoint.node, "loadBalancers").includes(tg.urn));
        return model.endpoints.filter((e) => e.kind === "loadBalancer" && tgs.some((tg) => servesTargetGroup(all, e.node, tg)));
    }
    if (endpoint.node.type === TYPES.droplet) {
        const tags = knownStrings(endpoint.node.props.tags);
        const id = asString(endpoint.node.props.id);
        return model.endpoints.filter((e) => e.node.type === TYPES.doLoadBalancer
            && ((typeof e.node.props.dropletTag === "string" && tags.includes(e.node.props.dropletTag))
                || (id !== undefined && asList(e.node.props.dropletIds).map(String).includes(id))
                || depsOf(e.node, "dropletIds").includes(endpoint.node.urn)));
    }
    return [];
}

function servesTargetGroup(all: readonly Node[], lb: Node, tg: Node): boolean {
    const arn = asString(lb.props.arn);
    const listeners = ofType(all, TYPES.listeners).filter((l) => (arn !== undefined && l.props.loadBalancerArn === arn) || depsOf(l, "loadBalancerArn").includes(lb.urn));
    const tgArn = asString(tg.props.arn);
    const names = (holder: Node, key: string, actions: unknown) => asList(actions).some((a) => forwardedGroups(asRecord(a) ?? {}).some((g) => (tgArn !== undefined && g.arn === tgArn) || depsOf(holder, key).includes(tg.urn)));
    return listeners.some((l) => names(l, "defaultActions", l.props.defaultActions)
        || ofType(all, TYPES.listenerRules).some((r) => ((typeof r.props.listenerArn === "string" && r.props.listenerArn === l.props.arn) || depsOf(r, "listenerArn").includes(l.urn)) && names(r, "actions", r.props.actions)));
}

export interface Bypass {
    readonly grant: Grant;
    /** Why the source is not the load balancer. */
    readonly why: string;
}

/**
 * Grants that let something other than its load balancers reach a workload
 * that sits behind one: address sources, or groups that no fronting load
 * balancer uses. Undefined when it cannot be told (filters unknown).
 */
export function bypasses(model: Model, endpoint: Endpoint, fronts: readonly Endpoint[]): Bypass[] | undefined {
    if (endpoint.filters === "unknown" || endpoint.filters === "none") {
        return endpoint.filters === "none" && fronts.length > 0 ? [] : undefined;
    }
    const frontGroups = new Set(fronts.flatMap((f) => (Array.isArray(f.filters) ? f.filters : [])));
    const frontIds = new Set(fronts.flatMap((f) => [idOf(f.node), asString(f.node.props.id), asString(f.node.props.loadBalancerUrn)?.split(":").pop()]).filter((x): x is string => x !== undefined));
    const found: Bypass[] = [];
    for (const filter of endpoint.filters) {
        for (const g of model.grants.get(filter) ?? []) {
            const s = g.source;
            if (s.kind === "addresses") {
                found.push({ grant: g, why: `admits ${s.written.join(", ")}` });
            } else if (s.kind === "group" && s.what === "security group") {
                const group = findGroup(model.all, s.ref, s.deps);
                const ok = group !== undefined ? frontGroups.has(group.urn) : typeof s.ref === "string" ? [...frontGroups].some((k) => k === `sg:${s.ref}`) : undefined;
                if (ok === false) {
                    found.push({ grant: g, why: `admits security group ${typeof s.ref === "string" ? s.ref : group?.name ?? "(unknown)"}, which no load balancer in front of it uses` });
                }
            } else if (s.kind === "group" && s.what === "load balancer") {
                if (typeof s.ref === "string" && !frontIds.has(s.ref) && fronts.length > 0 && fronts.every((f) => asString(f.node.props.id) !== undefined)) {
                    found.push({ grant: g, why: `admits load balancer ${s.ref}, which does not serve it` });
                }
            } else if (s.kind === "group" && s.what === "Droplet") {
                found.push({ grant: g, why: `admits Droplet ${String(s.ref)}` });
            }
        }
    }
    return found;
}
