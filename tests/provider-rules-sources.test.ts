// Every provider rule that cites a machine-readable source (an AWS API shape
// from botocore, a DigitalOcean OpenAPI property) or a constraint recorded
// from a Terraform validator is held to exactly what its sources allow
// together: probed at, just inside and just outside every bound, with every
// enum value and non-members, and with every probe character in a valid
// value, it refuses a value exactly when one of its sources does. The data
// files are extracted by tools/offline/sources/extract.ts (no botocore and
// no network here).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROVIDER_RULES, type ProviderRule, type RuleResource } from "../tools/offline/provider-rules";
import {
    allows, constraintsOfApiShape, constraintsOfOpenApi, probes, wholeMatch,
    type ApiShape, type Constraint, type OpenApiProperty, type SourceRef,
} from "../tools/offline/sources/constraints";

const SOURCES = path.resolve(__dirname, "..", "tools", "offline", "sources");
const BOTOCORE = JSON.parse(fs.readFileSync(path.join(SOURCES, "botocore-constraints.json"), "utf8")) as { botocore: string; members: Record<string, ApiShape> };
const DO_OPENAPI = JSON.parse(fs.readFileSync(path.join(SOURCES, "do-openapi-constraints.json"), "utf8")) as { commit: string; properties: Record<string, OpenApiProperty> };

/** Rules checked by reading their source only: cross-field, cross-resource, JSON-document or quota rules, and auto-naming. */
const BY_READING = [
    "pulumi-autoname-fits-cap", "aws-tags", "elbv2-alb-subnets", "elbv2-tg-interval-above-timeout", "elbv2-tg-matcher", "elbv2-tg-health-port",
    "elbv2-https-listener-certificate", "elbv2-rule-condition-values", "elbv2-rule-priority-unique", "elbv2-listener-certificate-required",
    "elbv2-listener-certificate-https", "ec2-sg-rule-target", "ec2-sg-rule-ports", "ec2-sg-rule-cidr", "ec2-eip-target", "ecs-service-target-groups",
    "ecs-fargate-network-mode", "ecs-fargate-cpu-memory", "ecs-container-definitions-json", "ecs-awsvpc-host-port", "ecr-lifecycle-policy-rules",
    "cloudwatch-alarm-dimensions", "cloudwatch-alarm-metric-or-math", "cloudwatch-alarm-metric-queries", "cloudwatch-dashboard-body", "iam-policy-json",
    "iam-role-inline-policy-size", "ssm-parameter-value", "route53-alias-no-ttl", "route53-record-values", "route53-set-identifier-with-policy",
    "route53-a-record-ipv4", "route53-no-mixed-routing", "route53-set-identifier-unique", "route53-health-check-endpoint", "route53-health-check-sni",
    "appautoscaling-ecs-dimension", "appautoscaling-capacity", "rds-max-allocated-storage", "dms-endpoint-credentials",
    "do-droplet-required", "do-lb-size-unit-region", "do-lb-healthcheck-path", "do-lb-droplet-selection", "do-firewall-has-rules", "do-firewall-port-range", "do-vpc-ip-range", "do-database-firewall-rules",
    // tools/offline/provider-rules-rollouts.ts
    "ecs-advanced-configuration-pair", "eventbridge-event-pattern-json",
    // tools/offline/provider-rules-fleet.ts: cron grammar, IANA zones, a cross-field pair and a JSON document.
    "scheduler-schedule-expression", "scheduler-schedule-timezone", "scheduler-flexible-window-pair", "sfn-definition-json",
];

function apiShape(ref: SourceRef): ApiShape {
    const key = `${ref.api!.service} ${ref.api!.member}`;
    const shape = BOTOCORE.members[key];
    assert.ok(shape !== undefined, `${key} is not in botocore-constraints.json: run tools/offline/sources/extract.ts`);
    return shape;
}

function openApiProperty(ref: SourceRef): OpenApiProperty {
    const key = `${ref.doApi!.file}#${ref.doApi!.pointer}`;
    const property = DO_OPENAPI.properties[key];
    assert.ok(property !== undefined, `${key} is not in do-openapi-constraints.json: run tools/offline/sources/extract.ts --do-openapi <git dir>`);
    return property;
}

/** What one cited source allows. */
function constraintsOf(ref: SourceRef): Constraint[] {
    const machine = [
        ...(ref.api !== undefined ? constraintsOfApiShape(apiShape(ref)) : []),
        ...(ref.doApi !== undefined ? constraintsOfOpenApi(openApiProperty(ref)) : []),
    ].filter((c) => ref.only === undefined || ref.only.includes(c.kind));
    return [...machine, ...(ref.recorded?.constraints ?? [])];
}

/** The inputs with `value` at `at` ("a.b", "a[].b": the first element). */
function withValue(base: Readonly<Record<string, unknown>>, at: string, value: unknown): Record<string, unknown> {
    const root = structuredClone(base) as Record<string, any>;
    let node = root;
    const segments = at.split(".");
    segments.forEach((segment, i) => {
        const list = segment.endsWith("[]");
        const key = list ? segment.slice(0, -2) : segment;
        const last = i === segments.length - 1;
        if (list) {
            node[key] = last ? [value] : [node[key]?.[0] ?? {}];
            node = node[key][0];
        } else if (last) {
            node[key] = value;
        } else {
            node[key] = node[key] ?? {};
            node = node[key];
        }
    });
    return root;
}

interface Probe {
    readonly property: string;
    readonly resource: RuleResource;
}

function probe(rule: ProviderRule, refs: readonly SourceRef[], value: unknown): Probe {
    const at = refs[0].path;
    const base = Object.assign({}, ...refs.map((r) => r.base ?? {})) as Record<string, unknown>;
    const json = refs.find((r) => r.insideJson !== undefined)?.insideJson;
    const concrete = at.replace(/\[\]/g, "[0]");
    const inputs = json === undefined ? withValue(base, at, value) : { ...base, [json.input]: JSON.stringify([withValue(json.element, at, value)]) };
    return {
        property: json === undefined ? concrete : `${json.input}[0].${concrete}`,
        resource: { urn: `urn:pulumi:test::p::${rule.types[0]}::probe`, type: rule.types[0], name: "probe", inputs, dependencies: {} },
    };
}

/** Every probe on which the rule and its sources disagree. */
function disagreements(rule: ProviderRule, refs: readonly SourceRef[]): string[] {
    const constraints = refs.flatMap(constraintsOf);
    const seen = new Set<string>();
    const values = refs.flatMap((ref) => probes(constraintsOf(ref), ref)).filter((v) => {
        const key = JSON.stringify(v) ?? String(v);
        return seen.has(key) ? false : (seen.add(key), true);
    });
    const out: string[] = [];
    for (const value of values) {
        const { property, resource } = probe(rule, refs, value);
        const refused = rule.check!(resource).some((f) => f.property === property);
        const allowed = constraints.every((c) => allows(c, value));
        if (refused === allowed) {
            const shown = JSON.stringify(value) ?? String(value);
            out.push(`${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}: the rule ${refused ? "refuses" : "accepts"}, the sources ${allowed ? "accept" : "refuse"}`);
        }
    }
    return out;
}

function byPath(refs: readonly SourceRef[]): SourceRef[][] {
    const groups = new Map<string, SourceRef[]>();
    refs.forEach((r) => groups.set(r.path, [...(groups.get(r.path) ?? []), r]));
    return [...groups.values()];
}

function describeSources(refs: readonly SourceRef[]): string {
    return refs.map((r) => (r.api !== undefined ? `${r.api.service} ${r.api.member}${r.recorded?.quote !== undefined ? " (doc)" : ""}` : r.doApi !== undefined ? `DO ${r.doApi.file}` : "recorded")).join(", ");
}

describe("provider rules agree with their sources", () => {
    const cited = PROVIDER_RULES.filter((r) => (r.sources ?? []).length > 0);

    it("records where the data comes from, and holds every cited member, property and quote", () => {
        assert.strictEqual(BOTOCORE.botocore, "1.43.11");
        assert.match(DO_OPENAPI.commit, /^[0-9a-f]{40}$/);
        for (const rule of cited) {
            for (const ref of rule.sources!) {
                if (ref.api !== undefined) apiShape(ref);
                if (ref.doApi !== undefined) openApiProperty(ref);
                const quote = ref.recorded?.quote;
                if (quote !== undefined) {
                    const text = ref.api !== undefined ? apiShape(ref).documentation : openApiProperty(ref).description;
                    assert.ok(text?.includes(quote), `${rule.id}: the documentation of ${describeSources([ref])} does not say ${JSON.stringify(quote)}`);
                }
                assert.ok(ref.api !== undefined || ref.doApi !== undefined || ref.recorded !== undefined, `${rule.id}: a source with nothing to check`);
            }
        }
    });

    it("checks every rule against data, except the ones listed as checked by reading", () => {
        const unchecked = PROVIDER_RULES.filter((r) => (r.sources ?? []).length === 0).map((r) => r.id);
        assert.deepStrictEqual(unchecked, BY_READING);
        assert.strictEqual(cited.length + BY_READING.length, PROVIDER_RULES.length);
    });

    for (const rule of cited) {
        for (const refs of byPath(rule.sources!)) {
            it(`${rule.id}: ${refs[0].path} as ${describeSources(refs)} allow`, () => {
                assert.deepStrictEqual(disagreements(rule, refs), []);
            });
        }
    }
});

describe("source constraints: shapes, patterns and probes", () => {
    it("reads a botocore shape: length and pattern, enum, integer within its wire type, item count", () => {
        assert.deepStrictEqual(constraintsOfApiShape({ shape: "S", type: "string", min: 1, max: 64, pattern: "[\\w+=,.@-]+" }), [{ kind: "length", min: 1, max: 64 }, { kind: "pattern", pattern: "[\\w+=,.@-]+" }]);
        assert.deepStrictEqual(constraintsOfApiShape({ shape: "E", type: "string", enum: ["a", "b"] }), [{ kind: "enum", values: ["a", "b"] }]);
        assert.deepStrictEqual(constraintsOfApiShape({ shape: "I", type: "integer" }), [{ kind: "integer", min: -2147483648, max: 2147483647 }]);
        assert.deepStrictEqual(constraintsOfApiShape({ shape: "P", type: "integer", min: 1, max: 65535 }), [{ kind: "integer", min: 1, max: 65535 }]);
        assert.deepStrictEqual(constraintsOfApiShape({ shape: "L", type: "list", max: 30 }), [{ kind: "items", min: undefined, max: 30 }]);
        assert.deepStrictEqual(constraintsOfApiShape({ shape: "B", type: "boolean" }), []);
    });

    it("reads an OpenAPI property", () => {
        assert.deepStrictEqual(constraintsOfOpenApi({ type: "integer", minimum: 1, maximum: 100 }), [{ kind: "integer", min: 1, max: 100 }]);
        assert.deepStrictEqual(constraintsOfOpenApi({ type: "string", maxLength: 255, pattern: "^[a-z]+$" }), [{ kind: "length", min: undefined, max: 255 }, { kind: "pattern", pattern: "^[a-z]+$", ecma: true }]);
        assert.deepStrictEqual(constraintsOfOpenApi({ type: "array", minItems: 1 }), [{ kind: "items", min: 1, max: undefined }]);
    });

    const matchCases: [string, string, boolean][] = [
        ["[\\.\\-_/#A-Za-z0-9]+", "/ecs/web", true],
        ["[\\.\\-_/#A-Za-z0-9]+", "/ecs/web app", false],
        ["\\p{Print}+", "web cpu~", true],
        ["\\p{Print}+", "web\u00e9", false],
        ["\\p{Print}+", "web\t", false],
        ["^(2|4|5)\\d\\d$", "404", true],
        ["^(2|4|5)\\d\\d$", "302", false],
        ["[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*", "caf\u00e9\n", true],
        ["[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*", "\u201cquoted\u201d", false],
    ];
    for (const [pattern, value, expected] of matchCases) {
        it(`${pattern} ${expected ? "matches" : "does not match"} the whole of ${JSON.stringify(value)}`, () => assert.strictEqual(wholeMatch(pattern).test(value), expected));
    }

    it("judges values: lengths in characters or bytes, whole numbers, enums, item counts, forbidden patterns", () => {
        assert.deepStrictEqual([0, 1, 2, 3].map((n) => allows({ kind: "length", min: 1, max: 2 }, "a".repeat(n))), [false, true, true, false]);
        assert.strictEqual(allows({ kind: "length", max: 2, unit: "bytes" }, "\u00e9\u00e9"), false);
        assert.strictEqual(allows({ kind: "length", max: 2 }, "\u00e9\u00e9"), true);
        assert.deepStrictEqual([0, 1, 1.5, "1", 10, 11].map((v) => allows({ kind: "integer", min: 1, max: 10 }, v)), [false, true, false, false, true, false]);
        assert.deepStrictEqual(["EXTERNAL", "external", "x"].map((v) => allows({ kind: "enum", values: ["EXTERNAL"] }, v)), [true, false, false]);
        assert.strictEqual(allows({ kind: "enum", values: ["EXTERNAL"], ignoreCase: true }, "external"), true);
        assert.deepStrictEqual([[], ["a"], ["a", "b"]].map((v) => allows({ kind: "items", min: 1, max: 1 }, v)), [false, true, false]);
        assert.deepStrictEqual(["ab", "a\u0001b"].map((v) => allows({ kind: "not-pattern", pattern: "[\\u0000-\\u001f]" }, v)), [true, false]);
    });

    it("judges decimals (a multiple of 0.1 up to binary rounding) and Terraform's nullable ints (empty, or strconv.ParseInt base 10)", () => {
        const tenths = { kind: "number", min: 0.1, max: 100, step: 0.1 } as const;
        assert.deepStrictEqual([0, 0.1, 0.3, 2.55, 99.9, 100, 100.1, "5", Number.NaN].map((v) => allows(tenths, v)), [false, true, true, false, true, true, false, false, false]);
        assert.deepStrictEqual([2.55, 3].map((v) => allows({ kind: "number", min: 0.1, max: 100 }, v)), [true, true]);
        const minutes = { kind: "nullable-int-string", min: 0, max: 1440 } as const;
        assert.deepStrictEqual(["", "0", "+10", "010", "-0", "1440", "1441", "-1", " 1", "1.0", "1e1", "0x1", "1_0", "\uff11", 10].map((v) => allows(minutes, v)),
            [true, true, true, true, true, true, false, false, false, false, false, false, false, false, false]);
    });

    it("probes both sides of every bound, every enum value and non-members, and characters at the start, middle and end", () => {
        const lengths = probes([{ kind: "length", min: 2, max: 4 }], { sample: "ab" }).map((v) => (v as string).length);
        assert.deepStrictEqual([...new Set(lengths)].sort(), [1, 2, 3, 4, 5]);
        assert.deepStrictEqual(probes([{ kind: "integer", min: 5, max: 300 }], {}), [4, 5, 6, 299, 300, 301, 5.5, "5"]);
        const enumProbes = probes([{ kind: "enum", values: ["HTTP_301"] }], {});
        assert.deepStrictEqual(enumProbes, ["HTTP_301", "http_301", "HTTP_301", "HTTP_301 ", "HTTP_301x", "", "none"]);
        const chars = probes([{ kind: "pattern", pattern: "[a-z]+" }], { sample: "web" });
        assert.ok(["-web", "w-eb", "web-", "\u00e9web", "web\u0000"].every((v) => chars.includes(v)));
        assert.deepStrictEqual(probes([{ kind: "length", max: 3 }], { sample: ".com", pad: { at: "start", with: "a" } }), ["om", "com", ".com", "", ".com"]);
        assert.deepStrictEqual(probes([{ kind: "items", min: 1, max: 2 }], { sample: "s" }).map((v) => (v as unknown[]).length), [0, 1, 2, 1, 2, 3]);
        assert.deepStrictEqual(probes([{ kind: "number", min: 3, max: 100, step: 0.1 }], {}).map((v) => (typeof v === "number" ? Math.round(v * 100) / 100 : v)), [2.9, 3, 3.1, 99.9, 100, 100.1, "3", 3.05, 99.95]);
        assert.deepStrictEqual(probes([{ kind: "nullable-int-string", min: 0, max: 1440 }], {}),
            ["", "-1", "0", "1", "1439", "1440", "1441", "+1", "01", " 1", "1 ", "1.0", "1e1", "0x1", "1_0", 1, "\uff11"]);
    });
});
