// What a change does to each hostname's traffic: the split before and after
// (legacy, Fargate, canary), the rollout step it moves to, and the one-line
// command that puts the split back. Pure.

export interface Split {
    readonly legacyPercent: number;
    readonly fargatePercent: number;
    readonly canaryPercent: number;
}

/** A service's traffic as the program reports it (its `traffic` stack output, TrafficSummary). */
export interface TrafficPoint {
    readonly service: string;
    readonly hostname: string;
    readonly split: Split;
    readonly steps: readonly number[];
    readonly commands: { readonly advance: string | null; readonly rollBack: string | null; readonly allToLegacy: string | null };
    /** The canary's image key and value (plans saved before it was reported lack it). */
    readonly canary?: { readonly key: "imageTag" | "image"; readonly value: string } | null;
}

export type TrafficStatus = "changed" | "unchanged" | "new" | "removed";

export interface TrafficChange {
    readonly hostname: string;
    readonly service: string;
    readonly status: TrafficStatus;
    readonly before?: Split;
    readonly after?: Split;
    /** "25% → 50%" and where that sits on the declared ladder. */
    readonly step: string;
    /** Declared steps jumped over on the way up (25 → 100 skips 50); none on the way down, where any lower share is allowed. */
    readonly skipped: readonly number[];
    /** Sets the split back to before (then `pulumi up`); null when nothing changed or there is no before. */
    readonly revert: string | null;
}

/** `migration:services[0]` from a service's own commands, else from its position. */
function configPathOf(point: TrafficPoint, index: number, project: string): string {
    for (const command of [point.commands.advance, point.commands.rollBack, point.commands.allToLegacy]) {
        const path = /--path '([^']+)\.traffic\.fargatePercent'/.exec(command ?? "")?.[1];
        if (path !== undefined) {
            return path;
        }
    }
    return `${project}:services[${index}]`;
}

/** An image tag or reference as one shell word: quoted unless plainly safe. */
function shellWord(value: string): string {
    return /^[A-Za-z0-9_.\-/:@]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

function percent(n: number): string {
    return `${n}%`;
}

export function trafficChanges(base: readonly TrafficPoint[] | undefined, head: readonly TrafficPoint[], options: { readonly project: string; readonly stack: string }): TrafficChange[] {
    const changes: TrafficChange[] = head.map((after, index) => {
        const before = base?.find((b) => b.hostname === after.hostname);
        const ladder = after.steps;
        const at = (n: number) => ladder.includes(n) ? `step ${ladder.indexOf(n) + 1} of ${ladder.length} (${ladder.join(", ")})` : `not a declared step (${ladder.join(", ")})`;
        if (before === undefined) {
            return {
                hostname: after.hostname, service: after.service, status: base === undefined ? "unchanged" : "new", after: after.split,
                step: `${percent(after.split.fargatePercent)}, ${at(after.split.fargatePercent)}`, skipped: [],
                revert: null,
            };
        }
        const [from, to] = [before.split.fargatePercent, after.split.fargatePercent];
        // Only a move up skips steps: going down, any lower share (0 above all) is a rollback, allowed at once.
        const skipped = to > from ? ladder.filter((s) => s > from && s < to) : [];
        const prefix = configPathOf(after, index, options.project);
        const commands: string[] = [];
        const set = (path: string, value: string | number) => commands.push(`pulumi config set --path '${prefix}.${path}' ${value} --stack ${options.stack}`);
        if (from !== to) {
            set("traffic.fargatePercent", from);
        }
        const hadCanary = before.canary !== undefined ? before.canary !== null : before.split.canaryPercent > 0;
        const hasCanary = after.canary !== undefined ? after.canary !== null : after.split.canaryPercent > 0;
        if (hadCanary && !hasCanary && before.canary) {
            // Abandoned or promoted: the canary comes back whole, image first (a canary without one is refused).
            set(`fargate.canary.${before.canary.key}`, shellWord(before.canary.value));
            set("fargate.canary.percent", before.split.canaryPercent);
        } else if (!hadCanary && hasCanary && before.canary !== undefined) {
            commands.push(`pulumi config rm --path '${prefix}.fargate.canary' --stack ${options.stack}`);
        } else if (before.split.canaryPercent !== after.split.canaryPercent && !(hadCanary && !hasCanary)) {
            // (A canary removed, from a saved plan that does not name its image: no command, rather than one leaving a canary without an image.)
            set("fargate.canary.percent", before.split.canaryPercent);
        }
        const changed = commands.length > 0 || before.split.legacyPercent !== after.split.legacyPercent;
        return {
            hostname: after.hostname, service: after.service, status: changed ? "changed" : "unchanged",
            before: before.split, after: after.split,
            step: from === to ? `${percent(to)}, ${at(to)}` : `${percent(from)} → ${percent(to)}, ${at(to)}`,
            skipped,
            revert: commands.length > 0 ? commands.join(" && ") : null,
        };
    });
    for (const before of base ?? []) {
        if (!head.some((h) => h.hostname === before.hostname)) {
            changes.push({ hostname: before.hostname, service: before.service, status: "removed", before: before.split, step: "removed", skipped: [], revert: null });
        }
    }
    return changes;
}

/** "75% → 50%", or "50%" when unchanged, "–" when absent. */
export function beforeAfter(before: number | undefined, after: number | undefined): string {
    if (after === undefined) {
        return before === undefined ? "–" : `${percent(before)} → removed`;
    }
    return before === undefined || before === after ? percent(after) : `${percent(before)} → ${percent(after)}`;
}
