// Pure CIDR planning for the VPC the program creates: one private and one
// public subnet per availability zone, sized so the private subnets can hold
// every Fargate task the services may run at once.
import type { NetworkConfig, ServiceConfig } from "../config/types";
import { canaryCapacity } from "./capacity";

/** AWS keeps the first four and the last address of every subnet. */
export const AWS_RESERVED_ADDRESSES_PER_SUBNET = 5;
/** deploymentMaximumPercent 200: a deployment may run twice the tasks (aws.md). */
export const DEPLOYMENT_SURGE_FACTOR = 2;
/** Smallest subnet AWS allows (/28). */
export const MIN_SUBNET_SIZE = 16;
/** An ALB needs a /27 or larger with 8 free addresses in each subnet; NAT gateways take one more. */
export const MIN_PUBLIC_SUBNET_SIZE = 32;
/** Room to grow to when the VPC allows it (/20 private, /24 public): sizes stay stable as services grow. */
export const PREFERRED_PRIVATE_SUBNET_SIZE = 4096;
export const PREFERRED_PUBLIC_SUBNET_SIZE = 256;
/** AWS VPC CIDR blocks are /16 to /28. */
export const VPC_MIN_PREFIX = 16;
export const VPC_MAX_PREFIX = 28;

/**
 * Task IP addresses one private subnet must hold: every service's autoscaling
 * maximum (canary included) times the deployment surge. Counted per subnet,
 * not divided by AZs: when an AZ fails, ECS places every task in the others.
 */
export function taskAddressesNeeded(services: readonly ServiceConfig[]): number {
    return services.reduce((sum, svc) => {
        if (svc.fargate === undefined) {
            return sum;
        }
        const canaryMax = svc.fargate.canary === undefined ? 0 : canaryCapacity(svc.fargate).max;
        return sum + (svc.fargate.autoscaling.max + canaryMax) * DEPLOYMENT_SURGE_FACTOR;
    }, 0);
}

export interface SubnetPlanInput {
    /** The VPC's CIDR block. */
    readonly vpcCidr: string;
    /** Number of availability zones (one private and one public subnet each). */
    readonly availabilityZones: number;
    /** Task addresses each private subnet must hold (taskAddressesNeeded). */
    readonly taskAddresses: number;
    /** The config key errors name, e.g. migration:network.cidr. */
    readonly cidrKey: string;
}

export interface SubnetPlan {
    /** Private subnet CIDRs, one per AZ, in AZ order. */
    readonly privateCidrs: readonly string[];
    /** Public subnet CIDRs, one per AZ, in AZ order. */
    readonly publicCidrs: readonly string[];
    /** Addresses per private subnet (a power of two). */
    readonly privateSize: number;
    /** Addresses per public subnet (a power of two). */
    readonly publicSize: number;
}

interface ParsedCidr {
    readonly base: number;
    readonly prefix: number;
}

export function parseCidr(cidr: string): ParsedCidr | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (match === null) {
        return undefined;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return undefined;
    }
    return { base: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}

/** Whether two IPv4 CIDRs share any address (false when either is not a CIDR). */
export function cidrsOverlap(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    if (x === undefined || y === undefined) {
        return false;
    }
    const prefix = Math.min(x.prefix, y.prefix);
    const block = 2 ** (32 - prefix);
    return Math.floor(x.base / block) === Math.floor(y.base / block);
}

function formatCidr(base: number, size: number): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
    return `${octets.join(".")}/${32 - Math.log2(size)}`;
}

/** Smallest power of two >= n. */
export function powerOfTwoAtLeast(n: number): number {
    let size = 1;
    while (size < n) {
        size *= 2;
    }
    return size;
}

/** Addresses a private subnet needs for this many task addresses (power of two, /28 at least). */
export function privateSubnetSizeFor(taskAddresses: number): number {
    return Math.max(MIN_SUBNET_SIZE, powerOfTwoAtLeast(taskAddresses + AWS_RESERVED_ADDRESSES_PER_SUBNET));
}

/**
 * Lays out the subnets: the smallest sizes that hold the tasks (else an error
 * naming cidrKey), then grown towards the preferred sizes while the VPC has
 * room. Larger blocks come first, so every block is aligned to its size.
 */
export function planSubnets(input: SubnetPlanInput): SubnetPlan {
    const { vpcCidr, availabilityZones: azs, taskAddresses, cidrKey } = input;
    const parsed = parseCidr(vpcCidr);
    if (parsed === undefined) {
        throw new Error(`${cidrKey}: ${JSON.stringify(vpcCidr)} is not an IPv4 CIDR; allowed e.g. 10.0.0.0/16`);
    }
    if (parsed.prefix < VPC_MIN_PREFIX || parsed.prefix > VPC_MAX_PREFIX) {
        throw new Error(`${cidrKey}: ${vpcCidr} is not a valid VPC size; allowed /${VPC_MIN_PREFIX} to /${VPC_MAX_PREFIX}`);
    }
    const vpcSize = 2 ** (32 - parsed.prefix);
    if (parsed.base % vpcSize !== 0) {
        throw new Error(`${cidrKey}: ${vpcCidr} has host bits set; allowed ${formatCidr(parsed.base - (parsed.base % vpcSize), vpcSize)}`);
    }
    if (!Number.isInteger(azs) || azs < 1) {
        throw new RangeError(`availabilityZones: ${azs} is not a positive whole number`);
    }
    const fits = (privateSize: number, publicSize: number) => azs * (privateSize + publicSize) <= vpcSize;
    let privateSize = privateSubnetSizeFor(taskAddresses);
    let publicSize = MIN_PUBLIC_SUBNET_SIZE;
    if (!fits(privateSize, publicSize)) {
        const needed = azs * (privateSize + publicSize);
        const neededPrefix = 32 - Math.log2(powerOfTwoAtLeast(needed));
        throw new Error(
            `${cidrKey}: ${vpcCidr} has ${vpcSize} addresses, but ${azs} availability zones need ${needed}: per zone a private subnet of ${privateSize} ` +
            `(${taskAddresses} task addresses: every service's autoscaling maximum x ${DEPLOYMENT_SURGE_FACTOR} for deployments, canaries included, ` +
            `+ ${AWS_RESERVED_ADDRESSES_PER_SUBNET} reserved by AWS, rounded up to a power of two) and a public subnet of ${publicSize} (the ALB needs a /27); ` +
            `allowed ${neededPrefix >= VPC_MIN_PREFIX ? `a /${neededPrefix} or larger, ` : ""}fewer availability zones, or lower autoscaling maximums`,
        );
    }
    while (privateSize < PREFERRED_PRIVATE_SUBNET_SIZE && fits(privateSize * 2, publicSize)) {
        privateSize *= 2;
    }
    while (publicSize < PREFERRED_PUBLIC_SUBNET_SIZE && fits(privateSize, publicSize * 2)) {
        publicSize *= 2;
    }
    const groups = [
        { kind: "private" as const, size: privateSize },
        { kind: "public" as const, size: publicSize },
    ].sort((a, b) => b.size - a.size);
    const cidrs: Record<"private" | "public", string[]> = { private: [], public: [] };
    let next = parsed.base;
    for (const group of groups) {
        for (let az = 0; az < azs; az++) {
            cidrs[group.kind].push(formatCidr(next, group.size));
            next += group.size;
        }
    }
    return { privateCidrs: cidrs.private, publicCidrs: cidrs.public, privateSize, publicSize };
}

/** Why an existing subnet cannot hold the tasks, or undefined when it can. */
export function subnetCapacityProblem(subnetCidr: string, taskAddresses: number): string | undefined {
    const parsed = parseCidr(subnetCidr);
    if (parsed === undefined) {
        return `${JSON.stringify(subnetCidr)} is not an IPv4 CIDR`;
    }
    const usable = 2 ** (32 - parsed.prefix) - AWS_RESERVED_ADDRESSES_PER_SUBNET;
    if (usable >= taskAddresses) {
        return undefined;
    }
    return `${subnetCidr} has ${usable} usable addresses but the services need ${taskAddresses} (autoscaling maximum x ${DEPLOYMENT_SURGE_FACTOR} for deployments, canaries included); allowed a subnet of /${32 - Math.log2(privateSubnetSizeFor(taskAddresses))} or larger`;
}

/**
 * Why the configured network cannot hold every service's tasks, one message
 * per problem naming the config key; empty when it can. Part of config
 * validation, so it runs before any resource is registered.
 */
export function networkCapacityProblems(project: string, network: NetworkConfig, services: readonly ServiceConfig[]): string[] {
    const taskAddresses = taskAddressesNeeded(services);
    if (network.mode === "create") {
        try {
            planSubnets({ vpcCidr: network.cidr, availabilityZones: network.availabilityZones, taskAddresses, cidrKey: `${project}:network.cidr` });
            return [];
        } catch (err) {
            return [(err as Error).message];
        }
    }
    return (network.privateSubnetCidrs ?? []).flatMap((cidr, i) => {
        const problem = subnetCapacityProblem(cidr, taskAddresses);
        return problem === undefined ? [] : [`${project}:network.privateSubnetCidrs[${i}]: ${problem}`];
    });
}
