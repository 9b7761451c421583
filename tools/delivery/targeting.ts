// What `pulumi up --target` does with a program's registrations, as the
// engine's step generator decides it (pulumi/pulumi
// pkg/resource/deploy/step_generator.go: isTargetedForUpdate, validateSteps,
// generateSteps case 4; test TestTargetUntargetedParent): only the listed
// URNs are stepped, plus providers and the root stack; a new resource that is
// not targeted is a "skipped create"; and a stepped resource whose parent,
// dependencies or provider is a skipped create fails the run ("untargeted
// create"). An untargeted resource that already exists keeps its old state,
// dependencies included, so it never fails this way. Pure: the wrapper's
// prescribed commands are checked against it in tests.

export interface TargetedResource {
    readonly urn: string;
    readonly type: string;
    readonly parent?: string;
    /** dependsOn plus the resources its inputs come from. */
    readonly dependencies: readonly string[];
    /** The provider reference (`<urn>::<id>`), when not a default provider. */
    readonly provider?: string;
}

function implicitlyTargeted(r: TargetedResource): boolean {
    return r.type.startsWith("pulumi:providers:") || r.type === "pulumi:pulumi:Stack";
}

/**
 * Why a targeted `up` of `resources` (in registration order) fails, one line
 * per failing dependency; empty when the engine accepts it. `existing` holds
 * the URNs the stack's state has; `targetDependents` is --target-dependents.
 */
export function untargetedCreates(resources: readonly TargetedResource[], existing: ReadonlySet<string>, targets: readonly string[], targetDependents = false): string[] {
    const targeted = new Set<string>();
    const listed = new Set(targets);
    for (const r of resources) {
        const deps = [...(r.parent === undefined ? [] : [r.parent]), ...r.dependencies, ...(r.provider === undefined ? [] : [r.provider.split("::").slice(0, -1).join("::")])];
        if (listed.has(r.urn) || implicitlyTargeted(r) || (targetDependents && deps.some((d) => targeted.has(d)))) {
            targeted.add(r.urn);
        }
    }
    const skipped = new Set(resources.filter((r) => !existing.has(r.urn) && !targeted.has(r.urn)).map((r) => r.urn));
    const problems: string[] = [];
    for (const r of resources) {
        if (!targeted.has(r.urn)) {
            continue;
        }
        const provider = r.provider === undefined ? [] : [r.provider.split("::").slice(0, -1).join("::")];
        for (const dep of new Set([...(r.parent === undefined ? [] : [r.parent]), ...r.dependencies, ...provider])) {
            if (skipped.has(dep)) {
                problems.push(`${r.urn} is targeted, but ${dep} (its ${dep === r.parent ? "parent" : "dependency"}) would be created and is not in the --target list: the engine stops with "untargeted create"`);
            }
        }
    }
    const missing = targets.filter((t) => !resources.some((r) => r.urn === t));
    for (const t of missing) {
        problems.push(`${t} is in the --target list but the program registers no such resource`);
    }
    return problems;
}
