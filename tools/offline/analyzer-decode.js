// Analyze and AnalyzeStack requests read directly from their bytes, in the
// policy pack's process (pack-decode-once.js installs it as the requests'
// deserializeBinary). google-protobuf builds a message object for every
// value of every resource's properties, then @pulumi/policy turns them into
// plain data (Struct.toJavaScript): a third of the pack's time on a plan.
// Here the properties are read straight into that plain data, keys in
// jspb.Map's order, and the rest into the same generated messages, set field
// by field; the properties stand in a Struct whose toJavaScript() returns
// them (the only method @pulumi/policy's server calls on it). Anything this
// reader does not expect (a field it does not know, a value with no kind, a
// string that is not plain UTF-8) is left to google-protobuf, whole request.
// tests/analyzer-decode.test.ts compares both readings.
// Plain JavaScript: the pack process runs no TypeScript loader.
"use strict";

class NotDirect extends Error {}

class Reader {
    constructor(bytes) {
        this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        this.pos = 0;
    }

    varint() {
        let result = 0;
        let scale = 1;
        for (;;) {
            if (this.pos >= this.buf.length) {
                throw new NotDirect();
            }
            const b = this.buf[this.pos++];
            result += (b & 127) * scale;
            if (b < 128) {
                return result;
            }
            scale *= 128;
        }
    }

    /** The end of a length-delimited field that starts here. */
    end() {
        const length = this.varint();
        const end = this.pos + length;
        if (end > this.buf.length) {
            throw new NotDirect();
        }
        return end;
    }

    string() {
        const end = this.end();
        const s = this.buf.toString("utf8", this.pos, end);
        // U+FFFD: invalid UTF-8 (which jspb reads its own way), or the character itself: google-protobuf decides.
        if (s.includes("\uFFFD")) {
            throw new NotDirect();
        }
        this.pos = end;
        return s;
    }

    double() {
        const v = this.buf.readDoubleLE(this.pos);
        this.pos += 8;
        return v;
    }
}

/** A google.protobuf.Value as Value.toJavaScript() gives it. */
function value(r, end) {
    let kind = false;
    let v;
    while (r.pos < end) {
        const tag = r.varint();
        kind = true;
        switch (tag) {
            case 0x08: r.varint(); v = null; break;
            case 0x11: v = r.double(); break;
            case 0x1a: v = r.string(); break;
            case 0x20: v = r.varint() !== 0; break;
            case 0x2a: v = struct(r, r.end()); break;
            case 0x32: v = list(r, r.end()); break;
            default: throw new NotDirect();
        }
    }
    if (!kind || r.pos !== end) {
        throw new NotDirect();
    }
    return v;
}

function list(r, end) {
    const values = [];
    while (r.pos < end) {
        if (r.varint() !== 0x0a) {
            throw new NotDirect();
        }
        values.push(value(r, r.end()));
    }
    return values;
}

/** A google.protobuf.Struct as Struct.toJavaScript() gives it: the last entry of a key wins, keys set in sorted order (jspb.Map's). */
function struct(r, end) {
    const entries = new Map();
    while (r.pos < end) {
        if (r.varint() !== 0x0a) {
            throw new NotDirect();
        }
        const entryEnd = r.end();
        let key = "";
        let found = false;
        let v;
        while (r.pos < entryEnd) {
            const tag = r.varint();
            if (tag === 0x0a) {
                key = r.string();
            } else if (tag === 0x12) {
                v = value(r, r.end());
                found = true;
            } else {
                throw new NotDirect();
            }
        }
        if (!found) {
            throw new NotDirect();
        }
        entries.set(key, v);
    }
    const result = {};
    for (const key of [...entries.keys()].sort()) {
        result[key] = entries.get(key);
    }
    return result;
}

/** The fields of a message: `read(tag)` reads one it knows and returns true. */
function fields(r, end, read) {
    while (r.pos < end) {
        if (!read(r.varint())) {
            throw new NotDirect();
        }
    }
}

/** Readers for the requests, made with the generated messages of the pack's @pulumi/pulumi. */
function requestReaders(analyzerPb, structPb) {
    class DecodedStruct extends structPb.Struct {
        constructor(decoded) {
            super();
            this.decoded = decoded;
        }

        toJavaScript() {
            return this.decoded;
        }
    }

    const properties = (r) => new DecodedStruct(struct(r, r.end()));

    function options(r) {
        const msg = new analyzerPb.AnalyzerResourceOptions();
        const ignoreChanges = [];
        const additionalSecretOutputs = [];
        const aliases = [];
        fields(r, r.end(), (tag) => {
            switch (tag) {
                case 0x08: msg.setProtect(r.varint() !== 0); return true;
                case 0x12: ignoreChanges.push(r.string()); return true;
                case 0x18: msg.setDeletebeforereplace(r.varint() !== 0); return true;
                case 0x20: msg.setDeletebeforereplacedefined(r.varint() !== 0); return true;
                case 0x2a: additionalSecretOutputs.push(r.string()); return true;
                case 0x32: aliases.push(r.string()); return true;
                case 0x42: msg.setParent(r.string()); return true;
                default: return false;
            }
        });
        msg.setIgnorechangesList(ignoreChanges);
        msg.setAdditionalsecretoutputsList(additionalSecretOutputs);
        msg.setAliasesList(aliases);
        return msg;
    }

    function provider(r) {
        const msg = new analyzerPb.AnalyzerProviderResource();
        fields(r, r.end(), (tag) => {
            switch (tag) {
                case 0x0a: msg.setType(r.string()); return true;
                case 0x12: msg.setProperties(properties(r)); return true;
                case 0x1a: msg.setUrn(r.string()); return true;
                case 0x22: msg.setName(r.string()); return true;
                default: return false;
            }
        });
        return msg;
    }

    /** The fields AnalyzeRequest and AnalyzerResource share (1 to 6). */
    function resourceField(msg, r, tag) {
        switch (tag) {
            case 0x0a: msg.setType(r.string()); return true;
            case 0x12: msg.setProperties(properties(r)); return true;
            case 0x1a: msg.setUrn(r.string()); return true;
            case 0x22: msg.setName(r.string()); return true;
            case 0x2a: msg.setOptions(options(r)); return true;
            case 0x32: msg.setProvider(provider(r)); return true;
            default: return false;
        }
    }

    function stackResource(r) {
        const msg = new analyzerPb.AnalyzerResource();
        const dependencies = [];
        fields(r, r.end(), (tag) => {
            if (resourceField(msg, r, tag)) {
                return true;
            }
            switch (tag) {
                case 0x3a: msg.setParent(r.string()); return true;
                case 0x42: dependencies.push(r.string()); return true;
                case 0x4a: {
                    let key = "";
                    const urns = [];
                    fields(r, r.end(), (entryTag) => {
                        if (entryTag === 0x0a) {
                            key = r.string();
                            return true;
                        }
                        if (entryTag === 0x12) {
                            fields(r, r.end(), (urnTag) => urnTag === 0x0a && urns.push(r.string()) > 0);
                            return true;
                        }
                        return false;
                    });
                    const entry = new analyzerPb.AnalyzerPropertyDependencies();
                    entry.setUrnsList(urns);
                    msg.getPropertydependenciesMap().set(key, entry);
                    return true;
                }
                default: return false;
            }
        });
        msg.setDependenciesList(dependencies);
        return msg;
    }

    /** An AnalyzeRequest from its bytes, or undefined when google-protobuf must read it. */
    function analyzeRequest(bytes) {
        try {
            const r = new Reader(bytes);
            const msg = new analyzerPb.AnalyzeRequest();
            fields(r, r.buf.length, (tag) => resourceField(msg, r, tag));
            return msg;
        } catch (err) {
            if (err instanceof NotDirect) {
                return undefined;
            }
            throw err;
        }
    }

    /** An AnalyzeStackRequest from its bytes, or undefined when google-protobuf must read it. */
    function analyzeStackRequest(bytes) {
        try {
            const r = new Reader(bytes);
            const resources = [];
            fields(r, r.buf.length, (tag) => tag === 0x0a && resources.push(stackResource(r)) > 0);
            const msg = new analyzerPb.AnalyzeStackRequest();
            msg.setResourcesList(resources);
            return msg;
        } catch (err) {
            if (err instanceof NotDirect) {
                return undefined;
            }
            throw err;
        }
    }

    return { analyzeRequest, analyzeStackRequest };
}

/**
 * Makes the generated AnalyzeRequest and AnalyzeStackRequest read their bytes
 * directly (google-protobuf's own reading when the direct one declines).
 */
function readRequestsDirectly(analyzerPb, structPb) {
    const readers = requestReaders(analyzerPb, structPb);
    for (const [message, read] of [[analyzerPb.AnalyzeRequest, readers.analyzeRequest], [analyzerPb.AnalyzeStackRequest, readers.analyzeStackRequest]]) {
        const original = message.deserializeBinary;
        if (original.readsDirectly) {
            continue;
        }
        const direct = function deserializeBinary(bytes) {
            return read(bytes) ?? original.call(this, bytes);
        };
        direct.readsDirectly = true;
        direct.original = original;
        message.deserializeBinary = direct;
    }
}

module.exports = { readRequestsDirectly, requestReaders };
