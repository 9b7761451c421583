// `npm run cutover -- --stack prod [--hostname www.example.com] [--out dir]`:
// writes the Route 53 change batch of each hostname whose cut-over is pending
// (the stack output `cutover`, made by the deployed program with the real
// health check ids and load balancer addresses) and prints the one AWS CLI
// command that applies each, atomically, and the one that undoes it. Reading the stack needs the Pulumi
// CLI and the stack's backend; applying the batch is left to the operator.
//
// Exit codes: 0 files written (or nothing pending), 2 a user mistake or a
// missing or failing Pulumi CLI (the message says which).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError } from "commander";
import type { CutoverPlan } from "../../components/traffic/routing";
import { cutoverCommand, revertChangeBatch, revertFileName } from "../../components/traffic/cutover";
import { findExecutable } from "../delivery/preflight";
import { listStacks } from "../stack-file";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export class CutoverRefusal extends Error {
    override name = "CutoverRefusal";
}

/** The `cutover` stack output, checked to be what the program exports. */
export function parseCutoverOutput(text: string): Record<string, CutoverPlan> {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new CutoverRefusal(`pulumi stack output cutover did not print JSON: ${JSON.stringify(text.slice(0, 200))}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new CutoverRefusal(`pulumi stack output cutover printed ${JSON.stringify(value)}; expected an object of hostnames (is the stack deployed by this program?)`);
    }
    for (const [hostname, plan] of Object.entries(value)) {
        const p = plan as Partial<CutoverPlan> | null;
        if (p === null || typeof p !== "object" || p.hostname !== hostname || typeof p.zoneId !== "string" || typeof p.file !== "string" || typeof p.changeBatch !== "object") {
            throw new CutoverRefusal(`pulumi stack output cutover: the entry for ${hostname} is not a cut-over plan (hostname, zoneId, file, changeBatch)`);
        }
    }
    return value as Record<string, CutoverPlan>;
}

export interface CutoverRun {
    readonly stack: string;
    readonly hostname?: string;
    readonly outDir: string;
    /** The Pulumi CLI and the environment it runs with. */
    readonly env: NodeJS.ProcessEnv;
    readonly root: string;
}

/** Reads the stack output, writes one batch file per pending hostname; returns what to print. */
export function writeCutoverBatches(run: CutoverRun): string {
    const stacks = listStacks(run.root);
    if (!stacks.includes(run.stack)) {
        throw new CutoverRefusal(`--stack: ${JSON.stringify(run.stack)} is not a stack of this project; allowed ${stacks.join(", ")}`);
    }
    const pulumi = findExecutable("pulumi", run.env);
    if (pulumi === undefined) {
        throw new CutoverRefusal("the Pulumi CLI is not on PATH: the cut-over batch holds the deployed stack's ids, which only `pulumi stack output` can read (install it: https://www.pulumi.com/docs/install/)");
    }
    const result = spawnSync(pulumi, ["stack", "output", "cutover", "--json", "--stack", run.stack], { cwd: run.root, env: run.env, encoding: "utf8" });
    if (result.status !== 0) {
        throw new CutoverRefusal(`pulumi stack output cutover --stack ${run.stack} failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`);
    }
    const plans = parseCutoverOutput(result.stdout);
    const pending = Object.values(plans).filter((p) => run.hostname === undefined || p.hostname === run.hostname);
    if (run.hostname !== undefined && pending.length === 0) {
        throw new CutoverRefusal(`--hostname: ${run.hostname} has no cut-over pending in stack ${run.stack}; pending: ${Object.keys(plans).join(", ") || "none"}`);
    }
    if (pending.length === 0) {
        return `No hostname of stack ${run.stack} has a cut-over pending: every one is on its weighted records.\n`;
    }
    // The batch sends the whole hostname to the new load balancer: only once
    // Route 53's own checkers see it answer the hostname's health path.
    const unhealthy = pending.flatMap((plan) => {
        const check = legacyHealthCheckOf(plan);
        const problem = check === undefined ? "the batch names no legacy health check" : healthCheckProblem(check, run.env);
        return problem === undefined ? [] : [`${plan.hostname}: ${problem}`];
    });
    if (unhealthy.length > 0) {
        throw new CutoverRefusal(`the new legacy path is not healthy yet, so no batch was written (the cut-over would send every request of the hostname to it):\n${unhealthy.map((u) => `  - ${u}`).join("\n")}\nCheck the load balancer and its Droplets (\`doctl compute load-balancer get <id>\`, curl --resolve <hostname>:443:<loadBalancerIp> https://<hostname><health path>), then run this again.`);
    }
    fs.mkdirSync(run.outDir, { recursive: true });
    const lines = [
        `Cut-over of stack ${run.stack}: run each command once, then set traffic.importWeightedRecords (and remove traffic.liveRecord) for the hostname and run \`npm run up -- --stack ${run.stack}\` (docs/runbook.md, phase 2).`,
        "Each undo puts the plain record back, until an up moves the weights (Route 53 refuses it whole after that).",
        "",
    ];
    for (const plan of pending) {
        const file = path.join(run.outDir, plan.file);
        const undo = path.join(run.outDir, revertFileName(plan.file));
        fs.writeFileSync(file, `${JSON.stringify(plan.changeBatch, null, 2)}\n`);
        fs.writeFileSync(undo, `${JSON.stringify(revertChangeBatch(plan.changeBatch, plan.hostname), null, 2)}\n`);
        lines.push(`${plan.hostname}: ${file}`, `  ${cutoverCommand(plan.zoneId, file)}`, `  undo: ${cutoverCommand(plan.zoneId, undo)}`, "");
    }
    return lines.join("\n");
}

/** The legacy record's health check id in a cut-over batch. */
export function legacyHealthCheckOf(plan: CutoverPlan): string | undefined {
    return plan.changeBatch.Changes.find((c) => c.Action === "CREATE" && c.ResourceRecordSet.SetIdentifier === "legacy")?.ResourceRecordSet.HealthCheckId;
}

/**
 * Why Route 53 does not see a health check healthy, or undefined when every
 * checker reports success (GetHealthCheckStatus: one observation per checker
 * region; Route 53 itself needs only 18 % of them, the gate wants all).
 */
export function healthCheckStatusProblem(json: string): string | undefined {
    let status: { HealthCheckObservations?: { Region?: string; StatusReport?: { Status?: string } }[] };
    try {
        status = JSON.parse(json) as typeof status;
    } catch {
        return `aws route53 get-health-check-status printed ${JSON.stringify(json.slice(0, 120))}, not JSON`;
    }
    const observations = status.HealthCheckObservations ?? [];
    if (observations.length === 0) {
        return "Route 53 has no observation of it yet (a new health check takes a minute)";
    }
    const failing = observations.filter((o) => !(o.StatusReport?.Status ?? "").startsWith("Success"));
    if (failing.length > 0) {
        return `${failing.length} of ${observations.length} Route 53 checkers report a failure, e.g. ${failing[0].Region}: ${JSON.stringify(failing[0].StatusReport?.Status ?? "no status")}`;
    }
    return undefined;
}

function healthCheckProblem(id: string, env: NodeJS.ProcessEnv): string | undefined {
    const aws = findExecutable("aws", env);
    if (aws === undefined) {
        return `checking health check ${id} needs the AWS CLI (aws) with the stack's credentials on PATH`;
    }
    const result = spawnSync(aws, ["route53", "get-health-check-status", "--health-check-id", id, "--output", "json"], { env, encoding: "utf8" });
    if (result.status !== 0) {
        return `aws route53 get-health-check-status --health-check-id ${id} failed (exit ${result.status}): ${result.stderr.trim()}`;
    }
    const problem = healthCheckStatusProblem(result.stdout);
    return problem === undefined ? undefined : `health check ${id}: ${problem}`;
}

export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, root = REPO_ROOT): number {
    const program = new Command()
        .name("npm run cutover --")
        .description("Write the Route 53 change batch of each hostname whose cut-over is pending, and print the command that applies it.")
        .requiredOption("-s, --stack <name>", "the deployed stack (a Pulumi.<name>.yaml of the project)")
        .option("--hostname <name>", "only this hostname")
        .option("--out <dir>", "where to write the batch files", ".")
        .exitOverride()
        .configureOutput({ writeErr: (text) => process.stderr.write(text) })
        .allowExcessArguments(false);
    try {
        program.parse(argv, { from: "user" });
    } catch (err) {
        if (err instanceof CommanderError) {
            return err.code === "commander.helpDisplayed" ? 0 : 2;
        }
        throw err;
    }
    const options = program.opts<{ stack: string; hostname?: string; out: string }>();
    try {
        process.stdout.write(writeCutoverBatches({ stack: options.stack, hostname: options.hostname, outDir: path.resolve(options.out), env, root }));
        return 0;
    } catch (err) {
        if (err instanceof CutoverRefusal) {
            process.stderr.write(`error: ${err.message}\n`);
            return 2;
        }
        throw err;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
