// The mock-runtime harness that tests and the offline plan share: it must
// record what the engine would receive, keep runs apart, and never turn a
// failed program into a successful one.
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { fromWire, isSecretValue, ProgramError, runInMocks, runProgram, SECRET_SIG } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";
import { sourceLinesMatching } from "./helpers/source-scan";

const raw = readStackConfig(path.resolve(__dirname, ".."), "dev");
const mocks = () => new OfflineMocks(mockEnvironmentFor(raw));

describe("mock-runtime capture", () => {
    it("records inputs, parent, dependencies and resource options as the engine receives them", async () => {
        const run = await runInMocks(raw, { mocks: mocks() }, async () => {
            const parent = new pulumi.ComponentResource("test:index:Parent", "p");
            const topic = new aws.sns.Topic("t", { name: "alerts", tags: { a: "b" } }, { parent, protect: true });
            new aws.sns.TopicSubscription("s", { topic: topic.arn, protocol: "email", endpoint: pulumi.secret("ops@example.com") }, {
                parent, import: "arn:aws:sns:us-east-1:111122223333:alerts:1234", retainOnDelete: true, ignoreChanges: ["endpoint"], deleteBeforeReplace: true,
            });
            return { arn: topic.arn, secretOut: pulumi.secret("hidden") };
        });
        const topic = run.registrations.find((r) => r.name === "t")!;
        const sub = run.registrations.find((r) => r.name === "s")!;
        assert.strictEqual(topic.parent, run.registrations.find((r) => r.name === "p")!.urn);
        assert.deepStrictEqual(fromWire(topic.inputs), { name: "alerts", tags: { a: "b" } });
        assert.deepStrictEqual(topic.options.protect, true);
        assert.strictEqual(topic.outputs.arn, "arn:aws:sns:us-east-1:111122223333:alerts");
        assert.deepStrictEqual(sub.options, {
            protect: false,
            importId: "arn:aws:sns:us-east-1:111122223333:alerts:1234",
            retainOnDelete: true,
            ignoreChanges: ["endpoint"],
            deleteBeforeReplace: true,
            provider: undefined,
            dependsOn: [topic.urn],
            additionalSecretOutputs: [],
        });
        assert.deepStrictEqual(sub.propertyDependencies.topic, [topic.urn]);
        assert.ok(isSecretValue(sub.inputs.endpoint));
        assert.deepStrictEqual(sub.inputs.endpoint, { "4dabf18193072939515e22adb298388d": SECRET_SIG, value: "ops@example.com" });
        assert.deepStrictEqual(fromWire(sub.inputs, "[secret]"), { topic: "arn:aws:sns:us-east-1:111122223333:alerts", protocol: "email", endpoint: "[secret]" });
        assert.deepStrictEqual(fromWire(run.stackOutputs, "[secret]"), { arn: "arn:aws:sns:us-east-1:111122223333:alerts", secretOut: "[secret]" });
    });

    it("keeps two runs in one process apart", async () => {
        const first = await runInMocks(raw, { mocks: mocks() }, async () => { new aws.sns.Topic("one", {}); });
        const second = await runInMocks({ ...raw, stack: "prod" }, { mocks: mocks() }, async () => { new aws.sns.Topic("two", {}); });
        assert.deepStrictEqual(first.registrations.map((r) => r.urn), [
            "urn:pulumi:dev::migration::pulumi:pulumi:Stack::migration-dev",
            "urn:pulumi:dev::migration::aws:sns/topic:Topic::one",
        ]);
        assert.deepStrictEqual(second.registrations.map((r) => r.urn), [
            "urn:pulumi:prod::migration::pulumi:pulumi:Stack::migration-prod",
            "urn:pulumi:prod::migration::aws:sns/topic:Topic::two",
        ]);
    });

    it("fails the run when a resource input fails (an apply that throws), never a silent success", async () => {
        await assert.rejects(runInMocks(raw, { mocks: mocks() }, async () => {
            const name = pulumi.output("x").apply((v): string => { throw new Error(`no topic name from ${v}`); });
            new aws.sns.Topic("t", { name });
        }), (err: unknown) => err instanceof ProgramError && /no topic name from x/.test(err.message));
    });

    it("fails the run when the program throws, with the program's error as the cause", async () => {
        const boom = new Error("bad argument");
        await assert.rejects(runInMocks(raw, { mocks: mocks() }, async () => { throw boom; }),
            (err: unknown) => err instanceof ProgramError && err.cause === boom);
    });

    it("leaves provider-computed values unknown in preview mode, as a preview of a new stack", async () => {
        const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw), true), preview: true }, async () => {
            const topic = new aws.sns.Topic("t", { name: "alerts" });
            return { arn: topic.arn, name: topic.name };
        });
        const topic = run.registrations.find((r) => r.name === "t")!;
        assert.deepStrictEqual(topic.outputs, { name: "alerts" });
        assert.deepStrictEqual(fromWire(run.stackOutputs, undefined, "[unknown]"), { arn: "[unknown]", name: "alerts" });
    });

    it("names an invoke the mocks cannot answer", async () => {
        await assert.rejects(runInMocks(raw, { mocks: mocks() }, async () => {
            await aws.ec2.getAmi({ owners: ["amazon"], mostRecent: true });
        }), (err: unknown) => err instanceof ProgramError
            && err.message.includes("the offline mocks do not answer the invoke aws:ec2/getAmi:getAmi; teach tools/offline/mocks.ts what it returns"));
    });
});

describe("program runs reused within a test process (reuseProgramRuns, turned on by tests/setup.ts)", function () {
    this.timeout(120_000);

    /** OfflineMocks that count the resources they are asked for. */
    class CountingMocks extends OfflineMocks {
        asked = 0;
        override newResource(args: pulumi.runtime.MockResourceArgs) {
            this.asked++;
            return super.newResource(args);
        }
    }

    // An account no other test uses: the first run below is this file's own.
    const raw = readStackConfig(path.resolve(__dirname, ".."), "prod");
    const environment = { ...mockEnvironmentFor(raw), accountId: "999988887777" };

    it("gives a run with the same config and mocks' settings again without running the program: a copy, the mocks' state, each registration to onRegistration", async () => {
        const firstMocks = new CountingMocks(environment, false, { refusals: "record" });
        const first = await runProgram(raw, { mocks: firstMocks });
        const againMocks = new CountingMocks(environment, false, { refusals: "record" });
        const seen: string[] = [];
        const again = await runProgram(raw, { mocks: againMocks, onRegistration: (r) => seen.push(r.urn) });
        assert.ok(firstMocks.asked > 100, `${firstMocks.asked}`);
        assert.strictEqual(againMocks.asked, 0);
        assert.deepStrictEqual(again, first);
        assert.notStrictEqual(again.registrations, first.registrations);
        assert.deepStrictEqual(seen, first.registrations.map((r) => r.urn));
        assert.deepStrictEqual(againMocks.accountValues, firstMocks.accountValues);
        assert.deepStrictEqual(againMocks.refusals, firstMocks.refusals);
    });

    it("runs the program again for other mocks' settings or another config", async () => {
        const preview = new CountingMocks(environment, true, { refusals: "record" });
        await runProgram(raw, { mocks: preview, preview: true });
        const otherConfig = new CountingMocks(environment, false, { refusals: "record" });
        const tags = { ...JSON.parse(raw.values["migration:tags"]), CostCenter: "reuse-test" };
        await runProgram({ ...raw, values: { ...raw.values, "migration:tags": JSON.stringify(tags) } }, { mocks: otherConfig });
        const plainMocks = new OfflineMocks(environment);
        const plain = await runProgram(raw, { mocks: plainMocks });
        assert.ok(preview.asked > 100 && otherConfig.asked > 100, `${preview.asked} ${otherConfig.asked}`);
        assert.ok(plain.registrations.length > 100);
    });
});

describe("the program is a function of its config", () => {
    // What makes reusing a run sound (reuseProgramRuns): nothing else reaches it.
    it("reads no file, clock, randomness, argument or environment variable", () => {
        const found = sourceLinesMatching(["index.ts", "components"], /Date\.now|new Date\(\)|Math\.random|process\.(env|hrtime|uptime|cwd|argv)\b|performance\.now|(require\(|from )"(node:)?(fs|os|child_process)"/);
        assert.deepStrictEqual(found, []);
    });
});
