// The parsed stack config's types, derived from the schemas in schema.ts:
// the raw shapes are z.output of the schemas; the resolved shapes differ only
// where parsing resolves something (defaults per environment, images, secret
// sources, listener priorities, hostname groups), and say exactly where.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type {
    databaseMoveSchema, dnsSchema, fargateSchema, jobSchema, legacyServiceSchema, legacyStackSchema, networkSchema, platformSchema, rawStackSchema, releaseSchema, serviceSchema, trafficSchema, workerSchema,
} from "./schema";

/** Deeply readonly, leaving Pulumi outputs as they are. */
export type DeepReadonly<T> =
    T extends pulumi.Output<unknown> ? T
    : T extends (infer U)[] ? readonly DeepReadonly<U>[]
    : T extends readonly (infer U)[] ? readonly DeepReadonly<U>[]
    : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type RawStackConfig = z.output<typeof rawStackSchema>;
export type RawService = z.output<typeof serviceSchema>;
export type RawFargate = z.output<typeof fargateSchema>;

export type Environment = NonNullable<RawStackConfig["environment"]>;

export type ImageSource =
    /** A tag in this service's own ECR repository (created by the program). */
    | { readonly kind: "ecr"; readonly tag: string }
    /** A full image reference pushed elsewhere. */
    | { readonly kind: "external"; readonly ref: string };

export type SecretConfig =
    /** A value from Pulumi secret config, stored by the program as an SSM SecureString parameter. */
    | { readonly name: string; readonly source: "config"; readonly configKey: string; readonly value: pulumi.Output<string> }
    /** An existing Secrets Manager secret or SSM parameter. */
    | { readonly name: string; readonly source: "arn"; readonly arn: string; readonly store: "secretsmanager" | "ssm" };

export type EgressRule = RawFargate["egress"][number];

/** The fargate part, with images and secrets resolved and both listener rule priorities fixed. */
export type FargateConfig = DeepReadonly<Omit<RawFargate, "image" | "imageTag" | "secrets" | "canary" | "listenerRulePriority"> & {
    image: ImageSource;
    secrets: SecretConfig[];
    canary?: { image: ImageSource; percent: number };
    /** Priority of the rule that routes the hostname (and paths) to the service. */
    listenerRulePriority: number;
    /** Priority of the rule that answers the service's health-check hostname. */
    healthCheckRulePriority: number;
}>;

/** A service's legacy part as config states it (without the resolved certificate). */
export type RawLegacyService = DeepReadonly<z.output<typeof legacyServiceSchema>>;

export type LegacyServiceConfig = DeepReadonly<
    | Extract<z.output<typeof legacyServiceSchema>, { enabled: false }>
    | (Extract<z.output<typeof legacyServiceSchema>, { enabled: true }> & {
        /** The DigitalOcean certificate (legacy.certificates) that covers the hostname. */
        certificateName: string;
    })
>;

export type TrafficConfig = DeepReadonly<z.output<typeof trafficSchema>>;

export type ServiceConfig = DeepReadonly<Omit<RawService, "kind" | "legacy" | "fargate" | "traffic"> & {
    /** Stack tags plus `service`. */
    tags: Record<string, string>;
    legacy: LegacyServiceConfig;
    fargate?: FargateConfig;
    /** Present on the one service of a hostname that owns its DNS split. */
    traffic?: TrafficConfig;
}>;

/** A hostname and the services that serve it: the owner of its DNS split, and every Fargate service behind it. */
export interface HostnameConfig {
    readonly hostname: string;
    /** The service whose legacy side and traffic split the hostname's records follow. */
    readonly owner: string;
    /** Every service with a fargate part on this hostname (the owner first when it has one). */
    readonly fargateServices: readonly string[];
}

export type NetworkConfig = DeepReadonly<
    | (Extract<z.output<typeof networkSchema>, { mode: "create" }> & { natGateways: "single" | "one-per-az" })
    | Extract<z.output<typeof networkSchema>, { mode: "existing" }>
>;

export type DnsConfig = DeepReadonly<z.output<typeof dnsSchema>>;

export type LegacyStackConfig = DeepReadonly<z.output<typeof legacyStackSchema> & {
    /** Legacy resources are protected from deletion (always in prod). */
    protect: boolean;
}>;

/** A legacy.databases entry, as parsed. */
export type DatabaseConfig = LegacyStackConfig["databases"][number];
/** Its move to RDS (legacy.databases[].move). */
export type DatabaseMoveConfig = DeepReadonly<z.output<typeof databaseMoveSchema>>;

export type PlatformConfig = DeepReadonly<Required<Omit<z.output<typeof platformSchema>, "quotas" | "notifications">> & Pick<z.output<typeof platformSchema>, "quotas" | "notifications">>;

/** platform.notifications as parsed: who is told, by which topic. */
export type NotificationsConfig = NonNullable<PlatformConfig["notifications"]>;

/** A Fargate service's rollout (fargate.rollout). */
export type RolloutConfig = FargateConfig["rollout"];

export type RawWorker = z.output<typeof workerSchema>;
export type RawJob = z.output<typeof jobSchema>;
export type RawRelease = z.output<typeof releaseSchema>;

/**
 * The process part of a worker, job or release task, with its image and
 * secrets resolved: processOf becomes the service's stable image, and
 * `repositoryOf` says whose ECR repository holds an ecr image.
 */
export type ProcessConfig<F extends { image?: string; imageTag?: string; secrets: unknown }> = DeepReadonly<Omit<F, "image" | "imageTag" | "secrets"> & {
    image: ImageSource;
    /** The workload whose ECR repository holds the image (itself, or the service it is a process of). */
    repositoryOf: string;
    secrets: SecretConfig[];
}>;

/** A worker: Droplets and/or an ECS service with no load balancer. */
export type WorkerConfig = DeepReadonly<Omit<RawWorker, "fargate" | "legacy"> & {
    /** Stack tags plus `service` and `workload`. */
    tags: Record<string, string>;
    legacy: RawLegacyService;
    fargate?: ProcessConfig<NonNullable<RawWorker["fargate"]>>;
}>;

/** A scheduled job with its one owner. */
export type JobConfig = DeepReadonly<Omit<RawJob, "fargate"> & {
    tags: Record<string, string>;
    fargate: ProcessConfig<RawJob["fargate"]>;
}>;

/** A release task, run by `npm run up` before `pulumi up`. */
export type ReleaseConfig = DeepReadonly<Omit<RawRelease, "fargate"> & {
    tags: Record<string, string>;
    fargate: ProcessConfig<RawRelease["fargate"]>;
}>;

export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    readonly environment: Environment;
    readonly awsRegion: string;
    /** Applied to every taggable resource: user tags plus environment, managed-by, project and stack. */
    readonly tags: Readonly<Record<string, string>>;
    readonly dns: DnsConfig;
    readonly network: NetworkConfig;
    readonly legacy: LegacyStackConfig;
    readonly platform: PlatformConfig;
    /** The web services (kind web). */
    readonly services: readonly ServiceConfig[];
    /** The workers, scheduled jobs and release tasks (kinds worker, job, release), in config order. */
    readonly workers: readonly WorkerConfig[];
    readonly jobs: readonly JobConfig[];
    readonly releases: readonly ReleaseConfig[];
    /** Every services[] entry's name in the stack file's order: `services[i]` of a config path. */
    readonly workloadOrder: readonly string[];
    readonly hostnames: readonly HostnameConfig[];
    /** Findings that do not stop the run (shown by `pulumi preview` and the offline plan). */
    readonly warnings: readonly string[];
    /** Per moving database with `move.source.config`: that secret (the cluster's connection URL), by database name. */
    readonly databaseSources?: Readonly<Record<string, pulumi.Output<string>>>;
}

export interface RawConfigInput {
    readonly project: string;
    readonly stack: string;
    /** Every config value of the stack, keyed "<namespace>:<key>", as Pulumi passes them (objects as JSON text). */
    readonly values: Readonly<Record<string, string>>;
    /** The keys whose values were given as secrets. */
    readonly secretKeys: ReadonlySet<string>;
}
