// Table tests of the pack's pure helpers for secrets: credential detection,
// valueFrom forms, secret encodings. The rules that use them are tested
// through the analyzer protocol in the other files.
import * as assert from "assert";
import { DEFAULT_NAME_RULES, argumentFindings, credentialNameStrength, findCredential, nameWords, scriptCredentialFindings } from "../../policies/lib/credentials";
import { VALUE_DETECTORS, detect, shannonEntropy } from "../../policies/lib/detectors";
import { holdsSecret, stringsIn } from "../../policies/lib/encodings";
import { parseValueFrom, resourceCovers } from "../../policies/lib/secret-refs";
import { FAKE, randomText } from "./fixtures";

const kind = (name: string | undefined, value: string) => findCredential(name, value, DEFAULT_NAME_RULES)?.kind;

describe("policies lib: credentials", () => {
    it("passes the harmless settings of issue 14, whose names mention credentials", () => {
        for (const [name, value] of [
            ["PASSWORD_MIN_LENGTH", "12"],
            ["TOKEN_TTL_SECONDS", "300"],
            ["OAUTH_TOKEN_URL", "https://auth.example.com/oauth2/token"],
            ["SESSION_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/session-AbCdEf"],
            ["SECRETS_PREFIX", "/prod/"],
        ]) {
            assert.strictEqual(kind(name, value), undefined, `${name}=${value}`);
        }
    });

    it("passes ordinary settings and names that only contain a credential word", () => {
        for (const [name, value] of [
            ["LOG_LEVEL", "info"], ["NODE_ENV", "production"], ["PUBLIC_URL", "https://www.example.com/"], ["MAX_TOKENS", "4096"],
            ["TOKENIZER", "cl100k_base"], ["BYPASS_CACHE", "yes"], ["KEYCLOAK_REALM", "main"], ["CACHE_KEY", "users"],
            ["JWT_KEY_ID", "2024-06-signing"], ["REGISTRY", "https://registry.npmjs.org:443/@scope/pkg"],
            ["DB_PASSWORD", "$(fetch-secret db)"], ["DB_PASSWORD", "${DB_PW}"], ["DB_PASSWORD", ""], ["API_KEY", "<api key>"],
            ["DATABASE_URL", "postgres://app:${DB_PASSWORD}@db.internal:5432/app"], ["AWS_KEY_ID", ["AK", "IAIOSFODNN7EXAMPLE"].join("")],
        ]) {
            assert.strictEqual(kind(name, value), undefined, `${name}=${value}`);
        }
    });

    it("reports values by what they are, whatever the name", () => {
        assert.deepStrictEqual([
            kind("UPSTREAM", "postgres://app:s3cr3t@db.internal:5432/app"),
            kind("CACHE", "redis://:q/8+Zx%40@redis.internal:6379/0"),
            kind("MONGO", "mongodb+srv://svc:pa/ss+w0rd@cluster0.example.net/app"),
            kind(undefined, "npm i https://registry.npmjs.org:443/@scope/pkg && psql postgres://app:pw-1@db/app"),
            kind("KEY_ID", FAKE.awsAccessKeyId),
            kind("X", FAKE.githubPat),
            kind("BILLING", FAKE.stripeLive),
            kind("NPMRC", `//registry.npmjs.org/:_authToken=${FAKE.npmToken}`),
            kind("HOOK", FAKE.slackWebhook),
            kind("SESSION", FAKE.jwt),
            kind("TLS", FAKE.privateKey),
            kind("APP_CONFIG", '{"db":{"host":"db.internal","password":"hunter2!","port":5432}}'),
            kind("CLIENTS", '[{"name":"billing","apiKey":"' + FAKE.randomKey + '"}]'),
        ], [
            "a URL with a user and password",
            "a URL with a password",
            "a URL with a user and password",
            "a URL with a user and password",
            "an AWS access key id (gitleaks aws-access-token)",
            "a GitHub token (gitleaks github-pat)",
            "a Stripe secret key (gitleaks stripe-access-token)",
            "an npm token (gitleaks npm-access-token)",
            "a Slack webhook URL (gitleaks slack-webhook-url)",
            "a JSON Web Token (gitleaks jwt)",
            "a private key (gitleaks private-key)",
            "JSON whose field db.password holds a literal value under a credential name",
            "JSON whose field [0].apiKey holds a literal value under a credential name",
        ]);
    });

    it("judges names: strong names take any literal, weak names only random-looking values, describing names none", () => {
        assert.deepStrictEqual(["DB_PASSWORD", "PGPASSWORD", "dbPassword", "x-api-key", "API_TOKEN", "DATABASE_DSN", "SECRET_KEY_BASE", "CACHE_KEY", "AUTH", "SORT_KEY", "PASSWORD_FILE", "TOKEN_ISSUER", "SECRET_NAME", "LOG_LEVEL"]
            .map((n) => `${n}:${credentialNameStrength(n, DEFAULT_NAME_RULES) ?? "-"}`), [
            "DB_PASSWORD:strong", "PGPASSWORD:strong", "dbPassword:strong", "x-api-key:strong", "API_TOKEN:strong", "DATABASE_DSN:strong",
            "SECRET_KEY_BASE:strong", "CACHE_KEY:weak", "AUTH:weak", "SORT_KEY:weak", "PASSWORD_FILE:-", "TOKEN_ISSUER:-", "SECRET_NAME:-", "LOG_LEVEL:-",
        ]);
        assert.deepStrictEqual(nameWords("dbPassword.v2-NEW"), ["DB", "PASSWORD", "V2", "NEW"]);
        assert.strictEqual(kind("DB_PASSWORD", "hunter2"), "a literal value under a credential name");
        assert.strictEqual(kind("DB_PASSWORD", "123456"), undefined, "digits never reach generic-api-key's entropy: read as a setting");
        assert.strictEqual(kind("CACHE_KEY", FAKE.randomKey), "a random-looking value under a key-like name (gitleaks generic-api-key)");
        assert.strictEqual(kind("SESSION_SECRET_ID", FAKE.randomKey), undefined, "a describing name is left to the value detectors");
        assert.strictEqual(kind("SESSION_SECRET_ID", FAKE.githubPat), "a GitHub token (gitleaks github-pat)");
    });

    it("follows each knob of the name rules", () => {
        const rules = { ...DEFAULT_NAME_RULES, namePatterns: ["SALT"], weakNamePatterns: [], qualifierWords: ["LENGTH"], allowedNames: ["SIGNING_SALT"] };
        assert.strictEqual(findCredential("HASH_SALT", "pepper", rules)?.kind, "a literal value under a credential name");
        assert.strictEqual(findCredential("SIGNING_SALT", "pepper", rules), undefined);
        assert.strictEqual(findCredential("SALT_LENGTH", "pepper", rules), undefined);
        assert.strictEqual(findCredential("DB_PASSWORD", "hunter2", rules), undefined, "PASSWORD is no longer a pattern");
        assert.strictEqual(findCredential("CACHE_KEY", FAKE.randomKey, rules), undefined, "no weak patterns");
    });

    it("finds assignments, flags and values in scripts and argument vectors", () => {
        assert.deepStrictEqual(scriptCredentialFindings([
            "#cloud-config",
            "runcmd:",
            "  - export DB_PASSWORD=$(fetch-secret db)",
            "  - export API_TOKEN=abc123def",
            "  - curl -fsS -u deploy:hunter2 https://artifacts.example.com/app.tgz -o /tmp/app.tgz",
            "  - psql 'postgres://app:pa/ss@db.internal/app' -c 'select 1'",
            "write_files:",
            "  - path: /etc/app.env",
            "    content: |",
            "      PASSWORD_MIN_LENGTH=12",
            "      SMTP_PASSWORD=\"correct horse\"",
            "plain_text_passwd: hunter2",
        ].join("\n"), DEFAULT_NAME_RULES), [
            "line 4: API_TOKEN is set to a literal value under a credential name",
            "line 5: -u (user:password) is set to a literal value under a credential name",
            "line 6: contains a URL with a user and password",
            "line 11: SMTP_PASSWORD is set to a literal value under a credential name",
            "line 12: plain_text_passwd is set to a literal value under a credential name",
        ]);
        assert.deepStrictEqual(argumentFindings(["sh", "-c", "export DB_PASSWORD=hunter2 && exec node app.js"], DEFAULT_NAME_RULES),
            [{ index: 2, what: "DB_PASSWORD is set to a literal value under a credential name" }]);
        assert.deepStrictEqual(argumentFindings(["node", "app.js", "--db-password", "hunter2", "--port", "8080", `--token=${FAKE.githubPat}`], DEFAULT_NAME_RULES), [
            { index: 3, what: "--db-password is given a literal value under a credential name" },
            { index: 6, what: "token is set to a GitHub token (gitleaks github-pat)" },
        ]);
        assert.deepStrictEqual(argumentFindings(["CMD-SHELL", "curl -fsS --max-time 4 'http://localhost:8080/healthz' > /dev/null || exit 1"], DEFAULT_NAME_RULES), []);
    });

    it("applies gitleaks' entropy minimum and allowlist", () => {
        const aws = VALUE_DETECTORS.find((d) => d.id === "gitleaks:aws-access-token")!;
        assert.strictEqual(aws.minEntropy, 3);
        assert.strictEqual(detect(["AK", "IAAAAAAAAAAAAAAAAA"].join("")), undefined, "entropy 0 is no key");
        assert.strictEqual(detect(["AK", "IAIOSFODNN7EXAMPLE"].join("")), undefined, "AWS's documentation key is allowlisted by gitleaks");
        assert.strictEqual(detect(FAKE.awsAccessKeyId)?.id, "gitleaks:aws-access-token");
        assert.strictEqual(shannonEntropy("aaaa"), 0);
        assert.strictEqual(shannonEntropy("abcd"), 2);
        assert.ok(shannonEntropy(randomText(32, 99)) > 4);
    });
});

describe("policies lib: valueFrom forms ECS accepts", () => {
    const SM = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/db-AbCdEf";
    it("accepts Secrets Manager ARNs with JSON key and version suffixes, SSM ARNs and names", () => {
        assert.deepStrictEqual([
            SM, `${SM}:password::`, `${SM}::AWSPREVIOUS:`, `${SM}:username::0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
            "arn:aws:ssm:us-east-1:111122223333:parameter/prod/api/jwt", "arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/jwt",
            "/prod/api/jwt", "jwt-signing-key",
        ].map(parseValueFrom), [
            { store: "secretsmanager", resource: SM }, { store: "secretsmanager", resource: SM }, { store: "secretsmanager", resource: SM }, { store: "secretsmanager", resource: SM },
            { store: "ssm", resource: "arn:aws:ssm:us-east-1:111122223333:parameter/prod/api/jwt" }, { store: "ssm", resource: "arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/jwt" },
            { store: "ssm", resource: "parameter/prod/api/jwt" }, { store: "ssm", resource: "parameter/jwt-signing-key" },
        ]);
    });
    it("refuses what ECS refuses", () => {
        assert.deepStrictEqual([
            `${SM}::AWSCURRENT:0f1e2d3c`, "arn:aws:s3:::bucket/key", "arn:aws:ssm:us-east-1:111122223333:parameter//prod/x", `${SM}:password`,
            "prod/api/jwt", "has spaces", "arn:aws:secretsmanager:us-east-1:1111:secret:x",
        ].map((v) => { const p = parseValueFrom(v); return "problem" in p ? p.problem : "accepted"; }), [
            "names both a version stage and a version id; ECS takes at most one",
            "is neither a Secrets Manager secret ARN nor an SSM parameter ARN",
            "is neither a Secrets Manager secret ARN nor an SSM parameter ARN",
            "is neither a Secrets Manager secret ARN nor an SSM parameter ARN",
            "is a parameter path without its leading \"/\"",
            "is not an ARN and not a valid SSM parameter name",
            "is neither a Secrets Manager secret ARN nor an SSM parameter ARN",
        ]);
    });
    it("matches IAM resources to references, including a bare parameter name and the random-suffix wildcard", () => {
        const name = { store: "ssm" as const, resource: "parameter/prod/api/jwt" };
        assert.strictEqual(resourceCovers("arn:aws:ssm:us-east-1:111122223333:parameter/prod/api/jwt", name), true);
        assert.strictEqual(resourceCovers("arn:aws:ssm:us-east-1:111122223333:parameter/prod/api/*", name), false);
        const sm = { store: "secretsmanager" as const, resource: SM };
        assert.strictEqual(resourceCovers("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/db-??????", sm), true);
        assert.strictEqual(resourceCovers("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*", sm), false);
    });
});

describe("policies lib: secret encodings", () => {
    const secret = 'pa"ss\\w/rd+1%';
    it("finds a value JSON-escaped, percent-encoded or base64-encoded, with the path into JSON text", () => {
        const definitions = JSON.stringify([{ name: "app", environment: [{ name: "X", value: secret }] }]);
        assert.ok(!definitions.includes(secret), "JSON text holds it escaped");
        const hit = stringsIn({ containerDefinitions: definitions }).find((s) => holdsSecret(s.text, secret));
        assert.deepStrictEqual(hit?.path, "containerDefinitions");
        assert.deepStrictEqual(stringsIn({ containerDefinitions: definitions }).filter((s) => s.text === secret).map((s) => s.path), ["containerDefinitions[0].environment[0].value"]);
        assert.ok(holdsSecret(`postgres://app:${encodeURIComponent(secret)}@db/app`, secret));
        assert.ok(holdsSecret(Buffer.from(`#!/bin/sh\nexport X='${secret}'\n`).toString("base64"), secret));
        assert.ok(!holdsSecret("postgres://app:other@db/app", secret));
    });
});
