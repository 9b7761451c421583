// Sizing limits: Fargate accepts only certain task sizes; containers must fit
// their task; each stack has ceilings on size and scale (a typo of 100 tasks
// is a bill, not an outage fix); Droplet sizes come from an allowlist; the
// private subnets must have an address for every task at the scaling
// maximum during a deployment's surge.
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { taskViews } from "../lib/containers";
import { FARGATE_MAX_EPHEMERAL_STORAGE_GIB, FARGATE_MAX_STOP_TIMEOUT_SECONDS, FARGATE_MIN_EPHEMERAL_STORAGE_GIB, ParsedSize, fargateCpuProblem, fargateMemoryProblem, fargatePlatformProblem, parseTaskCpu, parseTaskMemory } from "../lib/fargate-sizes";
import { usableSubnetAddresses } from "../lib/network";
import { Node, TYPES, depsOf, nodes, ofType, scaledServiceName } from "../lib/stack";
import { asList, asNumber, asRecord, asString, isUnknown, propsOf, settings } from "../lib/values";

/** How a size is shown: the number, or the text as written with the number ECS reads ("1 vCPU" (1024)). */
function shown(raw: unknown, value: number): string {
    return typeof raw === "number" || (typeof raw === "string" && /^\d+$/.test(raw.trim())) ? String(value) : `${JSON.stringify(raw)} (${value})`;
}

/** A known number, a numeric string, or a problem for any other known value (never a silent skip). */
function parseCount(value: unknown): ParsedSize | undefined {
    if (value === undefined || value === null || isUnknown(value)) {
        return undefined;
    }
    const n = asNumber(value);
    return n === undefined ? { problem: `${JSON.stringify(value)} is not a number` } : { value: n };
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
    description: "Fargate task definitions must use a cpu/memory pair valid for their operating system and architecture, written as ECS reads it, ephemeral storage Fargate accepts and container stop timeouts within Fargate's limit.",
    configSchema: taskSizeSchema,
    validateResource: (args, reportViolation) => {
        const { maxEphemeralStorageGiB } = settings<{ maxEphemeralStorageGiB: number }>(taskSizeSchema, args.getConfig());
        for (const task of taskViews(args.type, () => propsOf(args)).filter((t) => t.fargate)) {
            const { props, at } = task;
            const cpu = parseTaskCpu(props.cpu);
            const memory = parseTaskMemory(props.memory);
            for (const [key, parsed] of [["cpu", cpu], ["memory", memory]] as const) {
                if (parsed !== undefined && "problem" in parsed) {
                    reportViolation(`${args.name}: ${at}${key} ${parsed.problem}.`);
                }
            }
            if (cpu !== undefined && "value" in cpu && memory !== undefined && "value" in memory) {
                const cpuProblem = fargateCpuProblem(cpu.value);
                const memoryProblem = fargateMemoryProblem(cpu.value, memory.value);
                const platform = asRecord(props.runtimePlatform);
                const platformProblem = fargatePlatformProblem(cpu.value, asString(platform?.operatingSystemFamily), asString(platform?.cpuArchitecture));
                if (cpuProblem !== undefined) {
                    reportViolation(`${args.name}: ${at}cpu ${shown(props.cpu, cpu.value)} ${cpuProblem}; use a valid Fargate cpu/memory pair.`);
                } else if (memoryProblem !== undefined) {
                    reportViolation(`${args.name}: ${at}memory ${shown(props.memory, memory.value)} ${memoryProblem}; use a valid Fargate cpu/memory pair.`);
                } else if (platformProblem !== undefined) {
                    reportViolation(`${args.name}: ${at}runtimePlatform ${platformProblem}.`);
                }
            } else if (!task.sizeDefaulted && (props.cpu === undefined || props.memory === undefined)) {
                reportViolation(`${args.name}: Fargate needs task-level cpu and memory; set both (for example cpu "256", memory "512").`);
            }
            const storage = parseCount(asRecord(props.ephemeralStorage)?.sizeInGib);
            if (storage !== undefined && "problem" in storage) {
                reportViolation(`${args.name}: ${at}ephemeralStorage.sizeInGib ${storage.problem}; write a whole number of GiB.`);
            } else if (storage !== undefined && storage.value > maxEphemeralStorageGiB) {
                reportViolation(`${args.name}: ${at}ephemeralStorage.sizeInGib ${storage.value} is above ${maxEphemeralStorageGiB}; use at most ${maxEphemeralStorageGiB} GiB, or EFS for larger data.`);
            } else if (storage !== undefined && storage.value < FARGATE_MIN_EPHEMERAL_STORAGE_GIB) {
                reportViolation(`${args.name}: ${at}ephemeralStorage.sizeInGib ${storage.value} is below Fargate's minimum ${FARGATE_MIN_EPHEMERAL_STORAGE_GIB}; leave ephemeralStorage out for the included 20 GiB, or set ${FARGATE_MIN_EPHEMERAL_STORAGE_GIB} to ${FARGATE_MAX_EPHEMERAL_STORAGE_GIB}.`);
            }
            // ECS API ContainerDefinition.stopTimeout: "The max stop timeout value is 120 seconds" on Fargate.
            for (const container of task.containers ?? []) {
                const stop = parseCount(container.props.stopTimeout);
                if (stop !== undefined && "value" in stop && stop.value > FARGATE_MAX_STOP_TIMEOUT_SECONDS) {
                    reportViolation(`${args.name}: ${at}container ${container.name} stopTimeout ${stop.value} is above Fargate's maximum ${FARGATE_MAX_STOP_TIMEOUT_SECONDS} seconds; drain within ${FARGATE_MAX_STOP_TIMEOUT_SECONDS} seconds (ECS kills the container then).`);
                }
            }
        }
    },
};

export const containerReservations: ResourceValidationPolicy = {
    name: "sizing-container-reservations",
    description: "Container cpu and memory reservations must be numbers, keep memory above memoryReservation and fit within the task size.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        for (const task of taskViews(args.type, () => propsOf(args))) {
            if (task.containers === undefined) {
                continue; // unknown at preview
            }
            const taskCpu = parseTaskCpu(task.props.cpu);
            const taskMemory = parseTaskMemory(task.props.memory);
            const cpuLimit = taskCpu !== undefined && "value" in taskCpu ? taskCpu.value : undefined;
            const memoryLimit = taskMemory !== undefined && "value" in taskMemory ? taskMemory.value : undefined;
            let cpuSum = 0;
            let memorySum = 0;
            for (const { name, props: container } of task.containers) {
                const read = (key: string): number | undefined => {
                    const parsed = parseCount(container[key]);
                    if (parsed !== undefined && "problem" in parsed) {
                        reportViolation(`${args.name}: ${task.at}container ${name} ${key} ${parsed.problem}; ECS reads container ${key} as a whole number${key === "cpu" ? " of cpu units" : " of MiB"}.`);
                        return undefined;
                    }
                    return parsed?.value;
                };
                const cpu = read("cpu") ?? 0;
                const hard = read("memory");
                const soft = read("memoryReservation");
                cpuSum += cpu;
                memorySum += soft ?? hard ?? 0;
                // ECS API ContainerDefinition.memory: "If you specify both, memory must be greater than memoryReservation"; Docker 20.10+ reserves 6 MiB.
                if (hard !== undefined && soft !== undefined && hard <= soft) {
                    reportViolation(`${args.name}: ${task.at}container ${name} memory ${hard} MiB is not above its memoryReservation ${soft} MiB; ECS requires memory greater than memoryReservation (raise memory or lower the reservation).`);
                }
                if (hard !== undefined && hard < 6) {
                    reportViolation(`${args.name}: ${task.at}container ${name} memory ${hard} MiB is below the 6 MiB Docker reserves for a container; give it at least 6 MiB.`);
                }
                if (memoryLimit !== undefined && hard !== undefined && hard > memoryLimit) {
                    reportViolation(`${args.name}: ${task.at}container ${name} memory ${hard} MiB is above the task's ${memoryLimit} MiB; lower the container's memory or raise the task size.`);
                }
            }
            if (cpuLimit !== undefined && cpuSum > cpuLimit) {
                reportViolation(`${args.name}: ${task.at}containers reserve ${cpuSum} cpu units in total, above the task's ${cpuLimit}; lower the containers' cpu or raise the task cpu.`);
            }
            if (memoryLimit !== undefined && memorySum > memoryLimit) {
                reportViolation(`${args.name}: ${task.at}containers reserve ${memorySum} MiB in total, above the task's ${memoryLimit} MiB; lower memoryReservation/memory or raise the task memory.`);
            }
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
        const over = (what: string, raw: unknown, parsed: ParsedSize | undefined, max: number, key: string) => {
            if (parsed !== undefined && "problem" in parsed) {
                reportViolation(`${args.name}: ${what} cannot be held to this stack's ceiling ${max}: ${parsed.problem}.`);
            } else if (parsed !== undefined && parsed.value > max) {
                reportViolation(`${args.name}: ${what} ${shown(raw, parsed.value)} is above this stack's ceiling ${max}; lower it, or raise ${key} in policies/config/<stack>.json after review.`);
            }
        };
        for (const task of taskViews(args.type, props)) {
            over(`${task.at}cpu`, task.props.cpu, parseTaskCpu(task.props.cpu), c.maxTaskCpu, "maxTaskCpu");
            over(`${task.at}memory`, task.props.memory, parseTaskMemory(task.props.memory), c.maxTaskMemoryMiB, "maxTaskMemoryMiB");
        }
        if (args.type === TYPES.ecsService || args.type === TYPES.awsxFargateService) {
            over("desiredCount", props.desiredCount, parseCount(props.desiredCount), c.maxDesiredCount, "maxDesiredCount");
        } else if (args.type === TYPES.scalingTarget) {
            over("maxCapacity", props.maxCapacity, parseCount(props.maxCapacity), c.maxAutoscalingCapacity, "maxAutoscalingCapacity");
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

const capacitySchema: PolicyConfigSchema = {
    properties: {
        minHealthyTasks: {
            type: "integer", minimum: 0, default: 1,
            description: "Fewest tasks a rolling deployment may leave running (1: a deployment never stops every task).",
        },
    },
};

/** The service an ECS scalable target scales, by name or dependency. */
function scalingTargetOf(service: Node, targets: readonly Node[]): Node | undefined {
    const name = asString(service.props.name);
    return targets.find((t) => t.props.serviceNamespace === "ecs" && ((name !== undefined && scaledServiceName(t) === name) || depsOf(t, "resourceId").includes(service.urn)));
}

/**
 * Tasks ECS keeps and may run during a rolling deployment at a desired count
 * (ECS API DeploymentConfiguration: minimumHealthyPercent "rounded up",
 * maximumPercent "rounded down"); defaults 100 and 200.
 */
export function deploymentBounds(desired: number, minimumHealthyPercent: number, maximumPercent: number): { readonly keep: number; readonly most: number } {
    return { keep: Math.ceil((desired * minimumHealthyPercent) / 100), most: Math.floor((desired * maximumPercent) / 100) };
}

// Application Auto Scaling RegisterScalableTarget (MinCapacity, MaxCapacity)
// and the ECS rolling deployment (DeploymentConfiguration), from the botocore
// models application-autoscaling and ecs/2014-11-13: autoscaling bounds in
// order, the desired count inside them (autoscaling moves it there at once),
// and deployment percentages that neither stop every task nor leave the
// deployment unable to start a new one, at every count autoscaling may set.
export const serviceCapacity: StackValidationPolicy = {
    name: "sizing-service-capacity",
    description: "Autoscaling bounds must be in order around the desired count, and rolling deployments must keep tasks running and be able to start new ones.",
    configSchema: capacitySchema,
    validateStack: (args, reportViolation) => {
        const { minHealthyTasks } = settings<{ minHealthyTasks: number }>(capacitySchema, args.getConfig());
        const all = nodes(args.resources);
        const targets = ofType(all, TYPES.scalingTarget);
        for (const t of targets) {
            const min = asNumber(t.props.minCapacity);
            const max = asNumber(t.props.maxCapacity);
            if (min !== undefined && max !== undefined && min > max) {
                reportViolation(`${t.name}: minCapacity ${min} is above maxCapacity ${max}; Application Auto Scaling refuses it; set minCapacity <= maxCapacity.`, t.urn);
            }
        }
        for (const service of ofType(all, TYPES.ecsService, TYPES.awsxFargateService)) {
            const p = service.props;
            const controller = asString(asRecord(p.deploymentController)?.type) ?? "ECS";
            const desired = asNumber(p.desiredCount);
            const target = scalingTargetOf(service, targets);
            const min = asNumber(target?.props.minCapacity);
            const max = asNumber(target?.props.maxCapacity);
            if (desired !== undefined && min !== undefined && max !== undefined && min <= max && (desired < min || desired > max)) {
                reportViolation(`${service.name}: desiredCount ${desired} is outside its autoscaling bounds ${min}-${max} (${target!.name}), so autoscaling moves it to ${desired < min ? min : max} as soon as it runs; set desiredCount within the bounds.`, service.urn);
            }
            if (controller !== "ECS" || asString(p.schedulingStrategy) === "DAEMON") {
                continue; // blue/green and external deployments do not use the percentages
            }
            const minPct = isUnknown(p.deploymentMinimumHealthyPercent) ? undefined : asNumber(p.deploymentMinimumHealthyPercent) ?? 100;
            const maxPct = isUnknown(p.deploymentMaximumPercent) ? undefined : asNumber(p.deploymentMaximumPercent) ?? 200;
            if (minPct === undefined || maxPct === undefined) {
                continue;
            }
            const counts = [...new Set([desired, min, max].filter((c): c is number => c !== undefined && c > 0))].sort((a, b) => a - b);
            for (const count of counts) {
                const { keep, most } = deploymentBounds(count, minPct, maxPct);
                // A worker that must not run twice replaces its tasks stop-first on purpose (components/aws/fargate-worker.ts).
                const stopFirst = asString(asRecord(p.tags)?.["safe-to-run-twice"]) === "false" && asList(p.loadBalancers).length === 0;
                if (keep < Math.min(minHealthyTasks, count) && !stopFirst) {
                    reportViolation(`${service.name}: deploymentMinimumHealthyPercent ${minPct} lets a deployment at ${count} task${count > 1 ? "s" : ""} keep only ${keep} running, so a deployment may stop every task; raise it (100 keeps them all, with deploymentMaximumPercent 200 starting the new ones first).`, service.urn);
                    break;
                }
                if (most <= count && keep >= count) {
                    reportViolation(`${service.name}: at ${count} task${count > 1 ? "s" : ""}, deploymentMaximumPercent ${maxPct} allows no task above the count (${most}) and deploymentMinimumHealthyPercent ${minPct} allows none stopped (${keep}), so a deployment cannot start a single new task; raise deploymentMaximumPercent (200) or lower deploymentMinimumHealthyPercent.`, service.urn);
                    break;
                }
            }
        }
    },
};
