import * as assert from "assert";
import * as fc from "fast-check";
import { PRIORITY_BANDS, derivedPriority, resolvePriorities, type PriorityRequest } from "../components/aws/listener-priorities";
import { groupHostnames, type HostnameMember } from "../components/traffic/hostnames";

const request = (index: number, name: string, hostname = `${name}.example.com`, hasPaths = false, explicit?: number): PriorityRequest =>
    ({ index, name, hostname, hasPaths, explicit });

describe("listener rule priorities", () => {
    it("derives each service's priority from its name, in its band: paths first, health checks, catch-all last", () => {
        const { byService, problems } = resolvePriorities([request(0, "web"), request(1, "orders", "web.example.com", true)]);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(byService.get("web"), { routing: derivedPriority("web", "catchAll"), health: derivedPriority("web", "health") });
        assert.deepStrictEqual(byService.get("orders"), { routing: derivedPriority("orders", "paths"), health: derivedPriority("orders", "health") });
        for (const [band, value] of [["catchAll", byService.get("web")!.routing], ["paths", byService.get("orders")!.routing], ["health", byService.get("web")!.health]] as const) {
            assert.ok(value >= PRIORITY_BANDS[band].from && value <= PRIORITY_BANDS[band].to, `${band} ${value}`);
        }
    });

    it("takes an explicit priority as given, and refuses the same one twice", () => {
        const { byService, problems } = resolvePriorities([request(0, "web", undefined, false, 45000), request(1, "api", undefined, false, 45000)]);
        assert.strictEqual(byService.get("web")!.routing, 45000);
        assert.deepStrictEqual(problems, [[[1, "fargate", "listenerRulePriority"], "45000 is already the priority of services[0] (web); allowed a priority no other listener rule has"]]);
    });

    it("moves a derived priority that collides to the next free one, without touching the other service", () => {
        const taken = derivedPriority("api", "catchAll");
        const { byService, problems } = resolvePriorities([request(0, "web", undefined, false, taken), request(1, "api")]);
        assert.deepStrictEqual(problems, []);
        assert.strictEqual(byService.get("web")!.routing, taken);
        assert.strictEqual(byService.get("api")!.routing, taken === PRIORITY_BANDS.catchAll.to ? PRIORITY_BANDS.catchAll.from : taken + 1);
    });

    it("refuses a path rule ordered after its hostname's catch-all rule", () => {
        const { problems } = resolvePriorities([request(0, "web", "www.example.com", false, 100), request(1, "orders", "www.example.com", true, 200)]);
        assert.deepStrictEqual(problems, [[[1, "fargate", "listenerRulePriority"], "200 comes after services[0]'s catch-all rule (100) for www.example.com, so its paths would never reach it; allowed a priority below 100"]]);
    });

    it("property: any order of the same services gives every service the same priorities, all unique", () => {
        const names = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/), { minLength: 1, maxLength: 40 });
        fc.assert(fc.property(names, fc.context(), (list, ctx) => {
            const requests = list.map((name, index) => request(index, name, `${name}.example.com`, name.length % 3 === 0));
            const shuffled = [...requests].reverse().map((r, index) => ({ ...r, index }));
            const a = resolvePriorities(requests);
            const b = resolvePriorities(shuffled);
            ctx.log(JSON.stringify([...a.byService]));
            assert.deepStrictEqual(a.problems, []);
            for (const name of list) {
                assert.deepStrictEqual(a.byService.get(name), b.byService.get(name));
            }
            const all = [...a.byService.values()].flatMap((p) => [p.routing, p.health]);
            assert.strictEqual(new Set(all).size, all.length);
        }));
    });
});

describe("hostname groups", () => {
    const member = (index: number, name: string, hostname: string, extra: Partial<HostnameMember> = {}): HostnameMember => ({
        index, name, hostname, hasTraffic: true, fargatePercent: 0, hasFargate: true, pathPatterns: [], legacyEnabled: true, ...extra,
    });

    it("one hostname per service: each owns its split", () => {
        assert.deepStrictEqual(groupHostnames([member(0, "web", "www.example.com"), member(1, "api", "api.example.com", { hasFargate: false })]), {
            hostnames: [
                { hostname: "www.example.com", owner: "web", fargateServices: ["web"] },
                { hostname: "api.example.com", owner: "api", fargateServices: [] },
            ],
            problems: [],
        });
    });

    it("a strangler service follows its hostname's owner", () => {
        const grouping = groupHostnames([
            member(0, "orders", "www.example.com", { hasTraffic: false, pathPatterns: ["/orders/*"], legacyEnabled: false }),
            member(1, "web", "www.example.com", { fargatePercent: 25 }),
        ]);
        assert.deepStrictEqual(grouping, { hostnames: [{ hostname: "www.example.com", owner: "web", fargateServices: ["web", "orders"] }], problems: [] });
    });

    it("a hostname nobody owns", () => {
        assert.deepStrictEqual(groupHostnames([member(0, "orders", "www.example.com", { hasTraffic: false, pathPatterns: ["/o/*"], legacyEnabled: false })]).problems, [
            [[0, "traffic"], "is required: no service of www.example.com has traffic; allowed exactly one service per hostname with traffic (it owns the DNS split)"],
        ]);
    });

    it("a legacy-only owner with Fargate path services cannot send the hostname to Fargate", () => {
        const grouping = groupHostnames([
            member(0, "web", "www.example.com", { fargatePercent: 5, hasFargate: false }),
            member(1, "orders", "www.example.com", { hasTraffic: false, pathPatterns: ["/orders/*"], legacyEnabled: false }),
        ]);
        // The owner without a fargate part is refused by the rule that names it (config validation); no second message here.
        assert.deepStrictEqual(grouping.problems, []);
        assert.deepStrictEqual(grouping.hostnames, [{ hostname: "www.example.com", owner: "web", fargateServices: ["orders"] }]);
    });
});
