// Issue 14, end to end: in a preview of a new prod stack the container
// definitions are known (their ARNs are made of the account and names), so the
// secrets rules see a plain-text credential planted in config, and report it
// without ever repeating it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { buildPlan } from "../tools/plan/plan";

const ROOT = path.resolve(__dirname, "..");
const PLANTED = "sk_live_51HqLyjWDarjtT1zdp7dcXSr8MTi9EJ0LWmqa0V4";

describe("offline plan --preview of prod: secrets rules see the containers", function () {
    this.timeout(180_000);

    it("reports a Stripe key planted in web's environment, mandatory, without its value", async () => {
        const services = parse(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")).config["migration:services"];
        services[0].fargate.environment.PAYMENTS_API_KEY = PLANTED;
        const plan = await buildPlan({ stack: "prod", preview: true, overrides: { config: { "migration:services": JSON.stringify(services) } } });
        assert.strictEqual(plan.preview, true);
        const taskDefinition = plan.resources.find((r) => r.name === "migration-prod-web-stable" && r.type === "aws:ecs/taskDefinition:TaskDefinition")!;
        assert.notStrictEqual(taskDefinition.inputs.containerDefinitions, "[unknown]", "known at preview");
        assert.deepStrictEqual(plan.violations.map((v) => [v.level, v.policy, v.urn.split("::").pop()]), [
            ["mandatory", "secrets-no-plaintext-env", "migration-prod-web-stable"],
        ]);
        assert.ok(plan.violations[0].message.endsWith("migration-prod-web-stable: container web environment PAYMENTS_API_KEY holds a Stripe secret key (gitleaks stripe-access-token); move it to the container's secrets (valueFrom a Secrets Manager secret or SSM SecureString parameter)."), plan.violations[0].message);
        assert.ok(!JSON.stringify(plan.violations).includes(PLANTED));
    });
});
