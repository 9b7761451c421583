// V8's code cache for every CommonJS module a process loads (our TypeScript
// through ts-register.js, and the SDKs' JavaScript), kept on disk. A plan is
// short: compiling the code it runs (module bodies, then each function at its
// first call) was about 0.4 s of the plan's main thread and more of the
// pack's. Here a module compiled without a usable cache has its cache made at
// the process's exit, when it holds every function the run compiled, and the
// next run starts from it. v8-compile-cache (the library) makes its cache
// right after compiling, which holds the module bodies only: measured, it
// saved nothing. Node 22's module.enableCompileCache is not in Node 20.
//
// V8 checks a cache against its own version, flags and the source's length
// and rejects what does not fit (the module is then compiled as usual); the
// file is named by the module's path and the process's V8 flags, and keyed by
// its source, so an edited file, another Node or other flags never reuse one.
// One file per module path and flag set, in node_modules/.cache, which
// `npm ci` clears. Only what Module.prototype._compile does is replaced: the
// wrapper, require, and the call, as Node 20 makes them.
// Plain JavaScript: it is loaded before TypeScript is.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");
const { checkoutFileOf } = require("./base-copy.js");

const CACHE_DIR = process.env.CODE_CACHE_DIR || path.join(__dirname, "..", "node_modules", ".cache", "code-cache");
/** The flags V8 was given: its cache is only valid under the same ones. */
const FLAGS = process.execArgv.filter((a) => a.startsWith("--") && !/^--(require|import|loader|inspect|experimental-loader)\b/.test(a)).join(" ");

const sha1 = (...parts) => {
    const hash = crypto.createHash("sha1");
    for (const part of parts) {
        hash.update(part).update("\0");
    }
    return hash.digest("hex");
};

/** Scripts compiled without a usable cache: their caches are written at exit. */
const toWrite = [];
/** Modules compiled from a cache (CODE_CACHE_STATS=1 prints the counts at exit). */
let used = 0;

/** The cache kept for `key`, or undefined. A cache file is `<key>\n<V8's cache data>`. */
function read(file, key) {
    let bytes;
    try {
        bytes = fs.readFileSync(file);
    } catch {
        return undefined;
    }
    return bytes.length > key.length + 1 && bytes.toString("latin1", 0, key.length) === key && bytes[key.length] === 10 ? bytes.subarray(key.length + 1) : undefined;
}

/** Written under a temporary name, then renamed: parallel processes never read half a file. */
function writeAll() {
    if (toWrite.length === 0) {
        return;
    }
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
    } catch {
        return;
    }
    for (const { file, key, script } of toWrite.splice(0)) {
        try {
            const temporary = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${key}\n`, "latin1"), script.createCachedData()]));
            fs.renameSync(temporary, file);
        } catch {
            // A read-only or full disk only costs the next run the compile.
        }
    }
}

/** Module.prototype._compile, with the code cache. */
function compile(content, filename, format) {
    // An ES module (Node 20 requires those too), a hashbang (a syntax error inside the wrapper)
    // and code that is no file (`node -e`): Node's own compile.
    if (format === "module" || content.startsWith("#!") || !path.isAbsolute(filename)) {
        return compile.original.call(this, content, filename, format);
    }
    // A plan --against's base copy (base-copy.js): the checkout's cache when the code is the same, and none kept.
    const twin = checkoutFileOf(filename);
    const file = path.join(CACHE_DIR, `${sha1(twin ?? filename, FLAGS)}.bin`);
    const key = sha1(process.version, content);
    const cachedData = read(file, key);
    if (twin !== undefined && cachedData === undefined) {
        return compile.original.call(this, content, filename, format);
    }
    let script;
    try {
        script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    } catch {
        // ES module syntax in a .js file (Node then loads it as one) or a real syntax error: Node's own compile says which.
        return compile.original.call(this, content, filename, format);
    }
    if (cachedData !== undefined && script.cachedDataRejected !== true) {
        used++;
    } else if (twin === undefined) {
        toWrite.push({ file, key, script });
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    const mod = this;
    const require = function require(id) {
        return mod.require(id);
    };
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
}

/** Installs the cache in this process, once. */
function install() {
    if (Module.prototype._compile.codeCache === true) {
        return;
    }
    compile.codeCache = true;
    compile.original = Module.prototype._compile;
    Module.prototype._compile = compile;
    process.on("exit", () => {
        if (process.env.CODE_CACHE_STATS === "1") {
            process.stderr.write(`code cache: ${used} used, ${toWrite.length} made\n`);
        }
        writeAll();
    });
}

// CODE_CACHE=0 turns it off (to compare, or should a Node release change what _compile must do).
if (process.env.CODE_CACHE !== "0") {
    install();
}

module.exports = { CACHE_DIR, FLAGS, install, writeAll };
