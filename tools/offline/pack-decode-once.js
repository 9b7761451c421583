// Preloaded into the policy pack's process (pack-process.ts). For every
// resource, @pulumi/policy's server decodes the resource's properties from
// protobuf once per policy (server.js: `deserializeProperties(
// req.getProperties(), ...)` inside the loop over policies): about 55 times a
// resource in Analyze, 22 in AnalyzeStack, most of the pack's time. Here each
// request's properties are decoded once; every policy still gets its own copy
// (deserializeProperty builds new objects and arrays all the way down, so the
// decoded data itself is never handed out). Nothing else changes. It also
// has the requests read directly from their bytes (analyzer-decode.js).
// tests/pack-decode-once.test.ts checks it against the installed SDK.
// Plain JavaScript: the pack process runs no TypeScript loader.
"use strict";
const path = require("path");

/** `load(policyDir)` for @pulumi/policy as the pack loads it (from the pack's folder, else from here), or undefined. */
function fromPolicySdk(load) {
    for (const from of [process.cwd(), __dirname]) {
        try {
            return load(path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [from] })));
        } catch {
            // not reachable from there
        }
    }
    return undefined;
}

/** @pulumi/policy's deserialize.js as the pack loads it. */
function deserializeModule() {
    return fromPolicySdk((policyDir) => require(path.join(policyDir, "deserialize.js")));
}

/** Wraps deserializeProperties so that a Struct is decoded at its first use only. */
function decodeOnce(deserialize) {
    const original = deserialize.deserializeProperties;
    if (original.decodesOnce) {
        return;
    }
    const decoded = new WeakMap();
    const once = function deserializeProperties(struct, proxySecrets) {
        if (struct === null || typeof struct !== "object") {
            return original(struct, proxySecrets);
        }
        let plain = decoded.get(struct);
        if (plain === undefined) {
            plain = struct.toJavaScript();
            decoded.set(struct, plain);
        }
        return original({ toJavaScript: () => plain }, proxySecrets);
    };
    once.decodesOnce = true;
    once.original = original;
    deserialize.deserializeProperties = once;
}

/** The generated messages @pulumi/policy's server reads its requests with, and their Struct. */
function requestModules() {
    return fromPolicySdk((policyDir) => {
        const analyzerFile = require.resolve("@pulumi/pulumi/proto/analyzer_pb.js", { paths: [policyDir] });
        const structFile = require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [path.dirname(analyzerFile)] });
        return { analyzerPb: require(analyzerFile), structPb: require(structFile) };
    });
}

const deserialize = deserializeModule();
if (deserialize !== undefined) {
    decodeOnce(deserialize);
}
// And the requests themselves are read directly (analyzer-decode.js).
const modules = requestModules();
if (modules !== undefined) {
    require("./analyzer-decode").readRequestsDirectly(modules.analyzerPb, modules.structPb);
}

module.exports = { decodeOnce, deserializeModule, requestModules };
