// Names and tags of the legacy DigitalOcean resources. DigitalOcean checks
// these server-side (a bad name fails only at `pulumi up`), so they are made
// valid here, and they carry stack and service so two stacks or two services
// sharing one DigitalOcean account never collide.
//
// Budgets: every name fits for any project and stack name Pulumi allows
// (1-100 of [A-Za-z0-9_.-]) and any service name the config allows (2-16):
// a name over budget keeps its start and ends in a hash of its parts.
import * as crypto from "crypto";

/** Longest DigitalOcean name this program produces: a DNS label, so Droplet names stay valid hostnames. */
export const MAX_RESOURCE_NAME_LENGTH = 63;
/** DigitalOcean's limit on a tag name. */
export const MAX_TAG_LENGTH = 255;

function shortHash(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/**
 * A DigitalOcean resource name from its parts: lower case, only letters,
 * digits, `-` and `.` (what Droplet, load balancer, firewall, VPC and project
 * names all accept), parts joined by `-`, starting and ending with a letter
 * or digit. Longer than 63 characters, it keeps its start and ends in a hash
 * of the parts; with no letter or digit at all, it is that hash.
 */
export function resourceName(...parts: readonly (string | number)[]): string {
    const name = parts
        .map((part) => String(part).toLowerCase().replace(/[^a-z0-9.-]+/g, "-"))
        .join("-")
        .replace(/-{2,}/g, "-")
        .replace(/^[-.]+|[-.]+$/g, "");
    if (name.length > 0 && name.length <= MAX_RESOURCE_NAME_LENGTH) {
        return name;
    }
    const hash = shortHash(JSON.stringify(parts.map(String)));
    const start = name.slice(0, MAX_RESOURCE_NAME_LENGTH - hash.length - 1).replace(/[^a-z0-9]+$/, "");
    return start === "" ? hash : `${start}-${hash}`;
}

/** Name of the n-th (0-based) Droplet the program creates for a service: `${stack}-${service}-${index + 1}`. */
export function createdDropletName(stack: string, service: string, index: number): string {
    return resourceName(stack, service, index + 1);
}

/**
 * A DigitalOcean tag: only letters, digits, `:`, `-` and `_` are allowed, so
 * every other character becomes `_`; at most 255 characters.
 */
export function doTag(text: string): string {
    const tag = text.replace(/[^A-Za-z0-9:_-]/g, "_");
    if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) {
        throw new Error(`DigitalOcean tag ${JSON.stringify(tag)} is ${tag.length === 0 ? "empty" : `${tag.length} characters long`}; allowed 1 to ${MAX_TAG_LENGTH} characters`);
    }
    return tag;
}

/**
 * The tag the load balancer and the firewall select the service's Droplets by.
 * It names project, stack and service: tags are account-wide, and a tag shared
 * with another program would put that program's Droplets behind this load balancer.
 */
export function selectionTagName(project: string, stack: string, service: string): string {
    return doTag(`${project}-${stack}-${service}`);
}

/**
 * DigitalOcean tags for a key/value tag map (ServiceConfig.tags): one
 * `key:value` tag per entry, sorted by key, without duplicates.
 */
export function tagsFromMap(tags: Readonly<Record<string, string>>): string[] {
    const result = Object.keys(tags)
        .sort()
        .map((key) => doTag(tags[key] === "" ? key : `${key}:${tags[key]}`));
    return [...new Set(result)];
}

/** DigitalOcean project descriptions: at most 255 characters (DigitalOcean API, project.yml description maxLength 255). */
export const MAX_PROJECT_DESCRIPTION_LENGTH = 255;

/**
 * The description of a service's DigitalOcean project, at most 255 characters
 * for any hostname, project and stack config allows: the long form when it
 * fits, else the hostname alone, else its first 254 characters and an ellipsis.
 */
export function projectDescription(hostname: string, project: string, stack: string): string {
    const forms = [
        `Legacy Droplets of ${hostname} (${project}/${stack}), served beside AWS Fargate until retired`,
        `Legacy Droplets of ${hostname}`,
    ];
    const fitting = forms.find((f) => f.length <= MAX_PROJECT_DESCRIPTION_LENGTH);
    return fitting ?? `${forms[1].slice(0, MAX_PROJECT_DESCRIPTION_LENGTH - 1)}…`;
}
