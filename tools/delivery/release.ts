// Release tasks before `up`: `npm run up` runs every release task of the
// stack (kind release: database migrations) once, with the new image, before
// the whole `pulumi up` moves anything, and stops the deploy when one fails.
//
// The sequence (docs/delivery.md, "Release tasks"):
// 1. A targeted `pulumi up` registers the release task definitions with the
//    new image, and creates what they need that does not exist yet. Its
//    targets are computed from the program's registrations (the program run
//    under mocks) and the stack's state (`pulumi stack export`): every
//    resource of the ReleaseTask components, the cluster and the network when
//    they are new, and every parent and dependency of those that would be
//    created (the engine's --target rules, tools/delivery/targeting.ts, which
//    checks the list before it is used). No service, worker or job changes.
// 2. `pulumi stack output releases` says how to run each task: its task
//    definition ARN (the revision just registered), cluster, subnets,
//    security group and log group.
// 3. For each, `aws ecs run-task` in the private subnets, then the task is
//    polled and its log stream (<prefix>/<container>/<task id>) printed as it
//    grows, until it stops or its timeout passes (then `aws ecs stop-task`).
//    A non-zero exit, a task that never ran, or a timeout stops the deploy,
//    naming the task and its log stream.
// 4. Only then the whole `pulumi up`.
// Why before `up` and not an ECS lifecycle hook: docs/delivery.md.
import type { ReleaseRun } from "../../components/aws/release-task";
import type { TargetedResource } from "./targeting";
import { untargetedCreates } from "./targeting";

/** What the `releases` stack output says about one release task (the component's own type). */
export type { ReleaseRun };

const RELEASE_COMPONENT = "migration:aws:ReleaseTask";
/** What a release task's run needs besides its own resources: the cluster and the network its subnets come from. */
const NEEDED_TYPES = new Set(["aws:ecs/cluster:Cluster", "awsx:ec2:Vpc"]);

/**
 * The --target list of the `up` that registers the release tasks: the
 * resources of every ReleaseTask component; the cluster and the network (and
 * what is below them) when the stack does not have them yet; then every
 * parent and dependency of a target that would be created, until none is
 * left. Throws when the engine would refuse the list (a defect).
 */
export function releaseTargets(resources: readonly TargetedResource[], existing: ReadonlySet<string>): string[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const below = (urn: string, seen = new Set<string>()): boolean => {
        for (let r = byUrn.get(urn); r !== undefined && !seen.has(r.urn); r = r.parent === undefined ? undefined : byUrn.get(r.parent)) {
            seen.add(r.urn);
            if (r.type === RELEASE_COMPONENT || (NEEDED_TYPES.has(r.type) && !existing.has(r.urn))) {
                return true;
            }
        }
        return false;
    };
    const targets = new Set(resources.filter((r) => !r.type.startsWith("pulumi:") && below(r.urn)).map((r) => r.urn));
    // Providers are stepped in every targeted up: a new provider's new parent (a component) must be targeted too.
    const queue = [...targets, ...resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => r.urn)];
    while (queue.length > 0) {
        const r = byUrn.get(queue.pop()!);
        for (const dep of [...(r?.parent === undefined ? [] : [r.parent]), ...(r?.dependencies ?? [])]) {
            const d = byUrn.get(dep);
            if (d !== undefined && !d.type.startsWith("pulumi:") && !existing.has(dep) && !targets.has(dep)) {
                targets.add(dep);
                queue.push(dep);
            }
        }
    }
    const ordered = resources.map((r) => r.urn).filter((u) => targets.has(u));
    const problems = untargetedCreates(resources, existing, ordered);
    if (problems.length > 0) {
        throw new Error(`the release tasks' targeted up would be refused:\n${problems.join("\n")}`);
    }
    return ordered;
}

/** The URNs a `pulumi stack export` holds (empty for a stack with no deployment yet). */
export function existingUrns(exportJson: unknown): Set<string> {
    const resources = (exportJson as { deployment?: { resources?: { urn?: unknown }[] } } | undefined)?.deployment?.resources;
    return new Set((Array.isArray(resources) ? resources : []).map((r) => r.urn).filter((u): u is string => typeof u === "string"));
}

/** `aws ecs run-task` for one release task: Fargate, the private subnets, no public IP. */
export function runTaskArgs(run: ReleaseRun, region: string): string[] {
    const network = `awsvpcConfiguration={subnets=[${run.subnets.join(",")}],securityGroups=[${run.securityGroups.join(",")}],assignPublicIp=DISABLED}`;
    return ["ecs", "run-task", "--cluster", run.cluster, "--task-definition", run.taskDefinitionArn, "--launch-type", "FARGATE",
        "--network-configuration", network, "--started-by", "npm-run-up", "--count", "1", "--region", region, "--output", "json"];
}

/** The task's log stream: awslogs writes <prefix>/<container name>/<task id>. */
export function logStreamOf(run: ReleaseRun, taskArn: string): string {
    return `${run.logStreamPrefix}/${run.containerName}/${taskArn.split("/").pop()}`;
}

export type ReleaseOutcome =
    | { readonly state: "running" }
    | { readonly state: "succeeded" }
    | { readonly state: "failed"; readonly why: string };

/** Where a release task is, from `aws ecs describe-tasks` output. */
export function releaseOutcome(describe: unknown, run: ReleaseRun): ReleaseOutcome {
    const task = (describe as { tasks?: { lastStatus?: string; stopCode?: string; stoppedReason?: string; containers?: { name?: string; exitCode?: number; reason?: string }[] }[] })?.tasks?.[0];
    if (task === undefined) {
        return { state: "failed", why: "ECS does not know the task (describe-tasks returned none)" };
    }
    if (task.lastStatus !== "STOPPED") {
        return { state: "running" };
    }
    const container = task.containers?.find((c) => c.name === run.containerName);
    if (container?.exitCode === 0) {
        return { state: "succeeded" };
    }
    const exit = container?.exitCode === undefined ? "no exit code (the container never ran)" : `exit code ${container.exitCode}`;
    const reason = [task.stopCode, task.stoppedReason, container?.reason].filter((x) => x !== undefined && x !== "").join("; ");
    return { state: "failed", why: `${exit}${reason === "" ? "" : ` (${reason})`}` };
}

/** The message that stops the deploy: which task, where its log is, and what to do. */
export function releaseFailure(run: ReleaseRun, taskArn: string | undefined, why: string, region: string): string {
    const log = taskArn === undefined ? "" : `; its log: ${run.logGroupName} ${logStreamOf(run, taskArn)} (aws logs tail ${run.logGroupName} --log-stream-names ${logStreamOf(run, taskArn)} --region ${region})`;
    return `release task ${run.name} failed: ${why}${taskArn === undefined ? "" : `; task ${taskArn}`}${log}. Nothing else was deployed: fix it and run npm run up again (the release must suit the code the Droplets and the running tasks still serve: docs/runbook.md, "Release tasks").`;
}
