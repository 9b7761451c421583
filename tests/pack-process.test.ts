// The pack process as the plan and the tests share it: one per process and
// folder while it lives, never launched from a stale build, stopped only by
// its owner. (Signals and SIGKILL: tests/plan-lifecycle.test.ts.)
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyAnalyzer } from "../tools/offline/analyzer";
import { HEAP_GROWING, LATE_OPTIMIZATION, launchPack, processPack } from "../tools/offline/pack-process";
import { PackBuildError } from "../tools/pack-build";

const PACK_DIR = path.resolve(__dirname, "..", "policies");
const alive = (pid: number | undefined) => {
    try {
        process.kill(pid!, 0);
        return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
    } catch {
        return false;
    }
};

describe("policy pack process", function () {
    this.timeout(60_000);

    it("launches nothing from a stale build: the port rejects with the reason", async () => {
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-process-"));
        try {
            const pack = path.join(work, "policies");
            fs.cpSync(PACK_DIR, pack, { recursive: true, filter: (from) => !/[/\\]node_modules$/.test(from) });
            fs.appendFileSync(path.join(pack, "index.ts"), "\n");
            const launched = launchPack(pack);
            await assert.rejects(launched.port, (err: unknown) => err instanceof PackBuildError
                && err.message === "the policy pack's build (policies/bin) is stale: policies/index.ts changed since it was built; run `npm run build:policies` (`npm ci` and `npm install` run it too)");
            assert.deepStrictEqual([launched.pid, launched.alive], [undefined, false]);
            // A plan awaits its pack only after running the program: until then the failure must wait for it,
            // not surface as an unhandled rejection (which the mock runtime would take for a program error).
            const unhandled: unknown[] = [];
            const record = (reason: unknown) => unhandled.push(reason);
            process.on("unhandledRejection", record);
            try {
                const starting = [PolicyAnalyzer.start(pack), PolicyAnalyzer.shared(pack)];
                await new Promise((resolve) => setTimeout(resolve, 50));
                assert.deepStrictEqual(unhandled, []);
                for (const analyzer of starting) {
                    await assert.rejects(analyzer, PackBuildError);
                }
            } finally {
                process.off("unhandledRejection", record);
            }
        } finally {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("launches the pack as the engine does, with the tighter heap, later optimization, the code cache and the preloads", async () => {
        const pack = launchPack(PACK_DIR);
        try {
            await pack.port;
            const argv = fs.readFileSync(`/proc/${pack.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
            const offline = path.resolve(__dirname, "..", "tools", "offline");
            const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [PACK_DIR] }));
            assert.deepStrictEqual(argv, [
                process.execPath, HEAP_GROWING, LATE_OPTIMIZATION,
                "--require", path.resolve(__dirname, "..", "tools", "code-cache.js"),
                "--require", path.join(offline, "pack-watchdog.js"),
                "--require", path.join(offline, "defer-unused-sdk-modules.js"),
                "--require", path.join(offline, "pack-decode-once.js"),
                path.join(sdk, "cmd", "run-policy-pack"), "127.0.0.1:1", ".",
            ]);
            assert.deepStrictEqual([HEAP_GROWING, LATE_OPTIMIZATION], ["--heap-growing-percent=25", "--interrupt-budget=1000000"]);
        } finally {
            await pack.stop();
        }
    });

    it("gives one pack per folder while it lives, and a new one once it has ended", async () => {
        const first = processPack(PACK_DIR);
        assert.strictEqual(processPack(path.join(PACK_DIR, "rules", "..")), first);
        assert.ok(await first.port > 0);
        const shared = await PolicyAnalyzer.shared(PACK_DIR);
        assert.strictEqual(shared.pid, first.pid);
        assert.strictEqual(await PolicyAnalyzer.shared(PACK_DIR), shared);
        // Done with a shared pack: it stays for the next caller.
        await shared.close();
        assert.ok(alive(first.pid));
        assert.strictEqual((await shared.info()).name, "migration-guardrails");
        await first.stop();
        assert.ok(!alive(first.pid));
        const second = processPack(PACK_DIR);
        assert.notStrictEqual(second, first);
        assert.notStrictEqual((await PolicyAnalyzer.shared(PACK_DIR)).pid, first.pid);
        assert.strictEqual((await (await PolicyAnalyzer.shared(PACK_DIR)).info()).name, "migration-guardrails");
    });

    it("stops a pack of its own on close(), leaving the shared one running", async () => {
        const own = await PolicyAnalyzer.start(PACK_DIR);
        const shared = await PolicyAnalyzer.shared(PACK_DIR);
        assert.notStrictEqual(own.pid, shared.pid);
        await own.close();
        assert.deepStrictEqual([alive(own.pid), alive(shared.pid)], [false, true]);
    });
});
