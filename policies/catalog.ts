// Every policy of the pack, once, with its concern and the public rules or
// references it comes from. policies/index.ts builds the pack from this list
// and docs/policies.md is to be generated from it (issue 17), so the pack,
// its docs and its tests cannot disagree on which rules exist. Importing this
// module starts nothing (unlike index.ts, whose PolicyPack serves gRPC).
import { EnforcementLevel, Policy } from "@pulumi/policy";
import * as databases from "./rules/databases";
import * as networking from "./rules/networking";
import * as notifications from "./rules/notifications";
import * as platform from "./rules/platform";
import * as secrets from "./rules/secrets";
import * as sizing from "./rules/sizing";
import * as traffic from "./rules/traffic";
import * as workloads from "./rules/workloads";
import * as change from "./rules/change";

export type Concern = "networking" | "sizing" | "secrets" | "traffic" | "platform" | "workloads" | "database";

export interface Source {
    /** "rule": a check of a public rule set; "reference": the documentation the rule enforces (when no rule set has it). */
    readonly kind: "rule" | "reference";
    /** How the source names it: "Checkov CKV_AWS_131", "gitleaks aws-access-token", "ECS API Reference: Secret.valueFrom". */
    readonly name: string;
    readonly url: string;
}

export interface CatalogEntry {
    readonly policy: Policy;
    readonly concern: Concern;
    readonly sources: readonly Source[];
    /**
     * The public catalog checks the rule covers, as the catalogs name them
     * ("Checkov CKV_AWS_24", "Trivy AVD-AWS-0107", "gitleaks stripe-access-token",
     * "secretlint shopify"); each has a violation and a near-miss case in
     * tests/policies/catalog-checks.test.ts. Empty: no public rule set checks
     * it, and its tests come from the reference in sources.
     */
    readonly covers?: readonly string[];
}

const CHECKOV = "https://www.checkov.io/5.Policy%20Index/terraform.html";
const AWSGUARD = "https://github.com/pulumi/pulumi-policy-aws";
const COMPLIANCE = "https://github.com/pulumi/compliance-policies/tree/main/vendor-aws/aws";
const GITLEAKS = "https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml";
const DETECT_SECRETS = "https://github.com/Yelp/detect-secrets/tree/master/detect_secrets/plugins";

const checkov = (id: string, title: string): Source => ({ kind: "rule", name: `Checkov ${id} (${title})`, url: CHECKOV });
const ref = (name: string, url: string): Source => ({ kind: "reference", name, url });
const trivy = (id: string, title: string, url: string): Source => ({ kind: "rule", name: `Trivy ${id} (${title})`, url });

/** The secret detectors the credential rules use (lib/detectors.ts, lib/credentials.ts). */
const DETECTORS: readonly Source[] = [
    { kind: "rule", name: "gitleaks rules aws-access-token, private-key, jwt, stripe-access-token, github-pat, github-fine-grained-pat, github-oauth, github-app-token, github-refresh-token, gitlab-pat, slack-* (8 rules), npm-access-token, digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token, sendgrid-api-token, openai-api-key, anthropic-api-key, generic-api-key", url: GITLEAKS },
    { kind: "rule", name: "detect-secrets PrivateKeyDetector, BasicAuthDetector (widened), KeywordDetector (name list)", url: DETECT_SECRETS },
    { kind: "rule", name: "secretlint @secretlint/secretlint-rule-preset-recommend 11.7.1 (aws, gcp, github, slack, npm, privatekey, basicauth, database-connection-string, sendgrid, shopify, openai, anthropic, linear, 1password)", url: "https://github.com/secretlint/secretlint/tree/master/packages/%40secretlint/secretlint-rule-preset-recommend" },
];

export const CATALOG: readonly CatalogEntry[] = [
    // networking
    { policy: networking.ecsNoPublicIp, concern: "networking", covers: ["Checkov CKV_AWS_333"], sources: [
        checkov("CKV_AWS_333", "ECS services do not have public IP addresses assigned to them automatically"),
        ref("pulumi-awsx FargateService: default network configuration in the default VPC", "https://github.com/pulumi/pulumi-awsx/blob/master/awsx/ecs/fargateService.ts"),
    ] },
    { policy: networking.awsxVpcPrivateSubnets, concern: "networking", covers: [], sources: [
        ref("awsx ec2.Vpc subnetSpecs (replace the default public and private subnets per AZ)", "https://www.pulumi.com/registry/packages/awsx/api-docs/ec2/vpc/"),
    ] },
    { policy: networking.ecsPrivateSubnets, concern: "networking", covers: [], sources: [
        ref("Amazon ECS: Fargate task networking (private subnets with a NAT gateway)", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html"),
    ] },
    { policy: networking.ecsIngressFromAlbOnly, concern: "networking", covers: [], sources: [
        ref("Elastic Load Balancing: target security groups allow traffic from the load balancer's security group", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html"),
    ] },
    { policy: networking.noWorldIngress, concern: "networking", covers: ["Checkov CKV_AWS_24", "Checkov CKV_AWS_25", "Checkov CKV_AWS_277", "Checkov CKV2_AWS_12", "Trivy AVD-AWS-0107"], sources: [
        checkov("CKV_AWS_24", "no security group allows ingress from 0.0.0.0/0 to port 22"),
        checkov("CKV_AWS_25", "no security group allows ingress from 0.0.0.0/0 to port 3389"),
        checkov("CKV_AWS_277", "no security group allows ingress from 0.0.0.0/0 to all ports"),
        checkov("CKV2_AWS_12", "the default security group of every VPC restricts all traffic"),
        trivy("AVD-AWS-0107", "aws-ec2-no-public-ingress-sgr: a public CIDR of more than one address", "https://avd.aquasec.com/misconfig/aws/ec2/avd-aws-0107/"),
        { kind: "rule", name: "Pulumi compliance-policies aws-ec2-securitygroup-disallow-public-internet-ingress", url: COMPLIANCE },
    ] },
    { policy: networking.doFirewallNoWorldAdminPorts, concern: "networking", covers: ["Checkov CKV_DIO_4"], sources: [checkov("CKV_DIO_4", "the firewall ingress is not wide open")] },
    { policy: networking.doFirewallAppFromLoadBalancer, concern: "networking", covers: [], sources: [
        ref("DigitalOcean Cloud Firewalls: sources by load balancer or tag", "https://docs.digitalocean.com/products/networking/firewalls/"),
    ] },
    { policy: networking.doDropletInVpc, concern: "networking", covers: [], sources: [
        ref("DigitalOcean VPC: resources created without a VPC land in the region's default VPC", "https://docs.digitalocean.com/products/networking/vpc/details/features/"),
    ] },
    { policy: networking.doDropletFirewalled, concern: "networking", covers: [], sources: [
        ref("DigitalOcean Cloud Firewalls: applied to Droplets by tag or id", "https://docs.digitalocean.com/products/networking/firewalls/"),
    ] },
    { policy: networking.publicEndpoints, concern: "networking", covers: ["Checkov CKV_AWS_258", "Checkov CKV_AWS_229", "Checkov CKV_AWS_230", "Checkov CKV_AWS_231", "Checkov CKV_AWS_232", "Checkov CKV_AWS_88", "Trivy AVD-AWS-0105", "AWS Config sqs-queue-no-public-access", "CIS AWS Foundations 2.21"], sources: [
        checkov("CKV_AWS_258", "Lambda function URL AuthType is not None"),
        checkov("CKV_AWS_229", "no NACL allows ingress from 0.0.0.0:0 to port 21"),
        checkov("CKV_AWS_230", "no NACL allows ingress from 0.0.0.0:0 to port 20"),
        checkov("CKV_AWS_231", "no NACL allows ingress from 0.0.0.0:0 to port 3389"),
        checkov("CKV_AWS_232", "no NACL allows ingress from 0.0.0.0:0 to port 22"),
        checkov("CKV_AWS_88", "EC2 instance should not have public IP"),
        trivy("AVD-AWS-0105", "aws-ec2-no-public-ingress-acl", "https://avd.aquasec.com/misconfig/aws/ec2/avd-aws-0105/"),
        { kind: "rule", name: "AWS Config sqs-queue-no-public-access", url: "https://docs.aws.amazon.com/config/latest/developerguide/sqs-queue-no-public-access.html" },
        { kind: "rule", name: "CIS AWS Foundations 2.21 (resource policies do not allow unrestricted access using Principal \"*\")", url: "https://www.cisecurity.org/benchmark/amazon_web_services" },
        ref("Elastic Load Balancing: Network Load Balancers without security groups; Classic Load Balancer default security group", "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html"),
    ] },
    { policy: networking.databaseNotPublic, concern: "networking", covers: ["Checkov CKV_AWS_17", "Checkov CKV_AWS_87", "Checkov CKV_AWS_89", "Trivy aws-rds-no-public-db-access"], sources: [
        checkov("CKV_AWS_17", "all data stored in RDS is not publicly accessible"),
        checkov("CKV_AWS_87", "Redshift cluster should not be publicly accessible"),
        checkov("CKV_AWS_89", "DMS replication instance should not be publicly accessible"),
        trivy("aws-rds-no-public-db-access", "a database resource is marked as publicly accessible", "https://aquasecurity.github.io/tfsec/latest/checks/aws/rds/no-public-db-access/"),
        ref("DigitalOcean managed databases: trusted sources", "https://docs.digitalocean.com/products/databases/postgresql/how-to/secure/"),
        { kind: "rule", name: "Pulumi AWSGuard rds-instance-public-access", url: AWSGUARD },
    ] },
    // sizing
    { policy: sizing.fargateTaskSize, concern: "sizing", covers: [], sources: [
        ref("Amazon ECS: task CPU and memory (Fargate sizes; \"1 vCPU\" / \"2 GB\" forms)", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size"),
    ] },
    { policy: sizing.containerReservations, concern: "sizing", covers: [], sources: [
        ref("Amazon ECS: container definition cpu, memory, memoryReservation", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_environment"),
    ] },
    { policy: sizing.serviceCapacity, concern: "sizing", covers: [], sources: [
        ref("Application Auto Scaling API: RegisterScalableTarget MinCapacity and MaxCapacity", "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html"),
        ref("ECS API: DeploymentConfiguration minimumHealthyPercent (rounded up) and maximumPercent (rounded down)", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html"),
    ] },
    { policy: sizing.stackCeilings, concern: "sizing", covers: [], sources: [] },
    { policy: sizing.dropletSizeAllowlist, concern: "sizing", covers: [], sources: [] },
    { policy: sizing.subnetAddressRoom, concern: "sizing", covers: [], sources: [
        ref("Amazon ECS: each awsvpc task takes an address of its subnet", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html"),
    ] },
    // secrets
    { policy: secrets.noPlaintextEnvironment, concern: "secrets", covers: ["Trivy AVD-AWS-0036", "Checkov CKV_AWS_45", "gitleaks stripe-access-token", "gitleaks generic-api-key", "secretlint database-connection-string"], sources: [
        { kind: "rule", name: "Trivy AVD-AWS-0036 (no plaintext secrets in task definition environment)", url: "https://avd.aquasec.com/misconfig/aws/ecs/avd-aws-0036/" },
        checkov("CKV_AWS_45", "no hard-coded secrets exist in lambda environment: the same check for containers"),
        ...DETECTORS,
    ] },
    { policy: secrets.secretsFromArns, concern: "secrets", covers: [], sources: [
        ref("ECS API Reference: Secret.valueFrom", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html"),
    ] },
    { policy: secrets.userDataClean, concern: "secrets", covers: ["Checkov CKV_AWS_46", "detect-secrets PrivateKeyDetector", "secretlint linear"], sources: [
        checkov("CKV_AWS_46", "no hard-coded secrets exist in EC2 user data"),
        ...DETECTORS,
    ] },
    { policy: secrets.ssmParameterSecureString, concern: "secrets", covers: ["gitleaks slack-webhook-url"], sources: [
        ref("AWS Systems Manager Parameter Store: SecureString for sensitive data", "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html"),
        ...DETECTORS,
    ] },
    { policy: secrets.noPlaintextValues, concern: "secrets", covers: ["gitleaks github-pat", "secretlint shopify", "secretlint basicauth"], sources: [...DETECTORS] },
    { policy: secrets.resourcePolicyNotPublic, concern: "secrets", covers: ["Checkov CKV_AWS_33"], sources: [
        checkov("CKV_AWS_33", "KMS key policy does not contain wildcard (*) principal"),
        ref("AWS Secrets Manager: resource-based policies", "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html"),
    ] },
    { policy: secrets.secretStringNotExposed, concern: "secrets", covers: [], sources: [
        ref("Pulumi: secrets and additionalSecretOutputs", "https://www.pulumi.com/docs/iac/concepts/secrets/"),
    ] },
    { policy: secrets.executionRoleScope, concern: "secrets", covers: [], sources: [
        ref("Amazon ECS: required IAM permissions for Amazon ECS secrets", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html"),
    ] },
    // traffic
    { policy: traffic.weightedRecordHealthCheck, concern: "traffic", covers: [], sources: [
        ref("Route 53: how health checks work in weighted routing", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html"),
    ] },
    { policy: traffic.weightedRecordHealthCheckActive, concern: "traffic", covers: [], sources: [
        ref("Route 53 API Reference: HealthCheckConfig Disabled and Inverted", "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"),
    ] },
    { policy: traffic.weightedRecordWeights, concern: "traffic", covers: [], sources: [
        ref("Route 53: weighted routing (weight 0 for every record: equal probability)", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html"),
    ] },
    { policy: traffic.healthCheckSeesFailure, concern: "traffic", covers: [], sources: [
        ref("Route 53 API Reference: HealthCheckConfig HealthThreshold, InsufficientDataHealthStatus, Type", "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"),
    ] },
    { policy: traffic.albKeepsSplit, concern: "traffic", covers: [], sources: [
        ref("Elastic Load Balancing: listener rule priority and weighted target groups", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html"),
    ] },
    { policy: change.sharesWaitForTasks, concern: "traffic", covers: [], sources: [
        ref("pulumi/pulumi step generator: a resource's step runs once its dependencies' steps are done (pkg/resource/deploy/step_generator.go)", "https://github.com/pulumi/pulumi/blob/master/pkg/resource/deploy/step_generator.go"),
        ref("Amazon ECS: a service's target group must be associated with a listener (UpdateService/CreateService loadBalancers)", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html"),
    ] },
    { policy: traffic.targetHealthMatcher, concern: "traffic", covers: [], sources: [
        ref("Elastic Load Balancing: target group health check matcher (HttpCode)", "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Matcher.html"),
    ] },
    { policy: traffic.weightedRecordTtl, concern: "traffic", covers: [], sources: [
        ref("Route 53: choosing a TTL for records with health checks", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html"),
    ] },
    { policy: traffic.prodServiceResilience, concern: "traffic", covers: [], sources: [
        ref("Amazon ECS: deployment circuit breaker and CloudWatch alarm rollback", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html"),
    ] },
    { policy: traffic.prodAutoscalingMinimum, concern: "traffic", covers: [], sources: [
        ref("Application Auto Scaling: MinCapacity", "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html"),
    ] },
    { policy: traffic.legacyRecordTarget, concern: "traffic", covers: [], sources: [] },
    { policy: traffic.legacyProtected, concern: "traffic", covers: [], sources: [
        ref("Pulumi resource option protect", "https://www.pulumi.com/docs/iac/concepts/options/protect/"),
    ] },
    // platform
    { policy: platform.albHttpRedirectsToHttps, concern: "platform", covers: ["Checkov CKV2_AWS_20"], sources: [
        checkov("CKV2_AWS_20", "ALB redirects HTTP requests into HTTPS ones"),
        { kind: "rule", name: "Pulumi AWSGuard alb-http-to-https-redirection", url: AWSGUARD },
        { kind: "rule", name: "Pulumi compliance-policies aws-lb-listener-disallow-unencrypted-traffic", url: COMPLIANCE },
    ] },
    { policy: platform.albTlsPolicy, concern: "platform", covers: ["Checkov CKV_AWS_103"], sources: [
        checkov("CKV_AWS_103", "load balancer is using at least TLS 1.2"),
        { kind: "rule", name: "Pulumi compliance-policies aws-lb-listener-configure-secure-tls", url: COMPLIANCE },
        ref("Elastic Load Balancing: security policies for your Application Load Balancer", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"),
    ] },
    { policy: platform.albDropInvalidHeaders, concern: "platform", covers: ["Checkov CKV_AWS_131"], sources: [checkov("CKV_AWS_131", "ALB drops HTTP headers")] },
    { policy: platform.albDeletionProtection, concern: "platform", covers: ["Checkov CKV_AWS_150"], sources: [
        checkov("CKV_AWS_150", "Load Balancer has deletion protection enabled"),
        { kind: "rule", name: "Pulumi AWSGuard elb-deletion-protection-enabled", url: AWSGUARD },
    ] },
    { policy: platform.ecrImmutableTags, concern: "platform", covers: ["Checkov CKV_AWS_51"], sources: [
        checkov("CKV_AWS_51", "ECR Image Tags are immutable"),
        { kind: "rule", name: "Pulumi compliance-policies aws-ecr-repository-disallow-mutable-image", url: COMPLIANCE },
    ] },
    { policy: platform.ecrScanOnPush, concern: "platform", covers: ["Checkov CKV_AWS_163"], sources: [
        checkov("CKV_AWS_163", "ECR image scanning on push is enabled"),
        { kind: "rule", name: "Pulumi compliance-policies aws-ecr-repository-enable-image-scan", url: COMPLIANCE },
    ] },
    { policy: platform.taskRolesNoWildcards, concern: "platform", covers: ["Checkov CKV_AWS_63", "Checkov CKV_AWS_355", "Checkov CKV_AWS_62"], sources: [
        checkov("CKV_AWS_63", "no IAM policies documents allow \"*\" as a statement's actions"),
        checkov("CKV_AWS_355", "no IAM policies documents allow \"*\" as a statement's resource for restrictable actions"),
        checkov("CKV_AWS_62", "IAM policies that allow full \"*-*\" administrative privileges are not created"),
        ref("AWS Service Authorization Reference (actions without resource-level permissions)", "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"),
    ] },
    { policy: platform.logGroupRetention, concern: "platform", covers: ["Checkov CKV_AWS_66", "Checkov CKV_AWS_338"], sources: [
        checkov("CKV_AWS_66", "CloudWatch Log Group specifies retention days"),
        checkov("CKV_AWS_338", "CloudWatch log groups retains logs for at least 1 year: as a per-stack minimum"),
    ] },
    { policy: notifications.notificationsRequired, concern: "platform", sources: [
        { kind: "rule", name: "AWS Config managed rule cloudwatch-alarm-action-check (alarmActionRequired, okActionRequired)", url: "https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-alarm-action-check.html" },
        ref("AWS Well-Architected Operational Excellence OPS08-BP04: create actionable alerts", "https://docs.aws.amazon.com/wellarchitected/latest/operational-excellence-pillar/ops_workload_observability_create_alerts.html"),
        ref("Amazon ECS service deployment state change events", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html"),
    ] },
    { policy: platform.securityGroupDescriptions, concern: "platform", covers: ["Checkov CKV_AWS_23"], sources: [
        checkov("CKV_AWS_23", "every security group and rule has a description"),
        { kind: "rule", name: "Pulumi compliance-policies aws-ec2-securitygroup-missing-description, -missing-ingress-rule-description, -missing-egress-rule-description", url: COMPLIANCE },
    ] },
    // workloads
    { policy: workloads.workloadPrivate, concern: "workloads", covers: [], sources: [
        ref("Amazon ECS: Fargate task networking (private subnets with a NAT gateway; assignPublicIp DISABLED)", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html"),
        ref("Step Functions: Run Amazon ECS or Fargate tasks (runTask NetworkConfiguration)", "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html"),
    ] },
    { policy: workloads.jobSingleOwner, concern: "workloads", covers: [], sources: [
        ref("EventBridge Scheduler API: CreateSchedule State (ENABLED | DISABLED)", "https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html"),
    ] },
    { policy: workloads.workerRunsSomewhere, concern: "workloads", covers: [], sources: [
        ref("Application Auto Scaling API: RegisterScalableTarget MaxCapacity", "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html"),
    ] },
    { policy: workloads.workloadCeilings, concern: "workloads", covers: [], sources: [
        ref("EventBridge Scheduler API: RetryPolicy (MaximumRetryAttempts 0-185)", "https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html"),
        ref("Amazon States Language: Task state TimeoutSeconds", "https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html"),
    ] },
    // databases
    { policy: databases.databaseStorageEncrypted, concern: "database", covers: ["Checkov CKV_AWS_16", "Checkov CKV_AWS_96", "Trivy AVD-AWS-0080", "Trivy AVD-AWS-0079"], sources: [
        checkov("CKV_AWS_16", "all data stored in the RDS is securely encrypted at rest"),
        checkov("CKV_AWS_96", "all data stored in Aurora is securely encrypted at rest"),
        trivy("AVD-AWS-0080", "aws-rds-encrypt-instance-storage-data", "https://avd.aquasec.com/misconfig/aws/rds/avd-aws-0080/"),
        trivy("AVD-AWS-0079", "aws-rds-encrypt-cluster-storage-data", "https://avd.aquasec.com/misconfig/aws/rds/avd-aws-0079/"),
    ] },
    { policy: databases.databaseIamAuthentication, concern: "database", covers: ["Checkov CKV_AWS_161", "Checkov CKV_AWS_162", "Trivy AVD-AWS-0176"], sources: [
        checkov("CKV_AWS_161", "RDS database has IAM authentication enabled"),
        checkov("CKV_AWS_162", "RDS cluster has IAM authentication enabled"),
        trivy("AVD-AWS-0176", "aws-rds-enable-iam-auth", "https://avd.aquasec.com/misconfig/aws/rds/avd-aws-0176/"),
    ] },
    { policy: databases.databaseRecoverable, concern: "database", covers: ["Checkov CKV_AWS_293", "Checkov CKV_AWS_139", "Checkov CKV_AWS_133", "Checkov CKV_AWS_157", "Trivy AVD-AWS-0177", "Trivy AVD-AWS-0077"], sources: [
        checkov("CKV_AWS_293", "AWS database instances have deletion protection enabled"),
        checkov("CKV_AWS_139", "RDS clusters have deletion protection enabled"),
        checkov("CKV_AWS_133", "RDS instances have a backup policy"),
        checkov("CKV_AWS_157", "RDS instances have Multi-AZ enabled"),
        trivy("AVD-AWS-0177", "aws-rds-enable-deletion-protection", "https://avd.aquasec.com/misconfig/aws/rds/avd-aws-0177/"),
        trivy("AVD-AWS-0077", "aws-rds-specify-backup-retention", "https://avd.aquasec.com/misconfig/aws/rds/avd-aws-0077/"),
        ref("RDS API Reference: DeleteDBInstance SkipFinalSnapshot and FinalDBSnapshotIdentifier", "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html"),
    ] },
    { policy: databases.dmsEndpointSecured, concern: "database", covers: [], sources: [
        ref("AWS DMS user guide: Using secrets to access AWS DMS endpoints", "https://docs.aws.amazon.com/dms/latest/userguide/security_iam_secretsmanager.html"),
        ref("AWS DMS user guide: Using SSL with AWS DMS", "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.SSL.html"),
    ] },
];

/** The pack itself: index.ts builds it from this, docs/policies.md resolves levels with it. */
export const PACK: { readonly name: string; readonly description: string; readonly enforcementLevel: EnforcementLevel } = {
    name: "migration-guardrails",
    description: "Private networking, sizing limits, secrets usage, traffic safety and platform hygiene for the Droplets-to-Fargate migration.",
    enforcementLevel: "advisory",
};

/** The pack's policies in catalog order. */
export const POLICIES: readonly Policy[] = CATALOG.map((e) => e.policy);
