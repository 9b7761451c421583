// Policy analysis as the engine runs it: each resource's inputs are analyzed
// as the program registers it, while the program goes on, and a plan that
// fails stops sending what is left.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { parse } from "yaml";
import { Abandon, analyzerResourceOf, PolicyAnalyzer, readPackInfoCache } from "../tools/offline/analyzer";
import { runInMocks, type Registration } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { buildPlan, POLICY_PACK_DIR, ProviderRulesError } from "../tools/plan/plan";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

/** The shared pack, with every analyze() call recorded (the pack answers as usual). */
async function recordingAnalyzer(events: string[], abandons: Abandon[]): Promise<PolicyAnalyzer> {
    const real = await PolicyAnalyzer.shared(POLICY_PACK_DIR);
    return Object.create(real, {
        analyze: {
            value: (resource: Parameters<PolicyAnalyzer["analyze"]>[0], options: Parameters<PolicyAnalyzer["analyze"]>[1]) => {
                events.push(`analyze ${resource.urn}`);
                if (options?.abandon !== undefined) {
                    abandons.push(options.abandon);
                }
                return real.analyze(resource, options).then((diagnostics) => {
                    events.push(`answered ${resource.urn}`);
                    const counted = globalThis as { policyAnswers?: number };
                    counted.policyAnswers = (counted.policyAnswers ?? 0) + 1;
                    return diagnostics;
                });
            },
        },
    }) as PolicyAnalyzer;
}

describe("policy analysis during the program", function () {
    this.timeout(120_000);

    it("hands each registration to onRegistration as it is recorded, in order, complete", async () => {
        const raw = readStackConfig(ROOT, "dev");
        const seen: { registration: Registration; inputs: string }[] = [];
        const run = await runInMocks(raw, {
            mocks: new OfflineMocks(mockEnvironmentFor(raw)),
            onRegistration: (registration) => seen.push({ registration, inputs: JSON.stringify(registration.inputs) }),
        }, async () => {
            const topic = new aws.sns.Topic("t", { name: "alerts" });
            new aws.sns.TopicSubscription("s", { topic: topic.arn, protocol: "email", endpoint: "ops@example.com" });
        });
        assert.deepStrictEqual(seen.map((s) => s.registration), run.registrations);
        assert.deepStrictEqual(seen.map((s) => JSON.parse(s.inputs)), run.registrations.map((r) => r.inputs));
        assert.deepStrictEqual(seen.map((s) => s.registration.name), ["migration-dev", "t", "s"]);
    });

    it("refuses a second program while one runs in the process (they would share the runtime's global store)", async () => {
        const raw = readStackConfig(ROOT, "dev");
        let release!: () => void;
        const first = runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, () => new Promise<void>((resolve) => { release = resolve; }));
        await new Promise((resolve) => setTimeout(resolve, 20));
        await assert.rejects(
            runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => undefined),
            { message: "a program is already running in this process under mocks; run programs one after another" },
        );
        release();
        assert.deepStrictEqual((await first).registrations.map((r) => r.name), ["migration-dev"]);
    });

    it("analyzes resources while the program goes on: the pack has answered before the program ends", async () => {
        const events: string[] = [];
        (globalThis as { policyAnswers?: number }).policyAnswers = 0;
        // Started and serving: its start is not what this measures.
        const analyzer = await recordingAnalyzer(events, []);
        const plan = await buildPlan({
            stack: "dev",
            program: path.join(__dirname, "fixtures", "slow-program.ts"),
            analyzer: Promise.resolve(analyzer),
            keepAnalyzer: true,
            onProgress: (message) => events.push(message),
        });
        assert.deepStrictEqual(plan.resources.map((r) => r.name), ["migration-dev", "alerts", "ops"]);
        assert.deepStrictEqual(plan.outputs, { finished: "after the pack's answers" });
        // Sent in registration order; each answered after it was sent (answers may come between sends);
        // every answer in before the program ended.
        const urns = plan.resources.map((r) => r.urn);
        assert.strictEqual(events[0], "running the program for stack dev under mocks");
        assert.strictEqual(events[events.length - 1], "evaluating the policy pack on 3 resources");
        assert.deepStrictEqual(events.filter((e) => e.startsWith("analyze ")), urns.map((urn) => `analyze ${urn}`));
        assert.deepStrictEqual(events.filter((e) => e.startsWith("answered ")).sort(), urns.map((urn) => `answered ${urn}`).sort());
        assert.strictEqual(events.length, 2 + 2 * urns.length);
        for (const urn of urns) {
            assert.ok(events.indexOf(`analyze ${urn}`) < events.indexOf(`answered ${urn}`), events.join("\n"));
        }
    });

    // Dev under prod's policy config: mandatory and advisory findings on resources and on the stack. One plan for the two tests that read it.
    const policyConfigFile = path.join(ROOT, "policies", "config", "prod.json");
    let devUnderProd: ReturnType<typeof buildPlan> | undefined;
    const devUnderProdPlan = () => (devUnderProd ??= buildPlan({ stack: "dev", policyConfigFile }));

    it("finds what it found when resources were analyzed after the program", async () => {
        const plan = await devUnderProdPlan();
        const pack = await PolicyAnalyzer.shared(POLICY_PACK_DIR);
        await pack.configure(JSON.parse(fs.readFileSync(policyConfigFile, "utf8")));
        const after = await Promise.all(plan.run.registrations.map((r) => pack.analyze(analyzerResourceOf(r, "inputs"))));
        const stack = await pack.analyzeStack(plan.run.registrations.map((r) => analyzerResourceOf(r, "outputs")));
        const found = [...after.flatMap((diagnostics, i) => diagnostics.map((d) => `${d.policyName} ${d.urn || plan.run.registrations[i].urn} ${d.message}`)),
            ...stack.map((d) => `${d.policyName} ${d.urn} ${d.message}`)];
        assert.deepStrictEqual(plan.violations.map((v) => `${v.policy} ${v.urn} ${v.message}`), found);
        assert.ok(found.length > 1, found.join("\n"));
    });

    it("configures the pack ahead from the info kept for its build, and finds the same when that info is wrong", async () => {
        // Dev under prod's policy config has findings (the test above); a plan keeps the pack's info.
        const kept = path.join(POLICY_PACK_DIR, "bin", ".analyzer-info.json");
        const reference = await devUnderProdPlan();
        const live = await (await PolicyAnalyzer.shared(POLICY_PACK_DIR)).info();
        assert.deepStrictEqual(readPackInfoCache(POLICY_PACK_DIR), live);
        const found = new Set(reference.violations.map((v) => v.policy));
        assert.ok(found.size > 0);
        // Kept info that disables every policy with a finding: a plan that trusted it would find nothing.
        const stale = { ...live, policies: live.policies.map((p) => (found.has(p.name) ? { ...p, enforcementLevel: "disabled" as const } : p)) };
        const text = JSON.parse(fs.readFileSync(kept, "utf8")) as { key: string };
        fs.writeFileSync(kept, JSON.stringify({ key: text.key, info: stale }));
        assert.deepStrictEqual(readPackInfoCache(POLICY_PACK_DIR), stale);
        const again = await buildPlan({ stack: "dev", policyConfigFile });
        assert.deepStrictEqual(again.violations, reference.violations);
        assert.deepStrictEqual(readPackInfoCache(POLICY_PACK_DIR), live, "the pack's own answer is kept again");
    });

    it("stops sending analyses when the plan fails, and the pack then serves the next plan", async () => {
        const services = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config["migration:services"];
        // SSM refuses the parameter name this variable makes (over 1011 characters).
        services[0].fargate.secrets = { [`DATABASE_URL_${"X".repeat(1000)}`]: { config: "webDatabaseUrl" } };
        services[0].fargate.egress = []; // the database's move needs its URL variable: left out with it
        const abandons: Abandon[] = [];
        await assert.rejects(
            buildPlan({ stack: "dev", overrides: { config: { "migration:services": JSON.stringify(services) } }, analyzer: recordingAnalyzer([], abandons), keepAnalyzer: true }),
            ProviderRulesError,
        );
        assert.ok(abandons.length > 100, String(abandons.length));
        // One plan, one abandonment for all its calls, and it came.
        assert.deepStrictEqual([new Set(abandons).size, abandons[0].abandoned], [1, true]);
        const next = await buildPlan({ stack: "prod" });
        assert.deepStrictEqual(next.violations.filter((v) => v.level === "mandatory"), []);
    });
});
