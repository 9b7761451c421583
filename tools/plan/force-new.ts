// Which input changes make the engine replace a resource, per type this
// program creates. Bridged providers replace exactly where the Terraform
// provider's schema says ForceNew; where that schema was not read here, the
// AWS API reference says which fields its update call cannot change.
// Property names are the Pulumi (camelCase) names of the Terraform fields.
// A type missing from this table, or a property marked "may replace", is
// shown as "may replace": the plan does not guess.

export interface ReplaceRule {
    /** Top-level inputs whose change replaces the resource; "all" means every input except `except`. */
    readonly replaceOn: readonly string[] | "all";
    readonly except?: readonly string[];
    /** Inputs whose change may or may not replace (depends on the values). */
    readonly mayReplaceOn?: readonly string[];
    /** What an in-place change of an input does that a reviewer should know (downtime, irreversibility). */
    readonly notes?: Readonly<Record<string, string>>;
    readonly source: string;
}

const TF_AWS = "hashicorp/terraform-provider-aws";
const TF_DO = "digitalocean/terraform-provider-digitalocean v2.99.1";
const AWS_API = "AWS API Reference";

export const FORCE_NEW: Readonly<Record<string, ReplaceRule>> = {
    // DigitalOcean: schema ForceNew, read from the provider source.
    "digitalocean:index/droplet:Droplet": {
        replaceOn: ["image", "region", "sshKeys", "userData", "monitoring", "dropletAgent", "vpcUuid", "gpuPartitionMode", "publicNetworking"],
        notes: {
            size: "resized in place: the Droplet is powered off during the resize, and with resizeDisk (default true) its disk grows for good, so the size can never go back down",
        },
        source: `${TF_DO} digitalocean/droplet/resource_droplet.go (ForceNew; size: resourceDigitalOceanDropletUpdate powers off and resizes)`,
    },
    "digitalocean:index/loadBalancer:LoadBalancer": {
        replaceOn: ["region", "vpcUuid", "subnetUuid", "ip", "type", "network", "networkStack"],
        source: `${TF_DO} digitalocean/loadbalancer/resource_loadbalancer.go (ForceNew)`,
    },
    "digitalocean:index/vpc:Vpc": {
        replaceOn: ["region", "ipRange"],
        source: `${TF_DO} digitalocean/vpc/resource_vpc.go (ForceNew)`,
    },
    "digitalocean:index/tag:Tag": {
        replaceOn: ["name"],
        source: `${TF_DO} digitalocean/tag/resource_tag.go (ForceNew)`,
    },
    "digitalocean:index/firewall:Firewall": {
        replaceOn: [],
        source: `${TF_DO} digitalocean/firewall/resource_firewall.go (no ForceNew field)`,
    },
    "digitalocean:index/databaseFirewall:DatabaseFirewall": {
        replaceOn: ["clusterId"],
        source: `${TF_DO} digitalocean/database/resource_database_firewall.go (cluster_id ForceNew; rules replaced in place by UpdateFirewallRules)`,
    },
    "digitalocean:index/project:Project": {
        replaceOn: [],
        source: `${TF_DO} digitalocean/project/resource_project.go (no ForceNew field)`,
    },

    // AWS: schema ForceNew, read from the provider source.
    "aws:route53/record:Record": {
        replaceOn: ["name", "zoneId"],
        notes: {
            type: "changed by deleting and creating the record set in one atomic change batch",
            setIdentifier: "changed by deleting and creating the record set in one atomic change batch",
        },
        source: `${TF_AWS} internal/service/route53/record.go (ForceNew: name, zone_id; resourceRecordUpdate)`,
    },
    "aws:route53/healthCheck:HealthCheck": {
        replaceOn: ["type", "requestInterval", "measureLatency", "referenceName", "routingControlArn"],
        source: `${TF_AWS} internal/service/route53/health_check.go (ForceNew)`,
    },
    "aws:ecs/taskDefinition:TaskDefinition": {
        // Task definitions are immutable revisions: every argument but tags forces a new one.
        replaceOn: "all",
        except: ["tags", "tagsAll", "skipDestroy", "trackLatest"],
        notes: { "*": "a new task definition revision; the service that uses it then rolls its tasks" },
        source: `${TF_AWS} internal/service/ecs/task_definition.go (ForceNew on every argument but tags and skip_destroy)`,
    },

    // AWS: fields the service's update API cannot change.
    "aws:ecs/service:Service": {
        replaceOn: ["name", "cluster", "launchType", "schedulingStrategy", "iamRole"],
        mayReplaceOn: ["deploymentController"],
        notes: { taskDefinition: "rolls the service's tasks to the new revision (circuit breaker and alarms roll back a failure)" },
        source: `${AWS_API} ECS UpdateService (no serviceName, cluster, launchType, schedulingStrategy or role parameter)`,
    },
    "aws:scheduler/schedule:Schedule": {
        replaceOn: ["name", "namePrefix", "groupName"],
        notes: { state: "ENABLED or DISABLED in place (UpdateSchedule): the owner of a job flips without a new schedule" },
        source: `${AWS_API} EventBridge Scheduler UpdateSchedule (no Name or GroupName parameter: a schedule is named for good)`,
    },
    "aws:sfn/stateMachine:StateMachine": {
        replaceOn: ["name", "namePrefix", "type"],
        source: `${AWS_API} Step Functions UpdateStateMachine (definition, roleArn, loggingConfiguration, tracingConfiguration only)`,
    },
    "aws:sqs/queue:Queue": {
        replaceOn: ["name", "namePrefix", "fifoQueue"],
        source: `${AWS_API} SQS SetQueueAttributes (a queue's name and FIFO type are fixed at CreateQueue)`,
    },
    "aws:ecs/cluster:Cluster": {
        replaceOn: ["name"],
        source: `${AWS_API} ECS UpdateCluster (no clusterName parameter)`,
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        replaceOn: ["name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"],
        source: `${AWS_API} ELBv2 CreateLoadBalancer (name, scheme, type are set only at creation)`,
    },
    "aws:lb/targetGroup:TargetGroup": {
        replaceOn: ["name", "namePrefix", "port", "protocol", "protocolVersion", "vpcId", "targetType", "ipAddressType"],
        source: `${AWS_API} ELBv2 ModifyTargetGroup (changes health check settings only)`,
    },
    "aws:lb/listener:Listener": {
        replaceOn: ["loadBalancerArn"],
        source: `${AWS_API} ELBv2 ModifyListener (no load balancer parameter)`,
    },
    "aws:lb/listenerRule:ListenerRule": {
        replaceOn: ["listenerArn"],
        source: `${AWS_API} ELBv2 ModifyRule / SetRulePriorities (no listener parameter)`,
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        replaceOn: ["name"],
        source: `${AWS_API} CloudWatch PutMetricAlarm (an alarm is identified by its name)`,
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        replaceOn: ["name", "namePrefix", "logGroupClass"],
        source: `${AWS_API} CloudWatch Logs (no rename; PutRetentionPolicy and AssociateKmsKey change the rest)`,
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        replaceOn: ["dashboardName"],
        source: `${AWS_API} CloudWatch PutDashboard (a dashboard is identified by its name)`,
    },
    "aws:appautoscaling/target:Target": {
        replaceOn: ["resourceId", "scalableDimension", "serviceNamespace"],
        source: `${AWS_API} Application Auto Scaling RegisterScalableTarget (identified by namespace, resource id and dimension)`,
    },
    "aws:appautoscaling/policy:Policy": {
        replaceOn: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
        source: `${AWS_API} Application Auto Scaling PutScalingPolicy (identified by policy name and scalable target)`,
    },
    "aws:iam/role:Role": {
        replaceOn: ["name", "namePrefix", "path"],
        source: `${AWS_API} IAM UpdateRole (no RoleName or Path parameter)`,
    },
    "aws:iam/rolePolicy:RolePolicy": {
        replaceOn: ["name", "namePrefix", "role"],
        source: `${AWS_API} IAM PutRolePolicy (identified by role and policy name)`,
    },
    "aws:ec2/eip:Eip": {
        replaceOn: ["domain", "address", "customerOwnedIpv4Pool", "networkBorderGroup", "publicIpv4Pool", "ipamPoolId"],
        source: `${AWS_API} EC2 AllocateAddress (no call changes an allocated address's domain, address or pool; association and tags change in place)`,
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        replaceOn: ["name", "namePrefix", "description", "vpcId"],
        source: `${AWS_API} EC2 (no call changes a security group's name, description or VPC)`,
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        replaceOn: ["securityGroupId"],
        source: `${AWS_API} EC2 ModifySecurityGroupRules (changes a rule within its group)`,
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        replaceOn: ["securityGroupId"],
        source: `${AWS_API} EC2 ModifySecurityGroupRules (changes a rule within its group)`,
    },
    "aws:ecr/repository:Repository": {
        replaceOn: ["name", "encryptionConfigurations"],
        source: `${AWS_API} ECR (no rename; encryption is set at creation)`,
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
        replaceOn: ["repository"],
        source: `${AWS_API} ECR PutLifecyclePolicy (identified by repository)`,
    },
    "aws:route53/zone:Zone": {
        replaceOn: ["name", "delegationSetId"],
        source: `${AWS_API} Route 53 (a hosted zone's name and delegation set are set at creation)`,
    },
    "aws:acm/certificate:Certificate": {
        replaceOn: ["domainName", "subjectAlternativeNames", "validationMethod", "keyAlgorithm"],
        source: `${AWS_API} ACM RequestCertificate (names and key are fixed for a certificate)`,
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        replaceOn: ["certificateArn", "validationRecordFqdns"],
        source: "a provider-side wait with no cloud object: any change waits again",
    },
    "aws:secretsmanager/secret:Secret": {
        replaceOn: ["name", "namePrefix"],
        source: `${AWS_API} Secrets Manager (no rename)`,
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        replaceOn: ["secretId"],
        mayReplaceOn: ["secretString", "secretBinary"],
        source: `${AWS_API} Secrets Manager PutSecretValue (a new value is a new version)`,
    },
    // An explicit provider: the engine replaces it when the provider's
    // DiffConfig says so, and replaces every resource it manages with it.
    // pulumi-aws's DiffConfig was not read here: a change may replace.
    "pulumi:providers:aws": {
        replaceOn: [],
        mayReplaceOn: ["region", "assumeRoles", "profile", "sharedCredentialsFiles"],
        source: "pulumi/pulumi pkg/resource/deploy (providers are replaced on DiffConfig's word; pulumi-aws's DiffConfig not read)",
    },
    // RDS and DMS (legacy.databases[].move): what each Modify call of the API
    // cannot change (botocore rds 2014-10-31, dms 2016-01-01 input members);
    // where the provider may still replace on another field, "may replace".
    "aws:rds/instance:Instance": {
        replaceOn: ["dbName", "username", "storageEncrypted", "kmsKeyId", "characterSetName", "availabilityZone"],
        mayReplaceOn: ["engine", "snapshotIdentifier", "replicateSourceDb"],
        notes: {
            engineVersion: "a new major version upgrades in place (allowMajorVersionUpgrade) with downtime; a minor one at the maintenance window",
            multiAz: "converting to Multi-AZ takes a snapshot and builds the standby: I/O may pause",
            instanceClass: "a new class restarts the instance (a failover with Multi-AZ)",
        },
        source: `${AWS_API}: RDS ModifyDBInstance has no DBName, MasterUsername, StorageEncrypted, KmsKeyId, CharacterSetName or AvailabilityZone (renames use NewDBInstanceIdentifier)`,
    },
    "aws:rds/cluster:Cluster": {
        replaceOn: ["databaseName", "masterUsername", "storageEncrypted", "kmsKeyId", "engine"],
        mayReplaceOn: ["availabilityZones", "snapshotIdentifier"],
        source: `${AWS_API}: RDS ModifyDBCluster has no DatabaseName, MasterUsername, StorageEncrypted, KmsKeyId or Engine (renames use NewDBClusterIdentifier)`,
    },
    "aws:rds/clusterInstance:ClusterInstance": {
        replaceOn: ["clusterIdentifier", "engine"],
        mayReplaceOn: ["availabilityZone"],
        source: `${AWS_API}: RDS ModifyDBInstance cannot move an instance to another cluster or engine`,
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        replaceOn: ["name", "namePrefix"],
        source: `${AWS_API}: RDS ModifyDBSubnetGroup changes only its description and subnets`,
    },
    "aws:rds/parameterGroup:ParameterGroup": {
        replaceOn: ["name", "namePrefix", "family", "description"],
        source: `${AWS_API}: RDS ModifyDBParameterGroup changes only its parameters`,
    },
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
        replaceOn: ["name", "namePrefix", "family", "description"],
        source: `${AWS_API}: RDS ModifyDBClusterParameterGroup changes only its parameters`,
    },
    "aws:dms/replicationInstance:ReplicationInstance": {
        replaceOn: ["kmsKeyArn", "publiclyAccessible", "replicationSubnetGroupId", "availabilityZone"],
        source: `${AWS_API}: DMS ModifyReplicationInstance has no KmsKeyId, PubliclyAccessible, ReplicationSubnetGroupIdentifier or AvailabilityZone`,
    },
    "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": {
        replaceOn: ["replicationSubnetGroupId"],
        source: `${AWS_API}: DMS ModifyReplicationSubnetGroup changes only its description and subnets`,
    },
    "aws:dms/endpoint:Endpoint": {
        replaceOn: ["kmsKeyArn"],
        mayReplaceOn: ["endpointId"],
        source: `${AWS_API}: DMS ModifyEndpoint has no KmsKeyId`,
    },
    "aws:dms/replicationTask:ReplicationTask": {
        replaceOn: ["replicationInstanceArn", "sourceEndpointArn", "targetEndpointArn"],
        mayReplaceOn: ["replicationTaskId"],
        notes: { tableMappings: "a task must be stopped to be modified (DMS ModifyReplicationTask): the provider stops it and starts it again" },
        source: `${AWS_API}: DMS ModifyReplicationTask has no ReplicationInstanceArn, SourceEndpointArn or TargetEndpointArn`,
    },
    "aws:dms/certificate:Certificate": {
        replaceOn: "all",
        source: `${AWS_API}: DMS has ImportCertificate and DeleteCertificate, no call that modifies a certificate`,
    },
    // Notifications and native rollouts (hashicorp/terraform-provider-aws: ForceNew / RequiresReplace in each resource's schema).
    "aws:sns/topic:Topic": {
        replaceOn: ["name", "namePrefix", "fifoTopic"],
        source: "terraform-provider-aws internal/service/sns/topic.go (name, name_prefix, fifo_topic ForceNew)",
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        replaceOn: ["arn"],
        source: "terraform-provider-aws internal/service/sns/topic_policy.go (arn ForceNew)",
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        replaceOn: ["topic", "protocol", "endpoint"],
        source: "terraform-provider-aws internal/service/sns/topic_subscription.go (topic_arn, protocol, endpoint ForceNew)",
    },
    "aws:cloudwatch/eventRule:EventRule": {
        replaceOn: ["name", "namePrefix", "eventBusName"],
        source: "terraform-provider-aws internal/service/events/rule.go (name, name_prefix, event_bus_name ForceNew)",
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        replaceOn: ["rule", "targetId", "eventBusName"],
        source: "terraform-provider-aws internal/service/events/target.go (rule, target_id, event_bus_name ForceNew)",
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        replaceOn: ["role", "policyArn"],
        source: "terraform-provider-aws internal/service/iam/role_policy_attachment.go (role, policy_arn ForceNew)",
    },
    "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": {
        replaceOn: ["configurationName", "slackTeamId"],
        source: "terraform-provider-aws internal/service/chatbot/slack_channel_configuration.go (configuration_name, slack_team_id RequiresReplace)",
    },
    "aws:ssm/parameter:Parameter": {
        replaceOn: ["name"],
        mayReplaceOn: ["type"],
        source: `${AWS_API} SSM PutParameter with Overwrite (identified by name)`,
    },
};

export type Replacement = { readonly kind: "replace" | "may-replace" | "update"; readonly source?: string; readonly note?: string };

/**
 * What a change of one top-level input does to a resource of this type.
 * (This program's own components register no inputs, so they never change;
 * a remote component such as awsx:ec2:Vpc decides about its children itself
 * and is not in the table: "may replace".)
 */
export function replacementOf(type: string, property: string): Replacement {
    const rule = FORCE_NEW[type];
    if (rule === undefined) {
        return { kind: "may-replace", note: `no force-new table for ${type}` };
    }
    const note = rule.notes?.[property] ?? rule.notes?.["*"];
    if (rule.replaceOn === "all" ? !(rule.except ?? []).includes(property) : rule.replaceOn.includes(property)) {
        return { kind: "replace", source: rule.source, note };
    }
    if (rule.mayReplaceOn?.includes(property)) {
        return { kind: "may-replace", source: rule.source, note };
    }
    return { kind: "update", source: rule.source, note: rule.notes?.[property] };
}
