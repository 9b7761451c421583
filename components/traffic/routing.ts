// One service's DNS split between the clouds: two weighted Route 53 records
// for the hostname, "legacy" (the DigitalOcean load balancer's IP) and
// "fargate" (an alias to the shared ALB), each with its own health check.
// An ALB cannot target a Droplet's public IP (../../../shared/reference/aws.md),
// so this split can only be done in DNS.
//
// Both records always stay weighted, even when only one side exists: Route 53
// does not let a weighted and a non-weighted record share a name, so turning
// one into the other is a delete then a create, leaving a window with no
// answer (and negative caching after it). Keeping them weighted means that
// adding the Fargate side and decommissioning legacy only ever create or
// delete the other record: the remaining record is never touched.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceConfig, StackConfig } from "../config";
import { HEALTHY_HOSTS_ALARM_TIMING, LEGACY_HEALTH_CHECK, trafficSummary, type TrafficSummary } from "./steps";
import { recordWeights } from "./weights";

export interface TrafficRoutingArgs {
    /** The parsed stack config: project, stack, `dns.ttl`, and the services list (for the service's index). */
    readonly config: StackConfig;
    /** The service whose hostname is split; must be one of `config.services`. */
    readonly service: ServiceConfig;
    /** The hosted zone the hostname lives in (DnsZone.zoneId). */
    readonly zoneId: pulumi.Input<string>;
    /** The Droplets' side. @default absent: legacy is decommissioned (service.legacy.enabled false). */
    readonly legacy?: {
        /** Public IPv4 of the service's DigitalOcean load balancer. */
        readonly loadBalancerIp: pulumi.Input<string>;
    };
    /** The Fargate side. @default absent: the service has no fargate part. */
    readonly fargate?: {
        /** DNS name of the shared ALB. */
        readonly albDnsName: pulumi.Input<string>;
        /** Canonical hosted zone id of the ALB (not the service's zone). */
        readonly albZoneId: pulumi.Input<string>;
        /** Name of this service's "healthy hosts" CloudWatch alarm (stable target group HealthyHostCount < 1). */
        readonly healthyHostsAlarmName: pulumi.Input<string>;
        /** Region of that alarm. */
        readonly alarmRegion: pulumi.Input<string>;
        /** Period and evaluation periods of that alarm, for the failover bound. @default HEALTHY_HOSTS_ALARM_TIMING */
        readonly alarmTiming?: { readonly periodSeconds: number; readonly evaluationPeriods: number };
    };
}

/**
 * Why Route 53 could not health-check or serve this load balancer address, or
 * undefined when it is a public IPv4 address (health checkers cannot reach
 * private or non-routable addresses).
 */
export function loadBalancerIpProblem(ip: string): string | undefined {
    const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip)?.slice(1).map(Number);
    if (octets === undefined || octets.some((o) => o > 255)) {
        return `${JSON.stringify(ip)} is not an IPv4 address`;
    }
    const [a, b] = octets;
    const nonPublic = a === 0 || a === 10 || a === 127 || a >= 224
        || (a === 100 && b >= 64 && b <= 127)
        || (a === 169 && b === 254)
        || (a === 172 && b >= 16 && b <= 31)
        || (a === 192 && b === 168);
    return nonPublic ? `${ip} is a private or non-routable address; Route 53 health checks need the load balancer's public IPv4` : undefined;
}

/**
 * The load balancer IP, failing the deployment with a message naming the
 * argument once it is known (a new load balancer's IP is known only at deploy).
 */
export function checkedLoadBalancerIp(ip: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(ip).apply((known) => {
        const problem = loadBalancerIpProblem(known);
        if (problem !== undefined) {
            throw new Error(`legacy.loadBalancerIp: ${problem}`);
        }
        return known;
    });
}

export class TrafficRouting extends pulumi.ComponentResource {
    /** The service hostname both records answer for. */
    readonly hostname: string;
    /** Split, next and previous steps, the commands to move, failover bounds: known at preview. */
    readonly summary: TrafficSummary;
    /** Id of the Route 53 health check on the DigitalOcean load balancer, when legacy exists. */
    readonly legacyHealthCheckId?: pulumi.Output<string>;
    /** Id of the Route 53 health check following the service's healthy-hosts alarm, when Fargate exists. */
    readonly fargateHealthCheckId?: pulumi.Output<string>;

    constructor(name: string, args: TrafficRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:traffic:Routing", name, {}, opts);
        const { config, service } = args;
        const serviceIndex = config.services.findIndex((s) => s.name === service.name);
        if (serviceIndex < 0) {
            throw new Error(`service: ${JSON.stringify(service.name)} is not in config.services; pass one of ${config.services.map((s) => s.name).join(", ")}`);
        }
        const ttl = config.dns.ttl;
        if (!Number.isInteger(ttl) || ttl < 1 || ttl > 60) {
            throw new Error(`config.dns.ttl: ${ttl} is not valid; allowed 1 to 60 seconds on records with health checks`);
        }
        if (service.legacy.enabled && args.legacy === undefined) {
            throw new Error(`legacy: missing for service ${service.name}, whose legacy side is enabled; pass its load balancer IP`);
        }
        if (!service.legacy.enabled && args.legacy !== undefined) {
            throw new Error(`legacy: given for service ${service.name}, whose legacy side is decommissioned; leave it out`);
        }
        if (service.fargate !== undefined && args.fargate === undefined) {
            throw new Error(`fargate: missing for service ${service.name}, which has a fargate part; pass the ALB and healthy-hosts alarm (the record must exist even at weight 0)`);
        }
        if (service.fargate === undefined && args.fargate !== undefined) {
            throw new Error(`fargate: given for service ${service.name}, which has no fargate part; leave it out`);
        }
        const knownIp = args.legacy?.loadBalancerIp;
        const ipProblem = typeof knownIp === "string" ? loadBalancerIpProblem(knownIp) : undefined;
        if (ipProblem !== undefined) {
            throw new Error(`legacy.loadBalancerIp: ${ipProblem}`);
        }
        const sides = { legacy: args.legacy !== undefined, fargate: args.fargate !== undefined };
        // Throws a RangeError naming fargatePercent if the share sends traffic to a side that does not exist.
        const weights = recordWeights(service.traffic.fargatePercent, sides);

        this.hostname = service.hostname;
        this.summary = trafficSummary({
            project: config.project,
            stack: config.stack,
            serviceIndex,
            service,
            ttlSeconds: ttl,
            sides,
            alarmTiming: args.fargate?.alarmTiming ?? HEALTHY_HOSTS_ALARM_TIMING,
        });

        if (args.legacy !== undefined) {
            const loadBalancerIp = checkedLoadBalancerIp(args.legacy.loadBalancerIp);
            const healthCheck = new aws.route53.HealthCheck(`${name}-legacy-hc`, {
                type: "HTTPS",
                // Probe the load balancer itself, with the hostname only as
                // Host header and SNI name: checking the weighted name would
                // probe whichever side DNS answered, not the Droplets.
                ipAddress: loadBalancerIp,
                fqdn: service.hostname,
                enableSni: true,
                port: LEGACY_HEALTH_CHECK.port,
                resourcePath: service.healthCheckPath,
                requestInterval: LEGACY_HEALTH_CHECK.requestIntervalSeconds,
                failureThreshold: LEGACY_HEALTH_CHECK.failureThreshold,
                // Latency graphs are a paid option nobody reads here.
                measureLatency: false,
                tags: { ...service.tags, Name: `${name}-legacy-hc` },
            }, { parent: this });
            new aws.route53.Record(`${name}-legacy`, {
                zoneId: args.zoneId,
                name: service.hostname,
                type: "A",
                ttl,
                records: [loadBalancerIp],
                setIdentifier: "legacy",
                weightedRoutingPolicies: [{ weight: weights.legacy as number }],
                healthCheckId: healthCheck.id,
            }, { parent: this });
            this.legacyHealthCheckId = healthCheck.id;
        }

        if (args.fargate !== undefined) {
            const healthCheck = new aws.route53.HealthCheck(`${name}-fargate-hc`, {
                type: "CLOUDWATCH_METRIC",
                cloudwatchAlarmName: args.fargate.healthyHostsAlarmName,
                cloudwatchAlarmRegion: args.fargate.alarmRegion,
                // The alarm treats missing data as breaching, so a service with
                // no healthy targets turns ALARM, not INSUFFICIENT_DATA. That
                // state then means CloudWatch itself cannot evaluate (a new
                // alarm, a CloudWatch incident): keep the last known status
                // rather than move production traffic on a monitoring gap.
                insufficientDataHealthStatus: "LastKnownStatus",
                tags: { ...service.tags, Name: `${name}-fargate-hc` },
            }, { parent: this });
            new aws.route53.Record(`${name}-fargate`, {
                zoneId: args.zoneId,
                name: service.hostname,
                type: "A",
                // No ttl: an alias to an ALB takes the ALB's fixed 60 s TTL.
                aliases: [{
                    name: args.fargate.albDnsName,
                    zoneId: args.fargate.albZoneId,
                    // The ALB is shared by every service: with true, one
                    // service's target group without healthy targets would
                    // mark every hostname's Fargate record unhealthy. The
                    // per-service CloudWatch health check decides instead.
                    evaluateTargetHealth: false,
                }],
                setIdentifier: "fargate",
                weightedRoutingPolicies: [{ weight: weights.fargate as number }],
                healthCheckId: healthCheck.id,
            }, { parent: this });
            this.fargateHealthCheckId = healthCheck.id;
        }

        this.registerOutputs({
            hostname: this.hostname,
            summary: this.summary,
            legacyHealthCheckId: this.legacyHealthCheckId,
            fargateHealthCheckId: this.fargateHealthCheckId,
        });
    }
}
