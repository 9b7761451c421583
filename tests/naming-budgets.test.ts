// Every physical name the program sets fits its budget for any project and
// stack name Pulumi allows (1-100 of [A-Za-z0-9_.-]) and any service name the
// config allows: table tests of the budgets, and property tests over the
// whole allowed space against the provider rules' own patterns.
import * as assert from "assert";
import * as fc from "fast-check";
import {
    alarmName, clusterName, ecrRepositoryName, fitName, iamRoleName, iamRolePolicyName, loadBalancerName, logGroupName, NAME_BUDGETS,
    stackPrefix, targetGroupName, taskFamily,
} from "../components/aws/naming";
import { createdDropletName, resourceName, selectionTagName } from "../components/legacy/naming";
import { serviceName as serviceNameSchema } from "../components/config/schema";

const P30 = "checkout-platform-migration-01";
const S20 = "staging-eu-central-1";
const SVC16 = "storefront-webui";

describe("name budgets", () => {
    it("keeps a name that fits, and shortens one that does not to its start and a hash of the whole", () => {
        const cases: [string, number, string | undefined, string][] = [
            ["abc", 5, undefined, "abc"],
            ["abcdefghij", 8, undefined, "a-723993"],
            ["abcdefghij", 10, undefined, "abcdefghij"],
            // Sanitizing changed the source: a hash keeps "a--b" and "a-b" apart.
            ["a-b", 32, "a--b", "a-b-90827a"],
            ["ab-", 7, "ab--", "a31560"],
        ];
        for (const [name, max, source, expected] of cases) {
            assert.strictEqual(fitName(name, max, source), expected, `${name} in ${max}`);
        }
    });

    it("names the ALB within 32 characters, never starting with internal-", () => {
        assert.strictEqual(loadBalancerName(stackPrefix("migration", "dev")), "migration-dev-alb");
        assert.strictEqual(loadBalancerName(stackPrefix("migration", "prod")), "migration-prod-alb");
        assert.strictEqual(loadBalancerName(stackPrefix(P30, S20)), "checkout-platform-migrati-bf78fb");
        assert.strictEqual(loadBalancerName(stackPrefix("Internal", "dev")), "alb-internal-dev");
    });

    it("names the cluster, roles and their policies from project, stack and service", () => {
        assert.strictEqual(clusterName(stackPrefix("migration", "prod")), "migration-prod");
        assert.strictEqual(clusterName(stackPrefix("migration", "eu.prod")), "migration-eu-prod", "ECS refuses the . Pulumi allows");
        assert.strictEqual(iamRoleName("migration-prod", "web", "execution"), "migration-prod-web-execution");
        assert.strictEqual(iamRoleName(stackPrefix(P30, S20), SVC16, "execution"), "checkout-platform-migration-01-staging-eu-central-1-store-502d87");
        assert.strictEqual(iamRolePolicyName("migration-prod", "web", "task"), "migration-prod-web-task");
        assert.strictEqual(iamRolePolicyName(stackPrefix(P30, S20), SVC16, "execution"), "checkout-platform-migration-01-staging-eu-central-1-storefront-webui-execution");
    });

    it("keeps services whose names sanitize alike apart where the provider wants single separators", () => {
        assert.strictEqual(ecrRepositoryName("migration-dev", "a-b"), "migration-dev/a-b");
        assert.strictEqual(ecrRepositoryName("migration-dev", "a--b"), "migration-dev/a-b-90827a");
        assert.notStrictEqual(targetGroupName("migration-dev", "a--b", "stable", 80), targetGroupName("migration-dev", "a-b", "stable", 80));
    });

    it("gives a project and stack with no letter or digit a prefix of their own", () => {
        assert.strictEqual(stackPrefix("_", "."), "stack-789b02");
        assert.notStrictEqual(stackPrefix("_", "."), stackPrefix(".", "_"));
    });
});

// What Pulumi allows (pulumi/pulumi sdk/go/common/workspace/templates.go
// ValidateProjectName, pkg/backend/httpstate/backend.go validateStackName)
// and what the config allows (components/config/schema.ts serviceName).
const projectOrStack = fc.stringMatching(/^[A-Za-z0-9_.-]{1,100}$/);
const service = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
const revision = fc.constantFrom("stable" as const, "canary" as const);
const port = fc.integer({ min: 1, max: 65535 });

describe("name budgets hold for every allowed project, stack and service name", () => {
    it("the generators stay inside the config's own service name rule", () => {
        fc.assert(fc.property(service, (s) => serviceNameSchema.safeParse(s).success), { numRuns: 200 });
    });

    it("AWS names fit their limits and the providers' patterns", () => {
        fc.assert(fc.property(projectOrStack, projectOrStack, service, revision, port, (project, stack, svc, rev, p) => {
            const prefix = stackPrefix(project, stack);
            const elb = (n: string) => n.length <= 32 && /^[A-Za-z0-9-]+$/.test(n) && !/^-|-$/.test(n);
            const alb = loadBalancerName(prefix);
            const checks: [string, boolean][] = [
                [alb, elb(alb) && !alb.startsWith("internal-")],
                [targetGroupName(prefix, svc, rev, p), elb(targetGroupName(prefix, svc, rev, p))],
                [clusterName(prefix), /^[A-Za-z0-9_-]{1,255}$/.test(clusterName(prefix))],
                [taskFamily(prefix, svc, rev), /^[A-Za-z0-9_-]{1,255}$/.test(taskFamily(prefix, svc, rev))],
                [ecrRepositoryName(prefix, svc), ecrRepositoryName(prefix, svc).length <= 256 && /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(ecrRepositoryName(prefix, svc))],
                [logGroupName(prefix, svc), /^[.\-_/#A-Za-z0-9]{1,512}$/.test(logGroupName(prefix, svc))],
                [alarmName(prefix, svc, rev, "target-5xx-rate"), alarmName(prefix, svc, rev, "target-5xx-rate").length <= NAME_BUDGETS.alarm],
                [iamRoleName(prefix, svc, "execution"), /^[\w+=,.@-]{1,64}$/.test(iamRoleName(prefix, svc, "execution"))],
                [iamRolePolicyName(prefix, svc, "execution"), /^[\w+=,.@-]{1,128}$/.test(iamRolePolicyName(prefix, svc, "execution"))],
            ];
            const bad = checks.filter(([, ok]) => !ok);
            assert.deepStrictEqual(bad, [], `project ${JSON.stringify(project)}, stack ${JSON.stringify(stack)}, service ${svc}`);
        }), { numRuns: 300 });
    });

    it("DigitalOcean names fit: 63-character hostnames, 255-character tags", () => {
        fc.assert(fc.property(projectOrStack, projectOrStack, service, fc.integer({ min: 0, max: 19 }), (project, stack, svc, i) => {
            const hostname = (n: string) => n.length <= 63 && /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(n);
            return hostname(resourceName(project, stack)) && hostname(resourceName(project, stack, svc)) && hostname(createdDropletName(stack, svc, i))
                && /^[a-zA-Z0-9_\-:]{1,255}$/.test(selectionTagName(project, stack, svc))
                && /^[a-zA-Z0-9][a-zA-Z0-9.-]+$/.test(resourceName(project, stack, svc));
        }), { numRuns: 300 });
    });

    it("no two services of a stack share a target group, repository, role or alarm name", () => {
        fc.assert(fc.property(projectOrStack, projectOrStack, service, service, (project, stack, a, b) => {
            fc.pre(a !== b);
            const prefix = stackPrefix(project, stack);
            return targetGroupName(prefix, a, "stable", 80) !== targetGroupName(prefix, b, "stable", 80)
                && ecrRepositoryName(prefix, a) !== ecrRepositoryName(prefix, b)
                && iamRoleName(prefix, a, "task") !== iamRoleName(prefix, b, "task")
                && alarmName(prefix, a, "stable", "cpu-high") !== alarmName(prefix, b, "stable", "cpu-high");
        }), { numRuns: 300 });
    });
});
