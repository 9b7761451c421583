// The TypeScript loader (tools/ts-register.js): sucrase's output, exactly as
// sucrase/register/ts gives it, kept per file and used only while the
// source, its path and sucrase's version are what they were.
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { transform as sucrase } from "sucrase";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = require("../tools/ts-register.js") as { CACHE_DIR: string; compile(code: string, filePath: string): string; load(code: string, filePath: string): string; transform(code: string, filePath: string): string };

const sha1 = (text: string) => crypto.createHash("sha1").update(text).digest("hex");

describe("TypeScript loader", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ts-register-"));
    const filePath = path.join(dir, "example.ts");
    const cacheFile = path.join(loader.CACHE_DIR, `${sha1(filePath)}.js`);
    const source = "import * as path from \"path\";\nexport const joined: string = path.join(\"a\", \"b\");\ninterface Unused { a: number }\n";
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(cacheFile, { force: true });
    });

    it("gives what sucrase/register/ts gives: the transform and an inline source map", () => {
        fs.rmSync(cacheFile, { force: true });
        const expected = sucrase(source, { transforms: ["imports", "typescript"], sourceMapOptions: { compiledFilename: filePath }, filePath });
        const map = Buffer.from(JSON.stringify(expected.sourceMap)).toString("base64");
        assert.strictEqual(loader.compile(source, filePath), `${expected.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}`);
        // Line numbers kept: the export is on line 2 of both.
        assert.match(loader.compile(source, filePath).split("\n")[1], /joined = path\.join\("a", "b"\)/);
    });

    it("serves an unchanged file from its cache file, and transforms a changed one again", () => {
        fs.rmSync(cacheFile, { force: true });
        const first = loader.compile(source, filePath);
        const [key, ...rest] = fs.readFileSync(cacheFile, "utf8").split("\n");
        assert.strictEqual(rest.join("\n"), first);
        // Marked, the cache file shows where the next answer comes from.
        fs.writeFileSync(cacheFile, `${key}\nfrom the cache`);
        assert.strictEqual(loader.compile(source, filePath), "from the cache");
        const changed = source.replace("\"b\"", "\"c\"");
        const second = loader.compile(changed, filePath);
        assert.match(second, /path\.join\("a", "c"\)/);
        assert.strictEqual(fs.readFileSync(cacheFile, "utf8").split("\n").slice(1).join("\n"), second);
        assert.notStrictEqual(fs.readFileSync(cacheFile, "utf8").split("\n")[0], key);
    });

    it("ignores a cache file that is damaged or another file's", () => {
        for (const damaged of ["", "no newline at all", `${"0".repeat(40)}\nsomething else`]) {
            fs.mkdirSync(loader.CACHE_DIR, { recursive: true });
            fs.writeFileSync(cacheFile, damaged);
            assert.match(loader.compile(source, filePath), /^"use strict";/);
        }
    });

    it("loads the project's TypeScript through the cache: every loaded .ts file has its cache file", () => {
        const loaded = Object.keys(require.cache).filter((f) => f.endsWith(".ts") && !f.includes(`${path.sep}node_modules${path.sep}`));
        assert.ok(loaded.includes(__filename) && loaded.includes(path.join(__dirname, "setup.ts")), loaded.join("\n"));
        const missing = loaded.filter((f) => !fs.existsSync(path.join(loader.CACHE_DIR, `${sha1(f)}.js`)));
        assert.deepStrictEqual(missing, []);
    });
});

describe("TypeScript loader, for a plan --against's base copy (tools/base-copy.js)", () => {
    const checkoutFile = path.resolve(__dirname, "..", "components", "config", "suggest.ts");
    const source = fs.readFileSync(checkoutFile, "utf8");
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-"));
    const copyFile = path.join(copy, "components", "config", "suggest.ts");
    after(() => fs.rmSync(copy, { recursive: true, force: true }));

    it("gives a file the same as the checkout's the checkout's output, from its cache", () => {
        assert.strictEqual(loader.load(source, copyFile), loader.compile(source, checkoutFile));
    });

    it("transforms a file that differs under its own path, and keeps it nowhere", () => {
        const changed = `${source}\nexport const inTheBase = 1;\n`;
        assert.strictEqual(loader.load(changed, copyFile), loader.transform(changed, copyFile));
        assert.strictEqual(fs.existsSync(path.join(loader.CACHE_DIR, `${sha1(copyFile)}.js`)), false);
    });
});
