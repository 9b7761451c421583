// Preloaded (`node --require`) into the offline plan and into the policy pack
// it launches. @pulumi/pulumi's runtime loads, at start, the modules of
// function serialization (runtime/closure): codePaths, which brings
// @npmcli/arborist and with it an npm client, and parseFunction, which brings
// the TypeScript compiler. That is about 0.8 s of the SDK's 1.1 s load on
// this machine (`node -r <a Module._load timer> -e 'require("@pulumi/pulumi")'`),
// and a plan or a policy evaluation serializes no function.
// Here both are stand-ins in the module cache that load the real module at
// first use: same behaviour, paid only when a program does serialize a
// function (aws.lambda.CallbackFunction, say).
// Plain JavaScript: the pack process runs no TypeScript loader.
"use strict";
const Module = require("module");
const path = require("path");

/** What the stand-ins cover; tests/defer-closure-modules.test.ts checks these against the installed SDK. */
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
    placeholder.exports = standIn(load);
    placeholder.loaded = true;
    require.cache[filename] = placeholder;
}

/** The SDK installs that this process's program or pack would load. */
function sdkRoots() {
    const roots = new Set();
    for (const from of [process.cwd(), __dirname]) {
        try {
            roots.add(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [from] })));
        } catch {
            // no SDK reachable from there
        }
    }
    return [...roots];
}

for (const sdk of sdkRoots()) {
    defer(path.join(sdk, "runtime", "closure", "codePaths.js"), (load) => {
        const exports = { __esModule: true };
        for (const name of CODE_PATHS_FUNCTIONS) {
            exports[name] = (...args) => load()[name](...args);
        }
        return exports;
    });
    // Used as `ts.<member>` inside functions only: a proxy that loads the compiler at the first member read.
    defer(path.join(sdk, "typescript-shim.js"), (load) => new Proxy({}, {
        get: (_, key) => load()[key],
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
            return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
        },
    }));
}

module.exports = { CODE_PATHS_FUNCTIONS, sdkRoots };
