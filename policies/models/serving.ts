// What the cloud does with requests, given which version of each resource
// exists at one moment of a change: a pure model of Route 53 weighted routing
// and health checks, ALB listener rules and target groups, ECS services
// registering tasks, DigitalOcean load balancers and their Droplets, and
// DigitalOcean database trusted sources. The change-safety analysis evaluates
// it at every moment of a `pulumi up` (policies/models/step-graph.ts orders
// them); each rule cites the behaviour it models.
import { UNKNOWN, asList, asNumber, asRecord, asString } from "../lib/values";

export const TYPES = {
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    ecsService: "aws:ecs/service:Service",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    doLoadBalancer: "digitalocean:index/loadBalancer:LoadBalancer",
    droplet: "digitalocean:index/droplet:Droplet",
    doFirewall: "digitalocean:index/firewall:Firewall",
    databaseFirewall: "digitalocean:index/databaseFirewall:DatabaseFirewall",
    eip: "aws:ec2/eip:Eip",
} as const;

/** One version of a resource: its inputs (unknowns as UNKNOWN) and what the provider answered. */
export interface Version {
    readonly urn: string;
    readonly type: string;
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly outputs: Readonly<Record<string, unknown>>;
    /** Input name → URNs its value comes from: links resources when values are unknown (a preview). */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/**
 * Where a resource version is at one moment of a change:
 * - steady: it exists and its step (if any) is over;
 * - creating: its create is running (it does not serve yet);
 * - updating: its update is running, from `previous` to `version`;
 * - deleting: its delete is running (it no longer serves).
 */
export type Presence = "steady" | "creating" | "updating" | "deleting";

export interface Entry {
    /** The URN, with `#old` for the old half of a replacement. */
    readonly key: string;
    readonly version: Version;
    readonly previous?: Version;
    readonly presence: Presence;
    /**
     * Created (or re-created) by this change: a Droplet that boots joins its
     * load balancer only after the balancer's health check passes, which no
     * step waits for.
     */
    readonly newInChange: boolean;
}

export type World = readonly Entry[];

// ---------------------------------------------------------------------------
// Reading values

function text(value: unknown): string | undefined {
    return asString(value);
}

function dnsKey(name: string): string {
    return name.toLowerCase().replace(/\.$/, "").replace(/^dualstack\./, "");
}

/** An output value other resources refer to this one by. */
const OUTPUT_KEYS = ["arn", "id", "ip", "dnsName", "publicIp", "ipv4Address", "zoneId"] as const;

/** A version's OUTPUT_KEYS values, read once per version (a change judges hundreds of worlds of the same versions). */
const outputValuesOf = new WeakMap<Version, readonly string[]>();

function outputValues(version: Version): readonly string[] {
    let values = outputValuesOf.get(version);
    if (values === undefined) {
        values = [];
        for (const key of OUTPUT_KEYS) {
            const v = text(version.outputs[key]);
            if (v !== undefined && v !== "") {
                (values as string[]).push(v);
            }
        }
        outputValuesOf.set(version, values);
    }
    return values;
}

/** Links references between entries of one world (built once per world: linksOf). */
class Links {
    /** Entries by type, each with its place in the world. */
    private readonly byType = new Map<string, { readonly e: Entry; readonly at: number }[]>();

    constructor(world: World) {
        world.forEach((e, at) => {
            const list = this.byType.get(e.version.type);
            if (list === undefined) {
                this.byType.set(e.version.type, [{ e, at }]);
            } else {
                list.push({ e, at });
            }
        });
    }

    /**
     * The entries of `type` a value refers to: by the value (an ARN, id or
     * address the provider answered), else, while the value is unknown, by the
     * property's dependencies (all of them when several match: callers treat
     * an ambiguous link conservatively). In world order.
     */
    resolve(from: Version, property: string, value: unknown, type: string | readonly string[]): Entry[] {
        const v = text(value);
        if (v !== undefined) {
            return this.ofTypes(type).filter((e) => outputValues(e.version).includes(v));
        }
        if (value !== UNKNOWN) {
            return [];
        }
        const candidates = this.ofTypes(type);
        return (from.propertyDependencies[property] ?? []).flatMap((u) => candidates.filter((e) => e.version.urn === u));
    }

    /** Entries of any of the types, in world order: only these are searched (a world has few of each kind a value points at). */
    private ofTypes(type: string | readonly string[]): Entry[] {
        if (typeof type === "string") {
            return this.ofType(type);
        }
        const found: { readonly e: Entry; readonly at: number }[] = [];
        for (const t of new Set(type)) {
            found.push(...(this.byType.get(t) ?? []));
        }
        return found.sort((a, b) => a.at - b.at).map((c) => c.e);
    }

    /** The world's entries of a type, in world order (a copy: callers may filter or sort it). */
    ofType(type: string): Entry[] {
        return (this.byType.get(type) ?? []).map((c) => c.e);
    }
}

const linksByWorld = new WeakMap<World, Links>();

/** The world's links, built at the first question about it. */
function linksOf(world: World): Links {
    let links = linksByWorld.get(world);
    if (links === undefined) {
        links = new Links(world);
        linksByWorld.set(world, links);
    }
    return links;
}

// ---------------------------------------------------------------------------
// Route 53 (Route 53 Developer Guide, "Weighted routing" and "How Amazon
// Route 53 chooses records when health checking is configured"): a record's
// share is its weight over the sum of the group's weights; records without a
// health check are always healthy; records of weight 0 are considered only
// when every record of non-zero weight is unhealthy; when every record is
// unhealthy Route 53 answers as if all were healthy; all weights 0 spread evenly.

export interface RecordFact {
    readonly entry: Entry;
    readonly weight: number;
    readonly healthChecked: boolean;
    /** What the record answers with: an ALB (alias), a DigitalOcean load balancer (its IP), or something else. */
    readonly target: { readonly kind: "alb"; readonly alb: Entry } | { readonly kind: "do-lb"; readonly lb: Entry } | { readonly kind: "other"; readonly what: string };
}

export interface DnsGroup {
    readonly hostname: string;
    readonly records: readonly RecordFact[];
}

/** Shares (0-1) of the group's answers per record, with the given records unhealthy. */
export function routeShares(records: readonly { readonly weight: number; readonly healthChecked: boolean }[], unhealthy: ReadonlySet<number> = new Set()): number[] {
    const healthy = records.map((r, i) => !(r.healthChecked && unhealthy.has(i)));
    let pool = records.map((r, i) => i).filter((i) => records[i].weight > 0 && healthy[i]);
    if (pool.length === 0) {
        // Every non-zero record is unhealthy (or there is none): zero-weight healthy records are considered.
        const zeroHealthy = records.map((r, i) => i).filter((i) => records[i].weight === 0 && healthy[i]);
        if (zeroHealthy.length > 0) {
            pool = zeroHealthy;
        } else {
            // Nothing healthy: every record is treated as healthy.
            pool = records.map((_, i) => i).filter((i) => records[i].weight > 0);
            if (pool.length === 0) {
                pool = records.map((_, i) => i);
            }
        }
    }
    const total = pool.reduce((s, i) => s + records[i].weight, 0);
    return records.map((r, i) => (!pool.includes(i) ? 0 : total === 0 ? 1 / pool.length : r.weight / total));
}

function present(e: Entry): boolean {
    return e.presence !== "creating" && e.presence !== "deleting";
}

/** The weighted groups of the world, by hostname (only records that exist in it). */
export function dnsGroups(world: World): DnsGroup[] {
    const links = linksOf(world);
    const groups = new Map<string, RecordFact[]>();
    for (const e of links.ofType(TYPES.record).filter(present)) {
        const inputs = e.version.inputs;
        const policy = asRecord(asList(inputs.weightedRoutingPolicies)[0]);
        if (policy === undefined) {
            continue;
        }
        const name = text(inputs.name);
        if (name === undefined || text(inputs.type) !== "A") {
            continue;
        }
        const weight = asNumber(policy.weight) ?? 0;
        const alias = asRecord(asList(inputs.aliases)[0]);
        let target: RecordFact["target"] = { kind: "other", what: "an address outside this stack" };
        if (alias !== undefined) {
            const aliasName = text(alias.name);
            const alb = links.ofType(TYPES.alb).find((lb) => aliasName !== undefined && text(lb.version.outputs.dnsName) !== undefined && dnsKey(text(lb.version.outputs.dnsName)!) === dnsKey(aliasName))
                ?? (aliasName === undefined ? links.resolve(e.version, "aliases", UNKNOWN, TYPES.alb)[0] : undefined);
            if (alb !== undefined) {
                target = { kind: "alb", alb };
            }
        } else {
            const values = asList(inputs.records);
            const lb = values.flatMap((v) => links.resolve(e.version, "records", v, TYPES.doLoadBalancer))[0];
            if (lb !== undefined) {
                target = { kind: "do-lb", lb };
            }
        }
        const key = dnsKey(name);
        groups.set(key, [...(groups.get(key) ?? []), { entry: e, weight, healthChecked: inputs.healthCheckId !== undefined, target }]);
    }
    return [...groups].map(([hostname, records]) => ({ hostname, records }));
}

// ---------------------------------------------------------------------------
// ALB (Elastic Load Balancing, "Listener rules for your Application Load
// Balancer"): rules are evaluated by priority; a forward action splits by
// target group weight; a request no rule matches gets the listener's
// default action. A target group with no healthy target fails open to all
// its targets, and with no target at all answers 503.

export interface ForwardShare {
    readonly rule: Entry;
    readonly targetGroups: readonly Entry[];
    readonly weight: number;
}

function hostMatches(pattern: string, hostname: string): boolean {
    const re = new RegExp(`^${pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^.]*").replace(/\?/g, ".")}$`);
    return re.test(hostname.toLowerCase());
}

/** The rules of the ALB's listeners that take requests for `hostname`, with their forward shares. */
export function albRoutes(world: World, alb: Entry, hostname: string): { readonly rules: readonly Entry[]; readonly shares: readonly ForwardShare[] } {
    const links = linksOf(world);
    const listeners = links.ofType(TYPES.listener).filter(present)
        .filter((l) => links.resolve(l.version, "loadBalancerArn", l.version.inputs.loadBalancerArn, TYPES.alb).some((a) => a.version.urn === alb.version.urn));
    const rules = links.ofType(TYPES.listenerRule).filter(present).filter((r) => {
        const onListener = links.resolve(r.version, "listenerArn", r.version.inputs.listenerArn, TYPES.listener).some((l) => listeners.includes(l));
        if (!onListener) {
            return false;
        }
        const hosts = asList(r.version.inputs.conditions).flatMap((c) => asList(asRecord(asRecord(c)?.hostHeader)?.values));
        return hosts.length === 0 || hosts.some((h) => typeof h === "string" && hostMatches(h, hostname));
    });
    const shares: ForwardShare[] = [];
    for (const rule of rules) {
        for (const action of asList(rule.version.inputs.actions).map(asRecord)) {
            if (action === undefined || text(action.type) !== "forward") {
                continue;
            }
            const groups = asList(asRecord(action.forward)?.targetGroups).map(asRecord);
            if (groups.length > 0) {
                for (const g of groups) {
                    shares.push({ rule, targetGroups: links.resolve(rule.version, "actions", g?.arn, TYPES.targetGroup), weight: asNumber(g?.weight) ?? 1 });
                }
            } else if (action.targetGroupArn !== undefined) {
                shares.push({ rule, targetGroups: links.resolve(rule.version, "actions", action.targetGroupArn, TYPES.targetGroup), weight: 1 });
            }
        }
    }
    return { rules, shares };
}

// Security groups (Amazon VPC, "Security group rules"): traffic passes when
// a rule of the source's group allows it out and a rule of the target's
// group allows it in. Rules come from aws.vpc rule resources.

function ruleCovers(rule: Entry, port: number): boolean {
    const protocol = text(rule.version.inputs.ipProtocol);
    if (protocol === "-1") {
        return true;
    }
    const from = asNumber(rule.version.inputs.fromPort);
    const to = asNumber(rule.version.inputs.toPort);
    return (protocol === "tcp" || protocol === "6") && from !== undefined && to !== undefined && from <= port && port <= to;
}

/**
 * Whether the ALB's security groups let it reach tasks in `taskGroups` on
 * `port`, or undefined when the groups' rules are not all in the world (rules
 * set elsewhere cannot be judged).
 */
function albReachesTasks(world: World, links: Links, alb: Entry | undefined, service: Version, port: number): boolean | undefined {
    if (alb === undefined) {
        return undefined;
    }
    const ids = (v: Version, property: string, values: unknown): Entry[] => asList(values).flatMap((id) => links.resolve(v, property, id, TYPES.securityGroup));
    const albGroups = ids(alb.version, "securityGroups", alb.version.inputs.securityGroups).map((e) => e.version.urn);
    const taskGroups = ids(service, "networkConfiguration", asRecord(service.inputs.networkConfiguration)?.securityGroups).map((e) => e.version.urn);
    if (albGroups.length === 0 || taskGroups.length === 0) {
        return undefined;
    }
    const rulesOf = (type: string, groups: readonly string[]) => links.ofType(type).filter(present)
        .filter((r) => links.resolve(r.version, "securityGroupId", r.version.inputs.securityGroupId, TYPES.securityGroup).some((g) => groups.includes(g.version.urn)));
    const ingress = rulesOf(TYPES.ingressRule, taskGroups);
    const egress = rulesOf(TYPES.egressRule, albGroups);
    if (ingress.length === 0 || egress.length === 0) {
        return undefined;
    }
    const refers = (r: Entry, groups: readonly string[]) => links.resolve(r.version, "referencedSecurityGroupId", r.version.inputs.referencedSecurityGroupId, TYPES.securityGroup).some((g) => groups.includes(g.version.urn))
        || text(r.version.inputs.cidrIpv4) === "0.0.0.0/0";
    return ingress.some((r) => ruleCovers(r, port) && refers(r, albGroups)) && egress.some((r) => ruleCovers(r, port) && refers(r, taskGroups));
}

/**
 * Why a target group has no healthy task to answer with, or undefined when
 * an ECS service registers steady tasks in it. An ECS service counts once
 * its create or update is over: it waits for steady state
 * (waitForSteadyState), which means its tasks pass the target group's health
 * check. While an update that moves the service to another target group
 * runs, its old tasks are drained from this one.
 */
export function targetGroupProblem(world: World, tg: Entry, alb?: Entry): string | undefined {
    if (tg.presence === "creating" || tg.presence === "deleting") {
        return `target group ${nameOf(tg)} is being ${tg.presence === "creating" ? "created" : "deleted"}`;
    }
    const arn = text(tg.version.outputs.arn);
    const links = linksOf(world);
    const registers = (e: Entry, v: Version) => asList(v.inputs.loadBalancers).map(asRecord).some((lb) =>
        (arn !== undefined && text(lb?.targetGroupArn) === arn)
        || (lb?.targetGroupArn === UNKNOWN && links.resolve(v, "loadBalancers", UNKNOWN, TYPES.targetGroup).includes(tg)));
    const services = links.ofType(TYPES.ecsService).filter((s) => registers(s, s.version) || (s.previous !== undefined && registers(s, s.previous)));
    if (services.length === 0) {
        return `no ECS service registers tasks in target group ${nameOf(tg)}`;
    }
    const portIn = (v: Version) => asNumber(asList(v.inputs.loadBalancers).map(asRecord).find((lb) => lb?.targetGroupArn !== undefined)?.containerPort);
    const reachable = (v: Version) => {
        const port = portIn(v);
        return port === undefined || albReachesTasks(world, links, alb, v, port) !== false;
    };
    let unreachable: Entry | undefined;
    for (const s of services) {
        const desired = asNumber(s.version.inputs.desiredCount);
        if (s.presence === "steady" && registers(s, s.version) && desired !== 0 && s.version.inputs.waitForSteadyState === true) {
            if (reachable(s.version)) {
                return undefined;
            }
            unreachable = s;
        }
        if (s.presence === "updating" && s.previous !== undefined && registers(s, s.previous) && registers(s, s.version) && desired !== 0) {
            // A rolling deployment within the same group keeps the old tasks until the new ones are healthy.
            if (reachable(s.previous)) {
                return undefined;
            }
            unreachable = s;
        }
    }
    if (unreachable !== undefined) {
        const port = portIn(unreachable.presence === "updating" ? unreachable.previous! : unreachable.version);
        return `ECS service ${nameOf(unreachable)}'s tasks listen on port ${port}, and no security group rule lets the ALB reach them there`;
    }
    const s = services[0];
    const why = s.presence === "creating" ? "is being created: its tasks are not running yet"
        : s.presence === "deleting" ? "is being deleted"
            : s.presence === "updating" ? "is being updated onto another target group: its tasks move when the update ends"
                : s.version.inputs.waitForSteadyState !== true ? "does not wait for steady state: nothing waits for its tasks to be healthy"
                    : "runs no task (desiredCount 0)";
    return `ECS service ${nameOf(s)} ${why}`;
}

// ECS's own rollouts (Amazon ECS Developer Guide, "Application Load
// Balancer resources for blue/green, linear, and canary deployments"): a
// service with deploymentConfiguration.strategy BLUE_GREEN, LINEAR or CANARY
// names two target groups (loadBalancers[].targetGroupArn and
// advancedConfiguration.alternateTargetGroupArn) and the production listener
// rule. At each deployment ECS starts the new revision in the group without
// tasks, shifts that rule's weights to it and stops the old revision: which
// group has the tasks, and which weight the rule gives it, is ECS's (the
// program ignores the rule's actions). So the rule's shares to either group
// are served exactly when the service serves; any other rule's share to one
// of the two groups may reach the group ECS has just emptied.

const NATIVE_STRATEGIES = ["BLUE_GREEN", "LINEAR", "CANARY"];

/** The pair and production rule of a service version under a native strategy, or undefined. */
function nativeRollout(links: Links, v: Version): { readonly rules: readonly Entry[]; readonly groups: readonly Entry[]; readonly strategy: string } | undefined {
    const strategy = text(asRecord(v.inputs.deploymentConfiguration)?.strategy);
    if (strategy === undefined || !NATIVE_STRATEGIES.includes(strategy)) {
        return undefined;
    }
    const rules: Entry[] = [];
    const groups: Entry[] = [];
    for (const lb of asList(v.inputs.loadBalancers).map(asRecord)) {
        const advanced = asRecord(lb?.advancedConfiguration);
        if (advanced === undefined) {
            continue;
        }
        rules.push(...links.resolve(v, "loadBalancers", advanced.productionListenerRule, TYPES.listenerRule));
        for (const arn of [lb?.targetGroupArn, advanced.alternateTargetGroupArn]) {
            groups.push(...links.resolve(v, "loadBalancers", arn, TYPES.targetGroup));
        }
    }
    return rules.length === 0 ? undefined : { rules, groups: [...new Set(groups)], strategy };
}

/**
 * How ECS serves `rule`'s share to `tg` when the group belongs to a native
 * rollout: "served", a problem, or undefined when no native rollout owns the group.
 */
function nativeShare(world: World, links: Links, rule: Entry, tg: Entry, alb: Entry | undefined): { readonly served: true } | { readonly served: false; readonly problem: string } | undefined {
    for (const s of links.ofType(TYPES.ecsService)) {
        const versions = [s.version, ...(s.previous === undefined ? [] : [s.previous])];
        const natives = versions.map((v) => ({ v, native: nativeRollout(links, v) })).filter((x) => x.native !== undefined && x.native.groups.includes(tg));
        if (natives.length === 0) {
            continue;
        }
        const { v, native } = natives[0];
        if (!native!.rules.includes(rule)) {
            return { served: false, problem: `target group ${nameOf(tg)} is one of ECS service ${nameOf(s)}'s ${native!.strategy} pair: ECS moves the service's tasks between its two groups and follows them only with rule ${native!.rules.map(nameOf).join(", ")}, so this rule's share can reach the group ECS has emptied` };
        }
        if (tg.presence === "creating" || tg.presence === "deleting") {
            return { served: false, problem: `target group ${nameOf(tg)} is being ${tg.presence === "creating" ? "created" : "deleted"}` };
        }
        if (s.presence === "creating" || s.presence === "deleting") {
            return { served: false, problem: `ECS service ${nameOf(s)} is being ${s.presence === "creating" ? "created: its tasks are not running yet" : "deleted"}` };
        }
        // ECS keeps the serving revision until the new one is healthy (updating), and the steady service waits for steady state.
        const serving = s.presence === "updating" ? s.previous ?? v : s.version;
        if (asNumber(s.version.inputs.desiredCount) === 0) {
            return { served: false, problem: `ECS service ${nameOf(s)} runs no task (desiredCount 0)` };
        }
        if (s.presence === "steady" && s.version.inputs.waitForSteadyState !== true) {
            return { served: false, problem: `ECS service ${nameOf(s)} does not wait for steady state: nothing waits for its tasks to be healthy` };
        }
        const port = asNumber(asList(serving.inputs.loadBalancers).map(asRecord).find((lb) => lb?.targetGroupArn !== undefined)?.containerPort);
        if (port !== undefined && albReachesTasks(world, links, alb, serving, port) === false) {
            return { served: false, problem: `ECS service ${nameOf(s)}'s tasks listen on port ${port}, and no security group rule lets the ALB reach them there` };
        }
        return { served: true };
    }
    return undefined;
}

/** Why the ALB cannot answer `hostname` with healthy tasks (and what fails), or undefined when it can. */
export function albFailure(world: World, alb: Entry, hostname: string): { readonly message: string; readonly target: string } | undefined {
    if (!present(alb)) {
        return { message: `ALB ${nameOf(alb)} does not exist yet`, target: alb.version.urn };
    }
    const { rules, shares } = albRoutes(world, alb, hostname);
    if (rules.length === 0) {
        return { message: `no rule of ALB ${nameOf(alb)} takes ${hostname}: its listener's default action answers`, target: alb.version.urn };
    }
    const links = linksOf(world);
    for (const share of shares.filter((s) => s.weight > 0)) {
        if (share.targetGroups.length === 0) {
            return { message: `rule ${nameOf(share.rule)} forwards ${hostname} to a target group that does not exist`, target: share.rule.version.urn };
        }
        for (const tg of share.targetGroups) {
            const native = nativeShare(world, links, share.rule, tg, alb);
            if (native !== undefined) {
                if (!native.served) {
                    return { message: `rule ${nameOf(share.rule)} sends ${hostname} (weight ${share.weight}) to target group ${nameOf(tg)}: ${native.problem}`, target: tg.key };
                }
                continue;
            }
            const problem = targetGroupProblem(world, tg, alb);
            if (problem !== undefined) {
                return { message: `rule ${nameOf(share.rule)} sends ${hostname} (weight ${share.weight}) to target group ${nameOf(tg)}: ${problem}`, target: tg.key };
            }
        }
    }
    return undefined;
}

export function albProblem(world: World, alb: Entry, hostname: string): string | undefined {
    return albFailure(world, alb, hostname)?.message;
}

// ---------------------------------------------------------------------------
// DigitalOcean load balancers (DigitalOcean docs, "Load Balancers": Droplets
// selected by tag or id; a Droplet is sent requests once it passes the
// health check, healthy_threshold checks in a row) and Droplet resizes
// (terraform-provider-digitalocean droplet update: power off, resize, power on).

function dropletsOf(world: World, lb: Entry): Entry[] {
    const links = linksOf(world);
    const tag = text(lb.version.inputs.dropletTag);
    const ids = asList(lb.version.inputs.dropletIds).map(text);
    return links.ofType(TYPES.droplet).filter((d) =>
        (tag !== undefined && asList(d.version.inputs.tags).includes(tag))
        || (text(d.version.outputs.id) !== undefined && ids.includes(text(d.version.outputs.id))));
}

/** A Droplet that is answering its load balancer's requests at this moment. */
function dropletServes(d: Entry): boolean {
    if (d.presence !== "steady" && d.presence !== "updating") {
        return false;
    }
    if (d.newInChange) {
        return false;
    }
    // A size change powers the Droplet off for the resize.
    return !(d.presence === "updating" && d.previous !== undefined && d.previous.inputs.size !== d.version.inputs.size);
}

/** The ports a DigitalOcean load balancer sends to its Droplets (forwarding rules' target ports). */
function targetPorts(lb: Entry): number[] {
    return [...new Set(asList(lb.version.inputs.forwardingRules).map((r) => asNumber(asRecord(r)?.targetPort)).filter((p): p is number => p !== undefined))];
}

function portInRange(range: unknown, port: number): boolean {
    const text = typeof range === "string" ? range : typeof range === "number" ? String(range) : undefined;
    if (text === undefined) {
        return false;
    }
    if (text === "all" || text === "0") {
        return true;
    }
    const [from, to] = text.split("-").map(Number);
    return port >= from && port <= (to ?? from);
}

/**
 * Whether the cloud firewalls on a Droplet admit its load balancer on `port`
 * (DigitalOcean Cloud Firewalls: a Droplet with a firewall accepts only what
 * an inbound rule allows; sources by load balancer uid, tag, Droplet id or
 * address). True when no firewall applies to it.
 */
function firewallAdmits(world: World, links: Links, droplet: Entry, lb: Entry, port: number): boolean {
    const tags = asList(droplet.version.inputs.tags);
    const id = text(droplet.version.outputs.id);
    const firewalls = links.ofType(TYPES.doFirewall).filter(present).filter((f) =>
        asList(f.version.inputs.tags).some((t) => tags.includes(t)) || (id !== undefined && asList(f.version.inputs.dropletIds).map(text).includes(id)));
    if (firewalls.length === 0) {
        return true;
    }
    const lbId = text(lb.version.outputs.id);
    return firewalls.some((f) => asList(f.version.inputs.inboundRules).map(asRecord).some((r) =>
        r !== undefined && text(r.protocol) === "tcp" && portInRange(r.portRange, port)
        && asList(r.sourceLoadBalancerUids).some((u) => u === lbId || (u === UNKNOWN && links.resolve(f.version, "inboundRules", UNKNOWN, TYPES.doLoadBalancer).includes(lb)))));
}

export function doLoadBalancerProblem(world: World, lb: Entry): string | undefined {
    if (!present(lb)) {
        return `load balancer ${nameOf(lb)} is ${lb.presence === "creating" ? "being created" : "being deleted"}`;
    }
    const droplets = dropletsOf(world, lb);
    if (droplets.length === 0) {
        return `load balancer ${nameOf(lb)} selects no Droplet`;
    }
    const links = linksOf(world);
    const ports = targetPorts(lb);
    const blocked = droplets.filter(dropletServes).filter((d) => ports.some((p) => !firewallAdmits(world, links, d, lb, p)));
    if (blocked.length > 0 && blocked.length === droplets.filter(dropletServes).length) {
        return `load balancer ${nameOf(lb)} sends to port ${ports.join(", ")}, and the Droplets' firewall admits it on no such port`;
    }
    if (!droplets.some(dropletServes)) {
        const why = droplets.map((d) => `${nameOf(d)} ${d.presence === "creating" || d.newInChange ? "is new (it joins after the balancer's health check passes)" : d.presence === "deleting" ? "is being deleted" : "is powered off for a resize"}`);
        return `load balancer ${nameOf(lb)} has no serving Droplet: ${why.join("; ")}`;
    }
    return undefined;
}

/** The Droplets behind each DigitalOcean load balancer of the world, by the balancer's URN. */
export function dropletSets(world: World): Map<string, { readonly lb: Entry; readonly droplets: readonly Entry[] }> {
    const sets = new Map<string, { lb: Entry; droplets: Entry[] }>();
    for (const lb of linksOf(world).ofType(TYPES.doLoadBalancer)) {
        sets.set(lb.version.urn, { lb, droplets: dropletsOf(world, lb) });
    }
    return sets;
}

// ---------------------------------------------------------------------------
// DigitalOcean database trusted sources (DigitalOcean API, "Update a
// Database Cluster's Firewall Rules": types ip_addr, droplet, k8s, tag, app;
// the list replaces the whole firewall).

export interface Access {
    /** The client: a Droplet's or an Elastic IP's URN. */
    readonly client: string;
    /** The cluster's id. */
    readonly cluster: string;
}

function accessKey(a: Access): string {
    return `${a.client}\u0000${a.cluster}`;
}

/** Which Droplets and NAT addresses of the world each database cluster admits. */
export function databaseAccess(world: World): Access[] {
    const links = linksOf(world);
    const result: Access[] = [];
    for (const fw of links.ofType(TYPES.databaseFirewall).filter(present)) {
        const cluster = text(fw.version.inputs.clusterId);
        if (cluster === undefined) {
            continue;
        }
        const rules = asList(fw.version.inputs.rules).map(asRecord);
        const admits = (type: string, value: string | undefined) => value !== undefined && rules.some((r) => text(r?.type) === type && text(r?.value) === value);
        for (const d of links.ofType(TYPES.droplet).filter(present)) {
            const tags = asList(d.version.inputs.tags).filter((t): t is string => typeof t === "string");
            if (tags.some((t) => admits("tag", t)) || admits("droplet", text(d.version.outputs.id)) || admits("ip_addr", text(d.version.outputs.ipv4Address))) {
                result.push({ client: d.version.urn, cluster });
            }
        }
        for (const eip of links.ofType(TYPES.eip).filter(present)) {
            if (admits("ip_addr", text(eip.version.outputs.publicIp))) {
                result.push({ client: eip.version.urn, cluster });
            }
        }
    }
    return result;
}

// ---------------------------------------------------------------------------
// What was live before the change, and what breaks it at one moment.

export interface LiveSide {
    readonly hostname: string;
    /** Share of the hostname's answers (0-1) before the change. */
    readonly share: number;
    readonly target: RecordFact["target"];
}

/** What the base served: every side with a share, and every client's database access. */
export interface Demand {
    readonly hostnames: ReadonlySet<string>;
    readonly sides: readonly LiveSide[];
    readonly access: readonly Access[];
    /** Droplets serving production before the change (behind a live balancer, or adopted as they run). */
    readonly liveDroplets: ReadonlySet<string>;
}

export function demandOf(base: World, options: { readonly adopted?: ReadonlySet<string> } = {}): Demand {
    const sides: LiveSide[] = [];
    for (const group of dnsGroups(base)) {
        const shares = routeShares(group.records);
        group.records.forEach((r, i) => {
            if (shares[i] > 0) {
                sides.push({ hostname: group.hostname, share: shares[i], target: r.target });
            }
        });
    }
    const liveDroplets = new Set(options.adopted ?? []);
    for (const side of sides) {
        if (side.target.kind === "do-lb") {
            for (const d of dropletSets(base).get(side.target.lb.version.urn)?.droplets ?? []) {
                liveDroplets.add(d.version.urn);
            }
        }
    }
    return { hostnames: new Set(sides.map((s) => s.hostname)), sides, access: databaseAccess(base), liveDroplets };
}

export type ProblemKind =
    /** A share of a live hostname is answered by nothing healthy. */
    | "share-unserved"
    /** A client loses a database it reaches today. */
    | "dependency-lost"
    /** A side loses its traffic and its capacity in one change: cached answers still reach it. */
    | "drained-too-soon"
    /** A worker not safe to run twice runs on the Droplets and on Fargate at once (./ownership.ts). */
    | "worker-overlap"
    /** A worker that cannot pause runs nowhere (./ownership.ts). */
    | "worker-idle"
    /** A job's schedule is ENABLED while the Droplets' crontab owns it (./ownership.ts). */
    | "job-two-owners";

export interface Problem {
    readonly kind: ProblemKind;
    /** Identifies the problem across moments (its message says why at each one). */
    readonly key: string;
    /** What breaks, for whom: the hostname, or the client resource. */
    readonly subject: string;
    readonly message: string;
    /** The resources whose state causes it (for the safe sequence). */
    readonly causes: readonly string[];
}

function nameOf(e: Entry): string {
    return e.version.urn.split("::").pop() ?? e.version.urn;
}

/** Why each live share of the world's hostnames goes unanswered, one problem per hostname and side. */
export function servingProblems(world: World, demand: Demand): Problem[] {
    const problems: Problem[] = [];
    for (const group of dnsGroups(world)) {
        if (!demand.hostnames.has(group.hostname)) {
            continue;
        }
        const shares = routeShares(group.records);
        group.records.forEach((r, i) => {
            if (shares[i] === 0) {
                return;
            }
            const share = `${Math.round(shares[i] * 1000) / 10}%`;
            if (r.target.kind === "alb") {
                const failure = albFailure(world, r.target.alb, group.hostname);
                if (failure !== undefined) {
                    problems.push({
                        kind: "share-unserved", key: `share-unserved\u0000${group.hostname}\u0000${failure.target.replace(/#old$/, "")}`, subject: group.hostname,
                        message: `${share} of ${group.hostname} goes to the ALB, and ${failure.message}`, causes: [failure.target.replace(/#old$/, ""), r.target.alb.version.urn],
                    });
                }
            } else if (r.target.kind === "do-lb") {
                const problem = doLoadBalancerProblem(world, r.target.lb);
                if (problem !== undefined) {
                    problems.push({
                        kind: "share-unserved", key: `share-unserved\u0000${group.hostname}\u0000${r.target.lb.version.urn}`, subject: group.hostname,
                        message: `${share} of ${group.hostname} goes to the Droplets, and ${problem}`, causes: [r.target.lb.version.urn],
                    });
                }
            }
        });
    }
    return problems;
}

/** Clusters whose trusted sources are not known at this moment (a preview): nothing is judged about them. */
function unknownClusters(world: World): Set<string> {
    return new Set(world.filter((e) => e.version.type === TYPES.databaseFirewall && present(e))
        .filter((e) => e.version.inputs.rules === UNKNOWN || asList(e.version.inputs.rules).some((r) => r === UNKNOWN || Object.values(asRecord(r) ?? {}).includes(UNKNOWN)))
        .map((e) => text(e.version.inputs.clusterId)).filter((c): c is string => c !== undefined));
}

/** Database access the base had and this moment lost, for clients that still exist. */
export function dependencyProblems(world: World, demand: Demand): Problem[] {
    const unknown = unknownClusters(world);
    const now = new Set(databaseAccess(world).map(accessKey));
    const existing = new Set(world.filter(present).map((e) => e.version.urn));
    const firewallsPresent = world.some((e) => e.version.type === TYPES.databaseFirewall && present(e));
    if (!firewallsPresent) {
        return [];
    }
    return demand.access.filter((a) => existing.has(a.client) && !now.has(accessKey(a)) && !unknown.has(a.cluster)).map((a) => {
        const client = world.find((e) => e.version.urn === a.client)!;
        const tags = asList(client.version.inputs.tags).filter((t): t is string => typeof t === "string");
        return {
            kind: "dependency-lost" as const,
            key: `dependency-lost\u0000${accessKey(a)}`,
            subject: nameOf(client),
            message: `${nameOf(client)} can no longer reach database cluster ${a.cluster}: no trusted source admits it${client.version.type === TYPES.droplet ? ` (its tags become ${tags.length === 0 ? "none" : tags.join(", ")})` : ""}`,
            causes: [a.client],
        };
    });
}
