// One view of "a task and its containers" over the three ways a program can
// declare them: a raw aws.ecs.TaskDefinition (containerDefinitions is JSON
// text), and the inputs of the awsx components FargateTaskDefinition
// (container / containers) and FargateService (taskDefinitionArgs). Rules
// about containers (secrets, sizes) read this view and so cover all three.
import { NameRules, argumentFindings, findCredential } from "./credentials";
import { TYPES } from "./stack";
import { Props, asList, asRecord, asString, isUnknown, parseJson } from "./values";

export interface ContainerView {
    readonly name: string;
    readonly props: Props;
}

export interface TaskView {
    /** Property path of the task inside the resource, for messages ("" for a raw task definition). */
    readonly at: string;
    /** The task-level props (cpu, memory, ephemeralStorage, requiresCompatibilities...). */
    readonly props: Props;
    /** True for awsx Fargate components, the compatibility list otherwise (unknown counts as Fargate). */
    readonly fargate: boolean;
    /** awsx computes task cpu/memory from the containers when they are not given. */
    readonly sizeDefaulted: boolean;
    /** The containers, or undefined while they are unknown (preview). */
    readonly containers: readonly ContainerView[] | undefined;
}

function awsxContainers(task: Props): ContainerView[] | undefined {
    if (isUnknown(task.container) || isUnknown(task.containers)) {
        return undefined;
    }
    const result: ContainerView[] = [];
    const single = asRecord(task.container);
    if (single !== undefined) {
        result.push({ name: asString(single.name) ?? "container", props: single });
    }
    for (const [key, value] of Object.entries(asRecord(task.containers) ?? {})) {
        const c = asRecord(value);
        if (c !== undefined) {
            result.push({ name: asString(c.name) ?? key, props: c });
        }
    }
    return result;
}

/**
 * The tasks a resource declares (none for other types, or an awsx service
 * given a task definition ARN). `props` may be a function: read only for a
 * type that declares tasks (a rule's snapshot of every other resource is
 * then never made).
 */
export function taskViews(type: string, propsOrRead: Props | (() => Props)): TaskView[] {
    if (type !== TYPES.taskDefinition && type !== TYPES.awsxFargateTaskDefinition && type !== TYPES.awsxFargateService) {
        return [];
    }
    const props = typeof propsOrRead === "function" ? propsOrRead() : propsOrRead;
    if (type === TYPES.taskDefinition) {
        const parsed = parseJson(props.containerDefinitions);
        const containers = Array.isArray(parsed)
            ? parsed.map((c, i) => { const r = asRecord(c) ?? {}; return { name: asString(r.name) ?? `containerDefinitions[${i}]`, props: r }; })
            : undefined;
        const compat = props.requiresCompatibilities;
        return [{ at: "", props, fargate: isUnknown(compat) || asList(compat).includes("FARGATE"), sizeDefaulted: false, containers }];
    }
    if (type === TYPES.awsxFargateTaskDefinition) {
        return [{ at: "", props, fargate: true, sizeDefaulted: true, containers: awsxContainers(props) }];
    }
    if (type === TYPES.awsxFargateService) {
        const args = asRecord(props.taskDefinitionArgs);
        if (args === undefined) {
            return [];
        }
        return [{ at: "taskDefinitionArgs.", props: args, fargate: true, sizeDefaulted: true, containers: awsxContainers(args) }];
    }
    return [];
}

/** A credential found in a string a container carries: where ("environment DB_PASSWORD") and what. */
export interface ContainerFinding {
    readonly where: string;
    readonly what: string;
}

function pairs(record: unknown, label: string, rules: NameRules): ContainerFinding[] {
    return Object.entries(asRecord(record) ?? {}).flatMap(([key, value]) => {
        const found = typeof value === "string" ? findCredential(key, value, rules) : undefined;
        return found === undefined ? [] : [{ where: `${label}.${key}`, what: `holds ${found.kind}` }];
    });
}

function args(list: unknown, label: string, rules: NameRules): ContainerFinding[] {
    const strings = asList(list).map((s) => (typeof s === "string" ? s : ""));
    return argumentFindings(strings, rules).map((f) => ({ where: `${label}[${f.index}]`, what: f.what }));
}

/**
 * Credentials in every string a container carries: environment, command,
 * entryPoint, healthCheck.command, logConfiguration.options,
 * firelensConfiguration.options and dockerLabels.
 */
export function containerCredentialFindings(container: Props, rules: NameRules): ContainerFinding[] {
    const findings: ContainerFinding[] = [];
    for (const variable of asList(container.environment)) {
        const v = asRecord(variable) ?? {};
        const name = asString(v.name);
        const value = asString(v.value);
        const found = value === undefined ? undefined : findCredential(name, value, rules);
        if (found !== undefined) {
            findings.push({ where: `environment ${name ?? "(unnamed)"}`, what: `holds ${found.kind}` });
        }
    }
    findings.push(...args(container.command, "command", rules));
    findings.push(...args(container.entryPoint, "entryPoint", rules));
    findings.push(...args(asRecord(container.healthCheck)?.command, "healthCheck.command", rules));
    findings.push(...pairs(asRecord(container.logConfiguration)?.options, "logConfiguration.options", rules));
    findings.push(...pairs(asRecord(container.firelensConfiguration)?.options, "firelensConfiguration.options", rules));
    findings.push(...pairs(container.dockerLabels, "dockerLabels", rules));
    return findings;
}

/** The container's `secrets` as (name, valueFrom) pairs; valueFrom undefined while unknown. */
export function containerSecrets(container: Props): { readonly name: string; readonly valueFrom: string | undefined; readonly unknown: boolean }[] {
    const list = [...asList(container.secrets), ...asList(asRecord(container.logConfiguration)?.secretOptions)];
    return list.map((s) => {
        const r = asRecord(s) ?? {};
        return { name: asString(r.name) ?? "(unnamed)", valueFrom: asString(r.valueFrom), unknown: isUnknown(s) || isUnknown(r.valueFrom) };
    });
}
