// The AWS network of a stack: a new VPC (awsx) with one public and one
// private subnet per availability zone, or an existing VPC named in config.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import type { StackConfig } from "../config";
import { planSubnets, taskAddressesNeeded } from "./network-plan";

export interface AwsNetworkArgs {
    /** The parsed stack config (network, services for sizing, tags). */
    readonly config: StackConfig;
}

export class AwsNetwork extends pulumi.ComponentResource {
    /** VPC id. */
    readonly vpcId: pulumi.Output<string>;
    /** Private subnet ids (Fargate tasks), one per AZ. */
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Public subnet ids (ALB, NAT gateways), one per AZ. */
    readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Private subnet CIDRs when known (created VPC, or given in config), else empty. */
    readonly privateSubnetCidrs: pulumi.Output<string[]>;
    /** The VPC's CIDR block. */
    readonly vpcCidr: pulumi.Output<string>;
    /** Public IPv4 addresses the private subnets reach the internet from (the NAT gateways' Elastic IPs). */
    readonly natPublicIps: pulumi.Output<string[]>;

    constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:Network", name, {}, opts);
        const { config } = args;
        const network = config.network;
        // parseStackConfig has checked that the tasks fit (networkCapacityProblems).
        const taskAddresses = taskAddressesNeeded(config.services);

        if (network.mode === "create") {
            const plan = planSubnets({
                vpcCidr: network.cidr,
                availabilityZones: network.availabilityZones,
                taskAddresses,
                cidrKey: `${config.project}:network.cidr`,
            });
            // The program's own Elastic IPs, not awsx's: their addresses are
            // needed elsewhere (trusted sources of legacy databases), and
            // awsx's children do not exist under the offline plan's mocks.
            const natCount = network.natGateways === "one-per-az" ? network.availabilityZones : 1;
            const eips = Array.from({ length: natCount }, (_, i) => new aws.ec2.Eip(`${name}-nat-${i + 1}`, {
                domain: "vpc",
                tags: { ...config.tags, Name: `${name}-nat-${i + 1}` },
            }, { parent: this }));
            const vpc = new awsx.ec2.Vpc(`${name}-vpc`, {
                cidrBlock: network.cidr,
                numberOfAvailabilityZones: network.availabilityZones,
                // Explicit CIDRs (Auto strategy honours them): the layout is
                // the plan's, and the private CIDRs are known to policies.
                subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
                subnetSpecs: [
                    { type: awsx.ec2.SubnetType.Private, name: "private", size: plan.privateSize, cidrBlocks: [...plan.privateCidrs], tags: { ...config.tags, tier: "private" } },
                    { type: awsx.ec2.SubnetType.Public, name: "public", size: plan.publicSize, cidrBlocks: [...plan.publicCidrs], tags: { ...config.tags, tier: "public" } },
                ],
                natGateways: {
                    strategy: network.natGateways === "one-per-az" ? awsx.ec2.NatGatewayStrategy.OnePerAz : awsx.ec2.NatGatewayStrategy.Single,
                    elasticIpAllocationIds: eips.map((eip) => eip.allocationId),
                },
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { ...config.tags },
            }, { parent: this });
            this.vpcId = vpc.vpcId;
            this.privateSubnetIds = vpc.privateSubnetIds;
            this.publicSubnetIds = vpc.publicSubnetIds;
            this.privateSubnetCidrs = pulumi.output([...plan.privateCidrs]);
            this.vpcCidr = pulumi.output(network.cidr);
            this.natPublicIps = pulumi.all(eips.map((eip) => eip.publicIp));
        } else {
            const cidrs = network.privateSubnetCidrs ?? [];
            this.vpcId = pulumi.output(network.vpcId);
            this.privateSubnetIds = pulumi.output([...network.privateSubnetIds]);
            this.publicSubnetIds = pulumi.output([...network.publicSubnetIds]);
            this.privateSubnetCidrs = pulumi.output([...cidrs]);
            // A read, not a resource: the existing VPC stays unmanaged.
            this.vpcCidr = aws.ec2.getVpcOutput({ id: network.vpcId }, { parent: this }).cidrBlock;
            this.natPublicIps = pulumi.output([...(network.natPublicIps ?? [])]);
        }

        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetCidrs: this.privateSubnetCidrs,
            vpcCidr: this.vpcCidr,
            natPublicIps: this.natPublicIps,
        });
    }
}
