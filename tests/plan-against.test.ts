// End to end: `--against` on a copy of the project in a temporary git
// repository. The prod stack is changed the way a migration pull request
// does (www one rollout step up, a new service, a new image tag, bigger
// Droplets, a secret set again) and planned against the committed base, as
// a git ref and as a saved --json plan. The change is derived from the stack
// file; the exact expected output lives in EXPECTED below, the one place to
// update when the program or the example stacks change.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { main } from "../tools/plan/cli";
import { leftoverPacks } from "./helpers/packs";
import { findConfigCommands, runOnStackFile } from "./helpers/printed-commands";
import { parseStackConfig } from "../components/config";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

// ---------------------------------------------------------------------------
// The exact output for today's program and Pulumi.prod.yaml. Update here;
// PLAN_AGAINST_ACTUAL=<file> npx mocha tests/plan-against.test.ts writes what
// the run produced, in this shape, to compare.
const EXPECTED = {
    summary: { create: 42, import: 0, update: 13, replace: 3, delete: 0, same: 120, mayReplace: 3 },
    diff: [
        "  +  migration:aws:FargateService  migration-prod-admin  (create)",
        "  +  aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule  migration-prod-admin-alb-out-3000  (create)",
        "  +  aws:iam/role:Role  migration-prod-admin-execution  (create)",
        "  +  aws:iam/rolePolicy:RolePolicy  migration-prod-admin-execution  (create)",
        "  +  aws:lb/listenerRule:ListenerRule  migration-prod-admin-health-rule  (create)",
        "  +  aws:cloudwatch/logGroup:LogGroup  migration-prod-admin-logs  (create)",
        "  +  aws:ecr/repository:Repository  migration-prod-admin-repo  (create)",
        "  +  aws:ecr/lifecyclePolicy:LifecyclePolicy  migration-prod-admin-repo-lifecycle  (create)",
        "  +  aws:lb/listenerRule:ListenerRule  migration-prod-admin-rule  (create)",
        "  +  migration:aws:FargateRevision  migration-prod-admin-stable  (create)",
        "  +  aws:ecs/service:Service  migration-prod-admin-stable  (create)",
        "  +  aws:ecs/taskDefinition:TaskDefinition  migration-prod-admin-stable  (create)",
        "  +  aws:cloudwatch/metricAlarm:MetricAlarm  migration-prod-admin-stable-cpu-high  (create)",
        "  +  aws:cloudwatch/metricAlarm:MetricAlarm  migration-prod-admin-stable-healthy-hosts  (create)",
        "  +  aws:cloudwatch/metricAlarm:MetricAlarm  migration-prod-admin-stable-memory-high  (create)",
        "  +  aws:appautoscaling/policy:Policy  migration-prod-admin-stable-scale-cpu  (create)",
        "  +  aws:appautoscaling/policy:Policy  migration-prod-admin-stable-scale-memory  (create)",
        "  +  aws:appautoscaling/target:Target  migration-prod-admin-stable-scaling  (create)",
        "  +  aws:cloudwatch/metricAlarm:MetricAlarm  migration-prod-admin-stable-target-5xx-rate  (create)",
        "  +  aws:cloudwatch/metricAlarm:MetricAlarm  migration-prod-admin-stable-unhealthy-hosts  (create)",
        "  +  aws:iam/role:Role  migration-prod-admin-task  (create)",
        "  +  aws:iam/rolePolicy:RolePolicy  migration-prod-admin-task  (create)",
        "  +  aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule  migration-prod-admin-task-in-alb-3000  (create)",
        "  +  aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule  migration-prod-admin-task-out-https  (create)",
        "  +  aws:ec2/securityGroup:SecurityGroup  migration-prod-admin-task-sg  (create)",
        "  +  aws:lb/targetGroup:TargetGroup  migration-prod-admin-tg-canary  (create)",
        "  +  aws:lb/targetGroup:TargetGroup  migration-prod-admin-tg-stable  (create)",
        "  +  migration:legacy:Service  migration-prod-admin  (create)",
        "  +  digitalocean:index/droplet:Droplet  migration-prod-admin-droplet-1  (create)",
        "  +  digitalocean:index/firewall:Firewall  migration-prod-admin-fw  (create)",
        "  +  digitalocean:index/loadBalancer:LoadBalancer  migration-prod-admin-lb  (create)",
        "  +  digitalocean:index/project:Project  migration-prod-admin-project  (create)",
        "  +  digitalocean:index/tag:Tag  migration-prod-admin-tag  (create)",
        "  +  migration:traffic:Routing  migration-prod-admin  (create)",
        "  +  aws:route53/healthCheck:HealthCheck  migration-prod-admin-admin-hc  (create)",
        "  +  aws:route53/record:Record  migration-prod-admin-admin-health  (create)",
        "  +  aws:cloudwatch/metricAlarm:MetricAlarm  migration-prod-admin-fargate-admin-hc-alarm  (create)",
        "  +  aws:route53/record:Record  migration-prod-admin-legacy  (create)",
        "  +  aws:route53/healthCheck:HealthCheck  migration-prod-admin-legacy-hc  (create)",
        "  +  aws:cloudwatch/metricAlarm:MetricAlarm  migration-prod-admin-legacy-hc-alarm  (create)",
        "  +  aws:ssm/parameter:Parameter  migration-prod-admin-release  (create)",
        "  ~  digitalocean:index/droplet:Droplet  migration-prod-api-droplet-412345681  (update)",
        "        ~ size: \"s-2vcpu-4gb\" → \"s-4vcpu-8gb\"",
        "          # resized in place: the Droplet is powered off during the resize, and with resizeDisk (default true) its disk grows for good, so the size can never go back down",
        "  ~  digitalocean:index/droplet:Droplet  migration-prod-api-droplet-412345682  (update)",
        "        ~ size: \"s-2vcpu-4gb\" → \"s-4vcpu-8gb\"",
        "          # resized in place: the Droplet is powered off during the resize, and with resizeDisk (default true) its disk grows for good, so the size can never go back down",
        "  ~  aws:cloudwatch/dashboard:Dashboard  migration-prod-dashboard-dashboard  (update)",
        "        ~ dashboardBody.widgets[0].properties.markdown: \"## www.example.com\\nlegacy 75 % · Fargate 25 %, canary 10 % of Fargate\\n\\nRelease: www.example.com: legacy 75% farga... → \"## www.example.com\\nlegacy 50 % · Fargate 50 %, canary 10 % of Fargate\\n\\nRelease: www.example.com: legacy 50% farga...",
        "        + dashboardBody.widgets[20]: {\"type\":\"text\",\"x\":0,\"width\":24,\"height\":3,\"properties\":{\"markdown\":\"## admin.example.com\\nlegacy 100 % · Fargate 0 %...",
        "        + dashboardBody.widgets[21]: {\"type\":\"metric\",\"x\":0,\"width\":12,\"height\":4,\"properties\":{\"title\":\"admin.example.com: legacy side, Route 53 health (...",
        "        + dashboardBody.widgets[22]: {\"type\":\"metric\",\"x\":12,\"width\":12,\"height\":4,\"properties\":{\"title\":\"admin.example.com: Fargate side, Route 53 health...",
        "        + dashboardBody.widgets[23]: {\"type\":\"metric\",\"x\":0,\"width\":6,\"height\":6,\"properties\":{\"title\":\"admin: ALB requests\",\"region\":\"us-east-1\",\"view\":\"...",
        "        + dashboardBody.widgets[24]: {\"type\":\"metric\",\"x\":6,\"width\":6,\"height\":6,\"properties\":{\"title\":\"admin: target 5xx\",\"region\":\"us-east-1\",\"view\":\"ti...",
        "        + dashboardBody.widgets[25]: {\"type\":\"metric\",\"x\":12,\"width\":6,\"height\":6,\"properties\":{\"title\":\"admin: p95 latency (s)\",\"region\":\"us-east-1\",\"vie...",
        "        + dashboardBody.widgets[26]: {\"type\":\"metric\",\"x\":18,\"width\":6,\"height\":6,\"properties\":{\"title\":\"admin: running tasks\",\"region\":\"us-east-1\",\"view\"...",
        "        + dashboardBody.widgets[27]: {\"type\":\"metric\",\"x\":0,\"width\":8,\"height\":6,\"properties\":{\"title\":\"admin: CPU %\",\"region\":\"us-east-1\",\"view\":\"timeSer...",
        "        + dashboardBody.widgets[28]: {\"type\":\"metric\",\"x\":8,\"width\":8,\"height\":6,\"properties\":{\"title\":\"admin: memory %\",\"region\":\"us-east-1\",\"view\":\"time...",
        "        + dashboardBody.widgets[29]: {\"type\":\"alarm\",\"x\":16,\"width\":8,\"height\":6,\"properties\":{\"title\":\"admin: alarms that roll a deployment back\",\"alarms...",
        "  +- aws:acm/certificate:Certificate  migration-prod-platform-cert  (replace)",
        "        ~ subjectAlternativeNames[1]: \"*.fargate-health.example.com\" → \"admin.example.com\"  [forces replacement]",
        "        + subjectAlternativeNames[2]: \"*.fargate-health.example.com\"  [forces replacement]",
        "          # replacement rule: AWS API Reference ACM RequestCertificate (names and key are fixed for a certificate)",
        "  +- aws:acm/certificateValidation:CertificateValidation  migration-prod-platform-cert-validation  (replace)",
        "        ~ validationRecordFqdns[2]: \"_a59e650af3e28c08174ebea98491ae44.fargate-health.example.com.\" → \"_2cc6372dbbe9033a140de7a623a07f44.admin.example.com.\"  [forces replacement]",
        "        + validationRecordFqdns[3]: \"_a59e650af3e28c08174ebea98491ae44.fargate-health.example.com.\"  [forces replacement]",
        "        ~ certificateArn: \"arn:aws:acm:us-east-1:444455556666:certificate/6384b359-c43c-4ec7-a5ae-492d738c69a2\" → (may change: known after migration-prod-platform-cert is replaced)  [may force replacement]",
        "          # replacement rule: a provider-side wait with no cloud object: any change waits again",
        "  +  aws:route53/record:Record  migration-prod-platform-cert-validation-admin.example.com  (create)",
        "  ~  aws:route53/record:Record  migration-prod-platform-cert-validation-api.example.com  (update, may replace)",
        "        ~ name: \"_5889e414840d65e60b58e455d7088c4c.api.example.com.\" → (may change: known after migration-prod-platform-cert is replaced)  [may force replacement]",
        "        ~ records: [\"_539e690347e0e564254cbc5c304e9819.mhbtsbpdnt.acm-validations.aws.\"] → (may change: known after migration-prod-platform-cert is replaced)",
        "        ~ type: \"CNAME\" → (may change: known after migration-prod-platform-cert is replaced)",
        "          # changed by deleting and creating the record set in one atomic change batch",
        "          # replacement rule: hashicorp/terraform-provider-aws internal/service/route53/record.go (ForceNew: name, zone_id; resourceRecordUpdate)",
        "  ~  aws:route53/record:Record  migration-prod-platform-cert-validation-wildcard.fargate-health.example.com  (update, may replace)",
        "        ~ name: \"_a59e650af3e28c08174ebea98491ae44.fargate-health.example.com.\" → (may change: known after migration-prod-platform-cert is replaced)  [may force replacement]",
        "        ~ records: [\"_c38d536368a58120a706c7ea4a5cc422.mhbtsbpdnt.acm-validations.aws.\"] → (may change: known after migration-prod-platform-cert is replaced)",
        "        ~ type: \"CNAME\" → (may change: known after migration-prod-platform-cert is replaced)",
        "          # changed by deleting and creating the record set in one atomic change batch",
        "          # replacement rule: hashicorp/terraform-provider-aws internal/service/route53/record.go (ForceNew: name, zone_id; resourceRecordUpdate)",
        "  ~  aws:route53/record:Record  migration-prod-platform-cert-validation-www.example.com  (update, may replace)",
        "        ~ name: \"_a18f722c187ba8d13d5286c9c5ae2f72.www.example.com.\" → (may change: known after migration-prod-platform-cert is replaced)  [may force replacement]",
        "        ~ records: [\"_52076ba00cdb71e02537c3e4d3b7fa11.mhbtsbpdnt.acm-validations.aws.\"] → (may change: known after migration-prod-platform-cert is replaced)",
        "        ~ type: \"CNAME\" → (may change: known after migration-prod-platform-cert is replaced)",
        "          # changed by deleting and creating the record set in one atomic change batch",
        "          # replacement rule: hashicorp/terraform-provider-aws internal/service/route53/record.go (ForceNew: name, zone_id; resourceRecordUpdate)",
        "  ~  aws:lb/listener:Listener  migration-prod-platform-https  (update)",
        "        ~ certificateArn: \"arn:aws:acm:us-east-1:444455556666:certificate/6384b359-c43c-4ec7-a5ae-492d738c69a2\" → (may change: known after migration-prod-platform-cert-validation is replaced)",
        "  ~  aws:ecr/lifecyclePolicy:LifecyclePolicy  migration-prod-web-repo-lifecycle  (update)",
        "        ~ policy.rules[0].description: \"Keep 1.8.0: a revision of the service runs it\" → \"Keep 1.8.1: a revision of the service runs it\"",
        "        ~ policy.rules[0].selection.tagPatternList[0]: \"1.8.0\" → \"1.8.1\"",
        "  ~  aws:ssm/parameter:Parameter  migration-prod-web-secret-database-url  (update)",
        "        ~ value: [secret] (changed)",
        "  ~  aws:ecs/service:Service  migration-prod-web-stable  (update)",
        "        ~ taskDefinition: \"arn:aws:ecs:us-east-1:444455556666:task-definition/migration-prod-web:1\" → (may change: known after migration-prod-web-stable is replaced)",
        "          # rolls the service's tasks to the new revision (circuit breaker and alarms roll back a failure)",
        "  +- aws:ecs/taskDefinition:TaskDefinition  migration-prod-web-stable  (replace)",
        "        ~ containerDefinitions[0].image: \"444455556666.dkr.ecr.us-east-1.amazonaws.com/migration-prod/web:1.8.0\" → \"444455556666.dkr.ecr.us-east-1.amazonaws.com/migration-prod/web:1.8.1\"  [forces replacement]",
        "          # a new task definition revision; the service that uses it then rolls its tasks",
        "          # replacement rule: hashicorp/terraform-provider-aws internal/service/ecs/task_definition.go (ForceNew on every argument but tags and skip_destroy)",
        "  ~  aws:route53/record:Record  migration-prod-web-fargate  (update)",
        "        ~ weightedRoutingPolicies[0].weight: 25 → 50",
        "  ~  aws:route53/record:Record  migration-prod-web-legacy  (update)",
        "        ~ weightedRoutingPolicies[0].weight: 75 → 50",
        "  ~  aws:ssm/parameter:Parameter  migration-prod-web-release  (update)",
        "        ~ insecureValue.legacyPercent: 75 → 50",
        "        ~ insecureValue.fargatePercent: 25 → 50",
        "        ~ insecureValue.services.web.image: \"tag 1.8.0\" → \"tag 1.8.1\"",
    ],
    traffic: [
        "Hostname | Legacy | Fargate | Canary (of Fargate) | Step | Revert",
        "www.example.com | 75% → 50% | 25% → 50% | 10% | 25% → 50%, step 4 of 5 (0, 5, 25, 50, 100) | pulumi config set --path 'migration:services[0].traffic.fargatePercent' 25 --stack prod",
        "api.example.com | 100% | 0% | 0% | 0%, step 1 of 5 (0, 5, 25, 50, 100) | -",
        "admin.example.com (new) | 100% | 0% | 0% | 0%, step 1 of 5 (0, 5, 25, 50, 100) | new hostname: revert the change",
    ],
    mermaidWww: [
        "flowchart LR",
        "  dns[\"Route 53: www.example.com\"]",
        "  dns -->|\"legacy 75% → 50%\"| lb[\"DigitalOcean LB migration-prod-web\"]",
        "  lb --> d0[\"web-prod-1 (s-4vcpu-8gb)\"]",
        "  lb --> d1[\"web-prod-2 (s-4vcpu-8gb)\"]",
        "  lb --> d2[\"web-prod-3 (s-4vcpu-8gb)\"]",
        "  dns -->|\"Fargate 25% → 50%\"| alb[\"ALB (shared)\"]",
        "  alb -->|\"stable 90%\"| stable[\"ECS web: 1.8.0 × 3 → 1.8.1 × 3\"]",
        "  alb -->|\"canary 10% of Fargate (2.5% → 5% of all)\"| canary[\"ECS web-canary: 1.9.0 × 2\"]",
    ].join("\n"),
};
// ---------------------------------------------------------------------------

/** Hand-copied from tools/plan/prices.ts (and checked against it in plan-review.test.ts). */
const DROPLET_MONTH: Record<string, number> = { "s-1vcpu-2gb": 12, "s-2vcpu-4gb": 24, "s-4vcpu-8gb": 48, "s-8vcpu-16gb": 96 };
const NEXT_SIZE: Record<string, string> = { "s-1vcpu-2gb": "s-2vcpu-4gb", "s-2vcpu-4gb": "s-4vcpu-8gb", "s-4vcpu-8gb": "s-8vcpu-16gb" };
const DAILY_BACKUPS = 0.3;
const DO_LB_NODE = 12;
const LEGACY_HTTPS_CHECK = 0.75 + 2 * 2; // non-AWS endpoint + HTTPS + 10 s interval
const LOGS_GB = 5 * 0.5; // 5 GB a month at 100 % (default assumption) × $0.50 per GB

interface Run { code: number; stdout: string; stderr: string }

async function cli(args: string[], cwd: string): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { cwd, root: cwd, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, progress: false });
    return { code, stdout, stderr };
}

function git(dir: string, ...args: string[]): string {
    return execFileSync("git", ["-C", dir, "-c", "user.name=plan-test", "-c", "user.email=plan-test@example.com", ...args], { encoding: "utf8" }).trim();
}

const baseExports = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("plan-base-")).sort();

type Service = Record<string, any>;
const ZONE_ID = "Z0123456789ABCDEFGHIJ";

describe("offline plan --against (end to end)", function () {
    this.timeout(600_000);

    let dir: string;
    let original: { config: Record<string, any> };
    let changed: { www: Service; wwwIndex: number; from: number; to: number; oldTag: string; newTag: string; resized: Service; oldSize: string; newSize: string; added: Service };
    let ref: Run;
    let saved: Run;
    let exported: Run;
    let exportedJson: any;
    let refJson: any;
    let savedJson: any;
    let markdown: string;
    let exportsBefore: string[];
    const SECRET = "postgres://app:Re-Set-Pa55@db.internal/app";
    // A temporary directory of this file's own: the other mocha worker (and
    // any other process on the machine) may be exporting a base of its own
    // into the shared one while these plans run.
    const sharedTmpdir = process.env.TMPDIR;
    let privateTmpdir: string;

    before(async () => {
        privateTmpdir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "plan-against-tmp-")));
        process.env.TMPDIR = privateTmpdir;
        exportsBefore = baseExports();
        dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "plan-against-")));
        for (const file of git(ROOT, "ls-files").split("\n")) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
        }
        // The base: prod after its cut-over and its firewall phase (runbook
        // phases 2 and 3), a quarter of www on Fargate with a 10 % canary.
        const cutOver = parse(fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8"));
        // The web services only: the change below (web's image, its database secret) would also roll prod's worker, job and release task, which have tests of their own.
        cutOver.config["migration:services"] = (cutOver.config["migration:services"] as Service[]).filter((s) => s.kind === undefined);
        for (const service of cutOver.config["migration:services"] as Service[]) {
            delete service.traffic.liveRecord;
        }
        cutOver.config["migration:legacy"].firewall.enabled = true;
        const policyConfigFile = path.join(dir, "policies", "config", "prod.json");
        const policyConfig = JSON.parse(fs.readFileSync(policyConfigFile, "utf8"));
        delete policyConfig["networking-do-droplet-firewalled"];
        fs.writeFileSync(policyConfigFile, JSON.stringify(policyConfig, null, 2) + "\n");
        const baseWww = (cutOver.config["migration:services"] as Service[]).find((s) => s.hostname.startsWith("www."))!;
        baseWww.traffic.fargatePercent = 25;
        baseWww.fargate.canary = { imageTag: "1.9.0", percent: 10 };
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), stringify(cutOver));
        git(dir, "init", "-q");
        git(dir, "add", ".");
        git(dir, "commit", "-qm", "base");

        // The base, saved as JSON, for the second form of --against.
        // Saved twice: as a plan, and as a stack export (the form `pulumi stack export` writes).
        const base = await cli(["--stack", "prod", "--json", "base.json", "--state", "base-state.json"], dir);
        assert.strictEqual(base.code, 0, base.stderr);

        // The change, derived from the stack file.
        original = parse(fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8"));
        const doc = structuredClone(original);
        const services = doc.config["migration:services"] as Service[];
        const wwwIndex = services.findIndex((s) => s.hostname.startsWith("www."));
        const www = services[wwwIndex];
        const steps: number[] = www.traffic.steps ?? [0, 5, 25, 50, 100];
        const from = www.traffic.fargatePercent;
        const to = steps.find((s) => s > from)!;
        www.traffic.fargatePercent = to;
        const oldTag: string = www.fargate.imageTag;
        const newTag = oldTag.replace(/(\d+)$/, (n) => String(Number(n) + 1));
        www.fargate.imageTag = newTag;
        const resized = services.find((s) => s !== www && s.legacy?.size !== undefined)!;
        const oldSize: string = resized.legacy.size;
        resized.legacy.size = NEXT_SIZE[oldSize];
        const added: Service = structuredClone(original.config["migration:services"].find((s: Service) => s.name === resized.name));
        added.name = "admin";
        added.hostname = `admin.${doc.config["migration:dns"].zoneName}`;
        added.legacy = { mode: "create", count: 1, size: oldSize, image: "ubuntu-24-04-x64" };
        delete added.fargate.pathPatterns;
        delete added.fargate.canary;
        added.traffic = { fargatePercent: 0, steps };
        services.push(added);
        doc.config["migration:legacy"].certificates.push({ name: "admin-example-com", domains: [added.hostname] });
        // The runbook's cut-over pins the zone's id: the base looked the zone up by name (its id a placeholder the account alone knows).
        doc.config["migration:dns"].zoneId = ZONE_ID;
        doc.config["migration:webDatabaseUrl"] = { secure: "AAABAJ5yPeRPmg6n0dWm0Bsp3cH2vZaSet7AgainT0TestTheDiffOfASecretSetAgainInTheStackFile" };
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), stringify(doc));
        changed = { www, wwwIndex, from, to, oldTag, newTag, resized, oldSize, newSize: NEXT_SIZE[oldSize], added };

        ref = await cli(["--stack", "prod", "--against", "HEAD", "--json", "ref.json", "--markdown", "ref.md"], dir);
        refJson = JSON.parse(fs.readFileSync(path.join(dir, "ref.json"), "utf8"));
        markdown = fs.readFileSync(path.join(dir, "ref.md"), "utf8");
        // A secret given on the command line: the saved base holds only [secret], so it is not compared.
        saved = await cli(["--stack", "prod", "--against", "base.json", "--secret", `webDatabaseUrl=${SECRET}`, "--json", "saved.json"], dir);
        // A real export holds the zone's real id, the one the change now names in dns.zoneId; the
        // plan's export holds the id the mocks made for a zone looked up by name: put the real one in.
        const baseZoneId = (JSON.parse(fs.readFileSync(path.join(dir, "base.json"), "utf8")).accountValues as { what: string; value: string }[])
            .find((v) => v.what.includes("zone"))!.value;
        const state = fs.readFileSync(path.join(dir, "base-state.json"), "utf8");
        fs.writeFileSync(path.join(dir, "base-state.json"), state.split(baseZoneId).join(ZONE_ID));
        exported = await cli(["--stack", "prod", "--against", "base-state.json", "--json", "exported.json"], dir);
        exportedJson = JSON.parse(fs.readFileSync(path.join(dir, "exported.json"), "utf8"));
        savedJson = JSON.parse(fs.readFileSync(path.join(dir, "saved.json"), "utf8"));
        if (process.env.PLAN_AGAINST_ACTUAL) {
            fs.writeFileSync(process.env.PLAN_AGAINST_ACTUAL, JSON.stringify({
                summary: refJson.against.summary, diff: diffSection(ref.stdout), traffic: trafficSection(ref.stdout),
                mermaidWww: refJson.diagrams.find((d: any) => d.hostname === changed.www.hostname)?.mermaid,
            }, null, 4));
        }
    });

    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        assert.deepStrictEqual(leftoverPacks(), [], "a policy pack process was left running");
        const leftover = baseExports();
        if (sharedTmpdir === undefined) {
            delete process.env.TMPDIR;
        } else {
            process.env.TMPDIR = sharedTmpdir;
        }
        fs.rmSync(privateTmpdir, { recursive: true, force: true });
        assert.deepStrictEqual(leftover, exportsBefore, "the exported base was left in the temporary directory");
    });

    it("prints the diff in `pulumi preview --diff` form, and exits 1: resizing both of api's Droplets would leave none serving", () => {
        assert.strictEqual(ref.code, 1, ref.stderr + ref.stdout);
        assert.strictEqual(ref.stderr, "");
        const commit = git(dir, "rev-parse", "HEAD");
        assert.ok(ref.stdout.includes(`\nChanges against HEAD (${commit.slice(0, 12)}):\n`));
        assert.deepStrictEqual(diffSection(ref.stdout), EXPECTED.diff);
        assert.deepStrictEqual(refJson.against.summary, EXPECTED.summary);
        assert.deepStrictEqual([refJson.against.kind, refJson.against.given, refJson.against.commit], ["ref", "HEAD", commit]);
    });

    it("judges the change: the resize of a live service's two Droplets is unsafe, with its safe sequence; nothing else is", () => {
        const lb = `migration-prod-${changed.resized.name}-lb`;
        assert.deepStrictEqual(refJson.changeSafety.findings.map((f: any) => [f.rule, f.level, f.subject]), [["droplets-down-together", "unsafe", lb]]);
        const finding = refJson.changeSafety.findings[0];
        assert.strictEqual(finding.breaks, `every Droplet behind ${lb} can be out of rotation at once (2 Droplets, 2 resized: a resize powers the Droplet off)`);
        assert.strictEqual(finding.when, "the resizes run 1 at a time, and each Droplet rejoins the load balancer only after its health check passes");
        assert.ok(finding.safeSequence.some((line: string) => line.includes("doctl compute droplet-action resize <id> --size <slug> --wait")));
        // Every config command of the safe sequence, run on the changed stack file, gives a config the plan accepts.
        const commands = findConfigCommands(finding.safeSequence.join("\n"));
        assert.ok(commands.length > 0);
        for (const command of commands) {
            const after = runOnStackFile(fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8"), [command], { project: "migration", stack: "prod" });
            const copy = fs.mkdtempSync(path.join(os.tmpdir(), "advice-"));
            fs.writeFileSync(path.join(copy, "Pulumi.yaml"), fs.readFileSync(path.join(dir, "Pulumi.yaml")));
            fs.writeFileSync(path.join(copy, "Pulumi.prod.yaml"), after);
            assert.doesNotThrow(() => parseStackConfig(readStackConfig(copy, "prod")), command);
            fs.rmSync(copy, { recursive: true, force: true });
        }
        assert.strictEqual(refJson.changeSafety.against, `HEAD (${refJson.against.commit.slice(0, 12)})`);
        assert.ok(ref.stdout.includes("\nResult: 1 unsafe step in the change: `pulumi up` would drop requests or fail (see Change safety).\n"));
        assert.ok(markdown.includes("#### Change safety"));
        // A saved plan carries its outputs: the same judgment against it.
        assert.deepStrictEqual(savedJson.changeSafety.findings, refJson.changeSafety.findings);
        assert.strictEqual(savedJson.changeSafety.against, "the saved plan base.json");
    });

    it("judges the same change against a stack export of the base (what `pulumi stack export` writes): the same diff and the same findings", () => {
        assert.strictEqual(exported.code, 1, exported.stderr);
        assert.deepStrictEqual([exportedJson.against.kind, exportedJson.against.given], ["state", "base-state.json"]);
        assert.strictEqual(exportedJson.changeSafety.against, "the deployed state base-state.json");
        assert.deepStrictEqual(exportedJson.changeSafety.findings, refJson.changeSafety.findings);
        // An export's secrets are ciphertext: a secret set again cannot be compared (as with a saved plan).
        const ops = (json: any) => json.against.resources.filter((r: any) => r.op !== "same" && !(r.op === "update" && r.changes.every((c: any) => c.secret)))
            .map((r: any) => `${r.op} ${r.urn}`).sort();
        assert.deepStrictEqual(ops(exportedJson), ops(refJson));
        assert.strictEqual(exportedJson.against.secretsNotCompared, 1);
    });

    it("marks what the change replaces, updates and creates, derived from the change", () => {
        const byName = (name: string) => refJson.against.resources.find((r: any) => r.name === name);
        const td = refJson.against.resources.find((r: any) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name.endsWith(`-${changed.www.name}-stable`));
        assert.strictEqual(td.op, "replace");
        assert.deepStrictEqual(td.changes.map((c: any) => [c.path, c.old.split(":").pop(), c.new.split(":").pop(), c.replace]), [["containerDefinitions[0].image", changed.oldTag, changed.newTag, "replace"]]);
        const droplets = refJson.against.resources.filter((r: any) => r.type === "digitalocean:index/droplet:Droplet" && r.op === "update");
        assert.deepStrictEqual(droplets.map((d: any) => d.changes.map((c: any) => [c.path, c.old, c.new, c.replace])),
            changed.resized.legacy.droplets.map(() => [["size", changed.oldSize, changed.newSize, "update"]]));
        assert.ok(refJson.against.resources.filter((r: any) => r.op === "create").every((r: any) => r.name.includes("-admin") || r.name.includes("admin.")),
            "only the new service's resources are created");
        assert.strictEqual(byName(`migration-prod-${changed.www.name}-legacy`).changes[0].new, 100 - changed.to);
    });

    it("shows the zone id the change pins as a note, not as changes or replacements that will not happen", () => {
        assert.deepStrictEqual(refJson.against.accountNotes.map((n: any) => [n.what, n.before.known, n.after, n.resources.length > 0]), [
            [`the id of the Route 53 zone ${original.config["migration:dns"].zoneName}`, "placeholder", { value: ZONE_ID, known: "config" }, true],
        ]);
        const readsZone = refJson.against.resources.filter((r: any) => r.changes.some((c: any) => String(c.old).includes(refJson.against.accountNotes[0].before.value)));
        assert.deepStrictEqual(readsZone, [], "no resource lists the zone id as a change");
        assert.ok(ref.stdout.includes(`\n  Values only the account knows (not changes):\n    # the id of the Route 53 zone example.com: ${refJson.against.accountNotes[0].before.value} before (a placeholder: known only to the account), ${ZONE_ID} now (stated by config).\n`));
        assert.ok(markdown.includes("Values only the account knows (not changes):"));
        assert.deepStrictEqual(savedJson.against.accountNotes, refJson.against.accountNotes, "a saved plan carries its account values");
    });

    it("reports the secret set again as changed, never its value", () => {
        const secretLines = ref.stdout.split("\n").filter((l) => l.includes("[secret]"));
        assert.strictEqual(secretLines.length, 1, secretLines.join("\n"));
        assert.match(secretLines[0], /^ {8}~ [\w.[\]]+: \[secret\] \(changed\)/);
        const ciphertext = (original.config["migration:webDatabaseUrl"] as { secure: string }).secure;
        for (const [what, text] of [["stdout", ref.stdout], ["json", JSON.stringify(refJson)], ["markdown", markdown], ["saved stdout", saved.stdout], ["saved json", JSON.stringify(savedJson)]]) {
            for (const needle of [SECRET, "Re-Set-Pa55", ciphertext, "TestTheDiffOfASecret", "offline-placeholder-for"]) {
                assert.ok(!text.includes(needle), `${needle} found in ${what}`);
            }
        }
    });

    it("shows each hostname's split before and after, the step and the one-line revert", () => {
        assert.deepStrictEqual(trafficSection(ref.stdout), EXPECTED.traffic);
        const www = refJson.against.traffic.find((t: any) => t.hostname === changed.www.hostname);
        assert.strictEqual(www.revert, `pulumi config set --path 'migration:services[${changed.wwwIndex}].traffic.fargatePercent' ${changed.from} --stack prod`);
        assert.deepStrictEqual([www.before.fargatePercent, www.after.fargatePercent], [changed.from, changed.to]);
        assert.strictEqual(refJson.against.traffic.find((t: any) => t.hostname === changed.added.hostname).status, "new");
    });

    it("prices the change, by hand", () => {
        const change = (service: string) => refJson.against.cost.find((r: any) => r.service === service);
        const resizedCount = changed.resized.legacy.droplets?.length ?? changed.resized.legacy.count;
        // Bigger Droplets, with prod's daily backups (30 %).
        assert.strictEqual(change(changed.resized.name).change, round(resizedCount * (DROPLET_MONTH[changed.newSize] - DROPLET_MONTH[changed.oldSize]) * (1 + DAILY_BACKUPS)));
        // www: only its log ingestion follows its share (each line in cents, as an invoice shows it).
        assert.strictEqual(change(changed.www.name).change, round(round(LOGS_GB * changed.to / 100) - round(LOGS_GB * changed.from / 100)));
        // The new service: one Droplet with backups, its load balancer and HTTPS check, and its Fargate tasks.
        const admin = refJson.cost.current.rows.find((r: any) => r.service === "admin");
        assert.strictEqual(admin.legacy, round(DROPLET_MONTH[changed.oldSize] * (1 + DAILY_BACKUPS) + DO_LB_NODE + LEGACY_HTTPS_CHECK));
        const f = changed.added.fargate;
        const task = (f.cpu / 1024 * 0.04048 + f.memory / 1024 * 0.004445) * 730;
        const fargateLine = refJson.cost.current.lines.find((l: any) => l.service === "admin" && l.item.startsWith("Fargate"));
        assert.deepStrictEqual([round(fargateLine.usd), round(fargateLine.usdAtMax)], [round(f.desiredCount * task), round(f.autoscaling.max * task)]);
        assert.strictEqual(change("admin").change, round(admin.total));
        const total = change("total");
        assert.strictEqual(total.change, round(total.after - total.before));
        assert.strictEqual(round(refJson.against.cost.filter((r: any) => r.service !== "total").reduce((a: number, r: any) => a + r.change, 0)), total.change);
    });

    it("draws each hostname in the Markdown with weights before → after", () => {
        const www = refJson.diagrams.find((d: any) => d.hostname === changed.www.hostname).mermaid;
        assert.strictEqual(www, EXPECTED.mermaidWww);
        assert.ok(markdown.includes(`**${changed.www.hostname}**\n\n\`\`\`mermaid\n${www}\n\`\`\`\n`));
        assert.ok(markdown.includes(`#### Changes against \`HEAD (${refJson.against.commit.slice(0, 12)})\``));
        assert.ok(markdown.includes("```diff\n" + EXPECTED.diff.map((l) => l.slice(2)).join("\n") + "\n```"), "the diff block");
    });

    it("gives the same diff against the saved --json plan, where secrets cannot be compared", () => {
        assert.strictEqual(saved.code, 1, saved.stderr);
        assert.deepStrictEqual([savedJson.against.kind, savedJson.against.given, savedJson.against.commit, savedJson.against.secretsNotCompared], ["plan", "base.json", null, 1]);
        const withoutSecrets = (resources: any[]) => resources
            .map((r) => ({ ...r, changes: r.changes.filter((c: any) => !c.secret) }))
            .filter((r) => r.op !== "update" || r.changes.length > 0 || r.optionChanges.length > 0);
        assert.deepStrictEqual(withoutSecrets(savedJson.against.resources), withoutSecrets(refJson.against.resources));
        assert.deepStrictEqual(savedJson.against.traffic, refJson.against.traffic);
        assert.deepStrictEqual(savedJson.against.cost, refJson.against.cost);
        assert.ok(saved.stdout.includes("    1 secret input not compared: a saved plan holds no secret values\n"));
    });

    describe("bad --against values exit 2 before any plan runs", () => {
        const cases: [string, string[], (d: string) => string][] = [
            ["a ref that does not exist", ["--against", "no-such-branch"],
                () => "error: --against: \"no-such-branch\" is neither a file nor a commit of this repository; allowed a git ref (main, origin/main, HEAD~1, a commit id), a plan written by --json, or a `pulumi stack export --file` of the deployed stack\n"],
            ["a flag instead of a value", ["--against", "--json"],
                () => "error: --against: \"--json\" looks like a flag, not a value; allowed a git ref or a file after --against (write ./--json for a file whose name starts with a dash)\n"],
            ["a file that is not JSON", ["--against", "Pulumi.yaml"],
                () => "error: --against: Pulumi.yaml is not valid JSON; allowed a plan written by --json\n"],
            ["JSON that is not a plan", ["--against", "package.json"],
                () => "error: --against: package.json is not a plan written by --json: it has no \"stack\"; allowed the --json file of an offline plan\n"],
            ["a plan of another stack", ["--against", "dev.json"],
                () => "error: --against: dev.json is a plan of stack \"dev\"; allowed a plan of stack \"prod\"\n"],
            ["the saved plan as an output too", ["--against", "base.json", "--json", "base.json"],
                (d) => `error: --json: base.json is the --against input of this run; allowed a file that is not read by the run\n`.replace("{dir}", d)],
        ];
        for (const [title, args, message] of cases) {
            it(title, async () => {
                fs.writeFileSync(path.join(dir, "dev.json"), JSON.stringify({ stack: "dev", resources: [] }));
                const run = await cli(["--stack", "prod", ...args], dir);
                assert.deepStrictEqual(run, { code: 2, stdout: "", stderr: message(dir) });
            });
        }
    });
});

function diffSection(stdout: string): string[] {
    return stdout.split(/\nChanges against HEAD \([0-9a-f]{12}\):\n/)[1].split("\n\nResources:")[0].split("\n\n  Values only")[0].split("\n");
}

function trafficSection(stdout: string): string[] {
    return stdout.split(/Traffic against HEAD \([0-9a-f]{12}\):\n/)[1].split("\n\n")[0].split("\n").map((l) => l.trim().replace(/\s{2,}/g, " | "));
}

function round(value: number): number {
    return Math.round(value * 100) / 100;
}
