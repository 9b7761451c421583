// Benchmark of the offline plan (not a test): wall time and peak memory of
//   floor  - loading the Pulumi SDK modules the plan needs, nothing else;
//   prod   - the whole plan of the prod stack (program + policy pack);
//   N      - synthetic stacks of 10, 50 and 100 services.
// Each case runs in its own process (so peak RSS is its own), REPEAT times;
// the median is reported. Run: npm run bench [-- --repeat 3]
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

interface Sample { wallMs: number; maxRssMb: number; resources?: number }

function runCase(kind: string): Sample {
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "case.ts"), kind], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) {
        throw new Error(`bench case ${kind} failed (exit ${child.status}):\n${child.stderr}`);
    }
    const line = child.stdout.trim().split("\n").pop() ?? "";
    return JSON.parse(line) as Sample;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
    const repeatIndex = process.argv.indexOf("--repeat");
    const repeat = repeatIndex > 0 ? Number(process.argv[repeatIndex + 1]) : 3;
    const cases = ["floor", "prod", "10", "50", "100"];
    const rows: { kind: string; wallMs: number; maxRssMb: number; resources?: number }[] = [];
    for (const kind of cases) {
        const samples = Array.from({ length: repeat }, () => runCase(kind));
        rows.push({
            kind,
            wallMs: median(samples.map((s) => s.wallMs)),
            maxRssMb: median(samples.map((s) => s.maxRssMb)),
            resources: samples[0].resources,
        });
        process.stderr.write(`${kind}: done\n`);
    }
    const floor = rows[0];
    console.log(`| case | resources | wall time (median of ${repeat}) | x floor | peak RSS | x floor |`);
    console.log("|---|---|---|---|---|---|");
    for (const row of rows) {
        console.log(`| ${row.kind === "floor" ? "SDK load (floor)" : row.kind === "prod" ? "prod plan" : `${row.kind} services`} | ${row.resources ?? "-"} | ${(row.wallMs / 1000).toFixed(2)} s | ${(row.wallMs / floor.wallMs).toFixed(2)} | ${row.maxRssMb.toFixed(0)} MB | ${(row.maxRssMb / floor.maxRssMb).toFixed(2)} |`);
    }
    const synthetic = rows.filter((r) => /^\d+$/.test(r.kind));
    const perService = synthetic.slice(1).map((r, i) => {
        const prev = synthetic[i];
        return `${prev.kind}->${r.kind}: ${((r.wallMs - prev.wallMs) / (Number(r.kind) - Number(prev.kind))).toFixed(0)} ms and ${((r.maxRssMb - prev.maxRssMb) / (Number(r.kind) - Number(prev.kind))).toFixed(2)} MB per added service`;
    });
    console.log("");
    console.log(`Growth: ${perService.join("; ")}`);
}

main();
