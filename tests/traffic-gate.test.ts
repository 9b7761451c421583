// The traffic gate: its judgement as a table over signals, and the CLI over
// AWS SDK v3 clients mocked with aws-sdk-client-mock (no test calls AWS):
// every refusal path names the failing signal and since when and leaves the
// stack file as it was; a good, baked step writes exactly the next share.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { GetHealthCheckStatusCommand, ListHealthChecksCommand, ListTagsForResourcesCommand, Route53Client } from "@aws-sdk/client-route-53";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { judge, type Signals } from "../tools/traffic/gate";
import { runTraffic, type Action } from "../tools/traffic/cli";
import { clientsFor, healthCheckNames, revisionAlarmNames } from "../tools/traffic/signals";

const ROOT = path.resolve(__dirname, "..");
const T0 = new Date("2026-12-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe("traffic gate: the judgement", () => {
    const good: Signals = {
        stepStartedAt: T0,
        alarms: [{ name: "web-stable-cpu-high", state: "OK", since: at(-100) }],
        healthChecks: [{ side: "legacy", id: "hc-1", healthy: true }, { side: "fargate web", id: "hc-2", healthy: true }],
        deployments: [{ service: "web", id: "ecs-svc/1", rolloutState: "COMPLETED", status: "PRIMARY", createdAt: at(-200), updatedAt: at(-150) }],
    };
    const cases: [string, Signals, number, string[] | { cleanSince: Date; bakedMinutes: number }][] = [
        ["every signal good for the whole bake", good, 30, { cleanSince: T0, bakedMinutes: 30 }],
        ["an alarm in ALARM", { ...good, alarms: [{ name: "web-stable-target-5xx-rate", state: "ALARM", since: at(12) }] }, 30,
            ["alarm web-stable-target-5xx-rate since 2026-12-01T10:12:00Z: in ALARM since 2026-12-01T10:12:00Z"]],
        ["an alarm with no data", { ...good, alarms: [{ name: "web-stable-healthy-hosts", state: "INSUFFICIENT_DATA", since: at(1) }] }, 30,
            ["alarm web-stable-healthy-hosts since 2026-12-01T10:01:00Z: has had no data since 2026-12-01T10:01:00Z (INSUFFICIENT_DATA): the gate cannot tell the signal is good"]],
        ["the legacy side's health check failing, since its alarm fired", { ...good, healthChecks: [{ side: "legacy", id: "hc-1", healthy: false, since: at(20) }, good.healthChecks[1]] }, 30,
            ["health check legacy since 2026-12-01T10:20:00Z: Route 53 health check hc-1 of the legacy side is unhealthy since 2026-12-01T10:20:00Z"]],
        ["a deployment in progress (the old revision still ACTIVE)", { ...good, deployments: [...good.deployments, { service: "web", id: "ecs-svc/2", rolloutState: "IN_PROGRESS", status: "ACTIVE", createdAt: at(25), updatedAt: at(26) }] }, 30,
            ["deployment ecs-svc/2 of web since 2026-12-01T10:26:00Z: in progress since 2026-12-01T10:26:00Z (ACTIVE, IN_PROGRESS): wait for ECS to finish or roll it back"]],
        ["the last deployment failed", { ...good, deployments: [{ ...good.deployments[0], rolloutState: "FAILED", updatedAt: at(5) }] }, 30,
            ["deployment ecs-svc/1 of web since 2026-12-01T10:05:00Z: failed at 2026-12-01T10:05:00Z: look at the service's events before moving traffic"]],
        ["the step younger than its bake", good, 45,
            ["bake time since 2026-12-01T10:00:00Z: every signal is good only since 2026-12-01T10:00:00Z (the step started (release marker written)): 30 of 45 minutes baked; next possible at 2026-12-01T10:45:00Z"]],
        ["an alarm back to OK restarts the bake", { ...good, alarms: [{ name: "web-stable-cpu-high", state: "OK", since: at(20) }] }, 15,
            ["bake time since 2026-12-01T10:20:00Z: every signal is good only since 2026-12-01T10:20:00Z (alarm web-stable-cpu-high returned to OK): 10 of 15 minutes baked; next possible at 2026-12-01T10:35:00Z"]],
        ["a deployment that ended during the step restarts the bake", { ...good, deployments: [{ ...good.deployments[0], updatedAt: at(22) }] }, 10,
            ["bake time since 2026-12-01T10:22:00Z: every signal is good only since 2026-12-01T10:22:00Z (deployment ecs-svc/1 of web ended): 8 of 10 minutes baked; next possible at 2026-12-01T10:32:00Z"]],
    ];
    for (const [what, signals, bake, expected] of cases) {
        it(what, () => {
            const verdict = judge(signals, bake, at(30));
            if (Array.isArray(expected)) {
                assert.strictEqual(verdict.ok, false);
                assert.deepStrictEqual(verdict.ok ? [] : verdict.failures.map((f) => `${f.signal} since ${f.since.toISOString().replace(".000", "")}: ${f.detail}`), expected);
            } else {
                assert.deepStrictEqual(verdict, { ok: true, ...expected });
            }
        });
    }
});

describe("traffic gate: npm run traffic over mocked AWS clients", () => {
    const ssm = mockClient(SSMClient);
    const cloudwatch = mockClient(CloudWatchClient);
    const route53 = mockClient(Route53Client);
    const ecs = mockClient(ECSClient);
    const target = { project: "migration", stack: "dev", region: "us-east-1", hostname: "www.dev.example.com", owner: "web", legacy: true, services: [{ name: "web", revisions: ["stable" as const] }] };
    const ALARMS = revisionAlarmNames(target);
    const CHECKS = healthCheckNames(target);
    let dir: string;
    let original: string;

    /** Every signal good, the step 40 minutes old (dev's web bakes 15). */
    function allGood(overrides: { alarm?: Partial<MetricAlarm>; legacyStatus?: string; deployments?: unknown[]; marker?: Date } = {}): void {
        ssm.on(GetParameterCommand, { Name: "/migration-dev/release/web" }).resolves({ Parameter: { Name: "/migration-dev/release/web", Value: "{}", LastModifiedDate: overrides.marker ?? at(-40) } });
        cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames: string[] }) => ({
            MetricAlarms: input.AlarmNames.map((name, i) => ({ AlarmName: name, StateValue: "OK", StateTransitionedTimestamp: at(-300), ...(i === 0 && name === ALARMS[0] ? overrides.alarm : {}) })),
        }));
        route53.on(ListHealthChecksCommand).resolves({ HealthChecks: [{ Id: "hc-legacy", CallerReference: "a", HealthCheckConfig: { Type: "HTTPS" }, HealthCheckVersion: 1 }, { Id: "hc-web", CallerReference: "b", HealthCheckConfig: { Type: "HTTPS" }, HealthCheckVersion: 1 }], IsTruncated: false, Marker: "", MaxItems: 100 });
        route53.on(ListTagsForResourcesCommand).resolves({ ResourceTagSets: [{ ResourceType: "healthcheck", ResourceId: "hc-legacy", Tags: [{ Key: "Name", Value: CHECKS[0].tag }] }, { ResourceType: "healthcheck", ResourceId: "hc-web", Tags: [{ Key: "Name", Value: CHECKS[1].tag }] }] });
        const observations = (status: string) => Array.from({ length: 8 }, (_, i) => ({ Region: "us-east-1" as const, IPAddress: `15.177.0.${i}`, StatusReport: { Status: status, CheckedTime: at(-1 - i) } }));
        route53.on(GetHealthCheckStatusCommand, { HealthCheckId: "hc-legacy" }).resolves({ HealthCheckObservations: observations(overrides.legacyStatus ?? "Success: HTTP Status Code 200, OK") });
        route53.on(GetHealthCheckStatusCommand, { HealthCheckId: "hc-web" }).resolves({ HealthCheckObservations: observations("Success: HTTP Status Code 200, OK") });
        ecs.on(DescribeServicesCommand, { cluster: "migration-dev", services: ["web"] }).resolves({
            services: [{ serviceName: "web", deployments: (overrides.deployments ?? [{ id: "ecs-svc/1", status: "PRIMARY", rolloutState: "COMPLETED", createdAt: at(-200), updatedAt: at(-190) }]) as never }], failures: [],
        });
    }

    const run = (action: Action, service = "web") => runTraffic({ action, stack: "dev", service, root: dir, clients: clientsFor("us-east-1"), now: T0 });
    const share = () => /fargatePercent: (\d+)\n(\s+steps: \[0, 5, 25, 50, 100\]\n\s+bakeTimeMinutes: 15)/.exec(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"))?.[1];

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "traffic-gate-"));
        for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) {
            fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
        }
        original = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
        ssm.reset();
        cloudwatch.reset();
        route53.reset();
        ecs.reset();
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    after(() => { ssm.restore(); cloudwatch.restore(); route53.restore(); ecs.restore(); });

    it("writes the next step (50% to 100%) when every signal is good and the step has baked, and nothing else in the file", async () => {
        allGood();
        const result = await run("next");
        assert.strictEqual(result.exitCode, 0, result.output);
        assert.match(result.output, /^www\.dev\.example\.com \(stack dev\): Fargate 50%, steps 0, 5, 25, 50, 100\n/);
        assert.match(result.output, /Wrote 100% to Pulumi\.dev\.yaml\.\n/);
        const expected = original.replace(/fargatePercent: 50\n/, "fargatePercent: 100\n");
        assert.notStrictEqual(expected, original);
        assert.strictEqual(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"), expected);
        // Read-only calls, each signal read once.
        assert.deepStrictEqual(cloudwatch.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input.AlarmNames), [ALARMS, CHECKS.map((c) => c.alarm)]);
        assert.strictEqual(ecs.commandCalls(DescribeServicesCommand).length, 1);
    });

    const refusals: [string, Parameters<typeof allGood>[0], RegExp][] = [
        ["an alarm in ALARM", { alarm: { StateValue: "ALARM", StateTransitionedTimestamp: at(-7) } }, /FAILING alarm migration-dev-web-stable-target-5xx-rate: in ALARM since 2026-12-01T09:53:00Z\nRefused: alarm migration-dev-web-stable-target-5xx-rate \(since 2026-12-01T09:53:00Z\)\. Nothing written\.\n$/],
        ["the legacy side's health check failing", { legacyStatus: "Failure: Connection timed out" }, /FAILING health check legacy: Route 53 health check hc-legacy of the legacy side is unhealthy since 2026-12-01T09:52:00Z\n/],
        ["an ECS deployment in progress", { deployments: [{ id: "ecs-svc/2", status: "PRIMARY", rolloutState: "IN_PROGRESS", createdAt: at(-3), updatedAt: at(-2) }, { id: "ecs-svc/1", status: "ACTIVE", rolloutState: "COMPLETED", createdAt: at(-200), updatedAt: at(-3) }] },
            /Refused: deployment ecs-svc\/1 of web \(since 2026-12-01T09:57:00Z\); deployment ecs-svc\/2 of web \(since 2026-12-01T09:57:00Z\)\. Nothing written\.\n$/],
        ["a step younger than its bake time", { marker: at(-6) }, /FAILING bake time: every signal is good only since 2026-12-01T09:54:00Z \(the step started \(release marker written\)\): 6 of 15 minutes baked; next possible at 2026-12-01T10:09:00Z\n/],
    ];
    for (const [what, overrides, message] of refusals) {
        it(`refuses, exit 1, file untouched: ${what}`, async () => {
            allGood(overrides);
            const result = await run("next");
            assert.strictEqual(result.exitCode, 1, result.output);
            assert.match(result.output, message);
            assert.strictEqual(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"), original);
        });
    }

    it("exit 2 naming the parameter when the release marker is not there", async () => {
        allGood();
        ssm.on(GetParameterCommand).rejects(Object.assign(new Error("not found"), { name: "ParameterNotFound" }));
        const result = await run("next");
        assert.deepStrictEqual(result, { exitCode: 2, output: "error: release marker /migration-dev/release/web: not found in us-east-1; it is written by `pulumi up` of this program (is the stack deployed, and is this the right account and region?)\n" });
        assert.strictEqual(share(), "50");
    });

    it("exit 2 naming the alarms it could not find", async () => {
        allGood();
        cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
        const result = await run("status");
        assert.strictEqual(result.exitCode, 2);
        assert.strictEqual(result.output, `error: CloudWatch alarms not found in us-east-1: ${ALARMS.join(", ")}; the gate judges a step only with every alarm of its revisions (is the stack deployed with this config?)\n`);
    });

    it("exit 2 with the AWS error's name when a call is refused", async () => {
        allGood();
        ecs.on(DescribeServicesCommand).rejects(Object.assign(new Error("User is not authorized to perform: ecs:DescribeServices"), { name: "AccessDeniedException" }));
        const result = await run("next");
        assert.deepStrictEqual(result, { exitCode: 2, output: "error: reading AWS failed: AccessDeniedException: User is not authorized to perform: ecs:DescribeServices\n" });
    });

    it("prev writes the step below without asking AWS", async () => {
        const result = await run("prev");
        assert.strictEqual(result.exitCode, 0, result.output);
        assert.strictEqual(share(), "25");
        assert.deepStrictEqual([ssm.calls().length, cloudwatch.calls().length, route53.calls().length, ecs.calls().length], [0, 0, 0, 0]);
    });

    it("status reports and writes nothing", async () => {
        allGood();
        const result = await run("status");
        assert.strictEqual(result.exitCode, 0);
        assert.match(result.output, /health checks: legacy healthy, fargate web healthy\n/);
        assert.match(result.output, /every signal good since 2026-12-01T09:20:00Z \(40 minutes\)\nnext step 100% may be written\n$/);
        assert.strictEqual(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"), original);
    });

    it("exit 2 for a service that owns no hostname", async () => {
        const result = await run("next", "nope");
        assert.deepStrictEqual(result, { exitCode: 2, output: "error: --service: \"nope\" is no service of stack dev; allowed web, api (the service with traffic.fargatePercent)\n" });
    });
});
