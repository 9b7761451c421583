// One hostname's DNS split between the clouds: two weighted Route 53 records,
// "legacy" (the DigitalOcean load balancer's IP) and "fargate" (an alias to
// the shared ALB), each with a direct HTTPS health check of its own side.
// An ALB cannot target a Droplet's public IP (../../../shared/reference/aws.md),
// so this split can only be done in DNS.
//
// Both records are always weighted, even when only one exists: Route 53
// does not let a weighted and a non-weighted record share a name, so turning
// one into the other is a delete then a create, leaving a window with no
// answer. A side at 0 % has a record only when it stands by
// (traffic.standby): Route 53 answers with weight-0 records when every other
// record is unhealthy, so a weight-0 record is a failover target. A hostname that still has its plain record goes through the
// cut-over first (cutover.ts): until then no weighted record is created, and
// the component reports the one atomic batch that switches it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { HostnameConfig, StackConfig } from "../config";
import { cutoverChangeBatch, cutoverCommand, cutoverFileName, weightedRecordImportId, type ChangeBatch } from "./cutover";
import { healthHostname } from "./health";
import {
    ENDPOINT_HEALTH_CHECK, FARGATE_SET_IDENTIFIER, LEGACY_SET_IDENTIFIER, WEIGHTED_RECORD_TTL_SECONDS, dnsPhaseOf, trafficSummary, type TrafficSummary,
} from "./steps";
import { groupRecords } from "./weights";
import { releaseMarker, releaseMarkerText } from "./release-marker";
import { healthCheckAlarmName, releaseMarkerName, stackPrefix } from "../aws/naming";

export interface TrafficRoutingArgs {
    /** The parsed stack config: project, stack, the zone and the services. */
    readonly config: StackConfig;
    /** The hostname, the service that owns its split and its Fargate services. */
    readonly hostname: HostnameConfig;
    /** The hosted zone the hostname lives in (DnsZone.zoneId). */
    readonly zoneId: pulumi.Input<string>;
    /** The Droplets' side: the owner's load balancer. @default absent: the owner's legacy side is decommissioned. */
    readonly legacy?: {
        /** Public IPv4 of the DigitalOcean load balancer. */
        readonly loadBalancerIp: pulumi.Input<string>;
    };
    /** The Fargate side. @default absent: no Fargate service serves the hostname. */
    readonly fargate?: {
        /** DNS name of the shared ALB. */
        readonly albDnsName: pulumi.Input<string>;
        /** Canonical hosted zone id of the ALB (not the service's zone). */
        readonly albZoneId: pulumi.Input<string>;
        /** The ECS services behind the hostname (every revision) and the ALB rules that route to them: DNS moves only once they are steady and in place. */
        readonly ecsServices: readonly pulumi.Resource[];
    };
    /**
     * Alarms on every health check of the hostname, created in us-east-1
     * (Route 53 publishes HealthCheckStatus only there) with that region's
     * provider, telling `actions` when a side goes unhealthy and back.
     * @default absent: no alarms (platform.notifications not set)
     */
    readonly healthCheckAlarms?: {
        readonly provider: pulumi.ProviderResource;
        readonly actions: pulumi.Input<pulumi.Input<string>[]>;
    };
}

/** The switch from a hostname's plain record to its weighted group, known after `up`. */
export interface CutoverPlan {
    readonly hostname: string;
    /** The hosted zone the batch applies to. */
    readonly zoneId: string;
    readonly file: string;
    readonly changeBatch: ChangeBatch;
    readonly command: string;
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
    readonly hostname: string;
    /** Split, next and previous steps, the commands to move, failover bounds: known at preview. */
    readonly summary: TrafficSummary;
    /** Id of the Route 53 health check on the DigitalOcean load balancer, when legacy exists. */
    readonly legacyHealthCheckId?: pulumi.Output<string>;
    /** Id of the health check of the Fargate record (the service's, or the CALCULATED one of several). */
    readonly fargateHealthCheckId?: pulumi.Output<string>;
    /** Ids of each Fargate service's own HTTPS health check, by service name. */
    readonly serviceHealthCheckIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** The atomic switch, while the hostname still has its plain record. */
    readonly cutover?: pulumi.Output<CutoverPlan>;
    /** The release marker's SSM parameter name (known at preview). */
    readonly releaseMarkerName: string;
    /** What the marker says, one line (known at preview). */
    readonly releaseMarkerText: string;

    /** The weighted records (none while the cut-over is pending). */
    private readonly records: aws.route53.Record[] = [];

    constructor(name: string, args: TrafficRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:traffic:Routing", name, {}, opts);
        const { config, hostname } = args;
        const ownerIndex = config.services.findIndex((s) => s.name === hostname.owner);
        const owner = config.services[ownerIndex];
        if (owner === undefined || owner.traffic === undefined) {
            throw new Error(`hostname: its owner ${JSON.stringify(hostname.owner)} is not a service with traffic in config.services`);
        }
        if (owner.legacy.enabled !== (args.legacy !== undefined)) {
            throw new Error(`legacy: ${args.legacy === undefined ? "missing" : "given"} for ${hostname.hostname}, whose owner ${owner.name} ${owner.legacy.enabled ? "has" : "has no"} Droplets`);
        }
        if ((hostname.fargateServices.length > 0) !== (args.fargate !== undefined)) {
            throw new Error(`fargate: ${args.fargate === undefined ? "missing" : "given"} for ${hostname.hostname}, which has ${hostname.fargateServices.length} Fargate services`);
        }
        const knownIp = args.legacy?.loadBalancerIp;
        const ipProblem = typeof knownIp === "string" ? loadBalancerIpProblem(knownIp) : undefined;
        if (ipProblem !== undefined) {
            throw new Error(`legacy.loadBalancerIp: ${ipProblem}`);
        }
        const sides = { legacy: args.legacy !== undefined, fargate: args.fargate !== undefined };
        // Throws a RangeError naming fargatePercent if the share sends traffic to a side that does not exist.
        // Which records the group has: a side with a share, or one that stands by at weight 0.
        const weights = groupRecords(owner.traffic.fargatePercent, sides, owner.traffic.standby);
        const phase = dnsPhaseOf(owner.traffic);
        const tags = { ...owner.tags, hostname: hostname.hostname };

        this.hostname = hostname.hostname;
        this.summary = trafficSummary({ project: config.project, stack: config.stack, serviceIndex: ownerIndex, service: owner, sides });

        let legacySide: { ip: pulumi.Output<string>; healthCheckId: pulumi.Output<string> } | undefined;
        if (args.legacy !== undefined) {
            const loadBalancerIp = checkedLoadBalancerIp(args.legacy.loadBalancerIp);
            const healthCheck = new aws.route53.HealthCheck(`${name}-legacy-hc`, {
                type: "HTTPS",
                // Probe the load balancer itself, with the hostname only as
                // Host header and SNI name: checking the weighted name would
                // probe whichever side DNS answered, not the Droplets.
                ipAddress: loadBalancerIp,
                fqdn: hostname.hostname,
                enableSni: true,
                port: ENDPOINT_HEALTH_CHECK.port,
                resourcePath: owner.healthCheckPath,
                requestInterval: ENDPOINT_HEALTH_CHECK.requestIntervalSeconds,
                failureThreshold: ENDPOINT_HEALTH_CHECK.failureThreshold,
                // Latency graphs are a paid option nobody reads here.
                measureLatency: false,
                tags: { ...tags, Name: `${name}-legacy-hc` },
            }, { parent: this });
            legacySide = { ip: loadBalancerIp, healthCheckId: healthCheck.id };
            this.legacyHealthCheckId = healthCheck.id;
        }

        const serviceHealthCheckIds: Record<string, pulumi.Output<string>> = {};
        let fargateSide: { healthCheckId: pulumi.Output<string> } | undefined;
        if (args.fargate !== undefined) {
            const fargate = args.fargate;
            for (const serviceName of hostname.fargateServices) {
                const service = config.services.find((s) => s.name === serviceName)!;
                const checkedName = healthHostname(service.name, config.dns.zoneName);
                // The name only the health check uses: the ALB's rule for it
                // forwards to this service's stable target group, so the
                // check sees that revision and nothing else.
                const record = new aws.route53.Record(`${name}-${service.name}-health`, {
                    zoneId: args.zoneId,
                    name: checkedName,
                    type: "A",
                    aliases: [{ name: fargate.albDnsName, zoneId: fargate.albZoneId, evaluateTargetHealth: false }],
                }, { parent: this });
                const check = new aws.route53.HealthCheck(`${name}-${service.name}-hc`, {
                    type: "HTTPS",
                    // No ipAddress: the ALB's addresses change; Route 53
                    // resolves the fqdn at each check and sends it as Host and SNI.
                    fqdn: checkedName,
                    enableSni: true,
                    port: ENDPOINT_HEALTH_CHECK.port,
                    resourcePath: service.healthCheckPath,
                    requestInterval: ENDPOINT_HEALTH_CHECK.requestIntervalSeconds,
                    failureThreshold: ENDPOINT_HEALTH_CHECK.failureThreshold,
                    measureLatency: false,
                    tags: { ...tags, service: service.name, Name: `${name}-${service.name}-hc` },
                }, { parent: this, dependsOn: [record] });
                serviceHealthCheckIds[service.name] = check.id;
            }
            const ids = Object.values(serviceHealthCheckIds);
            if (ids.length === 1) {
                fargateSide = { healthCheckId: ids[0] };
            } else {
                // Several services share the hostname: its Fargate side is up
                // only while every one of them is.
                const calculated = new aws.route53.HealthCheck(`${name}-fargate-hc`, {
                    type: "CALCULATED",
                    childHealthchecks: ids,
                    childHealthThreshold: ids.length,
                    tags: { ...tags, Name: `${name}-fargate-hc` },
                }, { parent: this });
                fargateSide = { healthCheckId: calculated.id };
            }
            this.fargateHealthCheckId = fargateSide.healthCheckId;
        }
        this.serviceHealthCheckIds = serviceHealthCheckIds;

        const prefix = stackPrefix(config.project, config.stack);
        if (args.healthCheckAlarms !== undefined) {
            const watched: [string, pulumi.Output<string>][] = [
                ...(legacySide === undefined ? [] : [["legacy", legacySide.healthCheckId] as [string, pulumi.Output<string>]]),
                ...Object.entries(serviceHealthCheckIds).map(([svc, id]): [string, pulumi.Output<string>] => [`fargate-${svc}`, id]),
                ...(fargateSide !== undefined && Object.keys(serviceHealthCheckIds).length > 1 ? [["fargate", fargateSide.healthCheckId] as [string, pulumi.Output<string>]] : []),
            ];
            for (const [side, id] of watched) {
                new aws.cloudwatch.MetricAlarm(`${name}-${side}-hc-alarm`, {
                    name: healthCheckAlarmName(prefix, `${hostname.hostname}-${side}`),
                    alarmDescription: `${hostname.hostname}: Route 53 health check of the ${side} side failing (Route 53 stops sending it traffic)`,
                    // Route 53 Developer Guide, "Monitoring health checks using CloudWatch": HealthCheckStatus 1 healthy, 0 unhealthy, 1-minute data, us-east-1.
                    namespace: "AWS/Route53",
                    metricName: "HealthCheckStatus",
                    dimensions: { HealthCheckId: id },
                    statistic: "Minimum",
                    period: 60,
                    evaluationPeriods: 1,
                    datapointsToAlarm: 1,
                    threshold: 1,
                    comparisonOperator: "LessThanThreshold",
                    treatMissingData: "missing",
                    alarmActions: args.healthCheckAlarms.actions,
                    okActions: args.healthCheckAlarms.actions,
                    tags,
                }, { parent: this, provider: args.healthCheckAlarms.provider });
            }
        }

        if (phase === "cutover-pending") {
            const live = owner.traffic.liveRecord!;
            const file = cutoverFileName(config.stack, hostname.hostname);
            const fargate = args.fargate;
            this.cutover = pulumi.all([
                args.zoneId, legacySide!.ip, legacySide!.healthCheckId,
                fargate?.albDnsName, fargate?.albZoneId, fargateSide?.healthCheckId,
            ]).apply(([zoneId, ip, legacyCheck, albDnsName, albZoneId, fargateCheck]): CutoverPlan => ({
                hostname: hostname.hostname,
                zoneId,
                file,
                changeBatch: cutoverChangeBatch({
                    hostname: hostname.hostname,
                    liveRecord: { type: live.type, ttl: live.ttl, values: [...live.values] },
                    legacy: { loadBalancerIp: ip, healthCheckId: legacyCheck },
                    // At the cut-over Fargate has 0 %: its record exists only when it stands by.
                    fargate: albDnsName === undefined || weights.fargate === undefined ? undefined : { albDnsName, albZoneId: albZoneId!, healthCheckId: fargateCheck! },
                }),
                command: cutoverCommand(zoneId, file),
            }));
        } else {
            const importId = (setIdentifier: string) => phase === "importing" ? weightedRecordImportId(config.dns.zoneId!, hostname.hostname, setIdentifier) : undefined;
            if (legacySide !== undefined && weights.legacy !== undefined) {
                this.records.push(new aws.route53.Record(`${name}-legacy`, {
                    zoneId: args.zoneId,
                    name: hostname.hostname,
                    type: "A",
                    ttl: WEIGHTED_RECORD_TTL_SECONDS,
                    records: [legacySide.ip],
                    setIdentifier: LEGACY_SET_IDENTIFIER,
                    weightedRoutingPolicies: [{ weight: weights.legacy as number }],
                    healthCheckId: legacySide.healthCheckId,
                }, { parent: this, import: importId(LEGACY_SET_IDENTIFIER) }));
            }
            if (fargateSide !== undefined && weights.fargate !== undefined) {
                this.records.push(new aws.route53.Record(`${name}-fargate`, {
                    zoneId: args.zoneId,
                    name: hostname.hostname,
                    type: "A",
                    // No ttl: an alias to an ALB takes the ALB's fixed 60 s TTL.
                    aliases: [{
                        name: args.fargate!.albDnsName,
                        zoneId: args.fargate!.albZoneId,
                        // The ALB is shared by every service: with true, one
                        // service's target group without healthy targets would
                        // mark every hostname's Fargate record unhealthy. The
                        // service's own HTTPS health check decides instead.
                        evaluateTargetHealth: false,
                    }],
                    setIdentifier: FARGATE_SET_IDENTIFIER,
                    weightedRoutingPolicies: [{ weight: weights.fargate as number }],
                    healthCheckId: fargateSide.healthCheckId,
                }, {
                    parent: this,
                    import: importId(FARGATE_SET_IDENTIFIER),
                    // DNS moves only once the tasks behind it are steady
                    // (the ECS services wait for steady state).
                    dependsOn: [...args.fargate!.ecsServices],
                }));
            }
        }

        // Written after the records and the ECS services finished their steps:
        // its last write is when this split and these images started serving.
        const marker = releaseMarker(hostname.hostname, this.summary.split, hostname.fargateServices.map((n) => config.services.find((s) => s.name === n)!));
        this.releaseMarkerName = releaseMarkerName(prefix, hostname.owner);
        this.releaseMarkerText = releaseMarkerText(marker);
        new aws.ssm.Parameter(`${name}-release`, {
            name: this.releaseMarkerName,
            type: "String",
            tier: "Standard",
            // Not a secret (pulumi-aws makes `value` one): the plan shows what the marker says.
            insecureValue: JSON.stringify(marker),
            description: `Release marker of ${hostname.hostname}: each version is an up that changed its split or images`,
            tags,
        }, { parent: this, dependsOn: [...this.records, ...(args.fargate?.ecsServices ?? [])] });

        this.registerOutputs({
            releaseMarkerName: this.releaseMarkerName,
            hostname: this.hostname,
            summary: this.summary,
            legacyHealthCheckId: this.legacyHealthCheckId,
            fargateHealthCheckId: this.fargateHealthCheckId,
            serviceHealthCheckIds: this.serviceHealthCheckIds,
            cutover: this.cutover,
        });
    }
}
