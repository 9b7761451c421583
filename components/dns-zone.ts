// The public Route 53 hosted zone every service hostname lives in: looked up
// by name when it already exists (prod: the zone serving users today), or
// created and owned by the program (dev rehearsals).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";

export interface DnsZoneArgs {
    /** The parsed stack config: `dns.zone` (lookup or create), `dns.zoneName`, tags, environment. */
    readonly config: StackConfig;
}

export class DnsZone extends pulumi.ComponentResource {
    /** Hosted zone id, for records and certificate validation. */
    readonly zoneId: pulumi.Output<string>;
    /** The zone's name, without a trailing dot. */
    readonly zoneName: pulumi.Output<string>;
    /** The zone's name servers: delegate to them from the parent zone when the zone is created. */
    readonly nameServers: pulumi.Output<string[]>;

    constructor(name: string, args: DnsZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:dns:Zone", name, {}, opts);
        const { dns } = args.config;
        if (dns.zone !== "lookup" && dns.zone !== "create") {
            throw new Error(`config.dns.zone: ${JSON.stringify(dns.zone)} is not allowed; allowed lookup or create`);
        }

        if (dns.zone === "lookup") {
            // privateZone false: a private zone of the same name would answer
            // only inside its VPCs, never the public clients being migrated.
            const found = aws.route53.getZoneOutput({ name: dns.zoneName, privateZone: false }, { parent: this });
            this.zoneId = found.zoneId;
            this.nameServers = found.nameServers;
        } else {
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
            this.zoneId = zone.zoneId;
            this.nameServers = zone.nameServers;
        }
        this.zoneName = pulumi.output(dns.zoneName);

        this.registerOutputs({ zoneId: this.zoneId, zoneName: this.zoneName, nameServers: this.nameServers });
    }
}
