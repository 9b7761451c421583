// The compiled policy pack and its freshness check: the build npm ci makes is
// judged current, and every way it can differ from its sources is named.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assertPackBuilt, PACK_BUILD_COMMAND, PACK_OUT_DIR, PackBuildError, packBuildProblem } from "../tools/pack-build";

const ROOT = path.resolve(__dirname, "..");
const PACK_DIR = path.join(ROOT, "policies");
const FIX = "run `npm run build:policies` (`npm ci` and `npm install` run it too)";

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, any>;

describe("policy pack build", () => {
    let work: string;
    let pack: string;
    beforeEach(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-build-"));
        pack = path.join(work, "policies");
        fs.cpSync(PACK_DIR, pack, { recursive: true, filter: (from) => !/[/\\]node_modules$/.test(from) });
    });
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    it("runs compiled, as published packs do: main is the build output, which tsc writes with each source's text", () => {
        assert.strictEqual(readJson(path.join(PACK_DIR, "package.json")).main, `${PACK_OUT_DIR}/index.js`);
        const options = readJson(path.join(PACK_DIR, "tsconfig.json")).compilerOptions;
        assert.deepStrictEqual([options.outDir, options.sourceMap, options.inlineSources], [PACK_OUT_DIR, true, true]);
        assert.deepStrictEqual(readJson(path.join(PACK_DIR, "package.json")).scripts.build, "tsc -p tsconfig.json");
        // npm ci and npm install run the root's prepare script once the dependencies are in.
        const scripts = readJson(path.join(ROOT, "package.json")).scripts;
        assert.deepStrictEqual([PACK_BUILD_COMMAND, scripts.prepare, scripts["build:policies"]],
            ["npm run build:policies", "npm run build:policies", "npm run build --workspace policies"]);
    });

    it("judges the installed build current, and a copy of it too", () => {
        assert.strictEqual(packBuildProblem(PACK_DIR), undefined);
        assert.strictEqual(packBuildProblem(pack), undefined);
        assert.doesNotThrow(() => assertPackBuilt(pack));
    });

    it("names a missing build", () => {
        fs.rmSync(path.join(pack, PACK_OUT_DIR), { recursive: true });
        const expected = `the policy pack is not built: policies/bin/index.js does not exist; ${FIX}`;
        assert.strictEqual(packBuildProblem(pack), expected);
        assert.throws(() => assertPackBuilt(pack), (err: unknown) => err instanceof PackBuildError && err.message === expected);
    });

    it("names a source edited after the build, even when its size is unchanged", () => {
        const file = path.join(pack, "rules", "sizing.ts");
        const text = fs.readFileSync(file, "utf8");
        fs.writeFileSync(file, text.replace("sizing", "SIZING"));
        assert.strictEqual(packBuildProblem(pack), `the policy pack's build (policies/bin) is stale: policies/rules/sizing.ts changed since it was built; ${FIX}`);
    });

    it("names several edited sources, a new source and a built file whose source is gone", () => {
        for (const file of ["lib/values.ts", "lib/stack.ts", "lib/network.ts", "rules/traffic.ts"]) {
            fs.appendFileSync(path.join(pack, file), "\n");
        }
        fs.writeFileSync(path.join(pack, "rules", "dns.ts"), "export const dnsPolicies = [];\n");
        fs.rmSync(path.join(pack, "lib", "credentials.ts"));
        assert.strictEqual(packBuildProblem(pack), "the policy pack's build (policies/bin) is stale: " +
            "policies/lib/network.ts, policies/lib/stack.ts, policies/lib/values.ts and 1 more changed since it was built; " +
            "policies/rules/dns.ts is not in it; policies/bin/lib/credentials.js has no source any more; " + FIX);
    });

    it("names a source whose source map is missing or was built without the source text", () => {
        fs.rmSync(path.join(pack, PACK_OUT_DIR, "rules", "secrets.js.map"));
        const map = path.join(pack, PACK_OUT_DIR, "lib", "network.js.map");
        const { sourcesContent: _dropped, ...withoutText } = readJson(map);
        fs.writeFileSync(map, JSON.stringify(withoutText));
        assert.strictEqual(packBuildProblem(pack),
            `the policy pack's build (policies/bin) is stale: policies/lib/network.ts, policies/rules/secrets.ts are not in it; ${FIX}`);
    });
});
