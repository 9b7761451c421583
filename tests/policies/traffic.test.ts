import * as assert from "assert";
import { only, reported, res, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";
import type { AnalyzerStackResource } from "../../tools/offline/analyzer";

const RECORD = "aws:route53/record:Record";
const CHECK = "aws:route53/healthCheck:HealthCheck";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const DO_LB = "digitalocean:index/loadBalancer:LoadBalancer";
const ALB_DNS = "migration-prod-alb-123.us-east-1.elb.amazonaws.com";

const doLb = res(DO_LB, "web-lb", { ip: "198.51.100.7", name: "web-lb" });
const alb = res(ALB, "alb", { arn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/alb/1", dnsName: ALB_DNS });
const listener = res("aws:lb/listener:Listener", "https", { arn: "arn:listener/https", loadBalancerArn: alb.properties.arn });
const ruleFor = (service: string) => res("aws:lb/listenerRule:ListenerRule", `${service}-rule`, { listenerArn: "arn:listener/https", priority: 10 });
const check = (name: string, props: Record<string, unknown>) => res(CHECK, name, { arn: `arn:aws:route53:::healthcheck/${name}-id`, ...props });

function legacy(name: string, props: Record<string, unknown> = {}, extra = {}) {
    return res(RECORD, name, { zoneId: "Z1", name: "www.example.com", type: "A", ttl: 60, setIdentifier: "legacy", records: ["198.51.100.7"], weightedRoutingPolicies: [{ weight: 75 }], healthCheckId: "legacy-check-id", ...props }, extra);
}
function fargate(name: string, props: Record<string, unknown> = {}, extra = {}) {
    return res(RECORD, name, { zoneId: "Z1", name: "www.example.com", type: "A", setIdentifier: "fargate", aliases: [{ name: ALB_DNS, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true }], weightedRoutingPolicies: [{ weight: 25 }], healthCheckId: "fargate-check-id", ...props }, extra);
}

describe("policies: traffic", function () {
    const analyzer = sharedAnalyzer();

    describe("traffic-weighted-record-health-check", () => {
        const legacyCheck = check("legacy-check", { type: "HTTPS", ipAddress: "198.51.100.7", resourcePath: "/healthz" });
        const fargateCheck = check("fargate-check", { type: "CLOUDWATCH_METRIC" });
        it("passes records with their own health checks", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([doLb, alb, legacyCheck, fargateCheck, legacy("www-legacy"), fargate("www-fargate")])), []);
        });
        it("reports a missing check, a check on another address and a check shared across hostnames", async () => {
            const apiLegacy = legacy("api-legacy", { name: "api.example.com", healthCheckId: "legacy-check-id" });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([
                doLb, alb, listener, ruleFor("web"), ruleFor("api"), legacyCheck,
                legacy("www-legacy", { records: ["198.51.100.8"] }), fargate("www-fargate", { healthCheckId: undefined }), apiLegacy,
            ])).filter((r) => r.policy === "traffic-weighted-record-health-check").map((r) => `${r.urn}|${r.text}`), [
                `${urnOf(RECORD, "www-legacy")}|www-legacy: health check legacy-check is also attached to api.example.com, so it cannot reflect www.example.com alone; give each hostname's record its own health check.`,
                `${urnOf(RECORD, "www-legacy")}|www-legacy: health check legacy-check probes 198.51.100.7, but the record answers 198.51.100.8; point the check at the record's own target.`,
                `${urnOf(RECORD, "www-fargate")}|www-fargate: evaluateTargetHealth reflects the whole ALB alb, which routes 2 services; attach a healthCheckId (a CLOUDWATCH_METRIC check on this service's healthy hosts).`,
                `${urnOf(RECORD, "api-legacy")}|api-legacy: health check legacy-check is also attached to www.example.com, so it cannot reflect api.example.com alone; give each hostname's record its own health check.`,
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([doLb, legacy("www-legacy", { healthCheckId: undefined })])).map((r) => r.text), [
                "www-legacy: weighted record www.example.com has no health check, so Route 53 keeps sending its share when it is down; set healthCheckId.",
            ]);
        });
        it("counts evaluateTargetHealth when the ALB serves one service, per maxServicesPerAlbForAliasHealth", async () => {
            const stack = [alb, listener, ruleFor("web"), ruleFor("api"), fargate("www-fargate", { healthCheckId: undefined })];
            const policy = "traffic-weighted-record-health-check";
            assert.strictEqual(only(await analyzer().analyzeStack(stack), policy).length, 1);
            assert.deepStrictEqual(only(await analyzer().analyzeStack(stack.filter((r) => r.name !== "api-rule")), policy), []);
            await analyzer().configure({ "traffic-weighted-record-health-check": { maxServicesPerAlbForAliasHealth: 2 } });
            assert.deepStrictEqual(only(await analyzer().analyzeStack(stack), policy), []);
        });
        it("does not run into unknowns at preview", async () => {
            const previewFargate = fargate("www-fargate", { healthCheckId: undefined, aliases: [{ name: UNKNOWN, zoneId: UNKNOWN, evaluateTargetHealth: true }] });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([alb, legacy("www-legacy", { healthCheckId: UNKNOWN, records: [UNKNOWN] }, { propertyDependencies: { records: [doLb.urn] } }), previewFargate, doLb])), []);
        });
    });

    describe("traffic-health-check-active", () => {
        const POLICY = "traffic-health-check-active";
        const legacyCheck = (props: Record<string, unknown>) => check("legacy-check", { type: "HTTPS", ipAddress: "198.51.100.7", resourcePath: "/healthz", ...props });
        const only = async (stack: readonly AnalyzerStackResource[]) => reported(await analyzer().analyzeStack(stack)).filter((r) => r.policy === POLICY).map((r) => `${r.urn}|${r.text}`);
        it("passes active health checks, and ignores checks no weighted record uses", async () => {
            assert.deepStrictEqual(await only([doLb, legacyCheck({ disabled: false, invertHealthcheck: false }), legacy("www-legacy")]), []);
            assert.deepStrictEqual(await only([legacyCheck({ disabled: true })]), []);
        });
        it("reports a disabled and an inverted health check behind a weighted record", async () => {
            const checkUrn = urnOf(CHECK, "legacy-check");
            assert.deepStrictEqual(await only([doLb, legacyCheck({ disabled: true, invertHealthcheck: true }), legacy("www-legacy")]), [
                `${checkUrn}|legacy-check: disabled is true, so Route 53 counts it healthy and keeps sending www.example.com's share to www-legacy when it is down; set disabled to false.`,
                `${checkUrn}|legacy-check: invertHealthcheck is true, so Route 53 counts www-legacy healthy exactly when its endpoint fails; set invertHealthcheck to false.`,
            ]);
        });
        it("links a record to its check by dependency at preview, and skips unknown flags", async () => {
            const previewRecord = legacy("www-legacy", { healthCheckId: UNKNOWN }, { propertyDependencies: { healthCheckId: [urnOf(CHECK, "legacy-check")] } });
            assert.deepStrictEqual(await only([legacyCheck({ arn: UNKNOWN, invertHealthcheck: true }), previewRecord]), [
                `${urnOf(CHECK, "legacy-check")}|legacy-check: invertHealthcheck is true, so Route 53 counts www-legacy healthy exactly when its endpoint fails; set invertHealthcheck to false.`,
            ]);
            assert.deepStrictEqual(await only([legacyCheck({ arn: UNKNOWN, disabled: UNKNOWN, invertHealthcheck: UNKNOWN }), previewRecord]), []);
        });
    });

    describe("traffic-weighted-record-ttl", () => {
        it("passes equal short TTLs (alias records have none)", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([doLb, legacy("a"), legacy("b", { setIdentifier: "legacy-2" }), fargate("c")])).filter((r) => r.policy === "traffic-weighted-record-ttl"), []);
        });
        it("reports a long TTL and TTLs that differ within a group", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([legacy("a"), legacy("b", { ttl: 300, setIdentifier: "legacy-2" })])).filter((r) => r.policy === "traffic-weighted-record-ttl"), [
                { policy: "traffic-weighted-record-ttl", level: "advisory", urn: urnOf(RECORD, "b"), text: "b: ttl 300 is above 60 seconds; lower it so a weight change or rollback reaches clients quickly." },
                { policy: "traffic-weighted-record-ttl", level: "advisory", urn: urnOf(RECORD, "a"), text: "www.example.com A: weighted records a (60), b (300) have different TTLs; give every record of the group the same TTL." },
            ]);
        });
        it("follows maxTtlSeconds", async () => {
            await analyzer().configure({ "traffic-weighted-record-ttl": { maxTtlSeconds: 30 } });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([doLb, legacy("a")])).map((r) => r.text), [
                "a: ttl 60 is above 30 seconds; lower it so a weight change or rollback reaches clients quickly.",
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([doLb, legacy("a", { ttl: UNKNOWN, name: UNKNOWN })])), []);
        });
    });

    describe("traffic-prod-service-resilience", () => {
        const resilient = {
            desiredCount: 3, loadBalancers: [{ targetGroupArn: "arn:tg", containerName: "app", containerPort: 8080 }],
            deploymentCircuitBreaker: { enable: true, rollback: true }, alarms: { enable: true, rollback: true, alarmNames: ["web-5xx"] },
        };
        const service = (props: Record<string, unknown>) => res("aws:ecs/service:Service", "web", { ...resilient, ...props });
        it("is off unless enabled (dev)", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(service({ desiredCount: 1, deploymentCircuitBreaker: undefined, alarms: undefined }))), []);
        });
        it("passes a resilient service and reports a fragile one when enabled", async () => {
            await analyzer().configure({ "traffic-prod-service-resilience": { enabled: true } });
            assert.deepStrictEqual(reported(await analyzer().analyze(service({}))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(service({ desiredCount: 1, deploymentCircuitBreaker: { enable: true, rollback: false }, alarms: { enable: true, rollback: true, alarmNames: [] } }))).map((r) => r.text), [
                "web: desiredCount 1 is below 2; run at least 2 tasks so one failure does not drop the service.",
                "web: deploymentCircuitBreaker is not { enable: true, rollback: true }; enable it so a deployment that cannot start healthy tasks rolls back.",
                "web: alarms is not { enable: true, rollback: true } with alarmNames; name the service's CloudWatch alarms so a deployment that breaks them rolls back.",
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(service({ desiredCount: 1, loadBalancers: [] }))), [], "a service behind no load balancer takes no traffic");
        });
        it("follows minDesiredCount", async () => {
            await analyzer().configure({ "traffic-prod-service-resilience": { enabled: true, minDesiredCount: 4 } });
            assert.deepStrictEqual(reported(await analyzer().analyze(service({}))).map((r) => r.text), ["web: desiredCount 3 is below 4; run at least 4 tasks so one failure does not drop the service."]);
        });
        it("does not run into unknowns at preview", async () => {
            await analyzer().configure({ "traffic-prod-service-resilience": { enabled: true } });
            assert.deepStrictEqual(reported(await analyzer().analyze(service({ desiredCount: UNKNOWN, alarms: { enable: true, rollback: true, alarmNames: UNKNOWN }, deploymentCircuitBreaker: UNKNOWN }))), []);
        });
    });

    describe("traffic-prod-autoscaling-minimum", () => {
        const POLICY = "traffic-prod-autoscaling-minimum";
        const service = (name: string, loadBalancers: unknown[]) => res("aws:ecs/service:Service", name, { name, desiredCount: 3, loadBalancers });
        const target = (name: string, minCapacity: unknown, extra = {}) => res("aws:appautoscaling/target:Target", `${name}-scaling`, {
            serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: `service/migration-prod/${name}`, minCapacity, maxCapacity: 12,
        }, extra);
        const web = service("web", [{ targetGroupArn: "arn:tg", containerName: "web", containerPort: 8080 }]);
        const worker = service("worker", []);
        const only = async (stack: readonly AnalyzerStackResource[]) => reported(await analyzer().analyzeStack(stack)).filter((r) => r.policy === POLICY).map((r) => `${r.urn}|${r.text}`);
        it("is off unless enabled (dev)", async () => {
            assert.deepStrictEqual(await only([web, target("web", 1)]), []);
        });
        it("passes a floor at the minimum, and services that take no traffic, when enabled", async () => {
            await analyzer().configure({ [POLICY]: { enabled: true } });
            assert.deepStrictEqual(await only([web, target("web", 2), worker, target("worker", 1)]), []);
        });
        it("reports a floor below the minimum, and follows minCapacity", async () => {
            await analyzer().configure({ [POLICY]: { enabled: true } });
            assert.deepStrictEqual(await only([web, target("web", 1)]), [
                `${urnOf("aws:appautoscaling/target:Target", "web-scaling")}|web-scaling: minCapacity 1 lets autoscaling run web on fewer than 2 tasks; set minCapacity to at least 2.`,
            ]);
            await analyzer().configure({ [POLICY]: { enabled: true, minCapacity: 3 } });
            assert.deepStrictEqual(await only([web, target("web", 2)]), [
                `${urnOf("aws:appautoscaling/target:Target", "web-scaling")}|web-scaling: minCapacity 2 lets autoscaling run web on fewer than 3 tasks; set minCapacity to at least 3.`,
            ]);
        });
        it("links the target to its service by dependency at preview, and skips unknowns", async () => {
            await analyzer().configure({ [POLICY]: { enabled: true } });
            const previewTarget = target("web", 1, { propertyDependencies: { resourceId: [web.urn] } });
            assert.deepStrictEqual((await only([web, { ...previewTarget, properties: { ...previewTarget.properties, resourceId: UNKNOWN } }])).length, 1);
            assert.deepStrictEqual(await only([web, target("web", UNKNOWN)]), []);
            assert.deepStrictEqual(await only([res("aws:ecs/service:Service", "web", { name: "web", loadBalancers: UNKNOWN }), target("web", 1)]), []);
        });
    });

    describe("traffic-legacy-record-target", () => {
        const only = async (stack: readonly AnalyzerStackResource[]) =>
            reported(await analyzer().analyzeStack(stack)).filter((r) => r.policy === "traffic-legacy-record-target").map((r) => r.text);
        it("passes a legacy record at the stack's load balancer, and a drained one anywhere", async () => {
            assert.deepStrictEqual(await only([doLb, legacy("www-legacy")]), []);
            assert.deepStrictEqual(await only([legacy("www-legacy", { records: ["203.0.113.9"], weightedRoutingPolicies: [{ weight: 0 }] })]), []);
        });
        it("reports a weighted record at an address that is no load balancer of the stack", async () => {
            assert.deepStrictEqual(await only([doLb, legacy("www-legacy", { records: ["203.0.113.9"] })]), [
                "www-legacy: weight 75 sends traffic to 203.0.113.9, which is no DigitalOcean load balancer of this stack (198.51.100.7); point it at the load balancer's ip.",
            ]);
        });
        it("uses dependencies at preview", async () => {
            assert.deepStrictEqual(await only([res(DO_LB, "web-lb", { ip: UNKNOWN }), legacy("www-legacy", { records: [UNKNOWN] }, { propertyDependencies: { records: [doLb.urn] } })]), []);
            assert.deepStrictEqual(await only([legacy("www-legacy", { records: [UNKNOWN] }, { propertyDependencies: { records: [urnOf("digitalocean:index/droplet:Droplet", "web-1")] } })]), [
                "www-legacy: weight 75 but its address depends on no DigitalOcean load balancer of this stack; point it at the load balancer's ip.",
            ]);
        });
    });

    describe("traffic-legacy-protected", () => {
        const droplet = (protect: boolean) => res("digitalocean:index/droplet:Droplet", "web-prod-1", { size: "s-2vcpu-4gb", image: "ubuntu-22-04-x64", vpcUuid: "vpc-1" }, { options: { protect } });
        it("is off unless required (dev)", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet(false))), []);
        });
        it("passes protected and reports unprotected legacy resources when required", async () => {
            await analyzer().configure({ "traffic-legacy-protected": { requireProtect: true } });
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet(true))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet(false))).map((r) => r.text), [
                "web-prod-1: is not protected; register it with { protect: true } so no update can delete the production legacy side.",
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(res("digitalocean:index/vpc:Vpc", "vpc", { name: UNKNOWN }))).map((r) => r.text), [
                "vpc: is not protected; register it with { protect: true } so no update can delete the production legacy side.",
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(res("aws:ecs/cluster:Cluster", "c", {}))), []);
        });
    });
});
