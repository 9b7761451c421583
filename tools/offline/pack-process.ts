// The policy pack's process (run-policy-pack, launched as the engine launches
// it) and its lifecycle: a pack ends when the process that launched it ends,
// however that ends.
//  - normal end, process.exit, an uncaught error: an 'exit' hook stops it;
//  - SIGINT, SIGTERM, SIGHUP: the packs are stopped, then the process dies of
//    the same signal (unless something else, such as mocha, also handles it);
//  - SIGKILL, where no code runs: the pack's stdin is a pipe only the launcher
//    holds, and a preloaded watchdog (pack-watchdog.js) ends the pack at its
//    end-of-file.
// Light on purpose (no gRPC, no SDK): `npm run plan` preloads it to start the
// pack before the program's modules load.
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { assertPackBuilt } from "../pack-build";

const WATCHDOG = path.join(__dirname, "pack-watchdog.js");
/** Defers SDK modules no policy evaluation uses (see the file). */
const DEFER_UNUSED_SDK_MODULES = path.join(__dirname, "defer-unused-sdk-modules.js");
/** Decodes each request's properties once instead of once per policy (see the file). */
const DECODE_ONCE = path.join(__dirname, "pack-decode-once.js");
/** V8's code cache for the pack's modules, as the plan has it (see the file). */
const CODE_CACHE = path.join(__dirname, "..", "code-cache.js");
/**
 * V8 lets the heap grow by a factor of up to 4 between full collections, so a
 * pack analyzing thousands of resources holds far more garbage than data;
 * 1.25 keeps it near what it uses (the plan runs with the same flag, package.json).
 */
export const HEAP_GROWING = "--heap-growing-percent=25";
/**
 * V8 optimizes a function with TurboFan once it has run for an interrupt
 * budget of bytecode (67584 by default), on background threads. A plan is a
 * short process that runs most of its code a few times: measured on prod,
 * those threads burned about 2 s of CPU in the plan and 0.6 s in the pack
 * (per thread, /proc), while the two processes share 2 cores; a budget 15
 * times larger cut that to about 0.8 s and 0.3 s, prod's plan from 3.5 s to
 * 2.8-3.2 s (medians of 7), and the 50-service plan, whose hot functions still
 * get optimized, was no slower (19-21 s both). The plan runs with the same
 * flag (package.json). docs/plan.md "Speed".
 */
export const LATE_OPTIMIZATION = "--interrupt-budget=1000000";
const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * The policy pack's process failed, not the user's input: it exited or was
 * killed before serving, never printed its port, printed something else, or
 * ended while in use. Carries what a person needs to tell why.
 */
export class PackFailure extends Error {
    override name = "PackFailure";
    constructor(
        readonly kind: "exited-before-serving" | "no-port" | "not-a-port" | "ended-in-use" | "call-failed",
        readonly detail: { readonly pid?: number; readonly code?: number | null; readonly signal?: NodeJS.Signals | null; readonly stderr: string; readonly timeoutMs?: number; readonly printed?: string; readonly cause?: string },
    ) {
        super(`policy pack ${kind}${detail.signal ? ` (${detail.signal})` : detail.code !== undefined && detail.code !== null ? ` (code ${detail.code})` : ""}${detail.cause ? `: ${detail.cause}` : ""}`);
    }
}

/** A launched pack: its port once it serves, its stderr so far, and how to stop it. */
export interface PackProcess {
    readonly dir: string;
    readonly pid: number | undefined;
    /** The analyzer's port on 127.0.0.1; rejects when the pack cannot start (a stale build: PackBuildError). */
    readonly port: Promise<number>;
    /** Spawned and not exited. */
    readonly alive: boolean;
    /** How it ended, once it has. */
    readonly exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null } | undefined;
    stderr(): string;
    /** Ends the pack and waits until it has exited. */
    stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooksInstalled = false;

function killAll(): void {
    for (const child of running) {
        child.kill("SIGTERM");
    }
    running.clear();
}

function onSignal(signal: NodeJS.Signals): void {
    killAll();
    // Alone with this signal, die of it as a process without handlers would
    // (exit status 128 + n); otherwise the other handlers decide.
    if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
    }
}

function installHooks(): void {
    if (!hooksInstalled) {
        hooksInstalled = true;
        process.on("exit", killAll);
        for (const signal of HANDLED_SIGNALS) {
            process.on(signal, onSignal);
        }
    }
}

/**
 * Launches the pack in packDir as the engine does
 * (`node <@pulumi/pulumi>/cmd/run-policy-pack <engine> <packDir>`, in the pack
 * folder), with V8's code cache, the watchdog, the deferral of unused SDK
 * modules and the decoding of properties once per request preloaded, a tighter heap
 * (HEAP_GROWING) and later optimization (LATE_OPTIMIZATION), none of which
 * changes what the pack answers. Never throws: a stale or missing build
 * (checked first, nothing is spawned) or a failed start rejects `port`.
 */
export function launchPack(packDir: string, options: { readonly timeoutMs?: number } = {}): PackProcess {
    const dir = path.resolve(packDir);
    let child: ChildProcess | undefined;
    let stderr = "";
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const port = new Promise<number>((resolve, reject) => {
        assertPackBuilt(dir);
        installHooks();
        const packPulumi = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
        const started = spawn(process.execPath, [HEAP_GROWING, LATE_OPTIMIZATION, "--require", CODE_CACHE, "--require", WATCHDOG, "--require", DEFER_UNUSED_SDK_MODULES, "--require", DECODE_ONCE, path.join(packPulumi, "cmd", "run-policy-pack"), "127.0.0.1:1", "."], {
            cwd: dir,
            stdio: ["pipe", "pipe", "pipe"],
            env: { ...process.env, TS_NODE_PROJECT: undefined, TS_NODE_TRANSPILE_ONLY: undefined },
        });
        child = started;
        running.add(started);
        started.once("exit", (code, signal) => {
            running.delete(started);
            exit = { code, signal };
        });
        started.stderr!.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
        const timeoutMs = options.timeoutMs ?? 60_000;
        let answered = false;
        const timer = setTimeout(() => {
            // This process may have been busy (a large program run) while the
            // port arrived: let pending I/O be read before deciding.
            setImmediate(() => {
                if (!answered) {
                    started.kill();
                    reject(new PackFailure("no-port", { pid: started.pid, stderr, timeoutMs }));
                }
            });
        }, timeoutMs);
        readline.createInterface({ input: started.stdout! }).once("line", (line) => {
            answered = true;
            clearTimeout(timer);
            const n = Number(line.trim());
            if (Number.isInteger(n) && n > 0) {
                // Serving: from now on the pack alone must not keep this process alive.
                for (const handle of [started, started.stdin, started.stdout, started.stderr]) {
                    (handle as { unref?: () => void } | null)?.unref?.();
                }
                resolve(n);
            } else {
                started.kill();
                reject(new PackFailure("not-a-port", { pid: started.pid, stderr, printed: line }));
            }
        });
        started.once("exit", (code, signal) => {
            clearTimeout(timer);
            reject(new PackFailure("exited-before-serving", { pid: started.pid, code, signal, stderr }));
        });
    });
    // The caller observes failures through `port`; this only keeps an unobserved one from crashing the process.
    port.catch(() => undefined);
    return {
        dir,
        get pid() {
            return child?.pid;
        },
        port,
        get alive() {
            return child !== undefined && child.exitCode === null && child.signalCode === null;
        },
        get exit() {
            return exit;
        },
        stderr: () => stderr,
        async stop() {
            if (child !== undefined && child.exitCode === null && child.signalCode === null) {
                const exited = new Promise((resolve) => child!.once("exit", resolve));
                child.kill("SIGTERM");
                await exited;
            }
        },
    };
}

const perDir = new Map<string, PackProcess>();

/**
 * This process's pack for packDir: launched on first use, then the same one
 * while it lives. `npm run plan` launches it first thing (a preload), and a
 * test run shares one per process instead of one per file or per plan.
 */
export function processPack(packDir: string): PackProcess {
    return runningProcessPack(packDir) ?? launchNew(packDir);
}

/** This process's pack for packDir if one is running; never launches one. */
export function runningProcessPack(packDir: string): PackProcess | undefined {
    const existing = perDir.get(path.resolve(packDir));
    return existing !== undefined && existing.alive ? existing : undefined;
}

function launchNew(packDir: string): PackProcess {
    const dir = path.resolve(packDir);
    const pack = launchPack(dir);
    perDir.set(dir, pack);
    return pack;
}
