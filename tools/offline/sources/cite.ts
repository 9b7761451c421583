// How a provider rule cites its sources as data (./constraints.ts): the
// helpers every rules module (tools/offline/provider-rules*.ts) writes its
// SourceRefs with.
import type { ProviderRule } from "../rule-values";
import type { Constraint, SourceRef } from "./constraints";

/** The rule, held to these sources. */
export function cite(rule: ProviderRule, ...sources: SourceRef[]): ProviderRule {
    return { ...rule, sources };
}

/** An AWS API member: its shape in the botocore models (./botocore-constraints.json). */
export function api(path: string, service: string, member: string, extra: Partial<SourceRef> = {}): SourceRef {
    return { path, api: { service, member }, ...extra };
}

/** What a sentence of an AWS API member's documentation says (the test finds the quote in the extracted documentation). */
export function apiDoc(path: string, service: string, member: string, quote: string, constraints: readonly Constraint[], extra: Partial<SourceRef> = {}): SourceRef {
    return { path, api: { service, member }, recorded: { constraints, source: `botocore ${service} ${member} documentation`, quote }, ...extra };
}

/** A property of the DigitalOcean OpenAPI specification (./do-openapi-constraints.json). */
export function doApi(path: string, file: string, pointer: string, extra: Partial<SourceRef> = {}): SourceRef {
    return { path, doApi: { file, pointer }, ...extra };
}

/** Constraints read by hand from a source that is not machine-readable (a Terraform validator), with where. */
export function recorded(path: string, source: string, constraints: readonly Constraint[], extra: Partial<SourceRef> = {}): SourceRef {
    return { path, recorded: { constraints, source }, ...extra };
}

export const len = (min: number | undefined, max: number | undefined, unit?: "bytes"): Constraint => ({ kind: "length", min, max, ...(unit ? { unit } : {}) });
export const int = (min: number | undefined, max: number | undefined): Constraint => ({ kind: "integer", min, max });
export const oneOf = (...values: (string | number)[]): Constraint => ({ kind: "enum", values });
export const matches = (pattern: string): Constraint => ({ kind: "pattern", pattern });
export const items = (min: number | undefined, max: number | undefined): Constraint => ({ kind: "items", min, max });
/** A number in [min, max] that is a multiple of `step` (AWS's "multiples of 0.1 from 0.1 to 100.0"). */
export const decimal = (min: number, max: number, step?: number): Constraint => ({ kind: "number", min, max, ...(step !== undefined ? { step } : {}) });
/**
 * A Terraform string that holds a whole number in [min, max] or is empty
 * (unset): terraform-provider-aws internal/types/nullable
 * ValidateTypeStringNullableIntBetween (strconv.ParseInt base 10: an
 * optional sign, then digits).
 */
export const nullableIntString = (min: number, max: number): Constraint => ({ kind: "nullable-int-string", min, max });
