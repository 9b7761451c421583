// What a stack file claims that no other stack of the project may claim too:
// a hostname it serves, a Droplet it adopts, a DigitalOcean database or VPC it
// manages, a hosted zone it creates. Two stacks claiming one of them fight on
// every `up` (each rewrites the Droplet's tags and firewall, the cluster's
// trusted sources, the hostname's records), and nothing in either stack's
// state shows it: only the stack files, side by side, do. A stack started by
// `npm run new-stack` claims all of its source's until they are replaced.
import type { RawConfigInput } from "../../components/config";
import { listStacks, readStackConfig } from "../stack-file";

export type ClaimKind = "hostname" | "droplet" | "database" | "zone" | "legacy VPC";

export interface Claim {
    readonly kind: ClaimKind;
    readonly value: string;
    /** The config key that claims it, as `pulumi config` writes it (migration:services[0].hostname). */
    readonly key: string;
}

export interface SharedClaim extends Claim {
    readonly otherStack: string;
    /** The key of the other stack's file that claims it too. */
    readonly otherKey: string;
}

/** Why two stacks may not share each kind. */
const WHY: Readonly<Record<ClaimKind, string>> = {
    hostname: "two stacks cannot serve one hostname (their Route 53 records and certificates collide, and each `up` rewrites the other's)",
    droplet: "an adopted Droplet belongs to one stack (each `up` rewrites its tags and firewall as its own stack says)",
    database: "a cluster's trusted sources are one list (each `up` replaces the other stack's entries)",
    zone: "two hosted zones of one name: the parent delegates to one of them only",
    "legacy VPC": "an adopted VPC belongs to one stack (each `up` rewrites its name and description)",
};

const ALLOWED: Readonly<Record<ClaimKind, string>> = {
    hostname: "a hostname of this stack's own",
    droplet: "this stack's own Droplets (or legacy.mode create)",
    database: "this stack's own clusters",
    zone: "a zone of this stack's own, or zone: lookup of a zone another stack creates",
    "legacy VPC": "a VPC of this stack's own (or no adoptVpcId: the program creates one)",
};

function parsed(text: string | undefined): unknown {
    if (text === undefined) {
        return undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (v: unknown, name: string): unknown => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[name] : undefined);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : typeof v === "number" ? String(v) : undefined);

/** Every claim of a stack's raw config; values that are not set or not text claim nothing (config validation names those). */
export function stackClaims(raw: RawConfigInput): Claim[] {
    const ns = `${raw.project}:`;
    const value = (key: string) => parsed(raw.values[ns + key]);
    const claims: Claim[] = [];
    const add = (kind: ClaimKind, v: unknown, key: string) => {
        const t = text(v);
        if (t !== undefined) {
            claims.push({ kind, value: kind === "hostname" || kind === "zone" ? t.toLowerCase().replace(/\.$/, "") : t, key: ns + key });
        }
    };
    list(value("services")).forEach((service, i) => {
        add("hostname", field(service, "hostname"), `services[${i}].hostname`);
        list(field(field(service, "legacy"), "droplets")).forEach((droplet, j) => add("droplet", field(droplet, "id"), `services[${i}].legacy.droplets[${j}].id`));
    });
    const legacy = value("legacy");
    list(field(legacy, "databases")).forEach((database, i) => add("database", field(database, "clusterId"), `legacy.databases[${i}].clusterId`));
    add("legacy VPC", field(legacy, "adoptVpcId"), "legacy.adoptVpcId");
    const dns = value("dns");
    if (field(dns, "zone") === "create") {
        add("zone", field(dns, "zoneName"), "dns.zoneName");
    }
    return claims;
}

/** The claims of `stack` that another stack claims too, in `stack`'s key order (one row per other stack). */
export function sharedClaims(stack: string, claimsByStack: ReadonlyMap<string, readonly Claim[]>): SharedClaim[] {
    const own = claimsByStack.get(stack) ?? [];
    return own.flatMap((claim) => [...claimsByStack.entries()]
        .filter(([other]) => other !== stack)
        .flatMap(([other, claims]) => {
            const theirs = claims.find((c) => c.kind === claim.kind && c.value === claim.value);
            return theirs === undefined ? [] : [{ ...claim, otherStack: other, otherKey: theirs.key }];
        }));
}

/** One line per shared claim: the key, the value, the other stack's file and key, why not, and what is allowed. */
export function sharedClaimMessage(shared: SharedClaim): string {
    return `${shared.key}: ${JSON.stringify(shared.value)} is stack ${shared.otherStack}'s too (Pulumi.${shared.otherStack}.yaml, ${shared.otherKey}): ${WHY[shared.kind]}; allowed ${ALLOWED[shared.kind]}`;
}

/**
 * What `stack` shares with the other stack files of the project at `root`.
 * A stack file that cannot be read is left to its own plan to report.
 */
export function sharedWithOtherStacks(root: string, stack: string, own: RawConfigInput): SharedClaim[] {
    const claimsByStack = new Map<string, readonly Claim[]>([[stack, stackClaims(own)]]);
    for (const other of listStacks(root).filter((s) => s !== stack)) {
        try {
            claimsByStack.set(other, stackClaims(readStackConfig(root, other)));
        } catch {
            // its own plan or preview reports it
        }
    }
    return sharedClaims(stack, claimsByStack);
}
