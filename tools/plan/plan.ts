// The offline plan: the real program under the SDK's mock runtime, then the
// real policy pack evaluated on what it registered, over the analyzer
// protocol, as `pulumi preview --policy-pack policies` would. No Pulumi CLI,
// no cloud account.
import * as fs from "fs";
import * as path from "path";
import { ConfigError, parseStackConfig, RawConfigInput } from "../../components/config";
import type { TrafficSummary } from "../../components/traffic/steps";
import { fromWire, ProgramError, ProgramRun, Registration, runProgram } from "../offline/capture";
import { OfflineMocks, mockEnvironmentFor, type AccountValue } from "../offline/mocks";
import { Abandon, analyzerResourceOf, PackInfoChanged, PolicyAnalyzer, PolicyConfigError, resolvePolicyConfig, type Diagnostic, type EnforcementLevel, type PackInfo } from "../offline/analyzer";
import { checkRegistrations, providerRulesReport, type ProviderRuleViolation } from "../offline/provider-rules";
import { checkQuotas } from "../offline/quotas";
import { listStacks, readStackConfig, StackFileError, StackFileOverrides } from "../stack-file";
import type { ChangeSafety } from "./change-safety";
import { assertPackBuilt, PackBuildError } from "../pack-build";
import type { ManagedDatabase } from "./cost";
import { policyConfigNotes } from "./policy-config-notes";
import { didYouMean } from "../../components/config/suggest";
import { sharedClaimMessage, sharedWithOtherStacks } from "../stacks/claims";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const POLICY_PACK_DIR = path.join(REPO_ROOT, "policies");
/** What secret values read as in every plan artifact. */
export const REDACTED = "[secret]";
/** What values known only after deployment read as in a preview-mode plan. */
export const UNKNOWN = "[unknown]";

/** A user mistake (bad stack, config or flags): exit 2 with the message, no stack trace. */
export class PlanInputError extends Error {
    override name = "PlanInputError";
}

/** Inputs a provider or cloud API would refuse (tools/offline/provider-rules.ts): exit 2, like a failed `pulumi preview`. */
export class ProviderRulesError extends PlanInputError {
    override name = "ProviderRulesError";
    constructor(readonly violations: readonly ProviderRuleViolation[]) {
        super(providerRulesReport(violations));
    }
}

export type Operation = "create" | "import";

export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly custom: boolean;
    readonly operation: Operation;
    /** Inputs with secrets redacted. */
    readonly inputs: Record<string, unknown>;
    /** What the mocks answered (ids, ARNs, addresses) with secrets redacted: a saved plan is a full base for the change-safety analysis. */
    readonly outputs: Record<string, unknown>;
    /** Input name → URNs its value comes from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly options: {
        readonly protect: boolean;
        readonly importId?: string;
        readonly retainOnDelete: boolean;
        readonly ignoreChanges: readonly string[];
        readonly deleteBeforeReplace: boolean;
        /** Every resource this one waits for: dependsOn plus the resources its inputs come from. */
        readonly dependencies: readonly string[];
        readonly provider?: string;
        /** URNs the resource was known by before (its `aliases` option); absent when none. */
        readonly aliases?: readonly string[];
    };
}

export interface TrafficRow {
    readonly service: string;
    readonly hostname: string;
    /** Where the hostname is in its cut-over to weighted records. */
    readonly phase: TrafficSummary["phase"];
    readonly legacyPercent: number;
    readonly fargatePercent: number;
    readonly canaryPercent: number;
    /** Sides kept at weight 0: Route 53 sends them the whole hostname when the sides with a share fail. */
    readonly standby: readonly ("legacy" | "fargate")[];
    /** Worst-case seconds for clients to leave a failing side (null where no other record can take it). */
    readonly failoverSeconds: { readonly legacy: number | null; readonly fargate: number | null };
    readonly nextStep: number | null;
    readonly previousStep: number | null;
    /** The commands that move the share one step (then `pulumi up`): the program's own, from its traffic output. */
    readonly commands: TrafficSummary["commands"];
}

export type { EnforcementLevel };

export interface Violation {
    readonly policy: string;
    readonly policyPack: string;
    readonly level: EnforcementLevel;
    /** Empty for stack-level findings that name no resource. */
    readonly urn: string;
    readonly message: string;
}

export interface Plan {
    readonly project: string;
    readonly stack: string;
    readonly environment: string;
    /** Planned as a preview of a new stack: provider-computed values unknown. */
    readonly preview: boolean;
    readonly policyConfigFile: string;
    readonly resources: readonly PlannedResource[];
    readonly outputs: Record<string, unknown>;
    readonly traffic: readonly TrafficRow[];
    readonly policies: readonly { readonly name: string; readonly level: EnforcementLevel }[];
    readonly violations: readonly Violation[];
    /** Config findings that do not stop the run (also shown by `pulumi preview`). */
    readonly warnings: readonly string[];
    /** The raw run, for the state export (secrets still marked). */
    readonly run: ProgramRun;
    /** The change-safety analysis (tools/plan/change-safety.ts), once judged. */
    readonly changeSafety?: ChangeSafety;
    /** Values of the account the lookups returned, and whether config states them (the diff reads them). */
    readonly accountValues: readonly AccountValue[];
    /** legacy.databases, for the cost estimate (they are no resource the program creates). */
    readonly legacyDatabases: readonly ManagedDatabase[];
    /** The project's directory: paths inside it are shown relative to it. */
    readonly root: string;
    /** Policy config entries that belong to no resource of this stack (policy-config-notes.ts). */
    readonly policyConfigNotes: readonly string[];
}

/** A path as a person in the project reads it: relative to the project when inside it, else absolute. */
export function projectPath(file: string, root: string): string {
    const relative = path.relative(root, file);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

export interface PlanOptions {
    readonly stack: string;
    readonly overrides?: StackFileOverrides;
    /** Policy config JSON, default policies/config/<stack>.json. */
    readonly policyConfigFile?: string;
    /** Plan as a preview of a new stack: ids, ARNs and IPs stay unknown, as in `pulumi preview`. @default false */
    readonly preview?: boolean;
    /** Where the project lives, default the repository root. */
    readonly root?: string;
    /** The program to run, default the repository's index.ts (a base commit's tree brings its own). */
    readonly program?: string;
    /** Called at each phase, for progress display. */
    readonly onProgress?: (message: string) => void;
    /**
     * The policy pack, already starting: the CLI starts it before loading the
     * program's modules so its boot overlaps with them. buildPlan closes it
     * unless keepAnalyzer is set (one pack serves both plans of --against); a
     * shared pack stays running whatever close() is called.
     * @default this process's pack for policies/ (PolicyAnalyzer.shared): `npm run plan` launches it before the program's modules load
     */
    readonly analyzer?: Promise<PolicyAnalyzer>;
    /** Leave the given analyzer running for the caller to reuse and close. @default false */
    readonly keepAnalyzer?: boolean;
    /**
     * Work on the plan that needs no policy result (the review, the change
     * safety), run while the pack evaluates: the pack is another process, so
     * its time and this work's overlap. The plan it gets has no policies and
     * no violations yet.
     */
    readonly whilePolicies?: (draft: Plan) => void;
}

function loadInputs(options: PlanOptions): RawConfigInput {
    const root = options.root ?? REPO_ROOT;
    const stacks = listStacks(root);
    if (!/^[A-Za-z0-9._-]+$/.test(options.stack) || !stacks.includes(options.stack)) {
        throw new PlanInputError(`--stack: ${JSON.stringify(options.stack)} is not a stack of this project${didYouMean(options.stack, stacks)}; allowed ${stacks.join(", ")} (a Pulumi.<stack>.yaml in ${root}; a new stack: npm run new-stack, docs/new-stack.md)`);
    }
    try {
        return readStackConfig(root, options.stack, options.overrides);
    } catch (err) {
        if (err instanceof StackFileError) {
            throw new PlanInputError(err.message);
        }
        throw err;
    }
}

function loadPolicyConfig(file: string, root: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new PlanInputError(`policy config: ${projectPath(file, root)} not found; every stack needs one (policies/config/<stack>.json; a new stack gets one from npm run new-stack, docs/new-stack.md)`);
    }
    try {
        return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
        throw new PlanInputError(`policy config: ${projectPath(file, root)} is not valid JSON: ${(err as Error).message}`);
    }
}

function toPlanned(r: Registration): PlannedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        custom: r.custom,
        operation: r.options.importId ? "import" : "create",
        inputs: fromWire(r.inputs, REDACTED, UNKNOWN) as Record<string, unknown>,
        outputs: fromWire(r.outputs, REDACTED, UNKNOWN) as Record<string, unknown>,
        propertyDependencies: r.propertyDependencies,
        options: {
            protect: r.options.protect,
            importId: r.options.importId,
            retainOnDelete: r.options.retainOnDelete,
            ignoreChanges: r.options.ignoreChanges,
            deleteBeforeReplace: r.options.deleteBeforeReplace,
            dependencies: r.options.dependsOn,
            provider: r.options.provider,
            aliases: r.options.aliases,
        },
    };
}

/** The traffic table rows, from the program's `traffic` stack output (TrafficSummary per service). */
export function trafficRows(outputs: Record<string, unknown>): TrafficRow[] {
    const traffic = outputs.traffic;
    return (Array.isArray(traffic) ? traffic as TrafficSummary[] : []).map((t) => ({
        service: t.service,
        hostname: t.hostname,
        phase: t.phase,
        legacyPercent: t.split.legacyPercent,
        fargatePercent: t.split.fargatePercent,
        canaryPercent: t.split.canaryPercent,
        standby: t.standby ?? [],
        failoverSeconds: t.failoverSeconds,
        nextStep: t.nextStep,
        previousStep: t.previousStep,
        commands: t.commands ?? { advance: null, rollBack: null, allToLegacy: null },
    }));
}

/** Runs the program for a stack and evaluates the policy pack on it. */
export async function buildPlan(options: PlanOptions): Promise<Plan> {
    const analyzerStarting = options.analyzer ?? PolicyAnalyzer.shared(POLICY_PACK_DIR);
    const closeAnalyzer = async (analyzer: PolicyAnalyzer | undefined) => {
        if (!(options.keepAnalyzer && options.analyzer)) {
            await analyzer?.close();
        }
    };
    let run: ProgramRun;
    let mocks: OfflineMocks | undefined;
    let environment: string;
    let warnings: readonly string[];
    let legacyDatabases: ManagedDatabase[] = [];
    let policyConfigFile: string;
    let policyConfig: Record<string, unknown>;
    let configured: () => Promise<ConfiguredPack>;
    /** The analyzer once later calls may be made (configureAhead). */
    let sent: Promise<PolicyAnalyzer>;
    // Per-resource analyses, in registration order, started as the program registers each resource.
    const analyses: Promise<Diagnostic[]>[] = [];
    const abandon = new Abandon();
    // On failure: analyses not yet sent are dropped; those in flight end before the pack goes back to its owner.
    const abandonAnalyses = async () => {
        abandon.now();
        await Promise.allSettled(analyses);
    };
    const progress = options.onProgress ?? (() => undefined);
    try {
        const root = options.root ?? REPO_ROOT;
        const input = loadInputs(options);
        // Config problems are the user's: report them all, before any resource exists.
        try {
            const config = parseStackConfig(input);
            environment = config.environment;
            // What this stack claims that another stack file of the project claims too (a stack copied by new-stack, until edited).
            warnings = [...config.warnings, ...sharedWithOtherStacks(root, options.stack, input).map(sharedClaimMessage)];
            legacyDatabases = config.legacy.databases.map((d) => ({
                name: d.name, engine: d.engine, size: d.size, nodes: d.nodes, phase: d.move?.phase,
                readers: config.services.filter((s) => s.fargate?.egress.some((r) => "database" in r && r.database === d.name)).map((s) => s.name),
            }));
        } catch (err) {
            throw err instanceof ConfigError ? new PlanInputError(err.message) : err;
        }
        policyConfigFile = options.policyConfigFile ?? path.join(root, "policies", "config", `${options.stack}.json`);
        policyConfig = loadPolicyConfig(policyConfigFile, root);
        // A stale or missing build would evaluate an old rule set: stop before the program runs.
        assertPackBuilt(POLICY_PACK_DIR);
        // The pack is configured as soon as it serves, while the program runs; a
        // bad policy config is reported after the program and the provider rules, as before.
        const ahead = configureAhead(analyzerStarting, policyConfig, projectPath(policyConfigFile, root));
        sent = ahead.sent;
        configured = ahead.configured;
        progress(`running the program for stack ${options.stack} under mocks`);
        try {
            const preview = options.preview ?? false;
            // Refusals are recorded, not thrown, so every broken provider rule is reported below.
            run = await runProgram(input, {
                mocks: mocks = new OfflineMocks(mockEnvironmentFor(input), preview, { refusals: "record" }),
                preview,
                program: options.program,
                // As the engine does: each resource's inputs are analyzed as its step runs, while the program goes on.
                onRegistration: (registration) => {
                    const analysis = sent.then((analyzer) => analyzer.analyze(analyzerResourceOf(registration, "inputs"), { abandon }));
                    // Awaited after the run; meanwhile a failure must not count as the program's unhandled rejection.
                    analysis.catch(() => undefined);
                    analyses.push(analysis);
                },
            });
        } catch (err) {
            throw err instanceof ProgramError && err.cause instanceof ConfigError ? new PlanInputError(err.cause.message) : err;
        }
        // What the providers refuse stops the plan as it stops `pulumi preview`: before any policy result counts.
        const refused = [...checkRegistrations(run.registrations), ...checkQuotas(run.registrations)];
        if (refused.length > 0) {
            throw new ProviderRulesError(refused);
        }
    } catch (err) {
        await abandonAnalyses();
        await closeAnalyzer(await analyzerStarting.catch(() => undefined));
        throw err instanceof PackBuildError ? new PlanInputError(err.message) : err;
    }

    progress(`evaluating the policy pack on ${run.registrations.length} resources`);
    const violations: Violation[] = [];
    let policies: { name: string; level: EnforcementLevel }[] = [];
    let analyzer: PolicyAnalyzer | undefined;
    const outputs = fromWire(run.stackOutputs, REDACTED, UNKNOWN) as Record<string, unknown>;
    // Everything but the policy results.
    const draft: Plan = {
        project: run.project,
        stack: run.stack,
        environment,
        preview: options.preview ?? false,
        policyConfigFile,
        resources: run.registrations.map(toPlanned),
        outputs,
        traffic: trafficRows(outputs),
        policies: [],
        violations: [],
        warnings,
        run,
        accountValues: mocks?.accountValues ?? [],
        legacyDatabases,
        root: options.root ?? REPO_ROOT,
        policyConfigNotes: policyConfigNotes(policyConfig, run.registrations.filter((r) => r.type === "digitalocean:index/droplet:Droplet").map((r) => {
            const inputs = fromWire(r.inputs) as { tags?: unknown; size?: unknown };
            return { id: r.id, tags: Array.isArray(inputs.tags) ? inputs.tags.filter((t): t is string => typeof t === "string") : [], size: typeof inputs.size === "string" ? inputs.size : undefined };
        }), {
            project: run.project, stack: run.stack,
            otherStacks: listStacks(options.root ?? REPO_ROOT).filter((s) => s !== run.stack),
            file: projectPath(policyConfigFile, options.root ?? REPO_ROOT),
        }),
    };
    let stackAnalysis: Promise<Diagnostic[]> | undefined;
    try {
        // The engine sends AnalyzeStack once every step is done; here every
        // input is known now, and the pack's answers do not depend on the order
        // its calls arrive in, so it is sent at once, behind the per-resource calls.
        const analyzeStack = () => sent.then((a) => a.analyzeStack(run.registrations.map((r) => analyzerResourceOf(r, "outputs"))));
        stackAnalysis = analyzeStack();
        stackAnalysis.catch(() => undefined);
        // Every call has been handed to the analyzer's thread (analyzer-channel.ts),
        // which sends them and reads the answers while this thread works.
        await sent.catch(() => undefined);
        options.whilePolicies?.(draft);
        let pack: ConfiguredPack;
        try {
            pack = await configured();
        } catch (err) {
            if (!(err instanceof PackInfoChanged)) {
                throw err;
            }
            // The calls went out under a configuration resolved from stale info: configured from the pack's own answer, all again.
            await Promise.allSettled([...analyses, stackAnalysis]);
            const again = configureAhead(analyzerStarting, policyConfig, projectPath(policyConfigFile, options.root ?? REPO_ROOT));
            sent = again.sent;
            pack = await again.configured();
            analyses.splice(0, analyses.length, ...run.registrations.map((r) => sent.then((a) => a.analyze(analyzerResourceOf(r, "inputs"), { abandon }))));
            stackAnalysis = analyzeStack();
        }
        analyzer = pack.analyzer;
        policies = pack.info.policies.map((p) => ({ name: p.name, level: pack.resolved[p.name].enforcementLevel }));
        // The pack cannot know which file configured it: its messages say policies/config/<stack>.json, the plan names the file.
        const ownFile = projectPath(policyConfigFile, options.root ?? REPO_ROOT);
        const record = (diagnostics: readonly Diagnostic[], urn: string) => {
            for (const d of diagnostics) {
                violations.push({ policy: d.policyName, policyPack: d.policyPackName, level: d.enforcementLevel, urn: d.urn || urn, message: d.message.split("policies/config/<stack>.json").join(ownFile) });
            }
        };
        if (analyses.length !== run.registrations.length) {
            throw new Error(`analyzed ${analyses.length} resources of ${run.registrations.length} registered`);
        }
        const perResource = await Promise.all(analyses);
        perResource.forEach((diagnostics, i) => record(diagnostics, run.registrations[i].urn));
        record(await stackAnalysis, "");
    } catch (err) {
        await abandonAnalyses();
        await stackAnalysis?.catch(() => undefined);
        throw err;
    } finally {
        await closeAnalyzer(analyzer ?? await analyzerStarting.catch(() => undefined));
    }
    return { ...draft, policies, violations };
}

interface ConfiguredPack {
    readonly analyzer: PolicyAnalyzer;
    readonly info: PackInfo;
    readonly resolved: ReturnType<typeof resolvePolicyConfig>;
}

/**
 * The pack configured as soon as it serves (PolicyAnalyzer.configureAhead):
 * `sent` once later calls may be made, `configured()` once it answered (and
 * the config's schemas were checked: asked for after the program).
 */
function configureAhead(starting: Promise<PolicyAnalyzer>, policyConfig: Record<string, unknown>, policyConfigFile: string): { readonly sent: Promise<PolicyAnalyzer>; readonly configured: () => Promise<ConfiguredPack> } {
    const ahead = starting.then((analyzer) => ({ analyzer, ...analyzer.configureAhead(policyConfig) }));
    const sent = ahead.then(async ({ analyzer, sent: s }) => {
        await s;
        return analyzer;
    });
    sent.catch(() => undefined);
    let configured: Promise<ConfiguredPack> | undefined;
    return {
        sent,
        configured: () => configured ??= ahead.then(async ({ analyzer, done }) => {
            try {
                const { info, resolved } = await done();
                return { analyzer, info, resolved };
            } catch (err) {
                // The file is the user's: name it and every problem, exit 2.
                throw err instanceof PolicyConfigError ? new PlanInputError(`${policyConfigFile}: ${err.message}`) : err;
            }
        }),
    };
}

/** 1 when a mandatory (or remediate, reported as mandatory) violation or an unsafe change was found, else 0. */
export function exitCodeOf(plan: Plan): 0 | 1 {
    const unsafe = plan.changeSafety?.findings.some((f) => f.level === "unsafe") ?? false;
    return unsafe || plan.violations.some((v) => v.level === "mandatory" || v.level === "remediate") ? 1 : 0;
}
