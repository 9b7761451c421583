import * as assert from "assert";
import { reported, res, secret, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE = "aws:iam/role:Role";
const SM = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/db-AbCdEf";
const SSM = "arn:aws:ssm:us-east-1:111122223333:parameter/prod/api/jwt";

function task(containers: unknown, extra: Record<string, unknown> = {}, deps?: Record<string, string[]>) {
    return res(TASK, "web-task", {
        family: "web", requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512",
        containerDefinitions: containers === UNKNOWN ? UNKNOWN : JSON.stringify(containers), ...extra,
    }, deps === undefined ? {} : { propertyDependencies: deps });
}

describe("policies: secrets", function () {
    const analyzer = sharedAnalyzer();

    describe("secrets-no-plaintext-env", () => {
        it("passes plain settings and secrets by ARN", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task([{
                name: "app", environment: [{ name: "LOG_LEVEL", value: "info" }, { name: "PUBLIC_URL", value: "https://www.example.com/" }],
                secrets: [{ name: "DATABASE_URL", valueFrom: SM }],
            }]))), []);
        });
        it("reports credential names and credential-looking values without repeating them", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task([{
                name: "app", environment: [
                    { name: "DB_PASSWORD", value: "hunter2" },
                    { name: "UPSTREAM", value: "postgres://app:s3cr3t@db.internal:5432/app" },
                    { name: "KEY_ID", value: "AKIAIOSFODNN7EXAMPLE" },
                ],
            }]))).map((r) => r.text), [
                "web-task: container app environment DB_PASSWORD looks like a credential; move it to secrets with valueFrom a Secrets Manager or SSM ARN.",
                "web-task: container app environment UPSTREAM holds a URL with a user and password; move it to secrets with valueFrom a Secrets Manager or SSM ARN.",
                "web-task: container app environment KEY_ID holds an AWS access key id; move it to secrets with valueFrom a Secrets Manager or SSM ARN.",
            ]);
        });
        it("follows namePatterns and allowedNames", async () => {
            const t = task([{ name: "app", environment: [{ name: "TOKEN_TTL_SECONDS", value: "300" }, { name: "SIGNING_SALT", value: "x" }] }]);
            assert.deepStrictEqual(reported(await analyzer().analyze(t)).map((r) => r.text), [
                "web-task: container app environment TOKEN_TTL_SECONDS looks like a credential; move it to secrets with valueFrom a Secrets Manager or SSM ARN.",
            ]);
            await analyzer().configure({ "secrets-no-plaintext-env": { namePatterns: ["TOKEN", "SALT"], allowedNames: ["TOKEN_TTL_SECONDS"] } });
            assert.deepStrictEqual(reported(await analyzer().analyze(t)).map((r) => r.text), [
                "web-task: container app environment SIGNING_SALT looks like a credential; move it to secrets with valueFrom a Secrets Manager or SSM ARN.",
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task(UNKNOWN))), []);
        });
    });

    describe("secrets-value-from-arn", () => {
        it("passes Secrets Manager (with a JSON key) and SSM ARNs", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task([{ name: "app", secrets: [{ name: "A", valueFrom: `${SM}:password::` }, { name: "B", valueFrom: SSM }] }]))), []);
        });
        it("reports a parameter name and a foreign ARN", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task([{ name: "app", secrets: [{ name: "A", valueFrom: "/prod/api/jwt" }, { name: "B", valueFrom: "arn:aws:s3:::bucket/key" }] }]))).map((r) => r.text), [
                'web-task: container app secret A has valueFrom "/prod/api/jwt"; use a full arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name> ARN.',
                'web-task: container app secret B has valueFrom "arn:aws:s3:::bucket/key"; use a full arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name> ARN.',
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task(UNKNOWN))), []);
        });
    });

    describe("secrets-droplet-user-data", () => {
        const droplet = (userData: unknown) => res("digitalocean:index/droplet:Droplet", "web-1", { size: "s-1vcpu-2gb", userData });
        it("passes user data without credentials", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("#cloud-config\npackages: [nginx]\nruncmd:\n  - export DB_PASSWORD=$(fetch-secret db)\n"))), []);
        });
        it("reports assigned credentials and private keys by line", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("#!/bin/sh\nexport API_TOKEN=abc123def\necho ok\n-----BEGIN RSA PRIVATE KEY-----\n"))).map((r) => r.text), [
                "web-1: userData line 2: API_TOKEN is assigned a literal value; line 4: contains a PEM private key; fetch credentials at boot from a secret store instead of writing them into user data.",
            ]);
        });
        it("follows allowedNames", async () => {
            await analyzer().configure({ "secrets-droplet-user-data": { allowedNames: ["API_TOKEN"] } });
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("export API_TOKEN=abc123def\n"))), []);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet(UNKNOWN))), []);
        });
    });

    describe("secrets-secret-string-not-exposed", () => {
        const version = (secretString: unknown, additionalSecretOutputs = ["secretBinary", "secretString", "secretStringWo"]) =>
            res("aws:secretsmanager/secretVersion:SecretVersion", "db-url", { secretId: SM, secretString }, { options: { additionalSecretOutputs } });
        const value = "postgres://app:pw-1234567@db.internal/app";
        it("passes a secret output whose value is nowhere else", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([version(secret(value)), task([{ name: "app", secrets: [{ name: "DATABASE_URL", valueFrom: SM }] }])])), []);
        });
        it("cannot see secretness: a plain and a secret value are treated alike", async () => {
            // @pulumi/policy unwraps secrets before rules run; this rule relies on additionalSecretOutputs instead.
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([version(value)])), []);
        });
        it("reports a missing secret-output mark and a copied value", async () => {
            const leak = task([{ name: "app", environment: [{ name: "DATABASE", value }] }]);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([version(secret(value), []), leak])).filter((r) => r.policy === "secrets-secret-string-not-exposed"), [
                {
                    policy: "secrets-secret-string-not-exposed", level: "advisory", urn: urnOf("aws:secretsmanager/secretVersion:SecretVersion", "db-url"),
                    text: 'db-url: secretString is not declared a secret output, so state may hold it in plain text; register it through @pulumi/aws (which marks it) or add additionalSecretOutputs: ["secretString"].',
                },
                {
                    policy: "secrets-secret-string-not-exposed", level: "advisory", urn: leak.urn,
                    text: `db-url: its secret value also appears in web-task (${TASK}) at containerDefinitions; pass the secret's ARN there (ECS secrets valueFrom) instead of the value.`,
                },
            ]);
        });
        it("follows minLength", async () => {
            const stack = [version(secret("short-1")), res("aws:ssm/parameter:Parameter", "p", { value: "short-1" })];
            assert.deepStrictEqual(reported(await analyzer().analyzeStack(stack)), []);
            await analyzer().configure({ "secrets-secret-string-not-exposed": { minLength: 4 } });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack(stack)).map((r) => r.text), [
                "db-url: its secret value also appears in p (aws:ssm/parameter:Parameter) at value; pass the secret's ARN there (ECS secrets valueFrom) instead of the value.",
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([version(UNKNOWN), task(UNKNOWN)])), []);
        });
    });

    describe("secrets-execution-role-scope", () => {
        const role = res(ROLE, "web-exec", { name: "web-exec-1a2b", arn: "arn:aws:iam::111122223333:role/web-exec-1a2b" });
        const policy = (resources: unknown) => res("aws:iam/rolePolicy:RolePolicy", "web-exec-secrets", {
            role: "web-exec-1a2b",
            policy: resources === UNKNOWN ? UNKNOWN : JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "ssm:GetParameters"], Resource: resources }] }),
        });
        const webTask = task([{ name: "app", secrets: [{ name: "DATABASE_URL", valueFrom: `${SM}:url::` }, { name: "JWT", valueFrom: SSM }] }], { executionRoleArn: role.properties.arn });
        it("passes a policy limited to the referenced secrets", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, webTask, policy([SM, SSM])])), []);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, webTask, policy(["arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/db-??????", SSM])])), []);
        });
        it("reports wildcards and secrets the task does not reference", async () => {
            const other = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/billing/key-XyZ123";
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, webTask, policy([SM, SSM, other, "arn:aws:secretsmanager:us-east-1:111122223333:secret:*"])])), [{
                policy: "secrets-execution-role-scope", level: "advisory", urn: role.urn,
                text: `web-exec: web-exec-secrets lets the execution role read ${other}, arn:aws:secretsmanager:us-east-1:111122223333:secret:*, beyond what web-task reference; limit Resource to ${SM}, ${SSM}.`,
            }]);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, webTask, policy("*")])).map((r) => r.text), [
                `web-exec: web-exec-secrets lets the execution role read *, beyond what web-task reference; limit Resource to ${SM}, ${SSM}.`,
            ]);
        });
        it("links role, task and policy by dependencies at preview and skips unknown documents", async () => {
            const previewTask = task([{ name: "app", secrets: [{ name: "JWT", valueFrom: SSM }] }], { executionRoleArn: UNKNOWN }, { executionRoleArn: [role.urn] });
            const previewPolicy = res("aws:iam/rolePolicy:RolePolicy", "p", { role: UNKNOWN, policy: JSON.stringify({ Statement: { Effect: "Allow", Action: "ssm:*", Resource: "*" } }) }, { propertyDependencies: { role: [role.urn] } });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, previewTask, previewPolicy])).map((r) => r.text), [
                `web-exec: p lets the execution role read *, beyond what web-task reference; limit Resource to ${SSM}.`,
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, previewTask, policy(UNKNOWN)])), []);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([role, task(UNKNOWN, { executionRoleArn: role.properties.arn }), policy("*")])), []);
        });
    });
});
