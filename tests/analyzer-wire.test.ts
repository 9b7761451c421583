// Analyze and AnalyzeStack requests built in the analyzer's thread (tools/offline/analyzer-wire.js):
// the SDK's wire markers, and the engine's marshalling (references as ids, no "__" keys, secrets kept).
import * as assert from "assert";
import * as path from "path";

import { analyzerResourceOf } from "../tools/offline/analyzer";
import { stackRun } from "./helpers/program-runs";

/* eslint-disable @typescript-eslint/no-require-imports */
const ROOT = path.resolve(__dirname, "..");
const wire = require(path.join(ROOT, "tools", "offline", "analyzer-wire.js")) as {
    SIG_KEY: string;
    RESOURCE_SIG: string;
    toEngineWire(value: unknown): unknown;
    encode(kind: string, payload: unknown): Uint8Array;
    encodeWithProtobuf(kind: string, payload: unknown): Uint8Array;
};
const rpc = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialResourceSig: string; specialSecretSig: string };
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb.js");
/* eslint-enable @typescript-eslint/no-require-imports */

describe("analyzer requests built in the analyzer's thread", () => {
    it("uses the SDK's own wire markers", () => {
        assert.deepStrictEqual({ key: wire.SIG_KEY, resource: wire.RESOURCE_SIG }, { key: rpc.specialSigKey, resource: rpc.specialResourceSig });
    });

    it("marshals as the engine does: a reference becomes its id (a component's URN), '__' keys and undefined go, secrets stay", () => {
        const secret = { [rpc.specialSigKey]: rpc.specialSecretSig, value: "s3cr3t" };
        const input = {
            vpc: { [rpc.specialSigKey]: rpc.specialResourceSig, urn: "urn:pulumi:dev::m::aws:ec2/vpc:Vpc::main", id: "vpc-0abc" },
            parent: { [rpc.specialSigKey]: rpc.specialResourceSig, urn: "urn:pulumi:dev::m::migration:Service::web", id: "" },
            __defaults: ["name"],
            gone: undefined,
            list: [1, undefined, { password: secret }],
        };
        assert.deepStrictEqual(wire.toEngineWire(input), {
            vpc: "vpc-0abc",
            parent: "urn:pulumi:dev::m::migration:Service::web",
            list: [1, null, { password: secret }],
        });
    });

    it("encodes an Analyze request that decodes to the resource it was given", () => {
        const bytes = wire.encode("analyze", {
            type: "aws:ecr/repository:Repository", name: "web", urn: "urn:pulumi:dev::m::aws:ecr/repository:Repository::web",
            properties: { imageTagMutability: "IMMUTABLE", __defaults: [] },
            options: { protect: true, ignoreChanges: ["tags"], parent: "urn:pulumi:dev::m::migration:Service::web" },
        });
        const request = analyzerPb.AnalyzeRequest.deserializeBinary(bytes);
        assert.deepStrictEqual({
            type: request.getType(), name: request.getName(), urn: request.getUrn(),
            properties: request.getProperties().toJavaScript(),
            protect: request.getOptions().getProtect(), ignoreChanges: request.getOptions().getIgnorechangesList(),
            parent: request.getOptions().getParent(), deleteBeforeReplaceDefined: request.getOptions().getDeletebeforereplacedefined(),
            provider: request.hasProvider(),
        }, {
            type: "aws:ecr/repository:Repository", name: "web", urn: "urn:pulumi:dev::m::aws:ecr/repository:Repository::web",
            properties: { imageTagMutability: "IMMUTABLE" },
            protect: true, ignoreChanges: ["tags"], parent: "urn:pulumi:dev::m::migration:Service::web", deleteBeforeReplaceDefined: false,
            provider: false,
        });
    });

    it("encodes an AnalyzeStack request with each resource's parent, dependencies and property dependencies", () => {
        const bytes = wire.encode("analyzeStack", [{
            type: "aws:ecs/service:Service", name: "web", urn: "urn:s", properties: { desiredCount: 2 },
            parent: "urn:p", dependencies: ["urn:d"], propertyDependencies: { cluster: ["urn:c"] },
        }]);
        const [resource] = analyzerPb.AnalyzeStackRequest.deserializeBinary(bytes).getResourcesList();
        assert.deepStrictEqual({
            urn: resource.getUrn(), parent: resource.getParent(), optionsParent: resource.getOptions().getParent(),
            dependencies: resource.getDependenciesList(), cluster: resource.getPropertydependenciesMap().get("cluster").getUrnsList(),
            properties: resource.getProperties().toJavaScript(),
        }, { urn: "urn:s", parent: "urn:p", optionsParent: "urn:p", dependencies: ["urn:d"], cluster: ["urn:c"], properties: { desiredCount: 2 } });
    });

    describe("written directly, byte for byte what google-protobuf writes", function () {
        this.timeout(120_000);
        const same = (kind: string, payload: unknown) => assert.strictEqual(
            Buffer.from(wire.encode(kind, payload)).toString("hex"), Buffer.from(wire.encodeWithProtobuf(kind, payload)).toString("hex"));

        for (const stack of ["dev", "prod"]) {
            it(`the ${stack} stack's requests: every Analyze, and AnalyzeStack`, async () => {
                const run = await stackRun(stack);
                for (const registration of run.registrations) {
                    same("analyze", analyzerResourceOf(registration, "inputs"));
                }
                same("analyzeStack", run.registrations.map((r) => analyzerResourceOf(r, "outputs")));
            });
        }

        it("every kind of value, empty ones, and options, provider and dependencies set and not", () => {
            const properties = {
                b: 1, a: "x", nested: { z: 1, y: [2, null, "s", { q: true }] }, none: null, yes: true, no: false, zero: 0, empty: "", list: [], object: {},
                negative: -1.5, big: 2 ** 53, tiny: 5e-324, nan: NaN, infinity: -Infinity, minusZero: -0, accents: "é€", "": "empty key", long: "x".repeat(300),
                secret: { [rpc.specialSigKey]: rpc.specialSecretSig, value: "s3cr3t" }, dropped: undefined, __defaults: ["a"],
            };
            const options = { protect: true, ignoreChanges: ["a", ""], deleteBeforeReplace: false, additionalSecretOutputs: ["password"], aliases: ["urn:old"], parent: "urn:p" };
            const provider = { type: "pulumi:providers:aws", name: "east", urn: "urn:prov", properties: { region: "us-east-1" } };
            same("analyze", { type: "t", name: "n", urn: "u", properties, options, provider });
            same("analyze", { type: "t", name: "n", urn: "u", properties: {}, options: { deleteBeforeReplace: true } });
            same("analyze", { type: "", name: "", urn: "", properties: {} });
            same("analyzeStack", [
                { type: "t", name: "n", urn: "u", properties, options, provider, parent: "urn:p", dependencies: ["d1", ""], propertyDependencies: { b: ["u1", "u2"], a: [], "": ["u3"] } },
                { type: "t2", name: "n2", urn: "u2", properties: { list: [[], [{}]] } },
            ]);
            same("analyzeStack", []);
        });

        it("leaves a string with a UTF-16 surrogate, and a value a Struct cannot hold, to google-protobuf", () => {
            same("analyze", { type: "t", name: "n", urn: "u", properties: { clef: "𝄞", lone: "a\ud800b" } });
            assert.throws(() => wire.encode("analyze", { type: "t", name: "n", urn: "u", properties: { n: 1n } }), /Unexpected struct type/);
        });
    });

    it("refuses a kind it has no encoding for, naming it", () => {
        assert.throws(() => wire.encode("analyzeEverything", {}), { message: 'analyzer-wire: no encoding for "analyzeEverything"' });
    });
});
