// Benchmark of the offline plan (not a test). Every case runs in its own
// process; the cases run in rounds (one of each per round, REPEAT rounds) so
// that a busy machine weighs on all of them alike, and medians are reported:
//   floor    - plain Node loading the five Pulumi SDKs a plan needs, nothing else
//              (the issue's yardstick), and the same with the plan's deferral
//              of SDK modules it never uses (tools/offline/defer-unused-sdk-modules.js);
//   pack     - the policy pack's start as the engine launches it
//              (`node run-policy-pack <engine> <dir>`, spawn to port):
//              before (TypeScript main, type-checked by run-policy-pack) and
//              now (compiled main, policies/bin);
//   prod     - `npm run plan -- --stack prod --quiet` (the command npm runs), spawn to exit;
//              and the same as the first plan after `npm ci`, whose V8 code
//              cache (tools/code-cache.js) is empty;
//   N        - synthetic prod stacks of N services, planned in one process
//              (bench/case.ts): time, and peak RSS of the plan and of its pack;
//              the largest is the largest stack an account can deploy (bench/synthetic.ts).
// CPU is the child's user+system time (Linux /proc/self/stat cutime+cstime).
// Run: npm run bench [-- --repeat 3]
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { nodeArgsOfScript } from "../tools/npm-scripts";
import { BENCH_SIZES } from "./synthetic";

const ROOT = path.resolve(__dirname, "..");
/** The command `npm run plan` runs (package.json), with this Node. */
const PLAN_COMMAND = nodeArgsOfScript("plan");
const SDKS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx", "@pulumi/digitalocean", "@pulumi/policy"];

interface Sample { wallMs: number; cpuMs?: number; rssMb?: number; packRssMb?: number; resources?: number }

/** CPU time of this process's waited-for children, in ms (Linux), else undefined. */
function childrenCpuMs(): number | undefined {
    try {
        const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
        return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, 100 ticks a second
    } catch {
        return undefined;
    }
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Sample & { stdout: string } {
    const cpuBefore = childrenCpuMs();
    const started = process.hrtime.bigint();
    const child = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} failed (exit ${child.status}):\n${child.stderr}`);
    }
    const cpuAfter = childrenCpuMs();
    return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore, stdout: child.stdout };
}

/** Node loading the SDKs; `preloads`: with the plan's own (the deferral of modules a plan never uses). */
function floor(preloads: string[] = []): Sample {
    const script = `${SDKS.map((m) => `require(${JSON.stringify(m)})`).join(";")};console.log(process.resourceUsage().maxRSS/1024)`;
    const run = timed(process.execPath, [...preloads, "-e", script]);
    return { ...run, rssMb: Number(run.stdout.trim()) };
}

/** The plan command's own preloads that change what loading the SDKs costs. */
const DEFERRAL = PLAN_COMMAND.flatMap((arg, i) => (arg.includes("defer-unused-sdk-modules") && PLAN_COMMAND[i - 1] === "-r" ? ["-r", arg] : []));

/** Spawn to first stdout line (the port), as the engine waits for it; the pack's peak RSS then. */
async function packStart(dir: string): Promise<Sample> {
    const runPolicyPack = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] })), "cmd", "run-policy-pack");
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: child.stdout! }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`pack in ${dir} exited with ${code} before serving`)));
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (!/^\d+$/.test(line.trim())) {
        throw new Error(`pack in ${dir} printed ${line}`);
    }
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    await exited;
    return { wallMs, packRssMb: kb === undefined ? undefined : Number(kb) / 1024 };
}

/** The pack as it was before it was compiled: TypeScript main, which run-policy-pack type-checks with ts-node. */
function typeScriptPack(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ts-pack-"));
    fs.cpSync(path.join(ROOT, "policies"), dir, { recursive: true, filter: (from) => !/[/\\](bin|node_modules)$/.test(from) });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...manifest, main: "index.ts" }, null, 2));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

function plan(kind: string): Sample {
    if (kind === "prod") {
        return timed(process.execPath, [...PLAN_COMMAND, "--stack", "prod", "--quiet"]);
    }
    if (kind === "prod, first run") {
        const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-code-cache-"));
        try {
            return timed(process.execPath, [...PLAN_COMMAND, "--stack", "prod", "--quiet"], { ...process.env, CODE_CACHE_DIR: cacheDir });
        } finally {
            fs.rmSync(cacheDir, { recursive: true, force: true });
        }
    }
    // The plan command's preloads (loader, pack start) with the in-process case instead of the CLI.
    const run = timed(process.execPath, [...PLAN_COMMAND.slice(0, -1), path.join(__dirname, "case.ts"), kind]);
    const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as { maxRssMb: number; packRssMb?: number; resources: number };
    return { wallMs: run.wallMs, cpuMs: run.cpuMs, rssMb: result.maxRssMb, packRssMb: result.packRssMb, resources: result.resources };
}

function median(values: (number | undefined)[]): number | undefined {
    const known = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    return known.length === 0 ? undefined : known[Math.floor(known.length / 2)];
}

const s = (ms: number | undefined) => (ms === undefined ? "-" : `${(ms / 1000).toFixed(2)} s`);
const mb = (v: number | undefined) => (v === undefined ? "-" : `${v.toFixed(0)} MB`);
const x = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? "-" : (a / b).toFixed(2));

async function main(): Promise<void> {
    const repeatIndex = process.argv.indexOf("--repeat");
    const repeat = repeatIndex > 0 ? Number(process.argv[repeatIndex + 1]) : 3;
    const tsPack = typeScriptPack();
    const cases: [string, () => Sample | Promise<Sample>][] = [
        ["floor", () => floor()],
        ["floor, deferred", () => floor(DEFERRAL)],
        ["pack (before: TypeScript)", () => packStart(tsPack)],
        ["pack (now: compiled)", () => packStart(path.join(ROOT, "policies"))],
        ["prod", () => plan("prod")],
        ["prod, first run", () => plan("prod, first run")],
        ...BENCH_SIZES.map((n): [string, () => Sample] => [String(n), () => plan(String(n))]),
    ];
    const samples = new Map<string, Sample[]>(cases.map(([name]) => [name, []]));
    try {
        for (let round = 1; round <= repeat; round++) {
            for (const [name, run] of cases) {
                samples.get(name)!.push(await run());
            }
            process.stderr.write(`round ${round}/${repeat} done (load average ${os.loadavg().map((l) => l.toFixed(1)).join(", ")})\n`);
        }
    } finally {
        fs.rmSync(tsPack, { recursive: true, force: true });
    }
    const row = (name: string) => {
        const all = samples.get(name)!;
        return {
            wallMs: median(all.map((a) => a.wallMs))!, cpuMs: median(all.map((a) => a.cpuMs)), rssMb: median(all.map((a) => a.rssMb)),
            packRssMb: median(all.map((a) => a.packRssMb)), resources: all[0].resources,
        };
    };
    const base = row("floor");
    console.log(`Node ${process.version}, ${os.cpus().length} cores, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(", ")}; medians of ${repeat} rounds.`);
    console.log("");
    console.log("| case | resources | wall | x floor | CPU | x floor | peak RSS (plan) | peak RSS (pack) |");
    console.log("|---|---|---|---|---|---|---|---|");
    const labels: Record<string, string> = {
        floor: "floor: load the 5 SDKs",
        "floor, deferred": "the same, with the plan's deferral of unused SDK modules",
        prod: "prod plan (`npm run plan` command)",
        "prod, first run": "the same, code cache empty (first plan after `npm ci`)",
    };
    for (const [name] of cases) {
        const r = row(name);
        const label = labels[name] ?? (/^\d+$/.test(name) ? `${name} services (in-process plan)` : `policy ${name}, spawn to port`);
        console.log(`| ${label} | ${r.resources ?? "-"} | ${s(r.wallMs)} | ${x(r.wallMs, base.wallMs)} | ${s(r.cpuMs)} | ${x(r.cpuMs, base.cpuMs)} | ${mb(r.rssMb)} | ${mb(r.packRssMb)} |`);
    }
    const before = row("pack (before: TypeScript)");
    const now = row("pack (now: compiled)");
    console.log("");
    console.log(`Pack start: ${s(before.wallMs)} before, ${s(now.wallMs)} now (${x(before.wallMs, now.wallMs)}x faster).`);
    const synthetic = BENCH_SIZES.map((n) => [n, row(String(n))] as const);
    console.log(`Growth: ${synthetic.slice(1).map(([n, r], i) => {
        const [pn, p] = synthetic[i];
        return `${pn} -> ${n}: ${((r.wallMs - p.wallMs) / (n - pn)).toFixed(0)} ms and ${(((r.rssMb ?? 0) - (p.rssMb ?? 0)) / (n - pn)).toFixed(1)} MB per added service`;
    }).join("; ")}.`);
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
