// The pack decodes each request's properties once (tools/offline/pack-decode-once.js):
// every policy still gets its own copy, equal to what the SDK gives it without the preload.
import * as assert from "assert";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports */
const ROOT = path.resolve(__dirname, "..");
const { decodeOnce, deserializeModule } = require(path.join(ROOT, "tools", "offline", "pack-decode-once.js")) as {
    decodeOnce(module: { deserializeProperties: Function }): void;
    deserializeModule(): { deserializeProperties: (struct: unknown, proxySecrets: boolean) => Record<string, unknown> };
};
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [pulumiDir] }));
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb.js");
const { specialSigKey, specialSecretSig } = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string };
const PROPERTIES = {
    name: "web", count: 2, enabled: true, nothing: null,
    tags: ["a", "b"], nested: { list: [{ key: "k", value: "v" }], deep: { deeper: [1, 2, 3] } },
    password: { [specialSigKey]: specialSecretSig, value: "s3cr3t" },
};
/* eslint-enable @typescript-eslint/no-require-imports */

describe("the pack decodes a request's properties once", () => {
    // Requiring the preload installed it in this process too: the SDK's own function is kept beside it.
    const deserialize = deserializeModule();
    const installed = deserialize.deserializeProperties as typeof deserialize.deserializeProperties & { original?: typeof deserialize.deserializeProperties };
    const original = installed.original!;
    const request = new analyzerPb.AnalyzeRequest();
    request.setProperties(structPb.Struct.fromJavaScript(PROPERTIES));
    const expected = original(request.getProperties(), false);

    before(() => {
        deserialize.deserializeProperties = original;
        decodeOnce(deserialize);
    });
    after(() => {
        deserialize.deserializeProperties = installed;
    });

    it("gives each policy an equal copy of its own, from one decoding", () => {
        const struct = request.getProperties();
        assert.strictEqual(request.getProperties(), struct, "google-protobuf hands out the same Struct each time");
        let decodings = 0;
        const toJavaScript = struct.toJavaScript.bind(struct);
        struct.toJavaScript = () => {
            decodings++;
            return toJavaScript();
        };
        const first = deserialize.deserializeProperties(request.getProperties(), false);
        const second = deserialize.deserializeProperties(request.getProperties(), false);
        assert.deepStrictEqual([first, second, decodings], [expected, expected, 1]);
        assert.strictEqual(first.password, "s3cr3t", "a secret is unwrapped as without the preload");
        (first.nested as { deep: { deeper: number[] } }).deep.deeper.push(4);
        (first.tags as string[]).length = 0;
        assert.deepStrictEqual(deserialize.deserializeProperties(request.getProperties(), false), expected, "one policy's changes never reach the next");
    });

    it("decodes another request's properties as its own", () => {
        const other = new analyzerPb.AnalyzeRequest();
        other.setProperties(structPb.Struct.fromJavaScript({ name: "api" }));
        assert.deepStrictEqual(deserialize.deserializeProperties(other.getProperties(), false), { name: "api" });
    });

    it("is installed once however often it is applied", () => {
        const installed = deserialize.deserializeProperties;
        decodeOnce(deserialize);
        assert.strictEqual(deserialize.deserializeProperties, installed);
    });
});
