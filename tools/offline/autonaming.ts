// Physical names exactly as the providers make them, for the mocks and the
// provider rules alike: the given `name`; else `namePrefix` plus the
// Terraform provider's unique suffix; else the logical name, `-` and 7
// random characters, refused (never cut) when that is longer than the cap
// the provider sets for the type. The random parts are a hash of type and
// logical name here, so every plan of the same config is the same.
import * as crypto from "crypto";

/** How a type's `name` input is filled in when the program leaves it out. */
export interface AutonameSpec {
    /** Longest auto-name the provider makes; longer is an error, not a cut. */
    readonly maxLength: number;
    /** Whether the type also takes `namePrefix` (the Terraform provider then generates the rest). */
    readonly namePrefix: boolean;
    readonly source: string;
}

const PULUMI_AWS = "pulumi/pulumi-aws provider/";
/** Every aws_* resource with an input `name` and no explicit entry gets AutoName("name", 255, "-"). */
const AWS_DEFAULT = `${PULUMI_AWS}autonaming.go setAutonaming (maxLength 255, separator "-"), applied by provider/resources.go providerFromMeta (commit 0c5f6583)`;
/** pulumi-digitalocean applies the same default to every resource with an input `name`. */
const DO_DEFAULT = "pulumi/pulumi-digitalocean provider/resources.go prov.SetAutonaming(255, \"-\") (commit b7b5f38a)";

/**
 * The resource types the program registers (or will) whose `name` the
 * provider fills in, with the cap the provider applies.
 */
export const AUTONAMING: Readonly<Record<string, AutonameSpec>> = {
    "aws:lb/loadBalancer:LoadBalancer": { maxLength: 255, namePrefix: true, source: `${PULUMI_AWS}aliases.go registers aws_lb with no name field (nil ResourceInfo), so ${AWS_DEFAULT}: not capped at ELB's 32` },
    "aws:lb/targetGroup:TargetGroup": { maxLength: 32, namePrefix: true, source: `${PULUMI_AWS}aliases.go aws_lb_target_group "name": tfbridge.AutoName("name", 32, "-") (commit 0c5f6583)` },
    "aws:iam/role:Role": { maxLength: 64, namePrefix: true, source: `${PULUMI_AWS}resource_overrides.go aws_iam_role "name": tfbridge.AutoName("name", 64, "-") (commit 015d3438)` },
    "aws:iam/rolePolicy:RolePolicy": { maxLength: 255, namePrefix: true, source: AWS_DEFAULT },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { maxLength: 255, namePrefix: false, source: `${PULUMI_AWS}resource_overrides.go aws_cloudwatch_metric_alarm "alarm_name": tfbridge.AutoName("name", 255, "-") (commit 015d3438)` },
    "aws:cloudwatch/logGroup:LogGroup": { maxLength: 255, namePrefix: true, source: AWS_DEFAULT },
    "aws:ec2/securityGroup:SecurityGroup": { maxLength: 255, namePrefix: true, source: AWS_DEFAULT },
    "aws:ecs/cluster:Cluster": { maxLength: 255, namePrefix: false, source: AWS_DEFAULT },
    "aws:ecs/service:Service": { maxLength: 255, namePrefix: false, source: AWS_DEFAULT },
    "aws:ecr/repository:Repository": { maxLength: 255, namePrefix: false, source: AWS_DEFAULT },
    "aws:secretsmanager/secret:Secret": { maxLength: 255, namePrefix: true, source: AWS_DEFAULT },
    "aws:appautoscaling/policy:Policy": { maxLength: 255, namePrefix: false, source: AWS_DEFAULT },
    "aws:ssm/parameter:Parameter": { maxLength: 255, namePrefix: false, source: AWS_DEFAULT },
    "aws:sns/topic:Topic": { maxLength: 80, namePrefix: true, source: `${PULUMI_AWS}resource_overrides.go aws_sns_topic AutoNameOptions{Maxlen: 80, Randlen: 7} (commit 015d3438)` },
    "aws:iam/policy:Policy": { maxLength: 255, namePrefix: true, source: AWS_DEFAULT },
    "digitalocean:index/droplet:Droplet": { maxLength: 255, namePrefix: false, source: DO_DEFAULT },
    "digitalocean:index/loadBalancer:LoadBalancer": { maxLength: 255, namePrefix: false, source: DO_DEFAULT },
    "digitalocean:index/firewall:Firewall": { maxLength: 255, namePrefix: false, source: DO_DEFAULT },
    "digitalocean:index/vpc:Vpc": { maxLength: 255, namePrefix: false, source: DO_DEFAULT },
    "digitalocean:index/tag:Tag": { maxLength: 255, namePrefix: false, source: DO_DEFAULT },
    "digitalocean:index/project:Project": { maxLength: 255, namePrefix: false, source: DO_DEFAULT },
};

/** Random characters the bridge appends, and their alphabet (tfbridge AutoName: Randlen 7; resource.NewUniqueName's default charset). */
export const AUTONAME_RANDOM_LENGTH = 7;
export const AUTONAME_SOURCE = "pulumi/pulumi-terraform-bridge pkg/tfbridge/info/autonaming.go ComputeAutoNameDefault and pulumi/pulumi sdk/go/common/resource/resource_id.go NewUniqueName (an error when prefix + random is longer than maxlen)";
/** terraform-plugin-sdk helper/id PrefixedUniqueId: 18 timestamp digits and 8 hex counter digits after the prefix. */
export const NAME_PREFIX_SUFFIX_LENGTH = 26;

export type PhysicalName =
    /** The program gave `name`. */
    | { readonly kind: "given"; readonly name: string }
    /** The provider will make `namePrefix` + 26 characters. */
    | { readonly kind: "prefix"; readonly name: string; readonly prefix: string }
    /** The provider will make the logical name + `-` + 7 characters. */
    | { readonly kind: "auto"; readonly name: string }
    /** The provider refuses to make one: the error `pulumi preview` prints. */
    | { readonly kind: "refused"; readonly message: string; readonly maxLength: number; readonly wouldBe: string }
    /** The name is not known yet (preview), or the type has no auto-name. */
    | { readonly kind: "none" };

function digest(seed: string): Buffer {
    return crypto.createHash("sha256").update(seed).digest();
}

/** 7 characters of [0-9a-f], stable for the seed. */
export function autonameSuffix(seed: string): string {
    return digest(`autoname\u0000${seed}`).toString("hex").slice(0, AUTONAME_RANDOM_LENGTH);
}

/** 18 digits then 8 hex digits, like the Terraform provider's timestamp + counter, stable for the seed. */
export function namePrefixSuffix(seed: string): string {
    const bytes = digest(`name-prefix\u0000${seed}`);
    const digits = [...bytes].map((b) => String(b % 10)).join("").slice(0, 18);
    return `${digits}${bytes.toString("hex").slice(0, 8)}`;
}

/**
 * The physical name of a resource, given its type, logical name and its
 * `name` and `namePrefix` inputs (undefined when not set; pass `unknown`
 * true when the input is a preview-time unknown).
 */
export function physicalName(type: string, logicalName: string, name: unknown, namePrefix: unknown, unknown = false): PhysicalName {
    // A given name, even "", is the program's: the provider validates it and never replaces it.
    if (typeof name === "string") {
        return { kind: "given", name };
    }
    const spec = AUTONAMING[type];
    // Types not listed (aws_cloudwatch_dashboard's dashboard_name, Route 53
    // records, ...) have no auto-name: the provider only names `name`.
    if (unknown || spec === undefined) {
        return { kind: "none" };
    }
    const seed = `${type}::${logicalName}`;
    if (spec.namePrefix && typeof namePrefix === "string" && namePrefix !== "") {
        return { kind: "prefix", prefix: namePrefix, name: `${namePrefix}${namePrefixSuffix(seed)}` };
    }
    const prefix = `${logicalName}-`;
    if (prefix.length + AUTONAME_RANDOM_LENGTH > spec.maxLength) {
        // The bridge's words (ComputeAutoNameDefault wrapping NewUniqueName's error).
        return {
            kind: "refused",
            maxLength: spec.maxLength,
            wouldBe: `${prefix}${autonameSuffix(seed)}`,
            message: `could not make instance of '${type}': name '${prefix}' plus ${AUTONAME_RANDOM_LENGTH} random chars is longer than maximum length ${spec.maxLength}`,
        };
    }
    return { kind: "auto", name: `${prefix}${autonameSuffix(seed)}` };
}
