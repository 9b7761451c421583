// The pure logic of a database's move to RDS (components/aws/database-plan.ts):
// which phase changes one `up` may make, connection URLs, names, the DMS
// table mappings and settings, the target's parameters, and the commands of
// each phase. Tables, and properties where an invariant holds.
import * as assert from "assert";
import fc from "fast-check";
import { DATABASE_PHASES, workerSchema } from "../components/config/schema";
import { workloadProblems } from "../components/config/workloads";
import { applyConfigCommand, parseConfigCommands } from "./helpers/printed-commands";
import {
    connectionUrl, credentialsJson, cutoverCommands, databaseNames, dmsSecretJson, expectedReplication, handoverCommands, handoverSentence, legacyWorkloadOf, moveEngineOf,
    nextPhase, parameterGroupFamily, parseConnectionUrl, phaseChangeProblem, readinessCommands, replicatedSchemas, sourceRequirements, tableMappings, targetParameters,
    taskSettings, urlValueFrom, type DatabasePhase, type LegacyWorkload, type ProcedureContext,
} from "../components/aws/database-plan";

type Phase = DatabasePhase | undefined;

describe("database move: which phase changes one up may make", () => {
    const cases: [Phase, Phase, string | undefined, string | undefined][] = [
        [undefined, "replicate", undefined, undefined],
        [undefined, "cutover", "starts at cutover with no replicate phase before it: no replication has copied the data", "replicate"],
        [undefined, "done", "starts at done with no replicate phase before it: no replication has copied the data", "replicate"],
        ["replicate", "cutover", undefined, undefined],
        ["replicate", "done", "skips from replicate to done: cutover must run first", "cutover"],
        ["replicate", "decommissioned", "skips from replicate to decommissioned: cutover, done must run first", "cutover"],
        ["cutover", "done", undefined, undefined],
        ["cutover", "replicate", undefined, undefined],
        ["done", "decommissioned", undefined, undefined],
        ["decommissioned", "done", undefined, undefined],
        ["done", "cutover", "goes back from done to cutover: the target has taken writes since the cut-over that DMS never copies back, and a new full load truncates the target's tables", "done"],
        ["done", "replicate", "goes back from done to replicate: the target has taken writes since the cut-over that DMS never copies back, and a new full load truncates the target's tables", "done"],
        ["replicate", undefined, undefined, undefined],
        ["cutover", undefined, "drops the move at cutover: the services use (or used) the RDS target, which would be deleted with writes DigitalOcean does not have", "replicate"],
        ["done", undefined, "drops the move at done: the services use (or used) the RDS target, which would be deleted with writes DigitalOcean does not have", "done"],
        ["cutover", "cutover", undefined, undefined],
    ];
    for (const [before, after, problem, first] of cases) {
        it(`${before ?? "(no move)"} → ${after ?? "(no move)"}: ${problem === undefined ? "allowed" : `refused, ${first} first`}`, () => {
            const found = phaseChangeProblem(before, after);
            assert.deepStrictEqual(found, problem === undefined ? undefined : { problem, first });
        });
    }

    it("every accepted sequence from no move reaches done only through replicate and cutover, one phase per up", () => {
        const phase = fc.constantFrom<Phase>(undefined, ...DATABASE_PHASES);
        fc.assert(fc.property(fc.array(phase, { maxLength: 12 }), (wanted) => {
            let current: Phase;
            const visited: Phase[] = [undefined];
            for (const next of wanted) {
                if (phaseChangeProblem(current, next) === undefined) {
                    current = next;
                    visited.push(current);
                }
            }
            const firstDone = visited.indexOf("done");
            if (firstDone >= 0) {
                const before = visited.slice(0, firstDone);
                assert.ok(before.includes("replicate") && before.includes("cutover"), visited.join(" → "));
                assert.strictEqual(visited[firstDone - 1], "cutover");
            }
            // Never back from done (or later) to a phase that replicates.
            const afterDone = firstDone >= 0 ? visited.slice(firstDone) : [];
            assert.ok(!afterDone.includes("replicate") && !afterDone.includes("cutover"), visited.join(" → "));
        }));
    });
});

describe("database move: connection URLs", () => {
    it("reads DigitalOcean's connection strings, user and password decoded", () => {
        assert.deepStrictEqual(parseConnectionUrl("postgres", "postgresql://doadmin:p%40ss%2Fw@db-pg-nyc3-1.b.db.ondigitalocean.com:25060/defaultdb?sslmode=require"),
            { scheme: "postgresql", username: "doadmin", password: "p@ss/w", host: "db-pg-nyc3-1.b.db.ondigitalocean.com", port: 25060, database: "defaultdb" });
        assert.deepStrictEqual(parseConnectionUrl("mysql", "mysql://doadmin:pw@db-mysql.example:25060/defaultdb?ssl-mode=REQUIRED"),
            { scheme: "mysql", username: "doadmin", password: "pw", host: "db-mysql.example", port: 25060, database: "defaultdb" });
        assert.strictEqual((parseConnectionUrl("postgres", "postgres://u:p@h/db") as { port: number }).port, 5432);
    });

    it("says what is wrong without ever showing the URL", () => {
        const cases: [Parameters<typeof parseConnectionUrl>, string][] = [
            [["postgres", "hunter2"], "is not a URL; allowed a connection URL such as the one DigitalOcean's control panel shows (scheme://user:password@host:port/database)"],
            [["postgres", "mysql://u:secretpw@h:25060/d"], "is a mysql:// URL; allowed postgresql:// or postgres:// for a postgres database"],
            [["mysql", "postgresql://u:secretpw@h:25060/d"], "is a postgresql:// URL; allowed mysql:// for a mysql database"],
            [["postgres", "postgresql://doadmin@h:25060/d"], "has no user name or password; allowed a URL with both (user:password@host)"],
        ];
        for (const [args, message] of cases) {
            assert.strictEqual(parseConnectionUrl(...args), message);
        }
    });

    it("writes a URL the services read back as it was (user and password of any characters)", () => {
        fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom<"postgres" | "mysql">("postgres", "mysql"), (username, password, engine) => {
            const url = connectionUrl(engine, { username, password, host: "migration-dev-main.abc.us-east-1.rds.amazonaws.com", port: 5432, database: "defaultdb" });
            const parsed = parseConnectionUrl(engine, url);
            assert.ok(typeof parsed !== "string", url);
            assert.deepStrictEqual([parsed.username, parsed.password, parsed.port, parsed.database], [username, password, 5432, "defaultdb"]);
        }));
    });

    it("the target's secret holds what DMS and the services read; DMS's source secret its four keys", () => {
        assert.deepStrictEqual(JSON.parse(credentialsJson("postgres", { host: "h.rds.amazonaws.com", port: 5432, username: "app", password: "pw", database: "defaultdb" })), {
            engine: "postgres", host: "h.rds.amazonaws.com", port: 5432, username: "app", password: "pw", dbname: "defaultdb",
            url: "postgresql://app:pw@h.rds.amazonaws.com:5432/defaultdb?sslmode=require",
        });
        assert.strictEqual(dmsSecretJson({ username: "doadmin", password: "pw", host: "db.example", port: 25060 }), '{"username":"doadmin","password":"pw","host":"db.example","port":25060}');
        assert.strictEqual(urlValueFrom("arn:aws:secretsmanager:us-east-1:111122223333:secret:migration-dev/database/main/rds-AbCdEf"),
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:migration-dev/database/main/rds-AbCdEf:url::");
    });
});

describe("database move: engines, names, DMS documents", () => {
    it("maps DigitalOcean engines to RDS's and refuses the others", () => {
        assert.deepStrictEqual(["pg", "mysql", undefined, "redis", "kafka"].map(moveEngineOf), ["postgres", "mysql", "postgres", undefined, undefined]);
        assert.deepStrictEqual([parameterGroupFamily("postgres", "16", false), parameterGroupFamily("postgres", "16", true), parameterGroupFamily("mysql", "8.0", false), parameterGroupFamily("mysql", "8.0", true)],
            ["postgres16", "aurora-postgresql16", "mysql8.0", "aurora-mysql8.0"]);
    });

    it("names every resource within its identifier's rules", () => {
        assert.deepStrictEqual(databaseNames("migration-dev", "main"), {
            target: "migration-dev-main", writer: "migration-dev-main-writer", reader: "migration-dev-main-reader",
            subnetGroup: "migration-dev-main", parameterGroup: "migration-dev-main", finalSnapshot: "migration-dev-main-final",
            credentialsSecret: "migration-dev/database/main/rds", sourceSecret: "migration-dev/database/main/digitalocean",
            replicationInstance: "migration-dev-main-dms", replicationSubnetGroup: "migration-dev-main-dms",
            sourceEndpoint: "migration-dev-main-source", targetEndpoint: "migration-dev-main-target", task: "migration-dev-main-replication",
            certificate: "migration-dev-main-do-ca", secretsRole: "migration-dev-main-dms-secrets",
        });
        const rds = /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/;
        fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_.-]{1,100}$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/), (prefix, database) => {
            const names = databaseNames(prefix, database);
            for (const key of ["target", "writer", "reader", "replicationInstance", "sourceEndpoint", "targetEndpoint"] as const) {
                assert.match(names[key], rds, `${key}: ${names[key]}`);
            }
            assert.ok(names.secretsRole.length <= 64);
        }));
    });

    it("replicates every table of the schemas, public or the database by default", () => {
        assert.deepStrictEqual([replicatedSchemas("postgres", [], "defaultdb"), replicatedSchemas("mysql", [], "shop"), replicatedSchemas("postgres", ["app", "audit"], "d")],
            [["public"], ["shop"], ["app", "audit"]]);
        assert.deepStrictEqual(JSON.parse(tableMappings(["app", "audit"])), { rules: [
            { "rule-type": "selection", "rule-id": "1", "rule-name": "include-app", "object-locator": { "schema-name": "app", "table-name": "%" }, "rule-action": "include" },
            { "rule-type": "selection", "rule-id": "2", "rule-name": "include-audit", "object-locator": { "schema-name": "audit", "table-name": "%" }, "rule-action": "include" },
        ] });
        assert.deepStrictEqual(JSON.parse(taskSettings()).FullLoadSettings, { TargetTablePrepMode: "TRUNCATE_BEFORE_LOAD" });
    });

    it("enforces TLS on the target whatever config lists", () => {
        assert.deepStrictEqual(targetParameters("postgres", { "rds.force_ssl": "0", max_connections: "200" }), [
            { name: "max_connections", value: "200", applyMethod: "pending-reboot" },
            { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        ]);
        assert.deepStrictEqual(targetParameters("mysql", {}), [{ name: "require_secure_transport", value: "1", applyMethod: "pending-reboot" }]);
    });

    it("says which CDC settings of the source the plan checks and which only a command against it can", () => {
        const pg = sourceRequirements("postgres", "16", 25060);
        assert.deepStrictEqual(pg.filter((r) => r.checkedByPlan).map((r) => r.what), [
            "engine postgres 16 (the target runs the same major version)",
            "reachable on port 25060 over TLS from the NAT gateways' addresses (the DMS instance's egress)",
        ]);
        assert.deepStrictEqual(pg.filter((r) => !r.checkedByPlan).map((r) => r.check.split(";")[0]), [
            "SHOW wal_level", "SHOW max_replication_slots", "SELECT rolreplication FROM pg_roles WHERE rolname = current_user",
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND NOT EXISTS (SELECT 1 FROM pg_constraint p WHERE p.conrelid = c.oid AND p.contype = 'p')",
        ]);
        assert.deepStrictEqual(sourceRequirements("mysql", "8.0", 25060).filter((r) => !r.checkedByPlan).map((r) => r.what.split(":")[0]), [
            "row-based binary log", "binary logs kept long enough for DMS to catch up (at least 24 hours)", "the DMS user has REPLICATION CLIENT, REPLICATION SLAVE and SELECT on the replicated schemas",
        ]);
    });
});

describe("database move: the commands of each phase", () => {
    const context: ProcedureContext = {
        project: "migration", stack: "dev", index: 0, database: "main", engine: "postgres", databaseName: "defaultdb", region: "us-east-1",
        names: databaseNames("migration-dev", "main"), schemas: ["public"], ecsServices: [{ cluster: "migration-dev", service: "web" }],
    };
    const phase = (p: DatabasePhase, extra: Partial<Parameters<typeof nextPhase>[0]> = {}) => nextPhase({ ...context, phase: p, started: true, readers: [{ name: "web", kind: "web" }], legacyWrites: true, clusterId: "2f6f3c1e-8d4b-4e7a-9c21-5b0a7d9e3f14", legacyHostnames: [], ...extra });

    it("the cut-over stops writes, waits for CDC latency 0, carries sequences, then lets the new tasks in, in that order", () => {
        const commands = cutoverCommands(context);
        const at = (text: string) => commands.findIndex((c) => c.includes(text));
        const order = [
            "--filters Name=replication-task-id,Values=migration-dev-main-replication --query 'ReplicationTasks[0].{Status:Status,FullLoad:ReplicationTaskStats.FullLoadProgressPercent}'",
            "ALTER DATABASE defaultdb SET default_transaction_read_only = on;",
            "pg_terminate_backend",
            "--metric-name CDCLatencySource",
            "--metric-name CDCLatencyTarget",
            "setval",
            "pulumi config set --path 'migration:legacy.databases[0].move.phase' cutover --stack dev",
            "npm run up -- --stack dev",
            "aws ecs wait services-stable --region us-east-1 --cluster migration-dev --services web",
            "default_transaction_read_only = off",
            "pulumi config set --path 'migration:legacy.databases[0].move.phase' replicate --stack dev",
        ].map(at);
        assert.ok(order.every((i) => i >= 0), JSON.stringify(order));
        assert.deepStrictEqual(order, [...order].sort((a, b) => a - b));
        assert.ok(commands.includes("aws cloudwatch get-metric-statistics --region us-east-1 --namespace AWS/DMS --metric-name CDCLatencyTarget --dimensions Name=ReplicationInstanceIdentifier,Value=migration-dev-main-dms Name=ReplicationTaskIdentifier,Value=${TASK_ARN##*:} --start-time $(date -u -d '-5 min' +%FT%TZ) --end-time $(date -u +%FT%TZ) --period 60 --statistics Maximum"));
        assert.ok(cutoverCommands({ ...context, engine: "mysql" }).includes("# MySQL: InnoDB moves AUTO_INCREMENT past the rows DMS inserted; nothing to carry over"));
    });

    it("each phase says what the next one changes and requires", () => {
        assert.deepStrictEqual(
            [phase("replicate", { started: false }), phase("replicate"), phase("cutover"), phase("done"), phase("decommissioned")].map((n) => n && [n.phase, n.changes]),
            [
                ["replicate", "the replication task starts: full load, then ongoing changes"],
                ["cutover", "web reads the RDS URL (ECS starts new tasks with it; the old ones drain)"],
                ["done", "the DMS replication is deleted, and the tasks' rules to DigitalOcean with it"],
                ["decommissioned", "the program forgets the cluster's trusted sources (left as they are on DigitalOcean)"],
                undefined,
            ],
        );
        assert.deepStrictEqual(phase("replicate", { legacyWrites: false })!.requires, ["the replication running with the full load done", "writes stopped on the source and the task's CDC latency at 0 (the procedure's steps 2 and 3)"]);
        assert.deepStrictEqual([expectedReplication("replicate", false), expectedReplication("replicate", true), expectedReplication("cutover", true), expectedReplication("done", true)], [
            "created, not started (ready): create the target's schema, then start it", "running: full load, then ongoing changes (CDC)", "running, CDC latency 0 (the source takes no writes)", "removed",
        ]);
        assert.deepStrictEqual(phase("done")!.commands, [
            "doctl databases backups list 2f6f3c1e-8d4b-4e7a-9c21-5b0a7d9e3f14",
            "pulumi config set --path 'migration:legacy.databases[0].move.phase' decommissioned --stack dev",
            "npm run up -- --stack dev",
            "doctl databases delete 2f6f3c1e-8d4b-4e7a-9c21-5b0a7d9e3f14",
        ]);
    });

    it("while Droplets that write still take requests, the next step is theirs: each declared step, then the standby", () => {
        const hostnames = [{ index: 0, hostname: "www.dev.example.com", fargatePercent: 25, steps: [0, 5, 25, 50, 100], standby: ["legacy"] }];
        assert.deepStrictEqual(readinessCommands(context, hostnames), [
            "# www.dev.example.com: its Droplets stop taking requests (soak between steps)",
            "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 50 --stack dev", "npm run up -- --stack dev",
            "pulumi config set --path 'migration:services[0].traffic.fargatePercent' 100 --stack dev", "npm run up -- --stack dev",
            "pulumi config set --path 'migration:services[0].traffic.standby[0]' fargate --stack dev", "npm run up -- --stack dev",
        ]);
        assert.deepStrictEqual(readinessCommands(context, [{ ...hostnames[0], fargatePercent: 100, standby: ["fargate", "legacy"] }]), [
            "# www.dev.example.com: its Droplets stop taking requests (soak between steps)",
            "pulumi config rm --path 'migration:services[0].traffic.standby[1]' --stack dev", "npm run up -- --stack dev",
        ]);
        const next = phase("replicate", { legacyHostnames: hostnames })!;
        assert.strictEqual(next.commands[0], "# First the Droplets that write to the source stop: no request, no worker, no crontab job on them (the plan prints the cut-over procedure once they do)");
        assert.ok(!next.commands.some((c) => c.includes("move.phase")), "the cut-over's config change waits for the Droplets");
    });

    const worker = (extra: Partial<Extract<LegacyWorkload, { kind: "worker" }>> = {}): LegacyWorkload => ({
        kind: "worker", index: 2, name: "mailer", droplets: 1, retained: [], safeToRunTwice: false, canPause: true, fargate: { desired: 0, min: 0, max: 0 }, ...extra,
    });
    const key = (path: string) => `'migration:services[2].${path}'`;
    const set = (path: string, value: string | number | boolean) => `pulumi config set --path ${key(path)} ${value} --stack dev`;
    const up = "npm run up -- --stack dev";
    const droplets = [`pulumi config rm --path ${key("legacy")} --stack dev`, set("legacy.enabled", false), up];
    const fargate = [set("fargate.autoscaling.max", 2), set("fargate.desiredCount", 1), set("fargate.autoscaling.min", 1), up];

    it("a worker on its Droplets or a crontab job hands over to Fargate, one owner at each step", () => {
        const cases: [string, LegacyWorkload, string[]][] = [
            ["not safe to run twice: Droplets out first, then Fargate", worker(), [
                "# mailer (worker): its Droplets leave first (it pauses: its queue waits; it must not run on both sides)", ...droplets, "# mailer (worker): Fargate starts it", ...fargate,
            ]],
            ["safe to run twice: Fargate first, only the counts still at 0, then the Droplets", worker({ safeToRunTwice: true, fargate: { desired: 0, min: 0, max: 4 } }), [
                "# mailer (worker): Fargate starts it (both sides may consume meanwhile)", set("fargate.desiredCount", 1), set("fargate.autoscaling.min", 1), up, "# mailer (worker): its Droplets leave", ...droplets,
            ]],
            ["safe to run twice, Fargate already running it: only the Droplets", worker({ safeToRunTwice: true, fargate: { desired: 1, min: 1, max: 2 } }), ["# mailer (worker): its Droplets leave", ...droplets]],
            ["adopted Droplets that outlive the program: the worker stopped on each first", worker({ retained: ["worker-prod-1", "worker-prod-2"], stopCommand: "sudo systemctl disable --now sidekiq" }), [
                "# mailer (worker): its Droplets leave first (it pauses: its queue waits; it must not run on both sides); first stop it on worker-prod-1, worker-prod-2 (they outlive the program): `ssh worker-prod-1 'sudo systemctl disable --now sidekiq'`, `ssh worker-prod-2 'sudo systemctl disable --now sidekiq'`",
                ...droplets, "# mailer (worker): Fargate starts it", ...fargate,
            ]],
            ["neither pause nor run twice: no order keeps it running, so it is let pause", worker({ canPause: false }), [
                "# mailer (worker): it can neither pause nor run on both sides, so no order keeps it running: let it pause, and its Droplets leave first", set("canPause", true), ...droplets,
                "# mailer (worker): Fargate starts it", ...fargate,
            ]],
            ["a job the crontab owns: the owner flips, then its line goes", { kind: "job", index: 3, name: "nightly-report", host: "web-prod-1", crontab: "0 3 * * * deploy bin/rails reports:nightly" }, [
                "# nightly-report (job): EventBridge Scheduler takes it over from the crontab on web-prod-1", "pulumi config set --path 'migration:services[3].owner' fargate --stack dev", up,
                "# right after that up, remove its line from the crontab on web-prod-1 (crontab -e): 0 3 * * * deploy bin/rails reports:nightly",
            ]],
        ];
        for (const [what, w, expected] of cases) {
            assert.deepStrictEqual(handoverCommands(context, [w]), expected, what);
        }
        assert.strictEqual(handoverSentence(context, { kind: "job", index: 3, name: "nightly-report" }),
            "`pulumi config set --path 'migration:services[3].owner' fargate --stack dev`, up, then remove its line from the crontab on its Droplet (crontab -e)");
    });

    it("reads who still writes from the Droplets off a services[] entry: workers on Droplets, jobs the crontab owns, nothing else", () => {
        const entry = { name: "mailer", kind: "worker", legacyStopCommand: "stop", safeToRunTwice: true, fargate: { desiredCount: 1, autoscaling: { min: 1, max: 3 } } };
        const cases: [string, unknown, LegacyWorkload | undefined][] = [
            ["created Droplets", { ...entry, legacy: { mode: "create", count: 2 } }, { kind: "worker", index: 2, name: "mailer", droplets: 2, retained: [], stopCommand: "stop", safeToRunTwice: true, canPause: true, fargate: { desired: 1, min: 1, max: 3 } }],
            ["adopted Droplets, kept when they leave", { ...entry, canPause: false, legacy: { mode: "adopt", droplets: [{ id: "1", name: "w-1" }] } },
                { kind: "worker", index: 2, name: "mailer", droplets: 1, retained: ["w-1"], stopCommand: "stop", safeToRunTwice: true, canPause: false, fargate: { desired: 1, min: 1, max: 3 } }],
            ["adopted Droplets the program deletes", { ...entry, legacy: { mode: "adopt", retainOnDelete: false, droplets: [{ id: "1", name: "w-1" }] } },
                { kind: "worker", index: 2, name: "mailer", droplets: 1, retained: [], stopCommand: "stop", safeToRunTwice: true, canPause: true, fargate: { desired: 1, min: 1, max: 3 } }],
            ["Droplets gone", { ...entry, legacy: { enabled: false } }, undefined],
            ["no legacy part (the default: none)", entry, undefined],
            ["a job the crontab owns", { name: "report", kind: "job", owner: "legacy", legacy: { host: "h", crontab: "c" } }, { kind: "job", index: 2, name: "report", host: "h", crontab: "c" }],
            ["a job Fargate owns", { name: "report", kind: "job", owner: "fargate" }, undefined],
            ["a release task", { name: "migrate", kind: "release" }, undefined],
            ["a web service (its hostname's traffic says)", { name: "web", legacy: { mode: "create", count: 1 } }, undefined],
        ];
        for (const [what, raw, expected] of cases) {
            assert.deepStrictEqual(legacyWorkloadOf(raw, 2), expected, what);
        }
    });

    it("the cut-over covers every kind: waits for the workers' services, checks no job run is in flight before writes stop, says the release runs on RDS", () => {
        const all: ProcedureContext = {
            ...context,
            ecsServices: [{ cluster: "migration-dev", service: "web" }, { cluster: "migration-dev", service: "mailer" }],
            jobTasks: [{ name: "nightly-report", cluster: "migration-dev", family: "migration-dev-nightly-report" }],
            releaseTasks: ["migrate"],
        };
        const commands = cutoverCommands(all);
        const at = (text: string) => commands.indexOf(text);
        const order = [
            "aws ecs list-tasks --region us-east-1 --cluster migration-dev --family migration-dev-nightly-report --desired-status RUNNING",
            "# 2. Stop writes on the source (reads go on; writes fail until the new tasks run)",
            "pulumi config set --path 'migration:legacy.databases[0].move.phase' cutover --stack dev",
            "# npm run up runs migrate first, on RDS (its task definition reads the RDS URL), then the rest",
            "npm run up -- --stack dev",
            "aws ecs wait services-stable --region us-east-1 --cluster migration-dev --services web",
            "aws ecs wait services-stable --region us-east-1 --cluster migration-dev --services mailer",
            "# nightly-report: the next run starts with the RDS URL",
        ].map(at);
        assert.ok(order.every((i) => i >= 0), JSON.stringify(order));
        assert.deepStrictEqual(order, [...order].sort((a, b) => a - b));
        const next = nextPhase({ ...all, phase: "replicate", started: true, legacyWrites: true, clusterId: "c", legacyHostnames: [],
            readers: [{ name: "web", kind: "web" }, { name: "mailer", kind: "worker" }, { name: "nightly-report", kind: "job" }, { name: "migrate", kind: "release" }] })!;
        assert.deepStrictEqual([next.changes, next.requires[1]], [
            "web, mailer, nightly-report, migrate read the RDS URL (ECS starts new tasks with it; the old ones drain; the next run of a job or release task starts with it)",
            "every service reading the database at 100 % on Fargate with no legacy standby, every worker reading it off its Droplets and every job reading it owned by Fargate (or move.legacyWrites false)",
        ]);
        assert.deepStrictEqual(next.commands, commands);
        const waiting = nextPhase({ ...all, phase: "replicate", started: true, legacyWrites: true, clusterId: "c", legacyHostnames: [], readers: [{ name: "mailer", kind: "worker" }], legacyWorkloads: [worker()] })!;
        assert.deepStrictEqual(waiting.commands.slice(1), handoverCommands(context, [worker()]));
    });

    it("property: each step of a worker's handover leaves a config the plan accepts with one owner, and the last one leaves Fargate running it alone", () => {
        const counts = fc.integer({ min: 0, max: 3 }).chain((max) => fc.integer({ min: 0, max }).chain((min) => fc.record({ max: fc.constant(max), min: fc.constant(min), desired: fc.integer({ min, max }) })));
        const arbitrary = fc.record({
            safe: fc.boolean(), pause: fc.boolean(), counts,
            legacy: fc.oneof(
                fc.record({ mode: fc.constant("create"), count: fc.integer({ min: 1, max: 3 }), size: fc.constant("s-1vcpu-2gb"), image: fc.constant("ubuntu-24-04-x64") }),
                fc.record({ mode: fc.constant("adopt"), retainOnDelete: fc.boolean(), droplets: fc.constant([{ id: "412345691", name: "worker-1", tags: [] }]), size: fc.constant("s-1vcpu-2gb"), image: fc.constant("ubuntu-24-04-x64") }),
            ),
        });
        fc.assert(fc.property(arbitrary, ({ safe, pause, counts: c, legacy }) => {
            // Config refuses both sides able to run a worker that is not safe to run twice: such a worker starts at 0 on Fargate.
            const f = safe ? c : { max: 0, min: 0, desired: 0 };
            const config: Record<string, unknown> = { "migration:services": [{
                name: "mailer", kind: "worker", safeToRunTwice: safe, canPause: pause, legacy,
                fargate: { imageTag: "1.0.0", cpu: 256, memory: 512, desiredCount: f.desired, autoscaling: { min: f.min, max: f.max } },
            }] };
            const entry = () => (config["migration:services"] as Record<string, any>[])[0];
            const accepted = () => {
                const parsed = workerSchema.safeParse(entry());
                return parsed.success ? workloadProblems({ services: [entry()] }, (p) => p.join(".")).problems : parsed.error.issues.map((i) => i.message);
            };
            assert.deepStrictEqual(accepted(), [], "the generated worker is valid");
            for (const line of handoverCommands(context, [legacyWorkloadOf(entry(), 0)!])) {
                if (line.startsWith("pulumi config")) {
                    parseConfigCommands(line, context).forEach((command) => applyConfigCommand(config, command));
                } else if (line === up) {
                    assert.deepStrictEqual(accepted(), [], "the config each up deploys");
                }
            }
            assert.deepStrictEqual(entry().legacy, { enabled: false });
            assert.ok(entry().fargate.autoscaling.min >= 1 && entry().fargate.desiredCount >= 1 && entry().fargate.autoscaling.max >= entry().fargate.desiredCount);
            assert.deepStrictEqual(accepted(), []);
        }), { numRuns: 100 });
    });
});
