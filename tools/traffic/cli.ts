// `npm run traffic -- next|prev|status --stack <stack> --service <service>`:
// the gated DNS step. `next` reads the hostname's share from the stack file,
// reads the signals from AWS (read-only: ./signals.ts) and writes the next
// step into the stack file only when the current step has baked its
// traffic.bakeTimeMinutes with every alarm OK, both sides' Route 53 health
// checks healthy and no ECS deployment in progress (./gate.ts); otherwise it
// refuses, naming each failing signal and since when. `prev` writes the step
// below without asking AWS: going back is never held up. `status` only
// reports. None of them deploys: the change is a reviewed `pulumi up`.
//
// Exit codes: 0 written (or status printed), 1 refused (a signal is bad, or
// there is no step to move to), 2 a user mistake or AWS could not be read.
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError } from "commander";
import { isScalar, parseDocument } from "yaml";
import { ConfigError, parseStackConfig, type StackConfig } from "../../components/config";
import { trafficSummary, type TrafficSummary } from "../../components/traffic/steps";
import { listStacks, readStackConfig, StackFileError } from "../stack-file";
import { iso, judge, type Signals, type Verdict } from "./gate";
import { clientsFor, readSignals, SignalError, type Clients, type GateTarget } from "./signals";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export type Action = "next" | "prev" | "status";

export interface TrafficRun {
    readonly action: Action;
    readonly stack: string;
    readonly service: string;
    /** Where Pulumi.yaml and the stack files are. */
    readonly root: string;
    /** AWS clients (tests pass clients whose calls are mocked). @default clients for the stack's region */
    readonly clients?: Clients;
    readonly now?: Date;
}

export interface TrafficResult {
    readonly exitCode: 0 | 1 | 2;
    readonly output: string;
}

class UsageError extends Error {
    override name = "UsageError";
}

interface Located {
    readonly config: StackConfig;
    readonly index: number;
    readonly summary: TrafficSummary;
    readonly target: GateTarget;
}

/** The service, its hostname and what the gate reads for it, from the stack's config. */
export function locate(root: string, stack: string, serviceName: string): Located {
    const stacks = listStacks(root);
    if (!stacks.includes(stack)) {
        throw new UsageError(`--stack: ${JSON.stringify(stack)} is not a stack of this project; allowed ${stacks.join(", ")}`);
    }
    const config = parseStackConfig(readStackConfig(root, stack));
    const index = config.services.findIndex((s) => s.name === serviceName);
    const service = config.services[index];
    const owners = config.hostnames.map((h) => h.owner);
    if (service === undefined || service.traffic === undefined) {
        throw new UsageError(`--service: ${JSON.stringify(serviceName)} ${service === undefined ? "is no service of stack" : "does not own a hostname's traffic in stack"} ${stack}; allowed ${owners.join(", ")} (the service with traffic.fargatePercent)`);
    }
    const hostname = config.hostnames.find((h) => h.owner === serviceName)!;
    const sides = { legacy: service.legacy.enabled, fargate: hostname.fargateServices.length > 0 };
    const summary = trafficSummary({ project: config.project, stack, serviceIndex: index, service, sides });
    return {
        config, index, summary,
        target: {
            project: config.project, stack, region: config.awsRegion, hostname: hostname.hostname, owner: serviceName, legacy: service.legacy.enabled,
            services: hostname.fargateServices.map((name) => {
                const f = config.services.find((s) => s.name === name)!.fargate!;
                return { name, revisions: f.canary === undefined ? ["stable" as const] : ["stable" as const, "canary" as const] };
            }),
        },
    };
}

/**
 * Sets services[index].traffic.fargatePercent in the stack file by replacing
 * that one value's characters (the yaml node's source range): every comment,
 * layout and flow list stays as the team wrote it.
 */
export function writeShare(root: string, stack: string, project: string, index: number, percent: number): string {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    const text = fs.readFileSync(file, "utf8");
    const doc = parseDocument(text);
    const key = `${project}:services`;
    const node = doc.getIn(["config", key, index, "traffic", "fargatePercent"], true);
    if (!isScalar(node) || node.range === undefined || node.range === null) {
        throw new UsageError(`${path.basename(file)}: config.${key}[${index}].traffic.fargatePercent is not written in the file as a plain value; set it there once by hand`);
    }
    const [start, end] = node.range;
    fs.writeFileSync(file, `${text.slice(0, start)}${percent}${text.slice(end)}`);
    return file;
}

function signalLines(signals: Signals, verdict: Verdict, bakeMinutes: number, now: Date): string[] {
    const lines = [
        `  step started ${iso(signals.stepStartedAt)} (release marker); bake ${bakeMinutes} minutes; now ${iso(now)}`,
        `  alarms: ${signals.alarms.length} (${signals.alarms.filter((a) => a.state === "OK").length} OK)`,
        `  health checks: ${signals.healthChecks.map((h) => `${h.side} ${h.healthy ? "healthy" : "UNHEALTHY"}`).join(", ")}`,
        `  deployments: ${signals.deployments.map((d) => `${d.service} ${d.id} ${d.status} ${d.rolloutState}`).join(", ") || "none"}`,
    ];
    if (verdict.ok) {
        lines.push(`  every signal good since ${iso(verdict.cleanSince)} (${verdict.bakedMinutes} minutes)`);
    } else {
        lines.push(...verdict.failures.map((f) => `  FAILING ${f.signal}: ${f.detail}`));
    }
    return lines;
}

/** Runs one action; never throws for a user mistake or an AWS error (exit 2 with the message). */
export async function runTraffic(run: TrafficRun): Promise<TrafficResult> {
    const now = run.now ?? new Date();
    try {
        const { config, index, summary, target } = locate(run.root, run.stack, run.service);
        const bake = config.services[index].traffic!.bakeTimeMinutes;
        const head = `${target.hostname} (stack ${run.stack}): Fargate ${summary.split.fargatePercent}%, steps ${summary.steps.join(", ")}`;
        if (run.action === "prev") {
            if (summary.previousStep === null) {
                return { exitCode: 1, output: `${head}\nNo step below ${summary.split.fargatePercent}%: nothing written.\n` };
            }
            const file = writeShare(run.root, run.stack, config.project, index, summary.previousStep);
            return { exitCode: 0, output: `${head}\nWrote ${summary.previousStep}% (one step back, no checks: going back is never held up) to ${path.basename(file)}.\n${nextCommands(run.stack)}` };
        }
        if (summary.phase !== "weighted") {
            throw new UsageError(`${target.hostname}: its DNS is ${summary.phase === "cutover-pending" ? "still the plain record (cut-over pending)" : "being imported"}; the gate moves weighted records only (docs/runbook.md, phase 2)`);
        }
        const signals = await readSignals(run.clients ?? clientsFor(config.awsRegion), target);
        const verdict = judge(signals, bake, now);
        const report = signalLines(signals, verdict, bake, now).join("\n");
        if (run.action === "status") {
            return { exitCode: 0, output: `${head}\n${report}\n${verdict.ok ? `next step ${summary.nextStep === null ? "none (at the top)" : `${summary.nextStep}%`} may be written` : "next step would be refused"}\n` };
        }
        if (summary.nextStep === null) {
            return { exitCode: 1, output: `${head}\n${report}\nNo step above ${summary.split.fargatePercent}%: nothing written.\n` };
        }
        if (!verdict.ok) {
            return { exitCode: 1, output: `${head}\n${report}\nRefused: ${verdict.failures.map((f) => `${f.signal} (since ${iso(f.since)})`).join("; ")}. Nothing written.\n` };
        }
        const file = writeShare(run.root, run.stack, config.project, index, summary.nextStep);
        return { exitCode: 0, output: `${head}\n${report}\nWrote ${summary.nextStep}% to ${path.basename(file)}.\n${nextCommands(run.stack)}` };
    } catch (err) {
        if (err instanceof UsageError || err instanceof ConfigError || err instanceof StackFileError || err instanceof SignalError) {
            return { exitCode: 2, output: `error: ${err.message}\n` };
        }
        const e = err as { name?: string; message?: string };
        // An AWS error (credentials, permissions, throttling): named, never a stack trace.
        return { exitCode: 2, output: `error: reading AWS failed: ${e.name ?? "Error"}: ${e.message ?? String(err)}\n` };
    }
}

function nextCommands(stack: string): string {
    return `Then: npm run plan -- --stack ${stack} --against HEAD, commit, open the pull request; the deploy is its reviewed \`pulumi up\`.\n`;
}

export async function main(argv: readonly string[]): Promise<number> {
    const program = new Command("traffic")
        .description("Move a hostname's DNS share one step, gated by its alarms, health checks, deployments and bake time")
        .argument("<action>", "next, prev or status")
        .requiredOption("--stack <stack>", "the stack (dev, prod)")
        .requiredOption("--service <service>", "the service that owns the hostname's traffic")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse([...argv], { from: "user" });
    } catch (err) {
        return err instanceof CommanderError && err.exitCode === 0 ? 0 : 2;
    }
    const [action] = program.args;
    if (!["next", "prev", "status"].includes(action)) {
        process.stderr.write(`error: action ${JSON.stringify(action)}; allowed next, prev, status\n`);
        return 2;
    }
    const opts = program.opts<{ stack: string; service: string }>();
    const result = await runTraffic({ action: action as Action, stack: opts.stack, service: opts.service, root: REPO_ROOT });
    (result.exitCode === 2 ? process.stderr : process.stdout).write(result.output);
    return result.exitCode;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code));
}
