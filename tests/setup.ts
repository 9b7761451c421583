// Loaded by mocha before any test file (.mocharc.json `require`). The policy
// tests drive the compiled pack (policies/bin), as the engine does; after an
// edit to policies/ that build is stale, so it is rebuilt here, once per run,
// and the tests always exercise the rules as they are in the sources.
import { spawnSync } from "child_process";
import * as path from "path";
import { reuseProgramRuns } from "../tools/offline/capture";
import { PACK_BUILD_COMMAND, packBuildProblem } from "../tools/pack-build";

// In every test process: a run of the repository's program with a config and
// mocks' settings an earlier test file of the process ran already is that run
// again (tools/offline/capture.ts reuseProgramRuns).
reuseProgramRuns();

const ROOT = path.resolve(__dirname, "..");

/** Mocha global fixture: runs once per test run, before the first file (also in parallel mode). */
export function mochaGlobalSetup(): void {
    const problem = packBuildProblem(path.join(ROOT, "policies"));
    if (problem === undefined) {
        return;
    }
    process.stderr.write(`tests: ${problem}\ntests: running ${PACK_BUILD_COMMAND} before the tests.\n`);
    const [command, ...args] = PACK_BUILD_COMMAND.split(" ");
    const build = spawnSync(command, ["--silent", ...args], { cwd: ROOT, stdio: "inherit", shell: process.platform === "win32" });
    const after = packBuildProblem(path.join(ROOT, "policies"));
    if (build.status !== 0 || after !== undefined) {
        throw new Error(`${PACK_BUILD_COMMAND} failed (exit ${build.status}); the compiler's messages are above${after ? `\n${after}` : ""}`);
    }
}
