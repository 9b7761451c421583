// The mock-runtime harness that tests and the offline plan share: it must
// record what the engine would receive, keep runs apart, and never turn a
// failed program into a successful one.
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { fromWire, isSecretValue, ProgramError, runInMocks, SECRET_SIG } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";

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
