// Entry point: parse the stack config (every problem reported before any
// resource exists), build the migration, export what operators need.
import { loadStackConfig } from "./components/config";
import { Migration } from "./components/migration";

const config = loadStackConfig();
const migration = new Migration(`${config.project}-${config.stack}`, { config });

export const environment = config.environment;
export const zoneId = migration.zoneId;
export const nameServers = migration.nameServers;
export const albDnsName = migration.albDnsName;
export const vpcId = migration.vpcId;
/** Where the private subnets reach the internet from (trusted sources of legacy databases). */
export const natPublicIps = migration.natPublicIps;
export const services = migration.services;
/** Per hostname: the split, next/previous step, the commands to move, failover bounds. */
export const traffic = migration.traffic;
/** Per hostname still on its plain record: the one Route 53 change batch that switches it (`npm run cutover`). */
export const cutover = migration.cutover;
export const dashboardUrl = migration.dashboardUrl;
/** Who runs each worker: Droplets and Fargate task counts, queue, scaling. */
export const workers = migration.workers;
/** Each scheduled job's owner (the Droplets' crontab or EventBridge Scheduler) and schedule. */
export const jobs = migration.jobs;
/** What `npm run up` runs before the whole up: each release task's definition and network. */
export const releases = migration.releases;
/** Per database moving to RDS: phase, source, target, replication (the plan's Database table). */
export const databases = migration.databases;
