// Parses the whole stack config once, before any resource is registered, into
// a typed, frozen StackConfig (types.ts, derived from schema.ts). Every
// problem in the file is collected and reported together, each naming the
// stack file key, the value found and what is allowed. Secret values stay
// pulumi secrets from here on.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { networkCapacityProblems } from "../aws/network-plan";
import { quotaProblems } from "./quotas";
import { dispatchForms, KNOWN_KEYS, REMOVED_KEYS, rawStackSchema, show } from "./schema";
import { didYouMean } from "./suggest";
import type {
    Environment, FargateConfig, ImageSource, JobConfig, NetworkConfig, RawConfigInput, RawJob, RawRelease, RawService, RawWorker, ReleaseConfig, SecretConfig, ServiceConfig, StackConfig, WorkerConfig,
} from "./types";
import { crossKeyProblems, field, secretConfigReferences } from "./validate";
import { workloadProblems } from "./workloads";

export type * from "./types";
export { secretConfigReferences };

/** A user mistake in stack config: reported without a stack trace. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: readonly string[], stack: string) {
        super(`Stack "${stack}" has ${problems.length} config problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** What a stack gets when it leaves these keys out, by environment (docs/config.md lists it). */
export const ENVIRONMENT_DEFAULTS: Record<Environment, {
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

/** A config path as the stack file names it: aws:region, migration:services[0].port. */
export function formatPath(project: string, path: readonly PropertyKey[]): string {
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

/** "services[0].legacy.count" style path without indexes: the key of REMOVED_KEYS. */
function schemaPath(path: readonly PropertyKey[]): string {
    return path.filter((p) => typeof p !== "number").map(String).join(".");
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The object schemas a value at `path` may be read with, for the keys they
 * allow: of a union, the forms that know most of the keys the input has
 * (the form it was read as).
 */
function schemasAt(schema: any, path: readonly PropertyKey[], input: unknown): any[] {
    const def = schema?._zod?.def;
    if (def === undefined) {
        return [];
    }
    switch (def.type) {
        case "optional": case "default": case "nullable": case "prefault": case "readonly":
            return schemasAt(def.innerType, path, input);
        case "pipe": {
            const forms = dispatchForms.get(schema)?.forms;
            return forms !== undefined ? bestForms(forms as any[], path, input) : schemasAt(def.in, path, input);
        }
        case "union":
            return bestForms(def.options as any[], path, input);
        case "array":
            return path.length === 0 ? [] : schemasAt(def.element, path.slice(1), field(input, path[0] as number));
        case "record":
            return path.length === 0 ? [] : schemasAt(def.valueType, path.slice(1), field(input, path[0] as string));
        case "object":
            return path.length === 0 ? [schema] : schemasAt(def.shape[path[0] as string], path.slice(1), field(input, path[0] as string));
        default:
            return [];
    }
}
function bestForms(forms: any[], path: readonly PropertyKey[], input: unknown): any[] {
    const present = typeof input === "object" && input !== null ? Object.keys(input) : [];
    const scored = forms.map((f) => {
        const objects = schemasAt(f, [], input);
        return { f, known: present.filter((k) => objects.some((o) => k in o.shape)).length };
    });
    const best = Math.max(0, ...scored.map((s) => s.known));
    return scored.filter((s) => s.known === best).flatMap((s) => schemasAt(s.f, path, input));
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The keys the schema allows in the object at `path` (raw schema paths: awsRegion for aws:region). */
export function allowedKeysAt(path: readonly PropertyKey[], input: unknown): string[] {
    return [...new Set(schemasAt(rawStackSchema, path, input).flatMap((s) => Object.keys(s.shape as object)))];
}

/** Turns a zod issue into "<key>: <value found> ...; allowed ...". */
function formatIssue(project: string, issue: z.core.$ZodIssue, input: unknown): string {
    const path = [...issue.path];
    let message: string;
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys.map((k) => {
                const removed = REMOVED_KEYS[schemaPath([...path, k])];
                const allowed = allowedKeysAt(path, input);
                return `${formatPath(project, [...path, k])}: ${removed ?? `unknown key${didYouMean(k, allowed)}; allowed ${allowed.length > 0 ? allowed.join(", ") : "the keys in docs/config.md"}`}`;
            }).join("\n");
        case "invalid_type":
            // A schema that says what a missing key needs ("is required: ...") is heard; else the type.
            message = issue.input === undefined ? (issue.message.startsWith("is required") ? issue.message : `is required (${issue.expected})`) : issue.message;
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

function environmentOf(stack: string, configured: Environment | undefined, project: string, problems: string[], given = false): Environment {
    if (configured !== undefined) {
        return configured;
    }
    if (given) {
        return "dev"; // set but invalid: the schema has reported it
    }
    const last = stack.split("/").pop() ?? stack;
    if (last === "dev" || last === "prod") {
        return last;
    }
    problems.push(`${project}:environment: not set, and the stack name ${show(stack)} is neither dev nor prod; allowed dev or prod (the per-environment defaults, docs/config.md), for example: pulumi config set ${project}:environment dev --stack ${stack}`);
    return "dev";
}

function imageOf(part: { image?: string; imageTag?: string }): ImageSource {
    return part.image !== undefined ? { kind: "external", ref: part.image } : { kind: "ecr", tag: part.imageTag as string };
}

function secretsOf(fargate: { readonly secrets: Readonly<Record<string, { config: string } | { arn: string }>> }, input: RawConfigInput): SecretConfig[] {
    return Object.entries(fargate.secrets).map(([name, source]): SecretConfig => {
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
        problems.push(...parsed.error.issues.flatMap((issue) => formatIssue(project, issue, raw).split("\n")));
    }
    const cross = crossKeyProblems(raw, input, (path) => formatPath(project, path));
    problems.push(...cross.problems);
    const workloads = workloadProblems(raw, (path) => formatPath(project, path));
    problems.push(...workloads.problems);
    const referencedSecrets = secretConfigReferences(raw.services, raw.legacy);
    for (const fullKey of Object.keys(input.values)) {
        const short = fullKey.slice(namespace.length);
        // An unreferenced secret is tolerated (left for a later step); a plain unknown key is most likely a typo.
        if (fullKey.startsWith(namespace) && !(KNOWN_KEYS as readonly string[]).includes(short) && !referencedSecrets.has(short) && !input.secretKeys.has(fullKey)) {
            problems.push(`${fullKey}: unknown key${didYouMean(fullKey, [...KNOWN_KEYS.map((k) => namespace + k), ...[...referencedSecrets].map((k) => namespace + k)])}; allowed ${KNOWN_KEYS.map((k) => namespace + k).join(", ")} and secret keys named by services[].fargate.secrets`);
        }
    }
    // A set environment counts even when other keys fail: otherwise a stack not named dev or prod gets "not set" beside them.
    const configuredEnvironment = parsed.success ? parsed.data.environment : rawStackSchema.shape.environment.safeParse(raw.environment).data;
    const environment = environmentOf(stack, configuredEnvironment, project, problems, raw.environment !== undefined);
    if (problems.length > 0 || !parsed.success) {
        throw new ConfigError(problems, stack);
    }
    const data = parsed.data;
    const defaults = ENVIRONMENT_DEFAULTS[environment];
    const tags = { ...data.tags, environment, "managed-by": "pulumi", "pulumi-project": project, "pulumi-stack": stack };
    const network: NetworkConfig = data.network.mode === "create"
        ? { ...data.network, natGateways: data.network.natGateways ?? defaults.natGateways }
        : data.network;
    const fargateOf = (svc: RawService): FargateConfig | undefined => {
        if (svc.fargate === undefined) {
            return undefined;
        }
        const { image: _image, imageTag: _tag, secrets: _secrets, canary, listenerRulePriority: _priority, ...plain } = svc.fargate;
        const priorities = cross.priorities.get(svc.name)!;
        return {
            ...plain,
            image: imageOf(svc.fargate),
            secrets: secretsOf(svc.fargate, input),
            canary: canary === undefined ? undefined : { image: imageOf(canary), percent: canary.percent },
            listenerRulePriority: priorities.routing,
            healthCheckRulePriority: priorities.health,
        };
    };
    const web = data.services.filter((s): s is RawService => s.kind === "web");
    const services = web.map((svc): ServiceConfig => ({
        name: svc.name,
        hostname: svc.hostname,
        port: svc.port,
        healthCheckPath: svc.healthCheckPath,
        tags: { ...tags, service: svc.name },
        legacy: svc.legacy.enabled === false ? { enabled: false } : { ...svc.legacy, certificateName: cross.certificates.get(svc.name)! },
        fargate: fargateOf(svc),
        traffic: svc.traffic,
    }));
    // A process type runs its service's stable image from the service's repository.
    const processPart = <F extends { image?: string; imageTag?: string; secrets: Readonly<Record<string, { config: string } | { arn: string }>> }>(name: string, processOf: string | undefined, f: F) => {
        const { image: _image, imageTag: _tag, secrets: _secrets, ...plain } = f;
        const owner = processOf === undefined ? undefined : web.find((s) => s.name === processOf)?.fargate;
        return {
            ...plain,
            image: owner !== undefined ? imageOf(owner) : imageOf(f),
            repositoryOf: processOf ?? name,
            secrets: secretsOf(f, input),
        };
    };
    const tagsOf = (name: string, workload: string) => ({ ...tags, service: name, workload });
    const workers = data.services.filter((s): s is RawWorker => s.kind === "worker").map((w): WorkerConfig => ({
        ...w,
        tags: tagsOf(w.name, "worker"),
        fargate: w.fargate === undefined ? undefined : processPart(w.name, w.processOf, w.fargate),
    }));
    const jobs = data.services.filter((s): s is RawJob => s.kind === "job").map((j): JobConfig => ({
        ...j, tags: tagsOf(j.name, "job"), fargate: processPart(j.name, j.processOf, j.fargate),
    }));
    const releases = data.services.filter((s): s is RawRelease => s.kind === "release").map((r): ReleaseConfig => ({
        ...r, tags: tagsOf(r.name, "release"), fargate: processPart(r.name, r.processOf, r.fargate),
    }));
    // Address room and quotas need the resolved services (canary sizes, NAT gateways): checked last, still before any resource.
    const capacityProblems = [
        ...networkCapacityProblems(project, network, services),
        ...quotaProblems({
            environment, network, legacy: data.legacy, services, hostnames: cross.hostnames,
            workloads: [
                ...workers.flatMap((w) => (w.fargate === undefined ? [] : [{ maxTasks: w.fargate.autoscaling.max, cpu: w.fargate.cpu }])),
                ...[...jobs, ...releases].map((x) => ({ maxTasks: 1, cpu: x.fargate.cpu })),
            ],
        }, data.platform.quotas, (path) => formatPath(project, path)),
    ];
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
            quotas: data.platform.quotas,
            notifications: data.platform.notifications,
        },
        services,
        workers,
        jobs,
        releases,
        workloadOrder: data.services.map((s) => s.name),
        hostnames: cross.hostnames,
        warnings: [...cross.warnings, ...workloads.warnings],
        databaseSources: Object.fromEntries(data.legacy.databases.flatMap((d) => {
            const source = d.move?.source;
            return source !== undefined && "config" in source ? [[d.name, pulumi.secret(input.values[`${project}:${source.config}`])]] : [];
        })),
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
