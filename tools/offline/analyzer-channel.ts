// Calls to a policy pack over gRPC, made from analyzer-thread.js: one worker
// thread per process, started at the first connection, holding every
// connection. Why a thread: see analyzer-thread.js. The thread keeps the
// process alive only while a call is pending.
import * as path from "path";
import { Worker } from "worker_threads";

export interface CallError {
    readonly message: string;
    readonly code?: number;
}

interface Pending {
    readonly resolve: (bytes: Uint8Array | undefined) => void;
    readonly reject: (error: CallError) => void;
}

type Answer = { readonly id: number } & ({ readonly bytes: Uint8Array } | { readonly error: CallError } | { readonly dropped: true });

const THREAD = path.join(__dirname, "analyzer-thread.js");

/** The gRPC library @pulumi/pulumi uses (its generated stubs are made for it). */
export const SDK_GRPC_PATH = require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] });

let thread: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function started(grpcPath: string): Worker {
    if (thread === undefined) {
        // No preloads: the process's (`npm run plan`'s prestart would launch a second pack) are not for this thread.
        const worker = new Worker(THREAD, { workerData: { grpcPath }, execArgv: [] });
        worker.on("message", (answer: Answer) => {
            const call = pending.get(answer.id);
            if (call === undefined) {
                return;
            }
            pending.delete(answer.id);
            if (pending.size === 0) {
                worker.unref();
            }
            if ("bytes" in answer) {
                call.resolve(answer.bytes);
            } else if ("error" in answer) {
                call.reject(answer.error);
            } else {
                call.resolve(undefined);
            }
        });
        // The thread failing is a defect of this file: every pending call fails with its message.
        const failAll = (message: string) => {
            thread = undefined;
            for (const [id, call] of pending) {
                pending.delete(id);
                call.reject({ message });
            }
        };
        worker.on("error", (err) => failAll(`analyzer thread failed: ${err.message}`));
        worker.on("exit", (code) => failAll(`analyzer thread exited (code ${code})`));
        // After the listeners: adding a "message" listener refs the thread again (Node 20).
        worker.unref();
        thread = worker;
    }
    return thread;
}

/**
 * Starts the thread ahead of the first connection: `npm run plan` starts it
 * with its policy pack (prestart.ts), so that the thread's own start (a
 * Node environment, gRPC, the request encoders: about 0.15 s) is over
 * before the pack's port is known, and the first calls go out then.
 */
export function startAnalyzerThread(): void {
    started(SDK_GRPC_PATH);
}

/** Whether this process's analyzer thread is running. */
export function analyzerThreadStarted(): boolean {
    return thread !== undefined;
}

/**
 * Calls that may be given up together (a plan's analyses, when the plan
 * fails): those not yet sent are then never sent.
 */
export class Abandon {
    private readonly handlers = new Set<() => void>();
    private done = false;

    get abandoned(): boolean {
        return this.done;
    }

    now(): void {
        this.done = true;
        for (const handler of this.handlers) {
            handler();
        }
        this.handlers.clear();
    }

    /** Runs `handler` when abandoned; returns how to stop watching. */
    watch(handler: () => void): () => void {
        this.handlers.add(handler);
        return () => this.handlers.delete(handler);
    }
}

/** How a call stands to the pack's state: see AnalyzerChannel.call. */
export type CallKind = "plain" | "barrier" | "configures" | "reusable";

/** One connection to a pack at `address` (host:port). */
export class AnalyzerChannel {
    private static nextConnection = 1;
    private readonly connection = AnalyzerChannel.nextConnection++;
    private readonly worker: Worker;

    constructor(address: string, options: { readonly grpcPath: string; readonly inFlight: number; readonly channelOptions: Readonly<Record<string, unknown>> }) {
        this.worker = started(options.grpcPath);
        this.worker.postMessage({ type: "connect", connection: this.connection, address, options: options.channelOptions, limit: options.inFlight });
    }

    /**
     * Sends a call (its path and encoded request) and resolves with the
     * encoded answer, or undefined when `abandon` came before it was sent.
     * Calls go out in the order made. The kind of call:
     * - "barrier": runs alone (after the calls before it end, before any after it starts);
     * - "configures": a barrier that sets what the pack's later answers depend on (Configure);
     * - "reusable": its answer depends on its bytes and the last configuration only,
     *   so the same bytes since then get the same answer without a second call;
     * - "plain": none of these.
     */
    call(methodPath: string, request: Uint8Array | { readonly encode: "analyze" | "analyzeStack"; readonly payload: unknown }, abandon?: Abandon, kind: CallKind = "plain"): Promise<Uint8Array | undefined> {
        const barrier = kind === "barrier" || kind === "configures";
        const configures = kind === "configures";
        const reusable = kind === "reusable";
        if (abandon?.abandoned === true) {
            return Promise.resolve(undefined);
        }
        const id = nextId++;
        const answered = new Promise<Uint8Array | undefined>((resolve, reject) => {
            if (pending.size === 0) {
                this.worker.ref();
            }
            pending.set(id, { resolve, reject });
            if (request instanceof Uint8Array) {
                // Handed over without a copy when the bytes own their buffer (never a Buffer from Node's shared pool).
                const owned = request.byteOffset === 0 && request.byteLength === request.buffer.byteLength && !Buffer.isBuffer(request);
                this.worker.postMessage({ type: "call", connection: this.connection, id, path: methodPath, bytes: request, barrier, configures, reusable }, owned ? [request.buffer as ArrayBuffer] : []);
            } else {
                this.worker.postMessage({ type: "call", connection: this.connection, id, path: methodPath, encode: { kind: request.encode, payload: request.payload }, barrier, configures, reusable });
            }
        });
        if (abandon === undefined) {
            return answered;
        }
        const unwatch = abandon.watch(() => this.worker.postMessage({ type: "drop", connection: this.connection, id }));
        return answered.finally(unwatch);
    }

    /** Closes the connection; calls still queued fail. */
    close(): void {
        this.worker.postMessage({ type: "close", connection: this.connection });
    }
}
