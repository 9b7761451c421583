// Names as the providers make them: given, namePrefix + the Terraform
// provider's suffix, or the logical name + "-" + 7 characters, refused (never
// cut) over the type's cap; and the mocks that answer with them.
import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { AUTONAMING, autonameSuffix, namePrefixSuffix, physicalName } from "../tools/offline/autonaming";
import { ProgramError, runInMocks } from "../tools/offline/capture";
import { OfflineMocks, ProviderRefusalError, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";

const raw = readStackConfig(path.resolve(__dirname, ".."), "dev");
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";

describe("auto-naming as the providers do it", () => {
    it("uses a given name as it is, however long: the provider rules judge it, the naming never repairs it", () => {
        assert.deepStrictEqual(physicalName(TG, "tg", "x".repeat(40), undefined), { kind: "given", name: "x".repeat(40) });
        assert.deepStrictEqual(physicalName(TG, "tg", "", undefined), { kind: "given", name: "" });
    });

    it("appends the Terraform provider's 26 characters to namePrefix, where the type has one", () => {
        assert.deepStrictEqual(physicalName(LB, "alb", undefined, "web-"), { kind: "prefix", prefix: "web-", name: `web-${namePrefixSuffix(`${LB}::alb`)}` });
        assert.match(namePrefixSuffix("x"), /^\d{18}[0-9a-f]{8}$/);
        assert.deepStrictEqual(physicalName("aws:ecs/cluster:Cluster", "c", undefined, "pre-"), { kind: "auto", name: `c-${autonameSuffix("aws:ecs/cluster:Cluster::c")}` }, "ECS clusters have no namePrefix");
    });

    it("auto-names the logical name + - + 7 hex characters, the same every run, different per resource", () => {
        assert.deepStrictEqual(physicalName(LB, "migration-prod-platform-alb", undefined, undefined), { kind: "auto", name: "migration-prod-platform-alb-1d9eeed" });
        assert.match(autonameSuffix("a"), /^[0-9a-f]{7}$/);
        assert.strictEqual(autonameSuffix(`${LB}::a`), autonameSuffix(`${LB}::a`));
        assert.notStrictEqual(autonameSuffix(`${LB}::a`), autonameSuffix(`${LB}::b`));
    });

    it("does not cap the ALB's auto-name (pulumi-aws leaves aws_lb at the 255 default), so it can exceed ELB's 32", () => {
        const name = physicalName(LB, "migration-prod-platform-alb", undefined, undefined);
        assert.strictEqual(name.kind === "auto" && name.name.length, 35);
        assert.strictEqual(AUTONAMING[LB].maxLength, 255);
    });

    it("refuses an auto-name over the cap with the bridge's error, never cuts it", () => {
        // 24 characters + "-" + 7 = 32: the longest a target group auto-name can be.
        assert.strictEqual(physicalName(TG, "a".repeat(24), undefined, undefined).kind, "auto");
        assert.deepStrictEqual(physicalName(TG, "a".repeat(25), undefined, undefined), {
            kind: "refused", maxLength: 32, wouldBe: `${"a".repeat(25)}-${autonameSuffix(`${TG}::${"a".repeat(25)}`)}`,
            message: `could not make instance of '${TG}': name '${"a".repeat(25)}-' plus 7 random chars is longer than maximum length 32`,
        });
        assert.strictEqual(physicalName("aws:iam/role:Role", "r".repeat(56), undefined, undefined).kind, "auto");
        assert.strictEqual(physicalName("aws:iam/role:Role", "r".repeat(57), undefined, undefined).kind, "refused");
    });

    it("has no auto-name for types whose provider does not name them, or a name unknown at preview", () => {
        assert.deepStrictEqual(physicalName("aws:route53/record:Record", "r", undefined, undefined), { kind: "none" });
        assert.deepStrictEqual(physicalName("aws:cloudwatch/dashboard:Dashboard", "d", undefined, undefined), { kind: "none" });
        assert.deepStrictEqual(physicalName(LB, "alb", undefined, undefined, true), { kind: "none" });
    });
});

describe("the mocks answer with the providers' names", () => {
    it("auto-names an ALB in full (35 characters here), in its ARN and DNS name too", async () => {
        const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
            new aws.lb.LoadBalancer("migration-prod-platform-alb", { loadBalancerType: "application" });
        });
        const outputs = run.registrations.find((r) => r.type === LB)!.outputs;
        assert.strictEqual(outputs.name, "migration-prod-platform-alb-1d9eeed");
        assert.match(String(outputs.arnSuffix), /^app\/migration-prod-platform-alb-1d9eeed\/[0-9a-f]{16}$/);
        assert.match(String(outputs.dnsName), /^migration-prod-platform-alb-1d9eeed-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    });

    it("keeps a given name as given, even one ELB refuses", async () => {
        const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
            new aws.lb.TargetGroup("tg", { name: "t".repeat(40), port: 80, protocol: "HTTP" });
        });
        assert.strictEqual(run.registrations.find((r) => r.type === TG)!.outputs.name, "t".repeat(40));
    });

    it("fails the resource as the provider does when the auto-name is over the cap", async () => {
        await assert.rejects(runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
            new aws.lb.TargetGroup("a-target-group-named-far-too-long", { port: 80, protocol: "HTTP" });
        }), (err: unknown) => err instanceof ProgramError
            && err.message.includes(`could not make instance of '${TG}': name 'a-target-group-named-far-too-long-' plus 7 random chars is longer than maximum length 32`));
    });

    it("records refusals on request and answers without the name it could not make", async () => {
        const mocks = new OfflineMocks(mockEnvironmentFor(raw), false, { refusals: "record" });
        const run = await runInMocks(raw, { mocks }, async () => {
            new aws.lb.TargetGroup("a-target-group-named-far-too-long", { port: 80, protocol: "HTTP" });
            new aws.iam.Role("r".repeat(60), { assumeRolePolicy: "{}" });
        });
        assert.deepStrictEqual(mocks.refusals.map((r) => [r.type, r.resourceName]).sort(), [["aws:iam/role:Role", "r".repeat(60)], [TG, "a-target-group-named-far-too-long"]]);
        assert.ok(mocks.refusals.every((r) => r instanceof ProviderRefusalError));
        const tg = run.registrations.find((r) => r.type === TG)!;
        assert.strictEqual(tg.outputs.name, undefined);
    });

    it("knows auto-names at preview, where ids and ARNs stay unknown", async () => {
        const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw), true), preview: true }, async () => {
            new aws.ecs.Cluster("cluster", {});
        });
        const cluster = run.registrations.find((r) => r.type === "aws:ecs/cluster:Cluster")!;
        assert.strictEqual(cluster.outputs.name, `cluster-${autonameSuffix("aws:ecs/cluster:Cluster::cluster")}`);
        assert.strictEqual(cluster.outputs.arn, undefined);
    });
});
