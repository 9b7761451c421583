// Workers, scheduled jobs and release tasks: nothing connects to them (no
// ingress, no public address, private subnets), a job has one owner (its
// schedule runs only when Fargate owns it), a worker that cannot pause runs
// somewhere, and each stack has ceilings on its schedules and their runs. The
// networking rules see these tasks through the reachability model
// (lib/reachability.ts: ECS services, Scheduler and EventBridge tasks, Step
// Functions runTask states); the secrets rules read every task definition.
import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { buildModel, type Endpoint } from "../lib/reachability";
import { Node, TYPES, depsOf, idOf, nodes, ofType, subnetSets } from "../lib/stack";
import { asList, asNumber, asRecord, asString, isUnknown, parseJson, settings } from "../lib/values";

const WORKLOADS = new Set(["worker", "job", "release"]);

function workloadOf(node: Node): string | undefined {
    const w = asString(asRecord(node.props.tags)?.workload);
    return w !== undefined && WORKLOADS.has(w) ? w : undefined;
}

/** Tasks of a workload: its ECS service's or its state machine's (a dead-letter queue is no task). */
function isWorkloadTask(e: Endpoint): boolean {
    return e.kind === "workload" && workloadOf(e.node) !== undefined;
}

export const workloadPrivate: StackValidationPolicy = {
    name: "workloads-private-no-ingress",
    description: "Workers, scheduled jobs and release tasks take no inbound connection: their security groups have no ingress rule, their tasks get no public IP and run in private subnets.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        // Every ingress rule on a group of a workload (tagged workload: worker, job or release).
        const groups = ofType(all, TYPES.securityGroup).filter((g) => workloadOf(g) !== undefined);
        for (const g of groups) {
            const id = idOf(g);
            if (asList(g.props.ingress).length > 0) {
                reportViolation(`${g.name}: the ${workloadOf(g)} security group has inline ingress rules; a ${workloadOf(g)} takes no inbound connection: remove them (it pulls its work).`, g.urn);
            }
            const rules = [...ofType(all, TYPES.ingressRule), ...ofType(all, TYPES.securityGroupRule).filter((r) => asString(r.props.type) === "ingress")]
                .filter((r) => depsOf(r, "securityGroupId").includes(g.urn) || (id !== undefined && r.props.securityGroupId === id));
            for (const r of rules) {
                reportViolation(`${r.name}: admits inbound traffic to the ${workloadOf(g)} security group ${g.name}; a ${workloadOf(g)} takes no inbound connection: remove the rule.`, r.urn);
            }
        }
        const { private: privateSubnets, public: publicSubnets } = subnetSets(all);
        for (const e of buildModel(all).endpoints.filter(isWorkloadTask)) {
            if (e.publicAddress !== undefined && e.publicAddress !== "unknown") {
                reportViolation(`${e.node.name}: ${e.label}: ${e.publicAddress}; a ${workloadOf(e.node)} needs none: assign no public IP (it reaches out through the NAT gateways).`, e.node.urn);
            }
            const publicOnes = e.subnets.filter((s) => publicSubnets.has(s) && !privateSubnets.has(s));
            if (publicOnes.length > 0) {
                reportViolation(`${e.node.name}: ${e.label} runs in public subnets ${publicOnes.join(", ")}; run it in the private subnets.`, e.node.urn);
            }
        }
    },
};

/** Who a schedule says owns its job: its description, "(owner: legacy" (schedules take no tags). */
function scheduleOwner(schedule: Node): string | undefined {
    return /\(owner: (legacy|fargate)\b/.exec(asString(schedule.props.description) ?? "")?.[1];
}

export const jobSingleOwner: StackValidationPolicy = {
    name: "workloads-job-single-owner",
    description: "A scheduled job has one owner: its EventBridge Scheduler schedule is ENABLED only when Fargate owns it, never while the Droplets' crontab does.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const machines = ofType(all, TYPES.sfnStateMachine);
        for (const schedule of ofType(all, TYPES.schedulerSchedule)) {
            const state = schedule.props.state;
            if (isUnknown(state) || (asString(state) ?? "ENABLED") !== "ENABLED") {
                continue;
            }
            const target = asRecord(schedule.props.target);
            const machine = machines.find((m) => depsOf(schedule, "target").includes(m.urn) || (asString(target?.arn) !== undefined && asString(target?.arn) === asString(m.props.arn)));
            const owners = [scheduleOwner(schedule), asString(asRecord(machine?.props.tags)?.["job-owner"])];
            if (owners.includes("legacy")) {
                reportViolation(`${schedule.name}: the schedule is ENABLED while ${owners[0] === "legacy" ? "its description" : `its state machine ${machine!.name}'s job-owner tag`} says the Droplets' crontab owns the job: both would run it. Set the job's owner to fargate (and remove the crontab line), or keep the schedule DISABLED.`, schedule.urn);
            }
        }
    },
};

export const workerRunsSomewhere: StackValidationPolicy = {
    name: "workloads-worker-runs-somewhere",
    description: "A worker that cannot pause runs on one side at least: Droplets, or a Fargate service that may run tasks.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const targets = ofType(all, TYPES.scalingTarget);
        for (const service of ofType(all, TYPES.ecsService).filter((s) => workloadOf(s) === "worker")) {
            const tags = asRecord(service.props.tags) ?? {};
            const worker = asString(tags.service);
            if (asString(tags["can-pause"]) !== "false" || worker === undefined) {
                continue; // a worker that may pause waits with its queue: the plan shows it at 0 on both sides
            }
            const target = targets.find((t) => asString(t.props.resourceId)?.endsWith(`/${asString(service.props.name) ?? ""}`) || depsOf(t, "resourceId").includes(service.urn));
            if (isUnknown(target?.props.maxCapacity) || isUnknown(service.props.desiredCount)) {
                continue;
            }
            const max = asNumber(target?.props.maxCapacity) ?? asNumber(service.props.desiredCount);
            if (max === undefined || max > 0) {
                continue;
            }
            const droplets = ofType(all, TYPES.droplet).filter((d) => {
                const t = asList(d.props.tags);
                return t.includes("workload:worker") && t.includes(`service:${worker}`);
            });
            if (droplets.length === 0) {
                reportViolation(`${service.name}: worker ${worker} cannot pause, but no Droplet runs it and its Fargate service may run no task (maxCapacity ${max}): its work would wait for nobody. Give it Fargate tasks (autoscaling.max, min, desiredCount) or keep its Droplets.`, service.urn);
            }
        }
    },
};

const ceilingsSchema: PolicyConfigSchema = {
    properties: {
        maxSchedules: { type: "integer", minimum: 0, default: 50, description: "EventBridge Scheduler schedules a stack may create." },
        maxJobRunMinutes: { type: "integer", minimum: 1, default: 1440, description: "Longest maximum run time of a scheduled job, minutes." },
        maxRetryAttempts: { type: "integer", minimum: 0, maximum: 185, default: 10, description: "Most times Scheduler may retry starting a run." },
    },
};

export const workloadCeilings: StackValidationPolicy = {
    name: "workloads-stack-ceilings",
    description: "Each stack has ceilings on scheduled jobs: how many schedules, how long a run may last, how often Scheduler retries starting one.",
    configSchema: ceilingsSchema,
    validateStack: (args, reportViolation) => {
        const { maxSchedules, maxJobRunMinutes, maxRetryAttempts } = settings<{ maxSchedules: number; maxJobRunMinutes: number; maxRetryAttempts: number }>(ceilingsSchema, args.getConfig());
        const all = nodes(args.resources);
        const schedules = ofType(all, TYPES.schedulerSchedule);
        if (schedules.length > maxSchedules) {
            reportViolation(`the stack creates ${schedules.length} schedules; its ceiling is ${maxSchedules} (workloads-stack-ceilings maxSchedules): raise it in the policy config if that many jobs are meant.`);
        }
        for (const s of schedules) {
            const retries = asNumber(asRecord(asRecord(s.props.target)?.retryPolicy)?.maximumRetryAttempts);
            if (retries !== undefined && retries > maxRetryAttempts) {
                reportViolation(`${s.name}: retries starting a run ${retries} times; the ceiling is ${maxRetryAttempts}: lower fargate.retry.attempts (a run that cannot start for long is for the dead-letter queue and its alarm).`, s.urn);
            }
        }
        for (const m of ofType(all, TYPES.sfnStateMachine).filter((x) => workloadOf(x) === "job")) {
            const states = Object.values(asRecord(asRecord(parseJson(m.props.definition))?.States) ?? {}).map(asRecord);
            for (const state of states.filter((x) => /:ecs:runTask/.test(asString(x?.Resource) ?? ""))) {
                const timeout = asNumber(state?.TimeoutSeconds);
                if (timeout === undefined) {
                    reportViolation(`${m.name}: its ECS task state has no TimeoutSeconds, so a stuck run is never stopped; set the job's fargate.maxRunMinutes.`, m.urn);
                } else if (timeout > maxJobRunMinutes * 60) {
                    reportViolation(`${m.name}: a run may last ${timeout / 60} minutes; the ceiling is ${maxJobRunMinutes} (workloads-stack-ceilings maxJobRunMinutes): lower fargate.maxRunMinutes.`, m.urn);
                }
            }
        }
    },
};
