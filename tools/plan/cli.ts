// `npm run plan -- --stack <name>`: the offline plan. Exit 0 when nothing
// mandatory is violated, 1 on mandatory violations, 2 on a bad stack name,
// bad config or bad flags (the message, never a stack trace).
import * as fs from "fs";
import { Command, CommanderError, Option } from "commander";
import { buildPlan, exitCodeOf, PlanInputError } from "./plan";
import { renderJson, renderMarkdown, renderState, renderText } from "./render";

function keyValue(flag: string) {
    return (pair: string, previous: Record<string, string> = {}): Record<string, string> => {
        const at = pair.indexOf("=");
        if (at <= 0) {
            throw new PlanInputError(`${flag}: ${JSON.stringify(pair)} is not key=value; for example ${flag} migration:dns='{"zoneName":"example.com"}'`);
        }
        return { ...previous, [pair.slice(0, at)]: pair.slice(at + 1) };
    };
}

function writeFile(flag: string, file: string, text: string): void {
    try {
        fs.writeFileSync(file, text);
    } catch (err) {
        throw new PlanInputError(`${flag}: cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
}

/** A one-line, overwritten progress display on a terminal; nothing when piped. */
function progressReporter(): { update(message: string): void; done(): void } {
    if (!process.stderr.isTTY) {
        return { update: () => undefined, done: () => undefined };
    }
    const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    let message = "";
    let frame = 0;
    const draw = () => process.stderr.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${message}`);
    const timer = setInterval(draw, 100);
    timer.unref();
    return {
        update(next: string) {
            message = next;
            draw();
        },
        done() {
            clearInterval(timer);
            process.stderr.write("\r\x1b[2K");
        },
    };
}

export async function main(argv: readonly string[]): Promise<number> {
    const program = new Command()
        .name("npm run plan --")
        .description("Offline plan: runs the real program under Pulumi's mock runtime and evaluates the real policy pack. No Pulumi CLI or cloud account needed.")
        .requiredOption("-s, --stack <name>", "stack to plan (a Pulumi.<name>.yaml in the project)")
        .option("--config <key=value>", "override a config value for this run (repeatable; the migration: prefix may be omitted)", keyValue("--config"))
        .option("--secret <key=value>", "set a secret config value for this run (repeatable); it stays secret in every output", keyValue("--secret"))
        .option("--policy-config <file>", "policy pack config (default policies/config/<stack>.json)")
        .option("--json <file>", "write the whole plan as JSON for bots")
        .option("--markdown <file>", "write a pull-request comment summary")
        .addOption(new Option("--state <file>", "write the plan as a Pulumi stack export (deployment v3) for `pulumi policy analyze --file`"))
        .option("--preview", "plan as a preview of a new stack: provider-computed values (ids, ARNs, IPs) stay unknown, as policies see them in `pulumi preview`")
        .option("-q, --quiet", "print only the result line and violations")
        .exitOverride()
        .configureOutput({ writeErr: (text) => process.stderr.write(text) })
        .allowExcessArguments(false);

    let options: { stack: string; config?: Record<string, string>; secret?: Record<string, string>; policyConfig?: string; json?: string; markdown?: string; state?: string; preview?: boolean; quiet?: boolean };
    try {
        program.parse(argv, { from: "user" });
        options = program.opts();
    } catch (err) {
        if (err instanceof CommanderError) {
            // Help and version are successes; commander has printed the message.
            return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : 2;
        }
        if (err instanceof PlanInputError) {
            process.stderr.write(`error: ${err.message}\n`);
            return 2;
        }
        throw err;
    }

    if (options.preview && options.state) {
        process.stderr.write("error: --state: a stack export holds deployed values, and a --preview plan has unknown ones; drop one of the two flags\n");
        return 2;
    }
    const progress = progressReporter();
    try {
        const plan = await buildPlan({
            stack: options.stack,
            overrides: { config: options.config, secrets: options.secret },
            policyConfigFile: options.policyConfig,
            preview: options.preview,
            onProgress: (m) => progress.update(m),
        });
        progress.done();
        const text = renderText(plan);
        process.stdout.write(options.quiet ? text.split("\n").filter((l) => /^(Result|\s+\[|\s{10})/.test(l)).join("\n") + "\n" : text);
        if (options.json) {
            writeFile("--json", options.json, renderJson(plan));
        }
        if (options.markdown) {
            writeFile("--markdown", options.markdown, renderMarkdown(plan));
        }
        if (options.state) {
            writeFile("--state", options.state, renderState(plan));
        }
        return exitCodeOf(plan);
    } catch (err) {
        progress.done();
        if (err instanceof PlanInputError) {
            process.stderr.write(`error: ${err.message}\n`);
            return 2;
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
