// A new team's own stack: `npm run new-stack` in a copy of the project, then
// the plan of the new stack, as docs/new-stack.md says: it runs the first time
// (exit 0, no violation, no foreign policy config entry) and warns of what the
// copy still shares with its source, which `npm run up` refuses; every
// command it prints works (tests/helpers/printed-commands.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStackConfig } from "../components/config";
import { main as delivery } from "../tools/delivery/cli";
import { main as plan } from "../tools/plan/cli";
import { main as stacks } from "../tools/stacks/cli";
import { readStackConfig } from "../tools/stack-file";
import { findConfigCommands, runOnStackFile } from "./helpers/printed-commands";

const ROOT = path.resolve(__dirname, "..");

function projectCopy(): string {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "new-stack-")));
    for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "policies/config/dev.json", "policies/config/prod.json"]) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    }
    return dir;
}

async function run(argv: string[], root: string) {
    let stdout = "";
    let stderr = "";
    const code = await stacks(argv, { root, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    return { code, stdout, stderr };
}

describe("npm run new-stack: a stack of one's own", function () {
    this.timeout(120_000);
    let dir: string;
    const made: Record<string, { stdout: string; json: any; code: number }> = {};

    before(async () => {
        dir = projectCopy();
        for (const [stack, environment] of [["staging", "prod"], ["qa", "dev"]]) {
            const created = await run(["new-stack", "--stack", stack, "--environment", environment], dir);
            assert.strictEqual(created.code, 0, created.stderr);
            made[stack] = { stdout: created.stdout, json: undefined, code: -1 };
        }
        // One whole plan, of the stack started from prod (the harder case: adopted Droplets, pendingFirewall to rename); qa's config is parsed below.
        made.staging.code = await plan(["--stack", "staging", "--json", "staging.json"], { root: dir, cwd: dir, stdout: () => undefined, stderr: (t) => assert.fail(t), progress: false });
        made.staging.json = JSON.parse(fs.readFileSync(path.join(dir, "staging.json"), "utf8"));
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("plans the first time: exit 0, no violation, no foreign policy config entry, and a warning for each thing it still shares with prod", () => {
        const { code, json } = made.staging;
        assert.deepStrictEqual([code, json.violations, json.policyConfigNotes, json.environment], [0, [], [], "prod"]);
        assert.deepStrictEqual(json.warnings.map((w: string) => w.slice(0, w.indexOf(":", "migration:".length))), [
            "migration:services[0].hostname", "migration:services[0].legacy.droplets[0].id", "migration:services[0].legacy.droplets[1].id", "migration:services[0].legacy.droplets[2].id",
            "migration:services[1].hostname", "migration:services[1].legacy.droplets[0].id", "migration:services[1].legacy.droplets[1].id", "migration:services[2].legacy.droplets[0].id",
            "migration:legacy.databases[0].clusterId", "migration:legacy.adoptVpcId",
        ]);
        assert.strictEqual(json.warnings[0], "migration:services[0].hostname: \"www.example.com\" is stack prod's too (Pulumi.prod.yaml, migration:services[0].hostname): two stacks cannot serve one hostname (their Route 53 records and certificates collide, and each `up` rewrites the other's); allowed a hostname of this stack's own");
        const qa = parseStackConfig(readStackConfig(dir, "qa"));
        assert.deepStrictEqual([qa.environment, qa.warnings], ["dev", []]);
    });

    it("says what it wrote, what it rewrote of the policy config, and what comes next", () => {
        assert.strictEqual(made.staging.stdout, [
            "Wrote Pulumi.staging.yaml and policies/config/staging.json from stack prod.",
            "  pendingFirewall tag:migration-prod-web → tag:migration-staging-web (this stack's Droplets)",
            "  pendingFirewall tag:migration-prod-api → tag:migration-staging-api (this stack's Droplets)",
            "  pendingFirewall tag:migration-prod-mailer → tag:migration-staging-mailer (this stack's Droplets)",
            "",
            "Next:",
            "  1. Edit Pulumi.staging.yaml: its header lists what is still prod's (zone, hostnames, networks, Droplets, databases, ARNs).",
            "  2. npm run plan -- --stack staging    # offline, works now (secrets read as placeholders)",
            "  3. With the Pulumi CLI: pulumi stack init staging, then set each secret:",
            "     pulumi config set --secret migration:webDatabaseUrl <value> --stack staging",
            "  4. Commit both files: the pull-request and deploy workflows pick the stack up from Pulumi.staging.yaml (docs/new-stack.md).",
            "",
        ].join("\n"));
        const policy = JSON.parse(fs.readFileSync(path.join(dir, "policies", "config", "staging.json"), "utf8"));
        assert.deepStrictEqual(policy["networking-do-droplet-firewalled"], { pendingFirewall: ["tag:migration-staging-web", "tag:migration-staging-api", "tag:migration-staging-mailer"] });
        assert.deepStrictEqual(policy.all, "mandatory");
    });

    it("writes the stack file with its environment, a header of what to change, and no secret of the old stack", () => {
        const text = fs.readFileSync(path.join(dir, "Pulumi.qa.yaml"), "utf8");
        assert.ok(text.startsWith("# qa (environment dev): started by `npm run new-stack` from Pulumi.dev.yaml.\n"), text.slice(0, 200));
        const old = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8").match(/secure: (\S+)/)![1];
        assert.ok(!text.includes(old), "the old stack's ciphertext is not copied");
        assert.match(text, /secure: "set me: pulumi config set --secret migration:webDatabaseUrl <value> --stack qa"/);
        assert.strictEqual(readStackConfig(dir, "qa").values["migration:environment"], "dev");
    });

    it("npm run up refuses it while it shares them, naming each, before it looks for the Pulumi CLI", async () => {
        let stderr = "";
        const write = process.stderr.write;
        process.stderr.write = ((t: string) => { stderr += t; return true; }) as typeof process.stderr.write;
        let code: number;
        try {
            code = await delivery(["up", "--stack", "staging", "--yes"], { MIGRATION_DELIVERY_ROOT: dir, PATH: "" });
        } finally {
            process.stderr.write = write;
        }
        const lines = stderr.split("\n");
        assert.deepStrictEqual([code, lines[0], lines.length], [2, "error: stack staging claims what another stack of this project claims; replace these in Pulumi.staging.yaml before its up (docs/new-stack.md):", 1 + 10 + 1]);
        assert.strictEqual(lines[1], `  ${made.staging.json.warnings[0]}`);
    });

    it("every command it prints works on the new stack file", () => {
        const commands = findConfigCommands(made.staging.stdout);
        assert.deepStrictEqual(commands, ["pulumi config set --secret migration:webDatabaseUrl <value> --stack staging"]);
        const after = runOnStackFile(fs.readFileSync(path.join(dir, "Pulumi.staging.yaml"), "utf8"), commands, { project: "migration", stack: "staging", substitutions: { "<value>": "postgres://app@db/app" } });
        fs.writeFileSync(path.join(dir, "Pulumi.check.yaml"), after);
        assert.doesNotThrow(() => parseStackConfig(readStackConfig(dir, "check")));
        fs.rmSync(path.join(dir, "Pulumi.check.yaml"));
    });

    describe("refuses, before writing anything", () => {
        const cases: [string, string[], string][] = [
            ["a stack that exists", ["--stack", "prod", "--environment", "prod"], "error: --stack: prod exists already (Pulumi.prod.yaml); allowed a new name\n"],
            ["a name Pulumi refuses", ["--stack", "my stack", "--environment", "dev"], "error: --stack: \"my stack\" is not a stack name; allowed letters, digits, ., _ and -, starting with a letter or digit\n"],
            ["a source that is not a stack", ["--stack", "eu", "--environment", "prod", "--from", "prd"], "error: --from: \"prd\" is not a stack of this project (did you mean prod?); allowed dev, prod, qa, staging\n"],
            ["a source of the other environment", ["--stack", "eu", "--environment", "prod", "--from", "dev"], "error: --from: dev is a dev-environment stack; allowed a prod stack to start a prod one from (its policy config and defaults are prod's)\n"],
            ["an environment that is neither", ["--stack", "eu", "--environment", "test"], "error: option '--environment <environment>' argument 'test' is invalid. Allowed choices are dev, prod.\n"],
        ];
        for (const [title, args, message] of cases) {
            it(title, async () => {
                const before = fs.readdirSync(dir).sort();
                const result = await run(["new-stack", ...args], dir);
                assert.deepStrictEqual(result, { code: 2, stdout: "", stderr: message });
                assert.deepStrictEqual(fs.readdirSync(dir).sort(), before);
            });
        }
    });
});
