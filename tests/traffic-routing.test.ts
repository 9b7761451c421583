import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig, type RawConfigInput, type StackConfig } from "../components/config";
import { DnsZone } from "../components/dns-zone";
import { TrafficRouting, checkedLoadBalancerIp, loadBalancerIpProblem, type TrafficRoutingArgs } from "../components/traffic/routing";
import { ProgramError, fromWire, runInMocks, type ProgramRun, type Registration } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");
const HOSTNAME = "www.dev.example.com";
const NAME = "migration-dev-web";

// Made-up but realistic inputs from the other components.
const LB_IP = "198.51.100.24";
const ALB = {
    albDnsName: "migration-dev-alb-1487263950.us-east-1.elb.amazonaws.com",
    albZoneId: "Z35SXDOTRQ7X7K",
    healthyHostsAlarmName: "migration-dev-web-healthy-hosts",
    alarmRegion: "us-east-1",
};
const SERVICE_TAGS = {
    team: "platform",
    "cost-center": "cc-1042",
    environment: "dev",
    "managed-by": "pulumi",
    "pulumi-project": "migration",
    "pulumi-stack": "dev",
    service: "web",
};

const devServices = JSON.parse(readStackConfig(ROOT, "dev").values["migration:services"]) as Record<string, unknown>[];

/** The dev stack with only the web service, patched. */
function devWeb(patch: (svc: Record<string, unknown>) => void): RawConfigInput {
    const web = structuredClone(devServices[0]);
    patch(web);
    return readStackConfig(ROOT, "dev", { config: { "migration:services": JSON.stringify([web]) } });
}

const webAt = (fargatePercent: number) => devWeb((svc) => { svc.traffic = { fargatePercent, steps: [0, 5, 25, 50, 100] }; });
const webDecommissioned = () => devWeb((svc) => { svc.legacy = { enabled: false }; svc.traffic = { fargatePercent: 100, steps: [0, 5, 25, 50, 100] }; });
const webWithoutFargate = () => devWeb((svc) => { delete svc.fargate; svc.traffic = { fargatePercent: 0 }; });

/** Runs DnsZone + TrafficRouting for services[0], wired the way the stack config says. */
async function runRouting(
    raw: RawConfigInput,
    override: Partial<TrafficRoutingArgs> | ((config: StackConfig) => Partial<TrafficRoutingArgs>) = {},
): Promise<ProgramRun> {
    return runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
        const config = parseStackConfig(raw);
        const service = config.services[0];
        const zone = new DnsZone("migration-dev", { config });
        const routing = new TrafficRouting(NAME, {
            config,
            service,
            zoneId: zone.zoneId,
            legacy: service.legacy.enabled ? { loadBalancerIp: LB_IP } : undefined,
            fargate: service.fargate !== undefined ? ALB : undefined,
            ...(typeof override === "function" ? override(config) : override),
        });
        return { web: routing.summary };
    });
}

const ofType = (run: ProgramRun, type: string) => run.registrations.filter((r) => r.type === type);
const named = (run: ProgramRun, name: string): Registration => {
    const found = run.registrations.find((r) => r.name === name);
    assert.ok(found, `no registration named ${name}; have ${run.registrations.map((r) => r.name).join(", ")}`);
    return found;
};
const zoneIdOf = (run: ProgramRun) => (fromWire(ofType(run, "aws:route53/zone:Zone")[0].outputs) as { zoneId: string }).zoneId;

function legacyRecordInputs(run: ProgramRun, weight: number) {
    return {
        zoneId: zoneIdOf(run),
        name: HOSTNAME,
        type: "A",
        ttl: 60,
        records: [LB_IP],
        setIdentifier: "legacy",
        weightedRoutingPolicies: [{ weight }],
        healthCheckId: named(run, `${NAME}-legacy-hc`).id,
    };
}

function fargateRecordInputs(run: ProgramRun, weight: number) {
    return {
        zoneId: zoneIdOf(run),
        name: HOSTNAME,
        type: "A",
        aliases: [{ name: ALB.albDnsName, zoneId: ALB.albZoneId, evaluateTargetHealth: false }],
        setIdentifier: "fargate",
        weightedRoutingPolicies: [{ weight }],
        healthCheckId: named(run, `${NAME}-fargate-hc`).id,
    };
}

const LEGACY_HEALTH_CHECK_INPUTS = {
    type: "HTTPS",
    ipAddress: LB_IP,
    fqdn: HOSTNAME,
    enableSni: true,
    port: 443,
    resourcePath: "/healthz",
    requestInterval: 10,
    failureThreshold: 3,
    measureLatency: false,
    tags: { ...SERVICE_TAGS, Name: `${NAME}-legacy-hc` },
};

const FARGATE_HEALTH_CHECK_INPUTS = {
    type: "CLOUDWATCH_METRIC",
    cloudwatchAlarmName: ALB.healthyHostsAlarmName,
    cloudwatchAlarmRegion: "us-east-1",
    insufficientDataHealthStatus: "LastKnownStatus",
    tags: { ...SERVICE_TAGS, Name: `${NAME}-fargate-hc` },
};

const command = (percent: number) => `pulumi config set --path 'migration:services[0].traffic.fargatePercent' ${percent} --stack dev`;

function expectedSummary(fargatePercent: number, nextStep: number | null, previousStep: number | null) {
    return {
        service: "web",
        hostname: HOSTNAME,
        split: { legacyPercent: 100 - fargatePercent, fargatePercent, canaryPercent: 0 },
        steps: [0, 5, 25, 50, 100],
        nextStep,
        previousStep,
        commands: {
            advance: nextStep === null ? null : command(nextStep),
            rollBack: previousStep === null ? null : command(previousStep),
            allToLegacy: fargatePercent > 0 ? command(0) : null,
        },
        failoverSeconds: { legacy: 90, fargate: 240 },
        rollbackSeconds: 60,
    };
}

describe("TrafficRouting", () => {
    const bothSides: [number, number | null, number | null][] = [
        [0, 5, null],
        [5, 25, 0],
        [50, 100, 25],
        [100, null, 50],
    ];
    for (const [share, next, previous] of bothSides) {
        describe(`both sides, ${share}% to Fargate`, () => {
            let run: ProgramRun;
            before(async () => {
                run = await runRouting(webAt(share));
            });

            it("registers exactly one component, two health checks and two weighted records, all parented to it", () => {
                const component = named(run, NAME);
                assert.strictEqual(component.type, "migration:traffic:Routing");
                const children = run.registrations.filter((r) => r.parent === component.urn).map((r) => `${r.type} ${r.name}`).sort();
                assert.deepStrictEqual(children, [
                    `aws:route53/healthCheck:HealthCheck ${NAME}-fargate-hc`,
                    `aws:route53/healthCheck:HealthCheck ${NAME}-legacy-hc`,
                    `aws:route53/record:Record ${NAME}-fargate`,
                    `aws:route53/record:Record ${NAME}-legacy`,
                ]);
            });

            it(`legacy record: A to the load balancer, weight ${100 - share}, TTL 60, its health check linked`, () => {
                assert.deepStrictEqual(fromWire(named(run, `${NAME}-legacy`).inputs), legacyRecordInputs(run, 100 - share));
            });

            it(`fargate record: alias to the ALB without evaluate-target-health, weight ${share}, its health check linked`, () => {
                assert.deepStrictEqual(fromWire(named(run, `${NAME}-fargate`).inputs), fargateRecordInputs(run, share));
            });

            it("the weights of the group sum to 100", () => {
                const weights = ofType(run, "aws:route53/record:Record")
                    .map((r) => (fromWire(r.inputs) as { weightedRoutingPolicies: { weight: number }[] }).weightedRoutingPolicies[0].weight);
                assert.strictEqual(weights.reduce((a, b) => a + b, 0), 100);
            });

            it("health checks: HTTPS on the load balancer IP with the hostname as SNI/Host; CLOUDWATCH_METRIC on the healthy-hosts alarm", () => {
                assert.deepStrictEqual(fromWire(named(run, `${NAME}-legacy-hc`).inputs), LEGACY_HEALTH_CHECK_INPUTS);
                assert.deepStrictEqual(fromWire(named(run, `${NAME}-fargate-hc`).inputs), FARGATE_HEALTH_CHECK_INPUTS);
            });

            it("summary: split, neighbouring steps, exact commands, failover bounds (stack output and component outputs)", () => {
                const summary = expectedSummary(share, next, previous);
                assert.deepStrictEqual(fromWire(run.stackOutputs), { web: summary });
                assert.deepStrictEqual(fromWire(named(run, NAME).outputs), {
                    hostname: HOSTNAME,
                    summary,
                    legacyHealthCheckId: named(run, `${NAME}-legacy-hc`).id,
                    fargateHealthCheckId: named(run, `${NAME}-fargate-hc`).id,
                });
            });
        });
    }

    describe("legacy decommissioned (100% on Fargate)", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runRouting(webDecommissioned());
        });

        it("keeps only the Fargate record, unchanged: same name, set identifier and weight as at 100% with legacy", () => {
            const records = ofType(run, "aws:route53/record:Record");
            assert.deepStrictEqual(records.map((r) => r.name), [`${NAME}-fargate`]);
            assert.deepStrictEqual(fromWire(records[0].inputs), fargateRecordInputs(run, 100));
            assert.deepStrictEqual(ofType(run, "aws:route53/healthCheck:HealthCheck").map((r) => r.name), [`${NAME}-fargate-hc`]);
            assert.deepStrictEqual(fromWire(named(run, `${NAME}-fargate-hc`).inputs), FARGATE_HEALTH_CHECK_INPUTS);
        });

        it("summary: no step down, no command back to legacy, only the Fargate bound", () => {
            const summary = {
                ...expectedSummary(100, null, null),
                commands: { advance: null, rollBack: null, allToLegacy: null },
                failoverSeconds: { legacy: null, fargate: 240 },
            };
            assert.deepStrictEqual(fromWire(run.stackOutputs), { web: summary });
            assert.deepStrictEqual(fromWire(named(run, NAME).outputs), {
                hostname: HOSTNAME,
                summary,
                fargateHealthCheckId: named(run, `${NAME}-fargate-hc`).id,
            });
        });
    });

    describe("no fargate part (0%)", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runRouting(webWithoutFargate());
        });

        it("keeps only the legacy record, weighted at 100, with its health check", () => {
            const records = ofType(run, "aws:route53/record:Record");
            assert.deepStrictEqual(records.map((r) => r.name), [`${NAME}-legacy`]);
            assert.deepStrictEqual(fromWire(records[0].inputs), legacyRecordInputs(run, 100));
            assert.deepStrictEqual(ofType(run, "aws:route53/healthCheck:HealthCheck").map((r) => r.name), [`${NAME}-legacy-hc`]);
            assert.deepStrictEqual(fromWire(named(run, `${NAME}-legacy-hc`).inputs), LEGACY_HEALTH_CHECK_INPUTS);
        });

        it("summary: the default ladder, no step up until a fargate part exists", () => {
            assert.deepStrictEqual(fromWire(run.stackOutputs), {
                web: {
                    ...expectedSummary(0, null, null),
                    failoverSeconds: { legacy: 90, fargate: null },
                },
            });
        });
    });

    describe("the prod web service mid-rollout with a canary", () => {
        it("reports the canary share of the Fargate part and prod commands", async () => {
            const raw = readStackConfig(ROOT, "prod");
            const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
                const config = parseStackConfig(raw);
                const api = config.services[1];
                const routing = new TrafficRouting("migration-prod-api", {
                    config, service: api, zoneId: "Z0EXAMPLEPRODZONE01",
                    legacy: { loadBalancerIp: "203.0.113.40" },
                    fargate: { ...ALB, healthyHostsAlarmName: "migration-prod-api-healthy-hosts" },
                });
                const web = new TrafficRouting("migration-prod-web", {
                    config, service: config.services[0], zoneId: "Z0EXAMPLEPRODZONE01",
                    legacy: { loadBalancerIp: "203.0.113.41" }, fargate: ALB,
                });
                return { api: routing.summary, web: web.summary };
            });
            const outputs = fromWire(run.stackOutputs) as Record<string, { split: unknown; commands: unknown }>;
            assert.deepStrictEqual(outputs.web.split, { legacyPercent: 75, fargatePercent: 25, canaryPercent: 10 });
            assert.deepStrictEqual(outputs.api.split, { legacyPercent: 95, fargatePercent: 5, canaryPercent: 0 });
            assert.deepStrictEqual(outputs.api.commands, {
                advance: "pulumi config set --path 'migration:services[1].traffic.fargatePercent' 25 --stack prod",
                rollBack: "pulumi config set --path 'migration:services[1].traffic.fargatePercent' 0 --stack prod",
                allToLegacy: "pulumi config set --path 'migration:services[1].traffic.fargatePercent' 0 --stack prod",
            });
            assert.deepStrictEqual(
                fromWire(named(run, "migration-prod-api-legacy").inputs),
                {
                    zoneId: "Z0EXAMPLEPRODZONE01", name: "api.example.com", type: "A", ttl: 60, records: ["203.0.113.40"],
                    setIdentifier: "legacy", weightedRoutingPolicies: [{ weight: 95 }], healthCheckId: named(run, "migration-prod-api-legacy-hc").id,
                },
            );
        });
    });

    describe("bad arguments", () => {
        const rejects = async (raw: RawConfigInput, override: Parameters<typeof runRouting>[1], message: string) => {
            await assert.rejects(runRouting(raw, override), (err: unknown) => {
                assert.ok(err instanceof ProgramError, String(err));
                assert.strictEqual(err.message, message);
                return true;
            });
        };

        it("a share not in the declared steps is a config error with the exact message", () => {
            const raw = devWeb((svc) => { svc.traffic = { fargatePercent: 30, steps: [0, 5, 25, 50, 100] }; });
            assert.throws(() => parseStackConfig(raw), (err: unknown) => {
                assert.ok(err instanceof ConfigError, String(err));
                assert.deepStrictEqual(err.problems, ["migration:services[0].traffic.fargatePercent: 30 is not a declared rollout step; allowed 0, 5, 25, 50, 100"]);
                return true;
            });
        });

        it("legacy missing while the service's legacy side is enabled", async () => {
            await rejects(webAt(50), { legacy: undefined },
                "legacy: missing for service web, whose legacy side is enabled; pass its load balancer IP");
        });

        it("legacy given for a decommissioned service", async () => {
            await rejects(webDecommissioned(), { legacy: { loadBalancerIp: LB_IP } },
                "legacy: given for service web, whose legacy side is decommissioned; leave it out");
        });

        it("fargate missing for a service with a fargate part, even at 0%", async () => {
            await rejects(webAt(0), { fargate: undefined },
                "fargate: missing for service web, which has a fargate part; pass the ALB and healthy-hosts alarm (the record must exist even at weight 0)");
        });

        it("fargate given for a service without a fargate part", async () => {
            await rejects(webWithoutFargate(), { fargate: ALB },
                "fargate: given for service web, which has no fargate part; leave it out");
        });

        it("a service that is not in the config", async () => {
            const raw = webAt(5);
            const other = parseStackConfig(readStackConfig(ROOT, "dev")).services[1];
            await rejects(raw, { service: other }, "service: \"api\" is not in config.services; pass one of web");
        });

        it("a TTL above 60 s (hand-built config) is refused, naming config.dns.ttl", async () => {
            await rejects(webAt(5), (config) => ({ config: { ...config, dns: { ...config.dns, ttl: 300 } } }),
                "config.dns.ttl: 300 is not valid; allowed 1 to 60 seconds on records with health checks");
        });

        it("a private load balancer IP given as a plain value is refused at once", async () => {
            await rejects(webAt(5), { legacy: { loadBalancerIp: "10.116.0.7" } },
                "legacy.loadBalancerIp: 10.116.0.7 is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4");
        });
    });
});

describe("checkedLoadBalancerIp", () => {
    // Output.promise() is internal but present at run time: it is how a
    // rejected output fails the deployment that consumes it.
    const settle = (o: pulumi.Output<string>) => (o as unknown as { promise(): Promise<string> }).promise();

    it("passes a public IP through once known", async () => {
        assert.strictEqual(await settle(checkedLoadBalancerIp(pulumi.output(Promise.resolve("198.51.100.24")))), "198.51.100.24");
    });

    it("fails with a message naming the argument when the known IP is private", async () => {
        await assert.rejects(settle(checkedLoadBalancerIp(pulumi.output(Promise.resolve("10.116.0.7")))), {
            message: "legacy.loadBalancerIp: 10.116.0.7 is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4",
        });
    });
});

describe("loadBalancerIpProblem", () => {
    const table: [string, string | undefined][] = [
        ["198.51.100.24", undefined],
        ["203.0.113.40", undefined],
        ["164.90.12.7", undefined],
        ["10.116.0.7", "10.116.0.7 is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4"],
        ["172.16.0.1", "172.16.0.1 is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4"],
        ["172.32.0.1", undefined],
        ["192.168.1.1", "192.168.1.1 is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4"],
        ["100.64.0.1", "100.64.0.1 is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4"],
        ["127.0.0.1", "127.0.0.1 is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4"],
        ["169.254.169.254", "169.254.169.254 is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4"],
        ["256.1.1.1", "\"256.1.1.1\" is not an IPv4 address"],
        ["lb.example.com", "\"lb.example.com\" is not an IPv4 address"],
        ["", "\"\" is not an IPv4 address"],
    ];
    for (const [ip, expected] of table) {
        it(`${JSON.stringify(ip)} -> ${expected ?? "ok"}`, () => {
            assert.strictEqual(loadBalancerIpProblem(ip), expected);
        });
    }
});
