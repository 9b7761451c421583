// The diff never calls a change what is only the plan not knowing a value on
// one side: a zone looked up by name (a placeholder id) before, its id pinned
// by config after; the account id the mocks take from config's ARNs. And an
// empty diff against HEAD says why. Pure: resources in, diff out.
import * as assert from "assert";
import { diffPlans, type DiffResource } from "../tools/plan/diff";
import type { AccountValue } from "../tools/offline/mocks";
import * as path from "path";
import { resolveAgainst } from "../tools/plan/against";
import { headHint } from "../tools/plan/render-review";
import type { Review } from "../tools/plan/review";

const resource = (type: string, name: string, inputs: Record<string, unknown>): DiffResource => ({
    urn: `urn:pulumi:prod::migration::${type}::${name}`, type, name, custom: true, inputs,
    protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], aliases: [],
});
const RECORD = "aws:route53/record:Record";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const zone = (value: string, known: AccountValue["known"]): AccountValue => ({ what: "the id of the Route 53 zone example.com", value, known });
const account = (value: string, known: AccountValue["known"], ownedByConfig: string[] = []): AccountValue => ({ what: "the AWS account id", value, known, ownedByConfig });

describe("diff: values only the account knows", () => {
    const records = (zoneId: string) => [
        resource(RECORD, "www-legacy", { zoneId, name: "www.example.com", type: "A", ttl: 60 }),
        resource(RECORD, "www-fargate", { zoneId, name: "www.example.com", type: "A", aliases: [{ zoneId: "Z35SXDOTRQ7X7K" }] }),
    ];

    it("a looked-up zone's placeholder id, then the id config pins: a note, no update, no replacement", () => {
        const diff = diffPlans(records("Z0PLACEHOLDER"), records("Z0123456789ABCDEFGHIJ"), { base: [zone("Z0PLACEHOLDER", "placeholder")], head: [zone("Z0123456789ABCDEFGHIJ", "config")] });
        assert.deepStrictEqual(diff.resources.map((r) => r.op), ["same", "same"]);
        assert.deepStrictEqual(diff.accountNotes, [{
            what: "the id of the Route 53 zone example.com",
            before: { value: "Z0PLACEHOLDER", known: "placeholder" }, after: { value: "Z0123456789ABCDEFGHIJ", known: "config" },
            inputs: 2, resources: ["www-fargate", "www-legacy"],
        }]);
    });

    it("without the lookups (a plan saved before they were recorded), the same inputs are changes, as before", () => {
        const diff = diffPlans(records("Z0PLACEHOLDER"), records("Z0123456789ABCDEFGHIJ"));
        assert.deepStrictEqual(diff.resources.map((r) => r.op), ["replace", "replace"]);
        assert.deepStrictEqual(diff.accountNotes, []);
    });

    it("one zone id stated by config, then another: a real change (another zone)", () => {
        const diff = diffPlans(records("Z1AAAA"), records("Z2BBBB"), { base: [zone("Z1AAAA", "config")], head: [zone("Z2BBBB", "config")] });
        assert.deepStrictEqual(diff.resources.map((r) => r.op), ["replace", "replace"]);
        assert.deepStrictEqual(diff.accountNotes, []);
    });

    it("the account id the mocks infer: its own ARNs are notes, an ARN config names stays a change", () => {
        const configArnBefore = "arn:aws:secretsmanager:us-east-1:111122223333:secret:web-key-AbCdEf";
        const configArnAfter = "arn:aws:secretsmanager:us-east-1:444455556666:secret:web-key-AbCdEf";
        const task = (acct: string, secretArn: string) => resource(TASK, "web", {
            executionRoleArn: `arn:aws:iam::${acct}:role/web-execution`,
            containerDefinitions: JSON.stringify([{ image: `${acct}.dkr.ecr.us-east-1.amazonaws.com/web:1.8.0`, secrets: [{ name: "KEY", valueFrom: secretArn }] }]),
        });
        const diff = diffPlans([task("111122223333", configArnBefore)], [task("444455556666", configArnAfter)], {
            base: [account("111122223333", "inferred", [configArnBefore])], head: [account("444455556666", "inferred", [configArnAfter])],
        });
        assert.deepStrictEqual(diff.resources[0].changes.map((c) => [c.path, c.old, c.new]), [["containerDefinitions[0].secrets[0].valueFrom", configArnBefore, configArnAfter]]);
        assert.deepStrictEqual(diff.accountNotes.map((n) => [n.what, n.inputs]), [["the AWS account id", 2]]);
    });
});

describe("an empty diff against HEAD says what was meant", () => {
    const review = (isHead: boolean, ops: string[]) => ({
        against: { kind: "ref", given: "HEAD", commit: "f".repeat(40), isHead, diff: { resources: ops.map((op) => ({ op })), accountNotes: [] } },
    }) as unknown as Review;

    it("HEAD with nothing uncommitted: the hint names HEAD~1 and the base branch", () => {
        assert.strictEqual(headHint(review(true, ["same", "same"])),
            "HEAD is the commit this working tree is based on, so against it the plan shows only uncommitted changes, and there are none. To review the last commit, plan against the one before it (--against HEAD~1); to review a branch, against the branch it merges into (--against main).");
    });

    it("knows when a ref is the working tree's base", () => {
        const root = path.resolve(__dirname, "..");
        const at = (ref: string) => resolveAgainst(ref, { cwd: root, root });
        assert.deepStrictEqual([at("HEAD"), at("HEAD~1")].map((t) => t.kind === "ref" && t.isHead), [true, false]);
    });

    it("no hint when something changed, or when the base is not HEAD", () => {
        assert.strictEqual(headHint(review(true, ["same", "update"])), undefined);
        assert.strictEqual(headHint(review(false, ["same"])), undefined);
    });
});
