// Databases on AWS: RDS instances and Aurora clusters encrypted at rest,
// reachable by IAM authentication, recoverable in the stacks that require it
// (backups, deletion protection, a final snapshot, a standby), and DMS
// endpoints that log in through Secrets Manager over TLS. Being private is
// networking-database-not-public's (the reachability model). Each rule names
// the public checks it follows; the catalog carries the same list.
import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/stack";
import { asNumber, asString, isUnknown, propsOf, settings } from "../lib/values";

const isInstance = (type: string) => type === TYPES.rdsInstance;
const isCluster = (type: string) => type === TYPES.rdsCluster;
/** Aurora instances take encryption, IAM authentication and backups from their cluster. */
const isDatabase = (type: string) => isInstance(type) || isCluster(type);

// Checkov CKV_AWS_16 ("Ensure all data stored in the RDS is securely
// encrypted at rest"), CKV_AWS_96 ("Ensure all data stored in Aurora is
// securely encrypted at rest"), Trivy AVD-AWS-0080 and AVD-AWS-0079. RDS's
// default is unencrypted, and an instance cannot be encrypted later (only
// through a snapshot copy and a new instance).
export const databaseStorageEncrypted: ResourceValidationPolicy = {
    name: "database-storage-encrypted",
    description: "RDS instances and Aurora clusters must encrypt their storage.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (!isDatabase(args.type)) {
            return;
        }
        const props = propsOf(args);
        if (isUnknown(props.storageEncrypted)) {
            return;
        }
        // An instance restored from an encrypted snapshot or replicating an encrypted source is encrypted without saying so.
        if (isInstance(args.type) && (props.snapshotIdentifier !== undefined || props.replicateSourceDb !== undefined)) {
            return;
        }
        if (props.storageEncrypted !== true) {
            reportViolation(`${args.name}: storageEncrypted is ${props.storageEncrypted === false ? "false" : "not set (false)"}, so its storage, backups and snapshots are unencrypted, and it cannot be encrypted later without a new ${isCluster(args.type) ? "cluster" : "instance"}; set storageEncrypted to true.`);
        }
    },
};

// Checkov CKV_AWS_161 ("Ensure RDS database has IAM authentication enabled"),
// CKV_AWS_162 (the same for RDS clusters), Trivy AVD-AWS-0176: logins can be
// short-lived IAM tokens instead of a long-lived password.
export const databaseIamAuthentication: ResourceValidationPolicy = {
    name: "database-iam-authentication",
    description: "RDS instances and Aurora clusters must accept IAM database authentication.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (!isDatabase(args.type)) {
            return;
        }
        const props = propsOf(args);
        if (isUnknown(props.iamDatabaseAuthenticationEnabled)) {
            return;
        }
        if (props.iamDatabaseAuthenticationEnabled !== true) {
            reportViolation(`${args.name}: iamDatabaseAuthenticationEnabled is not true, so every login needs a long-lived password; set it to true (the password keeps working; IAM tokens become possible).`);
        }
    },
};

const recoverableSchema: PolicyConfigSchema = {
    properties: {
        enabled: { type: "boolean", default: false, description: "Apply the rule (true in prod)." },
        minBackupRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: 7, description: "Fewest days of automated backups (RDS keeps 1 to 35)." },
        requireMultiAz: { type: "boolean", default: true, description: "RDS instances keep a standby in a second availability zone." },
    },
};

// Checkov CKV_AWS_293 ("Ensure that AWS database instances have deletion
// protection enabled"), CKV_AWS_139 ("Ensure that RDS clusters have deletion
// protection enabled"), CKV_AWS_133 ("Ensure that RDS instances has backup
// policy"), CKV_AWS_157 ("Ensure that RDS instances have Multi-AZ enabled"),
// Trivy AVD-AWS-0177 (deletion protection) and AVD-AWS-0077 (backup retention
// above 1 day); the final snapshot: RDS DeleteDBInstance and DeleteDBCluster
// SkipFinalSnapshot (true deletes every automated backup with the database).
// Only where the stack requires it (prod): dev stacks are torn down and rebuilt.
export const databaseRecoverable: ResourceValidationPolicy = {
    name: "database-recoverable",
    description: "Where the stack requires it (prod), RDS instances and Aurora clusters keep backups, deletion protection, a final snapshot and (instances) a standby.",
    configSchema: recoverableSchema,
    validateResource: (args, reportViolation) => {
        const { enabled, minBackupRetentionDays, requireMultiAz } = settings<{ enabled: boolean; minBackupRetentionDays: number; requireMultiAz: boolean }>(recoverableSchema, args.getConfig());
        if (!enabled || !isDatabase(args.type)) {
            return;
        }
        const props = propsOf(args);
        const problems: string[] = [];
        if (!isUnknown(props.backupRetentionPeriod)) {
            // RDS keeps 1 day when CreateDBInstance gets no BackupRetentionPeriod; CreateDBCluster, 1 too.
            const days = asNumber(props.backupRetentionPeriod) ?? 1;
            if (days < minBackupRetentionDays) {
                problems.push(`backupRetentionPeriod is ${props.backupRetentionPeriod === undefined ? "not set (1 day)" : `${days} day${days === 1 ? "" : "s"}`}; set at least ${minBackupRetentionDays}`);
            }
        }
        if (!isUnknown(props.deletionProtection) && props.deletionProtection !== true) {
            problems.push("deletionProtection is not true; set it to true");
        }
        if (!isUnknown(props.skipFinalSnapshot) && !isUnknown(props.finalSnapshotIdentifier)
            && (props.skipFinalSnapshot === true || asString(props.finalSnapshotIdentifier) === undefined)) {
            problems.push(props.skipFinalSnapshot === true ? "skipFinalSnapshot is true, so deleting it keeps no snapshot; set it to false with a finalSnapshotIdentifier" : "finalSnapshotIdentifier is not set, so the provider cannot delete it with a final snapshot; set one");
        }
        if (requireMultiAz && isInstance(args.type) && !isUnknown(props.multiAz) && props.multiAz !== true) {
            problems.push("multiAz is not true, so an availability zone's failure stops it until it is restored; set it to true");
        }
        for (const problem of problems) {
            reportViolation(`${args.name}: ${problem}.`);
        }
    },
};

/** DMS endpoint engines that are databases (they log in with a user and password). */
const DATABASE_ENGINES = ["mysql", "oracle", "postgres", "mariadb", "aurora", "aurora-postgresql", "redshift", "db2", "db2-zos", "azuredb", "sybase", "sqlserver", "babelfish", "docdb", "mongodb"];

// The AWS DMS user guide: "Using secrets to access AWS Database Migration
// Service endpoints" (credentials in Secrets Manager, read through an access
// role) and "Using SSL with AWS Database Migration Service" (SslMode defaults
// to none: the replication's rows cross the network in clear).
export const dmsEndpointSecured: ResourceValidationPolicy = {
    name: "database-dms-endpoint-secured",
    description: "DMS database endpoints must log in through a Secrets Manager secret and connect over TLS.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.dmsEndpoint) {
            return;
        }
        const props = propsOf(args);
        if (isUnknown(props.engineName) || !DATABASE_ENGINES.includes(asString(props.engineName) ?? "")) {
            return;
        }
        if (!isUnknown(props.password) && props.password !== undefined) {
            reportViolation(`${args.name}: password is set on the endpoint; keep the login in a Secrets Manager secret (host, port, username, password) and give its secretsManagerArn with a secretsManagerAccessRoleArn instead.`);
        }
        if (!isUnknown(props.sslMode) && (props.sslMode === undefined || props.sslMode === "none")) {
            reportViolation(`${args.name}: sslMode is ${props.sslMode === undefined ? "not set (none)" : "none"}, so the replication's rows cross the network unencrypted; set sslMode to require, or verify-ca/verify-full with the server's CA as certificateArn.`);
        }
    },
};
