// Table tests of the delivery wrapper's pure rules (tools/delivery/commands.ts)
// and its file-system checks (tools/delivery/preflight.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough } from "stream";
import {
    buildPulumiInvocation,
    checkPassThrough,
    Confirmation,
    ConfirmationRequest,
    confirmationFor,
    confirms,
    DeliveryRefusal,
    forbiddenPassThroughReason,
    pulumiEnvironment,
    REPO_ROOT_ENV,
    resolveRepoRoot,
    stackFiles,
    stackNameProblem,
    unconfirmedMessage,
} from "../tools/delivery/commands";
import { checkStack, findExecutable, isProductionStack } from "../tools/delivery/preflight";
import { ask } from "../tools/delivery/cli";

const REPO = path.resolve(__dirname, "..");
const ROOT = "/srv/migration";
const PACK = ["--policy-pack", "/srv/migration/policies"];
const packConfig = (stack: string) => ["--policy-pack-config", `/srv/migration/policies/config/${stack}.json`];

describe("delivery: pulumi command lines", () => {
    const cases: { name: string; request: Parameters<typeof buildPulumiInvocation>[0]; args: string[] }[] = [
        {
            name: "preview dev: policy pack, non-interactive",
            request: { command: "preview", stack: "dev", repoRoot: ROOT, yes: false, passThrough: [] },
            args: ["preview", "--stack", "dev", ...PACK, ...packConfig("dev"), "--non-interactive"],
        },
        {
            name: "preview prod with pass-through flags last",
            request: { command: "preview", stack: "prod", repoRoot: ROOT, yes: false, passThrough: ["--diff", "--refresh"] },
            args: ["preview", "--stack", "prod", ...PACK, ...packConfig("prod"), "--non-interactive", "--diff", "--refresh"],
        },
        {
            name: "up dev --yes keeps the preview",
            request: { command: "up", stack: "dev", repoRoot: ROOT, yes: true, passThrough: [] },
            args: ["up", "--stack", "dev", ...PACK, ...packConfig("dev"), "--non-interactive", "--yes", "--skip-preview=false"],
        },
        {
            name: "up prod without --yes leaves pulumi interactive (its own prompt)",
            request: { command: "up", stack: "prod", repoRoot: ROOT, yes: false, passThrough: ["--target", "urn:x"] },
            args: ["up", "--stack", "prod", ...PACK, ...packConfig("prod"), "--target", "urn:x"],
        },
        {
            name: "destroy prod --yes: no policy flags (pulumi destroy has none)",
            request: { command: "destroy", stack: "prod", repoRoot: ROOT, yes: true, passThrough: ["--exclude-protected"] },
            args: ["destroy", "--stack", "prod", "--non-interactive", "--yes", "--skip-preview=false", "--exclude-protected"],
        },
        {
            name: "destroy dev without --yes",
            request: { command: "destroy", stack: "dev", repoRoot: ROOT, yes: false, passThrough: [] },
            args: ["destroy", "--stack", "dev"],
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const invocation = buildPulumiInvocation(c.request, { PATH: "/bin", HOME: "/home/u", UNSET: undefined });
            assert.deepStrictEqual(invocation, {
                args: c.args,
                env: { PATH: "/bin", HOME: "/home/u", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
                cwd: ROOT,
            });
        });
    }

    it("forces PULUMI_NODEJS_TRANSPILE_ONLY=true over a caller's value", () => {
        assert.deepStrictEqual(pulumiEnvironment({ PULUMI_NODEJS_TRANSPILE_ONLY: "false", AWS_REGION: "us-east-1" }),
            { PULUMI_NODEJS_TRANSPILE_ONLY: "true", AWS_REGION: "us-east-1" });
    });

    it("names the stack's files under the repository root", () => {
        assert.deepStrictEqual(stackFiles(ROOT, "prod"), {
            stackFile: "/srv/migration/Pulumi.prod.yaml",
            policyPack: "/srv/migration/policies",
            policyPackConfig: "/srv/migration/policies/config/prod.json",
        });
    });

    it("takes the repository root from MIGRATION_DELIVERY_ROOT only when set", () => {
        assert.strictEqual(REPO_ROOT_ENV, "MIGRATION_DELIVERY_ROOT");
        assert.strictEqual(resolveRepoRoot({}), REPO);
        assert.strictEqual(resolveRepoRoot({ MIGRATION_DELIVERY_ROOT: "" }), REPO);
        assert.strictEqual(resolveRepoRoot({ MIGRATION_DELIVERY_ROOT: "/tmp/copy/" }), "/tmp/copy");
    });
});

describe("delivery: pass-through arguments", () => {
    const skipsPolicy = "the wrapper always runs the policy pack in policies/ with policies/config/<stack>.json";
    const elsewhere = "it would run another project or stack config than the one checked and whose policy config is used";
    const confirmation = "confirm with the wrapper's own --yes, given before `--` (it keeps the preview)";
    const table: [string, string | undefined][] = [
        ["--diff", undefined],
        ["--refresh", undefined],
        ["--refresh=true", undefined],
        ["--target-dependents", undefined],
        ["--policy-pack-configs", undefined],
        ["-d", undefined],
        ["-tsy", undefined], // -t takes the rest as its value
        ["-v=9", undefined],
        ["urn:pulumi:dev::migration::x", undefined],
        ["-", undefined],
        ["--policy-pack", `"--policy-pack" is not allowed: ${skipsPolicy}.`],
        ["--policy-pack=/tmp/other", `"--policy-pack=/tmp/other" is not allowed: ${skipsPolicy}.`],
        ["--policy-pack-config=x.json", `"--policy-pack-config=x.json" is not allowed: ${skipsPolicy}.`],
        ["--stack", `"--stack" is not allowed: the stack is the wrapper's own --stack.`],
        ["--stack=prod", `"--stack=prod" is not allowed: the stack is the wrapper's own --stack.`],
        ["-s", `"-s" is not allowed (-s is --stack): the stack is the wrapper's own --stack.`],
        ["-sprod", `"-sprod" is not allowed (-s is --stack): the stack is the wrapper's own --stack.`],
        ["--cwd=../other", `"--cwd=../other" is not allowed: ${elsewhere}.`],
        ["-C", `"-C" is not allowed (-C is --cwd): ${elsewhere}.`],
        ["--config-file", `"--config-file" is not allowed: ${elsewhere}.`],
        ["--yes", `"--yes" is not allowed: ${confirmation}.`],
        ["-dy", `"-dy" is not allowed (-y is --yes): ${confirmation}.`],
        ["--skip-preview", `"--skip-preview" is not allowed: ${confirmation}.`],
        ["-f", `"-f" is not allowed (-f is --skip-preview): ${confirmation}.`],
    ];
    for (const [arg, expected] of table) {
        it(`${arg} -> ${expected === undefined ? "passes" : "refused"}`, () => {
            assert.strictEqual(forbiddenPassThroughReason(arg), expected);
        });
    }

    it("refuses with one message listing every refused argument", () => {
        assert.throws(() => checkPassThrough(["--diff", "--stack=prod", "-y"]), (err: unknown) => {
            assert.ok(err instanceof DeliveryRefusal);
            assert.strictEqual(err.exitCode, 2);
            assert.strictEqual(err.message, [
                "Refusing to pass these arguments to pulumi:",
                `  "--stack=prod" is not allowed: the stack is the wrapper's own --stack.`,
                `  "-y" is not allowed (-y is --yes): ${confirmation}.`,
            ].join("\n"));
            return true;
        });
        assert.doesNotThrow(() => checkPassThrough(["--diff", "--refresh"]));
    });
});

describe("delivery: confirmation", () => {
    const table: [ConfirmationRequest, Confirmation][] = [
        [{ command: "preview", production: true, yes: false, terminal: false }, "none"],
        [{ command: "preview", production: false, yes: false, terminal: true }, "none"],
        [{ command: "up", production: true, yes: true, terminal: false }, "none"],
        [{ command: "destroy", production: true, yes: true, terminal: true }, "none"],
        [{ command: "up", production: true, yes: false, terminal: true }, "type-stack-name"],
        [{ command: "destroy", production: true, yes: false, terminal: true }, "type-stack-name"],
        [{ command: "up", production: true, yes: false, terminal: false }, "refuse"],
        [{ command: "destroy", production: true, yes: false, terminal: false }, "refuse"],
        [{ command: "up", production: false, yes: false, terminal: true }, "pulumi-prompt"],
        [{ command: "up", production: false, yes: false, terminal: false }, "refuse"],
        [{ command: "up", production: false, yes: true, terminal: false }, "none"],
    ];
    for (const [request, expected] of table) {
        it(`${JSON.stringify(request)} -> ${expected}`, () => {
            assert.strictEqual(confirmationFor(request), expected);
        });
    }

    it("accepts only the exact stack name", () => {
        assert.strictEqual(confirms("prod", "prod"), true);
        assert.strictEqual(confirms("  prod \n", "prod"), true);
        assert.strictEqual(confirms("Prod", "prod"), false);
        assert.strictEqual(confirms("yes", "prod"), false);
        assert.strictEqual(confirms("", "prod"), false);
    });

    it("says how to confirm when nobody can answer", () => {
        assert.strictEqual(unconfirmedMessage("destroy", "dev", false),
            `Refusing to run "destroy" on stack "dev": this is not an interactive terminal, so pulumi cannot ask ` +
            "for confirmation. Pass --yes to confirm (the preview still runs first): npm run destroy -- --stack dev --yes");
    });

    it("reads the typed answer, and an empty one when input ends", async () => {
        const input = new PassThrough();
        const output = new PassThrough();
        const answer = ask("Type it: ", input, output);
        input.end("prod\n");
        assert.strictEqual(await answer, "prod");
        assert.strictEqual(output.read()?.toString(), "Type it: ");

        const closed = new PassThrough();
        const silent = ask("Type it: ", closed, new PassThrough());
        closed.end();
        assert.strictEqual(await silent, "");
    });
});

describe("delivery: preflight", () => {
    let root: string;
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-preflight-"));
        fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
        fs.copyFileSync(path.join(REPO, "Pulumi.dev.yaml"), path.join(root, "Pulumi.dev.yaml"));
        fs.copyFileSync(path.join(REPO, "Pulumi.prod.yaml"), path.join(root, "Pulumi.prod.yaml"));
        fs.writeFileSync(path.join(root, "Pulumi.live.yaml"), "config:\n  migration:environment: prod\n");
        fs.writeFileSync(path.join(root, "Pulumi.broken.yaml"), "config: [unclosed\n");
        fs.mkdirSync(path.join(root, "policies", "config"), { recursive: true });
        fs.writeFileSync(path.join(root, "policies", "config", "dev.json"), "{}\n");
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("accepts a stack with its stack file and policy config", () => {
        assert.deepStrictEqual(checkStack(root, "dev"), stackFiles(root, "dev"));
    });

    it("refuses an unknown stack, listing the known ones", () => {
        assert.throws(() => checkStack(root, "staging"), new DeliveryRefusal(
            `Unknown stack "staging": there is no Pulumi.staging.yaml in ${root} (stacks: broken, dev, live, prod).`));
    });

    it("refuses a stack without policy config", () => {
        assert.throws(() => checkStack(root, "prod"), new DeliveryRefusal(
            `Stack "prod" has no policy config: ${root}/policies/config/prod.json does not exist. ` +
            "Every preview and update runs the policy pack with the stack's own config; add that file first."));
    });

    it("refuses a qualified or path-like stack name before touching files", () => {
        const message = (s: string) => `Stack name "${s}" is not a plain stack name (letters, digits, "-", "_", "."). ` +
            "Use the short name (dev, prod); select the organization with `pulumi org set-default <org>`.";
        assert.throws(() => checkStack(root, "acme/dev"), new DeliveryRefusal(message("acme/dev")));
        assert.throws(() => checkStack(root, "../dev"), new DeliveryRefusal(message("../dev")));
        assert.strictEqual(stackNameProblem("prod-eu_1.a"), undefined);
    });

    it("treats prod, environment prod and unreadable stack files as production", () => {
        assert.deepStrictEqual(
            ["dev", "prod", "live", "broken"].map((s) => [s, isProductionStack(root, s)]),
            [["dev", false], ["prod", true], ["live", true], ["broken", true]]);
    });

    it("finds an executable on PATH like a shell: first match, executable files only", () => {
        const first = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-path-a-"));
        const second = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-path-b-"));
        try {
            fs.writeFileSync(path.join(first, "pulumi"), "not executable", { mode: 0o644 });
            fs.mkdirSync(path.join(first, "tool"));
            fs.writeFileSync(path.join(second, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
            const PATH = [first, "", second].join(path.delimiter);
            assert.strictEqual(findExecutable("pulumi", { PATH }, "linux"), path.join(second, "pulumi"));
            assert.strictEqual(findExecutable("tool", { PATH }, "linux"), undefined);
            assert.strictEqual(findExecutable("pulumi", {}, "linux"), undefined);
        } finally {
            fs.rmSync(first, { recursive: true, force: true });
            fs.rmSync(second, { recursive: true, force: true });
        }
    });
});
