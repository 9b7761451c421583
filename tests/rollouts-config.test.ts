// fargate.rollout, traffic.bakeTimeMinutes and platform.notifications in the
// stack config: what parses, and every problem naming the key, the value and
// what is allowed; the rollout's ECS inputs and the time `up` waits for them.
import * as assert from "assert";
import * as path from "path";
import { ConfigError, parseStackConfig, type RawConfigInput, type RolloutConfig } from "../components/config";
import { deploymentWaitMinutes, ecsDeploymentConfiguration, ecsServiceTimeouts } from "../components/aws/rollout";
import { pathPatternMatches } from "../components/config/validate";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");
const dev = readStackConfig(ROOT, "dev");
const devServices = JSON.parse(dev.values["migration:services"]) as Record<string, any>[];
const devPlatform = JSON.parse(dev.values["migration:platform"]) as Record<string, any>;

function withConfig(overrides: Record<string, unknown>): RawConfigInput {
    return readStackConfig(ROOT, "dev", { config: Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) });
}

function problemsOf(input: RawConfigInput): readonly string[] {
    try {
        parseStackConfig(input);
        return [];
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
}

const webWith = (patch: (fargate: Record<string, any>, service: Record<string, any>) => void) => {
    const copy = structuredClone(devServices);
    patch(copy[0].fargate, copy[0]);
    return withConfig({ "migration:services": copy });
};
const notifications = (n: unknown, extra: Record<string, unknown> = {}) => withConfig({ "migration:platform": { ...devPlatform, notifications: n }, ...extra });

describe("config: fargate.rollout", () => {
    it("parses dev's canary rollout, and defaults every other service to rolling", () => {
        const config = parseStackConfig(dev);
        assert.deepStrictEqual(config.services.map((s) => s.fargate?.rollout), [
            { strategy: "canary", canary: { percent: 10, bakeTimeMinutes: 15 }, bakeTimeMinutes: 10, lifecycleHooks: [] },
            { strategy: "rolling", lifecycleHooks: [] },
        ]);
        assert.deepStrictEqual(config.services.map((s) => s.traffic?.bakeTimeMinutes), [15, 15]);
    });

    const K = "migration:services[0].fargate";
    const cases: [string, RawConfigInput, string[]][] = [
        ["a native strategy beside fargate.canary", webWith((f) => { f.canary = { imageTag: "1.9.0", percent: 10 }; }),
            [`${K}.rollout.strategy: "canary" with fargate.canary set; allowed one of them: fargate.rollout.strategy canary rolls each new image out through the service's second target group, which fargate.canary's revision uses (remove fargate.canary, or set fargate.rollout.strategy to rolling)`]],
        ["canary without its settings, linear's settings on canary", webWith((f) => { f.rollout = { strategy: "canary", bakeTimeMinutes: 5, linear: { stepPercent: 25, stepBakeTimeMinutes: 5 } }; }),
            [`${K}.rollout.canary: is required with strategy canary; allowed { percent, bakeTimeMinutes }`, `${K}.rollout.linear: is set with strategy "canary"; allowed only with strategy linear`]],
        ["linear without a bake time", webWith((f) => { f.rollout = { strategy: "linear", linear: { stepPercent: 25, stepBakeTimeMinutes: 5 } }; }),
            [`${K}.rollout.bakeTimeMinutes: is required with strategy linear; allowed 0 to 1440 minutes (how long the old revision stays ready for an instant rollback once all traffic moved)`]],
        ["rolling with a bake time and hooks", webWith((f) => { f.rollout = { bakeTimeMinutes: 5, lifecycleHooks: [{ stages: ["POST_SCALE_UP"], functionArn: "arn:aws:lambda:us-east-1:111122223333:function:smoke", roleArn: "arn:aws:iam::111122223333:role/hooks" }] }; }),
            [`${K}.rollout.bakeTimeMinutes: 5 is set with strategy rolling, which has no bake time; allowed only with blue-green, linear or canary`, `${K}.rollout.lifecycleHooks: are set with strategy rolling, which runs no hooks; allowed only with blue-green, linear or canary`]],
        ["out-of-range percentages and bake times", webWith((f) => { f.rollout = { strategy: "canary", bakeTimeMinutes: 1441, canary: { percent: 0.05, bakeTimeMinutes: 10 } }; }),
            [`${K}.rollout.bakeTimeMinutes: 1441 is too large; allowed minutes (a whole number) from 0 to 1440`, `${K}.rollout.canary.percent: 0.05 is too small; allowed a percentage from 0.1 to 100 in steps of 0.1`]],
        ["a canary share finer than 0.1", webWith((f) => { f.rollout.canary.percent = 2.25; }), [`${K}.rollout.canary.percent: 2.25 is not valid; allowed a percentage from 0.1 to 100 in steps of 0.1`]],
        ["a linear step under 3 %", webWith((f) => { f.rollout = { strategy: "linear", bakeTimeMinutes: 0, linear: { stepPercent: 2, stepBakeTimeMinutes: 1 } }; }), [`${K}.rollout.linear.stepPercent: 2 is too small; allowed a percentage from 3 to 100 in steps of 0.1`]],
        ["a hook on a test-traffic stage", webWith((f) => { f.rollout.lifecycleHooks = [{ stages: ["POST_TEST_TRAFFIC_SHIFT"], functionArn: "arn:aws:lambda:us-east-1:111122223333:function:smoke", roleArn: "arn:aws:iam::111122223333:role/hooks" }]; }),
            [`${K}.rollout.lifecycleHooks[0].stages: ["POST_TEST_TRAFFIC_SHIFT"] need a test listener rule, which the program does not configure; allowed RECONCILE_SERVICE, PRE_SCALE_UP, POST_SCALE_UP, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT`]],
        ["four path patterns: no room for the health-check host", webWith((f, s) => { f.pathPatterns = ["/a/*", "/b/*", "/c/*", "/healthz"]; s.traffic.fargatePercent = 0; }),
            [`${K}.pathPatterns: has 4 patterns with rollout strategy canary; allowed at most 3: the rule ECS shifts also answers the health-check hostname, and an ALB rule takes 5 condition values (two hosts and the patterns)`]],
        ["path patterns that miss the health path", webWith((f, s) => { f.pathPatterns = ["/api/*"]; s.traffic.fargatePercent = 0; }),
            [`${K}.pathPatterns: ["/api/*"] do not take healthCheckPath "/healthz" with rollout strategy canary; allowed patterns one of which matches it: Route 53 checks the service through the rule ECS shifts, so it sees the revision users get`]],
        ["a traffic bake time over a week", webWith((_f, s) => { s.traffic.bakeTimeMinutes = 10081; }), ["migration:services[0].traffic.bakeTimeMinutes: 10081 is too large; allowed minutes (a whole number) from 0 to 10080"]],
    ];
    for (const [what, input, expected] of cases) {
        it(`refuses ${what}`, () => {
            assert.deepStrictEqual(problemsOf(input), expected);
        });
    }

    it("matches ALB path patterns as the ALB does (* any run, ? one character, query ignored)", () => {
        assert.deepStrictEqual([["/api/*", "/api/health"], ["/api/*", "/healthz"], ["/health?", "/healthz"], ["/*", "/healthz?full=1"], ["/Healthz", "/healthz"]].map(([p, s]) => pathPatternMatches(p, s)), [true, false, true, true, false]);
    });
});

describe("rollout: ECS inputs and the wait `up` gives them", () => {
    const canary: RolloutConfig = { strategy: "canary", canary: { percent: 10, bakeTimeMinutes: 15 }, bakeTimeMinutes: 10, lifecycleHooks: [] };
    const linear: RolloutConfig = { strategy: "linear", linear: { stepPercent: 30, stepBakeTimeMinutes: 5 }, bakeTimeMinutes: 20, lifecycleHooks: [{ stages: ["POST_PRODUCTION_TRAFFIC_SHIFT"], functionArn: "arn:aws:lambda:us-east-1:111122223333:function:smoke", roleArn: "arn:aws:iam::111122223333:role/hooks" }] };
    const cases: [string, RolloutConfig, Record<string, unknown> | undefined, number, { create: string; update: string } | undefined][] = [
        ["rolling: no deploymentConfiguration at all (a stack deployed before keeps its inputs)", { strategy: "rolling", lifecycleHooks: [] }, undefined, 0, undefined],
        ["canary: the canary's bake then the final bake", canary,
            { strategy: "CANARY", bakeTimeInMinutes: "10", canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "15" } }, 25, { create: "45m", update: "45m" }],
        ["linear 30 %: four shifts, three waits between them, then the bake; hooks as ECS names them", linear,
            { strategy: "LINEAR", bakeTimeInMinutes: "20", linearConfiguration: { stepPercent: 30, stepBakeTimeInMinutes: "5" }, lifecycleHooks: [{ hookTargetArn: "arn:aws:lambda:us-east-1:111122223333:function:smoke", roleArn: "arn:aws:iam::111122223333:role/hooks", lifecycleStages: ["POST_PRODUCTION_TRAFFIC_SHIFT"] }] }, 35, { create: "55m", update: "55m" }],
        ["blue-green: the bake only", { strategy: "blue-green", bakeTimeMinutes: 0, lifecycleHooks: [] }, { strategy: "BLUE_GREEN", bakeTimeInMinutes: "0" }, 0, undefined],
    ];
    for (const [what, rollout, configuration, wait, timeouts] of cases) {
        it(what, () => {
            assert.deepStrictEqual([ecsDeploymentConfiguration(rollout), deploymentWaitMinutes(rollout), ecsServiceTimeouts(rollout)], [configuration, wait, timeouts]);
        });
    }
});

describe("config: platform.notifications", () => {
    it("parses dev's email subscription; no notifications is allowed (the policy pack requires them in prod)", () => {
        assert.deepStrictEqual(parseStackConfig(dev).platform.notifications, { email: ["platform-alerts@example.com"], https: [], slack: [] });
        assert.strictEqual(parseStackConfig(notifications(undefined)).platform.notifications, undefined);
    });

    const N = "migration:platform.notifications";
    const cases: [string, RawConfigInput, string[]][] = [
        ["a created topic nobody subscribes to", notifications({}), [`${N}: creates a topic nobody subscribes to; allowed at least one of email, https, slack (or topicArn, an existing topic with its own subscribers)`]],
        ["a us-east-1 twin without a topic", notifications({ email: ["a@example.com"], usEast1TopicArn: "arn:aws:sns:us-east-1:111122223333:alerts" }),
            [`${N}.usEast1TopicArn: is set without topicArn; allowed only with topicArn (a created topic gets its us-east-1 twin from the program)`]],
        ["an existing topic outside us-east-1 without its twin, and in another region than the stack", notifications({ topicArn: "arn:aws:sns:eu-west-1:111122223333:alerts" }, { "aws:region": "eu-central-1" }),
            [`${N}.usEast1TopicArn: is required with topicArn "arn:aws:sns:eu-west-1:111122223333:alerts" in a stack in eu-central-1; allowed an SNS topic ARN in us-east-1: Route 53 health-check metrics exist only there, so their alarms are created there, and an alarm can only act on a topic of its own region`,
                `${N}.topicArn: "arn:aws:sns:eu-west-1:111122223333:alerts" is in eu-west-1, the stack in eu-central-1; allowed a topic in eu-central-1: the service alarms act only on a topic of their own region`]],
        ["malformed subscribers", notifications({ email: ["oncall"], https: ["http://hooks.example.com/x"], slack: [{ workspaceId: "t07", channelId: "C-1" }] }), [
            `${N}.email[0]: "oncall" is not valid; allowed an email address such as oncall@example.com`,
            `${N}.https[0]: "http://hooks.example.com/x" is not valid; allowed an https:// URL`,
            `${N}.slack[0].workspaceId: "t07" is not valid; allowed a Slack workspace (team) id such as T07EA123LEP`,
            `${N}.slack[0].channelId: "C-1" is not valid; allowed a Slack channel id such as C07EZ1ABC23`,
        ]],
    ];
    for (const [what, input, expected] of cases) {
        it(`refuses ${what}`, () => {
            assert.deepStrictEqual(problemsOf(input), expected);
        });
    }
});
