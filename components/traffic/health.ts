// Per-service health-check hostnames. Route 53 checks the Fargate side of a
// hostname through the shared ALB: an HTTPS check on a hostname that only the
// check uses (`<service>.fargate-health.<zone>`), answered by a listener rule
// that forwards it to the service's stable target group. The ALB certificate
// covers all of them with one wildcard name, so services do not use up the
// ACM names-per-certificate quota twice.

/** The label under the zone that holds every health-check hostname. */
export const HEALTH_SUBDOMAIN = "fargate-health";

/** The hostname Route 53 checks for a service: answered by the ALB rule of that service only. */
export function healthHostname(service: string, zoneName: string): string {
    return `${service}.${HEALTH_SUBDOMAIN}.${zoneName}`;
}

/** The one certificate name that covers every health-check hostname of the zone. */
export function healthWildcard(zoneName: string): string {
    return `*.${HEALTH_SUBDOMAIN}.${zoneName}`;
}

/** Whether a service hostname falls under the health-check subdomain (where it would clash with the checks). */
export function isUnderHealthSubdomain(hostname: string, zoneName: string): boolean {
    const base = `${HEALTH_SUBDOMAIN}.${zoneName}`;
    return hostname === base || hostname.endsWith(`.${base}`);
}

/**
 * The ALB path pattern of a service's health-check rule: the health-check
 * path without its query (an ALB path condition compares the path only), so
 * the health-check hostname answers that one path and nothing else of the
 * application. ELBv2 PathPatternConditionConfig: at most 128 characters of
 * A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ? (the last two are wildcards).
 */
export function healthCheckPathPattern(healthCheckPath: string): string {
    return healthCheckPath.split("?")[0];
}

/** Why a health-check path cannot be the health rule's path pattern, or undefined. */
export function healthCheckPathPatternProblem(healthCheckPath: string): string | undefined {
    const pattern = healthCheckPathPattern(healthCheckPath);
    if (pattern.length > 128) {
        return `its path ${JSON.stringify(pattern)} is ${pattern.length} characters; allowed at most 128 before any ?query (the ALB rule that answers Route 53's check matches this path)`;
    }
    if (!/^[A-Za-z0-9_\-.$/~"'@:+&]*$/.test(pattern)) {
        return `its path ${JSON.stringify(pattern)} has a character an ALB path condition refuses; allowed A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & before any ?query (the ALB rule that answers Route 53's check matches this path)`;
    }
    return undefined;
}
