// The benchmark's synthetic stacks stay valid config as the config grows
// rules, and the largest is the largest a real account can deploy: every
// quota check passes (raised quotas only where AWS or DigitalOcean raise
// them, never past a documented maximum), and one more service is refused.
import * as assert from "assert";
import * as path from "path";
import { BENCH_SIZES, LARGEST_DEPLOYABLE_SERVICES, syntheticOverrides, syntheticQuotas } from "../bench/synthetic";
import { dashboardBody, type DashboardHostnameModel } from "../components/aws/dashboard";
import { ConfigError, parseStackConfig } from "../components/config";
import { QUOTAS } from "../components/config/quotas";
import { DASHBOARD_LIMITS, dashboardCounts } from "../tools/offline/quotas";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

describe("bench: synthetic prod stacks", () => {
    for (const count of BENCH_SIZES) {
        it(`${count} services parse as the prod stack's config, within every quota the config checks`, () => {
            const config = parseStackConfig(readStackConfig(ROOT, "prod", syntheticOverrides(ROOT, count)));
            assert.deepStrictEqual([config.services.length, config.services[count - 1].name, config.legacy.firewall.enabled], [count, `svc-${String(count).padStart(3, "0")}`, true]);
        });
    }

    it("the largest is 50 services: a 51st needs more target groups than an ALB can have", () => {
        assert.deepStrictEqual([LARGEST_DEPLOYABLE_SERVICES, Math.max(...BENCH_SIZES)], [50, 50]);
        try {
            parseStackConfig(readStackConfig(ROOT, "prod", syntheticOverrides(ROOT, 51)));
            assert.fail("51 services parsed");
        } catch (err) {
            assert.ok(err instanceof ConfigError, String(err));
            assert.deepStrictEqual(err.problems, [
                "migration:services: 51 Fargate services need 102 target groups on the stack's ALB (a stable and a canary group each); allowed at most 100 ('Target Groups per Application Load Balancer', not adjustable): move services to another stack (a second ALB)",
            ]);
        }
    });

    it("raises only adjustable quotas, and ACM's names per certificate no higher than its documented 100", () => {
        const raised = syntheticQuotas(LARGEST_DEPLOYABLE_SERVICES);
        assert.deepStrictEqual(raised, { acmNamesPerCertificate: 100, certificatesPerAlb: 25, rulesPerAlb: 100, fargateOnDemandVcpus: 75, doLoadBalancers: 50, doDroplets: 50 });
        const adjustable = new Set(QUOTAS.flatMap((q) => (q.adjustable && q.check.by === "config" && q.check.key !== undefined ? [q.check.key] : [])));
        assert.deepStrictEqual(Object.keys(raised).filter((k) => !adjustable.has(k as never)), []);
        assert.strictEqual(QUOTAS.find((q) => q.id === "acm-names-per-certificate")!.max, "100");
    });

    it("its dashboard stays within CloudWatch's widgets and metrics (the plan checks the real body)", () => {
        const hostnames: DashboardHostnameModel[] = Array.from({ length: LARGEST_DEPLOYABLE_SERVICES }, (_, i) => ({
            hostname: `svc-${i}.example.com`, phase: "weighted", split: { legacyPercent: 75, fargatePercent: 25, canaryPercent: 0 }, legacyHealthCheckId: `l${i}`,
            services: [{ name: `svc-${i}`, healthCheckId: `f${i}`, revisions: [{ revision: "stable", targetGroup: `targetgroup/t${i}/1`, ecsService: `svc-${i}`, alarmArns: [] }] }],
        }));
        const counts = dashboardCounts(JSON.stringify(dashboardBody({ region: "us-east-1", loadBalancer: "app/alb/1", cluster: "c", hostnames })))!;
        const metrics = counts.metricsPerWidget.reduce((a, b) => a + b, 0);
        // 3 widgets a hostname (heading, each side's health) and 7 a service: 500, the limit itself.
        assert.deepStrictEqual([counts.widgets, metrics], [500, 400]);
        assert.ok(counts.widgets <= DASHBOARD_LIMITS.widgets && metrics <= DASHBOARD_LIMITS.metrics);
    });
});
