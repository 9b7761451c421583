// Table tests of the AWS side's pure logic: CIDR plan, naming, capacity,
// IAM documents, container definition, alarm specs, certificate helpers.
import * as assert from "assert";
import * as fc from "fast-check";
import type { FargateConfig, ServiceConfig } from "../components/config";
import { deploymentAlarmSpecs, healthyHostsAlarmSpec } from "../components/aws/alarms";
import { canaryCapacity, shareOf } from "../components/aws/capacity";
import { certificateNames, validationOptionFor } from "../components/aws/certificate";
import { containerDefinition, healthCheckCommand } from "../components/aws/container";
import {
    ecrRepositoryArnOfImage, ecsTasksTrustPolicy, executionRolePolicy, partitionOf, secretResourceArn, taskRolePolicy,
} from "../components/aws/iam-policies";
import {
    alarmName, ecrRepositoryName, ecsServiceName, logGroupName, sanitizeName, stackPrefix, targetGroupName, taskFamily,
} from "../components/aws/naming";
import {
    parseCidr, planSubnets, privateSubnetSizeFor, subnetCapacityProblem, taskAddressesNeeded,
} from "../components/aws/network-plan";

const KEY = "migration:network.cidr";

function fargate(max: number, canary?: { percent: number }, min = 1, desired = min): FargateConfig {
    return {
        image: { kind: "ecr", tag: "1" }, cpu: 256, memory: 512, desiredCount: desired,
        autoscaling: { min, max, cpuTargetPercent: 60, memoryTargetPercent: 75 },
        environment: {}, secrets: [], pathPatterns: [], egress: [], listenerRulePriority: 40000, healthCheckRulePriority: 20000, rollout: { strategy: "rolling", lifecycleHooks: [] },
        canary: canary === undefined ? undefined : { image: { kind: "ecr", tag: "2" }, percent: canary.percent },
    };
}

function service(name: string, f?: FargateConfig): ServiceConfig {
    return {
        name, hostname: `${name}.example.com`, port: 8080, healthCheckPath: "/healthz", tags: {},
        legacy: { enabled: false }, fargate: f, traffic: { fargatePercent: 0, bakeTimeMinutes: 15, importWeightedRecords: false, standby: ["legacy"] },
    };
}

describe("aws: CIDR plan", () => {
    it("counts every service's autoscaling maximum, canaries included, twice for deployments", () => {
        const cases: [string, ServiceConfig[], number][] = [
            ["no fargate part", [service("a")], 0],
            ["one service, max 4", [service("a", fargate(4))], 8],
            ["dev stack: web max 4 + api max 4", [service("web", fargate(4)), service("api", fargate(4))], 16],
            ["prod stack: web max 12 with a 10% canary (max 2) + api max 8", [service("web", fargate(12, { percent: 10 }, 3)), service("api", fargate(8, undefined, 2))], 44],
            ["canary at 0% still keeps min(2, stable) tasks", [service("a", fargate(4, { percent: 0 }))], 12],
        ];
        for (const [label, services, expected] of cases) {
            assert.strictEqual(taskAddressesNeeded(services), expected, label);
        }
    });

    it("sizes private subnets as a power of two holding the tasks plus AWS's 5 reserved addresses, /28 at least", () => {
        const cases: [number, number][] = [[0, 16], [11, 16], [12, 32], [27, 32], [28, 64], [44, 64], [59, 64], [60, 128], [4091, 4096], [4092, 8192]];
        for (const [tasks, size] of cases) {
            assert.strictEqual(privateSubnetSizeFor(tasks), size, `${tasks} tasks`);
        }
    });

    it("lays out private then public subnets, grown to /20 and /24 when the VPC has room", () => {
        const cases: [string, Parameters<typeof planSubnets>[0], ReturnType<typeof planSubnets>][] = [
            ["dev: /16, 2 AZs", { vpcCidr: "10.20.0.0/16", availabilityZones: 2, taskAddresses: 16, cidrKey: KEY }, {
                privateCidrs: ["10.20.0.0/20", "10.20.16.0/20"], publicCidrs: ["10.20.32.0/24", "10.20.33.0/24"], privateSize: 4096, publicSize: 256,
            }],
            ["prod: /16, 3 AZs", { vpcCidr: "10.30.0.0/16", availabilityZones: 3, taskAddresses: 44, cidrKey: KEY }, {
                privateCidrs: ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"], publicCidrs: ["10.30.48.0/24", "10.30.49.0/24", "10.30.50.0/24"], privateSize: 4096, publicSize: 256,
            }],
            ["/24, 2 AZs: private grown to /26, public to /26", { vpcCidr: "192.168.1.0/24", availabilityZones: 2, taskAddresses: 16, cidrKey: KEY }, {
                privateCidrs: ["192.168.1.0/26", "192.168.1.64/26"], publicCidrs: ["192.168.1.128/26", "192.168.1.192/26"], privateSize: 64, publicSize: 64,
            }],
            ["/25, 2 AZs, exactly enough", { vpcCidr: "10.0.0.0/25", availabilityZones: 2, taskAddresses: 16, cidrKey: KEY }, {
                privateCidrs: ["10.0.0.0/27", "10.0.0.32/27"], publicCidrs: ["10.0.0.64/27", "10.0.0.96/27"], privateSize: 32, publicSize: 32,
            }],
            ["5 AZs in a /24: public (/27) larger than private (/28) comes first, for alignment", { vpcCidr: "10.0.0.0/24", availabilityZones: 5, taskAddresses: 2, cidrKey: KEY }, {
                privateCidrs: ["10.0.0.160/28", "10.0.0.176/28", "10.0.0.192/28", "10.0.0.208/28", "10.0.0.224/28"],
                publicCidrs: ["10.0.0.0/27", "10.0.0.32/27", "10.0.0.64/27", "10.0.0.96/27", "10.0.0.128/27"],
                privateSize: 16, publicSize: 32,
            }],
            ["a large need beyond /20 keeps its size", { vpcCidr: "10.0.0.0/16", availabilityZones: 2, taskAddresses: 6000, cidrKey: KEY }, {
                privateCidrs: ["10.0.0.0/19", "10.0.32.0/19"], publicCidrs: ["10.0.64.0/24", "10.0.65.0/24"], privateSize: 8192, publicSize: 256,
            }],
        ];
        for (const [label, input, expected] of cases) {
            assert.deepStrictEqual(planSubnets(input), expected, label);
        }
    });

    it("fails naming migration:network.cidr when the VPC is too small", () => {
        assert.throws(() => planSubnets({ vpcCidr: "10.20.0.0/26", availabilityZones: 2, taskAddresses: 16, cidrKey: KEY }), {
            message: "migration:network.cidr: 10.20.0.0/26 has 64 addresses, but 2 availability zones need 128: per zone a private subnet of 32 " +
                "(16 task addresses: every service's autoscaling maximum x 2 for deployments, canaries included, + 5 reserved by AWS, rounded up to a power of two) " +
                "and a public subnet of 32 (the ALB needs a /27); allowed a /25 or larger, fewer availability zones, or lower autoscaling maximums",
        });
        assert.throws(() => planSubnets({ vpcCidr: "10.0.0.0/16", availabilityZones: 6, taskAddresses: 20000, cidrKey: KEY }), {
            message: "migration:network.cidr: 10.0.0.0/16 has 65536 addresses, but 6 availability zones need 196800: per zone a private subnet of 32768 " +
                "(20000 task addresses: every service's autoscaling maximum x 2 for deployments, canaries included, + 5 reserved by AWS, rounded up to a power of two) " +
                "and a public subnet of 32 (the ALB needs a /27); allowed fewer availability zones, or lower autoscaling maximums",
        });
    });

    it("rejects CIDRs AWS would not accept for a VPC", () => {
        const cases: [string, string][] = [
            ["10.0.0.0/8", "migration:network.cidr: 10.0.0.0/8 is not a valid VPC size; allowed /16 to /28"],
            ["10.0.0.0/29", "migration:network.cidr: 10.0.0.0/29 is not a valid VPC size; allowed /16 to /28"],
            ["10.0.1.0/16", "migration:network.cidr: 10.0.1.0/16 has host bits set; allowed 10.0.0.0/16"],
            ["10.0.0/16", "migration:network.cidr: \"10.0.0/16\" is not an IPv4 CIDR; allowed e.g. 10.0.0.0/16"],
        ];
        for (const [cidr, message] of cases) {
            assert.throws(() => planSubnets({ vpcCidr: cidr, availabilityZones: 2, taskAddresses: 4, cidrKey: KEY }), { message }, cidr);
        }
    });

    it("property: subnets never overlap, stay inside the VPC, are aligned and hold the tasks", () => {
        fc.assert(fc.property(
            fc.integer({ min: 16, max: 24 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3000 }),
            (prefix, azs, tasks) => {
                const vpcCidr = `10.0.0.0/${prefix}`;
                let plan;
                try {
                    plan = planSubnets({ vpcCidr, availabilityZones: azs, taskAddresses: tasks, cidrKey: KEY });
                } catch (err) {
                    // Only ever refused when the minimal layout cannot fit.
                    return azs * (privateSubnetSizeFor(tasks) + 32) > 2 ** (32 - prefix) && /is not|need/.test((err as Error).message);
                }
                const blocks = [...plan.privateCidrs, ...plan.publicCidrs].map((c) => parseCidr(c)!).map((b) => ({ start: b.base - parseCidr(vpcCidr)!.base, size: 2 ** (32 - b.prefix) }))
                    .sort((a, b) => a.start - b.start);
                const vpcSize = 2 ** (32 - prefix);
                return plan.privateCidrs.length === azs && plan.publicCidrs.length === azs
                    && plan.privateSize - 5 >= tasks
                    && blocks.every((b, i) => b.start % b.size === 0 && b.start + b.size <= vpcSize && (i === 0 || blocks[i - 1].start + blocks[i - 1].size <= b.start));
            },
        ));
    });

    it("checks existing private subnets for room", () => {
        assert.strictEqual(subnetCapacityProblem("10.0.0.0/24", 44), undefined);
        assert.strictEqual(subnetCapacityProblem("10.0.0.0/27", 27), undefined);
        assert.strictEqual(subnetCapacityProblem("10.0.0.0/27", 28),
            "10.0.0.0/27 has 27 usable addresses but the services need 28 (autoscaling maximum x 2 for deployments, canaries included); allowed a subnet of /26 or larger");
    });
});

describe("aws: naming", () => {
    it("derives target group names within the 32-character ELB limit", () => {
        const cases: [string, string, "stable" | "canary", number, string][] = [
            ["migration-prod", "web", "stable", 8080, "migration-prod-web-stable-8080"],
            ["migration-prod", "web", "canary", 8080, "migration-prod-web-canary-8080"],
            ["migration-dev", "api", "canary", 3000, "migration-dev-api-canary-3000"],
            // Pinned: a different name replaces the live target group.
            ["migration-staging", "checkout-service", "canary", 65535, "migration-staging-checkou-8dddaa"],
            ["migration-staging", "checkout-service", "stable", 65535, "migration-staging-checkou-7d3638"],
        ];
        for (const [prefix, svc, revision, port, expected] of cases) {
            assert.strictEqual(targetGroupName(prefix, svc, revision, port), expected);
        }
    });

    it("property: target group names are at most 32 characters, valid for ELB, and distinct per input", () => {
        const serviceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
        const stack = fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/);
        fc.assert(fc.property(stack, serviceName, serviceName, fc.integer({ min: 1, max: 65535 }), (stackName, a, b, port) => {
            const prefix = stackPrefix("migration", stackName);
            const names = [targetGroupName(prefix, a, "stable", port), targetGroupName(prefix, a, "canary", port)];
            const valid = names.every((n) => n.length <= 32 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(n));
            const distinct = names[0] !== names[1] && (a === b || targetGroupName(prefix, b, "stable", port) !== names[0]);
            return valid && distinct;
        }));
    });

    it("names the other per-service resources from project, stack and service", () => {
        assert.strictEqual(sanitizeName("My_Project.Prod--x-"), "my-project-prod-x");
        assert.strictEqual(stackPrefix("migration", "prod"), "migration-prod");
        assert.strictEqual(ecsServiceName("web", "stable"), "web");
        assert.strictEqual(ecsServiceName("web", "canary"), "web-canary");
        assert.strictEqual(taskFamily("migration-prod", "web", "stable"), "migration-prod-web");
        assert.strictEqual(taskFamily("migration-prod", "web", "canary"), "migration-prod-web-canary");
        assert.strictEqual(ecrRepositoryName("migration-prod", "web"), "migration-prod/web");
        assert.strictEqual(logGroupName("migration-prod", "web"), "/ecs/migration-prod/web");
        assert.strictEqual(alarmName("migration-prod", "web", "stable", "cpu-high"), "migration-prod-web-stable-cpu-high");
    });
});

describe("aws: canary capacity", () => {
    it("gives the canary its share of the stable counts, rounded up, never fewer than min(2, stable) tasks", () => {
        const cases: [FargateConfig, { desired: number; min: number; max: number }][] = [
            [fargate(12, { percent: 10 }, 3, 3), { desired: 2, min: 2, max: 2 }],
            [fargate(20, { percent: 50 }, 4, 6), { desired: 3, min: 2, max: 10 }],
            [fargate(4, { percent: 0 }), { desired: 1, min: 1, max: 2 }],
            [fargate(10, { percent: 100 }, 2, 5), { desired: 5, min: 2, max: 10 }],
            [fargate(40, { percent: 25 }, 8, 8), { desired: 2, min: 2, max: 10 }],
        ];
        for (const [f, expected] of cases) {
            assert.deepStrictEqual(canaryCapacity(f), expected);
        }
        assert.strictEqual(shareOf(7, 15), 2);
    });
});

describe("aws: IAM policy documents", () => {
    const logGroupArn = "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/migration-dev/web";
    const repo = "arn:aws:ecr:us-east-1:111122223333:repository/migration-dev/web";

    it("scopes the execution role to the service's repository, log group and secrets", () => {
        const cases: [string, Parameters<typeof executionRolePolicy>[0], unknown[]][] = [
            ["secrets from both stores", {
                repositoryArns: [repo], logGroupArn,
                secretsManagerArns: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:b-2", "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-1"],
                ssmParameterArns: ["arn:aws:ssm:us-east-1:111122223333:parameter/dev/api/jwt"],
            }, [
                { Sid: "EcrAuthorization", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                { Sid: "PullServiceImages", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [repo] },
                { Sid: "WriteServiceLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
                { Sid: "ReadServiceSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:a-1", "arn:aws:secretsmanager:us-east-1:111122223333:secret:b-2"] },
                { Sid: "ReadServiceParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: ["arn:aws:ssm:us-east-1:111122223333:parameter/dev/api/jwt"] },
            ]],
            ["no secrets: no secret statements", { repositoryArns: [repo, repo], logGroupArn, secretsManagerArns: [], ssmParameterArns: [] }, [
                { Sid: "EcrAuthorization", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                { Sid: "PullServiceImages", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [repo] },
                { Sid: "WriteServiceLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
            ]],
            ["no repository: no pull statement", { repositoryArns: [], logGroupArn, secretsManagerArns: [], ssmParameterArns: ["arn:aws:ssm:us-east-1:111122223333:parameter/x"] }, [
                { Sid: "EcrAuthorization", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                { Sid: "WriteServiceLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
                { Sid: "ReadServiceParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: ["arn:aws:ssm:us-east-1:111122223333:parameter/x"] },
            ]],
        ];
        for (const [label, grants, statements] of cases) {
            assert.deepStrictEqual(executionRolePolicy(grants), { Version: "2012-10-17", Statement: statements }, label);
        }
    });

    it("lets the task role open ECS Exec channels only", () => {
        assert.deepStrictEqual(taskRolePolicy(), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "EcsExecChannels", Effect: "Allow", Resource: "*",
                Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
            }],
        });
    });

    it("trusts ECS tasks of this account and region only", () => {
        assert.deepStrictEqual(ecsTasksTrustPolicy("111122223333", "eu-west-1"), {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": "arn:aws:ecs:eu-west-1:111122223333:*" } },
            }],
        });
        assert.strictEqual(ecsTasksTrustPolicy("111122223333", "cn-north-1").Statement[0].Condition.ArnLike["aws:SourceArn"], "arn:aws-cn:ecs:cn-north-1:111122223333:*");
        assert.deepStrictEqual(["us-east-1", "cn-northwest-1", "us-gov-west-1"].map(partitionOf), ["aws", "aws-cn", "aws-us-gov"]);
    });

    it("grants the secret itself for valueFrom references with a JSON key or version", () => {
        const secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/key-AbCdEf";
        assert.strictEqual(secretResourceArn(secret), secret);
        assert.strictEqual(secretResourceArn(`${secret}:password::`), secret);
        assert.strictEqual(secretResourceArn(`${secret}::AWSCURRENT:`), secret);
        assert.strictEqual(secretResourceArn("arn:aws:ssm:us-east-1:111122223333:parameter/dev/api/jwt"), "arn:aws:ssm:us-east-1:111122223333:parameter/dev/api/jwt");
    });

    it("finds the ECR repository of an external image, and none for other registries", () => {
        const cases: [string, string | undefined][] = [
            ["123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2.3", "arn:aws:ecr:us-east-1:123456789012:repository/web"],
            ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web@sha256:abc", "arn:aws:ecr:eu-west-1:123456789012:repository/team/web"],
            ["123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1", "arn:aws-cn:ecr:cn-north-1:123456789012:repository/web"],
            ["ghcr.io/acme/web:1.2.3", undefined],
            ["nginx:1.27", undefined],
        ];
        for (const [image, arn] of cases) {
            assert.strictEqual(ecrRepositoryArnOfImage(image), arn, image);
        }
    });
});

describe("aws: container definition", () => {
    it("injects secrets by valueFrom only, sorts variables, and checks health on localhost", () => {
        assert.deepStrictEqual(containerDefinition({
            name: "web", image: "repo/web:1", port: 8080, healthCheckPath: "/healthz?deep=1&x=2",
            environment: { NODE_ENV: "production", LOG_LEVEL: "debug" },
            secrets: [{ name: "Z_KEY", valueFrom: "arn:z" }, { name: "A_KEY", valueFrom: "arn:a" }],
            logGroupName: "/ecs/p-s/web", region: "us-east-1", logStreamPrefix: "stable",
        }), {
            name: "web",
            image: "repo/web:1",
            essential: true,
            portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
            environment: [{ name: "LOG_LEVEL", value: "debug" }, { name: "NODE_ENV", value: "production" }],
            secrets: [{ name: "A_KEY", valueFrom: "arn:a" }, { name: "Z_KEY", valueFrom: "arn:z" }],
            logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/p-s/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "stable" } },
            healthCheck: {
                command: ["CMD-SHELL", "curl -fsS --max-time 4 'http://localhost:8080/healthz?deep=1&x=2' > /dev/null || exit 1"],
                interval: 15, timeout: 5, retries: 3, startPeriod: 30,
            },
            stopTimeout: 30,
            readonlyRootFilesystem: false,
            linuxParameters: { initProcessEnabled: true },
        });
        assert.throws(() => healthCheckCommand(80, "/a'b"), { message: "healthCheckPath: \"/a'b\" must not contain a single quote" });
    });
});

describe("aws: alarm specs", () => {
    const tg = { targetGroup: "targetgroup/tg/1", loadBalancer: "app/alb/2" };
    const ecs = { clusterName: "cluster", serviceName: "web" };

    it("defines the four deployment alarms on the target group and the ECS service", () => {
        const specs = deploymentAlarmSpecs("p web stable", tg, ecs);
        assert.deepStrictEqual(specs.map((s) => [s.kind, s.comparisonOperator, s.threshold, s.evaluationPeriods, s.datapointsToAlarm, s.treatMissingData]), [
            ["target-5xx-rate", "GreaterThanThreshold", 5, 3, 3, "notBreaching"],
            ["unhealthy-hosts", "GreaterThanThreshold", 0, 3, 3, "notBreaching"],
            ["cpu-high", "GreaterThanThreshold", 85, 3, 3, "notBreaching"],
            ["memory-high", "GreaterThanThreshold", 90, 3, 3, "notBreaching"],
        ]);
        assert.deepStrictEqual(specs[0].metricQueries, [
            { id: "rate", label: "Target 5xx, % of requests", expression: "IF(requests > 0, 100 * errors / requests, 0)", returnData: true },
            { id: "errors", metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", period: 60, stat: "Sum", dimensions: { TargetGroup: "targetgroup/tg/1", LoadBalancer: "app/alb/2" } }, returnData: false },
            { id: "requests", metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", period: 60, stat: "Sum", dimensions: { TargetGroup: "targetgroup/tg/1", LoadBalancer: "app/alb/2" } }, returnData: false },
        ]);
        assert.deepStrictEqual(specs.slice(1).map((s) => [s.namespace, s.metricName, s.statistic, s.period, s.dimensions]), [
            ["AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", 60, { TargetGroup: "targetgroup/tg/1", LoadBalancer: "app/alb/2" }],
            ["AWS/ECS", "CPUUtilization", "Average", 60, { ClusterName: "cluster", ServiceName: "web" }],
            ["AWS/ECS", "MemoryUtilization", "Average", 60, { ClusterName: "cluster", ServiceName: "web" }],
        ]);
    });

    it("treats missing HealthyHostCount as breaching, over five minutes so a starting revision is not rolled back", () => {
        assert.deepStrictEqual(healthyHostsAlarmSpec("p web stable", tg), {
            kind: "healthy-hosts",
            description: "p web stable: no healthy target for 5 minutes (or no data: the tasks are gone)",
            comparisonOperator: "LessThanThreshold", threshold: 1, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: "breaching",
            namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", statistic: "Minimum", period: 60,
            dimensions: { TargetGroup: "targetgroup/tg/1", LoadBalancer: "app/alb/2" },
        });
    });
});

describe("aws: certificate helpers", () => {
    const options = [
        { domainName: "api.example.com", resourceRecordName: "_a.api.example.com.", resourceRecordType: "CNAME", resourceRecordValue: "_a.acm-validations.aws." },
        { domainName: "www.example.com", resourceRecordName: "_w.www.example.com.", resourceRecordType: "CNAME", resourceRecordValue: "_w.acm-validations.aws." },
    ];
    it("picks the validation option by domain name, whatever the order", () => {
        assert.strictEqual(validationOptionFor(options, "www.example.com"), options[1]);
        assert.strictEqual(validationOptionFor([...options].reverse(), "api.example.com"), options[0]);
        assert.throws(() => validationOptionFor(options, "x.example.com"), { message: "the certificate has no DNS validation option for x.example.com (it has api.example.com, www.example.com)" });
    });
    it("puts the first hostname in domainName and the rest in SANs", () => {
        assert.deepStrictEqual(certificateNames(["www.example.com", "api.example.com", "www.example.com"]), { domainName: "www.example.com", subjectAlternativeNames: ["api.example.com"] });
        assert.throws(() => certificateNames([]), { message: "hostnames: at least one hostname is needed for the certificate" });
    });
});

describe("aws: names and ARNs known before the resources exist", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const arns = require("../components/aws/arns") as typeof import("../components/aws/arns");
    const scope = { account: "444455556666", region: "us-east-1" };
    it("builds each ARN and URL the way AWS names them", () => {
        assert.strictEqual(arns.ecrRepositoryArn(scope, "migration-prod/web"), "arn:aws:ecr:us-east-1:444455556666:repository/migration-prod/web");
        assert.strictEqual(arns.ecrRepositoryUrl(scope, "migration-prod/web"), "444455556666.dkr.ecr.us-east-1.amazonaws.com/migration-prod/web");
        assert.strictEqual(arns.logGroupArn(scope, "/ecs/migration-prod/web"), "arn:aws:logs:us-east-1:444455556666:log-group:/ecs/migration-prod/web");
        assert.strictEqual(arns.ssmParameterArn(scope, "/migration-prod/web/DATABASE_URL"), "arn:aws:ssm:us-east-1:444455556666:parameter/migration-prod/web/DATABASE_URL");
        assert.strictEqual(arns.ssmParameterArn(scope, "flat-name"), "arn:aws:ssm:us-east-1:444455556666:parameter/flat-name");
    });
    it("uses the partition and registry domain of China and GovCloud regions", () => {
        assert.strictEqual(arns.ecrRepositoryUrl({ account: "1", region: "cn-north-1" }, "r"), "1.dkr.ecr.cn-north-1.amazonaws.com.cn/r");
        assert.strictEqual(arns.logGroupArn({ account: "1", region: "us-gov-west-1" }, "g"), "arn:aws-us-gov:logs:us-gov-west-1:1:log-group:g");
    });
});

describe("aws: ECR lifecycle, egress rule keys, ALB certificates", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ecrLifecyclePolicy } = require("../components/aws/fargate-service") as typeof import("../components/aws/fargate-service");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { egressRuleKey } = require("../components/aws/database-clients") as typeof import("../components/aws/database-clients");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { albCertificateGroups } = require("../components/aws/certificate") as typeof import("../components/aws/certificate");

    it("protects each running tag by a rule of its own, expires untagged images, keeps the newest of the rest, the any-rule last", () => {
        const policy = ecrLifecyclePolicy(["1.9.0", "1.8.0", "1.8.0"], 20);
        assert.deepStrictEqual(policy.rules.map((r) => [r.rulePriority, (r.selection as Record<string, unknown>).tagStatus, (r.selection as Record<string, unknown>).tagPatternList]),
            [[1, "tagged", ["1.8.0"]], [2, "tagged", ["1.9.0"]], [3, "untagged", undefined], [4, "any", undefined]]);
        assert.deepStrictEqual((policy.rules[3].selection as Record<string, unknown>).countNumber, 20);
        assert.deepStrictEqual(ecrLifecyclePolicy([], 5).rules.map((r) => r.rulePriority), [1, 2], "no tag to protect when every image is external");
    });

    it("keeps the stable and the canary image each, as ECR selects images (every pattern of a list must match)", () => {
        // ECR lifecycle policies: a tagged rule selects an image only when the
        // image carries every pattern of tagPatternList; an image a rule
        // selects is kept unless that rule expires it (countNumber 1000 here).
        const protectedBy = (rules: readonly Record<string, unknown>[], tags: readonly string[]) => rules.some((r) => {
            const sel = r.selection as { tagStatus: string; tagPatternList?: string[]; countNumber: number };
            return sel.tagStatus === "tagged" && sel.countNumber >= 1000 && (sel.tagPatternList ?? []).every((p) => tags.includes(p));
        });
        const rules = ecrLifecyclePolicy(["1.8.0", "1.9.0"], 20).rules;
        assert.deepStrictEqual([["1.8.0"], ["1.9.0"], ["1.7.0"]].map((tags) => protectedBy(rules, tags)), [true, true, false]);
        // One list of both tags (the rule before this fix) protects neither image.
        const oneList = [{ rulePriority: 1, selection: { tagStatus: "tagged", tagPatternList: ["1.8.0", "1.9.0"], countType: "imageCountMoreThan", countNumber: 1000 }, action: { type: "expire" } }];
        assert.deepStrictEqual([["1.8.0"], ["1.9.0"]].map((tags) => protectedBy(oneList, tags)), [false, false]);
    });

    it("keys an egress rule by protocol, ports and destination, so reordering config keeps its URN", () => {
        assert.strictEqual(egressRuleKey({ protocol: "tcp", port: 5432, destination: "a" }), egressRuleKey({ protocol: "tcp", port: 5432, toPort: 5432, destination: "a" }));
        assert.match(egressRuleKey({ protocol: "udp", port: 8000, toPort: 8100, destination: "a" }), /^udp-8000-8100-[0-9a-f]{8}$/);
        assert.notStrictEqual(egressRuleKey({ protocol: "tcp", port: 5432, destination: "a" }), egressRuleKey({ protocol: "tcp", port: 5432, destination: "b" }));
    });

    it("groups the ALB's names by the ACM names-per-certificate quota, deduplicated, in order", () => {
        assert.deepStrictEqual(albCertificateGroups(["a.example.com", "b.example.com", "a.example.com", "*.h.example.com"], 2), [["a.example.com", "b.example.com"], ["*.h.example.com"]]);
        assert.deepStrictEqual(albCertificateGroups(["a.example.com"], 10), [["a.example.com"]]);
        assert.throws(() => albCertificateGroups(["a.example.com"], 101), { message: "namesPerCertificate: 101 is not valid; allowed 1 to 100 (ACM's maximum)" });
        assert.throws(() => albCertificateGroups([], 10), { message: "names: at least one name is needed for the certificate" });
    });
});
