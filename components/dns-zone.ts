// The public Route 53 hosted zone every service hostname lives in: looked up
// when it already exists (prod: the zone serving users today), or created by
// the program and delegated from its parent zone, in the same account or
// through a role of the parent's account (dev rehearsals). A created zone that nothing delegates answers no one: ACM's DNS
// validation would wait its 75-minute timeout and fail, so the delegation is
// part of the zone, and the certificate waits for it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";

/**
 * TTL of the delegation's NS record. Short while the zone is young, so a
 * mistake is corrected within minutes (Route 53 "Migrating DNS service":
 * lower the NS TTL before and during a change).
 */
export const DELEGATION_TTL_SECONDS = 300;

export interface DnsZoneArgs {
    /** The parsed stack config: `dns` (zone, zoneName, zoneId, parentZoneName), tags, environment. */
    readonly config: StackConfig;
}

export class DnsZone extends pulumi.ComponentResource {
    /** Hosted zone id, for records and certificate validation. */
    readonly zoneId: pulumi.Output<string>;
    /** The zone's name, without a trailing dot. */
    readonly zoneName: pulumi.Output<string>;
    /** The zone's name servers. */
    readonly nameServers: pulumi.Output<string[]>;
    /** Resources that must exist before the zone answers the internet (the delegation), for dependsOn. */
    readonly ready: readonly pulumi.Resource[];

    constructor(name: string, args: DnsZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:dns:Zone", name, {}, opts);
        const { dns } = args.config;
        const ready: pulumi.Resource[] = [];

        if (dns.zone === "lookup") {
            // privateZone false: a private zone of the same name would answer
            // only inside its VPCs, never the public clients being migrated.
            const found = aws.route53.getZoneOutput(
                dns.zoneId !== undefined ? { zoneId: dns.zoneId, privateZone: false } : { name: dns.zoneName, privateZone: false },
                { parent: this },
            );
            // A zone id that names another zone would import records of the wrong zone.
            this.zoneId = pulumi.all([found.zoneId, found.name]).apply(([zoneId, foundName]) => {
                const normalized = foundName.replace(/\.$/, "");
                if (normalized !== dns.zoneName) {
                    throw new Error(`dns.zoneId: ${zoneId} is the zone ${normalized}, not dns.zoneName ${dns.zoneName}; allowed the id of ${dns.zoneName}`);
                }
                return zoneId;
            });
            this.nameServers = found.nameServers;
        } else {
            if (dns.parentZoneName === undefined) {
                throw new Error(`config.dns.parentZoneName: required with zone: create (config validation enforces it)`);
            }
            const zone = new aws.route53.Zone(`${name}-zone`, {
                name: dns.zoneName,
                comment: `Managed by Pulumi (${args.config.project}/${args.config.stack}): legacy/Fargate traffic migration`,
                // Never delete records the program does not own along with the zone.
                forceDestroy: false,
                tags: { ...args.config.tags, Name: dns.zoneName },
            }, {
                parent: this,
                // Deleting a delegated zone takes the whole domain off the internet.
                protect: args.config.environment === "prod",
            });
            // The parent zone may live in another account (one account per
            // stack, the parent in prod's): then the lookup and the NS record
            // go through a role of that account, assumed by a provider of their own.
            const parentProvider = dns.parentZoneRoleArn === undefined ? undefined : new aws.Provider(`${name}-parent-zone`, {
                region: args.config.awsRegion as aws.Region,
                assumeRoles: [{ roleArn: dns.parentZoneRoleArn, sessionName: `${args.config.project}-${args.config.stack}-delegation`.slice(0, 64) }],
            }, { parent: this });
            const viaParent = { parent: this, ...(parentProvider === undefined ? {} : { provider: parentProvider }) };
            const parent = aws.route53.getZoneOutput({ name: dns.parentZoneName, privateZone: false }, viaParent);
            const delegation = new aws.route53.Record(`${name}-delegation`, {
                zoneId: parent.zoneId,
                name: dns.zoneName,
                type: "NS",
                ttl: DELEGATION_TTL_SECONDS,
                records: zone.nameServers,
            }, viaParent);
            ready.push(delegation);
            this.zoneId = zone.zoneId;
            this.nameServers = zone.nameServers;
        }
        this.zoneName = pulumi.output(dns.zoneName);
        this.ready = ready;

        this.registerOutputs({ zoneId: this.zoneId, zoneName: this.zoneName, nameServers: this.nameServers });
    }
}
