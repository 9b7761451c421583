// The SDK modules a plan never uses load at first use
// (tools/offline/defer-unused-sdk-modules.js): checked against the installed
// SDKs, each in a fresh process, with and without the deferral.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LATE_OPTIMIZATION } from "../tools/offline/pack-process";

const ROOT = path.resolve(__dirname, "..");
const DEFER = path.join(ROOT, "tools", "offline", "defer-unused-sdk-modules.js");
const CODE_CACHE = path.join(ROOT, "tools", "code-cache.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CODE_PATHS_FUNCTIONS, deferredFiles } = require(DEFER) as { CODE_PATHS_FUNCTIONS: string[]; deferredFiles(): Record<string, string[]> };

/** Runs `script` in a fresh Node from the repository root, with or without the deferral; its last stdout line as JSON. */
function inNode(script: string, deferred: boolean): unknown {
    // With the plan's and the pack's later optimization and code cache, as they load the SDKs.
    const child = spawnSync(process.execPath, [LATE_OPTIMIZATION, "-r", CODE_CACHE, ...(deferred ? ["-r", DEFER] : []), "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
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
    // First use is asked of the deferred side only: without the deferral the real modules are loaded already (about 1 s saved).
    (m ? Promise.resolve(undefined) : Promise.all([pulumi.runtime.serializeFunction(() => 7 * factor), pulumi.runtime.computeCodePaths({ extraIncludePackages: [], extraExcludePackages: [] })])
        .then(([fn, paths]) => ({ before, after: loaded(/typescript[\\/\\\\]lib[\\/\\\\]typescript\\.js$/), text: fn.text.includes("7 * factor"), paths: paths.size > 0 })))
        .then((firstUse) => console.log(JSON.stringify({ sdksLoaded, registered, codePathsExports, firstUse })));`;

interface Answers {
    readonly sdksLoaded: boolean[];
    readonly registered: { packages: string[]; modules: string[]; classic: string[]; fargate: string };
    readonly codePathsExports: [string, string][];
    /** Asked of the deferred side only (undefined without the deferral). */
    readonly firstUse?: { before: boolean; after: boolean; text: boolean; paths: boolean };
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

    it("loads nothing itself: awsx's classic stand-in (and the @pulumi/docker it registers) is made when awsx requires it", () => {
        const child = spawnSync(process.execPath, ["-r", DEFER, "-e", "console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('node_modules'))))"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
        assert.strictEqual(child.status, 0, child.stderr);
        // In the module cache: the three stand-ins, and no module of any package.
        const files = deferredFiles();
        assert.deepStrictEqual(JSON.parse(child.stdout), [...files.codePaths, ...files.typescriptShim, ...files.awsxClassic]);
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

/**
 * run-policy-pack's TypeScript set-up (cmd/run-policy-pack/run.js, `opts.typeScript`), step by step, in a
 * process whose main file is named as the pack's (the deferral applies there only), from policies/.
 */
const PACK_SETUP = `
const fs = require("fs"), os = require("os"), path = require("path");
const { isProxy } = require("util").types;
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [${JSON.stringify(ROOT)}] }));
const tsFile = require.resolve("typescript", { paths: [sdk] }), tsNodeFile = require.resolve("ts-node", { paths: [sdk] });
const real = (f) => require.cache[f] !== undefined && !isProxy(require.cache[f].exports);
const sdkRequire = require("module").createRequire(path.join(sdk, "cmd", "run-policy-pack", "run.js"));
const tsutils = sdkRequire("../../tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const tsn = sdkRequire(tsnodeRequire), ts = sdkRequire(typescriptRequire);
const versions = [ts.version, tsn.VERSION];
tsn.register({ typeCheck: true, skipProject: false, compiler: typescriptRequire,
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions, ...(process.env.ALLOW_JS ? { allowJs: true } : {}) } });
const afterRegister = [real(tsFile), real(tsNodeFile)];
let good, bad;
// With allowJs the answer is already in afterRegister; type-checking the files again (about 4 s) would add nothing.
if (!process.env.ALLOW_JS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-ts-"));
    fs.writeFileSync(path.join(dir, "good.ts"), "export const n: number = 41 + 1;\\n");
    fs.writeFileSync(path.join(dir, "bad.ts"), "export const n: number = \\"forty-two\\";\\n");
    good = require(path.join(dir, "good.ts")).n;
    try { require(path.join(dir, "bad.ts")); bad = "loaded"; } catch (e) { bad = /TS2322/.test(e.message) ? "TS2322" : e.message; }
    fs.rmSync(dir, { recursive: true, force: true });
}
const parsed = require(tsFile).parseConfigFileTextToJson("tsconfig.json", fs.readFileSync("tsconfig.json", "utf8")).config.compilerOptions;
console.log(JSON.stringify({ versions, afterRegister, good, bad, afterTypeScriptFile: [real(tsFile), real(tsNodeFile)],
    sameCompilerOptions: JSON.stringify(parsed) === JSON.stringify(compilerOptions),
    installed: [require(path.join(path.dirname(tsFile), "..", "package.json")).version, require(path.join(path.dirname(tsNodeFile), "..", "package.json")).version] }));`;

describe("the policy pack's TypeScript compiler, loaded at first use", function () {
    this.timeout(120_000);
    let dir: string;
    const run = (env: Record<string, string> = {}) => {
        const child = spawnSync(process.execPath, [LATE_OPTIMIZATION, "-r", CODE_CACHE, "-r", DEFER, path.join(dir, "cmd", "run-policy-pack", "index.js")], {
            cwd: path.join(ROOT, "policies"), encoding: "utf8", timeout: 60_000, env: { ...process.env, TS_NODE_PROJECT: "", TS_NODE_TRANSPILE_ONLY: "", ...env },
        });
        assert.strictEqual(child.status, 0, child.stderr);
        return JSON.parse(child.stdout.trim().split("\n").pop()!);
    };
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-main-"));
        fs.mkdirSync(path.join(dir, "cmd", "run-policy-pack"), { recursive: true });
        fs.writeFileSync(path.join(dir, "cmd", "run-policy-pack", "index.js"), PACK_SETUP);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("registers ts-node without loading the compiler, which a .ts file then loads, type-checked as before", () => {
        const answer = run();
        assert.deepStrictEqual(answer, {
            versions: answer.installed, afterRegister: [false, false], good: 42, bad: "TS2322", afterTypeScriptFile: [true, true],
            sameCompilerOptions: true, installed: answer.installed,
        });
        assert.match(answer.installed[0], /^5\./);
    });

    it("registers at once when ts-node would compile .js files too (allowJs)", () => {
        const answer = run({ ALLOW_JS: "1" });
        assert.deepStrictEqual([answer.afterRegister, answer.afterTypeScriptFile, answer.sameCompilerOptions], [[true, true], [true, true], true]);
    });
});
