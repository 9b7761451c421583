// Checks of the --secret overrides of a plan run, before anything runs.
import { secretConfigReferences } from "../../components/config";
import { KNOWN_KEYS } from "../../components/config/schema";
import { readStackConfig, type StackFileOverrides } from "../stack-file";

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

/** The candidate closest to key: case-insensitive distance first, then exact distance. */
export function nearest(key: string, candidates: readonly string[]): string | undefined {
    const score = (c: string) => [distance(key.toLowerCase(), c.toLowerCase()), distance(key, c)];
    return [...candidates].sort((a, b) => {
        const [sa, sb] = [score(a), score(b)];
        return sa[0] - sb[0] || sa[1] - sb[1] || a.localeCompare(b);
    })[0];
}

/**
 * Problems with `--secret key=value` overrides, checked against the stack's
 * config with the overrides applied (so a service added by --config counts):
 * a secret must be non-empty (an unset CI variable expands to nothing), and
 * its key must be one a service names in fargate.secrets.*.config. Anything
 * else would be silently ignored, or reported as a missing plain key.
 */
export function secretOverrideProblems(dir: string, stack: string, overrides: StackFileOverrides): string[] {
    const secrets = overrides.secrets ?? {};
    if (Object.keys(secrets).length === 0) {
        return [];
    }
    const input = readStackConfig(dir, stack, { config: overrides.config });
    const namespace = `${input.project}:`;
    const qualify = (key: string) => key.includes(":") ? key : namespace + key;
    let services: unknown;
    try {
        services = JSON.parse(input.values[`${namespace}services`] ?? "[]");
    } catch {
        services = [];
    }
    const secretKeys = [...secretConfigReferences(services)].map((k) => namespace + k).sort();
    const known = secretKeys.length > 0
        ? `secret keys of stack ${stack}: ${secretKeys.join(", ")}`
        : `stack ${stack} has no secret keys: no service names one in fargate.secrets`;
    const plainKeys = new Set([...KNOWN_KEYS.map((k) => namespace + k), "aws:region"]);
    const problems: string[] = [];
    for (const [key, value] of Object.entries(secrets)) {
        const full = qualify(key);
        if (plainKeys.has(full)) {
            const short = full.startsWith(namespace) ? full.slice(namespace.length) : full;
            problems.push(`${full} was given as a secret, but it is plain config, not a secret key; pass it with --config ${short}=<value> (${known})`);
        } else if (!secretKeys.includes(full)) {
            const suggestion = nearest(full, secretKeys);
            problems.push(`${full} is not a secret key of stack ${stack}: no service names it in fargate.secrets, so it would be ignored; ${suggestion === undefined ? "" : `did you mean ${suggestion}? `}(${known})`);
        } else if (value === "") {
            problems.push(`${full} is empty (an unset CI variable?); allowed a non-empty value`);
        }
    }
    return problems;
}
