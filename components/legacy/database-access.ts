// A DigitalOcean managed database that stays behind during the migration:
// Fargate tasks reach it over the internet through the NAT gateways, so their
// public addresses join the cluster's trusted sources, and nothing else does.
// DigitalOcean managed databases require TLS (sslmode=require) on their public
// endpoint; the task's security group opens only the cluster's address and port.
import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config";

type Database = StackConfig["legacy"]["databases"][number];

export interface LegacyDatabaseAccessArgs {
    /** The parsed stack config (legacy.protect). */
    readonly config: StackConfig;
    /** The database (legacy.databases entry). */
    readonly database: Database;
    /** The NAT gateways' public IPv4 addresses. */
    readonly natPublicIps: pulumi.Input<pulumi.Input<string>[]>;
}

/** The cluster's trusted sources: the ones it has today (config), then each NAT address. */
export function databaseFirewallRules(database: Pick<Database, "trustedSources">, natPublicIps: readonly string[]): { type: string; value: string }[] {
    const kept = database.trustedSources.map((s) => ({ type: s.type, value: s.value }));
    const nat = [...new Set(natPublicIps)].filter((ip) => !kept.some((k) => k.type === "ip_addr" && k.value === ip)).map((ip) => ({ type: "ip_addr", value: ip }));
    return [...kept, ...nat];
}

export class LegacyDatabaseAccess extends pulumi.ComponentResource {
    constructor(name: string, args: LegacyDatabaseAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:legacy:DatabaseAccess", name, {}, opts);
        const { database } = args;
        new digitalocean.DatabaseFirewall(`${name}-trusted-sources`, {
            clusterId: database.clusterId,
            rules: pulumi.output(args.natPublicIps).apply((ips) => databaseFirewallRules(database, ips)),
        }, {
            parent: this,
            protect: args.config.legacy.protect,
            // The resource owns the whole list: importing it first shows, in
            // the preview, any trusted source config forgot (it would be
            // removed) before anything changes (Pulumi 3.174+ imports, then updates).
            import: database.clusterId,
            // Deleting it would leave the cluster with no trusted sources,
            // which DigitalOcean treats as open to every address.
            retainOnDelete: true,
        });
        this.registerOutputs({});
    }
}
