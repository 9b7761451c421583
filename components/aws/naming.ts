// Physical names for the AWS side. Names that other resources must know
// before the named resource exists (alarm names in the ECS service, the ECS
// service name in alarm dimensions, target group names under the ELB limit)
// are derived here, deterministically, from project, stack and service.
//
// Every name has a budget, the limit AWS sets for it, and fits it for any
// project and stack name Pulumi allows (1-100 of [A-Za-z0-9_.-], pulumi/pulumi
// sdk/go/common/workspace/templates.go ValidateProjectName and
// pkg/backend/httpstate/backend.go validateStackName) and any service name the
// config allows (components/config/schema.ts serviceName, 2-16 characters): a
// name over budget keeps its start and ends in a hash of the whole name, so
// two inputs never share a name. Short names are unchanged (a renamed
// resource is replaced).
import * as crypto from "crypto";

/** Which revision of a service a resource belongs to. */
export type Revision = "stable" | "canary";

/**
 * The budget of every name set here, with the AWS limit it comes from
 * (tools/offline/provider-rules.ts checks the same limits, with sources).
 */
export const NAME_BUDGETS = {
    /** ELBv2 CreateLoadBalancer / CreateTargetGroup Name: at most 32. */
    loadBalancer: 32,
    targetGroup: 32,
    /** ECS CreateCluster clusterName, RegisterTaskDefinition family: up to 255. */
    cluster: 255,
    taskFamily: 255,
    /** ECR RepositoryName: 2-256. */
    ecrRepository: 256,
    /** CloudWatch Logs LogGroupName: 1-512. */
    logGroup: 512,
    /** CloudWatch PutMetricAlarm AlarmName: 1-255. */
    alarm: 255,
    /** IAM roleNameType: 1-64; policyNameType: 1-128. */
    iamRole: 64,
    iamRolePolicy: 128,
} as const;

/** Elastic Load Balancing limit for load balancer and target group names. */
export const ELB_NAME_MAX_LENGTH = NAME_BUDGETS.targetGroup;

/** Lower-case letters, digits and single dashes; no leading or trailing dash. */
export function sanitizeName(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
}

function shortHash(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/**
 * `name` when it is at most `max` characters and came out of sanitizing
 * unchanged (`source`, default `name`); else its start, a dash and a hash of
 * `source`: two sources that sanitize alike ("a--b", "a-b") still differ.
 */
export function fitName(name: string, max: number, source: string = name): string {
    if (name.length <= max && name === source) {
        return name;
    }
    const hash = shortHash(source);
    const start = max > hash.length + 1 ? name.slice(0, max - hash.length - 1).replace(/[^a-z0-9]+$/, "") : "";
    return start === "" ? hash.slice(0, max) : `${start}-${hash}`;
}

/**
 * `<project>-<stack>`: the prefix of every stack-scoped physical name. When
 * neither has a letter or digit (allowed by Pulumi: "_", "."), a hash of both.
 */
export function stackPrefix(project: string, stack: string): string {
    const prefix = sanitizeName(`${project}-${stack}`);
    return prefix === "" ? `stack-${shortHash(`${project}\u0000${stack}`)}` : prefix;
}

/**
 * Target group name, at most 32 characters. The port is part of it because a
 * target group's port cannot change in place: a new port replaces the group,
 * and the replacement (created before the old one is deleted) needs a free
 * name. Too long names keep their start and end in a hash of the full name,
 * so two services never share a name.
 */
export function targetGroupName(prefix: string, service: string, revision: Revision, port: number): string {
    const raw = `${prefix}-${service}-${revision}-${port}`;
    return fitName(sanitizeName(raw), NAME_BUDGETS.targetGroup, raw);
}

/**
 * The stack's ALB, at most 32 characters of [a-z0-9-]. ELB also refuses names
 * starting with "internal-" (a project called "internal"): those put "alb-" first.
 */
export function loadBalancerName(prefix: string): string {
    const name = fitName(sanitizeName(`${prefix}-alb`), NAME_BUDGETS.loadBalancer, `${prefix}-alb`);
    return name.startsWith("internal-") ? fitName(sanitizeName(`alb-${prefix}`), NAME_BUDGETS.loadBalancer, `alb-${prefix}`) : name;
}

/** The stack's ECS cluster: [a-z0-9-] (ECS refuses the "." Pulumi allows in project and stack names). */
export function clusterName(prefix: string): string {
    return fitName(sanitizeName(prefix), NAME_BUDGETS.cluster, prefix);
}

/** ECS service name inside the stack's cluster. */
export function ecsServiceName(service: string, revision: Revision): string {
    return revision === "stable" ? service : `${service}-canary`;
}

/** Task definition family. */
export function taskFamily(prefix: string, service: string, revision: Revision): string {
    const name = revision === "stable" ? `${prefix}-${service}` : `${prefix}-${service}-canary`;
    return fitName(name, NAME_BUDGETS.taskFamily);
}

/**
 * ECR repository name, one per service and stack. ECR wants each path part
 * to be lower-case words joined by single separators, so a service name with
 * "--" (which the config allows) is sanitized and keeps a hash of the original.
 */
export function ecrRepositoryName(prefix: string, service: string): string {
    const part = fitName(sanitizeName(service), NAME_BUDGETS.ecrRepository - prefix.length - 1, service);
    return `${prefix}/${part}`;
}

/** CloudWatch log group of a service's containers. */
export function logGroupName(prefix: string, service: string): string {
    return fitName(`/ecs/${prefix}/${service}`, NAME_BUDGETS.logGroup);
}

/** CloudWatch alarm name, unique per account and region. */
export function alarmName(prefix: string, service: string, revision: Revision, kind: string): string {
    return fitName(`${prefix}-${service}-${revision}-${kind}`, NAME_BUDGETS.alarm);
}

/** IAM role of a service's tasks ("execution": ECS agent; "task": the application), at most 64 characters. */
export function iamRoleName(prefix: string, service: string, kind: "execution" | "task"): string {
    return fitName(`${prefix}-${service}-${kind}`, NAME_BUDGETS.iamRole);
}

/** The inline policy of that role, at most 128 characters. */
export function iamRolePolicyName(prefix: string, service: string, kind: "execution" | "task"): string {
    return fitName(`${prefix}-${service}-${kind}`, NAME_BUDGETS.iamRolePolicy);
}

/** SSM parameter holding a secret from config: /<prefix>/<service>/<VARIABLE> (SSM names: letters, digits, _.-/). */
export function secretParameterName(prefix: string, service: string, variable: string): string {
    return `/${prefix}/${service}/${variable}`;
}

/** CloudWatch dashboard of the stack's migration. */
export function dashboardName(prefix: string): string {
    return `${prefix}-migration`;
}

/** The role ECS assumes to shift ALB rule weights in native rollouts, one per stack, at most 64 characters. */
export function ecsLoadBalancerRoleName(prefix: string): string {
    return fitName(`${prefix}-ecs-lb`, NAME_BUDGETS.iamRole);
}

/** SNS topic names: 1-256 of A-Za-z0-9_- (SNS CreateTopic Name). */
export function notificationTopicName(prefix: string, suffix = ""): string {
    return fitName(sanitizeName(`${prefix}-notifications${suffix}`), 256, `${prefix}-notifications${suffix}`);
}

/** CloudWatch alarm on a Route 53 health check (created in us-east-1). */
export function healthCheckAlarmName(prefix: string, what: string): string {
    return fitName(`${prefix}-route53-${what}`, NAME_BUDGETS.alarm);
}

/** EventBridge rule names: 1-64 of [.\-_A-Za-z0-9] (EventBridge PutRule Name). */
export function eventRuleName(prefix: string, what: string): string {
    return fitName(sanitizeName(`${prefix}-${what}`), 64, `${prefix}-${what}`);
}

/** The release marker of a hostname: an SSM parameter whose versions are the `up`s that moved it. */
export function releaseMarkerName(prefix: string, owner: string): string {
    return `/${prefix}/release/${owner}`;
}
