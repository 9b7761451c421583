// A worker's Droplets on DigitalOcean: created, or adopted as they run, with
// no load balancer, and a cloud firewall that admits nothing from outside but
// SSH from the admin networks (a worker serves nothing: it pulls its work).
import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig, WorkerConfig } from "../config";
import { planDroplets } from "./droplets";
import { baselineOutboundRules, extraOutboundRule, isWholeInternet, type ExtraFirewallRule } from "./firewall-rules";
import { resourceName, selectionTagName, tagsFromMap } from "./naming";

type InboundRule = digitalocean.types.input.FirewallInboundRule;
type OutboundRule = digitalocean.types.input.FirewallOutboundRule;

export interface WorkerFirewallArgs {
    /** Networks allowed on SSH (22); no inbound rule at all when empty. */
    readonly adminCidrs: readonly string[];
    /** IP range of the legacy VPC (its databases and caches). */
    readonly vpcIpRange: string;
    /** Extra outbound rules from config (legacy.firewall.outbound). */
    readonly outbound: readonly ExtraFirewallRule[];
    /** legacy.databases the worker reaches (by their public address and port). */
    readonly databases: readonly { readonly cidr: string; readonly port: number }[];
}

/**
 * A worker's firewall: inbound only SSH from the admin networks (config
 * refuses the whole internet, and so does this), outbound what the web
 * Droplets have (DNS, NTP, HTTP/HTTPS, ICMP, the VPC) plus the databases
 * and config's extra outbound rules.
 */
export function workerFirewallRules(args: WorkerFirewallArgs): { inboundRules: InboundRule[]; outboundRules: OutboundRule[] } {
    const open = args.adminCidrs.filter(isWholeInternet);
    if (open.length > 0) {
        throw new Error(`adminCidrs: ${open.join(", ")} would open SSH to the whole internet; allowed only specific admin networks (for example 203.0.113.10/32)`);
    }
    const inboundRules: InboundRule[] = args.adminCidrs.length === 0 ? [] : [{ protocol: "tcp", portRange: "22", sourceAddresses: [...args.adminCidrs] }];
    const outboundRules: OutboundRule[] = [
        ...baselineOutboundRules(args.vpcIpRange),
        ...args.databases.map((d): OutboundRule => ({ protocol: "tcp", portRange: String(d.port), destinationAddresses: [d.cidr] })),
        ...args.outbound.map(extraOutboundRule),
    ];
    return { inboundRules, outboundRules };
}

export interface LegacyWorkerArgs {
    readonly config: StackConfig;
    /** The worker; its legacy part must be enabled. */
    readonly worker: WorkerConfig;
    readonly vpcId: pulumi.Input<string>;
}

export class LegacyWorker extends pulumi.ComponentResource {
    readonly dropletIds: pulumi.Output<string[]>;
    readonly selectionTag: pulumi.Output<string>;

    constructor(name: string, args: LegacyWorkerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:legacy:Worker", name, {}, opts);
        const { config, worker } = args;
        const legacy = worker.legacy;
        if (!legacy.enabled) {
            throw new Error(`LegacyWorker ${name}: args.worker.legacy.enabled is false for worker "${worker.name}"; build LegacyWorker only for workers whose Droplets run`);
        }
        const protect = config.legacy.protect;
        const doName = resourceName(config.project, config.stack, worker.name);
        const tag = new digitalocean.Tag(`${name}-tag`, { name: selectionTagName(config.project, config.stack, worker.name) }, { parent: this, protect });
        const dropletTags = [tag.name, ...tagsFromMap(worker.tags)];
        // One after another, as a service's: a resize stops one worker at a time.
        const droplets: digitalocean.Droplet[] = [];
        for (const plan of planDroplets({ stack: config.stack, environment: config.environment, service: worker.name, legacy, sshKeys: config.legacy.sshKeys })) {
            const previous = droplets[droplets.length - 1];
            droplets.push(new digitalocean.Droplet(`${name}-droplet-${plan.key}`, {
                name: plan.name,
                size: plan.size,
                image: plan.image,
                region: config.legacy.region,
                vpcUuid: args.vpcId,
                tags: [...new Set([...dropletTags, ...plan.keepTags])],
                backups: plan.backups,
                ...(plan.create === undefined ? {} : { monitoring: plan.create.monitoring, userData: plan.create.userData, sshKeys: [...plan.create.sshKeys] }),
            }, {
                parent: this, protect, import: plan.importId, ignoreChanges: [...plan.ignoreChanges], retainOnDelete: plan.retainOnDelete,
                dependsOn: previous === undefined ? [] : [previous],
            }));
        }
        // In the firewall's phase, as the services' Droplets: it also limits what they reach.
        if (config.legacy.firewall.enabled) {
            new digitalocean.Firewall(`${name}-fw`, {
                name: doName,
                tags: [tag.name],
                ...workerFirewallRules({
                    adminCidrs: config.legacy.adminCidrs,
                    vpcIpRange: config.legacy.vpcIpRange,
                    outbound: config.legacy.firewall.outbound,
                    databases: config.legacy.databases,
                }),
            }, { parent: this, protect });
        }
        new digitalocean.Project(`${name}-project`, {
            name: doName,
            description: `Worker ${worker.name} of ${config.project}/${config.stack} (no load balancer: it pulls its work)`,
            purpose: "Web Application",
            environment: config.environment === "prod" ? "Production" : "Development",
            resources: droplets.map((d) => d.dropletUrn),
        }, { parent: this, protect });
        this.dropletIds = pulumi.all(droplets.map((d) => d.id));
        this.selectionTag = tag.name;
        this.registerOutputs({ dropletIds: this.dropletIds, selectionTag: this.selectionTag });
    }
}
