// The SDK modules a plan never uses load at first use
// (tools/offline/defer-unused-sdk-modules.js): checked against the installed
// SDKs, each in a fresh process, with and without the deferral.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const DEFER = path.join(ROOT, "tools", "offline", "defer-unused-sdk-modules.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CODE_PATHS_FUNCTIONS, deferredFiles } = require(DEFER) as { CODE_PATHS_FUNCTIONS: string[]; deferredFiles(): Record<string, string[]> };

/** Runs `script` in a fresh Node from the repository root, with or without the deferral; its last stdout line as JSON. */
function inNode(script: string, deferred: boolean): unknown {
    const child = spawnSync(process.execPath, [...(deferred ? ["-r", DEFER] : []), "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    assert.strictEqual(child.status, 0, child.stderr);
    return JSON.parse(child.stdout.trim().split("\n").pop()!);
}

const SDKS = `for (const m of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx", "@pulumi/digitalocean", "@pulumi/policy"]) require(m);`;
const LOADED = `const loaded = (pattern) => Object.keys(require.cache).some((f) => pattern.test(f));`;

/**
 * One fresh Node per side (loading the five SDKs takes about 1.5 s), which
 * answers every test, each part in the order the tests once ran it in a
 * process of its own: what loading the SDKs loaded, before anything else is
 * touched (awsx.classic brings the ECS client); the resource packages and
 * modules registered at load and awsx.classic; codePaths.js's exports (not
 * deferred); then a function serialized and code paths computed.
 */
const SCRIPT = `${SDKS}${LOADED}
    const sdksLoaded = [loaded(/@npmcli[\\/\\\\]arborist/), loaded(/[\\/\\\\]typescript[\\/\\\\]lib[\\/\\\\]typescript\\.js$/), loaded(/@aws-sdk[\\/\\\\]client-ecs/)];
    const store = require("@pulumi/pulumi/runtime/state").getGlobalStore();
    const registered = { packages: [...store.resourcePackages.keys()].sort(), modules: [...store.resourceModules.keys()].sort(),
        classic: Object.keys(require("@pulumi/awsx").classic).sort(), fargate: typeof require("@pulumi/awsx").classic.ecs.FargateService };
    // The real module's exports, read where nothing is deferred (where it is, reading them would be its first use).
    const m = process.execArgv.includes(${JSON.stringify(DEFER)}) ? undefined : require(${JSON.stringify(deferredFiles().codePaths[0])});
    const codePathsExports = m && Object.keys(m).map((k) => [k, typeof m[k]]);
    const pulumi = require("@pulumi/pulumi");
    const before = loaded(/typescript[\\/\\\\]lib[\\/\\\\]typescript\\.js$/);
    const factor = 6;
    Promise.all([pulumi.runtime.serializeFunction(() => 7 * factor), pulumi.runtime.computeCodePaths({ extraIncludePackages: [], extraExcludePackages: [] })])
        .then(([fn, paths]) => console.log(JSON.stringify({ sdksLoaded, registered, codePathsExports,
            firstUse: { before, after: loaded(/typescript[\\/\\\\]lib[\\/\\\\]typescript\\.js$/), text: fn.text.includes("7 * factor"), paths: paths.size > 0 } })));`;

interface Answers {
    readonly sdksLoaded: boolean[];
    readonly registered: { packages: string[]; modules: string[]; classic: string[]; fargate: string };
    readonly codePathsExports: [string, string][];
    readonly firstUse: { before: boolean; after: boolean; text: boolean; paths: boolean };
}

const answers = new Map<boolean, Answers>();
/** SCRIPT's answers, with or without the deferral (one process each, run at first need). */
function node(deferred: boolean): Answers {
    if (!answers.has(deferred)) {
        answers.set(deferred, inNode(SCRIPT, deferred) as Answers);
    }
    return answers.get(deferred)!;
}

describe("deferred SDK modules", function () {
    this.timeout(120_000);

    it("defers exactly the three files, in the SDKs this project installs", () => {
        const files = deferredFiles();
        assert.deepStrictEqual(files, {
            codePaths: [path.join(ROOT, "node_modules", "@pulumi", "pulumi", "runtime", "closure", "codePaths.js")],
            typescriptShim: [path.join(ROOT, "node_modules", "@pulumi", "pulumi", "typescript-shim.js")],
            awsxClassic: [path.join(ROOT, "node_modules", "@pulumi", "awsx", "classic", "index.js")],
        });
    });

    it("stands in for every export of codePaths.js, all functions", () => {
        assert.deepStrictEqual(node(false).codePathsExports, CODE_PATHS_FUNCTIONS.map((name) => [name, "function"]));
    });

    it("loading the SDKs loads none of them; before, all three were loaded", () => {
        assert.deepStrictEqual(node(false).sdksLoaded, [true, true, true]);
        assert.deepStrictEqual(node(true).sdksLoaded, [false, false, false]);
    });

    it("registers the same resource packages and modules at load, and exposes the same awsx.classic", () => {
        const plain = node(false).registered;
        assert.ok(plain.packages.includes("awsx") && plain.modules.length > 100, JSON.stringify(plain).slice(0, 200));
        assert.deepStrictEqual(node(true).registered, plain);
    });

    it("loads the real modules at first use: a function still serializes, code paths still compute", () => {
        assert.deepStrictEqual(node(true).firstUse, { before: false, after: true, text: true, paths: true });
    });
});
