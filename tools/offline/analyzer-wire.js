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

// ---------------------------------------------------------------------------
// The same bytes, written directly. google-protobuf builds a message object
// for every value of a Struct before it writes one byte: about 1.3 MB/s here,
// 0.35 s of CPU for a prod plan's requests, and most of the encoding time of
// the tests' plans. These writers produce exactly its bytes (fields in number
// order, proto3 defaults left out, map entries sorted by key as jspb.Map
// writes them: tests/analyzer-wire.test.ts compares them on the example
// stacks' requests). A string with a UTF-16 surrogate (jspb writes a lone one
// its own way) or a value a Struct cannot hold goes to google-protobuf instead.

class NotDirect extends Error {}

const SURROGATE = /[\uD800-\uDFFF]/;

function varintSize(n) {
    let size = 1;
    while (n >= 128) {
        n = Math.floor(n / 128);
        size++;
    }
    return size;
}

/** Size of a length-delimited field's tag, length and content. */
const delimited = (content) => 1 + varintSize(content) + content;

function stringSize(s) {
    if (SURROGATE.test(s)) {
        throw new NotDirect();
    }
    return Buffer.byteLength(s, "utf8");
}

/**
 * Content sizes of the Structs and ListValues inside a value (by object),
 * and each Struct's keys in the order jspb writes them.
 */
class Sizes {
    constructor() {
        this.content = new Map();
        this.keys = new Map();
    }

    /** A google.protobuf.Value's encoded size (without its own tag and length). */
    value(v) {
        if (v === null || typeof v === "boolean") {
            return 2;
        }
        switch (typeof v) {
            case "number":
                return 9;
            case "string":
                return delimited(stringSize(v));
            case "object":
                return delimited(Array.isArray(v) ? this.list(v) : this.struct(v));
            default:
                throw new NotDirect();
        }
    }

    /** A ListValue's content size (kept: it is asked again while writing). */
    list(values) {
        const known = this.content.get(values);
        if (known !== undefined) {
            return known;
        }
        let size = 0;
        for (const v of values) {
            size += delimited(this.value(v));
        }
        this.content.set(values, size);
        return size;
    }

    /** A Struct's content size (kept: it is asked again while writing). */
    struct(fields) {
        const known = this.content.get(fields);
        if (known !== undefined) {
            return known;
        }
        const keys = Object.keys(fields).sort();
        let size = 0;
        for (const k of keys) {
            size += delimited(delimited(stringSize(k)) + delimited(this.value(fields[k])));
        }
        this.content.set(fields, size);
        this.keys.set(fields, keys);
        return size;
    }
}

class Out {
    constructor(size) {
        this.buf = Buffer.allocUnsafe(size);
        this.pos = 0;
    }

    tag(field, wireType) {
        this.buf[this.pos++] = (field << 3) | wireType;
    }

    varint(n) {
        while (n >= 128) {
            this.buf[this.pos++] = (n % 128) | 128;
            n = Math.floor(n / 128);
        }
        this.buf[this.pos++] = n;
    }

    string(field, s) {
        this.tag(field, 2);
        this.varint(Buffer.byteLength(s, "utf8"));
        this.pos += this.buf.write(s, this.pos, "utf8");
    }

    /** proto3: an empty string is not written. */
    optionalString(field, s) {
        if (s !== undefined && s !== "") {
            this.string(field, s);
        }
    }

    repeatedString(field, list) {
        for (const s of list) {
            this.string(field, s);
        }
    }

    /** proto3: false is not written. */
    optionalBool(field, b) {
        if (b) {
            this.tag(field, 0);
            this.buf[this.pos++] = 1;
        }
    }

    /** A google.protobuf.Value's fields. */
    value(v, sizes) {
        if (v === null) {
            this.tag(1, 0);
            this.buf[this.pos++] = 0;
        } else if (typeof v === "boolean") {
            this.tag(4, 0);
            this.buf[this.pos++] = v ? 1 : 0;
        } else if (typeof v === "number") {
            this.tag(2, 1);
            if (Number.isNaN(v)) {
                // jspb's NaN (jspb.utils.splitFloat64): every mantissa bit set.
                this.buf.writeUInt32LE(0xffffffff, this.pos);
                this.buf.writeUInt32LE(0x7fffffff, this.pos + 4);
            } else {
                this.buf.writeDoubleLE(v, this.pos);
            }
            this.pos += 8;
        } else if (typeof v === "string") {
            this.string(3, v);
        } else if (Array.isArray(v)) {
            this.tag(6, 2);
            this.varint(sizes.content.get(v));
            for (const e of v) {
                this.tag(1, 2);
                this.varint(sizes.value(e));
                this.value(e, sizes);
            }
        } else {
            this.tag(5, 2);
            this.varint(sizes.content.get(v));
            this.structFields(v, sizes);
        }
    }

    structFields(fields, sizes) {
        for (const k of sizes.keys.get(fields)) {
            const keySize = delimited(Buffer.byteLength(k, "utf8"));
            const valueSize = sizes.value(fields[k]);
            this.tag(1, 2);
            this.varint(keySize + delimited(valueSize));
            this.string(1, k);
            this.tag(2, 2);
            this.varint(valueSize);
            this.value(fields[k], sizes);
        }
    }
}

/**
 * A message as a list of fields: [number, kind, value], kind "string" |
 * "strings" | "bool" | "struct" | "message" | "map"; undefined values are
 * not written. Its size first, then its bytes.
 */
function messageSize(fields, sizes) {
    let size = 0;
    for (const [, kind, value] of fields) {
        if (value === undefined) {
            continue;
        }
        switch (kind) {
            case "string":
                size += value === "" ? 0 : delimited(stringSize(value));
                break;
            case "strings":
                for (const s of value) {
                    size += delimited(stringSize(s));
                }
                break;
            case "bool":
                size += value ? 2 : 0;
                break;
            case "struct":
                size += delimited(sizes.struct(value));
                break;
            case "message":
                size += delimited(messageSize(value, sizes));
                break;
            case "map":
                for (const key of Object.keys(value).sort()) {
                    size += delimited(delimited(stringSize(key)) + delimited(messageSize(value[key], sizes)));
                }
                break;
        }
    }
    return size;
}

function writeMessage(out, fields, sizes) {
    for (const [field, kind, value] of fields) {
        if (value === undefined) {
            continue;
        }
        switch (kind) {
            case "string":
                out.optionalString(field, value);
                break;
            case "strings":
                out.repeatedString(field, value);
                break;
            case "bool":
                out.optionalBool(field, value);
                break;
            case "struct":
                out.tag(field, 2);
                out.varint(sizes.content.get(value));
                out.structFields(value, sizes);
                break;
            case "message":
                out.tag(field, 2);
                out.varint(messageSize(value, sizes));
                writeMessage(out, value, sizes);
                break;
            case "map":
                for (const key of Object.keys(value).sort()) {
                    const entry = value[key];
                    const entrySize = messageSize(entry, sizes);
                    out.tag(field, 2);
                    out.varint(delimited(Buffer.byteLength(key, "utf8")) + delimited(entrySize));
                    out.string(1, key);
                    out.tag(2, 2);
                    out.varint(entrySize);
                    writeMessage(out, entry, sizes);
                }
                break;
        }
    }
}

function optionsFields(options) {
    return [
        [1, "bool", options?.protect ?? false],
        [2, "strings", options?.ignoreChanges ?? []],
        [3, "bool", options?.deleteBeforeReplace],
        [4, "bool", options?.deleteBeforeReplace !== undefined],
        [5, "strings", options?.additionalSecretOutputs ?? []],
        [6, "strings", options?.aliases ?? []],
        [8, "string", options?.parent],
    ];
}

function providerFields(p) {
    return p === undefined ? undefined : [[1, "string", p.type], [2, "struct", toEngineWire(p.properties)], [3, "string", p.urn], [4, "string", p.name]];
}

function analyzeFields(resource) {
    return [
        [1, "string", resource.type],
        [2, "struct", toEngineWire(resource.properties)],
        [3, "string", resource.urn],
        [4, "string", resource.name],
        [5, "message", optionsFields(resource.options)],
        [6, "message", providerFields(resource.provider)],
    ];
}

function stackResourceFields(r) {
    const dependencies = {};
    for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
        dependencies[key] = [[1, "strings", urns]];
    }
    return [
        [1, "string", r.type],
        [2, "struct", toEngineWire(r.properties)],
        [3, "string", r.urn],
        [4, "string", r.name],
        [5, "message", optionsFields({ ...r.options, parent: r.parent ?? r.options?.parent })],
        [6, "message", providerFields(r.provider)],
        [7, "string", r.parent ?? ""],
        [8, "strings", r.dependencies ?? []],
        [9, "map", dependencies],
    ];
}

function direct(fields) {
    const sizes = new Sizes();
    const out = new Out(messageSize(fields, sizes));
    writeMessage(out, fields, sizes);
    if (out.pos !== out.buf.length) {
        throw new Error(`analyzer-wire: wrote ${out.pos} bytes of ${out.buf.length}`);
    }
    return new Uint8Array(out.buf.buffer, out.buf.byteOffset, out.buf.length);
}

/** The bytes of a request: `analyze` takes one resource, `analyzeStack` the list. */
function encode(kind, payload) {
    try {
        switch (kind) {
            case "analyze":
                return direct(analyzeFields(payload));
            case "analyzeStack":
                return direct(payload.map((r) => [1, "message", stackResourceFields(r)]));
        }
    } catch (err) {
        if (!(err instanceof NotDirect)) {
            throw err;
        }
    }
    return encodeWithProtobuf(kind, payload);
}

/** The bytes of a request, as google-protobuf writes them. */
function encodeWithProtobuf(kind, payload) {
    switch (kind) {
        case "analyze":
            return analyzeRequest(payload).serializeBinary();
        case "analyzeStack":
            return analyzeStackRequest(payload).serializeBinary();
        default:
            throw new Error(`analyzer-wire: no encoding for ${JSON.stringify(kind)}`);
    }
}

module.exports = { analyzeRequest, analyzeStackRequest, encode, encodeWithProtobuf, RESOURCE_SIG, SIG_KEY, toEngineWire };
