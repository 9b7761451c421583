// The plan CLI around the plan: flags, output files and --secret, run
// in-process through main() as a user would run it. Every refusal happens
// before the plan runs; the few cases that need a whole plan say so.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main, type CliContext } from "../tools/plan/cli";
import { resolveOutputs, writeAllOrNothing } from "../tools/plan/outputs";
import { nearest } from "../tools/plan/overrides";
import { readStackConfig } from "../tools/stack-file";
import { leftoverPacks } from "./helpers/packs";

const ROOT = path.resolve(__dirname, "..");

interface Run { code: number; stdout: string; stderr: string }

async function cli(args: string[], context: Partial<CliContext> = {}): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, progress: false, ...context });
    return { code, stdout, stderr };
}

const made: string[] = [];

function tempDir(prefix = "plan-cli-"): string {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    made.push(dir);
    return dir;
}

/** Every file under dir (but .git) with a hash of its content or link target: to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, entry.name);
            if (entry.name === ".git") {
                continue;
            }
            if (entry.isSymbolicLink()) {
                out[path.relative(dir, full)] = `-> ${fs.readlinkSync(full)}`;
            } else if (entry.isDirectory()) {
                walk(full);
            } else {
                out[path.relative(dir, full)] = crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex");
            }
        }
    };
    walk(dir);
    return out;
}

/** A copy of the project's stack files, policy config and a few sources, committed to its own git index. */
function projectCopy(): string {
    const dir = tempDir("plan-project-");
    for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "index.ts", "package.json", "README.md", "policies/config/dev.json", "policies/config/prod.json"]) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    }
    execFileSync("git", ["init", "-q", dir]);
    execFileSync("git", ["-C", dir, "add", "."]);
    return dir;
}

const ALLOWED = "allowed a path outside the project's sources and config, such as plan.json or a file in a temporary directory (docs/plan.md: \"Output files\")";

describe("plan CLI: flags, output files, --secret", function () {
    this.timeout(180_000);

    afterEach(() => {
        assert.deepStrictEqual(leftoverPacks(), [], "a policy pack process was left running");
    });

    after(() => {
        for (const dir of made.splice(0)) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    describe("a value that looks like a flag, and a single-value flag given twice, exit 2", () => {
        const cases: [string, string[], string][] = [
            ["--json --preview", ["--stack", "dev", "--json", "--preview"],
                "error: --json: \"--preview\" looks like a flag, not a value; allowed a file after --json (write ./--preview for a file whose name starts with a dash)\n"],
            ["--markdown --json x", ["--stack", "dev", "--markdown", "--json", "x.json"],
                "error: --markdown: \"--json\" looks like a flag, not a value; allowed a file after --markdown (write ./--json for a file whose name starts with a dash)\n"],
            ["--state=--quiet", ["--stack", "dev", "--state=--quiet"],
                "error: --state: \"--quiet\" looks like a flag, not a value; allowed a file after --state (write ./--quiet for a file whose name starts with a dash)\n"],
            ["--stack --json", ["--stack", "--json", "plan.json"],
                "error: --stack: \"--json\" looks like a flag, not a value; allowed a stack name after --stack\n"],
            ["--policy-config -q", ["--stack", "dev", "--policy-config", "-q"],
                "error: --policy-config: \"-q\" looks like a flag, not a value; allowed a file after --policy-config (write ./-q for a file whose name starts with a dash)\n"],
            ["--secret --preview", ["--stack", "dev", "--secret", "--preview"],
                "error: --secret: \"--preview\" looks like a flag, not a value; allowed key=value after --secret\n"],
            ["--stack twice", ["--stack", "dev", "--stack", "prod"],
                "error: --stack: given twice (\"dev\", then \"prod\"); allowed once\n"],
            ["-s and --stack", ["-s", "dev", "--stack", "prod"],
                "error: --stack: given twice (\"dev\", then \"prod\"); allowed once\n"],
            ["--json twice", ["--stack", "dev", "--json", "a.json", "--json", "b.json"],
                "error: --json: given twice (\"a.json\", then \"b.json\"); allowed once\n"],
            ["--markdown twice", ["--stack", "dev", "--markdown", "a.md", "--markdown=b.md"],
                "error: --markdown: given twice (\"a.md\", then \"b.md\"); allowed once\n"],
            ["--state twice", ["--stack", "dev", "--state", "a.json", "--state", "a.json"],
                "error: --state: given twice (\"a.json\", then \"a.json\"); allowed once\n"],
            ["--policy-config twice", ["--stack", "dev", "--policy-config", "a.json", "--policy-config", "b.json"],
                "error: --policy-config: given twice (\"a.json\", then \"b.json\"); allowed once\n"],
        ];
        for (const [title, args, message] of cases) {
            it(title, async () => {
                const dir = tempDir();
                const run = await cli(args, { cwd: dir });
                assert.deepStrictEqual(run, { code: 2, stdout: "", stderr: message });
                assert.deepStrictEqual(fs.readdirSync(dir), [], "no file was written");
            });
        }
    });

    describe("output paths that are the project's sources or config are refused before the plan runs", () => {
        let project: string;
        let outside: string;
        let initial: Record<string, string>;
        const everything = () => ({ ...snapshot(project), ...Object.fromEntries(Object.entries(snapshot(outside)).map(([k, v]) => [`outside/${k}`, v])) });
        before(() => {
            project = projectCopy();
            outside = tempDir();
            fs.symlinkSync("Pulumi.prod.yaml", path.join(project, "prod-link.json"));
            fs.symlinkSync(path.join(project, "Pulumi.dev.yaml"), path.join(outside, "dev-link.md"));
            fs.symlinkSync(path.join(project, "Pulumi.qa.yaml"), path.join(outside, "dangling.json"));
            fs.linkSync(path.join(project, "README.md"), path.join(outside, "hard-link.json"));
            fs.writeFileSync(path.join(project, "Pulumi.staging.yaml"), "config: {}\n"); // untracked, still a stack file
            fs.mkdirSync(path.join(project, "node_modules"));
            fs.writeFileSync(path.join(outside, "policy.json"), "{}\n");
            initial = everything();
        });
        afterEach(() => {
            assert.deepStrictEqual(everything(), initial, "a refused run changed or created a file");
        });

        const cases: [string, (p: string, o: string) => [string[], string, string]][] = [
            ["--json Pulumi.prod.yaml", (p) => [["--json", "Pulumi.prod.yaml"], p, `error: --json: Pulumi.prod.yaml is a Pulumi project or stack file of this project; ${ALLOWED}\n`]],
            ["--markdown Pulumi.dev.yaml", (p) => [["--markdown", "Pulumi.dev.yaml"], p, `error: --markdown: Pulumi.dev.yaml is a Pulumi project or stack file of this project; ${ALLOWED}\n`]],
            ["--state Pulumi.yaml", (p) => [["--state", "Pulumi.yaml"], p, `error: --state: Pulumi.yaml is a Pulumi project or stack file of this project; ${ALLOWED}\n`]],
            ["--json policies/config/prod.json", (p) => [["--json", "policies/config/prod.json"], p, `error: --json: policies/config/prod.json is policy pack config of this project; ${ALLOWED}\n`]],
            ["--markdown index.ts", (p) => [["--markdown", "index.ts"], p, `error: --markdown: index.ts is a source file of this project; ${ALLOWED}\n`]],
            ["--json package.json", (p) => [["--json", "package.json"], p, `error: --json: package.json is project config; ${ALLOWED}\n`]],
            ["a tracked file of no special kind (README.md)", (p) => [["--markdown", "README.md"], p, `error: --markdown: README.md is a file git tracks in this project; ${ALLOWED}\n`]],
            ["an untracked stack file", (p) => [["--json", "Pulumi.staging.yaml"], p, `error: --json: Pulumi.staging.yaml is a Pulumi project or stack file of this project; ${ALLOWED}\n`]],
            ["a file under node_modules/", (p) => [["--json", "node_modules/plan.json"], p, `error: --json: node_modules/plan.json is inside the project's node_modules/; ${ALLOWED}\n`]],
            ["a file under .git/", (p) => [["--json", ".git/config"], p, `error: --json: .git/config is inside the project's .git/; ${ALLOWED}\n`]],
            ["a relative symbolic link to a stack file", (p) => [["--json", "prod-link.json"], p,
                `error: --json: prod-link.json leads (through a symbolic link) to ${p}/Pulumi.prod.yaml, a Pulumi project or stack file of this project; ${ALLOWED}\n`]],
            ["a link from outside the project to a stack file", (p, o) => [["--markdown", path.join(o, "dev-link.md")], o,
                `error: --markdown: ${o}/dev-link.md leads (through a symbolic link) to ${p}/Pulumi.dev.yaml, a Pulumi project or stack file of this project; ${ALLOWED}\n`]],
            ["a dangling link to a stack file that would be created", (p, o) => [["--json", "dangling.json"], o,
                `error: --json: dangling.json leads (through a symbolic link) to ${p}/Pulumi.qa.yaml, a Pulumi project or stack file of this project; ${ALLOWED}\n`]],
            ["a hard link to a tracked file", (_p, o) => [["--json", "hard-link.json"], o, `error: --json: hard-link.json is a file git tracks in this project; ${ALLOWED}\n`]],
            ["the same path for two outputs", (_p, o) => [["--json", "plan.out", "--markdown", "./plan.out"], o,
                "error: --markdown: ./plan.out is the same file as the --json output plan.out; allowed a different file for each output\n"]],
            ["an input of the run", (_p, o) => [["--policy-config", "policy.json", "--json", "policy.json"], o,
                "error: --json: policy.json is the --policy-config input of this run; allowed a file that is not read by the run\n"]],
            ["a directory", (_p, o) => [["--state", o], o, `error: --state: ${o} is a directory; allowed a file path\n`]],
            ["a directory that does not exist", (_p, o) => [["--json", "missing/plan.json"], o,
                `error: --json: cannot write missing/plan.json: the directory ${o}/missing does not exist; allowed a file in an existing directory\n`]],
        ];
        for (const [title, make] of cases) {
            it(title, async function () {
                const [args, cwd, message] = make(project, outside);
                const run = await cli(["--stack", "dev", ...args], { cwd, root: project });
                assert.deepStrictEqual(run, { code: 2, stdout: "", stderr: message });
            });
        }

        it("refuses one file named twice, through a link", async () => {
            fs.writeFileSync(path.join(outside, "a.json"), "{}\n");
            fs.symlinkSync("a.json", path.join(outside, "a-link.json"));
            initial = everything();
            const run = await cli(["--stack", "dev", "--json", "a.json", "--state", "a-link.json"], { cwd: outside, root: project });
            assert.deepStrictEqual(run, { code: 2, stdout: "", stderr: "error: --state: a-link.json is the same file as the --json output a.json; allowed a different file for each output\n" });
        });

        it("protects the real project by default (no root given)", async () => {
            const text = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
            const run = await cli(["--stack", "dev", "--json", "Pulumi.prod.yaml"], { cwd: ROOT });
            assert.deepStrictEqual(run, { code: 2, stdout: "", stderr: `error: --json: Pulumi.prod.yaml is a Pulumi project or stack file of this project; ${ALLOWED}\n` });
            assert.strictEqual(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"), text);
        });
    });

    describe("resolveOutputs: what is allowed, and where it lands", () => {
        it("resolves links to their targets, keeps new files beside the project, and writes devices in place", () => {
            const project = projectCopy();
            const outside = tempDir();
            fs.writeFileSync(path.join(outside, "real.json"), "old\n");
            fs.symlinkSync(path.join(outside, "real.json"), path.join(project, "out.json"));
            const resolved = resolveOutputs([
                { flag: "--json", file: "out.json" },
                { flag: "--markdown", file: "plan-dev.md" },
                { flag: "--state", file: "/dev/null" },
            ], { cwd: project, root: project });
            assert.deepStrictEqual(resolved, [
                { flag: "--json", file: "out.json", target: path.join(outside, "real.json"), stream: false },
                { flag: "--markdown", file: "plan-dev.md", target: path.join(project, "plan-dev.md"), stream: false },
                { flag: "--state", file: "/dev/null", target: "/dev/null", stream: true },
            ]);
            assert.deepStrictEqual(resolveOutputs([{ flag: "--json", file: "./--preview" }], { cwd: outside, root: project }),
                [{ flag: "--json", file: "./--preview", target: path.join(outside, "--preview"), stream: false }]);
        });
    });

    describe("writeAllOrNothing", () => {
        const out = (target: string, flag = "--json") => ({ flag, file: path.basename(target), target, stream: false });

        it("writes every file, replacing an existing one and keeping its mode", () => {
            const dir = tempDir();
            fs.writeFileSync(path.join(dir, "old.json"), "old\n", { mode: 0o640 });
            writeAllOrNothing([
                { output: out(path.join(dir, "old.json")), text: "new\n" },
                { output: out(path.join(dir, "new.md"), "--markdown"), text: "# plan\n" },
                { output: { flag: "--state", file: "/dev/null", target: "/dev/null", stream: true }, text: "ignored\n" },
            ]);
            assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["new.md", "old.json"]);
            assert.strictEqual(fs.readFileSync(path.join(dir, "old.json"), "utf8"), "new\n");
            assert.strictEqual(fs.statSync(path.join(dir, "old.json")).mode & 0o777, 0o640);
            assert.strictEqual(fs.readFileSync(path.join(dir, "new.md"), "utf8"), "# plan\n");
        });

        it("leaves nothing behind when a file cannot be written", () => {
            const dir = tempDir();
            fs.writeFileSync(path.join(dir, "old.json"), "old\n");
            assert.throws(() => writeAllOrNothing([
                { output: out(path.join(dir, "old.json")), text: "new\n" },
                { output: out(path.join(dir, "gone", "plan.md"), "--markdown"), text: "# plan\n" },
            ]), { name: "PlanInputError", message: "--markdown: cannot write plan.md: ENOENT (no such file or directory); nothing was written" });
            assert.deepStrictEqual(fs.readdirSync(dir), ["old.json"]);
            assert.strictEqual(fs.readFileSync(path.join(dir, "old.json"), "utf8"), "old\n");
        });

        it("puts every replaced file back when a later one fails in the rename phase", () => {
            const dir = tempDir();
            fs.writeFileSync(path.join(dir, "a.json"), "a-old\n");
            fs.mkdirSync(path.join(dir, "b.md"));
            fs.writeFileSync(path.join(dir, "b.md", "keep"), "x");
            assert.throws(() => writeAllOrNothing([
                { output: out(path.join(dir, "a.json")), text: "a-new\n" },
                { output: out(path.join(dir, "c.json"), "--state"), text: "c\n" },
                { output: out(path.join(dir, "b.md"), "--markdown"), text: "b\n" },
            ]), { name: "PlanInputError", message: "--markdown: cannot write b.md: EPERM (operation not permitted); nothing was written" });
            assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["a.json", "b.md"]);
            assert.strictEqual(fs.readFileSync(path.join(dir, "a.json"), "utf8"), "a-old\n");
            assert.deepStrictEqual(fs.readdirSync(path.join(dir, "b.md")), ["keep"]);
        });
    });

    describe("--secret", () => {
        const cases: [string, string[], string][] = [
            ["a plain key given as a secret", ["--secret", "dns={\"zoneName\":\"dev.example.com\"}"],
                "error: --secret: migration:dns was given as a secret, but it is plain config, not a secret key; pass it with --config dns=<value> (secret keys of stack dev: migration:webDatabaseUrl)\n"],
            ["aws:region given as a secret", ["--secret", "aws:region=us-east-1"],
                "error: --secret: aws:region was given as a secret, but it is plain config, not a secret key; pass it with --config aws:region=<value> (secret keys of stack dev: migration:webDatabaseUrl)\n"],
            ["an empty secret (an unset CI variable)", ["--secret", "webDatabaseUrl="],
                "error: --secret: migration:webDatabaseUrl is empty (an unset CI variable?); allowed a non-empty value\n"],
            ["a key no service names", ["--secret", "webDatabaseURL=postgres://x"],
                "error: --secret: migration:webDatabaseURL is not a secret key of stack dev: no service names it in fargate.secrets, so it would be ignored (did you mean migration:webDatabaseUrl?); secret keys of stack dev: migration:webDatabaseUrl\n"],
            ["a key of another namespace", ["--secret", "digitalocean:token=dop_v1_x"],
                "error: --secret: digitalocean:token is not a secret key of stack dev: no service names it in fargate.secrets, so it would be ignored; secret keys of stack dev: migration:webDatabaseUrl\n"],
            ["several problems at once", ["--secret", "webDatabaseUrl=", "--secret", "environment=dev"],
                "error: --secret: 2 problems:\n" +
                "  - migration:webDatabaseUrl is empty (an unset CI variable?); allowed a non-empty value\n" +
                "  - migration:environment was given as a secret, but it is plain config, not a secret key; pass it with --config environment=<value> (secret keys of stack dev: migration:webDatabaseUrl)\n"],
        ];
        for (const [title, args, message] of cases) {
            it(title, async () => {
                const run = await cli(["--stack", "dev", ...args], { cwd: tempDir() });
                assert.deepStrictEqual(run, { code: 2, stdout: "", stderr: message });
            });
        }

        it("counts the services as overridden by --config", async () => {
            const services = JSON.parse(readStackConfig(ROOT, "dev").values["migration:services"]) as { fargate?: { secrets?: unknown } }[];
            for (const svc of services) {
                delete svc.fargate?.secrets;
            }
            const run = await cli(["--stack", "dev", "--config", `services=${JSON.stringify(services)}`, "--secret", "webDatabaseUrl=postgres://x"], { cwd: tempDir() });
            assert.deepStrictEqual(run, {
                code: 2, stdout: "",
                stderr: "error: --secret: migration:webDatabaseUrl is not a secret key of stack dev: no service names it in fargate.secrets, so it would be ignored; stack dev has no secret keys: no service names one in fargate.secrets\n",
            });
        });

        it("suggests the nearest key, case first", () => {
            assert.strictEqual(nearest("migration:webdatabaseurl", ["migration:apiKey", "migration:webDatabaseUrl"]), "migration:webDatabaseUrl");
            assert.strictEqual(nearest("migration:apiKy", ["migration:apiKey", "migration:webDatabaseUrl"]), "migration:apiKey");
            assert.strictEqual(nearest("x", []), undefined);
        });
    });

    describe("YAML merge keys in stack files, as the Pulumi CLI reads them", () => {
        it("resolves <<: *anchor and <<: [*a, *b], keys written in the mapping winning", () => {
            const dir = tempDir();
            fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            fs.writeFileSync(path.join(dir, "Pulumi.merged.yaml"), [
                "config:",
                "  migration:legacy: &legacy",
                "    region: nyc3",
                "    vpcIpRange: 10.116.0.0/20",
                "    certificateName: dev-example-com",
                "  migration:platform:",
                "    <<: [{ logRetentionDays: 14, ecrKeepImages: 20 }, { logRetentionDays: 30, albDeletionProtection: false }]",
                "  migration:tags:",
                "    <<: *legacy",
                "    region: tag-wins",
                "",
            ].join("\n"));
            const values = readStackConfig(dir, "merged").values;
            assert.deepStrictEqual(JSON.parse(values["migration:platform"]), { logRetentionDays: 14, ecrKeepImages: 20, albDeletionProtection: false });
            assert.deepStrictEqual(JSON.parse(values["migration:tags"]), { region: "tag-wins", vpcIpRange: "10.116.0.0/20", certificateName: "dev-example-com" });
        });

        it("refuses a merge of something that is not a map, as yaml.v3 does", () => {
            const dir = tempDir();
            fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), "config:\n  migration:tags:\n    <<: 3\n");
            assert.throws(() => readStackConfig(dir, "bad"), { name: "StackFileError", message: "Pulumi.bad.yaml: not valid YAML: Merge sources must be maps or map aliases" });
        });

        it("shows a YAML mistake's line with a caret under it, and the usual fix", () => {
            const dir = tempDir();
            fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            const cases: [string, string][] = [
                ["config:\n  migration:dns:\n    zoneName: example.com\n    parentZoneName: a: b\n",
                    "Pulumi.bad.yaml: not valid YAML at line 4, column 21: Nested mappings are not allowed in compact mappings\n" +
                    "  4 |     parentZoneName: a: b\n" +
                    "                          ^\n" +
                    "  usual fix: a value that contains \": \" (a URL with a port, a time, \"a: b\") must be quoted: key: \"a: b\""],
                ["config:\n\tmigration:tags: {}\n",
                    "Pulumi.bad.yaml: not valid YAML at line 2, column 1: Tabs are not allowed as indentation\n" +
                    "  2 | →migration:tags: {}\n" +
                    "      ^\n" +
                    "  usual fix: indent with spaces; YAML does not allow tabs"],
            ];
            for (const [text, message] of cases) {
                fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), text);
                assert.throws(() => readStackConfig(dir, "bad"), { name: "StackFileError", message });
            }
        });

        it("reads a stack file afresh once it changes", () => {
            const dir = tempDir();
            fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            const file = path.join(dir, "Pulumi.edited.yaml");
            fs.writeFileSync(file, "config:\n  migration:tags:\n    team: one\n");
            const first = readStackConfig(dir, "edited");
            assert.deepStrictEqual(JSON.parse(first.values["migration:tags"]), { team: "one" });
            assert.deepStrictEqual(readStackConfig(dir, "edited"), first);
            fs.writeFileSync(file, "config:\n  migration:tags:\n    team: two\n");
            assert.deepStrictEqual(JSON.parse(readStackConfig(dir, "edited").values["migration:tags"]), { team: "two" });
        });

        it("plans a stack whose second service merges the first (whole plan, exit 0, written files, no process left)", async () => {
            const project = projectCopy();
            const dev = (require("yaml") as typeof import("yaml")).parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
            const [first, second, ...rest] = dev.config["migration:services"] as Record<string, unknown>[];
            const { "migration:services": _services, ...others } = dev.config;
            // The second service: every key of the first by merge, its own keys written out.
            const text = [
                stringify({ config: others }).trimEnd(),
                "  migration:services:",
                `    - &first ${JSON.stringify(first)}`,
                "    - <<: *first",
                ...Object.entries(second).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
                ...rest.map((svc) => `    - ${JSON.stringify(svc)}`),
                "",
            ].join("\n");
            fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), text);
            assert.deepStrictEqual(readStackConfig(project, "dev").values, readStackConfig(ROOT, "dev").values);

            // Output files: one through a link to a file outside the project, one replacing an earlier plan.
            const outside = tempDir();
            fs.writeFileSync(path.join(outside, "plan.json"), "earlier\n");
            fs.symlinkSync(path.join(outside, "plan.json"), path.join(project, "plan.json"));
            fs.writeFileSync(path.join(project, "plan.md"), "earlier\n");
            const run = await cli(["--stack", "dev", "--json", "plan.json", "--markdown", "plan.md"], { cwd: project, root: project });
            assert.strictEqual(run.code, 0, run.stderr);
            assert.strictEqual(run.stderr, "");
            assert.ok(run.stdout.endsWith("Result: no mandatory policy violations.\n"), run.stdout);
            assert.ok(fs.lstatSync(path.join(project, "plan.json")).isSymbolicLink(), "the link is kept; its target is written");
            const json = JSON.parse(fs.readFileSync(path.join(outside, "plan.json"), "utf8")) as { stack: string; traffic: { service: string }[] };
            assert.strictEqual(json.stack, "dev");
            assert.deepStrictEqual(json.traffic.map((t) => t.service), [first.name, second.name, ...rest.map((s) => s.name)]);
            assert.ok(fs.readFileSync(path.join(project, "plan.md"), "utf8").startsWith("### Offline plan: `dev`"));
            assert.deepStrictEqual(fs.readdirSync(outside), ["plan.json"], "no temporary file is left");
            assert.deepStrictEqual(fs.readdirSync(project).filter((f) => f.startsWith(".plan-")), []);
        });
    });

    it("a write that fails after the plan ran: exit 2, nothing new on disk, no Result line (whole plan)", async () => {
        const dir = tempDir();
        const run = await cli(["--stack", "dev", "--json", path.join(dir, "plan.json"), "--markdown", "/proc/plan.md"], { cwd: dir });
        assert.deepStrictEqual(run, { code: 2, stdout: "", stderr: "error: --markdown: cannot write /proc/plan.md: ENOENT (no such file or directory); nothing was written\n" });
        assert.deepStrictEqual(fs.readdirSync(dir), []);
    });
});
