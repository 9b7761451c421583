// The TypeScript loader of the npm scripts and the tests (`node -r
// ./tools/ts-register.js`, .mocharc.json): sucrase's TypeScript transform,
// exactly as `sucrase/register/ts` applies it (types stripped, line numbers
// kept, an inline source map), with each file's output kept on disk. A file
// whose source, path and sucrase version are unchanged is not transformed
// again, and a run whose files are all unchanged does not load sucrase: that
// was about 0.45 s of every plan. `npm run typecheck` type-checks everything.
// One cache file per source file (named by its path), so the cache stays as
// large as the project; it lives in node_modules/.cache, which `npm ci` clears.
// Plain JavaScript: it is what loads TypeScript.
"use strict";
// First: every module loaded after it, this loader's output included, is compiled from V8's code cache.
require("./code-cache.js");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { addHook } = require("pirates");
const { identicalCheckoutFile, inBaseCopy } = require("./base-copy.js");

const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "ts-register");
const SUCRASE_VERSION = require("sucrase/package.json").version;
/** sucrase/register/ts's options. */
const TRANSFORMS = ["imports", "typescript"];

/** What `sucrase/register/ts` returns for this source. */
function transform(code, filePath) {
    const sucrase = require("sucrase");
    const { code: transformed, sourceMap } = sucrase.transform(code, { transforms: TRANSFORMS, sourceMapOptions: { compiledFilename: filePath }, filePath });
    const map = Buffer.from(JSON.stringify(sourceMap)).toString("base64");
    return `${transformed}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}`;
}

const sha1 = (text) => crypto.createHash("sha1").update(text).digest("hex");

/** The cached output for this source, or undefined. A cache file is `<key>\n<output>`. */
function cached(file, key) {
    let text;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
    const newline = text.indexOf("\n");
    return newline > 0 && text.slice(0, newline) === key ? text.slice(newline + 1) : undefined;
}

/** Written under a temporary name, then renamed: parallel test workers never read half a file. */
function store(file, key, output) {
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, `${key}\n${output}`);
        fs.renameSync(temporary, file);
    } catch {
        // A read-only or full disk only costs the next run the transform.
    }
}

function compile(code, filePath) {
    const key = sha1(`${SUCRASE_VERSION}\0${TRANSFORMS.join(",")}\0${filePath}\0${code}`);
    const file = path.join(CACHE_DIR, `${sha1(filePath)}.js`);
    const hit = cached(file, key);
    if (hit !== undefined) {
        return hit;
    }
    const output = transform(code, filePath);
    store(file, key, output);
    return output;
}

/**
 * compile(), for a plan --against's base copy too (base-copy.js): a file the
 * same as the checkout's gets the checkout's output (its cache, and the code
 * cache's); another is transformed and kept nowhere.
 */
function load(code, filePath) {
    if (!inBaseCopy(filePath)) {
        return compile(code, filePath);
    }
    const twin = identicalCheckoutFile(filePath, code);
    return twin === undefined ? transform(code, filePath) : compile(code, twin);
}

addHook(load, { exts: [".ts"] });

module.exports = { CACHE_DIR, transform, compile, load };
