// The offline plan as a user runs it: exit codes, printed plan and files.
// A few runs are real processes (`npm run plan`, a terminal, a user mistake),
// the rest call the CLI's main() in this process with its output captured,
// sharing one policy pack.
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CATALOG } from "../policies/catalog";
import { nodeArgsOfScript } from "../tools/npm-scripts";
import { HEAP_GROWING, LATE_OPTIMIZATION } from "../tools/offline/pack-process";
import { main } from "../tools/plan/cli";
import { liveProcesses } from "./helpers/processes";

const ROOT = path.resolve(__dirname, "..");
const NPM = path.join(path.dirname(process.execPath), "npm");
/** What `npm run plan` runs (package.json). */
const PLAN_COMMAND = [process.execPath, ...nodeArgsOfScript("plan")];

interface Result { status: number | null; stdout: string; stderr: string }

/** The CLI in a process of its own, as `npm run plan -- <args>` runs it, piped. */
function planProcess(...args: string[]): Result {
    const child = spawnSync(PLAN_COMMAND[0], [...PLAN_COMMAND.slice(1), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The CLI's main() in this process, stdout and stderr captured and not a terminal (as when piped). */
async function plan(...args: string[]): Promise<Result> {
    const out = { stdout: "", stderr: "" };
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    const stderrIsTTY = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    const capture = (into: "stdout" | "stderr") => ((chunk: string | Uint8Array) => {
        out[into] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
        return true;
    }) as typeof process.stdout.write;
    process.stdout.write = capture("stdout");
    process.stderr.write = capture("stderr");
    Object.defineProperty(process.stderr, "isTTY", { value: false, configurable: true });
    try {
        const status = await main(args);
        return { status, ...out };
    } finally {
        process.stdout.write = writes.stdout;
        process.stderr.write = writes.stderr;
        if (stderrIsTTY === undefined) {
            delete (process.stderr as { isTTY?: boolean }).isTTY;
        } else {
            Object.defineProperty(process.stderr, "isTTY", stderrIsTTY);
        }
    }
}

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
}

/** Live processes of a process group (Linux /proc), or undefined where there is no /proc. */
function processesOfGroup(pgid: number): string[] | undefined {
    return liveProcesses()?.filter((p) => p.pgrp === pgid).map((p) => String(p.pid));
}

// The DigitalOcean URL web reads today, which DMS logs in with too (dev's database moves): the cluster's own port.
const SECRET = "postgres://app:Sup3r-Secret-Pa55@db.internal:25060/app";

describe("offline plan (end to end)", function () {
    this.timeout(180_000);

    describe("dev stack, with every output file and a secret given on the command line (npm run plan, piped)", () => {
        let run: Result;
        let leftBehind: string[] | undefined;
        let dir: string;
        let json: any;
        let markdown: string;
        let state: any;
        before(async function () {
            if (!fs.existsSync(NPM)) {
                this.skip(); // npm is not beside node here; nothing else runs `npm run plan`
            }
            dir = tempDir();
            const child = spawn(NPM, ["run", "--silent", "plan", "--", "--stack", "dev", "--secret", `webDatabaseUrl=${SECRET}`,
                "--json", path.join(dir, "plan.json"), "--markdown", path.join(dir, "plan.md"), "--state", path.join(dir, "state.json")],
            { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout!.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
            child.stderr!.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
            const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
            run = { status, stdout, stderr };
            // The run's process group: npm, the plan and its policy pack all end with it.
            const deadline = Date.now() + 2_000;
            leftBehind = processesOfGroup(child.pid!);
            while (leftBehind !== undefined && leftBehind.length > 0 && Date.now() < deadline) {
                await new Promise((resolve) => setTimeout(resolve, 50));
                leftBehind = processesOfGroup(child.pid!);
            }
            json = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
            markdown = fs.readFileSync(path.join(dir, "plan.md"), "utf8");
            state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"));
        });

        it("exits 0 with nothing on stderr and no terminal escapes when piped", () => {
            assert.strictEqual(run.status, 0, run.stderr);
            assert.strictEqual(run.stderr, "");
            assert.ok(!run.stdout.includes("\x1b["));
        });

        it("leaves no process behind: npm, the plan and its policy pack have all ended", function () {
            if (leftBehind === undefined) {
                this.skip(); // process groups are read from Linux /proc
            }
            assert.deepStrictEqual(leftBehind, []);
        });

        it("prints the component tree with create markers", () => {
            const lines = run.stdout.split("\n");
            assert.strictEqual(lines[0], "Offline plan of stack dev (project migration, environment dev): the real program under mock providers; nothing was deployed.");
            // A cell shortened in the middle to fit 120 columns matches whatever its "…" stands for.
            const row = (text: string) => lines.find((l) => {
                const normal = l.replace(/\s+/g, " ").trim();
                return normal === text || (normal.includes("…") && new RegExp(`^${normal.split("…").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(text));
            });
            for (const expected of [
                "+ pulumi:pulumi:Stack migration-dev create",
                "+ ├─ migration:index:Migration migration-dev create",
                "+ │ ├─ migration:dns:Zone migration-dev-dns create",
                "+ │ │ ├─ aws:route53/zone:Zone migration-dev-dns-zone create",
                "+ │ │ └─ aws:route53/record:Record migration-dev-dns-delegation create",
                "+ │ │ └─ awsx:ec2:Vpc migration-dev-network-vpc create",
                "+ │ │ ├─ digitalocean:index/droplet:Droplet migration-dev-web-droplet-1 create",
                "+ │ │ ├─ migration:aws:FargateRevision migration-dev-web-stable create",
                "+ │ │ │ ├─ aws:ecs/service:Service migration-dev-web-stable create",
                "+ │ ├─ migration:traffic:Routing migration-dev-api create",
                "+ │ │ ├─ aws:route53/record:Record migration-dev-api-legacy create",
                "+ │ └─ migration:aws:Dashboard migration-dev-dashboard create",
                // The explicit provider of the us-east-1 health-check alarms, at the stack's root.
                "+ └─ pulumi:providers:aws migration-dev-us-east-1 create",
            ]) {
                assert.ok(row(expected), `missing tree row: ${expected}`);
            }
            // dev's database firewall is imported (it owns the cluster's whole list of trusted sources).
            assert.ok(run.stdout.includes(`Resources:\n    + ${json.resources.length - 1} to create\n    = 1 to import\n    ${json.resources.length} changes\n`));
        });

        it("fits the tree to 120 columns when piped, long names shortened in the middle, full in --json", () => {
            const tree = run.stdout.split("\n\nResources:")[0].split("\n").slice(2);
            const long = tree.filter((l) => [...l].length > 120);
            assert.deepStrictEqual(long, []);
            const shortened = tree.filter((l) => l.includes("…"));
            assert.ok(shortened.length > 0, "dev has names longer than the room");
            for (const line of shortened) {
                const cell = line.trim().split(/\s{2,}/).find((c) => c.includes("…"))!;
                const [head, tail] = cell.split("…");
                assert.ok(json.resources.some((r: any) => [r.name, r.type].some((full: string) => full.startsWith(head.replace(/^[+=]?[│├└─\s]*/, "")) && full.endsWith(tail))), line);
            }
        });

        it("prints the traffic table", () => {
            const table = run.stdout.split("Traffic:\n")[1].split("\n\n")[0].split("\n").map((l) => l.trim().replace(/\s{2,}/g, " | "));
            assert.deepStrictEqual(table, [
                "Service | Hostname | DNS | Legacy | Fargate | Canary (of Fargate) | Standby at 0% | Leave failing legacy | Leave failing Fargate | Next step | Previous step",
                "web | www.dev.example.com | weighted | 50% | 50% | 0% | - | 90s | 90s | 100% | 25%",
                "api | api.dev.example.com | weighted | 75% | 25% | 0% | - | 90s | 90s | 50% | 5%",
            ]);
        });

        it("prints the policy results of the real pack with dev's config", () => {
            assert.ok(run.stdout.includes(`Policies (${CATALOG.length} rules, config `), run.stdout);
            assert.ok(run.stdout.endsWith("    no violations\n\nResult: no mandatory policy violations.\n"));
        });

        it("never shows the secret: not on stdout, in the JSON, the Markdown or the state file", () => {
            for (const [what, text] of [["stdout", run.stdout], ["json", JSON.stringify(json)], ["markdown", markdown], ["state", JSON.stringify(state)]]) {
                assert.ok(!text.includes(SECRET), `secret found in ${what}`);
                assert.ok(!text.includes("Sup3r-Secret-Pa55"), `secret found in ${what}`);
            }
        });

        it("writes the whole plan as JSON for bots", () => {
            assert.deepStrictEqual(Object.keys(json), ["stack", "project", "environment", "preview", "summary", "resources", "outputs", "traffic", "databases", "policies", "violations", "warnings", "accountValues", "legacyDatabases", "policyConfigNotes", "notifications", "workers", "jobs", "changeSafety", "cost", "diagrams"]);
            assert.deepStrictEqual(json.changeSafety, { against: "a first deployment (no base: imported resources as config says they run today)", steps: 184, findings: [] });
            assert.deepStrictEqual(json.warnings, []);
            assert.strictEqual(json.stack, "dev");
            assert.deepStrictEqual(json.violations, []);
            assert.strictEqual(json.policies.length, CATALOG.length);
            assert.ok(json.policies.every((p: { level: string }) => p.level === "advisory"));
            assert.deepStrictEqual(json.summary, { create: json.resources.length - 1, import: 1, total: json.resources.length });
            assert.deepStrictEqual(json.databases.map((d: { name: string; phase: string; next: { phase: string } }) => [d.name, d.phase, d.next.phase]), [["main", "replicate", "cutover"]]);
            const parameter = json.resources.find((r: { type: string }) => r.type === "aws:ssm/parameter:Parameter");
            assert.deepStrictEqual(Object.keys(parameter), ["urn", "type", "name", "parent", "operation", "inputs", "outputs", "propertyDependencies", "options"]);
            assert.strictEqual(parameter.inputs.value, "[secret]");
            const droplet = json.resources.find((r: { name: string }) => r.name === "migration-dev-web-droplet-1");
            assert.deepStrictEqual(droplet.options, {
                protect: false, retainOnDelete: false, ignoreChanges: [], deleteBeforeReplace: false,
                dependencies: ["migration-dev-web-tag", "migration-dev-legacy-vpc"].map((n) => json.resources.find((r: { name: string }) => r.name === n).urn),
            });
            assert.deepStrictEqual(json.traffic[0], {
                service: "web", hostname: "www.dev.example.com", phase: "weighted", legacyPercent: 50, fargatePercent: 50, canaryPercent: 0,
                standby: [], failoverSeconds: { legacy: 90, fargate: 90 }, nextStep: 100, previousStep: 25,
                commands: {
                    advance: "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 100 --stack dev",
                    rollBack: "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 25 --stack dev",
                    allToLegacy: "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 0 --stack dev",
                },
            });
            assert.strictEqual(json.outputs.traffic[0].commands.advance,
                "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 100 --stack dev");
        });

        it("says who is told of what: the topic's subscribers, the alarms and events that reach it, in text, JSON and Markdown", () => {
            assert.ok(run.stdout.includes("\nNotifications (who is told of what):\n    migration-dev-notifications: email platform-alerts@example.com\n        told of: 15 service alarms (ALARM and OK); 4 Route 53 health-check alarms (us-east-1); ECS deployments that fail or roll back\n"), run.stdout);
            assert.deepStrictEqual(json.notifications, {
                topics: [{ topic: "migration-dev-notifications", subscribers: ["email platform-alerts@example.com"], serviceAlarms: 15, healthCheckAlarms: 4, events: ["ECS deployments that fail or roll back"] }],
                silentAlarms: [],
            });
            assert.ok(markdown.includes("#### Notifications\n\n| Topic | Subscribers | Told of |\n|---|---|---|\n| `migration-dev-notifications` | email platform-alerts@example.com | 15 service alarms (ALARM and OK); 4 Route 53 health-check alarms (us-east-1); ECS deployments that fail or roll back |\n"), markdown);
        });

        it("writes a pull-request comment in Markdown", () => {
            const lines = markdown.split("\n");
            assert.strictEqual(lines[0], "### Offline plan: `dev` ✅");
            assert.strictEqual(lines[2], `${json.resources.length - 1} to create, 1 to import (${json.resources.length} resources). Policy pack: 0 mandatory, 0 advisory findings.`);
            assert.ok(markdown.includes("| web | www.dev.example.com | weighted | 50% | 50% | 0% | - | 90s | 90s | 100% | 25% |"));
            assert.ok(markdown.includes("| main | replicate | DigitalOcean 2f6f3c1e-8d4b-4e7a-9c21-5b0a7d9e3f14 (203.0.113.60/32:25060) | RDS postgres 16 migration-dev-main (db.t4g.small, 20 GiB) |"), markdown);
            assert.ok(markdown.includes("#### Change safety\n\n184 steps against a first deployment (no base: imported resources as config says they run today): every step keeps serving ([how it is judged](docs/change-safety.md)).\n"), markdown);
            assert.ok(markdown.includes("#### Policy results\n\nNo violations.\n"));
        });

        it("writes a deployment v3 stack export, secrets marked and redacted", () => {
            assert.strictEqual(state.version, 3);
            assert.deepStrictEqual(Object.keys(state.deployment), ["manifest", "resources"]);
            assert.strictEqual(state.deployment.resources.length, json.resources.length);
            const parameter = state.deployment.resources.find((r: { type: string }) => r.type === "aws:ssm/parameter:Parameter");
            assert.deepStrictEqual(parameter.inputs.value, { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "\"[secret]\"" });
            const stackRoot = state.deployment.resources[0];
            assert.deepStrictEqual([stackRoot.type, stackRoot.custom, stackRoot.parent], ["pulumi:pulumi:Stack", false, undefined]);
            const vpc = state.deployment.resources.find((r: { type: string }) => r.type === "digitalocean:index/vpc:Vpc");
            assert.strictEqual(vpc.custom, true);
            assert.match(vpc.id, /^[0-9a-f-]{36}$/);
        });
    });

    describe("prod stack", () => {
        let run: Result;
        let json: any;
        before(async () => {
            const dir = tempDir();
            run = await plan("--stack", "prod", "--json", path.join(dir, "plan.json"), "--state", path.join(dir, "state.json"));
            json = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
        });

        it("exits 0: prod passes its own mandatory policy config", () => {
            assert.strictEqual(run.status, 0, run.stdout + run.stderr);
            assert.ok(run.stdout.endsWith("Result: no mandatory policy violations.\n"));
            assert.ok(json.policies.every((p: { level: string }) => p.level === "mandatory"));
        });

        it("marks the adopted VPC and Droplets as imports", () => {
            const imports = json.resources.filter((r: { operation: string }) => r.operation === "import")
                .map((r: { name: string; options: { importId: string; protect: boolean; retainOnDelete: boolean } }) => [r.name, r.options.importId, r.options.protect, r.options.retainOnDelete])
                .sort((a: string[], b: string[]) => a[0].localeCompare(b[0]));
            assert.deepStrictEqual(imports, [
                ["migration-prod-api-droplet-412345681", "412345681", true, true],
                ["migration-prod-api-droplet-412345682", "412345682", true, true],
                ["migration-prod-db-main-trusted-sources", "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30", true, true],
                ["migration-prod-legacy-vpc", "5a4bd2f1-6c1e-4f6a-9d3e-2b7c8e9f0a1d", true, true],
                ["migration-prod-mailer-droplet-412345691", "412345691", true, true],
                ["migration-prod-web-droplet-412345671", "412345671", true, true],
                ["migration-prod-web-droplet-412345672", "412345672", true, true],
                ["migration-prod-web-droplet-412345673", "412345673", true, true],
            ]);
            assert.ok(run.stdout.includes(`    = 8 to import\n`));
            // The type column may be shortened in the middle to fit 120 columns ("digitalocean:in…roplet:Droplet").
            assert.ok(run.stdout.split("\n").some((l) => /^ = .*digitalocean\S*Droplet\s+migration-prod-web-droplet-412345671\s+import$/.test(l)));
        });

        it("shows day one: both hostnames on their plain records, the cut-over pending, no step to move", () => {
            const table = run.stdout.split("Traffic:\n")[1].split("\n\n")[0].split("\n").map((l) => l.trim().replace(/\s{2,}/g, " | "));
            assert.deepStrictEqual(table.slice(1), [
                "web | www.example.com | cut-over pending | 100% | 0% | 0% | - | - | - | - | -",
                "api | api.example.com | cut-over pending | 100% | 0% | 0% | - | - | - | - | -",
            ]);
            assert.ok(run.stdout.includes("Cut-over pending for www.example.com, api.example.com: the plain records keep answering. After `pulumi up`, `npm run cutover -- --stack prod` writes each hostname's Route 53 change batch and prints the command that applies it (docs/runbook.md, phase 2).\n"));
            assert.deepStrictEqual(json.resources.filter((r: { type: string; inputs: { setIdentifier?: string } }) => r.type === "aws:route53/record:Record" && r.inputs.setIdentifier !== undefined), []);
        });
    });

    it("plans as a preview of a new stack: computed values unknown, and no policy trips over them", async () => {
        const dir = tempDir();
        const run = await plan("--stack", "prod", "--preview", "--json", path.join(dir, "plan.json"));
        assert.strictEqual(run.status, 0, run.stdout + run.stderr);
        assert.strictEqual(run.stdout.split("\n")[1], "Preview mode: values the providers compute (ids, ARNs, IPs, DNS names) are [unknown], as in `pulumi preview` of a new stack.");
        const json = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
        assert.strictEqual(json.preview, true);
        assert.deepStrictEqual(json.violations, []);
        assert.strictEqual(json.outputs.albDnsName, "[unknown]");
        const service = json.resources.find((r: { name: string; type: string }) => r.name === "migration-prod-web-stable" && r.type === "aws:ecs/service:Service");
        assert.strictEqual(service.inputs.cluster, "[unknown]");
        assert.deepStrictEqual(service.inputs.networkConfiguration.assignPublicIp, false);
        // Imports answer with what exists; the traffic split is known at preview.
        // The VPC, the five Droplets of web and api, the worker's Droplet, the database's trusted sources.
        assert.strictEqual(json.resources.filter((r: { operation: string }) => r.operation === "import").length, 8);
        assert.strictEqual(json.traffic[0].phase, "cutover-pending");
    });

    it("runs as npm runs it: the pack's heap and optimization settings, the deferral of unused SDK modules, the cached loader, the pack started first", () => {
        assert.deepStrictEqual(nodeArgsOfScript("plan"), [
            HEAP_GROWING, LATE_OPTIMIZATION, "-r", "./tools/offline/defer-unused-sdk-modules.js", "-r", "./tools/ts-register.js", "-r", "./tools/plan/prestart.ts", "tools/plan/cli.ts",
        ]);
    });

    it("launches the policy pack and the analyzer's thread from its preload, before the plan's own modules load", () => {
        const script = `const { analyzerThreadStarted } = require("./tools/offline/analyzer-channel");
            const { runningProcessPack } = require("./tools/offline/pack-process");
            const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\/]@pulumi[\\/](pulumi|aws|awsx|digitalocean)[\\/]index\.js$/.test(f));
            console.log(JSON.stringify({ thread: analyzerThreadStarted(), pack: runningProcessPack(${JSON.stringify(path.join(ROOT, "policies"))}) !== undefined, loaded }));`;
        const child = spawnSync(process.execPath, ["-r", "./tools/offline/defer-unused-sdk-modules.js", "-r", "./tools/ts-register.js", "-r", "./tools/plan/prestart.ts", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
        assert.strictEqual(child.status, 0, child.stderr);
        assert.deepStrictEqual(JSON.parse(child.stdout), { thread: true, pack: true, loaded: [] });
    });

    it("refuses --state with --preview", async () => {
        const run = await plan("--stack", "dev", "--preview", "--state", path.join(tempDir(), "state.json"));
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stderr, "error: --state: a stack export holds deployed values, and a --preview plan has unknown ones; drop one of the two flags\n");
    });

    it("exits 1 on a mandatory violation and names the rule", async () => {
        // prod's api with a single task: config-valid, but prod's resilience rule is mandatory.
        const run = await plan("--stack", "prod", "--config", `migration:services=${JSON.stringify(prodServicesWith((api) => {
            api.fargate.desiredCount = 1;
            api.fargate.autoscaling.min = 1;
        }))}`);
        assert.strictEqual(run.status, 1, run.stderr);
        assert.ok(run.stdout.includes("    mandatory (2):\n"), run.stdout);
        assert.ok(run.stdout.includes("      [mandatory]  traffic-prod-service-resilience  (migration-prod-api-stable: aws:ecs/service:Service)\n"), run.stdout);
        assert.ok(run.stdout.includes("      [mandatory]  traffic-prod-autoscaling-minimum  (migration-prod-api-stable-scaling: aws:appautoscaling/target:Target)\n"), run.stdout);
        assert.ok(run.stdout.includes("migration-prod-api-stable: desiredCount 1 is below 2; run at least 2 tasks so one failure does not drop the service."));
        assert.ok(run.stdout.endsWith("Result: 2 mandatory policy violations: `pulumi up` would be blocked.\n"));
    });

    it("stops the dev stack under prod's policy config, for exactly the reasons dev is not prod", async () => {
        const dir = tempDir();
        const run = await plan("--stack", "dev", "--policy-config", path.join(ROOT, "policies", "config", "prod.json"), "--json", path.join(dir, "plan.json"));
        assert.strictEqual(run.status, 1, run.stderr);
        const json = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
        const nameOf = (urn: string) => urn.split("::").pop();
        const found = json.violations.map((v: { policy: string; level: string; urn: string }) => `${v.level} ${v.policy} ${nameOf(v.urn)}`).sort();
        assert.deepStrictEqual(found, [
            // dev's RDS target: 7 days of backups (prod keeps 14), no deletion protection, no final snapshot, no standby.
            "mandatory database-recoverable migration-dev-rds-main-rds",
            "mandatory database-recoverable migration-dev-rds-main-rds",
            "mandatory database-recoverable migration-dev-rds-main-rds",
            "mandatory database-recoverable migration-dev-rds-main-rds",
            "mandatory platform-alb-deletion-protection migration-dev-platform-alb",
            "mandatory platform-log-group-retention migration-dev-api-logs",
            "mandatory platform-log-group-retention migration-dev-mailer-logs",
            "mandatory platform-log-group-retention migration-dev-migrate-logs",
            "mandatory platform-log-group-retention migration-dev-nightly-report-logs",
            "mandatory platform-log-group-retention migration-dev-web-logs",
            "mandatory sizing-droplet-size-allowlist migration-dev-api-droplet-1",
            "mandatory sizing-droplet-size-allowlist migration-dev-web-droplet-1",
            "mandatory traffic-legacy-protected migration-dev-api-droplet-1",
            "mandatory traffic-legacy-protected migration-dev-api-fw",
            "mandatory traffic-legacy-protected migration-dev-api-lb",
            "mandatory traffic-legacy-protected migration-dev-legacy-vpc",
            "mandatory traffic-legacy-protected migration-dev-web-droplet-1",
            "mandatory traffic-legacy-protected migration-dev-web-fw",
            "mandatory traffic-legacy-protected migration-dev-web-lb",
            "mandatory traffic-prod-autoscaling-minimum migration-dev-api-stable-scaling",
            "mandatory traffic-prod-autoscaling-minimum migration-dev-web-stable-scaling",
            "mandatory traffic-prod-service-resilience migration-dev-api-stable",
            "mandatory traffic-prod-service-resilience migration-dev-web-stable",
        ]);
        assert.ok(run.stdout.endsWith("Result: 23 mandatory policy violations: `pulumi up` would be blocked.\n"));
    });

    it("reports an advisory violation on dev without failing", async () => {
        const run = await plan("--stack", "dev", "--config", `migration:services=${JSON.stringify(devServicesWith((web) => {
            web.fargate.environment.STRIPE_API_KEY = "sk_live_0123456789abcdef";
        }))}`);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.ok(run.stdout.includes("    advisory (1):\n      [advisory]  secrets-no-plaintext-env  (migration-dev-web-stable: aws:ecs/taskDefinition:TaskDefinition)\n"), run.stdout);
        assert.ok(!run.stdout.includes("sk_live_0123456789abcdef"), "the credential-looking value is not echoed");
    });

    it("shows progress on a terminal and nothing of it when piped", function () {
        const script = spawnSync("script", ["--version"], { encoding: "utf8" });
        if (script.status !== 0) {
            this.skip(); // util-linux `script` gives the CLI a terminal; without it this case cannot be made here.
        }
        const command = [...PLAN_COMMAND, "--stack", "dev", "--quiet"].join(" ");
        const run = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
        assert.strictEqual(run.status, 0, run.stdout);
        assert.ok(run.stdout.includes("running the program for stack dev under mocks"), run.stdout);
        assert.ok(run.stdout.includes("evaluating the policy pack on "), run.stdout);
        assert.ok(run.stdout.includes("\x1b[2K"), "the progress line is cleared before the plan prints");
        assert.ok(run.stdout.includes("Result: no mandatory policy violations."));
    });

    describe("user mistakes exit 2 with a clear message and no stack trace", () => {
        const cases: [string, string[], string][] = [
            ["an unknown stack", ["--stack", "staging"], `error: --stack: "staging" is not a stack of this project; allowed dev, prod (a Pulumi.<stack>.yaml in ${ROOT}; a new stack: npm run new-stack, docs/new-stack.md)\n`],
            ["a stack name with a typo", ["--stack", "prd"], `error: --stack: "prd" is not a stack of this project (did you mean prod?); allowed dev, prod (a Pulumi.<stack>.yaml in ${ROOT}; a new stack: npm run new-stack, docs/new-stack.md)\n`],
            ["a missing --stack", [], "error: required option '-s, --stack <name>' not specified\n"],
            ["an unknown flag", ["--stack", "dev", "--dry"], "error: unknown option '--dry'\n"],
            ["a --config without =", ["--stack", "dev", "--config", "environment"], "error: --config: \"environment\" is not key=value; for example --config migration:dns='{\"zoneName\":\"example.com\"}'\n"],
            ["a broken config", ["--stack", "dev", "--config", "environment=qa", "--config", "migration:dns={\"zoneName\":\"dev.example.com\",\"ttl\":300}"],
                "error: Stack \"dev\" has 2 config problems:\n  - migration:environment: \"qa\" is not allowed; allowed dev, prod\n  - migration:dns.ttl: is no longer configurable: the weighted records use 60 s, the TTL Route 53 gives the ALB alias in the same group (a different TTL skews the weights); remove it\n"],
            ["a secret given as plain config", ["--stack", "dev", "--config", `webDatabaseUrl=${SECRET}`],
                "error: Stack \"dev\" has 1 config problem:\n  - migration:webDatabaseUrl: is stored as plain text but is the secret DATABASE_URL of services \"web\", \"mailer\", \"nightly-report\", \"migrate\"; allowed only secret values; run: pulumi config set --secret migration:webDatabaseUrl <value> --stack dev\n"],
            ["an invalid policy config", ["--stack", "dev", "--policy-config", path.join(ROOT, "tests", "fixtures", "invalid-policy-config.json")],
                "error: tests/fixtures/invalid-policy-config.json: policy pack config is invalid:\n" +
                "  - all: \"strict\" is not an enforcement level; allowed advisory, mandatory, disabled, remediate\n" +
                "  - sizing-stack-ceilings.maxDesiredCount: -1 is below the minimum 1\n"],
            // Checked against the schemas after the program (the pack was configured ahead with it): the same message.
            ["a policy config whose only problems are against its policies' schemas", ["--stack", "dev", "--policy-config", path.join(ROOT, "tests", "fixtures", "policy-config-schema-problems.json")],
                "error: tests/fixtures/policy-config-schema-problems.json: policy pack config is invalid:\n" +
                "  - sizing-stack-ceilings.maxDesiredCount: -1 is below the minimum 1\n" +
                "  - sizing-stack-ceilings.maxTaskCpu: expected integer, found \"many\"\n"],
            ["a missing policy config", ["--stack", "dev", "--policy-config", "/nonexistent/dev.json"],
                "error: policy config: /nonexistent/dev.json not found; every stack needs one (policies/config/<stack>.json; a new stack gets one from npm run new-stack, docs/new-stack.md)\n"],
        ];
        // dev's database at cutover with web moved, while the mailer worker still runs on an adopted Droplet (Fargate at 0).
        const workerOnDroplets = servicesOf("dev");
        workerOnDroplets[0].traffic = { ...workerOnDroplets[0].traffic, fargatePercent: 100, standby: ["fargate"] };
        workerOnDroplets[2].legacy = { mode: "adopt", droplets: [{ id: "412345691", name: "worker-dev-1", tags: ["migration-dev-web"] }], size: "s-1vcpu-2gb", image: "ubuntu-22-04-x64" };
        workerOnDroplets[2].fargate = { ...workerOnDroplets[2].fargate, desiredCount: 0, autoscaling: { ...workerOnDroplets[2].fargate.autoscaling, min: 0, max: 0 } };
        const { parse } = require("yaml") as typeof import("yaml");
        const legacyAtCutover = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config["migration:legacy"];
        legacyAtCutover.databases[0].move.phase = "cutover";
        const set = (key: string, value: string | number | boolean) => `\`pulumi config set --path 'migration:services[2].${key}' ${value} --stack dev\``;
        cases.push(["a cut-over while a worker that reads the database still runs on Droplets", ["--stack", "dev", "--config", `services=${JSON.stringify(workerOnDroplets)}`, "--config", `legacy=${JSON.stringify(legacyAtCutover)}`],
            "error: Stack \"dev\" has 1 config problem:\n  - migration:legacy.databases[0].move.phase: cutover while services[2] (worker mailer) reads database \"main\" and 1 Droplet runs it: they would write to DigitalOcean after the cut-over, where nothing copies their writes; "
            + `hand it over to Fargate first (stop it on worker-dev-1 (they outlive the program; set the worker's legacyStopCommand and the plan prints how), \`pulumi config rm --path 'migration:services[2].legacy' --stack dev\`, ${set("legacy.enabled", false)}, up; `
            + `then ${set("fargate.autoscaling.max", 2)}, ${set("fargate.desiredCount", 1)}, ${set("fargate.autoscaling.min", 1)}, up), or set legacy.databases[0].move.legacyWrites false if the Droplets write nowhere\n`]);
        for (const [title, args, message] of cases) {
            it(title, async () => {
                const run = await plan(...args);
                assert.strictEqual(run.status, 2);
                assert.strictEqual(run.stderr, message);
                assert.strictEqual(run.stdout, "");
            });
        }

        it("as a process of its own too: exit 2, the message alone on stderr, no stack trace", () => {
            const run = planProcess("--stack", "dev", "--config", "environment=qa");
            assert.deepStrictEqual(run, {
                status: 2,
                stdout: "",
                stderr: "error: Stack \"dev\" has 1 config problem:\n  - migration:environment: \"qa\" is not allowed; allowed dev, prod\n",
            });
        });
    });
});

function servicesOf(stack: string): any[] {
    const { parse } = require("yaml") as typeof import("yaml");
    return parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")).config["migration:services"];
}

function prodServicesWith(patchApi: (api: any) => void): any[] {
    const services = servicesOf("prod");
    patchApi(services[1]);
    return services;
}

function devServicesWith(patchWeb: (web: any) => void): any[] {
    const services = servicesOf("dev");
    patchWeb(services[0]);
    return services;
}
