import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
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
const ROUTING_TAGS = { ...SERVICE_TAGS, hostname: HOSTNAME };

const devServices = JSON.parse(readStackConfig(ROOT, "dev").values["migration:services"]) as Record<string, unknown>[];

/** The dev stack with only the web service (and any extra services), patched. */
function devWeb(patch: (svc: Record<string, unknown>) => void, extra: Record<string, unknown>[] = []): RawConfigInput {
    const web = structuredClone(devServices[0]);
    patch(web);
    return readStackConfig(ROOT, "dev", { config: { "migration:services": JSON.stringify([web, ...extra]) } });
}

const webAt = (fargatePercent: number, standby?: string[]) => devWeb((svc) => { svc.traffic = { fargatePercent, steps: [0, 5, 25, 50, 100], ...(standby === undefined ? {} : { standby }) }; });
const webDecommissioned = () => devWeb((svc) => { svc.legacy = { enabled: false }; svc.traffic = { fargatePercent: 100, steps: [0, 5, 25, 50, 100] }; });
const webWithoutFargate = () => devWeb((svc) => { delete svc.fargate; svc.traffic = { fargatePercent: 0 }; });
/** www also serves /orders/* from a second Fargate service (strangler pattern). */
const webWithOrders = () => devWeb(() => undefined, [{
    name: "orders", hostname: HOSTNAME, port: 8081, healthCheckPath: "/ready",
    fargate: { imageTag: "0.4.0", cpu: 256, memory: 512, desiredCount: 1, autoscaling: { min: 1, max: 2 }, pathPatterns: ["/orders/*"] },
}]);

/** Runs DnsZone + TrafficRouting for hostnames[0], wired the way the stack config says, with one stand-in ECS service per Fargate service. */
async function runRouting(
    raw: RawConfigInput,
    override: Partial<TrafficRoutingArgs> | ((config: StackConfig) => Partial<TrafficRoutingArgs>) = {},
): Promise<ProgramRun> {
    return runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
        const config = parseStackConfig(raw);
        const hostname = config.hostnames[0];
        const owner = config.services.find((s) => s.name === hostname.owner)!;
        const zone = new DnsZone("migration-dev", { config });
        const ecsServices = hostname.fargateServices.map((s) => new aws.ecs.Service(`${s}-stable`, { name: s }));
        const routing = new TrafficRouting(NAME, {
            config,
            hostname,
            zoneId: zone.zoneId,
            legacy: owner.legacy.enabled ? { loadBalancerIp: LB_IP } : undefined,
            fargate: ecsServices.length > 0 ? { ...ALB, ecsServices } : undefined,
            ...(typeof override === "function" ? override(config) : override),
        });
        return { web: routing.summary, ...(routing.cutover ? { cutover: routing.cutover } : {}) };
    });
}

const ofType = (run: ProgramRun, type: string) => run.registrations.filter((r) => r.type === type);
const named = (run: ProgramRun, name: string): Registration => {
    const found = run.registrations.find((r) => r.name === name);
    assert.ok(found, `no registration named ${name}; have ${run.registrations.map((r) => r.name).join(", ")}`);
    return found;
};
const zoneIdOf = (run: ProgramRun) => (fromWire(ofType(run, "aws:route53/zone:Zone")[0].outputs) as { zoneId: string }).zoneId;
const weightedRecords = (run: ProgramRun) => ofType(run, "aws:route53/record:Record").filter((r) => (r.inputs as { setIdentifier?: string }).setIdentifier !== undefined);

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

function fargateRecordInputs(run: ProgramRun, weight: number, healthCheck = `${NAME}-web-hc`) {
    return {
        zoneId: zoneIdOf(run),
        name: HOSTNAME,
        type: "A",
        aliases: [{ name: ALB.albDnsName, zoneId: ALB.albZoneId, evaluateTargetHealth: false }],
        setIdentifier: "fargate",
        weightedRoutingPolicies: [{ weight }],
        healthCheckId: named(run, healthCheck).id,
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
    tags: { ...ROUTING_TAGS, Name: `${NAME}-legacy-hc` },
};

/** The web service's own check: HTTPS through the ALB on the name only the check uses, 10 s x 3. */
const WEB_HEALTH_CHECK_INPUTS = {
    type: "HTTPS",
    fqdn: "web.fargate-health.dev.example.com",
    enableSni: true,
    port: 443,
    resourcePath: "/healthz",
    requestInterval: 10,
    failureThreshold: 3,
    measureLatency: false,
    tags: { ...ROUTING_TAGS, service: "web", Name: `${NAME}-web-hc` },
};

const webHealthRecordInputs = (run: ProgramRun) => ({
    zoneId: zoneIdOf(run),
    name: "web.fargate-health.dev.example.com",
    type: "A",
    aliases: [{ name: ALB.albDnsName, zoneId: ALB.albZoneId, evaluateTargetHealth: false }],
});

const command = (percent: number) => `pulumi config set --path 'migration:services[0].traffic.fargatePercent' ${percent} --stack dev`;

function expectedSummary(fargatePercent: number, nextStep: number | null, previousStep: number | null) {
    return {
        service: "web",
        hostname: HOSTNAME,
        phase: "weighted",
        split: { legacyPercent: 100 - fargatePercent, fargatePercent, canaryPercent: 0 },
        steps: [0, 5, 25, 50, 100],
        nextStep,
        previousStep,
        commands: {
            advance: nextStep === null ? null : command(nextStep),
            rollBack: previousStep === null ? null : command(previousStep),
            allToLegacy: fargatePercent > 0 ? command(0) : null,
        },
        // The default standby is the Droplets: only they keep a record at 0 %.
        standby: fargatePercent === 100 ? ["legacy"] : [],
        // A failing side is left only for another record of the group.
        failoverSeconds: { legacy: fargatePercent === 0 || fargatePercent === 100 ? null : 90, fargate: fargatePercent > 0 ? 90 : null },
        rollbackSeconds: 60,
        canary: null,
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

            it(`registers one component with the two endpoint checks, the health-check name and the weighted records${share === 0 ? " (no Fargate record: it does not stand by)" : ""}`, () => {
                const component = named(run, NAME);
                assert.strictEqual(component.type, "migration:traffic:Routing");
                const children = run.registrations.filter((r) => r.parent === component.urn).map((r) => `${r.type} ${r.name}`).sort();
                assert.deepStrictEqual(children, [
                    `aws:route53/healthCheck:HealthCheck ${NAME}-legacy-hc`,
                    `aws:route53/healthCheck:HealthCheck ${NAME}-web-hc`,
                    ...(share === 0 ? [] : [`aws:route53/record:Record ${NAME}-fargate`]),
                    `aws:route53/record:Record ${NAME}-legacy`,
                    `aws:route53/record:Record ${NAME}-web-health`,
                    `aws:ssm/parameter:Parameter ${NAME}-release`,
                ]);
            });

            it(`legacy record: A to the load balancer, weight ${100 - share}, TTL 60, its health check linked`, () => {
                assert.deepStrictEqual(fromWire(named(run, `${NAME}-legacy`).inputs), legacyRecordInputs(run, 100 - share));
            });

            if (share > 0) {
                it(`fargate record: alias to the ALB without evaluate-target-health, weight ${share}, the service's own check linked, after the ECS service`, () => {
                    const record = named(run, `${NAME}-fargate`);
                    assert.deepStrictEqual(fromWire(record.inputs), fargateRecordInputs(run, share));
                    assert.ok(record.options.dependsOn.includes(named(run, "web-stable").urn), "DNS waits for the steady ECS service");
                });
            }

            it("the weights of the group sum to 100", () => {
                const weights = weightedRecords(run)
                    .map((r) => (fromWire(r.inputs) as { weightedRoutingPolicies: { weight: number }[] }).weightedRoutingPolicies[0].weight);
                assert.strictEqual(weights.reduce((a, b) => a + b, 0), 100);
            });

            it("health checks: HTTPS on the load balancer IP with the hostname as SNI/Host; HTTPS through the ALB on the service's health-check name", () => {
                assert.deepStrictEqual(fromWire(named(run, `${NAME}-legacy-hc`).inputs), LEGACY_HEALTH_CHECK_INPUTS);
                assert.deepStrictEqual(fromWire(named(run, `${NAME}-web-hc`).inputs), WEB_HEALTH_CHECK_INPUTS);
                assert.deepStrictEqual(fromWire(named(run, `${NAME}-web-health`).inputs), webHealthRecordInputs(run));
                assert.ok(named(run, `${NAME}-web-hc`).options.dependsOn.includes(named(run, `${NAME}-web-health`).urn), "the name exists before it is checked");
            });

            it("summary: split, neighbouring steps, exact commands, 90 s failover on both sides (stack output and component outputs)", () => {
                const summary = expectedSummary(share, next, previous);
                assert.deepStrictEqual(fromWire(run.stackOutputs), { web: summary });
                assert.deepStrictEqual(fromWire(named(run, NAME).outputs), {
                    releaseMarkerName: "/migration-dev/release/web",
                    hostname: HOSTNAME,
                    summary,
                    legacyHealthCheckId: named(run, `${NAME}-legacy-hc`).id,
                    fargateHealthCheckId: named(run, `${NAME}-web-hc`).id,
                    serviceHealthCheckIds: { web: named(run, `${NAME}-web-hc`).id },
                });
            });
        });
    }

    describe("Fargate standing by at 0% (traffic.standby: [legacy, fargate])", () => {
        it("keeps the Fargate record at weight 0, so it takes the hostname when the legacy check fails, and the summary says so", async () => {
            const run = await runRouting(webAt(0, ["legacy", "fargate"]));
            assert.deepStrictEqual(fromWire(named(run, `${NAME}-fargate`).inputs), fargateRecordInputs(run, 0));
            const summary = (fromWire(run.stackOutputs) as { web: { standby: string[]; failoverSeconds: unknown } }).web;
            assert.deepStrictEqual([summary.standby, summary.failoverSeconds], [["fargate"], { legacy: 90, fargate: null }]);
        });

        it("refuses a side named twice", () => {
            assert.throws(() => parseStackConfig(webAt(0, ["legacy", "legacy"])), (err: unknown) => err instanceof ConfigError
                && err.problems.includes("migration:services[0].traffic.standby: [\"legacy\",\"legacy\"] names a side twice; allowed each of legacy, fargate at most once"));
        });
    });

    describe("legacy decommissioned (100% on Fargate)", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runRouting(webDecommissioned());
        });

        it("keeps only the Fargate record, unchanged: same name, set identifier and weight as at 100% with legacy", () => {
            const records = weightedRecords(run);
            assert.deepStrictEqual(records.map((r) => r.name), [`${NAME}-fargate`]);
            assert.deepStrictEqual(fromWire(records[0].inputs), fargateRecordInputs(run, 100));
            assert.deepStrictEqual(ofType(run, "aws:route53/healthCheck:HealthCheck").map((r) => r.name), [`${NAME}-web-hc`]);
            assert.deepStrictEqual(fromWire(named(run, `${NAME}-web-hc`).inputs), WEB_HEALTH_CHECK_INPUTS);
        });

        it("summary: no step down, no command back to legacy, only the Fargate bound", () => {
            const summary = {
                ...expectedSummary(100, null, null),
                commands: { advance: null, rollBack: null, allToLegacy: null },
                // Nothing left to stand by or to fail over to.
                standby: [],
                failoverSeconds: { legacy: null, fargate: null },
            };
            assert.deepStrictEqual(fromWire(run.stackOutputs), { web: summary });
        });
    });

    describe("no fargate part (0%)", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runRouting(webWithoutFargate());
        });

        it("keeps only the legacy record, weighted at 100, with its health check", () => {
            const records = weightedRecords(run);
            assert.deepStrictEqual(records.map((r) => r.name), [`${NAME}-legacy`]);
            assert.deepStrictEqual(fromWire(records[0].inputs), legacyRecordInputs(run, 100));
            assert.deepStrictEqual(ofType(run, "aws:route53/healthCheck:HealthCheck").map((r) => r.name), [`${NAME}-legacy-hc`]);
            assert.deepStrictEqual(fromWire(named(run, `${NAME}-legacy-hc`).inputs), LEGACY_HEALTH_CHECK_INPUTS);
        });

        it("summary: the default ladder, no step up until a fargate part exists", () => {
            assert.deepStrictEqual(fromWire(run.stackOutputs), {
                web: {
                    ...expectedSummary(0, null, null),
                    failoverSeconds: { legacy: null, fargate: null },
                },
            });
        });
    });

    describe("two Fargate services on one hostname (strangler)", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runRouting(webWithOrders());
        });

        it("each service has its own HTTPS check; the Fargate record follows a CALCULATED check that needs all of them", () => {
            const ordersCheck = fromWire(named(run, `${NAME}-orders-hc`).inputs) as Record<string, unknown>;
            assert.deepStrictEqual([ordersCheck.fqdn, ordersCheck.resourcePath], ["orders.fargate-health.dev.example.com", "/ready"]);
            assert.deepStrictEqual(fromWire(named(run, `${NAME}-fargate-hc`).inputs), {
                type: "CALCULATED",
                childHealthchecks: [named(run, `${NAME}-web-hc`).id, named(run, `${NAME}-orders-hc`).id],
                childHealthThreshold: 2,
                tags: { ...ROUTING_TAGS, Name: `${NAME}-fargate-hc` },
            });
            const record = named(run, `${NAME}-fargate`);
            assert.deepStrictEqual(fromWire(record.inputs), fargateRecordInputs(run, 50, `${NAME}-fargate-hc`));
            assert.ok(record.options.dependsOn.includes(named(run, "orders-stable").urn), "DNS also waits for the path service");
        });
    });

    describe("a live hostname before its cut-over (prod, day one)", () => {
        const raw = readStackConfig(ROOT, "prod");
        let run: ProgramRun;
        before(async () => {
            run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
                const config = parseStackConfig(raw);
                const zone = new DnsZone("migration-prod", { config });
                const routing = new TrafficRouting("migration-prod-web", {
                    config, hostname: config.hostnames[0], zoneId: zone.zoneId,
                    legacy: { loadBalancerIp: "203.0.113.41" },
                    fargate: { ...ALB, ecsServices: [new aws.ecs.Service("web-stable", { name: "web" })] },
                });
                return { web: routing.summary, cutover: routing.cutover };
            });
        });

        it("creates the health checks but no weighted record: the plain record keeps answering", () => {
            assert.deepStrictEqual(ofType(run, "aws:route53/healthCheck:HealthCheck").map((r) => r.name).sort(), ["migration-prod-web-legacy-hc", "migration-prod-web-web-hc"]);
            assert.deepStrictEqual(ofType(run, "aws:route53/record:Record").map((r) => r.name), ["migration-prod-web-web-health"]);
        });

        it("reports the one atomic batch: delete the live record, create legacy 100 as the program declares it (Fargate, at 0 % and not standing by, gets no record)", () => {
            const outputs = fromWire(run.stackOutputs) as { web: { phase: string }; cutover: Record<string, unknown> };
            assert.strictEqual(outputs.web.phase, "cutover-pending");
            const zoneId = (fromWire(ofType(run, "migration:dns:Zone")[0].outputs) as { zoneId: string }).zoneId;
            const legacyCheck = named(run, "migration-prod-web-legacy-hc").id;
            assert.deepStrictEqual(outputs.cutover, {
                hostname: "www.example.com",
                zoneId,
                file: "cutover-prod-www.example.com.json",
                changeBatch: {
                    Comment: "Cut-over of www.example.com to weighted records (legacy 100)",
                    Changes: [
                        { Action: "DELETE", ResourceRecordSet: { Name: "www.example.com", Type: "A", TTL: 300, ResourceRecords: [{ Value: "203.0.113.21" }, { Value: "203.0.113.22" }, { Value: "203.0.113.23" }] } },
                        { Action: "CREATE", ResourceRecordSet: { Name: "www.example.com", Type: "A", SetIdentifier: "legacy", Weight: 100, TTL: 60, ResourceRecords: [{ Value: "203.0.113.41" }], HealthCheckId: legacyCheck } },
                    ],
                },
                command: `aws route53 change-resource-record-sets --hosted-zone-id ${zoneId} --change-batch file://cutover-prod-www.example.com.json`,
            });
        });

        it("with Fargate standing by, the batch also creates its record at weight 0", async () => {
            const standing = readStackConfig(ROOT, "prod", { config: {
                "migration:services": JSON.stringify(JSON.parse(raw.values["migration:services"]).map((svc: Record<string, any>) => ({ ...svc, traffic: { ...svc.traffic, standby: ["legacy", "fargate"] } }))),
            } });
            const standingRun = await runInMocks(standing, { mocks: new OfflineMocks(mockEnvironmentFor(standing)) }, async () => {
                const config = parseStackConfig(standing);
                const zone = new DnsZone("migration-prod", { config });
                const routing = new TrafficRouting("migration-prod-web", {
                    config, hostname: config.hostnames[0], zoneId: zone.zoneId,
                    legacy: { loadBalancerIp: "203.0.113.41" },
                    fargate: { ...ALB, ecsServices: [new aws.ecs.Service("web-stable", { name: "web" })] },
                });
                return { cutover: routing.cutover };
            });
            const batch = (fromWire(standingRun.stackOutputs) as { cutover: { changeBatch: { Comment: string; Changes: { ResourceRecordSet: Record<string, unknown> }[] } } }).cutover.changeBatch;
            assert.strictEqual(batch.Comment, "Cut-over of www.example.com to weighted records (legacy 100, fargate 0)");
            assert.deepStrictEqual(batch.Changes[2].ResourceRecordSet, {
                Name: "www.example.com", Type: "A", SetIdentifier: "fargate", Weight: 0,
                AliasTarget: { HostedZoneId: ALB.albZoneId, DNSName: ALB.albDnsName, EvaluateTargetHealth: false }, HealthCheckId: named(standingRun, "migration-prod-web-web-hc").id,
            });
        });
    });

    describe("the run after the cut-over: importing the weighted records", () => {
        it("registers the records the batch created, with their import ids: legacy at 100", async () => {
            const raw = readStackConfig(ROOT, "prod", { config: {
                "migration:dns": JSON.stringify({ zoneName: "example.com", zone: "lookup", zoneId: "Z0123456789ABCDEFGHIJ" }),
                "migration:services": JSON.stringify(JSON.parse(readStackConfig(ROOT, "prod").values["migration:services"]).map((svc: Record<string, any>) => {
                    delete svc.traffic.liveRecord;
                    svc.traffic.importWeightedRecords = true;
                    return svc;
                })),
            } });
            const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
                const config = parseStackConfig(raw);
                const zone = new DnsZone("migration-prod", { config });
                new TrafficRouting("migration-prod-web", {
                    config, hostname: config.hostnames[0], zoneId: zone.zoneId,
                    legacy: { loadBalancerIp: "203.0.113.41" },
                    fargate: { ...ALB, ecsServices: [new aws.ecs.Service("web-stable", { name: "web" })] },
                });
            });
            assert.deepStrictEqual(weightedRecords(run).map((r) => [r.name, r.options.importId, (fromWire(r.inputs) as { weightedRoutingPolicies: { weight: number }[] }).weightedRoutingPolicies[0].weight]), [
                ["migration-prod-web-legacy", "Z0123456789ABCDEFGHIJ_www.example.com_A_legacy", 100],
            ]);
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

        it("legacy missing while the owner's legacy side is enabled", async () => {
            await rejects(webAt(50), { legacy: undefined },
                `legacy: missing for ${HOSTNAME}, whose owner web has Droplets`);
        });

        it("legacy given for a decommissioned owner", async () => {
            await rejects(webDecommissioned(), { legacy: { loadBalancerIp: LB_IP } },
                `legacy: given for ${HOSTNAME}, whose owner web has no Droplets`);
        });

        it("fargate missing for a hostname with a Fargate service, even at 0%", async () => {
            await rejects(webAt(0), { fargate: undefined },
                `fargate: missing for ${HOSTNAME}, which has 1 Fargate services`);
        });

        it("fargate given for a hostname without a Fargate service", async () => {
            await rejects(webWithoutFargate(), { fargate: { ...ALB, ecsServices: [] } },
                `fargate: given for ${HOSTNAME}, which has 0 Fargate services`);
        });

        it("a hostname whose owner is not in the config", async () => {
            await rejects(webAt(5), { hostname: { hostname: HOSTNAME, owner: "api", fargateServices: ["web"] } },
                "hostname: its owner \"api\" is not a service with traffic in config.services");
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
