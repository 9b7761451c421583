// The stack config contract: the shape of every `migration:*` key as it is
// written in Pulumi.<stack>.yaml, written once. Types come from these schemas
// (types.ts), docs/config.md is generated from them (tools/docs), and rules
// that span keys live in validate.ts. Every message completes "<key>: " and
// states the value found and what is allowed.
import { z } from "zod";
import { FARGATE_CPU_VALUES, fargateMemoryProblem } from "../../policies/lib/fargate-sizes";

/**
 * How a `secure:` value reads where it cannot be decrypted (the offline plan,
 * tools/stack-file.ts): rules that read a secret's content skip it.
 */
export const OFFLINE_SECRET_PREFIX = "offline-placeholder-for-";

/** Quote a value as it appears in an error message. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function pattern(re: RegExp, allowed: string) {
    return z.string({ error: (iss) => `expected a string (${allowed}), found ${show(iss.input)}` })
        .regex(re, { error: (iss) => `${show(iss.input)} is not valid; allowed ${allowed}` });
}

function integer(min: number, max: number, what = "a whole number") {
    const allowed = `${what} from ${min} to ${max}`;
    return z.number({ error: (iss) => `expected ${allowed}, found ${show(iss.input)}` })
        .int({ error: (iss) => `${show(iss.input)} is not valid; allowed ${allowed}` })
        .min(min, { error: (iss) => `${show(iss.input)} is too small; allowed ${allowed}` })
        .max(max, { error: (iss) => `${show(iss.input)} is too large; allowed ${allowed}` });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values, { error: (iss) => `${show(iss.input)} is not allowed; allowed ${values.join(", ")}` });
}

const bool = () => z.boolean({ error: (iss) => `expected true or false, found ${show(iss.input)}` });

const objectOf = <T extends z.core.$ZodLooseShape>(shape: T) =>
    z.strictObject(shape, { error: (iss) => iss.code === "invalid_type" ? `expected an object, found ${show(iss.input)}` : undefined });
const listOf = <T extends z.ZodType>(item: T) =>
    z.array(item, { error: (iss) => `expected a list, found ${show(iss.input)}` });

/**
 * The forms of each union built by dispatch(): a transform hides them from
 * z.toJSONSchema, and meta carries only their titles (it must stay plain
 * data), so docs/config.md reads the forms from here. Typed unknown[]: zod's
 * registry maps the meta type through every schema type inside it.
 */
export const dispatchForms = z.registry<{ forms: readonly unknown[] }>();

/**
 * A union chosen by what the input says it is (its discriminating key), so a
 * mistake inside the chosen form is reported at the inner key and the form it
 * was read as, never as "no form matched". `pick` returns the form, or a
 * message for input that names no form.
 */
function dispatch<T extends z.ZodType>(forms: readonly T[], pick: (input: Record<string, unknown>) => T | string) {
    const union = z.unknown().transform((input, ctx): z.output<T> => {
        if (typeof input !== "object" || input === null || Array.isArray(input)) {
            ctx.issues.push({ code: "custom", message: `expected an object, found ${show(input)}`, input });
            return z.NEVER;
        }
        const form = pick(input as Record<string, unknown>);
        if (typeof form === "string") {
            ctx.issues.push({ code: "custom", message: form, input });
            return z.NEVER;
        }
        const parsed = form.safeParse(input, { reportInput: true });
        if (!parsed.success) {
            for (const issue of parsed.error.issues) {
                ctx.issues.push(issue as z.core.$ZodRawIssue);
            }
            return z.NEVER;
        }
        return parsed.data as z.output<T>;
    }).meta({ forms: forms.map((f) => f.meta()?.title ?? "") });
    dispatchForms.add(union, { forms });
    return union;
}

const IPV4 = String.raw`(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}`;
const IPV4_ADDRESS = new RegExp(`^${IPV4}$`);
const IPV4_CIDR = new RegExp(`^${IPV4}/(3[0-2]|[12]?\\d)$`);
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const cidr = pattern(IPV4_CIDR, "an IPv4 CIDR such as 10.0.0.0/16");
const ipv4 = pattern(IPV4_ADDRESS, "an IPv4 address such as 203.0.113.10");
const anyCidr = z.string({ error: (iss) => `expected a CIDR, found ${show(iss.input)}` })
    .refine((v) => IPV4_CIDR.test(v) || IPV6_CIDR.test(v), {
        error: (iss) => `${show(iss.input)} is not valid; allowed an IPv4 or IPv6 CIDR such as 203.0.113.10/32`,
    });
export const adminCidr = anyCidr
    .refine((v) => !/\/0$/.test(v), {
        error: (iss) => `${show(iss.input)} opens SSH to the whole internet; allowed only specific admin networks (for example 203.0.113.10/32)`,
    });
export const dnsName = pattern(DNS_NAME, "a lower-case DNS name such as app.example.com");
/** A certificate's domain: a DNS name, or a wildcard over one label (*.example.com). */
const certificateDomain = pattern(/^(\*\.)?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case DNS name such as www.example.com, or a wildcard such as *.example.com");

/**
 * Short, DNS-safe, 2-16 characters: it is part of target group names
 * (32 characters at most) and of every per-service name.
 */
/** Route 53 HealthCheckConfig.ResourcePath: at most 255 characters. */
export const HEALTH_CHECK_PATH = /^\/[A-Za-z0-9_\-./?=&]{0,254}$/;
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
export const serviceName = pattern(SERVICE_NAME_PATTERN, "2-16 lower-case letters, digits and dashes, starting with a letter and ending with a letter or digit");
const envVarName = pattern(/^[A-Za-z_][A-Za-z0-9_]*$/, "a variable name of letters, digits and _ (not starting with a digit)");
const secretArn = pattern(
    /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter\/.+)$/,
    "a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)",
);
const configKeyName = pattern(/^[A-Za-z][A-Za-z0-9_-]*$/, "the name of a secret config key in this project, e.g. webDatabaseUrl");
const percent = integer(0, 100, "a percentage (whole number)");
const uuid = (what: string) => pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, `${what} (a UUID)`);
const doTagName = pattern(/^[A-Za-z0-9:_-]{1,255}$/, "a DigitalOcean tag of letters, digits, : _ and - (1-255 characters)");
const dropletId = pattern(/^\d+$/, "a numeric Droplet id");

// AWS tags: keys 1-128 characters, values up to 256, the aws: prefix reserved
// (Tagging AWS Resources, "Tag naming limits and requirements"); the same pair
// becomes a DigitalOcean tag "key:value" of at most 255 characters (checked in validate.ts).
export const tagMapSchema = z.record(
    pattern(/^(?![aA][wW][sS]:)[A-Za-z0-9 _.:/=+\-@]{1,128}$/, "tag keys of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:"),
    z.string({ error: (iss) => `expected a string tag value, found ${show(iss.input)}` })
        .max(256, { error: () => "is longer than 256 characters; allowed at most 256" }),
    {
        error: (iss) => iss.code === "invalid_key"
            ? `${show(iss.input)} is not valid; allowed tag keys of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:`
            : `expected a map of tag names to values, found ${show(iss.input)}`,
    },
).meta({ description: "Extra tags for every resource (AWS tags; key:value tags on DigitalOcean).", examples: [{ team: "platform" }] });

export const dnsSchema = objectOf({
    zoneName: dnsName.meta({ description: "The Route 53 public hosted zone every service hostname lives in.", examples: ["example.com"] }),
    zone: oneOf(["lookup", "create"]).default("lookup")
        .meta({ description: "lookup: the zone exists and serves users today; create: the program owns a new zone and delegates it from parentZoneName." }),
    zoneId: pattern(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional()
        .meta({ description: "Id of the looked-up zone. Needed to import the weighted records after a cut-over (an import id must be known before the run)." }),
    parentZoneName: dnsName.optional()
        .meta({ description: "With zone: create, the public zone that delegates zoneName: the program writes the NS record there, so certificate validation can succeed. In this stack's account, unless parentZoneRoleArn names a role of the parent's account." }),
    parentZoneRoleArn: pattern(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "an IAM role ARN such as arn:aws:iam::444455556666:role/dns-delegation").optional()
        .meta({ description: "With zone: create, when the parent zone lives in another account: a role of that account the program assumes to look the parent zone up and write the NS record (route53:ListHostedZonesByName, GetHostedZone, ChangeResourceRecordSets and GetChange on the parent zone; its trust policy admits this stack's deploy role). See docs/aws.md." }),
}).meta({ description: "The Route 53 zone of the service hostnames." });

export const networkSchema = z.discriminatedUnion("mode", [
    objectOf({
        mode: z.literal("create"),
        cidr: cidr.default("10.0.0.0/16").meta({ description: "The new VPC's CIDR (/16 to /28); must not overlap legacy.vpcIpRange." }),
        availabilityZones: integer(2, 6).default(2).meta({ description: "Availability zones: one public and one private subnet each." }),
        natGateways: oneOf(["single", "one-per-az"]).optional()
            .meta({ description: "NAT gateways for the private subnets. Default: single in dev, one-per-az in prod." }),
    }).meta({ title: "create" }),
    objectOf({
        mode: z.literal("existing"),
        vpcId: pattern(/^vpc-[0-9a-f]{8,17}$/, "a VPC id such as vpc-0a1b2c3d4e5f67890"),
        privateSubnetIds: listOf(pattern(/^subnet-[0-9a-f]{8,17}$/, "subnet ids such as subnet-0a1b2c3d4e5f67890"))
            .min(2, { error: (iss) => `${show(iss.input)} has too few subnets; allowed 2 or more (in different availability zones)` }),
        publicSubnetIds: listOf(pattern(/^subnet-[0-9a-f]{8,17}$/, "subnet ids such as subnet-0a1b2c3d4e5f67890"))
            .min(2, { error: (iss) => `${show(iss.input)} has too few subnets; allowed 2 or more (in different availability zones)` }),
        privateSubnetCidrs: listOf(cidr).optional()
            .meta({ description: "CIDRs of the private subnets, when known: checked for task address room." }),
        vpcCidr: cidr.optional()
            .meta({ description: "The VPC's CIDR, when known: checked for overlap with legacy.vpcIpRange." }),
        natPublicIps: listOf(ipv4).optional()
            .meta({ description: "Public IPs the private subnets reach the internet from; needed when a service reaches a legacy database (they join its trusted sources)." }),
    }).meta({ title: "existing" }),
], { error: (iss) => `${show((iss.input as { mode?: unknown } | undefined)?.mode)} is not allowed; allowed mode: create, existing` })
    .meta({ description: "The AWS VPC: created (awsx, with NAT gateways) or existing." });

/** A DigitalOcean firewall rule added to the program's own rules. */
const firewallRule = objectOf({
    protocol: oneOf(["tcp", "udp", "icmp"]),
    ports: pattern(/^(all|[1-9]\d{0,4}(-[1-9]\d{0,4})?)$/, "a port such as 9100, a range such as 8000-8100, or all").optional()
        .meta({ description: "Required for tcp and udp; not allowed for icmp." }),
    addresses: listOf(anyCidr).optional().meta({ description: "IPv4/IPv6 CIDRs." }),
    tags: listOf(doTagName).optional().meta({ description: "Droplets with these DigitalOcean tags." }),
    dropletIds: listOf(dropletId).optional(),
});

/** The phases of a database's move to RDS, in order (docs/runbook.md, phase 6). */
export const DATABASE_PHASES = ["replicate", "cutover", "done", "decommissioned"] as const;

const bySourceConfig = objectOf({ config: pattern(/^[A-Za-z][A-Za-z0-9_-]*$/, "the name of a secret config key in this project, e.g. mainDatabaseUrl") }).meta({ title: "config" });
const bySourceArn = objectOf({
    arn: pattern(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, "a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)"),
}).meta({ title: "arn" });

/** A database that moves from DigitalOcean to RDS: the target, the replication and the phase. */
export const databaseMoveSchema = objectOf({
    phase: oneOf(DATABASE_PHASES)
        .meta({ description: "replicate: the RDS target and DMS replication run, the services still use DigitalOcean; cutover: the services' database variable points at RDS (after the source stops writing); done: replication removed, the source kept read-only; decommissioned: the program forgets the DigitalOcean firewall (the cluster can be deleted). One phase per `up`; back from cutover to replicate is allowed." }),
    version: pattern(/^\d+(\.\d+)?$/, "a major version such as 16 (PostgreSQL) or 8.0 (MySQL)")
        .meta({ description: "The source's major version (`doctl databases get <id> --format Version`): the target runs the same major version.", examples: ["16"] }),
    aurora: bool().default(false).meta({ description: "Aurora (aurora-postgresql, aurora-mysql) instead of an RDS instance." }),
    instanceClass: pattern(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, "an RDS instance class such as db.t4g.small")
        .meta({ description: "The target's instance class (Aurora: its writer's).", examples: ["db.t4g.small"] }),
    storageGb: integer(20, 65536).default(20).meta({ description: "gp3 storage, GiB (RDS for PostgreSQL and MySQL: 20 to 65536; not used by Aurora)." }),
    maxStorageGb: integer(21, 65536).optional().meta({ description: "Storage autoscaling up to this many GiB (above storageGb); left out: no autoscaling." }),
    multiAz: bool().optional().meta({ description: "A standby in a second availability zone. Default: false in dev, true in prod." }),
    backupRetentionDays: integer(1, 35).optional().meta({ description: "Automated backups kept, days (1 to 35). Default: 7 in dev, 14 in prod." }),
    databaseName: pattern(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, "a database name of letters, digits and _, starting with a letter").default("defaultdb")
        .meta({ description: "The database that moves (DigitalOcean's default is defaultdb); the target creates it and DMS fills it." }),
    username: pattern(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, "1-16 letters, digits and _, starting with a letter").default("app")
        .meta({ description: "The target's master user; its password is generated into Secrets Manager, never in config." }),
    source: dispatch([bySourceConfig, bySourceArn], (input) => ("arn" in input ? bySourceArn : "config" in input ? bySourceConfig : `${show(input)} is not valid; allowed { config: <secret config key with the DigitalOcean connection URL> } or { arn: <Secrets Manager secret with host, port, username, password> }`))
        .meta({ description: "How DMS logs in to the DigitalOcean cluster: { config: <secret key> } holding its connection URL (the one the services use today works), or { arn } of a Secrets Manager secret with host, port, username and password." }),
    urlVariable: envVarName.default("DATABASE_URL")
        .meta({ description: "The secret variable (fargate.secrets) that holds this database's URL in every service naming it in egress: from cutover on, ECS injects the RDS URL into it." }),
    parameters: z.record(pattern(/^[A-Za-z0-9_.]{1,255}$/, "a parameter name such as max_connections"), z.string({ error: (iss) => `expected a string value, found ${show(iss.input)}` }), {
        error: (iss) => `expected a map of parameter names to values, found ${show(iss.input)}`,
    }).default({}).meta({ description: "Parameters the source's features need on the target (copy them from `doctl databases configuration get <id> --engine <pg|mysql>`); TLS is enforced whatever is set here." }),
    legacyWrites: bool().default(true)
        .meta({ description: "Whether the Droplets write to this database. While true, cutover needs every service naming it to run 100 % on Fargate with no legacy standby; set false only when the Droplets write nowhere." }),
    replication: objectOf({
        instanceClass: pattern(/^dms\.(t2|t3|c4|c5|c6i|r4|r5|r6i)\.[a-z0-9]+$/, "a DMS replication instance class of the T2, T3, C4, C5, C6i, R4, R5 or R6i families such as dms.t3.medium")
            .meta({ description: "DMS replication instance class (AWS DMS user guide, \"Choosing the right AWS DMS replication instance\").", examples: ["dms.t3.medium"] }),
        storageGb: integer(5, 6144).default(50).meta({ description: "Replication instance storage, GB (5 to 6144): it holds cached changes during the full load." }),
        schemas: listOf(pattern(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, "a schema name such as public")).default([])
            .meta({ description: "Schemas the task replicates (its table mappings). Default: public for PostgreSQL, databaseName for MySQL." }),
        vpcRole: oneOf(["create", "existing"]).default("create")
            .meta({ description: "DMS needs the account's IAM role dms-vpc-role to place a replication instance in a VPC: create (this stack creates it; one stack per account may) or existing (created once by hand or by another stack)." }),
        start: bool().default(false)
            .meta({ description: "Run the replication task (full load, then ongoing changes). Leave false for the first replicate `up`, create the target's schema from the source's (docs/runbook.md, phase 6), then set true and `up` again." }),
    }).meta({ description: "The DMS replication (replicate and cutover phases)." }),
}).meta({ description: "Move this database to RDS (docs/runbook.md, phase 6). Left out: the database stays on DigitalOcean." });

export const legacyStackSchema = objectOf({
    region: pattern(/^[a-z]{3}\d$/, "a DigitalOcean region slug such as nyc3, ams3, fra1")
        .meta({ description: "DigitalOcean region of the Droplets, load balancers and VPC.", examples: ["nyc3"] }),
    vpcIpRange: cidr.meta({ description: "IP range of the DigitalOcean VPC (created, or the adopted one's): RFC 1918, /16 to /28." }),
    adoptVpcId: uuid("a DigitalOcean VPC id").optional().meta({ description: "Adopt an existing DigitalOcean VPC (imported, kept on delete) instead of creating one." }),
    adminCidrs: listOf(adminCidr).default([]).meta({ description: "Networks allowed to reach the Droplets on SSH (22), once the firewall is enabled. Never the whole internet." }),
    certificates: listOf(objectOf({
        name: pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, "the name of an existing DigitalOcean certificate"),
        domains: listOf(certificateDomain).min(1, { error: () => "is empty; allowed the 1 or more names the certificate covers" }),
    })).min(1, { error: () => "is empty; allowed 1 or more certificates" })
        .meta({ description: "The DigitalOcean certificates the load balancers serve, with the names each covers (checked against the real certificate at deploy). Each service's hostname must be covered by one.", examples: [[{ name: "www-example-com-2026", domains: ["www.example.com"] }]] }),
    sshKeys: listOf(pattern(/^([0-9a-f]{2}(:[0-9a-f]{2}){15}|\d+)$/, "SSH key fingerprints (aa:bb:...) or numeric key ids")).default([])
        .meta({ description: "SSH key fingerprints or ids put on created Droplets." }),
    firewall: objectOf({
        enabled: bool().default(false)
            .meta({ description: "Apply the cloud firewall to the Droplets. Leave false until DNS points at the new load balancer: it drops every path the Droplets serve today except through it." }),
        inbound: listOf(firewallRule).default([]).meta({ description: "Extra inbound rules (sources: addresses, tags, dropletIds), e.g. monitoring scrapers." }),
        outbound: listOf(firewallRule).default([]).meta({ description: "Extra outbound rules (destinations), e.g. an SMTP relay or a database outside the VPC." }),
    }).default({ enabled: false, inbound: [], outbound: [] }).meta({ description: "The Droplets' cloud firewall, applied in its own phase." }),
    databases: listOf(objectOf({
        name: pattern(/^[a-z][a-z0-9-]{0,30}$/, "a short name such as main"),
        clusterId: uuid("a DigitalOcean database cluster id"),
        engine: oneOf(["pg", "mysql", "redis", "valkey", "mongodb", "kafka", "opensearch"]).default("pg")
            .meta({ description: "The cluster's engine, as DigitalOcean names it (doctl databases list): every engine keeps its trusted sources the same way." }),
        port: integer(1, 65535).default(25060).meta({ description: "The cluster's port: 25060 for PostgreSQL and MySQL; required for the other engines (doctl databases connection <cluster id>)." }),
        size: pattern(/^[a-z0-9][a-z0-9_-]*$/, "a DigitalOcean database node size slug such as db-s-2vcpu-4gb").optional()
            .meta({ description: "The cluster's node size (doctl databases get <cluster id>), for the cost estimate; unset, the cluster is listed as not priced." }),
        nodes: integer(1, 3).default(1).meta({ description: "Nodes in the cluster, primary and standbys (1 to 3), for the cost estimate." }),
        cidr: cidr.meta({ description: "The cluster's public address as a CIDR (/32): where Fargate tasks may connect." }),
        trustedSources: listOf(objectOf({
            type: oneOf(["ip_addr", "droplet", "k8s", "tag", "app"]),
            value: z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` }).min(1),
        })).default([]).meta({ description: "The cluster's trusted sources today, kept as they are: the firewall resource owns the whole list." }),
        move: databaseMoveSchema.optional(),
    })).default([]).meta({ description: "DigitalOcean managed databases: the NAT gateways' public IPs join each one's trusted sources; with move, the database moves to RDS in config phases (docs/runbook.md, phase 6)." }),
}).meta({ description: "The legacy DigitalOcean side, per stack." });

/** DigitalOcean's limit on a Droplet's user data. */
export const MAX_USER_DATA_BYTES = 64 * 1024;

const dropletSize = pattern(/^[a-z0-9][a-z0-9-]*$/, "a Droplet size slug such as s-2vcpu-4gb");
const dropletImage = pattern(/^[a-z0-9][a-z0-9._-]*$|^\d+$/, "an image slug such as ubuntu-24-04-x64 or an image id");

const createdDroplets = objectOf({
    enabled: z.literal(true).default(true),
    mode: z.literal("create"),
    count: integer(1, 20),
    size: dropletSize,
    image: dropletImage,
    userData: z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` })
        .refine((v) => Buffer.byteLength(v, "utf8") <= MAX_USER_DATA_BYTES, {
            error: (iss) => `is ${Buffer.byteLength(String(iss.input), "utf8")} bytes; allowed at most ${MAX_USER_DATA_BYTES} (DigitalOcean's user data limit)`,
        })
        .optional().meta({ description: "cloud-init user data; never secrets (it is readable from the Droplet's metadata)." }),
}).meta({ title: "create", description: "New Droplets, fully managed." });

const adoptedDroplets = objectOf({
    enabled: z.literal(true).default(true),
    mode: z.literal("adopt"),
    droplets: listOf(objectOf({
        id: dropletId,
        name: pattern(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, "the Droplet's current name"),
        // The provider replaces a Droplet's whole tag list with its input
        // (terraform-provider-digitalocean digitalocean/tag/tags.go, SetTags:
        // it untags what it is not given), so a tag left out here is removed
        // at the first up, and whatever trusts it (a database's trusted
        // sources, another firewall) loses the Droplet.
        tags: z.array(doTagName, {
            error: (iss) => iss.input === undefined
                ? "is required: the tags the Droplet has today, as `doctl compute droplet get <id> --format Tags` prints them ([] for none); the provider replaces the whole list, so a tag left out is removed at the first up"
                : `expected a list of tags, found ${show(iss.input)}`,
        }).meta({ description: "The tags the Droplet has today (`doctl compute droplet get <id> --format Tags`): it keeps them, and gets the program's selection and stack tags beside them." }),
    })).min(1, { error: () => "is empty; allowed 1 or more Droplets to adopt" })
        .meta({ description: "The Droplets to import, with the names and tags they already have (nothing is renamed or untagged)." }),
    size: dropletSize.meta({ description: "The Droplets' size as it is now, so the import shows no diff." }),
    image: dropletImage,
    retainOnDelete: bool().default(true).meta({ description: "Keep the Droplets alive when they leave the program (decommissioning)." }),
}).meta({ title: "adopt", description: "Droplets serving today, imported without being touched." });

const decommissioned = objectOf({
    enabled: z.literal(false),
    mode: oneOf(["create", "adopt"]).optional(),
}).meta({ title: "decommissioned", description: "No Droplets any more (traffic.fargatePercent 100)." });

export const legacyServiceSchema = dispatch([createdDroplets, adoptedDroplets, decommissioned], (input) => {
    if (input.enabled === false) {
        return decommissioned;
    }
    if (input.mode === "create") {
        return createdDroplets;
    }
    if (input.mode === "adopt") {
        return adoptedDroplets;
    }
    return `mode ${show(input.mode)} is not allowed; allowed mode: create (new Droplets), mode: adopt (import existing ones), or enabled: false (decommissioned)`;
}).meta({ description: "The service's Droplets: mode create, mode adopt, or enabled: false once decommissioned. Default: enabled: false." });

const bySecretConfig = objectOf({ config: configKeyName }).meta({ title: "config" });
const bySecretArn = objectOf({ arn: secretArn }).meta({ title: "arn" });
const secretSource = dispatch([bySecretConfig, bySecretArn], (input) => {
    if ("arn" in input) {
        return bySecretArn;
    }
    if ("config" in input) {
        return bySecretConfig;
    }
    return `${show(input)} is not valid; allowed { config: <secret config key> } or { arn: <Secrets Manager or SSM ARN> }`;
});

const imageRef = pattern(/^[a-z0-9][a-z0-9._\-/:@]*$/, "a container image such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2.3");
const imageTag = pattern(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "an image tag such as 1.2.3");

/** EC2 security group rule descriptions: 255 characters of a fixed set (EC2 API, IpRange.Description). */
const ruleDescription = pattern(/^[A-Za-z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/, "up to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*");
const egressPorts = {
    port: integer(1, 65535).meta({ description: "Destination port (or the first of a range)." }),
    toPort: integer(1, 65535).optional().meta({ description: "Last port of a range." }),
    protocol: oneOf(["tcp", "udp"]).default("tcp"),
    description: ruleDescription.optional(),
};
const egressToNetwork = objectOf({
    ...egressPorts,
    cidr: cidr.optional(),
    securityGroupId: pattern(/^sg-[0-9a-f]{8,17}$/, "a security group id such as sg-0a1b2c3d4e5f67890").optional(),
    prefixListId: pattern(/^pl-[0-9a-f]{8,17}$/, "a managed prefix list id such as pl-0a1b2c3d4e5f67890").optional(),
}).meta({ title: "network" });
const egressToDatabase = objectOf({
    database: pattern(/^[a-z][a-z0-9-]{0,30}$/, "the name of a legacy.databases entry"),
    description: ruleDescription.optional(),
}).meta({ title: "database" });
const egressRule = dispatch([egressToNetwork, egressToDatabase], (input) => "database" in input ? egressToDatabase : egressToNetwork);


/** ECS DeploymentLifecycleHook.lifecycleStages (@pulumi/aws 7.48 ServiceDeploymentConfigurationLifecycleHook). */
export const LIFECYCLE_STAGES = ["RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"] as const;
/** The rollout strategies, as config names them (ECS DeploymentConfiguration.strategy: ROLLING, BLUE_GREEN, LINEAR, CANARY). */
export const ROLLOUT_STRATEGIES = ["rolling", "blue-green", "linear", "canary"] as const;

/**
 * A percentage in steps of 0.1 (CloudFormation AWS::ECS::Service
 * CanaryConfiguration.CanaryPercent: "multiples of 0.1 from 0.1 to 100.0";
 * terraform-provider-aws ecs service: canary_percent FloatBetween(0.1, 100),
 * step_percent FloatBetween(3.0, 100)).
 */
function tenths(min: number, max: number) {
    const allowed = `a percentage from ${min} to ${max} in steps of 0.1`;
    return z.number({ error: (iss) => `expected ${allowed}, found ${show(iss.input)}` })
        .min(min, { error: (iss) => `${show(iss.input)} is too small; allowed ${allowed}` })
        .max(max, { error: (iss) => `${show(iss.input)} is too large; allowed ${allowed}` })
        .refine((v) => v < min || v > max || Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, { error: (iss) => `${show(iss.input)} is not valid; allowed ${allowed}` });
}
/** ECS bake times: 0-1440 minutes (terraform-provider-aws ecs service: bake_time_in_minutes, canary_bake_time_in_minutes, step_bake_time_in_minutes IntBetween(0, 1440)). */
const bakeMinutes = () => integer(0, 1440, "minutes (a whole number)");

export const rolloutSchema = objectOf({
    strategy: oneOf(ROLLOUT_STRATEGIES).default("rolling")
        .meta({ description: "How ECS moves the service to a new task definition: rolling (tasks replaced in place, the default), blue-green (all traffic at once), linear (equal steps) or canary (a share, then the rest). The last three shift the ALB rule's weights themselves, with bake time and alarm rollback." }),
    bakeTimeMinutes: bakeMinutes().optional()
        .meta({ description: "With blue-green, linear and canary: minutes both revisions keep running after all traffic moved, before ECS stops the old one (an alarm in that window rolls back at once). Required with those strategies." }),
    canary: objectOf({
        percent: tenths(0.1, 100).meta({ description: "Share of the service's requests the new revision takes first." }),
        bakeTimeMinutes: bakeMinutes().meta({ description: "Minutes at that share before the rest moves." }),
    }).optional().meta({ description: "With strategy canary (required there)." }),
    linear: objectOf({
        stepPercent: tenths(3, 100).meta({ description: "Share moved at each step." }),
        stepBakeTimeMinutes: bakeMinutes().meta({ description: "Minutes between steps." }),
    }).optional().meta({ description: "With strategy linear (required there)." }),
    lifecycleHooks: listOf(objectOf({
        stages: listOf(oneOf(LIFECYCLE_STAGES)).min(1, { error: () => "is empty; allowed 1 or more lifecycle stages" }),
        functionArn: pattern(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/, "a Lambda function ARN such as arn:aws:lambda:us-east-1:111122223333:function:smoke-test")
            .meta({ description: "The Lambda ECS invokes at those stages; it answers SUCCEEDED, FAILED (rolls back) or IN_PROGRESS." }),
        roleArn: pattern(/^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_\/-]{1,512}$/, "an IAM role ARN such as arn:aws:iam::111122223333:role/ecs-hooks")
            .meta({ description: "The role ECS assumes to invoke the function (lambda:InvokeFunction)." }),
    })).default([]).meta({ description: "With blue-green, linear and canary: Lambda functions ECS calls at deployment stages (smoke tests). No test listener is configured, so the TEST_TRAFFIC_SHIFT stages are refused." }),
}).meta({ description: "How new task definitions roll out. Default: rolling." });


/** Problems among the rollout's keys and with fargate.canary, as [path under rollout, message]. */
export function rolloutProblems(f: { readonly rollout: z.output<typeof rolloutSchema>; readonly canary?: unknown }): [PropertyKey[], string][] {
    const r = f.rollout;
    const problems: [PropertyKey[], string][] = [];
    const native = r.strategy !== "rolling";
    if (native && f.canary !== undefined) {
        // Both would use the service's second target group: ECS moves its new revision there.
        problems.push([["strategy"], `${show(r.strategy)} with fargate.canary set; allowed one of them: fargate.rollout.strategy ${r.strategy} rolls each new image out through the service's second target group, which fargate.canary's revision uses (remove fargate.canary, or set fargate.rollout.strategy to rolling)`]);
    }
    if (r.strategy === "canary" && r.canary === undefined) {
        problems.push([["canary"], "is required with strategy canary; allowed { percent, bakeTimeMinutes }"]);
    }
    if (r.strategy !== "canary" && r.canary !== undefined) {
        problems.push([["canary"], `is set with strategy ${show(r.strategy)}; allowed only with strategy canary`]);
    }
    if (r.strategy === "linear" && r.linear === undefined) {
        problems.push([["linear"], "is required with strategy linear; allowed { stepPercent, stepBakeTimeMinutes }"]);
    }
    if (r.strategy !== "linear" && r.linear !== undefined) {
        problems.push([["linear"], `is set with strategy ${show(r.strategy)}; allowed only with strategy linear`]);
    }
    if (native && r.bakeTimeMinutes === undefined) {
        problems.push([["bakeTimeMinutes"], `is required with strategy ${r.strategy}; allowed 0 to 1440 minutes (how long the old revision stays ready for an instant rollback once all traffic moved)`]);
    }
    if (!native && r.bakeTimeMinutes !== undefined) {
        problems.push([["bakeTimeMinutes"], `${r.bakeTimeMinutes} is set with strategy rolling, which has no bake time; allowed only with blue-green, linear or canary`]);
    }
    if (!native && r.lifecycleHooks.length > 0) {
        problems.push([["lifecycleHooks"], "are set with strategy rolling, which runs no hooks; allowed only with blue-green, linear or canary"]);
    }
    r.lifecycleHooks.forEach((hook, i) => {
        const test = hook.stages.filter((s) => s.startsWith("TEST_") || s.startsWith("POST_TEST_"));
        if (test.length > 0) {
            problems.push([["lifecycleHooks", i, "stages"], `${show(test)} need a test listener rule, which the program does not configure; allowed ${LIFECYCLE_STAGES.filter((s) => !s.includes("TEST_")).join(", ")}`]);
        }
    });
    return problems;
}

export const fargateSchema = objectOf({
    image: imageRef.optional().meta({ description: "Full image reference; or imageTag for this service's own ECR repository." }),
    imageTag: imageTag.optional().meta({ description: "A tag in this service's ECR repository (created by the program)." }),
    cpu: z.number({ error: (iss) => `expected a number, found ${show(iss.input)}` })
        .refine((v) => FARGATE_CPU_VALUES.includes(v), {
            error: (iss) => `${show(iss.input)} is not a Fargate cpu size; allowed ${FARGATE_CPU_VALUES.join(", ")}`,
        }).meta({ description: `Task cpu units: ${FARGATE_CPU_VALUES.join(", ")}.` }),
    memory: integer(512, 122880, "MiB").meta({ description: "Task memory, MiB; valid for the cpu (Fargate's table)." }),
    desiredCount: integer(1, 100).meta({ description: "Tasks when the service is created; autoscaling owns the count afterwards." }),
    autoscaling: objectOf({
        min: integer(1, 100),
        max: integer(1, 1000),
        cpuTargetPercent: integer(10, 95).default(60),
        memoryTargetPercent: integer(10, 95).default(75),
    }),
    environment: z.record(envVarName, z.string({ error: (iss) => `expected a string value, found ${show(iss.input)}` }), {
        error: (iss) => `expected a map of variable names to strings, found ${show(iss.input)}`,
    }).default({}).meta({ description: "Plain environment variables (never credentials: see secrets)." }),
    secrets: z.record(envVarName, secretSource, {
        error: (iss) => `expected a map of variable names to secret sources, found ${show(iss.input)}`,
    }).default({}).meta({ description: "Variables injected from secret stores: { config: <secret config key> } (stored by the program as an SSM SecureString) or { arn: <Secrets Manager or SSM ARN> }." }),
    canary: objectOf({
        image: imageRef.optional(),
        imageTag: imageTag.optional(),
        percent: percent.meta({ description: "Share of this service's Fargate traffic the ALB sends to the canary revision." }),
    }).optional().meta({ description: "A second revision of the service behind the same hostname, with its own alarms." }),
    rollout: rolloutSchema.default({ strategy: "rolling", lifecycleHooks: [] }),
    // ELBv2 PathPatternConditionConfig.Values: "The maximum size of each string is 128 characters".
    pathPatterns: listOf(pattern(/^\/[A-Za-z0-9_\-.*?/]{0,127}$/, "ALB path patterns of at most 128 characters such as /api/*"))
        .max(4, { error: () => "has more than 4 patterns; allowed at most 4 (an ALB rule takes 5 values with the host header)" })
        .default([]).meta({ description: "Paths of the hostname this service takes (strangler pattern); empty: every path." }),
    listenerRulePriority: integer(1, 50000).optional()
        .meta({ description: "Priority of the service's ALB listener rule. Default: derived from the service name, stable when services are reordered." }),
    egress: listOf(egressRule).default([])
        .meta({ description: "Where tasks may connect besides HTTPS (443): { port, toPort?, protocol?, cidr | securityGroupId | prefixListId } or { database: <legacy.databases name> }." }),
}).superRefine((f, ctx) => {
    if ((f.image === undefined) === (f.imageTag === undefined)) {
        ctx.addIssue({ code: "custom", path: ["image"], message: `${f.image === undefined ? "neither image nor imageTag is set" : "both image and imageTag are set"}; allowed exactly one of them` });
    }
    if (f.canary !== undefined && (f.canary.image === undefined) === (f.canary.imageTag === undefined)) {
        ctx.addIssue({ code: "custom", path: ["canary", "image"], message: `${f.canary.image === undefined ? "neither image nor imageTag is set" : "both image and imageTag are set"}; allowed exactly one of them` });
    }
    for (const [i, problem] of rolloutProblems(f)) {
        ctx.addIssue({ code: "custom", path: ["rollout", ...i], message: problem });
    }
    const { min, max } = f.autoscaling;
    if (min > max) {
        ctx.addIssue({ code: "custom", path: ["autoscaling", "min"], message: `${min} is above autoscaling.max ${max}; allowed 1 to ${max}` });
    } else if (f.desiredCount < min || f.desiredCount > max) {
        ctx.addIssue({ code: "custom", path: ["desiredCount"], message: `${f.desiredCount} is outside the autoscaling range; allowed ${min} to ${max}` });
    }
}).superRefine((f, ctx) => processProblems(f, ctx)).meta({ description: "The service on ECS Fargate behind the shared ALB." });

export const trafficSchema = objectOf({
    fargatePercent: percent.meta({ description: "Share of the hostname's traffic sent to Fargate; the rest goes to the Droplets." }),
    steps: listOf(percent).min(2, { error: (iss) => `${show(iss.input)} has too few steps; allowed 2 or more, e.g. [0, 5, 25, 50, 100]` }).optional()
        .meta({ description: "The rollout steps; when set, fargatePercent must be one of them or 0 (everything back to the Droplets is always allowed)." }),
    liveRecord: objectOf({
        type: oneOf(["A", "CNAME"]).meta({ description: "A or CNAME: the types that conflict with the weighted A records (Route 53 refuses weighted and plain records of one name and type, and a CNAME beside any other type)." }),
        ttl: integer(0, 2147483647).meta({ description: "The record's TTL today, seconds (Route 53 deletes a record only when every field matches)." }),
        values: listOf(z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` }).min(1)).min(1),
    }).optional().meta({ description: "The plain record that serves the hostname today. While set, the program creates no weighted records and reports the atomic switch (one Route 53 change batch) instead." }),
    bakeTimeMinutes: integer(0, 10080, "minutes (a whole number)").default(15)
        .meta({ description: "How long each DNS step must run with every signal good before `npm run traffic -- next` writes the next one (docs/traffic.md, the traffic gate). Default: 15, the runbook's shortest soak." }),
    importWeightedRecords: bool().default(false)
        .meta({ description: "Set for the one `up` after the switch ran: the weighted records it created come under the program by import." }),
    // Route 53 answers with a weight-0 record when every record of non-zero
    // weight is unhealthy ("How Amazon Route 53 chooses records when health
    // checking is configured"): a side kept at weight 0 takes the whole
    // hostname whenever the other side's health check fails. Only the sides
    // named here keep a record at weight 0; the others have none at 0 %.
    standby: listOf(oneOf(["legacy", "fargate"])).default(["legacy"])
        .meta({ description: "Sides that keep a weight-0 record and so take the whole hostname when the side with the traffic fails its health check. Default: legacy (the Droplets catch a failing Fargate at 100 %); add fargate only once Fargate can carry everything." }),
}).superRefine((t, ctx) => {
    if (new Set(t.standby).size !== t.standby.length) {
        ctx.addIssue({ code: "custom", path: ["standby"], message: `${show(t.standby)} names a side twice; allowed each of legacy, fargate at most once` });
    }
    if (t.steps === undefined) {
        return;
    }
    const ascending = t.steps.every((s, i) => i === 0 || s > t.steps![i - 1]);
    if (!ascending) {
        ctx.addIssue({ code: "custom", path: ["steps"], message: `${show(t.steps)} is not valid; allowed strictly increasing percentages, e.g. [0, 5, 25, 50, 100]` });
    } else if (!t.steps.includes(t.fargatePercent) && t.fargatePercent !== 0) {
        // 0 is always allowed: sending everything back to the Droplets must never wait for a config edit.
        ctx.addIssue({ code: "custom", path: ["fargatePercent"], message: `${t.fargatePercent} is not a declared rollout step; allowed ${[...new Set([0, ...t.steps])].join(", ")}` });
    }
}).meta({ description: "The hostname's DNS split. Exactly one service per hostname has it (the others follow it)." });

export const serviceSchema = objectOf({
    name: serviceName.meta({ description: "Short name, part of every per-service resource name." }),
    kind: z.literal("web", { error: (iss) => `${show(iss.input)} is not allowed here; allowed web` }).default("web")
        .meta({ description: "web (the default): a public HTTPS hostname served by Droplets behind a DigitalOcean load balancer and by Fargate behind the ALB. Other kinds: worker, job, release." }),
    hostname: dnsName.meta({ description: "Public hostname, inside dns.zoneName. Several services may share one (strangler pattern)." }),
    port: integer(1, 65535).meta({ description: "Port the application listens on (container and Droplets)." }),
    healthCheckPath: pattern(HEALTH_CHECK_PATH, "a path of at most 255 characters starting with /, such as /healthz")
        .meta({ description: "Path that answers 2xx/3xx when the application is healthy." }),
    legacy: legacyServiceSchema.default({ enabled: false }),
    fargate: fargateSchema.optional(),
    traffic: trafficSchema.optional(),
});

// ---------------------------------------------------------------------------
// Workloads other than web services: workers, scheduled jobs and release
// tasks. Each is a kind of services[] entry (dispatched on `kind`), with the
// same process part (image, command, sizing, environment, secrets, egress,
// stopTimeout) under `fargate`, and its own keys for what makes it that kind.

/** ECS ContainerDefinition.stopTimeout on Fargate: at most 120 s (shared/reference/aws.md). */
export const WORKLOAD_STOP_TIMEOUT_MAX = 120;

const fargateCpu = z.number({ error: (iss) => `expected a number, found ${show(iss.input)}` })
    .refine((v) => FARGATE_CPU_VALUES.includes(v), {
        error: (iss) => `${show(iss.input)} is not a Fargate cpu size; allowed ${FARGATE_CPU_VALUES.join(", ")}`,
    }).meta({ description: `Task cpu units: ${FARGATE_CPU_VALUES.join(", ")}.` });
const fargateMemory = integer(512, 122880, "MiB").meta({ description: "Task memory, MiB; valid for the cpu (Fargate's table)." });
/** One argument of a command or entry point (ECS ContainerDefinition.command: a list of strings). */
const argument = z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` })
    .min(1, { error: () => "is empty; allowed a non-empty argument" });
const argv = (what: string) => listOf(argument).min(1, { error: () => `is empty; allowed 1 or more arguments of the ${what}` });

/** The process a workload runs: what every kind but web shares. */
const processShape = {
    image: imageRef.optional().meta({ description: "Full image reference; or imageTag for this workload's own ECR repository; or processOf to run another service's image." }),
    imageTag: imageTag.optional().meta({ description: "A tag in this workload's own ECR repository (created by the program)." }),
    entryPoint: argv("entry point").optional().meta({ description: "Overrides the image's ENTRYPOINT (a list of arguments)." }),
    command: argv("command").optional().meta({ description: "Overrides the image's CMD: the process type, as a Procfile line says it (e.g. [bundle, exec, sidekiq])." }),
    cpu: fargateCpu,
    memory: fargateMemory,
    environment: z.record(envVarName, z.string({ error: (iss) => `expected a string value, found ${show(iss.input)}` }), {
        error: (iss) => `expected a map of variable names to strings, found ${show(iss.input)}`,
    }).default({}).meta({ description: "Plain environment variables (never credentials: see secrets)." }),
    secrets: z.record(envVarName, secretSource, {
        error: (iss) => `expected a map of variable names to secret sources, found ${show(iss.input)}`,
    }).default({}).meta({ description: "Variables injected from secret stores, by reference only: { config: <secret config key> } or { arn: <Secrets Manager or SSM ARN> }." }),
    egress: listOf(egressRule).default([])
        .meta({ description: "Where tasks may connect besides HTTPS (443): { port, toPort?, protocol?, cidr | securityGroupId | prefixListId } or { database: <legacy.databases name> }." }),
    stopTimeout: integer(2, WORKLOAD_STOP_TIMEOUT_MAX, "seconds").default(30)
        .meta({ description: `Seconds between SIGTERM and SIGKILL when a task stops (Fargate's limit is ${WORKLOAD_STOP_TIMEOUT_MAX}). Work that takes longer must be resumable: stop taking new work on SIGTERM and put back what is unfinished (Sidekiq -t 25, Celery acks_late) rather than wait.` }),
};

type ProcessInput = { cpu: number; memory: number; environment: Record<string, string>; secrets: Record<string, unknown>; egress: readonly z.output<typeof egressRule>[] };

/** The checks every process part (a web service's fargate part, a worker's, a job's, a release task's) shares. */
function processProblems(f: ProcessInput, ctx: z.core.$RefinementCtx): void {
    const memoryProblem = FARGATE_CPU_VALUES.includes(f.cpu) ? fargateMemoryProblem(f.cpu, f.memory) : undefined;
    if (memoryProblem !== undefined) {
        ctx.addIssue({ code: "custom", path: ["memory"], message: `${f.memory} ${memoryProblem}` });
    }
    for (const name of Object.keys(f.secrets)) {
        if (name in f.environment) {
            ctx.addIssue({ code: "custom", path: ["environment", name], message: `${show(name)} is also a secret; a variable is either plain environment or a secret, not both` });
        }
    }
    f.egress.forEach((rule, i) => {
        if ("database" in rule) {
            return;
        }
        const targets = (["cidr", "securityGroupId", "prefixListId"] as const).filter((k) => rule[k] !== undefined);
        if (targets.length !== 1) {
            ctx.addIssue({ code: "custom", path: ["egress", i], message: `${targets.length === 0 ? "names no destination" : `names ${targets.join(" and ")}`}; allowed exactly one of cidr, securityGroupId, prefixListId (or database)` });
        }
        if (rule.toPort !== undefined && rule.toPort < rule.port) {
            ctx.addIssue({ code: "custom", path: ["egress", i, "toPort"], message: `${rule.toPort} is below port ${rule.port}; allowed ${rule.port} to 65535` });
        }
    });
}

/** A workload's image: exactly one of processOf (top level), fargate.image, fargate.imageTag. */
function imageProblems(w: { processOf?: string; fargate?: { image?: string; imageTag?: string } }, ctx: z.core.$RefinementCtx): void {
    if (w.fargate === undefined) {
        return;
    }
    const given = [w.processOf !== undefined ? "processOf" : undefined, w.fargate.image !== undefined ? "fargate.image" : undefined, w.fargate.imageTag !== undefined ? "fargate.imageTag" : undefined]
        .filter((g): g is string => g !== undefined);
    if (given.length !== 1) {
        ctx.addIssue({ code: "custom", path: given.length === 0 ? ["processOf"] : ["fargate", given.includes("fargate.image") ? "image" : "imageTag"],
            message: `${given.length === 0 ? "neither processOf, fargate.image nor fargate.imageTag is set" : `${given.join(" and ")} are all set`}; allowed exactly one of them (processOf runs another service's image with this workload's command)` });
    }
}

const processOf = serviceName.optional()
    .meta({ description: "Run the image of this web service (its ECR repository and stable tag) with this workload's own command: a process type of the same image, as a Procfile line is. Instead of fargate.image or fargate.imageTag." });

/** A container health check that does not assume HTTP: a command whose exit code says healthy (0) or not. */
const healthCheckSchema = objectOf({
    command: argv("health check").optional().meta({ description: "Run directly (CMD), e.g. [bin/worker-alive]." }),
    shell: argument.optional().meta({ description: "Run by the image's /bin/sh (CMD-SHELL), e.g. \"pgrep -f sidekiq\"." }),
    interval: integer(5, 300, "seconds").default(30),
    timeout: integer(2, 60, "seconds").default(5),
    retries: integer(1, 10).default(3),
    startPeriod: integer(0, 300, "seconds").default(60),
}).superRefine((h, ctx) => {
    if ((h.command === undefined) === (h.shell === undefined)) {
        ctx.addIssue({ code: "custom", path: ["command"], message: `${h.command === undefined ? "neither command nor shell is set" : "both command and shell are set"}; allowed exactly one of them` });
    }
}).meta({ description: "The container's health check: ECS replaces a task whose check fails retries times in a row. Not HTTP: a command." });

const queueScaling = objectOf({
    sqsQueueName: pattern(/^[A-Za-z0-9_-]{1,75}(\.fifo)?$|^[A-Za-z0-9_-]{1,80}$/, "an SQS queue name of 1-80 letters, digits, _ and - (a FIFO queue's ends in .fifo)")
        .meta({ description: "The SQS queue the worker consumes (in this stack's account and region)." }),
    messagesPerTask: integer(1, 100000).meta({ description: "Visible messages per running task autoscaling keeps (target tracking on ApproximateNumberOfMessagesVisible / RunningTaskCount)." }),
}).meta({ description: "Scale on the queue's depth: AWS's backlog-per-task recipe." });

const metricScaling = objectOf({
    namespace: pattern(/^[^:$][^:]{0,254}$/, "a CloudWatch namespace of 1-255 characters without ':'"),
    name: pattern(/^.{1,255}$/, "a metric name of 1-255 characters"),
    dimensions: z.record(z.string(), z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` }), {
        error: (iss) => `expected a map of dimension names to values, found ${show(iss.input)}`,
    }).default({}),
    statistic: oneOf(["Average", "Sum", "Maximum", "Minimum", "SampleCount"]).default("Average"),
    targetValue: z.number({ error: (iss) => `expected a number, found ${show(iss.input)}` })
        .positive({ error: (iss) => `${show(iss.input)} is not valid; allowed a number above 0` }),
}).meta({ description: "Scale on a metric the application publishes (e.g. its own backlog per task), target tracking." });

export const workerFargateSchema = objectOf({
    ...processShape,
    desiredCount: integer(0, 100).meta({ description: "Tasks the service runs after this up (0 while the Droplets own the worker). Autoscaling moves it within min..max afterwards; a change here sets it again." }),
    autoscaling: objectOf({
        min: integer(0, 100),
        max: integer(0, 1000),
        cpuTargetPercent: integer(10, 95).default(60),
        memoryTargetPercent: integer(10, 95).default(75),
        queue: queueScaling.optional(),
        metric: metricScaling.optional(),
    }).meta({ description: "Task counts: min..max, with CPU and memory target tracking, plus queue depth or a custom metric. max 0 means Fargate never runs the worker." }),
    healthCheck: healthCheckSchema.optional(),
}).superRefine((f, ctx) => {
    processProblems(f, ctx);
    const { min, max } = f.autoscaling;
    if (min > max) {
        ctx.addIssue({ code: "custom", path: ["autoscaling", "min"], message: `${min} is above autoscaling.max ${max}; allowed 0 to ${max}` });
    } else if (f.desiredCount < min || f.desiredCount > max) {
        ctx.addIssue({ code: "custom", path: ["desiredCount"], message: `${f.desiredCount} is outside the autoscaling range; allowed ${min} to ${max}` });
    }
    if (f.autoscaling.queue !== undefined && f.autoscaling.metric !== undefined) {
        ctx.addIssue({ code: "custom", path: ["autoscaling", "metric"], message: "is set beside autoscaling.queue; allowed one of queue or metric" });
    }
}).meta({ description: "The worker on ECS Fargate: an ECS service in private subnets, no load balancer, no ingress." });

export const workerSchema = objectOf({
    name: serviceName.meta({ description: "Short name, part of every resource name of the worker." }),
    kind: z.literal("worker"),
    processOf,
    safeToRunTwice: bool().default(false)
        .meta({ description: "Whether the Droplets and Fargate may consume at the same time during the move (and a Fargate deployment run old and new tasks together). false: one side stops before the other starts." }),
    canPause: bool().default(true)
        .meta({ description: "Whether the worker may stop for the minutes of a move (its queue waits). With neither this nor safeToRunTwice, no move is safe: the plan refuses it." }),
    legacyStopCommand: z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` }).min(1).max(500).optional()
        .meta({ description: "How to stop the worker on an adopted Droplet that outlives the program (retainOnDelete), e.g. \"sudo systemctl disable --now sidekiq\": printed by the plan when the Droplets leave." }),
    legacy: legacyServiceSchema.default({ enabled: false })
        .meta({ description: "The worker's Droplets (no load balancer, no public inbound): mode create, mode adopt, or enabled: false. Default: enabled: false." }),
    fargate: workerFargateSchema.optional(),
}).superRefine((w, ctx) => imageProblems(w, ctx)).meta({ title: "worker", description: "A process that consumes work (a queue), with no hostname: Droplets and/or an ECS service, the count on each side set by config." });

/** EventBridge Scheduler ScheduleExpression for a recurring job: cron(6 fields) or rate(n unit). */
export const SCHEDULE_EXPRESSION = /^(cron\((\S+ ){5}\S+\)|rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\))$/;

export const jobFargateSchema = objectOf({
    ...processShape,
    maxRunMinutes: integer(1, 1440, "minutes").default(60)
        .meta({ description: "A run still going after this is stopped (SIGTERM, then SIGKILL after stopTimeout) and counts as failed." }),
    retry: objectOf({
        attempts: integer(0, 185).default(2).meta({ description: "Times EventBridge Scheduler retries starting a run it could not start (the run itself is never retried)." }),
        maxEventAgeMinutes: integer(1, 1440, "minutes").default(60).meta({ description: "How long Scheduler keeps trying; then the run goes to the dead-letter queue." }),
    }).default({ attempts: 2, maxEventAgeMinutes: 60 }),
    flexibleWindowMinutes: integer(1, 1440, "minutes").optional()
        .meta({ description: "Let Scheduler start the run up to this many minutes late (spreads load); default: on time." }),
}).superRefine((f, ctx) => processProblems(f, ctx))
    .meta({ description: "The job on Fargate: EventBridge Scheduler starts a Step Functions run that runs the task in the private subnets and stops it after maxRunMinutes." });

export const jobSchema = objectOf({
    name: serviceName.meta({ description: "Short name, part of every resource name of the job." }),
    kind: z.literal("job"),
    processOf,
    schedule: pattern(SCHEDULE_EXPRESSION, "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) or rate(<n> minutes|hours|days), as EventBridge Scheduler writes them")
        .meta({ description: "When the job runs, e.g. cron(0 3 * * ? *) (03:00 every day).", examples: ["cron(0 3 * * ? *)"] }),
    timezone: z.string({ error: (iss) => `expected an IANA time zone such as Europe/Paris, found ${show(iss.input)}` }).default("UTC")
        .meta({ description: "The time zone the schedule is read in (IANA name)." }),
    owner: oneOf(["legacy", "fargate"])
        .meta({ description: "Who runs the job: legacy (a Droplet's crontab; the AWS schedule exists, DISABLED) or fargate (the schedule is ENABLED). Exactly one, ever: flip it in its own up, and remove (or restore) the crontab line the plan prints." }),
    legacy: objectOf({
        host: z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` }).min(1).max(255)
            .meta({ description: "Where the crontab line lives (a Droplet's name), for the operator." }),
        crontab: z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` }).min(1).max(1000)
            .refine((v) => !/[\r\n]/.test(v), { error: () => "has a line break; allowed one crontab line" })
            .meta({ description: "The crontab line as it is written today: the plan prints it at the flip (the program cannot edit a crontab it did not write)." }),
    }).optional().meta({ description: "The job's crontab line on the Droplets. Required while owner is legacy." }),
    fargate: jobFargateSchema,
}).superRefine((j, ctx) => imageProblems(j, ctx)).meta({ title: "job", description: "A scheduled job with one owner at a time: the Droplets' crontab or EventBridge Scheduler." });

export const releaseFargateSchema = objectOf({
    ...processShape,
    timeoutMinutes: integer(1, 1440, "minutes").default(30)
        .meta({ description: "npm run up stops the release task after this and stops the deploy." }),
}).superRefine((f, ctx) => processProblems(f, ctx))
    .meta({ description: "The release task on Fargate: one task, run by npm run up before pulumi up, with the new image." });

export const releaseSchema = objectOf({
    name: serviceName.meta({ description: "Short name, part of every resource name of the task." }),
    kind: z.literal("release"),
    processOf,
    fargate: releaseFargateSchema,
}).superRefine((r, ctx) => imageProblems(r, ctx)).meta({ title: "release", description: "A task run once per deploy before new code takes traffic (database migrations): with processOf a service's release, else the stack's." });

const webServiceForm = serviceSchema.meta({ title: "web", description: "A public HTTPS hostname: Droplets behind a DigitalOcean load balancer and an ECS service behind the ALB, with a weighted DNS split." });

/** A services[] entry, read as the kind it says it is (web when it says none). */
export const workloadSchema = dispatch([webServiceForm, workerSchema, jobSchema, releaseSchema], (input) => {
    switch (input.kind) {
        case undefined:
        case "web":
            return webServiceForm;
        case "worker":
            return workerSchema;
        case "job":
            return jobSchema;
        case "release":
            return releaseSchema;
        default:
            return `kind ${show(input.kind)} is not allowed; allowed web (the default), worker, job, release`;
    }
});

/** CloudWatch Logs retention values (PutRetentionPolicy, retentionInDays). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Upper bound of a quota key whose quota has no documented maximum (the schema needs one). */
export const NO_DOCUMENTED_MAXIMUM = 1_000_000;
/** platform.quotas when the stack file leaves it out: AWS's and DigitalOcean's defaults. */
const QUOTA_DEFAULTS = {
    acmNamesPerCertificate: 10, certificatesPerAlb: 25, rulesPerAlb: 100,
    targetsPerAlb: 1000, fargateOnDemandVcpus: 6, elasticIpsPerRegion: 5, rulesPerSecurityGroup: 60,
    route53HealthChecks: 200, route53RecordsPerZone: 10000, doLoadBalancers: 10, rdsDbInstances: 40, dmsReplicationInstances: 60,
};

const snsTopicArn = (region: string) => pattern(new RegExp(`^arn:aws[a-z-]*:sns:${region}:\\d{12}:[A-Za-z0-9_-]{1,256}$`), `an SNS topic ARN such as arn:aws:sns:${region === "[a-z0-9-]+" ? "us-east-1" : region}:111122223333:alerts (a standard topic)`);

export const notificationsSchema = objectOf({
    topicArn: snsTopicArn("[a-z0-9-]+").optional()
        .meta({ description: "An existing SNS topic to tell; default: the program creates one. Its policy must let events.amazonaws.com publish (ECS deployment events)." }),
    usEast1TopicArn: snsTopicArn("us-east-1").optional()
        .meta({ description: "With topicArn in a stack outside us-east-1: a topic in us-east-1 for the Route 53 health-check alarms (CloudWatch alarms act only on topics of their own region, and those alarms live in us-east-1)." }),
    email: listOf(pattern(/^[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/, "an email address such as oncall@example.com")).default([])
        .meta({ description: "Email subscriptions (each address confirms once, from the message SNS sends)." }),
    https: listOf(pattern(/^https:\/\/[^\s]{1,2040}$/, "an https:// URL")).default([])
        .meta({ description: "HTTPS endpoint subscriptions (the endpoint confirms the subscription by fetching SubscribeURL)." }),
    slack: listOf(objectOf({
        // AWS Chatbot API CreateSlackChannelConfiguration: SlackTeamId [0-9A-Z]{1,255}, SlackChannelId [A-Za-z0-9]+ (1-255).
        workspaceId: pattern(/^[0-9A-Z]{1,255}$/, "a Slack workspace (team) id such as T07EA123LEP"),
        channelId: pattern(/^[A-Za-z0-9]{1,255}$/, "a Slack channel id such as C07EZ1ABC23"),
    })).default([]).meta({ description: "Slack channels told through AWS Chatbot (the workspace must be authorized in the Chatbot console first)." }),
}).meta({ description: "Who is told: every alarm's ALARM and OK, every Route 53 health check going unhealthy and back, failed and rolled-back ECS deployments." });

export const platformSchema = objectOf({
    logRetentionDays: z.number({ error: (iss) => `expected a number of days, found ${show(iss.input)}` })
        .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
            error: (iss) => `${show(iss.input)} is not a CloudWatch retention; allowed ${LOG_RETENTION_DAYS.join(", ")}`,
        }).optional().meta({ description: "CloudWatch log retention, days. Default: 14 in dev, 90 in prod." }),
    ecrKeepImages: integer(1, 1000).optional().meta({ description: "Images kept per ECR repository besides the ones running. Default: 20 in dev, 50 in prod." }),
    albDeletionProtection: bool().optional().meta({ description: "ALB deletion protection. Default: false in dev, true in prod." }),
    healthCheckGracePeriodSeconds: integer(0, 7200).optional().meta({ description: "Seconds ECS ignores failing health checks of a new task. Default: 60." }),
    notifications: notificationsSchema.optional(),
    quotas: objectOf({
        acmNamesPerCertificate: integer(1, 100).default(10)
            .meta({ description: "ACM quota 'Domain names per ACM certificate' of the account (default 10, at most 100): hostnames are split over several certificates by it." }),
        certificatesPerAlb: integer(1, 100).default(25)
            .meta({ description: "ELB quota 'Certificates per Application Load Balancer' (default 25, adjustable)." }),
        rulesPerAlb: integer(1, 1000).default(100)
            .meta({ description: "ELB quota 'Rules per Application Load Balancer' (default 100, adjustable): each Fargate service takes two (routing and health check)." }),
        // The keys below: components/config/quotas.ts checks them, with each quota's source; docs/limits.md has the table.
        targetsPerAlb: integer(1, NO_DOCUMENTED_MAXIMUM).default(1000)
            .meta({ description: "ELB quota 'Targets per Application Load Balancer' (default 1000, adjustable): every task the services can scale to is a target." }),
        fargateOnDemandVcpus: integer(1, NO_DOCUMENTED_MAXIMUM).default(6)
            .meta({ description: "Fargate quota 'Fargate On-Demand vCPU resource count' of the region (default 6, adjustable; new accounts may start lower): the vCPUs of every task the services can scale to." }),
        elasticIpsPerRegion: integer(1, NO_DOCUMENTED_MAXIMUM).default(5)
            .meta({ description: "VPC quota 'Elastic IP addresses per Region' (default 5, adjustable): one per NAT gateway, shared with the region's other addresses." }),
        rulesPerSecurityGroup: integer(1, 1000).default(60)
            .meta({ description: "VPC quota 'Inbound or outbound rules per security group' (default 60, adjustable; times 'Security groups per network interface' at most 1000)." }),
        route53HealthChecks: integer(1, NO_DOCUMENTED_MAXIMUM).default(200)
            .meta({ description: "Route 53 quota 'Health checks' of the account (default 200, adjustable): one per legacy side, one per Fargate service, one per shared hostname." }),
        route53RecordsPerZone: integer(1, NO_DOCUMENTED_MAXIMUM).default(10000)
            .meta({ description: "Route 53 quota 'Records per hosted zone' (default 10,000, adjustable): the records this stack adds to dns.zoneName." }),
        doLoadBalancers: integer(1, NO_DOCUMENTED_MAXIMUM).default(10)
            .meta({ description: "The DigitalOcean team's load balancer limit (10 by default, raised by a support request): one per service with Droplets." }),
        rdsDbInstances: integer(1, NO_DOCUMENTED_MAXIMUM).default(40)
            .meta({ description: "RDS quota 'DB instances' of the region (default 40, adjustable): one per database moving to RDS (an Aurora writer, and a reader with Multi-AZ), besides the account's others." }),
        dmsReplicationInstances: integer(1, NO_DOCUMENTED_MAXIMUM).default(60)
            .meta({ description: "DMS quota 'Replication instances per user account' (default 60, adjustable): one per database replicating." }),
        doDroplets: integer(1, NO_DOCUMENTED_MAXIMUM).optional()
            .meta({ description: "The DigitalOcean team's Droplet limit (Settings, or droplet_limit of GET /v2/account; DigitalOcean publishes no default): checked only when set." }),
    }).default(QUOTA_DEFAULTS)
        .meta({ description: "The accounts' service quotas the stack must fit in (AWS account and region, DigitalOcean team). Raise them only after AWS or DigitalOcean has." }),
}).default({ quotas: QUOTA_DEFAULTS })
    .meta({ description: "AWS platform settings, per stack." });

const usageAmount = (min: number, what: string) => z.number({ error: (iss) => `expected ${what}, found ${JSON.stringify(iss.input)}` })
    .min(min, { error: (iss) => `${JSON.stringify(iss.input)} is below ${min}; allowed ${what}` })
    .refine(Number.isFinite, { error: () => `allowed ${what}` });
const usageShape = {
    requestsPerSecond: usageAmount(0, "requests per second, 0 or more").optional().meta({ description: "Monthly average requests per second of a hostname (default 20)." }),
    kbPerRequest: usageAmount(0, "KB per request, 0 or more").optional().meta({ description: "Average response size, KB (default 40)." }),
    requestsPerConnection: usageAmount(1, "requests per connection, 1 or more").optional().meta({ description: "Requests per TCP connection, for ALB capacity units (default 10)." }),
    logGbPerMonth: usageAmount(0, "GB per month, 0 or more").optional().meta({ description: "Log ingestion per service at 100 % Fargate (default 5)." }),
};

/** Usage the cost estimate of the offline plan assumes; every key optional (the plan prints the values it used). */
export const costAssumptionsSchema = z.strictObject({
    hoursPerMonth: usageAmount(1, "hours per month, 1 or more").optional().meta({ description: "Hours billed per month (default 730)." }),
    natGbPerTaskMonth: usageAmount(0, "GB per task per month, 0 or more").optional().meta({ description: "NAT gateway data processed per task (default 2)." }),
    releaseRunsPerMonth: usageAmount(0, "runs per month, 0 or more").optional().meta({ description: "Deploys per month, each running every release task once (default 20)." }),
    releaseRunMinutes: usageAmount(0, "minutes, 0 or more").optional().meta({ description: "How long a release task runs (default 5)." }),
    databaseGbPerMonth: usageAmount(0, "GB per month, 0 or more").optional().meta({ description: "Data between the Fargate tasks and each DigitalOcean database at 100 % Fargate (default 20): it crosses the NAT gateways until the database moves to RDS." }),
    ...usageShape,
    services: z.record(z.string(), z.strictObject(usageShape)).optional().meta({ description: "Per-service overrides of the usage figures, by service name." }),
}).meta({ description: "Usage assumptions of the offline plan's cost estimate (not used by the deployment)." });

/** The whole `migration:*` namespace (plus aws:region), as written in the stack file. */
export const rawStackSchema = z.object({
    awsRegion: pattern(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region such as us-east-1"),
    environment: oneOf(["dev", "prod"]).optional()
        .meta({ description: "dev or prod: the per-environment defaults. Default: the stack name when it is dev or prod." }),
    tags: tagMapSchema.default({}),
    dns: dnsSchema,
    network: networkSchema,
    legacy: legacyStackSchema,
    platform: platformSchema,
    costAssumptions: costAssumptionsSchema.optional(),
    services: listOf(workloadSchema).min(1, { error: () => "is empty; allowed 1 or more services" })
        .meta({ description: "The workloads: web services (each with its hostname, legacy Droplets, Fargate service and DNS split), workers, scheduled jobs and release tasks, by kind." }),
});

/** The keys of the namespace this program reads (secret keys referenced by services come on top). */
export const KNOWN_KEYS = ["environment", "tags", "dns", "network", "legacy", "platform", "costAssumptions", "services"] as const;

/**
 * Keys that existed in earlier versions, with what replaced them: a stack
 * file written for an older version gets the way forward, not "unknown key".
 */
export const REMOVED_KEYS: Readonly<Record<string, string>> = {
    "dns.ttl": "is no longer configurable: the weighted records use 60 s, the TTL Route 53 gives the ALB alias in the same group (a different TTL skews the weights); remove it",
    "legacy.certificateName": "was replaced by legacy.certificates, a list of { name, domains }, so each hostname is served a certificate that covers it",
};
