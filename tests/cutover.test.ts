// The cut-over of a live hostname: the change batch is checked against the
// Route 53 API's own shape for ChangeResourceRecordSets (transcribed below from
// botocore's model, route53/2013-04-01/service-2.json: types, required members,
// enums, min/max) and against the cross-field rules of the API reference
// (ResourceRecordSet: an alias has no TTL and no ResourceRecords; a weighted
// record needs a SetIdentifier).
import * as assert from "assert";
import * as fc from "fast-check";
import { cutoverChangeBatch, cutoverCommand, cutoverFileName, revertChangeBatch, revertFileName, weightedRecordImportId, type CutoverInput } from "../components/traffic/cutover";

type Shape =
    | { type: "structure"; required?: string[]; members: Record<string, string> }
    | { type: "list"; member: string; min?: number }
    | { type: "string"; min?: number; max?: number; enum?: string[] }
    | { type: "long"; min?: number; max?: number }
    | { type: "boolean" };

/** The shapes ChangeBatch reaches, as botocore's Route 53 model states them. */
const ROUTE53_SHAPES: Record<string, Shape> = {
    ChangeBatch: { type: "structure", required: ["Changes"], members: { Comment: "ResourceDescription", Changes: "Changes" } },
    ResourceDescription: { type: "string", max: 256 },
    Changes: { type: "list", member: "Change", min: 1 },
    Change: { type: "structure", required: ["Action", "ResourceRecordSet"], members: { Action: "ChangeAction", ResourceRecordSet: "ResourceRecordSet" } },
    ChangeAction: { type: "string", enum: ["CREATE", "DELETE", "UPSERT"] },
    ResourceRecordSet: {
        type: "structure", required: ["Name", "Type"],
        members: {
            Name: "DNSName", Type: "RRType", SetIdentifier: "ResourceRecordSetIdentifier", Weight: "ResourceRecordSetWeight",
            TTL: "TTL", ResourceRecords: "ResourceRecords", AliasTarget: "AliasTarget", HealthCheckId: "HealthCheckId",
        },
    },
    DNSName: { type: "string", max: 1024 },
    RRType: { type: "string", enum: ["SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS"] },
    ResourceRecordSetIdentifier: { type: "string", min: 1, max: 128 },
    ResourceRecordSetWeight: { type: "long", min: 0, max: 255 },
    TTL: { type: "long", min: 0, max: 2147483647 },
    ResourceRecords: { type: "list", member: "ResourceRecord", min: 1 },
    ResourceRecord: { type: "structure", required: ["Value"], members: { Value: "RData" } },
    RData: { type: "string", max: 4000 },
    AliasTarget: { type: "structure", required: ["HostedZoneId", "DNSName", "EvaluateTargetHealth"], members: { HostedZoneId: "ResourceId", DNSName: "DNSName", EvaluateTargetHealth: "AliasHealthEnabled" } },
    ResourceId: { type: "string", max: 32 },
    AliasHealthEnabled: { type: "boolean" },
    HealthCheckId: { type: "string", max: 64 },
};

/** Every way `value` breaks the shape, as "<path>: <problem>". */
function shapeProblems(shapeName: string, value: unknown, at = shapeName): string[] {
    const shape = ROUTE53_SHAPES[shapeName];
    switch (shape.type) {
        case "structure": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                return [`${at}: not a structure`];
            }
            const record = value as Record<string, unknown>;
            return [
                ...(shape.required ?? []).filter((k) => record[k] === undefined).map((k) => `${at}.${k}: required`),
                ...Object.keys(record).filter((k) => !(k in shape.members)).map((k) => `${at}.${k}: not a member of ${shapeName}`),
                ...Object.entries(record).filter(([k, v]) => k in shape.members && v !== undefined).flatMap(([k, v]) => shapeProblems(shape.members[k], v, `${at}.${k}`)),
            ];
        }
        case "list":
            if (!Array.isArray(value)) {
                return [`${at}: not a list`];
            }
            return [
                ...(shape.min !== undefined && value.length < shape.min ? [`${at}: fewer than ${shape.min} items`] : []),
                ...value.flatMap((v, i) => shapeProblems(shape.member, v, `${at}[${i}]`)),
            ];
        case "string":
            if (typeof value !== "string") {
                return [`${at}: not a string`];
            }
            return [
                ...(shape.enum !== undefined && !shape.enum.includes(value) ? [`${at}: ${value} is not one of ${shape.enum.join(", ")}`] : []),
                ...(shape.min !== undefined && value.length < shape.min ? [`${at}: shorter than ${shape.min}`] : []),
                ...(shape.max !== undefined && value.length > shape.max ? [`${at}: longer than ${shape.max}`] : []),
            ];
        case "long":
            if (!Number.isInteger(value)) {
                return [`${at}: not a whole number`];
            }
            return [
                ...(shape.min !== undefined && (value as number) < shape.min ? [`${at}: below ${shape.min}`] : []),
                ...(shape.max !== undefined && (value as number) > shape.max ? [`${at}: above ${shape.max}`] : []),
            ];
        case "boolean":
            return typeof value === "boolean" ? [] : [`${at}: not a boolean`];
    }
}

/** The API reference's rules across members of a record set. */
function recordSetRuleProblems(batch: { Changes: readonly { ResourceRecordSet: Record<string, unknown> }[] }): string[] {
    return batch.Changes.flatMap(({ ResourceRecordSet: set }, i) => [
        ...(set.AliasTarget !== undefined && (set.TTL !== undefined || set.ResourceRecords !== undefined) ? [`Changes[${i}]: an alias has neither TTL nor ResourceRecords`] : []),
        ...(set.AliasTarget === undefined && (set.TTL === undefined || set.ResourceRecords === undefined) ? [`Changes[${i}]: a non-alias record needs TTL and ResourceRecords`] : []),
        ...(set.Weight !== undefined && set.SetIdentifier === undefined ? [`Changes[${i}]: a weighted record needs a SetIdentifier`] : []),
    ]);
}

const WWW: CutoverInput = {
    hostname: "www.example.com",
    liveRecord: { type: "A", ttl: 300, values: ["203.0.113.21", "203.0.113.22"] },
    legacy: { loadBalancerIp: "198.51.100.7", healthCheckId: "4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab" },
    fargate: { albDnsName: "migration-prod-alb-123.us-east-1.elb.amazonaws.com", albZoneId: "Z35SXDOTRQ7X7K", healthCheckId: "9e8d7c6b-aaaa-4bbb-8ccc-0123456789ab" },
};

describe("cut-over: the Route 53 change batch", () => {
    it("deletes the live record and creates legacy 100 and Fargate 0, exactly as the program declares them", () => {
        assert.deepStrictEqual(cutoverChangeBatch(WWW), {
            Comment: "Cut-over of www.example.com to weighted records (legacy 100, fargate 0)",
            Changes: [
                { Action: "DELETE", ResourceRecordSet: { Name: "www.example.com", Type: "A", TTL: 300, ResourceRecords: [{ Value: "203.0.113.21" }, { Value: "203.0.113.22" }] } },
                { Action: "CREATE", ResourceRecordSet: { Name: "www.example.com", Type: "A", SetIdentifier: "legacy", Weight: 100, TTL: 60, ResourceRecords: [{ Value: "198.51.100.7" }], HealthCheckId: WWW.legacy.healthCheckId } },
                { Action: "CREATE", ResourceRecordSet: { Name: "www.example.com", Type: "A", SetIdentifier: "fargate", Weight: 0, AliasTarget: { HostedZoneId: "Z35SXDOTRQ7X7K", DNSName: WWW.fargate!.albDnsName, EvaluateTargetHealth: false }, HealthCheckId: WWW.fargate!.healthCheckId } },
            ],
        });
    });

    it("deletes a live CNAME in the same batch (a CNAME cannot share its name with the A records)", () => {
        const batch = cutoverChangeBatch({ ...WWW, liveRecord: { type: "CNAME", ttl: 3600, values: ["api-legacy.example.net"] }, fargate: undefined });
        assert.deepStrictEqual(batch.Changes.map((c) => [c.Action, c.ResourceRecordSet.Type, c.ResourceRecordSet.SetIdentifier]), [
            ["DELETE", "CNAME", undefined], ["CREATE", "A", "legacy"],
        ]);
    });

    it("is valid for the Route 53 API: shape and record-set rules", () => {
        const batch = cutoverChangeBatch(WWW);
        assert.deepStrictEqual(shapeProblems("ChangeBatch", batch), []);
        assert.deepStrictEqual(recordSetRuleProblems(batch as never), []);
    });

    it("the validator itself catches what Route 53 refuses", () => {
        const bad = {
            Comment: "x".repeat(257),
            Changes: [{ Action: "REPLACE", ResourceRecordSet: { Name: "www.example.com", Type: "A", Weight: 300, AliasTarget: { HostedZoneId: "Z35SXDOTRQ7X7K", DNSName: "a", EvaluateTargetHealth: false }, TTL: 60 } }],
        };
        assert.deepStrictEqual(shapeProblems("ChangeBatch", bad), [
            "ChangeBatch.Comment: longer than 256",
            "ChangeBatch.Changes[0].Action: REPLACE is not one of CREATE, DELETE, UPSERT",
            "ChangeBatch.Changes[0].ResourceRecordSet.Weight: above 255",
        ]);
        assert.deepStrictEqual(recordSetRuleProblems(bad as never), [
            "Changes[0]: an alias has neither TTL nor ResourceRecords",
            "Changes[0]: a weighted record needs a SetIdentifier",
        ]);
    });

    it("property: the batch and its undo are valid for any live record Route 53 could hold", () => {
        const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join("."));
        fc.assert(fc.property(
            fc.constantFrom("A" as const, "CNAME" as const), fc.integer({ min: 0, max: 2147483647 }), fc.uniqueArray(ipv4, { minLength: 1, maxLength: 8 }), fc.boolean(),
            (type, ttl, values, withFargate) => {
                const batch = cutoverChangeBatch({ ...WWW, liveRecord: { type, ttl, values: type === "CNAME" ? ["legacy.example.net"] : values }, fargate: withFargate ? WWW.fargate : undefined });
                assert.deepStrictEqual(shapeProblems("ChangeBatch", batch), []);
                assert.deepStrictEqual(recordSetRuleProblems(batch as never), []);
                assert.strictEqual(batch.Changes.length, withFargate ? 3 : 2);
                const undo = revertChangeBatch(batch, WWW.hostname);
                assert.deepStrictEqual(shapeProblems("ChangeBatch", undo), []);
                assert.deepStrictEqual(recordSetRuleProblems(undo as never), []);
                assert.deepStrictEqual(revertChangeBatch(undo, WWW.hostname).Changes, batch.Changes, "undoing the undo is the cut-over");
            },
        ));
    });

    it("undoes the cut-over in one batch: the weighted records deleted as created, the plain record created as it was", () => {
        const undo = revertChangeBatch(cutoverChangeBatch(WWW), "www.example.com");
        assert.deepStrictEqual(undo, {
            Comment: "Undo the cut-over of www.example.com: the plain record again",
            Changes: [
                { Action: "DELETE", ResourceRecordSet: { Name: "www.example.com", Type: "A", SetIdentifier: "fargate", Weight: 0, AliasTarget: { HostedZoneId: "Z35SXDOTRQ7X7K", DNSName: WWW.fargate!.albDnsName, EvaluateTargetHealth: false }, HealthCheckId: WWW.fargate!.healthCheckId } },
                { Action: "DELETE", ResourceRecordSet: { Name: "www.example.com", Type: "A", SetIdentifier: "legacy", Weight: 100, TTL: 60, ResourceRecords: [{ Value: "198.51.100.7" }], HealthCheckId: WWW.legacy.healthCheckId } },
                { Action: "CREATE", ResourceRecordSet: { Name: "www.example.com", Type: "A", TTL: 300, ResourceRecords: [{ Value: "203.0.113.21" }, { Value: "203.0.113.22" }] } },
            ],
        });
        assert.deepStrictEqual(shapeProblems("ChangeBatch", undo), []);
        assert.deepStrictEqual(recordSetRuleProblems(undo as never), []);
        assert.strictEqual(revertFileName("cutover-prod-www.example.com.json"), "cutover-prod-www.example.com.undo.json");
    });

    it("names the batch file per stack and hostname, and the exact AWS CLI command", () => {
        assert.strictEqual(cutoverFileName("prod", "www.example.com"), "cutover-prod-www.example.com.json");
        assert.strictEqual(cutoverFileName("acme/migration/prod", "www.example.com"), "cutover-acme_migration_prod-www.example.com.json");
        assert.strictEqual(cutoverCommand("Z0123456789ABCDEFGHIJ", "cutover-prod-www.example.com.json"),
            "aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABCDEFGHIJ --change-batch file://cutover-prod-www.example.com.json");
    });

    it("imports the records by the id pulumi-aws documents: ZONEID_NAME_TYPE_SETIDENTIFIER", () => {
        assert.strictEqual(weightedRecordImportId("Z0123456789ABCDEFGHIJ", "www.example.com", "legacy"), "Z0123456789ABCDEFGHIJ_www.example.com_A_legacy");
    });
});
