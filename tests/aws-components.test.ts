// Mock tests of the AWS components on both stacks (and prod with a canary):
// what AwsNetwork, AwsPlatform, FargateService and its FargateRevisions
// register, with exact inputs, options and outputs, and that secret values
// never leave a wire secret.
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, type StackConfig } from "../components/config";
import { AwsNetwork, AwsPlatform, FargateService } from "../components/aws";
import { egressRuleKey, type DatabaseTarget } from "../components/aws/database-clients";
import { MovedDatabase } from "../components/aws/database";
import { readStackConfig } from "../tools/stack-file";
import { runInMocks, fromWire, isSecretValue, type ProgramRun, type Registration } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import type { RawConfigInput } from "../components/config";

const ROOT = path.resolve(__dirname, "..");
const ZONE_ID = "Z0TESTZONE";
const PLACEHOLDER = "offline-placeholder-for-migration:webDatabaseUrl";

/** ACM does not promise validation options in request order: these mocks answer them reversed. */
class ReversedValidationMocks extends OfflineMocks {
    override newResource(args: pulumi.runtime.MockResourceArgs) {
        const result = super.newResource(args);
        if (args.type === "aws:acm/certificate:Certificate") {
            const options = result.state.domainValidationOptions as unknown[];
            return { ...result, state: { ...result.state, domainValidationOptions: [...options].reverse() } };
        }
        return result;
    }
}

/** Builds the whole AWS side as Migration wires it: network, platform, one FargateService per fargate service. */
async function runAws(raw: RawConfigInput): Promise<ProgramRun> {
    return runInMocks(raw, { mocks: new ReversedValidationMocks(mockEnvironmentFor(raw)) }, async () => {
        const config = parseStackConfig(raw);
        const prefix = `${config.project}-${config.stack}`;
        const network = new AwsNetwork(prefix, { config });
        const platform = new AwsPlatform(prefix, { config, vpcId: network.vpcId, publicSubnetIds: network.publicSubnetIds, zoneId: ZONE_ID });
        const databases: Record<string, DatabaseTarget> = {};
        for (const database of config.legacy.databases.filter((d) => d.move !== undefined)) {
            const moved = new MovedDatabase(`${prefix}-rds-${database.name}`, { config, database, vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds });
            databases[database.name] = { securityGroupId: moved.securityGroupId, port: moved.port, credentialsSecretArn: moved.credentialsSecretArn };
        }
        for (const service of config.services.filter((s) => s.fargate !== undefined)) {
            new FargateService(`${prefix}-${service.name}`, {
                config, service,
                vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds,
                clusterArn: platform.clusterArn, clusterName: platform.clusterName,
                albSecurityGroupId: platform.albSecurityGroupId, httpsListenerArn: platform.httpsListenerArn, albArnSuffix: platform.albArnSuffix,
                databases,
                ecsLoadBalancerRole: platform.ecsLoadBalancerRole,
            });
        }
    });
}

function one(run: ProgramRun, type: string, name: string): Registration {
    const found = run.registrations.filter((r) => r.type === type && r.name === name);
    assert.strictEqual(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}
const inputs = (r: Registration) => fromWire(r.inputs) as Record<string, any>;
const outputs = (r: Registration) => fromWire(r.outputs) as Record<string, any>;
const childrenOf = (run: ProgramRun, parent: Registration, type: string) => run.registrations.filter((r) => r.parent === parent.urn && r.type === type);

const STACK_TAGS = (stack: string, environment: string) => ({
    team: "platform", "cost-center": "cc-1042", environment, "managed-by": "pulumi", "pulumi-project": "migration", "pulumi-stack": stack,
});

/** Every place a string containing `needle` occurs in wire values, and whether it is inside a secret. */
function occurrences(value: unknown, needle: string, insideSecret = false, found: boolean[] = []): boolean[] {
    if (typeof value === "string") {
        if (value.includes(needle)) {
            found.push(insideSecret);
        }
    } else if (Array.isArray(value)) {
        value.forEach((v) => occurrences(v, needle, insideSecret, found));
    } else if (typeof value === "object" && value !== null) {
        const secret = isSecretValue(value);
        for (const v of Object.values(value)) {
            occurrences(v, needle, insideSecret || secret, found);
        }
    }
    return found;
}

/** Prod after its cut-over, a quarter of www on Fargate with a 10 % canary of the next release. */
function prodWithCanary(): RawConfigInput {
    const services = JSON.parse(readStackConfig(ROOT, "prod").values["migration:services"]) as Record<string, any>[];
    for (const svc of services) {
        delete svc.traffic?.liveRecord;
    }
    services[0].traffic.fargatePercent = 25;
    services[0].fargate.canary = { imageTag: "1.9.0", percent: 10 };
    return readStackConfig(ROOT, "prod", { config: { "migration:services": JSON.stringify(services) } });
}

const DEPLOYMENT_ALARMS = ["target-5xx-rate", "unhealthy-hosts", "cpu-high", "memory-high", "healthy-hosts"];
const alarmKinds = (revision: string) => (revision === "canary" ? [...DEPLOYMENT_ALARMS, "elb-5xx-rate"] : DEPLOYMENT_ALARMS);

const CASES = [
    { label: "dev stack", stack: "dev" as const, raw: () => readStackConfig(ROOT, "dev"), canary: false },
    { label: "prod stack, day one", stack: "prod" as const, raw: () => readStackConfig(ROOT, "prod"), canary: false },
    { label: "prod stack with a canary", stack: "prod" as const, raw: prodWithCanary, canary: true },
];

for (const { label, stack, raw: rawOf, canary } of CASES) {
    describe(`aws components (${label})`, () => {
        const raw = rawOf();
        const config = parseStackConfig(raw);
        const account = stack === "dev" ? "111122223333" : "444455556666";
        const tags = STACK_TAGS(stack, stack);
        const vpcCidr = stack === "dev" ? "10.20.0.0/16" : "10.30.0.0/16";
        const zone = stack === "dev" ? "dev.example.com" : "example.com";
        const host = (s: string) => `${s === "web" ? "www" : s}.${zone}`;
        const revisionsOf = (s: string) => (s === "web" && canary ? ["stable", "canary"] : ["stable"]);
        let run: ProgramRun;
        let vpc: Registration;
        before(async () => {
            run = await runAws(raw);
            vpc = one(run, "awsx:ec2:Vpc", `migration-${stack}-vpc`);
        });

        describe("AwsNetwork", () => {
            it("registers one awsx VPC with the planned subnets, and NAT gateways on the program's own Elastic IPs", () => {
                const expected = stack === "dev"
                    ? { azs: 2, nat: "Single", eips: 1, privateCidrs: ["10.20.0.0/20", "10.20.16.0/20"], publicCidrs: ["10.20.32.0/24", "10.20.33.0/24"] }
                    : { azs: 3, nat: "OnePerAz", eips: 3, privateCidrs: ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"], publicCidrs: ["10.30.48.0/24", "10.30.49.0/24", "10.30.50.0/24"] };
                const component = one(run, "migration:aws:Network", `migration-${stack}`);
                const eips = childrenOf(run, component, "aws:ec2/eip:Eip");
                assert.deepStrictEqual(eips.map((e) => [e.name, inputs(e)]), Array.from({ length: expected.eips }, (_, i) => [
                    `migration-${stack}-nat-${i + 1}`, { domain: "vpc", tags: { ...tags, Name: `migration-${stack}-nat-${i + 1}` } },
                ]));
                assert.deepStrictEqual(inputs(vpc), {
                    cidrBlock: vpcCidr,
                    numberOfAvailabilityZones: expected.azs,
                    subnetStrategy: "Auto",
                    subnetSpecs: [
                        { type: "Private", name: "private", size: 4096, cidrBlocks: expected.privateCidrs, tags: { ...tags, tier: "private" } },
                        { type: "Public", name: "public", size: 256, cidrBlocks: expected.publicCidrs, tags: { ...tags, tier: "public" } },
                    ],
                    natGateways: { strategy: expected.nat, elasticIpAllocationIds: eips.map((e) => outputs(e).allocationId) },
                    enableDnsHostnames: true,
                    enableDnsSupport: true,
                    tags,
                });
                assert.strictEqual(vpc.parent, component.urn);
                assert.deepStrictEqual(outputs(component), {
                    vpcId: outputs(vpc).vpcId,
                    privateSubnetIds: outputs(vpc).privateSubnetIds,
                    publicSubnetIds: outputs(vpc).publicSubnetIds,
                    privateSubnetCidrs: expected.privateCidrs,
                    vpcCidr,
                    natPublicIps: eips.map((e) => outputs(e).publicIp),
                });
                assert.strictEqual(outputs(vpc).privateSubnetIds.length, expected.azs);
            });
        });

        describe("AwsPlatform", () => {
            let platform: Registration;
            let albSg: Registration;
            before(() => {
                platform = one(run, "migration:aws:Platform", `migration-${stack}`);
                albSg = one(run, "aws:ec2/securityGroup:SecurityGroup", `migration-${stack}-alb-sg`);
            });

            it("creates the cluster with Container Insights", () => {
                assert.deepStrictEqual(inputs(one(run, "aws:ecs/cluster:Cluster", `migration-${stack}-cluster`)), {
                    name: `migration-${stack}`,
                    settings: [{ name: "containerInsights", value: "enabled" }],
                    tags,
                });
            });

            it("opens the ALB to HTTP and HTTPS only, and leaves its way out to the services", () => {
                const sgId = albSg.id;
                assert.match(String(sgId), /^sg-[0-9a-f]{17}$/);
                assert.deepStrictEqual(inputs(albSg), {
                    vpcId: outputs(vpc).vpcId,
                    description: "Internet-facing ALB: HTTP and HTTPS in, each service port to its own tasks out",
                    tags: { ...tags, Name: `migration-${stack}-alb` },
                });
                const ingress = childrenOf(run, platform, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map(inputs);
                const rule = (port: number, cidr: Record<string, string>) => ({
                    securityGroupId: sgId, ipProtocol: "tcp", fromPort: port, toPort: port, ...cidr, tags,
                    description: port === 80 ? "HTTP from anywhere (redirected to HTTPS)" : "HTTPS from anywhere",
                });
                assert.deepStrictEqual(ingress, [
                    rule(80, { cidrIpv4: "0.0.0.0/0" }), rule(80, { cidrIpv6: "::/0" }),
                    rule(443, { cidrIpv4: "0.0.0.0/0" }), rule(443, { cidrIpv6: "::/0" }),
                ]);
                assert.deepStrictEqual(childrenOf(run, platform, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"), []);
            });

            it("puts an internet-facing ALB in the public subnets, dropping invalid headers", () => {
                assert.deepStrictEqual(inputs(one(run, "aws:lb/loadBalancer:LoadBalancer", `migration-${stack}-alb`)), {
                    name: `migration-${stack}-alb`,
                    loadBalancerType: "application",
                    internal: false,
                    ipAddressType: "ipv4",
                    subnets: outputs(vpc).publicSubnetIds,
                    securityGroups: [albSg.id],
                    dropInvalidHeaderFields: true,
                    enableDeletionProtection: stack === "prod",
                    tags,
                });
            });

            it("validates one certificate for every Fargate hostname and the health-check wildcard, through Route 53 records picked by domain name", () => {
                const names = [host("web"), host("api"), `*.fargate-health.${zone}`];
                const cert = one(run, "aws:acm/certificate:Certificate", `migration-${stack}-cert`);
                assert.deepStrictEqual(inputs(cert), { domainName: names[0], subjectAlternativeNames: names.slice(1), validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags });
                const options = outputs(cert).domainValidationOptions as { domainName: string; resourceRecordName: string; resourceRecordValue: string }[];
                assert.deepStrictEqual(options.map((o) => o.domainName), [...names].reverse(), "the mocks answer in reverse order");
                const records = names.map((n) => one(run, "aws:route53/record:Record", `migration-${stack}-cert-validation-${n.replace("*.", "wildcard.")}`));
                records.forEach((record, i) => {
                    const option = options.find((o) => o.domainName === names[i])!;
                    assert.deepStrictEqual(inputs(record), {
                        zoneId: ZONE_ID, name: option.resourceRecordName, type: "CNAME", records: [option.resourceRecordValue], ttl: 60, allowOverwrite: true,
                    });
                });
                const validation = one(run, "aws:acm/certificateValidation:CertificateValidation", `migration-${stack}-cert-validation`);
                assert.deepStrictEqual(inputs(validation), { certificateArn: outputs(cert).arn, validationRecordFqdns: records.map((r) => outputs(r).fqdn) });
                for (const record of records) {
                    assert.ok(validation.options.dependsOn.includes(record.urn), `validation depends on ${record.name}`);
                }
                const https = one(run, "aws:lb/listener:Listener", `migration-${stack}-https`);
                assert.deepStrictEqual(https.propertyDependencies.certificateArn, [validation.urn], "the listener takes the validated ARN");
                assert.deepStrictEqual(run.registrations.filter((r) => r.type === "aws:lb/listenerCertificate:ListenerCertificate"), [], "one certificate holds every name under the default quota");
            });

            it("serves HTTPS with TLS 1.3/1.2 and a 404 default, and redirects HTTP", () => {
                const alb = one(run, "aws:lb/loadBalancer:LoadBalancer", `migration-${stack}-alb`);
                const cert = one(run, "aws:acm/certificate:Certificate", `migration-${stack}-cert`);
                assert.deepStrictEqual(inputs(one(run, "aws:lb/listener:Listener", `migration-${stack}-https`)), {
                    loadBalancerArn: outputs(alb).arn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    certificateArn: outputs(cert).arn,
                    defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Not found", statusCode: "404" } }],
                    tags,
                });
                assert.deepStrictEqual(inputs(one(run, "aws:lb/listener:Listener", `migration-${stack}-http`)), {
                    loadBalancerArn: outputs(alb).arn, port: 80, protocol: "HTTP",
                    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                    tags,
                });
            });

            it("registers its outputs", () => {
                const alb = outputs(one(run, "aws:lb/loadBalancer:LoadBalancer", `migration-${stack}-alb`));
                const cluster = outputs(one(run, "aws:ecs/cluster:Cluster", `migration-${stack}-cluster`));
                const https = outputs(one(run, "aws:lb/listener:Listener", `migration-${stack}-https`));
                const cert = outputs(one(run, "aws:acm/certificate:Certificate", `migration-${stack}-cert`));
                assert.deepStrictEqual(outputs(platform), {
                    clusterArn: cluster.arn, clusterName: cluster.name,
                    albArn: alb.arn, albArnSuffix: alb.arnSuffix, albDnsName: alb.dnsName, albZoneId: "Z35SXDOTRQ7X7K",
                    albSecurityGroupId: albSg.id, httpsListenerArn: https.arn, certificateArn: cert.arn,
                });
            });
        });

        describe("FargateService", () => {
            const svcName = (s: string) => `migration-${stack}-${s}`;
            const repoUrl = (s: string) => `${account}.dkr.ecr.us-east-1.amazonaws.com/migration-${stack}/${s}`;
            const parameterArn = `arn:aws:ssm:us-east-1:${account}:parameter/migration-${stack}/web/DATABASE_URL`;
            const session = stack === "dev"
                ? "arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/web/session-signing-key-AbCdEf"
                : "arn:aws:secretsmanager:us-east-1:444455556666:secret:prod/web/session-signing-key-QrStUv";
            const jwt = `arn:aws:ssm:us-east-1:${account}:parameter/${stack}/api/jwt-signing-key`;

            it("stores the secret from config as an SSM SecureString, its value inside wire secrets only", () => {
                const places = run.registrations.flatMap((r) => [
                    ...occurrences(r.inputs, PLACEHOLDER),
                    ...(r.custom ? [] : occurrences(r.outputs, PLACEHOLDER)),
                ]);
                assert.ok(places.length >= 1, "the secret reaches SSM");
                assert.deepStrictEqual(places.filter((inside) => !inside), [], "no plaintext occurrence");
                const parameter = one(run, "aws:ssm/parameter:Parameter", `${svcName("web")}-secret-database-url`);
                assert.ok(isSecretValue(parameter.inputs.value));
                assert.deepStrictEqual(inputs(parameter), {
                    name: `/migration-${stack}/web/DATABASE_URL`,
                    type: "SecureString",
                    tier: "Standard",
                    value: PLACEHOLDER,
                    description: "web DATABASE_URL (from migration:webDatabaseUrl)",
                    tags: { ...tags, service: "web" },
                });
                assert.strictEqual(outputs(parameter).arn, parameterArn, "the ARN the task uses is the parameter's own");
                assert.deepStrictEqual(run.registrations.filter((r) => r.type.startsWith("aws:secretsmanager/") && !r.urn.includes("migration:aws:Database")), [], "no service stores its secrets in Secrets Manager");
            });

            it("creates an immutable, scanned repository (force-deleted in dev only) whose lifecycle never expires a running tag", () => {
                for (const s of ["web", "api"]) {
                    const tagsOf = { ...tags, service: s };
                    assert.deepStrictEqual(inputs(one(run, "aws:ecr/repository:Repository", `${svcName(s)}-repo`)), {
                        name: `migration-${stack}/${s}`, imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true },
                        encryptionConfigurations: [{ encryptionType: "AES256" }], forceDelete: stack === "dev", tags: tagsOf,
                    });
                    const lifecycle = inputs(one(run, "aws:ecr/lifecyclePolicy:LifecyclePolicy", `${svcName(s)}-repo-lifecycle`));
                    const keep = config.platform.ecrKeepImages;
                    const running = s === "web" ? (canary ? ["1.8.0", "1.9.0"] : ["1.8.0"]) : ["2.3.1"];
                    assert.strictEqual(lifecycle.repository, `migration-${stack}/${s}`);
                    assert.deepStrictEqual(JSON.parse(lifecycle.policy), { rules: [
                        ...running.map((tag, i) => ({ rulePriority: i + 1, description: `Keep ${tag}: a revision of the service runs it`, selection: { tagStatus: "tagged", tagPatternList: [tag], countType: "imageCountMoreThan", countNumber: 1000 }, action: { type: "expire" } })),
                        { rulePriority: running.length + 1, description: "Expire untagged images after 7 days", selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 }, action: { type: "expire" } },
                        { rulePriority: running.length + 2, description: `Keep the last ${keep} other images`, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep }, action: { type: "expire" } },
                    ] });
                    assert.deepStrictEqual(inputs(one(run, "aws:cloudwatch/logGroup:LogGroup", `${svcName(s)}-logs`)), {
                        name: `/ecs/migration-${stack}/${s}`, retentionInDays: stack === "dev" ? 14 : 90, tags: tagsOf,
                    });
                }
            });

            it("builds container definitions from ARNs made of account, region and name: secrets by valueFrom, plain sorted environment", () => {
                const container = (s: string, revision: string, image: string, port: number, health: string, env: Record<string, string>, secrets: unknown[]) => ({
                    name: s, image, essential: true,
                    portMappings: [{ containerPort: port, hostPort: port, protocol: "tcp" }],
                    environment: Object.entries(env).map(([name, value]) => ({ name, value })),
                    secrets,
                    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": `/ecs/migration-${stack}/${s}`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": revision } },
                    healthCheck: { command: ["CMD-SHELL", `curl -fsS --max-time 4 'http://localhost:${port}${health}' > /dev/null || exit 1`], interval: 15, timeout: 5, retries: 3, startPeriod: 30 },
                    stopTimeout: 30, readonlyRootFilesystem: false, linuxParameters: { initProcessEnabled: true },
                });
                const webEnv = stack === "dev" ? { LOG_LEVEL: "debug", NODE_ENV: "production" } : { LOG_LEVEL: "info", NODE_ENV: "production" };
                const webSecrets = [{ name: "DATABASE_URL", valueFrom: parameterArn }, { name: "SESSION_SIGNING_KEY", valueFrom: session }];
                const expected: [string, string, unknown][] = [
                    ["web", "stable", container("web", "stable", `${repoUrl("web")}:1.8.0`, 8080, "/healthz", webEnv, webSecrets)],
                    ["api", "stable", container("api", "stable", `${repoUrl("api")}:2.3.1`, 3000, "/health", { LOG_LEVEL: stack === "dev" ? "debug" : "info" }, [{ name: "JWT_SIGNING_KEY", valueFrom: jwt }])],
                    ...(canary ? [["web", "canary", container("web", "canary", `${repoUrl("web")}:1.9.0`, 8080, "/healthz", webEnv, webSecrets)] as [string, string, unknown]] : []),
                ];
                const taskDefs = run.registrations.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
                assert.deepStrictEqual(taskDefs.map((t) => t.name).sort(), expected.map(([s, r]) => `${svcName(s)}-${r}`).sort());
                for (const [s, revision, def] of expected) {
                    const td = one(run, "aws:ecs/taskDefinition:TaskDefinition", `${svcName(s)}-${revision}`);
                    const { containerDefinitions, ...rest } = inputs(td);
                    assert.deepStrictEqual(JSON.parse(containerDefinitions), [def], `${s} ${revision}`);
                    const f = config.services.find((x) => x.name === s)!.fargate!;
                    assert.deepStrictEqual(rest, {
                        family: revision === "stable" ? svcName(s) : `${svcName(s)}-canary`,
                        requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc",
                        cpu: String(f.cpu), memory: String(f.memory),
                        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
                        executionRoleArn: outputs(one(run, "aws:iam/role:Role", `${svcName(s)}-execution`)).arn,
                        taskRoleArn: outputs(one(run, "aws:iam/role:Role", `${svcName(s)}-task`)).arn,
                        tags: { ...tags, service: s, revision },
                    });
                    assert.deepStrictEqual(Object.keys(td.propertyDependencies.containerDefinitions ?? {}).length, 0, "no resource output in the definition: known at preview");
                }
            });

            it("scopes the execution role to the service's own repository, log group and secrets", () => {
                const base = (s: string) => [
                    { Sid: "EcrAuthorization", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                    { Sid: "PullServiceImages", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [`arn:aws:ecr:us-east-1:${account}:repository/migration-${stack}/${s}`] },
                    { Sid: "WriteServiceLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:us-east-1:${account}:log-group:/ecs/migration-${stack}/${s}:*` },
                ];
                const policyOf = (s: string) => {
                    const p = one(run, "aws:iam/rolePolicy:RolePolicy", `${svcName(s)}-execution`);
                    assert.strictEqual(inputs(p).role, one(run, "aws:iam/role:Role", `${svcName(s)}-execution`).id);
                    assert.deepStrictEqual(p.propertyDependencies.policy, [], "made of names, known at preview");
                    return JSON.parse(inputs(p).policy);
                };
                assert.deepStrictEqual(policyOf("web"), { Version: "2012-10-17", Statement: [
                    ...base("web"),
                    { Sid: "ReadServiceSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [session] },
                    { Sid: "ReadServiceParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [parameterArn] },
                ] });
                assert.deepStrictEqual(policyOf("api"), { Version: "2012-10-17", Statement: [
                    ...base("api"),
                    { Sid: "ReadServiceParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [jwt] },
                ] });
                const trust = {
                    Version: "2012-10-17",
                    Statement: [{
                        Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:ecs:us-east-1:${account}:*` } },
                    }],
                };
                for (const role of ["execution", "task"]) {
                    assert.deepStrictEqual(JSON.parse(inputs(one(run, "aws:iam/role:Role", `${svcName("web")}-${role}`)).assumeRolePolicy), trust);
                }
                assert.deepStrictEqual(JSON.parse(inputs(one(run, "aws:iam/rolePolicy:RolePolicy", `${svcName("web")}-task`)).policy).Statement[0].Action, [
                    "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
                ]);
            });

            it("admits only the ALB to the tasks and lets the ALB out only to them, on the service port; tasks out on 443 and to the destinations config names", () => {
                const albSgId = one(run, "aws:ec2/securityGroup:SecurityGroup", `migration-${stack}-alb-sg`).id;
                // dev's database moves to RDS (replicate): its DigitalOcean address and its RDS target, both.
                const rdsSg = stack === "dev" ? one(run, "aws:ec2/securityGroup:SecurityGroup", "migration-dev-rds-main-sg").id : undefined;
                const extra: Record<string, { name: string; rule: Record<string, unknown> }[]> = stack === "dev"
                    ? { web: [
                        { name: `${svcName("web")}-task-out-rds-main`, rule: { description: "RDS main (TLS)", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: rdsSg } },
                        { name: `${svcName("web")}-task-out-tcp-25060-${egressDigest({ cidrIpv4: "203.0.113.60/32" })}`, rule: { description: "PostgreSQL on DigitalOcean (TLS)", ipProtocol: "tcp", fromPort: 25060, toPort: 25060, cidrIpv4: "203.0.113.60/32" } },
                    ], api: [] }
                    : { web: [{ name: `${svcName("web")}-task-out-tcp-25060-${egressDigest({ cidrIpv4: "203.0.113.50/32" })}`, rule: { description: "PostgreSQL on DigitalOcean (TLS)", ipProtocol: "tcp", fromPort: 25060, toPort: 25060, cidrIpv4: "203.0.113.50/32" } }], api: [] };
                for (const [s, port] of [["web", 8080], ["api", 3000]] as const) {
                    const component = one(run, "migration:aws:FargateService", svcName(s));
                    const sg = one(run, "aws:ec2/securityGroup:SecurityGroup", `${svcName(s)}-task-sg`);
                    const tagsOf = { ...tags, service: s };
                    // The description names no port: EC2 cannot change it, and a new one would replace the group with every task.
                    assert.deepStrictEqual(inputs(sg), { vpcId: outputs(vpc).vpcId, description: `${s} tasks: the service port from the ALB only`, tags: { ...tagsOf, Name: `${svcName(s)}-task` } });
                    assert.deepStrictEqual(sg.options.ignoreChanges, ["description"]);
                    const ingress = childrenOf(run, component, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => inputs(r).securityGroupId === sg.id);
                    assert.deepStrictEqual(ingress.map((r) => [r.name, inputs(r)]), [[`${svcName(s)}-task-in-alb-${port}`, {
                        securityGroupId: sg.id, description: `Port ${port} from the ALB`, ipProtocol: "tcp", fromPort: port, toPort: port, referencedSecurityGroupId: albSgId, tags: tagsOf,
                    }]]);
                    // Named by port (a new port is a rule beside the old one), known by its old name to stacks made before.
                    assert.deepStrictEqual(ingress[0].options.aliases, [ingress[0].urn.replace(/-task-in-alb-\d+$/, "-task-in-alb")]);
                    const egress = childrenOf(run, component, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
                    assert.deepStrictEqual(egress.find((r) => r.name.includes("-alb-out-"))!.options.aliases, [egress.find((r) => r.name.includes("-alb-out-"))!.urn.replace(/-alb-out-\d+$/, "-alb-out")]);
                    assert.deepStrictEqual(egress.map((r) => [r.name, inputs(r)]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))), [
                        [`${svcName(s)}-alb-out-${port}`, { securityGroupId: albSgId, description: `Port ${port} to the ${s} tasks`, ipProtocol: "tcp", fromPort: port, toPort: port, referencedSecurityGroupId: sg.id, tags: tagsOf }],
                        [`${svcName(s)}-task-out-https`, { securityGroupId: sg.id, description: "HTTPS to AWS APIs and the internet (through NAT)", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", tags: tagsOf }],
                        ...extra[s].map(({ name, rule }) => [name, { securityGroupId: sg.id, ...rule, tags: tagsOf }]),
                    ]);
                }
            });

            it("creates stable and canary target groups with the service's health check", () => {
                for (const [s, port, health] of [["web", 8080, "/healthz"], ["api", 3000, "/health"]] as const) {
                    for (const revision of ["stable", "canary"]) {
                        assert.deepStrictEqual(inputs(one(run, "aws:lb/targetGroup:TargetGroup", `${svcName(s)}-tg-${revision}`)), {
                            name: `migration-${stack}-${s}-${revision}-${port}`,
                            vpcId: outputs(vpc).vpcId, targetType: "ip", protocol: "HTTP", port, deregistrationDelay: 30,
                            healthCheck: { enabled: true, protocol: "HTTP", path: health, port: "traffic-port", matcher: "200-399", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
                            tags: { ...tags, service: s, revision },
                        });
                        // Name and port are the group's for life: a new service port must not replace it under live rules.
                        assert.deepStrictEqual(one(run, "aws:lb/targetGroup:TargetGroup", `${svcName(s)}-tg-${revision}`).options.ignoreChanges, ["name", "port"]);
                    }
                }
            });

            it("routes each hostname to its target groups with the canary weights, at the priority config resolved", () => {
                const https = outputs(one(run, "aws:lb/listener:Listener", `migration-${stack}-https`)).arn;
                const tgArn = (s: string, r: string) => outputs(one(run, "aws:lb/targetGroup:TargetGroup", `${svcName(s)}-tg-${r}`)).arn;
                for (const s of ["web", "api"]) {
                    const f = config.services.find((x) => x.name === s)!.fargate!;
                    const [stable, canaryWeight] = s === "web" && canary ? [90, 10] : [100, 0];
                    // dev's web rolls out by ECS: its rule also answers the health-check hostname, and ECS owns its actions.
                    const native = f.rollout.strategy !== "rolling";
                    assert.deepStrictEqual(one(run, "aws:lb/listenerRule:ListenerRule", `${svcName(s)}-rule`).options.ignoreChanges, native ? ["actions"] : []);
                    assert.deepStrictEqual(inputs(one(run, "aws:lb/listenerRule:ListenerRule", `${svcName(s)}-rule`)), {
                        listenerArn: https, priority: f.listenerRulePriority,
                        conditions: [{ hostHeader: { values: native ? [host(s), `${s}.fargate-health.${zone}`] : [host(s)] } }],
                        actions: [{ type: "forward", forward: { targetGroups: [{ arn: tgArn(s, "stable"), weight: stable }, { arn: tgArn(s, "canary"), weight: canaryWeight }] } }],
                        tags: { ...tags, service: s },
                    });
                    assert.ok(f.listenerRulePriority >= 40000 && f.listenerRulePriority <= 49999, "a catch-all rule comes last");
                }
            });

            it("answers each service's health-check hostname on its health path only, with its stable target group only", () => {
                const https = outputs(one(run, "aws:lb/listener:Listener", `migration-${stack}-https`)).arn;
                for (const s of ["web", "api"]) {
                    const f = config.services.find((x) => x.name === s)!.fargate!;
                    if (f.rollout.strategy !== "rolling") {
                        // Its production rule answers the health-check hostname instead (a health rule would point at the group ECS empties).
                        assert.strictEqual(run.registrations.filter((r) => r.name === `${svcName(s)}-health-rule`).length, 0);
                        continue;
                    }
                    assert.deepStrictEqual(inputs(one(run, "aws:lb/listenerRule:ListenerRule", `${svcName(s)}-health-rule`)), {
                        listenerArn: https, priority: f.healthCheckRulePriority,
                        conditions: [
                            { hostHeader: { values: [`${s}.fargate-health.${zone}`] } },
                            { pathPattern: { values: [config.services.find((x) => x.name === s)!.healthCheckPath] } },
                        ],
                        // Stable answers alone; the canary's group is attached at weight 0, so ECS accepts it before the routing rule sends to it.
                        actions: [{ type: "forward", forward: { targetGroups: [
                            { arn: outputs(one(run, "aws:lb/targetGroup:TargetGroup", `${svcName(s)}-tg-stable`)).arn, weight: 100 },
                            { arn: outputs(one(run, "aws:lb/targetGroup:TargetGroup", `${svcName(s)}-tg-canary`)).arn, weight: 0 },
                        ] } }],
                        tags: { ...tags, service: s },
                    });
                }
            });

            it("moves a share only once the revisions it sends to are steady: the routing rule waits for every ECS service of the service, which wait for the health rule", () => {
                for (const s of ["web", "api"]) {
                    const rule = one(run, "aws:lb/listenerRule:ListenerRule", `${svcName(s)}-rule`);
                    const services = revisionsOf(s).map((r) => one(run, "aws:ecs/service:Service", `${svcName(s)}-${r}`));
                    if (config.services.find((x) => x.name === s)!.fargate!.rollout.strategy !== "rolling") {
                        // ECS shifts the rule's weights itself: the service names the rule, so it comes after it (DNS still waits for the service).
                        assert.deepStrictEqual(services.map((e) => [e.options.dependsOn.includes(rule.urn), rule.options.dependsOn.includes(e.urn)]), services.map(() => [true, false]));
                        continue;
                    }
                    assert.deepStrictEqual(services.map((e) => rule.options.dependsOn.includes(e.urn)), services.map(() => true), `${rule.name} waits for ${services.map((e) => e.name).join(", ")}`);
                    const health = one(run, "aws:lb/listenerRule:ListenerRule", `${svcName(s)}-health-rule`);
                    for (const e of services) {
                        assert.ok(e.options.dependsOn.includes(health.urn), `${e.name} waits for the health rule`);
                        assert.ok(!e.options.dependsOn.includes(rule.urn), `${e.name} does not wait for the routing rule`);
                    }
                }
            });

            it("gives each revision its own alarms on its own target group and ECS service; a canary also watches the ALB's 5xx", () => {
                const albSuffix = outputs(one(run, "aws:lb/loadBalancer:LoadBalancer", `migration-${stack}-alb`)).arnSuffix;
                const cluster = outputs(one(run, "aws:ecs/cluster:Cluster", `migration-${stack}-cluster`)).name;
                // The services' alarms (dev's database move has its own, under migration:aws:Database).
                const alarms = run.registrations.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && !r.urn.includes("migration:aws:Database"));
                assert.deepStrictEqual(alarms.map((a) => inputs(a).name).sort(), ["web", "api"].flatMap((s) =>
                    revisionsOf(s).flatMap((r) => alarmKinds(r).map((k) => `${svcName(s)}-${r}-${k}`))).sort());
                for (const s of ["web", "api"]) {
                    for (const r of revisionsOf(s)) {
                        const revision = one(run, "migration:aws:FargateRevision", `${svcName(s)}-${r}`);
                        assert.strictEqual(revision.parent, one(run, "migration:aws:FargateService", svcName(s)).urn);
                        const alarm = (kind: string) => {
                            const reg = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", `${svcName(s)}-${r}-${kind}`);
                            assert.strictEqual(reg.parent, revision.urn, `${reg.name} is the revision's`);
                            return inputs(reg);
                        };
                        const tgSuffix = outputs(one(run, "aws:lb/targetGroup:TargetGroup", `${svcName(s)}-tg-${r}`)).arnSuffix;
                        if (config.services.find((x) => x.name === s)!.fargate!.rollout.strategy !== "rolling") {
                            // ECS moves the service between its two groups: every target-group alarm reads both.
                            const other = outputs(one(run, "aws:lb/targetGroup:TargetGroup", `${svcName(s)}-tg-canary`)).arnSuffix;
                            const groups = (kind: string) => alarm(kind).metricQueries.slice(1).map((q: any) => [q.id, q.metric.metricName, q.metric.dimensions.TargetGroup]);
                            assert.deepStrictEqual(groups("target-5xx-rate"), [["ea", "HTTPCode_Target_5XX_Count", tgSuffix], ["eb", "HTTPCode_Target_5XX_Count", other], ["ra", "RequestCount", tgSuffix], ["rb", "RequestCount", other]]);
                            assert.deepStrictEqual(groups("unhealthy-hosts"), [["ua", "UnHealthyHostCount", tgSuffix], ["ub", "UnHealthyHostCount", other]]);
                            assert.deepStrictEqual(groups("healthy-hosts"), [["ha", "HealthyHostCount", tgSuffix], ["hb", "HealthyHostCount", other]]);
                            assert.deepStrictEqual([alarm("healthy-hosts").treatMissingData, alarm("healthy-hosts").evaluationPeriods, alarm("healthy-hosts").metricQueries[0].expression], ["breaching", 5, "FILL(ha, 0) + FILL(hb, 0)"]);
                            continue;
                        }
                        assert.deepStrictEqual(alarm("target-5xx-rate").metricQueries.slice(1).map((q: any) => [q.metric.metricName, q.metric.dimensions]), [
                            ["HTTPCode_Target_5XX_Count", { TargetGroup: tgSuffix, LoadBalancer: albSuffix }],
                            ["RequestCount", { TargetGroup: tgSuffix, LoadBalancer: albSuffix }],
                        ]);
                        assert.deepStrictEqual(alarm("unhealthy-hosts").dimensions, { TargetGroup: tgSuffix, LoadBalancer: albSuffix });
                        const cpu = alarm("cpu-high");
                        assert.deepStrictEqual([cpu.threshold, cpu.dimensions], [85, { ClusterName: cluster, ServiceName: r === "stable" ? s : `${s}-canary` }]);
                        assert.deepStrictEqual(alarm("healthy-hosts"), {
                            name: `${svcName(s)}-${r}-healthy-hosts`,
                            alarmDescription: `migration-${stack} ${s} ${r}: no healthy target for 5 minutes (or no data: the tasks are gone)`,
                            comparisonOperator: "LessThanThreshold", threshold: 1, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: "breaching",
                            namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", statistic: "Minimum", period: 60,
                            dimensions: { TargetGroup: tgSuffix, LoadBalancer: albSuffix },
                            tags: { ...tags, service: s, revision: r },
                        });
                        if (r === "canary") {
                            const elb = alarm("elb-5xx-rate");
                            assert.deepStrictEqual([elb.threshold, elb.treatMissingData, elb.metricQueries.slice(1).map((q: any) => [q.metric.metricName, q.metric.dimensions])], [
                                1, "notBreaching", [["HTTPCode_ELB_5XX_Count", { LoadBalancer: albSuffix }], ["RequestCount", { LoadBalancer: albSuffix }]],
                            ]);
                        }
                    }
                }
            });

            it("runs each revision's ECS service in private subnets, waiting for steady state, rolled back by circuit breaker and its own alarms", () => {
                const clusterOut = outputs(one(run, "aws:ecs/cluster:Cluster", `migration-${stack}-cluster`));
                const expected: [string, string, number, number, number][] = [
                    ["web", "stable", ...(stack === "dev" ? [1, 1, 4] : [3, 3, 12]) as [number, number, number]],
                    ["api", "stable", ...(stack === "dev" ? [1, 1, 4] : [2, 2, 8]) as [number, number, number]],
                    ...(canary ? [["web", "canary", 2, 2, 2] as [string, string, number, number, number]] : []),
                ];
                const services = run.registrations.filter((r) => r.type === "aws:ecs/service:Service");
                assert.deepStrictEqual(services.map((r) => r.name).sort(), expected.map(([s, r]) => `${svcName(s)}-${r}`).sort());
                for (const [s, revision, desired, min, max] of expected) {
                    const port = s === "web" ? 8080 : 3000;
                    const ecsName = revision === "stable" ? s : `${s}-canary`;
                    const reg = one(run, "aws:ecs/service:Service", `${svcName(s)}-${revision}`);
                    const component = one(run, "migration:aws:FargateService", svcName(s));
                    assert.strictEqual(reg.parent, one(run, "migration:aws:FargateRevision", `${svcName(s)}-${revision}`).urn);
                    // URNs as the engine makes them: the parent's whole qualified type, then the resource's.
                    const parentType = component.urn.split("::")[2];
                    assert.deepStrictEqual(reg.options.aliases, [`urn:pulumi:${stack}::migration::${parentType}$aws:ecs/service:Service::${reg.name}`], "moved under its revision, not replaced");
                    const native = revision === "stable" && config.services.find((x) => x.name === s)!.fargate!.rollout.strategy !== "rolling";
                    const tg = (r: string) => outputs(one(run, "aws:lb/targetGroup:TargetGroup", `${svcName(s)}-tg-${r}`)).arn;
                    assert.deepStrictEqual(inputs(reg), {
                        name: ecsName,
                        cluster: clusterOut.arn,
                        taskDefinition: outputs(one(run, "aws:ecs/taskDefinition:TaskDefinition", `${svcName(s)}-${revision}`)).arn,
                        launchType: "FARGATE", platformVersion: "LATEST", desiredCount: desired,
                        networkConfiguration: {
                            subnets: outputs(vpc).privateSubnetIds,
                            securityGroups: [one(run, "aws:ec2/securityGroup:SecurityGroup", `${svcName(s)}-task-sg`).id],
                            assignPublicIp: false,
                        },
                        loadBalancers: [{
                            targetGroupArn: tg(revision), containerName: s, containerPort: port,
                            ...(native ? { advancedConfiguration: {
                                alternateTargetGroupArn: tg("canary"),
                                productionListenerRule: outputs(one(run, "aws:lb/listenerRule:ListenerRule", `${svcName(s)}-rule`)).arn,
                                roleArn: outputs(one(run, "aws:iam/role:Role", `migration-${stack}-ecs-lb`)).arn,
                            } } : {}),
                        }],
                        ...(native ? { deploymentConfiguration: { strategy: "CANARY", bakeTimeInMinutes: "10", canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "15" } } } : {}),
                        deploymentCircuitBreaker: { enable: true, rollback: true },
                        alarms: { alarmNames: alarmKinds(revision).map((k) => `${svcName(s)}-${revision}-${k}`), enable: true, rollback: true },
                        deploymentMinimumHealthyPercent: 100, deploymentMaximumPercent: 200,
                        healthCheckGracePeriodSeconds: 60,
                        waitForSteadyState: true,
                        propagateTags: "SERVICE", enableEcsManagedTags: true, enableExecuteCommand: true,
                        tags: { ...tags, service: s, revision },
                    });
                    assert.deepStrictEqual(reg.options.ignoreChanges, ["desiredCount"]);
                    for (const dep of [
                        one(run, "aws:lb/listenerRule:ListenerRule", native ? `${svcName(s)}-rule` : `${svcName(s)}-health-rule`),
                        ...(native ? [one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", `migration-${stack}-ecs-lb`)] : []),
                        one(run, "aws:iam/rolePolicy:RolePolicy", `${svcName(s)}-execution`),
                        one(run, "aws:ecr/repository:Repository", `${svcName(s)}-repo`),
                        ...(s === "web" ? [one(run, "aws:ssm/parameter:Parameter", `${svcName("web")}-secret-database-url`)] : []),
                    ]) {
                        assert.ok(reg.options.dependsOn.includes(dep.urn), `${reg.name} waits for ${dep.name}`);
                    }
                    const target = one(run, "aws:appautoscaling/target:Target", `${svcName(s)}-${revision}-scaling`);
                    assert.deepStrictEqual(inputs(target), {
                        serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount",
                        resourceId: `service/${clusterOut.name}/${ecsName}`, minCapacity: min, maxCapacity: max, tags: { ...tags, service: s, revision },
                    });
                    const f = config.services.find((x) => x.name === s)!.fargate!;
                    for (const [metric, type, value] of [["cpu", "ECSServiceAverageCPUUtilization", f.autoscaling.cpuTargetPercent], ["memory", "ECSServiceAverageMemoryUtilization", f.autoscaling.memoryTargetPercent]] as const) {
                        assert.deepStrictEqual(inputs(one(run, "aws:appautoscaling/policy:Policy", `${svcName(s)}-${revision}-scale-${metric}`)), {
                            policyType: "TargetTrackingScaling", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount",
                            resourceId: `service/${clusterOut.name}/${ecsName}`,
                            targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType: type }, targetValue: value, scaleOutCooldown: 60, scaleInCooldown: 300 },
                        });
                    }
                }
            });

            it("registers its outputs, and each revision its own", () => {
                for (const s of ["web", "api"]) {
                    const component = one(run, "migration:aws:FargateService", svcName(s));
                    const withCanary = s === "web" && canary;
                    assert.deepStrictEqual(outputs(component), {
                        serviceName: s,
                        ...(withCanary ? { canaryServiceName: `${s}-canary` } : {}),
                        ecrRepositoryUrl: repoUrl(s),
                        logGroupName: `/ecs/migration-${stack}/${s}`,
                        executionRoleArn: outputs(one(run, "aws:iam/role:Role", `${svcName(s)}-execution`)).arn,
                        taskSecurityGroupId: one(run, "aws:ec2/securityGroup:SecurityGroup", `${svcName(s)}-task-sg`).id,
                    });
                    for (const r of revisionsOf(s)) {
                        assert.deepStrictEqual(outputs(one(run, "migration:aws:FargateRevision", `${svcName(s)}-${r}`)), {
                            serviceName: r === "stable" ? s : `${s}-canary`,
                            taskDefinitionArn: outputs(one(run, "aws:ecs/taskDefinition:TaskDefinition", `${svcName(s)}-${r}`)).arn,
                            alarmNames: alarmKinds(r).map((k) => `${svcName(s)}-${r}-${k}`),
                        });
                    }
                }
            });

            it("tags every taggable resource with the stack tags", () => {
                const untaggable = new Set([
                    "aws:ecr/lifecyclePolicy:LifecyclePolicy", "aws:iam/rolePolicy:RolePolicy",
                    "aws:route53/record:Record", "aws:acm/certificateValidation:CertificateValidation", "aws:appautoscaling/policy:Policy",
                    "aws:secretsmanager/secretVersion:SecretVersion",
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                ]);
                for (const r of run.registrations.filter((x) => x.custom && !untaggable.has(x.type))) {
                    const t = inputs(r).tags as Record<string, string> | undefined;
                    assert.ok(t !== undefined, `${r.type} ${r.name} has tags`);
                    for (const [k, v] of Object.entries(tags)) {
                        assert.strictEqual(t[k], v, `${r.type} ${r.name} tag ${k}`);
                    }
                }
            });
        });
    });
}

/** The name suffix egressRuleKey gives a destination. */
function egressDigest(to: Record<string, string>): string {
    return egressRuleKey({ protocol: "tcp", port: 0, destination: JSON.stringify(to) }).split("-").pop()!;
}

describe("aws components: other configurations", () => {
    it("uses an existing VPC without registering resources, reading its CIDR and the NAT addresses config gives", async () => {
        const raw = readStackConfig(ROOT, "dev", { config: { "migration:network": JSON.stringify({
            mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890",
            privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
            publicSubnetIds: ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"],
            privateSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
            natPublicIps: ["192.0.2.44"],
        }) } });
        const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
            new AwsNetwork("migration-dev", { config: parseStackConfig(raw) });
        });
        const component = one(run, "migration:aws:Network", "migration-dev");
        assert.deepStrictEqual(run.registrations.filter((r) => r.parent === component.urn), []);
        assert.deepStrictEqual(run.invocations, [{ token: "aws:ec2/getVpc:getVpc", args: { id: "vpc-0a1b2c3d4e5f67890" } }]);
        assert.deepStrictEqual(outputs(component), {
            vpcId: "vpc-0a1b2c3d4e5f67890",
            privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
            publicSubnetIds: ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"],
            privateSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
            vpcCidr: "10.0.0.0/16",
            natPublicIps: ["192.0.2.44"],
        });
    });

    it("splits the ALB's names over several certificates when the ACM quota is lower, adding the others to the listener", async () => {
        const raw = readStackConfig(ROOT, "dev", { config: { "migration:platform": JSON.stringify({ quotas: { acmNamesPerCertificate: 2, certificatesPerAlb: 25, rulesPerAlb: 100 } }) } });
        const run = await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
            const config = parseStackConfig(raw);
            new AwsPlatform("migration-dev", { config, vpcId: "vpc-1", publicSubnetIds: ["subnet-1", "subnet-2"], zoneId: ZONE_ID });
        });
        const certs = run.registrations.filter((r) => r.type === "aws:acm/certificate:Certificate").sort((a, b) => a.name.localeCompare(b.name));
        assert.deepStrictEqual(certs.map((c) => [c.name, inputs(c).domainName, inputs(c).subjectAlternativeNames]), [
            ["migration-dev-cert", "www.dev.example.com", ["api.dev.example.com"]],
            ["migration-dev-cert-2", "*.fargate-health.dev.example.com", []],
        ]);
        const extra = one(run, "aws:lb/listenerCertificate:ListenerCertificate", "migration-dev-https-cert-2");
        assert.deepStrictEqual(inputs(extra), {
            listenerArn: outputs(one(run, "aws:lb/listener:Listener", "migration-dev-https")).arn,
            certificateArn: outputs(certs[1]).arn,
        });
        assert.deepStrictEqual(extra.propertyDependencies.certificateArn, [one(run, "aws:acm/certificateValidation:CertificateValidation", "migration-dev-cert-validation-2").urn]);
    });

    it("rejects a service without a fargate part and an out-of-range listener rule priority", async () => {
        const raw = readStackConfig(ROOT, "dev");
        const attempt = (mutate: (config: StackConfig) => StackConfig["services"][number]) =>
            runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
                const config = parseStackConfig(raw);
                new FargateService("x", {
                    config, service: mutate(config), vpcId: "vpc-1", privateSubnetIds: [], clusterArn: "c", clusterName: "c",
                    albSecurityGroupId: "sg-1", httpsListenerArn: "l", albArnSuffix: "app/a/1",
                });
            });
        await assert.rejects(attempt((c) => ({ ...c.services[0], fargate: undefined })), {
            message: 'service: "web" has no fargate part; create a FargateService only for services with services[].fargate set',
        });
        await assert.rejects(attempt((c) => ({ ...c.services[0], fargate: { ...c.services[0].fargate!, listenerRulePriority: 0 } })), {
            message: "fargate.listenerRulePriority: 0 is not valid; allowed a whole number from 1 to 50000, unique on the listener",
        });
    });
});
