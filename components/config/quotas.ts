// The service quotas and per-resource limits a stack must fit in, checked on
// the parsed config before any resource is registered (what the program
// would register is a function of the config, so the count is exact). The
// adjustable ones are account quotas whose value config declares
// (platform.quotas, AWS's or DigitalOcean's default when left out); the
// others are hard limits, always enforced. QUOTAS lists every quota of every
// resource type the program registers, checked or not, with its source:
// docs/limits.md shows it as a table. Limits on values only the program
// computes (a task definition's size, the dashboard's widgets) are checked
// by the offline plan (tools/offline/quotas.ts).
import { canaryCapacity } from "../aws/capacity";
import { replicates, servicesOnTarget, servicesReachSource } from "../aws/database-plan";
import type { HostnameConfig, LegacyStackConfig, NetworkConfig, PlatformConfig, ServiceConfig } from "./types";

/** CPU units of one vCPU (ECS task definition cpu). */
export const FARGATE_VCPU_UNITS = 1024;

/** Pages the figures come from (read 2026; the archived awsdocs GitHub copies agree where they exist). */
export const QUOTA_PAGES = {
    elb: { label: "ALB quotas", url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html" },
    acm: { label: "ACM quotas", url: "https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html" },
    ecs: { label: "ECS service quotas", url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html" },
    fargate: { label: "ECS and Fargate endpoints and quotas", url: "https://docs.aws.amazon.com/general/latest/gr/ecs-service.html" },
    vpc: { label: "VPC quotas", url: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html" },
    sgSize: { label: "security group size", url: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#security-group-size" },
    route53: { label: "Route 53 quotas", url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html" },
    iam: { label: "IAM and STS quotas", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html" },
    ssm: { label: "SSM PutParameter", url: "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html" },
    cloudwatch: { label: "CloudWatch quotas", url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html" },
    ecr: { label: "ECR quotas", url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html" },
    autoscaling: { label: "Application Auto Scaling quotas", url: "https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-limits.html" },
    logs: { label: "CloudWatch Logs quotas", url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html" },
    sns: { label: "Amazon SNS endpoints and quotas", url: "https://docs.aws.amazon.com/general/latest/gr/sns.html" },
    eventbridge: { label: "Amazon EventBridge quotas", url: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html" },
    chatbot: { label: "AWS Chatbot quotas", url: "https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-quotas.html" },
    doFirewalls: { label: "DigitalOcean firewall limits", url: "https://docs.digitalocean.com/products/networking/firewalls/details/limits/" },
    doLoadBalancers: { label: "DigitalOcean load balancer limits", url: "https://docs.digitalocean.com/products/networking/load-balancers/details/limits/" },
    doAccount: { label: "DigitalOcean accounts (Droplet limit; droplet_limit of GET /v2/account)", url: "https://docs.digitalocean.com/products/accounts/" },
    scheduler: { label: "EventBridge Scheduler quotas", url: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/scheduler-quotas.html" },
    states: { label: "Step Functions service quotas", url: "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html" },
    doDatabaseFirewall: { label: "DigitalOcean API, Update Firewall Rules of a database (\"limited to 100 rules\")", url: "https://docs.digitalocean.com/reference/api/digitalocean/#tag/Databases" },
    rds: { label: "Amazon RDS quotas", url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html" },
    dms: { label: "AWS DMS quotas", url: "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Limits.html" },
    secretsManager: { label: "Secrets Manager quotas", url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html" },
} as const;

export type QuotaPage = keyof typeof QUOTA_PAGES;

/** ELB "Target Groups per Application Load Balancer": 100, not adjustable. */
export const TARGET_GROUPS_PER_ALB = 100;
/** ELB "Condition Wildcards per Rule": 5, not adjustable (* and ? in the rule's values). */
export const CONDITION_WILDCARDS_PER_RULE = 5;
/** ECS "Subnets per awsvpcConfiguration": 16, not adjustable. */
export const SUBNETS_PER_AWSVPC_CONFIGURATION = 16;
/** SSM: "You can create a maximum of 10,000 standard parameters for each Region" (PutParameter, Tier). */
export const SSM_STANDARD_PARAMETERS_PER_REGION = 10_000;
/** Route 53 "Values in a record": 400 per record. */
export const ROUTE53_VALUES_PER_RECORD = 400;
/** DigitalOcean cloud firewalls: "up to 50 total incoming and outgoing rules". */
export const DO_FIREWALL_RULES = 50;
/** DigitalOcean cloud firewalls: "limited to 1000 entries in the Sources or Destinations field". */
export const DO_FIREWALL_RULE_ENTRIES = 1000;
/** DigitalOcean database firewall: "limited to 100 rules (or trusted sources)". */
export const DO_DATABASE_TRUSTED_SOURCES = 100;
/** The rules the program puts in every legacy firewall before config's extra ones (components/legacy/firewall-rules.ts). */
export const LEGACY_FIREWALL_OWN_RULES = { inbound: 1, outbound: 8 } as const;

export type QuotaKey = keyof PlatformConfig["quotas"];

/** Where a quota is enforced. */
export type QuotaCheck =
    | { readonly by: "config"; readonly key?: QuotaKey }
    | { readonly by: "plan"; readonly rule: string }
    | { readonly by: "provider rule"; readonly rule: string; readonly note?: string }
    | { readonly by: "unreachable"; readonly why: string };

export interface Quota {
    readonly id: string;
    /** Resource types it bounds (registered types, or the service for account-wide ones). */
    readonly types: readonly string[];
    /** The quota's name on its page. */
    readonly name: string;
    /** The default value (undefined: the provider publishes none). */
    readonly defaultValue?: string;
    /** How far it can be raised, when adjustable ("-": no documented maximum). */
    readonly max?: string;
    readonly adjustable: boolean;
    readonly check: QuotaCheck;
    /** The pages that state it (QUOTA_PAGES). */
    readonly source: readonly QuotaPage[];
}

/** Every quota and per-resource limit of the resource types the program registers. */
export const QUOTAS: readonly Quota[] = [
    // Elastic Load Balancing
    { id: "elb-target-groups-per-alb", types: ["aws:lb/targetGroup:TargetGroup"], name: "Target Groups per Application Load Balancer", defaultValue: "100", adjustable: false, check: { by: "config" }, source: ["elb"] },
    { id: "elb-rules-per-alb", types: ["aws:lb/listenerRule:ListenerRule"], name: "Rules per Application Load Balancer (excluding default rules)", defaultValue: "100", max: "-", adjustable: true, check: { by: "config", key: "rulesPerAlb" }, source: ["elb"] },
    { id: "elb-certificates-per-alb", types: ["aws:lb/listenerCertificate:ListenerCertificate"], name: "Certificates per Application Load Balancer (excluding default certificates)", defaultValue: "25", max: "-", adjustable: true, check: { by: "config", key: "certificatesPerAlb" }, source: ["elb"] },
    { id: "elb-targets-per-alb", types: ["aws:lb/targetGroup:TargetGroup", "aws:ecs/service:Service"], name: "Targets per Application Load Balancer", defaultValue: "1,000", max: "-", adjustable: true, check: { by: "config", key: "targetsPerAlb" }, source: ["elb"] },
    { id: "elb-condition-wildcards-per-rule", types: ["aws:lb/listenerRule:ListenerRule"], name: "Condition Wildcards per Rule", defaultValue: "5", adjustable: false, check: { by: "config" }, source: ["elb"] },
    { id: "elb-condition-values-per-rule", types: ["aws:lb/listenerRule:ListenerRule"], name: "Condition Values per Rule", defaultValue: "5", adjustable: false, check: { by: "provider rule", rule: "elbv2-rule-condition-values", note: "the schema allows at most 4 path patterns beside the host" }, source: ["elb"] },
    { id: "elb-target-groups-per-action", types: ["aws:lb/listenerRule:ListenerRule"], name: "Target Groups per Action per Application Load Balancer", defaultValue: "5", adjustable: false, check: { by: "provider rule", rule: "elbv2-forward-target-groups" }, source: ["elb"] },
    { id: "elb-targets-per-target-group", types: ["aws:lb/targetGroup:TargetGroup"], name: "Targets per Target Group per Region", defaultValue: "1,000", max: "-", adjustable: true, check: { by: "unreachable", why: "a revision scales to autoscaling.max, at most 1000 by the schema" }, source: ["elb"] },
    { id: "elb-albs-per-region", types: ["aws:lb/loadBalancer:LoadBalancer"], name: "Application Load Balancers per Region", defaultValue: "50", max: "-", adjustable: true, check: { by: "unreachable", why: "one ALB per stack (other stacks' ALBs are account state the plan cannot see)" }, source: ["elb"] },
    { id: "elb-listeners-per-alb", types: ["aws:lb/listener:Listener"], name: "Listeners per Application Load Balancer", defaultValue: "50", max: "-", adjustable: true, check: { by: "unreachable", why: "two listeners (HTTP, HTTPS)" }, source: ["elb"] },
    { id: "elb-target-groups-per-region", types: ["aws:lb/targetGroup:TargetGroup"], name: "Target Groups per Region", defaultValue: "3,000", max: "-", adjustable: true, check: { by: "unreachable", why: "at most 100 per stack (Target Groups per Application Load Balancer)" }, source: ["elb"] },
    // ACM
    { id: "acm-names-per-certificate", types: ["aws:acm/certificate:Certificate"], name: "Domain names per ACM certificate", defaultValue: "10", max: "100", adjustable: true, check: { by: "config", key: "acmNamesPerCertificate" }, source: ["acm"] },
    { id: "acm-certificates", types: ["aws:acm/certificate:Certificate"], name: "ACM certificates", defaultValue: "2,500 (1,000 in older copies of the page)", max: "-", adjustable: true, check: { by: "unreachable", why: "at most certificatesPerAlb + 1 per stack" }, source: ["acm"] },
    // ECS and Fargate
    { id: "fargate-on-demand-vcpus", types: ["aws:ecs/service:Service", "aws:appautoscaling/target:Target"], name: "Fargate On-Demand vCPU resource count", defaultValue: "6 (new accounts may start lower)", max: "-", adjustable: true, check: { by: "config", key: "fargateOnDemandVcpus" }, source: ["fargate"] },
    // Scheduled jobs (one schedule, one state machine, one dead-letter queue each)
    { id: "scheduler-schedules", types: ["aws:scheduler/schedule:Schedule"], name: "Number of schedules", defaultValue: "10,000,000 per Region", max: "-", adjustable: true, check: { by: "unreachable", why: "one per job; the policy workloads-stack-ceilings caps a stack's schedules (50 by default)" }, source: ["scheduler"] },
    { id: "states-state-machines", types: ["aws:sfn/stateMachine:StateMachine"], name: "Maximum number of registered state machines", defaultValue: "100,000", max: "150,000", adjustable: true, check: { by: "unreachable", why: "one per job; the policy workloads-stack-ceilings caps a stack's schedules" }, source: ["states"] },
    { id: "states-definition-size", types: ["aws:sfn/stateMachine:StateMachine"], name: "Maximum size of a state machine definition", defaultValue: "1 MB", adjustable: false, check: { by: "provider rule", rule: "sfn-definition-json" }, source: ["states"] },
    { id: "ecs-task-definition-size", types: ["aws:ecs/taskDefinition:TaskDefinition"], name: "Task definition size", defaultValue: "64 KiB", adjustable: false, check: { by: "plan", rule: "ecs-task-definition-size" }, source: ["ecs"] },
    { id: "ecs-subnets-per-awsvpc", types: ["aws:ecs/service:Service"], name: "Subnets per awsvpcConfiguration", defaultValue: "16", adjustable: false, check: { by: "config" }, source: ["ecs"] },
    { id: "ecs-security-groups-per-awsvpc", types: ["aws:ecs/service:Service"], name: "Security groups per awsvpcConfiguration", defaultValue: "5", adjustable: false, check: { by: "unreachable", why: "one security group per service" }, source: ["ecs"] },
    { id: "ecs-target-groups-per-service", types: ["aws:ecs/service:Service"], name: "Target groups per service", defaultValue: "5", adjustable: false, check: { by: "provider rule", rule: "ecs-service-target-groups" }, source: ["ecs"] },
    { id: "ecs-containers-per-task-definition", types: ["aws:ecs/taskDefinition:TaskDefinition"], name: "Containers per task definition", defaultValue: "10", adjustable: false, check: { by: "unreachable", why: "one container" }, source: ["ecs"] },
    { id: "ecs-services-per-cluster", types: ["aws:ecs/service:Service"], name: "Services per cluster", defaultValue: "5,000", max: "-", adjustable: true, check: { by: "unreachable", why: "at most 100 (two revisions of at most 50 Fargate services)" }, source: ["ecs"] },
    { id: "ecs-tasks-per-service", types: ["aws:ecs/service:Service"], name: "Tasks per service", defaultValue: "5,000", max: "-", adjustable: true, check: { by: "unreachable", why: "autoscaling.max is at most 1000 by the schema" }, source: ["ecs"] },
    { id: "ecs-clusters", types: ["aws:ecs/cluster:Cluster"], name: "Clusters per account", defaultValue: "10,000", max: "-", adjustable: true, check: { by: "unreachable", why: "one cluster per stack" }, source: ["ecs"] },
    // VPC and EC2
    { id: "ec2-elastic-ips", types: ["aws:ec2/eip:Eip"], name: "Elastic IP addresses per Region", defaultValue: "5", max: "-", adjustable: true, check: { by: "config", key: "elasticIpsPerRegion" }, source: ["vpc"] },
    { id: "vpc-rules-per-security-group", types: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"], name: "Inbound or outbound rules per security group", defaultValue: "60 (each direction, IPv4 and IPv6 apart)", max: "1,000 divided by 'Security groups per network interface'", adjustable: true, check: { by: "config", key: "rulesPerSecurityGroup" }, source: ["vpc", "sgSize"] },
    { id: "vpc-security-groups-per-eni", types: ["aws:ec2/securityGroup:SecurityGroup"], name: "Security groups per network interface", defaultValue: "5", max: "16", adjustable: true, check: { by: "unreachable", why: "one security group per task and per ALB" }, source: ["vpc"] },
    { id: "vpc-security-groups", types: ["aws:ec2/securityGroup:SecurityGroup"], name: "VPC security groups per Region", defaultValue: "2,500", max: "-", adjustable: true, check: { by: "unreachable", why: "at most 51 per stack" }, source: ["vpc"] },
    { id: "vpc-vpcs", types: ["awsx:ec2:Vpc"], name: "VPCs per Region (and Internet gateways per Region)", defaultValue: "5", max: "-", adjustable: true, check: { by: "unreachable", why: "one per stack with network.mode create (the account's other VPCs are state the plan cannot see)" }, source: ["vpc"] },
    { id: "vpc-nat-gateways-per-az", types: ["awsx:ec2:Vpc"], name: "NAT gateways per Availability Zone", defaultValue: "5", max: "-", adjustable: true, check: { by: "unreachable", why: "at most one per zone per stack" }, source: ["vpc"] },
    { id: "vpc-subnets", types: ["awsx:ec2:Vpc"], name: "Subnets per VPC", defaultValue: "200", max: "-", adjustable: true, check: { by: "unreachable", why: "two per availability zone, at most 12" }, source: ["vpc"] },
    // Route 53
    { id: "route53-health-checks", types: ["aws:route53/healthCheck:HealthCheck"], name: "Health checks (active, per account)", defaultValue: "200", max: "-", adjustable: true, check: { by: "config", key: "route53HealthChecks" }, source: ["route53"] },
    { id: "route53-records-per-zone", types: ["aws:route53/record:Record"], name: "Records per hosted zone", defaultValue: "10,000", max: "-", adjustable: true, check: { by: "config", key: "route53RecordsPerZone" }, source: ["route53"] },
    { id: "route53-values-per-record", types: ["aws:route53/record:Record"], name: "Values in a record", defaultValue: "400", adjustable: false, check: { by: "config" }, source: ["route53"] },
    { id: "route53-child-health-checks", types: ["aws:route53/healthCheck:HealthCheck"], name: "Child health checks that a calculated health check can monitor", defaultValue: "255", adjustable: false, check: { by: "unreachable", why: "one child per Fargate service of a hostname, at most 50" }, source: ["route53"] },
    { id: "route53-weighted-records", types: ["aws:route53/record:Record"], name: "Weighted records that have the same name and type", defaultValue: "100", adjustable: false, check: { by: "unreachable", why: "two per hostname" }, source: ["route53"] },
    { id: "route53-hosted-zones", types: ["aws:route53/zone:Zone"], name: "Hosted zones", defaultValue: "500", max: "-", adjustable: true, check: { by: "unreachable", why: "at most one per stack" }, source: ["route53"] },
    // IAM, SSM, CloudWatch, ECR, Application Auto Scaling, Logs
    { id: "iam-role-policy-size", types: ["aws:iam/rolePolicy:RolePolicy"], name: "Role policy size (all inline policies of a role)", defaultValue: "10,240 characters", adjustable: false, check: { by: "provider rule", rule: "iam-role-inline-policy-size" }, source: ["iam"] },
    { id: "iam-roles", types: ["aws:iam/role:Role"], name: "Roles per account", defaultValue: "1,000", max: "5,000 (10,000 in later copies of the page)", adjustable: true, check: { by: "unreachable", why: "two per Fargate service, at most 100 per stack" }, source: ["iam"] },
    { id: "iam-trust-policy-size", types: ["aws:iam/role:Role"], name: "Role trust policy length", defaultValue: "2,048 characters", max: "4,096 (8,192 in later copies of the page)", adjustable: true, check: { by: "unreachable", why: "a fixed trust policy of about 400 characters" }, source: ["iam"] },
    { id: "ssm-standard-parameters", types: ["aws:ssm/parameter:Parameter"], name: "Standard parameters per Region", defaultValue: "10,000", adjustable: false, check: { by: "config" }, source: ["ssm"] },
    { id: "ssm-standard-value", types: ["aws:ssm/parameter:Parameter"], name: "Standard parameter value size", defaultValue: "4 KB", adjustable: false, check: { by: "config" }, source: ["ssm"] },
    { id: "cloudwatch-dashboard-widgets", types: ["aws:cloudwatch/dashboard:Dashboard"], name: "Widgets per dashboard", defaultValue: "500", adjustable: false, check: { by: "plan", rule: "cloudwatch-dashboard-widgets" }, source: ["cloudwatch"] },
    { id: "cloudwatch-dashboard-metrics", types: ["aws:cloudwatch/dashboard:Dashboard"], name: "Metrics per dashboard widget; metrics per dashboard", defaultValue: "500; 2,500", adjustable: false, check: { by: "plan", rule: "cloudwatch-dashboard-metrics" }, source: ["cloudwatch"] },
    { id: "cloudwatch-alarms", types: ["aws:cloudwatch/metricAlarm:MetricAlarm"], name: "Alarms", defaultValue: "no limit per account", adjustable: false, check: { by: "unreachable", why: "CloudWatch sets no limit on the number of alarms" }, source: ["cloudwatch"] },
    { id: "ecr-repositories", types: ["aws:ecr/repository:Repository"], name: "Registered repositories", defaultValue: "100,000 (10,000 in older copies of the page)", max: "-", adjustable: true, check: { by: "unreachable", why: "one per Fargate service" }, source: ["ecr"] },
    { id: "ecr-lifecycle-rules", types: ["aws:ecr/lifecyclePolicy:LifecyclePolicy"], name: "Rules per lifecycle policy", defaultValue: "50", adjustable: false, check: { by: "unreachable", why: "three rules" }, source: ["ecr"] },
    { id: "autoscaling-targets", types: ["aws:appautoscaling/target:Target"], name: "Scalable targets per resource type (ECS)", defaultValue: "3,000", max: "-", adjustable: true, check: { by: "unreachable", why: "one per ECS service, at most 100 per stack" }, source: ["autoscaling"] },
    { id: "autoscaling-policies", types: ["aws:appautoscaling/policy:Policy"], name: "Scaling policies per scalable target", defaultValue: "50", adjustable: false, check: { by: "unreachable", why: "two per target" }, source: ["autoscaling"] },
    { id: "logs-log-groups", types: ["aws:cloudwatch/logGroup:LogGroup"], name: "Log groups per Region", defaultValue: "1,000,000", max: "-", adjustable: true, check: { by: "unreachable", why: "one per Fargate service" }, source: ["logs"] },
    // Notifications (platform.notifications)
    { id: "sns-topics", types: ["aws:sns/topic:Topic"], name: "Topics per account", defaultValue: "100,000", max: "-", adjustable: true, check: { by: "unreachable", why: "at most two per stack (the region's and its us-east-1 twin)" }, source: ["sns"] },
    { id: "sns-subscriptions-per-topic", types: ["aws:sns/topicSubscription:TopicSubscription"], name: "Subscriptions per standard topic", defaultValue: "12,500,000", max: "-", adjustable: true, check: { by: "unreachable", why: "one per configured email and HTTPS endpoint" }, source: ["sns"] },
    { id: "sns-pending-subscriptions", types: ["aws:sns/topicSubscription:TopicSubscription"], name: "Pending subscriptions (unconfirmed, per account)", defaultValue: "5,000", max: "-", adjustable: true, check: { by: "unreachable", why: "one per configured email and HTTPS endpoint until confirmed" }, source: ["sns"] },
    { id: "eventbridge-rules-per-bus", types: ["aws:cloudwatch/eventRule:EventRule"], name: "Rules per event bus", defaultValue: "300", max: "-", adjustable: true, check: { by: "unreachable", why: "one per stack on the default bus (the account's other rules are state the plan cannot see)" }, source: ["eventbridge"] },
    { id: "eventbridge-targets-per-rule", types: ["aws:cloudwatch/eventTarget:EventTarget"], name: "Targets per rule", defaultValue: "5", adjustable: false, check: { by: "unreachable", why: "one target" }, source: ["eventbridge"] },
    { id: "cloudwatch-alarm-actions", types: ["aws:cloudwatch/metricAlarm:MetricAlarm"], name: "Actions per alarm state (alarm, OK, insufficient data)", defaultValue: "5", adjustable: false, check: { by: "unreachable", why: "one topic per action" }, source: ["cloudwatch"] },
    { id: "chatbot-channel-configurations", types: ["aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration"], name: "Slack channel configurations per account", defaultValue: undefined, max: "-", adjustable: true, check: { by: "unreachable", why: "one per configured Slack channel" }, source: ["chatbot"] },
    // DigitalOcean
    { id: "do-droplets", types: ["digitalocean:index/droplet:Droplet"], name: "Droplet limit of the team", defaultValue: undefined, max: "-", adjustable: true, check: { by: "config", key: "doDroplets" }, source: ["doAccount"] },
    { id: "do-load-balancers", types: ["digitalocean:index/loadBalancer:LoadBalancer"], name: "Load balancers per account", defaultValue: "10", max: "-", adjustable: true, check: { by: "config", key: "doLoadBalancers" }, source: ["doLoadBalancers"] },
    { id: "do-firewall-rules", types: ["digitalocean:index/firewall:Firewall"], name: "Incoming and outgoing rules per firewall", defaultValue: "50", adjustable: false, check: { by: "config" }, source: ["doFirewalls"] },
    { id: "do-firewall-rule-entries", types: ["digitalocean:index/firewall:Firewall"], name: "Entries in a rule's Sources or Destinations field", defaultValue: "1,000", adjustable: false, check: { by: "config" }, source: ["doFirewalls"] },
    { id: "do-firewall-tags", types: ["digitalocean:index/firewall:Firewall"], name: "Tags per firewall; Droplets per firewall", defaultValue: "5; 10", adjustable: false, check: { by: "unreachable", why: "one tag, no Droplets by id" }, source: ["doFirewalls"] },
    { id: "do-lb-droplets-by-id", types: ["digitalocean:index/loadBalancer:LoadBalancer"], name: "Backend Droplets by name per load balancer", defaultValue: "10", adjustable: false, check: { by: "unreachable", why: "Droplets are selected by tag, which has no limit" }, source: ["doLoadBalancers"] },
    // RDS, DMS and Secrets Manager (legacy.databases[].move)
    { id: "rds-db-instances", types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"], name: "DB instances", defaultValue: "40", max: "-", adjustable: true, check: { by: "config", key: "rdsDbInstances" }, source: ["rds"] },
    { id: "rds-db-clusters", types: ["aws:rds/cluster:Cluster"], name: "DB clusters", defaultValue: "40", max: "-", adjustable: true, check: { by: "unreachable", why: "one per database moving to Aurora, and each takes a DB instance (rds-db-instances)" }, source: ["rds"] },
    { id: "rds-storage", types: ["aws:rds/instance:Instance"], name: "Total storage for all DB instances", defaultValue: "100,000 GiB", max: "-", adjustable: true, check: { by: "unreachable", why: "the account's other instances are state the plan cannot see; each target's ceiling is its maxStorageGb" }, source: ["rds"] },
    { id: "rds-parameter-groups", types: ["aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup"], name: "DB parameter groups; DB cluster parameter groups", defaultValue: "50; 50", max: "-", adjustable: true, check: { by: "unreachable", why: "one per moving database" }, source: ["rds"] },
    { id: "rds-subnet-groups", types: ["aws:rds/subnetGroup:SubnetGroup"], name: "DB subnet groups", defaultValue: "50", max: "-", adjustable: true, check: { by: "unreachable", why: "one per moving database" }, source: ["rds"] },
    { id: "dms-replication-instances", types: ["aws:dms/replicationInstance:ReplicationInstance"], name: "Replication instances per user account", defaultValue: "60", max: "-", adjustable: true, check: { by: "config", key: "dmsReplicationInstances" }, source: ["dms"] },
    { id: "dms-endpoints", types: ["aws:dms/endpoint:Endpoint"], name: "Endpoints per user account; endpoints per replication instance", defaultValue: "1,000; 100", max: "-", adjustable: true, check: { by: "unreachable", why: "two per replicating database, on its own instance" }, source: ["dms"] },
    { id: "dms-tasks", types: ["aws:dms/replicationTask:ReplicationTask"], name: "Tasks per user account; tasks per replication instance", defaultValue: "600; 200", max: "-", adjustable: true, check: { by: "unreachable", why: "one per replicating database, on its own instance" }, source: ["dms"] },
    { id: "dms-subnet-groups", types: ["aws:dms/replicationSubnetGroup:ReplicationSubnetGroup"], name: "Replication subnet groups", defaultValue: "60", max: "-", adjustable: true, check: { by: "unreachable", why: "one per replicating database, as many as its instances (dms-replication-instances)" }, source: ["dms"] },
    { id: "dms-certificates", types: ["aws:dms/certificate:Certificate"], name: "Certificates per user account", defaultValue: "100", max: "-", adjustable: true, check: { by: "unreachable", why: "one per replicating database, as many as its instances (dms-replication-instances)" }, source: ["dms"] },
    { id: "secretsmanager-secrets", types: ["aws:secretsmanager/secret:Secret"], name: "Secrets per Region", defaultValue: "500,000", adjustable: false, check: { by: "unreachable", why: "two per moving database" }, source: ["secretsManager"] },
    { id: "do-database-trusted-sources", types: ["digitalocean:index/databaseFirewall:DatabaseFirewall"], name: "Rules (trusted sources) per database firewall", defaultValue: "100", adjustable: false, check: { by: "config" }, source: ["doDatabaseFirewall"] },
];

/** What the checks read: the parsed config's parts (a StackConfig has them all). */
export interface QuotaStack {
    /** dev or prod: a moving database's Multi-AZ default. @default dev */
    readonly environment?: string;
    readonly network: NetworkConfig;
    readonly legacy: Pick<LegacyStackConfig, "adminCidrs" | "firewall" | "databases">;
    readonly services: readonly ServiceConfig[];
    readonly hostnames: readonly HostnameConfig[];
    /** Workers, jobs and release tasks: the most tasks each runs at once, and their cpu units. @default none */
    readonly workloads?: readonly { readonly maxTasks: number; readonly cpu: number }[];
}

/** What the program registers against each counted quota, from the config alone. */
export interface QuotaUsage {
    readonly targetGroups: number;
    readonly albTargets: number;
    /** vCPUs of every task the revisions can scale to. */
    readonly fargateVcpus: number;
    readonly elasticIps: number;
    readonly healthChecks: number;
    /** Records the stack adds to its zone, besides the zone's own SOA and NS. */
    readonly zoneRecords: number;
    readonly ssmParameters: number;
    readonly doLoadBalancers: number;
    readonly doDroplets: number;
    /** The ALB's security group: rules per direction (ingress per address family). */
    readonly albSecurityGroup: { readonly inboundIpv4: number; readonly inboundIpv6: number; readonly outbound: number };
    /** Outbound rules of each Fargate service's task security group, by service. */
    readonly taskSecurityGroupOutbound: Readonly<Record<string, number>>;
    /** Rules of each legacy firewall (all alike), or undefined when the firewall is not applied. */
    readonly firewallRules?: number;
    /** Trusted sources of each legacy database, by name. */
    readonly trustedSources: Readonly<Record<string, number>>;
    /** RDS DB instances of the moving databases (an Aurora cluster's writer, and its reader with Multi-AZ). */
    readonly rdsInstances: number;
    /** DMS replication instances: one per database that replicates. */
    readonly dmsInstances: number;
}

function natGatewayCount(network: NetworkConfig): number {
    if (network.mode !== "create") {
        return 0;
    }
    return network.natGateways === "one-per-az" ? network.availabilityZones : 1;
}

/** The revisions' task ceilings of a Fargate service: stable, then the canary when configured. */
function revisionMaxima(service: ServiceConfig): number[] {
    const fargate = service.fargate;
    if (fargate === undefined) {
        return [];
    }
    return [fargate.autoscaling.max, ...(fargate.canary === undefined ? [] : [canaryCapacity(fargate).max])];
}

/** Wildcard characters (* and ?) in a list of condition values. */
export function wildcardCount(values: readonly string[]): number {
    return values.reduce((n, v) => n + [...v].filter((c) => c === "*" || c === "?").length, 0);
}

/** Counts what the program registers against each quota (kept in step with the components by tests/quotas-config.test.ts). */
export function quotaUsage(stack: QuotaStack): QuotaUsage {
    const fargate = stack.services.filter((s) => s.fargate !== undefined);
    const legacy = stack.services.filter((s) => s.legacy.enabled);
    const byName = new Map(stack.services.map((s) => [s.name, s]));
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    let healthChecks = 0;
    let weightedRecords = 0;
    for (const h of stack.hostnames) {
        const owner = byName.get(h.owner);
        const legacySide = owner?.legacy.enabled === true;
        // components/traffic/routing.ts: a check per side, a calculated one over several Fargate services.
        healthChecks += (legacySide ? 1 : 0) + h.fargateServices.length + (h.fargateServices.length > 1 ? 1 : 0);
        if (owner?.traffic?.liveRecord === undefined) {
            weightedRecords += (legacySide ? 1 : 0) + (h.fargateServices.length > 0 ? 1 : 0);
        }
    }
    const natIps = stack.network.mode === "existing" ? stack.network.natPublicIps ?? [] : undefined;
    const firewall = stack.legacy.firewall;
    return {
        targetGroups: 2 * fargate.length,
        albTargets: sum(fargate.flatMap(revisionMaxima)),
        fargateVcpus: sum(fargate.flatMap((s) => revisionMaxima(s).map((max) => (max * s.fargate!.cpu) / FARGATE_VCPU_UNITS)))
            + sum((stack.workloads ?? []).map((w) => (w.maxTasks * w.cpu) / FARGATE_VCPU_UNITS)),
        elasticIps: natGatewayCount(stack.network),
        healthChecks,
        // Per Fargate service its health-check alias; per name the ALB answers (hostnames and the health wildcard) its ACM validation record.
        zoneRecords: weightedRecords + fargate.length + new Set(fargate.map((s) => s.hostname)).size + 1,
        // Secrets from config (a database's variable on its RDS target reads the target's secret: no parameter,
        // components/aws/fargate-service.ts), and one release marker per hostname (components/traffic/release-marker.ts).
        ssmParameters: sum(fargate.map((s) => s.fargate!.secrets.filter((x) => x.source === "config" && !onTargetVariables(stack, s).has(x.name)).length)) + stack.hostnames.length,
        doLoadBalancers: legacy.length,
        doDroplets: sum(legacy.map((s) => (s.legacy.enabled ? (s.legacy.mode === "create" ? s.legacy.count : s.legacy.droplets.length) : 0))),
        albSecurityGroup: { inboundIpv4: 2, inboundIpv6: 2, outbound: fargate.length },
        // A moving database: its DigitalOcean address until done, and its RDS target from replicate on.
        taskSecurityGroupOutbound: Object.fromEntries(fargate.map((s) => [s.name, 1 + sum(s.fargate!.egress.map((r) => {
            const move = "database" in r ? stack.legacy.databases.find((d) => d.name === r.database)?.move : undefined;
            return move === undefined ? 1 : (servicesReachSource(move.phase) ? 1 : 0) + 1;
        }))])),
        firewallRules: firewall.enabled
            ? LEGACY_FIREWALL_OWN_RULES.inbound + (stack.legacy.adminCidrs.length > 0 ? 1 : 0) + LEGACY_FIREWALL_OWN_RULES.outbound + firewall.inbound.length + firewall.outbound.length
            : undefined,
        trustedSources: Object.fromEntries(stack.legacy.databases.map((d) => {
            const kept = d.trustedSources.filter((t) => t.type === "ip_addr").map((t) => t.value);
            // New Elastic IPs are in no list yet; given addresses may already be (databaseFirewallRules drops those).
            const nat = natIps === undefined ? natGatewayCount(stack.network) : new Set(natIps.filter((ip) => !kept.includes(ip))).size;
            return [d.name, d.trustedSources.length + nat];
        })),
        rdsInstances: sum(stack.legacy.databases.map((d) => (d.move === undefined ? 0 : d.move.aurora && (d.move.multiAz ?? stack.environment === "prod") ? 2 : 1))),
        dmsInstances: stack.legacy.databases.filter((d) => d.move !== undefined && replicates(d.move.phase)).length,
    };
}

/** The secret variables of a service that read a moving database's RDS target. */
function onTargetVariables(stack: QuotaStack, service: ServiceConfig): Set<string> {
    const names = new Set<string>();
    for (const rule of service.fargate?.egress ?? []) {
        const move = "database" in rule ? stack.legacy.databases.find((d) => d.name === rule.database)?.move : undefined;
        if (move !== undefined && servicesOnTarget(move.phase)) {
            names.add(move.urlVariable);
        }
    }
    return names;
}

const round = (n: number) => Number(n.toFixed(2));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Every quota the stack would exceed, as "<key>: <found>; allowed <limit>
 * (<quota>): <what to do>". `key` formats a config path as the stack file
 * names it.
 */
export function quotaProblems(stack: QuotaStack, quotas: PlatformConfig["quotas"], key: (path: readonly PropertyKey[]) => string): string[] {
    const problems: string[] = [];
    const usage = quotaUsage(stack);
    const fargate = stack.services.filter((s) => s.fargate !== undefined);
    const at = (i: number, ...path: PropertyKey[]) => key(["services", i, ...path]);
    const raise = (quota: string, k: QuotaKey) => (k.startsWith("do")
        ? `ask DigitalOcean to raise the team's ${quota} and set platform.quotas.${k} to the new value`
        : `raise '${quota}' with AWS Service Quotas and set platform.quotas.${k} to the new value`);
    const split = "or move services to another stack (a second ALB)";

    if (usage.targetGroups > TARGET_GROUPS_PER_ALB) {
        problems.push(`${key(["services"])}: ${fargate.length} Fargate services need ${usage.targetGroups} target groups on the stack's ALB (a stable and a canary group each); allowed at most ${TARGET_GROUPS_PER_ALB} ('Target Groups per Application Load Balancer', not adjustable): move services to another stack (a second ALB)`);
    }
    if (usage.albTargets > quotas.targetsPerAlb) {
        problems.push(`${key(["services"])}: the Fargate services can scale to ${usage.albTargets} tasks behind the ALB (autoscaling.max of each revision, canaries included), each a target; allowed ${quotas.targetsPerAlb} (platform.quotas.targetsPerAlb, 'Targets per Application Load Balancer'): ${raise("Targets per Application Load Balancer", "targetsPerAlb")}, lower autoscaling.max, ${split}`);
    }
    if (usage.fargateVcpus > quotas.fargateOnDemandVcpus) {
        problems.push(`${key(["services"])}: the Fargate services can scale to ${round(usage.fargateVcpus)} vCPUs of tasks (autoscaling.max of each revision times its cpu, canaries included; each worker at its max, one task per job and release task); allowed ${quotas.fargateOnDemandVcpus} (platform.quotas.fargateOnDemandVcpus, the region's 'Fargate On-Demand vCPU resource count'): ${raise("Fargate On-Demand vCPU resource count", "fargateOnDemandVcpus")} (a deployment at full scale starts up to as many again), or lower autoscaling.max`);
    }
    if (usage.elasticIps > quotas.elasticIpsPerRegion) {
        problems.push(`${key(["network", "natGateways"])}: one-per-az over ${stack.network.mode === "create" ? stack.network.availabilityZones : 0} availability zones allocates ${usage.elasticIps} Elastic IPs (one per NAT gateway); allowed ${quotas.elasticIpsPerRegion} (platform.quotas.elasticIpsPerRegion, 'Elastic IP addresses per Region', shared with everything else in the region): ${raise("Elastic IP addresses per Region", "elasticIpsPerRegion")}, use natGateways: single, or fewer availability zones`);
    }
    if (usage.healthChecks > quotas.route53HealthChecks) {
        problems.push(`${key(["services"])}: the hostnames need ${usage.healthChecks} Route 53 health checks (one per legacy side, one per Fargate service, one more per hostname shared by Fargate services); allowed ${quotas.route53HealthChecks} (platform.quotas.route53HealthChecks, the account's 'Health checks'): ${raise("Health checks", "route53HealthChecks")}, or move services to another account's stack`);
    }
    if (usage.zoneRecords > quotas.route53RecordsPerZone) {
        problems.push(`${key(["dns", "zoneName"])}: the stack adds ${usage.zoneRecords} records to the zone (weighted pairs, health-check aliases, certificate validation), besides the records it has; allowed ${quotas.route53RecordsPerZone} (platform.quotas.route53RecordsPerZone, 'Records per hosted zone'): ${raise("Records per hosted zone", "route53RecordsPerZone")}, or move services to another stack`);
    }
    if (usage.doLoadBalancers > quotas.doLoadBalancers) {
        problems.push(`${key(["services"])}: ${usage.doLoadBalancers} services with Droplets need ${usage.doLoadBalancers} DigitalOcean load balancers (one each); allowed ${quotas.doLoadBalancers} (platform.quotas.doLoadBalancers, the team's load balancer limit): ${raise("load balancer limit", "doLoadBalancers")}, or decommission services' Droplets (legacy.enabled: false) first`);
    }
    if (quotas.doDroplets !== undefined && usage.doDroplets > quotas.doDroplets) {
        problems.push(`${key(["services"])}: the services run ${usage.doDroplets} Droplets (created and adopted); allowed ${quotas.doDroplets} (platform.quotas.doDroplets, the team's Droplet limit, which counts the team's other Droplets too): ${raise("Droplet limit", "doDroplets")}, or lower legacy.count`);
    }
    if (usage.rdsInstances > quotas.rdsDbInstances) {
        problems.push(`${key(["legacy", "databases"])}: the moving databases need ${usage.rdsInstances} RDS DB instances (one per RDS target; an Aurora writer, and a reader with Multi-AZ); allowed ${quotas.rdsDbInstances} (platform.quotas.rdsDbInstances, the region's 'DB instances', which counts the account's other instances too): ${raise("DB instances", "rdsDbInstances")}, or move fewer databases at once`);
    }
    if (usage.dmsInstances > quotas.dmsReplicationInstances) {
        problems.push(`${key(["legacy", "databases"])}: ${usage.dmsInstances} databases replicate at once, each on its own DMS replication instance; allowed ${quotas.dmsReplicationInstances} (platform.quotas.dmsReplicationInstances, 'Replication instances per user account'): ${raise("Replication instances per user account", "dmsReplicationInstances")}, or replicate fewer databases at once (move the others to done first)`);
    }
    if (usage.ssmParameters > SSM_STANDARD_PARAMETERS_PER_REGION) {
        const markers = stack.hostnames.length;
        problems.push(`${key(["services"])}: ${usage.ssmParameters - markers} secrets from config and ${markers} release marker${markers === 1 ? "" : "s"} become ${usage.ssmParameters} SSM Standard parameters; allowed at most ${SSM_STANDARD_PARAMETERS_PER_REGION} per region (Standard tier, not adjustable): reference secrets kept in Secrets Manager with { arn: ... } instead`);
    }
    // Security groups: each direction apart; IPv4 and IPv6 apart (only the ALB has IPv6 rules).
    const sgLimit = quotas.rulesPerSecurityGroup;
    const sgQuota = `platform.quotas.rulesPerSecurityGroup, 'Inbound or outbound rules per security group'`;
    if (usage.albSecurityGroup.outbound > sgLimit) {
        problems.push(`${key(["services"])}: the ALB's security group needs ${usage.albSecurityGroup.outbound} outbound rules (one to each Fargate service's tasks); allowed ${sgLimit} (${sgQuota}): ${raise("Inbound or outbound rules per security group", "rulesPerSecurityGroup")}, ${split}`);
    }
    if (Math.max(usage.albSecurityGroup.inboundIpv4, usage.albSecurityGroup.inboundIpv6) > sgLimit) {
        problems.push(`${key(["platform", "quotas", "rulesPerSecurityGroup"])}: ${sgLimit} is below the ${usage.albSecurityGroup.inboundIpv4} inbound rules per address family of the ALB's security group (HTTP and HTTPS); allowed ${usage.albSecurityGroup.inboundIpv4} or more`);
    }
    stack.services.forEach((s, i) => {
        const outbound = usage.taskSecurityGroupOutbound[s.name];
        if (outbound !== undefined && outbound > sgLimit) {
            const moving = outbound - 1 - (s.fargate?.egress.length ?? 0);
            problems.push(`${at(i, "fargate", "egress")}: ${plural(outbound - 1, "rule")}${moving > 0 ? ` (a database moving to RDS is reached at DigitalOcean and at RDS until done: ${plural(moving, "more rule")})` : ""} and HTTPS make ${outbound} outbound rules of the tasks' security group (a prefix list counts as its maximum entries, which the plan cannot see: counted as 1); allowed ${sgLimit} (${sgQuota}): merge destinations (a CIDR or a prefix list for several), or ${raise("Inbound or outbound rules per security group", "rulesPerSecurityGroup")}`);
        }
        const patterns = s.fargate?.pathPatterns ?? [];
        const wildcards = wildcardCount(patterns);
        if (wildcards > CONDITION_WILDCARDS_PER_RULE) {
            problems.push(`${at(i, "fargate", "pathPatterns")}: ${JSON.stringify(patterns)} has ${wildcards} wildcards (* and ?) in the service's ALB rule; allowed at most ${CONDITION_WILDCARDS_PER_RULE} per rule ('Condition Wildcards per Rule', not adjustable): use fewer or broader patterns`);
        }
        const live = s.traffic?.liveRecord;
        if (live !== undefined && live.values.length > ROUTE53_VALUES_PER_RECORD) {
            problems.push(`${at(i, "traffic", "liveRecord", "values")}: has ${live.values.length} values; allowed at most ${ROUTE53_VALUES_PER_RECORD} (Route 53 'Values in a record'; the live record cannot have more: copy it as it is)`);
        }
    });
    if (stack.network.mode === "existing" && stack.network.privateSubnetIds.length > SUBNETS_PER_AWSVPC_CONFIGURATION) {
        problems.push(`${key(["network", "privateSubnetIds"])}: has ${stack.network.privateSubnetIds.length} subnets, each in every ECS service's network configuration; allowed at most ${SUBNETS_PER_AWSVPC_CONFIGURATION} ('Subnets per awsvpcConfiguration', not adjustable): list one or two subnets per availability zone`);
    }
    // DigitalOcean firewalls: the program's own rules and the extra ones, in every service's firewall.
    const extra = stack.legacy.firewall;
    if (usage.firewallRules !== undefined && usage.firewallRules > DO_FIREWALL_RULES) {
        const own = usage.firewallRules - extra.inbound.length - extra.outbound.length;
        problems.push(`${key(["legacy", "firewall"])}: each service's firewall would have ${usage.firewallRules} rules (the program's ${own}, ${extra.inbound.length} extra inbound and ${extra.outbound.length} extra outbound); allowed at most ${DO_FIREWALL_RULES} incoming and outgoing rules together (DigitalOcean cloud firewalls, not adjustable): merge extra rules (one rule takes many addresses, tags and Droplets)`);
    }
    if (stack.legacy.firewall.enabled) {
        if (stack.legacy.adminCidrs.length > DO_FIREWALL_RULE_ENTRIES) {
            problems.push(`${key(["legacy", "adminCidrs"])}: has ${stack.legacy.adminCidrs.length} networks, the sources of one SSH rule; allowed at most ${DO_FIREWALL_RULE_ENTRIES} (DigitalOcean cloud firewalls: entries of a rule's sources, not adjustable): use wider networks`);
        }
        for (const direction of ["inbound", "outbound"] as const) {
            extra[direction].forEach((rule, j) => {
                const entries = (rule.addresses?.length ?? 0) + (rule.tags?.length ?? 0) + (rule.dropletIds?.length ?? 0);
                if (entries > DO_FIREWALL_RULE_ENTRIES) {
                    problems.push(`${key(["legacy", "firewall", direction, j])}: names ${entries} ${direction === "inbound" ? "sources" : "destinations"} (addresses, tags and Droplets); allowed at most ${DO_FIREWALL_RULE_ENTRIES} (DigitalOcean cloud firewalls, not adjustable): use wider networks or a tag, or split the rule`);
                }
            });
        }
    }
    stack.legacy.databases.forEach((d, i) => {
        const count = usage.trustedSources[d.name];
        if (count > DO_DATABASE_TRUSTED_SOURCES) {
            problems.push(`${key(["legacy", "databases", i, "trustedSources"])}: ${d.trustedSources.length} trusted sources and ${count - d.trustedSources.length === 1 ? "1 NAT address" : `${count - d.trustedSources.length} NAT addresses`} make ${count}; allowed at most ${DO_DATABASE_TRUSTED_SOURCES} per database (DigitalOcean database firewall, not adjustable): replace addresses by a tag or a wider range`);
        }
    });
    return problems;
}

