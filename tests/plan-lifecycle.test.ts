// The offline plan never leaves a process behind: however the plan ends
// (SIGINT, SIGTERM, SIGKILL, or SIGTERM to npm as CI cancels a job), its
// policy pack ends too (a completed run: tests/plan.test.ts). Each run gets
// its own process group, and the assertion is that none of it remains.
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { nodeArgsOfScript } from "../tools/npm-scripts";
import { liveProcesses, type Proc } from "./helpers/processes";

const ROOT = path.resolve(__dirname, "..");
const NPM = path.join(path.dirname(process.execPath), "npm");

/** Every live process of a process group (Linux /proc). */
function processesOfGroup(pgid: number): Proc[] {
    return (liveProcesses() ?? []).filter((p) => p.pgrp === pgid);
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value !== undefined) {
            return value;
        }
        assert.ok(Date.now() < deadline, `timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

interface Run {
    readonly child: ChildProcess;
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    output(): string;
}

/** `npm run plan -- <args>` (or the command it runs, without npm) in a process group of its own. */
function startPlan(viaNpm: boolean, args: string[]): Run {
    const command = viaNpm
        ? [NPM, "run", "--silent", "plan", "--", ...args]
        : [process.execPath, ...nodeArgsOfScript("plan"), ...args];
    const child = spawn(command[0], command.slice(1), { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        child.on("exit", (code, signal) => resolve({ code, signal }));
    });
    return { child, exited, output: () => output };
}

const isPack = (p: Proc) => p.cmdline.includes("run-policy-pack");
const isPlan = (p: Proc) => p.cmdline.includes("tools/plan/cli.ts") && !isPack(p);

describe("offline plan: no process outlives the run", function () {
    this.timeout(120_000);
    const groups: number[] = [];

    before(function () {
        if (!fs.existsSync("/proc/self/stat")) {
            this.skip(); // process groups are read from Linux /proc
        }
    });
    afterEach(() => {
        // Whatever a failed case left running, end it here rather than leak it.
        for (const pgid of groups.splice(0)) {
            for (const p of processesOfGroup(pgid)) {
                try { process.kill(p.pid, "SIGKILL"); } catch { /* already gone */ }
            }
        }
    });

    for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
        it(`ends its policy pack when the plan's process gets ${signal}`, async () => {
            const run = startPlan(false, ["--stack", "prod"]);
            groups.push(run.child.pid!);
            await until("the policy pack", () => processesOfGroup(run.child.pid!).find(isPack), 60_000);
            const plan = processesOfGroup(run.child.pid!).find(isPlan);
            assert.ok(plan !== undefined && plan.pid === run.child.pid, JSON.stringify(processesOfGroup(run.child.pid!)));
            process.kill(plan.pid, signal);
            assert.deepStrictEqual(await run.exited, { code: null, signal });
            assert.ok(!run.output().includes("Result:"), run.output());
            // SIGINT and SIGTERM stop the pack before the plan dies; after SIGKILL the pack sees its stdin close.
            const left = await until("every process of the run to end", () => {
                const remaining = processesOfGroup(run.child.pid!);
                return remaining.length === 0 ? remaining : undefined;
            }, signal === "SIGKILL" ? 10_000 : 2_000);
            assert.deepStrictEqual(left, []);
        });
    }

    it("passes SIGTERM from npm to the plan, which ends its policy pack (how CI cancels a job)", async function () {
        if (!fs.existsSync(NPM)) {
            this.skip(); // npm is not beside node here; the cases above cover the plan itself
        }
        const run = startPlan(true, ["--stack", "prod"]);
        groups.push(run.child.pid!);
        await until("the policy pack", () => processesOfGroup(run.child.pid!).find(isPack), 60_000);
        const plan = processesOfGroup(run.child.pid!).find(isPlan)!;
        const planEnded = new Promise<void>((resolve) => {
            const timer = setInterval(() => {
                try { process.kill(plan.pid, 0); } catch { clearInterval(timer); resolve(); }
            }, 20);
        });
        process.kill(run.child.pid!, "SIGTERM");
        assert.deepStrictEqual(await run.exited, { code: null, signal: "SIGTERM" });
        await planEnded;
        assert.ok(!run.output().includes("Result:"), run.output());
        const left = await until("every process of the run to end", () => {
            const remaining = processesOfGroup(run.child.pid!);
            return remaining.length === 0 ? remaining : undefined;
        }, 2_000);
        assert.deepStrictEqual(left, []);
    });
});
