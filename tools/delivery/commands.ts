// Pure building blocks of the delivery wrapper (tools/delivery/cli.ts): which
// pulumi command line and environment a request turns into, which pass-through
// arguments are refused, and when a human must confirm. No I/O here, so every
// rule has a table test (tests/delivery-commands.test.ts).
import * as path from "path";

/** The commands the wrapper runs; each maps to the `pulumi` command of the same name. */
export const DELIVERY_COMMANDS = ["preview", "up", "destroy"] as const;
export type DeliveryCommand = (typeof DELIVERY_COMMANDS)[number];

/** Exit code of every refusal (bad stack, missing policy config, no confirmation, no CLI). */
export const REFUSAL_EXIT_CODE = 2;

/** Where to get the Pulumi CLI. */
export const PULUMI_INSTALL_URL = "https://www.pulumi.com/docs/install/";

/**
 * Test-only override of the repository root (the folder with Pulumi.yaml, Pulumi.<stack>.yaml
 * and policies/). Unset in normal use: the root is the folder two levels above this file.
 */
export const REPO_ROOT_ENV = "MIGRATION_DELIVERY_ROOT";

/** A reason not to run, shown to the user as one message without a stack trace. */
export class DeliveryRefusal extends Error {
    override name = "DeliveryRefusal";
    readonly exitCode = REFUSAL_EXIT_CODE;
}

/** The repository root: REPO_ROOT_ENV when set (tests), else the folder that holds tools/. */
export function resolveRepoRoot(env: NodeJS.ProcessEnv, defaultRoot: string = path.resolve(__dirname, "..", "..")): string {
    const override = env[REPO_ROOT_ENV];
    return override !== undefined && override !== "" ? path.resolve(override) : defaultRoot;
}

/** The files one stack needs, as absolute paths under the repository root. */
export interface StackFiles {
    /** Pulumi.<stack>.yaml: its existence is what makes a stack name valid. */
    readonly stackFile: string;
    /** The policy pack folder, shared by every stack. */
    readonly policyPack: string;
    /** policies/config/<stack>.json: the stack's enforcement levels and rule settings. */
    readonly policyPackConfig: string;
}

export function stackFiles(repoRoot: string, stack: string): StackFiles {
    return {
        stackFile: path.join(repoRoot, `Pulumi.${stack}.yaml`),
        policyPack: path.join(repoRoot, "policies"),
        policyPackConfig: path.join(repoRoot, "policies", "config", `${stack}.json`),
    };
}

// Pulumi's own rule for stack names; an org/project prefix would also make
// Pulumi.<stack>.yaml and policies/config/<stack>.json point at the wrong files.
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** Why a stack name cannot be used as given, or undefined when its shape is fine. */
export function stackNameProblem(stack: string): string | undefined {
    if (STACK_NAME.test(stack)) {
        return undefined;
    }
    return `Stack name "${stack}" is not a plain stack name (letters, digits, "-", "_", "."). ` +
        "Use the short name (dev, prod); select the organization with `pulumi org set-default <org>`.";
}

interface ForbiddenFlag {
    readonly long: string;
    readonly short?: string;
    readonly reason: string;
}

const SKIPS_POLICY = "the wrapper always runs the policy pack in policies/ with policies/config/<stack>.json";
const POINTS_ELSEWHERE = "it would run another project or stack config than the one checked and whose policy config is used";
const SKIPS_CONFIRMATION = "confirm with the wrapper's own --yes, given before `--` (it keeps the preview)";

// Flags that would skip the policy pack, target another stack or folder, or skip
// the confirmation and the preview. pflag has no abbreviations, so exact names suffice.
const FORBIDDEN_FLAGS: readonly ForbiddenFlag[] = [
    { long: "--policy-pack", reason: SKIPS_POLICY },
    { long: "--policy-pack-config", reason: SKIPS_POLICY },
    { long: "--stack", short: "s", reason: "the stack is the wrapper's own --stack" },
    { long: "--cwd", short: "C", reason: POINTS_ELSEWHERE },
    { long: "--config-file", reason: POINTS_ELSEWHERE },
    { long: "--yes", short: "y", reason: SKIPS_CONFIRMATION },
    { long: "--skip-preview", short: "f", reason: SKIPS_CONFIRMATION },
];

// pulumi short flags that take a value: in a cluster like `-tfoo` the rest is
// that value, not more flags (pflag's rule), so scanning stops there.
const SHORT_FLAGS_WITH_VALUE = new Set(["c", "m", "p", "r", "t", "v", "x"]);

/** Why a pass-through argument is refused, or undefined when it may pass. */
export function forbiddenPassThroughReason(arg: string): string | undefined {
    if (arg.startsWith("--")) {
        const name = arg.split("=", 1)[0];
        const flag = FORBIDDEN_FLAGS.find((f) => f.long === name);
        return flag === undefined ? undefined : `"${arg}" is not allowed: ${flag.reason}.`;
    }
    if (arg.startsWith("-") && arg.length > 1) {
        for (const letter of arg.slice(1)) {
            const flag = FORBIDDEN_FLAGS.find((f) => f.short === letter);
            if (flag !== undefined) {
                return `"${arg}" is not allowed (-${letter} is ${flag.long}): ${flag.reason}.`;
            }
            if (SHORT_FLAGS_WITH_VALUE.has(letter) || letter === "=") {
                return undefined;
            }
        }
    }
    return undefined;
}

/** Throws one DeliveryRefusal listing every refused pass-through argument. */
export function checkPassThrough(args: readonly string[]): void {
    const problems = args.map(forbiddenPassThroughReason).filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
        throw new DeliveryRefusal(`Refusing to pass these arguments to pulumi:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
}

/** What must happen before a command runs: nothing, the typed stack name, or a refusal. */
export type Confirmation = "none" | "type-stack-name" | "pulumi-prompt" | "refuse";

export interface ConfirmationRequest {
    readonly command: DeliveryCommand;
    /** A production stack: its name is prod or its migration:environment is prod. */
    readonly production: boolean;
    /** --yes was given explicitly. */
    readonly yes: boolean;
    /** stdin and stdout are terminals, so someone can answer a prompt (pulumi's own rule). */
    readonly terminal: boolean;
}

/**
 * preview changes nothing: never asks. up/destroy with --yes: run. Without --yes
 * a person must be there: on production they type the stack name first, and
 * pulumi's own prompt (after its preview) asks again in every case.
 */
export function confirmationFor(request: ConfirmationRequest): Confirmation {
    if (request.command === "preview" || request.yes) {
        return "none";
    }
    if (!request.terminal) {
        return "refuse";
    }
    return request.production ? "type-stack-name" : "pulumi-prompt";
}

/** The message of a "refuse" confirmation. */
export function unconfirmedMessage(command: DeliveryCommand, stack: string, production: boolean): string {
    const retry = `npm run ${command} -- --stack ${stack} --yes`;
    return production
        ? `Refusing to run "${command}" on production stack "${stack}" without confirmation: ` +
            "this is not an interactive terminal, so nobody can type the stack name. " +
            `Pass --yes explicitly to confirm (the preview still runs first): ${retry}`
        : `Refusing to run "${command}" on stack "${stack}": this is not an interactive terminal, so pulumi ` +
            `cannot ask for confirmation. Pass --yes to confirm (the preview still runs first): ${retry}`;
}

/** The prompt shown on a terminal before up/destroy on a production stack. */
export function confirmationPrompt(command: DeliveryCommand, stack: string): string {
    return `"${command}" on production stack "${stack}". Type the stack name to continue: `;
}

/** Whether the typed answer confirms: the exact stack name, surrounding spaces ignored. */
export function confirms(answer: string, stack: string): boolean {
    return answer.trim() === stack;
}

export function notConfirmedMessage(stack: string): string {
    return `Confirmation did not match "${stack}": nothing was run.`;
}

export function pulumiMissingMessage(stack: string): string {
    return [
        `The Pulumi CLI ("pulumi") was not found on PATH.`,
        `Install it: ${PULUMI_INSTALL_URL}`,
        `Without it, the offline plan shows what the program would register and what the policies say: npm run plan -- --stack ${stack}`,
    ].join("\n");
}

export interface InvocationRequest {
    readonly command: DeliveryCommand;
    readonly stack: string;
    readonly repoRoot: string;
    /** --yes was given: pulumi runs non-interactively and applies after its preview. */
    readonly yes: boolean;
    /** Arguments given after `--`, already checked with checkPassThrough. */
    readonly passThrough: readonly string[];
}

/** One run of the Pulumi CLI: arguments after `pulumi`, full environment, working directory. */
export interface PulumiInvocation {
    readonly args: readonly string[];
    readonly env: Readonly<Record<string, string>>;
    readonly cwd: string;
}

/** The stack and policy-pack flags of a command, in the order pulumi documents them. */
export function stackAndPolicyArgs(command: DeliveryCommand, stack: string, repoRoot: string): string[] {
    const files = stackFiles(repoRoot, stack);
    // `pulumi destroy` has no --policy-pack flag (policies analyze resources being
    // created or updated; a destroy creates none) and fails on unknown flags.
    return command === "destroy"
        ? ["--stack", stack]
        : ["--stack", stack, "--policy-pack", files.policyPack, "--policy-pack-config", files.policyPackConfig];
}

/** The child environment: the caller's, plus transpile-only TypeScript (type-checking @pulumi/aws costs ~8 s a run). */
export function pulumiEnvironment(baseEnv: NodeJS.ProcessEnv): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(baseEnv)) {
        if (value !== undefined) {
            env[key] = value;
        }
    }
    env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
    return env;
}

export function buildPulumiInvocation(request: InvocationRequest, baseEnv: NodeJS.ProcessEnv): PulumiInvocation {
    // preview never needs an answer; up/destroy without --yes leave pulumi
    // interactive so it can show its preview and ask yes/no/details.
    const nonInteractive = request.command === "preview" || request.yes;
    const confirmed = request.command !== "preview" && request.yes
        // --skip-preview=false: pulumi's --yes alone keeps the preview today; say so explicitly.
        ? ["--yes", "--skip-preview=false"]
        : [];
    return {
        args: [
            request.command,
            ...stackAndPolicyArgs(request.command, request.stack, request.repoRoot),
            ...(nonInteractive ? ["--non-interactive"] : []),
            ...confirmed,
            ...request.passThrough,
        ],
        env: pulumiEnvironment(baseEnv),
        cwd: request.repoRoot,
    };
}
