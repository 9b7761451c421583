// Forwarding rules and health check of a service's DigitalOcean load balancer.
import type * as digitalocean from "@pulumi/digitalocean";
import type * as pulumi from "@pulumi/pulumi";
import { SIZE_UNIT_UNAVAILABLE_REGIONS } from "./catalog";

type ForwardingRule = digitalocean.types.input.LoadBalancerForwardingRule;
type Healthcheck = digitalocean.types.input.LoadBalancerHealthcheck;

/** Load balancer nodes: one handles about 10,000 concurrent connections; raise it (it scales in place) as traffic grows. */
export const LOAD_BALANCER_SIZE_UNIT = 1;

/**
 * How a load balancer in `region` is sized: one node (sizeUnit), or where
 * DigitalOcean offers no size_unit, the older size field at its smallest,
 * the same one node (DO TF: only one of size or size_unit may be set).
 */
export function loadBalancerSizing(region: string): { readonly sizeUnit: number } | { readonly size: "lb-small" } {
    return SIZE_UNIT_UNAVAILABLE_REGIONS.includes(region) ? { size: "lb-small" } : { sizeUnit: LOAD_BALANCER_SIZE_UNIT };
}

/**
 * HTTP 80 and HTTPS 443 (TLS ends at the load balancer with the named
 * certificate) to the app port over plain HTTP inside the VPC. The load
 * balancer redirects 80 to 443 itself (redirectHttpToHttps); the 80 rule must
 * still exist for it to listen there.
 */
export function loadBalancerForwardingRules(appPort: number, certificateName: pulumi.Input<string>): ForwardingRule[] {
    return [
        { entryPort: 80, entryProtocol: "http", targetPort: appPort, targetProtocol: "http" },
        { entryPort: 443, entryProtocol: "https", targetPort: appPort, targetProtocol: "http", certificateName },
    ];
}

/**
 * HTTP health check on the app port: every 10 s, 5 s timeout; a Droplet
 * leaves rotation after 3 failures (about 30 s) and returns after 5 successes.
 */
export function loadBalancerHealthcheck(appPort: number, healthCheckPath: string): Healthcheck {
    return {
        protocol: "http",
        port: appPort,
        path: healthCheckPath,
        checkIntervalSeconds: 10,
        responseTimeoutSeconds: 5,
        unhealthyThreshold: 3,
        healthyThreshold: 5,
    };
}
