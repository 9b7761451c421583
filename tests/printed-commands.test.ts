// Every `pulumi config` command the tool prints is run against a copy of the
// stack file (tests/helpers/printed-commands.ts emulates the CLI) and must
// lead to a config the plan accepts: the plan's text, Markdown and JSON
// (next steps, the traffic output, reverts under --against), the runbook and
// the other guides, --help and config error messages. One base plan and one
// head plan serve every assertion.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, parseStackConfig } from "../components/config";
import { main } from "../tools/plan/cli";
import { readStackConfig } from "../tools/stack-file";
import { applyConfigCommand, findConfigCommands, HarnessRefusal, parseConfigCommands, parsePropertyPath, adjustValue, runOnStackFile } from "./helpers/printed-commands";

const ROOT = path.resolve(__dirname, "..");
const ZONE_ID = "Z0123456789ABCDEFGHIJ";

/** The config problems of a stack file's text, [] when the plan accepts it (parsed as `npm run plan` parses it). */
function problemsOf(stack: string, text: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "printed-"));
    try {
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
        parseStackConfig(readStackConfig(dir, stack));
        return [];
    } catch (err) {
        if (err instanceof ConfigError) {
            return [...err.problems];
        }
        throw err;
    }
}

const stackFile = (stack: string) => fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8");
const servicesOf = (text: string) => JSON.parse(readStackConfigText("dev", text).values["migration:services"]) as Record<string, any>[];

function readStackConfigText(stack: string, text: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "printed-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
    return readStackConfig(dir, stack);
}

describe("the harness emulates pulumi config set/rm", () => {
    const context = { project: "migration", stack: "dev" };
    const run = (config: Record<string, unknown>, chain: string) => {
        for (const c of parseConfigCommands(chain, context)) {
            applyConfigCommand(config, c);
        }
        return config;
    };

    it("parses property paths as resource.ParsePropertyPath does", () => {
        assert.deepStrictEqual(parsePropertyPath("services[0].traffic.fargatePercent"), ["services", 0, "traffic", "fargatePercent"]);
        assert.deepStrictEqual(parsePropertyPath('tags["a.b"].c'), ["tags", "a.b", "c"]);
        assert.throws(() => parsePropertyPath("[0]"), HarnessRefusal);
    });

    it("adjusts --path values as adjustObjectValue does", () => {
        assert.deepStrictEqual(["true", "false", "25", "0", "007", "1.9.0", "-3"].map(adjustValue), [true, false, 25, 0, "007", "1.9.0", -3]);
    });

    it("sets inside lists and maps, creating what is missing, appending at the end only", () => {
        const config: Record<string, unknown> = { "migration:services": [{ name: "web", traffic: { fargatePercent: 0 } }] };
        run(config, "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 5 --stack dev && pulumi config set --path 'services[0].fargate.canary.imageTag' 1.9.0");
        assert.deepStrictEqual(config["migration:services"], [{ name: "web", traffic: { fargatePercent: 5 }, fargate: { canary: { imageTag: "1.9.0" } } }]);
        assert.throws(() => run(config, "pulumi config set --path 'services[3].name' x"), /array index out of range/);
        assert.throws(() => run(config, "pulumi config set --path 'services[0].name.first' x"), /a map was expected/);
        run(config, "pulumi config rm --path 'services[0].fargate.canary' && pulumi config rm --path 'services[0].nothing.here'");
        assert.deepStrictEqual(config["migration:services"], [{ name: "web", traffic: { fargatePercent: 5 }, fargate: {} }]);
        run(config, "pulumi config set environment prod && pulumi config set --secret webDatabaseUrl x");
        assert.deepStrictEqual([config["migration:environment"], config["migration:webDatabaseUrl"]], ["prod", { secure: "harness-ciphertext-of-migration:webDatabaseUrl" }]);
    });

    it("refuses loudly what it does not emulate", () => {
        const refusals: [string, RegExp][] = [
            ["pulumi config set --path 'a.b' x --json", /--json is not supported/],
            ["pulumi config set a", /takes a key and a value/],
            ["pulumi config set --secret --path 'a.b' x", /--secret with --path/],
            ["pulumi config set a x --stack prod", /names stack prod/],
            ["pulumi config set a \"$(pulumi stack output x)\"", /command substitution/],
            ["pulumi config set a <value>", /placeholder <value>/],
            ["pulumi config set a $HOME", /\$HOME/],
            ["pulumi config set a x; pulumi up", /not supported/],
            ["pulumi config get a", /not a pulumi config set or rm/],
        ];
        for (const [chain, message] of refusals) {
            assert.throws(() => parseConfigCommands(chain, context), message, chain);
        }
    });

    it("finds commands in shell lines, prose backticks, JSON strings and continuations", () => {
        assert.deepStrictEqual(findConfigCommands([
            "$ pulumi config set a 1 --stack dev   # a comment",
            "run `pulumi config rm --path 'a.b' --stack dev`, then up",
            '"advance": "pulumi config set --path \'migration:x\' 5 --stack dev",',
            "pulumi config set --path 'a.b' \\",
            "    2 --stack dev",
        ].join("\n")), [
            "pulumi config set a 1 --stack dev",
            "pulumi config rm --path 'a.b' --stack dev",
            "pulumi config set --path 'migration:x' 5 --stack dev",
            "pulumi config set --path 'a.b' 2 --stack dev",
        ]);
    });
});

describe("every config command the tool prints leads to a config the plan accepts", function () {
    this.timeout(180_000);
    let dir: string;
    const printed: Record<string, string> = {};

    before(async () => {
        // Base: dev with a canary on api (saved with --json); head: dev as committed, the canary abandoned.
        // (api: web rolls out by ECS canary, which the config canary cannot join.)
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "printed-plans-"));
        const services = servicesOf(stackFile("dev"));
        services[1].fargate.canary = { imageTag: "2.4.0", percent: 10 };
        const quiet = { stdout: () => undefined, stderr: (t: string) => { throw new Error(t); }, progress: false, cwd: dir };
        assert.strictEqual(await main(["--stack", "dev", "--config", `services=${JSON.stringify(services)}`, "--json", "base.json"], quiet), 0);
        let text = "";
        const code = await main(["--stack", "dev", "--against", "base.json", "--json", "head.json", "--markdown", "head.md"], { ...quiet, stdout: (t) => { text += t; } });
        assert.strictEqual(code, 0);
        printed.text = text;
        printed.markdown = fs.readFileSync(path.join(dir, "head.md"), "utf8");
        printed.json = fs.readFileSync(path.join(dir, "head.json"), "utf8");
        let help = "";
        await main(["--help"], { stdout: (t) => { help += t; }, stderr: () => undefined, progress: false });
        printed.help = help;
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("the plan prints next-step commands in text and Markdown, the same the JSON and the traffic output hold", () => {
        const json = JSON.parse(printed.json) as { traffic: { commands: Record<string, string | null> }[]; outputs: { traffic: { commands: Record<string, string | null> }[] } };
        const fromJson = json.traffic.flatMap((t) => Object.values(t.commands).filter((c): c is string => c !== null));
        assert.deepStrictEqual(json.outputs.traffic.flatMap((t) => Object.values(t.commands).filter((c) => c !== null)), fromJson);
        assert.strictEqual(fromJson.length, 6);
        for (const command of fromJson) {
            assert.ok(printed.text.includes(`    ${command}\n`), command);
            assert.ok(printed.markdown.includes(`\n${command}\n`), command);
        }
    });

    it("each next-step command, run alone on the stack file, gives a config the plan accepts", () => {
        const commands = [...new Set(findConfigCommands(printed.text).filter((c) => !c.includes(" && ")))];
        assert.ok(commands.length >= 6, commands.join("\n"));
        for (const command of commands) {
            assert.deepStrictEqual(problemsOf("dev", runOnStackFile(stackFile("dev"), [command], { project: "migration", stack: "dev" })), [], command);
        }
    });

    it("the revert of the abandoned canary puts it back whole, and the plan accepts it", () => {
        const reverts = [...new Set([...findConfigCommands(printed.text), ...findConfigCommands(printed.markdown), ...findConfigCommands(printed.json)].filter((c) => c.includes("canary")))];
        assert.deepStrictEqual(reverts, [
            "pulumi config set --path 'migration:services[1].fargate.canary.imageTag' 2.4.0 --stack dev && pulumi config set --path 'migration:services[1].fargate.canary.percent' 10 --stack dev",
        ]);
        const after = runOnStackFile(stackFile("dev"), reverts, { project: "migration", stack: "dev" });
        assert.deepStrictEqual(problemsOf("dev", after), []);
        assert.deepStrictEqual(servicesOf(after)[1].fargate.canary, { imageTag: "2.4.0", percent: 10 });
    });

    it("--help prints no config command (so none can be wrong)", () => {
        assert.deepStrictEqual(findConfigCommands(printed.help), []);
    });

    it("the runbook's commands, run in order on prod's stack file, give a config the plan accepts after each block", () => {
        const runbook = fs.readFileSync(path.join(ROOT, "docs", "runbook.md"), "utf8");
        const context = { project: "migration", stack: "prod", substitutions: { "\"$(pulumi stack output zoneId --stack prod)\"": ZONE_ID, "'<value>'": "postgres://app@db/app" } };
        let text = stackFile("prod");
        let ran = 0;
        const blocks = [...runbook.matchAll(/```sh\n([\s\S]*?)```/g), ...runbook.matchAll(/`(pulumi config set[^`]*)`/g)].map((m) => m[1]);
        for (const block of blocks) {
            const commands = findConfigCommands(block);
            if (commands.length === 0) {
                continue;
            }
            text = runOnStackFile(text, commands, context);
            ran += commands.length;
            assert.deepStrictEqual(problemsOf("prod", text), [], block);
        }
        // Phase 4 moves traffic with `npm run traffic -- next` (tests/traffic-gate.test.ts), not a config command.
        assert.strictEqual(ran, 5);
    });

    it("the other guides' commands each give a config the plan accepts", () => {
        let ran = 0;
        for (const file of ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => !["runbook.md", "config.md", "policies.md", "provider-rules.md"].includes(f)).map((f) => `docs/${f}`)]) {
            const text = fs.readFileSync(path.join(ROOT, file), "utf8");
            for (const command of findConfigCommands(text)) {
                const stack = / --stack (\w+)/.exec(command)?.[1] ?? "dev";
                const substitutions = { "migration:<key> <value>": "migration:webDatabaseUrl postgres://x", "'<value>'": "postgres://x", "pulumi config set --path … --stack …": "" };
                if (command.includes("…")) {
                    continue; // prose that names the form, not a command
                }
                // A guide's example stack (docs/new-stack.md's staging) is run on the example of its environment.
                const source = fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`)) ? stack : "dev";
                const after = runOnStackFile(stackFile(source), [command], { project: "migration", stack, substitutions });
                assert.deepStrictEqual(problemsOf(stack, after), [], `${file}: ${command}`);
                ran++;
            }
        }
        assert.ok(ran >= 5, String(ran));
    });

    it("the commands config errors print work: the environment, a missing secret", () => {
        const staging = stackFile("dev").replace("  migration:environment: dev\n", "");
        const dirStaging = fs.mkdtempSync(path.join(os.tmpdir(), "printed-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dirStaging, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dirStaging, "Pulumi.staging.yaml"), staging);
        let problems: readonly string[] = [];
        try {
            parseStackConfig(readStackConfig(dirStaging, "staging"));
        } catch (err) {
            problems = (err as ConfigError).problems;
        }
        const commands = problems.flatMap(findConfigCommands);
        assert.deepStrictEqual(commands, ["pulumi config set migration:environment dev --stack staging"]);
        const fixed = runOnStackFile(staging, commands, { project: "migration", stack: "staging" });
        fs.writeFileSync(path.join(dirStaging, "Pulumi.staging.yaml"), fixed);
        assert.doesNotThrow(() => parseStackConfig(readStackConfig(dirStaging, "staging")));
        fs.rmSync(dirStaging, { recursive: true, force: true });

        const noSecret = stackFile("dev").replace(/  migration:webDatabaseUrl:\n    secure: \S+\n/, "");
        const missing = problemsOf("dev", noSecret).flatMap(findConfigCommands);
        assert.deepStrictEqual(missing, ["pulumi config set --secret migration:webDatabaseUrl <value> --stack dev"]);
        assert.deepStrictEqual(problemsOf("dev", runOnStackFile(noSecret, missing, { project: "migration", stack: "dev", substitutions: { "<value>": "postgres://app@db/app" } })), []);
    });
});
