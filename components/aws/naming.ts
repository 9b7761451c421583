// Physical names for the AWS side. Names that other resources must know
// before the named resource exists (alarm names in the ECS service, the ECS
// service name in alarm dimensions, target group names under the ELB limit)
// are derived here, deterministically, from project, stack and service.
import * as crypto from "crypto";

/** Elastic Load Balancing limit for load balancer and target group names. */
export const ELB_NAME_MAX_LENGTH = 32;

/** Which revision of a service a resource belongs to. */
export type Revision = "stable" | "canary";

/** Lower-case letters, digits and single dashes; no leading or trailing dash. */
export function sanitizeName(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
}

/** `<project>-<stack>`: the prefix of every stack-scoped physical name. */
export function stackPrefix(project: string, stack: string): string {
    return sanitizeName(`${project}-${stack}`);
}

function shortHash(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/**
 * Target group name, at most 32 characters. The port is part of it because a
 * target group's port cannot change in place: a new port replaces the group,
 * and the replacement (created before the old one is deleted) needs a free
 * name. Too long names keep their start and end in a hash of the full name,
 * so two services never share a name.
 */
export function targetGroupName(prefix: string, service: string, revision: Revision, port: number): string {
    const full = sanitizeName(`${prefix}-${service}-${revision}-${port}`);
    if (full.length <= ELB_NAME_MAX_LENGTH) {
        return full;
    }
    const hash = shortHash(full);
    return `${full.slice(0, ELB_NAME_MAX_LENGTH - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** ECS service name inside the stack's cluster. */
export function ecsServiceName(service: string, revision: Revision): string {
    return revision === "stable" ? service : `${service}-canary`;
}

/** Task definition family. */
export function taskFamily(prefix: string, service: string, revision: Revision): string {
    return revision === "stable" ? `${prefix}-${service}` : `${prefix}-${service}-canary`;
}

/** ECR repository name, one per service and stack. */
export function ecrRepositoryName(prefix: string, service: string): string {
    return `${prefix}/${service}`;
}

/** CloudWatch log group of a service's containers. */
export function logGroupName(prefix: string, service: string): string {
    return `/ecs/${prefix}/${service}`;
}

/** CloudWatch alarm name, unique per account and region. */
export function alarmName(prefix: string, service: string, revision: Revision, kind: string): string {
    return `${prefix}-${service}-${revision}-${kind}`;
}

/** SSM parameter holding a secret from config: /<prefix>/<service>/<VARIABLE> (SSM names: letters, digits, _.-/). */
export function secretParameterName(prefix: string, service: string, variable: string): string {
    return `/${prefix}/${service}/${variable}`;
}

/** CloudWatch dashboard of the stack's migration. */
export function dashboardName(prefix: string): string {
    return `${prefix}-migration`;
}
