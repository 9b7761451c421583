// What each legacy Droplet of a service is, before any resource exists:
// created Droplets are fully managed; adopted ones are imported with inputs
// that match what already runs, and the inputs that cannot be read back or
// would replace a running production Droplet are ignored.
import type { Environment, RawLegacyService } from "../config/types";
import { createdDropletName } from "./naming";

/**
 * Droplet inputs never managed on an adopted Droplet, because a difference in
 * any of them REPLACES it (DigitalOcean cannot change them in place):
 * - image: read back as a numeric image id once DigitalOcean has retired or
 *   rotated the slug it was built from, so the slug in config would differ;
 * - userData, sshKeys: used only at creation and never returned by the API,
 *   so the imported state has none;
 * - monitoring: the provider's default (false) would replace a Droplet that
 *   has the agent; it is installed on the host, not set from here;
 * - ipv6: the default (false) would replace a Droplet that has IPv6 (it can
 *   be enabled in place but never disabled).
 * size, name, region, vpcUuid, tags and backups stay managed: name, size,
 * tags and backups change in place (a size change is a resize with a power
 * cycle), region and vpcUuid must match config or the preview shows a
 * replacement, which `protect` refuses in prod. Tags are the ones config says
 * the Droplet has today plus the program's: the provider replaces the whole
 * list, so nothing the Droplet carries is removed.
 */
export const ADOPTED_DROPLET_IGNORED_INPUTS: readonly string[] = ["image", "userData", "sshKeys", "monitoring", "ipv6"];

/** One Droplet of a service, as the component registers it. */
export interface PlannedDroplet {
    /** Suffix of the child resource name: the position (1-based) of a created Droplet, the id of an adopted one (stable when the list is reordered). */
    readonly key: string;
    /** The Droplet's DigitalOcean name. */
    readonly name: string;
    /** Size slug. */
    readonly size: string;
    /** Image slug or id. */
    readonly image: string;
    /** Droplet backups (in place, +20% of the Droplet price): on in prod. */
    readonly backups: boolean;
    /** Created Droplets only: monitoring agent, cloud-init user data and SSH keys. */
    readonly create?: { readonly monitoring: true; readonly userData?: string; readonly sshKeys: readonly string[] };
    /** Adopted Droplets only: the id to import. */
    readonly importId?: string;
    /** Adopted Droplets only: the tags they have today, kept beside the program's. */
    readonly keepTags: readonly string[];
    /** Inputs Pulumi does not manage (see ADOPTED_DROPLET_IGNORED_INPUTS). */
    readonly ignoreChanges: readonly string[];
    /** Keep the real Droplet when it leaves the program. */
    readonly retainOnDelete: boolean;
}

export interface DropletPlanArgs {
    /** Stack name, part of created Droplet names. */
    readonly stack: string;
    /** Environment: prod turns backups on. */
    readonly environment: Environment;
    /** Service name, part of created Droplet names. */
    readonly service: string;
    /** The service's legacy config; must be enabled. */
    readonly legacy: RawLegacyService;
    /** SSH keys (fingerprints or ids) put on created Droplets. */
    readonly sshKeys: readonly string[];
}

/** The Droplets of an enabled legacy service, in config order. */
export function planDroplets(args: DropletPlanArgs): PlannedDroplet[] {
    const { legacy } = args;
    const backups = args.environment === "prod";
    if (!legacy.enabled) {
        throw new Error(`legacy.enabled: false for service ${JSON.stringify(args.service)}; a decommissioned service has no Droplets`);
    }
    if (legacy.mode === "create") {
        return Array.from({ length: legacy.count }, (_, i): PlannedDroplet => ({
            key: String(i + 1),
            name: createdDropletName(args.stack, args.service, i),
            size: legacy.size,
            image: legacy.image,
            backups,
            create: {
                monitoring: true,
                ...(legacy.userData === undefined ? {} : { userData: legacy.userData }),
                sshKeys: [...args.sshKeys],
            },
            ignoreChanges: [],
            retainOnDelete: false,
            keepTags: [],
        }));
    }
    return legacy.droplets.map((droplet): PlannedDroplet => ({
        key: droplet.id,
        name: droplet.name,
        size: legacy.size,
        image: legacy.image,
        backups,
        importId: droplet.id,
        keepTags: [...droplet.tags],
        ignoreChanges: [...ADOPTED_DROPLET_IGNORED_INPUTS],
        retainOnDelete: legacy.retainOnDelete,
    }));
}
