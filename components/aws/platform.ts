// The shared AWS platform of a stack: the ECS cluster, one internet-facing
// ALB for every service, its certificate (DNS-validated in Route 53) and the
// HTTPS and HTTP listeners. Services add their own listener rules.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { StackConfig } from "../config";
import { healthWildcard } from "../traffic/health";
import { albCertificateGroups, certificateNames, validationOptionFor } from "./certificate";
import { clusterName, ecsLoadBalancerRoleName, loadBalancerName, stackPrefix } from "./naming";

/** The AWS managed policy of ECS's infrastructure role for load balancers. */
export const ECS_LOAD_BALANCER_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers";

/** TLS 1.3 with TLS 1.2 fallback, forward secrecy only. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface AwsPlatformArgs {
    /** The parsed stack config (services, platform settings, tags). */
    readonly config: StackConfig;
    /** VPC of the ALB and the tasks. */
    readonly vpcId: pulumi.Input<string>;
    /** Public subnets of the ALB, one per AZ. */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Route 53 hosted zone that holds the certificate's validation records. */
    readonly zoneId: pulumi.Input<string>;
    /** What must exist before the zone answers the internet (its delegation): validation waits for it. @default none */
    readonly zoneReady?: readonly pulumi.Resource[];
}

export class AwsPlatform extends pulumi.ComponentResource {
    readonly clusterArn: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly albArn: pulumi.Output<string>;
    /** app/<name>/<id>: the LoadBalancer dimension of ALB metrics. */
    readonly albArnSuffix: pulumi.Output<string>;
    readonly albDnsName: pulumi.Output<string>;
    /** Canonical hosted zone of the ALB, for Route 53 alias records. */
    readonly albZoneId: pulumi.Output<string>;
    readonly albSecurityGroupId: pulumi.Output<string>;
    readonly httpsListenerArn: pulumi.Output<string>;
    /** The validated certificate's ARN. */
    readonly certificateArn: pulumi.Output<string>;
    /** The role ECS shifts ALB rule weights with, when a service rolls out by blue-green, linear or canary. */
    readonly ecsLoadBalancerRole?: { readonly arn: pulumi.Output<string>; readonly ready: readonly pulumi.Resource[] };

    constructor(name: string, args: AwsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:Platform", name, {}, opts);
        const { config } = args;
        const tags = { ...config.tags };
        // The names the ALB answers: hostnames with a Fargate service, and the
        // health-check hostnames (one wildcard covers them all).
        const albNames = [
            ...config.services.filter((s) => s.fargate !== undefined).map((s) => s.hostname),
            healthWildcard(config.dns.zoneName),
        ];

        const cluster = new aws.ecs.Cluster(`${name}-cluster`, {
            name: clusterName(stackPrefix(config.project, config.stack)),
            settings: [{ name: "containerInsights", value: "enabled" }],
            tags,
        }, { parent: this });

        const albSg = new aws.ec2.SecurityGroup(`${name}-alb-sg`, {
            vpcId: args.vpcId,
            description: "Internet-facing ALB: HTTP and HTTPS in, each service port to its own tasks out",
            tags: { ...tags, Name: `${name}-alb` },
        }, { parent: this });
        const ingress: { key: string; port: number; cidrIpv4?: string; cidrIpv6?: string }[] = [
            { key: "http-ipv4", port: 80, cidrIpv4: "0.0.0.0/0" },
            { key: "http-ipv6", port: 80, cidrIpv6: "::/0" },
            { key: "https-ipv4", port: 443, cidrIpv4: "0.0.0.0/0" },
            { key: "https-ipv6", port: 443, cidrIpv6: "::/0" },
        ];
        for (const rule of ingress) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-alb-in-${rule.key}`, {
                securityGroupId: albSg.id,
                description: rule.port === 80 ? "HTTP from anywhere (redirected to HTTPS)" : "HTTPS from anywhere",
                ipProtocol: "tcp",
                fromPort: rule.port,
                toPort: rule.port,
                cidrIpv4: rule.cidrIpv4,
                cidrIpv6: rule.cidrIpv6,
                tags,
            }, { parent: this });
        }
        // No egress here: each FargateService opens the ALB to its own tasks'
        // security group on its port (by reference, so a task in any subnet or
        // secondary CIDR of the VPC is reachable, and nothing else is).

        const alb = new aws.lb.LoadBalancer(`${name}-alb`, {
            // Set, not auto-named: the provider would append 8 characters to the
            // logical name, past ELB's 32 (components/aws/naming.ts).
            name: loadBalancerName(stackPrefix(config.project, config.stack)),
            loadBalancerType: "application",
            internal: false,
            ipAddressType: "ipv4",
            subnets: args.publicSubnetIds,
            securityGroups: [albSg.id],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: config.platform.albDeletionProtection,
            tags,
        }, { parent: this });

        const groups = albCertificateGroups(albNames, config.platform.quotas.acmNamesPerCertificate);
        const validated = groups.map((group, i) => {
            const suffix = i === 0 ? "" : `-${i + 1}`;
            const names = certificateNames(group);
            const certificate = new aws.acm.Certificate(`${name}-cert${suffix}`, {
                domainName: names.domainName,
                subjectAlternativeNames: names.subjectAlternativeNames,
                validationMethod: "DNS",
                keyAlgorithm: "RSA_2048",
                tags,
            }, { parent: this });
            const validationRecords = group.map((domain) => {
                const option = certificate.domainValidationOptions.apply((options) => validationOptionFor(options, domain));
                return new aws.route53.Record(`${name}-cert-validation-${domain.replace(/^\*\./, "wildcard.")}`, {
                    zoneId: args.zoneId,
                    name: option.resourceRecordName,
                    type: option.resourceRecordType,
                    records: [option.resourceRecordValue],
                    ttl: 60,
                    // ACM gives the same record for a name to every certificate of
                    // the account: a replacement certificate reuses the record.
                    allowOverwrite: true,
                }, { parent: this });
            });
            return new aws.acm.CertificateValidation(`${name}-cert-validation${suffix}`, {
                certificateArn: certificate.arn,
                validationRecordFqdns: validationRecords.map((r) => r.fqdn),
            }, { parent: this, dependsOn: [...validationRecords, ...(args.zoneReady ?? [])] });
        });
        const validation = validated[0];

        const https = new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: alb.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: ALB_SSL_POLICY,
            // The validated ARN: the listener waits until the certificate is issued.
            certificateArn: validation.certificateArn,
            defaultActions: [{
                type: "fixed-response",
                fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" },
            }],
            tags,
        }, { parent: this });
        validated.slice(1).forEach((extra, i) => {
            new aws.lb.ListenerCertificate(`${name}-https-cert-${i + 2}`, {
                listenerArn: https.arn,
                certificateArn: extra.certificateArn,
            }, { parent: this });
        });
        new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: alb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{
                type: "redirect",
                redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
            }],
            tags,
        }, { parent: this });

        if (config.services.some((s) => s.fargate !== undefined && s.fargate.rollout.strategy !== "rolling")) {
            // Amazon ECS Developer Guide, "Amazon ECS infrastructure IAM role
            // for load balancers": trusted by ecs.amazonaws.com, with the
            // managed policy AmazonECSInfrastructureRolePolicyForLoadBalancers
            // (the ELB calls ECS makes to move traffic between the groups).
            const role = new aws.iam.Role(`${name}-ecs-lb`, {
                name: ecsLoadBalancerRoleName(stackPrefix(config.project, config.stack)),
                description: "Lets ECS shift the ALB rule weights of blue-green, linear and canary rollouts",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Sid: "AllowAccessToECSForInfrastructureManagement", Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags,
            }, { parent: this });
            const attachment = new aws.iam.RolePolicyAttachment(`${name}-ecs-lb`, {
                role: role.name,
                policyArn: ECS_LOAD_BALANCER_POLICY_ARN,
            }, { parent: this });
            this.ecsLoadBalancerRole = { arn: role.arn, ready: [attachment] };
        }

        this.clusterArn = cluster.arn;
        this.clusterName = cluster.name;
        this.albArn = alb.arn;
        this.albArnSuffix = alb.arnSuffix;
        this.albDnsName = alb.dnsName;
        this.albZoneId = alb.zoneId;
        this.albSecurityGroupId = albSg.id;
        this.httpsListenerArn = https.arn;
        this.certificateArn = validation.certificateArn;
        this.registerOutputs({
            clusterArn: this.clusterArn,
            clusterName: this.clusterName,
            albArn: this.albArn,
            albArnSuffix: this.albArnSuffix,
            albDnsName: this.albDnsName,
            albZoneId: this.albZoneId,
            albSecurityGroupId: this.albSecurityGroupId,
            httpsListenerArn: this.httpsListenerArn,
            certificateArn: this.certificateArn,
        });
    }
}
