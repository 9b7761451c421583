// The delivery wrapper: the only way this repository runs the Pulumi CLI, so
// every preview and update carries the policy pack with the stack's config
// (a self-managed state backend has no other way to enforce it).
//
//   npm run preview -- --stack dev [-- <pulumi flags, e.g. --diff --refresh>]
//   npm run up      -- --stack dev [--yes] [-- <pulumi flags>]
//   npm run destroy -- --stack dev [--yes] [-- <pulumi flags>]
//
// Runs `pulumi <command> --stack <s> --policy-pack <root>/policies
// --policy-pack-config <root>/policies/config/<s>.json` in the repository root
// with PULUMI_NODEJS_TRANSPILE_ONLY=true, and exits with pulumi's exit code.
// Refusals (exit 2): unknown stack, missing policy config, a missing or stale
// policy pack build (preview, up), refused pass-through
// flags, no confirmation for up/destroy, no `pulumi` on PATH.
// MIGRATION_DELIVERY_ROOT (tests only) replaces the repository root.
import { spawn } from "child_process";
import * as os from "os";
import * as readline from "readline";
import { Command, CommanderError } from "commander";
import {
    buildPulumiInvocation,
    checkPassThrough,
    confirmationFor,
    confirmationPrompt,
    confirms,
    DELIVERY_COMMANDS,
    DeliveryCommand,
    DeliveryRefusal,
    notConfirmedMessage,
    PulumiInvocation,
    pulumiMissingMessage,
    REFUSAL_EXIT_CODE,
    resolveRepoRoot,
    unconfirmedMessage,
} from "./commands";
import type { StackConfig } from "../../components/config";
import { readStackConfig } from "../stack-file";
import { sharedClaimMessage, sharedWithOtherStacks, type SharedClaim } from "../stacks/claims";
import { checkImagesExist, checkPulumiVersion, targetsOf, upRunsTasks } from "./checks";
import { runReleases } from "./release-run";
import { checkPolicyPackBuild, checkStack, findExecutable, isProductionStack } from "./preflight";

function stackConfigOrUndefined(repoRoot: string, stack: string): StackConfig | undefined {
    try {
        // Loaded here, for `up` only: the config module pulls in the Pulumi SDK (most of a refusal's start-up time).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { parseStackConfig } = require("../../components/config") as typeof import("../../components/config");
        return parseStackConfig(readStackConfig(repoRoot, stack));
    } catch {
        return undefined;
    }
}

const DESCRIPTIONS: Record<DeliveryCommand, string> = {
    preview: "pulumi preview of a stack, with its policy pack",
    up: "pulumi up of a stack, with its policy pack (the preview always runs first)",
    destroy: "pulumi destroy of a stack (the preview always runs first)",
};

const PASS_THROUGH_HINT = "pulumi's own flags go after a second `--`, e.g. npm run preview -- --stack dev -- --diff\n";

/** Reads one line after showing prompt; an empty answer when input ends first. */
export function ask(prompt: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<string> {
    return new Promise((resolve) => {
        const rl = readline.createInterface({ input, output, terminal: false });
        let answered = false;
        rl.question(prompt, (answer) => {
            answered = true;
            rl.close();
            resolve(answer);
        });
        rl.on("close", () => {
            if (!answered) {
                output.write("\n");
                resolve("");
            }
        });
    });
}

function runPulumi(executable: string, invocation: PulumiInvocation, terminal: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
        const child = spawn(executable, [...invocation.args], { cwd: invocation.cwd, env: invocation.env, stdio: "inherit" });
        const forward = (signal: NodeJS.Signals) => () => { child.kill(signal); };
        // On a terminal Ctrl-C already reaches pulumi (same process group); a
        // forwarded copy would count as a second Ctrl-C, which makes pulumi stop
        // without finishing its in-flight operations. So only keep the wrapper alive.
        const handlers: [NodeJS.Signals, () => void][] = [
            ["SIGINT", terminal ? () => undefined : forward("SIGINT")],
            ["SIGTERM", forward("SIGTERM")],
            ["SIGHUP", forward("SIGHUP")],
        ];
        for (const [signal, handler] of handlers) {
            process.on(signal, handler);
        }
        const release = () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
        child.on("error", (err) => {
            release();
            reject(err);
        });
        child.on("exit", (code, signal) => {
            release();
            resolve(code ?? 128 + (signal !== null ? os.constants.signals[signal] : 0));
        });
    });
}

/**
 * Refuses an up of a stack that claims a hostname, an adopted Droplet, a
 * database, a zone or a VPC another stack file claims too (a stack copied by
 * `npm run new-stack` and not yet edited): each up of one would undo the
 * other's. A stack file that cannot be read is the program's to report.
 */
function checkNothingShared(repoRoot: string, stack: string): void {
    let shared: SharedClaim[];
    try {
        shared = sharedWithOtherStacks(repoRoot, stack, readStackConfig(repoRoot, stack));
    } catch {
        return;
    }
    if (shared.length > 0) {
        throw new DeliveryRefusal([
            `stack ${stack} claims what another stack of this project claims; replace these in Pulumi.${stack}.yaml before its up (docs/new-stack.md):`,
            ...shared.map((c) => `  ${sharedClaimMessage(c)}`),
        ].join("\n"));
    }
}

interface DeliveryRequest {
    readonly command: DeliveryCommand;
    readonly stack: string;
    readonly yes: boolean;
    readonly passThrough: readonly string[];
}

async function runDelivery(request: DeliveryRequest, env: NodeJS.ProcessEnv): Promise<number> {
    const { command, stack, yes } = request;
    checkPassThrough(request.passThrough);
    const repoRoot = resolveRepoRoot(env);
    const files = checkStack(repoRoot, stack);
    if (command === "up") {
        checkNothingShared(repoRoot, stack);
    }
    checkPolicyPackBuild(command, files);
    const pulumi = findExecutable("pulumi", env);
    if (pulumi === undefined) {
        throw new DeliveryRefusal(pulumiMissingMessage(stack));
    }
    checkPulumiVersion(pulumi, env);
    let config: StackConfig | undefined;
    if (command === "up") {
        config = stackConfigOrUndefined(repoRoot, stack);
        // A config Pulumi would refuse is reported by the program itself, with every problem.
        // The targeted up that creates a new stack's repositories runs no task.
        if (config !== undefined && upRunsTasks(config, request.passThrough)) {
            checkImagesExist(config, env);
        }
    }
    // Pulumi itself only prompts when both ends are terminals.
    const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
    const production = isProductionStack(repoRoot, stack);
    switch (confirmationFor({ command, production, yes, terminal })) {
        case "refuse":
            throw new DeliveryRefusal(unconfirmedMessage(command, stack, production));
        case "type-stack-name": {
            const answer = await ask(confirmationPrompt(command, stack), process.stdin, process.stderr);
            process.stdin.pause();
            if (!confirms(answer, stack)) {
                throw new DeliveryRefusal(notConfirmedMessage(stack));
            }
            break;
        }
        case "none":
        case "pulumi-prompt":
            break;
    }
    // Release tasks (database migrations) run before anything else moves; a
    // targeted up of the user's own is theirs to sequence.
    if (command === "up" && config !== undefined && config.releases.length > 0 && targetsOf(request.passThrough) === undefined) {
        const released = await runReleases({ pulumi, aws: findExecutable("aws", env), config, repoRoot, stack, yes, env, write: (t) => process.stderr.write(t) });
        if (released !== 0) {
            return released;
        }
    }
    const invocation = buildPulumiInvocation({ command, stack, repoRoot, yes, passThrough: request.passThrough }, env);
    return runPulumi(pulumi, invocation, terminal);
}

/** Parses argv (without node and the script), runs the command, and returns the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
    let exitCode = 0;
    const program = new Command("npm run")
        .description("Runs the Pulumi CLI on one stack, always with the stack's policy pack.")
        .exitOverride();
    for (const command of DELIVERY_COMMANDS) {
        const sub = program.command(command)
            .description(DESCRIPTIONS[command])
            .usage(`-- --stack <name>${command === "preview" ? "" : " [--yes]"} [-- <pulumi flags>]`)
            .requiredOption("-s, --stack <name>", "the stack: a Pulumi.<name>.yaml and policies/config/<name>.json must exist")
            .argument("[pulumi-args...]", "extra pulumi flags, after `--` (e.g. -- --diff --refresh)");
        if (command !== "preview") {
            sub.option("-y, --yes", "confirm without a prompt (pulumi --yes --skip-preview=false: the preview still runs)");
        }
        sub.action(async (passThrough: string[], options: { stack: string; yes?: boolean }) => {
            exitCode = await runDelivery({ command, stack: options.stack, yes: options.yes === true, passThrough }, env);
        });
    }
    try {
        await program.parseAsync([...argv], { from: "user" });
        return exitCode;
    } catch (err) {
        if (err instanceof CommanderError) {
            // Commander has already printed its message (or the help).
            if (err.code === "commander.unknownOption") {
                process.stderr.write(PASS_THROUGH_HINT);
            }
            return err.exitCode === 0 ? 0 : REFUSAL_EXIT_CODE;
        }
        if (err instanceof DeliveryRefusal) {
            process.stderr.write(`error: ${err.message}\n`);
            return err.exitCode;
        }
        throw err;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => { process.exitCode = code; },
        (err: unknown) => {
            process.stderr.write(`error: could not run pulumi: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exitCode = 1;
        },
    );
}
