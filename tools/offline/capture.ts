// Runs the real Pulumi program (index.ts) under the SDK's mock runtime and
// records every registration in full, as the engine would see it: type, name,
// URN, parent, inputs, dependencies and resource options. Tests and the
// offline plan share this, so what is tested is what is planned.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { RawConfigInput } from "../../components/config";

// Internal runtime pieces (public at run time, absent from the typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
    getStack(): string;
    getProject(): string;
    setMockOptions(monitor: unknown, project?: string, stack?: string, preview?: boolean): void;
    waitForRPCs(): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as {
    LocalStore: new () => Record<string, unknown>;
    getStore(): Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackModule = require("@pulumi/pulumi/runtime/stack") as {
    runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise(p: Promise<unknown>, ctx: unknown): Promise<unknown> };

/** Pulumi's wire markers (sdk/nodejs/runtime/rpc.ts). */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

export interface RegistrationOptions {
    readonly protect: boolean;
    readonly importId?: string;
    readonly retainOnDelete: boolean;
    readonly ignoreChanges: readonly string[];
    readonly deleteBeforeReplace: boolean;
    readonly provider?: string;
    /** Every resource this one waits for, as the engine receives it: explicit dependsOn plus the resources its inputs come from. */
    readonly dependsOn: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    /** The URNs this resource was known by before (its `aliases` option), as the engine would match them; absent when none. */
    readonly aliases?: readonly string[];
}

export interface Registration {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    /** Inputs on the wire: secrets as { [SIG_KEY]: SECRET_SIG, value }, unknowns as UNKNOWN_VALUE. */
    readonly inputs: Record<string, unknown>;
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly options: RegistrationOptions;
    /** What the mocks answered (the resource's outputs), in wire form. */
    outputs: Record<string, unknown>;
    readonly id?: string;
}

export interface Invocation {
    readonly token: string;
    readonly args: Record<string, unknown>;
}

export interface ProgramRun {
    readonly project: string;
    readonly stack: string;
    readonly registrations: readonly Registration[];
    readonly invocations: readonly Invocation[];
    /** The stack's outputs in wire form (secrets still marked). */
    readonly stackOutputs: Record<string, unknown>;
    readonly stackUrn?: string;
}

export interface RunOptions {
    /** Path of the program module, default: the repository's index.ts. */
    readonly program?: string;
    /** Run as a preview: values the mocks leave out stay unknown. */
    readonly preview?: boolean;
    readonly mocks: pulumi.runtime.Mocks;
    /**
     * Called with each resource as the program registers it (inputs and
     * options complete; outputs not yet), in registration order: the engine
     * analyzes a resource's inputs at this point, while the program goes on.
     */
    readonly onRegistration?: (registration: Registration) => void;
}

/** A user mistake or program failure raised while the program ran. */
export class ProgramError extends Error {
    constructor(override readonly cause: unknown) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "ProgramError";
    }
}

type Callback = (err: unknown, resp?: unknown) => void;
interface RegisterRequest {
    getType(): string; getName(): string; getParent(): string; getCustom(): boolean;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getProtect(): boolean; getImportid(): string; getRetainondelete(): boolean;
    getIgnorechangesList(): string[]; getDeletebeforereplace(): boolean; getProvider(): string;
    getDependenciesList(): string[]; getAdditionalsecretoutputsList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getAliasesList(): AliasMessage[];
}

interface AliasMessage {
    hasUrn(): boolean; getUrn(): string;
    getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; hasParenturn(): boolean; getParenturn(): string; getNoparent(): boolean } | undefined;
}

/** A mock monitor that keeps the whole RegisterResource request of every resource. */
class RecordingMonitor extends MockMonitor {
    readonly registrations: Registration[] = [];
    onRegistration?: (registration: Registration) => void;
    readonly byUrn = new Map<string, Registration>();
    readonly outputsByUrn = new Map<string, Record<string, unknown>>();

    private urnOf(parent: string, type: string, name: string): string {
        return engineUrn(parent, type, name);
    }

    /**
     * An alias as a URN, made the way this monitor makes URNs: unset spec
     * fields mean "as the resource is now" (pulumi/proto/alias.proto).
     */
    private aliasUrn(alias: AliasMessage, req: RegisterRequest): string {
        if (alias.hasUrn()) {
            return alias.getUrn();
        }
        const spec = alias.getSpec()!;
        const parent = spec.getNoparent() ? "" : spec.hasParenturn() && spec.getParenturn() !== "" ? spec.getParenturn() : req.getParent();
        const urn = this.urnOf(parent, spec.getType() || req.getType(), spec.getName() || req.getName());
        // urn:pulumi:<stack>::<project>::<qualified type>::<name>
        const [stack, project, ...rest] = urn.slice("urn:pulumi:".length).split("::");
        return `urn:pulumi:${[spec.getStack() || stack, spec.getProject() || project, ...rest].join("::")}`;
    }

    override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        // Under mocks a whole program runs as one chain of promise callbacks, which
        // starves I/O: the pack's port and answers would wait until the end. The
        // engine's monitor answers over gRPC, so a turn of the event loop here is
        // what a real registration costs anyway.
        await new Promise((resolve) => setImmediate(resolve));
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v, k) => { propertyDependencies[k] = v.getUrnsList(); });
        const record: Registration = {
            urn: this.urnOf(req.getParent(), req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent() || undefined,
            inputs: req.getObject()?.toJavaScript() ?? {},
            propertyDependencies,
            options: {
                protect: req.getProtect() === true,
                importId: req.getImportid() || undefined,
                retainOnDelete: req.getRetainondelete() === true,
                ignoreChanges: req.getIgnorechangesList(),
                deleteBeforeReplace: req.getDeletebeforereplace() === true,
                provider: req.getProvider() || undefined,
                dependsOn: req.getDependenciesList(),
                additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                ...(req.getAliasesList().length > 0 ? { aliases: req.getAliasesList().map((a) => this.aliasUrn(a, req)) } : {}),
            },
            outputs: {},
        };
        this.registrations.push(record);
        this.byUrn.set(record.urn, record);
        this.onRegistration?.(record);
        await (super.registerResource as (r: unknown, cb: Callback) => Promise<void>)(req, (err, resp) => {
            const r = resp as { getObject(): { toJavaScript(): Record<string, unknown> }; getId(): string } | undefined;
            if (r !== undefined) {
                record.outputs = r.getObject().toJavaScript();
                (record as { id?: string }).id = r.getId() || undefined;
            }
            callback(err, resp);
        });
    }

    override registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, callback: Callback): void {
        this.outputsByUrn.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
        super.registerResourceOutputs(req, callback);
    }
}

/**
 * URNs as the engine makes them, so the plan's URNs are the deployed stack's
 * (for `--target`, and to compare with a `pulumi stack export`): a child's
 * type is its parent's whole qualified type, then `$` and its own; the root
 * stack's type is left out (pulumi/pulumi pkg/resource/deploy/step_generator.go
 * generateURN, resource.NewURN). The SDK's MockMonitor names only the direct
 * parent's type; RecordingMonitor answers with these instead.
 */
export function engineUrn(parent: string, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualified = parentType === "" || parentType === "pulumi:pulumi:Stack" ? type : `${parentType}$${type}`;
    return `urn:pulumi:${settings.getStack()}::${settings.getProject()}::${qualified}::${name}`;
}
// MockMonitor's newUrn is private in its typings: replaced on the prototype.
Object.defineProperty(RecordingMonitor.prototype, "newUrn", { value: (parent: string, type: string, name: string) => engineUrn(parent, type, name) });

class RecordingMocks implements pulumi.runtime.Mocks {
    readonly invocations: Invocation[] = [];
    constructor(private readonly inner: pulumi.runtime.Mocks) {}
    newResource(args: pulumi.runtime.MockResourceArgs) {
        return this.inner.newResource(args);
    }
    call(args: pulumi.runtime.MockCallArgs) {
        this.invocations.push({ token: args.token, args: args.inputs });
        return this.inner.call(args);
    }
}

const DEFAULT_PROGRAM = path.resolve(__dirname, "..", "..", "index.ts");

/** Drops the program module from the require cache so it runs afresh (components are pure and stay cached). */
function forgetProgramModule(program: string): void {
    delete require.cache[require.resolve(program)];
}

/**
 * Runs the program once with the given stack config, isolated from any other
 * run in this process, and returns everything it registered.
 * Throws ProgramError when the program fails (for example ConfigError).
 */
export async function runProgram(config: RawConfigInput, options: RunOptions): Promise<ProgramRun> {
    const program = options.program ?? DEFAULT_PROGRAM;
    const fresh = () => runInMocks(config, options, async () => {
        forgetProgramModule(program);
        return require(program) as Record<string, unknown>;
    });
    const mocks = options.mocks as Partial<ReusableMocks>;
    if (reusedRuns === undefined || program !== DEFAULT_PROGRAM || typeof mocks.reuseKey !== "function") {
        return fresh();
    }
    const key = JSON.stringify({ config: configKey(config), preview: options.preview ?? false, mocks: mocks.reuseKey() });
    let kept = reusedRuns.get(key);
    if (kept === undefined) {
        const runs = reusedRuns;
        const run = fresh();
        // Copied as soon as it ends (before its caller goes on with it).
        kept = run.then((r) => ({ run: structuredClone(r), state: (mocks as ReusableMocks).runState() }));
        runs.set(key, kept);
        // A failed run is not kept: the next caller sees the failure afresh.
        kept.catch(() => runs.delete(key));
        return run;
    }
    return reusedCopy(await kept, options);
}

// ---------------------------------------------------------------------------
// Runs reused within a process: the tests' choice (tests/setup.ts), never the
// plan's. A run of the repository's program is a function of its config and
// its mocks' settings (the program reads no file, clock or environment:
// tests/capture.test.ts); the test files of a worker plan the example stacks
// as committed again and again (17 such runs in a whole run, 12 s of CPU).

/** Mocks whose answers depend on their settings alone, and whose run state can be handed to another instance (OfflineMocks). */
export interface ReusableMocks {
    reuseKey(): string;
    runState(): unknown;
    restoreRunState(state: unknown): void;
}

/** What identifies a config: its values and project, its secret keys in order. */
export function configKey(config: RawConfigInput): unknown {
    return { ...config, secretKeys: [...config.secretKeys].sort() };
}

let reusedRuns: Map<string, Promise<{ readonly run: ProgramRun; readonly state: unknown }>> | undefined;

/**
 * From now on, a run of the repository's program with the same config and
 * the same mocks' settings as an earlier one in this process is that run
 * again: a copy of its registrations, its mocks' state handed to the new
 * mocks, onRegistration called with each registration in order.
 */
export function reuseProgramRuns(): void {
    reusedRuns ??= new Map();
}

function reusedCopy(kept: { readonly run: ProgramRun; readonly state: unknown }, options: RunOptions): ProgramRun {
    const run = structuredClone(kept.run);
    (options.mocks as unknown as ReusableMocks).restoreRunState(kept.state);
    for (const registration of run.registrations) {
        options.onRegistration?.(registration);
    }
    return run;
}

/**
 * Runs `body` as a Pulumi program (inside a root stack resource) under mocks,
 * with the given config set, and returns what it registered. `body`'s return
 * value becomes the stack outputs. Component tests use this directly.
 */
export async function runInMocks(
    config: RawConfigInput,
    options: Omit<RunOptions, "program">,
    body: () => Promise<Record<string, unknown> | void>,
): Promise<ProgramRun> {
    const mocks = new RecordingMocks(options.mocks);
    const monitor = new RecordingMonitor(mocks);
    monitor.onRegistration = options.onRegistration;
    const errors: unknown[] = [];
    // The Node language host ends the program at its first unhandled error
    // (an input whose apply threw): resources waiting on the failed one would
    // otherwise wait forever. The run stops there too.
    let failed!: () => void;
    const firstFailure = new Promise<void>((resolve) => { failed = resolve; });
    const onRejection = (reason: unknown) => { errors.push(reason); failed(); };
    process.on("unhandledRejection", onRejection);
    // The SDK captures a full stack trace for every resource and output
    // (source positions, promise leak reports). With a source-mapping loader
    // each capture is mapped, which costs more than the whole run; during the
    // run, plain V8 frames are enough (sucrase keeps line numbers).
    const sourceMappedStackTraces = Error.prepareStackTrace;
    Error.prepareStackTrace = plainStackTrace;
    const debuggableOriginal = debuggable.debuggablePromise;
    debuggable.debuggablePromise = (p: Promise<unknown>, ctx: unknown) => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try { return debuggableOriginal(p, ctx); } finally { Error.stackTraceLimit = limit; }
    };
    try {
        return await withOwnGlobalStore(async () => {
            settings.setMockOptions(monitor, config.project, config.stack, options.preview ?? false);
            // The capabilities pulumi.runtime.setMocks turns on.
            Object.assign(state.getStore(), {
                supportsSecrets: true, supportsResourceReferences: true, supportsOutputValues: false,
                supportsDeletedWith: true, supportsAliasSpecs: true, supportsTransforms: false,
                supportsParameterization: true, supportsResourceHooks: true,
            });
            pulumi.runtime.setAllConfig({ ...config.values }, [...config.secretKeys]);
            try {
                await Promise.race([
                    (async () => {
                        await stackModule.runInPulumiStack(async () => (await body()) ?? {});
                        await settings.waitForRPCs();
                    })(),
                    firstFailure,
                ]);
            } catch (err) {
                errors.unshift(err);
            }
            // A resource whose inputs failed (an apply that threw) reports it as an
            // unhandled rejection, which Node emits only after the current turn.
            await settle();
            if (errors.length > 0) {
                throw new ProgramError(errors[0]);
            }
            const stackRecord = monitor.registrations.find((r) => r.type === "pulumi:pulumi:Stack");
            for (const [urn, outputs] of monitor.outputsByUrn) {
                const record = monitor.byUrn.get(urn);
                if (record !== undefined && !record.custom) {
                    record.outputs = outputs;
                }
            }
            return {
                project: config.project,
                stack: config.stack,
                registrations: monitor.registrations,
                invocations: mocks.invocations,
                stackOutputs: stackRecord ? monitor.outputsByUrn.get(stackRecord.urn) ?? {} : {},
                stackUrn: stackRecord?.urn,
            };
        });
    } finally {
        // A failed init also rejects promises the SDK holds internally; let
        // them surface here (recorded) rather than crash the process later.
        await settle();
        process.off("unhandledRejection", onRejection);
        Error.prepareStackTrace = sourceMappedStackTraces;
        debuggable.debuggablePromise = debuggableOriginal;
        // The SDK keeps the run's whole resource tree (every Output and
        // promise) reachable from this global until the next run; the
        // registrations hold everything a plan needs, so let it go now.
        (globalThis as { stackResource?: unknown }).stackResource = undefined;
    }
}

let storeInUse = false;

/**
 * Runs `callback` with a fresh runtime store (settings, config, stack
 * resource, leak candidates) as the process's global store, as the language
 * host runs a program, then puts the previous one back. Not the SDK's
 * withLocalStorage: its AsyncLocalStorage turns on a promise hook for every
 * promise of the run, which the language host does not pay (at 100 services,
 * a sixth of the CPU and about 2 numbers and a context per promise). So one
 * program at a time per process; a second one at the same time is refused.
 */
async function withOwnGlobalStore<T>(callback: () => Promise<T>): Promise<T> {
    if (storeInUse) {
        throw new Error("a program is already running in this process under mocks; run programs one after another");
    }
    storeInUse = true;
    const global = globalThis as { globalStore?: Record<string, unknown> };
    const previous = state.getStore();
    const store = new state.LocalStore();
    // Registered at module load (resource packages and modules, for resource references): process-wide.
    store.resourcePackages = previous.resourcePackages;
    store.resourceModules = previous.resourceModules;
    global.globalStore = store;
    try {
        return await callback();
    } finally {
        global.globalStore = previous;
        storeInUse = false;
    }
}

/** Lets pending unhandled rejections be emitted (they come after the current turn). */
function settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 10));
}

/** V8's own stack format, without source mapping. */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
    return `${error.name}: ${error.message}${frames.map((frame) => `\n    at ${frame.toString()}`).join("")}`;
}

/** True when a wire value is a secret. */
export function isSecretValue(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/**
 * Wire form to plain JavaScript. Secrets become their value, or `redactWith`
 * when given; preview-time unknowns stay the sentinel, or `unknownWith` when
 * given; resource references become their URN.
 */
export function fromWire(value: unknown, redactWith?: string, unknownWith?: string): unknown {
    if (value === UNKNOWN_VALUE) {
        return unknownWith ?? value;
    }
    if (Array.isArray(value)) {
        return value.map((v) => fromWire(v, redactWith, unknownWith));
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
        return redactWith ?? fromWire(record.value, undefined, unknownWith);
    }
    if (record[SIG_KEY] === RESOURCE_SIG) {
        return record.urn;
    }
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
        result[k] = fromWire(v, redactWith, unknownWith);
    }
    return result;
}
