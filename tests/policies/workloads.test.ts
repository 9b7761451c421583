// The workloads rules (policies/rules/workloads.ts) through the real pack:
// each with a passing shape, a violation, a preview-time unknown and, where
// it has one, its threshold.
import * as assert from "assert";
import { only, res, sharedAnalyzer, UNKNOWN } from "./helpers";

const T = {
    sg: "aws:ec2/securityGroup:SecurityGroup", ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", ecs: "aws:ecs/service:Service",
    machine: "aws:sfn/stateMachine:StateMachine", schedule: "aws:scheduler/schedule:Schedule", target: "aws:appautoscaling/target:Target",
    droplet: "digitalocean:index/droplet:Droplet", subnet: "aws:ec2/subnet:Subnet",
};

const definition = (publicIp: string, timeout?: number) => JSON.stringify({
    StartAt: "Run",
    States: { Run: { Type: "Task", Resource: "arn:aws:states:::ecs:runTask.sync", ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }), Parameters: { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ["subnet-private"], SecurityGroups: ["sg-job"], AssignPublicIp: publicIp } } }, End: true } },
});
const jobSg = res(T.sg, "nightly-task-sg", { id: "sg-job", tags: { workload: "job" } });
const machine = (publicIp = "DISABLED", timeout: number | null = 3600) => res(T.machine, "nightly-runs", { definition: definition(publicIp, timeout ?? undefined), tags: { workload: "job", "job-owner": "legacy" } });
const schedule = (state: unknown, owner = "legacy") => res(T.schedule, "nightly-schedule", { state, description: `nightly (owner: ${owner})`, target: { arn: "arn:sm", retryPolicy: { maximumRetryAttempts: 2 } } });
const worker = (pause: string, max: number) => [
    res(T.ecs, "mailer", { name: "mailer", desiredCount: 0, tags: { workload: "worker", service: "mailer", "can-pause": pause } }),
    res(T.target, "mailer-scaling", { resourceId: "service/c/mailer", minCapacity: 0, maxCapacity: max }),
];

describe("workloads rules", () => {
    const analyzer = sharedAnalyzer();
    const policy = async (name: string, resources: Parameters<ReturnType<typeof analyzer>["analyzeStack"]>[0]) => only(await analyzer().analyzeStack(resources), name);

    it("workloads-private-no-ingress: a job's group without ingress and a private, addressless task pass", async () => {
        assert.deepStrictEqual(await policy("workloads-private-no-ingress", [jobSg, machine()]), []);
    });
    it("workloads-private-no-ingress: an ingress rule on a job's group, a public IP on its task", async () => {
        const rule = res(T.ingress, "nightly-in", { securityGroupId: "sg-job", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" });
        assert.deepStrictEqual(await policy("workloads-private-no-ingress", [jobSg, rule, machine("ENABLED")]), [
            "nightly-in: admits inbound traffic to the job security group nightly-task-sg; a job takes no inbound connection: remove the rule.",
            "nightly-runs: ECS task run by state machine nightly-runs: networkConfiguration.assignPublicIp gives each task a public IP; a job needs none: assign no public IP (it reaches out through the NAT gateways).",
        ]);
    });
    it("workloads-private-no-ingress: a definition unknown at preview is not judged", async () => {
        assert.deepStrictEqual(await policy("workloads-private-no-ingress", [jobSg, res(T.machine, "nightly-runs", { definition: UNKNOWN, tags: { workload: "job" } })]), []);
    });

    it("workloads-job-single-owner: DISABLED while the crontab owns it, ENABLED when Fargate does: pass", async () => {
        assert.deepStrictEqual(await policy("workloads-job-single-owner", [schedule("DISABLED")]), []);
        assert.deepStrictEqual(await policy("workloads-job-single-owner", [schedule("ENABLED", "fargate")]), []);
    });
    it("workloads-job-single-owner: ENABLED while the crontab owns it: two owners", async () => {
        assert.deepStrictEqual(await policy("workloads-job-single-owner", [schedule("ENABLED")]), [
            "nightly-schedule: the schedule is ENABLED while its description says the Droplets' crontab owns the job: both would run it. Set the job's owner to fargate (and remove the crontab line), or keep the schedule DISABLED.",
        ]);
    });
    it("workloads-job-single-owner: a state unknown at preview is not judged", async () => {
        assert.deepStrictEqual(await policy("workloads-job-single-owner", [schedule(UNKNOWN)]), []);
    });

    it("workloads-worker-runs-somewhere: a worker that cannot pause, at 0 on Fargate, with its Droplet: pass; without it: flagged", async () => {
        const droplet = res(T.droplet, "mailer-droplet-1", { tags: ["workload:worker", "service:mailer"] });
        assert.deepStrictEqual(await policy("workloads-worker-runs-somewhere", [...worker("false", 0), droplet]), []);
        assert.deepStrictEqual(await policy("workloads-worker-runs-somewhere", worker("false", 0)), [
            "mailer: worker mailer cannot pause, but no Droplet runs it and its Fargate service may run no task (maxCapacity 0): its work would wait for nobody. Give it Fargate tasks (autoscaling.max, min, desiredCount) or keep its Droplets.",
        ]);
    });
    it("workloads-worker-runs-somewhere: a worker that may pause waits with its queue; a max unknown at preview is not judged", async () => {
        assert.deepStrictEqual(await policy("workloads-worker-runs-somewhere", worker("true", 0)), []);
        assert.deepStrictEqual(await policy("workloads-worker-runs-somewhere", [worker("false", 0)[0], res(T.target, "mailer-scaling", { resourceId: "service/c/mailer", maxCapacity: UNKNOWN })]), []);
    });

    it("workloads-stack-ceilings: a run of 24 hours is the default ceiling; 24 h 1 min is over it; no timeout at all is refused", async () => {
        assert.deepStrictEqual(await policy("workloads-stack-ceilings", [machine("DISABLED", 86400)]), []);
        assert.deepStrictEqual(await policy("workloads-stack-ceilings", [machine("DISABLED", 86460)]), [
            "nightly-runs: a run may last 1441 minutes; the ceiling is 1440 (workloads-stack-ceilings maxJobRunMinutes): lower fargate.maxRunMinutes.",
        ]);
        assert.deepStrictEqual(await policy("workloads-stack-ceilings", [machine("DISABLED", null)]), [
            "nightly-runs: its ECS task state has no TimeoutSeconds, so a stuck run is never stopped; set the job's fargate.maxRunMinutes.",
        ]);
    });
    it("workloads-stack-ceilings: the schedule count and retries against configured ceilings", async () => {
        await analyzer().configure({ "workloads-stack-ceilings": { maxSchedules: 1, maxRetryAttempts: 1 } });
        const second = res(T.schedule, "other-schedule", { state: "DISABLED", target: { retryPolicy: { maximumRetryAttempts: 1 } } });
        assert.deepStrictEqual(await policy("workloads-stack-ceilings", [schedule("DISABLED"), second]), [
            "the stack creates 2 schedules; its ceiling is 1 (workloads-stack-ceilings maxSchedules): raise it in the policy config if that many jobs are meant.",
            "nightly-schedule: retries starting a run 2 times; the ceiling is 1: lower fargate.retry.attempts (a run that cannot start for long is for the dead-letter queue and its alarm).",
        ]);
    });
});
