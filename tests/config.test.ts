import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig, RawConfigInput, StackConfig } from "../components/config";
import { readStackConfig, secretPlaceholder } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

/** The dev stack with some keys replaced (objects given as JS, as a stack file would hold them). */
function devWith(overrides: Record<string, unknown>, secrets: Record<string, string> = {}): RawConfigInput {
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(overrides)) {
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return readStackConfig(ROOT, "dev", { config, secrets });
}

function problemsOf(input: RawConfigInput): readonly string[] {
    try {
        parseStackConfig(input);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
    assert.fail("expected the config to be rejected");
}

const dev = readStackConfig(ROOT, "dev");
const devServices = JSON.parse(dev.values["migration:services"]) as Record<string, any>[];
const web = devServices[0];
const api = devServices[1];
const withService = (patch: (svc: Record<string, any>) => void) => {
    const copy = structuredClone(devServices);
    patch(copy[0]);
    return { "migration:services": copy };
};

describe("stack config", () => {
    describe("the real stack files", () => {
        it("parses dev into the typed config with dev defaults", () => {
            const config = parseStackConfig(dev);
            assert.strictEqual(config.environment, "dev");
            assert.strictEqual(config.awsRegion, "us-east-1");
            assert.deepStrictEqual(config.tags, {
                team: "platform",
                "cost-center": "cc-1042",
                environment: "dev",
                "managed-by": "pulumi",
                "pulumi-project": "migration",
                "pulumi-stack": "dev",
            });
            assert.deepStrictEqual(config.dns, { zoneName: "dev.example.com", zone: "create", ttl: 60 });
            assert.deepStrictEqual(config.network, { mode: "create", cidr: "10.20.0.0/16", availabilityZones: 2, natGateways: "single" });
            assert.deepStrictEqual(config.platform, { logRetentionDays: 14, ecrKeepImages: 20, albDeletionProtection: false, healthCheckGracePeriodSeconds: 60 });
            assert.strictEqual(config.legacy.protect, false);
            assert.deepStrictEqual(config.services.map((s) => [s.name, s.hostname, s.traffic.fargatePercent]), [
                ["web", "www.dev.example.com", 50],
                ["api", "api.dev.example.com", 25],
            ]);
            assert.deepStrictEqual(config.services[0].legacy, {
                enabled: true, mode: "create", count: 1, size: "s-1vcpu-2gb", image: "ubuntu-24-04-x64",
                userData: "#cloud-config\npackage_update: true\npackages: [nginx]\nruncmd:\n  - systemctl enable --now web.service\n",
            });
            assert.deepStrictEqual(config.services[0].tags.service, "web");
            assert.deepStrictEqual(config.services[0].fargate?.image, { kind: "ecr", tag: "1.8.0" });
            assert.deepStrictEqual(config.services[1].fargate?.pathPatterns, ["/v1/*", "/v2/*"]);
            assert.deepStrictEqual(config.services[0].fargate?.autoscaling, { min: 1, max: 4, cpuTargetPercent: 60, memoryTargetPercent: 75 });
        });

        it("parses prod: adopted Droplets, one NAT per AZ, protected legacy, a canary", () => {
            const config = parseStackConfig(readStackConfig(ROOT, "prod"));
            assert.strictEqual(config.environment, "prod");
            assert.deepStrictEqual(config.network, { mode: "create", cidr: "10.30.0.0/16", availabilityZones: 3, natGateways: "one-per-az" });
            assert.strictEqual(config.legacy.protect, true);
            assert.strictEqual(config.legacy.adoptVpcId, "5a4bd2f1-6c1e-4f6a-9d3e-2b7c8e9f0a1d");
            assert.deepStrictEqual(config.services[0].legacy, {
                enabled: true,
                mode: "adopt",
                droplets: [
                    { id: "412345671", name: "web-prod-1" },
                    { id: "412345672", name: "web-prod-2" },
                    { id: "412345673", name: "web-prod-3" },
                ],
                size: "s-4vcpu-8gb",
                image: "ubuntu-22-04-x64",
                retainOnDelete: true,
            });
            assert.deepStrictEqual(config.services[0].fargate?.canary, { image: { kind: "ecr", tag: "1.9.0" }, percent: 10 });
            assert.deepStrictEqual(config.services.map((s) => s.traffic.fargatePercent), [25, 5]);
        });

        it("keeps secret config values as pulumi secrets and existing ARNs as references", async () => {
            const config = parseStackConfig(dev);
            const secrets = config.services[0].fargate!.secrets;
            assert.deepStrictEqual(secrets.map((s) => [s.name, s.source]), [["DATABASE_URL", "config"], ["SESSION_SIGNING_KEY", "arn"]]);
            const fromConfig = secrets[0];
            assert.ok(fromConfig.source === "config");
            assert.strictEqual(fromConfig.configKey, "migration:webDatabaseUrl");
            assert.strictEqual(await pulumi.isSecret(fromConfig.value), true);
            assert.deepStrictEqual(secrets[1], {
                name: "SESSION_SIGNING_KEY",
                source: "arn",
                arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/web/session-signing-key-AbCdEf",
                store: "secretsmanager",
            });
            const ssm = config.services[1].fargate!.secrets[0];
            assert.ok(ssm.source === "arn" && ssm.store === "ssm");
        });

        it("returns a deeply frozen object", () => {
            const config: StackConfig = parseStackConfig(dev);
            assert.ok(Object.isFrozen(config));
            assert.ok(Object.isFrozen(config.services));
            assert.ok(Object.isFrozen(config.services[0].fargate!.autoscaling));
            assert.throws(() => { (config.services[0] as { port: number }).port = 1; }, TypeError);
        });
    });

    describe("defaults", () => {
        it("takes the environment from the stack name when it is not set", () => {
            const input = { ...dev, stack: "prod", values: { ...dev.values } };
            delete (input.values as Record<string, string>)["migration:environment"];
            const config = parseStackConfig(input);
            assert.strictEqual(config.environment, "prod");
            assert.strictEqual(config.network.mode === "create" && config.network.natGateways, "single", "explicit natGateways wins");
            assert.deepStrictEqual(config.platform, { logRetentionDays: 14, ecrKeepImages: 20, albDeletionProtection: true, healthCheckGracePeriodSeconds: 60 });
        });

        it("applies per-environment defaults for omitted fields", () => {
            const config = parseStackConfig(devWith({
                "migration:environment": "prod",
                "migration:network": { mode: "create" },
                "migration:platform": {},
            }));
            assert.deepStrictEqual(config.network, { mode: "create", cidr: "10.0.0.0/16", availabilityZones: 2, natGateways: "one-per-az" });
            assert.deepStrictEqual(config.platform, { logRetentionDays: 90, ecrKeepImages: 50, albDeletionProtection: true, healthCheckGracePeriodSeconds: 60 });
            assert.strictEqual(config.legacy.protect, true);
        });

        it("accepts an existing VPC given by ids", () => {
            const network = {
                mode: "existing",
                vpcId: "vpc-0a1b2c3d4e5f67890",
                privateSubnetIds: ["subnet-0a1b2c3d4e5f67891", "subnet-0a1b2c3d4e5f67892"],
                publicSubnetIds: ["subnet-0a1b2c3d4e5f67893", "subnet-0a1b2c3d4e5f67894"],
            };
            assert.deepStrictEqual(parseStackConfig(devWith({ "migration:network": network })).network, network);
        });
    });

    describe("rejects bad input with one exact message per problem", () => {
        const cases: [string, RawConfigInput, string[]][] = [
            ["memory not valid for the cpu", devWith(withService((s) => { s.fargate.cpu = 512; s.fargate.memory = 3000; })), [
                "migration:services[0].fargate.memory: 3000 is not valid for cpu 512; allowed 1024-4096 in steps of 1024",
            ]],
            ["cpu not a Fargate size", devWith(withService((s) => { s.fargate.cpu = 300; })), [
                "migration:services[0].fargate.cpu: 300 is not a Fargate cpu size; allowed 256, 512, 1024, 2048, 4096, 8192, 16384",
            ]],
            ["the smallest cpu lists its three memory sizes", devWith(withService((s) => { s.fargate.memory = 4096; })), [
                "migration:services[0].fargate.memory: 4096 is not valid for cpu 256; allowed 512, 1024, 2048",
            ]],
            ["unknown environment", devWith({ "migration:environment": "staging" }), [
                "migration:environment: \"staging\" is not allowed; allowed dev, prod",
            ]],
            ["bad AWS region", devWith({ "aws:region": "us-east" }), [
                "aws:region: \"us-east\" is not valid; allowed an AWS region such as us-east-1",
            ]],
            ["TTL above 60", devWith({ "migration:dns": { zoneName: "dev.example.com", ttl: 300 } }), [
                "migration:dns.ttl: 300 is too large; allowed a whole number from 5 to 60",
            ]],
            ["missing zone name", devWith({ "migration:dns": { zone: "lookup" } }), [
                "migration:dns.zoneName: is required (string)",
            ]],
            ["one AZ", devWith({ "migration:network": { mode: "create", availabilityZones: 1 } }), [
                "migration:network.availabilityZones: 1 is too small; allowed a whole number from 2 to 6",
            ]],
            ["a VPC too small for the services' tasks", devWith({ "migration:network": { mode: "create", cidr: "10.20.0.0/26", availabilityZones: 2 } }), [
                "migration:network.cidr: 10.20.0.0/26 has 64 addresses, but 2 availability zones need 128: " +
                "per zone a private subnet of 32 (16 task addresses: every service's autoscaling maximum x 2 for deployments, canaries included, + 5 reserved by AWS, " +
                "rounded up to a power of two) and a public subnet of 32 (the ALB needs a /27); allowed a /25 or larger, fewer availability zones, or lower autoscaling maximums",
            ]],
            ["existing private subnets too small for the tasks", devWith({ "migration:network": {
                mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890",
                privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
                publicSubnetIds: ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"],
                privateSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/28"],
            } }), [
                "migration:network.privateSubnetCidrs[1]: 10.0.1.0/28 has 11 usable addresses but the services need 16 " +
                "(autoscaling maximum x 2 for deployments, canaries included); allowed a subnet of /27 or larger",
            ]],
            ["unknown network mode", devWith({ "migration:network": { mode: "import" } }), [
                "migration:network.mode: \"import\" is not allowed; allowed create, existing",
            ]],
            ["existing VPC with one private subnet", devWith({ "migration:network": { mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890", privateSubnetIds: ["subnet-0a1b2c3d4e5f67891"], publicSubnetIds: ["subnet-0a1b2c3d4e5f67893", "subnet-0a1b2c3d4e5f67894"] } }), [
                "migration:network.privateSubnetIds: [\"subnet-0a1b2c3d4e5f67891\"] has too few subnets; allowed 2 or more (in different availability zones)",
            ]],
            ["SSH open to the internet", devWith({ "migration:legacy": { region: "nyc3", vpcIpRange: "10.116.0.0/20", certificateName: "c", adminCidrs: ["0.0.0.0/0"] } }), [
                "migration:legacy.adminCidrs[0]: \"0.0.0.0/0\" opens SSH to the whole internet; allowed only specific admin networks (for example 203.0.113.10/32)",
            ]],
            ["a typo in a key", devWith({ "migration:legacy": { region: "nyc3", vpcIpRange: "10.116.0.0/20", certificateName: "c", adminCidr: ["203.0.113.1/32"] } }), [
                "migration:legacy.adminCidr: unknown key; check the spelling (see the config reference in README.md)",
            ]],
            ["a typo in a top-level key", devWith({ "migration:servics": [] }), [
                "migration:servics: unknown key; allowed migration:environment, migration:tags, migration:dns, migration:network, migration:legacy, migration:platform, migration:services and secret keys named by services[].fargate.secrets",
            ]],
            ["fargate share without a fargate part", devWith(withService((s) => { delete s.fargate; })), [
                "migration:services[0].traffic.fargatePercent: 50 sends traffic to Fargate, but services[0].fargate is not set; allowed 0 until the service has a fargate part",
            ]],
            ["legacy decommissioned before 100%", devWith(withService((s) => { s.legacy = { enabled: false }; })), [
                "migration:services[0].legacy.enabled: false (decommissioned) needs traffic.fargatePercent 100, found 50; allowed only once every request goes to Fargate",
            ]],
            ["share not a declared step", devWith(withService((s) => { s.traffic.fargatePercent = 30; })), [
                "migration:services[0].traffic.fargatePercent: 30 is not a declared rollout step; allowed 0, 5, 25, 50, 100",
            ]],
            ["steps out of order", devWith(withService((s) => { s.traffic.steps = [0, 50, 25, 100]; })), [
                "migration:services[0].traffic.steps: [0,50,25,100] is not valid; allowed strictly increasing percentages, e.g. [0, 5, 25, 50, 100]",
            ]],
            ["share above 100", devWith(withService((s) => { s.traffic = { fargatePercent: 120 }; })), [
                "migration:services[0].traffic.fargatePercent: 120 is too large; allowed a percentage (whole number) from 0 to 100",
            ]],
            ["duplicate names and hostnames", devWith({ "migration:services": [web, { ...api, name: "web", hostname: "www.dev.example.com" }] }), [
                "migration:services[1].name: \"web\" is already used by services[0]; allowed a unique name per service",
                "migration:services[1].hostname: \"www.dev.example.com\" is already used by services[0]; allowed a unique hostname per service",
            ]],
            ["hostname outside the zone", devWith(withService((s) => { s.hostname = "www.example.org"; })), [
                "migration:services[0].hostname: \"www.example.org\" is outside the zone \"dev.example.com\"; allowed dev.example.com or a name ending in .dev.example.com",
            ]],
            ["desired count outside autoscaling", devWith(withService((s) => { s.fargate.desiredCount = 9; })), [
                "migration:services[0].fargate.desiredCount: 9 is outside the autoscaling range; allowed 1 to 4",
            ]],
            ["both image and imageTag", devWith(withService((s) => { s.fargate.image = "nginx:1.27"; })), [
                "migration:services[0].fargate.image: both image and imageTag are set; allowed exactly one of them",
            ]],
            ["a variable both plain and secret", devWith(withService((s) => { s.fargate.environment.DATABASE_URL = "x"; })), [
                "migration:services[0].fargate.environment.DATABASE_URL: \"DATABASE_URL\" is also a secret; a variable is either plain environment or a secret, not both",
            ]],
            ["a secret ARN of the wrong service", devWith(withService((s) => { s.fargate.secrets.SESSION_SIGNING_KEY = { arn: "arn:aws:s3:::bucket/key" }; })), [
                "migration:services[0].fargate.secrets.SESSION_SIGNING_KEY.arn: \"arn:aws:s3:::bucket/key\" is not valid; allowed a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)",
            ]],
            ["the same Droplet adopted twice", readStackConfig(ROOT, "prod", { config: { "migration:services": JSON.stringify((() => {
                const services = JSON.parse(readStackConfig(ROOT, "prod").values["migration:services"]);
                services[1].legacy.droplets[1].id = "412345672";
                return services;
            })()) } }), [
                "migration:services[1].legacy.droplets[1].id: \"412345672\" is already adopted at services[0].legacy.droplets[1]; allowed each Droplet once in the stack",
            ]],
            ["user data over DigitalOcean's 64 KiB", devWith(withService((s) => { s.legacy.userData = "#cloud-config\n" + "x".repeat(65536); })), [
                "migration:services[0].legacy.userData: is 65550 bytes; allowed at most 65536 (DigitalOcean's user data limit)",
            ]],
            ["unknown legacy mode", devWith(withService((s) => { s.legacy = { mode: "clone" }; })), [
                "migration:services[0].legacy: mode \"clone\" is not allowed; allowed mode: create (new Droplets), mode: adopt (import existing ones), or enabled: false (decommissioned)",
            ]],
            ["a reserved tag", devWith({ "migration:tags": { environment: "qa" } }), [
                "migration:tags.environment: \"environment\" is set by the program; allowed any tag name except environment, managed-by, service, pulumi-project, pulumi-stack",
            ]],
            ["a secret reference to an unset key", devWith(withService((s) => { s.fargate.secrets.STRIPE_KEY = { config: "stripeKey" }; })), [
                "migration:services[0].fargate.secrets.STRIPE_KEY.config: \"stripeKey\" names migration:stripeKey, which is not set; run: pulumi config set --secret migration:stripeKey <value> --stack dev",
            ]],
            ["a secret given as plain config", devWith({ "migration:webDatabaseUrl": "postgres://app:hunter2@db/app" }), [
                "migration:webDatabaseUrl: is stored as plain text but is the secret DATABASE_URL of service \"web\"; allowed only secret values; run: pulumi config set --secret migration:webDatabaseUrl <value> --stack dev",
            ]],
        ];
        for (const [title, input, expected] of cases) {
            it(title, () => {
                assert.deepStrictEqual(problemsOf(input), expected);
            });
        }

        it("never echoes a plain-text secret value", () => {
            const problems = problemsOf(devWith({ "migration:webDatabaseUrl": "postgres://app:hunter2@db/app" }));
            assert.ok(!problems.join("\n").includes("hunter2"));
        });

        it("collects every problem of the file in one run, across keys and services", () => {
            const services = structuredClone(devServices);
            services[0].fargate.memory = 3000;
            services[0].fargate.cpu = 512;
            services[0].legacy = { enabled: false };
            services[1].port = 0;
            services[1].name = "web";
            const problems = problemsOf(devWith({ "migration:services": services, "migration:environment": "qa", "migration:dns": { zoneName: "Example" } }));
            assert.deepStrictEqual(problems, [
                "migration:environment: \"qa\" is not allowed; allowed dev, prod",
                "migration:dns.zoneName: \"Example\" is not valid; allowed a lower-case DNS name such as app.example.com",
                "migration:services[0].fargate.memory: 3000 is not valid for cpu 512; allowed 1024-4096 in steps of 1024",
                "migration:services[1].port: 0 is too small; allowed a whole number from 1 to 65535",
                "migration:services[0].legacy.enabled: false (decommissioned) needs traffic.fargatePercent 100, found 50; allowed only once every request goes to Fargate",
                "migration:services[1].name: \"web\" is already used by services[0]; allowed a unique name per service",
            ]);
        });

        it("needs an environment when the stack name is neither dev nor prod", () => {
            const input = { ...dev, stack: "staging", values: { ...dev.values } };
            delete (input.values as Record<string, string>)["migration:environment"];
            assert.deepStrictEqual(problemsOf(input), [
                "migration:environment: not set, and the stack name \"staging\" is neither dev nor prod; set it with: pulumi config set migration:environment <dev|prod> --stack staging",
            ]);
        });

        it("formats the error for people: a headline and one line per problem, no stack trace", () => {
            let error: unknown;
            try {
                parseStackConfig(devWith({ "migration:environment": "qa" }));
            } catch (err) {
                error = err;
            }
            assert.ok(error instanceof ConfigError);
            assert.strictEqual(error.message, "Stack \"dev\" has 1 config problem:\n  - migration:environment: \"qa\" is not allowed; allowed dev, prod");
            // RunError: the Pulumi CLI prints the message without a stack trace.
            assert.strictEqual(pulumi.RunError.isInstance(error), true);
        });
    });

    describe("reading stack files", () => {
        it("turns secure values into placeholders that stay secret", () => {
            assert.strictEqual(dev.values["migration:webDatabaseUrl"], secretPlaceholder("migration:webDatabaseUrl"));
            assert.deepStrictEqual([...dev.secretKeys], ["migration:webDatabaseUrl"]);
        });

        it("applies --config and --secret overrides", () => {
            const input = readStackConfig(ROOT, "dev", { config: { environment: "prod" }, secrets: { webDatabaseUrl: "postgres://x" } });
            assert.strictEqual(input.values["migration:environment"], "prod");
            assert.strictEqual(input.values["migration:webDatabaseUrl"], "postgres://x");
            assert.ok(input.secretKeys.has("migration:webDatabaseUrl"));
        });

        it("names a missing stack file", () => {
            assert.throws(() => readStackConfig(ROOT, "qa"), { name: "StackFileError", message: `Pulumi.qa.yaml: not found in ${ROOT}` });
        });
    });
});
