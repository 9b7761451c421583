import * as assert from "assert";
import {
    DATABASE_DEFAULT_PORT,
    DO_REGIONS,
    DO_VPC_MAX_PREFIX,
    DO_VPC_MIN_PREFIX,
    DROPLET_SIZES,
    LOAD_BALANCER_PRICES,
    READ_ON,
    SOURCES,
    VPC_RESERVED_BY_REGION,
    VPC_RESERVED_EVERYWHERE,
    doVpcRangeProblem,
    dropletMonthlyPriceUsd,
    dropletSize,
    dropletSizeProblem,
    editDistance,
    nearestDropletSizes,
    openRegionSlugs,
    regionProblem,
} from "../components/legacy/catalog";

const OPEN = "nyc1, nyc2, nyc3, ams3, sfo2, sfo3, sgp1, lon1, fra1, tor1, blr1, syd1, atl1";

describe("DigitalOcean catalog: regions", () => {
    it("lists the 15 regions the API returns: 13 open datacenters, then the legacy ams2 and sfo1", () => {
        assert.deepStrictEqual(
            DO_REGIONS.map((r) => r.slug),
            ["nyc1", "nyc2", "nyc3", "ams3", "sfo2", "sfo3", "sgp1", "lon1", "fra1", "tor1", "blr1", "syd1", "atl1", "ams2", "sfo1"],
        );
        assert.deepStrictEqual(DO_REGIONS.filter((r) => r.legacy).map((r) => r.slug), ["ams2", "sfo1"]);
        for (const use of ["droplet", "vpc", "loadBalancer"] as const) {
            assert.strictEqual(openRegionSlugs(use).join(", "), OPEN, use);
        }
    });

    it("names regions as the API does", () => {
        assert.strictEqual(DO_REGIONS.find((r) => r.slug === "atl1")!.name, "Atlanta 1");
        assert.strictEqual(DO_REGIONS.find((r) => r.slug === "blr1")!.location, "Bangalore, India");
    });

    const cases: [string, Parameters<typeof regionProblem>[1], string | undefined][] = [
        ["nyc3", "droplet", undefined],
        ["nyc2", "droplet", undefined],
        ["atl1", "vpc", undefined],
        ["syd1", "loadBalancer", undefined],
        ["nyc4", "droplet", `"nyc4" is not a DigitalOcean region; allowed ${OPEN}`],
        ["NYC3", "droplet", `"NYC3" is not a DigitalOcean region; allowed ${OPEN}`],
        ["ams1", "droplet", `"ams1" is not a DigitalOcean region; allowed ${OPEN}`],
        ["ams2", "droplet", `"ams2" is not open to new Droplets (a legacy datacenter closed to new resources); allowed ${OPEN}`],
        ["sfo1", "vpc", `"sfo1" is not open to new VPCs (a legacy datacenter closed to new resources); allowed ${OPEN}`],
        ["ams2", "loadBalancer", `"ams2" is not open to new load balancers (a legacy datacenter closed to new resources); allowed ${OPEN}`],
    ];
    for (const [slug, use, expected] of cases) {
        it(`${slug} for ${use}: ${expected ?? "ok"}`, () => {
            assert.strictEqual(regionProblem(slug, use), expected);
        });
    }

    it("checks Droplets when no use is given", () => {
        assert.strictEqual(regionProblem("sfo1"), `"sfo1" is not open to new Droplets (a legacy datacenter closed to new resources); allowed ${OPEN}`);
    });
});

describe("DigitalOcean catalog: Droplet sizes", () => {
    it("holds the 138 CPU sizes of the API listing, by plan and CPU", () => {
        assert.strictEqual(DROPLET_SIZES.length, 138);
        assert.strictEqual(new Set(DROPLET_SIZES.map((s) => s.slug)).size, 138);
        const count = (plan: string, cpu: string) => DROPLET_SIZES.filter((s) => s.plan === plan && s.cpu === cpu).length;
        assert.deepStrictEqual(
            [
                count("basic", "regular"),
                count("basic", "premium-amd"),
                count("basic", "premium-intel"),
                count("general-purpose", "regular"),
                count("general-purpose", "premium-intel"),
                count("cpu-optimized", "regular"),
                count("cpu-optimized", "premium-intel"),
                count("memory-optimized", "regular"),
                count("memory-optimized", "premium-intel"),
                count("storage-optimized", "regular"),
                count("storage-optimized", "premium-intel"),
            ],
            [7, 9, 15, 12, 14, 12, 12, 18, 14, 12, 13],
        );
        assert.ok(!DROPLET_SIZES.some((s) => s.slug.startsWith("gpu-")));
    });

    const rows: [string, number, number, number, number, number][] = [
        // slug, vCPUs, memory MiB, disk GiB, $/month, $/hour
        ["s-1vcpu-512mb-10gb", 1, 512, 10, 4, 0.00595],
        ["s-1vcpu-1gb", 1, 1024, 25, 6, 0.00893],
        ["s-1vcpu-2gb", 1, 2048, 50, 12, 0.01786],
        ["s-2vcpu-4gb", 2, 4096, 80, 24, 0.03571],
        ["s-4vcpu-8gb", 4, 8192, 160, 48, 0.07143],
        ["s-8vcpu-16gb", 8, 16384, 320, 96, 0.14286],
        ["s-2vcpu-8gb-amd", 2, 8192, 100, 42, 0.0625],
        ["s-8vcpu-32gb-640gb-intel", 8, 32768, 640, 192, 0.28571],
        ["g-2vcpu-8gb", 2, 8192, 25, 63, 0.09375],
        ["gd-60vcpu-240gb-intel", 60, 245760, 1800, 2378, 3.53869],
        ["c-2", 2, 4096, 25, 42, 0.0625],
        ["c2-48vcpu-96gb", 48, 98304, 1200, 1128, 1.67857],
        ["c-60-intel", 60, 122880, 750, 1639, 2.43899],
        ["m-2vcpu-16gb", 2, 16384, 50, 84, 0.125],
        ["m3-16vcpu-128gb-intel", 16, 131072, 1200, 880, 1.30952],
        ["m6-32vcpu-256gb", 32, 262144, 4800, 2096, 3.11905],
        ["so-2vcpu-16gb", 2, 16384, 300, 131, 0.19494],
        ["so1_5-32vcpu-256gb", 32, 262144, 7200, 2608, 3.88095],
        ["so-48vcpu-384gb-intel", 48, 393216, 7000, 3144, 4.67857],
    ];
    for (const [slug, vcpus, memoryMiB, diskGiB, monthly, hourly] of rows) {
        it(`${slug}: ${vcpus} vCPU, ${memoryMiB} MiB, ${diskGiB} GiB, $${monthly}/month, $${hourly}/hour`, () => {
            const s = dropletSize(slug)!;
            assert.deepStrictEqual(
                [s.vcpus, s.memoryMiB, s.diskGiB, s.priceMonthlyUsd, s.priceHourlyUsd],
                [vcpus, memoryMiB, diskGiB, monthly, hourly],
            );
            assert.strictEqual(dropletMonthlyPriceUsd(slug), monthly);
        });
    }

    it("prices every size per hour as the API does: monthly over 672 hours, 5 places", () => {
        for (const s of DROPLET_SIZES) {
            assert.strictEqual(s.priceHourlyUsd, Math.round((s.priceMonthlyUsd / 672) * 1e5) / 1e5, s.slug);
        }
    });

    it("marks the six Basic premium Intel plans replaced in 2023 as API-only", () => {
        assert.deepStrictEqual(
            DROPLET_SIZES.filter((s) => s.apiOnly).map((s) => s.slug),
            ["s-1vcpu-1gb-intel", "s-1vcpu-2gb-intel", "s-2vcpu-2gb-intel", "s-2vcpu-4gb-intel", "s-4vcpu-8gb-intel", "s-8vcpu-16gb-intel"],
        );
    });

    it("accepts every listed slug, including the project's defaults", () => {
        for (const s of DROPLET_SIZES) {
            assert.strictEqual(dropletSizeProblem(s.slug), undefined, s.slug);
        }
        for (const slug of ["s-1vcpu-1gb", "s-1vcpu-2gb", "s-2vcpu-2gb", "s-2vcpu-4gb", "s-4vcpu-8gb", "c-32"]) {
            assert.strictEqual(dropletSizeProblem(slug), undefined, slug);
        }
    });

    const problems: [string, string][] = [
        ["s-1vcpu-1g", "s-1vcpu-1gb, s-1vcpu-1gb-amd, s-1vcpu-1gb-intel"],
        ["s-2vcpu-8gb", "s-2vcpu-8gb-amd, s-2vcpu-8gb-160gb-intel, s-2vcpu-2gb"],
        ["s1vcpu-1gb", "s-1vcpu-1gb, s-1vcpu-2gb, s-2vcpu-2gb"],
        ["g-2vcpu-8gb-amd", "s-2vcpu-8gb-amd, s-2vcpu-2gb-amd, s-2vcpu-4gb-amd"],
        ["gpu-h100x1-80gb", "g-2vcpu-8gb, gd-2vcpu-8gb, s-1vcpu-1gb"],
        ["512mb", "c-2, c-4, c-8"],
    ];
    for (const [slug, nearest] of problems) {
        it(`rejects ${slug}, naming ${nearest}`, () => {
            assert.strictEqual(
                dropletSizeProblem(slug),
                `"${slug}" is not a DigitalOcean CPU Droplet size; allowed one of 138 size slugs, nearest ${nearest}`,
            );
            assert.strictEqual(dropletMonthlyPriceUsd(slug), undefined);
        });
    }

    it("measures edit distance", () => {
        assert.strictEqual(editDistance("", "abc"), 3);
        assert.strictEqual(editDistance("kitten", "sitting"), 3);
        assert.strictEqual(editDistance("c-2", "c-2"), 0);
        assert.deepStrictEqual(nearestDropletSizes("c-3", 2), ["c-32", "c-32-intel"]);
    });
});

describe("DigitalOcean catalog: VPC ip_range", () => {
    it("holds the documented size bounds and reserved ranges", () => {
        assert.deepStrictEqual([DO_VPC_MIN_PREFIX, DO_VPC_MAX_PREFIX], [16, 28]);
        assert.deepStrictEqual(VPC_RESERVED_EVERYWHERE, ["10.244.0.0/16", "10.245.0.0/16", "10.246.0.0/24", "10.229.0.0/16"]);
        assert.strictEqual(Object.keys(VPC_RESERVED_BY_REGION).length, 15);
        assert.strictEqual(VPC_RESERVED_BY_REGION["nyc1"], "10.10.0.0/16");
        assert.strictEqual(VPC_RESERVED_BY_REGION["nyc3"], "10.17.0.0/16");
        assert.strictEqual(VPC_RESERVED_BY_REGION["atl1"], "10.50.0.0/16");
        assert.strictEqual(VPC_RESERVED_BY_REGION["syd1"], "10.49.0.0/16");
    });

    const everywhere = "10.244.0.0/16, 10.245.0.0/16, 10.246.0.0/24, 10.229.0.0/16";
    const cases: [string, string | undefined, string | undefined][] = [
        ["10.116.0.0/20", undefined, undefined],
        ["10.10.10.0/24", "nyc3", undefined],
        ["172.16.0.0/16", undefined, undefined],
        ["192.168.0.0/28", undefined, undefined],
        ["10.17.0.0/20", "nyc1", undefined],
        ["8.8.8.0/24", undefined, `"8.8.8.0/24" is not a private (RFC 1918) range; allowed 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16`],
        ["172.32.0.0/16", undefined, `"172.32.0.0/16" is not a private (RFC 1918) range; allowed 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16`],
        ["10.0.0.0/8", undefined, `"10.0.0.0/8" is not a DigitalOcean VPC size (/8); allowed /16 to /28`],
        ["192.168.0.0/29", undefined, `"192.168.0.0/29" is not a DigitalOcean VPC size (/29); allowed /16 to /28`],
        ["10.10.10.1/24", undefined, `"10.10.10.1/24" is not a network address (host bits are set); allowed 10.10.10.0/24`],
        ["10.0.0.0", undefined, `"10.0.0.0" is not an IPv4 CIDR; allowed a private range such as 10.10.10.0/24`],
        [
            "10.244.0.0/20",
            undefined,
            `"10.244.0.0/20" is not a usable VPC range: it overlaps 10.244.0.0/16, which DigitalOcean reserves in every region; allowed a private range clear of ${everywhere}`,
        ],
        [
            "10.246.0.128/25",
            "tor1",
            `"10.246.0.128/25" is not a usable VPC range: it overlaps 10.246.0.0/24, which DigitalOcean reserves in every region; allowed a private range clear of ${everywhere}`,
        ],
        [
            "10.229.0.0/16",
            undefined,
            `"10.229.0.0/16" is not a usable VPC range: it overlaps 10.229.0.0/16, which DigitalOcean reserves in every region; allowed a private range clear of ${everywhere}`,
        ],
        [
            "10.10.0.0/16",
            undefined,
            `"10.10.0.0/16" is not a usable VPC range: it overlaps 10.10.0.0/16, which DigitalOcean reserves in nyc1; allowed a private range clear of 10.10.0.0/16 and of ${everywhere}`,
        ],
        [
            "10.17.0.0/20",
            "nyc3",
            `"10.17.0.0/20" is not a usable VPC range: it overlaps 10.17.0.0/16, which DigitalOcean reserves in nyc3; allowed a private range clear of 10.17.0.0/16 and of ${everywhere}`,
        ],
    ];
    for (const [cidr, region, expected] of cases) {
        it(`${cidr}${region === undefined ? "" : ` in ${region}`}: ${expected ?? "ok"}`, () => {
            assert.strictEqual(doVpcRangeProblem(cidr, region), expected);
        });
    }
});

describe("DigitalOcean catalog: load balancers, databases, sources", () => {
    it("prices a regional HTTP load balancer node at $12 a month", () => {
        assert.deepStrictEqual(LOAD_BALANCER_PRICES, { regionalHttpPerNodeMonthlyUsd: 12, regionalNetworkPerNodeMonthlyUsd: 15, globalMonthlyUsd: 15 });
    });

    it("knows managed databases listen on 25060", () => {
        assert.strictEqual(DATABASE_DEFAULT_PORT, 25060);
    });

    it("dates every source and reads them on one day", () => {
        assert.strictEqual(READ_ON, "2026-11-23");
        for (const [name, source] of Object.entries(SOURCES)) {
            assert.match(source.url, /^https:\/\/(docs\.digitalocean\.com|github\.com\/digitalocean)\//, name);
            assert.match(source.contentDate, /^\d{4}-\d{2}-\d{2}$/, name);
            assert.ok(source.contentDate <= READ_ON, name);
        }
    });

    it("freezes the tables", () => {
        assert.ok(Object.isFrozen(DROPLET_SIZES) && Object.isFrozen(DROPLET_SIZES[0]));
        assert.ok(Object.isFrozen(DO_REGIONS) && Object.isFrozen(DO_REGIONS[0]!.open));
        assert.ok(Object.isFrozen(VPC_RESERVED_BY_REGION) && Object.isFrozen(LOAD_BALANCER_PRICES) && Object.isFrozen(SOURCES.openapiVpc));
        assert.throws(() => {
            (DROPLET_SIZES[0] as { priceMonthlyUsd: number }).priceMonthlyUsd = 1;
        }, TypeError);
    });
});
