// Machine-readable sources of the provider rules: what a cited source
// allows, as data, so a test can hold each rule to exactly its sources.
//
// A rule cites its sources as `SourceRef`s: an AWS API member (its shape is
// read from the botocore models into botocore-constraints.json), a
// DigitalOcean OpenAPI property (read into do-openapi-constraints.json), or a
// constraint recorded by hand from a source that is not machine-readable (a
// Terraform provider validator, an API documentation sentence), with the file
// and line it was read from. The rule must refuse exactly what the
// conjunction of its sources refuses: the first check on the real path
// (Terraform's validators at `pulumi preview`, then the API) refuses the
// value, so the strictest applies.
//
// Pure: nothing here reads files; the extraction scripts and the test do.

/** What one source allows for one value. Strings are measured in characters (code points) unless `unit` says bytes. */
export type Constraint =
    | { readonly kind: "length"; readonly min?: number; readonly max?: number; readonly unit?: "characters" | "bytes" }
    /** A whole number in [min, max]. */
    | { readonly kind: "integer"; readonly min?: number; readonly max?: number }
    | { readonly kind: "enum"; readonly values: readonly (string | number)[]; readonly ignoreCase?: boolean }
    /**
     * The whole value matches (AWS matches its shape patterns against the
     * whole value: Java `Pattern.matches`). `ecma`: an OpenAPI (ECMA-262)
     * pattern, compiled without the unicode flag, which rejects escapes like \:.
     */
    | { readonly kind: "pattern"; readonly pattern: string; readonly ecma?: boolean }
    /** The value does not match anywhere (a Terraform `StringDoesNotMatch`). */
    | { readonly kind: "not-pattern"; readonly pattern: string }
    | { readonly kind: "items"; readonly min?: number; readonly max?: number }
    /** A number in [min, max], a multiple of `step` when given (AWS doubles documented as "multiples of 0.1"). */
    | { readonly kind: "number"; readonly min: number; readonly max: number; readonly step?: number }
    /**
     * A string holding a whole number in [min, max], or empty (unset): how
     * Terraform's nullable ints are validated (strconv.ParseInt, base 10: an
     * optional sign, then ASCII digits).
     */
    | { readonly kind: "nullable-int-string"; readonly min: number; readonly max: number };

/** A shape of an AWS API model, by service and member path ("Operation.Member" or "Shape.Member"). */
export interface ApiMember {
    /** botocore's service name (the folder under botocore/data), e.g. "elbv2". */
    readonly service: string;
    readonly member: string;
}

/** A property of the DigitalOcean OpenAPI specification: file under specification/resources and JSON pointer inside it. */
export interface DoApiProperty {
    readonly file: string;
    readonly pointer: string;
}

/** Constraints read by hand from a source that is not machine-readable. */
export interface Recorded {
    readonly constraints: readonly Constraint[];
    /** Where they were read: repository, file, commit and the validator or sentence. */
    readonly source: string;
    /**
     * For documentation sentences of an API member: a phrase of the member's
     * documentation in the botocore model that states the constraint (the
     * test checks that the extracted documentation contains it).
     */
    readonly quote?: string;
}

/** One cited source of a rule, on one input path. */
export interface SourceRef {
    /** The input the source constrains, as the rule reads it ("name", "healthCheck.interval", "tags[]"). */
    readonly path: string;
    readonly api?: ApiMember;
    readonly doApi?: DoApiProperty;
    readonly recorded?: Recorded;
    /**
     * Which parts of a machine-readable shape the rule enforces, when not all:
     * e.g. only the length of a string whose enum the rule leaves to another row.
     */
    readonly only?: readonly Constraint["kind"][];
    /** A value every source accepts; probes of lengths and characters are built from it. */
    readonly sample?: string | number;
    /** Where padding goes when a probe is longer than the sample (default: the end), and with what (default "a"). */
    readonly pad?: { readonly at: "start" | "end"; readonly with: string };
    /** Other inputs the rule needs to judge the path (e.g. the check type a field belongs to). */
    readonly base?: Readonly<Record<string, unknown>>;
    /** The path lies inside the first element of the JSON list held by an input (task definition container definitions). */
    readonly insideJson?: { readonly input: string; readonly element: Readonly<Record<string, unknown>> };
    /** More values to probe (edge cases the generated probes miss). */
    readonly also?: readonly unknown[];
}

/** A shape as extracted from a botocore model. */
export interface ApiShape {
    readonly shape: string;
    readonly type: string;
    readonly min?: number;
    readonly max?: number;
    readonly pattern?: string;
    readonly enum?: readonly string[];
    /** The member's documentation, tags stripped (only for members a recorded constraint quotes). */
    readonly documentation?: string;
}

/** A property as extracted from the DigitalOcean OpenAPI specification. */
export interface OpenApiProperty {
    readonly type?: string;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly pattern?: string;
    readonly enum?: readonly (string | number)[];
    readonly minimum?: number;
    readonly maximum?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly description?: string;
}

const INT32 = { min: -2147483648, max: 2147483647 };
const INT64 = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** What a botocore shape allows: its length, range (within the wire type), pattern, enum and item count. */
export function constraintsOfApiShape(shape: ApiShape): Constraint[] {
    switch (shape.type) {
        case "string": {
            const out: Constraint[] = [];
            if (shape.min !== undefined || shape.max !== undefined) out.push({ kind: "length", min: shape.min, max: shape.max });
            if (shape.pattern !== undefined) out.push({ kind: "pattern", pattern: shape.pattern });
            if (shape.enum !== undefined) out.push({ kind: "enum", values: shape.enum });
            return out;
        }
        case "integer":
        case "long": {
            const wire = shape.type === "integer" ? INT32 : INT64;
            return [{ kind: "integer", min: shape.min ?? wire.min, max: shape.max ?? wire.max }];
        }
        case "list":
            return shape.min !== undefined || shape.max !== undefined ? [{ kind: "items", min: shape.min, max: shape.max }] : [];
        default:
            return [];
    }
}

/** What an OpenAPI property allows. */
export function constraintsOfOpenApi(p: OpenApiProperty): Constraint[] {
    const out: Constraint[] = [];
    if (p.minLength !== undefined || p.maxLength !== undefined) out.push({ kind: "length", min: p.minLength, max: p.maxLength });
    // OpenAPI patterns are ECMA-262 and not anchored; the DigitalOcean spec anchors its own.
    if (p.pattern !== undefined) out.push({ kind: "pattern", pattern: p.pattern, ecma: true });
    if (p.enum !== undefined) out.push({ kind: "enum", values: p.enum });
    if (p.type === "integer") out.push({ kind: "integer", min: p.minimum, max: p.maximum });
    if (p.minItems !== undefined || p.maxItems !== undefined) out.push({ kind: "items", min: p.minItems, max: p.maxItems });
    return out;
}

/**
 * A Java (AWS) or ECMA (OpenAPI) pattern as a JavaScript RegExp over the
 * whole value. Java's POSIX class \p{Print} is ASCII-only ([\x20-\x7E]) unless
 * UNICODE_CHARACTER_CLASS is set, which AWS does not set.
 */
export function wholeMatch(pattern: string, ecma = false): RegExp {
    if (ecma) {
        return new RegExp(`^(?:${pattern})$`);
    }
    const js = pattern.replace(/\\p\{Print\}/g, "[\\x20-\\x7E]");
    return new RegExp(`^(?:${js})$`, "u");
}

function size(text: string, unit: "characters" | "bytes" | undefined): number {
    return unit === "bytes" ? Buffer.byteLength(text, "utf8") : [...text].length;
}

/** Whether one constraint allows the value. */
export function allows(c: Constraint, value: unknown): boolean {
    switch (c.kind) {
        case "length":
            return typeof value === "string" && (c.min === undefined || size(value, c.unit) >= c.min) && (c.max === undefined || size(value, c.unit) <= c.max);
        case "integer":
            return typeof value === "number" && Number.isInteger(value) && (c.min === undefined || value >= c.min) && (c.max === undefined || value <= c.max);
        case "enum":
            return c.values.some((v) => v === value || (c.ignoreCase === true && typeof v === "string" && typeof value === "string" && v.toLowerCase() === value.toLowerCase()));
        case "pattern":
            return typeof value === "string" && wholeMatch(c.pattern, c.ecma).test(value);
        case "not-pattern":
            return typeof value === "string" && !new RegExp(c.pattern, "u").test(value);
        case "items":
            return Array.isArray(value) && (c.min === undefined || value.length >= c.min) && (c.max === undefined || value.length <= c.max);
        case "number":
            return typeof value === "number" && Number.isFinite(value) && value >= c.min && value <= c.max && (c.step === undefined || isMultiple(value, c.step));
        case "nullable-int-string":
            return typeof value === "string" && (value === "" || (/^[+-]?[0-9]+$/.test(value) && Number(value) >= c.min && Number(value) <= c.max));
    }
}

/** Whether a decimal value is a multiple of a decimal step (up to binary rounding: 0.3 is a multiple of 0.1). */
function isMultiple(value: number, step: number): boolean {
    const q = value / step;
    return Math.abs(q - Math.round(q)) < 1e-9;
}

/** Characters a pattern probe tries at the start, in the middle and at the end of a valid value. */
export const PROBE_CHARACTERS: readonly string[] = [
    ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
    "\t", "\n", "\r", "\u0000", "\u007f", "\u00a0", "\u00e9", "\u00ff", "\u0100", "\u2192", "\u201c", "\ud83d\ude00",
];

function padTo(sample: string, length: number, pad: { at: "start" | "end"; with: string }): string {
    const chars = [...sample];
    if (chars.length >= length) {
        return pad.at === "start" ? chars.slice(chars.length - length).join("") : chars.slice(0, length).join("");
    }
    const fill = [...pad.with.repeat(Math.ceil((length - chars.length) / [...pad.with].length))].slice(0, length - chars.length).join("");
    return pad.at === "start" ? fill + sample : sample + fill;
}

/**
 * Values on both sides of every bound of these constraints: each length,
 * number and item count at, just inside and just outside each bound; each
 * enum value and non-members; the sample with each probe character at its
 * start, middle and end. A rule that agrees with its sources on all of them
 * enforces the same bounds, values and character classes.
 */
export function probes(constraints: readonly Constraint[], ref: Pick<SourceRef, "sample" | "pad" | "also">): unknown[] {
    const out: unknown[] = [];
    const sample = ref.sample;
    const pad = ref.pad ?? { at: "end", with: "a" };
    const textSample = typeof sample === "string" ? sample : "a";
    for (const c of constraints) {
        switch (c.kind) {
            case "length": {
                const lengths = [c.min, c.max].filter((n): n is number => n !== undefined).flatMap((n) => [n - 1, n, n + 1]).filter((n) => n >= 0);
                out.push(...lengths.map((n) => padTo(textSample, n, pad)));
                if (c.min === undefined) out.push("");
                break;
            }
            case "integer": {
                const lo = c.min;
                const hi = c.max;
                const bounds = [lo, hi].filter((n): n is number => n !== undefined);
                out.push(...bounds.flatMap((n) => [n - 1, n, n + 1]));
                if (bounds.length > 0) out.push(bounds[0] + 0.5, String(bounds[0]));
                break;
            }
            case "enum":
                out.push(...c.values);
                for (const v of c.values) {
                    if (typeof v === "string") out.push(v.toLowerCase(), v.toUpperCase(), `${v} `, `${v}x`);
                    else out.push(v - 1, v + 1, String(v));
                }
                out.push("", "none");
                break;
            case "pattern":
            case "not-pattern": {
                const chars = [...textSample];
                const mid = Math.floor(chars.length / 2);
                for (const ch of PROBE_CHARACTERS) {
                    out.push(ch + textSample, chars.slice(0, mid).join("") + ch + chars.slice(mid).join(""), textSample + ch);
                }
                out.push(textSample, "", textSample + textSample);
                break;
            }
            case "number": {
                const step = c.step ?? 0.01;
                out.push(c.min - step, c.min, c.min + step, c.max - step, c.max, c.max + step, String(c.min));
                if (c.step !== undefined) out.push(c.min + c.step / 2, c.max - c.step / 2);
                break;
            }
            case "nullable-int-string": {
                out.push("", ...[c.min - 1, c.min, c.min + 1, c.max - 1, c.max, c.max + 1].map(String));
                out.push(`+${c.min + 1}`, `0${c.min + 1}`, ` ${c.min + 1}`, `${c.min + 1} `, `${c.min + 1}.0`, "1e1", "0x1", "1_0", c.min + 1, "\uff11");
                break;
            }
            case "items": {
                const counts = [c.min, c.max].filter((n): n is number => n !== undefined).flatMap((n) => [n - 1, n, n + 1]).filter((n) => n >= 0);
                out.push(...counts.map((n) => Array.from({ length: n }, (_, i) => (typeof sample === "string" ? `${sample}${i}` : sample ?? `item-${i}`))));
                break;
            }
        }
    }
    // A list's sample is its element, not a value of the list.
    if (sample !== undefined && !constraints.some((c) => c.kind === "items")) out.push(sample);
    out.push(...(ref.also ?? []));
    return out;
}
