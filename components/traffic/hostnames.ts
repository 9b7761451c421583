// Which services serve a hostname. Route 53 splits a hostname, not a service,
// between the Droplets and the ALB: so exactly one service of a hostname owns
// the split (its `traffic` and its legacy side), and the others are Fargate
// services that take some of its paths (the strangler pattern). The ALB only
// answers paths some rule takes: a hostname that sends any traffic to Fargate
// needs a Fargate service that takes every path, or the rest get the
// listener's 404.
import type { HostnameConfig } from "../config/types";

/** What the grouping reads of a service (raw config, read leniently by the caller). */
export interface HostnameMember {
    readonly index: number;
    readonly name: string;
    readonly hostname: string;
    readonly hasTraffic: boolean;
    readonly fargatePercent?: number;
    readonly hasFargate: boolean;
    readonly pathPatterns: readonly string[];
    readonly legacyEnabled: boolean;
}

export interface HostnameGrouping {
    readonly hostnames: readonly HostnameConfig[];
    /** Problems as [path under services, message] pairs. */
    readonly problems: readonly (readonly [readonly (string | number)[], string])[];
}

/** Groups services by hostname and checks the owner and catch-all rules. */
export function groupHostnames(members: readonly HostnameMember[]): HostnameGrouping {
    const problems: [(string | number)[], string][] = [];
    const byHost = new Map<string, HostnameMember[]>();
    for (const m of members) {
        byHost.set(m.hostname, [...(byHost.get(m.hostname) ?? []), m]);
    }
    const hostnames: HostnameConfig[] = [];
    for (const [hostname, group] of byHost) {
        const owners = group.filter((m) => m.hasTraffic);
        if (owners.length === 0) {
            const first = group[0];
            problems.push([[first.index, "traffic"], `is required: no service of ${hostname} has traffic; allowed exactly one service per hostname with traffic (it owns the DNS split)`]);
            continue;
        }
        const owner = owners[0];
        const followers: HostnameMember[] = [];
        for (const m of group) {
            if (m === owner) {
                continue;
            }
            if (m.hasTraffic) {
                // A second owner: the plain mistake of a duplicated hostname, said once.
                problems.push([[m.index, "hostname"], `${JSON.stringify(hostname)} is already served by services[${owner.index}]; allowed a unique hostname per service, or a service that takes some of its paths on Fargate (fargate.pathPatterns, no traffic, legacy enabled: false: the strangler pattern)`]);
                continue;
            }
            followers.push(m);
            if (!m.hasFargate || m.pathPatterns.length === 0) {
                problems.push([[m.index, "fargate", "pathPatterns"], `is empty, but ${hostname} is already served by services[${owner.index}]; allowed: a service that shares a hostname takes some of its paths on Fargate (set fargate.pathPatterns), or use another hostname`]);
            }
            if (m.legacyEnabled) {
                problems.push([[m.index, "legacy"], `has Droplets, but ${hostname}'s legacy side is services[${owner.index}]'s; allowed enabled: false on a service that shares a hostname`]);
            }
        }
        const paths = [owner, ...followers].filter((m) => m.hasFargate).flatMap((m) => m.pathPatterns);
        const catchAll = [owner, ...followers].filter((m) => m.hasFargate && m.pathPatterns.length === 0);
        // Without any Fargate part the owner's share is refused by the rule that names it.
        if ((owner.fargatePercent ?? 0) > 0 && owner.hasFargate && catchAll.length === 0) {
            problems.push([[owner.index, "traffic", "fargatePercent"], `${owner.fargatePercent} sends ${hostname} to the ALB, but Fargate takes only ${paths.join(", ")} of it and the rest would get the listener's 404; allowed 0 until a Fargate service of ${hostname} takes every path (one without pathPatterns)`]);
        }
        const fargate = [owner, ...followers].filter((m) => m.hasFargate);
        hostnames.push({ hostname, owner: owner.name, fargateServices: fargate.map((m) => m.name) });
    }
    return { hostnames, problems };
}
