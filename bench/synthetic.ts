// The synthetic prod stacks of the benchmark: prod's platform with N numbered
// services created on both sides, after the cut-over and the firewall phase,
// so the plan is clean (tests/bench-synthetic.test.ts keeps it valid).
// The largest is the largest stack a real account can deploy: each Fargate
// service takes two target groups (stable and canary) of the stack's one ALB,
// and 'Target Groups per Application Load Balancer' is 100 and cannot be
// raised, so one stack carries at most 50 (a 51st is refused by the config).
// The adjustable quotas such a stack exceeds are raised in its config, as a
// team does once AWS and DigitalOcean have raised them.
import { FARGATE_VCPU_UNITS, TARGET_GROUPS_PER_ALB } from "../components/config/quotas";
import { readStackConfig } from "../tools/stack-file";

/** The most services with a Fargate part one stack (one ALB) can deploy. */
export const LARGEST_DEPLOYABLE_SERVICES = TARGET_GROUPS_PER_ALB / 2;

/** The stack sizes `npm run bench` plans. */
export const BENCH_SIZES: readonly number[] = [10, LARGEST_DEPLOYABLE_SERVICES];

/** A synthetic service's Fargate size: 0.25 vCPU, at most 3 tasks. */
const CPU = 256;
const MAX_TASKS = 3;

/** A realistic service, numbered: small autoscaling so 50 of them fit the prod VPC. */
export function syntheticService(i: number): Record<string, unknown> {
    const name = `svc-${String(i).padStart(3, "0")}`;
    return {
        name,
        hostname: `${name}.example.com`,
        port: 8080,
        healthCheckPath: "/healthz",
        legacy: { mode: "create", count: 1, size: "s-2vcpu-4gb", image: "ubuntu-24-04-x64" },
        fargate: {
            imageTag: "1.0.0",
            cpu: CPU,
            memory: 512,
            desiredCount: 2,
            autoscaling: { min: 2, max: MAX_TASKS },
            environment: { LOG_LEVEL: "info" },
            secrets: { API_TOKEN: { arn: `arn:aws:secretsmanager:us-east-1:444455556666:secret:prod/${name}/token-AbCdEf` } },
        },
        traffic: { fargatePercent: 25, steps: [0, 5, 25, 50, 100] },
    };
}

/**
 * The quotas a stack of `count` synthetic services needs above the defaults,
 * as its team would have them raised (none past a documented maximum):
 * listener rules (two a service; AWS documents no maximum), Fargate vCPUs
 * (every task at autoscaling.max, twice over for a deployment at full
 * scale), and DigitalOcean's load balancers and Droplets (one each a service).
 */
export function syntheticQuotas(count: number): Record<string, number> {
    return {
        acmNamesPerCertificate: 100,
        certificatesPerAlb: 25,
        rulesPerAlb: Math.max(100, 2 * count),
        fargateOnDemandVcpus: Math.max(6, Math.ceil((2 * count * MAX_TASKS * CPU) / FARGATE_VCPU_UNITS)),
        doLoadBalancers: Math.max(10, count),
        doDroplets: count,
    };
}

/** Config overrides that turn the prod stack into one of `count` synthetic services. */
export function syntheticOverrides(root: string, count: number): { config: Record<string, string> } {
    const prod = readStackConfig(root, "prod").values;
    const legacy = JSON.parse(prod["migration:legacy"]) as Record<string, unknown>;
    const platform = JSON.parse(prod["migration:platform"]) as Record<string, unknown>;
    return {
        config: {
            "migration:services": JSON.stringify(Array.from({ length: count }, (_, i) => syntheticService(i + 1))),
            // One wildcard certificate for every hostname; the firewall phase done.
            "migration:legacy": JSON.stringify({ ...legacy, certificates: [{ name: "wildcard-example-com", domains: ["*.example.com"] }], firewall: { enabled: true } }),
            "migration:platform": JSON.stringify({ ...platform, quotas: syntheticQuotas(count) }),
        },
    };
}
