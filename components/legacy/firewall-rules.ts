// The cloud firewall rules of a service's legacy Droplets. DigitalOcean cloud
// firewalls are stateful and deny whatever no rule allows, in both
// directions, so the outbound list is what the Droplets can still reach.
import * as pulumi from "@pulumi/pulumi";
import type * as digitalocean from "@pulumi/digitalocean";

type InboundRule = digitalocean.types.input.FirewallInboundRule;
type OutboundRule = digitalocean.types.input.FirewallOutboundRule;

/** Every IPv4 and IPv6 address. */
export const ANYWHERE: readonly string[] = ["0.0.0.0/0", "::/0"];

/** True for a CIDR that matches every address of its family (prefix length 0). */
export function isWholeInternet(cidr: string): boolean {
    return /\/0+$/.test(cidr.trim());
}

export interface LegacyFirewallRuleArgs {
    /** Port the application listens on; only the load balancer reaches it. */
    readonly appPort: number;
    /** Id of the service's DigitalOcean load balancer. */
    readonly loadBalancerUid: pulumi.Input<string>;
    /** Networks allowed on SSH (22); no SSH rule at all when empty. */
    readonly adminCidrs: readonly string[];
    /** IP range of the legacy VPC, where the Droplets' backing services live. */
    readonly vpcIpRange: string;
    /** Extra rules from config (legacy.firewall.inbound / outbound). @default none */
    readonly extra?: {
        readonly inbound: readonly ExtraFirewallRule[];
        readonly outbound: readonly ExtraFirewallRule[];
    };
}

/** A rule of legacy.firewall.inbound/outbound: sources for inbound, destinations for outbound. */
export interface ExtraFirewallRule {
    readonly protocol: "tcp" | "udp" | "icmp";
    readonly ports?: string;
    readonly addresses?: readonly string[];
    readonly tags?: readonly string[];
    readonly dropletIds?: readonly string[];
}

/** DigitalOcean's port_range: a port or a range; config's "all" becomes 1-65535, the form the program's own rules use. */
function portRange(ports: string | undefined): string | undefined {
    return ports === undefined ? undefined : ports === "all" ? "1-65535" : ports;
}

export interface LegacyFirewallRules {
    readonly inboundRules: InboundRule[];
    readonly outboundRules: OutboundRule[];
}

/**
 * Inbound: the load balancer only (on any TCP port, so a new app port needs
 * no firewall change), SSH from the admin
 * networks only. Outbound: DNS, NTP (clock drift breaks TLS), HTTP/HTTPS
 * (package mirrors, external APIs), ICMP (path MTU discovery, ping), and any
 * port inside the VPC (databases and caches the Droplets already use: an
 * adopted Droplet that loses them is an outage), then the extra rules from
 * config (the flows only the team knows about: monitoring, mail relays,
 * partners' APIs).
 * Throws when an admin CIDR is the whole internet.
 */
export function legacyFirewallRules(args: LegacyFirewallRuleArgs): LegacyFirewallRules {
    if (!Number.isInteger(args.appPort) || args.appPort < 1 || args.appPort > 65535) {
        throw new Error(`appPort: ${args.appPort} is not a port; allowed a whole number from 1 to 65535`);
    }
    const open = args.adminCidrs.filter(isWholeInternet);
    if (open.length > 0) {
        throw new Error(`adminCidrs: ${open.join(", ")} would open SSH to the whole internet; allowed only specific admin networks (for example 203.0.113.10/32)`);
    }
    const inboundRules: InboundRule[] = [
        // The load balancer on every TCP port, not only the app port: it
        // connects only to its own target and health-check ports, and a new
        // app port then needs no firewall change, which the provider could
        // only apply after the load balancer has already moved to it (the
        // firewall names the balancer's id, so it waits for the balancer).
        { protocol: "tcp", portRange: "1-65535", sourceLoadBalancerUids: [args.loadBalancerUid] },
    ];
    if (args.adminCidrs.length > 0) {
        inboundRules.push({ protocol: "tcp", portRange: "22", sourceAddresses: [...args.adminCidrs] });
    }
    const outboundRules: OutboundRule[] = baselineOutboundRules(args.vpcIpRange);
    for (const rule of args.extra?.inbound ?? []) {
        inboundRules.push({
            protocol: rule.protocol,
            ...(rule.protocol === "icmp" ? {} : { portRange: portRange(rule.ports) }),
            ...(rule.addresses?.length ? { sourceAddresses: [...rule.addresses] } : {}),
            ...(rule.tags?.length ? { sourceTags: [...rule.tags] } : {}),
            ...(rule.dropletIds?.length ? { sourceDropletIds: rule.dropletIds.map(Number) } : {}),
        });
    }
    outboundRules.push(...(args.extra?.outbound ?? []).map(extraOutboundRule));
    return { inboundRules, outboundRules };
}

/**
 * What every Droplet the program firewalls may reach, web or worker: DNS,
 * NTP (clock drift breaks TLS), HTTP/HTTPS (package mirrors, external
 * APIs), ICMP (path MTU discovery, ping), and any port inside the VPC.
 */
export function baselineOutboundRules(vpcIpRange: string): OutboundRule[] {
    return [
        { protocol: "tcp", portRange: "53", destinationAddresses: [...ANYWHERE] },
        { protocol: "udp", portRange: "53", destinationAddresses: [...ANYWHERE] },
        { protocol: "udp", portRange: "123", destinationAddresses: [...ANYWHERE] },
        { protocol: "tcp", portRange: "80", destinationAddresses: [...ANYWHERE] },
        { protocol: "tcp", portRange: "443", destinationAddresses: [...ANYWHERE] },
        { protocol: "icmp", destinationAddresses: [...ANYWHERE] },
        { protocol: "tcp", portRange: "1-65535", destinationAddresses: [vpcIpRange] },
        { protocol: "udp", portRange: "1-65535", destinationAddresses: [vpcIpRange] },
    ];
}

/** A rule of legacy.firewall.outbound as the provider's outbound rule. */
export function extraOutboundRule(rule: ExtraFirewallRule): OutboundRule {
    return {
        protocol: rule.protocol,
        ...(rule.protocol === "icmp" ? {} : { portRange: portRange(rule.ports) }),
        ...(rule.addresses?.length ? { destinationAddresses: [...rule.addresses] } : {}),
        ...(rule.tags?.length ? { destinationTags: [...rule.tags] } : {}),
        ...(rule.dropletIds?.length ? { destinationDropletIds: rule.dropletIds.map(Number) } : {}),
    };
}
