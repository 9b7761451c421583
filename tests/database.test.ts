// The databases moving to RDS under mocks (components/aws/database.ts and the
// tasks' side in database-clients.ts): one program run of dev with three
// databases in three phases, so every phase's resources are asserted from it.
//   main: PostgreSQL, cutover (web at 100 % on Fargate, no legacy standby;
//         dev's worker, job and release task read it too);
//   jobs: MySQL on Aurora, replicate, the replication not started yet (api reads it);
//   old:  PostgreSQL, done (no reader left).
import * as assert from "assert";
import * as path from "path";
import { fromWire, isSecretValue, runProgram, type ProgramRun, type Registration } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");
const dev = readStackConfig(ROOT, "dev");
const legacy = JSON.parse(dev.values["migration:legacy"]) as Record<string, any>;
const services = JSON.parse(dev.values["migration:services"]) as Record<string, any>[];
const SECRETS_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/db/";

legacy.databases[0].move.phase = "cutover";
services[0].traffic.fargatePercent = 100;
services[0].traffic.standby = ["fargate"];
legacy.databases.push(
    {
        name: "jobs", clusterId: "6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d", engine: "mysql", cidr: "203.0.113.61/32",
        move: { phase: "replicate", version: "8.0", aurora: true, instanceClass: "db.t3.small", source: { arn: `${SECRETS_ARN}jobs-source-AbCdEf` }, urlVariable: "JOBS_URL", replication: { instanceClass: "dms.t3.medium" } },
    },
    {
        name: "old", clusterId: "0b9a8c7d-6e5f-4d3c-9b2a-1f0e9d8c7b6a", engine: "pg", cidr: "203.0.113.62/32",
        move: { phase: "done", version: "15", instanceClass: "db.t3.large", storageGb: 50, maxStorageGb: 200, source: { arn: `${SECRETS_ARN}old-source-AbCdEf` }, replication: { instanceClass: "dms.t3.medium" } },
    },
);
services[1].fargate.secrets.JOBS_URL = { arn: `${SECRETS_ARN}jobs-url-AbCdEf` };
services[1].fargate.egress = [{ database: "jobs" }];

const inputsOf = (r: Registration) => fromWire(r.inputs) as Record<string, any>;

describe("databases moving to RDS (dev under mocks: main at cutover, jobs replicating on Aurora MySQL, old done)", function () {
    this.timeout(60_000);
    let run: ProgramRun;
    const all = (type: string) => run.registrations.filter((r) => r.type === type);
    const one = (type: string, name: string) => {
        const found = run.registrations.find((r) => r.type === type && r.name === name);
        assert.ok(found, `${type} ${name} is not registered`);
        return found;
    };

    before(async () => {
        const raw = readStackConfig(ROOT, "dev", { config: { "migration:legacy": JSON.stringify(legacy), "migration:services": JSON.stringify(services) } });
        run = await runProgram(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) });
    });

    it("builds main's target private, encrypted, with backups, TLS enforced, its password generated and only ever secret", () => {
        const rds = one("aws:rds/instance:Instance", "migration-dev-rds-main-rds");
        const { password, ...inputs } = inputsOf(rds);
        assert.ok(isSecretValue(rds.inputs.password), "the password is a secret");
        assert.strictEqual(typeof password, "string");
        assert.deepStrictEqual({ ...inputs, tags: undefined, dbSubnetGroupName: undefined, vpcSecurityGroupIds: undefined, parameterGroupName: undefined }, {
            identifier: "migration-dev-main", engine: "postgres", engineVersion: "16", instanceClass: "db.t4g.small", allocatedStorage: 20, storageType: "gp3",
            dbName: "defaultdb", username: "app", port: 5432, publiclyAccessible: false, multiAz: false, autoMinorVersionUpgrade: true,
            storageEncrypted: true, backupRetentionPeriod: 7, deletionProtection: false, skipFinalSnapshot: true, copyTagsToSnapshot: true, iamDatabaseAuthenticationEnabled: true,
            tags: undefined, dbSubnetGroupName: undefined, vpcSecurityGroupIds: undefined, parameterGroupName: undefined,
        });
        assert.deepStrictEqual(rds.options.ignoreChanges, ["password"]);
        assert.deepStrictEqual(inputsOf(one("aws:rds/parameterGroup:ParameterGroup", "migration-dev-rds-main-params")).parameters, [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }]);
        assert.ok(isSecretValue(one("aws:secretsmanager/secretVersion:SecretVersion", "migration-dev-rds-main-credentials").inputs.secretString));
        assert.deepStrictEqual(run.invocations.filter((i) => i.token === "aws:secretsmanager/getRandomPassword:getRandomPassword").map((i) => i.args), [
            { passwordLength: 40, excludePunctuation: true }, { passwordLength: 40, excludePunctuation: true }, { passwordLength: 40, excludePunctuation: true },
        ]);
    });

    it("at cutover web reads the target's URL from its secret, and reaches both databases while the old tasks drain", () => {
        const taskDef = one("aws:ecs/taskDefinition:TaskDefinition", "migration-dev-web-stable");
        const secrets = (JSON.parse(inputsOf(taskDef).containerDefinitions as string) as { secrets: { name: string; valueFrom: string }[] }[])[0].secrets;
        const credentials = fromWire(one("aws:secretsmanager/secret:Secret", "migration-dev-rds-main-credentials").outputs) as { arn: string };
        assert.deepStrictEqual(secrets.find((s) => s.name === "DATABASE_URL"), { name: "DATABASE_URL", valueFrom: `${credentials.arn}:url::` });
        assert.ok(!all("aws:ssm/parameter:Parameter").some((p) => p.name === "migration-dev-web-secret-database-url"), "the DigitalOcean URL's parameter is gone with the variable");
        const policy = JSON.parse(inputsOf(one("aws:iam/rolePolicy:RolePolicy", "migration-dev-web-execution")).policy as string) as { Statement: { Sid: string; Resource: string[] }[] };
        assert.ok(policy.Statement.find((s) => s.Sid === "ReadServiceSecrets")!.Resource.includes(credentials.arn));
        const egress = all("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.name.startsWith("migration-dev-web-task-out-")).map((r) => inputsOf(r));
        assert.deepStrictEqual(egress.filter((e) => e.fromPort !== 443).map((e) => [e.description, e.fromPort, e.cidrIpv4 ?? "security group"]).sort(), [
            ["PostgreSQL on DigitalOcean (TLS)", 25060, "203.0.113.60/32"],
            ["RDS main (TLS)", 5432, "security group"],
        ]);
        const ingress = inputsOf(one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "migration-dev-web-rds-in-main"));
        assert.deepStrictEqual([ingress.fromPort, ingress.toPort, ingress.description], [5432, 5432, "web tasks"]);
    });

    it("at cutover dev's worker, job and release task read the target's URL and reach it as web does, the target admitting each", () => {
        const credentials = fromWire(one("aws:secretsmanager/secret:Secret", "migration-dev-rds-main-credentials").outputs) as { arn: string };
        const rdsGroup = one("aws:ec2/securityGroup:SecurityGroup", "migration-dev-rds-main-sg").id;
        for (const workload of ["mailer", "nightly-report", "migrate"]) {
            const taskDef = one("aws:ecs/taskDefinition:TaskDefinition", `migration-dev-${workload}`);
            const secrets = (JSON.parse(inputsOf(taskDef).containerDefinitions as string) as { secrets: { name: string; valueFrom: string }[] }[])[0].secrets;
            assert.deepStrictEqual(secrets, [{ name: "DATABASE_URL", valueFrom: `${credentials.arn}:url::` }], workload);
            assert.ok(!all("aws:ssm/parameter:Parameter").some((p) => p.name === `migration-dev-${workload}-secret-database-url`), `${workload}: no parameter for the DigitalOcean URL`);
            const policy = JSON.parse(inputsOf(one("aws:iam/rolePolicy:RolePolicy", `migration-dev-${workload}-execution`)).policy as string) as { Statement: { Sid: string; Resource: string[] }[] };
            assert.deepStrictEqual(policy.Statement.find((x) => x.Sid === "ReadServiceSecrets")?.Resource, [credentials.arn], workload);
            const taskGroup = one("aws:ec2/securityGroup:SecurityGroup", `migration-dev-${workload}-task-sg`).id;
            const egress = all("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.name.startsWith(`migration-dev-${workload}-task-out-`)).map((r) => inputsOf(r));
            assert.deepStrictEqual(egress.map((e) => [e.securityGroupId, e.description, e.fromPort, e.cidrIpv4 ?? e.referencedSecurityGroupId]).sort(), [
                [taskGroup, "HTTPS to AWS APIs and the internet (through NAT)", 443, "0.0.0.0/0"],
                [taskGroup, "PostgreSQL on DigitalOcean (TLS)", 25060, "203.0.113.60/32"],
                [taskGroup, "RDS main (TLS)", 5432, rdsGroup],
            ], workload);
            const ingress = inputsOf(one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `migration-dev-${workload}-rds-in-main`));
            assert.deepStrictEqual([ingress.securityGroupId, ingress.referencedSecurityGroupId, ingress.ipProtocol, ingress.fromPort, ingress.toPort, ingress.description],
                [rdsGroup, taskGroup, "tcp", 5432, 5432, `${workload} tasks`], workload);
        }
        const ingress = all("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => inputsOf(r).securityGroupId === rdsGroup).map((r) => r.name).sort();
        assert.deepStrictEqual(ingress, ["migration-dev-mailer-rds-in-main", "migration-dev-migrate-rds-in-main", "migration-dev-nightly-report-rds-in-main", "migration-dev-rds-main-in-dms", "migration-dev-web-rds-in-main"]);
    });

    it("replicates main with DMS in the private subnets, not public, over TLS checked against DigitalOcean's CA", () => {
        const instance = inputsOf(one("aws:dms/replicationInstance:ReplicationInstance", "migration-dev-rds-main-dms"));
        assert.deepStrictEqual([instance.replicationInstanceId, instance.replicationInstanceClass, instance.publiclyAccessible, instance.multiAz, instance.allocatedStorage], ["migration-dev-main-dms", "dms.t2.micro", false, false, 50]);
        const subnets = inputsOf(one("aws:dms/replicationSubnetGroup:ReplicationSubnetGroup", "migration-dev-rds-main-dms-subnets"));
        const vpc = fromWire(one("awsx:ec2:Vpc", "migration-dev-network-vpc").outputs) as { privateSubnetIds: string[] };
        assert.deepStrictEqual(subnets.subnetIds, vpc.privateSubnetIds);
        const source = inputsOf(one("aws:dms/endpoint:Endpoint", "migration-dev-rds-main-source"));
        const certificate = fromWire(one("aws:dms/certificate:Certificate", "migration-dev-rds-main-do-ca").outputs) as { certificateArn: string };
        assert.deepStrictEqual([source.endpointType, source.engineName, source.databaseName, source.sslMode, source.certificateArn, source.password, source.serverName], ["source", "postgres", "defaultdb", "verify-full", certificate.certificateArn, undefined, undefined]);
        const target = inputsOf(one("aws:dms/endpoint:Endpoint", "migration-dev-rds-main-target"));
        assert.deepStrictEqual([target.engineName, target.sslMode, target.postgresSettings], ["postgres", "require", { afterConnectScript: "SET session_replication_role = 'replica'" }]);
        const task = inputsOf(one("aws:dms/replicationTask:ReplicationTask", "migration-dev-rds-main-task"));
        assert.deepStrictEqual([task.replicationTaskId, task.migrationType, task.startReplicationTask, JSON.parse(task.tableMappings as string).rules.length], ["migration-dev-main-replication", "full-load-and-cdc", true, 1]);
        const egress = all("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.name.startsWith("migration-dev-rds-main-dms-out")).map((r) => inputsOf(r));
        assert.deepStrictEqual(egress.map((e) => [e.fromPort, e.cidrIpv4 ?? "RDS"]).sort(), [[25060, "203.0.113.60/32"], [443, "0.0.0.0/0"], [5432, "RDS"]]);
        assert.deepStrictEqual(all("aws:iam/role:Role").filter((r) => inputsOf(r).name === "dms-vpc-role").length, 1);
        const trust = JSON.parse(inputsOf(one("aws:iam/role:Role", "migration-dev-rds-main-dms-secrets")).assumeRolePolicy as string);
        assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "dms.us-east-1.amazonaws.com" });
    });

    it("builds jobs on Aurora MySQL, its replication created but not started, api still on DigitalOcean", () => {
        const cluster = inputsOf(one("aws:rds/cluster:Cluster", "migration-dev-rds-jobs-aurora"));
        assert.deepStrictEqual([cluster.engine, cluster.engineVersion, cluster.storageEncrypted, cluster.port, cluster.databaseName], ["aurora-mysql", "8.0", true, 3306, "defaultdb"]);
        assert.deepStrictEqual(all("aws:rds/clusterInstance:ClusterInstance").map((r) => [r.name, inputsOf(r).publiclyAccessible]), [["migration-dev-rds-jobs-aurora-writer", false]]);
        assert.deepStrictEqual(inputsOf(one("aws:rds/clusterParameterGroup:ClusterParameterGroup", "migration-dev-rds-jobs-params")).family, "aurora-mysql8.0");
        const target = inputsOf(one("aws:dms/endpoint:Endpoint", "migration-dev-rds-jobs-target"));
        assert.deepStrictEqual([target.engineName, target.databaseName, target.mysqlSettings], ["aurora", undefined, { afterConnectScript: "SET FOREIGN_KEY_CHECKS = 0" }]);
        const source = inputsOf(one("aws:dms/endpoint:Endpoint", "migration-dev-rds-jobs-source"));
        assert.deepStrictEqual([source.sslMode, source.secretsManagerArn], ["verify-ca", `${SECRETS_ARN}jobs-source-AbCdEf`]);
        assert.strictEqual(inputsOf(one("aws:dms/replicationTask:ReplicationTask", "migration-dev-rds-jobs-task")).startReplicationTask, false);
        const apiSecrets = (JSON.parse(inputsOf(one("aws:ecs/taskDefinition:TaskDefinition", "migration-dev-api-stable")).containerDefinitions as string) as { secrets: { name: string; valueFrom: string }[] }[])[0].secrets;
        assert.deepStrictEqual(apiSecrets.find((s) => s.name === "JOBS_URL")?.valueFrom, `${SECRETS_ARN}jobs-url-AbCdEf`);
    });

    it("done: old keeps its target and its cluster's trusted sources, and nothing replicates into it any more", () => {
        assert.ok(!run.registrations.some((r) => r.name.startsWith("migration-dev-rds-old-") && r.type.startsWith("aws:dms/")));
        const old = inputsOf(one("aws:rds/instance:Instance", "migration-dev-rds-old-rds"));
        assert.deepStrictEqual([old.engineVersion, old.allocatedStorage, old.maxAllocatedStorage], ["15", 50, 200]);
        assert.deepStrictEqual(all("digitalocean:index/databaseFirewall:DatabaseFirewall").map((r) => inputsOf(r).clusterId).sort(), [
            "0b9a8c7d-6e5f-4d3c-9b2a-1f0e9d8c7b6a", "2f6f3c1e-8d4b-4e7a-9c21-5b0a7d9e3f14", "6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        ]);
    });

    it("alarms on the replication's CDC latency while it replicates and on the target's free storage, to the stack's topic", () => {
        const alarms = all("aws:cloudwatch/metricAlarm:MetricAlarm").filter((r) => r.name.startsWith("migration-dev-rds-")).map((r) => [r.name, inputsOf(r)] as const);
        assert.deepStrictEqual(alarms.map(([n]) => n).sort(), ["migration-dev-rds-jobs-cdc-latency", "migration-dev-rds-main-cdc-latency", "migration-dev-rds-main-free-storage", "migration-dev-rds-old-free-storage"]);
        const cdc = alarms.find(([n]) => n === "migration-dev-rds-main-cdc-latency")![1];
        const task = fromWire(one("aws:dms/replicationTask:ReplicationTask", "migration-dev-rds-main-task").outputs) as { replicationTaskArn: string };
        assert.deepStrictEqual([cdc.namespace, cdc.metricName, cdc.statistic, cdc.period, cdc.evaluationPeriods, cdc.threshold, cdc.comparisonOperator, cdc.dimensions], [
            "AWS/DMS", "CDCLatencyTarget", "Maximum", 300, 3, 600, "GreaterThanThreshold",
            { ReplicationInstanceIdentifier: "migration-dev-main-dms", ReplicationTaskIdentifier: task.replicationTaskArn.split(":").pop() },
        ]);
        const storage = alarms.find(([n]) => n === "migration-dev-rds-old-free-storage")![1];
        assert.deepStrictEqual([storage.metricName, storage.threshold, storage.dimensions], ["FreeStorageSpace", 50 * 1024 ** 3 / 10, { DBInstanceIdentifier: "migration-dev-old" }]);
        const topics = all("aws:sns/topic:Topic").map((t) => (fromWire(t.outputs) as { arn: string }).arn);
        assert.deepStrictEqual(cdc.alarmActions, topics.length > 0 ? [topics[0]] : undefined);
    });

    it("exports each database's phase, replication and next step", () => {
        const outputs = fromWire(run.stackOutputs) as { databases: { name: string; phase: string; replication: unknown; next: { phase: string } | null }[] };
        assert.deepStrictEqual(outputs.databases.map((d) => [d.name, d.phase, d.replication === null ? null : "replication", d.next?.phase ?? null]), [
            ["main", "cutover", "replication", "done"],
            ["jobs", "replicate", "replication", "replicate"],
            ["old", "done", null, "decommissioned"],
        ]);
    });

    it("puts no credential in plaintext: every password and secret string is a secret", () => {
        for (const r of run.registrations) {
            for (const key of ["password", "masterPassword", "secretString"]) {
                if (key in r.inputs) {
                    assert.ok(isSecretValue(r.inputs[key]), `${r.name}.${key}`);
                }
            }
        }
    });
});
