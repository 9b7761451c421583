import * as assert from "assert";
import type { AnalyzerStackResource } from "../../tools/offline/analyzer";
import { reported, res, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";

const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const REPO = "aws:ecr/repository:Repository";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const LOGS = "aws:cloudwatch/logGroup:LogGroup";
const SG = "aws:ec2/securityGroup:SecurityGroup";

describe("policies: platform", function () {
    const analyzer = sharedAnalyzer();
    const texts = async (policy: string, r: Parameters<ReturnType<typeof analyzer>["analyze"]>[0]) =>
        reported(await analyzer().analyze(r)).filter((d) => d.policy === policy).map((d) => d.text);
    const stackTexts = async (policy: string, stack: readonly AnalyzerStackResource[]) =>
        reported(await analyzer().analyzeStack(stack)).filter((d) => d.policy === policy).map((d) => `${d.urn}|${d.text}`);

    describe("platform-alb-http-redirects-to-https", () => {
        const POLICY = "platform-alb-http-redirects-to-https";
        const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
        const http = (defaultActions: unknown, extra = {}) => res(LISTENER, "http", { arn: "arn:listener/http", loadBalancerArn: "arn:alb", port: 80, protocol: "HTTP", defaultActions }, extra);
        const https = res(LISTENER, "https", { arn: "arn:listener/https", port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", defaultActions: [{ type: "fixed-response" }] });
        const rule = (listenerArn: unknown, actions: unknown[], extra = {}) => res(RULE, "web-rule", { listenerArn, priority: 100, actions }, extra);
        it("passes an HTTP listener that only redirects, with forward rules on the HTTPS listener", async () => {
            assert.deepStrictEqual(await stackTexts(POLICY, [http([redirect]), https, rule("arn:listener/https", [{ type: "forward", targetGroupArn: "arn:tg" }]), rule("arn:listener/http", [redirect, { type: "fixed-response" }])]), []);
        });
        it("reports an HTTP listener that serves, and a forward rule added to it", async () => {
            assert.deepStrictEqual(await stackTexts(POLICY, [http([{ type: "forward", targetGroupArn: "arn:tg" }]), rule("arn:listener/http", [{ type: "forward", targetGroupArn: "arn:tg" }])]), [
                `${urnOf(LISTENER, "http")}|http: HTTP listener's default action is forward, so it answers in plain HTTP; make it a single redirect with protocol "HTTPS" (port "443", statusCode "HTTP_301").`,
                `${urnOf(RULE, "web-rule")}|web-rule: a forward rule on HTTP listener http serves its requests in plain HTTP; attach the rule to the HTTPS listener.`,
            ]);
            assert.deepStrictEqual(await stackTexts(POLICY, [http([{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }, redirect])]), [
                `${urnOf(LISTENER, "http")}|http: HTTP listener's default action is redirect, redirect, so it answers in plain HTTP; make it a single redirect with protocol "HTTPS" (port "443", statusCode "HTTP_301").`,
            ]);
        });
        it("links rules to the listener by dependency at preview, and skips unknown actions", async () => {
            const previewHttp = http([redirect], {});
            const previewRule = rule(UNKNOWN, [{ type: "forward" }], { propertyDependencies: { listenerArn: [previewHttp.urn] } });
            assert.deepStrictEqual((await stackTexts(POLICY, [{ ...previewHttp, properties: { ...previewHttp.properties, arn: UNKNOWN } }, previewRule])).length, 1);
            assert.deepStrictEqual(await stackTexts(POLICY, [http(UNKNOWN), http([UNKNOWN]), rule("arn:listener/http", [{ type: UNKNOWN }])]), []);
        });
    });

    describe("platform-alb-tls-policy", () => {
        const POLICY = "platform-alb-tls-policy";
        const listener = (props: Record<string, unknown>) => res(LISTENER, "https", { port: 443, protocol: "HTTPS", ...props });
        const ALLOWED = "ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ELBSecurityPolicy-TLS13-1-3-2021-06, ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04, " +
            "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04, ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04, ELBSecurityPolicy-TLS13-1-2-PQ-2025-09, ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, " +
            "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09, ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09, ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09, ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09";
        it("passes allowed policies and ignores HTTP listeners", async () => {
            assert.deepStrictEqual(await texts(POLICY, listener({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })), []);
            assert.deepStrictEqual(await texts(POLICY, listener({ protocol: "HTTP", port: 80 })), []);
        });
        it("reports a policy off the list (TLS 1.0 behind a TLS13 name included) and a missing one", async () => {
            assert.deepStrictEqual(await texts(POLICY, listener({ sslPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06" })), [
                `https: sslPolicy ELBSecurityPolicy-TLS13-1-0-2021-06 is not in this stack's allow-list; use one of ${ALLOWED}.`,
            ]);
            assert.deepStrictEqual(await texts(POLICY, res("aws:alb/listener:Listener", "tls", { port: 443, protocol: "TLS" })), [
                `tls: TLS listener has no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1); set sslPolicy to one of ${ALLOWED}.`,
            ]);
        });
        it("follows allowedSslPolicies", async () => {
            const ext = listener({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06" });
            assert.strictEqual((await texts(POLICY, ext)).length, 1);
            await analyzer().configure({ [POLICY]: { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"] } });
            assert.deepStrictEqual(await texts(POLICY, ext), []);
            assert.deepStrictEqual(await texts(POLICY, listener({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })), [
                "https: sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06 is not in this stack's allow-list; use one of ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06.",
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(await texts(POLICY, listener({ sslPolicy: UNKNOWN })), []);
            assert.deepStrictEqual(await texts(POLICY, listener({ protocol: UNKNOWN })), []);
        });
    });

    describe("platform-alb-drop-invalid-headers", () => {
        const POLICY = "platform-alb-drop-invalid-headers";
        const alb = (props: Record<string, unknown>) => res(ALB, "alb", { loadBalancerType: "application", internal: false, ...props });
        it("passes an ALB that drops invalid headers, and network load balancers", async () => {
            assert.deepStrictEqual(await texts(POLICY, alb({ dropInvalidHeaderFields: true })), []);
            assert.deepStrictEqual(await texts(POLICY, alb({ loadBalancerType: "network" })), []);
        });
        it("reports an ALB that passes them on, including by default", async () => {
            assert.deepStrictEqual(await texts(POLICY, alb({ dropInvalidHeaderFields: false })), [
                "alb: dropInvalidHeaderFields is false, so malformed headers reach the targets (request smuggling); set dropInvalidHeaderFields to true.",
            ]);
            assert.deepStrictEqual(await texts(POLICY, res("aws:alb/loadBalancer:LoadBalancer", "alb", {})), [
                "alb: dropInvalidHeaderFields is not set (false), so malformed headers reach the targets (request smuggling); set dropInvalidHeaderFields to true.",
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(await texts(POLICY, alb({ dropInvalidHeaderFields: UNKNOWN, subnets: UNKNOWN })), []);
        });
    });

    describe("platform-alb-deletion-protection", () => {
        const POLICY = "platform-alb-deletion-protection";
        const alb = (enableDeletionProtection: unknown) => res(ALB, "alb", { loadBalancerType: "application", dropInvalidHeaderFields: true, enableDeletionProtection });
        const FINDING = "alb: enableDeletionProtection is not true, so one mistaken update or destroy deletes the load balancer every hostname points at; set it to true (migration:platform.albDeletionProtection).";
        it("is off unless enabled (dev)", async () => {
            assert.deepStrictEqual(await texts(POLICY, alb(false)), []);
        });
        it("passes a protected load balancer and reports an unprotected one when enabled", async () => {
            await analyzer().configure({ [POLICY]: { enabled: true } });
            assert.deepStrictEqual(await texts(POLICY, alb(true)), []);
            assert.deepStrictEqual(await texts(POLICY, alb(false)), [FINDING]);
            assert.deepStrictEqual(await texts(POLICY, alb(undefined)), [FINDING]);
        });
        it("does not run into unknowns at preview", async () => {
            await analyzer().configure({ [POLICY]: { enabled: true } });
            assert.deepStrictEqual(await texts(POLICY, alb(UNKNOWN)), []);
        });
    });

    describe("platform-ecr-immutable-tags and platform-ecr-scan-on-push", () => {
        const repo = (props: Record<string, unknown>) => res(REPO, "web-repo", { name: "migration-prod/web", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, ...props });
        it("pass an immutable repository that scans on push", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(repo({}))), []);
        });
        it("report mutable tags (also by default) and missing scan on push", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(repo({ imageTagMutability: "MUTABLE", imageScanningConfiguration: { scanOnPush: false } }))).map((r) => `${r.policy}|${r.text}`), [
                "platform-ecr-immutable-tags|web-repo: imageTagMutability is MUTABLE, so a pushed tag can be replaced under a running task definition; set it to \"IMMUTABLE\".",
                "platform-ecr-scan-on-push|web-repo: imageScanningConfiguration.scanOnPush is not true, so images with known vulnerabilities deploy unnoticed; set imageScanningConfiguration: { scanOnPush: true }.",
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(res(REPO, "bare", { name: "bare" }))).map((r) => `${r.policy}|${r.text}`), [
                "platform-ecr-immutable-tags|bare: imageTagMutability is not set (MUTABLE), so a pushed tag can be replaced under a running task definition; set it to \"IMMUTABLE\".",
                "platform-ecr-scan-on-push|bare: imageScanningConfiguration.scanOnPush is not true, so images with known vulnerabilities deploy unnoticed; set imageScanningConfiguration: { scanOnPush: true }.",
            ]);
        });
        it("do not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(repo({ imageTagMutability: UNKNOWN, imageScanningConfiguration: UNKNOWN }))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(repo({ imageScanningConfiguration: { scanOnPush: UNKNOWN } }))), []);
        });
    });

    describe("platform-iam-task-roles-no-wildcards", () => {
        const POLICY = "platform-iam-task-roles-no-wildcards";
        const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
        const role = (name: string, assumeRolePolicy: unknown = trust) => res(ROLE, name, { name: `${name}-1a2b`, arn: `arn:aws:iam::111122223333:role/${name}-1a2b`, assumeRolePolicy });
        const doc = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements.map((s) => ({ Effect: "Allow", ...s })) });
        const inline = (roleName: string, policy: unknown, extra = {}) => res(ROLE_POLICY, `${roleName}-policy`, { role: `${roleName}-1a2b`, policy }, extra);
        const execution = role("web-execution");
        const taskRole = role("web-task");
        // The program's own documents (components/aws/iam-policies.ts).
        const programExecution = inline("web-execution", doc(
            { Sid: "EcrAuthorization", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
            { Sid: "PullServiceImages", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: ["arn:aws:ecr:us-east-1:111122223333:repository/migration-prod/web"] },
            { Sid: "WriteServiceLogs", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/migration-prod/web:*" },
            { Sid: "ReadServiceParameters", Action: ["ssm:GetParameters"], Resource: ["arn:aws:ssm:us-east-1:111122223333:parameter/migration-prod/web/DATABASE_URL"] },
        ));
        const programTask = inline("web-task", doc({ Sid: "EcsExecChannels", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*" }));
        it("passes the program's execution and task role policies (Resource \"*\" only for actions without resource-level permissions)", async () => {
            assert.deepStrictEqual(await stackTexts(POLICY, [execution, taskRole, programExecution, programTask]), []);
        });
        it("reports wildcard actions, NotAction, NotResource, Resource \"*\" for restrictable actions and AWS managed policies", async () => {
            const wide = inline("web-task", doc(
                { Action: ["s3:Get*", "ssmmessages:OpenDataChannel"], Resource: "*" },
                { NotAction: "iam:*", Resource: "arn:aws:s3:::bucket/*" },
                { Action: "sqs:SendMessage", NotResource: "arn:aws:sqs:us-east-1:111122223333:internal" },
                { Action: ["sqs:SendMessage", "ecr:GetAuthorizationToken"], Resource: ["arn:aws:sqs:us-east-1:111122223333:jobs", "*"] },
                { Effect: "Deny", Action: "*", Resource: "*" },
            ));
            const managed = res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "exec-managed", { role: "web-execution-1a2b", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" });
            const ALLOWED = "ecr:GetAuthorizationToken, ssmmessages:CreateControlChannel, ssmmessages:CreateDataChannel, ssmmessages:OpenControlChannel, ssmmessages:OpenDataChannel";
            assert.deepStrictEqual(await stackTexts(POLICY, [execution, taskRole, wide, managed]), [
                `${execution.urn}|web-execution: attaches the AWS managed policy arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy, whose statements grant their actions on Resource "*"; replace it with an inline policy scoped to this service's resources.`,
                `${taskRole.urn}|web-task: web-task-policy Statement[0] allows the wildcard action s3:Get*; list the actions the task needs.`,
                `${taskRole.urn}|web-task: web-task-policy Statement[1] allows NotAction, that is every action but iam:*; list the actions the task needs.`,
                `${taskRole.urn}|web-task: web-task-policy Statement[2] uses NotResource, that is every resource but arn:aws:sqs:us-east-1:111122223333:internal; name the resources the task needs.`,
                `${taskRole.urn}|web-task: web-task-policy Statement[3] allows sqs:SendMessage on Resource "*"; name this service's resources (only ${ALLOWED} support no resource-level permissions, per the AWS Service Authorization Reference).`,
            ]);
        });
        it("finds task roles by task definition reference as well as by trust policy, and reads inline policies", async () => {
            const plainRole = role("worker", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }));
            const withInline = { ...plainRole, properties: { ...plainRole.properties, inlinePolicies: [{ name: "all", policy: doc({ Action: "*", Resource: "*" }) }] } };
            assert.deepStrictEqual(await stackTexts(POLICY, [withInline]), [], "a role no task uses is another rule's business");
            const usedBy = res(TASK, "worker-task", { family: "worker", taskRoleArn: plainRole.properties.arn, containerDefinitions: "[]" });
            assert.deepStrictEqual(await stackTexts(POLICY, [withInline, usedBy]), [
                `${plainRole.urn}|worker: worker inlinePolicies[0] Statement[0] allows the wildcard action *; list the actions the task needs.`,
            ]);
        });
        it("judges known documents at preview, links by dependency, and skips unknown ones", async () => {
            const previewRole = role("web-task", UNKNOWN);
            const previewPolicy = inline("web-task", doc({ Action: "dynamodb:Query", Resource: "*" }), { propertyDependencies: { role: [previewRole.urn] } });
            const previewTask = res(TASK, "web-stable", { taskRoleArn: UNKNOWN, containerDefinitions: UNKNOWN }, { propertyDependencies: { taskRoleArn: [previewRole.urn] } });
            const policyWithUnknownRole = { ...previewPolicy, properties: { ...previewPolicy.properties, role: UNKNOWN } };
            assert.deepStrictEqual((await stackTexts(POLICY, [previewRole, previewTask, policyWithUnknownRole])).length, 1);
            assert.deepStrictEqual(await stackTexts(POLICY, [taskRole, inline("web-task", UNKNOWN)]), []);
        });
    });

    describe("platform-log-group-retention", () => {
        const POLICY = "platform-log-group-retention";
        const logs = (retentionInDays: unknown) => res(LOGS, "web-logs", { name: "/ecs/migration-prod/web", retentionInDays });
        it("passes a log group that expires its logs", async () => {
            assert.deepStrictEqual(await texts(POLICY, logs(14)), []);
        });
        it("reports logs kept forever", async () => {
            assert.deepStrictEqual(await texts(POLICY, logs(undefined)), [
                "web-logs: retentionInDays is not set, so logs are kept (and billed) forever; set it to at least 1 (migration:platform.logRetentionDays).",
            ]);
            assert.deepStrictEqual(await texts(POLICY, logs(0)), [
                "web-logs: retentionInDays is 0, so logs are kept (and billed) forever; set it to at least 1 (migration:platform.logRetentionDays).",
            ]);
        });
        it("follows minRetentionDays", async () => {
            await analyzer().configure({ [POLICY]: { minRetentionDays: 90 } });
            assert.deepStrictEqual(await texts(POLICY, logs(30)), ["web-logs: retentionInDays 30 is below this stack's minimum 90; keep logs at least 90 days."]);
            assert.deepStrictEqual(await texts(POLICY, logs(90)), []);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(await texts(POLICY, logs(UNKNOWN)), []);
        });
    });

    describe("platform-security-group-descriptions", () => {
        const POLICY = "platform-security-group-descriptions";
        it("passes described groups and rules", async () => {
            assert.deepStrictEqual(await texts(POLICY, res(SG, "task-sg", { description: "web tasks: port 8080 from the ALB only", ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-alb"], description: "from the ALB" }] })), []);
            assert.deepStrictEqual(await texts(POLICY, res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "out", { description: "HTTPS out", ipProtocol: "tcp", fromPort: 443, toPort: 443 })), []);
        });
        it("reports a group with the provider's default description and undescribed rules of every kind", async () => {
            assert.deepStrictEqual(await texts(POLICY, res(SG, "task-sg", { description: "Managed by Pulumi", ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080 }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, description: " " }] })), [
                "task-sg: description, ingress[0].description, egress[0].description are empty or the provider's default; describe what it is for and what it admits, so a reviewer can tell a needed rule from a stray one.",
            ]);
            for (const type of ["aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"]) {
                assert.deepStrictEqual(await texts(POLICY, res(type, "rule", { ipProtocol: "tcp", fromPort: 443, toPort: 443 })), [
                    "rule: description is empty or the provider's default; describe what it is for and what it admits, so a reviewer can tell a needed rule from a stray one.",
                ], type);
            }
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(await texts(POLICY, res(SG, "task-sg", { description: UNKNOWN, ingress: UNKNOWN })), []);
            assert.deepStrictEqual(await texts(POLICY, res(SG, "task-sg", { description: "x", ingress: [UNKNOWN, { description: UNKNOWN }] })), []);
        });
    });
});
