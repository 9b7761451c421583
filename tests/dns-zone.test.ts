import * as assert from "assert";
import * as path from "path";
import { parseStackConfig, type RawConfigInput } from "../components/config";
import { DnsZone } from "../components/dns-zone";
import { fromWire, runInMocks, type ProgramRun } from "../tools/offline/capture";
import { OfflineMocks, mockEnvironmentFor } from "../tools/offline/mocks";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

async function runZone(raw: RawConfigInput): Promise<ProgramRun> {
    return runInMocks(raw, { mocks: new OfflineMocks(mockEnvironmentFor(raw)) }, async () => {
        const config = parseStackConfig(raw);
        const zone = new DnsZone(`migration-${config.stack}`, { config });
        return { zoneId: zone.zoneId, zoneName: zone.zoneName, nameServers: zone.nameServers };
    });
}

const only = (run: ProgramRun, type: string) => {
    const found = run.registrations.filter((r) => r.type === type);
    assert.strictEqual(found.length, 1, `expected one ${type}, found ${found.length}`);
    return found[0];
};

describe("DnsZone", () => {
    describe("dev: zone: create", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runZone(readStackConfig(ROOT, "dev"));
        });

        it("creates the public zone with tags, never force-destroyed, unprotected in dev", () => {
            const component = only(run, "migration:dns:Zone");
            const zone = only(run, "aws:route53/zone:Zone");
            assert.strictEqual(zone.name, "migration-dev-zone");
            assert.strictEqual(zone.parent, component.urn);
            assert.deepStrictEqual(fromWire(zone.inputs), {
                name: "dev.example.com",
                comment: "Managed by Pulumi (migration/dev): legacy/Fargate traffic migration",
                forceDestroy: false,
                tags: {
                    team: "platform",
                    "cost-center": "cc-1042",
                    environment: "dev",
                    "managed-by": "pulumi",
                    "pulumi-project": "migration",
                    "pulumi-stack": "dev",
                    Name: "dev.example.com",
                },
            });
            assert.strictEqual(zone.options.protect, false);
        });

        it("delegates the zone from its parent: an NS record of the zone's name servers in the parent zone, looked up by name", () => {
            assert.deepStrictEqual(run.invocations.map((i) => ({ token: i.token, args: fromWire(i.args) })), [
                { token: "aws:route53/getZone:getZone", args: { name: "example.com", privateZone: false } },
            ]);
            const parentZoneId = (new OfflineMocks(mockEnvironmentFor(readStackConfig(ROOT, "dev"))).call({ token: "aws:route53/getZone:getZone", inputs: { name: "example.com", privateZone: false } }) as { zoneId: string }).zoneId;
            const delegation = only(run, "aws:route53/record:Record");
            assert.strictEqual(delegation.name, "migration-dev-delegation");
            assert.strictEqual(delegation.parent, only(run, "migration:dns:Zone").urn);
            assert.deepStrictEqual(fromWire(delegation.inputs), {
                zoneId: parentZoneId,
                name: "dev.example.com",
                type: "NS",
                ttl: 300,
                records: (fromWire(only(run, "aws:route53/zone:Zone").outputs) as { nameServers: string[] }).nameServers,
            });
        });

        it("writes the delegation in the parent's account: through a provider of its own that assumes dns.parentZoneRoleArn, for the lookup and the NS record alone", () => {
            const provider = only(run, "pulumi:providers:aws");
            assert.strictEqual(provider.name, "migration-dev-parent-zone");
            // Provider inputs travel as strings; the SDK sends structured ones as JSON.
            assert.deepStrictEqual(JSON.parse((fromWire(provider.inputs) as { assumeRoles: string }).assumeRoles),
                [{ roleArn: "arn:aws:iam::444455556666:role/dns-delegation-dev", sessionName: "migration-dev-delegation" }]);
            assert.strictEqual((fromWire(provider.inputs) as { region: string }).region, "us-east-1");
            const delegation = only(run, "aws:route53/record:Record");
            assert.ok(delegation.options.provider?.startsWith(`${provider.urn}::`), "the NS record goes through the parent's provider");
            assert.ok(only(run, "aws:route53/zone:Zone").options.provider === undefined, "the zone itself is the stack's own");
        });

        it("without a role, the parent zone is the stack's own account's: no provider of its own", async () => {
            const raw = readStackConfig(ROOT, "dev");
            const dns = JSON.parse(raw.values["migration:dns"]);
            delete dns.parentZoneRoleArn;
            const plain = await runZone(readStackConfig(ROOT, "dev", { config: { "migration:dns": JSON.stringify(dns) } }));
            assert.deepStrictEqual(plain.registrations.filter((r) => r.type === "pulumi:providers:aws"), []);
            assert.strictEqual(only(plain, "aws:route53/record:Record").options.provider, undefined);
        });

        it("outputs the created zone's id, name and name servers", () => {
            const zone = only(run, "aws:route53/zone:Zone");
            const outputs = fromWire(zone.outputs) as { zoneId: string; nameServers: string[] };
            assert.match(outputs.zoneId, /^Z0[A-Z0-9]{18}$/);
            assert.strictEqual(outputs.nameServers.length, 4);
            const expected = { zoneId: outputs.zoneId, zoneName: "dev.example.com", nameServers: outputs.nameServers };
            assert.deepStrictEqual(fromWire(run.stackOutputs), expected);
            assert.deepStrictEqual(fromWire(only(run, "migration:dns:Zone").outputs), expected);
        });
    });

    describe("prod: zone: lookup", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runZone(readStackConfig(ROOT, "prod"));
        });

        it("looks the public zone up by name (an invoke, no resource, no delegation)", () => {
            assert.deepStrictEqual(run.invocations.map((i) => ({ token: i.token, args: fromWire(i.args) })), [
                { token: "aws:route53/getZone:getZone", args: { name: "example.com", privateZone: false } },
            ]);
            assert.deepStrictEqual(run.registrations.filter((r) => r.type.startsWith("aws:")), []);
        });

        it("outputs the found zone's id and name servers and the configured name without a trailing dot", () => {
            const raw = readStackConfig(ROOT, "prod");
            const found = new OfflineMocks(mockEnvironmentFor(raw)).call({ token: "aws:route53/getZone:getZone", inputs: { name: "example.com", privateZone: false } }) as { zoneId: string; name: string; nameServers: string[] };
            assert.strictEqual(found.name, "example.com.");
            const expected = { zoneId: found.zoneId, zoneName: "example.com", nameServers: found.nameServers };
            assert.deepStrictEqual(fromWire(run.stackOutputs), expected);
            assert.deepStrictEqual(fromWire(only(run, "migration:dns:Zone").outputs), expected);
        });
    });

    it("looks the zone up by id when dns.zoneId is given (the import phase needs it), and checks it is the named zone", async () => {
        const dns = { zoneName: "example.com", zone: "lookup", zoneId: "Z0123456789ABCDEFGHIJ" };
        const raw = readStackConfig(ROOT, "prod", { config: { "migration:dns": JSON.stringify(dns) } });
        const run = await runZone(raw);
        assert.deepStrictEqual(run.invocations.map((i) => fromWire(i.args)), [{ zoneId: "Z0123456789ABCDEFGHIJ", privateZone: false }]);
        assert.strictEqual((fromWire(run.stackOutputs) as { zoneId: string }).zoneId, "Z0123456789ABCDEFGHIJ");
    });

    it("a zone id that names another zone fails the run naming dns.zoneId", async () => {
        const raw = readStackConfig(ROOT, "prod", { config: { "migration:dns": JSON.stringify({ zoneName: "example.com", zone: "lookup", zoneId: "Z0123456789ABCDEFGHIJ" }) } });
        const env = mockEnvironmentFor(raw);
        const mocks = new OfflineMocks({ ...env, zone: { name: "example.org", id: "Z0123456789ABCDEFGHIJ" } });
        await assert.rejects(runInMocks(raw, { mocks }, async () => {
            new DnsZone("migration-prod", { config: parseStackConfig(raw) }).zoneId.apply((id) => id);
        }), { message: /dns\.zoneId: Z0123456789ABCDEFGHIJ is the zone example\.org, not dns\.zoneName example\.com; allowed the id of example\.com$/ });
    });

    it("prod with zone: create protects the zone", async () => {
        const raw = readStackConfig(ROOT, "prod", { config: {
            "migration:dns": JSON.stringify({ zoneName: "shop.example.com", zone: "create", parentZoneName: "example.com" }),
            "migration:services": JSON.stringify(JSON.parse(readStackConfig(ROOT, "prod").values["migration:services"]).map((s: Record<string, any>) => {
                delete s.traffic.liveRecord;
                s.hostname = s.hostname.replace("example.com", "shop.example.com");
                return s;
            })),
            "migration:legacy": JSON.stringify({ ...JSON.parse(readStackConfig(ROOT, "prod").values["migration:legacy"]), certificates: [{ name: "shop", domains: ["*.shop.example.com"] }] }),
        } });
        const run = await runZone(raw);
        const zone = only(run, "aws:route53/zone:Zone");
        assert.strictEqual(zone.options.protect, true);
        assert.strictEqual((fromWire(zone.inputs) as { name: string }).name, "shop.example.com");
    });
});
