// Every policy of the pack, once, with its concern and the public rules or
// references it comes from. policies/index.ts builds the pack from this list
// and docs/policies.md is to be generated from it (issue 17), so the pack,
// its docs and its tests cannot disagree on which rules exist. Importing this
// module starts nothing (unlike index.ts, whose PolicyPack serves gRPC).
import { EnforcementLevel, Policy } from "@pulumi/policy";
import * as networking from "./rules/networking";
import * as notifications from "./rules/notifications";
import * as platform from "./rules/platform";
import * as secrets from "./rules/secrets";
import * as sizing from "./rules/sizing";
import * as traffic from "./rules/traffic";

export type Concern = "networking" | "sizing" | "secrets" | "traffic" | "platform";

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
}

const CHECKOV = "https://www.checkov.io/5.Policy%20Index/terraform.html";
const AWSGUARD = "https://github.com/pulumi/pulumi-policy-aws";
const COMPLIANCE = "https://github.com/pulumi/compliance-policies/tree/main/vendor-aws/aws";
const GITLEAKS = "https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml";
const DETECT_SECRETS = "https://github.com/Yelp/detect-secrets/tree/master/detect_secrets/plugins";

const checkov = (id: string, title: string): Source => ({ kind: "rule", name: `Checkov ${id} (${title})`, url: CHECKOV });
const ref = (name: string, url: string): Source => ({ kind: "reference", name, url });

/** The secret detectors the credential rules use (lib/detectors.ts, lib/credentials.ts). */
const DETECTORS: readonly Source[] = [
    { kind: "rule", name: "gitleaks rules aws-access-token, private-key, jwt, stripe-access-token, github-pat, github-fine-grained-pat, github-oauth, github-app-token, github-refresh-token, gitlab-pat, slack-* (8 rules), npm-access-token, digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token, sendgrid-api-token, openai-api-key, anthropic-api-key, generic-api-key", url: GITLEAKS },
    { kind: "rule", name: "detect-secrets PrivateKeyDetector, BasicAuthDetector (widened), KeywordDetector (name list)", url: DETECT_SECRETS },
];

export const CATALOG: readonly CatalogEntry[] = [
    // networking
    { policy: networking.ecsNoPublicIp, concern: "networking", sources: [
        checkov("CKV_AWS_333", "ECS services do not have public IP addresses assigned to them automatically"),
        ref("pulumi-awsx FargateService: default network configuration in the default VPC", "https://github.com/pulumi/pulumi-awsx/blob/master/awsx/ecs/fargateService.ts"),
    ] },
    { policy: networking.awsxVpcPrivateSubnets, concern: "networking", sources: [
        ref("awsx ec2.Vpc subnetSpecs (replace the default public and private subnets per AZ)", "https://www.pulumi.com/registry/packages/awsx/api-docs/ec2/vpc/"),
    ] },
    { policy: networking.ecsPrivateSubnets, concern: "networking", sources: [
        ref("Amazon ECS: Fargate task networking (private subnets with a NAT gateway)", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html"),
    ] },
    { policy: networking.ecsIngressFromAlbOnly, concern: "networking", sources: [
        ref("Elastic Load Balancing: target security groups allow traffic from the load balancer's security group", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html"),
    ] },
    { policy: networking.noWorldIngress, concern: "networking", sources: [
        checkov("CKV_AWS_24", "no security group allows ingress from 0.0.0.0/0 to port 22"),
        checkov("CKV_AWS_25", "no security group allows ingress from 0.0.0.0/0 to port 3389"),
        checkov("CKV_AWS_277", "no security group allows ingress from 0.0.0.0/0 to all ports"),
        { kind: "rule", name: "Pulumi compliance-policies aws-ec2-securitygroup-disallow-public-internet-ingress", url: COMPLIANCE },
    ] },
    { policy: networking.doFirewallNoWorldAdminPorts, concern: "networking", sources: [checkov("CKV_DIO_4", "the firewall ingress is not wide open")] },
    { policy: networking.doFirewallAppFromLoadBalancer, concern: "networking", sources: [
        ref("DigitalOcean Cloud Firewalls: sources by load balancer or tag", "https://docs.digitalocean.com/products/networking/firewalls/"),
    ] },
    { policy: networking.doDropletInVpc, concern: "networking", sources: [
        ref("DigitalOcean VPC: resources created without a VPC land in the region's default VPC", "https://docs.digitalocean.com/products/networking/vpc/details/features/"),
    ] },
    { policy: networking.doDropletFirewalled, concern: "networking", sources: [
        ref("DigitalOcean Cloud Firewalls: applied to Droplets by tag or id", "https://docs.digitalocean.com/products/networking/firewalls/"),
    ] },
    { policy: networking.databaseNotPublic, concern: "networking", sources: [
        checkov("CKV_AWS_17", "all data stored in RDS is not publicly accessible"),
        { kind: "rule", name: "Pulumi AWSGuard rds-instance-public-access", url: AWSGUARD },
    ] },
    // sizing
    { policy: sizing.fargateTaskSize, concern: "sizing", sources: [
        ref("Amazon ECS: task CPU and memory (Fargate sizes; \"1 vCPU\" / \"2 GB\" forms)", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size"),
    ] },
    { policy: sizing.containerReservations, concern: "sizing", sources: [
        ref("Amazon ECS: container definition cpu, memory, memoryReservation", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_environment"),
    ] },
    { policy: sizing.stackCeilings, concern: "sizing", sources: [] },
    { policy: sizing.dropletSizeAllowlist, concern: "sizing", sources: [] },
    { policy: sizing.subnetAddressRoom, concern: "sizing", sources: [
        ref("Amazon ECS: each awsvpc task takes an address of its subnet", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html"),
    ] },
    // secrets
    { policy: secrets.noPlaintextEnvironment, concern: "secrets", sources: [
        { kind: "rule", name: "Trivy AVD-AWS-0036 (no plaintext secrets in task definition environment)", url: "https://avd.aquasec.com/misconfig/aws/ecs/avd-aws-0036/" },
        checkov("CKV_AWS_45", "no hard-coded secrets exist in lambda environment: the same check for containers"),
        ...DETECTORS,
    ] },
    { policy: secrets.secretsFromArns, concern: "secrets", sources: [
        ref("ECS API Reference: Secret.valueFrom", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html"),
    ] },
    { policy: secrets.dropletUserDataClean, concern: "secrets", sources: [
        checkov("CKV_AWS_46", "no hard-coded secrets exist in EC2 user data: the same check for Droplets"),
        ...DETECTORS,
    ] },
    { policy: secrets.ssmParameterSecureString, concern: "secrets", sources: [
        ref("AWS Systems Manager Parameter Store: SecureString for sensitive data", "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html"),
        ...DETECTORS,
    ] },
    { policy: secrets.secretStringNotExposed, concern: "secrets", sources: [
        ref("Pulumi: secrets and additionalSecretOutputs", "https://www.pulumi.com/docs/iac/concepts/secrets/"),
    ] },
    { policy: secrets.executionRoleScope, concern: "secrets", sources: [
        ref("Amazon ECS: required IAM permissions for Amazon ECS secrets", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html"),
    ] },
    // traffic
    { policy: traffic.weightedRecordHealthCheck, concern: "traffic", sources: [
        ref("Route 53: how health checks work in weighted routing", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html"),
    ] },
    { policy: traffic.weightedRecordHealthCheckActive, concern: "traffic", sources: [
        ref("Route 53 API Reference: HealthCheckConfig Disabled and Inverted", "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"),
    ] },
    { policy: traffic.weightedRecordTtl, concern: "traffic", sources: [
        ref("Route 53: choosing a TTL for records with health checks", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html"),
    ] },
    { policy: traffic.prodServiceResilience, concern: "traffic", sources: [
        ref("Amazon ECS: deployment circuit breaker and CloudWatch alarm rollback", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html"),
    ] },
    { policy: traffic.prodAutoscalingMinimum, concern: "traffic", sources: [
        ref("Application Auto Scaling: MinCapacity", "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html"),
    ] },
    { policy: traffic.legacyRecordTarget, concern: "traffic", sources: [] },
    { policy: traffic.legacyProtected, concern: "traffic", sources: [
        ref("Pulumi resource option protect", "https://www.pulumi.com/docs/iac/concepts/options/protect/"),
    ] },
    // platform
    { policy: platform.albHttpRedirectsToHttps, concern: "platform", sources: [
        checkov("CKV2_AWS_20", "ALB redirects HTTP requests into HTTPS ones"),
        { kind: "rule", name: "Pulumi AWSGuard alb-http-to-https-redirection", url: AWSGUARD },
        { kind: "rule", name: "Pulumi compliance-policies aws-lb-listener-disallow-unencrypted-traffic", url: COMPLIANCE },
    ] },
    { policy: platform.albTlsPolicy, concern: "platform", sources: [
        checkov("CKV_AWS_103", "load balancer is using at least TLS 1.2"),
        { kind: "rule", name: "Pulumi compliance-policies aws-lb-listener-configure-secure-tls", url: COMPLIANCE },
        ref("Elastic Load Balancing: security policies for your Application Load Balancer", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"),
    ] },
    { policy: platform.albDropInvalidHeaders, concern: "platform", sources: [checkov("CKV_AWS_131", "ALB drops HTTP headers")] },
    { policy: platform.albDeletionProtection, concern: "platform", sources: [
        checkov("CKV_AWS_150", "Load Balancer has deletion protection enabled"),
        { kind: "rule", name: "Pulumi AWSGuard elb-deletion-protection-enabled", url: AWSGUARD },
    ] },
    { policy: platform.ecrImmutableTags, concern: "platform", sources: [
        checkov("CKV_AWS_51", "ECR Image Tags are immutable"),
        { kind: "rule", name: "Pulumi compliance-policies aws-ecr-repository-disallow-mutable-image", url: COMPLIANCE },
    ] },
    { policy: platform.ecrScanOnPush, concern: "platform", sources: [
        checkov("CKV_AWS_163", "ECR image scanning on push is enabled"),
        { kind: "rule", name: "Pulumi compliance-policies aws-ecr-repository-enable-image-scan", url: COMPLIANCE },
    ] },
    { policy: platform.taskRolesNoWildcards, concern: "platform", sources: [
        checkov("CKV_AWS_63", "no IAM policies documents allow \"*\" as a statement's actions"),
        checkov("CKV_AWS_355", "no IAM policies documents allow \"*\" as a statement's resource for restrictable actions"),
        checkov("CKV_AWS_62", "IAM policies that allow full \"*-*\" administrative privileges are not created"),
        ref("AWS Service Authorization Reference (actions without resource-level permissions)", "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"),
    ] },
    { policy: platform.logGroupRetention, concern: "platform", sources: [
        checkov("CKV_AWS_66", "CloudWatch Log Group specifies retention days"),
        checkov("CKV_AWS_338", "CloudWatch log groups retains logs for at least 1 year: as a per-stack minimum"),
    ] },
    { policy: notifications.notificationsRequired, concern: "platform", sources: [
        ref("AWS Well-Architected Operational Excellence OPS08-BP04: create actionable alerts", "https://docs.aws.amazon.com/wellarchitected/latest/operational-excellence-pillar/ops_workload_observability_create_alerts.html"),
        ref("Amazon ECS service deployment state change events", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html"),
    ] },
    { policy: platform.securityGroupDescriptions, concern: "platform", sources: [
        checkov("CKV_AWS_23", "every security group and rule has a description"),
        { kind: "rule", name: "Pulumi compliance-policies aws-ec2-securitygroup-missing-description, -missing-ingress-rule-description, -missing-egress-rule-description", url: COMPLIANCE },
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
