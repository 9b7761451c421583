// Rules that span keys, in one place. Each concern's own logic lives beside
// the component that needs it (hostname groups, listener priorities,
// certificates, subnet room, DigitalOcean's catalog); this module reads the
// raw input leniently, piece by piece, so a structural problem elsewhere
// never hides one of these: one run reports everything. It also returns what
// the checks resolved (hostname groups, priorities, certificates), so parsing
// never computes them twice.
import { ACM_DOMAIN_NAME_MAX_LENGTH, albCertificateGroups } from "../aws/certificate";
import { resolvePriorities } from "../aws/listener-priorities";
import { databaseMoveProblems } from "../aws/database-plan";
import { cidrsOverlap, parseCidr } from "../aws/network-plan";
import { coveringCertificate, type DeclaredCertificate } from "../legacy/certificates";
import { dropletSizeProblem, doVpcRangeProblem, regionProblem } from "../legacy/catalog";
import { databaseAddressProblem, egressReachProblem, REACHING_LEGACY_DOC, WHAT_TO_DO_INSTEAD, type NetworkContext } from "../legacy/reachability";
import { healthCheckPathPatternProblem, healthHostname, healthWildcard, isUnderHealthSubdomain } from "../traffic/health";
import { groupHostnames, type HostnameMember } from "../traffic/hostnames";
import { dnsSchema, HEALTH_CHECK_PATH, show } from "./schema";
import { nearest, typoDistance } from "./suggest";
import type { HostnameConfig, RawConfigInput } from "./types";

/** SSM PutParameter: a Standard tier value holds 4 KB (SSM API reference, PutParameter "Value"). */
export const SSM_STANDARD_VALUE_MAX_BYTES = 4096;

/** DigitalOcean tag names: at most 255 characters (DigitalOcean API, Tags: name maxLength 255). */
export const DO_TAG_MAX_LENGTH = 255;
/** ALB host-header condition values: at most 128 characters (ELBv2 HostHeaderConditionConfig.Values). */
export const ALB_HOST_MAX_LENGTH = 128;


/** Tags the program sets itself; users cannot override them. */
export const RESERVED_TAGS = ["environment", "managed-by", "service", "pulumi-project", "pulumi-stack"];

type Key = (path: readonly PropertyKey[]) => string;

export interface CrossKeyResult {
    readonly problems: readonly string[];
    readonly warnings: readonly string[];
    readonly hostnames: readonly HostnameConfig[];
    readonly priorities: ReadonlyMap<string, { readonly routing: number; readonly health: number }>;
    /** The legacy certificate of each service with Droplets, by service name. */
    readonly certificates: ReadonlyMap<string, string>;
}

/** Reads a nested field of unvalidated input, or undefined. */
export function field(value: unknown, ...path: (string | number)[]): unknown {
    let current = value;
    for (const key of path) {
        if (typeof current !== "object" || current === null) {
            return undefined;
        }
        current = (current as Record<string | number, unknown>)[key];
    }
    return current;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** A web service (kind web, the default): the only kind with a hostname, a port and a DNS split. */
const isWeb = (svc: unknown): boolean => (field(svc, "kind") ?? "web") === "web";
const record = (value: unknown): Record<string, unknown> => (typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {});
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Config keys named by services[].fargate.secrets.*.config (and legacy.databases[].move.source.config), read leniently so it works on broken input too. */
export function secretConfigReferences(services: unknown, legacy?: unknown): Set<string> {
    const names = new Set<string>();
    for (const database of list(field(legacy, "databases"))) {
        const configName = field(database, "move", "source", "config");
        if (typeof configName === "string") {
            names.add(configName);
        }
    }
    for (const svc of list(services)) {
        for (const source of Object.values(record(field(svc, "fargate", "secrets")))) {
            const configName = field(source, "config");
            if (typeof configName === "string") {
                names.add(configName);
            }
        }
    }
    return names;
}

/** Every cross-key problem of the raw config, and what the checks resolved. */
export function crossKeyProblems(raw: Record<string, unknown>, input: RawConfigInput, key: Key): CrossKeyResult {
    const problems: string[] = [];
    const warnings: string[] = [];
    const services = list(raw.services);
    const at = (i: number, ...path: PropertyKey[]) => key(["services", i, ...path]);
    const dns = dnsSchema.safeParse(raw.dns).data;
    const zone = dns?.zoneName;

    // Names, hostnames and the zone.
    const seenNames = new Map<string, number>();
    // Hostnames already refused: the checks that follow would only repeat it.
    const badHostnames = new Set<number>();
    services.forEach((svc, i) => {
        const name = text(field(svc, "name"));
        if (name !== undefined) {
            const first = seenNames.get(name);
            if (first !== undefined) {
                problems.push(`${at(i, "name")}: ${show(name)} is already used by services[${first}]; allowed a unique name per service`);
            } else {
                seenNames.set(name, i);
            }
        }
        const hostname = isWeb(svc) ? text(field(svc, "hostname")) : undefined;
        if (hostname !== undefined && zone !== undefined) {
            if (hostname !== zone && !hostname.endsWith(`.${zone}`)) {
                badHostnames.add(i);
                problems.push(`${at(i, "hostname")}: ${show(hostname)} is outside the zone ${show(zone)}; allowed ${zone} or a name ending in .${zone}`);
            } else if (isUnderHealthSubdomain(hostname, zone)) {
                badHostnames.add(i);
                problems.push(`${at(i, "hostname")}: ${show(hostname)} is under ${healthWildcard(zone).slice(2)}, which the program keeps for Route 53 health checks; allowed any other name in ${zone}`);
            }
        }
        const healthPath = text(field(svc, "healthCheckPath"));
        const pathProblem = healthPath !== undefined && HEALTH_CHECK_PATH.test(healthPath) && field(svc, "fargate") !== undefined ? healthCheckPathPatternProblem(healthPath) : undefined;
        if (pathProblem !== undefined) {
            problems.push(`${at(i, "healthCheckPath")}: ${show(healthPath)}: ${pathProblem}`);
        }
    });
    if (zone !== undefined && services.length > 0) {
        const longest = services.map((s) => text(field(s, "name")) ?? "").reduce((a, b) => (b.length > a.length ? b : a), "");
        const health = healthHostname(longest, zone);
        if (health.length > 253) {
            problems.push(`${key(["dns", "zoneName"])}: ${show(zone)} makes the health-check hostname ${show(health)} ${health.length} characters long; allowed a zone name that leaves it at most 253 (DNS name limit)`);
        }
    }

    // Hostname groups: one owner of the DNS split per hostname, catch-all on Fargate.
    const members: HostnameMember[] = services.flatMap((svc, index) => {
        const name = text(field(svc, "name"));
        const hostname = isWeb(svc) ? text(field(svc, "hostname")) : undefined;
        if (name === undefined || hostname === undefined) {
            return [];
        }
        const fargate = field(svc, "fargate");
        const percent = field(svc, "traffic", "fargatePercent");
        return [{
            index, name, hostname,
            hasTraffic: field(svc, "traffic") !== undefined,
            fargatePercent: typeof percent === "number" ? percent : undefined,
            hasFargate: fargate !== undefined,
            pathPatterns: list(field(fargate, "pathPatterns")).filter((p): p is string => typeof p === "string"),
            legacyEnabled: field(svc, "legacy") !== undefined && field(svc, "legacy", "enabled") !== false,
        }];
    });
    const grouping = groupHostnames(members);
    for (const [path, message] of grouping.problems) {
        problems.push(`${at(path[0] as number, ...path.slice(1))}: ${message}`);
    }

    // Traffic on the owner: a side must exist to take its share; cut-over phases.
    const droplets = new Map<string, string>();
    services.forEach((svc, i) => {
        const percent = field(svc, "traffic", "fargatePercent");
        const legacyOn = field(svc, "legacy") !== undefined && field(svc, "legacy", "enabled") !== false;
        if (typeof percent === "number" && percent > 0 && field(svc, "fargate") === undefined) {
            problems.push(`${at(i, "traffic", "fargatePercent")}: ${percent} sends traffic to Fargate, but services[${i}].fargate is not set; allowed 0 until the service has a fargate part`);
        }
        if (field(svc, "traffic") !== undefined && !legacyOn && typeof percent === "number" && percent !== 100) {
            problems.push(`${at(i, "legacy", "enabled")}: false (decommissioned) needs traffic.fargatePercent 100, found ${percent}; allowed only once every request goes to Fargate`);
        }
        problems.push(...cutoverProblems(svc, i, { legacyOn, percent, dns: raw.dns, at }));
        // The firewall lets only the stack's load balancer reach the app port:
        // clients still sent straight to the Droplets by the plain record would be cut off.
        if (field(svc, "traffic", "liveRecord") !== undefined && field(raw.legacy, "firewall", "enabled") === true) {
            problems.push(`${key(["legacy", "firewall", "enabled"])}: true while ${key(["services", i, "traffic", "liveRecord"]).replace(/^migration:/, "")} is set (${show(field(svc, "hostname"))} still answers with its plain record); allowed false until the cut-over is done and the old record's TTL has passed: the firewall lets only the new load balancer reach the Droplets' port, so clients of the plain record would be cut off (docs/runbook.md, phase 3)`);
        }
        list(field(svc, "legacy", "droplets")).forEach((droplet, j) => {
            const id = text(field(droplet, "id"));
            if (id === undefined) {
                return;
            }
            const first = droplets.get(id);
            if (first !== undefined) {
                problems.push(`${at(i, "legacy", "droplets", j, "id")}: ${show(id)} is already adopted at ${first}; allowed each Droplet once in the stack`);
            } else {
                droplets.set(id, `services[${i}].legacy.droplets[${j}]`);
            }
        });
    });

    // DNS zone: a created zone is delegated by the program; imports need the zone id.
    const dnsRaw = record(raw.dns);
    if (dnsRaw.zone === "create") {
        const parent = text(dnsRaw.parentZoneName);
        if (parent === undefined) {
            problems.push(`${key(["dns", "parentZoneName"])}: is required with zone: create; allowed the public zone that delegates ${zone ?? "the zone"}, in this account or through dns.parentZoneRoleArn (the program writes the NS record there; without it certificate validation waits 75 minutes and fails)`);
        } else if (zone !== undefined && !zone.endsWith(`.${parent}`)) {
            problems.push(`${key(["dns", "parentZoneName"])}: ${show(parent)} is not a parent of ${show(zone)}; allowed a zone that ${zone} ends with`);
        }
        if (dnsRaw.zoneId !== undefined) {
            problems.push(`${key(["dns", "zoneId"])}: is set with zone: create, whose id Route 53 assigns at creation; allowed only with zone: lookup`);
        }
    } else if (dnsRaw.parentZoneName !== undefined) {
        problems.push(`${key(["dns", "parentZoneName"])}: is set with zone: ${show(dnsRaw.zone ?? "lookup")}; allowed only with zone: create (a looked-up zone is delegated already)`);
    }
    if (dnsRaw.parentZoneRoleArn !== undefined && dnsRaw.zone !== "create") {
        problems.push(`${key(["dns", "parentZoneRoleArn"])}: is set with zone: ${show(dnsRaw.zone ?? "lookup")}; allowed only with zone: create and parentZoneName (the role writes the delegation in the parent's account)`);
    }

    // Secrets from config: set, secret and not empty; a key several workloads read (a database URL) is reported once, naming them all.
    const keyProblems = new Map<string, { problem: (users: string) => string; users: { secret: string; service: unknown; path?: string }[]; unset?: boolean }>();
    services.forEach((svc, i) => {
        const name = field(svc, "name");
        for (const [secretName, source] of Object.entries(record(field(svc, "fargate", "secrets")))) {
            const configName = field(source, "config");
            if (typeof configName !== "string") {
                continue;
            }
            const configKey = `${input.project}:${configName}`;
            const setCommand = `pulumi config set --secret ${configKey} <value> --stack ${input.stack}`;
            if (!(configKey in input.values)) {
                // A case slip names a key that is set: point at it rather than at a new secret.
                const existing = nearest(configKey, Object.keys(input.values).filter((k) => k.startsWith(`${input.project}:`) && input.secretKeys.has(k)), { maxDistance: typoDistance(configKey) });
                const path = at(i, "fargate", "secrets", secretName, "config");
                const entry = keyProblems.get(configKey) ?? {
                    problem: (others: string) => existing !== undefined
                        ? `${path}: ${show(configName)} names ${configKey}, which is not set${others}; did you mean the secret ${existing} (set)? allowed the name of a secret config key of this stack exactly as set, or run: ${setCommand}`
                        : `${path}: ${show(configName)} names ${configKey}, which is not set${others}; run: ${setCommand}`,
                    users: [],
                    unset: true,
                };
                entry.users.push({ secret: secretName, service: name, path });
                keyProblems.set(configKey, entry);
            } else {
                // Never echo the value: it is meant to be secret (the size only).
                const problem = !input.secretKeys.has(configKey) ? (users: string) => `${configKey}: is stored as plain text but is ${users}; allowed only secret values; run: ${setCommand}`
                    : input.values[configKey] === "" ? (users: string) => `${configKey}: is an empty secret (${users}; an unset CI variable?); allowed a non-empty value; run: ${setCommand}`
                        : Buffer.byteLength(input.values[configKey], "utf8") > SSM_STANDARD_VALUE_MAX_BYTES
                            ? (users: string) => `${configKey}: is ${Buffer.byteLength(input.values[configKey], "utf8")} bytes (${users}); allowed at most ${SSM_STANDARD_VALUE_MAX_BYTES} (an SSM Standard parameter's value), or put it in Secrets Manager and reference it with { arn: ... }`
                            : undefined;
                if (problem !== undefined) {
                    const entry = keyProblems.get(configKey) ?? { problem, users: [] };
                    entry.users.push({ secret: secretName, service: name });
                    keyProblems.set(configKey, entry);
                }
            }
        }
    });
    for (const { problem, users, unset } of keyProblems.values()) {
        if (unset === true) {
            // Named at the first reference; the others said, so one command fixes them all.
            problems.push(problem(users.length === 1 ? "" : ` (${users.slice(1).map((u) => u.path).join(", ")} name${users.length === 2 ? "s" : ""} it too)`));
            continue;
        }
        const bySecret = new Map<string, unknown[]>();
        users.forEach((u) => bySecret.set(u.secret, [...(bySecret.get(u.secret) ?? []), u.service]));
        problems.push(problem([...bySecret].map(([secret, names]) => `the secret ${secret} of service${names.length === 1 ? "" : "s"} ${names.map(show).join(", ")}`).join(" and ")));
    }
    for (const [tagKey, tagValue] of Object.entries(record(raw.tags))) {
        if (RESERVED_TAGS.includes(tagKey)) {
            problems.push(`${key(["tags", tagKey])}: ${show(tagKey)} is set by the program; allowed any tag name except ${RESERVED_TAGS.join(", ")}`);
        } else if (typeof tagValue === "string" && tagKey.length + 1 + tagValue.length > DO_TAG_MAX_LENGTH) {
            problems.push(`${key(["tags", tagKey])}: becomes the DigitalOcean tag "${tagKey}:…" of ${tagKey.length + 1 + tagValue.length} characters; allowed a key and value of at most ${DO_TAG_MAX_LENGTH} characters together (DigitalOcean tag names)`);
        }
    }

    // Legacy side: DigitalOcean's catalog, certificates, firewall rules, databases.
    const legacy = record(raw.legacy);
    const region = text(legacy.region);
    if (region !== undefined && /^[a-z]{3}\d$/.test(region)) {
        const problem = regionProblem(region);
        if (problem !== undefined) {
            problems.push(`${key(["legacy", "region"])}: ${problem}`);
        }
    }
    const doRange = text(legacy.vpcIpRange);
    if (doRange !== undefined && parseCidr(doRange) !== undefined) {
        const problem = doVpcRangeProblem(doRange, region);
        if (problem !== undefined) {
            problems.push(`${key(["legacy", "vpcIpRange"])}: ${problem}`);
        }
    }
    services.forEach((svc, i) => {
        const size = text(field(svc, "legacy", "size"));
        if (size !== undefined && /^[a-z0-9][a-z0-9-]*$/.test(size)) {
            const problem = dropletSizeProblem(size);
            if (problem !== undefined) {
                problems.push(`${at(i, "legacy", "size")}: ${problem}`);
            }
        }
    });
    const certificates = new Map<string, string>();
    const declared: DeclaredCertificate[] = list(legacy.certificates).map((c) => ({
        name: text(field(c, "name")) ?? "",
        domains: list(field(c, "domains")).filter((d): d is string => typeof d === "string"),
    }));
    if (Array.isArray(legacy.certificates)) {
        services.forEach((svc, i) => {
            const name = text(field(svc, "name"));
            const hostname = isWeb(svc) ? text(field(svc, "hostname")) : undefined;
            const legacyOn = field(svc, "legacy") !== undefined && field(svc, "legacy", "enabled") !== false;
            if (!legacyOn || name === undefined || hostname === undefined || badHostnames.has(i)) {
                return;
            }
            const covering = coveringCertificate(hostname, declared);
            if (covering === undefined) {
                problems.push(`${at(i, "hostname")}: ${show(hostname)} is covered by no legacy.certificates entry (${declared.map((c) => `${c.name}: ${c.domains.join(", ")}`).join("; ")}); allowed: add the DigitalOcean certificate that covers it, so its load balancer does not serve another name's certificate`);
            } else {
                certificates.set(name, covering);
            }
        });
    }
    list(field(legacy, "firewall", "inbound")).forEach((rule, j) => problems.push(...firewallRuleProblems(rule, (...p) => key(["legacy", "firewall", "inbound", j, ...p]))));
    list(field(legacy, "firewall", "outbound")).forEach((rule, j) => problems.push(...firewallRuleProblems(rule, (...p) => key(["legacy", "firewall", "outbound", j, ...p]))));
    const databases = new Set(list(legacy.databases).map((d) => text(field(d, "name"))).filter((n): n is string => n !== undefined));
    services.forEach((svc, i) => {
        list(field(svc, "fargate", "egress")).forEach((rule, j) => {
            const database = text(field(rule, "database"));
            if (database !== undefined && !databases.has(database)) {
                problems.push(`${at(i, "fargate", "egress", j, "database")}: ${show(database)} is no legacy.databases entry; allowed ${[...databases].join(", ") || "none (declare the database under legacy.databases first)"}`);
            }
        });
    });
    problems.push(...databaseMoveProblems(raw, input, key));
    const network = record(raw.network);
    problems.push(...reachProblems(raw, legacy, network, key));
    problems.push(...canaryAtZeroProblems(services, at, warnings));
    if (databases.size > 0 && network.mode === "existing" && !Array.isArray(network.natPublicIps)) {
        problems.push(`${key(["network", "natPublicIps"])}: is required with legacy.databases on an existing VPC; allowed the public IPs the private subnets reach the internet from (they join each database's trusted sources)`);
    }

    // AWS and DigitalOcean ranges must not overlap: it blocks any later VPN or peering between them.
    const awsRange = network.mode === "create" ? text(network.cidr) ?? "10.0.0.0/16" : text(network.vpcCidr);
    if (awsRange !== undefined && doRange !== undefined && cidrsOverlap(awsRange, doRange)) {
        const message = `${awsRange} overlaps legacy.vpcIpRange ${doRange}: a VPN or peering between the two networks (to reach legacy databases privately, or during decommissioning) would be impossible`;
        if (network.mode === "create" || legacy.adoptVpcId === undefined) {
            problems.push(`${key(["network", network.mode === "create" ? "cidr" : "vpcCidr"])}: ${message}; allowed a range that does not overlap (both networks are new: choose now)`);
        } else {
            warnings.push(`${key(["network", "vpcCidr"])}: ${message}. Both networks already exist, so the plan goes on; reach legacy databases over the internet (legacy.databases) instead.`);
        }
    }

    problems.push(...rolloutCrossKeyProblems(services, at));
    problems.push(...notificationProblems(raw, key));

    // Cost assumptions name services that exist.
    const names = new Set(services.map((svc) => text(field(svc, "name"))).filter((n): n is string => n !== undefined));
    for (const service of Object.keys(record(field(raw.costAssumptions, "services")))) {
        if (!names.has(service)) {
            problems.push(`${key(["costAssumptions", "services", service])}: ${show(service)} is no service of this stack; allowed ${[...names].join(", ")}`);
        }
    }

    // The ALB: listener rule priorities and the account's quotas.
    const fargateServices = services.flatMap((svc, index) => {
        const name = text(field(svc, "name"));
        const hostname = isWeb(svc) ? text(field(svc, "hostname")) : undefined;
        const fargate = field(svc, "fargate");
        if (fargate === undefined || name === undefined || hostname === undefined) {
            return [];
        }
        const explicit = field(fargate, "listenerRulePriority");
        return [{ index, name, hostname, hasPaths: list(field(fargate, "pathPatterns")).length > 0, explicit: typeof explicit === "number" ? explicit : undefined }];
    });
    const seenAlbHosts = new Set<string>();
    for (const s of fargateServices) {
        if (s.hostname.length > ALB_HOST_MAX_LENGTH && !seenAlbHosts.has(s.hostname)) {
            problems.push(`${at(s.index, "hostname")}: ${show(s.hostname)} is ${s.hostname.length} characters; allowed at most ${ALB_HOST_MAX_LENGTH} for a hostname the ALB answers (its host-header rule)`);
        }
        seenAlbHosts.add(s.hostname);
    }
    if (zone !== undefined && fargateServices.length > 0) {
        const longest = fargateServices.map((s) => healthHostname(s.name, zone)).reduce((a, b) => (b.length > a.length ? b : a));
        if (longest.length > ALB_HOST_MAX_LENGTH) {
            problems.push(`${key(["dns", "zoneName"])}: ${show(zone)} makes the health-check hostname ${show(longest)} ${longest.length} characters; allowed a zone name that leaves it at most ${ALB_HOST_MAX_LENGTH} (the ALB's host-header rule)`);
        } else if (!albCertificateGroups([...seenAlbHosts, healthWildcard(zone)], namesPerCertificateOf(raw)).every((g) => g.some((n) => n.length <= ACM_DOMAIN_NAME_MAX_LENGTH))) {
            problems.push(`${key(["services"])}: a certificate of the ALB would hold only names over ${ACM_DOMAIN_NAME_MAX_LENGTH} characters; allowed: ACM needs one name of at most ${ACM_DOMAIN_NAME_MAX_LENGTH} per certificate (its common name): shorten a hostname or raise platform.quotas.acmNamesPerCertificate`);
        }
    }
    const priorities = resolvePriorities(fargateServices);
    for (const [path, message] of priorities.problems) {
        problems.push(`${at(path[0] as number, ...path.slice(1))}: ${message}`);
    }
    const quotas = record(field(raw.platform, "quotas"));
    const namesPerCertificate = namesPerCertificateOf(raw);
    const certificatesPerAlb = typeof quotas.certificatesPerAlb === "number" ? quotas.certificatesPerAlb : 25;
    const rulesPerAlb = typeof quotas.rulesPerAlb === "number" ? quotas.rulesPerAlb : 100;
    const albNames = new Set(fargateServices.map((s) => s.hostname)).size + 1;
    const certificatesNeeded = Math.ceil(albNames / namesPerCertificate);
    if (certificatesNeeded - 1 > certificatesPerAlb) {
        problems.push(`${key(["services"])}: ${albNames - 1} Fargate hostnames and the health-check wildcard need ${certificatesNeeded} certificates of ${namesPerCertificate} names, but the ALB takes ${certificatesPerAlb} besides its default (platform.quotas.certificatesPerAlb); allowed: raise 'Domain names per ACM certificate' (up to 100) or 'Certificates per Application Load Balancer' with AWS Service Quotas and set platform.quotas to match, or move services to another stack (a second ALB)`);
    }
    const rules = fargateServices.length * 2;
    if (rules > rulesPerAlb) {
        problems.push(`${key(["services"])}: ${fargateServices.length} Fargate services need ${rules} listener rules (one routing and one health-check rule each), but the ALB allows ${rulesPerAlb} (platform.quotas.rulesPerAlb); allowed: raise 'Rules per Application Load Balancer' with AWS Service Quotas and set platform.quotas.rulesPerAlb, or move services to another stack (a second ALB)`);
    }

    return { problems, warnings, hostnames: grouping.hostnames, priorities: priorities.byService, certificates };
}

function namesPerCertificateOf(raw: Record<string, unknown>): number {
    const value = field(raw.platform, "quotas", "acmNamesPerCertificate");
    return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 100 ? value : 10;
}

function cutoverProblems(svc: unknown, i: number, c: { legacyOn: boolean; percent: unknown; dns: unknown; at: (i: number, ...p: PropertyKey[]) => string }): string[] {
    const problems: string[] = [];
    const live = field(svc, "traffic", "liveRecord");
    const importing = field(svc, "traffic", "importWeightedRecords") === true;
    const zoneMode = field(c.dns, "zone") ?? "lookup";
    if (live !== undefined) {
        if (typeof c.percent === "number" && c.percent !== 0) {
            problems.push(`${c.at(i, "traffic", "fargatePercent")}: ${c.percent} while traffic.liveRecord is set; allowed 0: the cut-over creates the weighted records at legacy 100, Fargate 0`);
        }
        if (!c.legacyOn) {
            problems.push(`${c.at(i, "traffic", "liveRecord")}: is set, but the service has no Droplets; allowed only with a legacy side (the cut-over points the hostname at its load balancer first)`);
        }
        if (importing) {
            problems.push(`${c.at(i, "traffic", "importWeightedRecords")}: true while traffic.liveRecord is set; allowed one phase at a time: run the cut-over batch, then replace liveRecord by importWeightedRecords`);
        }
        if (zoneMode === "create") {
            problems.push(`${c.at(i, "traffic", "liveRecord")}: is set, but dns.zone is create (a new zone has no live records); allowed only with zone: lookup`);
        }
        const type = field(live, "type");
        const values = list(field(live, "values"));
        if (type === "CNAME" && values.length !== 1) {
            problems.push(`${c.at(i, "traffic", "liveRecord", "values")}: has ${values.length} values; allowed exactly 1 for a CNAME`);
        }
        if (type === "A") {
            values.forEach((v, j) => {
                if (typeof v === "string" && !/^(\d{1,3}\.){3}\d{1,3}$/.test(v)) {
                    problems.push(`${c.at(i, "traffic", "liveRecord", "values", j)}: ${show(v)} is not an IPv4 address; allowed the A record's addresses as they are today`);
                }
            });
        }
    }
    if (importing) {
        if (typeof c.percent === "number" && c.percent !== 0) {
            problems.push(`${c.at(i, "traffic", "fargatePercent")}: ${c.percent} while traffic.importWeightedRecords is set; allowed 0 (the records are imported as the cut-over created them; move traffic in the next run)`);
        }
        if (field(c.dns, "zoneId") === undefined) {
            problems.push(`${c.at(i, "traffic", "importWeightedRecords")}: needs dns.zoneId (import ids name the zone); allowed once dns.zoneId is set to the zone's id`);
        }
        if (!c.legacyOn) {
            problems.push(`${c.at(i, "traffic", "importWeightedRecords")}: is set, but the service has no Droplets; allowed only with the legacy side the cut-over created a record for`);
        }
    }
    return problems;
}

/**
 * Egress a task can never use (an address inside the DigitalOcean VPC, a
 * range DigitalOcean reserves, a private range outside the stack's own VPC),
 * and a database listed by a private address: refused with what to do
 * instead. Non-default ports for engines that do not listen on 25060.
 */
function reachProblems(raw: Record<string, unknown>, legacy: Record<string, unknown>, network: Record<string, unknown>, key: Key): string[] {
    const problems: string[] = [];
    const context: NetworkContext = {
        legacyRange: text(legacy.vpcIpRange),
        legacyRegion: text(legacy.region),
        awsRange: network.mode === "existing" ? text(network.vpcCidr) : text(network.cidr) ?? "10.0.0.0/16",
        mode: network.mode === "existing" ? "existing" : "create",
    };
    list(raw.services).forEach((svc, i) => {
        list(field(svc, "fargate", "egress")).forEach((rule, j) => {
            const cidr = text(field(rule, "cidr"));
            const problem = cidr === undefined ? undefined : egressReachProblem(cidr, context);
            if (problem !== undefined) {
                problems.push(`${key(["services", i, "fargate", "egress", j, "cidr"])}: ${problem}; allowed instead: ${WHAT_TO_DO_INSTEAD}`);
            }
        });
    });
    list(legacy.databases).forEach((db, j) => {
        const cidr = text(field(db, "cidr"));
        const problem = cidr === undefined ? undefined : databaseAddressProblem(cidr);
        if (problem !== undefined) {
            problems.push(`${key(["legacy", "databases", j, "cidr"])}: ${problem} (${REACHING_LEGACY_DOC})`);
        }
        const engine = text(field(db, "engine")) ?? "pg";
        if (engine !== "pg" && engine !== "mysql" && field(db, "port") === undefined) {
            problems.push(`${key(["legacy", "databases", j, "port"])}: is required for engine ${engine}; allowed the port of the cluster's public endpoint (doctl databases connection <cluster id>): only PostgreSQL and MySQL default to 25060`);
        }
    });
    return problems;
}

/**
 * A canary on a hostname at 0 % Fargate gets no requests: its alarms judge
 * nothing and a promotion would rest on no evidence (docs/runbook.md, phase
 * 4). Refused while the hostname's cut-over is pending or importing (nothing
 * has ever gone to Fargate there); a warning once the records are weighted,
 * because sending everything back to the Droplets (0 %) must never wait for
 * a config edit.
 */
function canaryAtZeroProblems(services: unknown[], at: (i: number, ...p: PropertyKey[]) => string, warnings: string[]): string[] {
    const problems: string[] = [];
    services.forEach((svc, i) => {
        if (field(svc, "fargate", "canary") === undefined) {
            return;
        }
        const hostname = text(field(svc, "hostname"));
        const ownerIndex = services.findIndex((o) => text(field(o, "hostname")) === hostname && field(o, "traffic") !== undefined);
        const owner = services[ownerIndex];
        if (owner === undefined || field(owner, "traffic", "fargatePercent") !== 0) {
            return;
        }
        const pending = field(owner, "traffic", "liveRecord") !== undefined || field(owner, "traffic", "importWeightedRecords") === true;
        const why = `set while ${show(hostname)} sends 0 % of its traffic to Fargate (services[${ownerIndex}].traffic.fargatePercent): the canary gets no requests, so its alarms judge nothing (docs/runbook.md, phase 4)`;
        if (pending) {
            problems.push(`${at(i, "fargate", "canary")}: ${why}; allowed once the hostname's cut-over is done and its share is above 0 %`);
        } else {
            warnings.push(`${at(i, "fargate", "canary")}: ${why}; remove it, or move the hostname above 0 % first (a warning, not refused: sending everything back to the Droplets must never wait for a config edit)`);
        }
    });
    return problems;
}

function firewallRuleProblems(rule: unknown, key: (...path: PropertyKey[]) => string): string[] {
    const problems: string[] = [];
    const protocol = field(rule, "protocol");
    const ports = field(rule, "ports");
    if ((protocol === "tcp" || protocol === "udp") && ports === undefined) {
        problems.push(`${key("ports")}: is required for ${protocol}; allowed a port such as 9100, a range such as 8000-8100, or all`);
    }
    if (protocol === "icmp" && ports !== undefined) {
        problems.push(`${key("ports")}: ${show(ports)} is set on an icmp rule; allowed no ports for icmp`);
    }
    if (["addresses", "tags", "dropletIds"].every((k) => list(field(rule, k)).length === 0)) {
        problems.push(`${key()}: names no addresses, tags or dropletIds; allowed a rule with at least one of them`);
    }
    return problems;
}

/** ALB "Condition Values per Rule": 5 (the host-header values and path patterns of one rule together). */
export const CONDITION_VALUES_PER_RULE = 5;

/**
 * A service rolled out by ECS (blue-green, linear, canary) is served through
 * the one rule ECS shifts, which also answers the service's health-check
 * hostname (components/aws/fargate-service.ts): that rule's values must fit
 * with the second host, and its path patterns must take the health path.
 */
function rolloutCrossKeyProblems(services: unknown[], at: (i: number, ...path: PropertyKey[]) => string): string[] {
    const problems: string[] = [];
    services.forEach((svc, i) => {
        const strategy = field(svc, "fargate", "rollout", "strategy");
        if (typeof strategy !== "string" || strategy === "rolling") {
            return;
        }
        const patterns = list(field(svc, "fargate", "pathPatterns")).filter((p): p is string => typeof p === "string");
        if (patterns.length + 2 > CONDITION_VALUES_PER_RULE) {
            problems.push(`${at(i, "fargate", "pathPatterns")}: has ${patterns.length} patterns with rollout strategy ${strategy}; allowed at most ${CONDITION_VALUES_PER_RULE - 2}: the rule ECS shifts also answers the health-check hostname, and an ALB rule takes ${CONDITION_VALUES_PER_RULE} condition values (two hosts and the patterns)`);
        }
        const healthPath = text(field(svc, "healthCheckPath"));
        if (patterns.length > 0 && healthPath !== undefined && !patterns.some((p) => pathPatternMatches(p, healthPath))) {
            problems.push(`${at(i, "fargate", "pathPatterns")}: ${show(patterns)} do not take healthCheckPath ${show(healthPath)} with rollout strategy ${strategy}; allowed patterns one of which matches it: Route 53 checks the service through the rule ECS shifts, so it sees the revision users get`);
        }
    });
    return problems;
}

/** ALB path-pattern matching: * any characters, ? one character, case-sensitive (Elastic Load Balancing, "Path conditions"). */
export function pathPatternMatches(pattern: string, path: string): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    return re.test(path.split("?")[0]);
}

/** platform.notifications across keys: someone to tell, and a topic in us-east-1 for the Route 53 alarms. */
function notificationProblems(raw: Record<string, unknown>, key: Key): string[] {
    const n = field(raw.platform, "notifications");
    if (n === undefined || typeof n !== "object" || n === null) {
        return [];
    }
    const problems: string[] = [];
    const at = (...path: PropertyKey[]) => key(["platform", "notifications", ...path]);
    const topicArn = text(field(n, "topicArn"));
    const subscriptions = ["email", "https", "slack"].reduce((sum, k) => sum + list(field(n, k)).length, 0);
    if (topicArn === undefined && subscriptions === 0) {
        problems.push(`${at()}: creates a topic nobody subscribes to; allowed at least one of email, https, slack (or topicArn, an existing topic with its own subscribers)`);
    }
    const usEast1 = field(n, "usEast1TopicArn");
    if (usEast1 !== undefined && topicArn === undefined) {
        problems.push(`${at("usEast1TopicArn")}: is set without topicArn; allowed only with topicArn (a created topic gets its us-east-1 twin from the program)`);
    }
    const region = text(raw.awsRegion);
    if (topicArn !== undefined && region !== undefined && region !== "us-east-1" && usEast1 === undefined) {
        const topicRegion = topicArn.split(":")[3];
        if (topicRegion !== "us-east-1") {
            problems.push(`${at("usEast1TopicArn")}: is required with topicArn ${show(topicArn)} in a stack in ${region}; allowed an SNS topic ARN in us-east-1: Route 53 health-check metrics exist only there, so their alarms are created there, and an alarm can only act on a topic of its own region`);
        }
    }
    if (topicArn !== undefined && region !== undefined && topicArn.split(":")[3] !== region) {
        problems.push(`${at("topicArn")}: ${show(topicArn)} is in ${topicArn.split(":")[3]}, the stack in ${region}; allowed a topic in ${region}: the service alarms act only on a topic of their own region`);
    }
    return problems;
}
