// What the program registers for prod's worker, scheduled job and release
// task (one program run for every assertion), and the release step of
// `npm run up` against it: the targeted up it runs is one the engine accepts
// (tools/delivery/targeting.ts), for a brand-new stack and a live one; the
// pure parts of running the task (tools/delivery/release.ts).
import * as assert from "assert";
import * as path from "path";
import { parseStackConfig } from "../components/config";
import { requiredImages } from "../tools/delivery/checks";
import { existingUrns, logStreamOf, releaseFailure, releaseOutcome, releaseTargets, runTaskArgs, type ReleaseRun } from "../tools/delivery/release";
import { untargetedCreates, type TargetedResource } from "../tools/delivery/targeting";
import { fromWire, type Registration } from "../tools/offline/capture";
import { readStackConfig } from "../tools/stack-file";
import { stackRun } from "./helpers/program-runs";

const ROOT = path.resolve(__dirname, "..");

describe("prod's worker, job and release task as the program registers them", function () {
    this.timeout(120_000);
    const raw = readStackConfig(ROOT, "prod");
    let registrations: Registration[];
    let outputs: Record<string, unknown>;
    const find = (type: string, name: string) => {
        const r = registrations.find((x) => x.type === type && x.name === name);
        assert.ok(r !== undefined, `${type} ${name} is registered`);
        return { ...r, inputs: fromWire(r.inputs) as Record<string, any> };
    };
    const asTargeted = (rs: readonly Registration[]): TargetedResource[] => rs.map((x) => ({ urn: x.urn, type: x.type, parent: x.parent, dependencies: x.options.dependsOn, provider: x.options.provider }));

    before(async () => {
        const run = await stackRun("prod"); // shared with other files (tests/helpers/program-runs.ts)
        registrations = [...run.registrations];
        outputs = fromWire(run.stackOutputs) as Record<string, unknown>;
    });

    it("the worker on Fargate: no load balancer, its count from config, stop-first deployments, private subnets, a command health check", () => {
        const service = find("aws:ecs/service:Service", "migration-prod-mailer").inputs;
        assert.strictEqual(service.loadBalancers, undefined);
        assert.deepStrictEqual([service.desiredCount, service.deploymentMinimumHealthyPercent, service.deploymentMaximumPercent, service.waitForSteadyState], [0, 0, 100, true]);
        assert.strictEqual(service.networkConfiguration.assignPublicIp, false);
        assert.deepStrictEqual([service.tags.workload, service.tags["safe-to-run-twice"], service.tags["can-pause"]], ["worker", "false", "true"]);
        const [container] = JSON.parse(find("aws:ecs/taskDefinition:TaskDefinition", "migration-prod-mailer").inputs.containerDefinitions);
        assert.deepStrictEqual([container.image, container.command, container.portMappings, container.stopTimeout], ["444455556666.dkr.ecr.us-east-1.amazonaws.com/migration-prod/web:1.8.0", ["bundle", "exec", "sidekiq", "-t", "25"], undefined, 30]);
        assert.deepStrictEqual(container.healthCheck, { command: ["CMD-SHELL", "pgrep -f sidekiq"], interval: 30, timeout: 5, retries: 3, startPeriod: 60 });
        const policy = find("aws:appautoscaling/policy:Policy", "migration-prod-mailer-scale-metric").inputs;
        assert.deepStrictEqual(policy.targetTrackingScalingPolicyConfiguration.customizedMetricSpecification, { namespace: "Example/Sidekiq", metricName: "BacklogPerTask", statistic: "Average", dimensions: [{ name: "Queue", value: "mailers" }] });
    });

    it("no security group of a worker, job or release task admits anything", () => {
        const groups = registrations.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && /mailer|nightly|migrate/.test(r.name)).map((r) => r.name);
        assert.deepStrictEqual(groups, ["migration-prod-migrate-task-sg", "migration-prod-nightly-report-task-sg", "migration-prod-mailer-task-sg"]);
        const ingress = registrations.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && /mailer|nightly|migrate/.test(r.name));
        assert.deepStrictEqual(ingress, []);
    });

    it("the worker's adopted Droplet: no load balancer, tagged for the ownership model, kept on delete", () => {
        const droplet = registrations.find((r) => r.name === "migration-prod-mailer-droplet-412345691")!;
        assert.deepStrictEqual([droplet.options.importId, droplet.options.retainOnDelete], ["412345691", true]);
        assert.ok((fromWire(droplet.inputs) as { tags: string[] }).tags.includes("workload:worker"));
        assert.ok(!registrations.some((r) => r.type === "digitalocean:index/loadBalancer:LoadBalancer" && r.name.includes("mailer")));
    });

    it("the job, owned by the crontab: its schedule exists DISABLED and says so; the run stops at its maximum run time", () => {
        const schedule = find("aws:scheduler/schedule:Schedule", "migration-prod-nightly-report-schedule").inputs;
        assert.deepStrictEqual([schedule.name, schedule.state, schedule.description, schedule.scheduleExpression, schedule.flexibleTimeWindow],
            ["migration-prod-nightly-report", "DISABLED", "nightly-report (owner: legacy, crontab on web-prod-1): DISABLED until the owner flips", "cron(0 3 * * ? *)", { mode: "OFF" }]);
        assert.deepStrictEqual(schedule.target.retryPolicy, { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 });
        assert.strictEqual(schedule.target.deadLetterConfig.arn, "arn:aws:sqs:us-east-1:444455556666:migration-prod-nightly-report-dlq");
        const definition = JSON.parse(find("aws:sfn/stateMachine:StateMachine", "migration-prod-nightly-report-runs").inputs.definition);
        assert.strictEqual(definition.States.Run.TimeoutSeconds, 3600);
        assert.strictEqual(definition.States.Run.Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, "DISABLED");
        assert.deepStrictEqual(definition.States.Run.Catch, [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.timeout", Next: "FindStuckRun" }]);
        assert.strictEqual(definition.States.StopStuckRun.ItemProcessor.States.Stop.Resource, "arn:aws:states:::aws-sdk:ecs:stopTask");
        // While the crontab owns it, no "did not start" alarm: only a failed run and the dead-letter queue.
        assert.deepStrictEqual(registrations.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.includes("nightly")).map((r) => r.name),
            ["migration-prod-nightly-report-dead-letter", "migration-prod-nightly-report-run-failed"]);
    });

    it("outputs say who runs what, and how to run the release task", () => {
        assert.deepStrictEqual(outputs.workers, [{ name: "mailer", processOf: "web", legacyDroplets: 1, legacyMode: "adopt", fargate: { desired: 0, min: 0, max: 0 }, queue: null, scaling: "off (max 0)", safeToRunTwice: false, canPause: true }]);
        assert.deepStrictEqual((outputs.jobs as { owner: string; scheduleState: string }[]).map((j) => [j.owner, j.scheduleState]), [["legacy", "DISABLED"]]);
        const [release] = outputs.releases as ReleaseRun[];
        assert.deepStrictEqual([release.name, release.containerName, release.logStreamPrefix, release.timeoutMinutes, release.taskDefinitionArn], ["migrate", "migrate", "release", 30, "arn:aws:ecs:us-east-1:444455556666:task-definition/migration-prod-migrate:1"]);
    });

    it("the release's targeted up is accepted on a new stack (network and cluster created with it) and on a live one (its own resources only)", () => {
        const graph = asTargeted(registrations);
        const fresh = releaseTargets(graph, new Set());
        assert.deepStrictEqual(untargetedCreates(graph, new Set(), fresh), []);
        assert.ok(fresh.some((t) => t.endsWith("aws:ecs/cluster:Cluster::migration-prod-platform-cluster")) && fresh.some((t) => t.includes("awsx:ec2:Vpc")));
        assert.ok(!fresh.some((t) => t.includes("aws:ecs/service:Service")), "no service is in the release's up");
        const live = releaseTargets(graph, new Set(registrations.map((r) => r.urn)));
        // The ReleaseTask component and every resource below it, in registration order: nothing else.
        assert.deepStrictEqual(live.map((t) => `${t.split("::")[2].split("$").pop()} ${t.split("::").pop()}`), [
            "migration:aws:ReleaseTask migration-prod-migrate", "aws:cloudwatch/logGroup:LogGroup migration-prod-migrate-logs", "aws:iam/role:Role migration-prod-migrate-execution",
            "aws:iam/role:Role migration-prod-migrate-task", "aws:ssm/parameter:Parameter migration-prod-migrate-secret-database-url", "aws:iam/rolePolicy:RolePolicy migration-prod-migrate-execution",
            "aws:iam/rolePolicy:RolePolicy migration-prod-migrate-task", "aws:ec2/securityGroup:SecurityGroup migration-prod-migrate-task-sg", "aws:ecs/taskDefinition:TaskDefinition migration-prod-migrate",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule migration-prod-migrate-task-out-https", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule migration-prod-migrate-task-out-tcp-25060-aef34a21",
        ]);
        assert.deepStrictEqual(untargetedCreates(graph, new Set(registrations.map((r) => r.urn)), live), []);
    });

    it("the image check lists only workloads with an image of their own: a process type runs its service's, already listed", () => {
        const images = requiredImages(parseStackConfig(raw), "123456789012").map((i) => `${i.service} ${i.repository}:${i.tag}`);
        assert.deepStrictEqual(images, ["web migration-prod/web:1.8.0", "api migration-prod/api:2.3.1"]);
    });
});

describe("running a release task (pure parts)", () => {
    const run: ReleaseRun = {
        name: "migrate", cluster: "arn:aws:ecs:us-east-1:1:cluster/c", taskDefinitionArn: "arn:aws:ecs:us-east-1:1:task-definition/p-migrate:7", containerName: "migrate",
        subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"], logGroupName: "/ecs/p/migrate", logStreamPrefix: "release", timeoutMinutes: 30,
    };
    const task = "arn:aws:ecs:us-east-1:1:task/c/0123abcd";

    it("runs it on Fargate in the private subnets without a public IP, and reads its log stream", () => {
        assert.deepStrictEqual(runTaskArgs(run, "us-east-1"), ["ecs", "run-task", "--cluster", run.cluster, "--task-definition", run.taskDefinitionArn, "--launch-type", "FARGATE",
            "--network-configuration", "awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups=[sg-1],assignPublicIp=DISABLED}", "--started-by", "npm-run-up", "--count", "1", "--region", "us-east-1", "--output", "json"]);
        assert.strictEqual(logStreamOf(run, task), "release/migrate/0123abcd");
        assert.deepStrictEqual([...existingUrns({ deployment: { resources: [{ urn: "a" }, { urn: "b" }] } })], ["a", "b"]);
        assert.deepStrictEqual([...existingUrns(undefined)], []);
    });

    const outcomes: [string, unknown, ReturnType<typeof releaseOutcome>][] = [
        ["still running", { tasks: [{ lastStatus: "RUNNING" }] }, { state: "running" }],
        ["exited 0", { tasks: [{ lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] }, { state: "succeeded" }],
        ["exited 1", { tasks: [{ lastStatus: "STOPPED", stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ name: "migrate", exitCode: 1 }] }] },
            { state: "failed", why: "exit code 1 (EssentialContainerExited; Essential container in task exited)" }],
        ["never ran", { tasks: [{ lastStatus: "STOPPED", stopCode: "TaskFailedToStart", stoppedReason: "CannotPullContainerError: not found", containers: [{ name: "migrate" }] }] },
            { state: "failed", why: "no exit code (the container never ran) (TaskFailedToStart; CannotPullContainerError: not found)" }],
        ["unknown to ECS", { tasks: [] }, { state: "failed", why: "ECS does not know the task (describe-tasks returned none)" }],
    ];
    for (const [what, describe, outcome] of outcomes) {
        it(`reads a task that is ${what}`, () => assert.deepStrictEqual(releaseOutcome(describe, run), outcome));
    }

    it("stops the deploy naming the task and its log stream", () => {
        assert.strictEqual(releaseFailure(run, task, "exit code 1", "us-east-1"),
            "release task migrate failed: exit code 1; task arn:aws:ecs:us-east-1:1:task/c/0123abcd; its log: /ecs/p/migrate release/migrate/0123abcd (aws logs tail /ecs/p/migrate --log-stream-names release/migrate/0123abcd --region us-east-1). Nothing else was deployed: fix it and run npm run up again (the release must suit the code the Droplets and the running tasks still serve: docs/runbook.md, \"Release tasks\").");
    });
});
