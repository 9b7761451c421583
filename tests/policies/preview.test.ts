// A new stack at `pulumi preview`: what the secrets and platform rules can
// judge depends on what the program makes known. Today the program builds
// containerDefinitions and the execution role policy from ARNs the providers
// compute (ECR repository URL, log group ARN, Secrets Manager ARNs), so both
// are wholly unknown and the rules see nothing. With secrets stored as SSM
// SecureString parameters under deterministic names and the other ARNs built
// from account, region and name, both are known at preview, and the rules
// judge them while role and task ARNs stay unknown (linked by dependencies).
import * as assert from "assert";
import { reported, res, secret, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";

const ACCOUNT = "444455556666";
const PARAM_ARN = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/migration-prod/web/DATABASE_URL`;
const SM_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/web/session-signing-key-QrStUv`;
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

/** The web service of the prod stack as a preview of a new stack registers it. */
function previewStack(containerDefinitions: unknown, executionPolicy: unknown) {
    const execution = res("aws:iam/role:Role", "migration-prod-web-execution", { assumeRolePolicy: trust, arn: UNKNOWN, name: UNKNOWN });
    const taskRole = res("aws:iam/role:Role", "migration-prod-web-task", { assumeRolePolicy: trust, arn: UNKNOWN, name: UNKNOWN });
    const parameter = res("aws:ssm/parameter:Parameter", "migration-prod-web-secret-database-url", {
        name: "/migration-prod/web/DATABASE_URL", type: "SecureString", value: secret("postgres://web:Sup3r-Secret-Pa55@db.internal:5432/web"), arn: UNKNOWN,
    }, { options: { additionalSecretOutputs: ["value", "valueWo"] } });
    const policy = res("aws:iam/rolePolicy:RolePolicy", "migration-prod-web-execution", { role: UNKNOWN, policy: executionPolicy }, { propertyDependencies: { role: [execution.urn] } });
    const taskPolicy = res("aws:iam/rolePolicy:RolePolicy", "migration-prod-web-task", {
        role: UNKNOWN,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "EcsExecChannels", Effect: "Allow", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*" }] }),
    }, { propertyDependencies: { role: [taskRole.urn] } });
    const task = res("aws:ecs/taskDefinition:TaskDefinition", "migration-prod-web-stable", {
        family: "migration-prod-web", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "1024", memory: "2048",
        executionRoleArn: UNKNOWN, taskRoleArn: UNKNOWN, containerDefinitions, arn: UNKNOWN,
    }, { propertyDependencies: { executionRoleArn: [execution.urn], taskRoleArn: [taskRole.urn] } });
    return [execution, taskRole, parameter, policy, taskPolicy, task];
}

const containers = (environment: Record<string, string>) => JSON.stringify([{
    name: "web", image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/migration-prod/web:1.8.0`, essential: true,
    environment: Object.entries(environment).map(([name, value]) => ({ name, value })),
    secrets: [{ name: "DATABASE_URL", valueFrom: PARAM_ARN }, { name: "SESSION_SIGNING_KEY", valueFrom: SM_ARN }],
    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/migration-prod/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "stable" } },
}]);

const executionPolicy = (parameterResources: readonly string[]) => JSON.stringify({ Version: "2012-10-17", Statement: [
    { Sid: "EcrAuthorization", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
    { Sid: "PullServiceImages", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/migration-prod/web`] },
    { Sid: "WriteServiceLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/migration-prod/web:*` },
    { Sid: "ReadServiceSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [SM_ARN] },
    { Sid: "ReadServiceParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: parameterResources },
] });

describe("policies: a new stack at preview", function () {
    const analyzer = sharedAnalyzer();

    async function findings(stack: ReturnType<typeof previewStack>) {
        const byResource = [];
        for (const r of stack) {
            byResource.push(...reported(await analyzer().analyze(r)));
        }
        return [...byResource, ...reported(await analyzer().analyzeStack(stack))].map((r) => `${r.policy}|${r.urn ?? ""}|${r.text}`);
    }

    it("passes the program's resources when container definitions and policies are built from deterministic ARNs", async () => {
        assert.deepStrictEqual(await findings(previewStack(containers({ LOG_LEVEL: "info", PASSWORD_MIN_LENGTH: "12" }), executionPolicy([PARAM_ARN]))), []);
    });

    it("reports a planted plain-text secret, a copied secret value and an execution role that reads too much, with role ARNs still unknown", async () => {
        const stack = previewStack(
            containers({ LOG_LEVEL: "info", DB_PASSWORD: "hunter2-planted", BACKUP_URL: "postgres://web:Sup3r-Secret-Pa55@db.internal:5432/web" }),
            executionPolicy([`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/migration-prod/*`]),
        );
        const task = urnOf("aws:ecs/taskDefinition:TaskDefinition", "migration-prod-web-stable");
        assert.deepStrictEqual(await findings(stack), [
            "secrets-no-plaintext-env||migration-prod-web-stable: container web environment DB_PASSWORD holds a literal value under a credential name; move it to the container's secrets (valueFrom a Secrets Manager secret or SSM SecureString parameter).",
            "secrets-no-plaintext-env||migration-prod-web-stable: container web environment BACKUP_URL holds a URL with a user and password; move it to the container's secrets (valueFrom a Secrets Manager secret or SSM SecureString parameter).",
            `secrets-secret-string-not-exposed|${task}|migration-prod-web-secret-database-url: its secret value also appears in migration-prod-web-stable (aws:ecs/taskDefinition:TaskDefinition) at containerDefinitions; pass the secret's ARN there (ECS secrets valueFrom) instead of the value.`,
            `secrets-execution-role-scope|${urnOf("aws:iam/role:Role", "migration-prod-web-execution")}|migration-prod-web-execution: migration-prod-web-execution lets the execution role read arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/migration-prod/*, beyond what migration-prod-web-stable reference; limit Resource to ${PARAM_ARN}, ${SM_ARN}.`,
        ]);
    });

    it("sees nothing while the program leaves container definitions and the execution policy unknown (today's program)", async () => {
        assert.deepStrictEqual(await findings(previewStack(UNKNOWN, UNKNOWN)), []);
    });
});
