// What a stack file claims (hostnames, adopted Droplets, databases, a created
// zone, an adopted VPC) and what it shares with another stack's file.
import * as assert from "assert";
import * as path from "path";
import type { RawConfigInput } from "../components/config";
import { readStackConfig } from "../tools/stack-file";
import { sharedClaimMessage, sharedClaims, stackClaims, type Claim } from "../tools/stacks/claims";

const ROOT = path.resolve(__dirname, "..");

function raw(stack: string, values: Record<string, unknown>): RawConfigInput {
    return { project: "migration", stack, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [`migration:${k}`, typeof v === "string" ? v : JSON.stringify(v)])), secretKeys: new Set() };
}

describe("stack claims", () => {
    it("reads prod's: its hostnames, adopted Droplets (web's, api's and the worker's) database and VPC, keyed as pulumi config writes them", () => {
        const claims = stackClaims(readStackConfig(ROOT, "prod"));
        assert.deepStrictEqual(claims.map((c) => [c.kind, c.key]), [
            ["hostname", "migration:services[0].hostname"],
            ["droplet", "migration:services[0].legacy.droplets[0].id"],
            ["droplet", "migration:services[0].legacy.droplets[1].id"],
            ["droplet", "migration:services[0].legacy.droplets[2].id"],
            ["hostname", "migration:services[1].hostname"],
            ["droplet", "migration:services[1].legacy.droplets[0].id"],
            ["droplet", "migration:services[1].legacy.droplets[1].id"],
            ["droplet", "migration:services[2].legacy.droplets[0].id"],
            ["database", "migration:legacy.databases[0].clusterId"],
            ["legacy VPC", "migration:legacy.adoptVpcId"],
        ]);
        assert.deepStrictEqual(claims.find((c) => c.key === "migration:services[2].legacy.droplets[0].id")!.value, "412345691");
    });

    it("the example stacks share nothing", () => {
        const byStack = new Map(["dev", "prod"].map((s) => [s, stackClaims(readStackConfig(ROOT, s))] as const));
        assert.deepStrictEqual([sharedClaims("dev", byStack), sharedClaims("prod", byStack)], [[], []]);
    });

    const cases: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
        ["a hostname, whatever its case or final dot", { services: [{ name: "web", hostname: "WWW.example.com." }] }, { services: [{ name: "site", hostname: "www.example.com" }] },
            ["migration:services[0].hostname: \"www.example.com\" is stack b's too (Pulumi.b.yaml, migration:services[0].hostname): two stacks cannot serve one hostname (their Route 53 records and certificates collide, and each `up` rewrites the other's); allowed a hostname of this stack's own"]],
        ["an adopted Droplet, by id", { services: [{ name: "web", legacy: { droplets: [{ id: "11" }, { id: "12" }] } }] }, { services: [{ name: "w", legacy: { droplets: [{ id: "12" }] } }] },
            ["migration:services[0].legacy.droplets[1].id: \"12\" is stack b's too (Pulumi.b.yaml, migration:services[0].legacy.droplets[0].id): an adopted Droplet belongs to one stack (each `up` rewrites its tags and firewall as its own stack says); allowed this stack's own Droplets (or legacy.mode create)"]],
        ["a database cluster", { legacy: { databases: [{ name: "main", clusterId: "c-1" }] } }, { legacy: { databases: [{ name: "other", clusterId: "c-1" }] } },
            ["migration:legacy.databases[0].clusterId: \"c-1\" is stack b's too (Pulumi.b.yaml, migration:legacy.databases[0].clusterId): a cluster's trusted sources are one list (each `up` replaces the other stack's entries); allowed this stack's own clusters"]],
        ["a zone both create", { dns: { zone: "create", zoneName: "dev.example.com" } }, { dns: { zone: "create", zoneName: "dev.example.com" } },
            ["migration:dns.zoneName: \"dev.example.com\" is stack b's too (Pulumi.b.yaml, migration:dns.zoneName): two hosted zones of one name: the parent delegates to one of them only; allowed a zone of this stack's own, or zone: lookup of a zone another stack creates"]],
        ["an adopted DigitalOcean VPC", { legacy: { adoptVpcId: "v-1" } }, { legacy: { adoptVpcId: "v-1" } },
            ["migration:legacy.adoptVpcId: \"v-1\" is stack b's too (Pulumi.b.yaml, migration:legacy.adoptVpcId): an adopted VPC belongs to one stack (each `up` rewrites its name and description); allowed a VPC of this stack's own (or no adoptVpcId: the program creates one)"]],
        ["not a zone both only look up, nor created Droplets, nor what is not text", { dns: { zone: "lookup", zoneName: "example.com" }, services: [{ name: "web", legacy: { mode: "create", count: 2 } }, { name: "x", hostname: { host: "a" } }] },
            { dns: { zone: "lookup", zoneName: "example.com" }, services: [{ name: "web", legacy: { mode: "create", count: 2 } }, { name: "x", hostname: { host: "a" } }] }, []],
    ];
    for (const [what, a, b, expected] of cases) {
        it(`finds ${what}`, () => {
            const byStack = new Map<string, readonly Claim[]>([["a", stackClaims(raw("a", a))], ["b", stackClaims(raw("b", b))]]);
            assert.deepStrictEqual(sharedClaims("a", byStack).map(sharedClaimMessage), expected);
        });
    }

    it("names every other stack that claims it, one row each", () => {
        const claim = { services: [{ name: "web", hostname: "www.example.com" }] };
        const byStack = new Map(["a", "b", "c"].map((s) => [s, stackClaims(raw(s, claim))] as const));
        assert.deepStrictEqual(sharedClaims("a", byStack).map((c) => [c.otherStack, c.otherKey]), [["b", "migration:services[0].hostname"], ["c", "migration:services[0].hostname"]]);
    });
});
