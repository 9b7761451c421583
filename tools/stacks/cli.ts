// `npm run new-stack -- --stack <name> --environment <dev|prod> [--from <stack>]`:
// writes Pulumi.<name>.yaml and policies/config/<name>.json from an existing
// stack of the same environment, and prints what to do next.
// `npm run stacks [-- --github-output <file>]`: the stacks and their
// environments as JSON, for the workflows' matrices.
// Exit 0 on success, 2 on a bad name or flag (one message, no trace).
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { newStackFiles, projectStacks, StacksError } from "./stacks";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface StacksContext {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** The project. @default the repository root */
    readonly root: string;
}

export async function main(argv: readonly string[], context: Partial<StacksContext> = {}): Promise<number> {
    const io: StacksContext = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), root: REPO_ROOT, ...context };
    const program = new Command().name("npm run").exitOverride()
        .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) });

    program.command("new-stack").description("Start a new stack: Pulumi.<stack>.yaml and policies/config/<stack>.json from an existing stack of the same environment (docs/new-stack.md).")
        .requiredOption("--stack <name>", "the new stack's name")
        .addOption(new Option("--environment <environment>", "dev or prod: the per-environment defaults and policy levels").choices(["dev", "prod"]).makeOptionMandatory())
        .option("--from <stack>", "the stack to start from (default: the stack named like the environment)")
        .action((options: { stack: string; environment: "dev" | "prod"; from?: string }) => {
            const made = newStackFiles(io.root, options);
            for (const [file, text] of Object.entries(made.files)) {
                fs.writeFileSync(path.join(io.root, file), text, { flag: "wx" });
            }
            io.stdout([
                `Wrote ${Object.keys(made.files).join(" and ")} from stack ${made.from}.`,
                ...made.changes.map((c) => `  ${c}`),
                "",
                "Next:",
                `  1. Edit Pulumi.${options.stack}.yaml: its header lists what is still ${made.from}'s (zone, hostnames, networks, Droplets, databases, ARNs).`,
                `  2. npm run plan -- --stack ${options.stack}    # offline, works now (secrets read as placeholders)`,
                ...(made.secrets.length > 0 ? [
                    `  3. With the Pulumi CLI: pulumi stack init ${options.stack}, then set each secret:`,
                    ...made.secrets.map((key) => `     pulumi config set --secret ${key} <value> --stack ${options.stack}`),
                ] : [`  3. With the Pulumi CLI: pulumi stack init ${options.stack}`]),
                `  4. Commit both files: the pull-request and deploy workflows pick the stack up from Pulumi.${options.stack}.yaml (docs/new-stack.md).`,
                "",
            ].join("\n"));
        });
    program.command("stacks").description("The project's stacks with their environments, as JSON (the workflows' matrices).")
        .option("--github-output <file>", "append stacks=, dev_stacks= and prod_stacks= lines (JSON lists of names) to this file ($GITHUB_OUTPUT)")
        .action((options: { githubOutput?: string }) => {
            const stacks = projectStacks(io.root);
            const names = (environment?: "dev" | "prod") => JSON.stringify(stacks.filter((s) => environment === undefined || s.environment === environment).map((s) => s.stack));
            const lines = [`stacks=${names()}`, `dev_stacks=${names("dev")}`, `prod_stacks=${names("prod")}`];
            if (options.githubOutput !== undefined) {
                fs.appendFileSync(options.githubOutput, `${lines.join("\n")}\n`);
            }
            io.stdout(`${JSON.stringify(stacks, null, 2)}\n`);
        });
    try {
        await program.parseAsync(argv, { from: "user" });
    } catch (err) {
        if (err instanceof CommanderError) {
            return err.code === "commander.helpDisplayed" || err.code === "commander.help" || err.code === "commander.version" ? 0 : 2;
        }
        if (err instanceof StacksError) {
            io.stderr(`error: ${err.message}\n`);
            return 2;
        }
        throw err;
    }
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
        console.error(err);
        process.exitCode = 3;
    });
}
