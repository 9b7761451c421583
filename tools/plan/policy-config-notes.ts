// Entries of a stack's policy config that belong to no resource of the stack:
// a `pendingFirewall` tag or Droplet id no Droplet of this stack has (most
// often copied with another stack's file: the tag then names that stack), an
// allow-list none of whose sizes the stack's Droplets have. The pack itself judges the file's
// schema; these are facts only the plan, which sees the stack's resources and
// the project's other stacks, can add. Pure.

export interface DropletFacts {
    readonly id?: string;
    readonly tags: readonly string[];
    readonly size?: string;
}

export interface NotesContext {
    readonly project: string;
    readonly stack: string;
    /** The project's other stacks (Pulumi.<stack>.yaml files). */
    readonly otherStacks: readonly string[];
    /** The policy config file as the user knows it (relative to the project). */
    readonly file: string;
}

function settingOf(config: Readonly<Record<string, unknown>>, policy: string, key: string): unknown[] {
    const entry = config[policy];
    const value = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
    return Array.isArray(value) ? value : [];
}

/** The stack a selection tag `<project>-<stack>-<service>` names, among the project's other stacks. */
function stackOfTag(tag: string, context: NotesContext): string | undefined {
    const prefix = `${context.project}-`;
    if (!tag.startsWith(prefix)) {
        return undefined;
    }
    return [...context.otherStacks].sort((a, b) => b.length - a.length).find((s) => tag.startsWith(`${prefix}${s}-`));
}

/** One note per entry that matches nothing in this stack, naming the file, the entry and what it probably is. */
export function policyConfigNotes(config: Readonly<Record<string, unknown>>, droplets: readonly DropletFacts[], context: NotesContext): string[] {
    const notes: string[] = [];
    for (const entry of settingOf(config, "networking-do-droplet-firewalled", "pendingFirewall")) {
        if (typeof entry !== "string") {
            continue;
        }
        if (entry.startsWith("tag:")) {
            const tag = entry.slice(4);
            if (droplets.some((d) => d.tags.includes(tag))) {
                continue;
            }
            const other = stackOfTag(tag, context);
            notes.push(`${context.file}: networking-do-droplet-firewalled.pendingFirewall ${JSON.stringify(entry)} names no Droplet of stack ${context.stack}${other === undefined ? "" : `: it is the selection tag of stack ${other}'s Droplets (copied with its policy config?)`}; this stack's Droplets are tagged ${context.project}-${context.stack}-<service>: list those that wait for their firewall, or remove the entry`);
        } else if (entry.startsWith("id:")) {
            if (!droplets.some((d) => d.id === entry.slice(3))) {
                notes.push(`${context.file}: networking-do-droplet-firewalled.pendingFirewall ${JSON.stringify(entry)} is no Droplet of stack ${context.stack} (another stack's, or one that left); remove the entry`);
            }
        }
    }
    // An allow-list lists sizes to grow into, so an unused entry is normal; a list none of whose
    // sizes any Droplet of the stack has is another stack's (the policy then refuses every Droplet).
    const sizes = settingOf(config, "sizing-droplet-size-allowlist", "allowedSizes").filter((s): s is string => typeof s === "string");
    const used = droplets.map((d) => d.size).filter((s): s is string => s !== undefined);
    if (sizes.length > 0 && used.length > 0 && !sizes.some((s) => used.includes(s))) {
        notes.push(`${context.file}: sizing-droplet-size-allowlist.allowedSizes ${JSON.stringify(sizes)} has none of the sizes of stack ${context.stack}'s Droplets (${[...new Set(used)].join(", ")}): copied from another stack's policy config? list the sizes this stack may use`);
    }
    return notes;
}
