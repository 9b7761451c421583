// What a Fargate task can reach of what stays on DigitalOcean. Tasks run in
// the stack's AWS VPC and reach anything outside it through the NAT gateways,
// over the internet: a private address is reachable only inside the VPC (or
// over a peering, VPN or transit gateway an existing VPC may have, which the
// program does not build). DigitalOcean VPCs cannot be peered with AWS
// (DigitalOcean "VPC peering" connects DigitalOcean VPCs only), so an address
// inside legacy.vpcIpRange, or in a range DigitalOcean reserves, is never
// reachable from a task. Pure.
import { cidrsOverlap, parseCidr } from "../aws/network-plan";
import { VPC_PRIVATE_RANGES, VPC_RESERVED_BY_REGION, VPC_RESERVED_EVERYWHERE } from "./catalog";

/** Where the docs say how to reach each kind of thing left on DigitalOcean. */
export const REACHING_LEGACY_DOC = "docs/legacy.md#reaching-what-stays-on-digitalocean";

export const WHAT_TO_DO_INSTEAD =
    "reach a DigitalOcean managed database or cache (PostgreSQL, MySQL, Redis/Valkey, MongoDB, Kafka) through its public endpoint: " +
    "list it in legacy.databases (the NAT addresses join its trusted sources) and use egress { database: <name> }; " +
    "reach a service on a Droplet through a public endpoint you expose with TLS and a firewall rule that admits only the stack's natPublicIps, then egress { port, cidr: <that address>/32 } " +
    `(${REACHING_LEGACY_DOC})`;

export interface NetworkContext {
    /** legacy.vpcIpRange */
    readonly legacyRange?: string;
    readonly legacyRegion?: string;
    /** The AWS VPC's range: network.cidr (create) or network.vpcCidr (existing), when known. */
    readonly awsRange?: string;
    readonly mode?: "create" | "existing";
}

function isPrivate(cidr: string): boolean {
    return VPC_PRIVATE_RANGES.some((r) => cidrsOverlap(cidr, r));
}

function inside(cidr: string, range: string): boolean {
    const [c, r] = [parseCidr(cidr), parseCidr(range)];
    return c !== undefined && r !== undefined && c.prefix >= r.prefix && cidrsOverlap(cidr, range);
}

/**
 * Why a task's egress to `cidr` can never connect, or undefined when it can
 * (or when that depends on networks the plan cannot see: an existing VPC's
 * peerings). Only IPv4 CIDRs are judged.
 */
export function egressReachProblem(cidr: string, context: NetworkContext): string | undefined {
    if (parseCidr(cidr) === undefined) {
        return undefined;
    }
    if (context.legacyRange !== undefined && cidrsOverlap(cidr, context.legacyRange)) {
        return `${JSON.stringify(cidr)} is inside legacy.vpcIpRange ${context.legacyRange}, the DigitalOcean VPC: Fargate tasks cannot reach it (a DigitalOcean VPC cannot be peered with AWS, and this stack builds no VPN)`;
    }
    const reserved = [...VPC_RESERVED_EVERYWHERE, ...(context.legacyRegion !== undefined && VPC_RESERVED_BY_REGION[context.legacyRegion] !== undefined ? [VPC_RESERVED_BY_REGION[context.legacyRegion]] : [])]
        .find((r) => cidrsOverlap(cidr, r));
    if (reserved !== undefined) {
        return `${JSON.stringify(cidr)} overlaps ${reserved}, which DigitalOcean reserves for its own private networks (Kubernetes, managed services): Fargate tasks cannot reach it`;
    }
    if (isPrivate(cidr) && context.mode === "create" && context.awsRange !== undefined && !inside(cidr, context.awsRange)) {
        return `${JSON.stringify(cidr)} is a private range outside this stack's VPC (network.cidr ${context.awsRange}), which has no route to any other private network: Fargate tasks cannot reach it`;
    }
    return undefined;
}

/** Why a legacy.databases cidr cannot be the cluster's public address, or undefined. */
export function databaseAddressProblem(cidr: string): string | undefined {
    if (parseCidr(cidr) === undefined || !isPrivate(cidr)) {
        return undefined;
    }
    return `${JSON.stringify(cidr)} is a private address (the cluster's VPC host?): Fargate tasks reach a managed database only on its public address, over the NAT gateways; allowed the public address of the cluster's public hostname as a /32 (doctl databases connection <cluster id>, the host without "private-")`;
}
