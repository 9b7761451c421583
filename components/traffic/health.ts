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
