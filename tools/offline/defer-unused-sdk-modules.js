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
    placeholder.exports = standIn(load);
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

module.exports = { CODE_PATHS_FUNCTIONS, deferredFiles };
