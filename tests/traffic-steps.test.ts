import * as assert from "assert";
import * as fc from "fast-check";
import {
    ALB_ALIAS_TTL_SECONDS,
    DEFAULT_ROLLOUT_STEPS,
    ENDPOINT_HEALTH_CHECK,
    WEIGHTED_RECORD_TTL_SECONDS,
    dnsPhaseOf,
    endpointFailoverSeconds,
    fargateShareCommand,
    navigateSteps,
    trafficSummary,
} from "../components/traffic/steps";

const LADDER = [0, 5, 25, 50, 100];

/** Strictly increasing percentage lists of 1 or more steps. */
const ladder = fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 }).map((s) => [...s].sort((a, b) => a - b));

describe("traffic steps: navigateSteps", () => {
    const table: [string, number[], number, { min: number; max: number } | undefined, { next: number | null; previous: number | null }][] = [
        ["bottom end", LADDER, 0, undefined, { next: 5, previous: null }],
        ["first step", LADDER, 5, undefined, { next: 25, previous: 0 }],
        ["middle", LADDER, 25, undefined, { next: 50, previous: 5 }],
        ["half", LADDER, 50, undefined, { next: 100, previous: 25 }],
        ["top end", LADDER, 100, undefined, { next: null, previous: 50 }],
        ["value between steps (no declared steps)", LADDER, 30, undefined, { next: 50, previous: 25 }],
        ["value below a ladder that starts above 0", [10, 20, 100], 0, undefined, { next: 10, previous: null }],
        ["value above a ladder that ends below 100", [0, 10, 20], 40, undefined, { next: null, previous: 20 }],
        ["no fargate part: nothing above 0 is allowed", LADDER, 0, { min: 0, max: 0 }, { next: null, previous: null }],
        ["legacy decommissioned: nothing below 100 is allowed", LADDER, 100, { min: 100, max: 100 }, { next: null, previous: null }],
        ["a single step", [100], 100, undefined, { next: null, previous: null }],
    ];
    for (const [label, steps, current, bounds, expected] of table) {
        it(`${label}: ${JSON.stringify(steps)} at ${current}`, () => {
            assert.deepStrictEqual(navigateSteps(steps, current, bounds), expected);
        });
    }

    it("rejects bad ladders and values, naming them", () => {
        assert.throws(() => navigateSteps([], 0), { name: "RangeError", message: "steps: empty; allowed one or more percentages in increasing order" });
        assert.throws(() => navigateSteps([0, 50, 25], 0), { name: "RangeError", message: "steps: [0,50,25] is not strictly increasing" });
        assert.throws(() => navigateSteps([0, 5, 5], 0), { name: "RangeError", message: "steps: [0,5,5] is not strictly increasing" });
        assert.throws(() => navigateSteps([0, 150], 0), { name: "RangeError", message: "steps[1]: 150 is not a whole number from 0 to 100" });
        assert.throws(() => navigateSteps(LADDER, 101), { name: "RangeError", message: "current: 101 is not a whole number from 0 to 100" });
    });

    it("property: next is the smallest step above, previous the largest below", () => {
        fc.assert(fc.property(ladder, fc.integer({ min: 0, max: 100 }), (steps, current) => {
            const { next, previous } = navigateSteps(steps, current);
            const above = steps.filter((s) => s > current);
            const below = steps.filter((s) => s < current);
            assert.strictEqual(next, above.length > 0 ? Math.min(...above) : null);
            assert.strictEqual(previous, below.length > 0 ? Math.max(...below) : null);
        }));
    });

    it("property: with bounds, next and previous stay inside them and are the closest allowed steps", () => {
        const bounds = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
        fc.assert(fc.property(ladder, fc.integer({ min: 0, max: 100 }), bounds, (steps, current, b) => {
            const { next, previous } = navigateSteps(steps, current, b);
            const allowed = steps.filter((s) => s >= b.min && s <= b.max);
            for (const step of [next, previous]) {
                assert.ok(step === null || (step >= b.min && step <= b.max && steps.includes(step)));
            }
            assert.strictEqual(next, allowed.find((s) => s > current) ?? null);
            assert.strictEqual(previous, [...allowed].reverse().find((s) => s < current) ?? null);
        }));
    });

    it("property: walking next from the first step visits every step in order and stops at the top", () => {
        fc.assert(fc.property(ladder, (steps) => {
            const visited = [steps[0]];
            for (let step = navigateSteps(steps, steps[0]).next; step !== null; step = navigateSteps(steps, step).next) {
                visited.push(step);
            }
            assert.deepStrictEqual(visited, steps);
            assert.strictEqual(navigateSteps(steps, steps[steps.length - 1]).next, null);
            assert.strictEqual(navigateSteps(steps, steps[0]).previous, null);
        }));
    });

    it("property: next of previous and previous of next come back to a step", () => {
        fc.assert(fc.property(ladder.chain((steps) => fc.tuple(fc.constant(steps), fc.constantFrom(...steps))), ([steps, current]) => {
            const { next, previous } = navigateSteps(steps, current);
            if (next !== null) {
                assert.strictEqual(navigateSteps(steps, next).previous, current);
            }
            if (previous !== null) {
                assert.strictEqual(navigateSteps(steps, previous).next, current);
            }
        }));
    });
});

describe("traffic steps: failover timing", () => {
    it("endpoint check: TTL + requestInterval x failureThreshold", () => {
        assert.strictEqual(endpointFailoverSeconds({ ttlSeconds: 60, requestIntervalSeconds: 10, failureThreshold: 3 }), 90);
        assert.strictEqual(endpointFailoverSeconds({ ttlSeconds: 30, requestIntervalSeconds: 30, failureThreshold: 3 }), 120);
        assert.strictEqual(endpointFailoverSeconds({ ttlSeconds: 5, requestIntervalSeconds: 10, failureThreshold: 1 }), 15);
    });

    it("the shared health check and the fixed TTL give 90 s on both sides", () => {
        assert.deepStrictEqual({ ...ENDPOINT_HEALTH_CHECK }, { port: 443, requestIntervalSeconds: 10, failureThreshold: 3 });
        assert.strictEqual(ALB_ALIAS_TTL_SECONDS, 60);
        assert.strictEqual(WEIGHTED_RECORD_TTL_SECONDS, ALB_ALIAS_TTL_SECONDS);
        assert.strictEqual(endpointFailoverSeconds({ ttlSeconds: WEIGHTED_RECORD_TTL_SECONDS, ...ENDPOINT_HEALTH_CHECK }), 90);
    });

    it("rejects values Route 53 or CloudWatch would not accept", () => {
        assert.throws(() => endpointFailoverSeconds({ ttlSeconds: 60, requestIntervalSeconds: 15, failureThreshold: 3 }), {
            name: "RangeError", message: "requestIntervalSeconds: 15 is not valid; allowed 10 or 30",
        });
        assert.throws(() => endpointFailoverSeconds({ ttlSeconds: 60, requestIntervalSeconds: 10, failureThreshold: 11 }), {
            name: "RangeError", message: "failureThreshold: 11 is not a whole number from 1 to 10",
        });
        assert.throws(() => endpointFailoverSeconds({ ttlSeconds: -1, requestIntervalSeconds: 10, failureThreshold: 3 }), {
            name: "RangeError", message: "ttlSeconds: -1 is not a whole number from 0 up",
        });
    });

    it("property: the bound grows with every term and is never below the TTL plus one detection", () => {
        fc.assert(fc.property(
            fc.integer({ min: 0, max: 60 }), fc.constantFrom(10, 30), fc.integer({ min: 1, max: 10 }),
            (ttl, interval, threshold) => {
                const t = endpointFailoverSeconds({ ttlSeconds: ttl, requestIntervalSeconds: interval, failureThreshold: threshold });
                assert.strictEqual(t, ttl + interval * threshold);
                assert.ok(t >= ttl + interval);
                if (threshold < 10) {
                    assert.ok(endpointFailoverSeconds({ ttlSeconds: ttl, requestIntervalSeconds: interval, failureThreshold: threshold + 1 }) > t);
                }
            },
        ));
    });
});

describe("traffic steps: fargateShareCommand", () => {
    it("renders the --path config command for a service's share", () => {
        assert.strictEqual(
            fargateShareCommand({ project: "migration", stack: "prod", serviceIndex: 1, fargatePercent: 25 }),
            "pulumi config set --path 'migration:services[1].traffic.fargatePercent' 25 --stack prod",
        );
        assert.strictEqual(
            fargateShareCommand({ project: "migration", stack: "acme/migration/dev", serviceIndex: 0, fargatePercent: 0 }),
            "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 0 --stack acme/migration/dev",
        );
    });

    it("refuses names a shell would misread and out-of-range values", () => {
        assert.throws(() => fargateShareCommand({ project: "migration", stack: "prod; rm -rf /", serviceIndex: 0, fargatePercent: 5 }), {
            name: "RangeError", message: "stack: \"prod; rm -rf /\" is not a Pulumi stack name",
        });
        assert.throws(() => fargateShareCommand({ project: "it's", stack: "prod", serviceIndex: 0, fargatePercent: 5 }), {
            name: "RangeError", message: "project: \"it's\" is not a Pulumi project name",
        });
        assert.throws(() => fargateShareCommand({ project: "migration", stack: "prod", serviceIndex: -1, fargatePercent: 5 }), {
            name: "RangeError", message: "serviceIndex: -1 is not a whole number from 0 up",
        });
        assert.throws(() => fargateShareCommand({ project: "migration", stack: "prod", serviceIndex: 0, fargatePercent: 200 }), {
            name: "RangeError", message: "fargatePercent: 200 is not a whole number from 0 to 100",
        });
    });

    it("property: the command parses back to the same project, index, share and stack", () => {
        fc.assert(fc.property(
            fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}$/), fc.nat(50), fc.integer({ min: 0, max: 100 }),
            (project, stack, serviceIndex, fargatePercent) => {
                const command = fargateShareCommand({ project, stack, serviceIndex, fargatePercent });
                const parsed = /^pulumi config set --path '([^']+):services\[(\d+)\]\.traffic\.fargatePercent' (\d+) --stack (\S+)$/.exec(command);
                assert.ok(parsed, command);
                assert.deepStrictEqual(parsed.slice(1), [project, String(serviceIndex), String(fargatePercent), stack]);
            },
        ));
    });
});

describe("traffic steps: trafficSummary", () => {
    const web = (fargatePercent: number, steps?: number[], canary?: number, phase: Record<string, unknown> = {}) => ({
        name: "web",
        hostname: "www.example.com",
        traffic: { fargatePercent, bakeTimeMinutes: 15, importWeightedRecords: false, standby: ["legacy" as const], ...(steps ? { steps } : {}), ...phase },
        fargate: { pathPatterns: [], ...(canary === undefined ? {} : { canary: { image: { kind: "ecr" as const, tag: "1.9.0" }, percent: canary } }) } as never,
    });
    const both = { legacy: true, fargate: true };

    it("mid-rollout with a canary: split, neighbours, commands, timings", () => {
        assert.deepStrictEqual(trafficSummary({ project: "migration", stack: "prod", serviceIndex: 0, service: web(25, LADDER, 10), sides: both }), {
            service: "web",
            hostname: "www.example.com",
            phase: "weighted",
            split: { legacyPercent: 75, fargatePercent: 25, canaryPercent: 10 },
            steps: [0, 5, 25, 50, 100],
            nextStep: 50,
            previousStep: 5,
            commands: {
                advance: "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 50 --stack prod",
                rollBack: "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 5 --stack prod",
                allToLegacy: "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 0 --stack prod",
            },
            standby: [],
            failoverSeconds: { legacy: 90, fargate: 90 },
            rollbackSeconds: 60,
            canary: { key: "imageTag", value: "1.9.0" },
        });
    });

    it("standby: a side at 0 % keeps a record only when it stands by, and only then can a failing side be left for it", () => {
        const at = (percent: number, standby: ("legacy" | "fargate")[]) => {
            const service = web(percent, LADDER);
            const s = trafficSummary({ project: "migration", stack: "prod", serviceIndex: 0, service: { ...service, traffic: { ...service.traffic!, standby } }, sides: both });
            return [s.standby, s.failoverSeconds];
        };
        assert.deepStrictEqual(at(0, ["legacy"]), [[], { legacy: null, fargate: null }], "Fargate at 0 % has no record: a failing legacy side keeps its traffic");
        assert.deepStrictEqual(at(0, ["legacy", "fargate"]), [["fargate"], { legacy: 90, fargate: null }]);
        assert.deepStrictEqual(at(100, ["legacy"]), [["legacy"], { legacy: null, fargate: 90 }], "the Droplets catch a failing Fargate at 100 %");
        assert.deepStrictEqual(at(100, []), [[], { legacy: null, fargate: null }]);
        assert.deepStrictEqual(at(50, []), [[], { legacy: 90, fargate: 90 }], "both sides have a share: each is the other's way out");
    });

    it("no declared steps: the default ladder, and a share between its steps", () => {
        const s = trafficSummary({ project: "migration", stack: "dev", serviceIndex: 2, service: web(30), sides: both });
        assert.deepStrictEqual(s.steps, [...DEFAULT_ROLLOUT_STEPS]);
        assert.deepStrictEqual([s.previousStep, s.nextStep], [25, 50]);
        assert.deepStrictEqual(s.split, { legacyPercent: 70, fargatePercent: 30, canaryPercent: 0 });
        assert.deepStrictEqual(s.failoverSeconds, { legacy: 90, fargate: 90 });
        assert.strictEqual(s.rollbackSeconds, 60);
        assert.strictEqual(s.commands.advance, "pulumi config set --path 'migration:services[2].traffic.fargatePercent' 50 --stack dev");
    });

    it("at 0%: nothing to roll back, nothing to send back to legacy", () => {
        const s = trafficSummary({ project: "migration", stack: "prod", serviceIndex: 1, service: web(0, LADDER), sides: both });
        assert.deepStrictEqual([s.previousStep, s.nextStep], [null, 5]);
        assert.deepStrictEqual(s.commands, {
            advance: "pulumi config set --path 'migration:services[1].traffic.fargatePercent' 5 --stack prod",
            rollBack: null,
            allToLegacy: null,
        });
    });

    it("legacy decommissioned: no way down, only the Fargate bound", () => {
        const s = trafficSummary({ project: "migration", stack: "prod", serviceIndex: 0, service: web(100, LADDER), sides: { legacy: false, fargate: true } });
        assert.deepStrictEqual(s.split, { legacyPercent: 0, fargatePercent: 100, canaryPercent: 0 });
        assert.deepStrictEqual([s.previousStep, s.nextStep], [null, null]);
        assert.deepStrictEqual(s.commands, { advance: null, rollBack: null, allToLegacy: null });
        // One record only: Route 53 answers with it whether healthy or not (nothing to fail over to).
        assert.deepStrictEqual(s.failoverSeconds, { legacy: null, fargate: null });
        assert.strictEqual(s.rollbackSeconds, 60);
    });

    it("no fargate part: no way up, only the legacy bound and TTL", () => {
        const s = trafficSummary({ project: "migration", stack: "dev", serviceIndex: 0, service: web(0), sides: { legacy: true, fargate: false } });
        assert.deepStrictEqual(s.split, { legacyPercent: 100, fargatePercent: 0, canaryPercent: 0 });
        assert.deepStrictEqual([s.previousStep, s.nextStep], [null, null]);
        assert.deepStrictEqual(s.commands, { advance: null, rollBack: null, allToLegacy: null });
        assert.deepStrictEqual(s.failoverSeconds, { legacy: null, fargate: null });
        assert.strictEqual(s.rollbackSeconds, 60);
    });

    it("a hostname whose owner has no catch-all Fargate service: no way up (the config refuses a share above 0)", () => {
        const pathOnly = { ...web(0, LADDER), fargate: { pathPatterns: ["/orders/*"] } as never };
        const legacyOnlyOwner = { ...web(0, LADDER), fargate: undefined };
        for (const service of [pathOnly, legacyOnlyOwner]) {
            const s = trafficSummary({ project: "migration", stack: "dev", serviceIndex: 0, service, sides: both });
            assert.deepStrictEqual([s.previousStep, s.nextStep, s.commands.advance], [null, null, null]);
        }
    });

    it("steps without 0: everything back to the Droplets is still offered, and the config accepts it", () => {
        const s = trafficSummary({ project: "migration", stack: "prod", serviceIndex: 0, service: web(25, [5, 25, 100]), sides: both });
        assert.deepStrictEqual([s.previousStep, s.nextStep], [5, 100]);
        assert.strictEqual(s.commands.allToLegacy, "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 0 --stack prod");
    });

    it("cut-over pending: no step up until the weighted records are the program's", () => {
        const live = { liveRecord: { type: "A", ttl: 300, values: ["203.0.113.21"] } };
        const s = trafficSummary({ project: "migration", stack: "prod", serviceIndex: 0, service: web(0, LADDER, undefined, live), sides: both });
        assert.strictEqual(s.phase, "cutover-pending");
        assert.deepStrictEqual([s.previousStep, s.nextStep], [null, null]);
        assert.deepStrictEqual(s.commands, { advance: null, rollBack: null, allToLegacy: null });
        const importing = trafficSummary({ project: "migration", stack: "prod", serviceIndex: 0, service: web(0, LADDER, undefined, { importWeightedRecords: true }), sides: both });
        assert.strictEqual(importing.phase, "importing");
        assert.strictEqual(importing.nextStep, null);
    });

    it("dnsPhaseOf reads the phase from traffic", () => {
        assert.strictEqual(dnsPhaseOf({ liveRecord: {} }), "cutover-pending");
        assert.strictEqual(dnsPhaseOf({ importWeightedRecords: true }), "importing");
        assert.strictEqual(dnsPhaseOf({ importWeightedRecords: false }), "weighted");
        assert.strictEqual(dnsPhaseOf({}), "weighted");
    });

    it("refuses a service that does not own a hostname's split", () => {
        assert.throws(() => trafficSummary({ project: "migration", stack: "dev", serviceIndex: 1, service: { name: "orders", hostname: "www.example.com", traffic: undefined, fargate: undefined }, sides: both }), {
            name: "RangeError", message: "service: \"orders\" has no traffic part; pass the service that owns www.example.com's split",
        });
    });

    it("property: the split always sums to 100 and the commands name the neighbouring steps", () => {
        fc.assert(fc.property(ladder.filter((s) => s.length >= 2).chain((steps) => fc.tuple(fc.constant(steps), fc.constantFrom(...steps))), ([steps, share]) => {
            const s = trafficSummary({ project: "migration", stack: "dev", serviceIndex: 0, service: web(share, steps), sides: both });
            assert.strictEqual(s.split.legacyPercent + s.split.fargatePercent, 100);
            const shareIn = (command: string | null) => command === null ? null : Number(/ (\d+) --stack/.exec(command)![1]);
            assert.strictEqual(shareIn(s.commands.advance), s.nextStep);
            assert.strictEqual(shareIn(s.commands.rollBack), s.previousStep);
            assert.strictEqual(shareIn(s.commands.allToLegacy), share > 0 ? 0 : null);
        }));
    });
});
