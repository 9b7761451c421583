// The engine's --target rules (tools/delivery/targeting.ts), on small graphs
// and on what the program really registers: the targeted `up` that `npm run
// up` prints for a brand-new stack, and for a service added to a live stack,
// is one the engine accepts; targeting the repositories alone is refused.
import * as assert from "assert";
import * as path from "path";
import { parseStackConfig } from "../components/config";
import { repositoryTargets } from "../tools/delivery/checks";
import { untargetedCreates, type TargetedResource } from "../tools/delivery/targeting";
import { runProgram, type Registration } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";
import { stackRun } from "./helpers/program-runs";

const ROOT = path.resolve(__dirname, "..");
const STACK = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
const urn = (type: string, name: string) => `urn:pulumi:s::p::${type}::${name}`;
const r = (name: string, parent?: string, dependencies: string[] = [], type = "aws:x/y:Y"): TargetedResource => ({ urn: urn(type, name), type, parent, dependencies });

describe("untargetedCreates: the engine's --target rules", () => {
    const component = { urn: urn("my:index:C", "c"), type: "my:index:C", parent: STACK, dependencies: [] };
    const child = r("child", component.urn);
    const stack = { urn: STACK, type: "pulumi:pulumi:Stack", dependencies: [] };
    const cases: [string, TargetedResource[], string[], string[], boolean, string[]][] = [
        ["a new child targeted alone: its new parent is a skipped create", [stack, component, child], [], [child.urn], false,
            [`${child.urn} is targeted, but ${component.urn} (its parent) would be created and is not in the --target list: the engine stops with "untargeted create"`]],
        ["the parent targeted too", [stack, component, child], [], [component.urn, child.urn], false, []],
        ["the parent exists already", [stack, component, child], [STACK, component.urn], [child.urn], false, []],
        ["a new dependency not targeted", [stack, r("a"), r("b", undefined, [urn("aws:x/y:Y", "a")])], [], [urn("aws:x/y:Y", "b")], false,
            [`${urn("aws:x/y:Y", "b")} is targeted, but ${urn("aws:x/y:Y", "a")} (its dependency) would be created and is not in the --target list: the engine stops with "untargeted create"`]],
        ["--target-dependents pulls a new dependent in, whose dependency is targeted", [stack, r("a"), r("b", undefined, [urn("aws:x/y:Y", "a")])], [], [urn("aws:x/y:Y", "a")], true, []],
        ["an untargeted new resource nothing targeted needs is simply skipped", [stack, r("a"), r("b")], [], [urn("aws:x/y:Y", "a")], false, []],
        ["a provider is targeted implicitly", [stack, r("p", undefined, [], "pulumi:providers:aws"), { ...r("a"), provider: `${urn("pulumi:providers:aws", "p")}::id-1` }], [], [urn("aws:x/y:Y", "a")], false, []],
        ["a target the program does not register", [stack, r("a")], [], [urn("aws:x/y:Y", "nope")], false,
            [`${urn("aws:x/y:Y", "nope")} is in the --target list but the program registers no such resource`]],
    ];
    for (const [what, resources, existing, targets, dependents, expected] of cases) {
        it(what, () => {
            assert.deepStrictEqual(untargetedCreates(resources, new Set(existing), targets, dependents), expected);
        });
    }
});

describe("the targeted up `npm run up` prints, against the program's registrations", function () {
    this.timeout(120_000);
    const asTargeted = (rs: readonly Registration[]): TargetedResource[] => rs.map((x) => ({ urn: x.urn, type: x.type, parent: x.parent, dependencies: x.options.dependsOn, provider: x.options.provider }));
    let prod: Registration[];
    let withAdmin: Registration[];
    const raw = readStackConfig(ROOT, "prod");
    const config = parseStackConfig(raw);
    const services = JSON.parse(raw.values["migration:services"]) as Record<string, any>[];
    // A new hostname served by Fargate alone, at 100 % (no Droplets to fall back to).
    const admin = { ...structuredClone(services[1]), name: "admin", hostname: "admin.example.com", legacy: { enabled: false }, traffic: { fargatePercent: 100 } };
    const adminRaw = readStackConfig(ROOT, "prod", { config: { "migration:services": JSON.stringify([...services, admin]) } });

    before(async () => {
        prod = [...(await stackRun("prod")).registrations]; // shared with other files (tests/helpers/program-runs.ts)
        withAdmin = [...(await runProgram(adminRaw, { mocks: new OfflineMocks(mockEnvironmentFor(adminRaw)) })).registrations];
    });

    it("a brand-new stack: the Migration, each FargateService and its repository are accepted; the repositories alone are not", () => {
        const targets = repositoryTargets(config, ["web", "api"]);
        assert.deepStrictEqual(untargetedCreates(asTargeted(prod), new Set(), targets), []);
        const repositories = targets.filter((t) => t.endsWith("-repo"));
        assert.deepStrictEqual(untargetedCreates(asTargeted(prod), new Set(), repositories).map((p) => p.split(" is targeted, but ")[1].split(" (")[0]), [
            "urn:pulumi:prod::migration::migration:index:Migration$migration:aws:FargateService::migration-prod-web",
            "urn:pulumi:prod::migration::migration:index:Migration$migration:aws:FargateService::migration-prod-api",
        ]);
    });

    it("a service added to a live stack: its FargateService and repository (and the existing Migration) are accepted", () => {
        const existing = new Set(prod.map((x) => x.urn));
        const targets = repositoryTargets(parseStackConfig(adminRaw), ["admin"]);
        assert.deepStrictEqual(targets.map((t) => t.split("::").pop()), ["migration-prod", "migration-prod-admin", "migration-prod-admin-repo"]);
        assert.deepStrictEqual(untargetedCreates(asTargeted(withAdmin), existing, targets), []);
        assert.strictEqual(untargetedCreates(asTargeted(withAdmin), existing, targets.slice(2)).length, 1, "the repository alone: its new FargateService parent is skipped");
    });
});
