// Preloaded into the policy pack's process (pack-process.ts). For every
// resource, @pulumi/policy's server decodes the resource's properties from
// protobuf once per policy (server.js: `deserializeProperties(
// req.getProperties(), ...)` inside the loop over policies): about 55 times a
// resource in Analyze, 22 in AnalyzeStack, most of the pack's time. Here each
// request's properties are decoded once; every policy still gets its own copy
// (deserializeProperty builds new objects and arrays all the way down, so the
// decoded data itself is never handed out). Nothing else changes.
// tests/pack-decode-once.test.ts checks it against the installed SDK.
// Plain JavaScript: the pack process runs no TypeScript loader.
"use strict";
const path = require("path");

/** @pulumi/policy's deserialize.js as the pack loads it (from the pack's folder, else from here). */
function deserializeModule() {
    for (const from of [process.cwd(), __dirname]) {
        try {
            return require(path.join(path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [from] })), "deserialize.js"));
        } catch {
            // not reachable from there
        }
    }
    return undefined;
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

const deserialize = deserializeModule();
if (deserialize !== undefined) {
    decodeOnce(deserialize);
}

module.exports = { decodeOnce, deserializeModule };
