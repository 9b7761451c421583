import * as assert from "assert";
import { reported, res, secret, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";
import { FAKE } from "./fixtures";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE = "aws:iam/role:Role";
const PARAM = "aws:ssm/parameter:Parameter";
const AWSX_TASK = "awsx:ecs:FargateTaskDefinition";
const AWSX_SERVICE = "awsx:ecs:FargateService";
const SM = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/db-AbCdEf";
const SSM = "arn:aws:ssm:us-east-1:111122223333:parameter/prod/api/jwt";

function task(containers: unknown, extra: Record<string, unknown> = {}, deps?: Record<string, string[]>) {
    return res(TASK, "web-task", {
        family: "web", requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512",
        containerDefinitions: containers === UNKNOWN ? UNKNOWN : JSON.stringify(containers), ...extra,
    }, deps === undefined ? {} : { propertyDependencies: deps });
}

const env = (pairs: Record<string, string>) => Object.entries(pairs).map(([name, value]) => ({ name, value }));
const texts = (diagnostics: Parameters<typeof reported>[0], policy: string) => reported(diagnostics).filter((r) => r.policy === policy).map((r) => r.text);

const MOVE = "move it to the container's secrets (valueFrom a Secrets Manager secret or SSM SecureString parameter)";
const INJECT = "inject it through the container's secrets (valueFrom) and read the environment variable instead";

describe("policies: secrets", function () {
    const analyzer = sharedAnalyzer();

    describe("secrets-no-plaintext-env", () => {
        const POLICY = "secrets-no-plaintext-env";
        it("passes plain settings, secrets by reference and the harmless settings whose names mention credentials", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task([{
                name: "app",
                environment: env({
                    LOG_LEVEL: "info", PUBLIC_URL: "https://www.example.com/",
                    PASSWORD_MIN_LENGTH: "12", TOKEN_TTL_SECONDS: "300", OAUTH_TOKEN_URL: "https://auth.example.com/oauth2/token",
                    SESSION_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/session-AbCdEf", SECRETS_PREFIX: "/prod/",
                }),
                secrets: [{ name: "DATABASE_URL", valueFrom: SM }],
                command: ["node", "server.js", "--port", "8080"],
                healthCheck: { command: ["CMD-SHELL", "curl -fsS --max-time 4 'http://localhost:8080/healthz' > /dev/null || exit 1"] },
                logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "stable" } },
            }]))), []);
        });

        it("reports credentials in the environment by value and by name, never repeating them", async () => {
            const diagnostics = await analyzer().analyze(task([{
                name: "app", environment: env({
                    DB_PASSWORD: "hunter2",
                    UPSTREAM: "postgres://app:s3cr3t@db.internal:5432/app",
                    CACHE_URL: "redis://:q/8+Zx%40@redis.internal:6379/0",
                    KEY_ID: FAKE.awsAccessKeyId,
                    STRIPE_API_KEY: FAKE.stripeLive,
                    SESSION: FAKE.jwt,
                    TLS_KEY: FAKE.privateKey,
                    APP_CONFIG: '{"db":{"host":"db.internal","password":"hunter2!"}}',
                    CACHE_KEY: FAKE.randomKey,
                }),
            }]));
            assert.deepStrictEqual(texts(diagnostics, POLICY), [
                `web-task: container app environment DB_PASSWORD holds a literal value under a credential name; ${MOVE}.`,
                `web-task: container app environment UPSTREAM holds a URL with a user and password; ${MOVE}.`,
                `web-task: container app environment CACHE_URL holds a URL with a password; ${MOVE}.`,
                `web-task: container app environment KEY_ID holds an AWS access key id (gitleaks aws-access-token); ${MOVE}.`,
                `web-task: container app environment STRIPE_API_KEY holds a Stripe secret key (gitleaks stripe-access-token); ${MOVE}.`,
                `web-task: container app environment SESSION holds a JSON Web Token (gitleaks jwt); ${MOVE}.`,
                `web-task: container app environment TLS_KEY holds a private key (gitleaks private-key); ${MOVE}.`,
                `web-task: container app environment APP_CONFIG holds JSON whose field db.password holds a literal value under a credential name; ${MOVE}.`,
                `web-task: container app environment CACHE_KEY holds a random-looking value under a key-like name (gitleaks generic-api-key); ${MOVE}.`,
            ]);
            const all = reported(diagnostics).map((r) => r.text).join("\n");
            for (const value of ["hunter2", "s3cr3t", FAKE.awsAccessKeyId, FAKE.stripeLive, FAKE.jwt, FAKE.randomKey]) {
                assert.ok(!all.includes(value), "a message never repeats the value");
            }
        });

        it("reports credentials in command, entryPoint, health check, log options and labels", async () => {
            assert.deepStrictEqual(texts(await analyzer().analyze(task([{
                name: "app",
                entryPoint: ["sh", "-c", "export DB_PASSWORD=hunter2 && exec node server.js"],
                command: ["node", "server.js", "--db-password", "hunter2", `--token=${FAKE.githubPat}`],
                healthCheck: { command: ["CMD-SHELL", "curl -fsS -u monitor:hunter2 http://localhost:8080/healthz || exit 1"] },
                logConfiguration: { logDriver: "splunk", options: { "splunk-url": "https://splunk.example.com:8088", "splunk-token": "8f14e45f-ceea-467a-9b2e-1c3d5e7f9a0b" } },
                dockerLabels: { "com.example.deploy-hook": FAKE.slackWebhook },
            }])), POLICY), [
                `web-task: container app command[3] --db-password is given a literal value under a credential name; ${INJECT}.`,
                `web-task: container app command[4] token is set to a GitHub token (gitleaks github-pat); ${INJECT}.`,
                `web-task: container app entryPoint[2] DB_PASSWORD is set to a literal value under a credential name; ${INJECT}.`,
                `web-task: container app healthCheck.command[1] -u (user:password) is set to a literal value under a credential name; ${INJECT}.`,
                "web-task: container app logConfiguration.options.splunk-token holds a literal value under a credential name; move it to logConfiguration.secretOptions (valueFrom a Secrets Manager secret or SSM SecureString parameter).",
                "web-task: container app dockerLabels.com.example.deploy-hook holds a Slack webhook URL (gitleaks slack-webhook-url); remove it: Docker labels are readable by anyone who can describe the task.",
            ]);
        });

        it("checks the containers of awsx FargateTaskDefinition and FargateService inputs", async () => {
            const awsxTask = res(AWSX_TASK, "worker", { container: { name: "worker", image: "worker:1", environment: env({ DB_PASSWORD: "hunter2" }) } });
            const awsxService = res(AWSX_SERVICE, "api", {
                networkConfiguration: { subnets: ["subnet-a"], assignPublicIp: false },
                taskDefinitionArgs: { containers: { api: { image: "api:1", environment: env({ NPM_CONFIG: FAKE.npmToken }) }, proxy: { image: "envoy:1", environment: env({ LOG_LEVEL: "info" }) } } },
            });
            assert.deepStrictEqual(texts(await analyzer().analyze(awsxTask), POLICY), [`worker: container worker environment DB_PASSWORD holds a literal value under a credential name; ${MOVE}.`]);
            assert.deepStrictEqual(texts(await analyzer().analyze(awsxService), POLICY), [`api: taskDefinitionArgs.container api environment NPM_CONFIG holds an npm token (gitleaks npm-access-token); ${MOVE}.`]);
        });

        it("follows namePatterns, weakNamePatterns, qualifierWords and allowedNames", async () => {
            const t = task([{ name: "app", environment: env({ SIGNING_SALT: "pepper", SALT_LENGTH: "pepper", DB_PASSWORD: "hunter2", CACHE_KEY: FAKE.randomKey }) }]);
            assert.deepStrictEqual(texts(await analyzer().analyze(t), POLICY), [
                `web-task: container app environment DB_PASSWORD holds a literal value under a credential name; ${MOVE}.`,
                `web-task: container app environment CACHE_KEY holds a random-looking value under a key-like name (gitleaks generic-api-key); ${MOVE}.`,
            ]);
            await analyzer().configure({ [POLICY]: { namePatterns: ["PASSWORD", "SALT"], weakNamePatterns: [], qualifierWords: ["LENGTH"], allowedNames: ["DB_PASSWORD"] } });
            assert.deepStrictEqual(texts(await analyzer().analyze(t), POLICY), [
                `web-task: container app environment SIGNING_SALT holds a literal value under a credential name; ${MOVE}.`,
            ]);
        });

        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task(UNKNOWN))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(res(AWSX_TASK, "worker", { container: { name: "worker", image: UNKNOWN, environment: [{ name: "DB_PASSWORD", value: UNKNOWN }, UNKNOWN], command: [UNKNOWN, "--port", UNKNOWN] } }))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(res(AWSX_SERVICE, "api", { networkConfiguration: { subnets: UNKNOWN }, taskDefinitionArgs: { containers: UNKNOWN } }))), []);
        });
    });

    describe("secrets-value-from-arn", () => {
        const POLICY = "secrets-value-from-arn";
        const FORMS = "use a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<version-stage>:<version-id>]), an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>) or an SSM parameter name in the task's region (/<path>/<name>).";
        it("passes every form ECS accepts: Secrets Manager ARNs with JSON key or version, SSM ARNs and names", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task([{ name: "app", secrets: [
                { name: "A", valueFrom: `${SM}:password::` }, { name: "B", valueFrom: SSM }, { name: "C", valueFrom: "/prod/api/jwt" },
                { name: "D", valueFrom: `${SM}::AWSPREVIOUS:` }, { name: "E", valueFrom: "jwt-signing-key" },
            ], logConfiguration: { logDriver: "splunk", secretOptions: [{ name: "splunk-token", valueFrom: "/prod/web/SPLUNK_TOKEN" }] } }]))), []);
        });
        it("reports what ECS refuses, echoing only values that are plainly references", async () => {
            assert.deepStrictEqual(texts(await analyzer().analyze(task([{ name: "app", secrets: [
                { name: "A", valueFrom: "prod/api/jwt" }, { name: "B", valueFrom: "arn:aws:s3:::bucket/key" }, { name: "C", valueFrom: `${SM}::AWSCURRENT:0f1e2d3c` },
                { name: "D", valueFrom: "hunter2 is my password" }, { name: "E" },
            ] }])), POLICY), [
                `web-task: container app secret A: valueFrom is a parameter path without its leading "/"; ${FORMS}`,
                `web-task: container app secret B: valueFrom "arn:aws:s3:::bucket/key" is neither a Secrets Manager secret ARN nor an SSM parameter ARN; ${FORMS}`,
                `web-task: container app secret C: valueFrom "${SM}::AWSCURRENT:0f1e2d3c" names both a version stage and a version id; ECS takes at most one; ${FORMS}`,
                `web-task: container app secret D: valueFrom is not an ARN and not a valid SSM parameter name; ${FORMS}`,
                `web-task: container app secret E: valueFrom is missing; ${FORMS}`,
            ]);
        });
        it("checks awsx task definition containers too", async () => {
            assert.deepStrictEqual(texts(await analyzer().analyze(res(AWSX_TASK, "worker", { container: { name: "worker", image: "w:1", secrets: [{ name: "A", valueFrom: "arn:aws:kms:us-east-1:111122223333:key/1" }] } })), POLICY), [
                `worker: container worker secret A: valueFrom "arn:aws:kms:us-east-1:111122223333:key/1" is neither a Secrets Manager secret ARN nor an SSM parameter ARN; ${FORMS}`,
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task(UNKNOWN))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(res(AWSX_TASK, "worker", { container: { name: "worker", image: "w:1", secrets: [{ name: "A", valueFrom: UNKNOWN }, UNKNOWN] } }))), []);
        });
    });

    describe("secrets-user-data", () => {
        const droplet = (userData: unknown) => res("digitalocean:index/droplet:Droplet", "web-1", { size: "s-1vcpu-2gb", vpcUuid: "vpc-1", userData });
        const FIX = "fetch credentials at boot from a secret store instead of writing them into user data.";
        it("passes user data without credentials, including settings whose names mention credentials", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("#cloud-config\npackages: [nginx]\nruncmd:\n  - export DB_PASSWORD=$(fetch-secret db)\n  - echo PASSWORD_MIN_LENGTH=12 >> /etc/app.env\n"))), []);
        });
        it("reports assigned credentials, credentials in URLs and commands, and private keys by line", async () => {
            assert.deepStrictEqual(texts(await analyzer().analyze(droplet([
                "#!/bin/sh", "export API_TOKEN=abc123def", "echo ok", "-----BEGIN RSA PRIVATE KEY-----",
                "curl -u deploy:hunter2 https://artifacts.example.com/app.tgz", `echo '{"password":"hunter2!"}' > /etc/app.json`,
            ].join("\n"))), "secrets-user-data"), [
                "web-1: userData line 2: API_TOKEN is set to a literal value under a credential name; line 4: contains a private key (detect-secrets PrivateKeyDetector); " +
                "line 5: -u (user:password) is set to a literal value under a credential name; line 6: password is set to a literal value under a credential name; " + FIX,
            ]);
        });
        it("follows allowedNames", async () => {
            await analyzer().configure({ "secrets-user-data": { allowedNames: ["API_TOKEN"] } });
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("export API_TOKEN=abc123def\n"))), []);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet(UNKNOWN))), []);
        });
    });

    describe("secrets-ssm-parameter-secure-string", () => {
        const POLICY = "secrets-ssm-parameter-secure-string";
        const param = (props: Record<string, unknown>) => res(PARAM, "web-database-url", { name: "/migration-prod/web/DATABASE_URL", type: "SecureString", value: "postgres://app:pw-1234567@db.internal/app", ...props });
        it("passes a SecureString credential and plain String settings", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(param({}))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(param({ name: "/migration-prod/web/PASSWORD_MIN_LENGTH", type: "String", value: "12" }))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(param({ name: "/migration-prod/web/OAUTH_TOKEN_URL", type: "String", value: "https://auth.example.com/oauth2/token" }))), []);
        });
        it("reports a credential in a String or StringList parameter, and a SecureString set through insecureValue", async () => {
            assert.deepStrictEqual(texts(await analyzer().analyze(param({ type: "String" })), POLICY), [
                'web-database-url: parameter /migration-prod/web/DATABASE_URL is type String but holds a URL with a user and password; make it type "SecureString" and pass the value as a Pulumi secret.',
            ]);
            assert.deepStrictEqual(texts(await analyzer().analyze(param({ name: "/migration-prod/api/JWT_SIGNING_KEY", type: "StringList", value: undefined, insecureValue: "k3y-material" })), POLICY), [
                'web-database-url: parameter /migration-prod/api/JWT_SIGNING_KEY is type StringList but holds a literal value under a credential name; make it type "SecureString" and pass the value as a Pulumi secret.',
            ]);
            assert.deepStrictEqual(texts(await analyzer().analyze(param({ value: undefined, insecureValue: "postgres://app:pw@db/app" })), POLICY), [
                "web-database-url: parameter /migration-prod/web/DATABASE_URL is a SecureString set through insecureValue, which state keeps in plain text; set value instead.",
            ]);
        });
        it("follows the name rules (allowedNames)", async () => {
            const p = param({ name: "/migration-prod/web/DB_PASSWORD", type: "String", value: "hunter2" });
            assert.strictEqual(texts(await analyzer().analyze(p), POLICY).length, 1);
            await analyzer().configure({ [POLICY]: { allowedNames: ["DB_PASSWORD"] } });
            assert.deepStrictEqual(reported(await analyzer().analyze(p)), []);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(param({ type: UNKNOWN, value: UNKNOWN, name: UNKNOWN }))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(param({ type: "String", value: UNKNOWN }))), []);
        });
    });

    describe("secrets-secret-string-not-exposed", () => {
        const POLICY = "secrets-secret-string-not-exposed";
        const version = (secretString: unknown, additionalSecretOutputs = ["secretBinary", "secretString", "secretStringWo"]) =>
            res("aws:secretsmanager/secretVersion:SecretVersion", "db-url", { secretId: SM, secretString }, { options: { additionalSecretOutputs } });
        const secureParam = (value: unknown, additionalSecretOutputs = ["value", "valueWo"]) =>
            res(PARAM, "web-database-url", { name: "/migration-prod/web/DATABASE_URL", type: "SecureString", value }, { options: { additionalSecretOutputs } });
        const value = 'postgres://app:p"w\\1/2+3%@db.internal/app';
        const FIX = "pass the secret's ARN there (ECS secrets valueFrom) instead of the value.";
        it("passes secret outputs whose values are nowhere else (and the same value kept in two secret stores)", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([version(secret(value)), secureParam(secret(value)), task([{ name: "app", secrets: [{ name: "DATABASE_URL", valueFrom: SM }] }])])), []);
        });
        it("cannot see secretness: a plain and a secret value are treated alike", async () => {
            // @pulumi/policy unwraps secrets before rules run; this rule relies on additionalSecretOutputs instead.
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([version(value), secureParam(value)])), []);
        });
        it("reports a missing secret-output mark and a value copied into container JSON, for both secret stores", async () => {
            const leak = task([{ name: "app", environment: [{ name: "DATABASE", value }] }]);
            assert.ok(!String(leak.properties.containerDefinitions).includes(value), "the copy is JSON-escaped in containerDefinitions");
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([version(secret(value), []), secureParam(secret(value), []), leak])).filter((r) => r.policy === POLICY), [
                {
                    policy: POLICY, level: "advisory", urn: urnOf("aws:secretsmanager/secretVersion:SecretVersion", "db-url"),
                    text: 'db-url: secretString is not declared a secret output, so state may hold it in plain text; register it through @pulumi/aws (which marks it) or add additionalSecretOutputs: ["secretString"].',
                },
                { policy: POLICY, level: "advisory", urn: leak.urn, text: `db-url: its secret value also appears in web-task (${TASK}) at containerDefinitions; ${FIX}` },
                {
                    policy: POLICY, level: "advisory", urn: urnOf(PARAM, "web-database-url"),
                    text: 'web-database-url: value is not declared a secret output, so state may hold it in plain text; register it through @pulumi/aws (which marks it) or add additionalSecretOutputs: ["value"].',
                },
                { policy: POLICY, level: "advisory", urn: leak.urn, text: `web-database-url: its secret value also appears in web-task (${TASK}) at containerDefinitions; ${FIX}` },
            ]);
        });
        it("finds the value percent-encoded in a URL and base64-encoded in user data", async () => {
            const password = "q/8+Zx%40pw";
            const stack = [
                secureParam(secret(password)),
                res(PARAM, "web-url", { name: "/migration-prod/web/UPSTREAM", type: "String", value: `postgres://app:${encodeURIComponent(password)}@db/app` }),
                res("digitalocean:index/droplet:Droplet", "web-1", { userData: Buffer.from(`#!/bin/sh\nexport PW='${password}'\n`).toString("base64") }),
            ];
            assert.deepStrictEqual(texts(await analyzer().analyzeStack(stack), POLICY), [
                `web-database-url: its secret value also appears in web-url (${PARAM}) at value; ${FIX}`,
                `web-database-url: its secret value also appears in web-1 (digitalocean:index/droplet:Droplet) at userData; ${FIX}`,
            ]);
        });
        it("follows minLength", async () => {
            const stack = [version(secret("short-1")), res(PARAM, "p", { type: "String", value: "short-1" })];
            assert.deepStrictEqual(texts(await analyzer().analyzeStack(stack), POLICY), []);
            await analyzer().configure({ [POLICY]: { minLength: 4 } });
            assert.deepStrictEqual(texts(await analyzer().analyzeStack(stack), POLICY), [`db-url: its secret value also appears in p (${PARAM}) at value; ${FIX}`]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([version(UNKNOWN), secureParam(UNKNOWN), task(UNKNOWN)])), []);
        });
    });

    describe("secrets-execution-role-scope", () => {
        const POLICY = "secrets-execution-role-scope";
        const role = res(ROLE, "web-exec", { name: "web-exec-1a2b", arn: "arn:aws:iam::111122223333:role/web-exec-1a2b" });
        const policy = (resources: unknown, name = "web-exec-secrets") => res("aws:iam/rolePolicy:RolePolicy", name, {
            role: "web-exec-1a2b",
            policy: resources === UNKNOWN ? UNKNOWN : JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "ssm:GetParameters"], Resource: resources }] }),
        });
        const webTask = task([{ name: "app", secrets: [{ name: "DATABASE_URL", valueFrom: `${SM}:url::` }, { name: "JWT", valueFrom: SSM }] }], { executionRoleArn: role.properties.arn });
        it("passes a policy limited to the referenced secrets (exact ARNs, the random-suffix wildcard, a parameter named without ARN)", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, webTask, policy([SM, SSM])])), []);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, webTask, policy(["arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/db-??????", SSM])])), []);
            const byName = task([{ name: "app", secrets: [{ name: "JWT", valueFrom: "/prod/api/jwt" }] }], { executionRoleArn: role.properties.arn });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, byName, policy([SSM])])), []);
        });
        it("reports wildcards and secrets the task does not reference", async () => {
            const other = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/billing/key-XyZ123";
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, webTask, policy([SM, SSM, other, "arn:aws:secretsmanager:us-east-1:111122223333:secret:*"])])).filter((r) => r.policy === POLICY), [{
                policy: POLICY, level: "advisory", urn: role.urn,
                text: `web-exec: web-exec-secrets lets the execution role read ${other}, arn:aws:secretsmanager:us-east-1:111122223333:secret:*, beyond what web-task reference; limit Resource to ${SM}, ${SSM}.`,
            }]);
            assert.deepStrictEqual(texts(await analyzer().analyzeStack([role, webTask, policy("*")]), POLICY), [
                `web-exec: web-exec-secrets lets the execution role read *, beyond what web-task reference; limit Resource to ${SM}, ${SSM}.`,
            ]);
        });
        it("judges the known documents at preview, links by dependencies and skips only the unknown ones", async () => {
            const previewTask = task([{ name: "app", secrets: [{ name: "JWT", valueFrom: SSM }] }], { executionRoleArn: UNKNOWN }, { executionRoleArn: [role.urn] });
            const previewPolicy = res("aws:iam/rolePolicy:RolePolicy", "p", { role: UNKNOWN, policy: JSON.stringify({ Statement: { Effect: "Allow", Action: "ssm:*", Resource: "*" } }) }, { propertyDependencies: { role: [role.urn] } });
            assert.deepStrictEqual(texts(await analyzer().analyzeStack([role, previewTask, previewPolicy, policy(UNKNOWN, "still-unknown")]), POLICY), [
                `web-exec: p lets the execution role read *, beyond what web-task reference; limit Resource to ${SSM}.`,
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, previewTask, policy(UNKNOWN)])), []);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, task(UNKNOWN, { executionRoleArn: role.properties.arn }), policy("*")])).filter((r) => r.policy === POLICY), []);
        });
    });
});
