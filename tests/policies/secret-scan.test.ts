// Table tests of where the secret scanner looks (lib/secret-scan.ts): every
// string, nested and decoded, with the name it sits under; what counts as a
// public format; secretlint's findings beside the pack's own detectors.
import * as assert from "assert";
import * as zlib from "zlib";
import { DEFAULT_NAME_RULES, publicFormat } from "../../policies/lib/credentials";
import { scanTexts, secretSink, secretlintKinds, textsOf } from "../../policies/lib/secret-scan";
import { FAKE, randomText } from "./fixtures";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("policies lib: secret scanning", () => {
    it("reads every string with its path and name, through JSON, base64, gzip and URL-encoding", () => {
        const texts = textsOf({
            tags: { team: "platform" },
            environment: [{ name: "APP_CONFIG", value: b64(JSON.stringify({ db: { password: "pw" } })) }],
            userData: zlib.gzipSync(Buffer.from("export A=1\n")).toString("base64"),
            spec: JSON.stringify({ inner: JSON.stringify({ token: "t" }) }),
            url: encodeURIComponent("redis://:p@h"),
        });
        assert.deepStrictEqual(texts.map((t) => `${t.path}|${t.name ?? "-"}|${t.root}|${t.text.length > 30 ? "..." : t.text}`), [
            "tags.team|team|tags|platform",
            "environment[0].name|name|environment|APP_CONFIG",
            "environment[0].value|APP_CONFIG|environment|...",
            'environment[0].value (base64)|APP_CONFIG|environment|{"db":{"password":"pw"}}',
            "environment[0].value (base64) (JSON).db.password|password|environment|pw",
            "userData|-|userData|...",
            "userData (base64)|-|userData|export A=1\n",
            'spec|-|spec|{"inner":"{\\"token\\":\\"t\\"}"}',
            "spec (JSON).inner|inner|spec|{\"token\":\"t\"}",
            "spec (JSON).inner (JSON).token|token|spec|t",
            "url|-|url|redis%3A%2F%2F%3Ap%40h",
            "url (URL-decoded)|-|url|redis://:p@h",
        ]);
    });

    it("leaves known public formats alone", () => {
        assert.deepStrictEqual([
            ["pk", "_live_", randomText(24, 1)].join(""), `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${randomText(43, 2)} ci@example`,
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", `sha256:${randomText(64, 3, "0123456789abcdef")}`,
            randomText(40, 4, "0123456789abcdef"), "SECURE_STRING", "SecureString", "-----BEGIN CERTIFICATE-----\nMIIB",
            "hunter2", "8f14e45f-ceea-467a-9b2e-1c3d5e7f9a0b", FAKE.stripeLive,
        ].map((v) => publicFormat(v) ?? "-"), [
            "a publishable key", "a public key or certificate", "an ARN", "a digest or commit id", "a digest or commit id", "an enum value", "an enum value",
            "a public key or certificate", "-", "-", "-",
        ]);
    });

    it("knows the fields where a secret belongs", () => {
        assert.deepStrictEqual(["password", "masterPassword", "advancedSecurityOptions.masterUserOptions.masterUserPassword", "authToken", "secretString", "description", "tags.owner", "dbPassword"]
            .map((p) => secretSink(p, DEFAULT_NAME_RULES)), [true, true, true, true, true, false, false, true]);
    });

    it("adds secretlint's findings (one lint per resource) to the pack's own detectors", async () => {
        const shopify = ["shp", "at_", randomText(32, 5, "0123456789abcdef")].join("");
        assert.deepStrictEqual(await secretlintKinds(["nothing here", `token ${shopify}`, "mysql://root:pa55w0rd@db:3306/app"]), [
            undefined, "a Shopify token (secretlint shopify)", "a database connection string with a password (secretlint database-connection-string)",
        ]);
        const findings = await scanTexts(textsOf({ tags: { deploy: shopify, git_sha: randomText(40, 6, "0123456789abcdef") }, description: FAKE.githubPat }), DEFAULT_NAME_RULES);
        assert.deepStrictEqual(findings.map((f) => `${f.path} ${f.what}`), [
            "tags.deploy holds a Shopify token (secretlint shopify)",
            "description holds a GitHub token (gitleaks github-pat)",
        ]);
    });
});
