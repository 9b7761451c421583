// The release step of `npm run up` (./release.ts says what and why): the
// targeted up, then each release task run with the AWS CLI, its log streamed,
// its exit code read. Everything here calls a CLI; the decisions are the pure
// functions of ./release.ts.
import { spawn, spawnSync } from "child_process";
import type { StackConfig } from "../../components/config";
import { readStackConfig } from "../stack-file";
import { buildPulumiInvocation, DeliveryRefusal } from "./commands";
import { existingUrns, logStreamOf, releaseFailure, releaseOutcome, releaseTargets, runTaskArgs, type ReleaseRun } from "./release";

export interface ReleaseContext {
    readonly pulumi: string;
    /** The AWS CLI, with the stack's credentials. */
    readonly aws: string | undefined;
    readonly config: StackConfig;
    readonly repoRoot: string;
    readonly stack: string;
    readonly yes: boolean;
    readonly env: NodeJS.ProcessEnv;
    readonly write: (text: string) => void;
    /** Seconds between two looks at a running task. @default 6 */
    readonly pollSeconds?: number;
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

function json(executable: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): { ok: boolean; value: unknown; stderr: string } {
    const result = spawnSync(executable, [...args], { env, cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (result.status !== 0) {
        return { ok: false, value: undefined, stderr: (result.stderr ?? "").trim() };
    }
    try {
        return { ok: true, value: JSON.parse(result.stdout), stderr: "" };
    } catch {
        return { ok: false, value: undefined, stderr: `not JSON: ${result.stdout.slice(0, 200)}` };
    }
}

function runInherit(executable: string, args: readonly string[], env: Readonly<Record<string, string>>, cwd: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const child = spawn(executable, [...args], { cwd, env, stdio: "inherit" });
        child.on("error", reject);
        child.on("exit", (code) => resolve(code ?? 1));
    });
}

/** The program's registrations under mocks: the graph the targets are computed on. */
async function programGraph(repoRoot: string, stack: string) {
    // Loaded here: the mock runtime and the program are only needed by an up with release tasks.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { runProgram } = require("../offline/capture") as typeof import("../offline/capture");
    const { OfflineMocks, mockEnvironmentFor } = require("../offline/mocks") as typeof import("../offline/mocks");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const input = readStackConfig(repoRoot, stack);
    const run = await runProgram(input, { mocks: new OfflineMocks(mockEnvironmentFor(input)) });
    return run.registrations.map((r) => ({ urn: r.urn, type: r.type, parent: r.parent, dependencies: r.options.dependsOn, provider: r.options.provider }));
}

/**
 * Registers and runs every release task; resolves 0 when all exited 0 (the
 * whole up may go on), else the exit code to stop with. The failure message
 * names the task and its log stream.
 */
export async function runReleases(c: ReleaseContext): Promise<number> {
    if (c.aws === undefined) {
        throw new DeliveryRefusal(`this up runs the release task${c.config.releases.length === 1 ? "" : "s"} ${c.config.releases.map((r) => r.name).join(", ")} first; that needs the AWS CLI (aws) with the stack's credentials on PATH`);
    }
    const region = c.config.awsRegion;
    const exported = json(c.pulumi, ["stack", "export", "--stack", c.stack], c.env, c.repoRoot);
    const existing = existingUrns(exported.ok ? exported.value : undefined);
    const targets = releaseTargets(await programGraph(c.repoRoot, c.stack), existing);
    c.write(`Release tasks: registering ${c.config.releases.map((r) => r.name).join(", ")} with the new image (a targeted up of ${targets.length} resources; no service, worker or job changes)\n`);
    const invocation = buildPulumiInvocation({ command: "up", stack: c.stack, repoRoot: c.repoRoot, yes: c.yes, passThrough: targets.flatMap((t) => ["--target", t]) }, c.env);
    const registered = await runInherit(c.pulumi, invocation.args, invocation.env, invocation.cwd);
    if (registered !== 0) {
        c.write(`error: the targeted up that registers the release tasks failed (exit ${registered}); nothing else was deployed\n`);
        return registered;
    }
    const output = json(c.pulumi, ["stack", "output", "releases", "--json", "--stack", c.stack], c.env, c.repoRoot);
    if (!output.ok || !Array.isArray(output.value)) {
        c.write(`error: pulumi stack output releases failed: ${output.stderr}; nothing else was deployed\n`);
        return 1;
    }
    for (const run of output.value as ReleaseRun[]) {
        const code = await runOne(c, run, region);
        if (code !== 0) {
            return code;
        }
    }
    c.write("Release tasks: all exited 0; now the whole up.\n");
    return 0;
}

async function runOne(c: ReleaseContext, run: ReleaseRun, region: string): Promise<number> {
    const aws = c.aws!;
    const fail = (taskArn: string | undefined, why: string) => {
        c.write(`error: ${releaseFailure(run, taskArn, why, region)}\n`);
        return 1;
    };
    c.write(`Release task ${run.name}: starting ${run.taskDefinitionArn}\n`);
    const started = json(aws, runTaskArgs(run, region), c.env);
    const response = started.value as { tasks?: { taskArn?: string }[]; failures?: { arn?: string; reason?: string; detail?: string }[] } | undefined;
    const taskArn = response?.tasks?.[0]?.taskArn;
    if (!started.ok || taskArn === undefined) {
        const failure = response?.failures?.[0];
        return fail(undefined, started.ok ? `RunTask started no task (${failure?.reason ?? "no reason"}${failure?.detail ? `: ${failure.detail}` : ""})` : `aws ecs run-task failed: ${started.stderr}`);
    }
    const stream = logStreamOf(run, taskArn);
    c.write(`Release task ${run.name}: task ${taskArn}, log ${run.logGroupName} ${stream}\n`);
    const deadline = Date.now() + run.timeoutMinutes * 60_000;
    let token: string | undefined;
    for (;;) {
        const events = json(aws, ["logs", "get-log-events", "--log-group-name", run.logGroupName, "--log-stream-name", stream, "--start-from-head", ...(token === undefined ? [] : ["--next-token", token]), "--region", region, "--output", "json"], c.env);
        if (events.ok) {
            const page = events.value as { events?: { message?: string }[]; nextForwardToken?: string };
            for (const e of page.events ?? []) {
                c.write(`  ${run.name} | ${e.message ?? ""}\n`);
            }
            token = page.nextForwardToken ?? token;
        }
        const described = json(aws, ["ecs", "describe-tasks", "--cluster", run.cluster, "--tasks", taskArn, "--region", region, "--output", "json"], c.env);
        const outcome = described.ok ? releaseOutcome(described.value, run) : { state: "running" as const };
        if (outcome.state === "succeeded") {
            c.write(`Release task ${run.name}: exited 0\n`);
            return 0;
        }
        if (outcome.state === "failed") {
            return fail(taskArn, outcome.why);
        }
        if (Date.now() > deadline) {
            spawnSync(aws, ["ecs", "stop-task", "--cluster", run.cluster, "--task", taskArn, "--reason", `npm run up: release timeout of ${run.timeoutMinutes} minutes`, "--region", region], { env: c.env });
            return fail(taskArn, `still running after its timeout of ${run.timeoutMinutes} minutes (stopped)`);
        }
        await sleep(c.pollSeconds ?? 6);
    }
}
