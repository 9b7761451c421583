// The one copy of the Fargate task size table (Linux), from
// ../shared/reference/aws.md "Fargate task sizes". It lives inside the policy
// pack because `pulumi policy publish` ships only this folder; the program
// imports it from here so config validation and policies never disagree.

export interface FargateMemoryRange {
    /** Task-level cpu units. */
    readonly cpu: number;
    /** Valid task memory in MiB, ascending. */
    readonly memory: readonly number[];
    /** How the range is written in messages, e.g. "1024-4096 in steps of 1024". */
    readonly description: string;
}

function range(min: number, max: number, step: number): number[] {
    const values: number[] = [];
    for (let v = min; v <= max; v += step) {
        values.push(v);
    }
    return values;
}

function sized(cpu: number, min: number, max: number, step: number): FargateMemoryRange {
    return { cpu, memory: range(min, max, step), description: `${min}-${max} in steps of ${step}` };
}

export const FARGATE_TASK_SIZES: readonly FargateMemoryRange[] = [
    { cpu: 256, memory: [512, 1024, 2048], description: "512, 1024, 2048" },
    sized(512, 1024, 4096, 1024),
    sized(1024, 2048, 8192, 1024),
    sized(2048, 4096, 16384, 1024),
    sized(4096, 8192, 30720, 1024),
    sized(8192, 16384, 61440, 4096),
    sized(16384, 32768, 122880, 8192),
];

export const FARGATE_CPU_VALUES: readonly number[] = FARGATE_TASK_SIZES.map((s) => s.cpu);

/** Ephemeral storage: 20 GiB included, configurable 21 to 200 GiB (ECS API EphemeralStorage.sizeInGiB: "The minimum supported value is 21 GiB and the maximum supported value is 200 GiB"). */
export const FARGATE_MAX_EPHEMERAL_STORAGE_GIB = 200;
export const FARGATE_MIN_EPHEMERAL_STORAGE_GIB = 21;

/**
 * Windows containers on Fargate: "The CPU units cannot be less than 1 vCPU
 * when you use Windows containers on Fargate", and the 8 and 16 vCPU sizes
 * "require Linux platform 1.4.0 or later" (ECS API RegisterTaskDefinition
 * cpu, botocore ecs/2014-11-13 service-2.json).
 */
export const FARGATE_WINDOWS_CPU_VALUES: readonly number[] = [1024, 2048, 4096];

/**
 * Why a task size is not valid for the task's runtime platform on Fargate,
 * or undefined. ARM64 takes the Linux table; Windows only 1, 2 and 4 vCPU and
 * only on X86_64 (ECS API RuntimePlatform.cpuArchitecture: ARM64 "is
 * available for tasks that run on Linux Amazon EC2 instance or Linux
 * containers on Fargate").
 */
export function fargatePlatformProblem(cpu: number, os: string | undefined, arch: string | undefined): string | undefined {
    const windows = os !== undefined && os.startsWith("WINDOWS");
    if (windows && arch === "ARM64") {
        return `runs ${os} on ARM64, which Fargate does not offer (ARM64 is Linux only); use cpuArchitecture X86_64 or operatingSystemFamily LINUX`;
    }
    if (windows && !FARGATE_WINDOWS_CPU_VALUES.includes(cpu)) {
        return `cpu ${cpu} is not a Fargate size for Windows containers; allowed ${FARGATE_WINDOWS_CPU_VALUES.join(", ")} (at least 1 vCPU, and 8 and 16 vCPU are Linux only)`;
    }
    return undefined;
}

/** Container stopTimeout ceiling on Fargate, seconds. */
export const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120;

/**
 * Why a task size is not valid on Fargate, or undefined when it is.
 * The text completes "<key>: <value> ..." in error and violation messages.
 */
export function fargateCpuProblem(cpu: number): string | undefined {
    if (FARGATE_CPU_VALUES.includes(cpu)) {
        return undefined;
    }
    return `is not a Fargate cpu size; allowed ${FARGATE_CPU_VALUES.join(", ")}`;
}

export function fargateMemoryProblem(cpu: number, memory: number): string | undefined {
    const size = FARGATE_TASK_SIZES.find((s) => s.cpu === cpu);
    if (size === undefined) {
        return fargateCpuProblem(cpu);
    }
    if (size.memory.includes(memory)) {
        return undefined;
    }
    return `is not valid for cpu ${cpu}; allowed ${size.description}`;
}

/** A size read the way ECS reads it, or why it cannot be read. */
export type ParsedSize = { readonly value: number } | { readonly problem: string };

const CPU_FORMS = 'cpu units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu")';
const MEMORY_FORMS = 'MiB ("2048") or GB ("2 GB", "0.5GB")';

function parseScaled(value: unknown, unit: RegExp, forms: string, what: string): ParsedSize | undefined {
    if (value === undefined || value === null || typeof value === "symbol") {
        return undefined; // absent, or unknown at preview
    }
    const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : undefined;
    const plain = text === undefined ? null : /^\d+$/.exec(text);
    const scaled = text === undefined ? null : unit.exec(text);
    const n = plain !== null ? Number(plain[0]) : scaled !== null ? Number(scaled[1]) * 1024 : undefined;
    if (n === undefined) {
        return { problem: `${JSON.stringify(value)} is not a size ECS reads; write ${what} in ${forms}` };
    }
    if (!Number.isInteger(n)) {
        return { problem: `${JSON.stringify(value)} is ${n} ${what === "cpu" ? "cpu units" : "MiB"}, not a whole number; write ${what} in ${forms}` };
    }
    return { value: n };
}

/**
 * Task-level cpu as ECS reads it: an integer of cpu units, or a string in
 * vCPUs ("1 vCPU" or "1 vcpu"), converted to units at registration (ECS API
 * Reference, RegisterTaskDefinition `cpu`). Undefined when absent or unknown.
 */
export function parseTaskCpu(value: unknown): ParsedSize | undefined {
    return parseScaled(value, /^(\d+(?:\.\d+)?)\s*vcpu$/i, CPU_FORMS, "cpu");
}

/**
 * Task-level memory as ECS reads it: an integer of MiB, or a string in GB
 * ("2GB" or "2 GB"), converted to MiB at registration (ECS API Reference,
 * RegisterTaskDefinition `memory`). Undefined when absent or unknown.
 */
export function parseTaskMemory(value: unknown): ParsedSize | undefined {
    return parseScaled(value, /^(\d+(?:\.\d+)?)\s*gb$/i, MEMORY_FORMS, "memory");
}
