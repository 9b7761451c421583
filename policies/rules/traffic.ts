// Traffic safety for the weighted Route 53 split between the Droplets and
// Fargate (../shared/reference/aws.md "Route 53 weighted records"): every
// weighted record can be failed away from by its own health signal, TTLs are
// short and equal so shares and rollbacks take effect, prod services that
// take traffic roll themselves back, the legacy side points at the
// DigitalOcean load balancer this stack owns, and prod legacy resources
// cannot be deleted by accident.
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Node, TYPES, depsOf, idOf, nodes, ofType, scaledServiceName } from "../lib/stack";
import { Props, asList, asNumber, asRecord, asString, isUnknown, knownStrings, propsOf, settings } from "../lib/values";
import { forwardedGroups } from "../lib/reachability";
import { AlbRule, bypassesOfSplit, errorCodesCountedHealthy, route53Shares, splitOf } from "../lib/routing";

function weighted(record: Node): boolean {
    return asList(record.props.weightedRoutingPolicies).length > 0 || isUnknown(record.props.weightedRoutingPolicies);
}

function weightOf(record: Node): number | undefined {
    return asNumber(asRecord(asList(record.props.weightedRoutingPolicies)[0])?.weight);
}

function alias(record: Node): Props | undefined {
    return asRecord(asList(record.props.aliases)[0]);
}

function dnsKey(name: string): string {
    return name.toLowerCase().replace(/\.$/, "").replace(/^dualstack\./, "");
}

/** Listener rules on an ALB: the services it routes to by host/path. */
function listenerRuleCount(lb: Node, all: readonly Node[]): number {
    const listeners = ofType(all, TYPES.listeners).filter((l) =>
        (typeof l.props.loadBalancerArn === "string" && l.props.loadBalancerArn === lb.props.arn) || depsOf(l, "loadBalancerArn").includes(lb.urn));
    return ofType(all, TYPES.listenerRules).filter((r) => listeners.some((l) =>
        (typeof r.props.listenerArn === "string" && r.props.listenerArn === l.props.arn) || depsOf(r, "listenerArn").includes(l.urn))).length;
}

const healthSchema: PolicyConfigSchema = {
    properties: {
        maxServicesPerAlbForAliasHealth: {
            type: "integer", minimum: 0, default: 1,
            description: "An alias's evaluateTargetHealth counts as the service's own health only when its ALB has at most this many listener rules (services).",
        },
    },
};

export const weightedRecordHealthCheck: StackValidationPolicy = {
    name: "traffic-weighted-record-health-check",
    description: "Every weighted Route 53 record must carry a health check that reflects its own service.",
    configSchema: healthSchema,
    validateStack: (args, reportViolation) => {
        const { maxServicesPerAlbForAliasHealth } = settings<{ maxServicesPerAlbForAliasHealth: number }>(healthSchema, args.getConfig());
        const all = nodes(args.resources);
        const records = ofType(all, TYPES.record).filter(weighted);
        const checks = ofType(all, TYPES.healthCheck);
        const checkOf = (record: Node): Node | undefined => healthCheckOf(record, checks);
        for (const record of records) {
            const name = asString(record.props.name) ?? record.name;
            if (record.props.healthCheckId !== undefined) {
                const check = checkOf(record);
                if (check === undefined) {
                    continue;
                }
                const sharedWith = records.filter((r) => r !== record && checkOf(r) === check && asString(r.props.name) !== undefined && asString(r.props.name) !== name);
                if (sharedWith.length > 0) {
                    reportViolation(`${record.name}: health check ${check.name} is also attached to ${sharedWith.map((r) => asString(r.props.name)).join(", ")}, so it cannot reflect ${name} alone; give each hostname's record its own health check.`, record.urn);
                }
                const ip = asString(check.props.ipAddress);
                const values = knownStrings(record.props.records);
                if (ip !== undefined && alias(record) === undefined && values.length > 0 && !values.includes(ip)) {
                    reportViolation(`${record.name}: health check ${check.name} probes ${ip}, but the record answers ${values.join(", ")}; point the check at the record's own target.`, record.urn);
                }
                continue;
            }
            const target = alias(record);
            if (target !== undefined && target.evaluateTargetHealth === true) {
                const aliasName = asString(target.name);
                const lb = ofType(all, TYPES.loadBalancers).find((l) =>
                    (aliasName !== undefined && typeof l.props.dnsName === "string" && dnsKey(l.props.dnsName) === dnsKey(aliasName)) || depsOf(record, "aliases").includes(l.urn));
                if (lb === undefined) {
                    if (aliasName === undefined) {
                        continue; // alias target unknown at preview
                    }
                    reportViolation(`${record.name}: evaluateTargetHealth on ${aliasName}, which is no load balancer of this stack, cannot be shown to reflect ${name}; attach a healthCheckId.`, record.urn);
                    continue;
                }
                const services = listenerRuleCount(lb, all);
                if (services > maxServicesPerAlbForAliasHealth) {
                    reportViolation(`${record.name}: evaluateTargetHealth reflects the whole ALB ${lb.name}, which routes ${services} services; attach a healthCheckId (a CLOUDWATCH_METRIC check on this service's healthy hosts).`, record.urn);
                }
                continue;
            }
            reportViolation(`${record.name}: weighted record ${name} has no health check, so Route 53 keeps sending its share when it is down; set healthCheckId${target !== undefined ? " (or evaluateTargetHealth on an ALB that serves only this service)" : ""}.`, record.urn);
        }
    },
};

const ttlSchema: PolicyConfigSchema = {
    properties: {
        maxTtlSeconds: { type: "integer", minimum: 0, maximum: 86400, default: 60, description: "Largest TTL of a weighted record, seconds." },
    },
};

export const weightedRecordTtl: StackValidationPolicy = {
    name: "traffic-weighted-record-ttl",
    description: "Weighted Route 53 records must have a short TTL, the same across their group.",
    configSchema: ttlSchema,
    validateStack: (args, reportViolation) => {
        const { maxTtlSeconds } = settings<{ maxTtlSeconds: number }>(ttlSchema, args.getConfig());
        const groups = new Map<string, { record: Node; ttl: number }[]>();
        for (const record of ofType(nodes(args.resources), TYPES.record).filter(weighted)) {
            const ttl = asNumber(record.props.ttl);
            const name = asString(record.props.name);
            const type = asString(record.props.type);
            if (ttl === undefined) {
                continue; // alias records have no TTL of their own
            }
            if (ttl > maxTtlSeconds) {
                reportViolation(`${record.name}: ttl ${ttl} is above ${maxTtlSeconds} seconds; lower it so a weight change or rollback reaches clients quickly.`, record.urn);
            }
            if (name !== undefined && type !== undefined) {
                const key = `${dnsKey(name)} ${type}`;
                groups.set(key, [...(groups.get(key) ?? []), { record, ttl }]);
            }
        }
        for (const [key, members] of groups) {
            const ttls = [...new Set(members.map((m) => m.ttl))];
            if (ttls.length > 1) {
                reportViolation(`${key}: weighted records ${members.map((m) => `${m.record.name} (${m.ttl})`).join(", ")} have different TTLs; give every record of the group the same TTL.`, members[0].record.urn);
            }
        }
    },
};

const resilienceSchema: PolicyConfigSchema = {
    properties: {
        enabled: { type: "boolean", default: false, description: "Apply the rule (true in prod)." },
        minDesiredCount: { type: "integer", minimum: 1, default: 2, description: "Fewest tasks of a service behind the load balancer." },
    },
};

export const prodServiceResilience: ResourceValidationPolicy = {
    name: "traffic-prod-service-resilience",
    description: "In prod, ECS services behind the load balancer must run several tasks and roll back failed deployments by circuit breaker and alarms.",
    configSchema: resilienceSchema,
    validateResource: (args, reportViolation) => {
        const { enabled, minDesiredCount } = settings<{ enabled: boolean; minDesiredCount: number }>(resilienceSchema, args.getConfig());
        if (!enabled || args.type !== TYPES.ecsService) {
            return;
        }
        const props = propsOf(args);
        if (asList(props.loadBalancers).length === 0) {
            return; // takes no traffic
        }
        const desired = asNumber(props.desiredCount);
        if (desired !== undefined && desired < minDesiredCount) {
            reportViolation(`${args.name}: desiredCount ${desired} is below ${minDesiredCount}; run at least ${minDesiredCount} tasks so one failure does not drop the service.`);
        }
        const breaker = asRecord(props.deploymentCircuitBreaker);
        if (!isUnknown(props.deploymentCircuitBreaker) && !(breaker?.enable === true && breaker?.rollback === true) && !isUnknown(breaker?.enable) && !isUnknown(breaker?.rollback)) {
            reportViolation(`${args.name}: deploymentCircuitBreaker is not { enable: true, rollback: true }; enable it so a deployment that cannot start healthy tasks rolls back.`);
        }
        const alarms = asRecord(props.alarms);
        const names = alarms?.alarmNames;
        if (!isUnknown(props.alarms) && !isUnknown(names) && !(alarms?.enable === true && alarms?.rollback === true && asList(names).length > 0)) {
            reportViolation(`${args.name}: alarms is not { enable: true, rollback: true } with alarmNames; name the service's CloudWatch alarms so a deployment that breaks them rolls back.`);
        }
    },
};

/** The health check a record names by id, or depends on through healthCheckId at preview. */
function healthCheckOf(record: Node, checks: readonly Node[]): Node | undefined {
    const id = asString(record.props.healthCheckId);
    return checks.find((c) => (id !== undefined && idOf(c) === id) || depsOf(record, "healthCheckId").includes(c.urn));
}

// Route 53 treats a disabled health check as always healthy, and an inverted
// one as healthy exactly when its endpoint fails (Route 53 API Reference,
// HealthCheckConfig Disabled and Inverted,
// https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html).
// Either way the weighted record keeps its share while its side is down. No
// public rule set checks this (Checkov has no Route 53 health check rule).
export const weightedRecordHealthCheckActive: StackValidationPolicy = {
    name: "traffic-health-check-active",
    description: "A health check behind a weighted Route 53 record must be neither disabled nor inverted.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const checks = ofType(all, TYPES.healthCheck);
        const reported = new Set<string>();
        for (const record of ofType(all, TYPES.record).filter(weighted)) {
            const check = healthCheckOf(record, checks);
            if (check === undefined || reported.has(check.urn)) {
                continue;
            }
            const name = asString(record.props.name) ?? record.name;
            if (check.props.disabled === true) {
                reportViolation(`${check.name}: disabled is true, so Route 53 counts it healthy and keeps sending ${name}'s share to ${record.name} when it is down; set disabled to false.`, check.urn);
                reported.add(check.urn);
            }
            if (check.props.invertHealthcheck === true) {
                reportViolation(`${check.name}: invertHealthcheck is true, so Route 53 counts ${record.name} healthy exactly when its endpoint fails; set invertHealthcheck to false.`, check.urn);
                reported.add(check.urn);
            }
        }
    },
};

const autoscalingSchema: PolicyConfigSchema = {
    properties: {
        enabled: { type: "boolean", default: false, description: "Apply the rule (true in prod)." },
        minCapacity: {
            type: "integer", minimum: 1, default: 2,
            description: "Fewest tasks autoscaling may leave a service behind the load balancer; keep it equal to traffic-prod-service-resilience.minDesiredCount.",
        },
    },
};

// The autoscaling half of traffic-prod-service-resilience: Application Auto
// Scaling owns the task count once a service exists (the program ignores
// desiredCount changes), so its minCapacity is the real floor. No public rule
// set checks it.
export const prodAutoscalingMinimum: StackValidationPolicy = {
    name: "traffic-prod-autoscaling-minimum",
    description: "In prod, autoscaling must never scale a service behind the load balancer below the resilience minimum.",
    configSchema: autoscalingSchema,
    validateStack: (args, reportViolation) => {
        const { enabled, minCapacity } = settings<{ enabled: boolean; minCapacity: number }>(autoscalingSchema, args.getConfig());
        if (!enabled) {
            return;
        }
        const all = nodes(args.resources);
        const services = ofType(all, TYPES.ecsService);
        for (const target of ofType(all, TYPES.scalingTarget)) {
            if (target.props.serviceNamespace !== "ecs" || target.props.scalableDimension !== "ecs:service:DesiredCount") {
                continue;
            }
            const serviceName = scaledServiceName(target);
            const service = services.find((svc) => (serviceName !== undefined && svc.props.name === serviceName) || depsOf(target, "resourceId").includes(svc.urn));
            if (service === undefined || asList(service.props.loadBalancers).length === 0) {
                continue; // not a service of this stack that takes traffic, or unknown at preview
            }
            const min = asNumber(target.props.minCapacity);
            if (min !== undefined && min < minCapacity) {
                reportViolation(`${target.name}: minCapacity ${min} lets autoscaling run ${service.name} on fewer than ${minCapacity} tasks; set minCapacity to at least ${minCapacity}.`, target.urn);
            }
        }
    },
};

export const legacyRecordTarget: StackValidationPolicy = {
    name: "traffic-legacy-record-target",
    description: "A weighted legacy A record that takes traffic must point at a DigitalOcean load balancer of this stack.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const lbs = ofType(all, TYPES.doLoadBalancer);
        const ips = new Set(lbs.map((lb) => asString(lb.props.ip)).filter((ip): ip is string => ip !== undefined));
        for (const record of ofType(all, TYPES.record).filter(weighted)) {
            const weight = weightOf(record);
            if (record.props.type !== "A" || alias(record) !== undefined || weight === undefined || weight === 0) {
                continue;
            }
            const values = asList(record.props.records);
            if (values.some(isUnknown) || isUnknown(record.props.records)) {
                if (!lbs.some((lb) => depsOf(record, "records").includes(lb.urn))) {
                    reportViolation(`${record.name}: weight ${weight} but its address depends on no DigitalOcean load balancer of this stack; point it at the load balancer's ip.`, record.urn);
                }
                continue;
            }
            const stray = knownStrings(values).filter((ip) => !ips.has(ip));
            if (stray.length > 0 || values.length === 0) {
                reportViolation(`${record.name}: weight ${weight} sends traffic to ${stray.join(", ") || "no address"}, which is no DigitalOcean load balancer of this stack (${[...ips].join(", ") || "none"}); point it at the load balancer's ip.`, record.urn);
            }
        }
    },
};

const protectSchema: PolicyConfigSchema = {
    properties: {
        requireProtect: { type: "boolean", default: false, description: "Legacy resources must be protected (true in prod)." },
    },
};

const LEGACY_TYPES: readonly string[] = [TYPES.droplet, TYPES.doLoadBalancer, TYPES.doFirewall, TYPES.doVpc];

export const legacyProtected: ResourceValidationPolicy = {
    name: "traffic-legacy-protected",
    description: "Legacy DigitalOcean Droplets, load balancers, firewalls and VPCs must be protected from deletion where the stack requires it.",
    configSchema: protectSchema,
    validateResource: (args, reportViolation) => {
        const { requireProtect } = settings<{ requireProtect: boolean }>(protectSchema, args.getConfig());
        if (requireProtect && LEGACY_TYPES.includes(args.type) && args.opts.protect !== true) {
            reportViolation(`${args.name}: is not protected; register it with { protect: true } so no update can delete the production legacy side.`);
        }
    },
};

/** Weighted records grouped as Route 53 groups them: same name and type. */
function weightedGroups(records: readonly Node[]): Map<string, Node[]> {
    const groups = new Map<string, Node[]>();
    for (const record of records.filter(weighted)) {
        const name = asString(record.props.name);
        const type = asString(record.props.type);
        if (name !== undefined && type !== undefined) {
            const key = `${dnsKey(name)} ${type}`;
            groups.set(key, [...(groups.get(key) ?? []), record]);
        }
    }
    return groups;
}

// Route 53 Developer Guide, "Weighted routing": "If you set Weight to 0 for
// all of the records in the group, traffic is routed to all resources with
// equal probability", so a group written as "0% everywhere" serves every
// side equally (lib/routing.ts route53Shares).
export const weightedRecordWeights: StackValidationPolicy = {
    name: "traffic-weighted-record-weights",
    description: "A weighted Route 53 group must give some record a non-zero weight: all-zero weights spread traffic equally.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        for (const [key, members] of weightedGroups(ofType(nodes(args.resources), TYPES.record))) {
            const weights = members.map(weightOf);
            if (members.length < 2 || weights.some((w) => w === undefined) || weights.some((w) => w !== 0)) {
                continue;
            }
            const shares = route53Shares(members.map((m) => ({ id: m.name, weight: 0, healthy: true })));
            reportViolation(`${key}: every weighted record (${members.map((m) => m.name).join(", ")}) has weight 0, so Route 53 spreads traffic equally (${[...shares.values()].map((s) => `${Math.round(s * 100)}%`).join(" / ")}), not 0%; give the side that should serve a non-zero weight.`, members[0].urn);
        }
    },
};

const sightSchema: PolicyConfigSchema = {
    properties: {
        maxFailoverSeconds: {
            type: "integer", minimum: 30, maximum: 3600, default: 150,
            description: "Longest time from a side failing to clients leaving it: requestInterval x failureThreshold + the record's TTL (150: Route 53's default check, 30 s x 3, with a 60 s TTL).",
        },
    },
};

/** Whether a record answers a load balancer: an alias to one of the stack's ALBs, or the ip of a DigitalOcean load balancer. */
function answersLoadBalancer(record: Node, all: readonly Node[]): boolean {
    const aliasName = asString(alias(record)?.name);
    if (aliasName !== undefined && /\.elb\.amazonaws\.com\.?$/i.test(aliasName)) {
        return true;
    }
    const ips = ofType(all, TYPES.doLoadBalancer).map((lb) => asString(lb.props.ip)).filter((ip): ip is string => ip !== undefined);
    return knownStrings(record.props.records).some((ip) => ips.includes(ip));
}

// Route 53 API Reference, HealthCheckConfig: a CALCULATED check with
// HealthThreshold 0 "always considers this health check to be healthy", and
// one above its child count can never be healthy; a CLOUDWATCH_METRIC check
// with InsufficientDataHealthStatus Healthy is healthy when the metric
// stops; a TCP check only sees that the port opens, which a load balancer
// does with every target down; a check of the record's own name resolves the
// weighted answers themselves; and requestInterval x failureThreshold + TTL
// bounds how long clients keep a failed side (shared/reference/aws.md).
export const healthCheckSeesFailure: StackValidationPolicy = {
    name: "traffic-health-check-sees-failure",
    description: "A health check behind a weighted Route 53 record must be able to see its side fail, soon enough.",
    configSchema: sightSchema,
    validateStack: (args, reportViolation) => {
        const { maxFailoverSeconds } = settings<{ maxFailoverSeconds: number }>(sightSchema, args.getConfig());
        const all = nodes(args.resources);
        const checks = ofType(all, TYPES.healthCheck);
        for (const record of ofType(all, TYPES.record).filter(weighted)) {
            const check = healthCheckOf(record, checks);
            if (check === undefined) {
                continue;
            }
            const p = check.props;
            const type = asString(p.type);
            const name = asString(record.props.name) ?? record.name;
            const problems: string[] = [];
            if (type === "CALCULATED") {
                const threshold = asNumber(p.childHealthThreshold);
                const children = asList(p.childHealthchecks);
                if (threshold === 0) {
                    problems.push("childHealthThreshold 0 makes Route 53 count it healthy always; set it to the number of child checks that must pass (at least 1)");
                } else if (threshold !== undefined && !isUnknown(p.childHealthchecks) && threshold > children.length) {
                    problems.push(`childHealthThreshold ${threshold} is above its ${children.length} child checks, so it can never be healthy; set it to at most ${children.length}`);
                }
            } else if (type === "CLOUDWATCH_METRIC") {
                if (p.insufficientDataHealthStatus === "Healthy") {
                    problems.push("insufficientDataHealthStatus Healthy counts the side healthy when its metric stops (no tasks, no target group); set it to Unhealthy or LastKnownStatus");
                }
            } else if (type === "TCP" && answersLoadBalancer(record, all)) {
                problems.push("a TCP check only sees the load balancer accept connections, which it does with every target down; use HTTPS (or HTTP) with a resourcePath the application answers");
            } else if ((type === "HTTP" || type === "HTTPS" || type === "HTTP_STR_MATCH" || type === "HTTPS_STR_MATCH") && p.ipAddress === undefined
                && typeof p.fqdn === "string" && dnsKey(p.fqdn) === dnsKey(name)) {
                problems.push(`it resolves ${name}, the weighted name itself, so it probes whichever side DNS answers; give it the side's own ipAddress or a hostname that reaches only that side`);
            }
            const interval = asNumber(p.requestInterval) ?? 30;
            const failures = asNumber(p.failureThreshold) ?? 3;
            const ttl = asNumber(record.props.ttl) ?? 60;
            if (type !== "CALCULATED" && type !== "CLOUDWATCH_METRIC" && interval * failures + ttl > maxFailoverSeconds) {
                problems.push(`requestInterval ${interval} x failureThreshold ${failures} + TTL ${ttl} keeps clients on a failed side up to ${interval * failures + ttl} s, above ${maxFailoverSeconds}; lower failureThreshold or use requestInterval 10`);
            }
            for (const problem of problems) {
                reportViolation(`${check.name}: health check of ${record.name} (${name}): ${problem}.`, check.urn);
            }
        }
    },
};

// Elastic Load Balancing: a listener evaluates rules in priority order and
// the first match wins, so a rule before the weighted stable/canary forward
// that matches the same hosts decides those requests (lib/routing.ts
// bypassesOfSplit).
export const albKeepsSplit: StackValidationPolicy = {
    name: "traffic-alb-keeps-split",
    description: "No listener rule evaluated before a weighted stable/canary forward may send its requests to the canary beyond the split's weight.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const groups = ofType(all, TYPES.targetGroups);
        const groupKey = (holder: Node, key: string, arn: unknown): string | undefined => {
            const tg = groups.find((g) => (typeof arn === "string" && g.props.arn === arn) || depsOf(holder, key).includes(g.urn));
            return tg?.name ?? asString(arn);
        };
        const rules = ofType(all, TYPES.listenerRules);
        const byListener = new Map<string, Node[]>();
        for (const r of rules) {
            const key = asString(r.props.listenerArn) ?? depsOf(r, "listenerArn")[0];
            if (key !== undefined) {
                byListener.set(key, [...(byListener.get(key) ?? []), r]);
            }
        }
        for (const members of byListener.values()) {
            const albRules: AlbRule[] = members.flatMap((r) => {
                const priority = asNumber(r.props.priority);
                const forward = asList(r.props.actions).map((a) => asRecord(a) ?? {}).find((a) => a.type === "forward");
                if (priority === undefined || forward === undefined) {
                    return [];
                }
                const targets = forwardedGroups(forward).map((g) => ({ key: groupKey(r, "actions", g.arn), weight: g.weight }));
                if (targets.some((t) => t.key === undefined)) {
                    return [];
                }
                const conditions = asList(r.props.conditions).map((c) => asRecord(c) ?? {});
                const hosts = conditions.flatMap((c) => knownStrings(asRecord(c.hostHeader)?.values));
                const paths = conditions.flatMap((c) => knownStrings(asRecord(c.pathPattern)?.values));
                return [{ name: r.name, priority, hosts: hosts.length > 0 ? hosts : undefined, paths: paths.length > 0 ? paths : undefined, split: splitOf(targets as { key: string; weight: number | undefined }[]) }];
            });
            for (const b of bypassesOfSplit(albRules)) {
                const node = members.find((m) => m.name === b.rule.name)!;
                const matched = `${b.rule.hosts?.join(", ") ?? "every host"}${b.rule.paths === undefined ? "" : ` ${b.rule.paths.join(", ")}`}`;
                reportViolation(`${b.rule.name}: priority ${b.rule.priority} is evaluated before ${b.of.name} (priority ${b.of.priority}) and sends ${matched} requests to ${b.group} at ${Math.round(b.share * 100)}% instead of the split's ${Math.round(b.intended * 100)}%, around the stable path; remove it, or forward with the split's weights.`, node.urn);
            }
        }
    },
};

// Elastic Load Balancing, target group health checks: the matcher lists the
// codes that mean healthy; counting 4xx or 5xx in keeps a target that answers
// errors in service (and in the weighted split).
export const targetHealthMatcher: ResourceValidationPolicy = {
    name: "traffic-target-health-matcher",
    description: "Target group health checks must not count error responses (4xx, 5xx) as healthy.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (!(TYPES.targetGroups as readonly string[]).includes(args.type)) {
            return;
        }
        const check = asRecord(propsOf(args).healthCheck);
        const matcher = asString(check?.matcher);
        const protocol = asString(check?.protocol) ?? "HTTP";
        if (matcher === undefined || !/^HTTPS?$/.test(protocol)) {
            return;
        }
        const errors = errorCodesCountedHealthy(matcher);
        if (errors !== undefined) {
            reportViolation(`${args.name}: healthCheck.matcher ${JSON.stringify(matcher)} counts ${errors} as healthy, so a target answering errors stays in service; match only the codes the health path returns when healthy (for example "200" or "200-399").`);
        }
    },
};
