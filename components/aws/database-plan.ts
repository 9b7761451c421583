// Pure logic of a database's move from DigitalOcean to RDS (components/aws/
// database.ts builds it): the phases and which moves between them are safe,
// engine facts (RDS and DMS engine names, ports, parameter families, TLS
// parameters), the physical names, the DMS table mappings and task settings,
// the connection URL the services read, what the source must allow for CDC,
// and the commands of the cut-over procedure. Cross-key config rules of
// `legacy.databases[].move` live here too (components/config/validate.ts
// calls databaseMoveProblems).
import { DATABASE_PHASES, OFFLINE_SECRET_PREFIX } from "../config/schema";
import { fitName, sanitizeName } from "./naming";

export type DatabasePhase = (typeof DATABASE_PHASES)[number];
export type DatabaseEngine = "postgres" | "mysql";

/** The engine a DigitalOcean cluster moves to (legacy.databases[].engine: pg, mysql), or undefined for engines RDS does not run. */
export function moveEngineOf(doEngine: string | undefined): DatabaseEngine | undefined {
    return doEngine === "pg" || doEngine === undefined ? "postgres" : doEngine === "mysql" ? "mysql" : undefined;
}

/** A phase's position: each `up` may move one step forward. */
export function phaseRank(phase: DatabasePhase): number {
    return DATABASE_PHASES.indexOf(phase);
}

/** Phases in which DMS replicates the source into the target. */
export function replicates(phase: DatabasePhase): boolean {
    return phase === "replicate" || phase === "cutover";
}

/** Phases in which the services' database variable points at the target. */
export function servicesOnTarget(phase: DatabasePhase): boolean {
    return phaseRank(phase) >= phaseRank("cutover");
}

/** Phases in which tasks still (or again) connect to the DigitalOcean cluster: the old tasks of a cut-over run do. */
export function servicesReachSource(phase: DatabasePhase): boolean {
    return phaseRank(phase) <= phaseRank("cutover");
}

/** Phases in which the program keeps the DigitalOcean cluster's trusted sources (NAT addresses for DMS and old tasks). */
export function keepsSourceFirewall(phase: DatabasePhase): boolean {
    return phase !== "decommissioned";
}

/**
 * Whether one `up` may take a database from `before` to `after` (undefined:
 * not moving), and what to do first when not. Forward one phase at a time;
 * back only from cutover to replicate (the rollback), since after done the
 * target has taken writes DMS never copied back, and a new full load would
 * truncate them.
 */
export function phaseChangeProblem(before: DatabasePhase | undefined, after: DatabasePhase | undefined): { readonly problem: string; readonly first: DatabasePhase | "none" } | undefined {
    if (before === after) {
        return undefined;
    }
    if (before === undefined) {
        return after === "replicate" ? undefined
            : { problem: `starts at ${after} with no replicate phase before it: no replication has copied the data`, first: "replicate" };
    }
    if (after === undefined) {
        return before === "replicate" ? undefined
            : { problem: `drops the move at ${before}: the services use (or used) the RDS target, which would be deleted with writes DigitalOcean does not have`, first: before === "cutover" ? "replicate" : before };
    }
    const step = phaseRank(after) - phaseRank(before);
    if (step === 1 || (before === "cutover" && after === "replicate") || (before === "decommissioned" && after === "done")) {
        return undefined;
    }
    if (step > 1) {
        const next = DATABASE_PHASES[phaseRank(before) + 1];
        return { problem: `skips from ${before} to ${after}: ${DATABASE_PHASES.slice(phaseRank(before) + 1, phaseRank(after)).join(", ")} must run first`, first: next };
    }
    return { problem: `goes back from ${before} to ${after}: the target has taken writes since the cut-over that DMS never copies back, and a new full load truncates the target's tables`, first: before };
}

// ---------------------------------------------------------------------------
// Engines

export interface EngineFacts {
    /** RDS CreateDBInstance Engine (and CreateDBCluster Engine with Aurora). */
    readonly rds: string;
    readonly aurora: string;
    /** DMS CreateEndpoint EngineName of the source, and of the target (RDS or Aurora). */
    readonly dmsSource: string;
    readonly dmsTarget: (aurora: boolean) => string;
    readonly port: number;
    /** The URL scheme DigitalOcean's connection strings use, and the services' target URL. */
    readonly scheme: string;
    /** Parameter that makes the server refuse connections without TLS. */
    readonly tlsParameter: { readonly name: string; readonly value: string };
    /** The DigitalOcean cluster's engine slug (doctl --engine). */
    readonly doEngine: string;
    /** Major versions both DigitalOcean and RDS offer (checked by config; availability per region is checked at deploy). */
    readonly majors: readonly string[];
    /** TLS query of the connection URL, as DigitalOcean writes it. */
    readonly tlsQuery: string;
}

// Engines: RDS CreateDBInstance.Engine and CreateDBCluster.Engine (botocore
// rds 2014-10-31), DMS CreateEndpoint.EngineName (botocore dms 2016-01-01:
// "postgres", "mysql", "aurora", "aurora-postgresql"). TLS: RDS for
// PostgreSQL rds.force_ssl and RDS for MySQL require_secure_transport (RDS
// user guide, "Using SSL/TLS with a DB instance"). Versions: DigitalOcean
// Managed Databases offer PostgreSQL 13-17 and MySQL 8 (doctl databases
// options versions); the target's region must offer the same major
// (`aws rds describe-db-engine-versions --engine <engine> --engine-version <major>`), checked by RDS at deploy.
export const ENGINES: Readonly<Record<DatabaseEngine, EngineFacts>> = {
    postgres: {
        rds: "postgres", aurora: "aurora-postgresql", dmsSource: "postgres", dmsTarget: (aurora) => (aurora ? "aurora-postgresql" : "postgres"),
        port: 5432, scheme: "postgresql", tlsParameter: { name: "rds.force_ssl", value: "1" }, doEngine: "pg",
        majors: ["13", "14", "15", "16", "17"], tlsQuery: "sslmode=require",
    },
    mysql: {
        rds: "mysql", aurora: "aurora-mysql", dmsSource: "mysql", dmsTarget: (aurora) => (aurora ? "aurora" : "mysql"),
        port: 3306, scheme: "mysql", tlsParameter: { name: "require_secure_transport", value: "1" }, doEngine: "mysql",
        majors: ["8.0"], tlsQuery: "ssl-mode=REQUIRED",
    },
};

/**
 * The parameter group family of a target (RDS DescribeDBEngineVersions
 * DBParameterGroupFamily): postgres16, mysql8.0, aurora-postgresql16,
 * aurora-mysql8.0.
 */
export function parameterGroupFamily(engine: DatabaseEngine, version: string, aurora: boolean): string {
    return `${aurora ? ENGINES[engine].aurora : ENGINES[engine].rds}${version}`;
}

/**
 * The engine version the target is created with: the major alone, so RDS
 * picks the region's default minor of it (CreateDBInstance EngineVersion;
 * Aurora MySQL 3 is the 8.0-compatible line: "You can supply either 5.7 or
 * 8.0 to use the default engine version", CreateDBCluster EngineVersion).
 */
export function targetEngineVersion(version: string): string {
    return version;
}

/** Parameters of the target: what config lists, then TLS enforced (never left to config). */
export function targetParameters(engine: DatabaseEngine, extra: Readonly<Record<string, string>>): { name: string; value: string; applyMethod: "pending-reboot" | "immediate" }[] {
    const tls = ENGINES[engine].tlsParameter;
    const list = Object.entries(extra).filter(([name]) => name !== tls.name).map(([name, value]) => ({ name, value, applyMethod: "pending-reboot" as const }));
    return [...list, { name: tls.name, value: tls.value, applyMethod: "pending-reboot" as const }].sort((a, b) => a.name.localeCompare(b.name));
}

/** The schemas a task replicates: config's, else public (PostgreSQL) or the database itself (MySQL: a schema is a database). */
export function replicatedSchemas(engine: DatabaseEngine, schemas: readonly string[], databaseName: string): string[] {
    return schemas.length > 0 ? [...schemas] : engine === "postgres" ? ["public"] : [databaseName];
}

/** DMS table mappings: every table of each schema (DMS user guide, "Using table mapping to specify task settings"). */
export function tableMappings(schemas: readonly string[]): string {
    return JSON.stringify({
        rules: schemas.map((schema, i) => ({
            "rule-type": "selection",
            "rule-id": String(i + 1),
            "rule-name": `include-${schema}`,
            "object-locator": { "schema-name": schema, "table-name": "%" },
            "rule-action": "include",
        })),
    });
}

/**
 * DMS task settings: the target's tables are created beforehand from the
 * source's schema (docs/runbook.md, phase 6: DMS creates only tables and
 * primary keys, no secondary indexes, defaults or sequences), so the full
 * load truncates them instead of dropping them, and loads LOBs up to 32 KB
 * fully in limited mode (DMS user guide, "Target metadata task settings",
 * "Full-load task settings").
 */
export function taskSettings(): string {
    return JSON.stringify({
        TargetMetadata: { SupportLobs: true, LimitedSizeLobMode: true, LobMaxSize: 32 },
        FullLoadSettings: { TargetTablePrepMode: "TRUNCATE_BEFORE_LOAD" },
    });
}

/**
 * What DMS runs on each connection to the target: constraints and triggers
 * off while it applies rows in its own order (PostgreSQL
 * session_replication_role; MySQL foreign_key_checks), as the DMS user guide
 * recommends for a target whose schema was created beforehand.
 */
export function targetAfterConnectScript(engine: DatabaseEngine): string {
    return engine === "postgres" ? "SET session_replication_role = 'replica'" : "SET FOREIGN_KEY_CHECKS = 0";
}

// ---------------------------------------------------------------------------
// Names

/** RDS and DMS identifiers: 1-63 letters, digits and hyphens, a letter first, no trailing or double hyphen. */
export const IDENTIFIER_MAX = 63;

function identifier(raw: string, max = IDENTIFIER_MAX): string {
    let name = sanitizeName(raw);
    if (!/^[a-z]/.test(name)) {
        name = `db-${name}`;
    }
    return fitName(name, max, raw);
}

export interface DatabaseNames {
    /** RDS DB instance or Aurora cluster identifier. */
    readonly target: string;
    /** Aurora writer and reader (Multi-AZ) instance identifiers. */
    readonly writer: string;
    readonly reader: string;
    readonly subnetGroup: string;
    readonly parameterGroup: string;
    readonly finalSnapshot: string;
    /** Secrets Manager secret with the target's credentials and URL. */
    readonly credentialsSecret: string;
    /** Secrets Manager secret with the source's login for DMS. */
    readonly sourceSecret: string;
    readonly replicationInstance: string;
    readonly replicationSubnetGroup: string;
    readonly sourceEndpoint: string;
    readonly targetEndpoint: string;
    readonly task: string;
    readonly certificate: string;
    /** IAM role DMS assumes to read the two secrets. */
    readonly secretsRole: string;
}

export function databaseNames(prefix: string, database: string): DatabaseNames {
    const base = `${prefix}-${database}`;
    return {
        target: identifier(base),
        writer: identifier(`${base}-writer`),
        reader: identifier(`${base}-reader`),
        subnetGroup: identifier(base, 255),
        parameterGroup: identifier(base, 255),
        finalSnapshot: identifier(`${base}-final`, 255),
        credentialsSecret: `${prefix}/database/${database}/rds`,
        sourceSecret: `${prefix}/database/${database}/digitalocean`,
        replicationInstance: identifier(`${base}-dms`),
        replicationSubnetGroup: identifier(`${base}-dms`, 255),
        sourceEndpoint: identifier(`${base}-source`),
        targetEndpoint: identifier(`${base}-target`),
        task: identifier(`${base}-replication`, 255),
        certificate: identifier(`${base}-do-ca`, 255),
        secretsRole: fitName(`${base}-dms-secrets`, 64),
    };
}

// ---------------------------------------------------------------------------
// Connection URLs

export interface Connection {
    readonly scheme: string;
    readonly username: string;
    readonly password: string;
    readonly host: string;
    readonly port: number;
    readonly database: string;
}

/** A connection URL (scheme://user:password@host:port/database?tls) with user and password percent-encoded. */
export function connectionUrl(engine: DatabaseEngine, c: Omit<Connection, "scheme">): string {
    const facts = ENGINES[engine];
    return `${facts.scheme}://${encodeURIComponent(c.username)}:${encodeURIComponent(c.password)}@${c.host}:${c.port}/${encodeURIComponent(c.database)}?${facts.tlsQuery}`;
}

/**
 * A DigitalOcean connection URL, or why it cannot be one (the reason never
 * contains the URL: it holds a password). PostgreSQL URLs may say
 * postgres:// or postgresql://.
 */
export function parseConnectionUrl(engine: DatabaseEngine, text: string): Connection | string {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return "is not a URL; allowed a connection URL such as the one DigitalOcean's control panel shows (scheme://user:password@host:port/database)";
    }
    const scheme = url.protocol.replace(/:$/, "");
    const schemes = engine === "postgres" ? ["postgresql", "postgres"] : ["mysql"];
    if (!schemes.includes(scheme)) {
        return `is a ${scheme}:// URL; allowed ${schemes.map((s) => `${s}://`).join(" or ")} for a ${engine} database`;
    }
    if (url.username === "" || url.password === "") {
        return "has no user name or password; allowed a URL with both (user:password@host)";
    }
    if (url.hostname === "") {
        return "has no host";
    }
    const port = url.port === "" ? ENGINES[engine].port : Number(url.port);
    return {
        scheme,
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        host: url.hostname,
        port,
        database: decodeURIComponent(url.pathname.replace(/^\//, "")),
    };
}

/** The JSON DMS reads from a Secrets Manager secret for an endpoint (DMS user guide, "Using secrets to access AWS DMS endpoints"). */
export function dmsSecretJson(c: Pick<Connection, "username" | "password" | "host" | "port">): string {
    return JSON.stringify({ username: c.username, password: c.password, host: c.host, port: c.port });
}

/**
 * The target's secret: what DMS reads (username, password, host, port) and
 * what the services read from cutover on (url), the keys RDS and CDK write
 * in their own database secrets (engine, dbname) besides.
 */
export function credentialsJson(engine: DatabaseEngine, c: Omit<Connection, "scheme">): string {
    return JSON.stringify({
        engine: ENGINES[engine].rds, host: c.host, port: c.port, username: c.username, password: c.password, dbname: c.database,
        url: connectionUrl(engine, c),
    });
}

/** The ECS valueFrom of the target's URL: the secret's `url` JSON key (ECS API Reference, Secret.valueFrom). */
export function urlValueFrom(secretArn: string): string {
    return `${secretArn}:url::`;
}

// ---------------------------------------------------------------------------
// What the source must allow, and the commands of each phase

export interface SourceRequirement {
    readonly what: string;
    /** How to check it (SQL on the source, doctl or an AWS command). */
    readonly check: string;
    /** Whether the plan checks it (false: only a command against the live source can). */
    readonly checkedByPlan: boolean;
}

/**
 * What DMS change data capture needs from a DigitalOcean managed database
 * (DMS user guide, "Using a PostgreSQL database as an AWS DMS source" and
 * "Using a MySQL-compatible database as a source"). Only the engine, its
 * major version, the port and TLS are in config; the rest is the live
 * cluster's state, checked by the commands (and by DMS's premigration
 * assessment, printed in the replicate phase).
 */
export function sourceRequirements(engine: DatabaseEngine, version: string, port: number): SourceRequirement[] {
    const common: SourceRequirement[] = [
        { what: `engine ${engine} ${version} (the target runs the same major version)`, check: "doctl databases get <cluster-id> --format Engine,Version", checkedByPlan: true },
        { what: `reachable on port ${port} over TLS from the NAT gateways' addresses (the DMS instance's egress)`, check: "the program keeps the NAT addresses in the cluster's trusted sources; `aws dms test-connection` proves it", checkedByPlan: true },
    ];
    if (engine === "postgres") {
        return [...common,
            { what: "logical decoding: wal_level = logical", check: "SHOW wal_level;", checkedByPlan: false },
            { what: "a free replication slot and WAL sender for DMS (max_replication_slots, max_wal_senders above the slots in use)", check: "SHOW max_replication_slots; SELECT count(*) FROM pg_replication_slots;", checkedByPlan: false },
            { what: "the DMS user has the REPLICATION attribute (DigitalOcean's doadmin; users created later have the normal role) and SELECT on every replicated table", check: "SELECT rolreplication FROM pg_roles WHERE rolname = current_user;", checkedByPlan: false },
            { what: "every replicated table has a primary key (DMS applies UPDATE and DELETE by it)", check: "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND NOT EXISTS (SELECT 1 FROM pg_constraint p WHERE p.conrelid = c.oid AND p.contype = 'p');", checkedByPlan: false },
        ];
    }
    return [...common,
        { what: "row-based binary log: binlog_format = ROW, binlog_row_image = FULL", check: "SHOW VARIABLES WHERE Variable_name IN ('binlog_format', 'binlog_row_image', 'binlog_checksum');", checkedByPlan: false },
        { what: "binary logs kept long enough for DMS to catch up (at least 24 hours)", check: "doctl databases configuration get <cluster-id> --engine mysql (binlog_retention_period, seconds)", checkedByPlan: false },
        { what: "the DMS user has REPLICATION CLIENT, REPLICATION SLAVE and SELECT on the replicated schemas", check: "SHOW GRANTS;", checkedByPlan: false },
    ];
}

export interface ProcedureContext {
    readonly project: string;
    readonly stack: string;
    /** The database's index in legacy.databases. */
    readonly index: number;
    readonly database: string;
    readonly engine: DatabaseEngine;
    readonly databaseName: string;
    readonly region: string;
    readonly names: DatabaseNames;
    /** The replicated schemas. */
    readonly schemas: readonly string[];
    /** ECS services (cluster/service) that read the database: web services' revisions and Fargate workers. */
    readonly ecsServices: readonly { readonly cluster: string; readonly service: string }[];
    /** Scheduled jobs that read the database: their task definition family, whose runs ECS lists. @default none */
    readonly jobTasks?: readonly { readonly name: string; readonly cluster: string; readonly family: string }[];
    /** Release tasks that read the database (`npm run up` runs them before the rest). @default none */
    readonly releaseTasks?: readonly string[];
}

/** `pulumi config set --path` for a key of the database's move, as change-advice writes config commands. */
export function moveConfigCommand(c: Pick<ProcedureContext, "project" | "stack" | "index">, key: string, value: string | boolean | number): string {
    return `pulumi config set --path '${c.project}:legacy.databases[${c.index}].move.${key}' ${value} --stack ${c.stack}`;
}

const TASK_ARN = (c: ProcedureContext) => `TASK_ARN=$(aws dms describe-replication-tasks --region ${c.region} --filters Name=replication-task-id,Values=${c.names.task} --query 'ReplicationTasks[0].ReplicationTaskArn' --output text)`;

/** Reads the task's CDC latency (seconds) from CloudWatch: the task's dimension is the last part of its ARN. */
function latencyCommand(c: ProcedureContext, metric: "CDCLatencySource" | "CDCLatencyTarget"): string {
    return `aws cloudwatch get-metric-statistics --region ${c.region} --namespace AWS/DMS --metric-name ${metric} --dimensions Name=ReplicationInstanceIdentifier,Value=${c.names.replicationInstance} Name=ReplicationTaskIdentifier,Value=\${TASK_ARN##*:} --start-time $(date -u -d '-5 min' +%FT%TZ) --end-time $(date -u +%FT%TZ) --period 60 --statistics Maximum`;
}

/**
 * The commands of the replicate phase after its `up`: the schema first (DMS
 * creates tables without secondary indexes, defaults or sequences), then
 * DMS's own checks of the source.
 */
export function replicateCommands(c: ProcedureContext): string[] {
    const dump = c.engine === "postgres"
        ? `pg_dump --schema-only --no-owner --no-privileges ${c.schemas.map((s) => `--schema=${s}`).join(" ")} "$SOURCE_URL" | psql "$TARGET_URL"`
        : `mysqldump --defaults-extra-file=source.cnf --no-data --routines --triggers --set-gtid-purged=OFF --databases ${c.schemas.join(" ")} | mysql --defaults-extra-file=target.cnf`;
    return [
        c.engine === "postgres"
            ? `# 1. Once the target exists: create its schema from the source's (SOURCE_URL: the DigitalOcean URL; TARGET_URL: the \`url\` key of secret ${c.names.credentialsSecret}, from inside the VPC)`
            : `# 1. Once the target exists: create its schema from the source's (source.cnf and target.cnf: [client] host, port, user, password and ssl-mode=REQUIRED of the DigitalOcean cluster and of secret ${c.names.credentialsSecret}, from inside the VPC)`,
        dump,
        "# 2. After the up: DMS's own checks of the source (CDC settings, privileges, primary keys), then the task's progress",
        TASK_ARN(c),
        `aws dms start-replication-task-assessment-run --region ${c.region} --replication-task-arn "$TASK_ARN" --service-access-role-arn <role that writes to the bucket> --result-location-bucket <bucket> --assessment-run-name ${c.names.task}-check`,
        `aws dms describe-replication-tasks --region ${c.region} --filters Name=replication-task-id,Values=${c.names.task} --query 'ReplicationTasks[0].{Status:Status,FullLoad:ReplicationTaskStats.FullLoadProgressPercent,Errors:ReplicationTaskStats.TablesErrored}'`,
    ];
}

/**
 * The cut-over procedure: stop writes on the source, wait for the task's
 * CDC latency to reach zero, carry PostgreSQL sequences over (DMS does not),
 * then the `up` that lets the new tasks in (ECS starts them with the RDS
 * URL; the old ones, already refused writes, drain).
 */
export function cutoverCommands(c: ProcedureContext): string[] {
    const stopWrites = c.engine === "postgres"
        ? [
            `psql "$SOURCE_URL" -c "ALTER DATABASE ${c.databaseName} SET default_transaction_read_only = on;"`,
            `psql "$SOURCE_URL" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${c.databaseName}' AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND application_name NOT LIKE '%DMS%';"`,
        ]
        : [
            `mysql --defaults-extra-file=source.cnf -e "REVOKE INSERT, UPDATE, DELETE ON ${c.databaseName}.* FROM '<app-user>'@'%';"`,
            `mysql --defaults-extra-file=source.cnf -N -e "SELECT CONCAT('KILL ', id, ';') FROM information_schema.processlist WHERE user = '<app-user>'" | mysql --defaults-extra-file=source.cnf`,
        ];
    const sequences = c.engine === "postgres"
        ? [`psql "$SOURCE_URL" -Atc "SELECT format('SELECT setval(%L, %s, %s);', schemaname || '.' || sequencename, COALESCE(last_value, 1), last_value IS NOT NULL) FROM pg_sequences WHERE schemaname IN (${c.schemas.map((s) => `'${s}'`).join(", ")})" | psql "$TARGET_URL"`]
        : ["# MySQL: InnoDB moves AUTO_INCREMENT past the rows DMS inserted; nothing to carry over"];
    return [
        `# 1. The replication is running and the full load is done (Status running, FullLoad 100)`,
        TASK_ARN(c),
        `aws dms describe-replication-tasks --region ${c.region} --filters Name=replication-task-id,Values=${c.names.task} --query 'ReplicationTasks[0].{Status:Status,FullLoad:ReplicationTaskStats.FullLoadProgressPercent}'`,
        ...((c.jobTasks ?? []).length === 0 ? [] : [
            "# No run of a job that reads the database in progress (a run keeps the URL it started with): each list empty, and no run due before step 5",
            ...(c.jobTasks ?? []).map((j) => `aws ecs list-tasks --region ${c.region} --cluster ${j.cluster} --family ${j.family} --desired-status RUNNING`),
        ]),
        "# 2. Stop writes on the source (reads go on; writes fail until the new tasks run)",
        ...stopWrites,
        "# 3. Wait until the task's CDC latency is 0 at both ends",
        latencyCommand(c, "CDCLatencySource"),
        latencyCommand(c, "CDCLatencyTarget"),
        "# 4. Carry sequences over to the target",
        ...sequences,
        "# 5. Let the new tasks in: the services' database variable points at RDS",
        moveConfigCommand(c, "phase", "cutover"),
        ...((c.releaseTasks ?? []).length === 0 ? [] : [`# npm run up runs ${(c.releaseTasks ?? []).join(", ")} first, on RDS (its task definition reads the RDS URL), then the rest`]),
        `npm run up -- --stack ${c.stack}`,
        ...c.ecsServices.map((s) => `aws ecs wait services-stable --region ${c.region} --cluster ${s.cluster} --services ${s.service}`),
        ...((c.jobTasks ?? []).length === 0 ? [] : [`# ${(c.jobTasks ?? []).map((j) => j.name).join(", ")}: the next run starts with the RDS URL`]),
        "# Rollback before done: the source writable again, then the services back on it",
        ...(c.engine === "postgres" ? [`psql "$SOURCE_URL" -c "ALTER DATABASE ${c.databaseName} SET default_transaction_read_only = off;"`] : [`mysql --defaults-extra-file=source.cnf -e "GRANT INSERT, UPDATE, DELETE ON ${c.databaseName}.* TO '<app-user>'@'%';"`]),
        moveConfigCommand(c, "phase", "replicate"),
        `npm run up -- --stack ${c.stack}`,
    ];
}

/** The commands after done's `up`: DMS's replication slot on the source, if it is left. */
export function doneCommands(c: ProcedureContext): string[] {
    return c.engine === "postgres"
        ? [`psql "$SOURCE_URL" -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active;"`]
        : [];
}

// ---------------------------------------------------------------------------
// Config rules of legacy.databases[].move (read leniently: one run reports everything)

type Key = (path: readonly PropertyKey[]) => string;

function at(value: unknown, ...path: (string | number)[]): unknown {
    let current = value;
    for (const part of path) {
        if (typeof current !== "object" || current === null) {
            return undefined;
        }
        current = (current as Record<string | number, unknown>)[part];
    }
    return current;
}
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const textOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const quote = (value: unknown) => JSON.stringify(value);

export interface MoveConfigInput {
    readonly project: string;
    readonly stack: string;
    /** Every config value, "<namespace>:<key>" → text, and which are secret (the source URL is read, never shown). */
    readonly values: Readonly<Record<string, string>>;
    readonly secretKeys: ReadonlySet<string>;
}

/** Services (by index) whose fargate.egress names the database. */
export function servicesNaming(services: unknown, database: string): number[] {
    return listOf(services).flatMap((svc, i) => (listOf(at(svc, "fargate", "egress")).some((r) => at(r, "database") === database) ? [i] : []));
}

/** Every problem of the databases' move config, each naming its key and what to do. */
export function databaseMoveProblems(raw: Record<string, unknown>, input: MoveConfigInput, key: Key): string[] {
    const problems: string[] = [];
    const databases = listOf(at(raw.legacy, "databases"));
    const services = listOf(raw.services);
    const seen = new Map<string, number>();
    databases.forEach((db, i) => {
        const name = textOf(at(db, "name"));
        if (name !== undefined) {
            if (seen.has(name)) {
                problems.push(`${key(["legacy", "databases", i, "name"])}: ${quote(name)} is already used by legacy.databases[${seen.get(name)}]; allowed a unique name per database`);
            } else {
                seen.set(name, i);
            }
        }
        const move = at(db, "move");
        if (typeof move !== "object" || move === null || name === undefined) {
            return;
        }
        const k = (...path: PropertyKey[]) => key(["legacy", "databases", i, "move", ...path]);
        const doEngine = textOf(at(db, "engine"));
        const engine = moveEngineOf(doEngine);
        if (engine === undefined) {
            problems.push(`${k()}: is set on a ${doEngine} cluster; allowed only on engine pg or mysql (RDS runs PostgreSQL and MySQL; DMS replicates them)`);
        }
        const facts = engine === undefined ? undefined : ENGINES[engine];
        const version = textOf(at(move, "version"));
        if (facts !== undefined && version !== undefined && /^\d+(\.\d+)?$/.test(version) && !facts.majors.includes(version)) {
            problems.push(`${k("version")}: ${quote(version)} is not a ${engine} major version both DigitalOcean and RDS offer; allowed ${facts.majors.join(", ")} (the source's major version: doctl databases get <cluster-id> --format Version)`);
        }
        const storage = at(move, "storageGb") ?? 20;
        const maxStorage = at(move, "maxStorageGb");
        if (typeof storage === "number" && typeof maxStorage === "number" && maxStorage <= storage) {
            problems.push(`${k("maxStorageGb")}: ${maxStorage} is not above storageGb ${storage}; allowed more than ${storage} (the ceiling of storage autoscaling), or leave it out`);
        }
        if (facts !== undefined) {
            const tls = textOf(at(move, "parameters", facts.tlsParameter.name));
            if (tls !== undefined && !["1", "ON", "on", "true"].includes(tls)) {
                problems.push(`${k("parameters", facts.tlsParameter.name)}: ${quote(tls)} would let clients connect without TLS; allowed only ${facts.tlsParameter.value} (the program enforces it: leave it out)`);
            }
        }
        const sourceKey = textOf(at(move, "source", "config"));
        // A key a service reads too (its DigitalOcean URL) is checked for being set, secret and not empty with the services' secrets.
        const serviceSecret = sourceKey !== undefined && services.some((svc) => Object.values((at(svc, "fargate", "secrets") ?? {}) as object).some((src) => at(src, "config") === sourceKey));
        if (sourceKey !== undefined && facts !== undefined) {
            const fullKey = `${input.project}:${sourceKey}`;
            const setCommand = `pulumi config set --secret ${fullKey} <the cluster's connection URL> --stack ${input.stack}`;
            if (!(fullKey in input.values)) {
                if (!serviceSecret) {
                    problems.push(`${k("source", "config")}: ${quote(sourceKey)} names ${fullKey}, which is not set; run: ${setCommand}`);
                }
            } else if (!input.secretKeys.has(fullKey)) {
                if (!serviceSecret) {
                    problems.push(`${fullKey}: is stored as plain text but is the DigitalOcean login of database ${quote(name)}; allowed only secret values; run: ${setCommand}`);
                }
            } else if ((serviceSecret && (input.values[fullKey] === "" || Buffer.byteLength(input.values[fullKey], "utf8") > 4096)) || input.values[fullKey].startsWith(OFFLINE_SECRET_PREFIX)) {
                // Refused already as the service's secret; offline, a secure value is a placeholder (`pulumi preview` reads the real one).
            } else {
                // Offline, a secure value is a placeholder: `pulumi preview` reads the real one.
                const parsed = parseConnectionUrl(engine as DatabaseEngine, input.values[fullKey]);
                const port = at(db, "port") ?? 25060;
                if (typeof parsed === "string") {
                    problems.push(`${fullKey}: the source of database ${quote(name)} ${parsed}`);
                } else if (parsed.port !== port) {
                    problems.push(`${fullKey}: the source of database ${quote(name)} connects on port ${parsed.port}, but legacy.databases[${i}].port is ${String(port)}; allowed the cluster's own port in both`);
                }
            }
        }
        const variable = textOf(at(move, "urlVariable")) ?? "DATABASE_URL";
        const naming = servicesNaming(services, name);
        for (const s of naming) {
            const secrets = at(services[s], "fargate", "secrets");
            if (typeof secrets === "object" && secrets !== null && !(variable in secrets)) {
                problems.push(`${key(["services", s, "fargate", "secrets"])}: has no ${variable}, the variable legacy.databases[${i}].move.urlVariable says holds database ${quote(name)}'s URL; allowed: name the service's variable in move.urlVariable, or add ${variable} (the DigitalOcean URL until cutover)`);
            }
        }
        const phase = textOf(at(move, "phase"));
        const onTarget = phase === "cutover" || phase === "done" || phase === "decommissioned";
        if (onTarget && at(move, "legacyWrites") !== false) {
            for (const s of naming) {
                const workload = legacyWorkloadOf(services[s], s);
                problems.push(...(workload === undefined ? legacyWriterProblems(services, s, i, name, phase!, input, key) : [legacyWorkloadProblem(workload, i, name, phase!, input, key)]));
            }
        }
    });
    return problems;
}

/**
 * A worker whose Droplets run it, or a job its crontab owns, read from a
 * services[] entry (raw config, or the parsed WorkerConfig and JobConfig,
 * which keep these keys); undefined for any other entry.
 */
export function legacyWorkloadOf(entry: unknown, index: number): LegacyWorkload | undefined {
    const kind = textOf(at(entry, "kind"));
    const name = textOf(at(entry, "name")) ?? `services[${index}]`;
    if (kind === "job") {
        return textOf(at(entry, "owner")) === "legacy" ? { kind, index, name, host: textOf(at(entry, "legacy", "host")), crontab: textOf(at(entry, "legacy", "crontab")) } : undefined;
    }
    const legacy = at(entry, "legacy");
    if (kind !== "worker" || legacy === undefined || at(legacy, "enabled") === false) {
        return undefined;
    }
    const adopted = listOf(at(legacy, "droplets"));
    const count = (value: unknown) => (typeof value === "number" ? value : 0);
    return {
        kind, index, name,
        droplets: at(legacy, "mode") === "adopt" ? adopted.length : count(at(legacy, "count")),
        retained: at(legacy, "mode") === "adopt" && at(legacy, "retainOnDelete") !== false ? adopted.map((d) => textOf(at(d, "name"))).filter((d): d is string => d !== undefined) : [],
        stopCommand: textOf(at(entry, "legacyStopCommand")),
        safeToRunTwice: at(entry, "safeToRunTwice") === true,
        canPause: at(entry, "canPause") !== false,
        fargate: { desired: count(at(entry, "fargate", "desiredCount")), min: count(at(entry, "fargate", "autoscaling", "min")), max: count(at(entry, "fargate", "autoscaling", "max")) },
    };
}

/** A worker on its Droplets or a crontab job may not read the database once it is on the target: they would write to the source. */
function legacyWorkloadProblem(w: LegacyWorkload, i: number, database: string, phase: string, input: MoveConfigInput, key: Key): string {
    const why = w.kind === "worker"
        ? `${w.droplets} Droplet${w.droplets === 1 ? " runs" : "s run"} it: they would write`
        : `its owner is legacy (the crontab on ${w.host ?? "a Droplet"} runs it): its runs there would write`;
    return `${key(["legacy", "databases", i, "move", "phase"])}: ${phase} while services[${w.index}] (${w.kind} ${w.name}) reads database ${quote(database)} and ${why} to DigitalOcean after the cut-over, where nothing copies their writes; hand it over to Fargate first (${handoverSentence(input, w)}), or set legacy.databases[${i}].move.legacyWrites false if the Droplets write nowhere`;
}

/**
 * A service that reads the database may run on the target only when no
 * Droplet behind its hostname still takes requests: a share above 0, or the
 * weight-0 standby record Route 53 answers with when Fargate fails.
 */
function legacyWriterProblems(services: unknown[], s: number, i: number, database: string, phase: string, input: MoveConfigInput, key: Key): string[] {
    const hostname = textOf(at(services[s], "hostname"));
    const ownerIndex = services.findIndex((o) => textOf(at(o, "hostname")) === hostname && at(o, "traffic") !== undefined);
    if (ownerIndex < 0) {
        return [];
    }
    const owner = services[ownerIndex];
    const legacyOn = at(owner, "legacy") !== undefined && at(owner, "legacy", "enabled") !== false;
    if (!legacyOn) {
        return [];
    }
    const percent = at(owner, "traffic", "fargatePercent");
    const standby = Array.isArray(at(owner, "traffic", "standby")) ? at(owner, "traffic", "standby") as unknown[] : ["legacy"];
    const set = (path: PropertyKey[], value: string | number) => `pulumi config set --path '${key(["services", ownerIndex, ...path])}' ${value} --stack ${input.stack}`;
    const explicit = Array.isArray(at(owner, "traffic", "standby"));
    const legacyAt = Math.max(0, standby.indexOf("legacy"));
    // The standby list without legacy: rm its entry when fargate is already listed (a second fargate is refused), else set it to fargate.
    const dropStandby = explicit && standby.includes("fargate")
        ? `pulumi config rm --path '${key(["services", ownerIndex, "traffic", "standby", legacyAt])}' --stack ${input.stack}`
        : set(["traffic", "standby", legacyAt], "fargate");
    const why = typeof percent === "number" && percent < 100
        ? `its Droplets still take ${100 - percent}% of ${hostname}`
        : standby.includes("legacy") ? `its Droplets stand by for ${hostname} (traffic.standby has legacy: Route 53 sends them everything when Fargate fails)` : undefined;
    if (why === undefined) {
        return [];
    }
    const first = typeof percent === "number" && percent < 100
        ? `move ${hostname} to Fargate first (\`${set(["traffic", "fargatePercent"], 100)}\`, up), then drop the legacy standby (\`${dropStandby}\`, up)`
        : `drop the legacy standby first (\`${dropStandby}\`, up)`;
    return [`${key(["legacy", "databases", i, "move", "phase"])}: ${phase} while services[${s}] reads database ${quote(database)} and ${why}: they would write to DigitalOcean after the cut-over, where nothing copies their writes; ${first}, or set legacy.databases[${i}].move.legacyWrites false if the Droplets write nowhere`];
}

// ---------------------------------------------------------------------------
// What each phase expects of the replication, and what the next one changes and requires

/** The replication's state to expect in a phase (the plan's Database table). */
export function expectedReplication(phase: DatabasePhase, started: boolean): string {
    switch (phase) {
        case "replicate":
            return started ? "running: full load, then ongoing changes (CDC)" : "created, not started (ready): create the target's schema, then start it";
        case "cutover":
            return "running, CDC latency 0 (the source takes no writes)";
        default:
            return "removed";
    }
}

export interface NextPhase {
    readonly phase: DatabasePhase;
    readonly changes: string;
    readonly requires: readonly string[];
    /** The commands, in order: checks, the config change and the `up`. */
    readonly commands: readonly string[];
}

/** A hostname whose Droplets still take requests, as the cut-over's readiness reads it. */
export interface LegacyHostname {
    /** Index of the hostname's owner in `services`. */
    readonly index: number;
    readonly hostname: string;
    readonly fargatePercent: number;
    /** Declared rollout steps (prod moves forward through each). */
    readonly steps: readonly number[];
    readonly standby: readonly string[];
}

/**
 * The config commands that leave no Droplet taking requests for these
 * hostnames: every declared step up to 100 % (one `up` each: the runbook
 * moves forward one step at a time), then the legacy standby dropped.
 */
export function readinessCommands(c: Pick<ProcedureContext, "project" | "stack">, hostnames: readonly LegacyHostname[]): string[] {
    const up = `npm run up -- --stack ${c.stack}`;
    const key = (h: LegacyHostname, path: string) => `'${c.project}:services[${h.index}].${path}'`;
    return hostnames.flatMap((h) => {
        const lines: string[] = [];
        const ahead = [...h.steps.filter((s) => s > h.fargatePercent && s < 100), 100].filter((s) => s > h.fargatePercent);
        for (const step of ahead) {
            lines.push(`pulumi config set --path ${key(h, "traffic.fargatePercent")} ${step} --stack ${c.stack}`, up);
        }
        const legacyAt = h.standby.indexOf("legacy");
        if (legacyAt >= 0) {
            lines.push(h.standby.includes("fargate")
                ? `pulumi config rm --path ${key(h, `traffic.standby[${legacyAt}]`)} --stack ${c.stack}`
                : `pulumi config set --path ${key(h, `traffic.standby[${legacyAt}]`)} fargate --stack ${c.stack}`, up);
        }
        return lines.length === 0 ? [] : [`# ${h.hostname}: its Droplets stop taking requests (soak between steps)`, ...lines];
    });
}

/** The kinds of services[] entries (components/config/schema.ts workloadSchema). */
export type WorkloadKind = "web" | "worker" | "job" | "release";

/** A workload whose fargate.egress names the database: its tasks read it, and from cutover on read it on RDS. */
export interface DatabaseReader {
    readonly name: string;
    readonly kind: WorkloadKind;
}

/**
 * A worker or a scheduled job that still writes to the source from the
 * Droplets, as the cut-over's readiness reads it: a worker whose Droplets run
 * it, a job whose crontab owns it.
 */
export type LegacyWorkload =
    | {
        readonly kind: "worker";
        /** Index in `services`. */
        readonly index: number;
        readonly name: string;
        /** Droplets that run it. */
        readonly droplets: number;
        /** Names of its Droplets that outlive the program (adopted, retainOnDelete): the worker must be stopped on them by hand. */
        readonly retained: readonly string[];
        readonly stopCommand?: string;
        readonly safeToRunTwice: boolean;
        readonly canPause: boolean;
        readonly fargate: { readonly desired: number; readonly min: number; readonly max: number };
    }
    | {
        readonly kind: "job";
        readonly index: number;
        readonly name: string;
        /** The Droplet whose crontab runs it, and the line, when config gives them. */
        readonly host?: string;
        readonly crontab?: string;
    };

/** One `up` of a handover: what to do by hand before it, the config commands, what to do by hand right after it. */
export interface HandoverStep {
    /** What the step does, in words. */
    readonly what: string;
    readonly before?: string;
    readonly commands: readonly string[];
    readonly after?: string;
}

/**
 * The `up`s that stop a worker or job writing to the source from the
 * Droplets, one owner at each step (docs/workloads.md): a worker that may run
 * on both sides starts on Fargate, then its Droplets leave; one that may not
 * leaves its Droplets first and pauses; one that can do neither is let pause
 * (no order keeps it running on one side only). A job's owner flips to
 * Fargate, and its crontab line goes right after the `up`.
 */
export function handoverSteps(c: Pick<ProcedureContext, "project" | "stack">, w: LegacyWorkload): HandoverStep[] {
    const set = (path: string, value: string | number | boolean) => `pulumi config set --path '${c.project}:services[${w.index}].${path}' ${value} --stack ${c.stack}`;
    if (w.kind === "job") {
        const host = w.host ?? "its Droplet";
        return [{
            what: `EventBridge Scheduler takes it over from the crontab on ${host}`,
            commands: [set("owner", "fargate")],
            after: `remove its line from the crontab on ${host} (crontab -e)${w.crontab === undefined ? "" : `: ${w.crontab}`}`,
        }];
    }
    // Adopted Droplets outlive the program (retainOnDelete): the worker keeps running on them unless stopped.
    const before = w.retained.length === 0 ? undefined
        : w.stopCommand !== undefined ? `stop it on ${w.retained.join(", ")} (they outlive the program): ${w.retained.map((d) => `\`ssh ${d} '${w.stopCommand}'\``).join(", ")}`
            : `stop it on ${w.retained.join(", ")} (they outlive the program; set the worker's legacyStopCommand and the plan prints how)`;
    const off = { what: "its Droplets leave", before, commands: [`pulumi config rm --path '${c.project}:services[${w.index}].legacy' --stack ${c.stack}`, set("legacy.enabled", false)] };
    // The counts the worker-overlap advice starts a worker with (tools/plan/change-advice.ts); max first, so each command leaves a valid range.
    const on = [
        ...(w.fargate.max === 0 ? [set("fargate.autoscaling.max", 2)] : []),
        ...(w.fargate.desired === 0 ? [set("fargate.desiredCount", 1)] : []),
        ...(w.fargate.min === 0 ? [set("fargate.autoscaling.min", 1)] : []),
    ];
    const start = on.length === 0 ? [] : [{ what: "Fargate starts it", commands: on }];
    if (w.safeToRunTwice) {
        return [...start.map((x) => ({ ...x, what: `${x.what} (both sides may consume meanwhile)` })), off];
    }
    if (w.canPause) {
        return [{ ...off, what: "its Droplets leave first (it pauses: its queue waits; it must not run on both sides)" }, ...start];
    }
    return [
        { ...off, what: "it can neither pause nor run on both sides, so no order keeps it running: let it pause, and its Droplets leave first", commands: [set("canPause", true), ...off.commands] },
        ...start,
    ];
}

/** The handover steps as the plan prints them: a comment, the config commands, the `up`, what to do right after. */
export function handoverCommands(c: Pick<ProcedureContext, "project" | "stack">, workloads: readonly LegacyWorkload[]): string[] {
    return workloads.flatMap((w) => handoverSteps(c, w).flatMap((step) => [
        `# ${w.name} (${w.kind}): ${step.what}${step.before === undefined ? "" : `; first ${step.before}`}`,
        ...step.commands,
        `npm run up -- --stack ${c.stack}`,
        ...(step.after === undefined ? [] : [`# right after that up, ${step.after}`]),
    ]));
}

/** The handover steps in one sentence of a config message: commands in backticks, each step ending with its `up`. */
export function handoverSentence(c: Pick<ProcedureContext, "project" | "stack">, w: LegacyWorkload): string {
    return handoverSteps(c, w).map((step) => [
        ...(step.before === undefined ? [] : [step.before]),
        ...step.commands.map((command) => `\`${command}\``),
        "up",
        ...(step.after === undefined ? [] : [`then ${step.after}`]),
    ].join(", ")).join("; then ");
}

/** A list in words: "a", "a and b", "a, b and c". */
function words(items: readonly string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** What the next phase changes and requires, with its commands; undefined once decommissioned. */
export function nextPhase(c: ProcedureContext & {
    readonly phase: DatabasePhase; readonly started: boolean; readonly readers: readonly DatabaseReader[]; readonly legacyWrites: boolean; readonly clusterId: string;
    /** Hostnames of the services reading the database whose Droplets still take requests. */
    readonly legacyHostnames: readonly LegacyHostname[];
    /** Workers and jobs reading the database that still run on the Droplets. @default none */
    readonly legacyWorkloads?: readonly LegacyWorkload[];
}): NextPhase | undefined {
    const services = c.readers.length === 0 ? "no service" : c.readers.map((r) => r.name).join(", ");
    const legacyWorkloads = c.legacyWorkloads ?? [];
    const kinds = new Set(c.readers.map((r) => r.kind));
    const runs = kinds.has("job") || kinds.has("release") ? "; the next run of a job or release task starts with it" : "";
    // What "no Droplet writes any more" means for each kind that reads the database.
    const offTheDroplets = [
        ...(kinds.has("web") || kinds.size === 0 ? ["every service reading the database at 100 % on Fargate with no legacy standby"] : []),
        ...(kinds.has("worker") ? ["every worker reading it off its Droplets"] : []),
        ...(kinds.has("job") ? ["every job reading it owned by Fargate"] : []),
    ];
    switch (c.phase) {
        case "replicate":
            if (!c.started) {
                return {
                    phase: "replicate",
                    changes: "the replication task starts: full load, then ongoing changes",
                    requires: ["the target's schema created from the source's (DMS creates tables without secondary indexes, defaults or sequences)"],
                    commands: [...replicateCommands(c).slice(0, 2), moveConfigCommand(c, "replication.start", true), `npm run up -- --stack ${c.stack}`, ...replicateCommands(c).slice(2)],
                };
            }
            return {
                phase: "cutover",
                changes: `${services} read${c.readers.length === 1 ? "s" : ""} the RDS URL (ECS starts new tasks with it; the old ones drain${runs})`,
                requires: [
                    "the replication running with the full load done",
                    ...(c.legacyWrites ? [`${words(offTheDroplets)} (or move.legacyWrites false)`] : []),
                    "writes stopped on the source and the task's CDC latency at 0 (the procedure's steps 2 and 3)",
                ],
                // The procedure is printed once it can run: until then, the steps that make it possible.
                commands: c.legacyWrites && (c.legacyHostnames.length > 0 || legacyWorkloads.length > 0)
                    ? [
                        "# First the Droplets that write to the source stop: no request, no worker, no crontab job on them (the plan prints the cut-over procedure once they do)",
                        ...readinessCommands(c, c.legacyHostnames),
                        ...handoverCommands(c, legacyWorkloads),
                    ]
                    : cutoverCommands(c),
            };
        case "cutover":
            return {
                phase: "done",
                changes: "the DMS replication is deleted, and the tasks' rules to DigitalOcean with it",
                requires: ["every task runs with the RDS URL (the cut-over's up waited for ECS)", "the source stays read-only until decommissioned"],
                commands: [moveConfigCommand(c, "phase", "done"), `npm run up -- --stack ${c.stack}`, ...doneCommands(c)],
            };
        case "done":
            return {
                phase: "decommissioned",
                changes: "the program forgets the cluster's trusted sources (left as they are on DigitalOcean)",
                requires: ["a last backup of the source kept as long as policy says", "nothing else reads the cluster"],
                commands: [
                    `doctl databases backups list ${c.clusterId}`,
                    moveConfigCommand(c, "phase", "decommissioned"),
                    `npm run up -- --stack ${c.stack}`,
                    `doctl databases delete ${c.clusterId}`,
                ],
            };
        default:
            return undefined;
    }
}
