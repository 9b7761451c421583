// Benchmark of the offline plan (not a test). Each case runs in its own
// process, REPEAT times; the medians are reported:
//   floor  - a process that only loads the Pulumi SDK modules the plan needs;
//   pack   - the policy pack's start as the engine launches it (run-policy-pack
//            type-checks the TypeScript pack), in its own process;
//   prod   - the whole offline plan of the prod stack (program + policy pack);
//   N      - synthetic prod stacks of N services.
// "process" is what a user waits for (spawn to exit, Node and ts-node start
// included); "in-process" starts after they are loaded.
// Run: npm run bench [-- --repeat 3]
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

interface Sample { processMs: number; wallMs: number; maxRssMb: number; resources?: number; packRssMb?: number }

function runCase(kind: string): Sample {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "case.ts"), kind], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        maxBuffer: 64 * 1024 * 1024,
    });
    const processMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0) {
        throw new Error(`bench case ${kind} failed (exit ${child.status}):\n${child.stderr}`);
    }
    const line = child.stdout.trim().split("\n").pop() ?? "";
    return { processMs, ...JSON.parse(line) as Omit<Sample, "processMs"> };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(2)} s`;
}

function main(): void {
    const repeatIndex = process.argv.indexOf("--repeat");
    const repeat = repeatIndex > 0 ? Number(process.argv[repeatIndex + 1]) : 3;
    const cases = ["floor", "pack", "prod", "10", "50", "100"];
    const rows = new Map<string, Sample>();
    for (const kind of cases) {
        const samples = Array.from({ length: repeat }, () => runCase(kind));
        rows.set(kind, {
            processMs: median(samples.map((s) => s.processMs)),
            wallMs: median(samples.map((s) => s.wallMs)),
            maxRssMb: median(samples.map((s) => s.maxRssMb)),
            resources: samples[0].resources,
            packRssMb: samples[0].packRssMb,
        });
        process.stderr.write(`${kind}: done\n`);
    }
    const floor = rows.get("floor")!;
    const label: Record<string, string> = { floor: "floor: load the SDKs", pack: "policy pack start (own process)", prod: "prod plan" };
    console.log(`Node ${process.version}, ${require("os").cpus().length} cores; medians of ${repeat} runs.`);
    console.log("");
    console.log("| case | resources | process wall | x floor | in-process wall | peak RSS (plan process) | x floor |");
    console.log("|---|---|---|---|---|---|---|");
    for (const [kind, row] of rows) {
        const name = label[kind] ?? `${kind} services`;
        const rss = kind === "pack" ? `${row.packRssMb?.toFixed(0)} MB (pack process)` : `${row.maxRssMb.toFixed(0)} MB`;
        const rssRatio = kind === "pack" ? "-" : (row.maxRssMb / floor.maxRssMb).toFixed(2);
        console.log(`| ${name} | ${row.resources ?? "-"} | ${seconds(row.processMs)} | ${(row.processMs / floor.processMs).toFixed(2)} | ${seconds(row.wallMs)} | ${rss} | ${rssRatio} |`);
    }
    const synthetic = [...rows.entries()].filter(([kind]) => /^\d+$/.test(kind));
    const growth = synthetic.slice(1).map(([kind, row], i) => {
        const [prevKind, prev] = synthetic[i];
        const n = Number(kind) - Number(prevKind);
        return `${prevKind} -> ${kind}: ${((row.processMs - prev.processMs) / n).toFixed(0)} ms and ${((row.maxRssMb - prev.maxRssMb) / n).toFixed(1)} MB per added service`;
    });
    console.log("");
    console.log(`Growth: ${growth.join("; ")}.`);
}

main();
