// What every Fargate task reaches and which database URL it reads: a web
// service's revisions (./fargate-service.ts) and a worker's, scheduled job's
// or release task's task (./task-basics.ts) take the same path here, so each
// kind that names a database in `fargate.egress` takes part in its move to
// RDS (legacy.databases[].move, ./database-plan.ts) the same way:
// - egress to the DigitalOcean cluster's address while the phase lets tasks
//   reach the source (until the cut-over's old tasks have drained);
// - egress to the RDS target's security group, and the matching ingress rule
//   on that group, from replicate on (the cut-over then changes only the
//   variable the tasks read);
// - the URL variable (move.urlVariable) read from the target's secret (its
//   `url` JSON key) from cutover on.
import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EgressRule, StackConfig } from "../config";
import { servicesOnTarget, servicesReachSource, urlValueFrom } from "./database-plan";

/** What a task needs of a database's RDS target: its security group and port, and the secret whose url key it reads from cutover on. */
export interface DatabaseTarget {
    readonly securityGroupId: pulumi.Input<string>;
    readonly port: number;
    readonly credentialsSecretArn: pulumi.Input<string>;
}

/**
 * The variable of each moving database the task reads on its RDS target
 * (phase cutover and later), by variable name: ECS injects it at task start,
 * so the change rolls a service's tasks and reaches a job's or release
 * task's next run, and tasks started before keep the old URL until they stop
 * (the cut-over procedure stops the source's writes first).
 */
export function databaseVariablesOnTarget(config: StackConfig, egress: readonly EgressRule[]): Map<string, string> {
    const switched = new Map<string, string>();
    for (const rule of egress) {
        if (!("database" in rule)) {
            continue;
        }
        const move = config.legacy.databases.find((d) => d.name === rule.database)?.move;
        if (move !== undefined && servicesOnTarget(move.phase)) {
            switched.set(move.urlVariable, rule.database);
        }
    }
    return switched;
}

/**
 * The secret reference of each variable that reads a moving database on its
 * target: `name → valueFrom` of the target's `url` key (Secrets Manager);
 * undefined for the other variables (the caller stores those as it does).
 */
export function targetSecretRefs(config: StackConfig, egress: readonly EgressRule[], databases: Readonly<Record<string, DatabaseTarget>> | undefined): (variable: string) => { readonly valueFrom: pulumi.Output<string>; readonly store: "secretsmanager" } | undefined {
    const onTarget = databaseVariablesOnTarget(config, egress);
    return (variable) => {
        const database = onTarget.get(variable);
        if (database === undefined) {
            return undefined;
        }
        const target = databases?.[database];
        if (target === undefined) {
            throw new Error(`fargate.secrets: ${variable} reads database ${JSON.stringify(database)} on RDS, but no target was given for it (Migration passes every moving database)`);
        }
        return { valueFrom: pulumi.output(target.credentialsSecretArn).apply(urlValueFrom), store: "secretsmanager" };
    };
}

/** A stable child-name suffix for an egress rule: its protocol, ports and destination. */
export function egressRuleKey(rule: { protocol: string; port: number; toPort?: number; destination: string }): string {
    const ports = rule.toPort !== undefined && rule.toPort !== rule.port ? `${rule.port}-${rule.toPort}` : `${rule.port}`;
    const digest = crypto.createHash("sha256").update(rule.destination).digest("hex").slice(0, 8);
    return `${rule.protocol}-${ports}-${digest}`;
}

/**
 * An egress rule of config as the security group rules' inputs: a database
 * on DigitalOcean is its cluster's address, until the phase after the
 * cut-over (the cut-over's old tasks still reach it while ECS replaces them).
 */
export function egressTargets(rule: EgressRule, config: StackConfig): {
    protocol: "tcp" | "udp"; port: number; toPort?: number; description: string;
    to: { cidrIpv4: string } | { referencedSecurityGroupId: string } | { prefixListId: string };
}[] {
    if ("database" in rule) {
        const database = config.legacy.databases.find((d) => d.name === rule.database);
        if (database === undefined) {
            throw new Error(`fargate.egress: database ${JSON.stringify(rule.database)} is no legacy.databases entry (config validation enforces it)`);
        }
        if (database.move !== undefined && !servicesReachSource(database.move.phase)) {
            return [];
        }
        return [{
            protocol: "tcp",
            port: database.port,
            description: rule.description ?? `DigitalOcean database ${database.name} (TLS)`,
            to: { cidrIpv4: database.cidr },
        }];
    }
    const to = rule.cidr !== undefined ? { cidrIpv4: rule.cidr }
        : rule.securityGroupId !== undefined ? { referencedSecurityGroupId: rule.securityGroupId }
            : { prefixListId: rule.prefixListId! };
    const ports = rule.toPort !== undefined && rule.toPort !== rule.port ? `${rule.port}-${rule.toPort}` : `${rule.port}`;
    return [{
        protocol: rule.protocol,
        port: rule.port,
        toPort: rule.toPort,
        description: rule.description ?? `${rule.protocol.toUpperCase()} ${ports} to ${Object.values(to)[0]}`,
        to,
    }];
}

export interface TaskEgressArgs {
    readonly config: StackConfig;
    /** The workload's name (services[].name): the target's ingress rule says "<workload> tasks". */
    readonly workload: string;
    readonly egress: readonly EgressRule[];
    /** The tasks' security group. */
    readonly securityGroupId: pulumi.Input<string>;
    /** The RDS targets of moving databases (legacy.databases[].move), by database name. @default none */
    readonly databases?: Readonly<Record<string, DatabaseTarget>>;
    readonly tags: Readonly<Record<string, string>>;
}

/**
 * Registers, as children of `parent` named from `name`, the tasks' egress
 * rules config names (besides HTTPS, which each caller adds) and, per moving
 * database the tasks name, the rule to its RDS target and the target's rule
 * that admits them.
 */
export function taskEgressRules(parent: pulumi.Resource, name: string, args: TaskEgressArgs): void {
    const { config, tags } = args;
    const opts = { parent };
    for (const rule of args.egress) {
        for (const target of egressTargets(rule, config)) {
            new aws.vpc.SecurityGroupEgressRule(`${name}-task-out-${egressRuleKey({ ...target, destination: JSON.stringify(target.to) })}`, {
                securityGroupId: args.securityGroupId,
                description: target.description,
                ipProtocol: target.protocol,
                fromPort: target.port,
                toPort: target.toPort ?? target.port,
                ...target.to,
                tags,
            }, opts);
        }
        // A moving database's RDS target: reachable from replicate on, so
        // the cut-over changes only the variable the tasks read.
        const move = "database" in rule ? config.legacy.databases.find((d) => d.name === rule.database)?.move : undefined;
        if (!("database" in rule) || move === undefined) {
            continue;
        }
        const target = args.databases?.[rule.database];
        if (target === undefined) {
            throw new Error(`fargate.egress: database ${JSON.stringify(rule.database)} moves to RDS, but no target was given for it (Migration passes every moving database)`);
        }
        new aws.vpc.SecurityGroupEgressRule(`${name}-task-out-rds-${rule.database}`, {
            securityGroupId: args.securityGroupId,
            description: `RDS ${rule.database} (TLS)`,
            ipProtocol: "tcp",
            fromPort: target.port,
            toPort: target.port,
            referencedSecurityGroupId: target.securityGroupId,
            tags,
        }, opts);
        new aws.vpc.SecurityGroupIngressRule(`${name}-rds-in-${rule.database}`, {
            securityGroupId: target.securityGroupId,
            description: `${args.workload} tasks`,
            ipProtocol: "tcp",
            fromPort: target.port,
            toPort: target.port,
            referencedSecurityGroupId: args.securityGroupId,
            tags,
        }, opts);
    }
}
