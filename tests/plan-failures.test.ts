// When the policy pack or the program fails for a reason that is not the
// user's input, the plan says what happened and what to do, exits 3, and
// prints no stack trace. Tested by killing the real pack process.
import * as assert from "assert";
import * as path from "path";
import { main } from "../tools/plan/cli";
import { failureReport } from "../tools/plan/failures";
import { ProgramError } from "../tools/offline/capture";
import { UnansweredInvokeError } from "../tools/offline/mocks";
import { PackFailure, processPack, runningProcessPack } from "../tools/offline/pack-process";
import { leftoverPacks } from "./helpers/packs";

const PACK = path.resolve(__dirname, "..", "policies");
const OOM = "SIGKILL is most often the kernel's out-of-memory killer (`dmesg | grep -i 'killed process'` shows it) or a CI job's memory or time limit: free memory or give the job more (the pack needs about 150 MB, 320 MB at 100 services), then run the plan again.";

async function plan(args: string[], onStderr: (text: string) => void = () => undefined, progress = false) {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; onStderr(t); }, progress });
    return { code, stdout, stderr };
}

describe("plan failures that are not the user's input", function () {
    this.timeout(120_000);

    afterEach(() => assert.deepStrictEqual(leftoverPacks(), []));

    it("the pack killed before it serves (the OOM killer, say): what happened and what to do, exit 3, no trace", async () => {
        // A pack of its own that has not served yet: this process's may serve already (an earlier test file).
        await runningProcessPack(PACK)?.stop();
        const pack = processPack(PACK);
        process.kill(pack.pid!, "SIGKILL");
        const run = await plan(["--stack", "dev"]);
        assert.deepStrictEqual({ code: run.code, stdout: run.stdout }, { code: 3, stdout: "" });
        assert.strictEqual(run.stderr.split("\n")[0], `error: the policy pack's process (pid ${pack.pid}) was killed by SIGKILL before it served: ${OOM}`);
        assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
    });

    it("the pack killed while it evaluates: the same, said of that moment", async () => {
        const pack = processPack(PACK);
        await pack.port;
        let killed = false;
        const run = await plan(["--stack", "dev"], (text) => {
            if (!killed && text.includes("running the program")) {
                killed = true;
                process.kill(pack.pid!, "SIGKILL");
            }
        }, true);
        assert.ok(killed);
        assert.strictEqual(run.code, 3);
        assert.strictEqual(run.stderr.split("\r\x1b[2K").pop()!.split("\n")[0], `error: the policy pack's process (pid ${pack.pid}) was killed by SIGKILL while it evaluated the policies: ${OOM}`);
        assert.doesNotMatch(run.stderr, /^\s+at /m);
    });

    describe("every other way, one message each", () => {
        const cases: [string, unknown, string][] = [
            ["the pack exits with an error before serving", new PackFailure("exited-before-serving", { pid: 7, code: 1, signal: null, stderr: "Error: Cannot find module 'x'\n    at require\n" }),
                "the policy pack's process (pid 7) exited with code 1 before it served: it could not start. Run `npm run build:policies` (a broken build or install) and plan again; if it happens again, run the plan with PLAN_TRACE=1 and report its output.\n  its last output:\n    Error: Cannot find module 'x'\n        at require"],
            ["the pack never prints its port", new PackFailure("no-port", { pid: 7, stderr: "", timeoutMs: 60_000 }),
                "the policy pack's process (pid 7) did not start serving within 60 s, so it was stopped: the machine is probably overloaded (other jobs on its cores) or short of memory. Run the plan again when it is less busy."],
            ["the pack prints something else first", new PackFailure("not-a-port", { pid: 7, stderr: "", printed: "hello" }),
                "the policy pack's process (pid 7) printed \"hello\" where the engine protocol expects its port: something in the pack prints to stdout at start. if it happens again, run the plan with PLAN_TRACE=1 and report its output."],
            ["the pack crashes while in use", new PackFailure("ended-in-use", { pid: 7, code: 134, signal: null, stderr: "" }),
                "the policy pack's process (pid 7) exited with code 134 while it evaluated the policies (it crashed): if it happens again, run the plan with PLAN_TRACE=1 and report its output."],
            ["a call fails while the pack lives", new PackFailure("call-failed", { pid: 7, stderr: "", cause: "analyze: 13 INTERNAL: boom" }),
                "the policy pack failed to answer (analyze: 13 INTERNAL: boom): a policy threw, or the pack ran out of resources. if it happens again, run the plan with PLAN_TRACE=1 and report its output."],
            ["the program calls an invoke the mocks do not answer", new ProgramError(new UnansweredInvokeError("aws:x/getY:getY")),
                "the program asked for something the offline mocks cannot answer: the offline mocks do not answer the invoke aws:x/getY:getY; teach tools/offline/mocks.ts what it returns. This is a gap in the offline plan, not in your config: `npm run preview` (with credentials) runs the same program against the real providers; if it happens again, run the plan with PLAN_TRACE=1 and report its output."],
            ["the program throws", new ProgramError(new TypeError("x is undefined")),
                "the program (index.ts) failed while it ran under the mocks: x is undefined. Your config was accepted, so this is a defect in the program's code: if it happens again, run the plan with PLAN_TRACE=1 and report its output."],
            ["the base of --against fails to run", new Error("the base main (0123456789ab) failed to run (it runs with this checkout's node_modules): boom", { cause: new ProgramError(new TypeError("boom")) }),
                "the base main (0123456789ab) failed to run (it runs with this checkout's node_modules) could not be planned: the program (index.ts) failed while it ran under the mocks: boom. Your config was accepted, so this is a defect in the program's code: if it happens again, run the plan with PLAN_TRACE=1 and report its output."],
        ];
        for (const [title, err, message] of cases) {
            it(title, () => assert.strictEqual(failureReport(err), message));
        }

        it("an error nobody described keeps its trace (a defect)", () => {
            assert.strictEqual(failureReport(new RangeError("unexpected")), undefined);
        });
    });
});
