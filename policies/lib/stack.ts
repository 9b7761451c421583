// Stack-level lookups shared by rules: resources by type, ids from ARNs,
// links between resources by id or (at preview, when ids are unknown) by
// property dependencies.
import type { PolicyResource } from "@pulumi/policy";
import { Props, asString, knownStrings, propsOf } from "./values";

export const TYPES = {
    ecsService: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    subnet: "aws:ec2/subnet:Subnet",
    loadBalancers: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    listeners: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    listenerRules: ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"],
    awsxVpc: "awsx:ec2:Vpc",
    awsxFargateService: "awsx:ecs:FargateService",
    awsxFargateTaskDefinition: "awsx:ecs:FargateTaskDefinition",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    ecrRepository: "aws:ecr/repository:Repository",
    ecrRegistryScanning: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    ssmParameter: "aws:ssm/parameter:Parameter",
    network: "migration:aws:Network",
    scalingTarget: "aws:appautoscaling/target:Target",
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamPolicy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rdsInstance: "aws:rds/instance:Instance",
    rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    droplet: "digitalocean:index/droplet:Droplet",
    doLoadBalancer: "digitalocean:index/loadBalancer:LoadBalancer",
    doFirewall: "digitalocean:index/firewall:Firewall",
    doVpc: "digitalocean:index/vpc:Vpc",
    doDatabaseCluster: "digitalocean:index/databaseCluster:DatabaseCluster",
    doDatabaseFirewall: "digitalocean:index/databaseFirewall:DatabaseFirewall",
    // Kinds the reachability model reads (lib/reachability.ts); each is added there once.
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    networkAcl: "aws:ec2/networkAcl:NetworkAcl",
    defaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    networkAclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    prefixList: "aws:ec2/managedPrefixList:ManagedPrefixList",
    prefixListEntry: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry",
    instance: "aws:ec2/instance:Instance",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    eip: "aws:ec2/eip:Eip",
    eipAssociation: "aws:ec2/eipAssociation:EipAssociation",
    classicLoadBalancers: ["aws:elb/loadBalancer:LoadBalancer", "aws:elasticloadbalancing/loadBalancer:LoadBalancer"],
    targetGroups: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
    targetGroupAttachments: ["aws:lb/targetGroupAttachment:TargetGroupAttachment", "aws:alb/targetGroupAttachment:TargetGroupAttachment"],
    rdsCluster: "aws:rds/cluster:Cluster",
    dmsReplicationInstance: "aws:dms/replicationInstance:ReplicationInstance",
    dmsEndpoint: "aws:dms/endpoint:Endpoint",
    redshiftCluster: "aws:redshift/cluster:Cluster",
    searchDomains: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
    functionUrl: "aws:lambda/functionUrl:FunctionUrl",
    elasticacheCluster: "aws:elasticache/cluster:Cluster",
    elasticacheReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    schedulerSchedule: "aws:scheduler/schedule:Schedule",
    sfnStateMachine: "aws:sfn/stateMachine:StateMachine",
    sqsQueue: "aws:sqs/queue:Queue",
    sqsQueuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    snsTopic: "aws:sns/topic:Topic",
    snsTopicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
} as const;

/** A stack resource with its props snapshot taken once. */
export interface Node {
    readonly resource: PolicyResource;
    readonly urn: string;
    readonly name: string;
    readonly type: string;
    readonly props: Props;
}

/** Each node's props snapshot is taken at its first read: most rules read a few types of a stack's resources. */
export function nodes(resources: readonly PolicyResource[]): Node[] {
    return resources.map((resource) => {
        let props: Props | undefined;
        return {
            resource, urn: resource.urn, name: resource.name, type: resource.type,
            get props() {
                return props ??= propsOf(resource);
            },
        };
    });
}

export function ofType(all: readonly Node[], ...types: readonly (string | readonly string[])[]): Node[] {
    const wanted = types.flat();
    return all.filter((n) => wanted.includes(n.type));
}

/** The provider id of a resource: `id` when present, else the last segment of its ARN (sg-..., subnet-...). */
export function idOf(node: Node): string | undefined {
    const id = asString(node.props.id);
    if (id !== undefined && id !== "") {
        return id;
    }
    const arn = asString(node.props.arn);
    return arn?.split("/").pop();
}

/** URNs that a property of `node` depends on. */
export function depsOf(node: Node, key: string): string[] {
    return (node.resource.propertyDependencies[key] ?? []).map((r) => r.urn);
}

/**
 * Whether a reference property (an id or ARN string, possibly unknown) points at one of `targets`:
 * true/false when it can be told, undefined when unknown and no dependency settles it.
 */
export function refersTo(node: Node, key: string, value: unknown, targets: readonly Node[], match: (target: Node, ref: string) => boolean): boolean | undefined {
    const ref = asString(value);
    if (ref !== undefined) {
        return targets.some((t) => match(t, ref));
    }
    const deps = depsOf(node, key);
    if (targets.some((t) => deps.includes(t.urn))) {
        return true;
    }
    return value === undefined ? false : undefined;
}

/** privateSubnetIds / publicSubnetIds published by the awsx Vpc and the migration:aws:Network component. */
export function subnetSets(all: readonly Node[]): { readonly private: Set<string>; readonly public: Set<string>; readonly privateCidrs: string[] } {
    const sources = ofType(all, TYPES.awsxVpc, TYPES.network);
    const result = { private: new Set<string>(), public: new Set<string>(), privateCidrs: [] as string[] };
    for (const source of sources) {
        knownStrings(source.props.privateSubnetIds).forEach((id) => result.private.add(id));
        knownStrings(source.props.publicSubnetIds).forEach((id) => result.public.add(id));
        result.privateCidrs.push(...knownStrings(source.props.privateSubnetCidrs));
    }
    for (const subnet of ofType(all, TYPES.subnet)) {
        const id = idOf(subnet);
        if (id !== undefined && subnet.props.mapPublicIpOnLaunch === true) {
            result.public.add(id);
        }
    }
    return result;
}

/** The ECS service an appautoscaling target scales (resourceId "service/<cluster>/<service>"). */
export function scaledServiceName(target: Node): string | undefined {
    const resourceId = asString(target.props.resourceId);
    const match = resourceId === undefined ? null : /^service\/[^/]+\/(.+)$/.exec(resourceId);
    return match?.[1];
}
