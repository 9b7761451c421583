// Checks of the --secret overrides of a plan run, before anything runs.
import { secretConfigReferences } from "../../components/config";
import { KNOWN_KEYS } from "../../components/config/schema";
import { readStackConfig, type StackFileOverrides } from "../stack-file";
import { didYouMean, nearest } from "../../components/config/suggest";

/** The candidate closest to key (components/config/suggest.ts: case-insensitive distance first, then exact). */
export { nearest };

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
            problems.push(`${full} is not a secret key of stack ${stack}: no service names it in fargate.secrets, so it would be ignored${didYouMean(full, secretKeys)}; ${known}`);
        } else if (value === "") {
            problems.push(`${full} is empty (an unset CI variable?); allowed a non-empty value`);
        }
    }
    return problems;
}
