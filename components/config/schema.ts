// The stack config contract: the raw shape of every `migration:*` key as it is
// written in Pulumi.<stack>.yaml. Structural rules live here (types, ranges,
// formats); rules that span keys live in validate.ts. Every message completes
// "<key>: " and states the value found and what is allowed.
import { z } from "zod";
import { FARGATE_CPU_VALUES, fargateMemoryProblem } from "../../policies/lib/fargate-sizes";

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

const IPV4 = String.raw`(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}`;
const IPV4_CIDR = new RegExp(`^${IPV4}/(3[0-2]|[12]?\\d)$`);
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const cidr = pattern(IPV4_CIDR, "an IPv4 CIDR such as 10.0.0.0/16");
export const adminCidr = z.string({ error: (iss) => `expected a CIDR, found ${show(iss.input)}` })
    .refine((v) => IPV4_CIDR.test(v) || IPV6_CIDR.test(v), {
        error: (iss) => `${show(iss.input)} is not valid; allowed an IPv4 or IPv6 CIDR such as 203.0.113.10/32`,
    })
    .refine((v) => !/\/0$/.test(v), {
        error: (iss) => `${show(iss.input)} opens SSH to the whole internet; allowed only specific admin networks (for example 203.0.113.10/32)`,
    });
export const dnsName = pattern(DNS_NAME, "a lower-case DNS name such as app.example.com");

/** Short, DNS-safe: it becomes part of target group names (32 characters at most). */
export const serviceName = pattern(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$|^[a-z]$/, "2-16 lower-case letters, digits and dashes, starting with a letter");
const envVarName = pattern(/^[A-Za-z_][A-Za-z0-9_]*$/, "a variable name of letters, digits and _ (not starting with a digit)");
const secretArn = pattern(
    /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter\/.+)$/,
    "a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)",
);
const configKeyName = pattern(/^[A-Za-z][A-Za-z0-9_-]*$/, "the name of a secret config key in this project, e.g. webDatabaseUrl");
const percent = integer(0, 100, "a percentage (whole number)");
export const tagMapSchema = z.record(
    pattern(/^[A-Za-z0-9 _.:/=+\-@]{1,128}$/, "tag keys of 1-128 letters, digits, spaces and _ . : / = + - @"),
    z.string({ error: (iss) => `expected a string tag value, found ${show(iss.input)}` })
        .max(256, { error: () => "is longer than 256 characters; allowed at most 256" }),
    { error: (iss) => `expected a map of tag names to values, found ${show(iss.input)}` },
);
const objectOf = <T extends z.core.$ZodLooseShape>(shape: T) =>
    z.strictObject(shape, { error: (iss) => iss.code === "invalid_type" ? `expected an object, found ${show(iss.input)}` : undefined });
const listOf = <T extends z.ZodType>(item: T) =>
    z.array(item, { error: (iss) => `expected a list, found ${show(iss.input)}` });

export const dnsSchema = objectOf({
    /** The Route 53 hosted zone every service hostname lives in. */
    zoneName: dnsName,
    /** lookup: use an existing public zone by name; create: the program owns the zone. */
    zone: oneOf(["lookup", "create"]).default("lookup"),
    /** TTL of the weighted records, seconds; short so a rollback takes effect quickly. */
    ttl: integer(5, 60).default(60),
});

export const networkSchema = z.discriminatedUnion("mode", [
    objectOf({
        mode: z.literal("create"),
        cidr: cidr.default("10.0.0.0/16"),
        availabilityZones: integer(2, 6).default(2),
        natGateways: oneOf(["single", "one-per-az"]).optional(),
    }),
    objectOf({
        mode: z.literal("existing"),
        vpcId: pattern(/^vpc-[0-9a-f]{8,17}$/, "a VPC id such as vpc-0a1b2c3d4e5f67890"),
        privateSubnetIds: listOf(pattern(/^subnet-[0-9a-f]{8,17}$/, "subnet ids such as subnet-0a1b2c3d4e5f67890"))
            .min(2, { error: (iss) => `${show(iss.input)} has too few subnets; allowed 2 or more (in different availability zones)` }),
        publicSubnetIds: listOf(pattern(/^subnet-[0-9a-f]{8,17}$/, "subnet ids such as subnet-0a1b2c3d4e5f67890"))
            .min(2, { error: (iss) => `${show(iss.input)} has too few subnets; allowed 2 or more (in different availability zones)` }),
        /** CIDRs of the private subnets, when known: lets policies check address room. */
        privateSubnetCidrs: listOf(cidr).optional(),
    }),
], { error: (iss) => `${show((iss.input as { mode?: unknown } | undefined)?.mode)} is not allowed; allowed mode: create, existing` });

export const legacyStackSchema = objectOf({
    /** DigitalOcean region slug of the Droplets, e.g. nyc3. */
    region: pattern(/^[a-z]{3}\d$/, "a DigitalOcean region slug such as nyc3, ams3, fra1"),
    /** IP range of the DigitalOcean VPC (created, or the adopted one's). */
    vpcIpRange: cidr,
    /** Adopt an existing DigitalOcean VPC by id instead of creating one. */
    adoptVpcId: pattern(/^[0-9a-f-]{36}$/, "a DigitalOcean VPC id (UUID)").optional(),
    /** Networks allowed to reach the Droplets on SSH (22). Never the whole internet. */
    adminCidrs: listOf(adminCidr).default([]),
    /** Name of an existing DigitalOcean certificate for the HTTPS forwarding rule. */
    certificateName: pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, "the name of an existing DigitalOcean certificate"),
    /** SSH key fingerprints or ids put on created Droplets. */
    sshKeys: listOf(pattern(/^([0-9a-f]{2}(:[0-9a-f]{2}){15}|\d+)$/, "SSH key fingerprints (aa:bb:...) or numeric key ids")).default([]),
});

/** DigitalOcean's limit on a Droplet's user data. */
export const MAX_USER_DATA_BYTES = 64 * 1024;

const createdDroplets = objectOf({
    enabled: z.literal(true).default(true),
    mode: z.literal("create"),
    count: integer(1, 20),
    size: pattern(/^[a-z0-9][a-z0-9-]*$/, "a Droplet size slug such as s-2vcpu-4gb"),
    image: pattern(/^[a-z0-9][a-z0-9._-]*$|^\d+$/, "an image slug such as ubuntu-24-04-x64 or an image id"),
    /** cloud-init user data; never secrets (it is readable from the Droplet metadata). */
    userData: z.string({ error: (iss) => `expected a string, found ${show(iss.input)}` })
        .refine((v) => Buffer.byteLength(v, "utf8") <= MAX_USER_DATA_BYTES, {
            error: (iss) => `is ${Buffer.byteLength(String(iss.input), "utf8")} bytes; allowed at most ${MAX_USER_DATA_BYTES} (DigitalOcean's user data limit)`,
        })
        .optional(),
});

const adoptedDroplets = objectOf({
    enabled: z.literal(true).default(true),
    mode: z.literal("adopt"),
    /** The Droplets to import, with the names they already have (so nothing is renamed). */
    droplets: listOf(objectOf({
        id: pattern(/^\d+$/, "a numeric Droplet id"),
        name: pattern(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, "the Droplet's current name"),
    })).min(1, { error: () => "is empty; allowed 1 or more Droplets to adopt" }),
    /** Size and image as they are now, so the import shows no diff. */
    size: pattern(/^[a-z0-9][a-z0-9-]*$/, "a Droplet size slug such as s-2vcpu-4gb"),
    image: pattern(/^[a-z0-9][a-z0-9._-]*$|^\d+$/, "an image slug such as ubuntu-24-04-x64 or an image id"),
    /** Keep the Droplets alive when they leave the program (decommissioning). */
    retainOnDelete: z.boolean({ error: (iss) => `expected true or false, found ${show(iss.input)}` }).default(true),
});

const decommissioned = objectOf({
    enabled: z.literal(false),
    mode: oneOf(["create", "adopt"]).optional(),
});

export const legacyServiceSchema = z.union([decommissioned, createdDroplets, adoptedDroplets], {
    error: (iss) => {
        const input = iss.input as { enabled?: unknown; mode?: unknown } | undefined;
        if (typeof input !== "object" || input === null) {
            return `expected an object, found ${show(input)}`;
        }
        return `mode ${show(input.mode)} is not allowed; allowed mode: create (new Droplets), mode: adopt (import existing ones), or enabled: false (decommissioned)`;
    },
});

const secretSource = z.union([
    objectOf({ config: configKeyName }),
    objectOf({ arn: secretArn }),
], {
    error: (iss) => {
        const input = iss.input as Record<string, unknown> | undefined;
        if (typeof input === "object" && input !== null && typeof input.arn === "string") {
            return `${show(input.arn)} is not valid; allowed a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)`;
        }
        return `${show(input)} is not valid; allowed { config: <secret config key> } or { arn: <Secrets Manager or SSM ARN> }`;
    },
});

const imageRef = pattern(/^[a-z0-9][a-z0-9._\-/:@]*$/, "a container image such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2.3");
const imageTag = pattern(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "an image tag such as 1.2.3");

export const fargateSchema = objectOf({
    /** Full image reference; or imageTag for this service's own ECR repository. */
    image: imageRef.optional(),
    imageTag: imageTag.optional(),
    cpu: z.number({ error: (iss) => `expected a number, found ${show(iss.input)}` })
        .refine((v) => FARGATE_CPU_VALUES.includes(v), {
            error: (iss) => `${show(iss.input)} is not a Fargate cpu size; allowed ${FARGATE_CPU_VALUES.join(", ")}`,
        }),
    memory: integer(512, 122880, "MiB"),
    desiredCount: integer(1, 100),
    autoscaling: objectOf({
        min: integer(1, 100),
        max: integer(1, 1000),
        cpuTargetPercent: integer(10, 95).default(60),
        memoryTargetPercent: integer(10, 95).default(75),
    }),
    environment: z.record(envVarName, z.string({ error: (iss) => `expected a string value, found ${show(iss.input)}` }), {
        error: (iss) => `expected a map of variable names to strings, found ${show(iss.input)}`,
    }).default({}),
    secrets: z.record(envVarName, secretSource, {
        error: (iss) => `expected a map of variable names to secret sources, found ${show(iss.input)}`,
    }).default({}),
    canary: objectOf({
        image: imageRef.optional(),
        imageTag: imageTag.optional(),
        /** Share of this service's Fargate traffic sent to the canary revision. */
        percent: percent,
    }).optional(),
    /** ALB path patterns (besides the host header) that route to this service. */
    pathPatterns: listOf(pattern(/^\/[A-Za-z0-9_\-.*?/]*$/, "ALB path patterns such as /api/*"))
        .max(4, { error: () => "has more than 4 patterns; allowed at most 4 (an ALB rule takes 5 values with the host header)" })
        .default([]),
}).superRefine((f, ctx) => {
    const memoryProblem = FARGATE_CPU_VALUES.includes(f.cpu) ? fargateMemoryProblem(f.cpu, f.memory) : undefined;
    if (memoryProblem !== undefined) {
        ctx.addIssue({ code: "custom", path: ["memory"], message: `${f.memory} ${memoryProblem}` });
    }
    if ((f.image === undefined) === (f.imageTag === undefined)) {
        ctx.addIssue({ code: "custom", path: ["image"], message: `${f.image === undefined ? "neither image nor imageTag is set" : "both image and imageTag are set"}; allowed exactly one of them` });
    }
    if (f.canary !== undefined && (f.canary.image === undefined) === (f.canary.imageTag === undefined)) {
        ctx.addIssue({ code: "custom", path: ["canary", "image"], message: `${f.canary.image === undefined ? "neither image nor imageTag is set" : "both image and imageTag are set"}; allowed exactly one of them` });
    }
    const { min, max } = f.autoscaling;
    if (min > max) {
        ctx.addIssue({ code: "custom", path: ["autoscaling", "min"], message: `${min} is above autoscaling.max ${max}; allowed 1 to ${max}` });
    } else if (f.desiredCount < min || f.desiredCount > max) {
        ctx.addIssue({ code: "custom", path: ["desiredCount"], message: `${f.desiredCount} is outside the autoscaling range; allowed ${min} to ${max}` });
    }
    for (const name of Object.keys(f.secrets)) {
        if (name in f.environment) {
            ctx.addIssue({ code: "custom", path: ["environment", name], message: `${show(name)} is also a secret; a variable is either plain environment or a secret, not both` });
        }
    }
});

export const trafficSchema = objectOf({
    /** Share of the hostname's traffic sent to Fargate; the rest goes to the Droplets. */
    fargatePercent: percent,
    /** The rollout steps; when set, fargatePercent must be one of them. */
    steps: listOf(percent).min(2, { error: (iss) => `${show(iss.input)} has too few steps; allowed 2 or more, e.g. [0, 5, 25, 50, 100]` }).optional(),
}).superRefine((t, ctx) => {
    if (t.steps === undefined) {
        return;
    }
    const ascending = t.steps.every((s, i) => i === 0 || s > t.steps![i - 1]);
    if (!ascending) {
        ctx.addIssue({ code: "custom", path: ["steps"], message: `${show(t.steps)} is not valid; allowed strictly increasing percentages, e.g. [0, 5, 25, 50, 100]` });
    } else if (!t.steps.includes(t.fargatePercent)) {
        ctx.addIssue({ code: "custom", path: ["fargatePercent"], message: `${t.fargatePercent} is not a declared rollout step; allowed ${t.steps.join(", ")}` });
    }
});

export const serviceSchema = objectOf({
    name: serviceName,
    /** Public hostname, inside dns.zoneName. */
    hostname: dnsName,
    /** Port the application listens on (container port and Droplet port). */
    port: integer(1, 65535),
    healthCheckPath: pattern(/^\/[A-Za-z0-9_\-./?=&]*$/, "a path starting with /, such as /healthz"),
    legacy: legacyServiceSchema,
    fargate: fargateSchema.optional(),
    traffic: trafficSchema,
});

export const platformSchema = objectOf({
    /** CloudWatch log retention, days. */
    logRetentionDays: z.union([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653].map((d) => z.literal(d)) as unknown as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]], {
        error: (iss) => `${show(iss.input)} is not a CloudWatch retention; allowed 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653`,
    }).optional(),
    /** Images kept per ECR repository by the lifecycle policy. */
    ecrKeepImages: integer(1, 1000).optional(),
    /** ALB deletion protection. */
    albDeletionProtection: z.boolean({ error: (iss) => `expected true or false, found ${show(iss.input)}` }).optional(),
    /** Seconds ECS waits before health checks count against a new task. */
    healthCheckGracePeriodSeconds: integer(0, 7200).optional(),
}).default({});

/** The whole `migration:*` namespace (plus aws:region), as written in the stack file. */
export const rawStackSchema = z.object({
    awsRegion: pattern(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region such as us-east-1"),
    environment: oneOf(["dev", "prod"]).optional(),
    tags: tagMapSchema.default({}),
    dns: dnsSchema,
    network: networkSchema,
    legacy: legacyStackSchema,
    platform: platformSchema,
    services: listOf(serviceSchema).min(1, { error: () => "is empty; allowed 1 or more services" }),
});

export type RawStackConfig = z.infer<typeof rawStackSchema>;
export type RawService = z.infer<typeof serviceSchema>;

/** The keys of the namespace this program reads (secret keys referenced by services come on top). */
export const KNOWN_KEYS = ["environment", "tags", "dns", "network", "legacy", "platform", "services"] as const;
