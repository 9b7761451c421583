// Table tests of the legacy side's pure helpers: DigitalOcean names and tags,
// firewall rules, load balancer rules and the Droplet plan.
import * as assert from "assert";
import * as fc from "fast-check";
import {
    ADOPTED_DROPLET_IGNORED_INPUTS,
    createdDropletName,
    doTag,
    isWholeInternet,
    legacyFirewallRules,
    loadBalancerForwardingRules,
    loadBalancerHealthcheck,
    loadBalancerSizing,
    planDroplets,
    resourceName,
    selectionTagName,
    tagsFromMap,
} from "../components/legacy";

describe("legacy helpers", () => {
    describe("resourceName", () => {
        const cases: [readonly (string | number)[], string][] = [
            [["migration", "prod", "web"], "migration-prod-web"],
            [["dev", "api", 3], "dev-api-3"],
            [["Migration", "Feature_Branch", "web"], "migration-feature-branch-web"],
            [["org/team", "prod.eu", "web"], "org-team-prod.eu-web"],
            [["-x-", "--y"], "x-y"],
            [["a".repeat(30), "b".repeat(32)], `${"a".repeat(30)}-${"b".repeat(32)}`],
        ];
        for (const [parts, expected] of cases) {
            it(`${JSON.stringify(parts)} -> ${expected}`, () => {
                assert.strictEqual(resourceName(...parts), expected);
            });
        }
        it("fits a too long name in 63 characters: its start, then a hash of the parts", () => {
            assert.strictEqual(resourceName("a".repeat(31), "b".repeat(32)), `${"a".repeat(31)}-${"b".repeat(24)}-277dd0`);
            // A 30-character project, a 20-character stack, a 16-character service (68 characters joined).
            assert.strictEqual(resourceName("p".repeat(30), "s".repeat(20), "abcdefghijklmnop"), `${"p".repeat(30)}-${"s".repeat(20)}-abcd-032ad1`);
            assert.notStrictEqual(resourceName("a".repeat(31), "b".repeat(32)), resourceName("a".repeat(31), "b".repeat(33)));
        });
        it("names parts without a letter or digit by their hash", () => {
            assert.strictEqual(resourceName("__", "//"), "e47654");
        });
        it("always yields a valid Droplet hostname of at most 63 characters", () => {
            fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }), (parts) => {
                const name = resourceName(...parts);
                return /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name) && name.length <= 63 && !name.includes("--");
            }));
        });
    });

    describe("createdDropletName", () => {
        const cases: [string, string, number, string][] = [
            ["dev", "web", 0, "dev-web-1"],
            ["dev", "web", 1, "dev-web-2"],
            ["prod", "api", 19, "prod-api-20"],
            // A stack name at Pulumi's 100-character limit and a 16-character service.
            ["s".repeat(100), "abcdefghijklmnop", 19, `${"s".repeat(56)}-81f56a`],
        ];
        for (const [stack, service, index, expected] of cases) {
            it(`${stack}/${service}#${index} -> ${expected}`, () => assert.strictEqual(createdDropletName(stack, service, index), expected));
        }
    });

    describe("doTag and tagsFromMap", () => {
        const cases: [string, string][] = [
            ["environment:prod", "environment:prod"],
            ["cost-center:cc-1042", "cost-center:cc-1042"],
            ["owner:a.b@example.com", "owner:a_b_example_com"],
            ["team:platform ops", "team:platform_ops"],
            ["snake_case:OK-1", "snake_case:OK-1"],
        ];
        for (const [input, expected] of cases) {
            it(`${JSON.stringify(input)} -> ${expected}`, () => assert.strictEqual(doTag(input), expected));
        }
        it("refuses an empty or too long tag", () => {
            assert.throws(() => doTag(""), { message: 'DigitalOcean tag "" is empty; allowed 1 to 255 characters' });
            assert.throws(() => doTag("x".repeat(256)), { message: `DigitalOcean tag "${"x".repeat(256)}" is 256 characters long; allowed 1 to 255 characters` });
        });
        it("turns a tag map into sorted key:value tags without duplicates", () => {
            assert.deepStrictEqual(tagsFromMap({ team: "platform", environment: "prod", "managed-by": "pulumi", service: "web" }),
                ["environment:prod", "managed-by:pulumi", "service:web", "team:platform"]);
            assert.deepStrictEqual(tagsFromMap({ "a b": "c", a_b: "c", flag: "" }), ["a_b:c", "flag"]);
            assert.deepStrictEqual(tagsFromMap({}), []);
        });
        it("names the selection tag after project, stack and service", () => {
            assert.strictEqual(selectionTagName("migration", "prod", "web"), "migration-prod-web");
            assert.strictEqual(selectionTagName("migration", "eu.prod", "api"), "migration-eu_prod-api");
            assert.notStrictEqual(selectionTagName("migration", "prod", "web"), selectionTagName("other", "prod", "web"));
        });
    });

    describe("legacyFirewallRules", () => {
        const base = { appPort: 8080, loadBalancerUid: "lb-uuid", adminCidrs: ["203.0.113.10/32", "2001:db8::/48"], vpcIpRange: "10.116.0.0/20" };
        it("opens the app port to the load balancer only and SSH to the admin networks only", () => {
            assert.deepStrictEqual(legacyFirewallRules(base).inboundRules, [
                { protocol: "tcp", portRange: "1-65535", sourceLoadBalancerUids: ["lb-uuid"] },
                { protocol: "tcp", portRange: "22", sourceAddresses: ["203.0.113.10/32", "2001:db8::/48"] },
            ]);
        });
        it("has no SSH rule without admin networks", () => {
            assert.deepStrictEqual(legacyFirewallRules({ ...base, adminCidrs: [] }).inboundRules, [
                { protocol: "tcp", portRange: "1-65535", sourceLoadBalancerUids: ["lb-uuid"] },
            ]);
        });
        it("allows out only DNS, NTP, HTTP(S), ICMP and the VPC", () => {
            const anywhere = ["0.0.0.0/0", "::/0"];
            assert.deepStrictEqual(legacyFirewallRules(base).outboundRules, [
                { protocol: "tcp", portRange: "53", destinationAddresses: anywhere },
                { protocol: "udp", portRange: "53", destinationAddresses: anywhere },
                { protocol: "udp", portRange: "123", destinationAddresses: anywhere },
                { protocol: "tcp", portRange: "80", destinationAddresses: anywhere },
                { protocol: "tcp", portRange: "443", destinationAddresses: anywhere },
                { protocol: "icmp", destinationAddresses: anywhere },
                { protocol: "tcp", portRange: "1-65535", destinationAddresses: ["10.116.0.0/20"] },
                { protocol: "udp", portRange: "1-65535", destinationAddresses: ["10.116.0.0/20"] },
            ]);
        });
        const refused: [Partial<typeof base>, string][] = [
            [{ adminCidrs: ["203.0.113.10/32", "0.0.0.0/0"] }, "adminCidrs: 0.0.0.0/0 would open SSH to the whole internet; allowed only specific admin networks (for example 203.0.113.10/32)"],
            [{ adminCidrs: ["::/0", " 10.0.0.0/00"] }, "adminCidrs: ::/0,  10.0.0.0/00 would open SSH to the whole internet; allowed only specific admin networks (for example 203.0.113.10/32)"],
            [{ appPort: 0 }, "appPort: 0 is not a port; allowed a whole number from 1 to 65535"],
            [{ appPort: 65536 }, "appPort: 65536 is not a port; allowed a whole number from 1 to 65535"],
            [{ appPort: 80.5 }, "appPort: 80.5 is not a port; allowed a whole number from 1 to 65535"],
        ];
        for (const [patch, message] of refused) {
            it(`refuses ${JSON.stringify(patch)}`, () => assert.throws(() => legacyFirewallRules({ ...base, ...patch }), { message }));
        }
        const wholeInternet: [string, boolean][] = [
            ["0.0.0.0/0", true], ["::/0", true], ["10.0.0.0/00", true],
            ["0.0.0.0/1", false], ["203.0.113.10/32", false], ["2001:db8::/10", false], ["10.0.0.0/20", false],
        ];
        for (const [cidr, expected] of wholeInternet) {
            it(`isWholeInternet(${cidr}) is ${expected}`, () => assert.strictEqual(isWholeInternet(cidr), expected));
        }
    });

    describe("load balancer rules", () => {
        it("forwards 80 and 443 (TLS with the named certificate) to the app port over HTTP", () => {
            assert.deepStrictEqual(loadBalancerForwardingRules(3000, "www-example-com-2026"), [
                { entryPort: 80, entryProtocol: "http", targetPort: 3000, targetProtocol: "http" },
                { entryPort: 443, entryProtocol: "https", targetPort: 3000, targetProtocol: "http", certificateName: "www-example-com-2026" },
            ]);
        });
        it("sizes one node with sizeUnit, or lb-small where DigitalOcean has no size_unit (ams2, nyc2, sfo1)", () => {
            const table: [string, ReturnType<typeof loadBalancerSizing>][] = [
                ["nyc3", { sizeUnit: 1 }], ["fra1", { sizeUnit: 1 }], ["nyc1", { sizeUnit: 1 }],
                ["nyc2", { size: "lb-small" }], ["ams2", { size: "lb-small" }], ["sfo1", { size: "lb-small" }],
            ];
            for (const [region, sizing] of table) {
                assert.deepStrictEqual(loadBalancerSizing(region), sizing, region);
            }
        });
        it("health-checks the app port and path every 10 s", () => {
            assert.deepStrictEqual(loadBalancerHealthcheck(8080, "/healthz"), {
                protocol: "http", port: 8080, path: "/healthz",
                checkIntervalSeconds: 10, responseTimeoutSeconds: 5, unhealthyThreshold: 3, healthyThreshold: 5,
            });
        });
    });

    describe("planDroplets", () => {
        const keys = ["aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99"];
        it("plans `count` created Droplets with monitoring, user data and SSH keys; backups only in prod", () => {
            assert.deepStrictEqual(planDroplets({
                stack: "dev", environment: "dev", service: "web", sshKeys: keys,
                legacy: { enabled: true, mode: "create", count: 2, size: "s-1vcpu-2gb", image: "ubuntu-24-04-x64", userData: "#cloud-config\n" },
            }), [1, 2].map((n) => ({
                key: String(n), name: `dev-web-${n}`, size: "s-1vcpu-2gb", image: "ubuntu-24-04-x64", backups: false,
                create: { monitoring: true, userData: "#cloud-config\n", sshKeys: keys },
                ignoreChanges: [], retainOnDelete: false, keepTags: [],
            })));
            assert.deepStrictEqual(planDroplets({
                stack: "prod", environment: "prod", service: "api", sshKeys: [],
                legacy: { enabled: true, mode: "create", count: 1, size: "s-2vcpu-4gb", image: "123456" },
            }), [{
                key: "1", name: "prod-api-1", size: "s-2vcpu-4gb", image: "123456", backups: true,
                create: { monitoring: true, sshKeys: [] }, ignoreChanges: [], retainOnDelete: false, keepTags: [],
            }]);
        });
        it("plans adopted Droplets keyed by id, with their own names, imported and retained as configured", () => {
            assert.deepStrictEqual(planDroplets({
                stack: "prod", environment: "prod", service: "web", sshKeys: keys,
                legacy: {
                    enabled: true, mode: "adopt", size: "s-4vcpu-8gb", image: "ubuntu-22-04-x64", retainOnDelete: false,
                    droplets: [{ id: "412345672", name: "web-prod-2", tags: ["web-prod", "team:web"] }, { id: "412345671", name: "web-prod-1", tags: [] }],
                },
            }), [
                { key: "412345672", name: "web-prod-2", size: "s-4vcpu-8gb", image: "ubuntu-22-04-x64", backups: true, importId: "412345672", keepTags: ["web-prod", "team:web"], ignoreChanges: ["image", "userData", "sshKeys", "monitoring", "ipv6"], retainOnDelete: false },
                { key: "412345671", name: "web-prod-1", size: "s-4vcpu-8gb", image: "ubuntu-22-04-x64", backups: true, importId: "412345671", keepTags: [], ignoreChanges: ["image", "userData", "sshKeys", "monitoring", "ipv6"], retainOnDelete: false },
            ]);
        });
        it("never manages the inputs that would replace an adopted Droplet, and keeps the ones that must match", () => {
            for (const input of ["image", "userData", "sshKeys", "monitoring", "ipv6"]) {
                assert.ok(ADOPTED_DROPLET_IGNORED_INPUTS.includes(input), input);
            }
            for (const input of ["name", "size", "region", "vpcUuid", "tags", "backups"]) {
                assert.ok(!ADOPTED_DROPLET_IGNORED_INPUTS.includes(input), input);
            }
        });
        it("refuses a decommissioned service", () => {
            assert.throws(() => planDroplets({ stack: "dev", environment: "dev", service: "web", sshKeys: [], legacy: { enabled: false } }), {
                message: 'legacy.enabled: false for service "web"; a decommissioned service has no Droplets',
            });
        });
    });
});

describe("legacy certificates and databases", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { coveringCertificate, domainCovers } = require("../components/legacy/certificates") as typeof import("../components/legacy/certificates");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { databaseFirewallRules } = require("../components/legacy/database-access") as typeof import("../components/legacy/database-access");

    const covers: [string, string, boolean][] = [
        ["www.example.com", "www.example.com", true],
        ["www.example.com", "api.example.com", false],
        ["*.example.com", "www.example.com", true],
        ["*.example.com", "example.com", false],
        ["*.example.com", "a.b.example.com", false],
        ["*.dev.example.com", "api.dev.example.com", true],
    ];
    for (const [domain, host, expected] of covers) {
        it(`${domain} ${expected ? "covers" : "does not cover"} ${host} (a wildcard covers one label)`, () => {
            assert.strictEqual(domainCovers(domain, host), expected);
        });
    }

    it("picks the first certificate that covers the hostname", () => {
        const certificates = [{ name: "www", domains: ["www.example.com"] }, { name: "wild", domains: ["*.example.com"] }];
        assert.strictEqual(coveringCertificate("www.example.com", certificates), "www");
        assert.strictEqual(coveringCertificate("api.example.com", certificates), "wild");
        assert.strictEqual(coveringCertificate("example.com", certificates), undefined);
    });

    it("keeps a database's trusted sources and adds each NAT address once", () => {
        assert.deepStrictEqual(databaseFirewallRules(
            { trustedSources: [{ type: "tag", value: "web-prod" }, { type: "ip_addr", value: "192.0.2.9" }] },
            ["192.0.2.9", "192.0.2.10", "192.0.2.10"],
        ), [
            { type: "tag", value: "web-prod" },
            { type: "ip_addr", value: "192.0.2.9" },
            { type: "ip_addr", value: "192.0.2.10" },
        ]);
    });
});
