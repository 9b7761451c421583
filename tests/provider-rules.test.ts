// The provider rules table: every row refuses a failing input with the exact
// property, value and limit (so removing a row fails its case), boundaries
// hold on both sides, unknown values are skipped, secrets are never shown,
// and the reference is generated from the table.
import * as assert from "assert";
import {
    checkProviderRules, formatViolation, PROVIDER_RULES, providerRulesMarkdown, providerRulesReport, ruleResourceOf,
    SecretInput, UNKNOWN, type ProviderRuleViolation, type RuleResource,
} from "../tools/offline/provider-rules";
import { SECRET_SIG, SIG_KEY, UNKNOWN_VALUE, type Registration } from "../tools/offline/capture";

let counter = 0;
/** A resource as the rules see it; `name` is the logical name. */
function res(type: string, inputs: Record<string, unknown>, name = `r${++counter}`, dependencies: Record<string, string[]> = {}): RuleResource {
    return { urn: `urn:pulumi:test::p::${type}::${name}`, type, name, inputs, dependencies };
}

const T = {
    lb: "aws:lb/loadBalancer:LoadBalancer", tg: "aws:lb/targetGroup:TargetGroup", listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule", lcert: "aws:lb/listenerCertificate:ListenerCertificate", sg: "aws:ec2/securityGroup:SecurityGroup",
    sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", eip: "aws:ec2/eip:Eip", cluster: "aws:ecs/cluster:Cluster",
    service: "aws:ecs/service:Service", task: "aws:ecs/taskDefinition:TaskDefinition", ecr: "aws:ecr/repository:Repository",
    lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy", logs: "aws:cloudwatch/logGroup:LogGroup", alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard", role: "aws:iam/role:Role", rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    secret: "aws:secretsmanager/secret:Secret", secretVersion: "aws:secretsmanager/secretVersion:SecretVersion", ssm: "aws:ssm/parameter:Parameter",
    cert: "aws:acm/certificate:Certificate", zone: "aws:route53/zone:Zone", record: "aws:route53/record:Record", hc: "aws:route53/healthCheck:HealthCheck",
    target: "aws:appautoscaling/target:Target", policy: "aws:appautoscaling/policy:Policy", droplet: "digitalocean:index/droplet:Droplet",
    doLb: "digitalocean:index/loadBalancer:LoadBalancer", fw: "digitalocean:index/firewall:Firewall", vpc: "digitalocean:index/vpc:Vpc",
    tag: "digitalocean:index/tag:Tag", project: "digitalocean:index/project:Project", dbfw: "digitalocean:index/databaseFirewall:DatabaseFirewall",
};

const RDS = "aws:rds/instance:Instance";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const DMS_INSTANCE = "aws:dms/replicationInstance:ReplicationInstance";
const DMS_ENDPOINT = "aws:dms/endpoint:Endpoint";
const DMS_TASK = "aws:dms/replicationTask:ReplicationTask";
const tdJson = (def: Record<string, unknown>) => JSON.stringify([{ name: "web", image: "x", ...def }]);
const fargateTask = (extra: Record<string, unknown>) => ({ family: "f", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", ...extra });
const lifecycle = (rules: unknown[]) => JSON.stringify({ rules });
const expireRule = (rulePriority: number, tagStatus: string, extra: Record<string, unknown> = {}) => ({
    rulePriority, description: "keep the last images of the repository", selection: { tagStatus, countType: "imageCountMoreThan", countNumber: 5 }, action: { type: "expire" }, ...extra,
});
const weighted = (zoneId: string, name: string, id: string, extra: Record<string, unknown> = {}) =>
    ({ zoneId, name, type: "A", ttl: 60, records: ["203.0.113.7"], setIdentifier: id, weightedRoutingPolicies: [{ weight: 1 }], ...extra });

interface Case {
    readonly rule: string;
    /** The resources checked; the violation is on `on` (default: the first). */
    readonly resources: readonly RuleResource[];
    readonly on?: number;
    readonly property: string;
    readonly value: string;
    /** When the rule words the limit for this resource. */
    readonly limit?: string;
}

const c = (rule: string, resource: RuleResource, property: string, value: string, limit?: string): Case => ({ rule, resources: [resource], property, value, limit });

const CASES: readonly Case[] = [
    c("pulumi-autoname-fits-cap", res(T.tg, {}, "migration-prod-web-stable-tg-8080"), "name",
        "\"migration-prod-web-stable-tg-8080-62ed210\" (auto-name, 41 characters): could not make instance of 'aws:lb/targetGroup:TargetGroup': name 'migration-prod-web-stable-tg-8080-' plus 7 random chars is longer than maximum length 32",
        "at most 32 characters for an auto-name of aws:lb/targetGroup:TargetGroup; set name"),
    c("aws-tags", res(T.sg, { name: "a", tags: { "aws:owner": "x" } }), "tags[\"aws:owner\"]", "key \"aws:owner\""),
    // The issue's case: an ALB left to auto-naming gets 8 characters past its logical name.
    c("elbv2-lb-name", res(T.lb, { loadBalancerType: "application" }, "migration-prod-platform-alb"), "name",
        "\"migration-prod-platform-alb-1d9eeed\" (auto-named from the logical name), 35 characters"),
    c("elbv2-lb-type", res(T.lb, { name: "a", loadBalancerType: "classic" }), "loadBalancerType", "\"classic\""),
    c("elbv2-alb-subnets", res(T.lb, { name: "a", subnets: ["subnet-1"] }), "subnets", "1 subnets"),
    c("elbv2-tg-name", res(T.tg, { name: "-web-stable" }), "name", "\"-web-stable\", 11 characters"),
    c("elbv2-tg-port", res(T.tg, { name: "a", port: 0 }), "port", "0"),
    c("elbv2-protocol", res(T.tg, { name: "a", protocol: "http" }), "protocol", "\"http\""),
    c("elbv2-tg-target-type", res(T.tg, { name: "a", targetType: "container" }), "targetType", "\"container\""),
    c("elbv2-tg-deregistration-delay", res(T.tg, { name: "a", deregistrationDelay: 3601 }), "deregistrationDelay", "3601"),
    c("elbv2-tg-health-interval", res(T.tg, { name: "a", healthCheck: { interval: 4 } }), "healthCheck.interval", "4"),
    c("elbv2-tg-health-timeout", res(T.tg, { name: "a", healthCheck: { timeout: 121 } }), "healthCheck.timeout", "121"),
    c("elbv2-tg-healthy-threshold", res(T.tg, { name: "a", healthCheck: { healthyThreshold: 1 } }), "healthCheck.healthyThreshold", "1"),
    c("elbv2-tg-unhealthy-threshold", res(T.tg, { name: "a", healthCheck: { unhealthyThreshold: 11 } }), "healthCheck.unhealthyThreshold", "11"),
    c("elbv2-tg-interval-above-timeout", res(T.tg, { name: "a", healthCheck: { interval: 5, timeout: 5 } }), "healthCheck.interval", "5 (timeout 5)"),
    c("elbv2-tg-matcher", res(T.tg, { name: "a", protocol: "HTTP", healthCheck: { matcher: "200-599" } }), "healthCheck.matcher", "\"200-599\""),
    c("elbv2-tg-health-path", res(T.tg, { name: "a", healthCheck: { path: "healthz" } }), "healthCheck.path", "\"healthz\""),
    c("elbv2-tg-health-port", res(T.tg, { name: "a", healthCheck: { port: "65536" } }), "healthCheck.port", "\"65536\""),
    c("elbv2-listener-port", res(T.listener, { port: 70000 }), "port", "70000"),
    c("elbv2-https-listener-certificate", res(T.listener, { port: 443, protocol: "HTTPS" }), "certificateArn", "none (protocol HTTPS)"),
    c("elbv2-action-type", res(T.rule, { actions: [{ type: "forward-all" }] }), "actions[0].type", "\"forward-all\""),
    c("elbv2-fixed-response-status", res(T.listener, { defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "302", contentType: "text/plain" } }] }), "defaultActions[0].fixedResponse.statusCode", "\"302\""),
    c("elbv2-fixed-response-body", res(T.listener, { defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "404", messageBody: "x".repeat(1025) } }] }), "defaultActions[0].fixedResponse.messageBody",
        `"${"x".repeat(97)}..." (1025 characters)`),
    c("elbv2-fixed-response-content-type", res(T.listener, { defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "404", contentType: "text/xml" } }] }), "defaultActions[0].fixedResponse.contentType", "\"text/xml\""),
    c("elbv2-redirect-status", res(T.listener, { defaultActions: [{ type: "redirect", redirect: { statusCode: "HTTP_307" } }] }), "defaultActions[0].redirect.statusCode", "\"HTTP_307\""),
    c("elbv2-rule-priority", res(T.rule, { priority: 50001 }), "priority", "50001"),
    c("elbv2-forward-target-groups", res(T.rule, { actions: [{ type: "forward", forward: { targetGroups: [1, 2, 3, 4, 5, 6].map((i) => ({ arn: `tg${i}`, weight: 1 })) } }] }), "actions[0].forward.targetGroups", "6 items"),
    c("elbv2-forward-weight", res(T.rule, { actions: [{ type: "forward", forward: { targetGroups: [{ arn: "a", weight: 1000 }, { arn: "b", weight: 0 }] } }] }), "actions[0].forward.targetGroups[0].weight", "1000"),
    c("elbv2-rule-condition-values", res(T.rule, { conditions: [{ hostHeader: { values: ["a.example.com", "b.example.com"] } }, { pathPattern: { values: ["/a", "/b", "/c", "/d"] } }] }), "conditions", "6 values"),
    c("elbv2-rule-condition-value-length", res(T.rule, { conditions: [{ hostHeader: { values: [`${"h".repeat(125)}.com`] } }] }), "conditions[0].hostHeader.values[0]", `"${"h".repeat(97)}..." (129 characters)`),
    c("elbv2-rule-path-pattern-length", res(T.rule, { conditions: [{ pathPattern: { values: [`/${"p".repeat(128)}`] } }] }), "conditions[0].pathPattern.values[0]", `"/${"p".repeat(96)}..." (129 characters)`),
    {
        rule: "elbv2-rule-priority-unique",
        resources: [res(T.rule, { listenerArn: "arn:l", priority: 100 }, "web-rule"), res(T.rule, { listenerArn: "arn:l", priority: 100 }, "api-rule")],
        on: 1, property: "priority", value: `100, also used by urn:pulumi:test::p::${T.rule}::web-rule on the same listener`,
    },
    c("elbv2-listener-certificate-required", res(T.lcert, { listenerArn: "arn:l" }), "certificateArn", "none"),
    {
        rule: "elbv2-listener-certificate-https",
        resources: [res(T.lcert, { listenerArn: "arn:l", certificateArn: "arn:c" }, "extra-cert", { listenerArn: [`urn:pulumi:test::p::${T.listener}::http`] }), res(T.listener, { port: 80, protocol: "HTTP" }, "http")],
        property: "listenerArn", value: `urn:pulumi:test::p::${T.listener}::http (protocol HTTP)`,
    },
    c("ec2-sg-name", res(T.sg, {}, "sg-web"), "name", "\"sg-web-2bce9c2\" (auto-named from the logical name), 14 characters"),
    c("ec2-sg-description", res(T.sg, { name: "a", description: "Web tasks: port 8080 ← ALB" }), "description", "\"Web tasks: port 8080 ← ALB\""),
    c("ec2-sg-rule-target", res(T.sgIn, { cidrIpv4: "10.0.0.0/16", referencedSecurityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 1, toPort: 1 }), "cidrIpv4, cidrIpv6, prefixListId, referencedSecurityGroupId", "cidrIpv4 and referencedSecurityGroupId"),
    c("ec2-sg-rule-ports", res(T.sgIn, { cidrIpv4: "10.0.0.0/16", ipProtocol: "tcp", fromPort: 443, toPort: 80 }), "fromPort", "443 (toPort 80)"),
    c("ec2-sg-rule-cidr", res(T.sgIn, { cidrIpv4: "10.0.0.0/33", ipProtocol: "tcp", fromPort: 1, toPort: 1 }), "cidrIpv4", "\"10.0.0.0/33\""),
    c("ec2-eip-domain", res(T.eip, { domain: "classic" }), "domain", "\"classic\""),
    c("ec2-eip-target", res(T.eip, { domain: "vpc", instance: "i-1", networkInterface: "eni-1" }), "instance, networkInterface", "both set"),
    c("ecs-cluster-name", res(T.cluster, { name: "migration-eu.prod" }), "name", "\"migration-eu.prod\", 17 characters"),
    c("ecs-service-name", res(T.service, { name: "web canary" }), "name", "\"web canary\", 10 characters"),
    c("ecs-task-family", res(T.task, { family: "migration.dev-web" }), "family", "\"migration.dev-web\""),
    c("ecs-launch-type", res(T.service, { name: "web", launchType: "fargate" }), "launchType", "\"fargate\""),
    c("ecs-propagate-tags", res(T.service, { name: "web", propagateTags: "ALL" }), "propagateTags", "\"ALL\""),
    c("ecs-desired-count", res(T.service, { name: "web", desiredCount: -1 }), "desiredCount", "-1"),
    c("ecs-health-check-grace", res(T.service, { name: "web", healthCheckGracePeriodSeconds: 2147483648, loadBalancers: [{}] }), "healthCheckGracePeriodSeconds", "2147483648"),
    c("ecs-service-target-groups", res(T.service, { name: "web", loadBalancers: [1, 2, 3, 4, 5, 6].map((i) => ({ targetGroupArn: `tg${i}` })) }), "loadBalancers", "6 items"),
    c("ecs-awsvpc-subnets", res(T.service, { name: "web", networkConfiguration: { subnets: Array.from({ length: 17 }, (_, i) => `subnet-${i}`) } }), "networkConfiguration.subnets", "17 items"),
    c("ecs-awsvpc-security-groups", res(T.service, { name: "web", networkConfiguration: { subnets: ["s"], securityGroups: ["1", "2", "3", "4", "5", "6"] } }), "networkConfiguration.securityGroups", "6 items"),
    c("ecs-fargate-network-mode", res(T.task, fargateTask({ networkMode: "bridge" })), "networkMode", "\"bridge\""),
    c("ecs-fargate-cpu-memory", res(T.task, fargateTask({ cpu: "512", memory: "512" })), "memory", "\"512\"", "for cpu 512: 1024-4096 in steps of 1024"),
    c("ecs-runtime-os", res(T.task, fargateTask({ runtimePlatform: { operatingSystemFamily: "UBUNTU" } })), "runtimePlatform.operatingSystemFamily", "\"UBUNTU\""),
    c("ecs-runtime-cpu-architecture", res(T.task, fargateTask({ runtimePlatform: { cpuArchitecture: "AMD64" } })), "runtimePlatform.cpuArchitecture", "\"AMD64\""),
    c("ecs-container-definitions-json", res(T.task, fargateTask({ containerDefinitions: "{\"name\":\"web\"}" })), "containerDefinitions", "\"{\\\"name\\\":\\\"web\\\"}\""),
    c("ecs-container-name", res(T.task, fargateTask({ containerDefinitions: tdJson({ name: "web.app" }) })), "containerDefinitions[0].name", "\"web.app\""),
    c("ecs-fargate-stop-timeout", res(T.task, fargateTask({ containerDefinitions: tdJson({ stopTimeout: 121 }) })), "containerDefinitions[0].stopTimeout", "121"),
    c("ecs-container-health-check", res(T.task, fargateTask({ containerDefinitions: tdJson({ healthCheck: { command: ["CMD", "true"], timeout: 61 } }) })), "containerDefinitions[0].healthCheck.timeout", "61"),
    c("ecs-awsvpc-host-port", res(T.task, fargateTask({ containerDefinitions: tdJson({ portMappings: [{ containerPort: 8080, hostPort: 80 }] }) })), "containerDefinitions[0].portMappings[0].hostPort", "80 (containerPort 8080)"),
    c("ecr-repository-name", res(T.ecr, { name: "migration-dev/a..b" }), "name", "\"migration-dev/a..b\", 18 characters"),
    c("ecr-tag-mutability", res(T.ecr, { name: "a/b", imageTagMutability: "immutable" }), "imageTagMutability", "\"immutable\""),
    c("ecr-encryption-type", res(T.ecr, { name: "a/b", encryptionConfigurations: [{ encryptionType: "SSE" }] }), "encryptionConfigurations[0].encryptionType", "\"SSE\""),
    c("ecr-lifecycle-policy-length", res(T.lifecycle, { repository: "r", policy: "{\"rules\":[]}" }), "policy", "\"{\\\"rules\\\":[]}\" (12 characters)"),
    c("ecr-lifecycle-policy-rules", res(T.lifecycle, { repository: "r", policy: lifecycle([expireRule(1, "any"), expireRule(2, "untagged")]) }), "policy.rules[0].rulePriority", "1 (tagStatus any, not the highest)"),
    c("logs-group-name", res(T.logs, { name: "/ecs/migration dev/web" }), "name", "\"/ecs/migration dev/web\", 22 characters"),
    c("logs-retention", res(T.logs, { name: "/a", retentionInDays: 10 }), "retentionInDays", "10"),
    c("cloudwatch-alarm-name", res(T.alarm, { name: "x".repeat(256), metricName: "m" }), "name", `"${"x".repeat(256)}", 256 characters`),
    c("cloudwatch-alarm-description", res(T.alarm, { name: "a", metricName: "m", alarmDescription: "d".repeat(1025) }), "alarmDescription", `"${"d".repeat(97)}..." (1025 characters)`),
    c("cloudwatch-alarm-comparison", res(T.alarm, { name: "a", metricName: "m", comparisonOperator: "GreaterThan" }), "comparisonOperator", "\"GreaterThan\""),
    c("cloudwatch-alarm-evaluation-periods", res(T.alarm, { name: "a", metricName: "m", evaluationPeriods: 0 }), "evaluationPeriods", "0"),
    c("cloudwatch-alarm-datapoints", res(T.alarm, { name: "a", metricName: "m", evaluationPeriods: 2, datapointsToAlarm: 3 }), "datapointsToAlarm", "3 (evaluationPeriods 2)"),
    c("cloudwatch-alarm-period", res(T.alarm, { name: "a", metricName: "m", period: 45, evaluationPeriods: 1 }), "period", "45"),
    c("cloudwatch-alarm-statistic", res(T.alarm, { name: "a", metricName: "m", statistic: "p99" }), "statistic", "\"p99\""),
    c("cloudwatch-alarm-missing-data", res(T.alarm, { name: "a", metricName: "m", treatMissingData: "notbreaching" }), "treatMissingData", "\"notbreaching\""),
    c("cloudwatch-alarm-dimensions", res(T.alarm, { name: "a", metricName: "m", dimensions: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`d${i}`, "v"])) }), "dimensions", "31 dimensions"),
    c("cloudwatch-alarm-metric-or-math", res(T.alarm, { name: "a", metricQueries: [{ id: "e", expression: "1", returnData: true }], period: 60 }), "period", "60 with metricQueries"),
    c("cloudwatch-alarm-metric-queries", res(T.alarm, { name: "a", metricQueries: [{ id: "Rate", expression: "1", returnData: true }, { id: "m", returnData: false }] }), "metricQueries[0].id", "\"Rate\""),
    c("cloudwatch-dashboard-name", res(T.dashboard, { dashboardName: "migration.dev", dashboardBody: "{\"widgets\":[]}" }), "dashboardName", "\"migration.dev\""),
    c("cloudwatch-dashboard-body", res(T.dashboard, { dashboardName: "d", dashboardBody: "{\"widget\":[]}" }), "dashboardBody", "\"{\\\"widget\\\":[]}\""),
    c("iam-role-name", res(T.role, { name: "migration/dev-web-execution" }), "name", "\"migration/dev-web-execution\", 27 characters"),
    c("iam-role-description", res(T.role, { name: "a", description: "r".repeat(1001) }), "description", `"${"r".repeat(97)}..." (1001 characters)`),
    c("iam-role-max-session", res(T.role, { name: "a", maxSessionDuration: 60 }), "maxSessionDuration", "60"),
    c("iam-role-policy-name", res(T.rolePolicy, { name: "p".repeat(129), role: "a" }), "name", `"${"p".repeat(129)}", 129 characters`),
    c("iam-policy-json", res(T.role, { name: "a", assumeRolePolicy: "Version: 2012-10-17" }), "assumeRolePolicy", "\"Version: 2012-10-17\""),
    {
        rule: "iam-role-inline-policy-size",
        resources: [
            res(T.rolePolicy, { name: "a", role: "role-1", policy: JSON.stringify({ Statement: [{ Resource: "x".repeat(6000) }] }) }),
            res(T.rolePolicy, { name: "b", role: "role-1", policy: JSON.stringify({ Statement: [{ Resource: "y".repeat(5000) }] }) }),
        ],
        on: 1, property: "policy", value: "11062 characters across 2 inline policies of one role",
    },
    c("secretsmanager-secret-name", res(T.secret, { name: "prod/web/db url" }), "name", "\"prod/web/db url\", 15 characters"),
    c("secretsmanager-secret-description", res(T.secret, { name: "a", description: "s".repeat(2049) }), "description", `"${"s".repeat(97)}..." (2049 characters)`),
    c("secretsmanager-recovery-window", res(T.secret, { name: "a", recoveryWindowInDays: 3 }), "recoveryWindowInDays", "3"),
    c("secretsmanager-secret-string", res(T.secretVersion, { secretId: "s", secretString: new SecretInput("z".repeat(65537)) }), "secretString", "[secret] (65537 bytes)"),
    c("ssm-parameter-name", res(T.ssm, { name: "/aws/prod/db", type: "SecureString", value: new SecretInput("v") }), "name", "\"/aws/prod/db\""),
    c("ssm-parameter-type", res(T.ssm, { name: "/p", type: "Secure", value: "v" }), "type", "\"Secure\""),
    c("ssm-parameter-tier", res(T.ssm, { name: "/p", type: "String", value: "v", tier: "Premium" }), "tier", "\"Premium\""),
    c("ssm-parameter-description", res(T.ssm, { name: "/p", type: "String", value: "v", description: "d".repeat(1025) }), "description", `"${"d".repeat(97)}..." (1025 characters)`),
    c("ssm-parameter-value", res(T.ssm, { name: "/p", type: "SecureString", value: new SecretInput("v".repeat(4097)) }), "value", "[secret] (4097 bytes)", "at most 4096 bytes for the Standard tier"),
    c("acm-domain-name", res(T.cert, { domainName: `${"w".repeat(60)}.example.com`, validationMethod: "DNS" }), "domainName", `"${"w".repeat(60)}.example.com"`),
    c("acm-alternative-names", res(T.cert, { domainName: "example.com", subjectAlternativeNames: ["api_example.com"] }), "subjectAlternativeNames[0]", "\"api_example.com\""),
    c("acm-validation-method", res(T.cert, { domainName: "example.com", validationMethod: "NONE" }), "validationMethod", "\"NONE\""),
    c("acm-key-algorithm", res(T.cert, { domainName: "example.com", keyAlgorithm: "RSA_8192" }), "keyAlgorithm", "\"RSA_8192\""),
    c("route53-zone-name", res(T.zone, { name: "" }), "name", "\"\" (0 characters)"),
    c("route53-zone-comment", res(T.zone, { name: "example.com", comment: "c".repeat(257) }), "comment", `"${"c".repeat(97)}..." (257 characters)`),
    c("route53-record-type", res(T.record, { zoneId: "Z", name: "a.example.com", type: "ALIAS", ttl: 60, records: ["x"] }), "type", "\"ALIAS\""),
    c("route53-record-ttl", res(T.record, { zoneId: "Z", name: "a.example.com", type: "A", ttl: -1, records: ["203.0.113.7"] }), "ttl", "-1"),
    c("route53-weight", res(T.record, weighted("Z", "www.example.com", "legacy", { weightedRoutingPolicies: [{ weight: 256 }] })), "weightedRoutingPolicies[0].weight", "256"),
    c("route53-set-identifier", res(T.record, weighted("Z", "www.example.com", "s".repeat(129))), "setIdentifier", `"${"s".repeat(97)}..." (129 characters)`),
    c("route53-alias-no-ttl", res(T.record, { zoneId: "Z", name: "www.example.com", type: "A", ttl: 60, aliases: [{ name: "alb.example.com", zoneId: "Z2", evaluateTargetHealth: false }] }), "ttl", "60 on an alias record"),
    c("route53-record-values", res(T.record, { zoneId: "Z", name: "dev.example.com", type: "NS", records: ["ns-1.awsdns-1.org"] }), "ttl", "none"),
    c("route53-set-identifier-with-policy", res(T.record, { zoneId: "Z", name: "www.example.com", type: "A", ttl: 60, records: ["203.0.113.7"], weightedRoutingPolicies: [{ weight: 10 }] }), "setIdentifier", "none on a record with a routing policy"),
    c("route53-a-record-ipv4", res(T.record, { zoneId: "Z", name: "www.example.com", type: "A", ttl: 60, records: ["lb.example.com"] }), "records[0]", "\"lb.example.com\""),
    {
        rule: "route53-no-mixed-routing",
        resources: [
            res(T.record, weighted("Z1", "www.example.com", "legacy"), "www-legacy"),
            res(T.record, { zoneId: "Z1", name: "WWW.example.com.", type: "A", aliases: [{ name: "alb", zoneId: "Z2", evaluateTargetHealth: false }] }, "www-simple"),
        ],
        on: 1, property: "weightedRoutingPolicies", value: `none, while urn:pulumi:test::p::${T.record}::www-legacy is weighted`,
    },
    {
        rule: "route53-set-identifier-unique",
        resources: [res(T.record, weighted("Z1", "www.example.com", "fargate"), "a"), res(T.record, weighted("Z1", "www.example.com", "fargate"), "b")],
        on: 1, property: "setIdentifier", value: `"fargate", also used by urn:pulumi:test::p::${T.record}::a`,
    },
    c("route53-health-check-type", res(T.hc, { type: "HTTP2", fqdn: "a.example.com" }), "type", "\"HTTP2\""),
    c("route53-request-interval", res(T.hc, { type: "HTTPS", fqdn: "a.example.com", requestInterval: 20 }), "requestInterval", "20"),
    c("route53-failure-threshold", res(T.hc, { type: "HTTPS", fqdn: "a.example.com", failureThreshold: 11 }), "failureThreshold", "11"),
    c("route53-health-check-port", res(T.hc, { type: "HTTPS", fqdn: "a.example.com", port: 0 }), "port", "0"),
    c("route53-resource-path", res(T.hc, { type: "HTTPS", fqdn: "a.example.com", resourcePath: `/${"p".repeat(255)}` }), "resourcePath", `"/${"p".repeat(96)}..." (256 characters)`),
    c("route53-health-check-fqdn", res(T.hc, { type: "HTTPS", fqdn: `${"f".repeat(252)}.com` }), "fqdn", `"${"f".repeat(97)}..." (256 characters)`),
    c("route53-search-string", res(T.hc, { type: "HTTPS_STR_MATCH", fqdn: "a.example.com", searchString: "s".repeat(256) }), "searchString", `"${"s".repeat(97)}..." (256 characters)`),
    c("route53-health-check-ip", res(T.hc, { type: "HTTPS", ipAddress: "10.116.0.5", fqdn: "www.example.com" }), "ipAddress", "\"10.116.0.5\""),
    c("route53-health-check-endpoint", res(T.hc, { type: "HTTPS", resourcePath: "/healthz" }), "ipAddress, fqdn", "neither set (type HTTPS)"),
    c("route53-health-check-sni", res(T.hc, { type: "HTTP", fqdn: "a.example.com", enableSni: true }), "enableSni", "true (type HTTP)"),
    c("route53-cloudwatch-check", res(T.hc, { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "a", insufficientDataHealthStatus: "LastKnownStatus" }), "cloudwatchAlarmRegion", "none"),
    c("route53-calculated-check", res(T.hc, { type: "CALCULATED", childHealthchecks: ["hc-1", "hc-2"], childHealthThreshold: 257 }), "childHealthThreshold", "257"),
    c("route53-health-check-regions", res(T.hc, { type: "HTTPS", fqdn: "a.example.com", regions: ["us-east-1", "eu-west-1"] }), "regions", "2 items"),
    c("appautoscaling-namespace", res(T.target, { serviceNamespace: "fargate", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/c/s", minCapacity: 1, maxCapacity: 2 }), "serviceNamespace", "\"fargate\""),
    c("appautoscaling-ecs-dimension", res(T.target, { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "c/s", minCapacity: 1, maxCapacity: 2 }), "resourceId", "\"c/s\""),
    c("appautoscaling-capacity", res(T.target, { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/c/s", minCapacity: 5, maxCapacity: 4 }), "minCapacity", "5 (maxCapacity 4)"),
    c("appautoscaling-policy-name", res(T.policy, { name: "n".repeat(256) }), "name", `"${"n".repeat(256)}", 256 characters`),
    c("appautoscaling-policy-type", res(T.policy, { name: "p", policyType: "SimpleScaling" }), "policyType", "\"SimpleScaling\""),
    c("appautoscaling-ecs-metric", res(T.policy, { name: "p", targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceCPUUtilization" } } }),
        "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType", "\"ECSServiceCPUUtilization\""),
    c("appautoscaling-cooldown", res(T.policy, { name: "p", targetTrackingScalingPolicyConfiguration: { scaleInCooldown: 2147483648 } }), "targetTrackingScalingPolicyConfiguration.scaleInCooldown", "2147483648"),
    c("appautoscaling-scale-out-cooldown", res(T.policy, { name: "p", targetTrackingScalingPolicyConfiguration: { scaleOutCooldown: 1.5 } }), "targetTrackingScalingPolicyConfiguration.scaleOutCooldown", "1.5"),
    c("do-droplet-name", res(T.droplet, { name: "web_prod_1", image: "i", region: "nyc3", size: "s" }), "name", "\"web_prod_1\", 10 characters"),
    c("do-droplet-user-data", res(T.droplet, { name: "a", image: "i", region: "nyc3", size: "s", userData: "u".repeat(65537) }), "userData", `"${"u".repeat(97)}..." (65537 bytes)`),
    c("do-droplet-required", res(T.droplet, { name: "a", image: "i", region: "nyc3", size: "" }), "size", "empty"),
    c("do-tag-name", res(T.tag, { name: "migration-eu.prod-web" }), "name", "\"migration-eu.prod-web\""),
    c("do-resource-tags", res(T.droplet, { name: "a", image: "i", region: "nyc3", size: "s", tags: ["team platform"] }), "tags[0]", "\"team platform\""),
    c("do-lb-droplet-tag", res(T.doLb, { name: "a", dropletTag: "web.prod", forwardingRules: [{}] }), "dropletTag", "\"web.prod\""),
    c("do-lb-name", res(T.doLb, { name: "", forwardingRules: [{}] }), "name", "\"\", 0 characters"),
    c("do-lb-size-unit", res(T.doLb, { name: "a", sizeUnit: 101, forwardingRules: [{}] }), "sizeUnit", "101"),
    c("do-lb-size", res(T.doLb, { name: "a", size: "lb-xl", forwardingRules: [{}] }), "size", "\"lb-xl\""),
    c("do-lb-size-unit-region", res(T.doLb, { name: "a", region: "nyc2", sizeUnit: 1, forwardingRules: [{}] }), "sizeUnit", "1 (region nyc2)"),
    c("do-lb-forwarding-rules", res(T.doLb, { name: "a", forwardingRules: [] }), "forwardingRules", "0 items"),
    c("do-lb-entry-protocol", res(T.doLb, { name: "a", forwardingRules: [{ entryProtocol: "https2" }] }), "forwardingRules[0].entryProtocol", "\"https2\""),
    c("do-lb-target-protocol", res(T.doLb, { name: "a", forwardingRules: [{ targetProtocol: "http3" }] }), "forwardingRules[0].targetProtocol", "\"http3\""),
    c("do-lb-entry-port", res(T.doLb, { name: "a", forwardingRules: [{ entryPort: 0 }] }), "forwardingRules[0].entryPort", "0"),
    c("do-lb-target-port", res(T.doLb, { name: "a", forwardingRules: [{ targetPort: 65536 }] }), "forwardingRules[0].targetPort", "65536"),
    c("do-lb-healthcheck-protocol", res(T.doLb, { name: "a", forwardingRules: [{}], healthcheck: { protocol: "grpc", port: 1 } }), "healthcheck.protocol", "\"grpc\""),
    c("do-lb-healthcheck-port", res(T.doLb, { name: "a", forwardingRules: [{}], healthcheck: { protocol: "tcp", port: 0 } }), "healthcheck.port", "0"),
    c("do-lb-healthcheck-interval", res(T.doLb, { name: "a", forwardingRules: [{}], healthcheck: { protocol: "tcp", port: 1, checkIntervalSeconds: 2 } }), "healthcheck.checkIntervalSeconds", "2"),
    c("do-lb-healthcheck-timeout", res(T.doLb, { name: "a", forwardingRules: [{}], healthcheck: { protocol: "tcp", port: 1, responseTimeoutSeconds: 301 } }), "healthcheck.responseTimeoutSeconds", "301"),
    c("do-lb-unhealthy-threshold", res(T.doLb, { name: "a", forwardingRules: [{}], healthcheck: { protocol: "tcp", port: 1, unhealthyThreshold: 1 } }), "healthcheck.unhealthyThreshold", "1"),
    c("do-lb-healthy-threshold", res(T.doLb, { name: "a", forwardingRules: [{}], healthcheck: { protocol: "tcp", port: 1, healthyThreshold: 11 } }), "healthcheck.healthyThreshold", "11"),
    c("do-lb-healthcheck-path", res(T.doLb, { name: "a", forwardingRules: [{}], healthcheck: { protocol: "http", port: 80 } }), "healthcheck.path", "none (protocol http)"),
    c("do-lb-droplet-selection", res(T.doLb, { name: "a", forwardingRules: [{}], dropletIds: [1], dropletTag: "web" }), "dropletIds, dropletTag", "both set"),
    c("do-lb-network", res(T.doLb, { name: "a", forwardingRules: [{}], network: "PUBLIC" }), "network", "\"PUBLIC\""),
    c("do-firewall-name", res(T.fw, { name: "-web", inboundRules: [{ protocol: "icmp" }] }), "name", "\"-web\", 4 characters"),
    c("do-firewall-has-rules", res(T.fw, { name: "web", inboundRules: [], outboundRules: [] }), "inboundRules, outboundRules", "no rules"),
    c("do-firewall-protocol", res(T.fw, { name: "web", inboundRules: [{ protocol: "http", portRange: "80" }] }), "inboundRules[0].protocol", "\"http\""),
    c("do-firewall-outbound-protocol", res(T.fw, { name: "web", outboundRules: [{ protocol: "any", portRange: "80" }] }), "outboundRules[0].protocol", "\"any\""),
    c("do-firewall-port-range", res(T.fw, { name: "web", inboundRules: [{ protocol: "tcp", portRange: "443" }, { protocol: "udp" }] }), "inboundRules[1].portRange", "none (protocol udp)"),
    c("do-vpc-name", res(T.vpc, { name: "migration_dev", region: "nyc3", ipRange: "10.0.0.0/20" }), "name", "\"migration_dev\", 13 characters"),
    c("do-vpc-description", res(T.vpc, { name: "a", description: "v".repeat(256) }), "description", `"${"v".repeat(97)}..." (256 characters)`),
    c("do-vpc-ip-range", res(T.vpc, { name: "a", ipRange: "10.116.0.0" }), "ipRange", "\"10.116.0.0\""),
    c("do-project-name", res(T.project, { name: "p".repeat(176) }), "name", `"${"p".repeat(176)}", 176 characters`),
    c("do-project-description", res(T.project, { name: "p", description: "d".repeat(256) }), "description", `"${"d".repeat(97)}..." (256 characters)`),
    c("do-project-purpose", res(T.project, { name: "p", purpose: "u".repeat(256) }), "purpose", `"${"u".repeat(97)}..." (256 characters)`),
    c("do-project-environment", res(T.project, { name: "p", environment: "QA" }), "environment", "\"QA\""),
    c("do-database-firewall-rules", res(T.dbfw, { clusterId: "db-1", rules: [{ type: "ip_addr", value: "10.0.0.300" }] }), "rules[0].value", "\"10.0.0.300\""),
    // RDS and DMS
    c("rds-identifier", res(RDS, { identifier: "Main--db", engine: "postgres" }), "identifier", "\"Main--db\""),
    c("rds-cluster-identifier", res(RDS_CLUSTER, { clusterIdentifier: "main-" }), "clusterIdentifier", "\"main-\""),
    c("rds-master-username", res(RDS, { username: "1app" }), "username", "\"1app\""),
    c("rds-backup-retention", res(RDS, { backupRetentionPeriod: 36 }), "backupRetentionPeriod", "36"),
    c("rds-port", res(RDS, { port: 1149 }), "port", "1149"),
    c("rds-storage-type", res(RDS, { storageType: "gp4" }), "storageType", "\"gp4\""),
    c("rds-allocated-storage", res(RDS, { engine: "postgres", storageType: "gp3", allocatedStorage: 19 }), "allocatedStorage", "19 (postgres, gp3)"),
    c("rds-max-allocated-storage", res(RDS, { allocatedStorage: 100, maxAllocatedStorage: 100 }), "maxAllocatedStorage", "100 (allocatedStorage 100)"),
    c("dms-replication-instance-id", res(DMS_INSTANCE, { replicationInstanceId: "main-dms-" }), "replicationInstanceId", "\"main-dms-\""),
    c("dms-replication-instance-class", res(DMS_INSTANCE, { replicationInstanceClass: "dms.r6i.32xlarge-with-a-long-name" }), "replicationInstanceClass", "\"dms.r6i.32xlarge-with-a-long-name\" (33 characters)"),
    c("dms-allocated-storage", res(DMS_INSTANCE, { allocatedStorage: 4 }), "allocatedStorage", "4"),
    c("dms-endpoint-type", res(DMS_ENDPOINT, { endpointType: "both" }), "endpointType", "\"both\""),
    c("dms-ssl-mode", res(DMS_ENDPOINT, { sslMode: "verify" }), "sslMode", "\"verify\""),
    c("dms-migration-type", res(DMS_TASK, { migrationType: "cdc-only" }), "migrationType", "\"cdc-only\""),
    c("dms-task-id", res(DMS_TASK, { replicationTaskId: "1-task" }), "replicationTaskId", "\"1-task\""),
    c("dms-endpoint-credentials", res(DMS_ENDPOINT, { secretsManagerArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", secretsManagerAccessRoleArn: "arn:aws:iam::111122223333:role/dms", username: "doadmin" }), "username", "username with secretsManagerArn"),
    // Native rollouts and notifications (tools/offline/provider-rules-rollouts.ts)
    c("ecs-deployment-strategy", res(T.service, { deploymentConfiguration: { strategy: "canary" } }), "deploymentConfiguration.strategy", "\"canary\""),
    c("ecs-bake-time-in-minutes", res(T.service, { deploymentConfiguration: { bakeTimeInMinutes: "1441" } }), "deploymentConfiguration.bakeTimeInMinutes", "\"1441\""),
    c("ecs-canary-bake-time-in-minutes", res(T.service, { deploymentConfiguration: { canaryConfiguration: { canaryBakeTimeInMinutes: "15m" } } }), "deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes", "\"15m\""),
    c("ecs-step-bake-time-in-minutes", res(T.service, { deploymentConfiguration: { linearConfiguration: { stepBakeTimeInMinutes: "-1" } } }), "deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes", "\"-1\""),
    // "multiples of 0.1": 2.55 % is refused by ECS though Terraform's FloatBetween takes it.
    c("ecs-canary-percent", res(T.service, { deploymentConfiguration: { canaryConfiguration: { canaryPercent: 2.55 } } }), "deploymentConfiguration.canaryConfiguration.canaryPercent", "2.55"),
    c("ecs-linear-step-percent", res(T.service, { deploymentConfiguration: { linearConfiguration: { stepPercent: 2.9 } } }), "deploymentConfiguration.linearConfiguration.stepPercent", "2.9"),
    c("ecs-lifecycle-stages", res(T.service, { deploymentConfiguration: { lifecycleHooks: [{ lifecycleStages: ["POST_SCALE_UP", "PRE_PRODUCTION_TRAFFIC_SHIFT"] }] } }), "deploymentConfiguration.lifecycleHooks[0].lifecycleStages[1]", "\"PRE_PRODUCTION_TRAFFIC_SHIFT\""),
    c("ecs-hook-target-arn", res(T.service, { deploymentConfiguration: { lifecycleHooks: [{ hookTargetArn: "my-function" }] } }), "deploymentConfiguration.lifecycleHooks[0].hookTargetArn", "\"my-function\""),
    c("ecs-hook-role-arn", res(T.service, { deploymentConfiguration: { lifecycleHooks: [{ roleArn: "arn:aws:iam::12345:role/hooks" }] } }), "deploymentConfiguration.lifecycleHooks[0].roleArn", "\"arn:aws:iam::12345:role/hooks\""),
    c("ecs-alternate-target-group-arn", res(T.service, { loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-stable/1", advancedConfiguration: { alternateTargetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:" } }] }), "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn", "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:\""),
    c("ecs-production-listener-rule-arn", res(T.service, { loadBalancers: [{ advancedConfiguration: { productionListenerRule: "arn:aws:elasticloadbalancing:US-EAST-1:123456789012:listener-rule/app/a/1/2/3" } }] }), "loadBalancers[0].advancedConfiguration.productionListenerRule", "\"arn:aws:elasticloadbalancing:US-EAST-1:123456789012:listener-rule/app/a/1/2/3\""),
    c("ecs-load-balancer-role-arn", res(T.service, { loadBalancers: [{ advancedConfiguration: { roleArn: "" } }] }), "loadBalancers[0].advancedConfiguration.roleArn", "\"\""),
    c("ecs-advanced-configuration-pair", res(T.service, { deploymentConfiguration: { strategy: "ROLLING" }, loadBalancers: [{ targetGroupArn: "tg-a", advancedConfiguration: { alternateTargetGroupArn: "tg-b" } }] }), "loadBalancers[0].advancedConfiguration", "set with strategy \"ROLLING\""),
    c("sns-topic-name", res("aws:sns/topic:Topic", { name: "alerts.prod" }), "name", "\"alerts.prod\""),
    c("sns-subscription-protocol", res("aws:sns/topicSubscription:TopicSubscription", { protocol: "slack" }), "protocol", "\"slack\""),
    c("eventbridge-rule-name", res("aws:cloudwatch/eventRule:EventRule", { name: "web deployments" }), "name", "\"web deployments\""),
    c("eventbridge-event-pattern-json", res("aws:cloudwatch/eventRule:EventRule", { name: "web", eventPattern: "[\"aws.ecs\"]" }), "eventPattern", "\"[\\\"aws.ecs\\\"]\""),
    c("cloudwatch-alarm-alarm-actions", res(T.alarm, { alarmActions: ["a", "b", "c", "d", "e", "f"] }), "alarmActions", "6 actions"),
    c("cloudwatch-alarm-ok-actions", res(T.alarm, { okActions: ["a", "b", "c", "d", "e", "f"] }), "okActions", "6 actions"),
    c("chatbot-configuration-name", res("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", { configurationName: "alerts/prod" }), "configurationName", "\"alerts/prod\""),
    // Workers, scheduled jobs, release tasks (tools/offline/provider-rules-fleet.ts)
    c("scheduler-schedule-name", res("aws:scheduler/schedule:Schedule", { name: "nightly report" }), "name", "\"nightly report\""),
    c("scheduler-schedule-expression", res("aws:scheduler/schedule:Schedule", { scheduleExpression: "cron(0 3 * * * *)" }), "scheduleExpression", "\"cron(0 3 * * * *)\""),
    c("scheduler-schedule-timezone", res("aws:scheduler/schedule:Schedule", { scheduleExpressionTimezone: "Mars/Olympus" }), "scheduleExpressionTimezone", "\"Mars/Olympus\""),
    c("scheduler-schedule-state", res("aws:scheduler/schedule:Schedule", { state: "PAUSED" }), "state", "\"PAUSED\""),
    c("scheduler-schedule-description", res("aws:scheduler/schedule:Schedule", { description: "d".repeat(513) }), "description", `"${"d".repeat(97)}..."`),
    c("scheduler-flexible-window-mode", res("aws:scheduler/schedule:Schedule", { flexibleTimeWindow: { mode: "ON" } }), "flexibleTimeWindow.mode", "\"ON\""),
    c("scheduler-flexible-window-minutes", res("aws:scheduler/schedule:Schedule", { flexibleTimeWindow: { mode: "FLEXIBLE", maximumWindowInMinutes: 1441 } }), "flexibleTimeWindow.maximumWindowInMinutes", "1441"),
    c("scheduler-flexible-window-pair", res("aws:scheduler/schedule:Schedule", { flexibleTimeWindow: { mode: "OFF", maximumWindowInMinutes: 5 } }), "flexibleTimeWindow", "{\"mode\":\"OFF\",\"maximumWindowInMinutes\":5}"),
    c("scheduler-retry-attempts", res("aws:scheduler/schedule:Schedule", { target: { retryPolicy: { maximumRetryAttempts: 186 } } }), "target.retryPolicy.maximumRetryAttempts", "186"),
    c("scheduler-retry-event-age", res("aws:scheduler/schedule:Schedule", { target: { retryPolicy: { maximumEventAgeInSeconds: 59 } } }), "target.retryPolicy.maximumEventAgeInSeconds", "59"),
    c("scheduler-target-input", res("aws:scheduler/schedule:Schedule", { target: { input: "" } }), "target.input", "\"\""),
    c("sfn-state-machine-name", res("aws:sfn/stateMachine:StateMachine", { name: "nightly report" }), "name", "\"nightly report\""),
    c("sfn-state-machine-type", res("aws:sfn/stateMachine:StateMachine", { type: "LONG" }), "type", "\"LONG\""),
    c("sfn-definition-json", res("aws:sfn/stateMachine:StateMachine", { definition: JSON.stringify({ StartAt: "Run", States: {} }) }), "definition", "StartAt names no state of States"),
    c("sqs-queue-name", res("aws:sqs/queue:Queue", { name: "dead letters" }), "name", "\"dead letters\""),
    c("sqs-message-retention", res("aws:sqs/queue:Queue", { messageRetentionSeconds: 1209601 }), "messageRetentionSeconds", "1209601"),
];

function ruleById(id: string) {
    const rule = PROVIDER_RULES.find((r) => r.id === id);
    assert.ok(rule, `no rule ${id}`);
    return rule;
}

describe("provider rules: one failing input per row", () => {
    it("has a case for every row, and every row an id of its own", () => {
        const ids = PROVIDER_RULES.map((r) => r.id);
        assert.strictEqual(new Set(ids).size, ids.length, "duplicate rule ids");
        assert.deepStrictEqual([...new Set(CASES.map((x) => x.rule))].sort(), [...ids].sort());
    });

    for (const testCase of CASES) {
        it(`${testCase.rule}: refuses ${testCase.property} = ${testCase.value.length > 60 ? `${testCase.value.slice(0, 57)}...` : testCase.value}`, () => {
            const rule = ruleById(testCase.rule);
            const target = testCase.resources[testCase.on ?? 0];
            const found = checkProviderRules(testCase.resources).filter((v) => v.rule === testCase.rule);
            assert.deepStrictEqual(found, [{
                rule: testCase.rule, urn: target.urn, type: target.type, name: target.name,
                property: testCase.property, value: testCase.value, limit: testCase.limit ?? rule.limit, source: rule.source,
            }]);
        });
    }

    it("cites a source on every row", () => {
        for (const rule of PROVIDER_RULES) {
            assert.ok(rule.source.length > 20, `${rule.id} has no source`);
        }
    });
});

/** The rules a single resource breaks, as id -> values. */
function broken(resource: RuleResource): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const v of checkProviderRules([resource])) {
        (out[v.rule] ??= []).push(`${v.property}=${v.value}`);
    }
    return out;
}

describe("provider rules: both sides of each limit the issue names", () => {
    const cases: [string, RuleResource, Record<string, string[]>][] = [
        ["ALB name of 32 characters", res(T.lb, { name: "a".repeat(32) }), {}],
        ["ALB name of 33 characters", res(T.lb, { name: "a".repeat(33) }), { "elbv2-lb-name": [`name="${"a".repeat(33)}", 33 characters`] }],
        ["ALB name starting with internal-", res(T.lb, { name: "internal-dev-alb" }), { "elbv2-lb-name": ["name=\"internal-dev-alb\", 16 characters"] }],
        ["ALB name ending with -", res(T.lb, { name: "dev-alb-" }), { "elbv2-lb-name": ["name=\"dev-alb-\", 8 characters"] }],
        ["ALB name with _", res(T.lb, { name: "dev_alb" }), { "elbv2-lb-name": ["name=\"dev_alb\", 7 characters"] }],
        ["ALB auto-named from a 24-character logical name (32 with the suffix)", res(T.lb, {}, "migration-dev-platform-a"), {}],
        ["ALB namePrefix of 7 characters (33 with the provider's 26)", res(T.lb, { namePrefix: "webalb-" }, "web-alb"), { "elbv2-lb-name": ["namePrefix=\"webalb-847219103046293929260411c0\" (namePrefix + the provider's 26 characters), 33 characters"] }],
        ["target group of 32 characters", res(T.tg, { name: "t".repeat(32) }), {}],
        ["ECR name with upper case", res(T.ecr, { name: "Migration-dev/web" }), { "ecr-repository-name": ["name=\"Migration-dev/web\", 17 characters"] }],
        ["ECR name of 1 character", res(T.ecr, { name: "a" }), { "ecr-repository-name": ["name=\"a\", 1 characters"] }],
        ["health check interval 5 and timeout 2-120", res(T.tg, { name: "a", healthCheck: { interval: 300, timeout: 120, healthyThreshold: 10, unhealthyThreshold: 2 } }), {}],
        ["matcher 200,202 and 200-499", res(T.tg, { name: "a", protocol: "HTTPS", healthCheck: { matcher: "200,202,300-499" } }), {}],
        ["listener rule priority 1 and 50000", res(T.rule, { priority: 1 }), {}],
        ["listener rule priority 0", res(T.rule, { priority: 0 }), { "elbv2-rule-priority": ["priority=0"] }],
        ["forward weights 0 and 999 over 5 groups", res(T.rule, { actions: [{ type: "forward", forward: { targetGroups: [0, 999, 1, 2, 3].map((weight) => ({ arn: "x", weight })) } }] }), {}],
        ["forward with no target group", res(T.rule, { actions: [{ type: "forward", forward: { targetGroups: [] } }] }), { "elbv2-forward-target-groups": ["actions[0].forward.targetGroups=0 items"] }],
        ["Route 53 weight 255 and TTL 0", res(T.record, weighted("Z", "w.example.com", "a", { ttl: 0, weightedRoutingPolicies: [{ weight: 255 }] })), {}],
        ["health check interval 30, threshold 1 and 10", res(T.hc, { type: "HTTPS", fqdn: "a.example.com", requestInterval: 30, failureThreshold: 10, enableSni: true, resourcePath: "/" }), {}],
        ["Fargate 16384 cpu with 122880 MiB", res(T.task, fargateTask({ cpu: "16384", memory: "122880" })), {}],
        ["Fargate 300 cpu", res(T.task, fargateTask({ cpu: "300", memory: "1024" })), { "ecs-fargate-cpu-memory": ["cpu=\"300\""] }],
        ["an EC2 task definition is not held to Fargate sizes", res(T.task, { family: "f", requiresCompatibilities: ["EC2"], cpu: "300", memory: "700" }), {}],
        ["log retention 0 and 3653", res(T.logs, { name: "/a", retentionInDays: 3653 }), {}],
        ["alarm period 10 x 8640 periods (one day)", res(T.alarm, { name: "a", metricName: "m", period: 10, evaluationPeriods: 8640 }), {}],
        ["alarm period 60 x 1441 periods", res(T.alarm, { name: "a", metricName: "m", period: 60, evaluationPeriods: 1441 }), { "cloudwatch-alarm-period": ["period=60 x evaluationPeriods 1441 = 86460 s (at most 86400)"] }],
        ["alarm period 3600 x 168 periods (seven days)", res(T.alarm, { name: "a", metricName: "m", period: 3600, evaluationPeriods: 168 }), {}],
        ["alarm period 3600 x 169 periods", res(T.alarm, { name: "a", metricName: "m", period: 3600, evaluationPeriods: 169 }), { "cloudwatch-alarm-period": ["period=3600 x evaluationPeriods 169 = 608400 s (at most 604800)"] }],
        ["metric query periods 1 and 5 (high resolution)", res(T.alarm, { name: "a", evaluationPeriods: 1, metricQueries: [{ id: "m", metric: { metricName: "x", namespace: "n", period: 5, stat: "Sum" }, returnData: true }] }), {}],
        ["metric math: one query returns data, the others leave returnData out (Terraform sends false)", res(T.alarm, { name: "a", evaluationPeriods: 1, metricQueries: [{ id: "e", expression: "m1 + m2", returnData: true }, { id: "m1", metric: { metricName: "x", namespace: "n", period: 60, stat: "Sum" } }, { id: "m2", metric: { metricName: "y", namespace: "n", period: 60, stat: "Sum" } }] }), {}],
        ["Secrets Manager recovery window 0 and 7", res(T.secret, { name: "a", recoveryWindowInDays: 0 }), {}],
        ["SSM SecureString with no value", res(T.ssm, { name: "/prod/db", type: "SecureString" }), { "ssm-parameter-value": ["value=none"] }],
        ["SSM name at 16 levels", res(T.ssm, { name: `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join("/")}`, type: "String", value: "v" }), { "ssm-parameter-name": [`name="/${Array.from({ length: 16 }, (_, i) => `l${i}`).join("/")}"`] }],
        ["SSM hierarchical name without a leading /", res(T.ssm, { name: "prod/db", type: "String", value: "v" }), { "ssm-parameter-name": ["name=\"prod/db\""] }],
        ["NS delegation record with TTL and name servers", res(T.record, { zoneId: "Z", name: "dev.example.com", type: "NS", ttl: 172800, records: ["ns-1.awsdns-1.org", "ns-2.awsdns-2.com"] }), {}],
        ["simple alias A record", res(T.record, { zoneId: "Z", name: "example.com", type: "A", aliases: [{ name: "alb.example.com", zoneId: "Z2", evaluateTargetHealth: true }] }), {}],
        ["simple record with a setIdentifier", res(T.record, { zoneId: "Z", name: "a.example.com", type: "A", ttl: 60, records: ["203.0.113.7"], setIdentifier: "x" }), { "route53-set-identifier-with-policy": ["setIdentifier=\"x\" on a simple record"] }],
        ["CALCULATED check over two children, threshold 1", res(T.hc, { type: "CALCULATED", childHealthchecks: ["a", "b"], childHealthThreshold: 1 }), {}],
        ["CALCULATED check with no child (the API and Terraform set no minimum)", res(T.hc, { type: "CALCULATED", childHealthchecks: [], childHealthThreshold: 0 }), {}],
        ["CALCULATED check over 257 children", res(T.hc, { type: "CALCULATED", childHealthchecks: Array.from({ length: 257 }, (_, i) => `hc-${i}`) }), { "route53-calculated-check": ["childHealthchecks=257 checks"] }],
        ["CLOUDWATCH_METRIC check in a Region Route 53 does not list", res(T.hc, { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "a", cloudwatchAlarmRegion: "mars-north-1" }), { "route53-cloudwatch-check": ["cloudwatchAlarmRegion=\"mars-north-1\""] }],
        ["ECR names with __ and runs of - (the 2026 API pattern)", res(T.ecr, { name: "migration-dev/web__api--v2" }), {}],
        ["ECR name with _. between words", res(T.ecr, { name: "migration-dev/web_.api" }), { "ecr-repository-name": ["name=\"migration-dev/web_.api\", 22 characters"] }],
        ["security group named SG-web (only sg- is reserved)", res(T.sg, { name: "SG-web" }), {}],
        ["security group named sg-web", res(T.sg, { name: "sg-web" }), { "ec2-sg-name": ["name=\"sg-web\", 6 characters"] }],
        ["health check grace period without load balancers (allowed since the API covers container health checks)", res(T.service, { name: "web", healthCheckGracePeriodSeconds: 60 }), {}],
        ["ECS launch type MANAGED_INSTANCES", res(T.service, { name: "web", launchType: "MANAGED_INSTANCES" }), {}],
        ["ALB listener protocol QUIC and action jwt-validation", res(T.listener, { port: 443, protocol: "QUIC", defaultActions: [{ type: "jwt-validation" }] }), {}],
        ["Route 53 HTTPS and SVCB records", res(T.record, { zoneId: "Z", name: "svc.example.com", type: "HTTPS", ttl: 60, records: ["1 . alpn=h2"] }), {}],
        ["alarm period 20", res(T.alarm, { name: "a", metricName: "m", period: 20, evaluationPeriods: 3 }), {}],
        ["scaling policy name with a non-ASCII character", res(T.policy, { name: "web-cpu-\u00e9" }), { "appautoscaling-policy-name": ["name=\"web-cpu-\u00e9\", 9 characters"] }],
        ["scaling policy on ElastiCacheEngineCPUUtilization", res(T.policy, { name: "p", targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType: "ElastiCacheEngineCPUUtilization" } } }), {}],
        ["IAM role description with a curly quote", res(T.role, { name: "a", description: "the \u201cweb\u201d tasks" }), { "iam-role-description": ["description=\"the \u201cweb\u201d tasks\" (15 characters)"] }],
        ["empty secret string", res(T.secretVersion, { secretId: "s", secretString: new SecretInput("") }), { "secretsmanager-secret-string": ["secretString=[secret] (0 bytes)"] }],
        ["empty Droplet user data (Terraform NoZeroValues)", res(T.droplet, { name: "a", image: "i", region: "nyc3", size: "s", userData: "" }), { "do-droplet-user-data": ["userData=\"\" (0 bytes)"] }],
        ["DO load balancer with both size and sizeUnit (Terraform sends sizeUnit)", res(T.doLb, { name: "a", region: "nyc3", size: "lb-small", sizeUnit: 2, forwardingRules: [{}] }), {}],
        ["DO load balancer with 1001 forwarding rules (no maximum in the sources)", res(T.doLb, { name: "a", forwardingRules: Array.from({ length: 1001 }, () => ({})) }), {}],
        ["DO load balancer network in lower case", res(T.doLb, { name: "a", forwardingRules: [{}], network: "external" }), { "do-lb-network": ["network=\"external\""] }],
        ["Route 53 health check on 192.0.1.10 (public) and 192.0.2.10 (TEST-NET-1)", res(T.hc, { type: "HTTP", ipAddress: "192.0.1.10" }), {}],
        ["Route 53 health check on 192.0.2.10", res(T.hc, { type: "HTTP", ipAddress: "192.0.2.10" }), { "route53-health-check-ip": ["ipAddress=\"192.0.2.10\""] }],
        ["SSM name of 961 characters after its / (1011 with the longest ARN prefix)", res(T.ssm, { name: `/${"p".repeat(961)}`, type: "String", value: "v" }), {}],
        ["SSM name of 962 characters after its /", res(T.ssm, { name: `/${"p".repeat(962)}`, type: "String", value: "v" }), { "ssm-parameter-name": [`name="/${"p".repeat(962)}"`] }],
        ["CLOUDWATCH_METRIC check with an IP address", res(T.hc, { type: "CLOUDWATCH_METRIC", ipAddress: "203.0.113.7", cloudwatchAlarmName: "a", cloudwatchAlarmRegion: "us-east-1" }), { "route53-health-check-endpoint": ["ipAddress, fqdn=set on a CLOUDWATCH_METRIC check"] }],
        ["HTTPS check on a public IP with SNI", res(T.hc, { type: "HTTPS", ipAddress: "198.51.100.20", fqdn: "www.example.com", enableSni: true, port: 443, resourcePath: "/healthz", requestInterval: 10, failureThreshold: 3 }), {}],
        ["Elastic IP in a VPC", res(T.eip, { domain: "vpc" }), {}],
        ["dashboard with widgets", res(T.dashboard, { dashboardName: "migration-dev", dashboardBody: JSON.stringify({ widgets: [{ type: "text", x: 0, y: 0, width: 6, height: 2, properties: { markdown: "hi" } }] }) }), {}],
        ["listener certificate with both ARNs", res(T.lcert, { listenerArn: "arn:l", certificateArn: "arn:c" }), {}],
        ["database firewall on a tag and a CIDR", res(T.dbfw, { clusterId: "db-1", rules: [{ type: "tag", value: "web" }, { type: "ip_addr", value: "10.116.0.0/20" }] }), {}],
        ["IAM role name of 64 characters", res(T.role, { name: "r".repeat(64) }), {}],
        ["IAM role name of 65 characters", res(T.role, { name: "r".repeat(65) }), { "iam-role-name": [`name="${"r".repeat(65)}", 65 characters`] }],
        ["IAM role auto-named from 57 characters (64 with the suffix)", res(T.role, {}, "r".repeat(56)), {}],
        ["DO firewall rule ports 1-65535 and all", res(T.fw, { name: "web", inboundRules: [{ protocol: "tcp", portRange: "1-65535" }, { protocol: "udp", portRange: "all" }, { protocol: "icmp" }] }), {}],
        ["DO firewall rule ports 80-22", res(T.fw, { name: "web", inboundRules: [{ protocol: "tcp", portRange: "80-22" }] }), { "do-firewall-port-range": ["inboundRules[0].portRange=\"80-22\""] }],
    ];
    for (const [title, resource, expected] of cases) {
        it(title, () => assert.deepStrictEqual(broken(resource), expected));
    }
});

describe("provider rules: preview and secrets", () => {
    it("skips values not known yet, and judges the known ones", () => {
        const r = res(T.tg, { name: UNKNOWN, port: 70000, healthCheck: { interval: UNKNOWN, timeout: 121 } });
        assert.deepStrictEqual(broken(r), { "elbv2-tg-port": ["port=70000"], "elbv2-tg-health-timeout": ["healthCheck.timeout=121"] });
        assert.deepStrictEqual(broken(res(T.lb, { name: UNKNOWN })), {}, "an unknown name is not auto-named");
        assert.deepStrictEqual(broken(res(T.listener, { port: 443, protocol: "HTTPS", certificateArn: UNKNOWN })), {});
    });

    it("groups records and listener rules by the resource a reference comes from when its value is unknown", () => {
        const zone = `urn:pulumi:test::p::${T.zone}::zone`;
        const a = res(T.record, weighted("", "www.example.com", "legacy", { zoneId: UNKNOWN }), "a", { zoneId: [zone] });
        const b = res(T.record, { zoneId: UNKNOWN, name: "www.example.com", type: "A", ttl: 60, records: ["203.0.113.8"] }, "b", { zoneId: [zone] });
        assert.deepStrictEqual(checkProviderRules([a, b]).map((v) => [v.rule, v.name]), [["route53-no-mixed-routing", "b"]]);
        const listener = `urn:pulumi:test::p::${T.listener}::https`;
        const r1 = res(T.rule, { listenerArn: UNKNOWN, priority: 110 }, "r1", { listenerArn: [listener] });
        const r2 = res(T.rule, { listenerArn: UNKNOWN, priority: 110 }, "r2", { listenerArn: [listener] });
        const other = res(T.rule, { listenerArn: UNKNOWN, priority: 110 }, "r3", { listenerArn: [`urn:pulumi:test::p::${T.listener}::other`] });
        assert.deepStrictEqual(checkProviderRules([r1, r2, other]).map((v) => [v.rule, v.name]), [["elbv2-rule-priority-unique", "r2"]]);
    });

    it("reads the wire form of a registration: secrets stay secret in messages, unknowns are skipped", () => {
        const registration: Registration = {
            urn: `urn:pulumi:test::p::${T.secretVersion}::db`, type: T.secretVersion, name: "db", custom: true,
            inputs: { secretId: UNKNOWN_VALUE, secretString: { [SIG_KEY]: SECRET_SIG, value: `postgres://${"x".repeat(65530)}` } },
            propertyDependencies: {}, outputs: {},
            options: { protect: false, retainOnDelete: false, ignoreChanges: [], deleteBeforeReplace: false, dependsOn: [], additionalSecretOutputs: [], aliases: [] },
        };
        const resource = ruleResourceOf(registration);
        assert.strictEqual(resource.inputs.secretId, UNKNOWN);
        const [violation] = checkProviderRules([resource]);
        assert.strictEqual(violation.value, "[secret] (65541 bytes)");
        assert.ok(!formatViolation(violation).includes("postgres://"));
    });
});

describe("provider rules: report and reference", () => {
    const violation: ProviderRuleViolation = {
        rule: "elbv2-lb-name", urn: "urn:pulumi:prod::migration::migration:aws:Platform$aws:lb/loadBalancer:LoadBalancer::migration-prod-platform-alb",
        type: T.lb, name: "migration-prod-platform-alb", property: "name", value: "\"migration-prod-platform-alb-1d9eeed\" (auto-named from the logical name), 35 characters",
        limit: "at most 32 characters of A-Z a-z 0-9 and -, not starting or ending with -, not starting with internal-", source: "S",
    };

    it("words a violation like a preview error: resource, property, value, limit, rule and source", () => {
        assert.strictEqual(providerRulesReport([violation, { ...violation, property: "x" }]),
            "2 inputs the providers would refuse; `pulumi preview` or `pulumi up` would fail:\n"
            + "  - urn:pulumi:prod::migration::migration:aws:Platform$aws:lb/loadBalancer:LoadBalancer::migration-prod-platform-alb\n"
            + "    name: \"migration-prod-platform-alb-1d9eeed\" (auto-named from the logical name), 35 characters; allowed at most 32 characters of A-Z a-z 0-9 and -, not starting or ending with -, not starting with internal- (rule elbv2-lb-name; S)\n"
            + "  - urn:pulumi:prod::migration::migration:aws:Platform$aws:lb/loadBalancer:LoadBalancer::migration-prod-platform-alb\n"
            + "    x: \"migration-prod-platform-alb-1d9eeed\" (auto-named from the logical name), 35 characters; allowed at most 32 characters of A-Z a-z 0-9 and -, not starting or ending with -, not starting with internal- (rule elbv2-lb-name; S)");
        assert.ok(providerRulesReport([violation]).startsWith("1 input the providers would refuse;"));
    });

    it("generates the reference from the table: one row per rule, the auto-naming caps, what the plan cannot know", () => {
        const md = providerRulesMarkdown();
        const ruleRows = md.split("\n").filter((l) => /^\| `[a-z0-9-]+` \|/.test(l));
        assert.strictEqual(ruleRows.length, PROVIDER_RULES.length, "a row per rule");
        const typeRows = md.split("\n").filter((l) => /^\| `(aws|digitalocean):[^`]+` \| \d+ \|/.test(l));
        assert.strictEqual(typeRows.length, 21, "a row per auto-named type");
        for (const rule of PROVIDER_RULES) {
            assert.ok(md.includes(`| \`${rule.id}\` |`), rule.id);
        }
        assert.ok(md.includes("| `aws:lb/targetGroup:TargetGroup` | 32 | yes |"));
        assert.ok(md.includes("| `aws:lb/loadBalancer:LoadBalancer` | 255 | yes |"));
        assert.ok(md.includes("| `aws:iam/role:Role` | 64 | yes |"));
        assert.ok(md.includes("## What the offline plan cannot know"));
        assert.ok(md.includes("Quotas and adjustable limits"));
        assert.ok(md.includes("Names already taken"));
        assert.strictEqual(md, providerRulesMarkdown(), "stable output");
    });
});
