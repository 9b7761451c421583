// Analyze and AnalyzeStack requests as the engine builds them, encoded to
// analyzer.proto bytes. Used in the analyzer's thread (analyzer-thread.js):
// encoding a stack's resources is a good part of a plan's time, and there it
// runs beside the program instead of inside it. The caller hands plain data
// (a structured clone of what analyzer.ts's AnalyzerResource holds).
// Plain JavaScript: a worker thread runs no TypeScript loader.
"use strict";
const path = require("path");

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const analyzerPb = require(path.join(pulumiDir, "proto", "analyzer_pb.js"));
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [pulumiDir] }));

/** Pulumi's wire markers (sdk/nodejs/runtime/rpc.ts: specialSigKey, specialResourceSig); capture.ts has the same. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/**
 * The engine marshals Analyze properties with KeepUnknowns and KeepSecrets
 * but not KeepResources (a resource reference becomes its id, or its URN for
 * a component), and drops internal "__" keys.
 */
function toEngineWire(value) {
    if (Array.isArray(value)) {
        return value.map((v) => (v === undefined ? null : toEngineWire(v)));
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    if (value[SIG_KEY] === RESOURCE_SIG) {
        return typeof value.id === "string" && value.id !== "" ? value.id : value.urn;
    }
    const result = {};
    for (const [k, v] of Object.entries(value)) {
        if (v !== undefined && !(k.startsWith("__") && k !== SIG_KEY)) {
            result[k] = toEngineWire(v);
        }
    }
    return result;
}

function struct(value) {
    return structPb.Struct.fromJavaScript(toEngineWire(value));
}

function resourceOptions(options) {
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(options?.protect ?? false);
    opts.setIgnorechangesList([...(options?.ignoreChanges ?? [])]);
    opts.setAdditionalsecretoutputsList([...(options?.additionalSecretOutputs ?? [])]);
    opts.setAliasesList([...(options?.aliases ?? [])]);
    if (options?.deleteBeforeReplace !== undefined) {
        opts.setDeletebeforereplace(options.deleteBeforeReplace);
        opts.setDeletebeforereplacedefined(true);
    }
    if (options?.parent !== undefined) {
        opts.setParent(options.parent);
    }
    return opts;
}

function provider(p) {
    if (p === undefined) {
        return undefined;
    }
    const msg = new analyzerPb.AnalyzerProviderResource();
    msg.setType(p.type);
    msg.setName(p.name);
    msg.setUrn(p.urn);
    msg.setProperties(struct(p.properties));
    return msg;
}

/** One resource's inputs, as Analyze receives them. */
function analyzeRequest(resource) {
    const request = new analyzerPb.AnalyzeRequest();
    request.setType(resource.type);
    request.setName(resource.name);
    request.setUrn(resource.urn);
    request.setProperties(struct(resource.properties));
    request.setOptions(resourceOptions(resource.options));
    request.setProvider(provider(resource.provider));
    return request;
}

/** The stack's resources with their outputs, as AnalyzeStack receives them. */
function analyzeStackRequest(resources) {
    const request = new analyzerPb.AnalyzeStackRequest();
    request.setResourcesList(resources.map((r) => {
        const msg = new analyzerPb.AnalyzerResource();
        msg.setType(r.type);
        msg.setName(r.name);
        msg.setUrn(r.urn);
        msg.setProperties(struct(r.properties));
        msg.setOptions(resourceOptions({ ...r.options, parent: r.parent ?? r.options?.parent }));
        msg.setProvider(provider(r.provider));
        msg.setParent(r.parent ?? "");
        msg.setDependenciesList([...(r.dependencies ?? [])]);
        const deps = msg.getPropertydependenciesMap();
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
            const d = new analyzerPb.AnalyzerPropertyDependencies();
            d.setUrnsList([...urns]);
            deps.set(key, d);
        }
        return msg;
    }));
    return request;
}

/** The bytes of a request: `analyze` takes one resource, `analyzeStack` the list. */
function encode(kind, payload) {
    switch (kind) {
        case "analyze":
            return analyzeRequest(payload).serializeBinary();
        case "analyzeStack":
            return analyzeStackRequest(payload).serializeBinary();
        default:
            throw new Error(`analyzer-wire: no encoding for ${JSON.stringify(kind)}`);
    }
}

module.exports = { analyzeRequest, analyzeStackRequest, encode, RESOURCE_SIG, SIG_KEY, toEngineWire };
