// Analyze and AnalyzeStack requests read directly in the pack's process
// (tools/offline/analyzer-decode.js): what @pulumi/policy's server reads of
// them is what google-protobuf's reading gives, down to the order of keys.
import * as assert from "assert";
import * as path from "path";
import { analyzerResourceOf } from "../tools/offline/analyzer";
import { stackRun } from "./helpers/program-runs";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const ROOT = path.resolve(__dirname, "..");
const wire = require(path.join(ROOT, "tools", "offline", "analyzer-wire.js")) as { encode(kind: string, payload: unknown): Uint8Array };
const { requestReaders, readRequestsDirectly } = require(path.join(ROOT, "tools", "offline", "analyzer-decode.js"));
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb.js");
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [pulumiDir] }));
const rpc = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string };
const readers = requestReaders(analyzerPb, structPb);
const jspbAnalyze = (bytes: Uint8Array) => (analyzerPb.AnalyzeRequest.deserializeBinary.original ?? analyzerPb.AnalyzeRequest.deserializeBinary)(bytes);
const jspbStack = (bytes: Uint8Array) => (analyzerPb.AnalyzeStackRequest.deserializeBinary.original ?? analyzerPb.AnalyzeStackRequest.deserializeBinary)(bytes);

/** Everything @pulumi/policy's server reads of a resource (server.js: Analyze, AnalyzeStack, getResourceOptions, getProviderResource), as JSON: key order counts. */
function seen(r: any, stack: boolean): string {
    const options = r.getOptions();
    const provider = r.getProvider();
    return JSON.stringify({
        type: r.getType(), name: r.getName(), urn: r.getUrn(), properties: r.getProperties()?.toJavaScript(),
        options: options && {
            protect: options.getProtect(), ignoreChanges: options.getIgnorechangesList(), deleteBeforeReplace: options.getDeletebeforereplace(),
            deleteBeforeReplaceDefined: options.getDeletebeforereplacedefined(), additionalSecretOutputs: options.getAdditionalsecretoutputsList(),
            aliases: options.getAliasesList(), customTimeouts: options.getCustomtimeouts(), parent: options.getParent(),
        },
        provider: provider && { type: provider.getType(), name: provider.getName(), urn: provider.getUrn(), properties: provider.getProperties()?.toJavaScript() },
        ...(stack ? {
            parent: r.getParent(), dependencies: r.getDependenciesList(),
            propertyDependencies: r.getPropertydependenciesMap().entries ? [...r.getPropertydependenciesMap().entries()].map(([k, v]: [string, any]) => [k, v.getUrnsList()]) : undefined,
        } : {}),
    });
}

function sameAnalyze(bytes: Uint8Array) {
    const direct = readers.analyzeRequest(bytes);
    assert.ok(direct !== undefined, "read directly");
    assert.strictEqual(seen(direct, false), seen(jspbAnalyze(bytes), false));
}

function sameStack(bytes: Uint8Array) {
    const direct = readers.analyzeStackRequest(bytes);
    assert.ok(direct !== undefined, "read directly");
    const expected = jspbStack(bytes).getResourcesList().map((r: any) => seen(r, true));
    assert.deepStrictEqual(direct.getResourcesList().map((r: any) => seen(r, true)), expected);
}

describe("analyzer requests read directly in the pack", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"]) {
        it(`reads the ${stack} stack's requests as google-protobuf does: every Analyze, and AnalyzeStack`, async () => {
            const run = await stackRun(stack);
            for (const registration of run.registrations) {
                sameAnalyze(wire.encode("analyze", analyzerResourceOf(registration, "inputs")));
            }
            sameStack(wire.encode("analyzeStack", run.registrations.map((r) => analyzerResourceOf(r, "outputs"))));
        });
    }

    it("reads every kind of value, integer-like keys in JavaScript's order, and options, provider and dependencies set and not", () => {
        const properties = {
            b: 1, a: "x", 10: "ten", 2: "two", nested: { z: 1, y: [2, null, "s", { q: true }] }, none: null, yes: true, no: false, zero: 0, empty: "",
            list: [], object: {}, negative: -1.5, nan: NaN, minusZero: -0, accents: "é€", "": "empty key", long: "x".repeat(300),
            secret: { [rpc.specialSigKey]: rpc.specialSecretSig, value: "s3cr3t" },
        };
        const options = { protect: true, ignoreChanges: ["a", ""], deleteBeforeReplace: false, additionalSecretOutputs: ["password"], aliases: ["urn:old"], parent: "urn:p" };
        const provider = { type: "pulumi:providers:aws", name: "east", urn: "urn:prov", properties: { region: "us-east-1" } };
        sameAnalyze(wire.encode("analyze", { type: "t", name: "n", urn: "u", properties, options, provider }));
        sameAnalyze(wire.encode("analyze", { type: "t", name: "n", urn: "u", properties: {}, options: { deleteBeforeReplace: true } }));
        sameAnalyze(wire.encode("analyze", { type: "", name: "", urn: "", properties: {} }));
        sameStack(wire.encode("analyzeStack", [
            { type: "t", name: "n", urn: "u", properties, options, provider, parent: "urn:p", dependencies: ["d1", ""], propertyDependencies: { b: ["u1", "u2"], a: [], "": ["u3"] } },
            { type: "t2", name: "n2", urn: "u2", properties: { list: [[], [{}]] } },
        ]));
        sameStack(wire.encode("analyzeStack", []));
    });

    it("reads map entries in any order and a repeated key as google-protobuf does (the last one)", () => {
        // Hand-written: a Struct whose entries are b, a, then b again (Go's encoder does not sort map entries).
        const entry = (key: string, s: string) => {
            const value = Buffer.concat([Buffer.from([0x1a, s.length]), Buffer.from(s)]);
            const body = Buffer.concat([Buffer.from([0x0a, key.length]), Buffer.from(key), Buffer.from([0x12, value.length]), value]);
            return Buffer.concat([Buffer.from([0x0a, body.length]), body]);
        };
        const struct = Buffer.concat([entry("b", "1"), entry("a", "2"), entry("b", "3")]);
        const bytes = new Uint8Array(Buffer.concat([Buffer.from([0x0a, 1]), Buffer.from("t"), Buffer.from([0x12, struct.length]), struct]));
        sameAnalyze(bytes);
        assert.strictEqual(JSON.stringify(readers.analyzeRequest(bytes).getProperties().toJavaScript()), '{"a":"2","b":"3"}');
    });

    it("leaves to google-protobuf what it does not expect: an unknown field, invalid UTF-8, a value with no kind", () => {
        const unknownField = new Uint8Array([0x0a, 1, 0x74, 0x78, 0x01]); // type "t", then field 15 (varint 1)
        const invalidUtf8 = new Uint8Array([0x0a, 2, 0xed, 0xa0]);
        const noKind = new Uint8Array([0x12, 5, 0x0a, 3, 0x0a, 1, 0x6b]); // properties { k: <entry without value> }
        assert.deepStrictEqual([unknownField, invalidUtf8, noKind].map((b) => readers.analyzeRequest(b)), [undefined, undefined, undefined]);
    });

    it("is what the generated messages read with once installed, falling back to google-protobuf", () => {
        readRequestsDirectly(analyzerPb, structPb);
        const unknownField = new Uint8Array([0x0a, 1, 0x74, 0x78, 0x01]);
        assert.strictEqual(analyzerPb.AnalyzeRequest.deserializeBinary(unknownField).getType(), "t");
        const bytes = wire.encode("analyze", { type: "t", name: "n", urn: "u", properties: { k: "v" } });
        assert.strictEqual(analyzerPb.AnalyzeRequest.deserializeBinary(bytes).getProperties().constructor.name, "DecodedStruct");
        assert.strictEqual(analyzerPb.AnalyzeRequest.deserializeBinary.readsDirectly, true);
    });
});
