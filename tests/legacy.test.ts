// LegacyFoundation and LegacyService under the mock runtime, for both real
// stacks: what they register (exact inputs and resource options), what they
// output, and the arguments they refuse.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { parseStackConfig, RawConfigInput, type ServiceConfig } from "../components/config";
import { LegacyFoundation, LegacyService } from "../components/legacy";
import { fromWire, isSecretValue, ProgramError, ProgramRun, Registration, runInMocks } from "../tools/offline/capture";
import { mockEnvironmentFor, OfflineMocks } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

const T = {
    foundation: "migration:legacy:Foundation",
    service: "migration:legacy:Service",
    vpc: "digitalocean:index/vpc:Vpc",
    droplet: "digitalocean:index/droplet:Droplet",
    lb: "digitalocean:index/loadBalancer:LoadBalancer",
    firewall: "digitalocean:index/firewall:Firewall",
    tag: "digitalocean:index/tag:Tag",
    project: "digitalocean:index/project:Project",
};

const ANYWHERE = ["0.0.0.0/0", "::/0"];

/** The outbound rules every service's firewall has, given the VPC range. */
function expectedOutbound(vpcIpRange: string) {
    return [
        { protocol: "tcp", portRange: "53", destinationAddresses: ANYWHERE },
        { protocol: "udp", portRange: "53", destinationAddresses: ANYWHERE },
        { protocol: "udp", portRange: "123", destinationAddresses: ANYWHERE },
        { protocol: "tcp", portRange: "80", destinationAddresses: ANYWHERE },
        { protocol: "tcp", portRange: "443", destinationAddresses: ANYWHERE },
        { protocol: "icmp", destinationAddresses: ANYWHERE },
        { protocol: "tcp", portRange: "1-65535", destinationAddresses: [vpcIpRange] },
        { protocol: "udp", portRange: "1-65535", destinationAddresses: [vpcIpRange] },
    ];
}

/** The tags ServiceConfig.tags becomes on every Droplet of the service, after the selection tag. */
function expectedTags(stack: string, service: string): string[] {
    return [
        `migration-${stack}-${service}`,
        "cost-center:cc-1042",
        `environment:${stack}`,
        "managed-by:pulumi",
        "pulumi-project:migration",
        `pulumi-stack:${stack}`,
        `service:${service}`,
        "team:platform",
    ];
}

/** The user data of the dev stack's i-th service, as its stack file holds it. */
const devUserData = (i: number) => (JSON.parse(readStackConfig(ROOT, "dev").values["migration:services"]) as { legacy: { userData: string } }[])[i].legacy.userData;

/** Builds the foundation and one LegacyService per enabled service, as the caller does. */
async function runLegacy(raw: RawConfigInput): Promise<ProgramRun> {
    return runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
        const config = parseStackConfig(raw);
        const foundation = new LegacyFoundation(`migration-${raw.stack}-legacy`, { config });
        const outputs: Record<string, unknown> = { vpcId: foundation.vpcId, vpcUrn: foundation.vpcUrn };
        for (const service of config.services.filter((s) => s.legacy.enabled)) {
            const legacy = new LegacyService(`migration-${raw.stack}-${service.name}`, { config, service, vpcId: foundation.vpcId });
            outputs[service.name] = {
                loadBalancerIp: legacy.loadBalancerIp,
                loadBalancerUrn: legacy.loadBalancerUrn,
                loadBalancerId: legacy.loadBalancerId,
                dropletIds: legacy.dropletIds,
                dropletPrivateIps: legacy.dropletPrivateIps,
                healthCheckUrl: legacy.healthCheckUrl,
                selectionTag: legacy.selectionTag,
            };
        }
        return outputs;
    });
}

/** Builds one LegacyService for the named service of the stack and returns the message it fails with. */
/**
 * The message LegacyService refuses its arguments with. `patch` edits the
 * service after config validation, to reach the component's own guards
 * (the config parser already rejects most of these).
 */
async function failureOf(raw: RawConfigInput, serviceName: string, patch: (service: any) => unknown = (s) => s): Promise<string> {
    try {
        await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
            const config = parseStackConfig(raw);
            const original = config.services.find((s) => s.name === serviceName)!;
            const service = patch({ ...original, legacy: structuredClone(original.legacy) }) as ServiceConfig;
            new LegacyService(`migration-${raw.stack}-${serviceName}`, { config, service, vpcId: "5a4bd2f1-6c1e-4f6a-9d3e-2b7c8e9f0a1d" });
        });
    } catch (err) {
        assert.ok(err instanceof ProgramError, `expected ProgramError, got ${String(err)}`);
        return err.message;
    }
    return assert.fail("expected LegacyService to refuse its arguments");
}

function one(run: ProgramRun, type: string, name: string): Registration {
    const found = run.registrations.filter((r) => r.type === type && r.name === name);
    assert.strictEqual(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

function options(r: Registration) {
    return { protect: r.options.protect, importId: r.options.importId, retainOnDelete: r.options.retainOnDelete, ignoreChanges: r.options.ignoreChanges };
}

const PLAIN = { protect: false, importId: undefined, retainOnDelete: false, ignoreChanges: [] };
const PROTECTED = { protect: true, importId: undefined, retainOnDelete: false, ignoreChanges: [] };
const ADOPTED_IGNORED = ["image", "userData", "sshKeys", "monitoring", "ipv6"];

/** Children of the component registered under `name`. */
function childrenOf(run: ProgramRun, type: string, name: string): Registration[] {
    const component = one(run, type, name);
    return run.registrations.filter((r) => r.parent === component.urn);
}

function devRaw(overrides: Record<string, unknown> = {}): RawConfigInput {
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(overrides)) {
        config[key] = JSON.stringify(value);
    }
    return readStackConfig(ROOT, "dev", { config });
}

describe("legacy (DigitalOcean) components", () => {
    describe("dev stack: created VPC and Droplets", () => {
        let run: ProgramRun;
        let vpcId: string;
        before(async () => {
            run = await runLegacy(readStackConfig(ROOT, "dev"));
            vpcId = one(run, T.vpc, "migration-dev-legacy-vpc").id!;
        });

        it("creates the VPC, unprotected, from config.legacy", () => {
            const vpc = one(run, T.vpc, "migration-dev-legacy-vpc");
            assert.deepStrictEqual(fromWire(vpc.inputs), {
                name: "migration-dev",
                region: "nyc3",
                ipRange: "10.116.0.0/20",
                description: "Legacy Droplets of migration/dev, served beside AWS until retired",
            });
            assert.deepStrictEqual(options(vpc), PLAIN);
            assert.strictEqual(vpc.parent, one(run, T.foundation, "migration-dev-legacy").urn);
        });

        it("creates `count` Droplets per service with exact inputs, never secrets", () => {
            const web = one(run, T.droplet, "migration-dev-web-droplet-1");
            assert.deepStrictEqual(fromWire(web.inputs), {
                name: "dev-web-1",
                size: "s-1vcpu-2gb",
                image: "ubuntu-24-04-x64",
                region: "nyc3",
                vpcUuid: vpcId,
                tags: expectedTags("dev", "web"),
                backups: false,
                monitoring: true,
                userData: devUserData(0),
                sshKeys: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
            });
            assert.deepStrictEqual(options(web), PLAIN);
            const api = one(run, T.droplet, "migration-dev-api-droplet-1");
            assert.deepStrictEqual(fromWire(api.inputs), {
                name: "dev-api-1",
                size: "s-1vcpu-2gb",
                image: "ubuntu-24-04-x64",
                region: "nyc3",
                vpcUuid: vpcId,
                tags: expectedTags("dev", "api"),
                backups: false,
                monitoring: true,
                userData: devUserData(1),
                sshKeys: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
            });
            assert.deepStrictEqual(options(api), PLAIN);
            assert.strictEqual(run.registrations.filter((r) => r.type === T.droplet).length, 2);
            for (const droplet of run.registrations.filter((r) => r.type === T.droplet)) {
                assert.ok(Object.values(droplet.inputs).every((v) => !isSecretValue(v)), `${droplet.name} has a secret input`);
            }
        });

        it("makes the selection tag a Tag resource that the Droplets, load balancer and firewall wait for", () => {
            const tag = one(run, T.tag, "migration-dev-web-tag");
            assert.deepStrictEqual(fromWire(tag.inputs), { name: "migration-dev-web" });
            assert.deepStrictEqual(options(tag), PLAIN);
            assert.deepStrictEqual(one(run, T.droplet, "migration-dev-web-droplet-1").propertyDependencies.tags, [tag.urn]);
            assert.deepStrictEqual(one(run, T.lb, "migration-dev-web-lb").propertyDependencies.dropletTag, [tag.urn]);
            assert.deepStrictEqual(one(run, T.firewall, "migration-dev-web-fw").propertyDependencies.tags, [tag.urn]);
        });

        it("puts a load balancer with HTTP->HTTPS redirect and the service's health check in front, selecting by tag", () => {
            const lb = one(run, T.lb, "migration-dev-web-lb");
            assert.deepStrictEqual(fromWire(lb.inputs), {
                name: "migration-dev-web",
                region: "nyc3",
                vpcUuid: vpcId,
                sizeUnit: 1,
                dropletTag: "migration-dev-web",
                redirectHttpToHttps: true,
                forwardingRules: [
                    { entryPort: 80, entryProtocol: "http", targetPort: 8080, targetProtocol: "http" },
                    { entryPort: 443, entryProtocol: "https", targetPort: 8080, targetProtocol: "http", certificateName: "dev-example-com" },
                ],
                healthcheck: {
                    protocol: "http",
                    port: 8080,
                    path: "/healthz",
                    checkIntervalSeconds: 10,
                    responseTimeoutSeconds: 5,
                    unhealthyThreshold: 3,
                    healthyThreshold: 5,
                },
            });
            assert.deepStrictEqual(options(lb), PLAIN);
            const api = fromWire(one(run, T.lb, "migration-dev-api-lb").inputs) as Record<string, unknown>;
            assert.deepStrictEqual(api.forwardingRules, [
                { entryPort: 80, entryProtocol: "http", targetPort: 3000, targetProtocol: "http" },
                { entryPort: 443, entryProtocol: "https", targetPort: 3000, targetProtocol: "http", certificateName: "dev-example-com" },
            ]);
            assert.deepStrictEqual((api.healthcheck as Record<string, unknown>).path, "/health");
            assert.strictEqual(api.dropletTag, "migration-dev-api");
        });

        it("firewalls the Droplets: app port only from the load balancer, SSH only from adminCidrs", () => {
            const fw = one(run, T.firewall, "migration-dev-web-fw");
            const lbId = one(run, T.lb, "migration-dev-web-lb").id;
            assert.deepStrictEqual(fromWire(fw.inputs), {
                name: "migration-dev-web",
                tags: ["migration-dev-web"],
                inboundRules: [
                    { protocol: "tcp", portRange: "1-65535", sourceLoadBalancerUids: [lbId] },
                    { protocol: "tcp", portRange: "22", sourceAddresses: ["203.0.113.10/32"] },
                ],
                outboundRules: expectedOutbound("10.116.0.0/20"),
            });
            assert.deepStrictEqual(options(fw), PLAIN);
        });

        it("groups Droplets and load balancer in a Development project", () => {
            const project = one(run, T.project, "migration-dev-web-project");
            const droplet = one(run, T.droplet, "migration-dev-web-droplet-1");
            const lb = one(run, T.lb, "migration-dev-web-lb");
            assert.deepStrictEqual(fromWire(project.inputs), {
                name: "migration-dev-web",
                description: "Legacy Droplets of www.dev.example.com (migration/dev), served beside AWS Fargate until retired",
                purpose: "Web Application",
                environment: "Development",
                resources: [`do:droplet:${droplet.id}`, `do:loadbalancer:${lb.id}`],
            });
            assert.deepStrictEqual(options(project), PLAIN);
        });

        it("outputs the load balancer, Droplets, health check URL and selection tag", () => {
            const lb = one(run, T.lb, "migration-dev-web-lb");
            const droplet = one(run, T.droplet, "migration-dev-web-droplet-1");
            const ip = String(lb.outputs.ip);
            const privateIp = String(droplet.outputs.ipv4AddressPrivate);
            assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
            assert.match(privateIp, /^10\.116\.(\d|1[0-5])\.\d+$/, "a private IP inside the VPC range 10.116.0.0/20");
            const outputs = fromWire(run.stackOutputs) as Record<string, unknown>;
            assert.deepStrictEqual(outputs.web, {
                loadBalancerIp: ip,
                loadBalancerUrn: `do:loadbalancer:${lb.id}`,
                loadBalancerId: lb.id,
                dropletIds: [droplet.id],
                dropletPrivateIps: [privateIp],
                healthCheckUrl: `http://${ip}/healthz`,
                selectionTag: "migration-dev-web",
            });
            assert.deepStrictEqual(outputs.vpcId, one(run, T.vpc, "migration-dev-legacy-vpc").id);
            assert.deepStrictEqual(outputs.vpcUrn, `do:vpc:${vpcId}`);
            const service = one(run, T.service, "migration-dev-web");
            assert.deepStrictEqual(fromWire(service.outputs), outputs.web);
        });

        it("gives two services disjoint URNs and DigitalOcean names", () => {
            const web = childrenOf(run, T.service, "migration-dev-web");
            const api = childrenOf(run, T.service, "migration-dev-api");
            const typesOf = (children: Registration[]) => children.map((r) => r.type).sort();
            const expectedTypes = [T.droplet, T.firewall, T.lb, T.project, T.tag].sort();
            assert.deepStrictEqual(typesOf(web), expectedTypes);
            assert.deepStrictEqual(typesOf(api), expectedTypes);
            const urns = (children: Registration[]) => new Set(children.map((r) => r.urn));
            const doNames = (children: Registration[]) => new Set(children.map((r) => `${r.type}|${String(fromWire(r.inputs.name))}`));
            assert.deepStrictEqual([...urns(web)].filter((u) => urns(api).has(u)), []);
            assert.deepStrictEqual([...doNames(web)].filter((n) => doNames(api).has(n)), []);
            assert.strictEqual(new Set(run.registrations.map((r) => r.urn)).size, run.registrations.length);
        });
    });

    describe("prod stack: adopted VPC and Droplets, everything protected", () => {
        let run: ProgramRun;
        /** Prod once cut over and the firewall phase is on, with an extra monitoring source and a mail relay. */
        let firewalled: ProgramRun;
        const VPC_ID = "5a4bd2f1-6c1e-4f6a-9d3e-2b7c8e9f0a1d";
        before(async () => {
            run = await runLegacy(readStackConfig(ROOT, "prod"));
            const legacy = JSON.parse(readStackConfig(ROOT, "prod").values["migration:legacy"]) as Record<string, unknown>;
            const cutOver = (JSON.parse(readStackConfig(ROOT, "prod").values["migration:services"]) as { traffic: Record<string, unknown> }[])
                .map((s) => ({ ...s, traffic: { ...s.traffic, liveRecord: undefined } }));
            firewalled = await runLegacy(readStackConfig(ROOT, "prod", { config: { "migration:services": JSON.stringify(cutOver), "migration:legacy": JSON.stringify({
                ...legacy,
                firewall: {
                    enabled: true,
                    inbound: [{ protocol: "tcp", ports: "9100", addresses: ["198.51.100.77/32"], tags: ["monitoring"] }],
                    outbound: [{ protocol: "tcp", ports: "587", addresses: ["192.0.2.25/32"] }, { protocol: "udp", ports: "all", dropletIds: ["412345690"] }],
                },
            }) } }));
        });

        it("applies no firewall while legacy.firewall.enabled is false (day one: clients still reach the Droplets directly)", () => {
            assert.deepStrictEqual(run.registrations.filter((r) => r.type === T.firewall), []);
        });

        it("imports the VPC with matching inputs, protected and kept on delete", () => {
            const vpc = one(run, T.vpc, "migration-prod-legacy-vpc");
            assert.deepStrictEqual(fromWire(vpc.inputs), {
                name: "migration-prod",
                region: "nyc3",
                ipRange: "10.124.0.0/20",
                description: "Legacy Droplets of migration/prod, served beside AWS until retired",
            });
            assert.deepStrictEqual(options(vpc), { protect: true, importId: VPC_ID, retainOnDelete: true, ignoreChanges: ["name", "description"] });
            assert.strictEqual(vpc.id, VPC_ID);
        });

        it("imports each listed Droplet as it is: matching inputs, protected, retained, replacement-forcing inputs ignored", () => {
            const expected: [string, string, string, string][] = [
                ["web", "412345671", "web-prod-1", "s-4vcpu-8gb"],
                ["web", "412345672", "web-prod-2", "s-4vcpu-8gb"],
                ["web", "412345673", "web-prod-3", "s-4vcpu-8gb"],
                ["api", "412345681", "api-prod-1", "s-2vcpu-4gb"],
                ["api", "412345682", "api-prod-2", "s-2vcpu-4gb"],
            ];
            for (const [service, id, name, size] of expected) {
                const droplet = one(run, T.droplet, `migration-prod-${service}-droplet-${id}`);
                assert.deepStrictEqual(fromWire(droplet.inputs), {
                    name,
                    size,
                    image: "ubuntu-22-04-x64",
                    region: "nyc3",
                    vpcUuid: VPC_ID,
                    // The tags config says it has today stay, beside the program's.
                    tags: [...expectedTags("prod", service), `${service}-prod`],
                    backups: true,
                }, name);
                assert.deepStrictEqual(options(droplet), { protect: true, importId: id, retainOnDelete: true, ignoreChanges: ADOPTED_IGNORED }, name);
                assert.strictEqual(droplet.id, id);
            }
            assert.strictEqual(run.registrations.filter((r) => r.type === T.droplet).length, expected.length);
        });

        it("updates a service's Droplets one after another: each waits for the one before it", () => {
            const droplets = run.registrations.filter((r) => r.type === T.droplet && r.name.startsWith("migration-prod-web-"));
            assert.deepStrictEqual(droplets.map((d) => d.options.dependsOn.filter((u) => u.includes("droplet:Droplet")).map((u) => u.split("::").pop())), [
                [], ["migration-prod-web-droplet-412345671"], ["migration-prod-web-droplet-412345672"],
            ]);
        });

        it("honours retainOnDelete: false from config on adopted Droplets", async () => {
            const raw = readStackConfig(ROOT, "prod");
            const services = JSON.parse(raw.values["migration:services"]) as { legacy: Record<string, unknown> }[];
            services[1].legacy.retainOnDelete = false;
            const changed = await runLegacy(readStackConfig(ROOT, "prod", { config: { "migration:services": JSON.stringify(services) } }));
            assert.deepStrictEqual(options(one(changed, T.droplet, "migration-prod-api-droplet-412345681")),
                { protect: true, importId: "412345681", retainOnDelete: false, ignoreChanges: ADOPTED_IGNORED });
            assert.strictEqual(options(one(changed, T.droplet, "migration-prod-web-droplet-412345671")).retainOnDelete, true);
        });

        it("protects every legacy resource: Droplets, load balancers, firewalls, tags, projects, VPC", () => {
            const legacy = firewalled.registrations.filter((r) => r.type.startsWith("digitalocean:"));
            assert.strictEqual(legacy.length, 1 + 2 * 4 + 5);
            assert.deepStrictEqual(legacy.filter((r) => !r.options.protect).map((r) => r.name), []);
            for (const type of [T.lb, T.firewall, T.tag, T.project]) {
                for (const r of legacy.filter((x) => x.type === type)) {
                    assert.deepStrictEqual(options(r), PROTECTED, r.name);
                }
            }
        });

        it("fronts each service's Droplets with a load balancer on the certificate that covers its hostname", () => {
            const forwarding = (service: string) => (fromWire(one(run, T.lb, `migration-prod-${service}-lb`).inputs) as { forwardingRules: { certificateName?: string }[] }).forwardingRules[1].certificateName;
            assert.deepStrictEqual([forwarding("web"), forwarding("api")], ["www-example-com-2026", "api-example-com-2026"]);
            assert.deepStrictEqual(run.invocations.filter((i) => i.token === "digitalocean:index/getCertificate:getCertificate").map((i) => fromWire(i.args)), [
                { name: "www-example-com-2026" }, { name: "api-example-com-2026" },
            ]);
        });

        it("fronts the adopted Droplets with a load balancer on the prod certificate", () => {
            const lb = one(run, T.lb, "migration-prod-api-lb");
            assert.deepStrictEqual(fromWire(lb.inputs), {
                name: "migration-prod-api",
                region: "nyc3",
                vpcUuid: VPC_ID,
                sizeUnit: 1,
                dropletTag: "migration-prod-api",
                redirectHttpToHttps: true,
                forwardingRules: [
                    { entryPort: 80, entryProtocol: "http", targetPort: 3000, targetProtocol: "http" },
                    { entryPort: 443, entryProtocol: "https", targetPort: 3000, targetProtocol: "http", certificateName: "api-example-com-2026" },
                ],
                healthcheck: {
                    protocol: "http",
                    port: 3000,
                    path: "/health",
                    checkIntervalSeconds: 10,
                    responseTimeoutSeconds: 5,
                    unhealthyThreshold: 3,
                    healthyThreshold: 5,
                },
            });
        });

        it("once enabled, firewalls with both admin networks and the extra rules from config, never opening SSH or the app port to the internet", () => {
            for (const service of ["web", "api"]) {
                const fw = one(firewalled, T.firewall, `migration-prod-${service}-fw`);
                const lbId = one(firewalled, T.lb, `migration-prod-${service}-lb`).id;
                const inputs = fromWire(fw.inputs) as { inboundRules: Record<string, unknown>[] };
                assert.deepStrictEqual(inputs, {
                    name: `migration-prod-${service}`,
                    tags: [`migration-prod-${service}`],
                    inboundRules: [
                        { protocol: "tcp", portRange: "1-65535", sourceLoadBalancerUids: [lbId] },
                        { protocol: "tcp", portRange: "22", sourceAddresses: ["203.0.113.10/32", "198.51.100.0/28"] },
                        { protocol: "tcp", portRange: "9100", sourceAddresses: ["198.51.100.77/32"], sourceTags: ["monitoring"] },
                    ],
                    outboundRules: [
                        ...expectedOutbound("10.124.0.0/20"),
                        { protocol: "tcp", portRange: "587", destinationAddresses: ["192.0.2.25/32"] },
                        { protocol: "udp", portRange: "1-65535", destinationDropletIds: [412345690] },
                    ],
                });
                for (const rule of inputs.inboundRules) {
                    const sources = (rule.sourceAddresses as string[] | undefined) ?? [];
                    assert.ok(!sources.includes("0.0.0.0/0") && !sources.includes("::/0"), `inbound ${String(rule.portRange)} is open to the internet`);
                }
            }
        });

        it("groups each service's Droplets and load balancer in a Production project", () => {
            const project = one(run, T.project, "migration-prod-web-project");
            const lb = one(run, T.lb, "migration-prod-web-lb");
            assert.deepStrictEqual(fromWire(project.inputs), {
                name: "migration-prod-web",
                description: "Legacy Droplets of www.example.com (migration/prod), served beside AWS Fargate until retired",
                purpose: "Web Application",
                environment: "Production",
                resources: ["do:droplet:412345671", "do:droplet:412345672", "do:droplet:412345673", `do:loadbalancer:${lb.id}`],
            });
        });

        it("outputs the adopted Droplets' ids in config order", () => {
            const outputs = fromWire(run.stackOutputs) as Record<string, Record<string, unknown>>;
            const lb = one(run, T.lb, "migration-prod-api-lb");
            const privateIps = ["412345681", "412345682"].map((id) => one(run, T.droplet, `migration-prod-api-droplet-${id}`).outputs.ipv4AddressPrivate);
            assert.deepStrictEqual(outputs.api, {
                loadBalancerIp: lb.outputs.ip,
                loadBalancerUrn: `do:loadbalancer:${lb.id}`,
                loadBalancerId: lb.id,
                dropletIds: ["412345681", "412345682"],
                dropletPrivateIps: privateIps,
                healthCheckUrl: `http://${String(lb.outputs.ip)}/health`,
                selectionTag: "migration-prod-api",
            });
            assert.deepStrictEqual(outputs.vpcUrn, `do:vpc:${VPC_ID}`);
        });

        it("keeps prod and dev names apart", async () => {
            const dev = await runLegacy(readStackConfig(ROOT, "dev"));
            const names = (r: ProgramRun) => new Set(r.registrations.filter((x) => x.type.startsWith("digitalocean:")).map((x) => String(fromWire(x.inputs.name))));
            const prodNames = names(run);
            assert.deepStrictEqual([...names(dev)].filter((n) => prodNames.has(n)), []);
        });
    });

    describe("arguments and config edge cases", () => {
        it("fails the deployment, before the load balancer serves it, when the real certificate does not cover the hostname", async () => {
            const raw = readStackConfig(ROOT, "prod");
            /** DigitalOcean's answer differs from what config declares. */
            class RenamedCertificate extends OfflineMocks {
                override call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
                    const answer = super.call(args);
                    return args.token === "digitalocean:index/getCertificate:getCertificate" && args.inputs.name === "www-example-com-2026"
                        ? { ...answer, domains: ["shop.example.com"] }
                        : answer;
                }
            }
            await assert.rejects(runInMocks(raw, { mocks: new RenamedCertificate(mockEnvironmentFor(raw)) }, async () => {
                const config = parseStackConfig(raw);
                new LegacyService("migration-prod-web", { config, service: config.services[0], vpcId: "5a4bd2f1-6c1e-4f6a-9d3e-2b7c8e9f0a1d" });
            }), { message: /legacy\.certificates: the DigitalOcean certificate www-example-com-2026 covers shop\.example\.com, not www\.example\.com; correct its domains in legacy\.certificates or upload a certificate that covers www\.example\.com$/ });
        });

        it("adds no SSH rule at all when adminCidrs is empty", async () => {
            const legacy = JSON.parse(readStackConfig(ROOT, "dev").values["migration:legacy"]) as Record<string, unknown>;
            delete legacy.adminCidrs;
            const run = await runLegacy(devRaw({ "migration:legacy": legacy }));
            for (const service of ["web", "api"]) {
                const fw = fromWire(one(run, T.firewall, `migration-dev-${service}-fw`).inputs) as { inboundRules: { portRange: string }[] };
                assert.deepStrictEqual(fw.inboundRules.map((r) => r.portRange), ["1-65535"], service);
            }
        });

        it("refuses a decommissioned service with a message naming the argument", async () => {
            const services = JSON.parse(readStackConfig(ROOT, "dev").values["migration:services"]) as Record<string, any>[];
            services[0].legacy = { enabled: false };
            services[0].traffic.fargatePercent = 100;
            const raw = devRaw({ "migration:services": services });
            assert.strictEqual(await failureOf(raw, "web"),
                'LegacyService migration-dev-web: args.service.legacy.enabled is false for service "web" (decommissioned); build LegacyService only for services whose legacy.enabled is true');
            // The caller skips it: only api's legacy resources remain.
            const run = await runLegacy(raw);
            assert.deepStrictEqual(run.registrations.filter((r) => r.type === T.service).map((r) => r.name), ["migration-dev-api"]);
            assert.deepStrictEqual(run.registrations.filter((r) => r.type === T.droplet).map((r) => r.name), ["migration-dev-api-droplet-1"]);
        });

        it("refuses a service that is not in the stack config", async () => {
            const raw = readStackConfig(ROOT, "dev");
            let message = "";
            try {
                await runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
                    const config = parseStackConfig(raw);
                    new LegacyService("migration-dev-admin", { config, service: { ...config.services[0], name: "admin" }, vpcId: "vpc" });
                });
            } catch (err) {
                message = (err as Error).message;
            }
            assert.strictEqual(message, 'LegacyService migration-dev-admin: args.service "admin" is not one of args.config.services (web, api)');
        });

        it("refuses an adopted Droplet listed twice", async () => {
            assert.strictEqual(await failureOf(readStackConfig(ROOT, "prod"), "api", (svc) => {
                svc.legacy.droplets = [{ id: "412345681", name: "api-prod-1" }, { id: "412345681", name: "api-prod-1b" }];
                return svc;
            }), "LegacyService migration-prod-api: args.service.legacy.droplets lists the Droplet id 412345681 twice; allowed each Droplet once");
        });

        it("refuses user data over DigitalOcean's 64 KiB limit", async () => {
            assert.strictEqual(await failureOf(readStackConfig(ROOT, "dev"), "api", (svc) => {
                svc.legacy.userData = `#cloud-config\n${"#".repeat(65536)}`;
                return svc;
            }), "LegacyService migration-dev-api: args.service.legacy.userData is 65550 bytes; allowed at most 65536 (DigitalOcean's user data limit)");
        });
    });
});
