// Drives a policy pack exactly as the Pulumi engine does, with no CLI: spawn
// `node <@pulumi/pulumi>/cmd/run-policy-pack <engine> <packDir>` in the pack
// folder (pack-process.ts), read the port from its first stdout line, talk
// analyzer.proto over gRPC. The pack loads its compiled `main`
// (policies/bin/index.js, checked against its sources first) as it does under
// `pulumi preview --policy-pack`. Config goes through the engine's own
// reconciliation (schema defaults, then the file; see
// pulumi/pkg/resource/analyzer/config.go) and JSON Schema validation.
// Tests and the offline plan share this, so what is tested is what runs.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { Abandon, AnalyzerChannel, SDK_GRPC_PATH, type CallError, type CallKind } from "./analyzer-channel";
export { Abandon } from "./analyzer-channel";
import { launchPack, PackFailure, processPack, type PackProcess } from "./pack-process";
import type { Registration } from "./capture";
import { didYouMean, nearestNames, typoDistance } from "../../components/config/suggest";
import { PACK_OUT_DIR } from "../pack-build";

/* eslint-disable @typescript-eslint/no-require-imports */
// The generated stubs and protobuf runtime must be the ones @pulumi/pulumi uses.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb.js");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [pulumiDir] }));
const emptyPb = require(require.resolve("google-protobuf/google/protobuf/empty_pb.js", { paths: [pulumiDir] }));
/* eslint-enable @typescript-eslint/no-require-imports */

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"]; // proto enum order


export interface AnalyzerOptions {
    readonly protect: boolean;
    readonly ignoreChanges: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    readonly additionalSecretOutputs: readonly string[];
    readonly aliases: readonly string[];
    readonly parent?: string;
}

export interface AnalyzerProvider {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly properties: Record<string, unknown>;
}

/** One resource as the engine sends it to Analyze: properties in wire form (secrets and unknowns marked). */
export interface AnalyzerResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly properties: Record<string, unknown>;
    readonly options?: Partial<AnalyzerOptions>;
    readonly provider?: AnalyzerProvider;
}

/** One resource as the engine sends it to AnalyzeStack (properties are the resource's outputs). */
export interface AnalyzerStackResource extends AnalyzerResource {
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Diagnostic {
    readonly policyName: string;
    readonly policyPackName: string;
    readonly enforcementLevel: EnforcementLevel;
    /** As the engine receives it: the policy description, a newline, then the reported text. */
    readonly message: string;
    readonly urn?: string;
    readonly description: string;
}

/** The JSON Schema keywords this project reads (policy config schemas, the generated references); others are ignored. */
export interface JsonSchema {
    readonly type?: string | readonly string[];
    readonly title?: string;
    readonly description?: string;
    readonly default?: unknown;
    readonly examples?: readonly unknown[];
    readonly const?: unknown;
    readonly enum?: readonly unknown[];
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: number;
    readonly exclusiveMaximum?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly pattern?: string;
    readonly format?: string;
    readonly items?: JsonSchema;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly uniqueItems?: boolean;
    readonly properties?: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    readonly additionalProperties?: boolean | JsonSchema;
    readonly propertyNames?: JsonSchema;
    readonly anyOf?: readonly JsonSchema[];
    readonly oneOf?: readonly JsonSchema[];
}

export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly type: "resource" | "stack";
    readonly configSchema?: { readonly properties: Readonly<Record<string, JsonSchema>>; readonly required: readonly string[] };
}

export interface PackInfo {
    readonly name: string;
    readonly version: string;
    readonly policies: readonly PolicyInfo[];
}

/** A --policy-pack-config file that the engine would reject (or that names something the pack lacks). */
export class PolicyConfigError extends Error {
    override name = "PolicyConfigError";
    constructor(readonly problems: readonly string[]) {
        super(`policy pack config is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}

// ---------------------------------------------------------------------------
// Config reconciliation and validation, as the engine does it.

export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

// The engine validates each policy's reconciled config with a JSON Schema
// implementation (gojsonschema, in pkg/resource/analyzer/config.go: draft-07
// keywords and formats, every error reported); ajv with its formats does the
// same here. Its errors are reworded into "<file key>: <problem>" lines.
const ajv = addFormats(new Ajv({ allErrors: true, verbose: true, strict: false }));
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (validate === undefined) {
        validate = ajv.compile(schema as object);
        compiled.set(key, validate);
    }
    return validate;
}

/** The value at a JSON pointer and the segments that name it: `.key` for object members, `[i]` for array items. */
function pathTo(value: unknown, pointer: string): { segments: (string | number)[]; data: unknown } {
    const segments: (string | number)[] = [];
    let data = value;
    for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (Array.isArray(data)) {
            segments.push(Number(key));
            data = data[Number(key)];
        } else {
            segments.push(key);
            data = (data as Record<string, unknown> | undefined)?.[key];
        }
    }
    return { segments, data };
}

function shown(at: string, segments: readonly (string | number)[]): string {
    return at + segments.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");
}

/** One ajv error in the project's words (what, the value found, what is allowed). */
function problemOf(error: ErrorObject, data: unknown): { extra?: string; text: string } {
    const limit = error.schema as number;
    const quoted = JSON.stringify(data);
    switch (error.keyword) {
        case "type": {
            const allowed = Array.isArray(error.schema) ? error.schema : [error.schema];
            return { text: `expected ${allowed.join(" or ")}, found ${quoted}` };
        }
        case "enum":
            return { text: `${quoted} is not one of ${(error.schema as unknown[]).map((e) => JSON.stringify(e)).join(", ")}` };
        case "const":
            return { text: `${quoted} is not ${JSON.stringify(error.schema)}` };
        case "minimum":
            return { text: `${data} is below the minimum ${limit}` };
        case "maximum":
            return { text: `${data} is above the maximum ${limit}` };
        case "exclusiveMinimum":
            return { text: `${data} is not above ${limit}` };
        case "exclusiveMaximum":
            return { text: `${data} is not below ${limit}` };
        case "multipleOf":
            return { text: `${data} is not a multiple of ${limit}` };
        case "minLength":
            return { text: `${quoted} is shorter than ${limit}` };
        case "maxLength":
            return { text: `${quoted} is longer than ${limit}` };
        case "pattern":
            return { text: `${quoted} does not match ${error.schema}` };
        case "format":
            return { text: `${quoted} is not a valid ${error.schema}` };
        case "minItems":
            return { text: `has ${(data as unknown[]).length} items, fewer than ${limit}` };
        case "maxItems":
            return { text: `has ${(data as unknown[]).length} items, more than ${limit}` };
        case "uniqueItems":
            return { text: "has duplicate items" };
        case "required":
            return { extra: error.params.missingProperty, text: "is required" };
        case "additionalProperties":
            return error.schema === false
                ? { extra: error.params.additionalProperty, text: `unknown property${didYouMean(error.params.additionalProperty as string, Object.keys(error.parentSchema?.properties ?? {}))}; allowed ${Object.keys(error.parentSchema?.properties ?? {}).join(", ") || "none"}` }
                : { text: error.message ?? error.keyword };
        default:
            return { text: error.message ?? error.keyword };
    }
}

function comparePaths(a: readonly (string | number)[], b: readonly (string | number)[]): number {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
        if (a[i] !== b[i]) {
            return typeof a[i] === "number" && typeof b[i] === "number" ? (a[i] as number) - (b[i] as number) : String(a[i]) < String(b[i]) ? -1 : 1;
        }
    }
    return a.length - b.length;
}

/**
 * Validates value against a JSON Schema (ajv, as the engine validates policy
 * config) and returns "<path>: <problem>" lines, `at` naming the value;
 * ordered by path. A value of the wrong type gets only that problem.
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown, at: string): string[] {
    const validate = validatorFor(schema);
    if (validate(value)) {
        return [];
    }
    const errors = validate.errors ?? [];
    const wrongType = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
    return errors
        .filter((e) => e.keyword === "type" || !wrongType.has(e.instancePath))
        .map((e) => {
            const { segments, data } = pathTo(value, e.instancePath);
            const { extra, text } = problemOf(e, data);
            const full = extra === undefined ? segments : [...segments, extra];
            return { full, line: `${shown(at, full)}: ${text}` };
        })
        .sort((a, b) => comparePaths(a.full, b.full))
        .map((p) => p.line);
}

/**
 * The config the engine sends to Configure: every policy's schema defaults
 * and own level, then `all`, then each policy's entry from the file. Throws
 * PolicyConfigError listing every problem. Stricter than the engine in one
 * way: a policy or property name the pack does not have is an error (the
 * engine ignores it, so a typo would silently drop a guard rail).
 */
export function resolvePolicyConfig(pack: PackInfo, file: Readonly<Record<string, unknown>>): Record<string, ResolvedPolicyConfig> {
    const { result, problems } = mergePolicyConfig(pack, file);
    problems.push(...policyConfigSchemaProblems(pack, result));
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return result;
}

/**
 * resolvePolicyConfig's config and problems without the check of each
 * policy's properties against its schema (policyConfigSchemaProblems).
 */
function mergePolicyConfig(pack: PackInfo, file: Readonly<Record<string, unknown>>): { readonly result: Record<string, ResolvedPolicyConfig>; readonly problems: string[] } {
    const problems: string[] = [];
    const result: Record<string, ResolvedPolicyConfig> = {};
    for (const policy of pack.policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema.default !== undefined) {
                properties[key] = schema.default;
            }
        }
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
    }
    const entries = Object.entries(file).map(([key, value]): [string, { level?: EnforcementLevel; properties: Record<string, unknown> }] | undefined => {
        if (typeof value === "string") {
            if (!isLevel(value)) {
                problems.push(`${key}: ${JSON.stringify(value)} is not an enforcement level; allowed ${LEVELS.join(", ")}`);
                return undefined;
            }
            return [key, { level: value, properties: {} }];
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            problems.push(`${key}: ${JSON.stringify(value)} is not valid; allowed an enforcement level or { enforcementLevel, ...properties }`);
            return undefined;
        }
        const { enforcementLevel, ...properties } = value as Record<string, unknown>;
        if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
            problems.push(`${key}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level; allowed ${LEVELS.join(", ")}`);
            return undefined;
        }
        return [key, { level: enforcementLevel, properties }];
    }).filter((e): e is NonNullable<typeof e> => e !== undefined);
    const all = entries.find(([key]) => key === "all")?.[1];
    if (all !== undefined) {
        if (Object.keys(all.properties).length > 0) {
            problems.push(`all: takes only an enforcement level, found properties ${Object.keys(all.properties).join(", ")}`);
        }
        for (const config of Object.values(result)) {
            config.enforcementLevel = all.level ?? config.enforcementLevel;
        }
    }
    for (const [key, given] of entries) {
        if (key === "all") {
            continue;
        }
        const target = result[key];
        if (target === undefined) {
            // The nearest names, not all of them: the pack has dozens (docs/policies.md lists every one).
            const names = pack.policies.map((p) => p.name);
            const near = nearestNames(key, names, { count: 3, maxDistance: Math.max(typoDistance(key), Math.ceil(key.length / 2)) });
            problems.push(`${key}: the pack has no such policy${near.length > 0 ? `; did you mean ${near.join(" or ")}?` : ""} (its ${names.length} policies are listed in docs/policies.md)`);
            continue;
        }
        target.enforcementLevel = given.level ?? target.enforcementLevel;
        Object.assign(target.properties, given.properties);
    }
    return { result, problems };
}

/** Each policy's resolved properties checked against its config schema (ajv compiles one validator per schema: most of resolvePolicyConfig's time). */
function policyConfigSchemaProblems(pack: PackInfo, resolved: Readonly<Record<string, ResolvedPolicyConfig>>): string[] {
    return pack.policies.flatMap((policy) => {
        const schema: JsonSchema = { type: "object", properties: policy.configSchema?.properties ?? {}, required: policy.configSchema?.required, additionalProperties: false };
        return validateJsonSchema(schema, resolved[policy.name].properties, policy.name);
    });
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function diagnosticsOf(response: any): Diagnostic[] {
    return response.getDiagnosticsList().map((d: any): Diagnostic => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        message: d.getMessage(),
        urn: d.getUrn() || undefined,
        description: d.getDescription(),
    }));
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A capture.ts registration as the engine hands it to the analyzer: inputs for Analyze, outputs for AnalyzeStack. */
export function analyzerResourceOf(registration: Registration, which: "inputs" | "outputs"): AnalyzerStackResource {
    const options = registration.options;
    return {
        type: registration.type,
        name: registration.name,
        urn: registration.urn,
        properties: which === "inputs" ? registration.inputs : { ...registration.inputs, ...registration.outputs },
        options: {
            protect: options.protect,
            ignoreChanges: options.ignoreChanges,
            deleteBeforeReplace: options.deleteBeforeReplace || undefined,
            additionalSecretOutputs: options.additionalSecretOutputs,
            parent: registration.parent,
        },
        parent: registration.parent,
        dependencies: options.dependsOn,
        propertyDependencies: registration.propertyDependencies,
    };
}

// ---------------------------------------------------------------------------
// The pack's info from its last start, kept beside its build: what a pack
// answers to GetAnalyzerInfo is fixed by its compiled code and the policy SDK,
// so the same build answers the same (checked at every use all the same).

/** The pack's answer to GetAnalyzerInfo differs from the one kept for its build (configureAhead). */
export class PackInfoChanged extends Error {
    override name = "PackInfoChanged";
    constructor() {
        super("the policy pack's info differs from the one kept for its build");
    }
}

function packInfoCacheFile(packDir: string): string {
    return path.join(packDir, PACK_OUT_DIR, ".analyzer-info.json");
}

/** What the info depends on: every compiled file of the pack, and the policy SDK's version. */
function packBuildKey(packDir: string): string {
    const hash = crypto.createHash("sha1");
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                walk(file);
            } else if (entry.name.endsWith(".js")) {
                hash.update(path.relative(packDir, file)).update("\0").update(fs.readFileSync(file)).update("\0");
            }
        }
    };
    walk(path.join(packDir, PACK_OUT_DIR));
    const policySdk = require.resolve("@pulumi/policy/package.json", { paths: [packDir] });
    hash.update(fs.readFileSync(policySdk));
    return hash.digest("hex");
}

/** The info kept for the pack's current build, if any. */
export function readPackInfoCache(packDir: string): PackInfo | undefined {
    try {
        const kept = JSON.parse(fs.readFileSync(packInfoCacheFile(packDir), "utf8")) as { key?: unknown; info?: PackInfo };
        return kept.key === packBuildKey(packDir) ? kept.info : undefined;
    } catch {
        return undefined;
    }
}

function writePackInfoCache(packDir: string, info: PackInfo): void {
    try {
        const file = packInfoCacheFile(packDir);
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, JSON.stringify({ key: packBuildKey(packDir), info }));
        fs.renameSync(temporary, file);
    } catch {
        // A read-only checkout: the next plan asks the pack first, as this one did.
    }
}

/** A running policy pack, spoken to over analyzer.proto. */
export class PolicyAnalyzer {
    private cachedInfo?: Promise<PackInfo>;

    private constructor(
        private readonly pack: PackProcess,
        private readonly channel: AnalyzerChannel,
        private readonly owned: boolean,
    ) {}

    private static connect(pack: PackProcess, owned: boolean): Promise<PolicyAnalyzer> {
        const connected = pack.port.then((port) => {
            const channel = new AnalyzerChannel(`127.0.0.1:${port}`, {
                grpcPath: SDK_GRPC_PATH,
                // Enough to keep the pack busy, few enough that a large stack's requests wait here, as bytes.
                inFlight: ANALYZE_IN_FLIGHT,
                channelOptions: { "grpc.max_receive_message_length": 400 * 1024 * 1024 },
            });
            return new PolicyAnalyzer(pack, channel, owned);
        });
        // Callers await it later (a plan, after running the program): a failed
        // start must reach them, not surface meanwhile as an unhandled rejection.
        connected.catch(() => undefined);
        return connected;
    }

    /**
     * Starts a pack process of its own in packDir, as the engine does. Rejects
     * with PackBuildError when the compiled pack is missing or stale.
     */
    static start(packDir: string, options: { readonly timeoutMs?: number } = {}): Promise<PolicyAnalyzer> {
        return PolicyAnalyzer.connect(launchPack(packDir, options), true);
    }

    /**
     * This process's pack for packDir (pack-process.ts `processPack`), started
     * on first use and shared by every caller after: one pack per plan run or
     * per test process. Callers configure it before analyzing; it ends with
     * the process (pack-process.ts), and close() leaves it to the next caller.
     */
    static shared(packDir: string): Promise<PolicyAnalyzer> {
        const pack = processPack(packDir);
        let analyzer = sharedAnalyzers.get(pack);
        if (analyzer === undefined) {
            analyzer = PolicyAnalyzer.connect(pack, false);
            sharedAnalyzers.set(pack, analyzer);
        }
        return analyzer;
    }

    /** One call of analyzer.proto's Analyzer service; undefined when abandoned before it was sent. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private async call<T>(method: string, request: { serializeBinary(): Uint8Array } | { readonly encode: "analyze" | "analyzeStack"; readonly payload: unknown }, abandon?: Abandon, kind: CallKind = "plain"): Promise<T | undefined> {
        const rpc = analyzerGrpc.AnalyzerService[method] as { path: string; responseDeserialize(bytes: Buffer): T };
        let answer: Uint8Array | undefined;
        try {
            answer = await this.channel.call(rpc.path, "encode" in request ? request : request.serializeBinary(), abandon, kind);
        } catch (err) {
            // The pack gone (killed, crashed) or failing inside: its process's state tells which,
            // once its exit has been seen (a moment after the connection drops).
            await new Promise((resolve) => setTimeout(resolve, 200));
            const exit = this.pack.exit;
            throw new PackFailure(exit === undefined ? "call-failed" : "ended-in-use", {
                pid: this.pack.pid, code: exit?.code, signal: exit?.signal, stderr: this.pack.stderr(), cause: `${method}: ${(err as CallError).message}`,
            });
        }
        return answer === undefined ? undefined : rpc.responseDeserialize(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength));
    }

    /** The pack's name, version and policies (names, descriptions, levels, config schemas). */
    async info(): Promise<PackInfo> {
        if (this.cachedInfo === undefined) {
            const asked = this.askInfo();
            this.cachedInfo = asked;
            asked.catch(() => {
                if (this.cachedInfo === asked) {
                    this.cachedInfo = undefined; // asked again next time
                }
            });
        }
        return this.cachedInfo;
    }

    private async askInfo(): Promise<PackInfo> {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const info: any = await this.call("getAnalyzerInfo", new emptyPb.Empty(), undefined, "barrier");
        return {
            name: info.getName(),
            version: info.getVersion(),
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            policies: info.getPoliciesList().map((p: any): PolicyInfo => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVELS[p.getEnforcementlevel()],
                    type: p.getPolicyType() === analyzerPb.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
                    configSchema: schema === undefined ? undefined : {
                        properties: schema.getProperties()?.toJavaScript() ?? {},
                        required: schema.getRequiredList(),
                    },
                };
            }),
        };
    }

    /**
     * Applies a --policy-pack-config file's JSON (level strings or
     * { enforcementLevel, ...properties }, `all`), reconciled and validated as
     * the engine does. An empty object resets every policy to its defaults.
     */
    async configure(policyConfig: Readonly<Record<string, unknown>>): Promise<void> {
        await this.sendConfiguration(resolvePolicyConfig(await this.info(), policyConfig));
    }

    /**
     * configure() without waiting for this thread. With the pack's info from
     * an earlier start of the same build (kept beside it, packInfoCache), the
     * config is merged against it at once, and the info and configure calls
     * are sent ahead of every later call (`sent` resolves then): the pack is
     * configured as soon as it serves, however busy this thread is. `done()`
     * checks each policy's properties against its schema (ajv's compiles are
     * most of resolving: left until the outcome is wanted, when the program has
     * run) and resolves once the pack has answered both calls and its live
     * info is the cached one; when it is not, it rejects with PackInfoChanged
     * (every call made after `sent` must be made again) and the cache is
     * rewritten. Without a cache, `sent` waits for the whole of it. Problems
     * that need no schema are thrown by both at once, all problems listed.
     */
    configureAhead(policyConfig: Readonly<Record<string, unknown>>): { readonly sent: Promise<void>; readonly done: () => Promise<{ readonly info: PackInfo; readonly resolved: Record<string, ResolvedPolicyConfig> }> } {
        const cached = readPackInfoCache(this.pack.dir);
        if (cached === undefined) {
            const whole = (async () => {
                const info = await this.info();
                const resolved = resolvePolicyConfig(info, policyConfig);
                await this.sendConfiguration(resolved);
                writePackInfoCache(this.pack.dir, info);
                return { info, resolved };
            })();
            whole.catch(() => undefined);
            return { sent: whole.then(() => undefined), done: () => whole };
        }
        const { result: resolved, problems } = mergePolicyConfig(cached, policyConfig);
        if (problems.length > 0) {
            const failed = Promise.reject(new PolicyConfigError([...problems, ...policyConfigSchemaProblems(cached, resolved)]));
            failed.catch(() => undefined);
            return { sent: failed, done: () => failed };
        }
        const live = this.info();
        const configured = this.sendConfiguration(resolved);
        // Awaited by done(), perhaps never (a plan that failed first): not an unhandled rejection meanwhile.
        live.catch(() => undefined);
        configured.catch(() => undefined);
        let checked: Promise<{ readonly info: PackInfo; readonly resolved: Record<string, ResolvedPolicyConfig> }> | undefined;
        const done = () => checked ??= (async () => {
            // The schema problems first: a config the pack may have refused is the user's to fix.
            const schemaProblems = policyConfigSchemaProblems(cached, resolved);
            if (schemaProblems.length > 0) {
                throw new PolicyConfigError(schemaProblems);
            }
            const [info] = await Promise.all([live, configured]);
            if (JSON.stringify(info) !== JSON.stringify(cached)) {
                writePackInfoCache(this.pack.dir, info);
                throw new PackInfoChanged();
            }
            return { info, resolved };
        })();
        return { sent: Promise.resolve(), done };
    }

    private async sendConfiguration(resolved: Record<string, ResolvedPolicyConfig>): Promise<void> {
        const request = new analyzerPb.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [name, config] of Object.entries(resolved)) {
            const msg = new analyzerPb.PolicyConfig();
            msg.setEnforcementlevel(LEVELS.indexOf(config.enforcementLevel));
            msg.setProperties(structPb.Struct.fromJavaScript(config.properties));
            map.set(name, msg);
        }
        await this.call("configure", request, undefined, "configures");
    }

    /**
     * Analyze one resource's inputs, as during preview/update. Callers may
     * issue thousands at once (as the engine analyzes steps concurrently):
     * each is encoded at once and waits, as bytes, for one of
     * ANALYZE_IN_FLIGHT slots. A call still waiting when `abandon` comes is
     * never sent (its answer: none). The same resource asked again under the
     * same configuration gets the pack's first answer (analyzer-thread.js).
     */
    async analyze(resource: AnalyzerResource, options: { readonly abandon?: Abandon } = {}): Promise<Diagnostic[]> {
        if (options.abandon?.abandoned === true) {
            return [];
        }
        // Encoded in the analyzer's thread (analyzer-wire.js), not here.
        const response = await this.call("analyze", { encode: "analyze", payload: resource }, options.abandon, "reusable");
        return response === undefined ? [] : diagnosticsOf(response);
    }

    /** Analyze the whole stack (resources with their outputs), as at the end of a preview/update. */
    async analyzeStack(resources: readonly AnalyzerStackResource[]): Promise<Diagnostic[]> {
        return diagnosticsOf((await this.call("analyzeStack", { encode: "analyzeStack", payload: resources }, undefined, "reusable"))!);
    }

    /** Process id of the pack (for measurements). */
    get pid(): number | undefined {
        return this.pack.pid;
    }

    /** Done with it: stops a pack from start(); a shared pack stays for the next caller. */
    async close(): Promise<void> {
        if (this.owned) {
            this.channel.close();
            await this.pack.stop();
        }
    }
}

/** Calls in flight at once per pack: enough to keep it busy, few enough to bound its memory. */
const ANALYZE_IN_FLIGHT = 32;

const sharedAnalyzers = new WeakMap<PackProcess, Promise<PolicyAnalyzer>>();
