// Realistic provider answers for running the program with no cloud: ids,
// ARNs with account and region, ALB DNS names and hosted zone ids,
// DigitalOcean IPs, awsx VPC outputs, and the invokes the program calls.
// Values derive from a hash of the resource's type and name, so every run of
// the same config gives the same plan. An invoke it does not know is an
// error naming the token, never a silent guess. Names are made as the
// providers make them (./autonaming.ts): an input the provider would refuse
// is refused here too, never shortened or fixed.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import type { RawConfigInput } from "../../components/config";
import { physicalName } from "./autonaming";

/** ALB canonical hosted zone ids per region (AWS "Elastic Load Balancing endpoints and quotas"). */
const ALB_ZONE_IDS: Record<string, string> = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-central-1": "Z215JYRZR1TBD5",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
};

export const DEFAULT_ACCOUNT_ID = "123456789012";

export interface MockEnvironment {
    readonly region: string;
    readonly accountId: string;
    /** IP range of the legacy DigitalOcean VPC: Droplet private IPs come from it. */
    readonly legacyIpRange: string;
    /**
     * The DigitalOcean certificates config declares, with their names.
     * Offline these are the only answer to getCertificate: the real run
     * checks the declared names against the certificate DigitalOcean has.
     */
    readonly legacyCertificates: readonly { readonly name: string; readonly domains: readonly string[] }[];
    /** dns.zoneName and dns.zoneId, to answer a zone looked up by id. */
    readonly zone?: { readonly name: string; readonly id?: string };
    /** Where the account id came from: the ARNs config names, or none (a documentation placeholder). */
    readonly accountFrom?: "config-arns" | "placeholder";
    /** The ARNs config names: the account id inside them is config's, not the mocks'. */
    readonly configArns?: readonly string[];
    /** network.vpcCidr of an existing VPC, to answer getVpc with it. */
    readonly vpcCidr?: string;
}

/**
 * A value a lookup returns that the plan cannot know from config (a zone
 * looked up by name, the account id), or one config pins (dns.zoneId). The
 * mocks answer both the same way, so a plan shows realistic values; the diff
 * needs to know which is which, or a key that pins what was looked up (a
 * placeholder before, the real value after) reads as a change that forces
 * replacements that will not happen.
 */
export interface AccountValue {
    /** What the value is: "the id of the Route 53 zone example.com". Same on both sides of a diff. */
    readonly what: string;
    readonly value: string;
    /** "config": config states it; "inferred": the mocks took it from config (the account of its ARNs); "placeholder": known only to the account. */
    readonly known: "config" | "inferred" | "placeholder";
    /** Strings of config that contain the value but are config's own (the account id inside an ARN config names). */
    readonly ownedByConfig?: readonly string[];
}

function firstJson(text: string | undefined): unknown {
    try {
        return text === undefined ? undefined : JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** Region, the account the stack's own ARNs name (else a documentation account), legacy range. */
export function mockEnvironmentFor(config: RawConfigInput): MockEnvironment {
    // dns.parentZoneRoleArn names another account's role: not this stack's account.
    const account = Object.entries(config.values).filter(([key]) => key !== `${config.project}:dns`).map(([, v]) => v).join("\n")
        .match(/arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/)?.[1];
    const legacy = firstJson(config.values[`${config.project}:legacy`]) as { vpcIpRange?: unknown; certificates?: unknown } | undefined;
    const dns = firstJson(config.values[`${config.project}:dns`]) as { zoneName?: unknown; zoneId?: unknown } | undefined;
    const network = firstJson(config.values[`${config.project}:network`]) as { mode?: unknown; vpcCidr?: unknown } | undefined;
    const configArns = [...new Set(Object.values(config.values).join("\n").match(/arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[^\s"',\]}]+/g) ?? [])];
    const certificates = Array.isArray(legacy?.certificates) ? legacy.certificates as { name?: unknown; domains?: unknown }[] : [];
    return {
        region: config.values["aws:region"] ?? "us-east-1",
        accountId: account ?? DEFAULT_ACCOUNT_ID,
        legacyIpRange: typeof legacy?.vpcIpRange === "string" ? legacy.vpcIpRange : "10.116.0.0/20",
        legacyCertificates: certificates
            .filter((c) => typeof c.name === "string" && Array.isArray(c.domains))
            .map((c) => ({ name: c.name as string, domains: (c.domains as unknown[]).filter((d): d is string => typeof d === "string") })),
        zone: typeof dns?.zoneName === "string" ? { name: dns.zoneName, id: typeof dns.zoneId === "string" ? dns.zoneId : undefined } : undefined,
        accountFrom: account === undefined ? "placeholder" : "config-arns",
        configArns,
        vpcCidr: network?.mode === "existing" && typeof network.vpcCidr === "string" ? network.vpcCidr : undefined,
    };
}

function hash(...parts: string[]): Buffer {
    return crypto.createHash("sha256").update(parts.join("\u0000")).digest();
}

function hex(seed: string, length: number): string {
    return hash(seed).toString("hex").slice(0, length);
}

function digits(seed: string, length: number): string {
    return [...hash(seed)].map((b) => String(b % 10)).join("").slice(0, length).replace(/^0/, "1");
}

function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function lowerAlnum(seed: string, length: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return [...hash(seed)].map((b) => alphabet[b % alphabet.length]).join("").slice(0, length);
}

/** The hosted zone of RDS endpoints per region (AWS General Reference, "Amazon RDS endpoints"). */
const RDS_ZONE_IDS: Record<string, string> = {
    "us-east-1": "Z2R2ITUGPM61AM",
    "us-east-2": "Z2XHWR1WZ565X2",
    "us-west-2": "Z1PVIF0B656C1W",
    "eu-west-1": "Z29XKXDKYMONMX",
    "eu-central-1": "Z1RLNUO7B9Q6NB",
};

function upperAlnum(seed: string, length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    return [...hash(seed)].map((b) => alphabet[b % alphabet.length]).join("").slice(0, length);
}

/** An address inside a CIDR, picked by seed, avoiding network and broadcast. */
function addressIn(cidr: string, seed: string): string {
    const [base, bitsText] = cidr.split("/");
    const bits = Number(bitsText);
    const baseNumber = base.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
    const size = 2 ** (32 - bits);
    const offset = 4 + (hash(seed).readUInt32BE(0) % Math.max(1, size - 8));
    const n = baseNumber + offset;
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

type State = Record<string, unknown>;

/** An invoke the mocks do not know. `details` is what the SDK reads from a failed invoke RPC. */
export class UnansweredInvokeError extends Error {
    readonly details: string;
    constructor(token: string) {
        super(`the offline mocks do not answer the invoke ${token}; teach tools/offline/mocks.ts what it returns`);
        this.name = "UnansweredInvokeError";
        this.details = this.message;
    }
}

/** A lookup the mocks cannot answer truthfully (the thing looked up is not in config). */
export class UnansweredLookupError extends Error {
    readonly details: string;
    constructor(token: string, why: string) {
        super(`the offline mocks cannot answer ${token}: ${why}`);
        this.name = "UnansweredLookupError";
        this.details = this.message;
    }
}

/**
 * A resource the provider would refuse to create, with the provider's own
 * message (for example the bridge refusing an auto-name over the type's cap).
 * `details` is what the SDK reads from a failed RegisterResource RPC.
 */
export class ProviderRefusalError extends Error {
    readonly details: string;
    constructor(readonly type: string, readonly resourceName: string, readonly reason: string) {
        super(`${type} ${resourceName}: ${reason}`);
        this.name = "ProviderRefusalError";
        this.details = this.message;
    }
}

export interface OfflineMocksOptions {
    /**
     * What a refused input does. "throw" (the default) fails the resource as
     * the provider would; "record" keeps the refusal in `refusals` and answers
     * without the value the provider could not make, so a caller that checks
     * every provider rule afterwards (the offline plan) can report them all.
     * @default "throw"
     */
    readonly refusals?: "throw" | "record";
}

export class OfflineMocks implements pulumi.runtime.Mocks {
    /** Refusals seen in "record" mode, in registration order. */
    readonly refusals: ProviderRefusalError[] = [];

    /**
     * @param preview answer as a preview of a new stack does: a resource's
     * outputs are its inputs (with the names providers make at check time),
     * and everything the provider computes at create (ids, ARNs, IPs, DNS
     * names) stays unknown. Imported resources and invokes still answer.
     */
    constructor(readonly env: MockEnvironment, readonly preview = false, readonly options: OfflineMocksOptions = {}) {}

    private readonly lookedUp = new Map<string, AccountValue>();

    /** What, besides the program's config, decides this instance's answers (capture.ts ReusableMocks). */
    reuseKey(): string {
        return JSON.stringify({ env: this.env, preview: this.preview, options: this.options });
    }

    /** What a run left in this instance that its caller reads afterwards (refusals, account values). */
    runState(): unknown {
        return { refusals: [...this.refusals], lookedUp: [...this.lookedUp] };
    }

    /** Takes the state another instance's identical run left (runState). */
    restoreRunState(state: unknown): void {
        const { refusals, lookedUp } = state as { refusals: ProviderRefusalError[]; lookedUp: [string, AccountValue][] };
        this.refusals.push(...refusals);
        for (const [what, value] of lookedUp) {
            this.lookedUp.set(what, value);
        }
    }

    /** The account's values this run's lookups returned (AccountValue), each once. */
    get accountValues(): AccountValue[] {
        const account: AccountValue = {
            what: "the AWS account id", value: this.env.accountId,
            known: this.env.accountFrom === "config-arns" ? "inferred" : "placeholder",
            ownedByConfig: this.env.configArns ?? [],
        };
        return [account, ...this.lookedUp.values()];
    }

    private record(what: string, value: string, known: AccountValue["known"]): void {
        this.lookedUp.set(what, { what, value, known });
    }

    /** The name the provider gives the resource, or undefined when it has none or refuses one. */
    private nameOf(type: string, name: string, inputs: State): string | undefined {
        const physical = physicalName(type, name, inputs.name, inputs.namePrefix);
        if (physical.kind === "refused") {
            const refusal = new ProviderRefusalError(type, name, physical.message);
            if (this.options.refusals !== "record") {
                throw refusal;
            }
            this.refusals.push(refusal);
            return undefined;
        }
        return physical.kind === "none" ? undefined : physical.name;
    }

    private arn(service: string, resource: string, global = false): string {
        return `arn:aws:${service}:${global ? "" : this.region || this.env.region}:${this.env.accountId}:${resource}`;
    }

    /** The region of each explicit aws provider, by its id: resources it creates have ARNs in that region. */
    private readonly providerRegions = new Map<string, string>();

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
        // Synchronous: the region holds for this resource's ARNs only.
        this.region = this.regionOf(args.provider);
        try {
            return this.newResourceIn(args);
        } finally {
            this.region = this.env.region;
        }
    }

    /** The region of the resource being made (its provider's). */
    private region: string = "";

    /** The region a resource is created in: its explicit provider's, else the stack's. */
    private regionOf(provider: string | undefined): string {
        const id = provider?.split("::").pop();
        return (id !== undefined ? this.providerRegions.get(id) : undefined) ?? this.env.region;
    }

    private newResourceIn(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
        const { type, name } = args;
        const inputs = args.inputs as State;
        // Auto-names are made at check time: a preview knows them too.
        const providerName = this.nameOf(type, name, inputs);
        const withName = providerName === undefined ? {} : { name: providerName };
        if (this.preview && !args.id) {
            return { id: undefined, state: { ...inputs, ...withName } };
        }
        const seed = `${type}::${name}`;
        // Where a provider made no name (a refusal being recorded), ARNs show the logical name.
        const named = providerName ?? name;
        const out = (id: string, extra: State = {}) => ({ id: args.id || id, state: { ...inputs, ...withName, ...extra } });
        const region = this.region || this.env.region;
        switch (type) {
            // AWS networking
            case "awsx:ec2:Vpc": {
                const count = Number(inputs.numberOfAvailabilityZones ?? (inputs.availabilityZoneNames as unknown[] | undefined)?.length ?? 2);
                const ids = (kind: string) => Array.from({ length: count }, (_, i) => `subnet-${hex(`${seed}:${kind}:${i}`, 17)}`);
                return out("", {
                    vpcId: `vpc-${hex(seed, 17)}`,
                    privateSubnetIds: ids("private"),
                    publicSubnetIds: ids("public"),
                    isolatedSubnetIds: [],
                });
            }
            case "aws:ec2/vpc:Vpc":
                return out(`vpc-${hex(seed, 17)}`, { arn: this.arn("ec2", `vpc/vpc-${hex(seed, 17)}`) });
            case "aws:ec2/subnet:Subnet":
                return out(`subnet-${hex(seed, 17)}`, { arn: this.arn("ec2", `subnet/subnet-${hex(seed, 17)}`) });
            case "aws:ec2/securityGroup:SecurityGroup":
                return out(`sg-${hex(seed, 17)}`, { arn: this.arn("ec2", `security-group/sg-${hex(seed, 17)}`) });
            case "aws:ec2/eip:Eip": {
                const allocationId = `eipalloc-${hex(seed, 17)}`;
                return out(allocationId, { allocationId, publicIp: addressIn("192.0.2.0/24", seed), arn: this.arn("ec2", `elastic-ip/${allocationId}`) });
            }
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
                return out(`sgr-${hex(seed, 17)}`, { arn: this.arn("ec2", `security-group-rule/sgr-${hex(seed, 17)}`), securityGroupRuleId: `sgr-${hex(seed, 17)}` });
            // Load balancing
            case "aws:lb/loadBalancer:LoadBalancer": {
                // The name as given or auto-named, never cut: ELB refuses a long
                // one, and the provider rules say so (tools/offline/provider-rules.ts).
                const suffix = `app/${named}/${hex(seed, 16)}`;
                return out(this.arn("elasticloadbalancing", `loadbalancer/${suffix}`), {
                    arn: this.arn("elasticloadbalancing", `loadbalancer/${suffix}`),
                    arnSuffix: suffix,
                    dnsName: `${named}-${digits(seed, 10)}.${region}.elb.amazonaws.com`.toLowerCase(),
                    zoneId: ALB_ZONE_IDS[region] ?? ALB_ZONE_IDS["us-east-1"],
                });
            }
            case "aws:lb/targetGroup:TargetGroup": {
                const suffix = `targetgroup/${named}/${hex(seed, 16)}`;
                return out(this.arn("elasticloadbalancing", suffix), { arn: this.arn("elasticloadbalancing", suffix), arnSuffix: suffix });
            }
            case "aws:lb/listener:Listener": {
                const arn = this.arn("elasticloadbalancing", `listener/app/${name}/${hex(seed, 16)}/${hex(`${seed}:l`, 16)}`);
                return out(arn, { arn });
            }
            case "aws:lb/listenerRule:ListenerRule": {
                const arn = this.arn("elasticloadbalancing", `listener-rule/app/${name}/${hex(seed, 16)}/${hex(`${seed}:r`, 16)}`);
                return out(arn, { arn });
            }
            // Containers
            case "aws:ecs/cluster:Cluster":
                return out(this.arn("ecs", `cluster/${named}`), { arn: this.arn("ecs", `cluster/${named}`) });
            case "aws:ecs/service:Service": {
                const cluster = String(inputs.cluster ?? "cluster").split("/").pop();
                const arn = this.arn("ecs", `service/${cluster}/${named}`);
                return out(arn, { arn });
            }
            case "aws:ecs/taskDefinition:TaskDefinition": {
                const family = String(inputs.family ?? name);
                return out(this.arn("ecs", `task-definition/${family}:1`), {
                    arn: this.arn("ecs", `task-definition/${family}:1`),
                    arnWithoutRevision: this.arn("ecs", `task-definition/${family}`),
                    revision: 1,
                });
            }
            case "aws:ecr/repository:Repository":
                return out(named, {
                    arn: this.arn("ecr", `repository/${named}`),
                    registryId: this.env.accountId,
                    repositoryUrl: `${this.env.accountId}.dkr.ecr.${region}.amazonaws.com/${named}`,
                });
            // Observability
            case "aws:cloudwatch/logGroup:LogGroup":
                return out(named, { arn: this.arn("logs", `log-group:${named}`) });
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                return out(named, { arn: this.arn("cloudwatch", `alarm:${named}`) });
            case "pulumi:providers:aws": {
                const id = args.id || `${name}-${hex(seed, 8)}`;
                if (typeof inputs.region === "string") {
                    this.providerRegions.set(id, inputs.region);
                }
                return out(id);
            }
            case "aws:sns/topic:Topic":
                return out(this.arn("sns", named), { arn: this.arn("sns", named) });
            case "aws:sns/topicSubscription:TopicSubscription": {
                // A subscription's ARN is its topic's plus a UUID (SNS Subscribe); an email or HTTPS one is
                // "pending confirmation" until the subscriber confirms (SubscriptionArn "pending confirmation").
                const arn = `${String(inputs.topic)}:${uuid(seed)}`;
                return out(arn, { arn, pendingConfirmation: inputs.protocol === "email" || inputs.protocol === "https", confirmationWasAuthenticated: false, ownerId: this.env.accountId });
            }
            case "aws:sns/topicPolicy:TopicPolicy":
                // terraform-provider-aws sns topic_policy: the id is the topic's ARN.
                return out(String(inputs.arn), { owner: this.env.accountId });
            case "aws:cloudwatch/eventRule:EventRule":
                // terraform-provider-aws cloudwatch event_rule: id is the rule name on the default bus; ARN rule/<name>.
                return out(named, { arn: this.arn("events", `rule/${named}`) });
            case "aws:cloudwatch/eventTarget:EventTarget": {
                // terraform-provider-aws: a target without target_id gets id.UniqueId() ("terraform-" + timestamp + counter); the resource id is <rule>-<target id>.
                const targetId = String(inputs.targetId ?? `terraform-${digits(seed, 26)}`);
                return out(`${String(inputs.rule)}-${targetId}`, { targetId, eventBusName: "default" });
            }
            case "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": {
                const arn = `arn:aws:chatbot::${this.env.accountId}:chat-configuration/slack-channel/${String(inputs.configurationName)}`;
                return out(arn, { chatConfigurationArn: arn, slackChannelName: String(inputs.slackChannelId), slackTeamName: String(inputs.slackTeamId) });
            }
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                // terraform-provider-aws iam role_policy_attachment: id is id.PrefixedUniqueId("<role>-").
                return out(`${String(inputs.role)}-${digits(seed, 26)}`);
            // Identity and secrets
            case "aws:iam/role:Role":
                return out(named, { arn: this.arn("iam", `role/${named}`, true), uniqueId: `AROA${upperAlnum(seed, 17)}` });
            case "aws:iam/policy:Policy":
                return out(this.arn("iam", `policy/${named}`, true), { arn: this.arn("iam", `policy/${named}`, true) });
            case "aws:secretsmanager/secret:Secret": {
                const arn = this.arn("secretsmanager", `secret:${named}-${upperAlnum(seed, 6)}`);
                return out(arn, { arn });
            }
            case "aws:ssm/parameter:Parameter": {
                // An SSM parameter's ARN is its name (hierarchical names keep their slashes).
                const arn = this.arn("ssm", `parameter/${named.replace(/^\//, "")}`);
                return out(named, { name: named, arn, version: 1 });
            }
            case "aws:cloudwatch/dashboard:Dashboard": {
                const dashboardName = String(inputs.dashboardName);
                return out(dashboardName, { dashboardArn: this.arn("cloudwatch", `dashboard/${dashboardName}`, true) });
            }
            case "aws:lb/listenerCertificate:ListenerCertificate":
                return out(`${String(inputs.listenerArn)}_${String(inputs.certificateArn)}`, {});
            case "aws:secretsmanager/secretVersion:SecretVersion":
                return out(`${String(inputs.secretId)}|${uuid(seed)}`, { arn: inputs.secretId, versionId: uuid(seed) });
            // Certificates and DNS
            case "aws:acm/certificate:Certificate": {
                const domains = [inputs.domainName, ...((inputs.subjectAlternativeNames as unknown[]) ?? [])].filter((d): d is string => typeof d === "string");
                const arn = this.arn("acm", `certificate/${uuid(seed)}`);
                return out(arn, {
                    arn,
                    status: "PENDING_VALIDATION",
                    domainValidationOptions: [...new Set(domains)].map((domain) => ({
                        domainName: domain,
                        resourceRecordName: `_${hex(`${seed}:${domain}`, 32)}.${domain.replace(/^\*\./, "")}.`,
                        resourceRecordType: "CNAME",
                        resourceRecordValue: `_${hex(`${seed}:${domain}:v`, 32)}.mhbtsbpdnt.acm-validations.aws.`,
                    })),
                });
            }
            case "aws:acm/certificateValidation:CertificateValidation":
                return out(String(inputs.certificateArn), {});
            case "aws:route53/zone:Zone": {
                const zoneId = `Z0${upperAlnum(seed, 18)}`;
                return out(zoneId, { zoneId, arn: `arn:aws:route53:::hostedzone/${zoneId}`, nameServers: this.nameServers(seed) });
            }
            case "aws:route53/record:Record":
                return out(`${String(inputs.zoneId)}_${String(inputs.name)}_${String(inputs.type)}${inputs.setIdentifier ? `_${String(inputs.setIdentifier)}` : ""}`, { fqdn: inputs.name });
            case "aws:route53/healthCheck:HealthCheck": {
                const id = uuid(seed);
                return out(id, { arn: `arn:aws:route53:::healthcheck/${id}` });
            }
            // Autoscaling
            case "aws:appautoscaling/target:Target":
                return out(String(inputs.resourceId ?? name), { arn: this.arn("application-autoscaling", `scalable-target/${hex(seed, 24)}`) });
            case "aws:appautoscaling/policy:Policy":
                return out(name, { arn: this.arn("autoscaling", `scalingPolicy:${uuid(seed)}:resource/ecs/${String(inputs.resourceId ?? "")}:policyName/${named}`), alarmArns: [] });
            // Scheduled jobs: ARNs and ids as each service makes them (Step
            // Functions: arn:aws:states:...:stateMachine:<name>, the id is the ARN;
            // SQS: the id is the queue URL; Scheduler: the id is <group>/<name>).
            case "aws:sfn/stateMachine:StateMachine": {
                const arn = this.arn("states", `stateMachine:${named}`);
                return out(arn, { arn, status: "ACTIVE", revisionId: "" });
            }
            case "aws:sqs/queue:Queue": {
                const url = `https://sqs.${region}.amazonaws.com/${this.env.accountId}/${named}`;
                return out(url, { arn: this.arn("sqs", named), url });
            }
            case "aws:scheduler/schedule:Schedule": {
                const group = String(inputs.groupName ?? "default");
                return out(`${group}/${named}`, { arn: this.arn("scheduler", `schedule/${group}/${named}`), groupName: group });
            }
            // Databases (RDS: ids and ARNs as pulumi-aws 7 answers them: a DB
            // instance's id is its DbiResourceId, its identifier a name; RDS
            // endpoints <identifier>.<12 characters>.<region>.rds.amazonaws.com.
            // DMS ARNs end in a resource id of 26 upper-case characters:
            // arn:aws:dms:<region>:<account>:rep|endpoint|task|cert:<ID>.)
            case "aws:rds/instance:Instance": {
                const identifier = String(inputs.identifier ?? named).toLowerCase();
                const address = `${identifier}.${lowerAlnum(seed, 12)}.${region}.rds.amazonaws.com`;
                const port = Number(inputs.port ?? 5432);
                return out(`db-${upperAlnum(seed, 26)}`, {
                    identifier, address, port, endpoint: `${address}:${port}`, resourceId: `db-${upperAlnum(seed, 26)}`,
                    arn: this.arn("rds", `db:${identifier}`), hostedZoneId: RDS_ZONE_IDS[region] ?? RDS_ZONE_IDS["us-east-1"],
                    masterUserSecrets: [], status: "available",
                });
            }
            case "aws:rds/cluster:Cluster": {
                const identifier = String(inputs.clusterIdentifier ?? named).toLowerCase();
                const suffix = lowerAlnum(seed, 12);
                return out(identifier, {
                    clusterIdentifier: identifier, arn: this.arn("rds", `cluster:${identifier}`), clusterResourceId: `cluster-${upperAlnum(seed, 26)}`,
                    endpoint: `${identifier}.cluster-${suffix}.${region}.rds.amazonaws.com`, readerEndpoint: `${identifier}.cluster-ro-${suffix}.${region}.rds.amazonaws.com`,
                    port: Number(inputs.port ?? 5432), masterUserSecrets: [],
                });
            }
            case "aws:rds/clusterInstance:ClusterInstance": {
                const identifier = String(inputs.identifier ?? named).toLowerCase();
                return out(identifier, { identifier, arn: this.arn("rds", `db:${identifier}`), endpoint: `${identifier}.${lowerAlnum(seed, 12)}.${region}.rds.amazonaws.com`, dbiResourceId: `db-${upperAlnum(seed, 26)}` });
            }
            case "aws:rds/subnetGroup:SubnetGroup":
                return out(named, { arn: this.arn("rds", `subgrp:${named}`) });
            case "aws:rds/parameterGroup:ParameterGroup":
                return out(named, { arn: this.arn("rds", `pg:${named}`) });
            case "aws:rds/clusterParameterGroup:ClusterParameterGroup":
                return out(named, { arn: this.arn("rds", `cluster-pg:${named}`) });
            case "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": {
                const id = String(inputs.replicationSubnetGroupId ?? named).toLowerCase();
                return out(id, { replicationSubnetGroupArn: this.arn("dms", `subgrp:${id}`), vpcId: `vpc-${hex(`${seed}:vpc`, 17)}` });
            }
            case "aws:dms/replicationInstance:ReplicationInstance":
                return out(String(inputs.replicationInstanceId ?? named).toLowerCase(), {
                    replicationInstanceArn: this.arn("dms", `rep:${upperAlnum(seed, 26)}`),
                    replicationInstancePrivateIps: [addressIn("10.0.0.0/8", seed)],
                    replicationInstancePublicIps: [],
                });
            case "aws:dms/endpoint:Endpoint":
                return out(String(inputs.endpointId ?? named), { endpointArn: this.arn("dms", `endpoint:${upperAlnum(seed, 26)}`) });
            case "aws:dms/certificate:Certificate":
                return out(String(inputs.certificateId ?? named), { certificateArn: this.arn("dms", `cert:${upperAlnum(seed, 26)}`) });
            case "aws:dms/replicationTask:ReplicationTask":
                return out(String(inputs.replicationTaskId ?? named), {
                    replicationTaskArn: this.arn("dms", `task:${upperAlnum(seed, 26)}`),
                    status: inputs.startReplicationTask === true ? "running" : "ready",
                });
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                return out(`${String(inputs.role)}-${hex(seed, 8)}`);
            // DigitalOcean
            case "digitalocean:index/vpc:Vpc": {
                const id = args.id || uuid(seed);
                return out(id, { vpcUrn: `do:vpc:${id}` });
            }
            case "digitalocean:index/droplet:Droplet": {
                const id = args.id || digits(seed, 9);
                return out(id, {
                    dropletUrn: `do:droplet:${id}`,
                    status: "active",
                    ipv4Address: addressIn("203.0.113.0/24", seed),
                    ipv4AddressPrivate: addressIn(this.env.legacyIpRange, seed),
                    locked: false,
                });
            }
            case "digitalocean:index/loadBalancer:LoadBalancer": {
                const id = args.id || uuid(seed);
                return out(id, { loadBalancerUrn: `do:loadbalancer:${id}`, ip: addressIn("198.51.100.0/24", seed), status: "active" });
            }
            case "digitalocean:index/databaseFirewall:DatabaseFirewall":
                // Its id is the cluster's (terraform-provider-digitalocean: import by cluster id).
                return out(args.id || String(inputs.clusterId), {});
            case "digitalocean:index/firewall:Firewall":
            case "digitalocean:index/project:Project":
                return out(args.id || uuid(seed));
            case "digitalocean:index/tag:Tag":
                return out(named, { urn: `do:tag:${named}` });
            default:
                return out(`${name}-${hex(seed, 8)}`, type.startsWith("aws:") ? { arn: this.arn(type.split(":")[1].split("/")[0], `${name}`) } : {});
        }
    }

    private nameServers(seed: string): string[] {
        const n = (i: number) => Number.parseInt(hex(`${seed}:ns${i}`, 4), 16) % 2048;
        return [`ns-${n(1)}.awsdns-${n(1) % 64}.org`, `ns-${n(2)}.awsdns-${n(2) % 64}.co.uk`, `ns-${n(3)}.awsdns-${n(3) % 64}.com`, `ns-${n(4)}.awsdns-${n(4) % 64}.net`];
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs = args.inputs as State;
        const { region, accountId } = this.env;
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId, arn: `arn:aws:iam::${accountId}:user/offline-plan`, userId: `AIDA${upperAlnum(accountId, 17)}`, id: accountId };
            case "aws:index/getRegion:getRegion":
                return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const letters = ["a", "b", "c", "d", "e", "f"];
                return { names: letters.map((l) => `${region}${l}`), zoneIds: letters.map((_, i) => `use1-az${i + 1}`), id: region, state: "available" };
            }
            case "aws:route53/getZone:getZone": {
                const byId = typeof inputs.zoneId === "string" && inputs.name === undefined;
                if (byId && this.env.zone?.id !== inputs.zoneId) {
                    throw new UnansweredLookupError(args.token, `no zone with id ${String(inputs.zoneId)} is known offline; only dns.zoneId (${this.env.zone?.id ?? "not set"})`);
                }
                const zoneName = (byId ? this.env.zone!.name : String(inputs.name ?? "example.com")).replace(/\.$/, "");
                // Looked up by name, the id is the account's: a placeholder here, which the diff must not take for a change.
                const zoneId = byId ? String(inputs.zoneId) : `Z0${upperAlnum(`zone:${zoneName}`, 18)}`;
                this.record(`the id of the Route 53 zone ${zoneName}`, zoneId, byId ? "config" : "placeholder");
                return { zoneId, id: zoneId, name: `${zoneName}.`, arn: `arn:aws:route53:::hostedzone/${zoneId}`, nameServers: this.nameServers(zoneName), privateZone: false };
            }
            case "digitalocean:index/getCertificate:getCertificate": {
                const declared = this.env.legacyCertificates.find((c) => c.name === inputs.name);
                if (declared === undefined) {
                    throw new UnansweredLookupError(args.token, `no certificate named ${String(inputs.name)} is declared in legacy.certificates`);
                }
                this.record(`the id of the DigitalOcean certificate ${declared.name}`, uuid(`certificate:${declared.name}`), "placeholder");
                return { id: uuid(`certificate:${declared.name}`), uuid: uuid(`certificate:${declared.name}`), name: declared.name, domains: [...declared.domains], type: "custom", state: "verified" };
            }
            case "aws:secretsmanager/getRandomPassword:getRandomPassword": {
                // Secrets Manager answers a new password at every call; offline,
                // one derived from the arguments keeps plans reproducible (the
                // program fixes the first one with ignoreChanges anyway).
                const length = Number(inputs.passwordLength ?? 32);
                return { randomPassword: [...hash(`password:${JSON.stringify(inputs)}`), ...hash(`password2:${JSON.stringify(inputs)}`)].map((b) => "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"[b % 56]).join("").slice(0, length), id: region };
            }
            case "digitalocean:index/getDatabaseCa:getDatabaseCa": {
                const body = Buffer.concat([hash(`ca:${String(inputs.clusterId)}`), hash(`ca2:${String(inputs.clusterId)}`)]).toString("base64");
                this.record(`the CA certificate of DigitalOcean database cluster ${String(inputs.clusterId)}`, "a placeholder certificate", "placeholder");
                return { clusterId: inputs.clusterId, id: inputs.clusterId, certificate: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n` };
            }
            case "aws:ec2/getVpc:getVpc": {
                // network.vpcCidr when config states it; otherwise a placeholder the account alone knows.
                const cidrBlock = this.env.vpcCidr ?? "10.0.0.0/16";
                this.record(`the CIDR of the VPC ${String(inputs.id)}`, cidrBlock, this.env.vpcCidr === undefined ? "placeholder" : "config");
                return { id: inputs.id, arn: this.arn("ec2", `vpc/${String(inputs.id)}`), cidrBlock };
            }
            default:
                throw new UnansweredInvokeError(args.token);
        }
    }
}
