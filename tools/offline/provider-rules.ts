// What the providers and cloud APIs refuse, checked on what the program
// registered: one table, one row per rule, each with its source. The offline
// plan fails on any broken rule the way `pulumi preview` (or `pulumi up`)
// would, naming resource, property, value and limit. Unknown values (a
// preview) are skipped: a rule judges only what is known.
//
// Sources, abbreviated in the rows:
// - "API": the AWS API reference, read from botocore 1.29.27's service
//   models (/usr/lib/python3/dist-packages/botocore/data/<service>/<version>/
//   service-2.json: shape min/max/pattern/enum, or the member's documented
//   constraint); "API doc" quotes the member documentation.
// - "TF": the Terraform AWS provider's validation, which pulumi-aws runs at
//   check time (hashicorp/terraform-provider-aws), or the upstream docs
//   shipped in @pulumi/aws 7.48.0's typings.
// - "DO API": digitalocean/openapi specification/resources/... (commit
//   7c1300c4); "DO TF": digitalocean/terraform-provider-digitalocean
//   (commit 401992a1), which pulumi-digitalocean runs at check time.
import * as net from "net";
import { FARGATE_CPU_VALUES, FARGATE_MAX_STOP_TIMEOUT_SECONDS, fargateMemoryProblem } from "../../policies/lib/fargate-sizes";
import { AUTONAME_SOURCE, AUTONAMING, physicalName, type PhysicalName } from "./autonaming";
import { RESOURCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE, type Registration } from "./capture";
import { SIZE_UNIT_UNAVAILABLE_REGIONS } from "../../components/legacy/catalog";

/** A value known only after deployment. */
export const UNKNOWN: unique symbol = Symbol("unknown");
/** A secret input: rules read its value, messages never show it. */
export class SecretInput {
    constructor(readonly value: unknown) {}
}

/** A registered resource as the rules see it. */
export interface RuleResource {
    readonly urn: string;
    readonly type: string;
    /** Logical (Pulumi) name. */
    readonly name: string;
    /** Inputs: secrets as SecretInput, preview unknowns as UNKNOWN, resource references as URNs. */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Per input, the URNs of the resources its value comes from. */
    readonly dependencies: Readonly<Record<string, readonly string[]>>;
}

/** One broken rule on one value. */
export interface Finding {
    /** Input path, e.g. `healthCheck.interval` or `forwardingRules[1].entryPort`. */
    readonly property: string;
    /** The value as shown (secrets as [secret]). */
    readonly value: string;
    /** What is allowed, when it depends on the resource; else the rule's limit. */
    readonly limit?: string;
}

export interface ProviderRule {
    readonly id: string;
    /** Resource types the rule applies to. */
    readonly types: readonly string[];
    /** The input(s) the rule reads, as shown in the reference. */
    readonly property: string;
    /** What is allowed, completing "allowed ...". */
    readonly limit: string;
    readonly source: string;
    /** Checks one resource. */
    readonly check?: (resource: RuleResource) => readonly Finding[];
    /** Checks resources together (cross-resource rules); findings name their resource. */
    readonly checkStack?: (resources: readonly RuleResource[]) => readonly (Finding & { readonly urn: string })[];
}

export interface ProviderRuleViolation {
    readonly rule: string;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly property: string;
    readonly value: string;
    readonly limit: string;
    readonly source: string;
}

// ---------------------------------------------------------------------------
// Reading inputs

function fromWireForRules(value: unknown): unknown {
    if (value === UNKNOWN_VALUE) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(fromWireForRules);
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
        const inner = fromWireForRules(record.value);
        return inner === UNKNOWN ? UNKNOWN : new SecretInput(inner);
    }
    if (record[SIG_KEY] === RESOURCE_SIG) {
        return record.urn;
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fromWireForRules(v)]));
}

/** A registration as the rules see it. */
export function ruleResourceOf(r: Registration): RuleResource {
    return { urn: r.urn, type: r.type, name: r.name, inputs: fromWireForRules(r.inputs) as Record<string, unknown>, dependencies: r.propertyDependencies };
}

/** The value under a secret wrapper. */
export function plain(value: unknown): unknown {
    return value instanceof SecretInput ? value.value : value;
}

/** The value as a message shows it: secrets never. */
export function show(value: unknown): string {
    if (value instanceof SecretInput) {
        return "[secret]";
    }
    if (typeof value === "string") {
        return JSON.stringify(value.length > 100 ? `${value.slice(0, 97)}...` : value);
    }
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

interface Located {
    readonly path: string;
    readonly value: unknown;
}

/**
 * Every value at `path` ("a.b", "a[].b" walks a list), with its concrete
 * path; absent values are left out, unknown ones kept as UNKNOWN.
 */
export function valuesAt(inputs: Readonly<Record<string, unknown>>, path: string): Located[] {
    let current: Located[] = [{ path: "", value: inputs }];
    for (const segment of path.split(".")) {
        const list = segment.endsWith("[]");
        const key = list ? segment.slice(0, -2) : segment;
        const next: Located[] = [];
        for (const { path: at, value } of current) {
            const container = plain(value);
            if (typeof container !== "object" || container === null || Array.isArray(container)) {
                continue;
            }
            const child = (container as Record<string, unknown>)[key];
            const childPath = at === "" ? key : `${at}.${key}`;
            if (child === undefined || child === null) {
                continue;
            }
            if (!list) {
                next.push({ path: childPath, value: child });
            } else if (Array.isArray(plain(child))) {
                (plain(child) as unknown[]).forEach((item, i) => {
                    if (item !== undefined && item !== null) {
                        next.push({ path: `${childPath}[${i}]`, value: item });
                    }
                });
            }
        }
        current = next;
    }
    return current;
}

function known(located: Located[]): Located[] {
    return located.filter((l) => !containsUnknown(l.value));
}

function containsUnknown(value: unknown): boolean {
    const v = plain(value);
    if (v === UNKNOWN) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsUnknown);
    }
    if (typeof v === "object" && v !== null) {
        return Object.values(v).some(containsUnknown);
    }
    return false;
}

/** A known input value, or undefined when absent or unknown. */
function input(r: RuleResource, path: string): unknown {
    const found = valuesAt(r.inputs, path);
    return found.length === 1 && !containsUnknown(found[0].value) ? plain(found[0].value) : undefined;
}

function isUnknownInput(r: RuleResource, path: string): boolean {
    return valuesAt(r.inputs, path).some((l) => containsUnknown(l.value));
}

/** The identity of a referenced resource: the known value, else the resources it comes from. */
function referenceKey(r: RuleResource, property: string): string | undefined {
    const value = input(r, property);
    if (typeof value === "string" && value !== "") {
        return `value:${value}`;
    }
    const deps = r.dependencies[property];
    return deps !== undefined && deps.length > 0 ? `urn:${[...deps].sort().join(",")}` : undefined;
}

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
    if (typeof text !== "string") {
        return { ok: false };
    }
    try {
        return { ok: true, value: JSON.parse(text) };
    } catch {
        return { ok: false };
    }
}

// ---------------------------------------------------------------------------
// Rule builders

type Types = readonly string[];
/** One input path, or several (the same field under listeners' defaultActions and rules' actions). */
type Paths = string | readonly string[];

function locate(r: RuleResource, paths: Paths): Located[] {
    return known((typeof paths === "string" ? [paths] : paths).flatMap((p) => valuesAt(r.inputs, p)));
}

function shown(paths: Paths): string {
    return typeof paths === "string" ? paths : paths.join(", ");
}

function lengthRule(id: string, types: Types, path: Paths, min: number, max: number, source: string, unit: "characters" | "bytes" = "characters"): ProviderRule {
    const size = (s: string) => (unit === "bytes" ? Buffer.byteLength(s, "utf8") : [...s].length);
    return {
        id, types, property: shown(path), source,
        limit: min > 0 ? `${min} to ${max} ${unit}` : `at most ${max} ${unit}`,
        check: (r) => locate(r, path)
            .filter((l) => typeof plain(l.value) === "string" && (size(plain(l.value) as string) < min || size(plain(l.value) as string) > max))
            .map((l) => ({ property: l.path, value: `${show(l.value)} (${size(plain(l.value) as string)} ${unit})` })),
    };
}

function patternRule(id: string, types: Types, path: Paths, pattern: RegExp, limit: string, source: string): ProviderRule {
    return {
        id, types, property: shown(path), limit, source,
        check: (r) => locate(r, path)
            .filter((l) => typeof plain(l.value) === "string" && !pattern.test(plain(l.value) as string))
            .map((l) => ({ property: l.path, value: show(l.value) })),
    };
}

function enumRule(id: string, types: Types, path: Paths, values: readonly (string | number)[], source: string, ignoreCase = false): ProviderRule {
    const norm = (v: unknown) => (ignoreCase && typeof v === "string" ? v.toLowerCase() : v);
    const allowed = new Set(values.map(norm));
    return {
        id, types, property: shown(path), source, limit: `one of ${values.join(", ")}`,
        check: (r) => locate(r, path)
            .filter((l) => !allowed.has(norm(plain(l.value))))
            .map((l) => ({ property: l.path, value: show(l.value) })),
    };
}

function intRule(id: string, types: Types, path: Paths, min: number, max: number | undefined, source: string): ProviderRule {
    return {
        id, types, property: shown(path), source,
        limit: max === undefined ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`,
        check: (r) => locate(r, path)
            .filter((l) => {
                const v = plain(l.value);
                return typeof v !== "number" || !Number.isInteger(v) || v < min || (max !== undefined && v > max);
            })
            .map((l) => ({ property: l.path, value: show(l.value) })),
    };
}

function countRule(id: string, types: Types, path: Paths, min: number, max: number, source: string): ProviderRule {
    return {
        id, types, property: shown(path), source, limit: min === max ? `exactly ${min} items` : `${min} to ${max} items`,
        check: (r) => locate(r, path)
            .filter((l) => Array.isArray(plain(l.value)) && ((plain(l.value) as unknown[]).length < min || (plain(l.value) as unknown[]).length > max))
            .map((l) => ({ property: l.path, value: `${(plain(l.value) as unknown[]).length} items` })),
    };
}

/** The name the provider will use: given, namePrefix + suffix, or auto-named. */
function nameOf(r: RuleResource, property = "name"): { located: string; value: string; physical: PhysicalName } | undefined {
    const physical = property === "name"
        ? physicalName(r.type, r.name, input(r, "name"), input(r, "namePrefix"), isUnknownInput(r, "name") || isUnknownInput(r, "namePrefix"))
        : (typeof input(r, property) === "string" ? { kind: "given" as const, name: input(r, property) as string } : { kind: "none" as const });
    switch (physical.kind) {
        case "given":
            return { located: property, value: physical.name, physical };
        case "prefix":
            return { located: "namePrefix", value: physical.name, physical };
        case "auto":
            return { located: "name", value: physical.name, physical };
        default:
            return undefined;
    }
}

function describeName(n: { value: string; physical: PhysicalName }): string {
    const note = n.physical.kind === "auto" ? " (auto-named from the logical name)" : n.physical.kind === "prefix" ? " (namePrefix + the provider's 26 characters)" : "";
    return `${JSON.stringify(n.value)}${note}`;
}

/** A rule on the physical name (as given, or as the provider will make it). */
function nameRule(id: string, types: Types, limit: string, ok: (name: string) => boolean, source: string, property = "name"): ProviderRule {
    return {
        id, types, property, limit, source,
        check: (r) => {
            const n = nameOf(r, property);
            return n === undefined || ok(n.value) ? [] : [{ property: n.located, value: `${describeName(n)}, ${[...n.value].length} characters` }];
        },
    };
}

function custom(id: string, types: Types, property: string, limit: string, source: string, check: (r: RuleResource) => readonly Finding[]): ProviderRule {
    return { id, types, property, limit, source, check };
}

// ---------------------------------------------------------------------------
// Types

const T = {
    lb: "aws:lb/loadBalancer:LoadBalancer",
    tg: "aws:lb/targetGroup:TargetGroup",
    listener: "aws:lb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    listenerCert: "aws:lb/listenerCertificate:ListenerCertificate",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    sgOut: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    eip: "aws:ec2/eip:Eip",
    cluster: "aws:ecs/cluster:Cluster",
    service: "aws:ecs/service:Service",
    taskDef: "aws:ecs/taskDefinition:TaskDefinition",
    ecr: "aws:ecr/repository:Repository",
    ecrLifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    ssmParameter: "aws:ssm/parameter:Parameter",
    cert: "aws:acm/certificate:Certificate",
    certValidation: "aws:acm/certificateValidation:CertificateValidation",
    zone: "aws:route53/zone:Zone",
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    scalingTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    droplet: "digitalocean:index/droplet:Droplet",
    doLb: "digitalocean:index/loadBalancer:LoadBalancer",
    doFw: "digitalocean:index/firewall:Firewall",
    doVpc: "digitalocean:index/vpc:Vpc",
    doTag: "digitalocean:index/tag:Tag",
    doProject: "digitalocean:index/project:Project",
    doDbFw: "digitalocean:index/databaseFirewall:DatabaseFirewall",
} as const;

/** AWS types that take `tags`. */
const TAGGED_AWS = [T.lb, T.tg, T.listener, T.listenerRule, T.sg, T.sgIn, T.sgOut, T.eip, T.cluster, T.service, T.taskDef, T.ecr, T.logGroup,
    T.alarm, T.role, T.secret, T.ssmParameter, T.cert, T.zone, T.healthCheck, T.scalingTarget] as const;

// ---------------------------------------------------------------------------
// Helpers for specific rules

function isIpv4(text: string): boolean {
    return net.isIPv4(text);
}

function isCidr(text: string): boolean {
    const [ip, bits, ...rest] = text.split("/");
    if (rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits)) {
        return false;
    }
    const max = net.isIPv4(ip) ? 32 : net.isIPv6(ip) ? 128 : -1;
    return max >= 0 && Number(bits) <= max;
}

/** Route 53 can't health-check local, private, non-routable or multicast IPv4 (RFC 5735, RFC 6598). */
function nonPublicIpv4(ip: string): boolean {
    const [a, b] = ip.split(".").map(Number);
    return a === 0 || a === 10 || a === 127 || a >= 224
        || (a === 100 && b >= 64 && b <= 127)
        || (a === 169 && b === 254)
        || (a === 172 && b >= 16 && b <= 31)
        || (a === 192 && b === 168)
        || (a === 192 && b === 0)
        || (a === 198 && (b === 18 || b === 19));
}

/** ELB matcher codes: "200", "200,202", "200-299"; each code within [lo, hi]. */
function matcherProblem(text: string, lo: number, hi: number): boolean {
    return !text.split(",").every((part) => {
        const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part.trim());
        if (m === null) {
            return false;
        }
        const from = Number(m[1]);
        const to = m[2] === undefined ? from : Number(m[2]);
        return from >= lo && to <= hi && from <= to;
    });
}

function containerDefinitions(r: RuleResource): { index: number; def: Record<string, unknown> }[] {
    const parsed = parseJson(input(r, "containerDefinitions"));
    return parsed.ok && Array.isArray(parsed.value) ? parsed.value.map((def, index) => ({ index, def: def as Record<string, unknown> })) : [];
}

function isFargate(r: RuleResource): boolean {
    const compat = input(r, "requiresCompatibilities");
    return Array.isArray(compat) && compat.map(plain).includes("FARGATE");
}

function recordName(r: RuleResource): string | undefined {
    const name = input(r, "name");
    return typeof name === "string" ? name.toLowerCase().replace(/\.$/, "") : undefined;
}

function isWeighted(r: RuleResource): boolean {
    const w = valuesAt(r.inputs, "weightedRoutingPolicies[]");
    return w.length > 0;
}

function hasRoutingPolicy(r: RuleResource): boolean {
    return ["weightedRoutingPolicies", "latencyRoutingPolicies", "failoverRoutingPolicies", "geolocationRoutingPolicies", "geoproximityRoutingPolicy", "cidrRoutingPolicy"]
        .some((p) => valuesAt(r.inputs, p).some((l) => !Array.isArray(plain(l.value)) || (plain(l.value) as unknown[]).length > 0))
        || input(r, "multivalueAnswerRoutingPolicy") === true;
}

/** Records grouped by hosted zone, name and type (zones by id, or by the resource the id comes from). */
function recordGroups(resources: readonly RuleResource[]): RuleResource[][] {
    const groups = new Map<string, RuleResource[]>();
    for (const r of resources.filter((x) => x.type === T.record)) {
        const zone = referenceKey(r, "zoneId");
        const name = recordName(r);
        const type = input(r, "type");
        if (zone === undefined || name === undefined || typeof type !== "string") {
            continue;
        }
        const key = `${zone}|${name}|${type}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return [...groups.values()];
}

const WHITESPACE = /\s+/g;

/** A field of a listener's default actions and of a rule's actions. */
function actions(field: string): readonly string[] {
    return [`defaultActions[].${field}`, `actions[].${field}`];
}

// ---------------------------------------------------------------------------
// Sources

const ELB = {
    lbName: "API: ELBv2 CreateLoadBalancer Name (\"a maximum of 32 characters, must contain only alphanumeric characters or hyphens, must not begin or end with a hyphen, and must not begin with \\\"internal-\\\"\"); TF: internal/service/elbv2/validate.go validName",
    tgName: "API: ELBv2 CreateTargetGroup Name (32 characters, alphanumeric or hyphens, no leading or trailing hyphen); TF: internal/service/elbv2/validate.go validTargetGroupName",
    interval: "API: ELBv2 HealthCheckIntervalSeconds min 5 max 300",
    timeout: "API: ELBv2 HealthCheckTimeoutSeconds min 2 max 120",
    threshold: "API: ELBv2 HealthCheckThresholdCount min 2 max 10",
    intervalTimeout: "API: ELBv2 CreateTargetGroup ValidationError \"Health check interval must be greater than the timeout.\" (hashicorp/terraform-provider-aws#48071, terraform-linters/tflint-ruleset-aws#404)",
    matcher: "API doc: ELBv2 Matcher.HttpCode (\"For Application Load Balancers, you can specify values between 200 and 499\"; \"200,202\" or \"200-299\")",
    path: "API: ELBv2 Path min 1 max 1024; TF docs (@pulumi/aws 7.48.0 lb.TargetGroupHealthCheck.path)",
    port: "API: ELBv2 Port min 1 max 65535",
    healthPort: "API doc: ELBv2 CreateTargetGroup HealthCheckPort (traffic-port or a port); TF docs (lb.TargetGroupHealthCheck.port)",
    protocol: "API: ELBv2 ProtocolEnum",
    targetType: "API: ELBv2 TargetTypeEnum",
    deregistration: "API doc: ELBv2 TargetGroupAttribute deregistration_delay.timeout_seconds (\"The range is 0-3600 seconds\")",
    priority: "API: ELBv2 RulePriority min 1 max 50000",
    priorityUnique: "TF docs (@pulumi/aws 7.48.0 lb.ListenerRule.priority): \"A listener can't have multiple rules with the same priority\" (ELBv2 PriorityInUse)",
    weight: "API doc: ELBv2 TargetGroupTuple.Weight (\"The range is 0 to 999\")",
    forwardGroups: "ALB User Guide, listener rules: a forward action takes 1 to 5 target groups; TF: aws_lb_listener_rule forward.target_group MinItems 1 MaxItems 5",
    conditionValues: "ALB User Guide, Quotas for your Application Load Balancers: condition values per rule 5 (not adjustable)",
    conditionValueLength: "API doc: ELBv2 HostHeaderConditionConfig.Values and PathPatternConditionConfig.Values (\"The maximum size of each string is 128 characters\")",
    actionType: "API: ELBv2 ActionTypeEnum",
    fixedStatus: "API: ELBv2 FixedResponseActionStatusCode pattern ^(2|4|5)\\d\\d$",
    fixedBody: "API: ELBv2 FixedResponseActionMessage max 1024",
    fixedType: "API doc: ELBv2 FixedResponseActionConfig.ContentType (text/plain | text/css | text/html | application/javascript | application/json)",
    redirectStatus: "API: ELBv2 RedirectActionStatusCodeEnum",
    httpsCertificate: "API doc: ELBv2 CreateListener Certificates (\"[HTTPS and TLS listeners] ... You must provide exactly one certificate\")",
    subnets: "API doc: ELBv2 CreateLoadBalancer Subnets (\"[Application Load Balancers] You must specify subnets from at least two Availability Zones\")",
    lbType: "API: ELBv2 LoadBalancerTypeEnum",
    listenerCert: "API doc: ELBv2 AddListenerCertificates (adds a certificate to an HTTPS or TLS listener); TF: aws_lb_listener_certificate listener_arn and certificate_arn Required",
};

const TAGS_SOURCE = "Tagging AWS Resources User Guide, tag naming limits and requirements (docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html): 50 tags per resource, keys 1-128 and values 0-256 characters, the aws: prefix reserved";

// ---------------------------------------------------------------------------
// The table

export const PROVIDER_RULES: readonly ProviderRule[] = [
    // -- Auto-naming (every auto-named type)
    {
        id: "pulumi-autoname-fits-cap",
        types: Object.keys(AUTONAMING),
        property: "name (left out)",
        limit: "logical name + \"-\" + 7 random characters within the provider's auto-name cap (see the auto-naming table)",
        source: `${AUTONAME_SOURCE}; caps: tools/offline/autonaming.ts AUTONAMING`,
        check: (r) => {
            const physical = physicalName(r.type, r.name, input(r, "name"), input(r, "namePrefix"), isUnknownInput(r, "name") || isUnknownInput(r, "namePrefix"));
            return physical.kind === "refused"
                ? [{ property: "name", value: `${JSON.stringify(physical.wouldBe)} (auto-name, ${physical.wouldBe.length} characters): ${physical.message}`, limit: `at most ${physical.maxLength} characters for an auto-name of ${r.type}; set name` }]
                : [];
        },
    },

    // -- AWS tags
    custom("aws-tags", TAGGED_AWS, "tags", "at most 50 tags; keys 1-128 characters not starting with aws:; values at most 256 characters", TAGS_SOURCE, (r) => {
        const tags = input(r, "tags");
        if (typeof tags !== "object" || tags === null) {
            return [];
        }
        const entries = Object.entries(tags as Record<string, unknown>);
        const findings: Finding[] = entries.length > 50 ? [{ property: "tags", value: `${entries.length} tags` }] : [];
        for (const [key, value] of entries) {
            const text = plain(value);
            if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith("aws:")) {
                findings.push({ property: `tags[${JSON.stringify(key)}]`, value: `key ${JSON.stringify(key)}` });
            } else if (typeof text === "string" && text.length > 256) {
                findings.push({ property: `tags[${JSON.stringify(key)}]`, value: `${show(value)} (${text.length} characters)` });
            }
        }
        return findings;
    }),

    // -- ELB: load balancer
    nameRule("elbv2-lb-name", [T.lb], "at most 32 characters of A-Z a-z 0-9 and -, not starting or ending with -, not starting with internal-",
        (n) => n.length <= 32 && /^[A-Za-z0-9-]+$/.test(n) && !/^-|-$/.test(n) && !/^internal-/.test(n), ELB.lbName),
    enumRule("elbv2-lb-type", [T.lb], "loadBalancerType", ["application", "network", "gateway"], ELB.lbType),
    custom("elbv2-alb-subnets", [T.lb], "subnets", "at least 2 subnets (two Availability Zones) for an application load balancer", ELB.subnets, (r) => {
        const type = input(r, "loadBalancerType") ?? "application";
        const subnets = input(r, "subnets");
        return type === "application" && Array.isArray(subnets) && subnets.length < 2 && valuesAt(r.inputs, "subnetMappings[]").length < 2
            ? [{ property: "subnets", value: `${subnets.length} subnets` }] : [];
    }),

    // -- ELB: target group
    nameRule("elbv2-tg-name", [T.tg], "at most 32 characters of A-Z a-z 0-9 and -, not starting or ending with -",
        (n) => n.length <= 32 && /^[A-Za-z0-9-]+$/.test(n) && !/^-|-$/.test(n), ELB.tgName),
    intRule("elbv2-tg-port", [T.tg], "port", 1, 65535, ELB.port),
    enumRule("elbv2-protocol", [T.tg, T.listener], "protocol", ["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"], ELB.protocol),
    enumRule("elbv2-tg-target-type", [T.tg], "targetType", ["instance", "ip", "lambda", "alb"], ELB.targetType),
    intRule("elbv2-tg-deregistration-delay", [T.tg], "deregistrationDelay", 0, 3600, ELB.deregistration),
    intRule("elbv2-tg-health-interval", [T.tg], "healthCheck.interval", 5, 300, ELB.interval),
    intRule("elbv2-tg-health-timeout", [T.tg], "healthCheck.timeout", 2, 120, ELB.timeout),
    intRule("elbv2-tg-healthy-threshold", [T.tg], "healthCheck.healthyThreshold", 2, 10, ELB.threshold),
    intRule("elbv2-tg-unhealthy-threshold", [T.tg], "healthCheck.unhealthyThreshold", 2, 10, ELB.threshold),
    custom("elbv2-tg-interval-above-timeout", [T.tg], "healthCheck.interval, healthCheck.timeout", "interval greater than timeout", ELB.intervalTimeout, (r) => {
        const interval = input(r, "healthCheck.interval");
        const timeout = input(r, "healthCheck.timeout");
        return typeof interval === "number" && typeof timeout === "number" && interval <= timeout
            ? [{ property: "healthCheck.interval", value: `${interval} (timeout ${timeout})` }] : [];
    }),
    custom("elbv2-tg-matcher", [T.tg], "healthCheck.matcher", "HTTP codes 200-499 as \"200\", \"200,202\" or \"200-299\" (ALB target groups)", ELB.matcher, (r) => {
        const matcher = input(r, "healthCheck.matcher");
        const protocol = input(r, "protocol");
        const http = protocol === "HTTP" || protocol === "HTTPS";
        return http && input(r, "protocolVersion") !== "GRPC" && typeof matcher === "string" && matcher !== "" && matcherProblem(matcher, 200, 499)
            ? [{ property: "healthCheck.matcher", value: show(matcher) }] : [];
    }),
    patternRule("elbv2-tg-health-path", [T.tg], "healthCheck.path", /^\/.{0,1023}$/s, "1 to 1024 characters starting with /", ELB.path),
    custom("elbv2-tg-health-port", [T.tg], "healthCheck.port", "traffic-port or a port from 1 to 65535", ELB.healthPort, (r) => {
        const port = input(r, "healthCheck.port");
        return typeof port === "string" && port !== "traffic-port" && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)
            ? [{ property: "healthCheck.port", value: show(port) }] : [];
    }),

    // -- ELB: listeners and rules
    intRule("elbv2-listener-port", [T.listener], "port", 1, 65535, ELB.port),
    custom("elbv2-https-listener-certificate", [T.listener], "certificateArn", "a certificate on an HTTPS or TLS listener", ELB.httpsCertificate, (r) => {
        const protocol = input(r, "protocol");
        return (protocol === "HTTPS" || protocol === "TLS") && !isUnknownInput(r, "certificateArn") && !input(r, "certificateArn")
            ? [{ property: "certificateArn", value: `none (protocol ${protocol})` }] : [];
    }),
    enumRule("elbv2-action-type", [T.listener, T.listenerRule], actions("type"), ["forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response"], ELB.actionType),
    patternRule("elbv2-fixed-response-status", [T.listener, T.listenerRule], actions("fixedResponse.statusCode"), /^[245]\d\d$/, "2XX, 4XX or 5XX", ELB.fixedStatus),
    lengthRule("elbv2-fixed-response-body", [T.listener, T.listenerRule], actions("fixedResponse.messageBody"), 0, 1024, ELB.fixedBody),
    enumRule("elbv2-fixed-response-content-type", [T.listener, T.listenerRule], actions("fixedResponse.contentType"), ["text/plain", "text/css", "text/html", "application/javascript", "application/json"], ELB.fixedType),
    enumRule("elbv2-redirect-status", [T.listener, T.listenerRule], actions("redirect.statusCode"), ["HTTP_301", "HTTP_302"], ELB.redirectStatus),
    intRule("elbv2-rule-priority", [T.listenerRule], "priority", 1, 50000, ELB.priority),
    countRule("elbv2-forward-target-groups", [T.listener, T.listenerRule], actions("forward.targetGroups"), 1, 5, ELB.forwardGroups),
    intRule("elbv2-forward-weight", [T.listener, T.listenerRule], actions("forward.targetGroups[].weight"), 0, 999, ELB.weight),
    custom("elbv2-rule-condition-values", [T.listenerRule], "conditions", "at most 5 condition values per rule", ELB.conditionValues, (r) => {
        const count = ["conditions[].hostHeader.values[]", "conditions[].pathPattern.values[]", "conditions[].httpRequestMethod.values[]", "conditions[].sourceIp.values[]",
            "conditions[].httpHeader.values[]", "conditions[].queryStrings[]"].reduce((n, p) => n + valuesAt(r.inputs, p).length, 0);
        return count > 5 ? [{ property: "conditions", value: `${count} values` }] : [];
    }),
    lengthRule("elbv2-rule-condition-value-length", [T.listenerRule], "conditions[].hostHeader.values[]", 1, 128, ELB.conditionValueLength),
    lengthRule("elbv2-rule-path-pattern-length", [T.listenerRule], "conditions[].pathPattern.values[]", 1, 128, ELB.conditionValueLength),
    {
        id: "elbv2-rule-priority-unique", types: [T.listenerRule], property: "priority", limit: "a priority used by one rule per listener", source: ELB.priorityUnique,
        checkStack: (resources) => {
            const seen = new Map<string, RuleResource>();
            const findings: (Finding & { urn: string })[] = [];
            for (const r of resources.filter((x) => x.type === T.listenerRule)) {
                const listener = referenceKey(r, "listenerArn");
                const priority = input(r, "priority");
                if (listener === undefined || typeof priority !== "number") {
                    continue;
                }
                const key = `${listener}|${priority}`;
                const first = seen.get(key);
                if (first !== undefined) {
                    findings.push({ urn: r.urn, property: "priority", value: `${priority}, also used by ${first.urn} on the same listener` });
                } else {
                    seen.set(key, r);
                }
            }
            return findings;
        },
    },
    custom("elbv2-listener-certificate-required", [T.listenerCert], "listenerArn, certificateArn", "both set", ELB.listenerCert, (r) => ["listenerArn", "certificateArn"]
        .filter((p) => !isUnknownInput(r, p) && !input(r, p))
        .map((p) => ({ property: p, value: "none" }))),
    {
        id: "elbv2-listener-certificate-https", types: [T.listenerCert], property: "listenerArn", limit: "an HTTPS or TLS listener", source: ELB.listenerCert,
        checkStack: (resources) => {
            const listeners = resources.filter((x) => x.type === T.listener);
            return resources.filter((x) => x.type === T.listenerCert).flatMap((r) => {
                const deps = r.dependencies.listenerArn ?? [];
                const listener = listeners.find((l) => deps.includes(l.urn));
                const protocol = listener === undefined ? undefined : input(listener, "protocol");
                return typeof protocol === "string" && protocol !== "HTTPS" && protocol !== "TLS"
                    ? [{ urn: r.urn, property: "listenerArn", value: `${listener!.urn} (protocol ${protocol})` }] : [];
            });
        },
    },

    // -- EC2: security groups and rules
    nameRule("ec2-sg-name", [T.sg], "at most 255 characters of a-z A-Z 0-9, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with sg-",
        (n) => n.length <= 255 && /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/.test(n) && !/^sg-/i.test(n),
        "API doc: EC2 CreateSecurityGroup GroupName (\"Up to 255 characters in length. Cannot start with sg-.\" EC2-VPC: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*)"),
    patternRule("ec2-sg-description", [T.sg, T.sgIn, T.sgOut], "description", /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/, "at most 255 characters of a-z A-Z 0-9, spaces and ._-:/()#,@[]+=&;{}!$*",
        "API doc: EC2 CreateSecurityGroup Description (\"Up to 255 characters\"; EC2-VPC: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*)"),
    custom("ec2-sg-rule-target", [T.sgIn, T.sgOut], "cidrIpv4, cidrIpv6, prefixListId, referencedSecurityGroupId", "exactly one of them", "TF: aws_vpc_security_group_ingress_rule / egress_rule ExactlyOneOf(cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_security_group_id)", (r) => {
        const set = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"].filter((p) => valuesAt(r.inputs, p).length > 0);
        return set.length === 1 ? [] : [{ property: "cidrIpv4, cidrIpv6, prefixListId, referencedSecurityGroupId", value: set.length === 0 ? "none set" : set.join(" and ") }];
    }),
    custom("ec2-sg-rule-ports", [T.sgIn, T.sgOut], "fromPort, toPort", "-1 to 65535 with fromPort <= toPort (for tcp and udp)", "API doc: EC2 IpPermission FromPort/ToPort (-1 for all ICMP types; for TCP/UDP a port range); TF: validation.IsPortNumberOrZero", (r) => {
        const from = input(r, "fromPort");
        const to = input(r, "toPort");
        const bad = (p: unknown) => typeof p === "number" && (p < -1 || p > 65535 || !Number.isInteger(p));
        const findings: Finding[] = [];
        if (bad(from)) findings.push({ property: "fromPort", value: show(from) });
        if (bad(to)) findings.push({ property: "toPort", value: show(to) });
        if (findings.length === 0 && typeof from === "number" && typeof to === "number" && ["tcp", "udp", "6", "17"].includes(String(input(r, "ipProtocol"))) && from > to) {
            findings.push({ property: "fromPort", value: `${from} (toPort ${to})` });
        }
        return findings;
    }),
    custom("ec2-sg-rule-cidr", [T.sgIn, T.sgOut], "cidrIpv4, cidrIpv6", "a valid CIDR of its family", "TF: aws_vpc_security_group_*_rule cidr_ipv4 verify.ValidIPv4CIDRNetworkAddress, cidr_ipv6 verify.ValidIPv6CIDRNetworkAddress", (r) => {
        const findings: Finding[] = [];
        const v4 = input(r, "cidrIpv4");
        const v6 = input(r, "cidrIpv6");
        if (typeof v4 === "string" && !(isCidr(v4) && net.isIPv4(v4.split("/")[0]))) findings.push({ property: "cidrIpv4", value: show(v4) });
        if (typeof v6 === "string" && !(isCidr(v6) && net.isIPv6(v6.split("/")[0]))) findings.push({ property: "cidrIpv6", value: show(v6) });
        return findings;
    }),
    enumRule("ec2-eip-domain", [T.eip], "domain", ["vpc", "standard"], "API: EC2 DomainType enum"),
    custom("ec2-eip-target", [T.eip], "instance, networkInterface", "at most one of them", "TF: aws_eip instance ConflictsWith network_interface", (r) =>
        valuesAt(r.inputs, "instance").length > 0 && valuesAt(r.inputs, "networkInterface").length > 0 ? [{ property: "instance, networkInterface", value: "both set" }] : []),

    // -- ECS
    nameRule("ecs-cluster-name", [T.cluster], "at most 255 letters, digits, _ and -", (n) => /^[A-Za-z0-9_-]{1,255}$/.test(n),
        "API doc: ECS CreateCluster clusterName (\"Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed\")"),
    nameRule("ecs-service-name", [T.service], "at most 255 letters, digits, _ and -", (n) => /^[A-Za-z0-9_-]{1,255}$/.test(n),
        "API doc: ECS CreateService serviceName (\"Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed\")"),
    patternRule("ecs-task-family", [T.taskDef], "family", /^[A-Za-z0-9_-]{1,255}$/, "1 to 255 letters, digits, _ and -",
        "API doc: ECS RegisterTaskDefinition family (\"Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed\")"),
    enumRule("ecs-launch-type", [T.service], "launchType", ["EC2", "FARGATE", "EXTERNAL"], "API: ECS LaunchType enum"),
    enumRule("ecs-propagate-tags", [T.service], "propagateTags", ["TASK_DEFINITION", "SERVICE", "NONE"], "API: ECS PropagateTags enum"),
    intRule("ecs-desired-count", [T.service], "desiredCount", 0, undefined, "API doc: ECS CreateService desiredCount (number of instantiations, not negative)"),
    intRule("ecs-health-check-grace", [T.service], "healthCheckGracePeriodSeconds", 0, 2147483647, "API doc: ECS CreateService healthCheckGracePeriodSeconds (up to 2,147,483,647 seconds)"),
    custom("ecs-grace-needs-load-balancer", [T.service], "healthCheckGracePeriodSeconds", "only on a service with loadBalancers", "API doc: ECS CreateService healthCheckGracePeriodSeconds (\"This is only used when your service is configured to use a load balancer\"; InvalidParameterException otherwise)", (r) =>
        typeof input(r, "healthCheckGracePeriodSeconds") === "number" && !isUnknownInput(r, "loadBalancers") && valuesAt(r.inputs, "loadBalancers[]").length === 0
            ? [{ property: "healthCheckGracePeriodSeconds", value: `${String(input(r, "healthCheckGracePeriodSeconds"))} (no loadBalancers)` }] : []),
    countRule("ecs-service-target-groups", [T.service], "loadBalancers", 0, 5, "Amazon ECS Developer Guide, service quotas: target groups per service 5 (not adjustable)"),
    countRule("ecs-awsvpc-subnets", [T.service], "networkConfiguration.subnets", 1, 16, "API doc: ECS AwsVpcConfiguration.subnets (\"There's a limit of 16 subnets\")"),
    countRule("ecs-awsvpc-security-groups", [T.service], "networkConfiguration.securityGroups", 0, 5, "API doc: ECS AwsVpcConfiguration.securityGroups (\"There's a limit of 5 security groups\")"),
    custom("ecs-fargate-network-mode", [T.taskDef], "networkMode", "awsvpc for a FARGATE task definition", "API doc: ECS RegisterTaskDefinition networkMode (\"If using the Fargate launch type, the awsvpc network mode is required\")", (r) => {
        const mode = input(r, "networkMode");
        return isFargate(r) && !isUnknownInput(r, "networkMode") && mode !== "awsvpc" ? [{ property: "networkMode", value: show(mode ?? "none") }] : [];
    }),
    custom("ecs-fargate-cpu-memory", [T.taskDef], "cpu, memory", `a Fargate size: cpu ${FARGATE_CPU_VALUES.join(", ")} with its memory range`, "API doc: ECS RegisterTaskDefinition cpu/memory (Fargate: \"you must use one of the following values\"); table in shared/reference/aws.md, policies/lib/fargate-sizes.ts", (r) => {
        if (!isFargate(r) || isUnknownInput(r, "cpu") || isUnknownInput(r, "memory")) {
            return [];
        }
        const cpu = Number(input(r, "cpu"));
        const memory = Number(input(r, "memory"));
        if (!FARGATE_CPU_VALUES.includes(cpu)) {
            return [{ property: "cpu", value: show(input(r, "cpu")) }];
        }
        const problem = fargateMemoryProblem(cpu, memory);
        return problem === undefined ? [] : [{ property: "memory", value: show(input(r, "memory")), limit: problem.replace(/^is not valid for cpu \d+; allowed /, `for cpu ${cpu}: `) }];
    }),
    enumRule("ecs-runtime-os", [T.taskDef], "runtimePlatform.operatingSystemFamily", ["LINUX", "WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE", "WINDOWS_SERVER_2016_FULL", "WINDOWS_SERVER_2004_CORE", "WINDOWS_SERVER_2022_CORE", "WINDOWS_SERVER_2022_FULL", "WINDOWS_SERVER_2025_CORE", "WINDOWS_SERVER_2025_FULL", "WINDOWS_SERVER_20H2_CORE"], "API: ECS OSFamily enum (plus 2025 from the ECS API reference)"),
    enumRule("ecs-runtime-cpu-architecture", [T.taskDef], "runtimePlatform.cpuArchitecture", ["X86_64", "ARM64"], "API: ECS CPUArchitecture enum"),
    custom("ecs-container-definitions-json", [T.taskDef], "containerDefinitions", "a JSON list of container definitions", "TF: aws_ecs_task_definition container_definitions ValidateFunc ValidTaskDefinitionContainerDefinitions", (r) => {
        const text = input(r, "containerDefinitions");
        const parsed = parseJson(text);
        return typeof text === "string" && !(parsed.ok && Array.isArray(parsed.value) && parsed.value.length > 0) ? [{ property: "containerDefinitions", value: show(text.slice(0, 60)) }] : [];
    }),
    custom("ecs-container-name", [T.taskDef], "containerDefinitions[].name", "1 to 255 letters, digits, _ and -", "API doc: ECS ContainerDefinition.name (\"Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed\")", (r) =>
        containerDefinitions(r).filter(({ def }) => typeof def.name !== "string" || !/^[A-Za-z0-9_-]{1,255}$/.test(def.name))
            .map(({ index, def }) => ({ property: `containerDefinitions[${index}].name`, value: show(def.name) }))),
    custom("ecs-fargate-stop-timeout", [T.taskDef], "containerDefinitions[].stopTimeout", `0 to ${FARGATE_MAX_STOP_TIMEOUT_SECONDS} seconds on Fargate`, "API doc: ECS ContainerDefinition.stopTimeout (\"The max stop timeout value is 120 seconds\"); shared/reference/aws.md", (r) =>
        !isFargate(r) ? [] : containerDefinitions(r).filter(({ def }) => typeof def.stopTimeout === "number" && (def.stopTimeout > FARGATE_MAX_STOP_TIMEOUT_SECONDS || def.stopTimeout < 0))
            .map(({ index, def }) => ({ property: `containerDefinitions[${index}].stopTimeout`, value: show(def.stopTimeout) }))),
    custom("ecs-container-health-check", [T.taskDef], "containerDefinitions[].healthCheck", "interval 5-300, timeout 2-60, retries 1-10, startPeriod 0-300", "API doc: ECS HealthCheck interval (\"between 5 and 300\"), timeout (\"between 2 and 60\"), retries (\"between 1 and 10\"), startPeriod (\"between 0 and 300\")", (r) =>
        containerDefinitions(r).flatMap(({ index, def }) => {
            const hc = (def.healthCheck ?? {}) as Record<string, unknown>;
            const ranges: [string, number, number][] = [["interval", 5, 300], ["timeout", 2, 60], ["retries", 1, 10], ["startPeriod", 0, 300]];
            return ranges.filter(([k, lo, hi]) => hc[k] !== undefined && (typeof hc[k] !== "number" || (hc[k] as number) < lo || (hc[k] as number) > hi))
                .map(([k]) => ({ property: `containerDefinitions[${index}].healthCheck.${k}`, value: show(hc[k]) }));
        })),
    custom("ecs-awsvpc-host-port", [T.taskDef], "containerDefinitions[].portMappings[].hostPort", "unset or equal to containerPort in awsvpc mode", "API doc: ECS PortMapping.hostPort (\"If you use containers in a task with the awsvpc or host network mode, the hostPort can either be left blank or set to the same value as the containerPort\")", (r) =>
        input(r, "networkMode") !== "awsvpc" ? [] : containerDefinitions(r).flatMap(({ index, def }) =>
            (Array.isArray(def.portMappings) ? def.portMappings as Record<string, unknown>[] : []).flatMap((pm, j) =>
                pm.hostPort !== undefined && pm.hostPort !== pm.containerPort ? [{ property: `containerDefinitions[${index}].portMappings[${j}].hostPort`, value: `${show(pm.hostPort)} (containerPort ${show(pm.containerPort)})` }] : []))),

    // -- ECR
    nameRule("ecr-repository-name", [T.ecr], "2 to 256 characters: lower-case words of a-z 0-9 joined by single . _ - within /-separated parts",
        (n) => n.length >= 2 && n.length <= 256 && /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(n),
        "API: ECR RepositoryName min 2 max 256 pattern (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"),
    enumRule("ecr-tag-mutability", [T.ecr], "imageTagMutability", ["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"], "TF docs (@pulumi/aws 7.48.0 ecr.Repository.imageTagMutability); API: ECR ImageTagMutability"),
    enumRule("ecr-encryption-type", [T.ecr], "encryptionConfigurations[].encryptionType", ["AES256", "KMS", "KMS_DSSE"], "API: ECR EncryptionType (AES256, KMS; KMS_DSSE added 2024); TF docs ecr.RepositoryEncryptionConfiguration"),
    lengthRule("ecr-lifecycle-policy-length", [T.ecrLifecycle], "policy", 100, 30720, "API: ECR LifecyclePolicyText min 100 max 30720"),
    custom("ecr-lifecycle-policy-rules", [T.ecrLifecycle], "policy", "JSON with rules[]: unique rulePriority, tagStatus tagged|untagged|any, countType imageCountMoreThan|sinceImagePushed, countNumber >= 1, action expire; a tagStatus any rule has the highest rulePriority",
        "ECR User Guide, lifecycle policy properties (rulePriority unique; \"A rule with a tagStatus value of any must have the highest value for rulePriority\"); TF: aws_ecr_lifecycle_policy policy validation.StringIsJSON", (r) => {
            const text = input(r, "policy");
            if (typeof text !== "string") {
                return [];
            }
            const parsed = parseJson(text);
            const rules = parsed.ok && typeof parsed.value === "object" && parsed.value !== null ? (parsed.value as { rules?: unknown }).rules : undefined;
            if (!Array.isArray(rules) || rules.length === 0) {
                return [{ property: "policy", value: show(text.slice(0, 60)) }];
            }
            const findings: Finding[] = [];
            const priorities = new Set<unknown>();
            const maxPriority = Math.max(...rules.map((x) => Number((x as { rulePriority?: unknown }).rulePriority)));
            rules.forEach((rule: Record<string, any>, i) => {
                const sel = rule.selection ?? {};
                if (!Number.isInteger(rule.rulePriority) || rule.rulePriority < 1 || priorities.has(rule.rulePriority)) findings.push({ property: `policy.rules[${i}].rulePriority`, value: show(rule.rulePriority) });
                priorities.add(rule.rulePriority);
                if (!["tagged", "untagged", "any"].includes(sel.tagStatus)) findings.push({ property: `policy.rules[${i}].selection.tagStatus`, value: show(sel.tagStatus) });
                if (!["imageCountMoreThan", "sinceImagePushed"].includes(sel.countType)) findings.push({ property: `policy.rules[${i}].selection.countType`, value: show(sel.countType) });
                if (!Number.isInteger(sel.countNumber) || sel.countNumber < 1) findings.push({ property: `policy.rules[${i}].selection.countNumber`, value: show(sel.countNumber) });
                if (rule.action?.type !== "expire") findings.push({ property: `policy.rules[${i}].action.type`, value: show(rule.action?.type) });
                if (sel.tagStatus === "any" && rule.rulePriority !== maxPriority) findings.push({ property: `policy.rules[${i}].rulePriority`, value: `${show(rule.rulePriority)} (tagStatus any, not the highest)` });
            });
            return findings;
        }),

    // -- CloudWatch
    nameRule("logs-group-name", [T.logGroup], "1 to 512 characters of . - _ / # A-Z a-z 0-9", (n) => /^[.\-_/#A-Za-z0-9]{1,512}$/.test(n),
        "API: CloudWatch Logs LogGroupName min 1 max 512 pattern [\\.\\-_/#A-Za-z0-9]+"),
    enumRule("logs-retention", [T.logGroup], "retentionInDays", [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
        "TF docs (@pulumi/aws 7.48.0 cloudwatch.LogGroup.retentionInDays: \"Possible values are: 1, 3, 5, ... 3653, and 0\"); API: PutRetentionPolicy retentionInDays"),
    nameRule("cloudwatch-alarm-name", [T.alarm], "1 to 255 characters, no control characters", (n) => n.length >= 1 && n.length <= 255 && !/[\u0000-\u001f\u007f]/.test(n),
        "API: CloudWatch AlarmName min 1 max 255; User Guide: alarm names must contain only UTF-8 characters and cannot contain ASCII control characters"),
    lengthRule("cloudwatch-alarm-description", [T.alarm], "alarmDescription", 0, 1024, "API: CloudWatch AlarmDescription max 1024"),
    enumRule("cloudwatch-alarm-comparison", [T.alarm], "comparisonOperator", ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"], "API: CloudWatch ComparisonOperator enum"),
    intRule("cloudwatch-alarm-evaluation-periods", [T.alarm], "evaluationPeriods", 1, undefined, "API: CloudWatch EvaluationPeriods min 1"),
    custom("cloudwatch-alarm-datapoints", [T.alarm], "datapointsToAlarm", "1 to evaluationPeriods", "API: CloudWatch DatapointsToAlarm min 1; User Guide, evaluating an alarm (M out of N: M <= N)", (r) => {
        const m = input(r, "datapointsToAlarm");
        const n = input(r, "evaluationPeriods");
        return typeof m === "number" && (m < 1 || (typeof n === "number" && m > n)) ? [{ property: "datapointsToAlarm", value: `${m} (evaluationPeriods ${String(n)})` }] : [];
    }),
    custom("cloudwatch-alarm-period", [T.alarm], "period, metricQueries[].metric.period", "10, 30 or a multiple of 60 seconds, and period x evaluationPeriods at most 86400", "API doc: CloudWatch PutMetricAlarm Period (\"Valid values are 10, 30, and any multiple of 60\") and EvaluationPeriods (\"multiplied by Period cannot be more than 86,400 seconds\")", (r) => {
        const n = input(r, "evaluationPeriods");
        return known([...valuesAt(r.inputs, "period"), ...valuesAt(r.inputs, "metricQueries[].metric.period")]).flatMap((l) => {
            const p = plain(l.value);
            if (typeof p !== "number") {
                return [];
            }
            const badValue = !(p === 10 || p === 30 || (p > 0 && p % 60 === 0));
            const tooLong = typeof n === "number" && p * n > 86400;
            return badValue || tooLong ? [{ property: l.path, value: `${p}${tooLong ? ` x evaluationPeriods ${n} = ${p * n} s` : ""}` }] : [];
        });
    }),
    enumRule("cloudwatch-alarm-statistic", [T.alarm], "statistic", ["SampleCount", "Average", "Sum", "Minimum", "Maximum"], "API: CloudWatch Statistic enum"),
    enumRule("cloudwatch-alarm-missing-data", [T.alarm], "treatMissingData", ["breaching", "notBreaching", "ignore", "missing"], "API doc: CloudWatch PutMetricAlarm TreatMissingData (\"Valid Values: breaching | notBreaching | ignore | missing\")"),
    custom("cloudwatch-alarm-dimensions", [T.alarm], "dimensions", "at most 30 dimensions", "API: CloudWatch Dimensions max 30", (r) => {
        const d = input(r, "dimensions");
        return typeof d === "object" && d !== null && Object.keys(d).length > 30 ? [{ property: "dimensions", value: `${Object.keys(d).length} dimensions` }] : [];
    }),
    custom("cloudwatch-alarm-metric-or-math", [T.alarm], "metricName, metricQueries", "exactly one of metricName and metricQueries; with metricQueries no namespace, statistic, period or dimensions", "API doc: CloudWatch PutMetricAlarm MetricName/Metrics (\"you must specify either MetricName or a Metrics array\"; with Metrics \"you cannot include the MetricName, Dimensions, Period, Namespace, Statistic, or ExtendedStatistic\")", (r) => {
        const hasMetric = valuesAt(r.inputs, "metricName").length > 0;
        const queries = valuesAt(r.inputs, "metricQueries[]").length > 0;
        if (hasMetric === queries) {
            return [{ property: "metricName, metricQueries", value: hasMetric ? "both set" : "neither set" }];
        }
        return queries ? ["namespace", "statistic", "extendedStatistic", "period", "dimensions"].filter((p) => valuesAt(r.inputs, p).length > 0).map((p) => ({ property: p, value: `${show(input(r, p))} with metricQueries` })) : [];
    }),
    custom("cloudwatch-alarm-metric-queries", [T.alarm], "metricQueries[]", "unique ids of letters, digits and _ starting with a lower-case letter; exactly one returnData true", "API doc: CloudWatch MetricDataQuery.Id (\"The first character must be a lowercase letter\") and ReturnData (\"specify true for the one expression result to use as the alarm\")", (r) => {
        const queries = known(valuesAt(r.inputs, "metricQueries[]")).map((l) => ({ path: l.path, q: plain(l.value) as Record<string, unknown> }));
        if (queries.length === 0) {
            return [];
        }
        const findings: Finding[] = [];
        const ids = new Set<unknown>();
        for (const { path, q } of queries) {
            if (typeof q.id !== "string" || !/^[a-z][a-zA-Z0-9_]{0,254}$/.test(q.id) || ids.has(q.id)) findings.push({ property: `${path}.id`, value: show(q.id) });
            ids.add(q.id);
        }
        const returning = queries.filter(({ q }) => q.returnData === true || q.returnData === undefined).length;
        if (returning !== 1) findings.push({ property: "metricQueries[].returnData", value: `${returning} queries return data` });
        return findings;
    }),
    patternRule("cloudwatch-dashboard-name", [T.dashboard], "dashboardName", /^[A-Za-z0-9_-]{1,255}$/, "1 to 255 characters of A-Z a-z 0-9 - and _",
        "API doc: CloudWatch PutDashboard DashboardName (\"The maximum length is 255, and valid characters are A-Z, a-z, 0-9, \\\"-\\\", and \\\"_\\\"\")"),
    custom("cloudwatch-dashboard-body", [T.dashboard], "dashboardBody", "a JSON object with a widgets list", "API doc: CloudWatch PutDashboard DashboardBody (JSON, including the widgets); Dashboard Body Structure and Syntax (widgets: array, required); TF: dashboard_body validation.StringIsJSON", (r) => {
        const text = input(r, "dashboardBody");
        if (typeof text !== "string") {
            return [];
        }
        const parsed = parseJson(text);
        const ok = parsed.ok && typeof parsed.value === "object" && parsed.value !== null && Array.isArray((parsed.value as { widgets?: unknown }).widgets);
        return ok ? [] : [{ property: "dashboardBody", value: show(text.length > 60 ? `${text.slice(0, 57)}...` : text) }];
    }),

    // -- IAM
    nameRule("iam-role-name", [T.role], "1 to 64 characters of letters, digits and +=,.@_-", (n) => /^[\w+=,.@-]{1,64}$/.test(n), "API: IAM roleNameType min 1 max 64 pattern [\\w+=,.@-]+"),
    lengthRule("iam-role-description", [T.role], "description", 0, 1000, "API: IAM roleDescriptionType max 1000"),
    intRule("iam-role-max-session", [T.role], "maxSessionDuration", 3600, 43200, "API: IAM roleMaxSessionDurationType min 3600 max 43200"),
    nameRule("iam-role-policy-name", [T.rolePolicy], "1 to 128 characters of letters, digits and +=,.@_-", (n) => /^[\w+=,.@-]{1,128}$/.test(n), "API: IAM policyNameType min 1 max 128 pattern [\\w+=,.@-]+"),
    custom("iam-policy-json", [T.role, T.rolePolicy], "assumeRolePolicy, policy", "a JSON policy document", "TF: aws_iam_role assume_role_policy and aws_iam_role_policy policy verify.ValidIAMPolicyJSON; API: IAM policyDocumentType", (r) =>
        ["assumeRolePolicy", "policy"].flatMap((p) => {
            const text = input(r, p);
            const parsed = parseJson(text);
            return typeof text === "string" && !(parsed.ok && typeof parsed.value === "object" && parsed.value !== null && !Array.isArray(parsed.value))
                ? [{ property: p, value: show(text.length > 60 ? `${text.slice(0, 57)}...` : text) }] : [];
        })),
    {
        id: "iam-role-inline-policy-size", types: [T.rolePolicy], property: "policy", limit: "at most 10,240 characters (whitespace excluded) of inline policies per role",
        source: "IAM User Guide, IAM and AWS STS quotas: role policy size (aggregate of a role's inline policies) 10,240 characters, not adjustable",
        checkStack: (resources) => {
            const byRole = new Map<string, RuleResource[]>();
            for (const r of resources.filter((x) => x.type === T.rolePolicy)) {
                const role = referenceKey(r, "role");
                if (role !== undefined && typeof input(r, "policy") === "string") {
                    byRole.set(role, [...(byRole.get(role) ?? []), r]);
                }
            }
            return [...byRole.values()].flatMap((policies) => {
                const size = policies.reduce((n, p) => n + (input(p, "policy") as string).replace(WHITESPACE, "").length, 0);
                return size > 10240 ? [{ urn: policies[policies.length - 1].urn, property: "policy", value: `${size} characters across ${policies.length} inline policies of one role` }] : [];
            });
        },
    },

    // -- Secrets Manager and SSM
    nameRule("secretsmanager-secret-name", [T.secret], "1 to 512 characters of A-Z a-z 0-9 and /_+=.@-", (n) => /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(n),
        "API: Secrets Manager NameType min 1 max 512; API doc: CreateSecret Name (\"ASCII letters, numbers, and the following characters: /_+=.@-\")"),
    lengthRule("secretsmanager-secret-description", [T.secret], "description", 0, 2048, "API: Secrets Manager DescriptionType max 2048"),
    custom("secretsmanager-recovery-window", [T.secret], "recoveryWindowInDays", "0, or 7 to 30", "TF docs (@pulumi/aws 7.48.0 secretsmanager.Secret.recoveryWindowInDays: \"0 to force deletion without recovery or range from 7 to 30 days\")", (r) => {
        const d = input(r, "recoveryWindowInDays");
        return typeof d === "number" && !(d === 0 || (Number.isInteger(d) && d >= 7 && d <= 30)) ? [{ property: "recoveryWindowInDays", value: String(d) }] : [];
    }),
    lengthRule("secretsmanager-secret-string", [T.secretVersion], "secretString", 0, 65536, "API: Secrets Manager SecretStringType max 65536", "bytes"),
    custom("ssm-parameter-name", [T.ssmParameter], "name", "1 to 1011 characters of a-zA-Z0-9_.-/, no aws or ssm prefix, a leading / when hierarchical, at most 15 levels",
        "API doc: SSM PutParameter Name (naming constraints: a-zA-Z0-9_.-, \"can't be prefixed with aws or ssm (case-insensitive)\", leading / in a hierarchy, \"maximum depth of fifteen levels\", \"maximum length for a parameter name that you create is 1011 characters\")", (r) => {
            const n = nameOf(r);
            if (n === undefined) {
                return [];
            }
            const name = n.value;
            const levels = name.replace(/^\//, "").split("/");
            const bad = name.length < 1 || name.length > 1011 || !/^[a-zA-Z0-9_.\-/]+$/.test(name) || /^\/?(aws|ssm)/i.test(name)
                || (name.includes("/") && !name.startsWith("/")) || levels.length > 15;
            return bad ? [{ property: n.located, value: describeName(n) }] : [];
        }),
    enumRule("ssm-parameter-type", [T.ssmParameter], "type", ["String", "StringList", "SecureString"], "API: SSM ParameterType enum"),
    enumRule("ssm-parameter-tier", [T.ssmParameter], "tier", ["Standard", "Advanced", "Intelligent-Tiering"], "API: SSM ParameterTier enum"),
    lengthRule("ssm-parameter-description", [T.ssmParameter], "description", 0, 1024, "API: SSM ParameterDescription max 1024"),
    custom("ssm-parameter-value", [T.ssmParameter], "value", "set for a SecureString; at most 4096 bytes (Standard) or 8192 (Advanced)", "API doc: SSM PutParameter Value (\"Standard parameters have a value limit of 4 KB. Advanced parameters have a value limit of 8 KB.\"); TF: aws_ssm_parameter ExactlyOneOf(value, insecure_value)", (r) => {
        const located = valuesAt(r.inputs, "value");
        if (located.length === 0) {
            return input(r, "type") === "SecureString" && valuesAt(r.inputs, "insecureValue").length === 0 ? [{ property: "value", value: "none" }] : [];
        }
        const v = located[0].value;
        const text = plain(v);
        const max = input(r, "tier") === "Advanced" ? 8192 : 4096;
        return typeof text === "string" && Buffer.byteLength(text, "utf8") > max ? [{ property: "value", value: `${show(v)} (${Buffer.byteLength(text, "utf8")} bytes)`, limit: `at most ${max} bytes for the ${max === 8192 ? "Advanced" : "Standard"} tier` }] : [];
    }),

    // -- ACM
    patternRule("acm-domain-name", [T.cert], "domainName", /^(?=.{1,64}$)(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$/, "a domain name of 1 to 64 characters (the certificate's common name; a leading *. allowed)",
        "API doc: ACM RequestCertificate DomainName (\"the length of the domain name (technically, the Common Name) ... cannot exceed 64 octets (characters), including periods\"); API: ACM DomainNameString pattern"),
    patternRule("acm-alternative-names", [T.cert], "subjectAlternativeNames[]", /^(?=.{1,253}$)(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$/, "domain names of 1 to 253 characters (a leading *. allowed)",
        "API: ACM DomainList member DomainNameString"),
    enumRule("acm-validation-method", [T.cert], "validationMethod", ["DNS", "EMAIL"], "API: ACM ValidationMethod enum"),
    enumRule("acm-key-algorithm", [T.cert], "keyAlgorithm", ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"], "API: ACM KeyAlgorithm enum"),

    // -- Route 53
    lengthRule("route53-zone-name", [T.zone], "name", 1, 1024, "API: Route 53 DNSName max 1024"),
    lengthRule("route53-zone-comment", [T.zone], "comment", 0, 256, "API: Route 53 HostedZoneConfig.Comment (ResourceDescription max 256)"),
    enumRule("route53-record-type", [T.record], "type", ["SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS"], "API: Route 53 RRType enum"),
    intRule("route53-record-ttl", [T.record], "ttl", 0, 2147483647, "API: Route 53 TTL min 0 max 2147483647"),
    intRule("route53-weight", [T.record], "weightedRoutingPolicies[].weight", 0, 255, "API: Route 53 ResourceRecordSetWeight min 0 max 255"),
    lengthRule("route53-set-identifier", [T.record], "setIdentifier", 1, 128, "API: Route 53 ResourceRecordSetIdentifier min 1 max 128"),
    custom("route53-alias-no-ttl", [T.record], "ttl, records", "no ttl and no records on an alias record", "API doc: Route 53 ResourceRecordSet.TTL (\"If you're creating or updating an alias resource record set, omit TTL\"); TF: aws_route53_record ttl and records ConflictsWith alias", (r) =>
        valuesAt(r.inputs, "aliases[]").length === 0 ? [] : ["ttl", "records"].filter((p) => valuesAt(r.inputs, p).length > 0).map((p) => ({ property: p, value: `${show(input(r, p))} on an alias record` }))),
    custom("route53-record-values", [T.record], "ttl, records", "ttl and records on a record that is not an alias", "API doc: Route 53 ResourceRecordSet (ResourceRecords and TTL required unless AliasTarget); TF: aws_route53_record ttl RequiredWith records, ExactlyOneOf(records, alias)", (r) =>
        valuesAt(r.inputs, "aliases[]").length > 0 ? [] : ["ttl", "records"].filter((p) => valuesAt(r.inputs, p).length === 0).map((p) => ({ property: p, value: "none" }))),
    custom("route53-set-identifier-with-policy", [T.record], "setIdentifier", "set exactly when the record has a routing policy (weighted, latency, failover, ...)", "API doc: Route 53 ResourceRecordSet.SetIdentifier (\"Resource record sets that have a routing policy other than simple\"); TF: set_identifier RequiredWith the routing policies", (r) => {
        if (isUnknownInput(r, "setIdentifier")) {
            return [];
        }
        const has = valuesAt(r.inputs, "setIdentifier").length > 0;
        const policy = hasRoutingPolicy(r);
        return has === policy ? [] : [{ property: "setIdentifier", value: has ? `${show(input(r, "setIdentifier"))} on a simple record` : "none on a record with a routing policy" }];
    }),
    custom("route53-a-record-ipv4", [T.record], "records", "IPv4 addresses on an A record", "Route 53 Developer Guide, supported DNS record types: A record value is an IPv4 address in dotted decimal notation", (r) =>
        input(r, "type") !== "A" ? [] : known(valuesAt(r.inputs, "records[]")).filter((l) => typeof plain(l.value) === "string" && !isIpv4(plain(l.value) as string))
            .map((l) => ({ property: l.path, value: show(l.value) }))),
    {
        id: "route53-no-mixed-routing", types: [T.record], property: "weightedRoutingPolicies", limit: "records of one name and type in a zone all weighted or all not",
        source: "Route 53 Developer Guide, weighted routing (non-weighted records can't share name and type with weighted ones); API doc: ResourceRecordSet.Weight (other routing policies can't share Name and Type with weighted sets)",
        checkStack: (resources) => recordGroups(resources).flatMap((group) => {
            const weighted = group.filter(isWeighted);
            return weighted.length > 0 && weighted.length < group.length
                ? group.filter((r) => !isWeighted(r)).map((r) => ({ urn: r.urn, property: "weightedRoutingPolicies", value: `none, while ${weighted.map((w) => w.urn).join(", ")} is weighted` }))
                : [];
        }),
    },
    {
        id: "route53-set-identifier-unique", types: [T.record], property: "setIdentifier", limit: "unique among records of one name and type, at most 100 weighted records in the group",
        source: "API doc: Route 53 ResourceRecordSet.SetIdentifier (\"the value of SetIdentifier must be unique for each resource record set\") and Weight (\"a maximum of 100 weighted resource record sets that have the same values for the Name and Type\")",
        checkStack: (resources) => recordGroups(resources).flatMap((group) => {
            const findings: (Finding & { urn: string })[] = [];
            const seen = new Map<unknown, string>();
            for (const r of group) {
                const id = input(r, "setIdentifier");
                if (id === undefined) continue;
                if (seen.has(id)) findings.push({ urn: r.urn, property: "setIdentifier", value: `${show(id)}, also used by ${seen.get(id)}` });
                else seen.set(id, r.urn);
            }
            const weighted = group.filter(isWeighted);
            if (weighted.length > 100) findings.push({ urn: weighted[100].urn, property: "weightedRoutingPolicies", value: `${weighted.length} weighted records in the group` });
            return findings;
        }),
    },
    enumRule("route53-health-check-type", [T.healthCheck], "type", ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP", "CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"], "API: Route 53 HealthCheckType enum"),
    enumRule("route53-request-interval", [T.healthCheck], "requestInterval", [10, 30], "TF: aws_route53_health_check request_interval validation.IntInSlice([]int{10, 30}); API: RequestInterval min 10 max 30"),
    intRule("route53-failure-threshold", [T.healthCheck], "failureThreshold", 1, 10, "API: Route 53 FailureThreshold min 1 max 10"),
    intRule("route53-health-check-port", [T.healthCheck], "port", 1, 65535, "API: Route 53 Port min 1 max 65535"),
    lengthRule("route53-resource-path", [T.healthCheck], "resourcePath", 0, 255, "API: Route 53 ResourcePath max 255"),
    lengthRule("route53-health-check-fqdn", [T.healthCheck], "fqdn", 0, 255, "API: Route 53 FullyQualifiedDomainName max 255"),
    lengthRule("route53-search-string", [T.healthCheck], "searchString", 0, 255, "API: Route 53 SearchString max 255"),
    custom("route53-health-check-ip", [T.healthCheck], "ipAddress", "a public IPv4 or IPv6 address (not local, private, non-routable or multicast)", "API: Route 53 IPAddress pattern; API doc: HealthCheckConfig.IPAddress (\"Route 53 can't check the health of endpoints for which the IP address is in local, private, non-routable, or multicast ranges\", RFC 5735, RFC 6598)", (r) => {
        const ip = input(r, "ipAddress");
        return typeof ip === "string" && !(net.isIPv6(ip) || (net.isIPv4(ip) && !nonPublicIpv4(ip))) ? [{ property: "ipAddress", value: show(ip) }] : [];
    }),
    custom("route53-health-check-endpoint", [T.healthCheck], "ipAddress, fqdn", "ipAddress or fqdn for HTTP, HTTPS, *_STR_MATCH and TCP checks; neither for CALCULATED and CLOUDWATCH_METRIC", "API doc: Route 53 HealthCheckConfig.IPAddress (\"When the value of Type is CALCULATED or CLOUDWATCH_METRIC, omit IPAddress\") and FullyQualifiedDomainName; TF: aws_route53_health_check", (r) => {
        const type = input(r, "type");
        const has = valuesAt(r.inputs, "ipAddress").length > 0 || valuesAt(r.inputs, "fqdn").length > 0;
        if (typeof type !== "string") return [];
        if (["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"].includes(type) && !has) return [{ property: "ipAddress, fqdn", value: `neither set (type ${type})` }];
        if (["CALCULATED", "CLOUDWATCH_METRIC"].includes(type) && has) return [{ property: "ipAddress, fqdn", value: `set on a ${type} check` }];
        return [];
    }),
    custom("route53-health-check-sni", [T.healthCheck], "enableSni", "only on HTTPS and HTTPS_STR_MATCH checks", "API doc: Route 53 HealthCheckConfig.EnableSNI (sends FullyQualifiedDomainName in the TLS client_hello: HTTPS checks only)", (r) => {
        const type = input(r, "type");
        return input(r, "enableSni") === true && typeof type === "string" && !type.startsWith("HTTPS") ? [{ property: "enableSni", value: `true (type ${type})` }] : [];
    }),
    custom("route53-cloudwatch-check", [T.healthCheck], "cloudwatchAlarmName, cloudwatchAlarmRegion, insufficientDataHealthStatus", "alarm name (1-256 characters) and region set; insufficientDataHealthStatus Healthy, Unhealthy or LastKnownStatus", "API: Route 53 AlarmIdentifier (AlarmName min 1 max 256), InsufficientDataHealthStatus enum; TF docs route53.HealthCheck", (r) => {
        if (input(r, "type") !== "CLOUDWATCH_METRIC") return [];
        const findings: Finding[] = ["cloudwatchAlarmName", "cloudwatchAlarmRegion"].filter((p) => valuesAt(r.inputs, p).length === 0).map((p) => ({ property: p, value: "none" }));
        const alarm = input(r, "cloudwatchAlarmName");
        if (typeof alarm === "string" && (alarm.length < 1 || alarm.length > 256)) findings.push({ property: "cloudwatchAlarmName", value: `${show(alarm)} (${alarm.length} characters)` });
        const status = input(r, "insufficientDataHealthStatus");
        if (status !== undefined && !["Healthy", "Unhealthy", "LastKnownStatus"].includes(String(status))) findings.push({ property: "insufficientDataHealthStatus", value: show(status) });
        return findings;
    }),
    custom("route53-calculated-check", [T.healthCheck], "childHealthchecks, childHealthThreshold", "1 to 256 child checks and a threshold from 0 to 256 on a CALCULATED check", "API: Route 53 ChildHealthCheckList max 256, HealthThreshold min 0 max 256; TF docs route53.HealthCheck.childHealthThreshold (\"between 0 and 256, inclusive\")", (r) => {
        if (input(r, "type") !== "CALCULATED") return [];
        const findings: Finding[] = [];
        const children = input(r, "childHealthchecks");
        if (!isUnknownInput(r, "childHealthchecks") && (!Array.isArray(children) || children.length < 1 || children.length > 256)) findings.push({ property: "childHealthchecks", value: Array.isArray(children) ? `${children.length} checks` : "none" });
        const threshold = input(r, "childHealthThreshold");
        if (threshold !== undefined && (typeof threshold !== "number" || !Number.isInteger(threshold) || threshold < 0 || threshold > 256)) findings.push({ property: "childHealthThreshold", value: show(threshold) });
        return findings;
    }),
    countRule("route53-health-check-regions", [T.healthCheck], "regions", 3, 64, "API: Route 53 HealthCheckRegionList min 3 max 64"),

    // -- Application Auto Scaling
    enumRule("appautoscaling-namespace", [T.scalingTarget, T.scalingPolicy], "serviceNamespace", ["ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb", "rds", "sagemaker", "custom-resource", "comprehend", "lambda", "cassandra", "kafka", "elasticache", "neptune", "workspaces"], "API: Application Auto Scaling ServiceNamespace enum"),
    custom("appautoscaling-ecs-dimension", [T.scalingTarget, T.scalingPolicy], "scalableDimension, resourceId", "ecs:service:DesiredCount with resourceId service/<cluster>/<service> for the ecs namespace", "API: Application Auto Scaling ScalableDimension enum; API doc: RegisterScalableTarget ResourceId (\"ECS service - The resource type is service and the unique identifier is the cluster name and service name. Example: service/my-cluster/my-service\")", (r) => {
        if (input(r, "serviceNamespace") !== "ecs") return [];
        const findings: Finding[] = [];
        const dim = input(r, "scalableDimension");
        if (dim !== undefined && dim !== "ecs:service:DesiredCount") findings.push({ property: "scalableDimension", value: show(dim) });
        const id = input(r, "resourceId");
        if (typeof id === "string" && !/^service\/[^/]+\/[^/]+$/.test(id)) findings.push({ property: "resourceId", value: show(id) });
        return findings;
    }),
    custom("appautoscaling-capacity", [T.scalingTarget], "minCapacity, maxCapacity", "0 <= minCapacity <= maxCapacity", "API doc: Application Auto Scaling RegisterScalableTarget MinCapacity/MaxCapacity (ValidationException when minimum exceeds maximum)", (r) => {
        const min = input(r, "minCapacity");
        const max = input(r, "maxCapacity");
        return (typeof min === "number" && min < 0) || (typeof min === "number" && typeof max === "number" && min > max) ? [{ property: "minCapacity", value: `${min} (maxCapacity ${String(max)})` }] : [];
    }),
    nameRule("appautoscaling-policy-name", [T.scalingPolicy], "1 to 256 printable characters", (n) => n.length >= 1 && n.length <= 256 && !/[\u0000-\u001f\u007f]/.test(n), "API: Application Auto Scaling PolicyName min 1 max 256 pattern \\p{Print}+"),
    enumRule("appautoscaling-policy-type", [T.scalingPolicy], "policyType", ["StepScaling", "TargetTrackingScaling", "PredictiveScaling"], "API: Application Auto Scaling PolicyType enum (PredictiveScaling added 2024)"),
    enumRule("appautoscaling-ecs-metric", [T.scalingPolicy], "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType",
        ["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget", "DynamoDBReadCapacityUtilization", "DynamoDBWriteCapacityUtilization", "RDSReaderAverageCPUUtilization", "RDSReaderAverageDatabaseConnections", "EC2SpotFleetRequestAverageCPUUtilization", "EC2SpotFleetRequestAverageNetworkIn", "EC2SpotFleetRequestAverageNetworkOut", "SageMakerVariantInvocationsPerInstance", "AppStreamAverageCapacityUtilization", "ComprehendInferenceUtilization", "LambdaProvisionedConcurrencyUtilization", "CassandraReadCapacityUtilization", "CassandraWriteCapacityUtilization", "KafkaBrokerStorageUtilization", "ElastiCachePrimaryEngineCPUUtilization", "ElastiCacheReplicaEngineCPUUtilization", "ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage", "NeptuneReaderAverageCPUUtilization", "SageMakerVariantProvisionedConcurrencyUtilization", "ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage", "SageMakerInferenceComponentInvocationsPerCopy", "WorkSpacesAverageUserSessionsCapacityUtilization", "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution", "SageMakerVariantConcurrentRequestsPerModelHighResolution"],
        "API: Application Auto Scaling MetricType enum"),
    intRule("appautoscaling-cooldown", [T.scalingPolicy], "targetTrackingScalingPolicyConfiguration.scaleInCooldown", 0, 2147483647, "API: Application Auto Scaling Cooldown (seconds, 0 or more; ValidationException on negative)"),
    intRule("appautoscaling-scale-out-cooldown", [T.scalingPolicy], "targetTrackingScalingPolicyConfiguration.scaleOutCooldown", 0, 2147483647, "API: Application Auto Scaling Cooldown (seconds, 0 or more)"),

    // -- DigitalOcean
    nameRule("do-droplet-name", [T.droplet], "at most 255 characters of a-z A-Z 0-9 . -, ending with a letter or digit", (n) => n.length <= 255 && /^[a-zA-Z0-9]?[a-z0-9A-Z.-]*[a-z0-9A-Z]$/.test(n),
        "DO API: droplet_single_create.yml name maxLength 255 pattern ^[a-zA-Z0-9]?[a-z0-9A-Z.\\-]*[a-z0-9A-Z]$"),
    lengthRule("do-droplet-user-data", [T.droplet], "userData", 0, 65536, "DO API: droplet_create.yml user_data (\"may not exceed 64 KiB\")", "bytes"),
    custom("do-droplet-required", [T.droplet], "image, region, size", "set and not empty", "DO TF: digitalocean_droplet image, region, size validation.NoZeroValues", (r) =>
        ["image", "region", "size"].filter((p) => !isUnknownInput(r, p) && (input(r, p) === undefined || input(r, p) === "")).map((p) => ({ property: p, value: "empty" }))),
    patternRule("do-tag-name", [T.doTag], "name", /^[a-zA-Z0-9_\-:]{1,255}$/, "1 to 255 letters, digits, :, - and _", "DO API: tags.yml name pattern ^[a-zA-Z0-9_\\-\\:]+$ maxLength 255; DO TF: tag.ValidateTag"),
    patternRule("do-resource-tags", [T.droplet, T.doFw], "tags[]", /^[a-zA-Z0-9_\-:]{1,255}$/, "tags of 1 to 255 letters, digits, :, - and _", "DO API: tags.yml name pattern; DO TF: tag.ValidateTag"),
    patternRule("do-lb-droplet-tag", [T.doLb], "dropletTag", /^[a-zA-Z0-9_\-:]{1,255}$/, "a tag of 1 to 255 letters, digits, :, - and _", "DO TF: digitalocean_loadbalancer droplet_tag ValidateFunc tag.ValidateTag"),
    nameRule("do-lb-name", [T.doLb], "not empty", (n) => n.length > 0, "DO TF: digitalocean_loadbalancer name Required, validation.NoZeroValues"),
    intRule("do-lb-size-unit", [T.doLb], "sizeUnit", 1, 100, "DO API: load_balancer_base.yml size_unit minimum 1 maximum 100 (DO TF allows up to 200; the API is the stricter)"),
    enumRule("do-lb-size", [T.doLb], "size", ["lb-small", "lb-medium", "lb-large"], "DO TF: digitalocean_loadbalancer size StringInSlice(lb-small, lb-medium, lb-large)"),
    custom("do-lb-size-unit-region", [T.doLb], "sizeUnit, size, region", `exactly one of size and sizeUnit; size, not sizeUnit, in ${SIZE_UNIT_UNAVAILABLE_REGIONS.join(", ")}`, "DO API: load_balancer_base.yml size_unit (\"currently not available in the AMS2, NYC2, or SFO1 regions\"); DO TF: size ConflictsWith size_unit", (r) => {
        if (isUnknownInput(r, "region")) {
            return [];
        }
        const region = input(r, "region");
        const unit = input(r, "sizeUnit");
        const size = input(r, "size");
        if (unit !== undefined && size !== undefined) {
            return [{ property: "sizeUnit", value: `${show(unit)} with size ${show(size)}` }];
        }
        return typeof region === "string" && SIZE_UNIT_UNAVAILABLE_REGIONS.includes(region) && unit !== undefined ? [{ property: "sizeUnit", value: `${show(unit)} (region ${region})` }] : [];
    }),
    countRule("do-lb-forwarding-rules", [T.doLb], "forwardingRules", 1, 1000, "DO API: load_balancer_base.yml forwarding_rules minItems 1; DO TF: forwarding_rule MinItems 1"),
    enumRule("do-lb-entry-protocol", [T.doLb], "forwardingRules[].entryProtocol", ["http", "https", "http2", "http3", "tcp", "udp"], "DO API: forwarding_rule.yml entry_protocol enum; DO TF: StringInSlice"),
    enumRule("do-lb-target-protocol", [T.doLb], "forwardingRules[].targetProtocol", ["http", "https", "http2", "tcp", "udp"], "DO API: forwarding_rule.yml target_protocol enum"),
    intRule("do-lb-entry-port", [T.doLb], "forwardingRules[].entryPort", 1, 65535, "DO TF: forwarding_rule entry_port validation.IntBetween(1, 65535)"),
    intRule("do-lb-target-port", [T.doLb], "forwardingRules[].targetPort", 1, 65535, "DO TF: forwarding_rule target_port validation.IntBetween(1, 65535)"),
    enumRule("do-lb-healthcheck-protocol", [T.doLb], "healthcheck.protocol", ["http", "https", "tcp"], "DO API: health_check.yml protocol enum; DO TF: StringInSlice"),
    intRule("do-lb-healthcheck-port", [T.doLb], "healthcheck.port", 1, 65535, "DO TF: healthcheck port validation.IntBetween(1, 65535)"),
    intRule("do-lb-healthcheck-interval", [T.doLb], "healthcheck.checkIntervalSeconds", 3, 300, "DO TF: healthcheck check_interval_seconds validation.IntBetween(3, 300)"),
    intRule("do-lb-healthcheck-timeout", [T.doLb], "healthcheck.responseTimeoutSeconds", 3, 300, "DO TF: healthcheck response_timeout_seconds validation.IntBetween(3, 300)"),
    intRule("do-lb-unhealthy-threshold", [T.doLb], "healthcheck.unhealthyThreshold", 2, 10, "DO TF: healthcheck unhealthy_threshold validation.IntBetween(2, 10)"),
    intRule("do-lb-healthy-threshold", [T.doLb], "healthcheck.healthyThreshold", 2, 10, "DO TF: healthcheck healthy_threshold validation.IntBetween(2, 10)"),
    custom("do-lb-healthcheck-path", [T.doLb], "healthcheck.path", "set for http and https checks, not for tcp", "DO TF: digitalocean_loadbalancer CustomizeDiff (\"health check `path` is required for when protocol is `http`\" / \"not allowed for when protocol is `tcp`\")", (r) => {
        const protocol = input(r, "healthcheck.protocol");
        const has = valuesAt(r.inputs, "healthcheck.path").length > 0;
        return (protocol === "tcp" && has) || ((protocol === "http" || protocol === "https") && !has) ? [{ property: "healthcheck.path", value: `${has ? show(input(r, "healthcheck.path")) : "none"} (protocol ${String(protocol)})` }] : [];
    }),
    custom("do-lb-droplet-selection", [T.doLb], "dropletIds, dropletTag", "at most one of them", "DO TF: digitalocean_loadbalancer droplet_ids ConflictsWith droplet_tag", (r) =>
        valuesAt(r.inputs, "dropletIds").length > 0 && valuesAt(r.inputs, "dropletTag").length > 0 ? [{ property: "dropletIds, dropletTag", value: "both set" }] : []),
    enumRule("do-lb-network", [T.doLb], "network", ["EXTERNAL", "INTERNAL"], "DO API: load_balancer_base.yml network enum; DO TF: StringInSlice (case-insensitive)", true),
    nameRule("do-firewall-name", [T.doFw], "2 or more of a-z A-Z 0-9 . -, starting with a letter or digit", (n) => /^[a-zA-Z0-9][a-zA-Z0-9.-]+$/.test(n), "DO API: firewall.yml name pattern ^[a-zA-Z0-9][a-zA-Z0-9\\.-]+$"),
    custom("do-firewall-has-rules", [T.doFw], "inboundRules, outboundRules", "at least one rule", "DO TF: digitalocean_firewall CustomizeDiff (\"At least one rule must be specified\")", (r) =>
        isUnknownInput(r, "inboundRules") || isUnknownInput(r, "outboundRules") || valuesAt(r.inputs, "inboundRules[]").length + valuesAt(r.inputs, "outboundRules[]").length > 0 ? [] : [{ property: "inboundRules, outboundRules", value: "no rules" }]),
    enumRule("do-firewall-protocol", [T.doFw], "inboundRules[].protocol", ["tcp", "udp", "icmp"], "DO API: firewall_rule.yml protocol enum; DO TF: StringInSlice"),
    enumRule("do-firewall-outbound-protocol", [T.doFw], "outboundRules[].protocol", ["tcp", "udp", "icmp"], "DO API: firewall_rule.yml protocol enum; DO TF: StringInSlice"),
    custom("do-firewall-port-range", [T.doFw], "inboundRules[].portRange, outboundRules[].portRange", "a port, a range low-high (1-65535) or all, required for tcp and udp", "DO TF: digitalocean_firewall CustomizeDiff (\"`port_range` ... is required if protocol is `tcp` or `udp`\"); DO API: firewall_rule.yml ports (a single port or a range)", (r) =>
        known([...valuesAt(r.inputs, "inboundRules[]"), ...valuesAt(r.inputs, "outboundRules[]")]).flatMap((l) => {
            const rule = plain(l.value) as Record<string, unknown>;
            const range = rule.portRange;
            if (range === undefined) {
                return rule.protocol === "tcp" || rule.protocol === "udp" ? [{ property: `${l.path}.portRange`, value: `none (protocol ${String(rule.protocol)})` }] : [];
            }
            const m = /^(\d+)(?:-(\d+))?$/.exec(String(range));
            const ok = range === "all" || (m !== null && Number(m[1]) >= 1 && Number(m[2] ?? m[1]) <= 65535 && Number(m[1]) <= Number(m[2] ?? m[1]));
            return ok ? [] : [{ property: `${l.path}.portRange`, value: show(range) }];
        })),
    nameRule("do-vpc-name", [T.doVpc], "letters, digits, - and .", (n) => /^[a-zA-Z0-9\-.]+$/.test(n), "DO API: vpc.yml name pattern ^[a-zA-Z0-9\\-\\.]+$"),
    lengthRule("do-vpc-description", [T.doVpc], "description", 0, 255, "DO API: vpc.yml description maxLength 255; DO TF: StringLenBetween(0, 255)"),
    custom("do-vpc-ip-range", [T.doVpc], "ipRange", "a CIDR", "DO TF: digitalocean_vpc ip_range validation.IsCIDR", (r) => {
        const range = input(r, "ipRange");
        return typeof range === "string" && !isCidr(range) ? [{ property: "ipRange", value: show(range) }] : [];
    }),
    nameRule("do-project-name", [T.doProject], "1 to 175 characters", (n) => n.length >= 1 && n.length <= 175, "DO API: project.yml name maxLength 175; DO TF: StringLenBetween(1, 175)"),
    lengthRule("do-project-description", [T.doProject], "description", 0, 255, "DO API: project.yml description maxLength 255; DO TF: StringLenBetween(0, 255)"),
    lengthRule("do-project-purpose", [T.doProject], "purpose", 0, 255, "DO API: project.yml purpose maxLength 255; DO TF: StringLenBetween(0, 255)"),
    enumRule("do-project-environment", [T.doProject], "environment", ["Development", "Staging", "Production"], "DO API: project.yml environment enum; DO TF: StringInSlice (case-insensitive)", true),
    custom("do-database-firewall-rules", [T.doDbFw], "clusterId, rules[]", "a cluster id and at least one rule, each of type ip_addr, droplet, k8s, tag or app with a value (ip_addr: an IP or CIDR)", "DO TF: digitalocean_database_firewall cluster_id NoZeroValues, rule Required, type StringInSlice, value NoZeroValues; DO API: databases firewall_rule.yml type enum", (r) => {
        const findings: Finding[] = [];
        if (!isUnknownInput(r, "clusterId") && !input(r, "clusterId")) findings.push({ property: "clusterId", value: "empty" });
        const rules = known(valuesAt(r.inputs, "rules[]"));
        if (rules.length === 0 && !isUnknownInput(r, "rules")) findings.push({ property: "rules", value: "no rules" });
        for (const l of rules) {
            const rule = plain(l.value) as Record<string, unknown>;
            if (!["ip_addr", "droplet", "k8s", "tag", "app"].includes(String(rule.type))) findings.push({ property: `${l.path}.type`, value: show(rule.type) });
            if (typeof rule.value !== "string" || rule.value === "") findings.push({ property: `${l.path}.value`, value: show(rule.value ?? "") });
            else if (rule.type === "ip_addr" && !(net.isIP(rule.value) || isCidr(rule.value))) findings.push({ property: `${l.path}.value`, value: show(rule.value) });
        }
        return findings;
    }),
];

// ---------------------------------------------------------------------------
// Checking and reporting

/** Every broken rule on these resources, in registration order then table order. */
export function checkProviderRules(resources: readonly RuleResource[], rules: readonly ProviderRule[] = PROVIDER_RULES): ProviderRuleViolation[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const violations: ProviderRuleViolation[] = [];
    const add = (rule: ProviderRule, r: RuleResource, f: Finding) => violations.push({
        rule: rule.id, urn: r.urn, type: r.type, name: r.name, property: f.property, value: f.value, limit: f.limit ?? rule.limit, source: rule.source,
    });
    for (const r of resources) {
        for (const rule of rules) {
            if (rule.check !== undefined && rule.types.includes(r.type)) {
                rule.check(r).forEach((f) => add(rule, r, f));
            }
        }
    }
    for (const rule of rules) {
        for (const f of rule.checkStack?.(resources) ?? []) {
            add(rule, byUrn.get(f.urn)!, f);
        }
    }
    return violations;
}

/** The rules checked on what a program registered. */
export function checkRegistrations(registrations: readonly Registration[]): ProviderRuleViolation[] {
    return checkProviderRules(registrations.filter((r) => r.custom).map(ruleResourceOf));
}

/** One violation as a `pulumi preview` error line: resource, property, value, limit, rule and source. */
export function formatViolation(v: ProviderRuleViolation): string {
    return `${v.urn}\n    ${v.property}: ${v.value}; allowed ${v.limit} (rule ${v.rule}; ${v.source})`;
}

/** The message the offline plan fails with. */
export function providerRulesReport(violations: readonly ProviderRuleViolation[]): string {
    const count = violations.length;
    return `${count} input${count === 1 ? "" : "s"} the providers would refuse; \`pulumi preview\` or \`pulumi up\` would fail:\n`
        + violations.map((v) => `  - ${formatViolation(v)}`).join("\n");
}

// ---------------------------------------------------------------------------
// Reference

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The rules table, the auto-naming caps, and what the plan cannot know, as Markdown (for docs/). */
export function providerRulesMarkdown(rules: readonly ProviderRule[] = PROVIDER_RULES): string {
    const lines = [
        "# Provider rules of the offline plan",
        "",
        "Generated from `tools/offline/provider-rules.ts` by `providerRulesMarkdown()`; do not edit by hand.",
        "",
        "The offline plan (`npm run plan`) checks every registered resource against these rules and fails",
        "(exit 2) on any broken one, naming the resource, the property, the value and the limit, as",
        "`pulumi preview` or `pulumi up` would fail. With `--preview`, values not known yet are skipped.",
        "",
        `## Rules (${rules.length})`,
        "",
        "| rule | resource types | property | allowed | source |",
        "|---|---|---|---|---|",
        ...rules.map((r) => `| \`${r.id}\` | ${r.types.length > 6 ? `${r.types.length} types (every auto-named or tagged type)` : r.types.map((t) => `\`${t}\``).join("<br>")} | \`${cell(r.property)}\` | ${cell(r.limit)} | ${cell(r.source)} |`),
        "",
        "## Auto-naming",
        "",
        "A resource without `name` is named by its provider: the logical name, `-` and 7 random characters",
        "([0-9a-f]); longer than the type's cap, the provider refuses it (it never cuts the name). With",
        "`namePrefix`, the Terraform provider appends 26 characters. The mocks make the random part from a",
        `hash of type and logical name, so plans are reproducible. Source: ${AUTONAME_SOURCE}.`,
        "",
        "| resource type | auto-name cap | namePrefix | source |",
        "|---|---|---|---|",
        ...Object.entries(AUTONAMING).map(([type, spec]) => `| \`${type}\` | ${spec.maxLength} | ${spec.namePrefix ? "yes" : "no"} | ${cell(spec.source)} |`),
        "",
        "## What the offline plan cannot know",
        "",
        "These need the cloud, so only `pulumi preview` / `pulumi up` against real accounts find them:",
        "",
        "- Quotas and adjustable limits of the accounts (ALB rules per listener, certificates per ALB, ACM",
        "  names per certificate, trust policy size, security groups per ENI, Fargate vCPUs, Droplet and",
        "  load balancer limits of the DigitalOcean team).",
        "- Names already taken: an ALB, target group, ECR repository, IAM role, log group, alarm or secret",
        "  of the same name in the account and region (a secret name also stays taken for its recovery",
        "  window), a DigitalOcean firewall or project of the same name.",
        "- Account state: that the hosted zone exists and is public, that referenced secrets, SSM",
        "  parameters, certificates (`certificateName` on DigitalOcean), SSH keys and adopted Droplets and",
        "  VPCs exist and match the config, image tags pushed to ECR, service-linked roles, regions and",
        "  availability zones enabled, Droplet sizes and images offered in the region.",
        "- What awsx makes inside `awsx:ec2:Vpc` (subnets, route tables, NAT gateways): under mocks it is",
        "  one registration; its children are checked only by the real engine.",
        "- Values known only after deployment (`--preview`: ids, ARNs, IPs, DNS names) and anything a",
        "  provider checks against them.",
        "",
    ];
    return lines.join("\n");
}
