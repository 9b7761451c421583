// The base of --against: a saved --json plan, or a git ref planned here.
// A ref is exported with `git archive` into a temporary directory (no
// worktree metadata left behind in the repository), given this checkout's
// node_modules (so both programs share one Pulumi SDK instance and its mock
// runtime), and planned with the same policy pack process as the head.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PolicyAnalyzer } from "../offline/analyzer";
import { listStacks, readStackConfig, secureValues, StackFileError, type StackFileOverrides } from "../stack-file";
import { buildPlan, PlanInputError } from "./plan";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BASE_COPY_PREFIX } = require("../base-copy.js") as { BASE_COPY_PREFIX: string };
import { isStackExport, SavedPlanError, sideOfPlan, sideOfSavedPlan, sideOfStackExport, type BaseInfo, type ReviewSide } from "./review";

/** The node_modules this process loads the Pulumi SDK from: the base program must get the same instance. */
const NODE_MODULES = path.resolve(require.resolve("@pulumi/pulumi/package.json"), "..", "..", "..");

export type AgainstTarget =
    | { readonly kind: "plan"; readonly file: string }
    | { readonly kind: "ref"; readonly ref: string; readonly commit: string; readonly isHead: boolean };

function git(root: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync("git", ["-C", root, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** A file that exists is a saved plan or a stack export; anything else must name a commit of the project's repository. */
export function resolveAgainst(value: string, context: { readonly cwd: string; readonly root: string }): AgainstTarget {
    const file = path.resolve(context.cwd, value);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
        return { kind: "plan", file };
    }
    const commit = git(context.root, ["rev-parse", "--verify", "--quiet", `${value}^{commit}`]);
    if (commit.status === 0) {
        const head = git(context.root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).stdout.trim();
        return { kind: "ref", ref: value, commit: commit.stdout.trim(), isHead: head === commit.stdout.trim() };
    }
    throw new PlanInputError(`--against: ${JSON.stringify(value)} is neither a file nor a commit of this repository; allowed a git ref (main, origin/main, HEAD~1, a commit id), a plan written by --json, or a \`pulumi stack export --file\` of the deployed stack`);
}

export function loadSavedPlan(file: string, given: string, stack: string): ReviewSide & { info: BaseInfo } {
    let json: unknown;
    try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
        throw new PlanInputError(`--against: ${given} is not valid JSON; allowed a plan written by --json`);
    }
    let side: ReviewSide;
    const exported = isStackExport(json);
    try {
        side = exported ? sideOfStackExport(json, given) : sideOfSavedPlan(json, given);
    } catch (err) {
        throw err instanceof SavedPlanError ? new PlanInputError(`--against: ${err.message}`) : err;
    }
    if (side.stack !== stack) {
        throw new PlanInputError(`--against: ${given} is ${exported ? "an export" : "a plan"} of stack ${JSON.stringify(side.stack)}; allowed ${exported ? "an export" : "a plan"} of stack ${JSON.stringify(stack)}`);
    }
    return { ...side, info: { kind: exported ? "state" : "plan", given } };
}

export interface RefPlanOptions {
    readonly root: string;
    readonly stack: string;
    /** Secrets apply to the base too (they are not in git); --config overrides are the head's alone. */
    readonly secrets?: StackFileOverrides["secrets"];
    readonly policyConfigFile?: string;
    readonly preview?: boolean;
    readonly analyzer: Promise<PolicyAnalyzer>;
    readonly onProgress?: (message: string) => void;
}

/** Plans the stack as the commit has it, with the given (shared) policy pack; the export is removed afterwards. */
export async function planRef(target: Extract<AgainstTarget, { kind: "ref" }>, options: RefPlanOptions): Promise<ReviewSide & { info: BaseInfo }> {
    const info: BaseInfo = { kind: "ref", given: target.ref, commit: target.commit, isHead: target.isHead };
    const prefix = git(options.root, ["rev-parse", "--show-prefix"]).stdout.trim();
    // Named so that the loaders serve its files the same as the checkout's from the checkout's caches (tools/base-copy.js).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), BASE_COPY_PREFIX));
    const remove = () => {
        // The link first, so nothing can follow it into the checkout's node_modules.
        fs.rmSync(path.join(dir, "node_modules"), { force: true });
        fs.rmSync(dir, { recursive: true, force: true });
    };
    // A signal handler that ends the process with process.exit() skips `finally`; 'exit' listeners still run.
    process.once("exit", remove);
    try {
        const archive = spawnSync("git", ["-C", options.root, "archive", "--format=tar", `${target.commit}:${prefix}`], { maxBuffer: 1024 * 1024 * 1024 });
        const untar = archive.status === 0 ? spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout }) : undefined;
        if (archive.status !== 0 || untar?.status !== 0) {
            throw new PlanInputError(`--against: cannot export ${target.ref} (${target.commit.slice(0, 12)}): ${(archive.stderr ?? untar?.stderr ?? "").toString().trim()}`);
        }
        if (!listStacks(dir).includes(options.stack)) {
            // The stack is new in this change: everything is a create.
            return { stack: options.stack, resources: [], costResources: [], traffic: [], violations: [], info: { ...info, note: `${target.ref} has no Pulumi.${options.stack}.yaml` } };
        }
        fs.symlinkSync(NODE_MODULES, path.join(dir, "node_modules"), "dir");
        let awsRegion: string | undefined;
        try {
            awsRegion = readStackConfig(dir, options.stack).values["aws:region"];
        } catch (err) {
            if (!(err instanceof StackFileError)) {
                throw err;
            }
        }
        options.onProgress?.(`planning the base ${target.ref} (${target.commit.slice(0, 12)})`);
        let plan;
        try {
            plan = await buildPlan({
                stack: options.stack,
                root: dir,
                program: path.join(dir, "index.ts"),
                overrides: { secrets: options.secrets },
                policyConfigFile: options.policyConfigFile,
                preview: options.preview,
                analyzer: options.analyzer,
                keepAnalyzer: true,
            });
        } catch (err) {
            const base = `the base ${target.ref} (${target.commit.slice(0, 12)})`;
            if (err instanceof PlanInputError) {
                throw new PlanInputError(`--against: ${base} cannot be planned: ${err.message}`);
            }
            // Not a user mistake (exit 3 with the trace), but say which of the two programs failed.
            throw new Error(`${base} failed to run (it runs with this checkout's node_modules): ${(err as Error).message}`, { cause: err });
        }
        return { ...sideOfPlan(plan, awsRegion, secureValues(dir, options.stack)), info };
    } finally {
        remove();
        process.removeListener("exit", remove);
    }
}
