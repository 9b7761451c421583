// Shared fixtures for the policy tests: resources in the wire form the engine
// sends, and diagnostics reduced to what a rule reported.
import * as path from "path";
import { PolicyAnalyzer, type AnalyzerStackResource, type Diagnostic } from "../../tools/offline/analyzer";
import { SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "../../tools/offline/capture";

export const PACK_DIR = path.resolve(__dirname, "..", "..", "policies");

/** The preview-time unknown sentinel, as the SDK and engine send it. */
export const UNKNOWN = UNKNOWN_VALUE;

export function secret(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * The test process's pack (PolicyAnalyzer.shared: one pack process for every
 * file and plan of a test process, started as the engine starts it) for the
 * enclosing describe block; every test begins from the pack's default config.
 */
export function sharedAnalyzer(): () => PolicyAnalyzer {
    let analyzer: PolicyAnalyzer | undefined;
    before(async () => {
        analyzer = await PolicyAnalyzer.shared(PACK_DIR);
    });
    beforeEach(async () => {
        await analyzer!.configure({});
    });
    return () => analyzer!;
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:prod::migration::${type}::${name}`;
}

export function res(type: string, name: string, properties: Record<string, unknown>, extra: Partial<AnalyzerStackResource> = {}): AnalyzerStackResource {
    return { type, name, urn: urnOf(type, name), properties, ...extra };
}

export interface Reported {
    readonly policy: string;
    readonly level: string;
    readonly text: string;
    readonly urn?: string;
}

/** Diagnostics as "what the rule reported": the message minus the policy description line. */
export function reported(diagnostics: readonly Diagnostic[]): Reported[] {
    return diagnostics.map((d) => {
        if (!d.message.startsWith(`${d.description}\n`)) {
            throw new Error(`diagnostic of ${d.policyName} does not start with its description: ${d.message}`);
        }
        const r: Reported = { policy: d.policyName, level: d.enforcementLevel, text: d.message.slice(d.description.length + 1) };
        return d.urn === undefined ? r : { ...r, urn: d.urn };
    });
}

export function only(diagnostics: readonly Diagnostic[], policy: string): string[] {
    return reported(diagnostics).filter((r) => r.policy === policy).map((r) => r.text);
}
