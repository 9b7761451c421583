// The legacy side of the migration on DigitalOcean: the stack's VPC
// (LegacyFoundation) and, per service still served by Droplets, the Droplets
// (created, or adopted without being touched), their load balancer, cloud
// firewall, selection tag and DigitalOcean project (LegacyService).
import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceConfig, StackConfig } from "../config";
import { MAX_USER_DATA_BYTES } from "../config/schema";
import { domainCovers } from "./certificates";
import { planDroplets } from "./droplets";
import { legacyFirewallRules } from "./firewall-rules";
import { loadBalancerForwardingRules, loadBalancerHealthcheck, loadBalancerSizing } from "./load-balancer-rules";
import { projectDescription, resourceName, selectionTagName, tagsFromMap } from "./naming";

export { ADOPTED_DROPLET_IGNORED_INPUTS, planDroplets } from "./droplets";
export type { DropletPlanArgs, PlannedDroplet } from "./droplets";
export { ANYWHERE, isWholeInternet, legacyFirewallRules } from "./firewall-rules";
export type { ExtraFirewallRule, LegacyFirewallRuleArgs, LegacyFirewallRules } from "./firewall-rules";
export { coveringCertificate, domainCovers } from "./certificates";
export { LOAD_BALANCER_SIZE_UNIT, loadBalancerForwardingRules, loadBalancerHealthcheck, loadBalancerSizing } from "./load-balancer-rules";
export { createdDropletName, doTag, resourceName, selectionTagName, tagsFromMap } from "./naming";

export { MAX_USER_DATA_BYTES };

/** DigitalOcean project `environment` per stack environment. */
export const PROJECT_ENVIRONMENTS = { dev: "Development", prod: "Production" } as const;

/**
 * DigitalOcean project `purpose`: one of DigitalOcean's fixed values (any
 * other text is stored as "Other: <text>" and would show a diff on every run).
 */
export const PROJECT_PURPOSE = "Web Application";

export interface LegacyFoundationArgs {
    /** The parsed, validated stack config (reads config.legacy). */
    readonly config: StackConfig;
}

/** The stack's DigitalOcean VPC, created or adopted (imported, kept on delete). */
export class LegacyFoundation extends pulumi.ComponentResource {
    /** Id (UUID) of the VPC, for LegacyService's vpcId. */
    readonly vpcId: pulumi.Output<string>;
    /** DigitalOcean URN of the VPC (do:vpc:<uuid>). */
    readonly vpcUrn: pulumi.Output<string>;

    constructor(name: string, args: LegacyFoundationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:legacy:Foundation", name, {}, opts);
        const { config } = args;
        const adoptVpcId = config.legacy.adoptVpcId;
        const vpc = new digitalocean.Vpc(`${name}-vpc`, {
            name: resourceName(config.project, config.stack),
            region: config.legacy.region,
            ipRange: config.legacy.vpcIpRange,
            description: `Legacy Droplets of ${config.project}/${config.stack}, served beside AWS until retired`,
        }, {
            parent: this,
            protect: config.legacy.protect,
            ...(adoptVpcId === undefined ? {} : {
                import: adoptVpcId,
                // An adopted VPC keeps its own name and description (renaming
                // is harmless but not ours to do), and outlives the program.
                ignoreChanges: ["name", "description"],
                retainOnDelete: true,
            }),
        });
        this.vpcId = vpc.id;
        this.vpcUrn = vpc.vpcUrn;
        this.registerOutputs({ vpcId: this.vpcId, vpcUrn: this.vpcUrn });
    }
}

export interface LegacyServiceArgs {
    /** The parsed, validated stack config (reads project, stack, environment and legacy). */
    readonly config: StackConfig;
    /** The service; its legacy part must be enabled (the caller skips decommissioned services). */
    readonly service: ServiceConfig;
    /** Id of the legacy VPC (LegacyFoundation.vpcId); adopted Droplets must already be in it. */
    readonly vpcId: pulumi.Input<string>;
}

/**
 * One service's Droplets behind a DigitalOcean load balancer, with a cloud
 * firewall that admits only the load balancer (and SSH from admin networks),
 * all grouped in a DigitalOcean project.
 */
export class LegacyService extends pulumi.ComponentResource {
    /** Public IP of the load balancer: the legacy target of the service's weighted DNS records. */
    readonly loadBalancerIp: pulumi.Output<string>;
    /** DigitalOcean URN of the load balancer (do:loadbalancer:<uuid>). */
    readonly loadBalancerUrn: pulumi.Output<string>;
    /** Id (UUID) of the load balancer. */
    readonly loadBalancerId: pulumi.Output<string>;
    /** Ids of the Droplets, in config order. */
    readonly dropletIds: pulumi.Output<string[]>;
    /** Private (VPC) IPv4 addresses of the Droplets, in config order. */
    readonly dropletPrivateIps: pulumi.Output<string[]>;
    /** http://<load balancer ip><healthCheckPath>; the load balancer answers with a redirect to HTTPS for the service's hostname. */
    readonly healthCheckUrl: pulumi.Output<string>;
    /** The tag the load balancer and firewall select the Droplets by; resolves once the tag exists. */
    readonly selectionTag: pulumi.Output<string>;

    constructor(name: string, args: LegacyServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:legacy:Service", name, {}, opts);
        const { config, service } = args;
        const legacy = service.legacy;
        if (!legacy.enabled) {
            throw new Error(`LegacyService ${name}: args.service.legacy.enabled is false for service "${service.name}" (decommissioned); build LegacyService only for services whose legacy.enabled is true`);
        }
        if (!config.services.some((s) => s.name === service.name)) {
            throw new Error(`LegacyService ${name}: args.service "${service.name}" is not one of args.config.services (${config.services.map((s) => s.name).join(", ")})`);
        }
        if (legacy.mode === "adopt") {
            const seen = new Set<string>();
            for (const droplet of legacy.droplets) {
                if (seen.has(droplet.id)) {
                    throw new Error(`LegacyService ${name}: args.service.legacy.droplets lists the Droplet id ${droplet.id} twice; allowed each Droplet once`);
                }
                seen.add(droplet.id);
            }
        }
        if (legacy.mode === "create" && legacy.userData !== undefined && Buffer.byteLength(legacy.userData, "utf8") > MAX_USER_DATA_BYTES) {
            throw new Error(`LegacyService ${name}: args.service.legacy.userData is ${Buffer.byteLength(legacy.userData, "utf8")} bytes; allowed at most ${MAX_USER_DATA_BYTES} (DigitalOcean's user data limit)`);
        }

        const protect = config.legacy.protect;
        const region = config.legacy.region;
        const doName = resourceName(config.project, config.stack, service.name);

        // Created before anything uses it: the load balancer and the firewall
        // fail on a tag that does not exist yet.
        const tag = new digitalocean.Tag(`${name}-tag`, {
            name: selectionTagName(config.project, config.stack, service.name),
        }, { parent: this, protect });
        const dropletTags = [tag.name, ...tagsFromMap(service.tags)];

        // Each Droplet waits for the one before it: an update that resizes
        // them (power off, resize, power on) takes one out of rotation at a
        // time instead of all at once. The change-safety analysis of the plan
        // still refuses a resize that would leave no Droplet serving, since a
        // resized Droplet rejoins its load balancer only once its health check
        // passes, which no step waits for.
        const droplets: digitalocean.Droplet[] = [];
        for (const plan of planDroplets({
            stack: config.stack,
            environment: config.environment,
            service: service.name,
            legacy,
            sshKeys: config.legacy.sshKeys,
        })) {
            const previous = droplets[droplets.length - 1];
            droplets.push(new digitalocean.Droplet(`${name}-droplet-${plan.key}`, {
                name: plan.name,
                size: plan.size,
                image: plan.image,
                region,
                vpcUuid: args.vpcId,
                tags: [...new Set([...dropletTags, ...plan.keepTags])],
                backups: plan.backups,
                ...(plan.create === undefined ? {} : {
                    monitoring: plan.create.monitoring,
                    userData: plan.create.userData,
                    sshKeys: [...plan.create.sshKeys],
                }),
            }, {
                parent: this,
                protect,
                import: plan.importId,
                ignoreChanges: [...plan.ignoreChanges],
                retainOnDelete: plan.retainOnDelete,
                dependsOn: previous === undefined ? [] : [previous],
            }));
        }

        // Config says which certificate covers the hostname; the real
        // certificate must agree before the load balancer serves it.
        const certificate = digitalocean.getCertificateOutput({ name: legacy.certificateName }, { parent: this });
        const certificateName = pulumi.all([certificate.name, certificate.domains]).apply(([certName, domains]) => {
            if (!domains.some((d) => domainCovers(d, service.hostname))) {
                throw new Error(`legacy.certificates: the DigitalOcean certificate ${certName} covers ${domains.join(", ") || "no name"}, not ${service.hostname}; correct its domains in legacy.certificates or upload a certificate that covers ${service.hostname}`);
            }
            return certName;
        });
        const loadBalancer = new digitalocean.LoadBalancer(`${name}-lb`, {
            name: doName,
            region,
            vpcUuid: args.vpcId,
            ...loadBalancerSizing(region),
            // By tag, not by id: an id list caps at 10 Droplets.
            dropletTag: tag.name,
            redirectHttpToHttps: true,
            forwardingRules: loadBalancerForwardingRules(service.port, certificateName),
            healthcheck: loadBalancerHealthcheck(service.port, service.healthCheckPath),
        }, { parent: this, protect });

        // Its own phase: until DNS points at the load balancer, clients reach
        // the Droplets directly, and the firewall would drop them.
        if (config.legacy.firewall.enabled) {
            new digitalocean.Firewall(`${name}-fw`, {
                name: doName,
                tags: [tag.name],
                ...legacyFirewallRules({
                    appPort: service.port,
                    loadBalancerUid: loadBalancer.id,
                    adminCidrs: config.legacy.adminCidrs,
                    vpcIpRange: config.legacy.vpcIpRange,
                    extra: config.legacy.firewall,
                }),
            }, { parent: this, protect });
        }

        // Firewalls, tags and VPCs have no URN DigitalOcean projects accept:
        // a project holds the Droplets and the load balancer.
        new digitalocean.Project(`${name}-project`, {
            name: doName,
            description: projectDescription(service.hostname, config.project, config.stack),
            purpose: PROJECT_PURPOSE,
            environment: PROJECT_ENVIRONMENTS[config.environment],
            resources: [...droplets.map((d) => d.dropletUrn), loadBalancer.loadBalancerUrn],
        }, { parent: this, protect });

        this.loadBalancerIp = loadBalancer.ip;
        this.loadBalancerUrn = loadBalancer.loadBalancerUrn;
        this.loadBalancerId = loadBalancer.id;
        this.dropletIds = pulumi.all(droplets.map((d) => d.id));
        this.dropletPrivateIps = pulumi.all(droplets.map((d) => d.ipv4AddressPrivate));
        this.healthCheckUrl = pulumi.interpolate`http://${loadBalancer.ip}${service.healthCheckPath}`;
        this.selectionTag = tag.name;
        this.registerOutputs({
            loadBalancerIp: this.loadBalancerIp,
            loadBalancerUrn: this.loadBalancerUrn,
            loadBalancerId: this.loadBalancerId,
            dropletIds: this.dropletIds,
            dropletPrivateIps: this.dropletPrivateIps,
            healthCheckUrl: this.healthCheckUrl,
            selectionTag: this.selectionTag,
        });
    }
}
