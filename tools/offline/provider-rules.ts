// What the providers and cloud APIs refuse, checked on what the program
// registered: one table, one row per rule, each with its source. The offline
// plan fails on any broken rule the way `pulumi preview` (or `pulumi up`)
// would, naming resource, property, value and limit. Unknown values (a
// preview) are skipped: a rule judges only what is known.
//
// Sources, abbreviated in the rows:
// - "API": the AWS API reference, read from botocore 1.43.11's service
//   models (botocore/data/<service>/<version>/service-2.json: shape
//   min/max/pattern/enum, or the member's documented constraint); "API doc"
//   quotes the member documentation. 1.43.11 (2026) is the botocore on this
//   project's machines; Debian bookworm's python3-botocore is 1.29.27 (2022),
//   older than the APIs pulumi-aws 7.48.0 calls (it lacks e.g. ECS
//   WINDOWS_SERVER_2025_*, ECR IMMUTABLE_WITH_EXCLUSION, ELB QUIC).
// - "TF": the Terraform AWS provider's validation, which pulumi-aws runs at
//   check time (hashicorp/terraform-provider-aws), or the upstream docs
//   shipped in @pulumi/aws 7.48.0's typings.
// - "DO API": digitalocean/openapi specification/resources/... (commit
//   7c1300c4); "DO TF": digitalocean/terraform-provider-digitalocean
//   (commit 401992a1), which pulumi-digitalocean runs at check time.
//
// Where a Terraform validator and the API differ, a value is refused by the
// first that refuses it (the validator at check time, then the API), so a
// rule refuses what either refuses. Each rule's `sources` hold those sources
// as data (tools/offline/sources/): tests/provider-rules-sources.test.ts
// probes the rule and fails when it refuses more or less than they do.
import * as fs from "fs";
import * as net from "net";
import * as nodePath from "path";
import { FARGATE_CPU_VALUES, FARGATE_MAX_STOP_TIMEOUT_SECONDS, fargateMemoryProblem } from "../../policies/lib/fargate-sizes";
import { AUTONAME_SOURCE, AUTONAMING, physicalName, type PhysicalName } from "./autonaming";
import type { Registration } from "./capture";
import { SIZE_UNIT_UNAVAILABLE_REGIONS } from "../../components/legacy/catalog";
import { api, apiDoc, cite, doApi, int, items, len, matches, oneOf, recorded } from "./sources/cite";
import { ROLLOUT_PROVIDER_RULES } from "./provider-rules-rollouts";
import { UNKNOWN, SecretInput, ruleResourceOf, plain, show, valuesAt, type RuleResource, type Finding, type ProviderRule, type ProviderRuleViolation, type Located } from "./rule-values";
export { UNKNOWN, SecretInput, ruleResourceOf, plain, show, valuesAt };
export type { RuleResource, Finding, ProviderRule, ProviderRuleViolation, Located };
import { FLEET_PROVIDER_RULES } from "./provider-rules-fleet";



function known(located: Located[]): Located[] {
    return located.filter((l) => !containsUnknown(l.value));
}

/** True when a value, or anything inside it, is unknown (a preview). */
export function containsUnknown(value: unknown): boolean {
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
        id, types, property: shown(path), source, limit: min === max ? `exactly ${min} items` : max === Infinity ? `at least ${min} item${min === 1 ? "" : "s"}` : `${min} to ${max} items`,
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
    rdsInstance: "aws:rds/instance:Instance",
    rdsCluster: "aws:rds/cluster:Cluster",
    rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    rdsSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    rdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    rdsClusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    dmsInstance: "aws:dms/replicationInstance:ReplicationInstance",
    dmsSubnetGroup: "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup",
    dmsEndpoint: "aws:dms/endpoint:Endpoint",
    dmsTask: "aws:dms/replicationTask:ReplicationTask",
    dmsCertificate: "aws:dms/certificate:Certificate",
} as const;

/** AWS types that take `tags`. */
const TAGGED_AWS = [T.lb, T.tg, T.listener, T.listenerRule, T.sg, T.sgIn, T.sgOut, T.eip, T.cluster, T.service, T.taskDef, T.ecr, T.logGroup,
    T.alarm, T.role, T.secret, T.ssmParameter, T.cert, T.zone, T.healthCheck, T.scalingTarget,
    T.rdsInstance, T.rdsCluster, T.rdsClusterInstance, T.rdsSubnetGroup, T.rdsParameterGroup, T.rdsClusterParameterGroup, T.dmsInstance, T.dmsSubnetGroup, T.dmsEndpoint, T.dmsTask, T.dmsCertificate] as const;

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

/**
 * Route 53 can't health-check local, private, non-routable or multicast IPv4
 * (RFC 5735 section 4, RFC 6598): 0/8, 10/8, 100.64/10, 127/8, 169.254/16,
 * 172.16/12, 192.0.0/24, 192.0.2/24, 192.88.99/24, 192.168/16, 198.18/15,
 * 224/4, 240/4. Not refused here, though RFC 5735 lists them: the
 * documentation ranges 198.51.100/24 and 203.0.113/24, where the offline
 * mocks place DigitalOcean load balancers and Droplets (tools/offline/mocks.ts);
 * a real DigitalOcean address is never in them.
 */
function nonPublicIpv4(ip: string): boolean {
    const [a, b, c] = ip.split(".").map(Number);
    return a === 0 || a === 10 || a === 127 || a >= 224
        || (a === 100 && b >= 64 && b <= 127)
        || (a === 169 && b === 254)
        || (a === 172 && b >= 16 && b <= 31)
        || (a === 192 && b === 168)
        || (a === 192 && b === 0 && (c === 0 || c === 2))
        || (a === 192 && b === 88 && c === 99)
        || (a === 198 && (b === 18 || b === 19));
}

/** Route 53 AlarmIdentifier.Region (botocore 1.43.11 route53 CloudWatchRegion). */
const ROUTE53_CLOUDWATCH_REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "ap-east-1", "me-south-1", "me-central-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "eu-north-1", "sa-east-1", "cn-northwest-1", "cn-north-1", "af-south-1", "eu-south-1", "eu-south-2", "us-gov-west-1", "us-gov-east-1",
    "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "ap-southeast-4", "il-central-1", "ca-west-1", "ap-southeast-5", "mx-central-1", "us-isof-south-1",
    "us-isof-east-1", "ap-southeast-7", "ap-east-2", "eu-isoe-west-1", "ap-southeast-6", "us-isob-west-1", "eusc-de-east-1"];

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

/**
 * The ARN before an SSM parameter name counts toward its 1011 characters:
 * "arn:aws:ssm:" + Region + ":" + 12-digit account + ":parameter/" is 50 for
 * the longest aws-partition Region names (14 characters, ap-southeast-7).
 */
const SSM_ARN_PREFIX_MAX = "arn:aws:ssm:".length + 14 + 1 + 12 + ":parameter/".length;
const SSM_NAME_MAX = 1011 - SSM_ARN_PREFIX_MAX;

const TAGS_SOURCE = "Tagging AWS Resources User Guide, tag naming limits and requirements (docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html): 50 tags per resource, keys 1-128 and values 0-256 characters, the aws: prefix reserved";

/**
 * Terraform validators, read at these commits (the newest the search index
 * holds; pulumi-aws 7.48.0 and pulumi-digitalocean 4.80.1 run them at check
 * time, before any API call).
 */
const TFA = "hashicorp/terraform-provider-aws";
const TF_ELB_VALIDATE = `${TFA} internal/service/elbv2/validate.go@013f1736`;
const TF_TG = `${TFA} internal/service/elbv2/target_group.go@013cfb4c`;
const TF_LISTENER = `${TFA} internal/service/elbv2/listener.go@01c08000`;
const TF_RULE = `${TFA} internal/service/elbv2/listener_rule.go@032c4f07`;
const TF_HC = `${TFA} internal/service/route53/health_check.go@01606926`;
const TF_LOGS = `${TFA} internal/service/logs/group.go@0073593e`;
const TF_SCALING_POLICY = `${TFA} internal/service/appautoscaling/policy.go@048320e8`;
const TF_ALARM = `TF: ${TFA} internal/service/cloudwatch/metric_alarm.go@e33a89d0`;
const TF_RDS_VALIDATE = `${TFA} internal/service/rds/validate.go`;
const RDS_API = "RDS API Reference (botocore rds 2014-10-31)";
const RDS = {
    identifier: `API doc: ${RDS_API} CreateDBInstance.DBInstanceIdentifier, CreateDBCluster.DBClusterIdentifier (1 to 63 letters, numbers or hyphens, a letter first, no trailing or double hyphen); TF: ${TF_RDS_VALIDATE} validIdentifier (lower case only)`,
    username: `API doc: ${RDS_API} CreateDBInstance.MasterUsername ("Must be 1 to 16 letters, numbers, or underscores. First character must be a letter.")`,
    backup: `API doc: ${RDS_API} CreateDBInstance.BackupRetentionPeriod ("Must be a value from 0 to 35.")`,
    port: `API doc: ${RDS_API} CreateDBInstance.Port ("Valid Values: 1150-65535")`,
    storageType: `API doc: ${RDS_API} CreateDBInstance.StorageType ("Valid Values: gp2 | gp3 | io1 | io2 | standard")`,
    storage: `API doc: ${RDS_API} CreateDBInstance.AllocatedStorage (RDS for MySQL and for PostgreSQL, "General Purpose (SSD) storage (gp2, gp3): Must be an integer from 20 to 65536.")`,
    maxStorage: "RDS user guide, \"Managing capacity automatically with Amazon RDS storage autoscaling\": the maximum storage threshold must be greater than the allocated storage",
};
const DMS_API = "DMS API Reference (botocore dms 2016-01-01)";
const DMS = {
    identifier: `API doc: ${DMS_API} CreateReplicationInstance.ReplicationInstanceIdentifier ("Must contain 1-63 alphanumeric characters or hyphens. First character must be a letter. Can't end with a hyphen or contain two consecutive hyphens.")`,
    instanceClass: `API: ${DMS_API} CreateReplicationInstance.ReplicationInstanceClass (String, max 30); the families DMS runs are checked by config (AWS DMS user guide, "Choosing the right AWS DMS replication instance")`,
    storage: `TF: ${TFA} internal/service/dms/replication_instance.go allocated_storage validation.IntBetween(5, 6144)`,
    endpointType: `API: ${DMS_API} CreateEndpoint.EndpointType (ReplicationEndpointTypeValue: source, target)`,
    sslMode: `API: ${DMS_API} CreateEndpoint.SslMode (DmsSslModeValue)`,
    migrationType: `API: ${DMS_API} CreateReplicationTask.MigrationType (MigrationTypeValue)`,
    taskId: `API doc: ${DMS_API} CreateReplicationTask.ReplicationTaskIdentifier ("Must contain 1-255 alphanumeric characters or hyphens. First character must be a letter. Cannot end with a hyphen or contain two consecutive hyphens.")`,
    secrets: `API doc: ${DMS_API} PostgreSQLSettings.SecretsManagerAccessRoleArn ("You can specify one of two sets of values ... SecretsManagerSecretId. Or you can specify clear-text values for UserName, Password, ServerName, and Port. You can't specify both.")`,
};
const DO_TF = "digitalocean/terraform-provider-digitalocean@401992a1 digitalocean/";
const DO_LB_TF = `${DO_TF}loadbalancer/resource_loadbalancer.go`;

/** A Fargate task definition the container-definition rules judge (probes put the value in its first container). */
const FARGATE_PROBE = { family: "web", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512" };

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
    cite(nameRule("elbv2-lb-name", [T.lb], "at most 32 characters of A-Z a-z 0-9 and -, not starting or ending with -, not starting with internal-",
        (n) => n.length <= 32 && /^[A-Za-z0-9-]+$/.test(n) && !/^-|-$/.test(n) && !/^internal-/.test(n), ELB.lbName),
        apiDoc("name", "elbv2", "CreateLoadBalancer.Name", "can have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, must not begin or end with a hyphen, and must not begin with \"internal-\"", [len(1, 32), matches("(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")], { sample: "web", also: ["internal-web", "internal", "Internal-web", "web-internal-"] }),
        recorded("name", `${TF_ELB_VALIDATE} validName (empty: no error; at most 32; ^[0-9A-Za-z-]+$; not ^-, -$ or ^internal-)`, [len(undefined, 32), matches("|(?!internal-)[0-9A-Za-z](?:[0-9A-Za-z-]*[0-9A-Za-z])?")])),
    cite(enumRule("elbv2-lb-type", [T.lb], "loadBalancerType", ["application", "network", "gateway"], ELB.lbType),
        api("loadBalancerType", "elbv2", "CreateLoadBalancer.Type")),
    custom("elbv2-alb-subnets", [T.lb], "subnets", "at least 2 subnets (two Availability Zones) for an application load balancer", ELB.subnets, (r) => {
        const type = input(r, "loadBalancerType") ?? "application";
        const subnets = input(r, "subnets");
        return type === "application" && Array.isArray(subnets) && subnets.length < 2 && valuesAt(r.inputs, "subnetMappings[]").length < 2
            ? [{ property: "subnets", value: `${subnets.length} subnets` }] : [];
    }),

    // -- ELB: target group
    cite(nameRule("elbv2-tg-name", [T.tg], "at most 32 characters of A-Z a-z 0-9 and -, not starting or ending with -",
        (n) => n.length <= 32 && /^[A-Za-z0-9-]+$/.test(n) && !/^-|-$/.test(n), ELB.tgName),
        apiDoc("name", "elbv2", "CreateTargetGroup.Name", "can have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen", [len(1, 32), matches("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")], { sample: "web" }),
        recorded("name", `${TF_ELB_VALIDATE} validTargetGroupName (at most 32; ^[0-9A-Za-z-]+$; not ^- or -$)`, [len(undefined, 32), matches("(?!-)[0-9A-Za-z-]+(?<!-)")])),
    cite(intRule("elbv2-tg-port", [T.tg], "port", 1, 65535, ELB.port),
        api("port", "elbv2", "CreateTargetGroup.Port"),
        recorded("port", `${TF_TG} port validation.IntBetween(1, 65535)`, [int(1, 65535)])),
    cite(enumRule("elbv2-protocol", [T.tg, T.listener], "protocol", ["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC"], ELB.protocol),
        api("protocol", "elbv2", "CreateTargetGroup.Protocol"), api("protocol", "elbv2", "CreateListener.Protocol"),
        recorded("protocol", `${TF_TG} protocol enum.Validate[awstypes.ProtocolEnum]() (the SDK's values, exact case)`, [])),
    cite(enumRule("elbv2-tg-target-type", [T.tg], "targetType", ["instance", "ip", "lambda", "alb"], ELB.targetType),
        api("targetType", "elbv2", "CreateTargetGroup.TargetType")),
    cite(intRule("elbv2-tg-deregistration-delay", [T.tg], "deregistrationDelay", 0, 3600, ELB.deregistration),
        apiDoc("deregistrationDelay", "elbv2", "TargetGroupAttribute.Key", "deregistration_delay.timeout_seconds - The amount of time, in seconds, for Elastic Load Balancing to wait before changing the state of a deregistering target from draining to unused . The range is 0-3600 seconds.", [int(0, 3600)], { only: [] }),
        recorded("deregistrationDelay", `${TF_TG} deregistration_delay nullable.ValidateTypeStringNullableIntBetween(0, 3600)`, [int(0, 3600)])),
    cite(intRule("elbv2-tg-health-interval", [T.tg], "healthCheck.interval", 5, 300, ELB.interval),
        api("healthCheck.interval", "elbv2", "CreateTargetGroup.HealthCheckIntervalSeconds"),
        recorded("healthCheck.interval", `${TF_TG} health_check.interval validation.IntBetween(5, 300)`, [int(5, 300)])),
    cite(intRule("elbv2-tg-health-timeout", [T.tg], "healthCheck.timeout", 2, 120, ELB.timeout),
        api("healthCheck.timeout", "elbv2", "CreateTargetGroup.HealthCheckTimeoutSeconds"),
        recorded("healthCheck.timeout", `${TF_TG} health_check.timeout validation.IntBetween(2, 120)`, [int(2, 120)])),
    cite(intRule("elbv2-tg-healthy-threshold", [T.tg], "healthCheck.healthyThreshold", 2, 10, ELB.threshold),
        api("healthCheck.healthyThreshold", "elbv2", "CreateTargetGroup.HealthyThresholdCount"),
        recorded("healthCheck.healthyThreshold", `${TF_TG} health_check.healthy_threshold validation.IntBetween(2, 10)`, [int(2, 10)])),
    cite(intRule("elbv2-tg-unhealthy-threshold", [T.tg], "healthCheck.unhealthyThreshold", 2, 10, ELB.threshold),
        api("healthCheck.unhealthyThreshold", "elbv2", "CreateTargetGroup.UnhealthyThresholdCount"),
        recorded("healthCheck.unhealthyThreshold", `${TF_TG} health_check.unhealthy_threshold validation.IntBetween(2, 10)`, [int(2, 10)])),
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
    cite(patternRule("elbv2-tg-health-path", [T.tg], "healthCheck.path", /^\/.{0,1023}$/s, "1 to 1024 characters starting with /", ELB.path),
        api("healthCheck.path", "elbv2", "CreateTargetGroup.HealthCheckPath", { sample: "/health" }),
        recorded("healthCheck.path", `${TF_TG} health_check.path validation.All(validation.StringLenBetween(1, 1024), verify.StringHasPrefix("/"))`, [len(1, 1024), matches("/[\\s\\S]*")], { sample: "/health" })),
    custom("elbv2-tg-health-port", [T.tg], "healthCheck.port", "traffic-port or a port from 1 to 65535", ELB.healthPort, (r) => {
        const port = input(r, "healthCheck.port");
        return typeof port === "string" && port !== "traffic-port" && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)
            ? [{ property: "healthCheck.port", value: show(port) }] : [];
    }),

    // -- ELB: listeners and rules
    cite(intRule("elbv2-listener-port", [T.listener], "port", 1, 65535, ELB.port),
        api("port", "elbv2", "CreateListener.Port"),
        recorded("port", `${TF_LISTENER} port validation.IsPortNumber`, [int(1, 65535)])),
    custom("elbv2-https-listener-certificate", [T.listener], "certificateArn", "a certificate on an HTTPS or TLS listener", ELB.httpsCertificate, (r) => {
        const protocol = input(r, "protocol");
        return (protocol === "HTTPS" || protocol === "TLS") && !isUnknownInput(r, "certificateArn") && !input(r, "certificateArn")
            ? [{ property: "certificateArn", value: `none (protocol ${protocol})` }] : [];
    }),
    cite(enumRule("elbv2-action-type", [T.listener, T.listenerRule], actions("type"), ["forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response", "jwt-validation"], ELB.actionType),
        api("defaultActions[].type", "elbv2", "Action.Type"), api("actions[].type", "elbv2", "Action.Type"),
        recorded("actions[].type", `${TF_RULE} action.type enum.ValidateIgnoreCase[awstypes.ActionTypeEnum]() (sent as given: the API's exact values apply)`, [])),
    cite(patternRule("elbv2-fixed-response-status", [T.listener, T.listenerRule], actions("fixedResponse.statusCode"), /^[245]\d\d$/, "2XX, 4XX or 5XX", ELB.fixedStatus),
        api("defaultActions[].fixedResponse.statusCode", "elbv2", "FixedResponseActionConfig.StatusCode", { sample: "404" }),
        recorded("actions[].fixedResponse.statusCode", `${TF_RULE} fixed_response.status_code validation.StringMatch(^[245]\\d\\d$)`, [matches("[245]\\d\\d")], { sample: "503" })),
    cite(lengthRule("elbv2-fixed-response-body", [T.listener, T.listenerRule], actions("fixedResponse.messageBody"), 0, 1024, ELB.fixedBody),
        api("defaultActions[].fixedResponse.messageBody", "elbv2", "FixedResponseActionConfig.MessageBody"),
        recorded("actions[].fixedResponse.messageBody", `${TF_RULE} fixed_response.message_body validation.StringLenBetween(0, 1024)`, [len(0, 1024)])),
    cite(enumRule("elbv2-fixed-response-content-type", [T.listener, T.listenerRule], actions("fixedResponse.contentType"), ["text/plain", "text/css", "text/html", "application/javascript", "application/json"], ELB.fixedType),
        api("defaultActions[].fixedResponse.contentType", "elbv2", "FixedResponseActionConfig.ContentType", { sample: "text/plain" }),
        recorded("defaultActions[].fixedResponse.contentType", `${TF_LISTENER} fixed_response.content_type validation.StringInSlice(text/plain, text/css, text/html, application/javascript, application/json)`, [oneOf("text/plain", "text/css", "text/html", "application/javascript", "application/json")], { sample: "text/plain" })),
    cite(enumRule("elbv2-redirect-status", [T.listener, T.listenerRule], actions("redirect.statusCode"), ["HTTP_301", "HTTP_302"], ELB.redirectStatus),
        api("defaultActions[].redirect.statusCode", "elbv2", "RedirectActionConfig.StatusCode"),
        recorded("actions[].redirect.statusCode", `${TF_RULE} redirect.status_code enum.Validate[awstypes.RedirectActionStatusCodeEnum]()`, [])),
    cite(intRule("elbv2-rule-priority", [T.listenerRule], "priority", 1, 50000, ELB.priority),
        api("priority", "elbv2", "CreateRule.Priority"),
        recorded("priority", `${TF_RULE} priority validListenerRulePriority (listenerRulePriorityMin 1, listenerRulePriorityMax 50_000)`, [int(1, 50000)])),
    cite(countRule("elbv2-forward-target-groups", [T.listener, T.listenerRule], actions("forward.targetGroups"), 1, 5, ELB.forwardGroups),
        recorded("actions[].forward.targetGroups", `${TF_RULE} forward.target_group MinItems 1, MaxItems 5`, [items(1, 5)], { sample: "arn:tg" }),
        recorded("defaultActions[].forward.targetGroups", `${TF_LISTENER} forward.target_group MinItems 1, MaxItems 5`, [items(1, 5)], { sample: "arn:tg" })),
    cite(intRule("elbv2-forward-weight", [T.listener, T.listenerRule], actions("forward.targetGroups[].weight"), 0, 999, ELB.weight),
        apiDoc("actions[].forward.targetGroups[].weight", "elbv2", "TargetGroupTuple.Weight", "The weight. The range is 0 to 999.", [int(0, 999)]),
        recorded("actions[].forward.targetGroups[].weight", `${TF_RULE} forward.target_group.weight validation.IntBetween(0, 999)`, [int(0, 999)])),
    custom("elbv2-rule-condition-values", [T.listenerRule], "conditions", "at most 5 condition values per rule", ELB.conditionValues, (r) => {
        const count = ["conditions[].hostHeader.values[]", "conditions[].pathPattern.values[]", "conditions[].httpRequestMethod.values[]", "conditions[].sourceIp.values[]",
            "conditions[].httpHeader.values[]", "conditions[].queryStrings[]"].reduce((n, p) => n + valuesAt(r.inputs, p).length, 0);
        return count > 5 ? [{ property: "conditions", value: `${count} values` }] : [];
    }),
    cite(lengthRule("elbv2-rule-condition-value-length", [T.listenerRule], "conditions[].hostHeader.values[]", 1, 128, ELB.conditionValueLength),
        apiDoc("conditions[].hostHeader.values[]", "elbv2", "HostHeaderConditionConfig.Values", "The maximum length of each string is 128 characters.", [len(undefined, 128)], { sample: "www.example.com" }),
        recorded("conditions[].hostHeader.values[]", `${TF_RULE} condition.host_header.values validation.StringLenBetween(1, 128)`, [len(1, 128)], { sample: "www.example.com" })),
    cite(lengthRule("elbv2-rule-path-pattern-length", [T.listenerRule], "conditions[].pathPattern.values[]", 1, 128, ELB.conditionValueLength),
        apiDoc("conditions[].pathPattern.values[]", "elbv2", "PathPatternConditionConfig.Values", "The maximum length of each string is 128 characters.", [len(undefined, 128)], { sample: "/api/*" }),
        recorded("conditions[].pathPattern.values[]", `${TF_RULE} condition.path_pattern.values validation.StringLenBetween(1, 128)`, [len(1, 128)], { sample: "/api/*" })),
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
    cite(nameRule("ec2-sg-name", [T.sg], "at most 255 characters of a-z A-Z 0-9, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with sg-",
        (n) => n.length <= 255 && /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/.test(n) && !/^sg-/.test(n),
        "API doc: EC2 CreateSecurityGroup GroupName (\"Up to 255 characters in length. Cannot start with sg-.\" EC2-VPC: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*)"),
        apiDoc("name", "ec2", "CreateSecurityGroup.GroupName", "Up to 255 characters in length. Can't start with sg-", [len(1, 255), matches("(?!sg-)[\\s\\S]*")], { sample: "web", also: ["sg-web", "SG-web", "sgweb", "web sg-"] }),
        apiDoc("name", "ec2", "CreateSecurityGroup.GroupName", "Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*", [matches("[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*")], { sample: "web" })),
    cite(patternRule("ec2-sg-description", [T.sg, T.sgIn, T.sgOut], "description", /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/, "at most 255 characters of a-z A-Z 0-9, spaces and ._-:/()#,@[]+=&;{}!$*",
        "API doc: EC2 CreateSecurityGroup Description (\"Up to 255 characters\"; EC2-VPC: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*)"),
        apiDoc("description", "ec2", "CreateSecurityGroup.Description", "Up to 255 characters in length Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*", [len(0, 255), matches("[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*")], { sample: "web tasks" }),
        apiDoc("description", "ec2", "IpRange.Description", "Up to 255 characters in length. Allowed characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*", [len(0, 255), matches("[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*")], { sample: "from the ALB" })),
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
    cite(enumRule("ec2-eip-domain", [T.eip], "domain", ["vpc", "standard"], "API: EC2 DomainType enum"),
        api("domain", "ec2", "AllocateAddress.Domain")),
    custom("ec2-eip-target", [T.eip], "instance, networkInterface", "at most one of them", "TF: aws_eip instance ConflictsWith network_interface", (r) =>
        valuesAt(r.inputs, "instance").length > 0 && valuesAt(r.inputs, "networkInterface").length > 0 ? [{ property: "instance, networkInterface", value: "both set" }] : []),

    // -- ECS
    cite(nameRule("ecs-cluster-name", [T.cluster], "at most 255 letters, digits, _ and -", (n) => /^[A-Za-z0-9_-]{1,255}$/.test(n),
        "API doc: ECS CreateCluster clusterName (\"Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed\")"),
        apiDoc("name", "ecs", "CreateCluster.clusterName", "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.", [len(1, 255), matches("[A-Za-z0-9_-]+")], { sample: "web" })),
    cite(nameRule("ecs-service-name", [T.service], "at most 255 letters, digits, _ and -", (n) => /^[A-Za-z0-9_-]{1,255}$/.test(n),
        "API doc: ECS CreateService serviceName (\"Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed\")"),
        apiDoc("name", "ecs", "CreateService.serviceName", "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.", [len(1, 255), matches("[A-Za-z0-9_-]+")], { sample: "web" })),
    cite(patternRule("ecs-task-family", [T.taskDef], "family", /^[A-Za-z0-9_-]{1,255}$/, "1 to 255 letters, digits, _ and -",
        "API doc: ECS RegisterTaskDefinition family (\"Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed\")"),
        apiDoc("family", "ecs", "RegisterTaskDefinition.family", "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.", [len(1, 255), matches("[A-Za-z0-9_-]+")], { sample: "web" })),
    cite(enumRule("ecs-launch-type", [T.service], "launchType", ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"], "API: ECS LaunchType enum"),
        api("launchType", "ecs", "CreateService.launchType")),
    cite(enumRule("ecs-propagate-tags", [T.service], "propagateTags", ["TASK_DEFINITION", "SERVICE", "NONE"], "API: ECS PropagateTags enum"),
        api("propagateTags", "ecs", "CreateService.propagateTags")),
    cite(intRule("ecs-desired-count", [T.service], "desiredCount", 0, 2147483647, "API doc: ECS CreateService desiredCount (number of instantiations, not negative; a 32-bit integer)"),
        api("desiredCount", "ecs", "CreateService.desiredCount"),
        apiDoc("desiredCount", "ecs", "CreateService.desiredCount", "The number of instantiations of the specified task definition to place and keep running in your service.", [int(0, undefined)])),
    cite(intRule("ecs-health-check-grace", [T.service], "healthCheckGracePeriodSeconds", 0, 2147483647, "API: ECS CreateService healthCheckGracePeriodSeconds (a 32-bit integer); TF docs (@pulumi/aws 7.48.0 ecs.Service.healthCheckGracePeriodSeconds: \"up to 2147483647\")"),
        api("healthCheckGracePeriodSeconds", "ecs", "CreateService.healthCheckGracePeriodSeconds"),
        recorded("healthCheckGracePeriodSeconds", "TF docs (@pulumi/aws 7.48.0 ecs/service.d.ts healthCheckGracePeriodSeconds): \"Seconds to ignore failing load balancer health checks ... up to 2147483647\"", [int(0, 2147483647)])),
    countRule("ecs-service-target-groups", [T.service], "loadBalancers", 0, 5, "Amazon ECS Developer Guide, service quotas: target groups per service 5 (not adjustable)"),
    cite(countRule("ecs-awsvpc-subnets", [T.service], "networkConfiguration.subnets", 1, 16, "API doc: ECS AwsVpcConfiguration.subnets (\"There's a limit of 16 subnets\")"),
        apiDoc("networkConfiguration.subnets", "ecs", "AwsVpcConfiguration.subnets", "There's a limit of 16 subnets that can be specified.", [items(undefined, 16)], { sample: "subnet-1" }),
        recorded("networkConfiguration.subnets", "botocore ecs AwsVpcConfiguration required: [subnets]", [items(1, undefined)], { sample: "subnet-1" })),
    cite(countRule("ecs-awsvpc-security-groups", [T.service], "networkConfiguration.securityGroups", 0, 5, "API doc: ECS AwsVpcConfiguration.securityGroups (\"There's a limit of 5 security groups\")"),
        apiDoc("networkConfiguration.securityGroups", "ecs", "AwsVpcConfiguration.securityGroups", "There's a limit of 5 security groups that can be specified.", [items(0, 5)], { sample: "sg-1" })),
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
    cite(enumRule("ecs-runtime-os", [T.taskDef], "runtimePlatform.operatingSystemFamily", ["LINUX", "WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE", "WINDOWS_SERVER_2016_FULL", "WINDOWS_SERVER_2004_CORE", "WINDOWS_SERVER_2022_CORE", "WINDOWS_SERVER_2022_FULL", "WINDOWS_SERVER_2025_CORE", "WINDOWS_SERVER_2025_FULL", "WINDOWS_SERVER_20H2_CORE"], "API: ECS OSFamily enum (plus 2025 from the ECS API reference)"),
        api("runtimePlatform.operatingSystemFamily", "ecs", "RuntimePlatform.operatingSystemFamily")),
    cite(enumRule("ecs-runtime-cpu-architecture", [T.taskDef], "runtimePlatform.cpuArchitecture", ["X86_64", "ARM64"], "API: ECS CPUArchitecture enum"),
        api("runtimePlatform.cpuArchitecture", "ecs", "RuntimePlatform.cpuArchitecture")),
    custom("ecs-container-definitions-json", [T.taskDef], "containerDefinitions", "a JSON list of container definitions", "TF: aws_ecs_task_definition container_definitions ValidateFunc ValidTaskDefinitionContainerDefinitions", (r) => {
        const text = input(r, "containerDefinitions");
        const parsed = parseJson(text);
        return typeof text === "string" && !(parsed.ok && Array.isArray(parsed.value) && parsed.value.length > 0) ? [{ property: "containerDefinitions", value: show(text.slice(0, 60)) }] : [];
    }),
    cite(custom("ecs-container-name", [T.taskDef], "containerDefinitions[].name", "1 to 255 letters, digits, _ and -", "API doc: ECS ContainerDefinition.name (\"Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed\")", (r) =>
        containerDefinitions(r).filter(({ def }) => typeof def.name !== "string" || !/^[A-Za-z0-9_-]{1,255}$/.test(def.name))
            .map(({ index, def }) => ({ property: `containerDefinitions[${index}].name`, value: show(def.name) }))),
        apiDoc("name", "ecs", "ContainerDefinition.name", "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.", [len(1, 255), matches("[A-Za-z0-9_-]+")], { sample: "web", base: FARGATE_PROBE, insideJson: { input: "containerDefinitions", element: { image: "x" } } })),
    cite(custom("ecs-fargate-stop-timeout", [T.taskDef], "containerDefinitions[].stopTimeout", `a whole number of seconds, at most ${FARGATE_MAX_STOP_TIMEOUT_SECONDS} on Fargate`, "API doc: ECS ContainerDefinition.stopTimeout (\"For tasks that use the Fargate launch type, the max stop timeout value is 120 seconds\"; a 32-bit integer); shared/reference/aws.md", (r) =>
        !isFargate(r) ? [] : containerDefinitions(r).filter(({ def }) => def.stopTimeout !== undefined && (typeof def.stopTimeout !== "number" || !Number.isInteger(def.stopTimeout) || def.stopTimeout > FARGATE_MAX_STOP_TIMEOUT_SECONDS || def.stopTimeout < -2147483648))
            .map(({ index, def }) => ({ property: `containerDefinitions[${index}].stopTimeout`, value: show(def.stopTimeout) }))),
        api("stopTimeout", "ecs", "ContainerDefinition.stopTimeout", { base: FARGATE_PROBE, insideJson: { input: "containerDefinitions", element: { name: "web", image: "x" } } }),
        apiDoc("stopTimeout", "ecs", "ContainerDefinition.stopTimeout", "For tasks that use the Fargate launch type, the max stop timeout value is 120 seconds", [int(undefined, 120)], { base: FARGATE_PROBE, insideJson: { input: "containerDefinitions", element: { name: "web", image: "x" } } })),
    cite(custom("ecs-container-health-check", [T.taskDef], "containerDefinitions[].healthCheck", "interval 5-300, timeout 2-60, retries 1-10, startPeriod 0-300", "API doc: ECS HealthCheck interval (\"between 5 and 300\"), timeout (\"between 2 and 60\"), retries (\"between 1 and 10\"), startPeriod (\"between 0 and 300\")", (r) =>
        containerDefinitions(r).flatMap(({ index, def }) => {
            const hc = (def.healthCheck ?? {}) as Record<string, unknown>;
            const ranges: [string, number, number][] = [["interval", 5, 300], ["timeout", 2, 60], ["retries", 1, 10], ["startPeriod", 0, 300]];
            return ranges.filter(([k, lo, hi]) => hc[k] !== undefined && (typeof hc[k] !== "number" || !Number.isInteger(hc[k]) || (hc[k] as number) < lo || (hc[k] as number) > hi))
                .map(([k]) => ({ property: `containerDefinitions[${index}].healthCheck.${k}`, value: show(hc[k]) }));
        })),
        apiDoc("healthCheck.interval", "ecs", "HealthCheck.interval", "You may specify between 5 and 300 seconds.", [int(5, 300)], { base: FARGATE_PROBE, insideJson: { input: "containerDefinitions", element: { name: "web", image: "x", healthCheck: { command: ["CMD", "true"] } } } }),
        apiDoc("healthCheck.timeout", "ecs", "HealthCheck.timeout", "You may specify between 2 and 60 seconds.", [int(2, 60)], { base: FARGATE_PROBE, insideJson: { input: "containerDefinitions", element: { name: "web", image: "x", healthCheck: { command: ["CMD", "true"] } } } }),
        apiDoc("healthCheck.retries", "ecs", "HealthCheck.retries", "You may specify between 1 and 10 retries.", [int(1, 10)], { base: FARGATE_PROBE, insideJson: { input: "containerDefinitions", element: { name: "web", image: "x", healthCheck: { command: ["CMD", "true"] } } } }),
        apiDoc("healthCheck.startPeriod", "ecs", "HealthCheck.startPeriod", "You can specify between 0 and 300 seconds.", [int(0, 300)], { base: FARGATE_PROBE, insideJson: { input: "containerDefinitions", element: { name: "web", image: "x", healthCheck: { command: ["CMD", "true"] } } } })),
    custom("ecs-awsvpc-host-port", [T.taskDef], "containerDefinitions[].portMappings[].hostPort", "unset or equal to containerPort in awsvpc mode", "API doc: ECS PortMapping.hostPort (\"If you use containers in a task with the awsvpc or host network mode, the hostPort can either be left blank or set to the same value as the containerPort\")", (r) =>
        input(r, "networkMode") !== "awsvpc" ? [] : containerDefinitions(r).flatMap(({ index, def }) =>
            (Array.isArray(def.portMappings) ? def.portMappings as Record<string, unknown>[] : []).flatMap((pm, j) =>
                pm.hostPort !== undefined && pm.hostPort !== pm.containerPort ? [{ property: `containerDefinitions[${index}].portMappings[${j}].hostPort`, value: `${show(pm.hostPort)} (containerPort ${show(pm.containerPort)})` }] : []))),

    // -- ECR
    cite(nameRule("ecr-repository-name", [T.ecr], "2 to 256 characters: /-separated parts of lower-case words of a-z 0-9 joined by ., _, __ or one or more -",
        (n) => n.length >= 2 && n.length <= 256 && /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/.test(n),
        "API: ECR RepositoryName min 2 max 256 pattern [a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*"),
        api("name", "ecr", "CreateRepository.repositoryName", { sample: "web", also: ["a--b", "a---b", "a__b", "a___b", "a_.b", "a.-b", "a/b", "a//b", "/ab", "ab/", "ab.cd-ef/gh__ij", "Ab"] })),
    cite(enumRule("ecr-tag-mutability", [T.ecr], "imageTagMutability", ["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"], "TF docs (@pulumi/aws 7.48.0 ecr.Repository.imageTagMutability); API: ECR ImageTagMutability"),
        api("imageTagMutability", "ecr", "CreateRepository.imageTagMutability")),
    cite(enumRule("ecr-encryption-type", [T.ecr], "encryptionConfigurations[].encryptionType", ["AES256", "KMS", "KMS_DSSE"], "API: ECR EncryptionType (AES256, KMS; KMS_DSSE added 2024); TF docs ecr.RepositoryEncryptionConfiguration"),
        api("encryptionConfigurations[].encryptionType", "ecr", "EncryptionConfiguration.encryptionType")),
    cite(lengthRule("ecr-lifecycle-policy-length", [T.ecrLifecycle], "policy", 100, 30720, "API: ECR LifecyclePolicyText min 100 max 30720"),
        api("policy", "ecr", "PutLifecyclePolicy.lifecyclePolicyText")),
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
    cite(nameRule("logs-group-name", [T.logGroup], "1 to 512 characters of . - _ / # A-Z a-z 0-9", (n) => /^[.\-_/#A-Za-z0-9]{1,512}$/.test(n),
        "API: CloudWatch Logs LogGroupName min 1 max 512 pattern [\\.\\-_/#A-Za-z0-9]+"),
        api("name", "logs", "CreateLogGroup.logGroupName", { sample: "/ecs/web" })),
    cite(enumRule("logs-retention", [T.logGroup], "retentionInDays", [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
        "TF docs (@pulumi/aws 7.48.0 cloudwatch.LogGroup.retentionInDays: \"Possible values are: 1, 3, 5, ... 3653, and 0\"); API: PutRetentionPolicy retentionInDays"),
        recorded("retentionInDays", `${TF_LOGS} retention_in_days validation.IntInSlice([]int{0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653})`, [oneOf(0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)]),
        api("retentionInDays", "logs", "PutRetentionPolicy.retentionInDays")),
    cite(nameRule("cloudwatch-alarm-name", [T.alarm], "1 to 255 characters, no control characters", (n) => n.length >= 1 && n.length <= 255 && !/[\u0000-\u001f\u007f]/.test(n),
        "API: CloudWatch AlarmName min 1 max 255; User Guide: alarm names must contain only UTF-8 characters and cannot contain ASCII control characters"),
        api("name", "cloudwatch", "PutMetricAlarm.AlarmName", { sample: "web-5xx" }),
        apiDoc("name", "cloudwatch", "PutMetricAlarm.AlarmName", "The name must contain only UTF-8 characters, and can't contain ASCII control characters", [{ kind: "not-pattern", pattern: "[\\u0000-\\u001f\\u007f]" }], { sample: "web-5xx" })),
    cite(lengthRule("cloudwatch-alarm-description", [T.alarm], "alarmDescription", 0, 1024, "API: CloudWatch AlarmDescription max 1024"),
        api("alarmDescription", "cloudwatch", "PutMetricAlarm.AlarmDescription")),
    cite(enumRule("cloudwatch-alarm-comparison", [T.alarm], "comparisonOperator", ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"], "API: CloudWatch ComparisonOperator enum"),
        api("comparisonOperator", "cloudwatch", "PutMetricAlarm.ComparisonOperator")),
    cite(intRule("cloudwatch-alarm-evaluation-periods", [T.alarm], "evaluationPeriods", 1, 2147483647, "API: CloudWatch EvaluationPeriods min 1 (a 32-bit integer)"),
        api("evaluationPeriods", "cloudwatch", "PutMetricAlarm.EvaluationPeriods")),
    cite(custom("cloudwatch-alarm-datapoints", [T.alarm], "datapointsToAlarm", "1 to evaluationPeriods", "API: CloudWatch DatapointsToAlarm min 1; User Guide, evaluating an alarm (M out of N: M <= N)", (r) => {
        const m = input(r, "datapointsToAlarm");
        const n = input(r, "evaluationPeriods");
        return m !== undefined && (typeof m !== "number" || !Number.isInteger(m) || m < 1 || (typeof n === "number" && m > n)) ? [{ property: "datapointsToAlarm", value: `${m} (evaluationPeriods ${String(n)})` }] : [];
    }),
        api("datapointsToAlarm", "cloudwatch", "PutMetricAlarm.DatapointsToAlarm", { base: { evaluationPeriods: 2147483647 } })),
    cite(custom("cloudwatch-alarm-period", [T.alarm], "period, metricQueries[].metric.period",
        "period 10, 20, 30 or a multiple of 60 (a metric query's also 1 or 5); period x evaluationPeriods at most 86400 s, or 604800 s for periods of an hour or more",
        `API doc: CloudWatch PutMetricAlarm Period ("Valid values are 10, 20, 30, and any multiple of 60"), MetricStat.Period ("1, 5, 10, 20, 30, 60, or any multiple of 60") and PutMetricAlarm ("can't be more than 604,800 seconds. For alarms with a period of less than one hour (3,600 seconds), the total evaluation period can't be longer than one day (86,400 seconds)"); ${TF_ALARM} period IntInSlice(10, 20, 30) or IntDivisibleBy(60), metric_query.metric.period IntInSlice(1, 5, 10, 20, 30) or IntDivisibleBy(60)`, (r) => {
        const n = input(r, "evaluationPeriods");
        const judge = (located: Located[], short: readonly number[]) => known(located).flatMap((l) => {
            const p = plain(l.value);
            if (typeof p !== "number") {
                return [];
            }
            const badValue = !(short.includes(p) || (p > 0 && p % 60 === 0));
            const limit = p < 3600 ? 86400 : 604800;
            const tooLong = typeof n === "number" && p * n > limit;
            return badValue || tooLong ? [{ property: l.path, value: `${p}${tooLong ? ` x evaluationPeriods ${n} = ${p * n} s (at most ${limit})` : ""}` }] : [];
        });
        return [...judge(valuesAt(r.inputs, "period"), [10, 20, 30]), ...judge(valuesAt(r.inputs, "metricQueries[].metric.period"), [1, 5, 10, 20, 30])];
    }),
        apiDoc("period", "cloudwatch", "PutMetricAlarm.Period", "Valid values are 10, 20, 30, and any multiple of 60.", [], { only: [] }),
        apiDoc("metricQueries[].metric.period", "cloudwatch", "MetricStat.Period", "the period can be 1, 5, 10, 20, 30, 60, or any multiple of 60", [], { only: [] }),
        apiDoc("period", "cloudwatch", "PutMetricAlarm.Period", "Period multiplied by EvaluationPeriods can't be more than 604,800 seconds. For alarms with a period of less than one hour (3,600 seconds), the total evaluation period can't be longer than one day (86,400 seconds).", [], { only: [] })),
    cite(enumRule("cloudwatch-alarm-statistic", [T.alarm], "statistic", ["SampleCount", "Average", "Sum", "Minimum", "Maximum"], "API: CloudWatch Statistic enum"),
        api("statistic", "cloudwatch", "PutMetricAlarm.Statistic")),
    cite(enumRule("cloudwatch-alarm-missing-data", [T.alarm], "treatMissingData", ["breaching", "notBreaching", "ignore", "missing"], "API doc: CloudWatch PutMetricAlarm TreatMissingData (\"Valid Values: breaching | notBreaching | ignore | missing\")"),
        api("treatMissingData", "cloudwatch", "PutMetricAlarm.TreatMissingData", { sample: "missing" }),
        apiDoc("treatMissingData", "cloudwatch", "PutMetricAlarm.TreatMissingData", "Valid Values: breaching | notBreaching | ignore | missing", [oneOf("breaching", "notBreaching", "ignore", "missing")])),
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
    custom("cloudwatch-alarm-metric-queries", [T.alarm], "metricQueries[]", "unique ids of letters, digits and _ starting with a lower-case letter; exactly one returnData true", `API doc: CloudWatch MetricDataQuery.Id ("The first character must be a lowercase letter") and ReturnData ("specify true for the one expression result to use as the alarm"); ${TF_ALARM} metric_query.return_data Default false`, (r) => {
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
        // Terraform sends return_data false when it is left out (metric_query.return_data Default false), not the API's default true.
        const returning = queries.filter(({ q }) => q.returnData === true).length;
        if (returning !== 1) findings.push({ property: "metricQueries[].returnData", value: `${returning} queries return data` });
        return findings;
    }),
    cite(patternRule("cloudwatch-dashboard-name", [T.dashboard], "dashboardName", /^[A-Za-z0-9_-]{1,255}$/, "1 to 255 characters of A-Z a-z 0-9 - and _",
        "API doc: CloudWatch PutDashboard DashboardName (\"The maximum length is 255, and valid characters are A-Z, a-z, 0-9, \\\"-\\\", and \\\"_\\\"\")"),
        apiDoc("dashboardName", "cloudwatch", "PutDashboard.DashboardName", "The maximum length is 255, and valid characters are A-Z, a-z, 0-9, \"-\", and \"_\". This parameter is required.", [len(1, 255), matches("[A-Za-z0-9_-]+")], { sample: "web" })),
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
    cite(nameRule("iam-role-name", [T.role], "1 to 64 characters of letters, digits and +=,.@_-", (n) => /^[\w+=,.@-]{1,64}$/.test(n), "API: IAM roleNameType min 1 max 64 pattern [\\w+=,.@-]+"),
        api("name", "iam", "CreateRole.RoleName", { sample: "web" })),
    cite(custom("iam-role-description", [T.role], "description", "at most 1000 characters of tab, line feed, carriage return, printable ASCII and U+00A1 to U+00FF",
        "API: IAM roleDescriptionType max 1000 pattern [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*", (r) => known(valuesAt(r.inputs, "description"))
            .filter((l) => typeof plain(l.value) === "string" && !/^[\t\n\r\x20-\x7E\xA1-\xFF]{0,1000}$/.test(plain(l.value) as string))
            .map((l) => ({ property: l.path, value: `${show(l.value)} (${[...(plain(l.value) as string)].length} characters)` }))),
        api("description", "iam", "CreateRole.Description", { sample: "Runs the web tasks" })),
    cite(intRule("iam-role-max-session", [T.role], "maxSessionDuration", 3600, 43200, "API: IAM roleMaxSessionDurationType min 3600 max 43200"),
        api("maxSessionDuration", "iam", "CreateRole.MaxSessionDuration")),
    cite(nameRule("iam-role-policy-name", [T.rolePolicy], "1 to 128 characters of letters, digits and +=,.@_-", (n) => /^[\w+=,.@-]{1,128}$/.test(n), "API: IAM policyNameType min 1 max 128 pattern [\\w+=,.@-]+"),
        api("name", "iam", "PutRolePolicy.PolicyName", { sample: "web" })),
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
    cite(nameRule("secretsmanager-secret-name", [T.secret], "1 to 512 characters of A-Z a-z 0-9 and /_+=.@-", (n) => /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(n),
        "API: Secrets Manager NameType min 1 max 512; API doc: CreateSecret Name (\"ASCII letters, numbers, and the following characters: /_+=.@-\")"),
        api("name", "secretsmanager", "CreateSecret.Name", { sample: "prod/web" }),
        apiDoc("name", "secretsmanager", "CreateSecret.Name", "The secret name can contain ASCII letters, numbers, and the following characters: /_+=.@-", [matches("[A-Za-z0-9/_+=.@-]*")], { sample: "prod/web" })),
    cite(lengthRule("secretsmanager-secret-description", [T.secret], "description", 0, 2048, "API: Secrets Manager DescriptionType max 2048"),
        api("description", "secretsmanager", "CreateSecret.Description")),
    cite(custom("secretsmanager-recovery-window", [T.secret], "recoveryWindowInDays", "0, or 7 to 30", "TF docs (@pulumi/aws 7.48.0 secretsmanager.Secret.recoveryWindowInDays: \"0 to force deletion without recovery or range from 7 to 30 days\")", (r) => {
        const d = input(r, "recoveryWindowInDays");
        return d !== undefined && !(d === 0 || (typeof d === "number" && Number.isInteger(d) && d >= 7 && d <= 30)) ? [{ property: "recoveryWindowInDays", value: show(d) }] : [];
    }),
        recorded("recoveryWindowInDays", "TF docs (@pulumi/aws 7.48.0 secretsmanager/secret.d.ts recoveryWindowInDays): \"0 to force deletion without recovery or range from 7 to 30 days\"", [oneOf(0, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)])),
    cite(lengthRule("secretsmanager-secret-string", [T.secretVersion], "secretString", 1, 65536, "API: Secrets Manager SecretStringType min 1 max 65536; Secrets Manager quotas: secret value size 65,536 bytes", "bytes"),
        api("secretString", "secretsmanager", "CreateSecret.SecretString", { sample: "postgres://db" }),
        recorded("secretString", "Secrets Manager quotas (docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html): secret value size 65,536 bytes", [len(undefined, 65536, "bytes")], { sample: "postgres://db" })),
    cite(custom("ssm-parameter-name", [T.ssmParameter], "name", `a-zA-Z0-9_.-/, no aws or ssm prefix, a leading / when hierarchical, at most 15 levels, at most ${SSM_NAME_MAX} characters after a leading /`,
        `API doc: SSM PutParameter Name (naming constraints: a-zA-Z0-9_.-, "can't be prefixed with aws or ssm (case-insensitive)", leading / in a hierarchy, "maximum depth of fifteen levels", "The maximum length for a parameter name that you specify is 1011 characters. This count of 1011 characters includes the characters in the ARN that precede the name": ${SSM_ARN_PREFIX_MAX} for the longest aws-partition Region names, 45 in us-east-2)`, (r) => {
            const n = nameOf(r);
            if (n === undefined) {
                return [];
            }
            const name = n.value;
            const bare = name.startsWith("/") ? name.slice(1) : name;
            const bad = !/^[a-zA-Z0-9_.\-/]+$/.test(name) || /^\/?(aws|ssm)/i.test(name) || (bare.includes("/") && !name.startsWith("/"))
                || bare.split("/").length > 15 || bare.length < 1 || bare.length > SSM_NAME_MAX || bare.startsWith("/");
            return bad ? [{ property: n.located, value: describeName(n) }] : [];
        }),
        api("name", "ssm", "PutParameter.Name", { sample: "/p" }),
        apiDoc("name", "ssm", "PutParameter.Name", "Parameter names can include only the following symbols and letters: a-zA-Z0-9_.-", [matches("[a-zA-Z0-9_.\\-/]+")], { sample: "/prod/web/db", also: ["/aws/x", "aws-x", "AWSx", "/ssm", "Ssm/x", "x/aws", "/", "//a", "/a/", "a/b", "/a//b"] }),
        apiDoc("name", "ssm", "PutParameter.Name", "can't be prefixed with", [{ kind: "not-pattern", pattern: "^/?(?:[aA][wW][sS]|[sS][sS][mM])" }], { sample: "/prod/web/db" }),
        apiDoc("name", "ssm", "PutParameter.Name", "For parameters in a hierarchy, you must include a leading forward slash character (/)", [matches("[^/]+|/[\\s\\S]*")], { sample: "/prod/web/db" }),
        apiDoc("name", "ssm", "PutParameter.Name", "Parameter hierarchies are limited to a maximum depth of fifteen levels.", [matches("/?[^/]*(?:/[^/]*){0,14}")], { sample: "/a", also: [`/${"a/".repeat(14)}a`, `/${"a/".repeat(15)}a`, `${"a/".repeat(14)}a`] }),
        apiDoc("name", "ssm", "PutParameter.Name", "The maximum length for a parameter name that you specify is 1011 characters. This count of 1011 characters includes the characters in the ARN that precede the name you specify.", [matches(`/?[^/][\\s\\S]{0,${SSM_NAME_MAX - 1}}`)], { sample: "/p", also: [`/${"p".repeat(SSM_NAME_MAX)}`, `/${"p".repeat(SSM_NAME_MAX + 1)}`, "p".repeat(SSM_NAME_MAX), "p".repeat(SSM_NAME_MAX + 1)] })),
    cite(enumRule("ssm-parameter-type", [T.ssmParameter], "type", ["String", "StringList", "SecureString"], "API: SSM ParameterType enum"),
        api("type", "ssm", "PutParameter.Type")),
    cite(enumRule("ssm-parameter-tier", [T.ssmParameter], "tier", ["Standard", "Advanced", "Intelligent-Tiering"], "API: SSM ParameterTier enum"),
        api("tier", "ssm", "PutParameter.Tier")),
    cite(lengthRule("ssm-parameter-description", [T.ssmParameter], "description", 0, 1024, "API: SSM ParameterDescription max 1024"),
        api("description", "ssm", "PutParameter.Description")),
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
    cite(patternRule("acm-domain-name", [T.cert], "domainName", /^(?=.{1,64}$)(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$/, "a domain name of 1 to 64 characters (the certificate's common name; a leading *. allowed)",
        "API doc: ACM RequestCertificate DomainName (\"the length of the domain name (technically, the Common Name) ... cannot exceed 64 octets (characters), including periods\"); API: ACM DomainNameString pattern"),
        api("domainName", "acm", "RequestCertificate.DomainName", { sample: "example.com", pad: { at: "start", with: "a" }, also: ["*.example.com", "a.b", "-a.example.com", "a-.example.com", "example", "*.*.example.com", "example.com."] }),
        apiDoc("domainName", "acm", "RequestCertificate.DomainName", "cannot exceed 64 octets (characters), including periods", [len(1, 64)], { sample: "example.com", pad: { at: "start", with: "a" } })),
    cite(patternRule("acm-alternative-names", [T.cert], "subjectAlternativeNames[]", /^(?=.{1,253}$)(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$/, "domain names of 1 to 253 characters (a leading *. allowed)",
        "API: ACM DomainList member DomainNameString"),
        api("subjectAlternativeNames[]", "acm", "RequestCertificate.SubjectAlternativeNames[]", { sample: "www.example.com", pad: { at: "start", with: "a" }, also: [`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`, `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`, `${"a".repeat(64)}.com`] })),
    cite(enumRule("acm-validation-method", [T.cert], "validationMethod", ["DNS", "EMAIL", "HTTP"], "API: ACM ValidationMethod enum"),
        api("validationMethod", "acm", "RequestCertificate.ValidationMethod")),
    cite(enumRule("acm-key-algorithm", [T.cert], "keyAlgorithm", ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"], "API: ACM KeyAlgorithm enum"),
        api("keyAlgorithm", "acm", "RequestCertificate.KeyAlgorithm")),

    // -- Route 53
    cite(lengthRule("route53-zone-name", [T.zone], "name", 1, 1024, "API: Route 53 DNSName max 1024"),
        api("name", "route53", "CreateHostedZone.Name", { sample: "example.com" }),
        recorded("name", "botocore route53 CreateHostedZoneRequest required: [Name, CallerReference] (an empty name is none)", [len(1, undefined)], { sample: "example.com" })),
    cite(lengthRule("route53-zone-comment", [T.zone], "comment", 0, 256, "API: Route 53 HostedZoneConfig.Comment (ResourceDescription max 256)"),
        api("comment", "route53", "HostedZoneConfig.Comment")),
    cite(enumRule("route53-record-type", [T.record], "type", ["SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS", "TLSA", "SSHFP", "SVCB", "HTTPS"], "API: Route 53 RRType enum"),
        api("type", "route53", "ResourceRecordSet.Type")),
    cite(intRule("route53-record-ttl", [T.record], "ttl", 0, 2147483647, "API: Route 53 TTL min 0 max 2147483647"),
        api("ttl", "route53", "ResourceRecordSet.TTL", { base: { zoneId: "Z", name: "www.example.com", type: "A" } })),
    cite(intRule("route53-weight", [T.record], "weightedRoutingPolicies[].weight", 0, 255, "API: Route 53 ResourceRecordSetWeight min 0 max 255"),
        api("weightedRoutingPolicies[].weight", "route53", "ResourceRecordSet.Weight")),
    cite(lengthRule("route53-set-identifier", [T.record], "setIdentifier", 1, 128, "API: Route 53 ResourceRecordSetIdentifier min 1 max 128"),
        api("setIdentifier", "route53", "ResourceRecordSet.SetIdentifier", { sample: "legacy" })),
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
    cite(enumRule("route53-health-check-type", [T.healthCheck], "type", ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP", "CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"], "API: Route 53 HealthCheckType enum"),
        api("type", "route53", "HealthCheckConfig.Type"),
        recorded("type", `${TF_HC} type enum.Validate[awstypes.HealthCheckType]()`, [])),
    cite(enumRule("route53-request-interval", [T.healthCheck], "requestInterval", [10, 30], "TF: aws_route53_health_check request_interval validation.IntInSlice([]int{10, 30}); API: RequestInterval min 10 max 30"),
        api("requestInterval", "route53", "HealthCheckConfig.RequestInterval"),
        recorded("requestInterval", `${TF_HC} request_interval validation.IntInSlice([]int{10, 30})`, [oneOf(10, 30)])),
    cite(intRule("route53-failure-threshold", [T.healthCheck], "failureThreshold", 1, 10, "API: Route 53 FailureThreshold min 1 max 10"),
        api("failureThreshold", "route53", "HealthCheckConfig.FailureThreshold"),
        recorded("failureThreshold", `${TF_HC} failure_threshold validation.IntBetween(1, 10)`, [int(1, 10)])),
    cite(intRule("route53-health-check-port", [T.healthCheck], "port", 1, 65535, "API: Route 53 Port min 1 max 65535"),
        api("port", "route53", "HealthCheckConfig.Port"),
        recorded("port", `${TF_HC} port validation.IsPortNumber`, [int(1, 65535)])),
    cite(lengthRule("route53-resource-path", [T.healthCheck], "resourcePath", 0, 255, "API: Route 53 ResourcePath max 255"),
        api("resourcePath", "route53", "HealthCheckConfig.ResourcePath", { sample: "/health" }),
        recorded("resourcePath", `${TF_HC} resource_path validation.StringLenBetween(0, 255)`, [len(0, 255)], { sample: "/health" })),
    cite(lengthRule("route53-health-check-fqdn", [T.healthCheck], "fqdn", 0, 255, "API: Route 53 FullyQualifiedDomainName max 255"),
        api("fqdn", "route53", "HealthCheckConfig.FullyQualifiedDomainName", { sample: "legacy.example.com" }),
        recorded("fqdn", `${TF_HC} fqdn validation.StringLenBetween(0, 255)`, [len(0, 255)], { sample: "legacy.example.com" })),
    cite(lengthRule("route53-search-string", [T.healthCheck], "searchString", 0, 255, "API: Route 53 SearchString max 255"),
        api("searchString", "route53", "HealthCheckConfig.SearchString", { sample: "ok" }),
        recorded("searchString", `${TF_HC} search_string validation.StringLenBetween(0, 255)`, [len(0, 255)], { sample: "ok" })),
    cite(custom("route53-health-check-ip", [T.healthCheck], "ipAddress", "a public IPv4 or IPv6 address (not local, private, non-routable or multicast)", "API: Route 53 IPAddress pattern; API doc: HealthCheckConfig.IPAddress (\"Route 53 can't check the health of endpoints for which the IP address is in local, private, non-routable, or multicast ranges\", RFC 5735, RFC 6598)", (r) => {
        const ip = input(r, "ipAddress");
        return typeof ip === "string" && !(net.isIPv6(ip) || (net.isIPv4(ip) && !nonPublicIpv4(ip))) ? [{ property: "ipAddress", value: show(ip) }] : [];
    }),
        api("ipAddress", "route53", "HealthCheckConfig.IPAddress", { sample: "1.1.1.1", also: ["2606:4700:4700::1111", "::1.2.3.4", "1.1.1.256", "01.1.1.1", "1.1.1", "::", "2001:db8::1", "8.8.8.8"] }),
        recorded("ipAddress", `${TF_HC} ip_address validation.IsIPAddress`, [])),
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
    cite(custom("route53-cloudwatch-check", [T.healthCheck], "cloudwatchAlarmName, cloudwatchAlarmRegion, insufficientDataHealthStatus", "alarm name (1-256 characters) and a Route 53 CloudWatch Region set; insufficientDataHealthStatus Healthy, Unhealthy or LastKnownStatus", "API: Route 53 AlarmIdentifier (Name min 1 max 256 and Region CloudWatchRegion enum, both required), InsufficientDataHealthStatus enum; TF: aws_route53_health_check cloudwatch_alarm_region enum.Validate[CloudWatchRegion]", (r) => {
        if (input(r, "type") !== "CLOUDWATCH_METRIC") return [];
        const findings: Finding[] = ["cloudwatchAlarmName", "cloudwatchAlarmRegion"].filter((p) => valuesAt(r.inputs, p).length === 0).map((p) => ({ property: p, value: "none" }));
        const alarm = input(r, "cloudwatchAlarmName");
        if (typeof alarm === "string" && (alarm.length < 1 || alarm.length > 256)) findings.push({ property: "cloudwatchAlarmName", value: `${show(alarm)} (${alarm.length} characters)` });
        const region = input(r, "cloudwatchAlarmRegion");
        if (region !== undefined && !ROUTE53_CLOUDWATCH_REGIONS.includes(String(region))) findings.push({ property: "cloudwatchAlarmRegion", value: show(region) });
        const status = input(r, "insufficientDataHealthStatus");
        if (status !== undefined && !["Healthy", "Unhealthy", "LastKnownStatus"].includes(String(status))) findings.push({ property: "insufficientDataHealthStatus", value: show(status) });
        return findings;
    }),
        api("cloudwatchAlarmName", "route53", "AlarmIdentifier.Name", { sample: "web-unhealthy", base: { type: "CLOUDWATCH_METRIC", cloudwatchAlarmRegion: "us-east-1" } }),
        api("cloudwatchAlarmRegion", "route53", "AlarmIdentifier.Region", { sample: "eu-west-1", base: { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "web-unhealthy" } }),
        api("insufficientDataHealthStatus", "route53", "HealthCheckConfig.InsufficientDataHealthStatus", { base: { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "web-unhealthy", cloudwatchAlarmRegion: "us-east-1" } })),
    cite(custom("route53-calculated-check", [T.healthCheck], "childHealthchecks, childHealthThreshold", "at most 256 child checks and a threshold from 0 to 256 on a CALCULATED check", "API: Route 53 ChildHealthCheckList max 256, HealthThreshold min 0 max 256; TF: aws_route53_health_check child_healthchecks MaxItems 256, child_health_threshold IntAtMost(256)", (r) => {
        if (input(r, "type") !== "CALCULATED") return [];
        const findings: Finding[] = [];
        const children = input(r, "childHealthchecks");
        if (Array.isArray(children) && children.length > 256) findings.push({ property: "childHealthchecks", value: `${children.length} checks` });
        const threshold = input(r, "childHealthThreshold");
        if (threshold !== undefined && (typeof threshold !== "number" || !Number.isInteger(threshold) || threshold < 0 || threshold > 256)) findings.push({ property: "childHealthThreshold", value: show(threshold) });
        return findings;
    }),
        api("childHealthchecks", "route53", "HealthCheckConfig.ChildHealthChecks", { sample: "hc", base: { type: "CALCULATED" } }),
        recorded("childHealthchecks", `${TF_HC} child_healthchecks MaxItems 256`, [items(undefined, 256)], { sample: "hc", base: { type: "CALCULATED" } }),
        api("childHealthThreshold", "route53", "HealthCheckConfig.HealthThreshold", { base: { type: "CALCULATED" } }),
        recorded("childHealthThreshold", `${TF_HC} child_health_threshold validation.IntAtMost(256)`, [int(undefined, 256)], { base: { type: "CALCULATED" } })),
    cite(countRule("route53-health-check-regions", [T.healthCheck], "regions", 3, 64, "API: Route 53 HealthCheckRegionList min 3 max 64"),
        api("regions", "route53", "HealthCheckConfig.Regions", { sample: "us-east-1" }),
        recorded("regions", `${TF_HC} regions MinItems 3, MaxItems 64`, [items(3, 64)], { sample: "us-east-1" })),

    // -- Application Auto Scaling
    cite(enumRule("appautoscaling-namespace", [T.scalingTarget, T.scalingPolicy], "serviceNamespace", ["ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb", "rds", "sagemaker", "custom-resource", "comprehend", "lambda", "cassandra", "kafka", "elasticache", "neptune", "workspaces"], "API: Application Auto Scaling ServiceNamespace enum"),
        api("serviceNamespace", "application-autoscaling", "RegisterScalableTarget.ServiceNamespace")),
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
    cite(nameRule("appautoscaling-policy-name", [T.scalingPolicy], "1 to 255 printable ASCII characters (space to ~)", (n) => /^[\x20-\x7E]{1,255}$/.test(n), `API: Application Auto Scaling PolicyName min 1 max 256 pattern \\p{Print}+ (Java: printable ASCII); TF: ${TF_SCALING_POLICY} name validation.StringLenBetween(0, 255)`),
        api("name", "application-autoscaling", "PutScalingPolicy.PolicyName", { sample: "web cpu" }),
        recorded("name", `${TF_SCALING_POLICY} name validation.StringLenBetween(0, 255)`, [len(0, 255)], { sample: "web cpu" })),
    cite(enumRule("appautoscaling-policy-type", [T.scalingPolicy], "policyType", ["StepScaling", "TargetTrackingScaling", "PredictiveScaling"], "API: Application Auto Scaling PolicyType enum (PredictiveScaling added 2024)"),
        api("policyType", "application-autoscaling", "PutScalingPolicy.PolicyType")),
    cite(enumRule("appautoscaling-ecs-metric", [T.scalingPolicy], "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType",
        ["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget", "ElastiCacheEngineCPUUtilization", "ElastiCacheDatabaseMemoryUsagePercentage", "DynamoDBReadCapacityUtilization", "DynamoDBWriteCapacityUtilization", "RDSReaderAverageCPUUtilization", "RDSReaderAverageDatabaseConnections", "EC2SpotFleetRequestAverageCPUUtilization", "EC2SpotFleetRequestAverageNetworkIn", "EC2SpotFleetRequestAverageNetworkOut", "SageMakerVariantInvocationsPerInstance", "AppStreamAverageCapacityUtilization", "ComprehendInferenceUtilization", "LambdaProvisionedConcurrencyUtilization", "CassandraReadCapacityUtilization", "CassandraWriteCapacityUtilization", "KafkaBrokerStorageUtilization", "ElastiCachePrimaryEngineCPUUtilization", "ElastiCacheReplicaEngineCPUUtilization", "ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage", "NeptuneReaderAverageCPUUtilization", "SageMakerVariantProvisionedConcurrencyUtilization", "ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage", "SageMakerInferenceComponentInvocationsPerCopy", "WorkSpacesAverageUserSessionsCapacityUtilization", "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution", "SageMakerVariantConcurrentRequestsPerModelHighResolution"],
        "API: Application Auto Scaling MetricType enum"),
        api("targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType", "application-autoscaling", "PredefinedMetricSpecification.PredefinedMetricType")),
    cite(intRule("appautoscaling-cooldown", [T.scalingPolicy], "targetTrackingScalingPolicyConfiguration.scaleInCooldown", -2147483648, 2147483647, "API: Application Auto Scaling Cooldown (a 32-bit integer, no range in the model); TF: scale_in_cooldown no validation"),
        api("targetTrackingScalingPolicyConfiguration.scaleInCooldown", "application-autoscaling", "TargetTrackingScalingPolicyConfiguration.ScaleInCooldown")),
    cite(intRule("appautoscaling-scale-out-cooldown", [T.scalingPolicy], "targetTrackingScalingPolicyConfiguration.scaleOutCooldown", -2147483648, 2147483647, "API: Application Auto Scaling Cooldown (a 32-bit integer, no range in the model); TF: scale_out_cooldown no validation"),
        api("targetTrackingScalingPolicyConfiguration.scaleOutCooldown", "application-autoscaling", "TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown")),

    // -- RDS (legacy.databases[].move: the target)
    cite(patternRule("rds-identifier", [T.rdsInstance, T.rdsClusterInstance], "identifier", /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/, "1 to 63 lower-case letters, digits and hyphens, a letter first, no trailing or double hyphen", RDS.identifier),
        apiDoc("identifier", "rds", "CreateDBInstance.DBInstanceIdentifier", "Must contain from 1 to 63 letters, numbers, or hyphens.", [len(1, 63), matches("[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)")], { sample: "db" }),
        recorded("identifier", `${TF_RDS_VALIDATE} validIdentifier (^[0-9a-z-]+$, ^[a-z], no --, no trailing -)`, [matches("[0-9a-z-]+"), matches("[a-z][\\s\\S]*"), { kind: "not-pattern", pattern: "--" }, { kind: "not-pattern", pattern: "-$" }], { sample: "db" })),
    cite(patternRule("rds-cluster-identifier", [T.rdsCluster], "clusterIdentifier", /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/, "1 to 63 lower-case letters, digits and hyphens, a letter first, no trailing or double hyphen", RDS.identifier),
        apiDoc("clusterIdentifier", "rds", "CreateDBCluster.DBClusterIdentifier", "Must contain from 1 to 63 (for Aurora DB clusters)", [len(1, 63), matches("[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)")], { sample: "db" }),
        recorded("clusterIdentifier", `${TF_RDS_VALIDATE} validIdentifier (^[0-9a-z-]+$, ^[a-z], no --, no trailing -)`, [matches("[0-9a-z-]+"), matches("[a-z][\\s\\S]*"), { kind: "not-pattern", pattern: "--" }, { kind: "not-pattern", pattern: "-$" }], { sample: "db" })),
    cite(patternRule("rds-master-username", [T.rdsInstance], "username", /^[A-Za-z][A-Za-z0-9_]{0,15}$/, "1 to 16 letters, digits or underscores, a letter first", RDS.username),
        apiDoc("username", "rds", "CreateDBInstance.MasterUsername", "Must be 1 to 16 letters, numbers, or underscores.", [len(1, 16), matches("[A-Za-z][A-Za-z0-9_]*")], { sample: "app" })),
    cite(intRule("rds-backup-retention", [T.rdsInstance], "backupRetentionPeriod", 0, 35, RDS.backup),
        apiDoc("backupRetentionPeriod", "rds", "CreateDBInstance.BackupRetentionPeriod", "Must be a value from 0 to 35.", [int(0, 35)])),
    cite(intRule("rds-port", [T.rdsInstance], "port", 1150, 65535, RDS.port),
        apiDoc("port", "rds", "CreateDBInstance.Port", "Valid Values: 1150-65535", [int(1150, 65535)])),
    cite(enumRule("rds-storage-type", [T.rdsInstance], "storageType", ["gp2", "gp3", "io1", "io2", "standard"], RDS.storageType),
        apiDoc("storageType", "rds", "CreateDBInstance.StorageType", "Valid Values: gp2 | gp3 | io1 | io2 | standard", [oneOf("gp2", "gp3", "io1", "io2", "standard")])),
    cite(custom("rds-allocated-storage", [T.rdsInstance], "allocatedStorage", "20 to 65536 GiB of gp2 or gp3 for RDS for MySQL and PostgreSQL", RDS.storage, (r) => {
        const engine = input(r, "engine");
        const type = input(r, "storageType") ?? "gp3";
        const size = input(r, "allocatedStorage");
        return (engine === "mysql" || engine === "postgres") && (type === "gp2" || type === "gp3") && size !== undefined
            && (typeof size !== "number" || !Number.isInteger(size) || size < 20 || size > 65536)
            ? [{ property: "allocatedStorage", value: `${size} (${String(engine)}, ${String(type)})` }] : [];
    }), apiDoc("allocatedStorage", "rds", "CreateDBInstance.AllocatedStorage", "General Purpose (SSD) storage (gp2, gp3): Must be an integer from 20 to 65536.", [int(20, 65536)], { base: { engine: "postgres", storageType: "gp3" } })),
    custom("rds-max-allocated-storage", [T.rdsInstance], "maxAllocatedStorage", "above allocatedStorage (storage autoscaling's ceiling)", RDS.maxStorage, (r) => {
        const size = input(r, "allocatedStorage");
        const max = input(r, "maxAllocatedStorage");
        return typeof size === "number" && typeof max === "number" && max !== 0 && max <= size ? [{ property: "maxAllocatedStorage", value: `${max} (allocatedStorage ${size})` }] : [];
    }),

    // -- DMS (legacy.databases[].move: the replication)
    cite(patternRule("dms-replication-instance-id", [T.dmsInstance], "replicationInstanceId", /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$/, "1 to 63 letters, digits and hyphens, a letter first, no trailing or double hyphen", DMS.identifier),
        apiDoc("replicationInstanceId", "dms", "CreateReplicationInstance.ReplicationInstanceIdentifier", "Must contain 1-63 alphanumeric characters or hyphens.", [len(1, 63), matches("[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)")], { sample: "db" })),
    cite(lengthRule("dms-replication-instance-class", [T.dmsInstance], "replicationInstanceClass", 0, 30, DMS.instanceClass),
        api("replicationInstanceClass", "dms", "CreateReplicationInstance.ReplicationInstanceClass", { sample: "dms.t3.micro" })),
    cite(intRule("dms-allocated-storage", [T.dmsInstance], "allocatedStorage", 5, 6144, DMS.storage),
        recorded("allocatedStorage", `${TFA} internal/service/dms/replication_instance.go allocated_storage validation.IntBetween(5, 6144)`, [int(5, 6144)])),
    cite(enumRule("dms-endpoint-type", [T.dmsEndpoint], "endpointType", ["source", "target"], DMS.endpointType),
        api("endpointType", "dms", "CreateEndpoint.EndpointType")),
    cite(enumRule("dms-ssl-mode", [T.dmsEndpoint], "sslMode", ["none", "require", "verify-ca", "verify-full"], DMS.sslMode),
        api("sslMode", "dms", "CreateEndpoint.SslMode")),
    cite(enumRule("dms-migration-type", [T.dmsTask], "migrationType", ["full-load", "cdc", "full-load-and-cdc"], DMS.migrationType),
        api("migrationType", "dms", "CreateReplicationTask.MigrationType")),
    cite(patternRule("dms-task-id", [T.dmsTask], "replicationTaskId", /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)$/, "1 to 255 letters, digits and hyphens, a letter first, no trailing or double hyphen", DMS.taskId),
        apiDoc("replicationTaskId", "dms", "CreateReplicationTask.ReplicationTaskIdentifier", "Must contain 1-255 alphanumeric characters or hyphens.", [len(1, 255), matches("[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)")], { sample: "db" })),
    custom("dms-endpoint-credentials", [T.dmsEndpoint], "secretsManagerArn, username, password, serverName, port", "either secretsManagerArn with secretsManagerAccessRoleArn, or username, password, serverName and port, not both", DMS.secrets, (r) => {
        const secret = input(r, "secretsManagerArn") !== undefined || isUnknownInput(r, "secretsManagerArn");
        const plain = ["username", "password", "serverName"].filter((k) => valuesAt(r.inputs, k).length > 0);
        const role = input(r, "secretsManagerAccessRoleArn") !== undefined || isUnknownInput(r, "secretsManagerAccessRoleArn");
        if (secret && plain.length > 0) {
            return [{ property: plain.join(", "), value: `${plain.join(", ")} with secretsManagerArn` }];
        }
        return secret && !role ? [{ property: "secretsManagerAccessRoleArn", value: "not set (secretsManagerArn is)" }] : [];
    }),

    // -- DigitalOcean
    cite(nameRule("do-droplet-name", [T.droplet], "at most 255 characters of a-z A-Z 0-9 . -, ending with a letter or digit", (n) => n.length <= 255 && /^[a-zA-Z0-9]?[a-z0-9A-Z.-]*[a-z0-9A-Z]$/.test(n),
        "DO API: droplet_single_create.yml name maxLength 255 pattern ^[a-zA-Z0-9]?[a-z0-9A-Z.\\-]*[a-z0-9A-Z]$"),
        doApi("name", "droplets/models/droplet_single_create.yml", "/allOf/0/properties/name", { sample: "web-1", also: ["a", "-a", "a-", "a.", ".a", "1", "a..b"] }),
        recorded("name", `${DO_TF}droplet/resource_droplet.go:76 name validation.NoZeroValues`, [len(1, undefined)], { sample: "web-1" })),
    cite(lengthRule("do-droplet-user-data", [T.droplet], "userData", 1, 65536, "DO API: droplet_create.yml user_data (\"may not exceed 64 KiB in size\"); DO TF: digitalocean_droplet user_data validation.NoZeroValues", "bytes"),
        { path: "userData", doApi: { file: "droplets/models/droplet_create.yml", pointer: "/properties/user_data" }, recorded: { constraints: [len(undefined, 65536, "bytes")], source: "digitalocean/openapi droplet_create.yml user_data description", quote: "may not exceed 64 KiB in size" } },
        recorded("userData", `${DO_TF}droplet/resource_droplet.go:246 user_data validation.NoZeroValues`, [len(1, undefined)])),
    custom("do-droplet-required", [T.droplet], "image, region, size", "set and not empty", "DO TF: digitalocean_droplet image, region, size validation.NoZeroValues", (r) =>
        ["image", "region", "size"].filter((p) => !isUnknownInput(r, p) && (input(r, p) === undefined || input(r, p) === "")).map((p) => ({ property: p, value: "empty" }))),
    cite(patternRule("do-tag-name", [T.doTag], "name", /^[a-zA-Z0-9_\-:]{1,255}$/, "1 to 255 letters, digits, :, - and _", "DO API: tags.yml name pattern ^[a-zA-Z0-9_\\-\\:]+$ maxLength 255; DO TF: tag.ValidateTag"),
        { path: "name", doApi: { file: "tags/models/tags.yml", pointer: "/properties/name" }, recorded: { constraints: [len(undefined, 255), matches("[a-zA-Z0-9:_-]*")], source: "digitalocean/openapi tags.yml name description", quote: "Tags may contain letters, numbers, colons, dashes, and underscores. There is a limit of 255 characters per tag." }, sample: "web-prod" },
        recorded("name", `${DO_TF}tag/tags.go:14 ValidateTag tagNameRe ^[a-zA-Z0-9:\\-_]{1,255}$`, [matches("[a-zA-Z0-9:\\-_]{1,255}")], { sample: "web-prod" })),
    cite(patternRule("do-resource-tags", [T.droplet, T.doFw], "tags[]", /^[a-zA-Z0-9_\-:]{1,255}$/, "tags of 1 to 255 letters, digits, :, - and _", "DO API: tags.yml name pattern; DO TF: tag.ValidateTag"),
        recorded("tags[]", `${DO_TF}tag/tags.go:22 tags Elem ValidateFunc ValidateTag (tagNameRe ^[a-zA-Z0-9:\\-_]{1,255}$)`, [len(1, 255), matches("[a-zA-Z0-9:\\-_]{1,255}")], { sample: "web-prod" })),
    cite(patternRule("do-lb-droplet-tag", [T.doLb], "dropletTag", /^[a-zA-Z0-9_\-:]{1,255}$/, "a tag of 1 to 255 letters, digits, :, - and _", "DO TF: digitalocean_loadbalancer droplet_tag ValidateFunc tag.ValidateTag"),
        recorded("dropletTag", `${DO_LB_TF}:354 droplet_tag ValidateFunc tag.ValidateTag (tagNameRe ^[a-zA-Z0-9:\\-_]{1,255}$)`, [len(1, 255), matches("[a-zA-Z0-9:\\-_]{1,255}")], { sample: "web-prod" })),
    cite(nameRule("do-lb-name", [T.doLb], "not empty", (n) => n.length > 0, "DO TF: digitalocean_loadbalancer name Required, validation.NoZeroValues"),
        recorded("name", `${DO_LB_TF}:185 name validation.NoZeroValues`, [len(1, undefined)], { sample: "web" })),
    cite(intRule("do-lb-size-unit", [T.doLb], "sizeUnit", 1, 100, "DO API: load_balancer_base.yml size_unit minimum 1 maximum 100 (DO TF allows up to 200; the API is the stricter)"),
        doApi("sizeUnit", "load_balancers/models/load_balancer_base.yml", "/properties/size_unit"),
        recorded("sizeUnit", `${DO_LB_TF}:180 size_unit validation.IntBetween(1, 200)`, [int(1, 200)])),
    cite(enumRule("do-lb-size", [T.doLb], "size", ["lb-small", "lb-medium", "lb-large"], "DO TF: digitalocean_loadbalancer size StringInSlice(lb-small, lb-medium, lb-large)"),
        doApi("size", "load_balancers/models/load_balancer_base.yml", "/properties/size"),
        recorded("size", `${DO_LB_TF}:156 size validation.StringInSlice(lb-small, lb-medium, lb-large)`, [oneOf("lb-small", "lb-medium", "lb-large")])),
    custom("do-lb-size-unit-region", [T.doLb], "sizeUnit, region", `size, not sizeUnit, in ${SIZE_UNIT_UNAVAILABLE_REGIONS.join(", ")}`, "DO API: load_balancer_base.yml size_unit (\"currently not available in the AMS2, NYC2, or SFO1 regions\"); DO TF: resource_loadbalancer.go buildLoadBalancerRequest sends size_unit when set, size only without it (no ConflictsWith)", (r) => {
        if (isUnknownInput(r, "region")) {
            return [];
        }
        const region = input(r, "region");
        const unit = input(r, "sizeUnit");
        return typeof region === "string" && SIZE_UNIT_UNAVAILABLE_REGIONS.includes(region) && unit !== undefined ? [{ property: "sizeUnit", value: `${show(unit)} (region ${region})` }] : [];
    }),
    cite(countRule("do-lb-forwarding-rules", [T.doLb], "forwardingRules", 1, Infinity, "DO API: load_balancer_base.yml forwarding_rules minItems 1; DO TF: forwarding_rule MinItems 1"),
        doApi("forwardingRules", "load_balancers/models/load_balancer_base.yml", "/properties/forwarding_rules", { sample: "rule" }),
        recorded("forwardingRules", `${DO_LB_TF}:207 forwarding_rule MinItems 1`, [items(1, undefined)], { sample: "rule" })),
    cite(enumRule("do-lb-entry-protocol", [T.doLb], "forwardingRules[].entryProtocol", ["http", "https", "http2", "http3", "tcp", "udp"], "DO API: forwarding_rule.yml entry_protocol enum; DO TF: StringInSlice"),
        doApi("forwardingRules[].entryProtocol", "load_balancers/models/forwarding_rule.yml", "/properties/entry_protocol"),
        recorded("forwardingRules[].entryProtocol", `${DO_LB_TF}:213 entry_protocol validation.StringInSlice(http, https, http2, http3, tcp, udp)`, [oneOf("http", "https", "http2", "http3", "tcp", "udp")])),
    cite(enumRule("do-lb-target-protocol", [T.doLb], "forwardingRules[].targetProtocol", ["http", "https", "http2", "tcp", "udp"], "DO API: forwarding_rule.yml target_protocol enum"),
        doApi("forwardingRules[].targetProtocol", "load_balancers/models/forwarding_rule.yml", "/properties/target_protocol"),
        recorded("forwardingRules[].targetProtocol", `${DO_LB_TF}:230 target_protocol validation.StringInSlice(http, https, http2, tcp, udp)`, [oneOf("http", "https", "http2", "tcp", "udp")])),
    cite(intRule("do-lb-entry-port", [T.doLb], "forwardingRules[].entryPort", 1, 65535, "DO TF: forwarding_rule entry_port validation.IntBetween(1, 65535)"),
        recorded("forwardingRules[].entryPort", `${DO_LB_TF}:225 entry_port validation.IntBetween(1, 65535)`, [int(1, 65535)])),
    cite(intRule("do-lb-target-port", [T.doLb], "forwardingRules[].targetPort", 1, 65535, "DO TF: forwarding_rule target_port validation.IntBetween(1, 65535)"),
        recorded("forwardingRules[].targetPort", `${DO_LB_TF}:241 target_port validation.IntBetween(1, 65535)`, [int(1, 65535)])),
    cite(enumRule("do-lb-healthcheck-protocol", [T.doLb], "healthcheck.protocol", ["http", "https", "tcp"], "DO API: health_check.yml protocol enum; DO TF: StringInSlice"),
        doApi("healthcheck.protocol", "load_balancers/models/health_check.yml", "/properties/protocol"),
        recorded("healthcheck.protocol", `${DO_LB_TF}:268 healthcheck.protocol validation.StringInSlice(http, https, tcp)`, [oneOf("http", "https", "tcp")])),
    cite(intRule("do-lb-healthcheck-port", [T.doLb], "healthcheck.port", 1, 65535, "DO TF: healthcheck port validation.IntBetween(1, 65535)"),
        recorded("healthcheck.port", `${DO_LB_TF}:277 healthcheck.port validation.IntBetween(1, 65535)`, [int(1, 65535)])),
    cite(intRule("do-lb-healthcheck-interval", [T.doLb], "healthcheck.checkIntervalSeconds", 3, 300, "DO TF: healthcheck check_interval_seconds validation.IntBetween(3, 300)"),
        recorded("healthcheck.checkIntervalSeconds", `${DO_LB_TF}:288 healthcheck.check_interval_seconds validation.IntBetween(3, 300)`, [int(3, 300)])),
    cite(intRule("do-lb-healthcheck-timeout", [T.doLb], "healthcheck.responseTimeoutSeconds", 3, 300, "DO TF: healthcheck response_timeout_seconds validation.IntBetween(3, 300)"),
        recorded("healthcheck.responseTimeoutSeconds", `${DO_LB_TF}:294 healthcheck.response_timeout_seconds validation.IntBetween(3, 300)`, [int(3, 300)])),
    cite(intRule("do-lb-unhealthy-threshold", [T.doLb], "healthcheck.unhealthyThreshold", 2, 10, "DO TF: healthcheck unhealthy_threshold validation.IntBetween(2, 10)"),
        recorded("healthcheck.unhealthyThreshold", `${DO_LB_TF}:300 healthcheck.unhealthy_threshold validation.IntBetween(2, 10)`, [int(2, 10)])),
    cite(intRule("do-lb-healthy-threshold", [T.doLb], "healthcheck.healthyThreshold", 2, 10, "DO TF: healthcheck healthy_threshold validation.IntBetween(2, 10)"),
        recorded("healthcheck.healthyThreshold", `${DO_LB_TF}:306 healthcheck.healthy_threshold validation.IntBetween(2, 10)`, [int(2, 10)])),
    custom("do-lb-healthcheck-path", [T.doLb], "healthcheck.path", "set for http and https checks, not for tcp", "DO TF: digitalocean_loadbalancer CustomizeDiff (\"health check `path` is required for when protocol is `http`\" / \"not allowed for when protocol is `tcp`\")", (r) => {
        const protocol = input(r, "healthcheck.protocol");
        const has = valuesAt(r.inputs, "healthcheck.path").length > 0;
        return (protocol === "tcp" && has) || ((protocol === "http" || protocol === "https") && !has) ? [{ property: "healthcheck.path", value: `${has ? show(input(r, "healthcheck.path")) : "none"} (protocol ${String(protocol)})` }] : [];
    }),
    custom("do-lb-droplet-selection", [T.doLb], "dropletIds, dropletTag", "at most one of them", "DO TF: digitalocean_loadbalancer droplet_ids ConflictsWith droplet_tag", (r) =>
        valuesAt(r.inputs, "dropletIds").length > 0 && valuesAt(r.inputs, "dropletTag").length > 0 ? [{ property: "dropletIds, dropletTag", value: "both set" }] : []),
    cite(enumRule("do-lb-network", [T.doLb], "network", ["EXTERNAL", "INTERNAL"], "DO API: load_balancer_base.yml network enum (exact; DO TF's StringInSlice ignores case but sends the value as given)"),
        doApi("network", "load_balancers/models/load_balancer_base.yml", "/properties/network"),
        recorded("network", `${DO_LB_TF}:578 network validation.StringInSlice(EXTERNAL, INTERNAL, true), sent as given (:716)`, [oneOf("EXTERNAL", "INTERNAL"), { kind: "enum", values: ["EXTERNAL", "INTERNAL"], ignoreCase: true }])),
    cite(nameRule("do-firewall-name", [T.doFw], "2 or more of a-z A-Z 0-9 . -, starting with a letter or digit", (n) => /^[a-zA-Z0-9][a-zA-Z0-9.-]+$/.test(n), "DO API: firewall.yml name pattern ^[a-zA-Z0-9][a-zA-Z0-9\\.-]+$"),
        doApi("name", "firewalls/models/firewall.yml", "/allOf/0/properties/name", { sample: "web-fw", also: ["a", ".a", "-ab", "ab.", "a_b"] }),
        recorded("name", `${DO_TF}firewall/firewalls.go:15 name validation.NoZeroValues`, [len(1, undefined)], { sample: "web-fw" })),
    custom("do-firewall-has-rules", [T.doFw], "inboundRules, outboundRules", "at least one rule", "DO TF: digitalocean_firewall CustomizeDiff (\"At least one rule must be specified\")", (r) =>
        isUnknownInput(r, "inboundRules") || isUnknownInput(r, "outboundRules") || valuesAt(r.inputs, "inboundRules[]").length + valuesAt(r.inputs, "outboundRules[]").length > 0 ? [] : [{ property: "inboundRules, outboundRules", value: "no rules" }]),
    cite(enumRule("do-firewall-protocol", [T.doFw], "inboundRules[].protocol", ["tcp", "udp", "icmp"], "DO API: firewall_rule.yml protocol enum; DO TF: StringInSlice"),
        doApi("inboundRules[].protocol", "firewalls/models/firewall_rule.yml", "/firewall_rule_base/properties/protocol"),
        recorded("inboundRules[].protocol", `${DO_TF}firewall/firewalls.go:81 protocol validation.StringInSlice(tcp, udp, icmp)`, [oneOf("tcp", "udp", "icmp")])),
    cite(enumRule("do-firewall-outbound-protocol", [T.doFw], "outboundRules[].protocol", ["tcp", "udp", "icmp"], "DO API: firewall_rule.yml protocol enum; DO TF: StringInSlice"),
        doApi("outboundRules[].protocol", "firewalls/models/firewall_rule.yml", "/firewall_rule_base/properties/protocol"),
        recorded("outboundRules[].protocol", `${DO_TF}firewall/firewalls.go:81 protocol validation.StringInSlice(tcp, udp, icmp)`, [oneOf("tcp", "udp", "icmp")])),
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
    cite(nameRule("do-vpc-name", [T.doVpc], "letters, digits, - and .", (n) => /^[a-zA-Z0-9\-.]+$/.test(n), "DO API: vpc.yml name pattern ^[a-zA-Z0-9\\-\\.]+$"),
        doApi("name", "vpcs/models/vpc.yml", "/vpc_updatable/properties/name", { sample: "web-vpc" }),
        recorded("name", `${DO_TF}vpc/resource_vpc.go:36 name validation.NoZeroValues`, [len(1, undefined)], { sample: "web-vpc" })),
    cite(lengthRule("do-vpc-description", [T.doVpc], "description", 0, 255, "DO API: vpc.yml description maxLength 255; DO TF: StringLenBetween(0, 255)"),
        doApi("description", "vpcs/models/vpc.yml", "/vpc_updatable/properties/description"),
        recorded("description", `${DO_TF}vpc/resource_vpc.go:49 description validation.StringLenBetween(0, 255)`, [len(0, 255)])),
    custom("do-vpc-ip-range", [T.doVpc], "ipRange", "a CIDR", "DO TF: digitalocean_vpc ip_range validation.IsCIDR", (r) => {
        const range = input(r, "ipRange");
        return typeof range === "string" && !isCidr(range) ? [{ property: "ipRange", value: show(range) }] : [];
    }),
    cite(nameRule("do-project-name", [T.doProject], "1 to 175 characters", (n) => n.length >= 1 && n.length <= 175, "DO API: project.yml name maxLength 175; DO TF: StringLenBetween(1, 175)"),
        doApi("name", "projects/models/project.yml", "/project_base/properties/name", { sample: "migration" }),
        recorded("name", `${DO_TF}project/resource_project.go:35 name validation.All(validation.NoZeroValues, validation.StringLenBetween(1, 175))`, [len(1, 175)], { sample: "migration" })),
    cite(lengthRule("do-project-description", [T.doProject], "description", 0, 255, "DO API: project.yml description maxLength 255; DO TF: StringLenBetween(0, 255)"),
        doApi("description", "projects/models/project.yml", "/project_base/properties/description"),
        recorded("description", `${DO_TF}project/resource_project.go:45 description validation.StringLenBetween(0, 255)`, [len(0, 255)])),
    cite(lengthRule("do-project-purpose", [T.doProject], "purpose", 0, 255, "DO API: project.yml purpose maxLength 255; DO TF: StringLenBetween(0, 255)"),
        doApi("purpose", "projects/models/project.yml", "/project_base/properties/purpose"),
        recorded("purpose", `${DO_TF}project/resource_project.go:52 purpose validation.StringLenBetween(0, 255)`, [len(0, 255)])),
    cite(enumRule("do-project-environment", [T.doProject], "environment", ["Development", "Staging", "Production"], "DO API: project.yml environment enum (exact; DO TF's StringInSlice ignores case but sends the value as given)"),
        doApi("environment", "projects/models/project.yml", "/project_base/properties/environment"),
        recorded("environment", `${DO_TF}project/resource_project.go:58 environment validation.StringInSlice(development, staging, production, true), sent as given`, [{ kind: "enum", values: ["Development", "Staging", "Production"], ignoreCase: true }])),
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
    // Native rollouts and notifications (tools/offline/provider-rules-rollouts.ts).
    ...ROLLOUT_PROVIDER_RULES,
    // -- Workers, scheduled jobs, release tasks (./provider-rules-fleet.ts)
    ...FLEET_PROVIDER_RULES,
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

/** How a rule is held to its sources: which data the test compares it with, or "reading". */
export function verification(rule: ProviderRule): string {
    const kinds = new Set<string>();
    for (const ref of rule.sources ?? []) {
        if (ref.api !== undefined) kinds.add(ref.recorded?.quote !== undefined ? "botocore doc" : "botocore shape");
        if (ref.doApi !== undefined) kinds.add(ref.recorded?.quote !== undefined ? "DO OpenAPI doc" : "DO OpenAPI");
        if (ref.recorded !== undefined && ref.recorded.quote === undefined) kinds.add("recorded validator");
    }
    return kinds.size === 0 ? "reading" : [...kinds].join(", ");
}

/** The versions of the extracted data (read only when the reference is generated). */
function dataVersions(): { botocore: string; doCommit: string } {
    const read = (file: string) => JSON.parse(fs.readFileSync(nodePath.join(__dirname, "sources", file), "utf8"));
    return { botocore: read("botocore-constraints.json").botocore, doCommit: read("do-openapi-constraints.json").commit };
}

/** The rules table, the auto-naming caps, and what the plan cannot know, as Markdown (for docs/). */
export function providerRulesMarkdown(rules: readonly ProviderRule[] = PROVIDER_RULES): string {
    const versions = dataVersions();
    const lines = [
        "# Provider rules of the offline plan",
        "",
        "Generated from `tools/offline/provider-rules.ts` by `providerRulesMarkdown()`; do not edit by hand.",
        "",
        "The offline plan (`npm run plan`) checks every registered resource against these rules and fails",
        "(exit 2) on any broken one, naming the resource, the property, the value and the limit, as",
        "`pulumi preview` or `pulumi up` would fail. With `--preview`, values not known yet are skipped.",
        "",
        "## How the rules are held to their sources",
        "",
        `A rule's \`sources\` cite, as data, the AWS API shapes it enforces (botocore ${versions.botocore}'s models, extracted into`,
        "`tools/offline/sources/botocore-constraints.json`), the DigitalOcean OpenAPI properties (digitalocean/openapi",
        `@${versions.doCommit.slice(0, 8)}, in \`tools/offline/sources/do-openapi-constraints.json\`), the sentences of API documentation`,
        "that state a limit (quoted; the test finds each quote in the extracted documentation) and the Terraform",
        "validators read by hand (with repository, file and commit). `tests/provider-rules-sources.test.ts` probes each",
        "such rule at, just inside and just outside every bound, with every enum value and non-members, and with every",
        "probe character in a valid value, and fails when the rule refuses more or less than its sources together.",
        "Rules marked \"reading\" (cross-field, cross-resource, JSON-document and quota rules) are checked by reading",
        "their source. Regenerate the data with `node -r ./tools/ts-register.js tools/offline/sources/extract.ts",
        "[--botocore <dir>] [--do-openapi <git dir>]`.",
        "",
        `## Rules (${rules.length}: ${rules.filter((r) => (r.sources ?? []).length > 0).length} checked against data, ${rules.filter((r) => (r.sources ?? []).length === 0).length} by reading)`,
        "",
        "| rule | resource types | property | allowed | source | checked against |",
        "|---|---|---|---|---|---|",
        ...rules.map((r) => `| \`${r.id}\` | ${r.types.length > 6 ? `${r.types.length} types (every auto-named or tagged type)` : r.types.map((t) => `\`${t}\``).join("<br>")} | \`${cell(r.property)}\` | ${cell(r.limit)} | ${cell(r.source)} | ${verification(r)} |`),
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
