// One benchmark case in its own process; prints {"wallMs", "maxRssMb", "resources"}
// on its last line. wallMs is measured inside the process (after Node and
// ts-node start); the caller also times the whole process.
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** A realistic service, numbered: small autoscaling so 100 of them fit the prod VPC. */
function syntheticService(i: number): Record<string, unknown> {
    const name = `svc-${String(i).padStart(3, "0")}`;
    return {
        name,
        hostname: `${name}.example.com`,
        port: 8080,
        healthCheckPath: "/healthz",
        legacy: { mode: "create", count: 1, size: "s-2vcpu-4gb", image: "ubuntu-24-04-x64" },
        fargate: {
            imageTag: "1.0.0",
            cpu: 256,
            memory: 512,
            desiredCount: 2,
            autoscaling: { min: 2, max: 3 },
            environment: { LOG_LEVEL: "info" },
            secrets: { API_TOKEN: { arn: `arn:aws:secretsmanager:us-east-1:444455556666:secret:prod/${name}/token-AbCdEf` } },
        },
        traffic: { fargatePercent: 25, steps: [0, 5, 25, 50, 100] },
    };
}

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
    let resources: number | undefined;
    let packRssMb: number | undefined;
    if (kind === "floor") {
        // What any plan must load: the SDKs the program and the pack use.
        require("@pulumi/pulumi");
        require("@pulumi/aws");
        require("@pulumi/awsx");
        require("@pulumi/digitalocean");
        require("@pulumi/policy");
    } else if (kind === "pack") {
        // The policy pack's own start, as the engine launches it (type-checks the TypeScript pack).
        const { PolicyAnalyzer } = await import("../tools/offline/analyzer");
        const analyzer = await PolicyAnalyzer.start(path.join(ROOT, "policies"));
        await analyzer.info();
        packRssMb = peakRssMbOf(analyzer.pid);
        await analyzer.close();
    } else {
        const { buildPlan } = await import("../tools/plan/plan");
        const services = kind === "prod" ? undefined : Array.from({ length: Number(kind) }, (_, i) => syntheticService(i + 1));
        const plan = await buildPlan({
            stack: "prod",
            root: ROOT,
            overrides: services ? { config: { "migration:services": JSON.stringify(services) } } : undefined,
        });
        if (plan.violations.some((v) => v.level === "mandatory")) {
            throw new Error(`bench case ${kind} has mandatory violations: ${plan.violations.map((v) => v.policy).join(", ")}`);
        }
        resources = plan.resources.length;
    }
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ wallMs, maxRssMb, resources, packRssMb })}\n`);
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
