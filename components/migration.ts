// The whole migration for one stack: the DNS zone, the legacy DigitalOcean
// side, the AWS platform, per service the Droplets and the Fargate service,
// per hostname the weighted DNS split between them, and the dashboard that
// shows it.
import * as pulumi from "@pulumi/pulumi";
import { AwsNetwork, AwsPlatform, FargateService, MigrationDashboard } from "./aws";
import { DmsVpcRole, MovedDatabase, type DatabaseSummary } from "./aws/database";
import { keepsSourceFirewall, replicates } from "./aws/database-plan";
import type { DatabaseTarget } from "./aws/database-clients";
import * as aws from "@pulumi/aws";
import { ROUTE53_METRICS_REGION } from "./aws/dashboard";
import { Notifications } from "./aws/notifications";
import { dashboardName, stackPrefix } from "./aws/naming";
import type { StackConfig } from "./config";
import { DnsZone } from "./dns-zone";
import { LegacyFoundation, LegacyService } from "./legacy";
import { LegacyDatabaseAccess } from "./legacy/database-access";
import { LegacyWorker } from "./legacy/worker";
import { FargateWorker } from "./aws/fargate-worker";
import { ScheduledJob } from "./aws/scheduled-job";
import { ReleaseTask, type ReleaseRun } from "./aws/release-task";
import { jobSummary, workerSummary, type JobSummary, type WorkerSummary } from "./workloads";
import { TrafficRouting, type CutoverPlan } from "./traffic/routing";
import type { TrafficSummary } from "./traffic/steps";

export interface MigrationArgs {
    /** The parsed, validated stack config. */
    readonly config: StackConfig;
}

/** What operators need per service, exported as stack outputs. */
export interface ServiceOutputs {
    readonly hostname: string;
    readonly legacy?: {
        readonly loadBalancerIp: pulumi.Output<string>;
        readonly dropletIds: pulumi.Output<string[]>;
        readonly dropletPrivateIps: pulumi.Output<string[]>;
        readonly healthCheckUrl: pulumi.Output<string>;
    };
    readonly fargate?: {
        readonly serviceName: pulumi.Output<string>;
        readonly canaryServiceName?: pulumi.Output<string>;
        readonly ecrRepositoryUrl: pulumi.Output<string>;
        readonly logGroupName: pulumi.Output<string>;
    };
}

export class Migration extends pulumi.ComponentResource {
    readonly zoneId: pulumi.Output<string>;
    readonly nameServers: pulumi.Output<string[]>;
    readonly albDnsName: pulumi.Output<string>;
    readonly vpcId: pulumi.Output<string>;
    readonly natPublicIps: pulumi.Output<string[]>;
    readonly services: Readonly<Record<string, ServiceOutputs>>;
    /** The traffic split of every hostname, known at preview. */
    readonly traffic: readonly TrafficSummary[];
    /** Per hostname still answered by its plain record: the atomic switch to the weighted records. */
    readonly cutover: Readonly<Record<string, pulumi.Output<CutoverPlan>>>;
    /** The migration dashboard's console address (known at preview). */
    readonly dashboardUrl: string;
    /** Who runs each worker, on which side (known at preview). */
    readonly workers: readonly WorkerSummary[];
    /** Each scheduled job's owner and schedule (known at preview). */
    readonly jobs: readonly JobSummary[];
    /** What `npm run up` needs to run each release task before the whole up. */
    readonly releases: pulumi.Output<ReleaseRun[]>;
    /** Per database moving to RDS: its phase, source, target and replication (known at preview). */
    readonly databases: readonly DatabaseSummary[];

    constructor(name: string, args: MigrationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:index:Migration", name, {}, opts);
        const { config } = args;
        const child = { parent: this };
        // Findings that do not stop the run: shown by `pulumi preview` and the offline plan.
        for (const warning of config.warnings) {
            pulumi.log.warn(warning, this);
        }

        const zone = new DnsZone(`${name}-dns`, { config }, child);
        const legacy = new LegacyFoundation(`${name}-legacy`, { config }, child);
        const network = new AwsNetwork(`${name}-network`, { config }, child);
        const platform = new AwsPlatform(`${name}-platform`, {
            config,
            vpcId: network.vpcId,
            publicSubnetIds: network.publicSubnetIds,
            zoneId: zone.zoneId,
            zoneReady: zone.ready,
        }, child);
        const moving = config.legacy.databases.filter((d) => d.move !== undefined);
        const vpcRole = moving.some((d) => replicates(d.move!.phase) && d.move!.replication.vpcRole === "create")
            ? new DmsVpcRole(`${name}-dms-vpc-role`, { tags: config.tags }, child) : undefined;
        const targets: Record<string, DatabaseTarget> = {};
        const databases: DatabaseSummary[] = [];
        const movedDatabases: MovedDatabase[] = [];
        // Route 53's metrics, and so their alarms, live in us-east-1 whatever the stack's region.
        const notifications = config.platform.notifications === undefined ? undefined
            : new Notifications(`${name}-notifications`, {
                config,
                notifications: config.platform.notifications,
                clusterArn: platform.clusterArn,
                // At the stack's root, not under a component: a targeted `up` always steps providers, and
                // fails when a provider's parent would be created but is not targeted (tools/delivery/targeting.ts).
                usEast1Provider: new aws.Provider(`${name}-us-east-1`, { region: ROUTE53_METRICS_REGION }),
            }, child);
        for (const database of config.legacy.databases) {
            // Once decommissioned, the program forgets the cluster's firewall (kept on DigitalOcean: retainOnDelete).
            if (database.move === undefined || keepsSourceFirewall(database.move.phase)) {
                new LegacyDatabaseAccess(`${name}-db-${database.name}`, { config, database, natPublicIps: network.natPublicIps }, child);
            }
            if (database.move !== undefined) {
                const moved = new MovedDatabase(`${name}-rds-${database.name}`, {
                    config, database, vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds, dmsVpcRole: vpcRole?.attachment,
                    alarmActions: notifications?.regionalTopicArns,
                }, child);
                targets[database.name] = { securityGroupId: moved.securityGroupId, port: moved.port, credentialsSecretArn: moved.credentialsSecretArn };
                databases.push(moved.summary);
                movedDatabases.push(moved);
            }
        }

        const droplets = new Map<string, LegacyService>();
        const fargate = new Map<string, FargateService>();
        const services: Record<string, ServiceOutputs> = {};
        for (const service of config.services) {
            const serviceName = `${name}-${service.name}`;
            const legacyService = service.legacy.enabled
                ? new LegacyService(serviceName, { config, service, vpcId: legacy.vpcId }, child)
                : undefined;
            const fargateService = service.fargate !== undefined
                ? new FargateService(serviceName, {
                    config,
                    service,
                    vpcId: network.vpcId,
                    privateSubnetIds: network.privateSubnetIds,
                    clusterArn: platform.clusterArn,
                    clusterName: platform.clusterName,
                    albSecurityGroupId: platform.albSecurityGroupId,
                    httpsListenerArn: platform.httpsListenerArn,
                    albArnSuffix: platform.albArnSuffix,
                    databases: targets,
                    ecsLoadBalancerRole: platform.ecsLoadBalancerRole,
                    alarmActions: notifications?.regionalTopicArns,
                }, child)
                : undefined;
            if (legacyService !== undefined) {
                droplets.set(service.name, legacyService);
            }
            if (fargateService !== undefined) {
                fargate.set(service.name, fargateService);
            }
            services[service.name] = {
                hostname: service.hostname,
                legacy: legacyService && {
                    loadBalancerIp: legacyService.loadBalancerIp,
                    dropletIds: legacyService.dropletIds,
                    dropletPrivateIps: legacyService.dropletPrivateIps,
                    healthCheckUrl: legacyService.healthCheckUrl,
                },
                fargate: fargateService && {
                    serviceName: fargateService.serviceName,
                    canaryServiceName: fargateService.canaryServiceName,
                    ecrRepositoryUrl: fargateService.ecrRepositoryUrl,
                    logGroupName: fargateService.logGroupName,
                },
            };
        }

        // Workers, scheduled jobs and release tasks: in the private subnets, no ingress.
        const onFargate = { vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds, clusterArn: platform.clusterArn, databases: targets };
        for (const worker of config.workers) {
            if (worker.legacy.enabled) {
                new LegacyWorker(`${name}-${worker.name}`, { config, worker, vpcId: legacy.vpcId }, child);
            }
            if (worker.fargate !== undefined) {
                new FargateWorker(`${name}-${worker.name}`, { config, worker, ...onFargate, clusterName: platform.clusterName }, child);
            }
        }
        for (const job of config.jobs) {
            new ScheduledJob(`${name}-${job.name}`, { config, job, ...onFargate, alarmActions: notifications?.regionalTopicArns }, child);
        }
        const releases = config.releases.map((release) => new ReleaseTask(`${name}-${release.name}`, { config, release, ...onFargate }, child));

        const traffic: TrafficSummary[] = [];
        const cutover: Record<string, pulumi.Output<CutoverPlan>> = {};
        const routings = config.hostnames.map((hostname) => {
            const owner = droplets.get(hostname.owner);
            const behind = hostname.fargateServices.map((s) => fargate.get(s)!);
            const routing = new TrafficRouting(`${name}-${hostname.owner}`, {
                config,
                hostname,
                zoneId: zone.zoneId,
                legacy: owner && { loadBalancerIp: owner.loadBalancerIp },
                fargate: behind.length === 0 ? undefined : {
                    albDnsName: platform.albDnsName,
                    albZoneId: platform.albZoneId,
                    // DNS moves only once the tasks and the rules that route to them are in place.
                    ecsServices: behind.flatMap((f) => [...f.ecsServices, f.routingRule]),
                },
                healthCheckAlarms: notifications && { provider: notifications.usEast1Provider, actions: notifications.usEast1TopicArns },
            }, child);
            traffic.push(routing.summary);
            if (routing.cutover !== undefined) {
                cutover[hostname.hostname] = routing.cutover;
            }
            return { hostname, routing };
        });

        const prefix = stackPrefix(config.project, config.stack);
        const dashboard = new MigrationDashboard(`${name}-dashboard`, {
            name: dashboardName(prefix),
            region: config.awsRegion,
            model: {
                region: config.awsRegion,
                loadBalancer: platform.albArnSuffix,
                cluster: platform.clusterName,
                hostnames: routings.map(({ hostname, routing }) => ({
                    hostname: hostname.hostname,
                    phase: routing.summary.phase,
                    split: routing.summary.split,
                    legacyHealthCheckId: routing.legacyHealthCheckId,
                    release: { text: routing.releaseMarkerText, parameter: routing.releaseMarkerName },
                    services: hostname.fargateServices.map((serviceName) => {
                        const f = fargate.get(serviceName)!;
                        const native = config.services.find((s) => s.name === serviceName)!.fargate!.rollout.strategy !== "rolling";
                        return {
                            name: serviceName,
                            healthCheckId: routing.serviceHealthCheckIds[serviceName],
                            revisions: [
                                ...f.revisions.map((r) => ({
                                    revision: r.revision,
                                    ...(native ? { label: "group 1" } : {}),
                                    targetGroup: r.revision === "stable" ? f.stableTargetGroup.arnSuffix : f.canaryTargetGroup.arnSuffix,
                                    ecsService: r.serviceName,
                                    alarmArns: Object.values(r.alarms).map((a) => a.arn),
                                })),
                                // ECS moves a native rollout's tasks between its two groups: show both.
                                ...(native ? [{ revision: "stable" as const, label: "group 2", targetGroup: f.canaryTargetGroup.arnSuffix, ecsService: f.revisions[0].serviceName, alarmArns: [] }] : []),
                            ],
                        };
                    }),
                })),
                databases: movedDatabases.map((d) => ({ name: d.summary.name, phase: d.summary.phase, alarmArns: d.alarmArns })),
            },
        }, child);

        this.zoneId = zone.zoneId;
        this.nameServers = zone.nameServers;
        this.albDnsName = platform.albDnsName;
        this.vpcId = network.vpcId;
        this.natPublicIps = network.natPublicIps;
        this.services = services;
        this.traffic = traffic;
        this.cutover = cutover;
        this.dashboardUrl = dashboard.url;
        this.workers = config.workers.map(workerSummary);
        this.jobs = config.jobs.map(jobSummary);
        this.releases = pulumi.all(releases.map((r) => r.run));
        this.databases = databases;
        this.registerOutputs({
            workers: this.workers,
            jobs: this.jobs,
            releases: this.releases,
            databases,
            zoneId: this.zoneId,
            albDnsName: this.albDnsName,
            vpcId: this.vpcId,
            natPublicIps: this.natPublicIps,
            services,
            traffic,
            cutover,
            dashboardUrl: this.dashboardUrl,
        });
    }
}
