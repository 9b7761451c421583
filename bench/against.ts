// Benchmark of `--against` (not a test): what planning against a git ref
// costs over a single plan of the same stack. Both plans of --against share
// one policy-pack process, whose start is most of a plan's time, so the
// budget is 1.6x a single plan. Each run is its own process, as a user runs
// the CLI; the two kinds alternate so that load on the machine hits both
// alike. Exits 1 when the median ratio is over the budget.
// Run: npm run bench:against [-- --repeat 5 --stack prod --against HEAD]
import { spawnSync } from "child_process";
import * as path from "path";
import { nodeArgsOfScript } from "../tools/npm-scripts";

const ROOT = path.resolve(__dirname, "..");
const BUDGET = 1.6;

function option(name: string, fallback: string): string {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : fallback;
}

function timePlan(args: readonly string[]): number {
    const started = process.hrtime.bigint();
    // As `npm run plan` runs it: its preloads (the TypeScript loader, the pack's start).
    const child = spawnSync(process.execPath, [...nodeArgsOfScript("plan"), ...args, "--quiet"], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0) {
        throw new Error(`plan ${args.join(" ")} failed (exit ${child.status}):\n${child.stdout}${child.stderr}`);
    }
    return ms;
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
    const repeat = Number(option("repeat", "3"));
    const stack = option("stack", "prod");
    const against = option("against", "HEAD");
    const single: number[] = [];
    const compared: number[] = [];
    for (let i = 0; i < repeat; i++) {
        single.push(timePlan(["--stack", stack]));
        compared.push(timePlan(["--stack", stack, "--against", against]));
        process.stderr.write(`run ${i + 1}/${repeat}: single ${(single[i] / 1000).toFixed(2)} s, --against ${(compared[i] / 1000).toFixed(2)} s\n`);
    }
    const ratios = single.map((s, i) => compared[i] / s);
    const ratio = median(ratios);
    console.log(`Node ${process.version}, ${require("os").cpus().length} cores; ${repeat} alternating runs of each, medians.`);
    console.log("");
    console.log("| case | process wall (median) | runs |");
    console.log("|---|---|---|");
    console.log(`| \`--stack ${stack}\` | ${(median(single) / 1000).toFixed(2)} s | ${single.map((ms) => (ms / 1000).toFixed(2)).join(", ")} |`);
    console.log(`| \`--stack ${stack} --against ${against}\` | ${(median(compared) / 1000).toFixed(2)} s | ${compared.map((ms) => (ms / 1000).toFixed(2)).join(", ")} |`);
    console.log("");
    console.log(`--against / single: median of the per-pair ratios ${ratio.toFixed(2)}x (pairs: ${ratios.map((r) => r.toFixed(2)).join(", ")}); budget ${BUDGET}x: ${ratio <= BUDGET ? "met" : "NOT met"}.`);
    process.exitCode = ratio <= BUDGET ? 0 : 1;
}

main();
