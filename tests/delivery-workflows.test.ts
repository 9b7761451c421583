// Parses the GitHub Actions workflows and checks what delivery depends on:
// tests before anything else, the offline plan of every stack, the policy pack
// on every preview and update, prod behind the approved `production`
// environment after dev, pinned actions and least-privilege permissions.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import * as os from "os";
import { main as stacksCli } from "../tools/stacks/cli";
import { listStacks } from "../tools/stack-file";

const REPO = path.resolve(__dirname, "..");
const WORKFLOWS = path.join(REPO, ".github", "workflows");

interface Step {
    readonly name?: string;
    readonly id?: string;
    readonly if?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, string>;
}

interface Job {
    readonly name?: string;
    readonly if?: string;
    readonly needs?: string | string[];
    readonly environment?: string | { name: string };
    readonly concurrency?: { group: string; "cancel-in-progress": boolean };
    readonly permissions?: Record<string, string>;
    readonly strategy?: { matrix?: { stack?: string | string[] } };
    readonly outputs?: Record<string, string>;
    readonly env?: Record<string, string>;
    readonly steps: Step[];
}

interface Workflow {
    readonly on: Record<string, unknown>;
    readonly permissions?: Record<string, string>;
    readonly concurrency?: { group: string; "cancel-in-progress": boolean };
    readonly jobs: Record<string, Job>;
}

function load(file: string): Workflow {
    return parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
}

const allSteps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);
const runs = (job: Job): string[] => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : ([] as string[]).concat(job.needs));
const stepRunning = (job: Job, pattern: RegExp): Step | undefined => job.steps.find((s) => s.run !== undefined && pattern.test(s.run));

const STACKS = listStacks(REPO);
const STACKS_STEP = "npm run --silent stacks -- --github-output \"$GITHUB_OUTPUT\"";
const PLAN = "npm run plan -- --stack ${{ matrix.stack }} --markdown plan-${{ matrix.stack }}.md --json plan-${{ matrix.stack }}.json";
/** Pull requests plan against the base branch commit the merge commit (HEAD) merges into. */
const PR_PLAN = "npm run plan -- --stack ${{ matrix.stack }} --against HEAD^1 --markdown plan-${{ matrix.stack }}.md --json plan-${{ matrix.stack }}.json";
const PULUMI_CLI_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
}).dependencies["@pulumi/pulumi"];

describe("delivery workflows", () => {
    const files = ["pull-request.yml", "deploy.yml"];
    const workflows = Object.fromEntries(files.map((f) => [f, load(f)])) as Record<string, Workflow>;
    const pr = workflows["pull-request.yml"];
    const deploy = workflows["deploy.yml"];

    describe("pull-request.yml", () => {
        it("runs on pull requests to main", () => {
            assert.deepStrictEqual(pr.on, { pull_request: { branches: ["main"] } });
        });

        it("tests first: npm ci, the stacks, then npm test", () => {
            assert.deepStrictEqual(runs(pr.jobs.test), ["npm ci --no-audit --no-fund", STACKS_STEP, "npm test"]);
            assert.deepStrictEqual(pr.jobs.test.outputs, { stacks: "${{ steps.stacks.outputs.stacks }}" });
            assert.deepStrictEqual(needsOf(pr.jobs["plan-and-preview"]), ["test"]);
        });

        it("plans every stack against the pull request's base and publishes the Markdown to the job summary", () => {
            const job = pr.jobs["plan-and-preview"];
            assert.deepStrictEqual(job.strategy?.matrix?.stack, "${{ fromJSON(needs.test.outputs.stacks) }}");
            const checkout = job.steps.find((s) => s.uses?.startsWith("actions/checkout@"));
            // The merge commit and its first parent, the base the plan compares with.
            assert.deepStrictEqual(checkout?.with, { "persist-credentials": false, "fetch-depth": 2 });
            const plan = stepRunning(job, /npm run plan/);
            assert.strictEqual(plan?.run?.trim(), PR_PLAN);
            assert.strictEqual(plan?.if, undefined, "the plan must run (and fail the job) on every pull request");

            const summary = stepRunning(job, /GITHUB_STEP_SUMMARY/);
            assert.strictEqual(summary?.run?.trim(), `cat "plan-\${STACK}.md" >> "$GITHUB_STEP_SUMMARY"`);
            assert.strictEqual(summary?.if, "${{ !cancelled() && hashFiles(format('plan-{0}.md', matrix.stack)) != '' }}");
            assert.strictEqual(job.env?.STACK, "${{ matrix.stack }}");
            const keep = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
            assert.deepStrictEqual(keep?.with?.name, "plan-${{ matrix.stack }}");
            assert.ok(job.steps.indexOf(plan!) < job.steps.indexOf(summary!) && job.steps.indexOf(summary!) < job.steps.indexOf(keep!));
            assert.ok(!job.steps.some((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@")), "one comment for all stacks, not one per matrix job");
        });

        it("posts every stack's plan as one sticky comment, also when a plan failed, never from a fork", () => {
            const job = pr.jobs.comment;
            assert.deepStrictEqual(needsOf(job), ["plan-and-preview"]);
            assert.strictEqual(job.if, "${{ !cancelled() && github.event.pull_request.head.repo.full_name == github.repository }}");
            const download = job.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
            assert.deepStrictEqual(download?.with, { pattern: "plan-*", "merge-multiple": true });
            const comment = job.steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"));
            assert.deepStrictEqual(comment?.with, { header: "offline-plan", path: "offline-plan-comment.md" });
            const join = stepRunning(job, /plan-comment\.md/);
            assert.ok(job.steps.indexOf(download!) < job.steps.indexOf(join!) && job.steps.indexOf(join!) < job.steps.indexOf(comment!));
        });

        it("builds the comment from every stack's Markdown, in order, and says so when there is none", () => {
            const script = stepRunning(pr.jobs.comment, /plan-comment\.md/)!.run!;
            const run = (files: Record<string, string>) => {
                const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "plan-comment-"));
                for (const [name, text] of Object.entries(files)) {
                    fs.writeFileSync(path.join(dir, name), text);
                }
                const result = spawnSync("bash", ["-e", "-c", script], { cwd: dir, encoding: "utf8" });
                assert.strictEqual(result.status, 0, result.stderr);
                return fs.readFileSync(path.join(dir, "offline-plan-comment.md"), "utf8");
            };
            assert.strictEqual(run({ "plan-prod.md": "### prod\n", "plan-dev.md": "### dev\n", "plan-dev.json": "{}" }),
                "## Offline plans of this pull request\n\n### dev\n\n### prod\n\n");
            assert.strictEqual(run({}), "## Offline plans of this pull request\n\nNo plan was written: see the logs of the plan jobs.\n");
        });

        it("previews with the policy pack only when credentials are configured, with a notice otherwise", () => {
            const job = pr.jobs["plan-and-preview"];
            assert.strictEqual(job.env?.CLOUD_CREDENTIALS,
                "${{ (secrets.PULUMI_ACCESS_TOKEN != '' || vars.PULUMI_BACKEND_URL != '') && secrets.DIGITALOCEAN_TOKEN != '' && vars.AWS_PREVIEW_ROLE_ARN != '' }}");
            const preview = stepRunning(job, /npm run (--silent )?preview/);
            assert.strictEqual(preview?.if, "env.CLOUD_CREDENTIALS == 'true'");
            assert.ok(preview?.run?.includes(`npm run --silent preview -- --stack "\${STACK}" -- --diff --color=never`), preview?.run);
            assert.deepStrictEqual(preview?.env, {
                PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
                PULUMI_BACKEND_URL: "${{ vars.PULUMI_BACKEND_URL }}",
                DIGITALOCEAN_TOKEN: "${{ secrets.DIGITALOCEAN_TOKEN }}",
            });
            const credentialSteps = job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@") || s.uses?.startsWith("aws-actions/"));
            assert.deepStrictEqual(credentialSteps.map((s) => s.if), ["env.CLOUD_CREDENTIALS == 'true'", "env.CLOUD_CREDENTIALS == 'true'"]);

            const notice = job.steps.find((s) => s.if === "env.CLOUD_CREDENTIALS != 'true'");
            assert.ok(notice?.run?.startsWith(`echo "::notice title=pulumi preview skipped (\${STACK})::`), notice?.run);
        });

        it("cancels superseded runs of the same pull request", () => {
            assert.deepStrictEqual(pr.concurrency, { group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
        });
    });

    describe("deploy.yml", () => {
        const dev = deploy.jobs["deploy-dev"];
        const prod = deploy.jobs["deploy-prod"];

        it("runs on pushes to main", () => {
            assert.deepStrictEqual(deploy.on, { push: { branches: ["main"] } });
        });

        it("tests and plans every stack before deploying", () => {
            assert.deepStrictEqual(runs(deploy.jobs.test), ["npm ci --no-audit --no-fund", STACKS_STEP, "npm test"]);
            assert.deepStrictEqual(deploy.jobs.test.outputs, {
                stacks: "${{ steps.stacks.outputs.stacks }}",
                dev_stacks: "${{ steps.stacks.outputs.dev_stacks }}",
                prod_stacks: "${{ steps.stacks.outputs.prod_stacks }}",
            });
            assert.deepStrictEqual(deploy.jobs.plan.strategy?.matrix?.stack, "${{ fromJSON(needs.test.outputs.stacks) }}");
            assert.strictEqual(stepRunning(deploy.jobs.plan, /npm run plan/)?.run?.trim(), PLAN);
            assert.deepStrictEqual(needsOf(deploy.jobs.plan), ["test"]);
            assert.deepStrictEqual(needsOf(dev), ["test", "plan"]);
        });

        it("deploys every dev stack, then every prod stack through its approved environment (prod's: production)", () => {
            assert.deepStrictEqual([dev.strategy?.matrix?.stack, prod.strategy?.matrix?.stack], ["${{ fromJSON(needs.test.outputs.dev_stacks) }}", "${{ fromJSON(needs.test.outputs.prod_stacks) }}"]);
            assert.deepStrictEqual(needsOf(prod), ["test", "deploy-dev"]);
            assert.strictEqual(dev.if, "${{ needs.test.outputs.dev_stacks != '[]' }}", "an empty matrix fails a job: no dev stack, no job");
            assert.strictEqual(prod.if, "${{ !cancelled() && !failure() && needs.test.outputs.prod_stacks != '[]' }}", "after the dev stacks, or when there is none");
            assert.strictEqual(prod.environment, "${{ matrix.stack == 'prod' && 'production' || matrix.stack }}");
            assert.strictEqual(dev.environment, "${{ matrix.stack }}");
            assert.strictEqual(stepRunning(dev, /npm run up/)?.run?.trim(), "npm run up -- --stack ${{ matrix.stack }} --yes");
            assert.strictEqual(stepRunning(prod, /npm run up/)?.run?.trim(), "npm run up -- --stack ${{ matrix.stack }} --yes");
        });

        it("names no stack itself: every list comes from the Pulumi.<stack>.yaml files", () => {
            for (const file of files) {
                const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
                assert.doesNotMatch(text, /\[dev, prod\]|--stack (dev|prod)\b|pulumi-stack-(dev|prod)\b/, file);
            }
        });

        it("gives each deploy more time than ACM waits for DNS validation (75 minutes) and ECS for steady state", () => {
            for (const job of ["deploy-dev", "deploy-prod"]) {
                assert.strictEqual((deploy.jobs[job] as unknown as Record<string, unknown>)["timeout-minutes"], 120, job);
            }
        });

        it("serializes each stack's deployments and never cancels one in progress", () => {
            assert.deepStrictEqual([dev.concurrency, prod.concurrency], [
                { group: "pulumi-stack-${{ matrix.stack }}", "cancel-in-progress": false },
                { group: "pulumi-stack-${{ matrix.stack }}", "cancel-in-progress": false },
            ]);
        });

        it("checks credentials, assumes the AWS role by OIDC, then runs up with the secrets in its env only", () => {
            for (const [job, stack] of [[dev, "${{ matrix.stack }}"], [prod, "${{ matrix.stack }}"]] as const) {
                const order = job.steps.map((s) => s.uses?.split("@")[0] ?? s.run?.trim().split(" ").slice(0, 3).join(" "));
                assert.deepStrictEqual(order, [
                    "actions/checkout", "actions/setup-node", "npm ci --no-audit", "bash tools/delivery/check-credentials.sh",
                    "pulumi/actions", "aws-actions/configure-aws-credentials", "npm run up",
                ]);
                const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
                assert.strictEqual(aws?.with?.["role-to-assume"], "${{ vars.AWS_DEPLOY_ROLE_ARN }}");
                assert.strictEqual(aws?.with?.["aws-access-key-id"], undefined, "long-lived AWS keys are not used");
                assert.deepStrictEqual(stepRunning(job, /npm run up/)?.env, {
                    PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
                    PULUMI_BACKEND_URL: "${{ vars.PULUMI_BACKEND_URL }}",
                    DIGITALOCEAN_TOKEN: "${{ secrets.DIGITALOCEAN_TOKEN }}",
                });
                assert.strictEqual(job.env?.STACK, stack);
            }
        });
    });

    describe("the stacks the workflows run (npm run stacks)", () => {
        const outputsOf = async (root: string) => {
            const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stacks-")), "github-output");
            const code = await stacksCli(["stacks", "--github-output", out], { root, stdout: () => undefined });
            return { code, lines: fs.readFileSync(out, "utf8") };
        };

        it("lists this project's stack files, split by environment", async () => {
            assert.deepStrictEqual(await outputsOf(REPO), { code: 0, lines: `stacks=${JSON.stringify(STACKS)}\ndev_stacks=["dev"]\nprod_stacks=["prod"]\n` });
        });

        it("gives a third stack its plan and its deploy: its file is enough", async () => {
            const root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-project-"));
            for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
                fs.copyFileSync(path.join(REPO, file), path.join(root, file));
            }
            fs.writeFileSync(path.join(root, "Pulumi.staging.yaml"), fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8"));
            fs.writeFileSync(path.join(root, "Pulumi.qa.yaml"), "config:\n  migration:environment: dev\n");
            assert.deepStrictEqual(await outputsOf(root), { code: 0, lines: 'stacks=["dev","prod","qa","staging"]\ndev_stacks=["dev","qa"]\nprod_stacks=["prod","staging"]\n' });
            fs.writeFileSync(path.join(root, "Pulumi.loose.yaml"), "config: {}\n");
            let stderr = "";
            assert.strictEqual(await stacksCli(["stacks"], { root, stdout: () => undefined, stderr: (t) => { stderr += t; } }), 2);
            assert.strictEqual(stderr, "error: Pulumi.loose.yaml: migration:environment is not set and the stack is named neither dev nor prod; allowed dev or prod, for example: pulumi config set migration:environment dev --stack loose\n");
        });
    });

    describe("tools/delivery/check-credentials.sh", () => {
        const check = (env: Record<string, string>) => {
            const result = spawnSync("bash", [path.join(REPO, "tools", "delivery", "check-credentials.sh")], {
                env: { PATH: process.env.PATH, ...env },
                encoding: "utf8",
            });
            return { status: result.status, stdout: result.stdout };
        };

        it("names every missing setting and fails", () => {
            assert.deepStrictEqual(check({ STACK: "prod", HAS_STATE_ACCESS: "false", HAS_DIGITALOCEAN_TOKEN: "true", HAS_AWS_ROLE: "false" }), {
                status: 1,
                stdout: [
                    "::error title=Deployment of prod is not configured::Set the PULUMI_ACCESS_TOKEN secret (Pulumi Cloud) or " +
                        "the PULUMI_BACKEND_URL variable (s3:// backend) in the repository or its environment settings.",
                    "::error title=Deployment of prod is not configured::Set the AWS_DEPLOY_ROLE_ARN variable in the repository " +
                        "or its environment settings.",
                    "",
                ].join("\n"),
            });
        });

        it("passes when all three are configured", () => {
            assert.deepStrictEqual(check({ STACK: "dev", HAS_STATE_ACCESS: "true", HAS_DIGITALOCEAN_TOKEN: "true", HAS_AWS_ROLE: "true" }),
                { status: 0, stdout: "Deployment credentials for dev are configured.\n" });
        });

        it("gets the three booleans from the workflow, not the secrets", () => {
            for (const job of [deploy.jobs["deploy-dev"], deploy.jobs["deploy-prod"]]) {
                assert.deepStrictEqual(stepRunning(job, /check-credentials/)?.env, {
                    HAS_STATE_ACCESS: "${{ secrets.PULUMI_ACCESS_TOKEN != '' || vars.PULUMI_BACKEND_URL != '' }}",
                    HAS_DIGITALOCEAN_TOKEN: "${{ secrets.DIGITALOCEAN_TOKEN != '' }}",
                    HAS_AWS_ROLE: "${{ vars.AWS_DEPLOY_ROLE_ARN != '' }}",
                });
            }
        });
    });

    for (const file of files) {
        describe(`${file}: conventions`, () => {
            const workflow = workflows[file];

            it("pins every action to a version tag or commit", () => {
                const uses = allSteps(workflow).flatMap((s) => (s.uses === undefined ? [] : [s.uses]));
                assert.ok(uses.length > 0);
                for (const u of uses) {
                    assert.match(u, /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, u);
                }
                assert.ok(uses.includes("actions/checkout@v4"));
            });

            it("sets up node 20 with the npm cache, and checks out without persisted credentials", () => {
                for (const step of allSteps(workflow)) {
                    if (step.uses?.startsWith("actions/setup-node@")) {
                        assert.deepStrictEqual([step.uses, step.with], ["actions/setup-node@v4", { "node-version": 20, cache: "npm" }]);
                    }
                    if (step.uses?.startsWith("actions/checkout@")) {
                        // fetch-depth 2 where a plan compares with the merge commit's base.
                        const { "fetch-depth": depth, ...rest } = (step.with ?? {}) as Record<string, unknown>;
                        assert.deepStrictEqual(rest, { "persist-credentials": false });
                        assert.ok(depth === undefined || depth === 2, String(depth));
                    }
                }
            });

            it("pins the Pulumi CLI to the release of @pulumi/pulumi, installing it only", () => {
                const installs = allSteps(workflow).filter((s) => s.uses?.startsWith("pulumi/actions@"));
                assert.ok(installs.length > 0);
                for (const step of installs) {
                    assert.deepStrictEqual([step.uses, step.with], ["pulumi/actions@v6", { "pulumi-version": PULUMI_CLI_VERSION }]);
                }
            });

            it("runs pulumi only through the wrapper that adds the policy pack", () => {
                for (const step of allSteps(workflow)) {
                    const commands = (step.run ?? "").replace(/"[^"]*"|'[^']*'/g, "\"\""); // quoted text is not a command
                    assert.doesNotMatch(commands, /(^|[\s;&|])pulumi\s+(preview|up|update|destroy)\b/, step.run);
                    if (step.uses?.startsWith("pulumi/actions@") && step.with?.command !== undefined) {
                        assert.ok(step.with.policyPacks !== undefined && step.with.policyPackConfigs !== undefined, step.name);
                    }
                }
            });

            it("grants read-only contents by default, and write scopes only to the jobs that use them", () => {
                assert.deepStrictEqual(workflow.permissions, { contents: "read" });
                for (const [name, job] of Object.entries(workflow.jobs)) {
                    const permissions: Record<string, string> | undefined = job.permissions ?? workflow.permissions;
                    const assumesRole = job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
                    const comments = job.steps.some((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"));
                    assert.deepStrictEqual(permissions, {
                        contents: "read",
                        ...(assumesRole ? { "id-token": "write" } : {}),
                        ...(comments ? { "pull-requests": "write" } : {}),
                    }, name);
                }
            });

            it("never puts a secret into a command line", () => {
                for (const step of allSteps(workflow)) {
                    assert.doesNotMatch(step.run ?? "", /\$\{\{\s*secrets\./, step.name);
                }
            });
        });
    }
});
