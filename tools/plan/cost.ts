// A monthly cost estimate of a plan, legacy (DigitalOcean) and AWS side by
// side, per service and per stack: at the plan's traffic split, at 100 %
// Fargate (legacy decommissioned), and the change against a base plan. Pure:
// it reads the planned resources and the traffic split, the price tables
// (prices.ts) and named usage assumptions; nothing is fetched.
import { AWS_TABLES, DIGITALOCEAN_ALL_REGIONS, type PriceTable } from "./prices";
import { costAssumptionsSchema } from "../../components/config/schema";
import { parseSchedule, runsIn } from "../../components/config/schedule";
import { didYouMean } from "../../components/config/suggest";

/** Usage the resources alone do not tell; every figure is a named default a stack may override. */
export interface ServiceUsage {
    /** Requests per second to the hostname, monthly average, both sides together. */
    readonly requestsPerSecond: number;
    /** Request plus response size through the ALB, KB (1 GB = 1,000,000 KB). */
    readonly kbPerRequest: number;
    /** Requests per client connection (keep-alive): new connections = requests / this. */
    readonly requestsPerConnection: number;
    /** CloudWatch Logs ingested by the service's tasks per month at 100 % of its traffic, GB. */
    readonly logGbPerMonth: number;
}

export interface CostAssumptions extends ServiceUsage {
    readonly hoursPerMonth: number;
    /** Data through the NAT gateways per running task per month (image pulls, outbound calls), GB. */
    readonly natGbPerTaskMonth: number;
    /** Deploys per month: each runs every release task once. */
    readonly releaseRunsPerMonth: number;
    /** Minutes a release task runs. */
    readonly releaseRunMinutes: number;
    /** Queries and results between the Fargate tasks and each DigitalOcean database per month at 100 % Fargate, GB (through the NAT gateways until the database moves to RDS). */
    readonly databaseGbPerMonth: number;
    /** Per-service overrides of the usage figures, by service name. */
    readonly services: Readonly<Record<string, Partial<ServiceUsage>>>;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
    hoursPerMonth: 730,
    requestsPerSecond: 20,
    kbPerRequest: 40,
    requestsPerConnection: 10,
    logGbPerMonth: 5,
    natGbPerTaskMonth: 2,
    releaseRunsPerMonth: 20,
    releaseRunMinutes: 5,
    databaseGbPerMonth: 20,
    services: {},
};

/** The contract of `<project>:costAssumptions` is config's (components/config/schema.ts). */
export { costAssumptionsSchema };

export class CostAssumptionsError extends Error {
    override name = "CostAssumptionsError";
}

/**
 * The assumptions of a stack: the defaults, overridden by the stack's
 * `<project>:costAssumptions` config value (JSON text, as config values
 * reach the program). The one place the override is read, to be wired to
 * components/config when that key joins the schema.
 */
export function costAssumptionsOf(values: Readonly<Record<string, string>>, project: string): CostAssumptions {
    const key = `${project}:costAssumptions`;
    const text = values[key];
    if (text === undefined) {
        return DEFAULT_ASSUMPTIONS;
    }
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch {
        raw = text;
    }
    const parsed = costAssumptionsSchema.safeParse(raw);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => {
            const where = i.path.map((p) => typeof p === "number" ? `[${p}]` : `.${String(p)}`).join("");
            return i.code === "unrecognized_keys"
                ? i.keys.map((k) => `${key}${where}.${k}: unknown key${didYouMean(k, Object.keys(costAssumptionsSchema.shape))}; allowed ${Object.keys(costAssumptionsSchema.shape).join(", ")}`).join("\n")
                : `${key}${where}: ${i.message}`;
        });
        throw new CostAssumptionsError(problems.join("\n"));
    }
    const { services, ...figures } = parsed.data;
    return { ...DEFAULT_ASSUMPTIONS, ...stripUndefined(figures), services: services ?? {} };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function usageOf(assumptions: CostAssumptions, service: string): ServiceUsage {
    return { ...assumptions, ...stripUndefined(assumptions.services[service] ?? {}) };
}

// ---------------------------------------------------------------------------

export interface CostResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly inputs: Readonly<Record<string, unknown>>;
}

export interface ServiceSplit {
    readonly service: string;
    readonly hostname: string;
    readonly fargatePercent: number;
    readonly canaryPercent: number;
}

/** A managed database the stack names (legacy.databases): it stays on DigitalOcean, so it costs at every split. */
export interface ManagedDatabase {
    readonly name: string;
    readonly engine: string;
    /** The node size slug; undefined: not priced (config does not say it). */
    readonly size?: string;
    readonly nodes: number;
    /** Its move to RDS (legacy.databases[].move.phase): decommissioned, the cluster is gone. */
    readonly phase?: "replicate" | "cutover" | "done" | "decommissioned";
    /** Services whose tasks read it (fargate.egress names it): their queries cross the NAT gateways while it is on DigitalOcean. */
    readonly readers?: readonly string[];
}

export interface CostInput {
    readonly resources: readonly CostResource[];
    readonly traffic: readonly ServiceSplit[];
    readonly awsRegion: string;
    /** legacy.databases. @default none */
    readonly databases?: readonly ManagedDatabase[];
}

export type Side = "legacy" | "aws";
/** The costs not tied to one service: the ALB, NAT gateways, the zone. */
export const SHARED = "(shared)";

export interface CostLine {
    readonly service: string;
    readonly side: Side;
    readonly item: string;
    readonly quantity: number;
    readonly unit: string;
    readonly usd: number;
    /** Fargate tasks at the autoscaling maximum (only task lines differ). */
    readonly usdAtMax: number;
}

export interface CostRow {
    readonly service: string;
    readonly legacy: number;
    readonly aws: number;
    readonly awsAtMax: number;
    readonly total: number;
    readonly totalAtMax: number;
}

export interface Scenario {
    readonly lines: readonly CostLine[];
    /** One row per service, then SHARED, then "total". */
    readonly rows: readonly CostRow[];
}

export interface CostEstimate {
    readonly currency: "USD";
    readonly prices: readonly { readonly provider: string; readonly region: string; readonly version: string }[];
    readonly assumptions: CostAssumptions;
    /** At the plan's traffic split. */
    readonly current: Scenario;
    /** Every service that has a Fargate part at 100 %, its legacy side decommissioned. */
    readonly allFargate: Scenario;
    /** Resource types with a cost this estimate leaves out, and why. */
    readonly notIncluded: readonly string[];
    /** Things the estimate could not price (a size not in the table, a region without a table). */
    readonly unpriced: readonly string[];
}

const PER_SERVICE_COMPONENTS = new Set(["migration:legacy:Service", "migration:aws:FargateService", "migration:traffic:Routing",
    "migration:aws:FargateWorker", "migration:legacy:Worker", "migration:aws:ScheduledJob", "migration:aws:ReleaseTask"]);

const NOT_INCLUDED = [
    "data transfer out (AWS and DigitalOcean bandwidth)",
    "Route 53 DNS queries (alias queries to the ALB are free)",
    "ECR image storage and CloudWatch Logs storage",
    "ALB active-connection LCUs (new connections, processed bytes and rule evaluations are counted)",
    "free tiers and volume discounts",
    // aws.amazon.com/sns/pricing (email $2.00 per 100,000 after the first 1,000 a month, HTTP/S $0.60 per million after the first 100,000);
    // aws.amazon.com/eventbridge/pricing (state change events of AWS services on the default bus are free). Read 2026-12.
    "SNS notifications (the first 1,000 emails and 100,000 HTTPS deliveries a month are free; then $2.00 per 100,000 emails, $0.60 per million HTTPS) and EventBridge events from AWS services (free)",
    "EventBridge Scheduler invocations and SQS requests (a few per job run)",
];

function str(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

function num(value: unknown): number | undefined {
    if (typeof value === "number") {
        return value;
    }
    return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
}

/** The service a resource belongs to: the per-service component above it (or its `service` tag), else SHARED. */
export function serviceResolver(resources: readonly CostResource[]): (r: CostResource) => string {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const migration = resources.find((r) => r.type === "migration:index:Migration");
    return (resource) => {
        for (let r: CostResource | undefined = resource; r !== undefined; r = r.parent ? byUrn.get(r.parent) : undefined) {
            if (PER_SERVICE_COMPONENTS.has(r.type)) {
                return migration !== undefined && r.name.startsWith(`${migration.name}-`) ? r.name.slice(migration.name.length + 1) : r.name;
            }
        }
        const tags = resource.inputs.tags;
        const tag = typeof tags === "object" && tags !== null && !Array.isArray(tags) ? str((tags as Record<string, unknown>).service) : undefined;
        return tag ?? SHARED;
    };
}

interface TaskSize { vcpu: number; gb: number; storageGb: number; arm: boolean; image?: string }

function taskSizeOf(taskDefinition: CostResource): TaskSize {
    const inputs = taskDefinition.inputs;
    const platform = inputs.runtimePlatform as { cpuArchitecture?: string } | undefined;
    let image: string | undefined;
    try {
        image = (JSON.parse(String(inputs.containerDefinitions)) as { image?: string }[])[0]?.image;
    } catch {
        image = undefined;
    }
    return {
        vcpu: (num(inputs.cpu) ?? 0) / 1024,
        gb: (num(inputs.memory) ?? 0) / 1024,
        storageGb: num((inputs.ephemeralStorage as { sizeInGib?: unknown } | undefined)?.sizeInGib) ?? 20,
        arm: platform?.cpuArchitecture === "ARM64",
        image,
    };
}

/** The task definition an ECS service runs: by family in its ARN, else the one with the service's resource name. */
export function taskDefinitionOf(service: CostResource, resources: readonly CostResource[]): CostResource | undefined {
    const definitions = resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
    const family = /task-definition\/([^:]+)/.exec(str(service.inputs.taskDefinition) ?? "")?.[1];
    return definitions.find((d) => family !== undefined && d.inputs.family === family) ?? definitions.find((d) => d.name === service.name);
}

/** Desired and maximum task counts of an ECS service (the maximum from its autoscaling target). */
export function taskCountsOf(service: CostResource, resources: readonly CostResource[]): { desired: number; max: number } {
    const desired = num(service.inputs.desiredCount) ?? 0;
    const serviceName = str(service.inputs.name);
    const target = resources.find((r) => r.type === "aws:appautoscaling/target:Target" && serviceName !== undefined
        && str(r.inputs.resourceId)?.endsWith(`/${serviceName}`));
    return { desired, max: Math.max(desired, num(target?.inputs.maxCapacity) ?? desired) };
}

/** State transitions of a job's run that succeeds: Run, Exited, Succeeded, and the start. */
const TRANSITIONS_PER_RUN = 4;

function tagOf(r: CostResource, key: string): string | undefined {
    const tags = r.inputs.tags;
    return typeof tags === "object" && tags !== null && !Array.isArray(tags) ? str((tags as Record<string, unknown>)[key]) : undefined;
}

function isWorker(r: CostResource): boolean {
    return tagOf(r, "workload") === "worker";
}

/** The job's maximum run time: its state machine's Run state TimeoutSeconds. */
function timeoutOf(machine: CostResource | undefined): number | undefined {
    try {
        const definition = JSON.parse(str(machine?.inputs.definition) ?? "") as { States?: { Run?: { TimeoutSeconds?: unknown } } };
        return num(definition.States?.Run?.TimeoutSeconds);
    } catch {
        return undefined;
    }
}

function scenario(input: CostInput, assumptions: CostAssumptions, allFargate: boolean, unpriced: Set<string>): Scenario {
    const aws = AWS_TABLES[input.awsRegion];
    const digitalocean = DIGITALOCEAN_ALL_REGIONS;
    const hours = assumptions.hoursPerMonth;
    const serviceOf = serviceResolver(input.resources);
    const fargateServices = new Set(input.resources.filter((r) => r.type === "aws:ecs/service:Service").map(serviceOf));
    const share = (service: string) => {
        if (allFargate) {
            return fargateServices.has(service) ? 1 : 0;
        }
        return (input.traffic.find((t) => t.service === service)?.fargatePercent ?? 0) / 100;
    };
    const decommissioned = (service: string) => allFargate && fargateServices.has(service);
    const lines: CostLine[] = [];
    // Each line in whole cents: every total and change shown is then the exact sum of the lines shown.
    const add = (service: string, side: Side, item: string, quantity: number, unit: string, usd: number, usdAtMax = usd) => {
        lines.push({ service, side, item, quantity, unit, usd: round(usd), usdAtMax: round(usdAtMax) });
    };
    const price = (table: PriceTable | undefined, key: string, what: string): number | undefined => {
        const p = table?.prices[key];
        if (p === undefined) {
            unpriced.add(table === undefined ? `${what}: no AWS price table for region ${input.awsRegion} (tables: ${Object.keys(AWS_TABLES).join(", ")})` : `${what}: no price for ${key} in the ${table.provider} table`);
        }
        return p?.usd;
    };
    let totalTasks = 0;
    const listenerRules = input.resources.filter((r) => r.type === "aws:lb/listenerRule:ListenerRule").length;

    for (const r of input.resources) {
        const service = serviceOf(r);
        const i = r.inputs;
        switch (r.type) {
            case "digitalocean:index/droplet:Droplet": {
                if (decommissioned(service)) {
                    break;
                }
                const size = str(i.size) ?? "?";
                const monthly = price(digitalocean, `droplet:${size}`, `Droplet ${str(i.name) ?? r.name}`);
                if (monthly === undefined) {
                    break;
                }
                add(service, "legacy", `Droplet ${str(i.name) ?? r.name} (${size})`, 1, "Droplet-month", monthly);
                if (i.backups === true) {
                    const weekly = (i.backupPolicy as { plan?: string } | undefined)?.plan === "weekly";
                    const shareOfPrice = price(digitalocean, weekly ? "backupsWeeklyShare" : "backupsDailyShare", "Droplet backups") ?? 0;
                    add(service, "legacy", `  backups (${weekly ? "weekly" : "daily"}, ${shareOfPrice * 100}% of the Droplet)`, 1, "Droplet-month", monthly * shareOfPrice);
                }
                break;
            }
            case "digitalocean:index/loadBalancer:LoadBalancer": {
                if (decommissioned(service)) {
                    break;
                }
                const nodes = num(i.sizeUnit) ?? 1;
                const node = price(digitalocean, "loadBalancerNode", "DigitalOcean load balancer");
                if (node !== undefined) {
                    add(service, "legacy", `DigitalOcean load balancer (${nodes} node${nodes === 1 ? "" : "s"})`, nodes, "node-month", nodes * node);
                }
                break;
            }
            case "aws:route53/healthCheck:HealthCheck": {
                // A check of an IP outside AWS exists for the legacy record; the rest watch AWS.
                const legacy = str(i.ipAddress) !== undefined;
                if (legacy && decommissioned(service)) {
                    break;
                }
                const type = str(i.type) ?? "";
                const options = (type.startsWith("HTTPS") ? 1 : 0) + (num(i.requestInterval) === 10 ? 1 : 0) + (i.measureLatency === true ? 1 : 0) + (type.endsWith("STR_MATCH") ? 1 : 0);
                const base = price(aws, legacy ? "route53HealthCheckNonAws" : "route53HealthCheckAws", "Route 53 health check");
                const option = price(aws, legacy ? "route53HealthCheckOptionNonAws" : "route53HealthCheckOptionAws", "Route 53 health check options");
                if (base !== undefined && option !== undefined) {
                    add(service, legacy ? "legacy" : "aws", `Route 53 health check ${type}${options > 0 ? ` + ${options} option${options === 1 ? "" : "s"}` : ""} (${legacy ? "non-AWS" : "AWS"} endpoint)`, 1, "check-month", base + options * option);
                }
                break;
            }
            case "aws:route53/zone:Zone": {
                const zone = price(aws, "route53Zone", "Route 53 hosted zone");
                if (zone !== undefined) {
                    add(service, "aws", "Route 53 hosted zone", 1, "zone-month", zone);
                }
                break;
            }
            case "aws:ecs/service:Service": {
                const definition = taskDefinitionOf(r, input.resources);
                const counts = taskCountsOf(r, input.resources);
                // A worker all on Fargate runs at least as many tasks as it has Droplets today.
                const droplets = allFargate && isWorker(r) ? input.resources.filter((d) => d.type === "digitalocean:index/droplet:Droplet" && serviceOf(d) === service).length : 0;
                const desired = Math.max(counts.desired, droplets);
                const max = Math.max(counts.max, desired);
                totalTasks += desired;
                if (definition === undefined) {
                    unpriced.add(`ECS service ${r.name}: its task definition is not in the plan`);
                    break;
                }
                const size = taskSizeOf(definition);
                const vcpu = price(aws, size.arm ? "fargateVcpuHourArm" : "fargateVcpuHourX86", "Fargate vCPU");
                const gb = price(aws, size.arm ? "fargateGbHourArm" : "fargateGbHourX86", "Fargate memory");
                const storage = price(aws, "fargateStorageGbHour", "Fargate storage") ?? 0;
                if (vcpu === undefined || gb === undefined) {
                    break;
                }
                const perTask = (size.vcpu * vcpu + size.gb * gb + Math.max(0, size.storageGb - 20) * storage) * hours;
                add(service, "aws", `Fargate ${str(r.inputs.name) ?? r.name}: ${desired} task${desired === 1 ? "" : "s"} of ${size.vcpu} vCPU / ${size.gb} GB${size.arm ? " ARM" : ""} (max ${max})`,
                    desired, "task-month", desired * perTask, max * perTask);
                break;
            }
            case "aws:scheduler/schedule:Schedule": {
                // While the crontab owns the job (DISABLED), its runs are on the Droplets' bill.
                if (i.state !== "ENABLED" && !allFargate) {
                    break;
                }
                const schedule = parseSchedule(str(i.scheduleExpression) ?? "");
                const machine = input.resources.find((m) => m.type === "aws:sfn/stateMachine:StateMachine" && serviceOf(m) === service);
                const definition = input.resources.find((d) => d.type === "aws:ecs/taskDefinition:TaskDefinition" && serviceOf(d) === service);
                if (typeof schedule === "string" || definition === undefined) {
                    unpriced.add(`scheduled job ${service}: its schedule or task definition is not readable in the plan`);
                    break;
                }
                const runs = runsIn(schedule, hours);
                const maxRunSeconds = timeoutOf(machine);
                const size = taskSizeOf(definition);
                const vcpu = price(aws, size.arm ? "fargateVcpuHourArm" : "fargateVcpuHourX86", "Fargate vCPU");
                const gb = price(aws, size.arm ? "fargateGbHourArm" : "fargateGbHourX86", "Fargate memory");
                const transition = price(aws, "stepFunctionsTransition", "Step Functions state transitions");
                if (vcpu !== undefined && gb !== undefined && maxRunSeconds !== undefined) {
                    add(service, "aws", `Job runs: ${runs} a month, each at most ${maxRunSeconds / 60} min of ${size.vcpu} vCPU / ${size.gb} GB (an upper bound)`, runs, "runs", runs * (size.vcpu * vcpu + size.gb * gb) * maxRunSeconds / 3600);
                }
                if (transition !== undefined) {
                    add(service, "aws", `Step Functions: ${runs} runs of about ${TRANSITIONS_PER_RUN} state transitions`, runs * TRANSITIONS_PER_RUN, "transitions", runs * TRANSITIONS_PER_RUN * transition);
                }
                break;
            }
            case "aws:ecs/taskDefinition:TaskDefinition": {
                if (tagOf(r, "workload") !== "release") {
                    break;
                }
                const size = taskSizeOf(r);
                const vcpu = price(aws, size.arm ? "fargateVcpuHourArm" : "fargateVcpuHourX86", "Fargate vCPU");
                const gb = price(aws, size.arm ? "fargateGbHourArm" : "fargateGbHourX86", "Fargate memory");
                const runs = assumptions.releaseRunsPerMonth;
                if (vcpu !== undefined && gb !== undefined) {
                    add(service, "aws", `Release task: ${runs} deploys a month × ${assumptions.releaseRunMinutes} min of ${size.vcpu} vCPU / ${size.gb} GB`, runs, "runs", runs * (size.vcpu * vcpu + size.gb * gb) * assumptions.releaseRunMinutes / 60);
                }
                break;
            }
            case "aws:lb/loadBalancer:LoadBalancer": {
                const hour = price(aws, "albHour", "ALB");
                const ip = price(aws, "publicIpv4Hour", "public IPv4");
                if (hour !== undefined) {
                    add(service, "aws", "ALB", hours, "hours", hours * hour);
                }
                const addresses = Array.isArray(i.subnets) ? i.subnets.length : 0;
                if (ip !== undefined && addresses > 0 && i.internal !== true) {
                    add(service, "aws", `ALB public IPv4 addresses (one per subnet: ${addresses})`, addresses * hours, "address-hours", addresses * hours * ip);
                }
                break;
            }
            case "awsx:ec2:Vpc": {
                const strategy = str((i.natGateways as { strategy?: unknown } | undefined)?.strategy) ?? "OnePerAz";
                const zones = num(i.numberOfAvailabilityZones) ?? 3;
                const count = strategy === "OnePerAz" ? zones : strategy === "Single" ? 1 : 0;
                const hour = price(aws, "natGatewayHour", "NAT gateway");
                const ip = price(aws, "publicIpv4Hour", "public IPv4");
                if (count > 0 && hour !== undefined && ip !== undefined) {
                    add(service, "aws", `NAT gateways (${count}, ${strategy})`, count * hours, "gateway-hours", count * hours * hour);
                    add(service, "aws", `NAT gateway public IPv4 addresses (${count})`, count * hours, "address-hours", count * hours * ip);
                }
                break;
            }
            case "aws:rds/instance:Instance": {
                // Multi-AZ runs a standby of the same size: twice the instance and the storage.
                const copies = i.multiAz === true ? 2 : 1;
                const engine = str(i.engine) ?? "?";
                const size = str(i.instanceClass) ?? "?";
                const hour = price(aws, `rds:${engine}:${size}`, `RDS ${engine} ${size}`);
                if (hour !== undefined) {
                    add(SHARED, "aws", `RDS ${str(i.identifier) ?? r.name} (${engine}, ${size}${copies === 2 ? ", Multi-AZ" : ""})`, copies * hours, "instance-hours", copies * hours * hour);
                }
                const gb = num(i.allocatedStorage) ?? 0;
                const storage = price(aws, "rdsStorageGbMonth", "RDS storage");
                if (storage !== undefined && gb > 0) {
                    add(SHARED, "aws", `  storage (${gb} GB gp3${copies === 2 ? ", Multi-AZ" : ""})`, copies * gb, "GB-months", copies * gb * storage);
                }
                break;
            }
            case "aws:rds/clusterInstance:ClusterInstance": {
                const engine = str(i.engine) ?? "?";
                const size = str(i.instanceClass) ?? "?";
                const hour = price(aws, `rds:${engine}:${size}`, `Aurora ${engine} ${size}`);
                if (hour !== undefined) {
                    add(SHARED, "aws", `Aurora instance ${str(i.identifier) ?? r.name} (${engine}, ${size})`, hours, "instance-hours", hours * hour);
                }
                unpriced.add(`Aurora storage and I/O of ${str(i.identifier) ?? r.name}: billed by use`);
                break;
            }
            case "aws:dms/replicationInstance:ReplicationInstance": {
                const copies = i.multiAz === true ? 2 : 1;
                const size = str(i.replicationInstanceClass) ?? "?";
                const hour = price(aws, `dms:${size}`, `DMS replication instance ${size}`);
                if (hour !== undefined) {
                    add(SHARED, "aws", `DMS replication instance ${str(i.replicationInstanceId) ?? r.name} (${size}${copies === 2 ? ", Multi-AZ" : ""})`, copies * hours, "instance-hours", copies * hours * hour);
                }
                const extra = Math.max(0, (num(i.allocatedStorage) ?? 50) - 50);
                const storage = price(aws, "dmsStorageGbMonth", "DMS storage");
                if (storage !== undefined && extra > 0) {
                    add(SHARED, "aws", `  storage beyond the 50 GB included (${extra} GB${copies === 2 ? ", Multi-AZ" : ""})`, copies * extra, "GB-months", copies * extra * storage);
                }
                break;
            }
            case "aws:secretsmanager/secret:Secret": {
                const secret = price(aws, "secretsManagerSecret", "Secrets Manager secret");
                if (secret !== undefined) {
                    add(service, "aws", `Secrets Manager secret ${r.name}`, 1, "secret-month", secret);
                }
                break;
            }
            case "aws:ssm/parameter:Parameter": {
                if (i.tier === "Advanced") {
                    const advanced = price(aws, "ssmParameterAdvanced", "SSM advanced parameter");
                    if (advanced !== undefined) {
                        add(service, "aws", `SSM advanced parameter ${r.name}`, 1, "parameter-month", advanced);
                    }
                }
                break;
            }
            case "aws:cloudwatch/metricAlarm:MetricAlarm": {
                const queries = Array.isArray(i.metricQueries) ? i.metricQueries as { metric?: { period?: unknown } }[] : [];
                const metrics = queries.length > 0 ? queries.filter((q) => q.metric !== undefined).length : 1;
                const period = queries.length > 0 ? Math.min(...queries.map((q) => num(q.metric?.period) ?? 60)) : num(i.period) ?? 60;
                const highResolution = period < 60;
                const each = price(aws, highResolution ? "alarmMetricHighResolution" : "alarmMetricStandard", "CloudWatch alarm");
                if (each !== undefined) {
                    add(service, "aws", `CloudWatch alarm ${str(i.name) ?? r.name} (${metrics} metric${metrics === 1 ? "" : "s"}${highResolution ? ", high resolution" : ""})`, metrics, "alarm metric-month", metrics * each);
                }
                break;
            }
            case "aws:cloudwatch/logGroup:LogGroup": {
                const gb = usageOf(assumptions, service).logGbPerMonth * share(service);
                const ingestion = price(aws, "logsIngestionGb", "CloudWatch Logs ingestion");
                if (ingestion !== undefined && gb > 0) {
                    add(service, "aws", `CloudWatch Logs ingestion ${str(i.name) ?? r.name} (${round(share(service) * 100)}% of ${usageOf(assumptions, service).logGbPerMonth} GB)`, gb, "GB", gb * ingestion);
                }
                break;
            }
            case "aws:cloudwatch/dashboard:Dashboard": {
                const dashboard = price(aws, "dashboard", "CloudWatch dashboard");
                if (dashboard !== undefined) {
                    add(service, "aws", `CloudWatch dashboard ${r.name}`, 1, "dashboard-month", dashboard);
                }
                break;
            }
            default:
                break;
        }
    }

    // The ALB's capacity units: the larger of its dimensions, from the traffic each service sends to Fargate.
    if (input.resources.some((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")) {
        const services = [...new Set(input.traffic.map((t) => t.service))];
        let gbPerHour = 0;
        let connectionsPerSecond = 0;
        let requestsPerSecond = 0;
        for (const service of services) {
            const usage = usageOf(assumptions, service);
            const rps = usage.requestsPerSecond * share(service);
            requestsPerSecond += rps;
            gbPerHour += rps * usage.kbPerRequest * 3600 / 1e6;
            connectionsPerSecond += rps / usage.requestsPerConnection;
        }
        const lcu = Math.max(gbPerHour / 1, connectionsPerSecond / 25, requestsPerSecond * Math.max(0, listenerRules - 10) / 1000);
        const lcuHour = price(aws, "albLcuHour", "ALB capacity units");
        if (lcuHour !== undefined && lcu > 0) {
            add(SHARED, "aws", `ALB capacity units (${round(lcu, 4)} LCU: ${round(gbPerHour, 4)} GB/h, ${round(connectionsPerSecond, 2)} new connections/s)`, lcu * hours, "LCU-hours", lcu * hours * lcuHour);
        }
    }
    const natGbPrice = aws?.prices.natGatewayGb?.usd;
    for (const db of input.databases ?? []) {
        // Tasks reach a database on DigitalOcean through the NAT gateways (processing charged per GB) until the cut-over.
        const onDigitalOcean = db.phase === undefined || db.phase === "replicate";
        const readShare: number = (db.readers ?? []).reduce((sum, s) => sum + share(s), 0) / Math.max(1, (db.readers ?? []).length);
        const gb = assumptions.databaseGbPerMonth * readShare;
        if (onDigitalOcean && natGbPrice !== undefined && gb > 0) {
            add(SHARED, "aws", `NAT gateway data to DigitalOcean database ${db.name} (${round(readShare * 100)}% of ${assumptions.databaseGbPerMonth} GB)`, gb, "GB", gb * natGbPrice);
        }
        if (db.phase === "decommissioned") {
            continue;
        }
        // Billed per node (primary and standbys alike), whatever the traffic split, until it is decommissioned.
        if (db.size === undefined) {
            unpriced.add(`managed database ${db.name} (${db.engine}): legacy.databases size is not set; set size and nodes to price it`);
            continue;
        }
        const node = price(digitalocean, `database:${db.engine}:${db.size}`, `managed database ${db.name} (${db.engine}, ${db.size})`);
        if (node !== undefined) {
            add(SHARED, "legacy", `managed database ${db.name} (${db.engine}, ${db.nodes} × ${db.size})`, db.nodes, "node-months", db.nodes * node);
        }
    }
    const natGateways = input.resources.some((r) => r.type === "awsx:ec2:Vpc" && str((r.inputs.natGateways as { strategy?: unknown } | undefined)?.strategy) !== "None");
    if (natGateways && totalTasks > 0 && assumptions.natGbPerTaskMonth > 0) {
        const natGb = price(aws, "natGatewayGb", "NAT gateway data");
        const gb = totalTasks * assumptions.natGbPerTaskMonth;
        if (natGb !== undefined) {
            add(SHARED, "aws", `NAT gateway data (${totalTasks} tasks × ${assumptions.natGbPerTaskMonth} GB)`, gb, "GB", gb * natGb);
        }
    }
    return { lines, rows: rowsOf(lines, input.traffic.map((t) => t.service)) };
}

function rowsOf(lines: readonly CostLine[], order: readonly string[]): CostRow[] {
    const services = [...new Set([...order, ...lines.map((l) => l.service).filter((s) => s !== SHARED)])];
    const row = (service: string, of: readonly CostLine[]): CostRow => {
        const legacy = sum(of.filter((l) => l.side === "legacy").map((l) => l.usd));
        const aws = sum(of.filter((l) => l.side === "aws").map((l) => l.usd));
        const awsAtMax = sum(of.filter((l) => l.side === "aws").map((l) => l.usdAtMax));
        return { service, legacy, aws, awsAtMax, total: round(legacy + aws), totalAtMax: round(legacy + awsAtMax) };
    };
    return [
        ...services.map((s) => row(s, lines.filter((l) => l.service === s))),
        row(SHARED, lines.filter((l) => l.service === SHARED)),
        row("total", lines),
    ];
}

function sum(values: readonly number[]): number {
    return round(values.reduce((a, b) => a + b, 0));
}

export function round(value: number, digits = 2): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}

/** The monthly estimate of one plan. */
export function estimateCost(input: CostInput, assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS): CostEstimate {
    const unpriced = new Set<string>();
    const current = scenario(input, assumptions, false, unpriced);
    const allFargate = scenario(input, assumptions, true, unpriced);
    const aws = AWS_TABLES[input.awsRegion];
    return {
        currency: "USD",
        prices: [
            ...(aws === undefined ? [] : [{ provider: aws.provider, region: aws.region, version: aws.version }]),
            { provider: DIGITALOCEAN_ALL_REGIONS.provider, region: DIGITALOCEAN_ALL_REGIONS.region, version: DIGITALOCEAN_ALL_REGIONS.version },
        ],
        assumptions,
        current,
        allFargate,
        notIncluded: NOT_INCLUDED,
        unpriced: [...unpriced].sort(),
    };
}

export interface CostChangeRow {
    readonly service: string;
    readonly before: number;
    readonly after: number;
    readonly change: number;
    readonly beforeAtMax: number;
    readonly afterAtMax: number;
}

/** What the change from base to head does to the monthly cost at each plan's own split, per service. */
export function costChange(base: CostEstimate, head: CostEstimate): CostChangeRow[] {
    const services = [...new Set([...head.current.rows.map((r) => r.service), ...base.current.rows.map((r) => r.service)])]
        .filter((s) => s !== "total" && s !== SHARED);
    const find = (e: CostEstimate, s: string) => e.current.rows.find((r) => r.service === s);
    return [...services, SHARED, "total"].map((service) => {
        const before = find(base, service);
        const after = find(head, service);
        return {
            service,
            before: before?.total ?? 0,
            after: after?.total ?? 0,
            change: round((after?.total ?? 0) - (before?.total ?? 0)),
            beforeAtMax: before?.totalAtMax ?? 0,
            afterAtMax: after?.totalAtMax ?? 0,
        };
    });
}
