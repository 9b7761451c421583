// One plan benchmark case in its own process (bench/plan.ts runs it): the
// prod stack or a synthetic prod stack of N services, planned in-process.
// Prints {"wallMs", "maxRssMb", "resources", "packRssMb"} on its last line;
// wallMs is measured inside the process (after Node and the sucrase loader start).
import * as fs from "fs";
import * as path from "path";
import { syntheticOverrides } from "./synthetic";

const ROOT = path.resolve(__dirname, "..");

/** Peak resident memory of another process, from /proc (Linux). */
function peakRssMbOf(pid: number | undefined): number | undefined {
    try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        return kb === undefined ? undefined : Number(kb) / 1024;
    } catch {
        return undefined;
    }
}

async function main(): Promise<void> {
    const kind = process.argv[2];
    const started = process.hrtime.bigint();
    const { buildPlan } = await import("../tools/plan/plan");
    const { processPack } = await import("../tools/offline/pack-process");
    const plan = await buildPlan({
        stack: "prod",
        root: ROOT,
        overrides: kind === "prod" ? undefined : syntheticOverrides(ROOT, Number(kind)),
    });
    if (plan.violations.some((v) => v.level === "mandatory")) {
        throw new Error(`bench case ${kind} has mandatory violations: ${plan.violations.map((v) => v.policy).join(", ")}`);
    }
    const resources = plan.resources.length;
    const packRssMb = peakRssMbOf(processPack(path.join(ROOT, "policies")).pid);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ wallMs, maxRssMb, resources, packRssMb })}\n`);
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
