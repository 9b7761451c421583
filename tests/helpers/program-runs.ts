// One run of a stack's own config, shared by the test files that read it.
// A program run under mocks takes most of a second, and many files need the
// same one (dev or prod as committed, the default mocks); mocha's workers run
// many files each, so a file asking for a run another file of its worker has
// made gets that one. The key is the whole config read from the stack file,
// so an edited stack file makes a new run. Shared means read-only: the run is
// deep-frozen, so a test that changed it would fail where it writes instead
// of passing another file a changed run.
import * as path from "path";
import { configKey, runProgram, type ProgramRun } from "../../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../../tools/offline/mocks";
import { readStackConfig } from "../../tools/stack-file";

const ROOT = path.resolve(__dirname, "..", "..");
const runs = new Map<string, Promise<ProgramRun>>();

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) {
            deepFreeze(child);
        }
    }
    return value;
}

/**
 * The program's run for `stack` as committed (readStackConfig), under
 * `new OfflineMocks(mockEnvironmentFor(raw))` as a deployment (not a preview):
 * what `runProgram(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) })`
 * returns, made once per process and config. Made with refusals recorded, as
 * the plan makes its runs (so that a plan of the committed stack in the same
 * process reuses it: tools/offline/capture.ts reuseProgramRuns), and refused
 * here if the providers would refuse anything: then the two modes differ.
 */
export function stackRun(stack: string): Promise<ProgramRun> {
    const raw = readStackConfig(ROOT, stack);
    const key = JSON.stringify(configKey(raw));
    let run = runs.get(key);
    if (run === undefined) {
        const mocks = new OfflineMocks(mockEnvironmentFor(raw), false, { refusals: "record" });
        run = runProgram(raw, { mocks }).then((made) => {
            if (mocks.refusals.length > 0) {
                throw new Error(`the committed ${stack} stack has inputs the providers refuse: ${mocks.refusals.map((r) => r.message).join("; ")}`);
            }
            return deepFreeze(made);
        });
        runs.set(key, run);
        // A failed run is not kept: the next caller sees the failure afresh.
        run.catch(() => runs.delete(key));
    }
    return run;
}
