// DigitalOcean facts the migration checks config against and prices with:
// regions, CPU Droplet sizes with prices, VPC ip_range rules, load balancer
// and managed database numbers. Every table names the page or source file it
// was read from and when; DigitalOcean changes these lists, so when a check
// here disagrees with DigitalOcean, re-read the source and update the table
// (the tests pin real rows so a wrong edit fails loudly).
import { editDistance, nearestNames } from "../config/suggest";
import { parseCidr } from "../aws/network-plan";

/** Where a table's facts come from. Everything here was read on READ_ON. */
export interface CatalogSource {
    /** DigitalOcean's page, or the official repository file, the facts are from. */
    readonly url: string;
    /** The date the content itself carries (last edited, commit, capture), ISO. */
    readonly contentDate: string;
    /** Where the copy we actually read lives when it was not the live page. */
    readonly via?: string;
}

/** The day these tables were read from the sources below. */
export const READ_ON = "2026-11-23";

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value)) {
            deepFreeze(inner);
        }
    }
    return value;
}

export const SOURCES = deepFreeze({
    /** Datacenter list and the legacy-datacenter restriction. About 12 months old on READ_ON. */
    regionalAvailability: {
        url: "https://docs.digitalocean.com/platform/regional-availability/",
        contentDate: "2025-11-20",
        via: "a markdown copy of the page in the search index; its per-product ✓ marks were lost, only the datacenter table and prose survived",
    },
    /**
     * GET /v2/regions and GET /v2/sizes as printed by `doctl compute region list`
     * and `doctl compute size list`: the API's own rows with prices. About
     * 17 months old on READ_ON; no newer complete listing was found.
     */
    apiRegionsAndSizes: {
        url: "https://docs.digitalocean.com/reference/api/digitalocean/#tag/Sizes",
        contentDate: "2025-06-23",
        via: "github.com/polymathrobotics/oci doctl/README.md at f803b4b (a third party's captured doctl output)",
    },
    /** Premium plan launches with prices, plans kept API-only, later plan additions. About 12 months old. */
    dropletReleaseNotes: {
        url: "https://docs.digitalocean.com/release-notes/droplets/",
        contentDate: "2025-11-20",
        via: "a markdown copy of the page in the search index",
    },
    /** RFC 1918 ranges, /28 to /16 sizes, reserved ranges per region. About 12 months old. */
    vpcPlanYourNetwork: {
        url: "https://docs.digitalocean.com/products/networking/vpc/concepts/plan-your-network/",
        contentDate: "2025-11-26",
        via: "a copy of the page scraped 2026-01-07, in the search index",
    },
    /** vpc_create.ip_range: RFC 1918, "not smaller than /28 nor larger than /16". About 10 months old. */
    openapiVpc: {
        url: "https://github.com/digitalocean/openapi/blob/7c1300c479fed9c353cda9fc21cd968619552304/specification/resources/vpcs/models/vpc.yml",
        contentDate: "2026-01-20",
    },
    /** size_unit "is currently not available in the AMS2, NYC2, or SFO1 regions". About 19 months old. */
    openapiLoadBalancer: {
        url: "https://github.com/digitalocean/openapi/blob/7c1300c479fed9c353cda9fc21cd968619552304/specification/resources/load_balancers/models/load_balancer_base.yml",
        contentDate: "2025-04-28",
    },
    /** Regional HTTP $12, regional network $15 per node per month; global $15 per month. About 21 months old. */
    loadBalancerPricing: {
        url: "https://docs.digitalocean.com/products/networking/load-balancers/details/pricing/",
        contentDate: "2025-02-28",
        via: "a markdown copy of the page in the search index",
    },
    /** database_connection.port (example 25060) and the caching redis_ssl text naming ports 25060/25061. About 17 months old. */
    openapiDatabases: {
        url: "https://github.com/digitalocean/openapi/blob/7c1300c479fed9c353cda9fc21cd968619552304/specification/resources/databases/models/database_connection.yml",
        contentDate: "2025-07-01",
    },
} as const satisfies Record<string, CatalogSource>);

// ---------------------------------------------------------------- regions

export type RegionUse = "droplet" | "vpc" | "loadBalancer";

export interface DoRegion {
    readonly slug: string;
    /** The API's display name. */
    readonly name: string;
    /** City and country from the regional availability page. */
    readonly location: string;
    /** Whether any user can create new Droplets / VPCs / load balancers there today. */
    readonly open: Readonly<Record<RegionUse, boolean>>;
    /** A legacy datacenter: closed to new resources, kept for existing ones. */
    readonly legacy: boolean;
    /** What is special about this region, if anything. */
    readonly note?: string;
}

const OPEN = { droplet: true, vpc: true, loadBalancer: true } as const;
const CLOSED = { droplet: false, vpc: false, loadBalancer: false } as const;
const LEGACY =
    "legacy datacenter with no room to grow: DigitalOcean restricts new resources there, and only teams that already have " +
    "Droplets there may add more; the API lists it with available: false";

/**
 * Every region the API lists (15), in the regional availability page's order
 * with the two legacy datacenters last. Sources: SOURCES.regionalAvailability
 * (13 datacenters; AMS2 and SFO1 legacy and restricted) and
 * SOURCES.apiRegionsAndSizes (available: true for the 13, false for ams2 and
 * sfo1; a capture from late 2025 in the search index agrees). NYC2 is not
 * legacy: the page lists it with the 13 and the API marks it available.
 * Per-product availability (VPC, load balancers) could not be read from the
 * matrix (its marks were lost in the copy), so it follows the datacenter's
 * status: open datacenters accept all three, legacy ones none.
 * Not included: ams1 (an enum value in the OpenAPI spec, absent from the API's
 * region list) and ric1 (seen only in one example response for managed
 * databases, May 2026; no page lists it as a datacenter).
 */
export const DO_REGIONS: readonly DoRegion[] = deepFreeze([
    { slug: "nyc1", name: "New York 1", location: "New York City, United States", open: OPEN, legacy: false },
    {
        slug: "nyc2",
        name: "New York 2",
        location: "New York City, United States",
        open: OPEN,
        legacy: false,
        note: "load balancers here cannot be sized with size_unit (OpenAPI load_balancer_base.yml); they take the older size field",
    },
    { slug: "nyc3", name: "New York 3", location: "New York City, United States", open: OPEN, legacy: false },
    { slug: "ams3", name: "Amsterdam 3", location: "Amsterdam, the Netherlands", open: OPEN, legacy: false },
    { slug: "sfo2", name: "San Francisco 2", location: "San Francisco, United States", open: OPEN, legacy: false },
    { slug: "sfo3", name: "San Francisco 3", location: "San Francisco, United States", open: OPEN, legacy: false },
    { slug: "sgp1", name: "Singapore 1", location: "Singapore", open: OPEN, legacy: false },
    { slug: "lon1", name: "London 1", location: "London, United Kingdom", open: OPEN, legacy: false },
    { slug: "fra1", name: "Frankfurt 1", location: "Frankfurt, Germany", open: OPEN, legacy: false },
    { slug: "tor1", name: "Toronto 1", location: "Toronto, Canada", open: OPEN, legacy: false },
    { slug: "blr1", name: "Bangalore 1", location: "Bangalore, India", open: OPEN, legacy: false },
    { slug: "syd1", name: "Sydney 1", location: "Sydney, Australia", open: OPEN, legacy: false },
    { slug: "atl1", name: "Atlanta 1", location: "Atlanta, United States", open: OPEN, legacy: false },
    { slug: "ams2", name: "Amsterdam 2", location: "Amsterdam, the Netherlands", open: CLOSED, legacy: true, note: LEGACY },
    { slug: "sfo1", name: "San Francisco 1", location: "San Francisco, United States", open: CLOSED, legacy: true, note: LEGACY },
]);

/**
 * Regions where a load balancer cannot be sized with size_unit and takes the
 * older size field (SOURCES.openapiLoadBalancer: size_unit "is currently not
 * available in the AMS2, NYC2, or SFO1 regions").
 */
export const SIZE_UNIT_UNAVAILABLE_REGIONS: readonly string[] = Object.freeze(["ams2", "nyc2", "sfo1"]);

const USE_WORDS: Record<RegionUse, string> = { droplet: "new Droplets", vpc: "new VPCs", loadBalancer: "new load balancers" };

/** Region slugs open to `use`, in table order. */
export function openRegionSlugs(use: RegionUse = "droplet"): string[] {
    return DO_REGIONS.filter((r) => r.open[use]).map((r) => r.slug);
}

/**
 * Why `slug` cannot hold new resources of kind `use`, or undefined when it can.
 * Messages read "<value> is not …; allowed …".
 */
export function regionProblem(slug: string, use: RegionUse = "droplet"): string | undefined {
    const region = DO_REGIONS.find((r) => r.slug === slug);
    if (region?.open[use]) {
        return undefined;
    }
    const allowed = openRegionSlugs(use).join(", ");
    if (region === undefined) {
        return `${JSON.stringify(slug)} is not a DigitalOcean region; allowed ${allowed}`;
    }
    const why = region.legacy ? "a legacy datacenter closed to new resources" : "DigitalOcean does not offer it there";
    return `${JSON.stringify(slug)} is not open to ${USE_WORDS[use]} (${why}); allowed ${allowed}`;
}

// ---------------------------------------------------------- Droplet sizes

export type DropletPlan = "basic" | "general-purpose" | "cpu-optimized" | "memory-optimized" | "storage-optimized";
/** Basic plans come with regular, premium Intel or premium AMD CPUs; dedicated plans with regular or premium Intel. */
export type DropletCpu = "regular" | "premium-intel" | "premium-amd";

export interface DropletSize {
    readonly slug: string;
    readonly plan: DropletPlan;
    readonly cpu: DropletCpu;
    readonly vcpus: number;
    readonly memoryMiB: number;
    readonly diskGiB: number;
    readonly priceMonthlyUsd: number;
    /** As the API gives it: the monthly price over 672 hours (28 days), rounded to 5 places. */
    readonly priceHourlyUsd: number;
    /**
     * Kept in the API but gone from the control panel (the Basic premium Intel
     * plans replaced on 2 August 2023, per the Droplet release notes).
     */
    readonly apiOnly: boolean;
}

function size(
    slug: string,
    plan: DropletPlan,
    cpu: DropletCpu,
    vcpus: number,
    memoryMiB: number,
    diskGiB: number,
    priceMonthlyUsd: number,
    priceHourlyUsd: number,
    apiOnly = false,
): DropletSize {
    return { slug, plan, cpu, vcpus, memoryMiB, diskGiB, priceMonthlyUsd, priceHourlyUsd, apiOnly };
}

/**
 * Every CPU Droplet size the API listed (138), from SOURCES.apiRegionsAndSizes
 * (2025-06-23), grouped by plan and in the API's price order within each.
 * Cross-checked against SOURCES.dropletReleaseNotes, which prices the premium
 * plans identically (its launch table gives g-2vcpu-8gb-intel 25 GiB of disk;
 * the later API listing, used here, gives 30).
 * Not listed, so a check here rejects them:
 * - GPU Droplets (gpu-*): not something the migration runs on Droplets.
 * - The 25 CPU-Optimized and General Purpose storage variants released on
 *   30 September 2025 (5x / 5.5x / 6.5x SSD): the release notes name the
 *   plans but not their slugs, and no listing we found shows them.
 * - Plans DigitalOcean retired from the API for new users (the Standard
 *   512mb … 96gb, s-3vcpu-1gb style and m-16gb style slugs, 1 December 2020).
 */
export const DROPLET_SIZES: readonly DropletSize[] = deepFreeze([
    // slug, plan, CPU, vCPUs, memory MiB, disk GiB, USD/month, USD/hour[, API-only]
    // basic
    size("s-1vcpu-512mb-10gb", "basic", "regular", 1, 512, 10, 4, 0.00595),
    size("s-1vcpu-1gb", "basic", "regular", 1, 1024, 25, 6, 0.00893),
    size("s-1vcpu-1gb-amd", "basic", "premium-amd", 1, 1024, 25, 7, 0.01042),
    size("s-1vcpu-1gb-intel", "basic", "premium-intel", 1, 1024, 25, 7, 0.01042, true),
    size("s-1vcpu-1gb-35gb-intel", "basic", "premium-intel", 1, 1024, 35, 8, 0.0119),
    size("s-1vcpu-2gb", "basic", "regular", 1, 2048, 50, 12, 0.01786),
    size("s-1vcpu-2gb-amd", "basic", "premium-amd", 1, 2048, 50, 14, 0.02083),
    size("s-1vcpu-2gb-intel", "basic", "premium-intel", 1, 2048, 50, 14, 0.02083, true),
    size("s-1vcpu-2gb-70gb-intel", "basic", "premium-intel", 1, 2048, 70, 16, 0.02381),
    size("s-2vcpu-2gb", "basic", "regular", 2, 2048, 60, 18, 0.02679),
    size("s-2vcpu-2gb-amd", "basic", "premium-amd", 2, 2048, 60, 21, 0.03125),
    size("s-2vcpu-2gb-intel", "basic", "premium-intel", 2, 2048, 60, 21, 0.03125, true),
    size("s-2vcpu-2gb-90gb-intel", "basic", "premium-intel", 2, 2048, 90, 24, 0.03571),
    size("s-2vcpu-4gb", "basic", "regular", 2, 4096, 80, 24, 0.03571),
    size("s-2vcpu-4gb-amd", "basic", "premium-amd", 2, 4096, 80, 28, 0.04167),
    size("s-2vcpu-4gb-intel", "basic", "premium-intel", 2, 4096, 80, 28, 0.04167, true),
    size("s-2vcpu-4gb-120gb-intel", "basic", "premium-intel", 2, 4096, 120, 32, 0.04762),
    size("s-2vcpu-8gb-amd", "basic", "premium-amd", 2, 8192, 100, 42, 0.0625),
    size("s-2vcpu-8gb-160gb-intel", "basic", "premium-intel", 2, 8192, 160, 48, 0.07143),
    size("s-4vcpu-8gb", "basic", "regular", 4, 8192, 160, 48, 0.07143),
    size("s-4vcpu-8gb-amd", "basic", "premium-amd", 4, 8192, 160, 56, 0.08333),
    size("s-4vcpu-8gb-intel", "basic", "premium-intel", 4, 8192, 160, 56, 0.08333, true),
    size("s-4vcpu-8gb-240gb-intel", "basic", "premium-intel", 4, 8192, 240, 64, 0.09524),
    size("s-4vcpu-16gb-amd", "basic", "premium-amd", 4, 16384, 200, 84, 0.125),
    size("s-4vcpu-16gb-320gb-intel", "basic", "premium-intel", 4, 16384, 320, 96, 0.14286),
    size("s-8vcpu-16gb", "basic", "regular", 8, 16384, 320, 96, 0.14286),
    size("s-8vcpu-16gb-amd", "basic", "premium-amd", 8, 16384, 320, 112, 0.16667),
    size("s-8vcpu-16gb-intel", "basic", "premium-intel", 8, 16384, 320, 112, 0.16667, true),
    size("s-8vcpu-16gb-480gb-intel", "basic", "premium-intel", 8, 16384, 480, 128, 0.19048),
    size("s-8vcpu-32gb-amd", "basic", "premium-amd", 8, 32768, 400, 168, 0.25),
    size("s-8vcpu-32gb-640gb-intel", "basic", "premium-intel", 8, 32768, 640, 192, 0.28571),
    // general-purpose
    size("g-2vcpu-8gb", "general-purpose", "regular", 2, 8192, 25, 63, 0.09375),
    size("gd-2vcpu-8gb", "general-purpose", "regular", 2, 8192, 50, 68, 0.10119),
    size("g-2vcpu-8gb-intel", "general-purpose", "premium-intel", 2, 8192, 30, 76, 0.1131),
    size("gd-2vcpu-8gb-intel", "general-purpose", "premium-intel", 2, 8192, 60, 79, 0.11756),
    size("g-4vcpu-16gb", "general-purpose", "regular", 4, 16384, 50, 126, 0.1875),
    size("gd-4vcpu-16gb", "general-purpose", "regular", 4, 16384, 100, 136, 0.20238),
    size("g-4vcpu-16gb-intel", "general-purpose", "premium-intel", 4, 16384, 60, 151, 0.2247),
    size("gd-4vcpu-16gb-intel", "general-purpose", "premium-intel", 4, 16384, 120, 158, 0.23512),
    size("g-8vcpu-32gb", "general-purpose", "regular", 8, 32768, 100, 252, 0.375),
    size("gd-8vcpu-32gb", "general-purpose", "regular", 8, 32768, 200, 272, 0.40476),
    size("g-8vcpu-32gb-intel", "general-purpose", "premium-intel", 8, 32768, 120, 302, 0.4494),
    size("gd-8vcpu-32gb-intel", "general-purpose", "premium-intel", 8, 32768, 240, 317, 0.47173),
    size("g-16vcpu-64gb", "general-purpose", "regular", 16, 65536, 200, 504, 0.75),
    size("gd-16vcpu-64gb", "general-purpose", "regular", 16, 65536, 400, 544, 0.80952),
    size("g-16vcpu-64gb-intel", "general-purpose", "premium-intel", 16, 65536, 240, 605, 0.9003),
    size("gd-16vcpu-64gb-intel", "general-purpose", "premium-intel", 16, 65536, 480, 634, 0.94345),
    size("g-32vcpu-128gb", "general-purpose", "regular", 32, 131072, 400, 1008, 1.5),
    size("gd-32vcpu-128gb", "general-purpose", "regular", 32, 131072, 800, 1088, 1.61905),
    size("g-32vcpu-128gb-intel", "general-purpose", "premium-intel", 32, 131072, 480, 1210, 1.8006),
    size("g-40vcpu-160gb", "general-purpose", "regular", 40, 163840, 500, 1260, 1.875),
    size("gd-32vcpu-128gb-intel", "general-purpose", "premium-intel", 32, 131072, 960, 1268, 1.8869),
    size("gd-40vcpu-160gb", "general-purpose", "regular", 40, 163840, 1000, 1360, 2.02381),
    size("g-48vcpu-192gb-intel", "general-purpose", "premium-intel", 48, 196608, 720, 1814, 2.6994),
    size("gd-48vcpu-192gb-intel", "general-purpose", "premium-intel", 48, 196608, 1440, 1901, 2.82887),
    size("g-60vcpu-240gb-intel", "general-purpose", "premium-intel", 60, 245760, 900, 2269, 3.37649),
    size("gd-60vcpu-240gb-intel", "general-purpose", "premium-intel", 60, 245760, 1800, 2378, 3.53869),
    // cpu-optimized
    size("c-2", "cpu-optimized", "regular", 2, 4096, 25, 42, 0.0625),
    size("c2-2vcpu-4gb", "cpu-optimized", "regular", 2, 4096, 50, 47, 0.06994),
    size("c-4", "cpu-optimized", "regular", 4, 8192, 50, 84, 0.125),
    size("c2-4vcpu-8gb", "cpu-optimized", "regular", 4, 8192, 100, 94, 0.13988),
    size("c-4-intel", "cpu-optimized", "premium-intel", 4, 8192, 50, 109, 0.1622),
    size("c2-4vcpu-8gb-intel", "cpu-optimized", "premium-intel", 4, 8192, 100, 122, 0.18155),
    size("c-8", "cpu-optimized", "regular", 8, 16384, 100, 168, 0.25),
    size("c2-8vcpu-16gb", "cpu-optimized", "regular", 8, 16384, 200, 188, 0.27976),
    size("c-8-intel", "cpu-optimized", "premium-intel", 8, 16384, 100, 218, 0.3244),
    size("c2-8vcpu-16gb-intel", "cpu-optimized", "premium-intel", 8, 16384, 200, 244, 0.3631),
    size("c-16", "cpu-optimized", "regular", 16, 32768, 200, 336, 0.5),
    size("c2-16vcpu-32gb", "cpu-optimized", "regular", 16, 32768, 400, 376, 0.55952),
    size("c-16-intel", "cpu-optimized", "premium-intel", 16, 32768, 200, 437, 0.6503),
    size("c2-16vcpu-32gb-intel", "cpu-optimized", "premium-intel", 16, 32768, 400, 489, 0.72768),
    size("c-32", "cpu-optimized", "regular", 32, 65536, 400, 672, 1),
    size("c2-32vcpu-64gb", "cpu-optimized", "regular", 32, 65536, 800, 752, 1.11905),
    size("c-32-intel", "cpu-optimized", "premium-intel", 32, 65536, 400, 874, 1.3006),
    size("c2-32vcpu-64gb-intel", "cpu-optimized", "premium-intel", 32, 65536, 800, 978, 1.45536),
    size("c-48", "cpu-optimized", "regular", 48, 98304, 600, 1008, 1.5),
    size("c2-48vcpu-96gb", "cpu-optimized", "regular", 48, 98304, 1200, 1128, 1.67857),
    size("c-48-intel", "cpu-optimized", "premium-intel", 48, 98304, 600, 1310, 1.9494),
    size("c2-48vcpu-96gb-intel", "cpu-optimized", "premium-intel", 48, 98304, 1200, 1466, 2.18155),
    size("c-60-intel", "cpu-optimized", "premium-intel", 60, 122880, 750, 1639, 2.43899),
    size("c2-60vcpu-120gb-intel", "cpu-optimized", "premium-intel", 60, 122880, 1500, 1834, 2.72917),
    // memory-optimized
    size("m-2vcpu-16gb", "memory-optimized", "regular", 2, 16384, 50, 84, 0.125),
    size("m-2vcpu-16gb-intel", "memory-optimized", "premium-intel", 2, 16384, 50, 99, 0.14732),
    size("m3-2vcpu-16gb", "memory-optimized", "regular", 2, 16384, 150, 104, 0.15476),
    size("m3-2vcpu-16gb-intel", "memory-optimized", "premium-intel", 2, 16384, 150, 110, 0.16369),
    size("m6-2vcpu-16gb", "memory-optimized", "regular", 2, 16384, 300, 131, 0.19494),
    size("m-4vcpu-32gb", "memory-optimized", "regular", 4, 32768, 100, 168, 0.25),
    size("m-4vcpu-32gb-intel", "memory-optimized", "premium-intel", 4, 32768, 100, 198, 0.29464),
    size("m3-4vcpu-32gb", "memory-optimized", "regular", 4, 32768, 300, 208, 0.30952),
    size("m3-4vcpu-32gb-intel", "memory-optimized", "premium-intel", 4, 32768, 300, 220, 0.32738),
    size("m6-4vcpu-32gb", "memory-optimized", "regular", 4, 32768, 600, 262, 0.38988),
    size("m-8vcpu-64gb", "memory-optimized", "regular", 8, 65536, 200, 336, 0.5),
    size("m-8vcpu-64gb-intel", "memory-optimized", "premium-intel", 8, 65536, 200, 396, 0.58929),
    size("m3-8vcpu-64gb", "memory-optimized", "regular", 8, 65536, 600, 416, 0.61905),
    size("m3-8vcpu-64gb-intel", "memory-optimized", "premium-intel", 8, 65536, 600, 440, 0.65476),
    size("m6-8vcpu-64gb", "memory-optimized", "regular", 8, 65536, 1200, 524, 0.77976),
    size("m-16vcpu-128gb", "memory-optimized", "regular", 16, 131072, 400, 672, 1),
    size("m-16vcpu-128gb-intel", "memory-optimized", "premium-intel", 16, 131072, 400, 792, 1.17857),
    size("m3-16vcpu-128gb", "memory-optimized", "regular", 16, 131072, 1200, 832, 1.2381),
    size("m3-16vcpu-128gb-intel", "memory-optimized", "premium-intel", 16, 131072, 1200, 880, 1.30952),
    size("m-24vcpu-192gb", "memory-optimized", "regular", 24, 196608, 600, 1008, 1.5),
    size("m6-16vcpu-128gb", "memory-optimized", "regular", 16, 131072, 2400, 1048, 1.55952),
    size("m-24vcpu-192gb-intel", "memory-optimized", "premium-intel", 24, 196608, 600, 1188, 1.76786),
    size("m3-24vcpu-192gb", "memory-optimized", "regular", 24, 196608, 1800, 1248, 1.85714),
    size("m3-24vcpu-192gb-intel", "memory-optimized", "premium-intel", 24, 196608, 1800, 1320, 1.96429),
    size("m-32vcpu-256gb", "memory-optimized", "regular", 32, 262144, 800, 1344, 2),
    size("m6-24vcpu-192gb", "memory-optimized", "regular", 24, 196608, 3600, 1572, 2.33929),
    size("m-32vcpu-256gb-intel", "memory-optimized", "premium-intel", 32, 262144, 800, 1584, 2.35714),
    size("m3-32vcpu-256gb", "memory-optimized", "regular", 32, 262144, 2400, 1664, 2.47619),
    size("m3-32vcpu-256gb-intel", "memory-optimized", "premium-intel", 32, 262144, 2400, 1760, 2.61905),
    size("m6-32vcpu-256gb", "memory-optimized", "regular", 32, 262144, 4800, 2096, 3.11905),
    size("m-48vcpu-384gb-intel", "memory-optimized", "premium-intel", 48, 393216, 1200, 2376, 3.53571),
    size("m3-48vcpu-384gb-intel", "memory-optimized", "premium-intel", 48, 393216, 3600, 2640, 3.92857),
    // storage-optimized
    size("so-2vcpu-16gb-intel", "storage-optimized", "premium-intel", 2, 16384, 300, 131, 0.19494),
    size("so-2vcpu-16gb", "storage-optimized", "regular", 2, 16384, 300, 131, 0.19494),
    size("so1_5-2vcpu-16gb-intel", "storage-optimized", "premium-intel", 2, 16384, 450, 139, 0.20685),
    size("so1_5-2vcpu-16gb", "storage-optimized", "regular", 2, 16384, 450, 163, 0.24256),
    size("so-4vcpu-32gb-intel", "storage-optimized", "premium-intel", 4, 32768, 600, 262, 0.38988),
    size("so-4vcpu-32gb", "storage-optimized", "regular", 4, 32768, 600, 262, 0.38988),
    size("so1_5-4vcpu-32gb-intel", "storage-optimized", "premium-intel", 4, 32768, 900, 278, 0.41369),
    size("so1_5-4vcpu-32gb", "storage-optimized", "regular", 4, 32768, 900, 326, 0.48512),
    size("so-8vcpu-64gb-intel", "storage-optimized", "premium-intel", 8, 65536, 1200, 524, 0.77976),
    size("so-8vcpu-64gb", "storage-optimized", "regular", 8, 65536, 1200, 524, 0.77976),
    size("so1_5-8vcpu-64gb-intel", "storage-optimized", "premium-intel", 8, 65536, 1800, 556, 0.82738),
    size("so1_5-8vcpu-64gb", "storage-optimized", "regular", 8, 65536, 1800, 652, 0.97024),
    size("so-16vcpu-128gb-intel", "storage-optimized", "premium-intel", 16, 131072, 2400, 1048, 1.55952),
    size("so-16vcpu-128gb", "storage-optimized", "regular", 16, 131072, 2400, 1048, 1.55952),
    size("so1_5-16vcpu-128gb-intel", "storage-optimized", "premium-intel", 16, 131072, 3600, 1112, 1.65476),
    size("so1_5-16vcpu-128gb", "storage-optimized", "regular", 16, 131072, 3600, 1304, 1.94048),
    size("so-24vcpu-192gb-intel", "storage-optimized", "premium-intel", 24, 196608, 3600, 1572, 2.33929),
    size("so-24vcpu-192gb", "storage-optimized", "regular", 24, 196608, 3600, 1572, 2.33929),
    size("so1_5-24vcpu-192gb-intel", "storage-optimized", "premium-intel", 24, 196608, 5400, 1668, 2.48214),
    size("so1_5-24vcpu-192gb", "storage-optimized", "regular", 24, 196608, 5400, 1956, 2.91071),
    size("so-32vcpu-256gb-intel", "storage-optimized", "premium-intel", 32, 262144, 4800, 2096, 3.11905),
    size("so-32vcpu-256gb", "storage-optimized", "regular", 32, 262144, 4800, 2096, 3.11905),
    size("so1_5-32vcpu-256gb-intel", "storage-optimized", "premium-intel", 32, 262144, 7200, 2224, 3.30952),
    size("so1_5-32vcpu-256gb", "storage-optimized", "regular", 32, 262144, 7200, 2608, 3.88095),
    size("so-48vcpu-384gb-intel", "storage-optimized", "premium-intel", 48, 393216, 7000, 3144, 4.67857),
]);

const SIZE_BY_SLUG: ReadonlyMap<string, DropletSize> = new Map(DROPLET_SIZES.map((s) => [s.slug, s]));

export function dropletSize(slug: string): DropletSize | undefined {
    return SIZE_BY_SLUG.get(slug);
}

/** Levenshtein distance (components/config/suggest.ts, the project's one helper for suggestions). */
export { editDistance };

/**
 * The `count` known size slugs closest to `slug`: slugs that extend it come
 * first (a dropped -amd or -intel suffix is the usual slip), then by edit
 * distance; ties keep table order.
 */
export function nearestDropletSizes(slug: string, count = 3): string[] {
    return nearestNames(slug, DROPLET_SIZES.map((s) => s.slug), { count, prefixFirst: true });
}

/** Why `slug` is not a Droplet size this catalog knows, or undefined when it is. */
export function dropletSizeProblem(slug: string): string | undefined {
    if (SIZE_BY_SLUG.has(slug)) {
        return undefined;
    }
    return (
        `${JSON.stringify(slug)} is not a DigitalOcean CPU Droplet size; ` +
        `allowed one of ${DROPLET_SIZES.length} size slugs, nearest ${nearestDropletSizes(slug).join(", ")}`
    );
}

/** List price per month in USD, or undefined for a slug the catalog does not know. */
export function dropletMonthlyPriceUsd(slug: string): number | undefined {
    return SIZE_BY_SLUG.get(slug)?.priceMonthlyUsd;
}

// ------------------------------------------------------------ VPC ip_range

/** The private ranges (RFC 1918) a VPC ip_range must come from (SOURCES.vpcPlanYourNetwork, SOURCES.openapiVpc). */
export const VPC_PRIVATE_RANGES: readonly string[] = deepFreeze(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]);

/** Largest VPC network: /16 (SOURCES.openapiVpc: "nor larger than /16"). */
export const DO_VPC_MIN_PREFIX = 16;
/** Smallest VPC network: /28 (SOURCES.openapiVpc; older Terraform docs still say /24). */
export const DO_VPC_MAX_PREFIX = 28;

/**
 * Ranges DigitalOcean keeps for itself in every region
 * (SOURCES.vpcPlanYourNetwork, "DigitalOcean Reserved IP Addresses and Ranges").
 */
export const VPC_RESERVED_EVERYWHERE: readonly string[] = deepFreeze(["10.244.0.0/16", "10.245.0.0/16", "10.246.0.0/24", "10.229.0.0/16"]);

/**
 * The regional reservations from the same page, by region slug. Peering fails
 * when a range overlaps the reserved range of the other side's datacenter, so
 * a check without a region tests all of them. The page lists no regional range
 * for the default VPC ranges the control panel generates (such as
 * 10.116.0.0/20 or 10.108.0.0/20): those only clash with the account's own
 * networks, which no static table can know.
 */
export const VPC_RESERVED_BY_REGION: Readonly<Record<string, string>> = deepFreeze({
    ams2: "10.14.0.0/16",
    ams3: "10.18.0.0/16",
    atl1: "10.50.0.0/16",
    blr1: "10.47.0.0/16",
    fra1: "10.19.0.0/16",
    lon1: "10.16.0.0/16",
    nyc1: "10.10.0.0/16",
    nyc2: "10.13.0.0/16",
    nyc3: "10.17.0.0/16",
    sfo1: "10.12.0.0/16",
    sfo2: "10.46.0.0/16",
    sfo3: "10.48.0.0/16",
    sgp1: "10.15.0.0/16",
    syd1: "10.49.0.0/16",
    tor1: "10.20.0.0/16",
});

interface AddressRange {
    readonly start: number;
    /** One past the last address. */
    readonly end: number;
}

function addressRange(cidr: string): AddressRange {
    const parsed = parseCidr(cidr);
    if (parsed === undefined) {
        throw new Error(`catalog holds a malformed CIDR ${cidr}`);
    }
    return { start: parsed.base, end: parsed.base + 2 ** (32 - parsed.prefix) };
}

function overlaps(a: AddressRange, b: AddressRange): boolean {
    return a.start < b.end && b.start < a.end;
}

function formatAddress(base: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".");
}

/**
 * Why `cidr` cannot be a DigitalOcean VPC ip_range, or undefined when it can.
 * With `region`, only that region's reservation (and the everywhere ones)
 * apply; without, every regional reservation does.
 */
export function doVpcRangeProblem(cidr: string, region?: string): string | undefined {
    const shown = JSON.stringify(cidr);
    const parsed = parseCidr(cidr);
    if (parsed === undefined) {
        return `${shown} is not an IPv4 CIDR; allowed a private range such as 10.10.10.0/24`;
    }
    if (parsed.prefix < DO_VPC_MIN_PREFIX || parsed.prefix > DO_VPC_MAX_PREFIX) {
        return `${shown} is not a DigitalOcean VPC size (/${parsed.prefix}); allowed /${DO_VPC_MIN_PREFIX} to /${DO_VPC_MAX_PREFIX}`;
    }
    const blockSize = 2 ** (32 - parsed.prefix);
    if (parsed.base % blockSize !== 0) {
        const network = parsed.base - (parsed.base % blockSize);
        return `${shown} is not a network address (host bits are set); allowed ${formatAddress(network)}/${parsed.prefix}`;
    }
    const range = addressRange(cidr);
    // /16 or smaller, so the range sits wholly inside a private block as soon as its start does.
    if (!VPC_PRIVATE_RANGES.some((block) => overlaps(addressRange(block), range))) {
        return `${shown} is not a private (RFC 1918) range; allowed ${VPC_PRIVATE_RANGES.join(", ")}`;
    }
    const everywhere = VPC_RESERVED_EVERYWHERE.join(", ");
    const hitEverywhere = VPC_RESERVED_EVERYWHERE.find((reserved) => overlaps(addressRange(reserved), range));
    if (hitEverywhere !== undefined) {
        return (
            `${shown} is not a usable VPC range: it overlaps ${hitEverywhere}, which DigitalOcean reserves in every region; ` +
            `allowed a private range clear of ${everywhere}`
        );
    }
    const regional = Object.entries(VPC_RESERVED_BY_REGION).filter(([slug]) => region === undefined || slug === region);
    const hitRegional = regional.find(([, reserved]) => overlaps(addressRange(reserved), range));
    if (hitRegional !== undefined) {
        const [slug, reserved] = hitRegional;
        return (
            `${shown} is not a usable VPC range: it overlaps ${reserved}, which DigitalOcean reserves in ${slug}; ` +
            `allowed a private range clear of ${reserved} and of ${everywhere}`
        );
    }
    return undefined;
}

// ------------------------------------------- load balancers and databases

/** USD per node per month (SOURCES.loadBalancerPricing); billing is prorated by the hour. */
export const LOAD_BALANCER_PRICES = deepFreeze({
    /** A regional HTTP load balancer, the kind this project creates. */
    regionalHttpPerNodeMonthlyUsd: 12,
    regionalNetworkPerNodeMonthlyUsd: 15,
    /** Flat, with 25 million requests, 1 TB transfer and 5 domains included. */
    globalMonthlyUsd: 15,
} as const);

/**
 * The port a managed database cluster listens on (SOURCES.openapiDatabases:
 * database_connection.port; the caching engine's redis_ssl text in the same
 * spec and in terraform-provider-digitalocean docs/resources/database_redis_config.md
 * names 25060 and 25061). PostgreSQL connection pools (PgBouncer) answer on
 * 25061 in doctl's integration fixtures. Not 5432 or 3306: firewall rules
 * copied from self-run databases miss it.
 */
export const DATABASE_DEFAULT_PORT = 25060;
