// Sizing limits: Fargate accepts only certain task sizes; containers must fit
// their task; each stack has ceilings on size and scale (a typo of 100 tasks
// is a bill, not an outage fix); Droplet sizes come from an allowlist; the
// private subnets must have an address for every task at the scaling
// maximum during a deployment's surge.
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { FARGATE_MAX_EPHEMERAL_STORAGE_GIB, fargateCpuProblem, fargateMemoryProblem } from "../lib/fargate-sizes";
import { usableSubnetAddresses } from "../lib/network";
import { TYPES, nodes, ofType, scaledServiceName } from "../lib/stack";
import { Props, asList, asNumber, asRecord, asString, isUnknown, parseJson, propsOf, settings } from "../lib/values";

function isFargate(props: Props): boolean {
    const compat = asList(props.requiresCompatibilities);
    return compat.includes("FARGATE") || isUnknown(props.requiresCompatibilities);
}

const taskSizeSchema: PolicyConfigSchema = {
    properties: {
        maxEphemeralStorageGiB: {
            type: "integer", minimum: 21, maximum: FARGATE_MAX_EPHEMERAL_STORAGE_GIB, default: FARGATE_MAX_EPHEMERAL_STORAGE_GIB,
            description: "Largest ephemeralStorage.sizeInGib allowed (Fargate's own limit is 200).",
        },
    },
};

export const fargateTaskSize: ResourceValidationPolicy = {
    name: "sizing-fargate-task-size",
    description: "Fargate task definitions must use a valid cpu/memory pair and at most the allowed ephemeral storage.",
    configSchema: taskSizeSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.taskDefinition) {
            return;
        }
        const props = propsOf(args);
        if (!isFargate(props)) {
            return;
        }
        const { maxEphemeralStorageGiB } = settings<{ maxEphemeralStorageGiB: number }>(taskSizeSchema, args.getConfig());
        const cpu = asNumber(props.cpu);
        const memory = asNumber(props.memory);
        if (cpu !== undefined && memory !== undefined) {
            const cpuProblem = fargateCpuProblem(cpu);
            const problem = cpuProblem !== undefined ? `cpu ${cpu} ${cpuProblem}` : `memory ${memory} ${fargateMemoryProblem(cpu, memory) ?? ""}`;
            if (cpuProblem !== undefined || fargateMemoryProblem(cpu, memory) !== undefined) {
                reportViolation(`${args.name}: ${problem}; use a valid Fargate cpu/memory pair.`);
            }
        } else if (props.cpu === undefined || props.memory === undefined) {
            reportViolation(`${args.name}: Fargate needs task-level cpu and memory; set both (for example cpu "256", memory "512").`);
        }
        const storage = asNumber(asRecord(props.ephemeralStorage)?.sizeInGib);
        if (storage !== undefined && storage > maxEphemeralStorageGiB) {
            reportViolation(`${args.name}: ephemeralStorage.sizeInGib ${storage} is above ${maxEphemeralStorageGiB}; use at most ${maxEphemeralStorageGiB} GiB, or EFS for larger data.`);
        }
    },
};

export const containerReservations: ResourceValidationPolicy = {
    name: "sizing-container-reservations",
    description: "Container cpu and memory reservations must fit within the task size.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.taskDefinition) {
            return;
        }
        const props = propsOf(args);
        const taskCpu = asNumber(props.cpu);
        const taskMemory = asNumber(props.memory);
        const containers = parseJson(props.containerDefinitions);
        if (!Array.isArray(containers)) {
            return;
        }
        let cpuSum = 0;
        let memorySum = 0;
        for (const c of containers) {
            const container = asRecord(c) ?? {};
            const name = asString(container.name) ?? "(unnamed)";
            const cpu = asNumber(container.cpu) ?? 0;
            const hard = asNumber(container.memory);
            const soft = asNumber(container.memoryReservation);
            cpuSum += cpu;
            memorySum += soft ?? hard ?? 0;
            if (taskMemory !== undefined && hard !== undefined && hard > taskMemory) {
                reportViolation(`${args.name}: container ${name} memory ${hard} MiB is above the task's ${taskMemory} MiB; lower the container's memory or raise the task size.`);
            }
        }
        if (taskCpu !== undefined && cpuSum > taskCpu) {
            reportViolation(`${args.name}: containers reserve ${cpuSum} cpu units in total, above the task's ${taskCpu}; lower the containers' cpu or raise the task cpu.`);
        }
        if (taskMemory !== undefined && memorySum > taskMemory) {
            reportViolation(`${args.name}: containers reserve ${memorySum} MiB in total, above the task's ${taskMemory} MiB; lower memoryReservation/memory or raise the task memory.`);
        }
    },
};

const ceilingsSchema: PolicyConfigSchema = {
    properties: {
        maxTaskCpu: { type: "integer", minimum: 256, maximum: 16384, default: 4096, description: "Largest task cpu (units)." },
        maxTaskMemoryMiB: { type: "integer", minimum: 512, maximum: 122880, default: 16384, description: "Largest task memory (MiB)." },
        maxDesiredCount: { type: "integer", minimum: 1, default: 20, description: "Largest ECS service desiredCount." },
        maxAutoscalingCapacity: { type: "integer", minimum: 1, default: 50, description: "Largest appautoscaling target maxCapacity." },
    },
};

interface Ceilings {
    readonly maxTaskCpu: number;
    readonly maxTaskMemoryMiB: number;
    readonly maxDesiredCount: number;
    readonly maxAutoscalingCapacity: number;
}

export const stackCeilings: ResourceValidationPolicy = {
    name: "sizing-stack-ceilings",
    description: "Task size, desired count and autoscaling maximum must stay within the stack's ceilings.",
    configSchema: ceilingsSchema,
    validateResource: (args, reportViolation) => {
        const c = settings<Ceilings>(ceilingsSchema, args.getConfig());
        const props = propsOf(args);
        const over = (what: string, value: number | undefined, max: number, key: string) => {
            if (value !== undefined && value > max) {
                reportViolation(`${args.name}: ${what} ${value} is above this stack's ceiling ${max}; lower it, or raise ${key} in policies/config/<stack>.json after review.`);
            }
        };
        if (args.type === TYPES.taskDefinition) {
            over("cpu", asNumber(props.cpu), c.maxTaskCpu, "maxTaskCpu");
            over("memory", asNumber(props.memory), c.maxTaskMemoryMiB, "maxTaskMemoryMiB");
        } else if (args.type === TYPES.ecsService) {
            over("desiredCount", asNumber(props.desiredCount), c.maxDesiredCount, "maxDesiredCount");
        } else if (args.type === TYPES.scalingTarget) {
            over("maxCapacity", asNumber(props.maxCapacity), c.maxAutoscalingCapacity, "maxAutoscalingCapacity");
        }
    },
};

const dropletSchema: PolicyConfigSchema = {
    properties: {
        allowedSizes: {
            type: "array", items: { type: "string", pattern: "^[a-z0-9-]+$" }, minItems: 1, uniqueItems: true,
            default: ["s-1vcpu-1gb", "s-1vcpu-2gb", "s-2vcpu-2gb", "s-2vcpu-4gb", "s-4vcpu-8gb"],
            description: "Droplet size slugs this stack may use.",
        },
    },
};

export const dropletSizeAllowlist: ResourceValidationPolicy = {
    name: "sizing-droplet-size-allowlist",
    description: "Droplets must use a size from the stack's allowlist.",
    configSchema: dropletSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.droplet) {
            return;
        }
        const { allowedSizes } = settings<{ allowedSizes: string[] }>(dropletSchema, args.getConfig());
        const size = asString(propsOf(args).size);
        if (size !== undefined && !allowedSizes.includes(size)) {
            reportViolation(`${args.name}: size ${size} is not allowed in this stack; use one of ${allowedSizes.join(", ")}.`);
        }
    },
};

const addressSchema: PolicyConfigSchema = {
    properties: {
        surgeFactor: {
            type: "number", minimum: 1, maximum: 4, default: 2,
            description: "Tasks that may run at once per task at the autoscaling maximum (deploymentMaximumPercent 200% = 2).",
        },
    },
};

export const subnetAddressRoom: StackValidationPolicy = {
    name: "sizing-subnet-address-room",
    description: "Private subnets must have an address for every Fargate task at the autoscaling maximum times the deployment surge.",
    configSchema: addressSchema,
    validateStack: (args, reportViolation) => {
        const { surgeFactor } = settings<{ surgeFactor: number }>(addressSchema, args.getConfig());
        const all = nodes(args.resources);
        for (const network of ofType(all, TYPES.network)) {
            const cidrs = asList(network.props.privateSubnetCidrs);
            const sizes = cidrs.map((c) => (typeof c === "string" ? usableSubnetAddresses(c) : undefined));
            if (cidrs.length === 0 || sizes.some((s) => s === undefined)) {
                continue; // unknown at preview, or not given for an existing VPC
            }
            const room = (sizes as number[]).reduce((a, b) => a + b, 0);
            const demand = ofType(all, TYPES.scalingTarget)
                .filter((t) => scaledServiceName(t) !== undefined && t.props.serviceNamespace === "ecs")
                .map((t) => ({ name: scaledServiceName(t)!, max: asNumber(t.props.maxCapacity) }))
                .filter((t): t is { name: string; max: number } => t.max !== undefined);
            const needed = Math.ceil(demand.reduce((sum, t) => sum + t.max * surgeFactor, 0));
            if (needed > room) {
                const detail = demand.map((t) => `${t.name} ${t.max}`).join(", ");
                reportViolation(`${network.name}: private subnets ${cidrs.join(", ")} have ${room} usable addresses, but the services' autoscaling maximums (${detail}) x ${surgeFactor} need ${needed}; use larger private subnets or lower maxCapacity.`, network.urn);
            }
        }
    },
};
