// What the plan says when it fails for a reason that is not the user's
// input: the policy pack's process dies, is killed or never serves, the
// program or the offline mocks hit a defect, the base of --against cannot
// run. One message saying what happened and what to do, exit 3, and no
// stack trace (PLAN_TRACE=1 prints it, for a bug report). An error this
// module does not know keeps its trace: it is a defect nobody has described.
import { UnansweredInvokeError, UnansweredLookupError } from "../offline/mocks";
import { PackFailure } from "../offline/pack-process";
import { ProgramError } from "../offline/capture";

/** The last lines of a process's stderr, indented, or "" when it printed nothing. */
function tail(stderr: string, lines = 6): string {
    const kept = stderr.trimEnd().split("\n").filter((l) => l.trim() !== "").slice(-lines);
    return kept.length === 0 ? "" : `\n  its last output:\n${kept.map((l) => `    ${l}`).join("\n")}`;
}

function signalAdvice(signal: NodeJS.Signals): string {
    return signal === "SIGKILL"
        ? "SIGKILL is most often the kernel's out-of-memory killer (`dmesg | grep -i 'killed process'` shows it) or a CI job's memory or time limit: free memory or give the job more (the pack needs about 150 MB, 320 MB at 100 services), then run the plan again"
        : `something sent it ${signal} (a shutdown, a cancelled job): run the plan again`;
}

const REPORT = "if it happens again, run the plan with PLAN_TRACE=1 and report its output";

function packReport(err: PackFailure): string {
    const { pid, code, signal, stderr, timeoutMs, printed } = err.detail;
    const which = `the policy pack's process${pid === undefined ? "" : ` (pid ${pid})`}`;
    switch (err.kind) {
        case "exited-before-serving":
            return signal
                ? `${which} was killed by ${signal} before it served: ${signalAdvice(signal)}.${tail(stderr)}`
                : `${which} exited with code ${code} before it served: it could not start. Run \`npm run build:policies\` (a broken build or install) and plan again; ${REPORT}.${tail(stderr)}`;
        case "no-port":
            return `${which} did not start serving within ${Math.round((timeoutMs ?? 0) / 1000)} s, so it was stopped: the machine is probably overloaded (other jobs on its cores) or short of memory. Run the plan again when it is less busy.${tail(stderr)}`;
        case "not-a-port":
            return `${which} printed ${JSON.stringify(printed)} where the engine protocol expects its port: something in the pack prints to stdout at start. ${REPORT}.${tail(stderr)}`;
        case "ended-in-use":
            return signal
                ? `${which} was killed by ${signal} while it evaluated the policies: ${signalAdvice(signal)}.${tail(stderr)}`
                : `${which} exited with code ${code} while it evaluated the policies (it crashed): ${REPORT}.${tail(stderr)}`;
        case "call-failed":
            return `the policy pack failed to answer (${err.detail.cause}): a policy threw, or the pack ran out of resources. ${REPORT}.${tail(stderr)}`;
    }
}

/** The message for a failure that is not the user's input, or undefined for an error nobody described (a defect: keep the trace). */
export function failureReport(err: unknown): string | undefined {
    if (err instanceof PackFailure) {
        return packReport(err);
    }
    const cause = err instanceof ProgramError ? err.cause : undefined;
    if (cause instanceof UnansweredInvokeError || cause instanceof UnansweredLookupError) {
        return `the program asked for something the offline mocks cannot answer: ${cause.message}. This is a gap in the offline plan, not in your config: \`npm run preview\` (with credentials) runs the same program against the real providers; ${REPORT}.`;
    }
    if (err instanceof ProgramError) {
        return `the program (index.ts) failed while it ran under the mocks: ${err.message}. Your config was accepted, so this is a defect in the program's code: ${REPORT}.`;
    }
    if (err instanceof Error && err.cause !== undefined && / failed to run \(it runs with this checkout's node_modules\)/.test(err.message)) {
        const inner = failureReport(err.cause);
        return `${err.message.split(":")[0]} could not be planned: ${inner ?? (err.cause as Error).message}`;
    }
    return undefined;
}
