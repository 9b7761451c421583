// snapshot (policies/lib/values.ts): the plain copy every rule takes of a
// resource's props. The server hands rules an unknownCheckingProxy; snapshot
// copies the object behind it directly, and must give exactly what walking
// the proxy gives (each unknown caught as its read throws).
import * as assert from "assert";
import { snapshot, SNAPSHOT_COPIES_PROXY_TARGET, snapshotThroughProxy, UNKNOWN } from "../../policies/lib/values";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxyModule = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy(value: unknown): unknown;
    unknownStringValue: string; unknownNumberValue: string; unknownBooleanValue: string; unknownArrayValue: string; unknownObjectValue: string;
};
const { unknownCheckingProxy } = proxyModule;

const cases: [string, unknown, unknown][] = [
    ["known values of every kind", { name: "web", port: 8080, enabled: true, none: null, tags: ["a", "b"], nested: { list: [{ x: 1 }] } },
        { name: "web", port: 8080, enabled: true, none: null, tags: ["a", "b"], nested: { list: [{ x: 1 }] } }],
    ["an unknown string, number, boolean, array and object at the top", {
        arn: proxyModule.unknownStringValue, port: proxyModule.unknownNumberValue, on: proxyModule.unknownBooleanValue,
        ids: proxyModule.unknownArrayValue, config: proxyModule.unknownObjectValue,
    }, { arn: UNKNOWN, port: UNKNOWN, on: UNKNOWN, ids: UNKNOWN, config: UNKNOWN }],
    ["unknowns inside lists and objects", { rules: [{ cidr: proxyModule.unknownStringValue, port: 443 }, proxyModule.unknownObjectValue], ok: "x" },
        { rules: [{ cidr: UNKNOWN, port: 443 }, UNKNOWN], ok: "x" }],
    ["an empty object and an empty list", { a: {}, b: [] }, { a: {}, b: [] }],
];

describe("snapshot of a rule's props", () => {
    it("copies the object behind the installed SDK's proxy (its target key and unknown sentinels are found)", () => {
        assert.strictEqual(SNAPSHOT_COPIES_PROXY_TARGET, true);
    });

    for (const [title, props, expected] of cases) {
        it(`${title}: the copy behind the proxy is what walking the proxy gives`, () => {
            const proxied = unknownCheckingProxy(props);
            assert.deepStrictEqual(snapshot(proxied), expected);
            assert.deepStrictEqual(snapshotThroughProxy(unknownCheckingProxy(props)), expected);
        });
    }

    it("copies: changing the snapshot leaves the props as they were", () => {
        const props = { tags: ["a"], nested: { n: 1 } };
        const copy = snapshot(unknownCheckingProxy(props)) as { tags: string[]; nested: { n: number } };
        copy.tags.push("b");
        copy.nested.n = 2;
        assert.deepStrictEqual(props, { tags: ["a"], nested: { n: 1 } });
    });

    it("copies plain values as they are: a sentinel outside a proxy is a string like any other", () => {
        assert.deepStrictEqual(snapshot({ arn: proxyModule.unknownStringValue, list: [1] }), { arn: proxyModule.unknownStringValue, list: [1] });
        assert.strictEqual(snapshot("text"), "text");
        assert.strictEqual(snapshot(null), null);
    });
});
