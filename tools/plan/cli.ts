// `npm run plan -- --stack <name>`: the offline plan. Exit 0 when nothing
// mandatory is violated, 1 on mandatory violations, 2 on a bad stack name,
// bad config or bad flags (the message, never a stack trace), 3 when the pack,
// the program or the mocks fail for another reason (failures.ts: what happened
// and what to do; the trace only with PLAN_TRACE=1, or for a failure nobody
// has described).
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { PolicyAnalyzer } from "../offline/analyzer";
import { listStacks, readStackConfig, secureValues, StackFileError } from "../stack-file";
import { loadSavedPlan, planRef, resolveAgainst, type AgainstTarget } from "./against";
import { costAssumptionsOf, CostAssumptionsError, DEFAULT_ASSUMPTIONS, type CostAssumptions } from "./cost";
import { resolveOutputs, writeAllOrNothing, type OutputRequest } from "./outputs";
import { secretOverrideProblems } from "./overrides";
import { buildPlan, exitCodeOf, PlanInputError, POLICY_PACK_DIR, REPO_ROOT, type Plan } from "./plan";
import { DEFAULT_COLUMNS, renderJson, renderMarkdown, renderState, renderText } from "./render";
import { failureReport } from "./failures";
import { buildReview, sideOfPlan, withViolations, type BaseInfo, type Review, type ReviewSide } from "./review";
import { judgeChange } from "./change-plan";
import type { ChangeSafety } from "./change-safety";
import type { RawConfigInput } from "../../components/config";

/** The base as a reader names it. */
function baseLabelOf(info: BaseInfo): string {
    return info.kind === "ref" ? `${info.given} (${info.commit!.slice(0, 12)})` : info.kind === "state" ? `the deployed state ${info.given}` : `the saved plan ${info.given}`;
}

/**
 * Commander gives a value-taking flag the next argument even when that is
 * another flag (`--json --preview` wrote a file named --preview and dropped
 * the preview). A value that starts with a dash is refused; a file whose
 * name starts with one can still be given as ./-name.
 */
function refuseFlagLike(flag: string, value: string, what: string): void {
    if (/^-./.test(value)) {
        throw new PlanInputError(`${flag}: ${JSON.stringify(value)} looks like a flag, not a value; allowed ${what} after ${flag}${what.includes("file") ? ` (write ./${value} for a file whose name starts with a dash)` : ""}`);
    }
}

/** A flag that takes one value, once: given twice is an error, not "last one wins". */
function single(flag: string, what: string) {
    return (value: string, previous: string | undefined): string => {
        if (previous !== undefined) {
            throw new PlanInputError(`${flag}: given twice (${JSON.stringify(previous)}, then ${JSON.stringify(value)}); allowed once`);
        }
        refuseFlagLike(flag, value, what);
        return value;
    };
}

function keyValue(flag: string) {
    return (pair: string, previous: Record<string, string> = {}): Record<string, string> => {
        refuseFlagLike(flag, pair, "key=value");
        const at = pair.indexOf("=");
        if (at <= 0) {
            throw new PlanInputError(`${flag}: ${JSON.stringify(pair)} is not key=value; for example ${flag} migration:dns='{"zoneName":"example.com"}'`);
        }
        return { ...previous, [pair.slice(0, at)]: pair.slice(at + 1) };
    };
}

/** Where the CLI writes and what it works on; tests run main() in-process with their own. */
export interface CliContext {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** Relative output paths are resolved from here. @default process.cwd() */
    readonly cwd: string;
    /**
     * Where the stack files, policy config and git history come from (and
     * which files outputs may not overwrite). The program run is always this
     * checkout's index.ts. @default the repository root
     */
    readonly root: string;
    /** Draw progress on stderr. @default stderr is a terminal */
    readonly progress: boolean;
    /** The width the text is fitted to. @default the terminal's width, DEFAULT_COLUMNS (120) when stdout is no terminal */
    readonly columns: number;
}

/** A one-line, overwritten progress display on a terminal; nothing when piped. */
function progressReporter(enabled: boolean, write: (text: string) => void): { update(message: string): void; done(): void } {
    if (!enabled) {
        return { update: () => undefined, done: () => undefined };
    }
    const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    let message = "";
    let frame = 0;
    const draw = () => write(`\r\x1b[2K${frames[frame++ % frames.length]} ${message}`);
    const timer = setInterval(draw, 100);
    timer.unref();
    return {
        update(next: string) {
            message = next;
            draw();
        },
        done() {
            clearInterval(timer);
            write("\r\x1b[2K");
        },
    };
}

export async function main(argv: readonly string[], context: Partial<CliContext> = {}): Promise<number> {
    const io: CliContext = {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: process.cwd(),
        root: REPO_ROOT,
        progress: process.stderr.isTTY === true,
        columns: process.stdout.isTTY === true && process.stdout.columns > 0 ? process.stdout.columns : DEFAULT_COLUMNS,
        ...context,
    };
    const program = new Command()
        .name("npm run plan --")
        .description("Offline plan: runs the real program under Pulumi's mock runtime and evaluates the real policy pack. No Pulumi CLI or cloud account needed.")
        .requiredOption("-s, --stack <name>", "stack to plan (a Pulumi.<name>.yaml in the project)", single("--stack", "a stack name"))
        .option("--config <key=value>", "override a config value for this run (repeatable; the migration: prefix may be omitted)", keyValue("--config"))
        .option("--secret <key=value>", "set a secret config value for this run (repeatable); it stays secret in every output", keyValue("--secret"))
        .option("--policy-config <file>", "policy pack config (default policies/config/<stack>.json)", single("--policy-config", "a file"))
        .option("--json <file>", "write the whole plan as JSON for bots", single("--json", "a file"))
        .option("--markdown <file>", "write a pull-request comment summary", single("--markdown", "a file"))
        .addOption(new Option("--state <file>", "write the plan as a Pulumi stack export (deployment v3) for `pulumi policy analyze --file`").argParser(single("--state", "a file")))
        .option("--against <ref|file>", "compare with a base: a git ref (planned too, in a temporary export) or a plan written by --json; prints the diff, traffic before/after and the cost change", single("--against", "a git ref or a file"))
        .option("--preview", "plan as a preview of a new stack: provider-computed values (ids, ARNs, IPs) stay unknown, as policies see them in `pulumi preview`")
        .option("-q, --quiet", "print only the result line and violations")
        .exitOverride()
        .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
        .allowExcessArguments(false);

    let options: { stack: string; config?: Record<string, string>; secret?: Record<string, string>; policyConfig?: string; json?: string; markdown?: string; state?: string; against?: string; preview?: boolean; quiet?: boolean };
    try {
        program.parse(argv, { from: "user" });
        options = program.opts();
    } catch (err) {
        if (err instanceof CommanderError) {
            // Help and version are successes; commander has printed the message.
            return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : 2;
        }
        if (err instanceof PlanInputError) {
            io.stderr(`error: ${err.message}\n`);
            return 2;
        }
        throw err;
    }

    if (options.preview && options.state) {
        io.stderr("error: --state: a stack export holds deployed values, and a --preview plan has unknown ones; drop one of the two flags\n");
        return 2;
    }
    const progress = progressReporter(io.progress, io.stderr);
    try {
        // Everything that can be refused is refused before the plan runs.
        const requested: OutputRequest[] = [
            { flag: "--json", file: options.json },
            { flag: "--markdown", file: options.markdown },
            { flag: "--state", file: options.state },
        ].filter((r): r is OutputRequest => r.file !== undefined);
        const against: AgainstTarget | undefined = options.against === undefined ? undefined : resolveAgainst(options.against, { cwd: io.cwd, root: io.root });
        const inputs: OutputRequest[] = [
            ...(options.policyConfig === undefined ? [] : [{ flag: "--policy-config", file: options.policyConfig }]),
            ...(against?.kind === "plan" ? [{ flag: "--against", file: against.file }] : []),
        ];
        const outputs = resolveOutputs(requested, { cwd: io.cwd, root: io.root, inputs });
        const overrides = { config: options.config, secrets: options.secret };
        const stackExists = listStacks(io.root).includes(options.stack);
        if (options.secret !== undefined && stackExists) {
            let problems: string[];
            try {
                problems = secretOverrideProblems(io.root, options.stack, overrides);
            } catch (err) {
                throw err instanceof StackFileError ? new PlanInputError(err.message) : err;
            }
            if (problems.length > 0) {
                throw new PlanInputError(problems.length === 1
                    ? `--secret: ${problems[0]}`
                    : `--secret: ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
            }
        }
        // The stack's AWS region and cost assumptions, for the estimate (an unknown stack is reported by buildPlan).
        let awsRegion: string | undefined;
        let project = "migration";
        let assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS;
        let secure: Record<string, string> = {};
        let rawInput: RawConfigInput | undefined;
        if (stackExists) {
            try {
                const raw = readStackConfig(io.root, options.stack, overrides);
                rawInput = raw;
                secure = secureValues(io.root, options.stack);
                awsRegion = raw.values["aws:region"];
                project = raw.project;
                assumptions = costAssumptionsOf(raw.values, raw.project);
            } catch (err) {
                if (err instanceof CostAssumptionsError) {
                    throw new PlanInputError(err.message);
                }
                if (!(err instanceof StackFileError)) {
                    throw err;
                }
            }
        }
        const policyConfigFile = options.policyConfig === undefined ? undefined : path.resolve(io.cwd, options.policyConfig);

        let plan: Plan;
        let base: (ReviewSide & { info: BaseInfo }) | undefined;
        // The review and the change safety need no policy result: they are worked out while the pack evaluates.
        let early: { readonly review: Review; readonly changeSafety: ChangeSafety } | undefined;
        const whilePolicies = (draft: Plan) => {
            const review = buildReview(sideOfPlan(draft, awsRegion, secure), base, { project, assumptions });
            // What a real `up` does to requests on the way from the base to this plan.
            const changeBase = base?.change === undefined ? undefined : { label: baseLabelOf(base.info), ...base.change };
            early = {
                review,
                changeSafety: judgeChange(draft, rawInput ?? readStackConfig(io.root, options.stack, overrides), changeBase, base?.change === undefined ? undefined : review.against?.diff, review.head.change?.resources),
            };
        };
        if (against?.kind === "ref") {
            // One policy pack process for both plans (the one `npm run plan` prestarted): its start is most of a plan's time.
            const analyzer = PolicyAnalyzer.shared(POLICY_PACK_DIR);
            analyzer.catch(() => undefined);
            try {
                base = await planRef(against, {
                    root: io.root, stack: options.stack, secrets: options.secret,
                    policyConfigFile: policyConfigFile ?? path.join(io.root, "policies", "config", `${options.stack}.json`),
                    preview: options.preview, analyzer, onProgress: (m) => progress.update(m),
                });
                plan = await buildPlan({
                    stack: options.stack, root: io.root, overrides, policyConfigFile, preview: options.preview,
                    onProgress: (m) => progress.update(m), analyzer, keepAnalyzer: true, whilePolicies,
                });
            } finally {
                await (await analyzer.catch(() => undefined))?.close();
            }
        } else {
            base = against?.kind === "plan" ? loadSavedPlan(against.file, options.against!, options.stack) : undefined;
            plan = await buildPlan({
                stack: options.stack,
                root: io.root,
                overrides,
                policyConfigFile,
                preview: options.preview,
                onProgress: (m) => progress.update(m),
                whilePolicies,
            });
        }
        if (early === undefined) {
            throw new Error("buildPlan returned without calling whilePolicies");
        }
        const review = withViolations(early.review, plan.violations, base);
        plan = { ...plan, changeSafety: early.changeSafety };
        progress.done();
        // Render everything first, write all files or none, and only then
        // print the plan: its Result line means every file is in place.
        const renderers: Record<string, () => string> = {
            "--json": () => renderJson(plan, review),
            "--markdown": () => renderMarkdown(plan, review),
            "--state": () => renderState(plan),
        };
        writeAllOrNothing(outputs.map((output) => ({ output, text: renderers[output.flag]() })));
        const text = renderText(plan, review, { columns: io.columns });
        io.stdout(options.quiet ? quietText(text) : text);
        return exitCodeOf(plan);
    } catch (err) {
        progress.done();
        if (err instanceof PlanInputError) {
            io.stderr(`error: ${err.message}\n`);
            return 2;
        }
        // Not the user's input, and a known way to fail: what happened and what to do, no trace.
        const report = failureReport(err);
        if (report !== undefined) {
            io.stderr(`error: ${report}\n${process.env.PLAN_TRACE === "1" ? `${(err as Error).stack ?? ""}\n` : ""}`);
            return 3;
        }
        throw err;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => { process.exitCode = code; },
        (err: unknown) => {
            // A defect in the program or the tool, not a user mistake: keep the trace.
            console.error(err);
            process.exitCode = 3;
        },
    );
}

/** --quiet: the violations (their level line and message lines) and the result line, from the policy section on. */
export function quietText(text: string): string {
    const lines = text.split("\n");
    const policies = lines.findIndex((l) => l.startsWith("Policies ("));
    return lines.slice(Math.max(policies, 0)).filter((l) => /^(Result|\s+\[|\s{10})/.test(l)).join("\n") + "\n";
}
