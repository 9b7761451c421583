// The whole migration for one stack: the DNS zone, the legacy DigitalOcean
// side, the AWS platform, and per service the Droplets, the Fargate service
// and the weighted DNS split between them.
import * as pulumi from "@pulumi/pulumi";
import { AwsNetwork, AwsPlatform, FargateService } from "./aws";
import type { StackConfig } from "./config";
import { DnsZone } from "./dns-zone";
import { LegacyFoundation, LegacyService } from "./legacy";
import { TrafficRouting } from "./traffic/routing";
import type { TrafficSummary } from "./traffic/steps";

export interface MigrationArgs {
    /** The parsed, validated stack config. */
    readonly config: StackConfig;
}

/** What operators need per service, exported as stack outputs. */
export interface ServiceOutputs {
    readonly hostname: string;
    readonly legacy?: {
        readonly loadBalancerIp: pulumi.Output<string>;
        readonly dropletIds: pulumi.Output<string[]>;
        readonly dropletPrivateIps: pulumi.Output<string[]>;
        readonly healthCheckUrl: pulumi.Output<string>;
    };
    readonly fargate?: {
        readonly serviceName: pulumi.Output<string>;
        readonly canaryServiceName?: pulumi.Output<string>;
        readonly ecrRepositoryUrl: pulumi.Output<string>;
        readonly logGroupName: pulumi.Output<string>;
    };
}

/**
 * ALB listener rule priority of the service at this position. Priorities are
 * stable while services are appended; reordering the list only updates the
 * rules in place.
 */
export function listenerRulePriority(serviceIndex: number): number {
    return 100 + serviceIndex * 10;
}

export class Migration extends pulumi.ComponentResource {
    readonly zoneId: pulumi.Output<string>;
    readonly nameServers: pulumi.Output<string[]>;
    readonly albDnsName: pulumi.Output<string>;
    readonly vpcId: pulumi.Output<string>;
    readonly services: Readonly<Record<string, ServiceOutputs>>;
    /** The traffic split of every service, known at preview. */
    readonly traffic: readonly TrafficSummary[];

    constructor(name: string, args: MigrationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:index:Migration", name, {}, opts);
        const { config } = args;
        const child = { parent: this };

        const zone = new DnsZone(`${name}-dns`, { config }, child);
        const legacy = new LegacyFoundation(`${name}-legacy`, { config }, child);
        const network = new AwsNetwork(`${name}-network`, { config }, child);
        const platform = new AwsPlatform(`${name}-platform`, {
            config,
            vpcId: network.vpcId,
            vpcCidr: network.vpcCidr,
            publicSubnetIds: network.publicSubnetIds,
            zoneId: zone.zoneId,
        }, child);

        const services: Record<string, ServiceOutputs> = {};
        const traffic: TrafficSummary[] = [];
        config.services.forEach((service, index) => {
            const serviceName = `${name}-${service.name}`;
            const droplets = service.legacy.enabled
                ? new LegacyService(serviceName, { config, service, vpcId: legacy.vpcId }, child)
                : undefined;
            const fargate = service.fargate !== undefined
                ? new FargateService(serviceName, {
                    config,
                    service,
                    vpcId: network.vpcId,
                    privateSubnetIds: network.privateSubnetIds,
                    clusterArn: platform.clusterArn,
                    clusterName: platform.clusterName,
                    albSecurityGroupId: platform.albSecurityGroupId,
                    httpsListenerArn: platform.httpsListenerArn,
                    albArnSuffix: platform.albArnSuffix,
                    listenerRulePriority: listenerRulePriority(index),
                }, child)
                : undefined;
            const routing = new TrafficRouting(serviceName, {
                config,
                service,
                zoneId: zone.zoneId,
                legacy: droplets && { loadBalancerIp: droplets.loadBalancerIp },
                fargate: fargate && {
                    albDnsName: platform.albDnsName,
                    albZoneId: platform.albZoneId,
                    healthyHostsAlarmName: fargate.healthyHostsAlarmName,
                    alarmRegion: fargate.alarmRegion,
                },
            }, child);
            traffic.push(routing.summary);
            services[service.name] = {
                hostname: service.hostname,
                legacy: droplets && {
                    loadBalancerIp: droplets.loadBalancerIp,
                    dropletIds: droplets.dropletIds,
                    dropletPrivateIps: droplets.dropletPrivateIps,
                    healthCheckUrl: droplets.healthCheckUrl,
                },
                fargate: fargate && {
                    serviceName: fargate.serviceName,
                    canaryServiceName: fargate.canaryServiceName,
                    ecrRepositoryUrl: fargate.ecrRepositoryUrl,
                    logGroupName: fargate.logGroupName,
                },
            };
        });

        this.zoneId = zone.zoneId;
        this.nameServers = zone.nameServers;
        this.albDnsName = platform.albDnsName;
        this.vpcId = network.vpcId;
        this.services = services;
        this.traffic = traffic;
        this.registerOutputs({
            zoneId: this.zoneId,
            albDnsName: this.albDnsName,
            vpcId: this.vpcId,
            services,
            traffic,
        });
    }
}
