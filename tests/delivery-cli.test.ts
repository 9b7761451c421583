// Runs the delivery wrapper with a stand-in `pulumi` first on PATH that
// records its argv, cwd and PULUMI_NODEJS_TRANSPILE_ONLY and exits with a
// chosen code. The repository root is a temporary copy (MIGRATION_DELIVERY_ROOT),
// so a missing policy config can be tested without touching the real files.
// Most requests call the CLI's main() in this process (its stdout and stderr
// captured, not on a terminal, as under a pipe): a process of its own costs a
// second of start-up each. The process boundary is proven by the runs that stay
// real processes, as a user runs them (node with the TypeScript loader on
// tools/delivery/cli.ts, once through `npm run`, and on a terminal): the exit
// code and stderr of a refusal and of pulumi's own exit, and signal forwarding.
import * as assert from "assert";
import { spawn, spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import { main } from "../tools/delivery/cli";
import { findExecutable } from "../tools/delivery/preflight";
import { listStacks } from "../tools/stack-file";

const REPO = path.resolve(__dirname, "..");
const CLI = "tools/delivery/cli.ts";

/**
 * The stand-in pulumi, in the shell (a Node start per call cost about 3 s a
 * test run): `pulumi version` answers STUB_PULUMI_VERSION; any other call
 * writes its record (RECORDER's form) to STUB_RECORD and exits
 * STUB_EXIT_CODE (the record is read once it has exited: only a stand-in
 * waiting for a signal is polled). What the shell cannot write as JSON as it
 * stands (a quote, a backslash or a control character), and waiting for a
 * signal, go to RECORDER, in Node. Builtins only: PATH may hold nothing else.
 */
const PULUMI_STUB = `#!/bin/sh
if [ "$1" = version ]; then echo "\${STUB_PULUMI_VERSION:-v3.190.0}"; exit 0; fi
here=$(pwd -P)
nl='
'; cr=$(printf '\\r'); tab=$(printf '\\t')
case "$*$here\${PULUMI_NODEJS_TRANSPILE_ONLY-}" in *'"'*|*'\\'*|*"$nl"*|*"$cr"*|*"$tab"*) exec "$STUB_NODE" "$STUB_RECORDER" "$@";; esac
if [ "$STUB_WAIT_FOR_SIGNAL" = 1 ]; then exec "$STUB_NODE" "$STUB_RECORDER" "$@"; fi
json=""; for a in "$@"; do json="$json\${json:+,}\\"$a\\""; done
if [ -z "\${PULUMI_NODEJS_TRANSPILE_ONLY+set}" ]; then transpile=null; else transpile="\\"$PULUMI_NODEJS_TRANSPILE_ONLY\\""; fi
printf '{"argv":[%s],"cwd":"%s","transpileOnly":%s}' "$json" "$here" "$transpile" > "$STUB_RECORD"
exit "\${STUB_EXIT_CODE:-0}"
`;

/** The stand-in pulumi's Node part (PULUMI_STUB). */
const RECORDER = `
const fs = require("fs");
// Written whole, then renamed: a test polling for the record never reads half of it.
const record = (extra) => {
    fs.writeFileSync(process.env.STUB_RECORD + ".tmp", JSON.stringify({
        argv: process.argv.slice(2),
        cwd: process.cwd(),
        transpileOnly: process.env.PULUMI_NODEJS_TRANSPILE_ONLY === undefined ? null : process.env.PULUMI_NODEJS_TRANSPILE_ONLY,
        ...extra,
    }));
    fs.renameSync(process.env.STUB_RECORD + ".tmp", process.env.STUB_RECORD);
};
if (process.env.STUB_WAIT_FOR_SIGNAL === "1") {
    process.on("SIGTERM", () => { record({ signal: "SIGTERM" }); process.exit(143); });
    process.on("SIGINT", () => { record({ signal: "SIGINT" }); process.exit(130); });
    record({ waiting: true, pid: process.pid });
    setInterval(() => undefined, 1000);
} else {
    record({});
    process.exit(Number(process.env.STUB_EXIT_CODE || "0"));
}
`;

/**
 * A stand-in `aws`, in the shell (one per image of every up: a Node start each cost about 2 s a run): the caller's
 * account for sts, and describe-images that fails for every tag in STUB_AWS_MISSING or, with STUB_AWS_NO_REPOSITORY=1,
 * for a missing repository. Each call is recorded in STUB_AWS_RECORD as its JSON argument list; an argument with a
 * quote or a backslash (none of the wrapper's) goes to AWS_STUB_JSON instead, which records it escaped.
 */
const AWS_STUB = `#!/bin/sh
case "$*" in *'"'*|*'\\'*) exec "$STUB_NODE" "$STUB_AWS_JSON" "$@";; esac
if [ -n "$STUB_AWS_RECORD" ]; then
  json=""; for a in "$@"; do json="$json\${json:+,}\\"$a\\""; done
  echo "[$json]" >> "$STUB_AWS_RECORD"
fi
if [ "$*" = "sts get-caller-identity --query Account --output text" ]; then echo 111122223333; exit 0; fi
tag=""; previous=""
for a in "$@"; do if [ "$previous" = --image-ids ]; then tag="\${a#imageTag=}"; fi; previous="$a"; done
if [ "$STUB_AWS_NO_REPOSITORY" = 1 ]; then
  echo "An error occurred (RepositoryNotFoundException) when calling the DescribeImages operation: The repository does not exist" >&2; exit 254
fi
case ",$STUB_AWS_MISSING," in *",$tag,"*)
  echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation: The image with imageId {imageTag:'$tag'} does not exist" >&2; exit 254;;
esac
echo "{\\"imageDetails\\":[{\\"imageTags\\":[\\"$tag\\"]}]}"
`;

/** AWS_STUB's fallback for an argument list it cannot write as JSON itself: recorded escaped, then refused (exit 2). */
const AWS_STUB_JSON = `
const fs = require("fs");
const args = process.argv.slice(2);
if (process.env.STUB_AWS_RECORD) fs.appendFileSync(process.env.STUB_AWS_RECORD, JSON.stringify(args) + "\\n");
process.stderr.write("the stand-in aws answers only arguments without quotes or backslashes\\n");
process.exit(2);
`;

interface StubRecord {
    readonly argv: string[];
    readonly cwd: string;
    readonly transpileOnly: string | null;
    readonly signal?: string;
    readonly waiting?: boolean;
    /** The stand-in's pid, while it waits for a signal. */
    readonly pid?: number;
}

interface CliRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
    /** What the stand-in pulumi recorded, or undefined when it did not run. */
    readonly pulumi: StubRecord | undefined;
}

let work: string;
let stubBin: string;
let emptyBin: string;
let root: string;
let rootWithoutProdPolicy: string;
let rootWithStalePack: string;
let rootWithoutPackBuild: string;
let recordFile: string;

function makeRoot(dir: string, policyStacks: string[]): string {
    // The policy pack with its build, which the wrapper checks against its sources.
    fs.cpSync(path.join(REPO, "policies"), path.join(dir, "policies"), { recursive: true, filter: (from) => !/[/\\](config|node_modules)$/.test(from) });
    fs.mkdirSync(path.join(dir, "policies", "config"), { recursive: true });
    for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
        fs.copyFileSync(path.join(REPO, file), path.join(dir, file));
    }
    // These tests are about the one pulumi command line of each request: the
    // release tasks' own runs before `up` are tested in tests/workloads-program.test.ts.
    for (const stack of ["dev", "prod"]) {
        const file = path.join(dir, `Pulumi.${stack}.yaml`);
        const doc = parseDocument(fs.readFileSync(file, "utf8"));
        const services = doc.getIn(["config", "migration:services"]) as YAMLSeq;
        services.items = services.items.filter((item) => (item as YAMLMap).get("kind") !== "release");
        fs.writeFileSync(file, doc.toString());
    }
    for (const stack of policyStacks) {
        fs.writeFileSync(path.join(dir, "policies", "config", `${stack}.json`), `{ "all": "mandatory" }\n`);
    }
    return fs.realpathSync(dir);
}

function readRecord(): StubRecord | undefined {
    return fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, "utf8")) as StubRecord : undefined;
}

/** root: the MIGRATION_DELIVERY_ROOT override; null runs on the real repository root. */
let pulumiOnlyBin: string;
let awsRecord: string;

function childEnv(options: { root: string | null; path?: string; exitCode?: number; extra?: NodeJS.ProcessEnv }): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
        HOME: process.env.HOME,
        PATH: options.path ?? stubBin,
        STUB_RECORD: recordFile,
        STUB_EXIT_CODE: String(options.exitCode ?? 0),
        STUB_AWS_RECORD: awsRecord,
        ...options.extra,
    };
    if (options.root !== null) {
        env.MIGRATION_DELIVERY_ROOT = options.root;
    }
    return env;
}

function finish(result: SpawnSyncReturns<string>): CliRun {
    if (result.error !== undefined) {
        throw result.error;
    }
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, pulumi: readRecord() };
}

interface RunOptions { root?: string | null; path?: string; exitCode?: number; extra?: NodeJS.ProcessEnv }

/** `node -r ./tools/ts-register.js tools/delivery/cli.ts <args>` (as the npm scripts run it) from the repository root, stdin not a terminal. */
function runCliProcess(args: string[], options: RunOptions = {}): CliRun {
    fs.rmSync(recordFile, { force: true });
    fs.rmSync(awsRecord, { force: true });
    return finish(spawnSync(process.execPath, ["-r", "./tools/ts-register.js", CLI, ...args], {
        cwd: REPO,
        env: childEnv({ root: options.root === undefined ? root : options.root, path: options.path, exitCode: options.exitCode, extra: options.extra }),
        input: "",
        encoding: "utf8",
    }));
}

/**
 * The CLI's main() in this process with the environment runCliProcess gives
 * the process, its stdout and stderr captured, and neither stdin nor stdout a
 * terminal (as under runCliProcess's pipes). The stand-in pulumi writes nothing.
 */
async function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
    fs.rmSync(recordFile, { force: true });
    fs.rmSync(awsRecord, { force: true });
    const out = { stdout: "", stderr: "" };
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    const ttys = { stdin: Object.getOwnPropertyDescriptor(process.stdin, "isTTY"), stdout: Object.getOwnPropertyDescriptor(process.stdout, "isTTY") };
    const capture = (into: "stdout" | "stderr") => ((chunk: string | Uint8Array) => {
        out[into] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
        return true;
    }) as typeof process.stdout.write;
    process.stdout.write = capture("stdout");
    process.stderr.write = capture("stderr");
    Object.defineProperty(process.stdin, "isTTY", { value: false, configurable: true });
    Object.defineProperty(process.stdout, "isTTY", { value: false, configurable: true });
    try {
        const status = await main(args, childEnv({ root: options.root === undefined ? root : options.root, path: options.path, exitCode: options.exitCode, extra: options.extra }));
        return { status, ...out, pulumi: readRecord() };
    } finally {
        process.stdout.write = writes.stdout;
        process.stderr.write = writes.stderr;
        for (const stream of ["stdin", "stdout"] as const) {
            const descriptor = ttys[stream];
            if (descriptor === undefined) {
                delete (process[stream] as { isTTY?: boolean }).isTTY;
            } else {
                Object.defineProperty(process[stream], "isTTY", descriptor);
            }
        }
    }
}

function policyFlags(at: string, stack: string): string[] {
    return ["--policy-pack", path.join(at, "policies"), "--policy-pack-config", path.join(at, "policies", "config", `${stack}.json`)];
}

function refusal(run: CliRun, message: string): void {
    assert.deepStrictEqual(
        { status: run.status, stderr: run.stderr, stdout: run.stdout, pulumiRan: run.pulumi !== undefined },
        { status: 2, stderr: message, stdout: "", pulumiRan: false });
}

describe("delivery CLI (stand-in pulumi on PATH)", function () {
    this.timeout(60_000);

    before(() => {
        work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "delivery-cli-")));
        stubBin = path.join(work, "bin");
        emptyBin = path.join(work, "empty-bin");
        fs.mkdirSync(stubBin);
        fs.mkdirSync(emptyBin);
        fs.writeFileSync(path.join(work, "recorder.js"), RECORDER);
        fs.writeFileSync(path.join(stubBin, "pulumi"), PULUMI_STUB.split("$STUB_NODE").join(process.execPath).split("$STUB_RECORDER").join(path.join(work, "recorder.js")), { mode: 0o755 });
        fs.writeFileSync(path.join(work, "aws.js"), AWS_STUB_JSON);
        fs.writeFileSync(path.join(stubBin, "aws"), AWS_STUB.replace("$STUB_NODE", process.execPath).replace("$STUB_AWS_JSON", path.join(work, "aws.js")), { mode: 0o755 });
        pulumiOnlyBin = path.join(work, "pulumi-only-bin");
        fs.mkdirSync(pulumiOnlyBin);
        fs.copyFileSync(path.join(stubBin, "pulumi"), path.join(pulumiOnlyBin, "pulumi"));
        fs.chmodSync(path.join(pulumiOnlyBin, "pulumi"), 0o755);
        awsRecord = path.join(work, "aws-calls.jsonl");
        root = makeRoot(path.join(work, "repo"), ["dev", "prod"]);
        rootWithoutProdPolicy = makeRoot(path.join(work, "repo-without-prod-policy"), ["dev"]);
        rootWithStalePack = makeRoot(path.join(work, "repo-with-stale-pack"), ["dev"]);
        fs.appendFileSync(path.join(rootWithStalePack, "policies", "rules", "sizing.ts"), "// edited after the build\n");
        rootWithoutPackBuild = makeRoot(path.join(work, "repo-without-pack-build"), ["dev"]);
        fs.rmSync(path.join(rootWithoutPackBuild, "policies", "bin"), { recursive: true });
        recordFile = path.join(work, "pulumi-call.json");
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    describe("checks before pulumi runs", () => {
        const awsCalls = () => (fs.existsSync(awsRecord) ? fs.readFileSync(awsRecord, "utf8").trim().split("\n").map((l) => JSON.parse(l) as string[]) : []);

        it("refuses a Pulumi CLI older than 3.174, naming the version found", async () => {
            refusal(await runCli(["up", "--stack", "dev", "--yes"], { extra: { STUB_PULUMI_VERSION: "v3.173.2" } }),
                "error: the Pulumi CLI is v3.173.2; allowed v3.174.0 or newer (the first release whose import option imports, then updates: adopting Droplets and databases and the cut-over rely on it)\n");
        });

        it("before an up, asks ECR for every image ECS will run", async () => {
            const run = await runCli(["up", "--stack", "dev", "--yes"]);
            assert.strictEqual(run.status, 0, run.stderr);
            assert.deepStrictEqual(awsCalls(), [
                ["sts", "get-caller-identity", "--query", "Account", "--output", "text"],
                ["ecr", "describe-images", "--repository-name", "migration-dev/web", "--image-ids", "imageTag=1.8.0", "--region", "us-east-1", "--output", "json"],
                ["ecr", "describe-images", "--repository-name", "migration-dev/api", "--image-ids", "imageTag=2.3.1", "--region", "us-east-1", "--output", "json"],
            ]);
        });

        it("refuses the up, before pulumi runs, when an image is missing", async () => {
            refusal(await runCli(["up", "--stack", "dev", "--yes"], { extra: { STUB_AWS_MISSING: "2.3.1" } }),
                "error: images ECS would run are missing; push them before this up (ECS waits for healthy tasks, and the hostnames' records wait for ECS):\n" +
                "  - api (stable): 111122223333.dkr.ecr.us-east-1.amazonaws.com/migration-dev/api:2.3.1 is not in ECR (ImageNotFoundException)\n");
        });

        it("on a new stack, says how to create the repositories first", async () => {
            refusal(await runCli(["up", "--stack", "prod", "--yes"], { extra: { STUB_AWS_NO_REPOSITORY: "1" } }),
                "error: images ECS would run are missing; push them before this up (ECS waits for healthy tasks, and the hostnames' records wait for ECS):\n" +
                "  - web (stable): 111122223333.dkr.ecr.us-east-1.amazonaws.com/migration-prod/web:1.8.0 is not in ECR (RepositoryNotFoundException)\n" +
                "  - api (stable): 111122223333.dkr.ecr.us-east-1.amazonaws.com/migration-prod/api:2.3.1 is not in ECR (RepositoryNotFoundException)\n" +
                "The repositories of web, api do not exist yet (a new stack or service): create them alone first with `npm run up -- --stack prod --yes -- " +
                // The components above each repository too: the engine refuses a targeted create whose parent is created untargeted.
                "--target 'urn:pulumi:prod::migration::migration:index:Migration::migration-prod' " +
                "--target 'urn:pulumi:prod::migration::migration:index:Migration$migration:aws:FargateService::migration-prod-web' " +
                "--target 'urn:pulumi:prod::migration::migration:index:Migration$migration:aws:FargateService$aws:ecr/repository:Repository::migration-prod-web-repo' " +
                "--target 'urn:pulumi:prod::migration::migration:index:Migration$migration:aws:FargateService::migration-prod-api' " +
                "--target 'urn:pulumi:prod::migration::migration:index:Migration$migration:aws:FargateService$aws:ecr/repository:Repository::migration-prod-api-repo'`, " +
                "push the images, then run the whole up (docs/runbook.md, phase 1).\n");
        });

        it("runs the targeted up it prescribes for a new stack's repositories, exactly as printed, without the image check, and checks any other targeted up", async () => {
            const refused = await runCli(["up", "--stack", "prod", "--yes"], { extra: { STUB_AWS_NO_REPOSITORY: "1" } });
            const printed = [...refused.stderr.matchAll(/--target '([^']+)'/g)].map((m) => m[1]);
            assert.strictEqual(printed.length, 5);
            fs.rmSync(awsRecord, { force: true });
            const targeted = await runCli(["up", "--stack", "prod", "--yes", "--", ...printed.flatMap((urn) => ["--target", urn])], { extra: { STUB_AWS_NO_REPOSITORY: "1" } });
            assert.strictEqual(targeted.status, 0, targeted.stderr);
            assert.deepStrictEqual(awsCalls(), []);
            assert.deepStrictEqual(targeted.pulumi?.argv.slice(-10), printed.flatMap((urn) => ["--target", urn]));
            const repo = (s: string) => `urn:pulumi:prod::migration::migration:index:Migration$migration:aws:FargateService$aws:ecr/repository:Repository::migration-prod-${s}-repo`;
            for (const extra of [["--target", repo("web"), "--target-dependents"], ["-t", repo("web"), "--target", "urn:pulumi:prod::migration::pulumi:pulumi:Stack::migration-prod"]]) {
                refusal(await runCli(["up", "--stack", "prod", "--yes", "--", ...extra], { extra: { STUB_AWS_MISSING: "2.3.1" } }),
                    "error: images ECS would run are missing; push them before this up (ECS waits for healthy tasks, and the hostnames' records wait for ECS):\n" +
                    "  - api (stable): 111122223333.dkr.ecr.us-east-1.amazonaws.com/migration-prod/api:2.3.1 is not in ECR (ImageNotFoundException)\n");
            }
        });

        it("refuses the up when the AWS CLI is missing, and checks nothing for a preview", async () => {
            refusal(await runCli(["up", "--stack", "dev", "--yes"], { path: pulumiOnlyBin }),
                "error: this up runs web, api, mailer, nightly-report on Fargate; checking that their images exist in ECR needs the AWS CLI (aws) with the stack's credentials on PATH (ECS waits for healthy tasks, which cannot start without their image)\n");
            assert.strictEqual((await runCli(["preview", "--stack", "dev"], { path: pulumiOnlyBin })).status, 0);
            assert.deepStrictEqual(awsCalls(), []);
        });
    });

    describe("command lines", () => {
        const table: { args: string[]; pulumi: (stack: string) => string[] }[] = [
            { args: ["preview"], pulumi: (s) => ["preview", "--stack", s, ...policyFlags(root, s), "--non-interactive"] },
            {
                args: ["preview", "--", "--diff", "--refresh"],
                pulumi: (s) => ["preview", "--stack", s, ...policyFlags(root, s), "--non-interactive", "--diff", "--refresh"],
            },
            {
                args: ["up", "--yes"],
                pulumi: (s) => ["up", "--stack", s, ...policyFlags(root, s), "--non-interactive", "--yes", "--skip-preview=false"],
            },
            {
                args: ["up", "-y", "--", "--diff", "--target", "urn:pulumi:x::migration::aws:ecs/service:Service::web"],
                pulumi: (s) => ["up", "--stack", s, ...policyFlags(root, s), "--non-interactive", "--yes", "--skip-preview=false",
                    "--diff", "--target", "urn:pulumi:x::migration::aws:ecs/service:Service::web"],
            },
            {
                // pulumi destroy has no --policy-pack flag: nothing is created for policies to analyze.
                args: ["destroy", "--yes"],
                pulumi: (s) => ["destroy", "--stack", s, "--non-interactive", "--yes", "--skip-preview=false"],
            },
        ];
        for (const stack of ["dev", "prod"]) {
            for (const c of table) {
                const [command, ...rest] = c.args;
                const argv = [command, "--stack", stack, ...rest];
                it(`${argv.join(" ")}`, async () => {
                    const run = await runCli(argv);
                    assert.deepStrictEqual({ status: run.status, stderr: run.stderr, pulumi: run.pulumi }, {
                        status: 0,
                        stderr: "",
                        pulumi: { argv: c.pulumi(stack), cwd: root, transpileOnly: "true" },
                    });
                });
            }
        }

        it("accepts --stack=<s> and -s <s>", async () => {
            assert.deepStrictEqual((await runCli(["preview", "--stack=prod"])).pulumi?.argv,
                ["preview", "--stack", "prod", ...policyFlags(root, "prod"), "--non-interactive"]);
            assert.deepStrictEqual((await runCli(["up", "-s", "dev", "--yes"])).pulumi?.argv,
                ["up", "--stack", "dev", ...policyFlags(root, "dev"), "--non-interactive", "--yes", "--skip-preview=false"]);
        });

        it("runs through the npm scripts the same way", function () {
            const npmBeside = path.join(path.dirname(process.execPath), "npm");
            if (!fs.existsSync(npmBeside)) {
                this.skip(); // npm not installed beside node (unusual): the direct runs above cover the wrapper
            }
            fs.rmSync(recordFile, { force: true });
            const run = finish(spawnSync(npmBeside, ["run", "--silent", "up", "--", "--stack", "prod", "--yes", "--", "--diff"], {
                cwd: REPO,
                env: childEnv({ root, path: [stubBin, path.dirname(process.execPath)].join(path.delimiter) }),
                input: "",
                encoding: "utf8",
            }));
            assert.deepStrictEqual({ status: run.status, pulumi: run.pulumi }, {
                status: 0,
                pulumi: {
                    argv: ["up", "--stack", "prod", ...policyFlags(root, "prod"), "--non-interactive", "--yes", "--skip-preview=false", "--diff"],
                    cwd: root,
                    transpileOnly: "true",
                },
            });
        });
    });

    it("destroy runs no policy pack, so a stale pack build does not hold it back", async () => {
        const run = await runCli(["destroy", "--stack", "dev", "--yes"], { root: rootWithStalePack });
        assert.deepStrictEqual({ status: run.status, stderr: run.stderr, argv: run.pulumi?.argv }, {
            status: 0, stderr: "", argv: ["destroy", "--stack", "dev", "--non-interactive", "--yes", "--skip-preview=false"],
        });
    });

    describe("exit codes", () => {
        for (const code of [0, 1, 7]) {
            it(`passes pulumi's exit code ${code} through`, async () => {
                const run = await runCli(["preview", "--stack", "dev"], { exitCode: code });
                assert.deepStrictEqual({ status: run.status, ran: run.pulumi !== undefined }, { status: code, ran: true });
            });
        }

        it("as a process of its own, exits with pulumi's exit code", () => {
            const run = runCliProcess(["preview", "--stack", "dev"], { exitCode: 7 });
            assert.deepStrictEqual({ status: run.status, ran: run.pulumi !== undefined }, { status: 7, ran: true });
        });

        it("forwards SIGTERM to pulumi and exits with 128 + 15", async () => {
            fs.rmSync(recordFile, { force: true });
            const child = spawn(process.execPath, ["-r", "./tools/ts-register.js", CLI, "up", "--stack", "dev", "--yes"], {
                cwd: REPO,
                env: childEnv({ root, extra: { STUB_WAIT_FOR_SIGNAL: "1" } }),
                stdio: ["pipe", "pipe", "pipe"],
            });
            const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
            try {
                const deadline = Date.now() + 30_000;
                while (readRecord()?.waiting !== true) {
                    assert.ok(Date.now() < deadline, "the stand-in pulumi never started");
                    await new Promise((r) => setTimeout(r, 50));
                }
                child.kill("SIGTERM");
                assert.strictEqual(await exited, 143);
                assert.strictEqual(readRecord()?.signal, "SIGTERM");
            } finally {
                // A failed wait must not leave the wrapper and the stand-in waiting for a signal forever.
                if (child.exitCode === null && child.signalCode === null) {
                    const waiting = readRecord();
                    if (waiting?.waiting === true && waiting.pid !== undefined) {
                        process.kill(waiting.pid, "SIGKILL");
                    }
                    child.kill("SIGKILL");
                }
            }
        });
    });

    describe("refusals (exit 2, no pulumi run)", () => {
        // The first and the last also as processes of their own: exit 2 and the message alone on stderr, from the wrapper's
        // own refusal and from commander's.
        for (const [how, run] of [["", runCli], [", as a process of its own", runCliProcess]] as const) {
            it(`an unknown stack (real repository root by default)${how}`, async () => {
                refusal(await run(["preview", "--stack", "staging"], { root: null }), `error: Unknown stack "staging": there is no Pulumi.staging.yaml in ${REPO} ` +
                    `(stacks: ${listStacks(REPO).join(", ")}).\n`);
            });
        }

        it("an organization-qualified stack name", async () => {
            refusal(await runCli(["up", "--stack", "acme/prod", "--yes"]),
                `error: Stack name "acme/prod" is not a plain stack name (letters, digits, "-", "_", "."). ` +
                "Use the short name (dev, prod); select the organization with `pulumi org set-default <org>`.\n");
        });

        for (const command of ["preview", "up", "destroy"]) {
            it(`${command}: a stack without policy config`, async () => {
                const run = await runCli([command, "--stack", "prod", ...(command === "preview" ? [] : ["--yes"])],
                    { root: rootWithoutProdPolicy });
                refusal(run, `error: Stack "prod" has no policy config: ${rootWithoutProdPolicy}/policies/config/prod.json ` +
                    "does not exist. Every preview and update runs the policy pack with the stack's own config; add that file first.\n");
            });
        }

        for (const command of ["preview", "up"]) {
            const args = [command, "--stack", "dev", ...(command === "up" ? ["--yes"] : [])];
            it(`${command}: a policy pack build older than its sources`, async () => {
                refusal(await runCli(args, { root: rootWithStalePack }),
                    "error: The policy pack's build (policies/bin) is stale: policies/rules/sizing.ts changed since it was built; " +
                    "run `npm run build:policies` (`npm ci` and `npm install` run it too).\n");
            });
            it(`${command}: no policy pack build`, async () => {
                refusal(await runCli(args, { root: rootWithoutPackBuild }),
                    "error: The policy pack is not built: policies/bin/index.js does not exist; " +
                    "run `npm run build:policies` (`npm ci` and `npm install` run it too).\n");
            });
        }

        for (const command of ["up", "destroy"]) {
            it(`${command} on prod without --yes when not on a terminal`, async () => {
                refusal(await runCli([command, "--stack", "prod"]),
                    `error: Refusing to run "${command}" on production stack "prod" without confirmation: ` +
                    "this is not an interactive terminal, so nobody can type the stack name. Pass --yes explicitly to confirm " +
                    `(the preview still runs first): npm run ${command} -- --stack prod --yes\n`);
            });
        }

        it("up on dev without --yes when not on a terminal", async () => {
            refusal(await runCli(["up", "--stack", "dev"]),
                `error: Refusing to run "up" on stack "dev": this is not an interactive terminal, so pulumi cannot ask ` +
                "for confirmation. Pass --yes to confirm (the preview still runs first): npm run up -- --stack dev --yes\n");
        });

        it("pass-through flags that skip the policy pack, change the stack or skip confirmation", async () => {
            refusal(await runCli(["up", "--stack", "dev", "--yes", "--", "--diff", "--policy-pack", "/tmp/empty-pack",
                "--policy-pack-config=/tmp/off.json", "--stack", "prod", "-y", "--skip-preview", "--cwd", "/tmp"]), [
                "error: Refusing to pass these arguments to pulumi:",
                `  "--policy-pack" is not allowed: the wrapper always runs the policy pack in policies/ with policies/config/<stack>.json.`,
                `  "--policy-pack-config=/tmp/off.json" is not allowed: the wrapper always runs the policy pack in policies/ with policies/config/<stack>.json.`,
                `  "--stack" is not allowed: the stack is the wrapper's own --stack.`,
                `  "-y" is not allowed (-y is --yes): confirm with the wrapper's own --yes, given before \`--\` (it keeps the preview).`,
                `  "--skip-preview" is not allowed: confirm with the wrapper's own --yes, given before \`--\` (it keeps the preview).`,
                `  "--cwd" is not allowed: it would run another project or stack config than the one checked and whose policy config is used.`,
                "",
            ].join("\n"));
        });

        it("no pulumi on PATH: install hint and the offline plan", async () => {
            refusal(await runCli(["up", "--stack", "prod", "--yes"], { path: emptyBin }), [
                `error: The Pulumi CLI ("pulumi") was not found on PATH.`,
                "Install it: https://www.pulumi.com/docs/install/",
                "Without it, the offline plan shows what the program would register and what the policies say: npm run plan -- --stack prod",
                "",
            ].join("\n"));
        });

        it("pulumi flags given before `--`, with a hint", async () => {
            refusal(await runCli(["preview", "--stack", "dev", "--diff"]),
                "error: unknown option '--diff'\npulumi's own flags go after a second `--`, e.g. npm run preview -- --stack dev -- --diff\n");
        });

        for (const [how, run] of [["", runCli], [", as a process of its own", runCliProcess]] as const) {
            it(`no --stack${how}`, async () => {
                refusal(await run(["up", "--yes"]), "error: required option '-s, --stack <name>' not specified\n");
            });
        }

        it("--yes on preview (nothing to confirm)", async () => {
            refusal(await runCli(["preview", "--stack", "dev", "--yes"]), "error: unknown option '--yes'\n" +
                "pulumi's own flags go after a second `--`, e.g. npm run preview -- --stack dev -- --diff\n");
        });
    });

    describe("on a terminal (util-linux script gives the wrapper a pty)", () => {
        const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
        const script = findExecutable("script", process.env);
        function runOnTerminal(args: string[], typed: string): CliRun {
            fs.rmSync(recordFile, { force: true });
            const command = [process.execPath, "-r", "./tools/ts-register.js", CLI, ...args].map(quote).join(" ");
            return finish(spawnSync(script!, ["-qec", command, "/dev/null"], {
                cwd: REPO,
                env: { ...childEnv({ root }), TERM: "dumb" },
                input: typed,
                encoding: "utf8",
            }));
        }
        before(function () {
            const version = script === undefined ? undefined : spawnSync(script, ["--version"], { encoding: "utf8" });
            if (version === undefined || version.error !== undefined || !version.stdout.includes("util-linux")) {
                this.skip(); // no util-linux `script` to provide a terminal; the prompt itself is covered in delivery-commands
            }
        });

        it("up on prod runs after the stack name is typed, leaving pulumi's own prompt on", () => {
            const run = runOnTerminal(["up", "--stack", "prod"], "prod\n");
            assert.ok(run.stdout.includes(`"up" on production stack "prod". Type the stack name to continue: `), run.stdout);
            assert.deepStrictEqual({ status: run.status, pulumi: run.pulumi }, {
                status: 0,
                pulumi: { argv: ["up", "--stack", "prod", ...policyFlags(root, "prod")], cwd: root, transpileOnly: "true" },
            });
        });

        it("destroy on prod stops when another name is typed", () => {
            const run = runOnTerminal(["destroy", "--stack", "prod"], "dev\n");
            assert.ok(run.stdout.includes(`error: Confirmation did not match "prod": nothing was run.`), run.stdout);
            assert.deepStrictEqual({ status: run.status, pulumiRan: run.pulumi !== undefined }, { status: 2, pulumiRan: false });
        });

        it("up on dev asks nothing itself: pulumi prompts after its preview", () => {
            const run = runOnTerminal(["up", "--stack", "dev"], "");
            assert.ok(!run.stdout.includes("Type the stack name"), run.stdout);
            assert.deepStrictEqual({ status: run.status, pulumi: run.pulumi }, {
                status: 0,
                pulumi: { argv: ["up", "--stack", "dev", ...policyFlags(root, "dev")], cwd: root, transpileOnly: "true" },
            });
        });
    });
});
