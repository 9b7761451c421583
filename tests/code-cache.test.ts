// V8's code cache on disk (tools/code-cache.js): made at a process's exit,
// used by the next process, never used for another source or other flags,
// and what does not fit Node's CommonJS compile is left to Node.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const CODE_CACHE = path.join(ROOT, "tools", "code-cache.js");

describe("the code cache", function () {
    this.timeout(60_000);
    let dir: string;
    let cacheDir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "code-cache-"));
        cacheDir = path.join(dir, "cache");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Requires `file` in a fresh Node with the cache (or without: CODE_CACHE=0) and prints what it exports. */
    const run = (file: string, options: { flags?: string[]; off?: boolean } = {}) => {
        const child = spawnSync(process.execPath, [...(options.flags ?? []), "-r", CODE_CACHE, "-e", `console.log(JSON.stringify(require(${JSON.stringify(file)})))`], {
            encoding: "utf8", env: { ...process.env, CODE_CACHE_DIR: cacheDir, CODE_CACHE: options.off ? "0" : "1" },
        });
        return { status: child.status, stdout: child.stdout, stderr: child.stderr.replace(/\n\s+at [^\n]*/g, "").replace(/\nNode\.js v[^\n]*/g, "") };
    };
    const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);
    const write = (name: string, text: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        return file;
    };

    it("is made at the first run's exit and used as it is by the next", () => {
        const file = write("m.js", "function twice(n) { return n * 2; }\nmodule.exports = { n: twice(21), name: __filename.endsWith('m.js'), dir: __dirname === require('path').dirname(__filename) };\n");
        assert.deepStrictEqual(run(file), { status: 0, stdout: '{"n":42,"name":true,"dir":true}\n', stderr: "" });
        const [cache] = cacheFiles();
        assert.match(cache, /^[0-9a-f]{40}\.bin$/);
        const first = fs.readFileSync(path.join(cacheDir, cache));
        assert.strictEqual(first.subarray(0, 41).toString("latin1"), `${first.subarray(0, 40).toString("latin1")}\n`);
        assert.ok(first.length > 200, `${first.length} bytes`);
        const inode = fs.statSync(path.join(cacheDir, cache)).ino;
        assert.deepStrictEqual(run(file), { status: 0, stdout: '{"n":42,"name":true,"dir":true}\n', stderr: "" });
        // Accepted by V8, so not made again (a new one is renamed into place: another inode).
        assert.strictEqual(fs.statSync(path.join(cacheDir, cache)).ino, inode);
    });

    it("is made again for an edited source, and kept apart for other V8 flags", () => {
        const file = write("m.js", "module.exports = 1;\n");
        run(file);
        const [cache] = cacheFiles();
        const inode = fs.statSync(path.join(cacheDir, cache)).ino;
        fs.writeFileSync(file, "module.exports = 2;\n");
        assert.strictEqual(run(file).stdout, "2\n");
        assert.deepStrictEqual(cacheFiles(), [cache]);
        assert.notStrictEqual(fs.statSync(path.join(cacheDir, cache)).ino, inode);
        assert.strictEqual(run(file, { flags: ["--interrupt-budget=1000000"] }).stdout, "2\n");
        assert.strictEqual(cacheFiles().length, 2);
    });

    it("compiles as usual past a cache V8 refuses (its data damaged), and makes it again", () => {
        const file = write("m.js", "module.exports = [1, 2, 3].map((n) => n * 2);\n");
        run(file);
        const cache = path.join(cacheDir, cacheFiles()[0]);
        const bytes = fs.readFileSync(cache);
        bytes.fill(0x55, 41 + 16);
        fs.writeFileSync(cache, bytes);
        const inode = fs.statSync(cache).ino;
        assert.deepStrictEqual(run(file), { status: 0, stdout: "[2,4,6]\n", stderr: "" });
        assert.notStrictEqual(fs.statSync(cache).ino, inode);
    });

    it("gives require, require.resolve and require.main as Node does", () => {
        write("dep.js", "module.exports = 'dep';\n");
        const file = write("m.js", "module.exports = [require('./dep'), require.resolve('./dep') === require('path').join(__dirname, 'dep.js'), require.main === undefined, require.cache[__filename] === module, this === exports];\n");
        const expected = { status: 0, stdout: '["dep",true,true,true,true]\n', stderr: "" };
        assert.deepStrictEqual(run(file, { off: true }), expected);
        assert.deepStrictEqual(run(file), expected);
        assert.deepStrictEqual(run(file), expected);
    });

    it("leaves ES module syntax, a hashbang and a syntax error to Node: the same outcome as without it", () => {
        for (const [name, text] of [
            ["esm.js", "export const n = 1;\n"],
            ["bang.js", "#!/usr/bin/env node\nmodule.exports = 'bang';\n"],
            ["broken.js", "module.exports = ;\n"],
        ]) {
            const file = write(name, text);
            const without = run(file, { off: true });
            assert.deepStrictEqual(run(file), without, name);
        }
        assert.strictEqual(run(path.join(dir, "bang.js")).stdout, '"bang"\n');
        assert.match(run(path.join(dir, "broken.js")).stderr, /SyntaxError: Unexpected token ';'/);
    });

    it("serves a plan --against's base copy from the checkout's cache when the code is the same, and keeps none for it", () => {
        // A module inside the checkout, and the same at the same place in a base copy (tools/base-copy.js).
        const inCheckout = fs.mkdtempSync(path.join(ROOT, "node_modules", ".cache", "code-cache-twin-"));
        const copy = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-"));
        try {
            const relative = path.relative(ROOT, inCheckout);
            fs.mkdirSync(path.join(copy, relative), { recursive: true });
            const text = "module.exports = [1, 2].map((n) => n + 1);\n";
            fs.writeFileSync(path.join(inCheckout, "m.js"), text);
            fs.writeFileSync(path.join(copy, relative, "m.js"), text);
            const stats = (file: string) => spawnSync(process.execPath, ["-r", CODE_CACHE, "-e", `require(${JSON.stringify(file)})`], {
                encoding: "utf8", env: { ...process.env, CODE_CACHE_DIR: cacheDir, CODE_CACHE_STATS: "1" },
            }).stderr;
            assert.strictEqual(stats(path.join(copy, relative, "m.js")), "code cache: 0 used, 0 made\n");
            assert.strictEqual(stats(path.join(inCheckout, "m.js")), "code cache: 0 used, 1 made\n");
            assert.strictEqual(stats(path.join(inCheckout, "m.js")), "code cache: 1 used, 0 made\n");
            assert.strictEqual(stats(path.join(copy, relative, "m.js")), "code cache: 1 used, 0 made\n");
            fs.writeFileSync(path.join(copy, relative, "m.js"), "module.exports = 'changed in the base';\n");
            assert.strictEqual(stats(path.join(copy, relative, "m.js")), "code cache: 0 used, 0 made\n");
            assert.strictEqual(cacheFiles().length, 1);
        } finally {
            fs.rmSync(inCheckout, { recursive: true, force: true });
            fs.rmSync(copy, { recursive: true, force: true });
        }
    });

    it("names the module's file and line in a stack trace", () => {
        const file = write("throws.js", "\n\nthrow new Error('boom');\n");
        const child = spawnSync(process.execPath, ["-r", CODE_CACHE, "-e", `require(${JSON.stringify(file)})`], { encoding: "utf8", env: { ...process.env, CODE_CACHE_DIR: cacheDir } });
        assert.strictEqual(child.status, 1);
        assert.ok(child.stderr.includes(`${file}:3`), child.stderr);
    });
});
