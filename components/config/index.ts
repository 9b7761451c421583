// Parses the whole stack config once, before any resource is registered, into
// a typed, frozen StackConfig. Every problem in the file is collected and
// reported together, each naming the stack file key, the value found and what
// is allowed. Secret values stay pulumi secrets from here on.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { networkCapacityProblems } from "../aws/network-plan";
import { KNOWN_KEYS, RawService, dnsSchema, rawStackSchema, show } from "./schema";

export type Environment = "dev" | "prod";

export type ImageSource =
    /** A tag in this service's own ECR repository (created by the program). */
    | { readonly kind: "ecr"; readonly tag: string }
    /** A full image reference pushed elsewhere. */
    | { readonly kind: "external"; readonly ref: string };

export type SecretConfig =
    /** A value from Pulumi secret config, stored by the program in Secrets Manager. */
    | { readonly name: string; readonly source: "config"; readonly configKey: string; readonly value: pulumi.Output<string> }
    /** An existing Secrets Manager secret or SSM parameter. */
    | { readonly name: string; readonly source: "arn"; readonly arn: string; readonly store: "secretsmanager" | "ssm" };

export interface FargateConfig {
    readonly image: ImageSource;
    readonly cpu: number;
    readonly memory: number;
    readonly desiredCount: number;
    readonly autoscaling: {
        readonly min: number;
        readonly max: number;
        readonly cpuTargetPercent: number;
        readonly memoryTargetPercent: number;
    };
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: readonly SecretConfig[];
    readonly canary?: { readonly image: ImageSource; readonly percent: number };
    readonly pathPatterns: readonly string[];
}

export type LegacyServiceConfig =
    | { readonly enabled: false }
    | {
        readonly enabled: true;
        readonly mode: "create";
        readonly count: number;
        readonly size: string;
        readonly image: string;
        readonly userData?: string;
    }
    | {
        readonly enabled: true;
        readonly mode: "adopt";
        readonly droplets: readonly { readonly id: string; readonly name: string }[];
        readonly size: string;
        readonly image: string;
        readonly retainOnDelete: boolean;
    };

export interface TrafficConfig {
    /** Share of the hostname's traffic sent to Fargate, 0-100. */
    readonly fargatePercent: number;
    /** Declared rollout steps, ascending; fargatePercent is one of them. */
    readonly steps?: readonly number[];
}

export interface ServiceConfig {
    readonly name: string;
    readonly hostname: string;
    readonly port: number;
    readonly healthCheckPath: string;
    /** Stack tags plus `service`. */
    readonly tags: Readonly<Record<string, string>>;
    readonly legacy: LegacyServiceConfig;
    readonly fargate?: FargateConfig;
    readonly traffic: TrafficConfig;
}

export type NetworkConfig =
    | {
        readonly mode: "create";
        readonly cidr: string;
        readonly availabilityZones: number;
        readonly natGateways: "single" | "one-per-az";
    }
    | {
        readonly mode: "existing";
        readonly vpcId: string;
        readonly privateSubnetIds: readonly string[];
        readonly publicSubnetIds: readonly string[];
        readonly privateSubnetCidrs?: readonly string[];
    };

export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    readonly environment: Environment;
    readonly awsRegion: string;
    /** Applied to every taggable resource: user tags plus environment and managed-by. */
    readonly tags: Readonly<Record<string, string>>;
    readonly dns: { readonly zoneName: string; readonly zone: "lookup" | "create"; readonly ttl: number };
    readonly network: NetworkConfig;
    readonly legacy: {
        readonly region: string;
        readonly vpcIpRange: string;
        readonly adoptVpcId?: string;
        readonly adminCidrs: readonly string[];
        readonly certificateName: string;
        readonly sshKeys: readonly string[];
        /** Legacy resources are protected from deletion (always in prod). */
        readonly protect: boolean;
    };
    readonly platform: {
        readonly logRetentionDays: number;
        readonly ecrKeepImages: number;
        readonly albDeletionProtection: boolean;
        readonly healthCheckGracePeriodSeconds: number;
    };
    readonly services: readonly ServiceConfig[];
}

/** A user mistake in stack config: reported without a stack trace. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: readonly string[], stack: string) {
        super(`Stack "${stack}" has ${problems.length} config problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

export interface RawConfigInput {
    readonly project: string;
    readonly stack: string;
    /** Every config value of the stack, keyed "<namespace>:<key>", as Pulumi passes them (objects as JSON text). */
    readonly values: Readonly<Record<string, string>>;
    /** The keys whose values were given as secrets. */
    readonly secretKeys: ReadonlySet<string>;
}

/** Tags the program sets itself; users cannot override them. */
const RESERVED_TAGS = ["environment", "managed-by", "service", "pulumi-project", "pulumi-stack"];

const ENVIRONMENT_DEFAULTS: Record<Environment, {
    natGateways: "single" | "one-per-az";
    logRetentionDays: number;
    ecrKeepImages: number;
    albDeletionProtection: boolean;
}> = {
    dev: { natGateways: "single", logRetentionDays: 14, ecrKeepImages: 20, albDeletionProtection: false },
    prod: { natGateways: "one-per-az", logRetentionDays: 90, ecrKeepImages: 50, albDeletionProtection: true },
};

function parseValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function formatPath(project: string, path: readonly PropertyKey[]): string {
    if (path.length === 0) {
        return `${project}:`;
    }
    const [head, ...rest] = path;
    let key = head === "awsRegion" ? "aws:region" : `${project}:${String(head)}`;
    for (const part of rest) {
        if (typeof part === "number") {
            key += `[${part}]`;
        } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(part))) {
            key += `.${String(part)}`;
        } else {
            key += `[${JSON.stringify(String(part))}]`;
        }
    }
    return key;
}

/** Turns a zod issue into "<key>: <value found> ...; allowed ...". */
function formatIssue(project: string, issue: z.core.$ZodIssue): string {
    const path = [...issue.path];
    let message: string;
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys.map((k) => `${formatPath(project, [...path, k])}: unknown key; check the spelling (see the config reference in README.md)`).join("\n");
        case "invalid_type":
            message = issue.input === undefined ? `is required (${issue.expected})` : issue.message;
            break;
        case "invalid_union":
            if ("discriminator" in issue && issue.discriminator) {
                message = `${show((issue.input as Record<string, unknown> | undefined)?.[issue.discriminator as string])} is not allowed; allowed ${((issue as { options?: unknown[] }).options ?? []).join(", ")}`;
                if (path[path.length - 1] !== issue.discriminator) {
                    path.push(issue.discriminator as string);
                }
                break;
            }
            message = issue.message;
            break;
        default:
            message = issue.message;
    }
    return `${formatPath(project, path)}: ${message}`;
}

function environmentOf(stack: string, configured: Environment | undefined, project: string, problems: string[]): Environment {
    if (configured !== undefined) {
        return configured;
    }
    const last = stack.split("/").pop() ?? stack;
    if (last === "dev" || last === "prod") {
        return last;
    }
    problems.push(`${project}:environment: not set, and the stack name ${show(stack)} is neither dev nor prod; set it with: pulumi config set ${project}:environment <dev|prod> --stack ${stack}`);
    return "dev";
}

function imageOf(part: { image?: string; imageTag?: string }): ImageSource {
    return part.image !== undefined ? { kind: "external", ref: part.image } : { kind: "ecr", tag: part.imageTag as string };
}

/** Reads a nested field of unvalidated input, or undefined. */
function field(value: unknown, ...path: string[]): unknown {
    let current = value;
    for (const key of path) {
        if (typeof current !== "object" || current === null || Array.isArray(current)) {
            return undefined;
        }
        current = (current as Record<string, unknown>)[key];
    }
    return current;
}

/**
 * Rules that span keys. They read the input leniently, piece by piece, so a
 * structural problem elsewhere never hides them: one run reports everything.
 */
function crossFieldProblems(raw: Record<string, unknown>, input: RawConfigInput, key: (path: PropertyKey[]) => string): string[] {
    const problems: string[] = [];
    const zone = dnsSchema.safeParse(raw.dns).data?.zoneName;
    const seenNames = new Map<string, number>();
    const seenHosts = new Map<string, number>();
    const seenDroplets = new Map<string, string>();
    (Array.isArray(raw.services) ? raw.services : []).forEach((svc: unknown, i) => {
        const at = (...path: PropertyKey[]) => key(["services", i, ...path]);
        const name = field(svc, "name");
        const hostname = field(svc, "hostname");
        const fargatePercent = field(svc, "traffic", "fargatePercent");
        if (typeof name === "string") {
            const first = seenNames.get(name);
            if (first !== undefined) {
                problems.push(`${at("name")}: ${show(name)} is already used by services[${first}]; allowed a unique name per service`);
            } else {
                seenNames.set(name, i);
            }
        }
        if (typeof hostname === "string") {
            const first = seenHosts.get(hostname);
            if (first !== undefined) {
                problems.push(`${at("hostname")}: ${show(hostname)} is already used by services[${first}]; allowed a unique hostname per service`);
            } else {
                seenHosts.set(hostname, i);
            }
            if (zone !== undefined && hostname !== zone && !hostname.endsWith(`.${zone}`)) {
                problems.push(`${at("hostname")}: ${show(hostname)} is outside the zone ${show(zone)}; allowed ${zone} or a name ending in .${zone}`);
            }
        }
        if (typeof fargatePercent === "number" && fargatePercent > 0 && field(svc, "fargate") === undefined) {
            problems.push(`${at("traffic", "fargatePercent")}: ${fargatePercent} sends traffic to Fargate, but services[${i}].fargate is not set; allowed 0 until the service has a fargate part`);
        }
        if (field(svc, "legacy", "enabled") === false && typeof fargatePercent === "number" && fargatePercent !== 100) {
            problems.push(`${at("legacy", "enabled")}: false (decommissioned) needs traffic.fargatePercent 100, found ${fargatePercent}; allowed only once every request goes to Fargate`);
        }
        const adopted = field(svc, "legacy", "droplets");
        (Array.isArray(adopted) ? adopted : []).forEach((droplet: unknown, j) => {
            const id = field(droplet, "id");
            if (typeof id !== "string") {
                return;
            }
            const first = seenDroplets.get(id);
            if (first !== undefined) {
                problems.push(`${at("legacy", "droplets", j, "id")}: ${show(id)} is already adopted at ${first}; allowed each Droplet once in the stack`);
            } else {
                seenDroplets.set(id, `services[${i}].legacy.droplets[${j}]`);
            }
        });
        const secrets = field(svc, "fargate", "secrets");
        for (const [secretName, source] of Object.entries(typeof secrets === "object" && secrets !== null ? secrets : {})) {
            const configName = field(source, "config");
            if (typeof configName !== "string") {
                continue;
            }
            const configKey = `${input.project}:${configName}`;
            const setCommand = `pulumi config set --secret ${configKey} <value> --stack ${input.stack}`;
            if (!(configKey in input.values)) {
                problems.push(`${at("fargate", "secrets", secretName, "config")}: ${show(configName)} names ${configKey}, which is not set; run: ${setCommand}`);
            } else if (!input.secretKeys.has(configKey)) {
                // Never echo the value: it is meant to be secret.
                problems.push(`${configKey}: is stored as plain text but is the secret ${secretName} of service ${show(name)}; allowed only secret values; run: ${setCommand}`);
            }
        }
    });
    const tags = field(raw, "tags");
    for (const tagKey of Object.keys(typeof tags === "object" && tags !== null ? tags : {})) {
        if (RESERVED_TAGS.includes(tagKey)) {
            problems.push(`${key(["tags", tagKey])}: ${show(tagKey)} is set by the program; allowed any tag name except ${RESERVED_TAGS.join(", ")}`);
        }
    }
    return problems;
}

/** Config keys named by services[].fargate.secrets.*.config, read leniently so it works on broken input too. */
export function secretConfigReferences(services: unknown): Set<string> {
    const names = new Set<string>();
    for (const svc of Array.isArray(services) ? services : []) {
        const secrets = field(svc, "fargate", "secrets");
        for (const source of typeof secrets === "object" && secrets !== null ? Object.values(secrets) : []) {
            const configName = field(source, "config");
            if (typeof configName === "string") {
                names.add(configName);
            }
        }
    }
    return names;
}

function secretsOf(svc: RawService, input: RawConfigInput): SecretConfig[] {
    return Object.entries(svc.fargate?.secrets ?? {}).map(([name, source]): SecretConfig => {
        if ("config" in source) {
            const configKey = `${input.project}:${source.config}`;
            return { name, source: "config", configKey, value: pulumi.secret(input.values[configKey]) };
        }
        return { name, source: "arn", arn: source.arn, store: source.arn.split(":")[2] === "ssm" ? "ssm" : "secretsmanager" };
    });
}

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value) && !pulumi.Output.isInstance(value)) {
        Object.freeze(value);
        for (const child of Object.values(value as object)) {
            deepFreeze(child);
        }
    }
    return value;
}

/** Parses and validates a stack's config; throws ConfigError listing every problem. */
export function parseStackConfig(input: RawConfigInput): StackConfig {
    const { project, stack } = input;
    const namespace = `${project}:`;
    const problems: string[] = [];
    const raw: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(input.values)) {
        if (fullKey === "aws:region") {
            raw.awsRegion = parseValue(text);
        } else if (fullKey.startsWith(namespace)) {
            raw[fullKey.slice(namespace.length)] = input.secretKeys.has(fullKey) ? undefined : parseValue(text);
        }
    }
    const parsed = rawStackSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
        problems.push(...parsed.error.issues.flatMap((issue) => formatIssue(project, issue).split("\n")));
    }
    problems.push(...crossFieldProblems(raw, input, (path) => formatPath(project, path)));
    const referencedSecrets = secretConfigReferences(raw.services);
    for (const fullKey of Object.keys(input.values)) {
        const short = fullKey.slice(namespace.length);
        // An unreferenced secret is tolerated (left for a later step); a plain unknown key is most likely a typo.
        if (fullKey.startsWith(namespace) && !(KNOWN_KEYS as readonly string[]).includes(short) && !referencedSecrets.has(short) && !input.secretKeys.has(fullKey)) {
            problems.push(`${fullKey}: unknown key; allowed ${KNOWN_KEYS.map((k) => namespace + k).join(", ")} and secret keys named by services[].fargate.secrets`);
        }
    }
    const environment = environmentOf(stack, parsed.success ? parsed.data.environment : undefined, project, problems);
    if (problems.length > 0 || !parsed.success) {
        throw new ConfigError(problems, stack);
    }
    const data = parsed.data;
    const defaults = ENVIRONMENT_DEFAULTS[environment];
    const tags = { ...data.tags, environment, "managed-by": "pulumi", "pulumi-project": project, "pulumi-stack": stack };
    const network: NetworkConfig = data.network.mode === "create"
        ? { ...data.network, natGateways: data.network.natGateways ?? defaults.natGateways }
        : data.network;
    const services = data.services.map((svc): ServiceConfig => ({
        name: svc.name,
        hostname: svc.hostname,
        port: svc.port,
        healthCheckPath: svc.healthCheckPath,
        tags: { ...tags, service: svc.name },
        legacy: svc.legacy.enabled === false ? { enabled: false } : svc.legacy,
        fargate: svc.fargate === undefined ? undefined : {
            image: imageOf(svc.fargate),
            cpu: svc.fargate.cpu,
            memory: svc.fargate.memory,
            desiredCount: svc.fargate.desiredCount,
            autoscaling: svc.fargate.autoscaling,
            environment: svc.fargate.environment,
            secrets: secretsOf(svc, input),
            canary: svc.fargate.canary === undefined ? undefined : { image: imageOf(svc.fargate.canary), percent: svc.fargate.canary.percent },
            pathPatterns: svc.fargate.pathPatterns,
        },
        traffic: svc.traffic,
    }));
    // Address room needs the resolved services (canary sizes): checked last, still before any resource.
    const capacityProblems = networkCapacityProblems(project, network, services);
    if (capacityProblems.length > 0) {
        throw new ConfigError(capacityProblems, stack);
    }
    return deepFreeze({
        project,
        stack,
        environment,
        awsRegion: data.awsRegion,
        tags,
        dns: data.dns,
        network,
        legacy: { ...data.legacy, protect: environment === "prod" },
        platform: {
            logRetentionDays: data.platform.logRetentionDays ?? defaults.logRetentionDays,
            ecrKeepImages: data.platform.ecrKeepImages ?? defaults.ecrKeepImages,
            albDeletionProtection: data.platform.albDeletionProtection ?? defaults.albDeletionProtection,
            healthCheckGracePeriodSeconds: data.platform.healthCheckGracePeriodSeconds ?? 60,
        },
        services,
    });
}

/** Reads the running stack's config from the Pulumi runtime (real engine or mocks). */
export function loadStackConfig(): StackConfig {
    const values = pulumi.runtime.allConfig();
    // isConfigSecret is public at run time but missing from the typings.
    const { isConfigSecret } = runtimeConfig as unknown as { isConfigSecret(key: string): boolean };
    const secretKeys = new Set(Object.keys(values).filter((k) => isConfigSecret(k)));
    return parseStackConfig({ project: pulumi.getProject(), stack: pulumi.getStack(), values, secretKeys });
}
