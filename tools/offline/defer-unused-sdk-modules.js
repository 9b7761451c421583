// Preloaded (`node --require`) into the offline plan, the policy pack it
// launches and the tests. Pulumi's SDKs load, at start, module trees that a
// plan or a policy evaluation never uses:
//  - @pulumi/pulumi's function serialization (runtime/closure): codePaths,
//    which brings @npmcli/arborist and with it an npm client, and
//    parseFunction, which brings the TypeScript compiler: about 0.8 s of the
//    SDK's 1.1 s load on this machine;
//  - @pulumi/awsx's `classic` namespace (awsx 0.x components and the AWS SDK
//    v3 ECS client they use): about 0.2 s; the program uses awsx.ec2 only
//    (what classic registers at load, its @pulumi/docker, still loads).
// (Measured with a Module._load timer: `node -r <timer> -e 'require("@pulumi/pulumi")'`.)
// Each is a stand-in in the module cache that loads the real module at
// first use, so behaviour is the same and the cost is paid only by a
// program that does use them (aws.lambda.CallbackFunction, awsx.classic).
// tests/defer-unused-sdk-modules.test.ts checks, against the installed SDKs,
// the stand-ins' shapes and that the same resource packages and modules are
// registered at load with and without them.
// Plain JavaScript: the pack process runs no TypeScript loader.
"use strict";
const Module = require("module");
const path = require("path");

/** The functions codePaths.js exports (runtime/index.js copies them at load, so they must exist before the real module). */
const CODE_PATHS_FUNCTIONS = ["computeCodePaths", "findWorkspaceRoot"];

/** @param {string} filename @param {(load: () => any) => any} standIn */
function defer(filename, standIn) {
    if (require.cache[filename] !== undefined) {
        return; // already loaded for real
    }
    let real;
    const load = () => {
        if (real === undefined) {
            if (require.cache[filename] === placeholder) {
                delete require.cache[filename];
            }
            real = require(filename);
        }
        return real;
    };
    const placeholder = new Module(filename, module);
    placeholder.filename = filename;
    placeholder.paths = Module._nodeModulePaths(path.dirname(filename));
    // The stand-in itself is made when its module is first required (Module._load
    // returns the cached module's exports), not here: a preload runs before the
    // process's first line, and what a stand-in loads (awsx's classic: @pulumi/docker,
    // with @pulumi/pulumi) would hold up everything the process does first
    // (`npm run plan` launches its policy pack then: 0.35 s later).
    let exports;
    Object.defineProperty(placeholder, "exports", {
        configurable: true,
        enumerable: true,
        get: () => (exports ??= { value: standIn(load) }).value,
        set: (value) => { exports = { value }; },
    });
    placeholder.loaded = true;
    require.cache[filename] = placeholder;
}

/**
 * A namespace object that loads the real module at the first read of any
 * member. `__esModule` is answered without loading, so that TypeScript's
 * __importStar keeps the proxy instead of copying (and so loading) its members.
 * @param {() => any} load
 */
function lazyNamespace(load, esModule) {
    return new Proxy({}, {
        get: (_, key) => (key === "__esModule" && esModule ? true : load()[key]),
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
            return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
        },
    });
}

/** The installed package `name` as this process's program or pack would load it (from the working directory, or from here). */
function packageRoots(name) {
    const roots = new Set();
    for (const from of [process.cwd(), __dirname]) {
        try {
            roots.add(path.dirname(require.resolve(`${name}/package.json`, { paths: [from] })));
        } catch {
            // not reachable from there
        }
    }
    return [...roots];
}

/** What is deferred, by file: used here and by the tests. */
function deferredFiles() {
    return {
        codePaths: packageRoots("@pulumi/pulumi").map((sdk) => path.join(sdk, "runtime", "closure", "codePaths.js")),
        typescriptShim: packageRoots("@pulumi/pulumi").map((sdk) => path.join(sdk, "typescript-shim.js")),
        awsxClassic: packageRoots("@pulumi/awsx").map((awsx) => path.join(awsx, "classic", "index.js")),
    };
}

const files = deferredFiles();
for (const file of files.codePaths) {
    defer(file, (load) => {
        const exports = { __esModule: true };
        for (const name of CODE_PATHS_FUNCTIONS) {
            exports[name] = (...args) => load()[name](...args);
        }
        return exports;
    });
}
// Used as `ts.<member>` inside functions only.
for (const file of files.typescriptShim) {
    defer(file, (load) => lazyNamespace(load, false));
}
// Bound by awsx's index.js as `exports.classic = __importStar(require("./classic"))`.
// Loading classic registers one thing, @pulumi/docker's resource package and
// modules (for resource references), through its `docker-classic` alias
// (classic/ecs/image.js): that package still loads now (12 ms).
for (const file of files.awsxClassic) {
    defer(file, (load) => {
        require(require.resolve("docker-classic", { paths: [path.dirname(file)] }));
        return lazyNamespace(load, true);
    });
}

// The policy pack's process only. Pulumi's run-policy-pack registers ts-node
// (type-checking) for every pack, whatever its language (cmd/run-policy-pack/
// run.js: `typeScript: !process.versions.bun`), which loads the TypeScript
// compiler: about 0.6 s of the pack's 1.5 s start on this machine. This pack's
// `main` is compiled JavaScript, so the compiler is only needed if a .ts file
// is ever required: ts-node registers then, with the same options.
/** Where run-policy-pack's `require("typescript")` and `require("ts-node")` land (from the SDK's folder). */
function typeScriptFiles() {
    const found = { typescript: [], tsNode: [] };
    for (const sdk of packageRoots("@pulumi/pulumi")) {
        for (const [key, name] of [["typescript", "typescript"], ["tsNode", "ts-node"]]) {
            try {
                found[key].push(require.resolve(name, { paths: [sdk] }));
            } catch {
                // not installed: the SDK falls back to its vendored copy, which stays as it is
            }
        }
    }
    return found;
}

/** A package's version from its package.json, without loading its code. */
function versionOf(mainFile, name) {
    let dir = path.dirname(mainFile);
    while (path.basename(dir) !== name && path.dirname(dir) !== dir) {
        dir = path.dirname(dir);
    }
    return JSON.parse(require("fs").readFileSync(path.join(dir, "package.json"), "utf8")).version;
}

/** Extensions ts-node compiles when allowJs is off (ts-node dist/file-extensions.js). */
const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts"];

/**
 * Whether a deferred ts-node registration could behave differently from an
 * immediate one: options that make it compile .js files, preload modules or
 * take settings from the environment. Then it registers at once.
 */
function registersAtOnce(options) {
    const compilerOptions = (options && options.compilerOptions) || {};
    const fromEnvironment = Object.keys(process.env).some((k) => k.startsWith("TS_NODE_") && process.env[k]);
    let tsNodeSection = false;
    try {
        tsNodeSection = "ts-node" in JSON.parse(require("fs").readFileSync("tsconfig.json", "utf8"));
    } catch {
        tsNodeSection = require("fs").existsSync("tsconfig.json"); // not plain JSON: let ts-node read it
    }
    return Boolean(compilerOptions.allowJs) || fromEnvironment || tsNodeSection;
}

/** The pack's stand-ins for typescript and ts-node (see above). */
function deferTypeScriptUntilUsed() {
    const files = typeScriptFiles();
    for (const file of files.typescript) {
        defer(file, (load) => {
            const version = versionOf(file, "typescript");
            return new Proxy({}, {
                get: (_, key) => {
                    if (key === "version") {
                        return version;
                    }
                    if (key === "parseConfigFileTextToJson") {
                        // For plain JSON, TypeScript's reading is JSON's (comments or trailing commas: the compiler reads it).
                        return (fileName, text) => {
                            try {
                                return { config: JSON.parse(text) };
                            } catch {
                                return load().parseConfigFileTextToJson(fileName, text);
                            }
                        };
                    }
                    return load()[key];
                },
                has: (_, key) => key in load(),
                ownKeys: () => Reflect.ownKeys(load()),
                getOwnPropertyDescriptor: (_, key) => {
                    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
                    return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
                },
            });
        });
    }
    for (const file of files.tsNode) {
        defer(file, (load) => {
            const version = versionOf(file, "ts-node");
            return new Proxy({}, {
                get: (_, key) => {
                    if (key === "VERSION") {
                        return version;
                    }
                    if (key === "register") {
                        return registerOnFirstTypeScriptFile(load);
                    }
                    return load()[key];
                },
                has: (_, key) => key in load(),
                ownKeys: () => Reflect.ownKeys(load()),
                getOwnPropertyDescriptor: (_, key) => {
                    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
                    return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
                },
            });
        });
    }
    return files;
}

/** ts-node's register, run when the first TypeScript file is required (at once when registersAtOnce). */
function registerOnFirstTypeScriptFile(load) {
    return (options) => {
        if (registersAtOnce(options)) {
            return load().register(options);
        }
        const previous = new Map(TS_EXTENSIONS.map((ext) => [ext, require.extensions[ext]]));
        let service;
        const registerNow = () => {
            if (service === undefined) {
                for (const [ext, handler] of previous) {
                    if (handler === undefined) {
                        delete require.extensions[ext];
                    } else {
                        require.extensions[ext] = handler;
                    }
                }
                service = load().register(options);
            }
            return service;
        };
        for (const ext of TS_EXTENSIONS) {
            require.extensions[ext] = function (module, filename) {
                registerNow();
                return require.extensions[ext](module, filename);
            };
        }
        return new Proxy({}, { get: (_, key) => registerNow()[key] });
    };
}

/** This process is run-policy-pack (launched by the plan, the tests or the engine). */
function isPolicyPackProcess() {
    return typeof process.argv[1] === "string" && /[\\/]cmd[\\/]run-policy-pack([\\/]index\.js)?$/.test(process.argv[1]);
}

if (isPolicyPackProcess()) {
    deferTypeScriptUntilUsed();
}

module.exports = { CODE_PATHS_FUNCTIONS, deferredFiles };
