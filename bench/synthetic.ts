// The synthetic prod stacks of the benchmark: prod's platform with N numbered
// services created on both sides, after the cut-over and the firewall phase,
// so the plan is clean (tests/bench-synthetic.test.ts keeps it valid).
import { readStackConfig } from "../tools/stack-file";

/** A realistic service, numbered: small autoscaling so 100 of them fit the prod VPC. */
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
            // Two listener rules a service: a raised ALB rules quota, as such a stack would have.
            "migration:platform": JSON.stringify({ ...platform, quotas: { acmNamesPerCertificate: 100, certificatesPerAlb: 25, rulesPerAlb: Math.max(100, 2 * count) } }),
        },
    };
}
