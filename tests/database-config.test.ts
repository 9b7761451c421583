// Config rules of legacy.databases[].move (components/aws/database-plan.ts
// databaseMoveProblems, through parseStackConfig): each problem names its key,
// the value and what to do, before any resource exists; and every command a
// message or the Database section prints leads to a config the plan accepts.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, parseStackConfig, type RawConfigInput } from "../components/config";
import { databaseSummary } from "../components/aws/database";
import { readStackConfig } from "../tools/stack-file";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { findConfigCommands, runOnStackFile } from "./helpers/printed-commands";

const ROOT = path.resolve(__dirname, "..");
const dev = readStackConfig(ROOT, "dev");
const devLegacy = JSON.parse(dev.values["migration:legacy"]) as Record<string, any>;
const devServices = JSON.parse(dev.values["migration:services"]) as Record<string, any>[];

/** dev with its database's move (and optionally the services) changed. */
function devWith(move: (m: Record<string, any>) => void, services?: (s: Record<string, any>[]) => void, secrets: Record<string, string> = {}, databases?: (d: Record<string, any>[]) => void): RawConfigInput {
    const legacy = structuredClone(devLegacy);
    move(legacy.databases[0].move);
    databases?.(legacy.databases);
    const svc = structuredClone(devServices);
    services?.(svc);
    return readStackConfig(ROOT, "dev", { config: { "migration:legacy": JSON.stringify(legacy), "migration:services": JSON.stringify(svc) }, secrets });
}

function problemsOf(input: RawConfigInput): readonly string[] {
    try {
        parseStackConfig(input);
        return [];
    } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return err.problems;
    }
}

const toFargate = (s: Record<string, any>[]) => {
    s[0].traffic.fargatePercent = 100;
    s[0].traffic.standby = ["fargate"];
};

describe("config: legacy.databases[].move", () => {
    it("dev as committed (replicate) is accepted, and its summary is what the plan shows", () => {
        const config = parseStackConfig(dev);
        const summary = databaseSummary(config, config.legacy.databases[0]);
        assert.deepStrictEqual({ ...summary, next: summary.next?.phase }, {
            name: "main", phase: "replicate", engine: "postgres", version: "16", aurora: false,
            source: { clusterId: "2f6f3c1e-8d4b-4e7a-9c21-5b0a7d9e3f14", address: "203.0.113.60/32", port: 25060 },
            target: { identifier: "migration-dev-main", instanceClass: "db.t4g.small", multiAz: false, storageGb: 20 },
            replication: { task: "migration-dev-main-replication", instance: "migration-dev-main-dms", instanceClass: "dms.t2.micro", running: true },
            services: ["web", "mailer", "nightly-report", "migrate"],
            readers: [{ name: "web", kind: "web" }, { name: "mailer", kind: "worker" }, { name: "nightly-report", kind: "job" }, { name: "migrate", kind: "release" }],
            legacyWrites: true, expect: "running: full load, then ongoing changes (CDC)", next: "cutover",
        });
    });

    it("refuses a cut-over while the Droplets that read the database take requests, saying what to do first", () => {
        assert.deepStrictEqual(problemsOf(devWith((m) => { m.phase = "cutover"; })), [
            "migration:legacy.databases[0].move.phase: cutover while services[0] reads database \"main\" and its Droplets still take 50% of www.dev.example.com: they would write to DigitalOcean after the cut-over, where nothing copies their writes; move www.dev.example.com to Fargate first (`pulumi config set --path 'migration:services[0].traffic.fargatePercent' 100 --stack dev`, up), then drop the legacy standby (`pulumi config set --path 'migration:services[0].traffic.standby[0]' fargate --stack dev`, up), or set legacy.databases[0].move.legacyWrites false if the Droplets write nowhere",
        ]);
        assert.deepStrictEqual(problemsOf(devWith((m) => { m.phase = "done"; }, (s) => { s[0].traffic.fargatePercent = 100; })), [
            "migration:legacy.databases[0].move.phase: done while services[0] reads database \"main\" and its Droplets stand by for www.dev.example.com (traffic.standby has legacy: Route 53 sends them everything when Fargate fails): they would write to DigitalOcean after the cut-over, where nothing copies their writes; drop the legacy standby first (`pulumi config set --path 'migration:services[0].traffic.standby[0]' fargate --stack dev`, up), or set legacy.databases[0].move.legacyWrites false if the Droplets write nowhere",
        ]);
        assert.deepStrictEqual(problemsOf(devWith((m) => { m.phase = "cutover"; }, toFargate)), []);
        assert.deepStrictEqual(problemsOf(devWith((m) => { m.phase = "cutover"; m.legacyWrites = false; })), []);
    });

    it("the commands of those messages, run in order, lead to a cut-over the plan accepts", () => {
        const stackFile = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
        const problems = problemsOf(devWith((m) => { m.phase = "cutover"; }));
        const commands = problems.flatMap(findConfigCommands);
        assert.strictEqual(commands.length, 2);
        const context = { project: "migration", stack: "dev" };
        const ready = runOnStackFile(stackFile, commands, context);
        const cutover = runOnStackFile(ready, ["pulumi config set --path 'migration:legacy.databases[0].move.phase' cutover --stack dev"], context);
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "db-config-"));
        try {
            fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), cutover);
            assert.strictEqual(parseStackConfig(readStackConfig(dir, "dev")).legacy.databases[0].move?.phase, "cutover");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses a cut-over while a worker reading it runs on Droplets or the crontab owns a job reading it; the commands it prints, run in order, lead to a cut-over the plan accepts", () => {
        // dev with web moved, the mailer worker still on an adopted Droplet (Fargate at 0) and the nightly report on web-dev-1's crontab.
        const onDroplets = (svc: Record<string, any>[]) => {
            toFargate(svc);
            svc[2].legacy = { mode: "adopt", droplets: [{ id: "412345691", name: "worker-dev-1", tags: ["migration-dev-web"] }], size: "s-1vcpu-2gb", image: "ubuntu-22-04-x64" };
            svc[2].legacyStopCommand = "sudo systemctl disable --now mailer";
            Object.assign(svc[2].fargate, { desiredCount: 0, autoscaling: { ...svc[2].fargate.autoscaling, min: 0, max: 0 } });
            svc[3].owner = "legacy";
            svc[3].legacy = { host: "web-dev-1", crontab: "0 3 * * * deploy node dist/jobs/nightly-report.js" };
        };
        const problems = problemsOf(devWith((m) => { m.phase = "cutover"; }, onDroplets));
        assert.deepStrictEqual(problems, [
            "migration:legacy.databases[0].move.phase: cutover while services[2] (worker mailer) reads database \"main\" and 1 Droplet runs it: they would write to DigitalOcean after the cut-over, where nothing copies their writes; hand it over to Fargate first (stop it on worker-dev-1 (they outlive the program): `ssh worker-dev-1 'sudo systemctl disable --now mailer'`, `pulumi config rm --path 'migration:services[2].legacy' --stack dev`, `pulumi config set --path 'migration:services[2].legacy.enabled' false --stack dev`, up; then `pulumi config set --path 'migration:services[2].fargate.autoscaling.max' 2 --stack dev`, `pulumi config set --path 'migration:services[2].fargate.desiredCount' 1 --stack dev`, `pulumi config set --path 'migration:services[2].fargate.autoscaling.min' 1 --stack dev`, up), or set legacy.databases[0].move.legacyWrites false if the Droplets write nowhere",
            "migration:legacy.databases[0].move.phase: cutover while services[3] (job nightly-report) reads database \"main\" and its owner is legacy (the crontab on web-dev-1 runs it): its runs there would write to DigitalOcean after the cut-over, where nothing copies their writes; hand it over to Fargate first (`pulumi config set --path 'migration:services[3].owner' fargate --stack dev`, up, then remove its line from the crontab on web-dev-1 (crontab -e): 0 3 * * * deploy node dist/jobs/nightly-report.js), or set legacy.databases[0].move.legacyWrites false if the Droplets write nowhere",
        ]);
        assert.deepStrictEqual(problemsOf(devWith((m) => { m.phase = "replicate"; }, onDroplets)), [], "replicating, they may");
        assert.deepStrictEqual(problemsOf(devWith((m) => { m.phase = "cutover"; m.legacyWrites = false; }, onDroplets)), []);
        // The stack file as that config, then the printed commands in order, then the phase.
        const text = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
        const doc = parseYaml(text) as { config: Record<string, any> };
        onDroplets(doc.config["migration:services"]);
        const context = { project: "migration", stack: "dev" };
        const commands = problems.flatMap(findConfigCommands);
        assert.strictEqual(commands.length, 6);
        const handedOver = runOnStackFile(stringifyYaml(doc), [...commands, "pulumi config set --path 'migration:legacy.databases[0].move.phase' cutover --stack dev"], context);
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "db-config-"));
        try {
            fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), handedOver);
            const config = parseStackConfig(readStackConfig(dir, "dev"));
            assert.deepStrictEqual([config.legacy.databases[0].move?.phase, config.workers[0].legacy, config.workers[0].fargate?.desiredCount, config.jobs[0].owner], ["cutover", { enabled: false }, 1, "fargate"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("names the key, the value found and what is allowed for each mistake", () => {
        const cases: [string, RawConfigInput, string[]][] = [
            ["a major version neither offers", devWith((m) => { m.version = "12"; }), [
                "migration:legacy.databases[0].move.version: \"12\" is not a postgres major version both DigitalOcean and RDS offer; allowed 13, 14, 15, 16, 17 (the source's major version: doctl databases get <cluster-id> --format Version)",
            ]],
            ["autoscaling below the storage", devWith((m) => { m.storageGb = 30; m.maxStorageGb = 25; }), [
                "migration:legacy.databases[0].move.maxStorageGb: 25 is not above storageGb 30; allowed more than 30 (the ceiling of storage autoscaling), or leave it out",
            ]],
            ["TLS turned off", devWith((m) => { m.parameters = { "rds.force_ssl": "0" }; }), [
                "migration:legacy.databases[0].move.parameters[\"rds.force_ssl\"]: \"0\" would let clients connect without TLS; allowed only 1 (the program enforces it: leave it out)",
            ]],
            ["a reader without the URL variable (every kind)", devWith((m) => { m.urlVariable = "PG_URL"; }), [0, 2, 3, 4].map((i) =>
                `migration:services[${i}].fargate.secrets: has no PG_URL, the variable legacy.databases[0].move.urlVariable says holds database "main"'s URL; allowed: name the service's variable in move.urlVariable, or add PG_URL (the DigitalOcean URL until cutover)`)],
            ["a source login that is no URL", devWith(() => undefined, undefined, { "migration:webDatabaseUrl": "hunter2" }), [
                "migration:webDatabaseUrl: the source of database \"main\" is not a URL; allowed a connection URL such as the one DigitalOcean's control panel shows (scheme://user:password@host:port/database)",
            ]],
            ["a source on another port", devWith(() => undefined, undefined, { "migration:webDatabaseUrl": "postgresql://doadmin:pw@db.example:5432/defaultdb" }), [
                "migration:webDatabaseUrl: the source of database \"main\" connects on port 5432, but legacy.databases[0].port is 25060; allowed the cluster's own port in both",
            ]],
            ["a source key that is not set", devWith((m) => { m.source = { config: "mainDatabaseUrl" }; }), [
                "migration:legacy.databases[0].move.source.config: \"mainDatabaseUrl\" names migration:mainDatabaseUrl, which is not set; run: pulumi config set --secret migration:mainDatabaseUrl <the cluster's connection URL> --stack dev",
            ]],
            ["a move on an engine RDS does not run", devWith(() => undefined, undefined, {}, (d) => { d[0].engine = "redis"; d[0].port = 25061; }), [
                "migration:legacy.databases[0].move: is set on a redis cluster; allowed only on engine pg or mysql (RDS runs PostgreSQL and MySQL; DMS replicates them)",
            ]],
            ["two databases of one name", devWith(() => undefined, undefined, {}, (d) => { d.push({ ...structuredClone(d[0]), move: undefined, clusterId: "4c0e6f2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b" }); }), [
                "migration:legacy.databases[1].name: \"main\" is already used by legacy.databases[0]; allowed a unique name per database",
            ]],
            ["an unknown phase", devWith((m) => { m.phase = "migrate"; }), [
                "migration:legacy.databases[0].move.phase: \"migrate\" is not allowed; allowed replicate, cutover, done, decommissioned",
            ]],
            ["a DMS class of no supported family", devWith((m) => { m.replication.instanceClass = "dms.m5.large"; }), [
                "migration:legacy.databases[0].move.replication.instanceClass: \"dms.m5.large\" is not valid; allowed a DMS replication instance class of the T2, T3, C4, C5, C6i, R4, R5 or R6i families such as dms.t3.medium",
            ]],
        ];
        for (const [what, input, expected] of cases) {
            assert.deepStrictEqual(problemsOf(input), expected, what);
        }
    });

    it("never shows the source's URL in a message", () => {
        const url = "mysql://doadmin:S3cr3t-Pa55@db.example:25060/defaultdb";
        const problems = problemsOf(devWith(() => undefined, undefined, { "migration:webDatabaseUrl": url }));
        assert.deepStrictEqual(problems, ["migration:webDatabaseUrl: the source of database \"main\" is a mysql:// URL; allowed postgresql:// or postgres:// for a postgres database"]);
        assert.ok(!problems.join("\n").includes("S3cr3t"));
    });
});
