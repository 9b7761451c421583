import * as assert from "assert";
import * as fc from "fast-check";
import { albWeights, dnsWeights, recordWeights } from "../components/traffic/weights";

const percent = fc.integer({ min: 0, max: 100 });

describe("traffic weights: dnsWeights", () => {
    const table: [number, { legacy: number; fargate: number }][] = [
        [0, { legacy: 100, fargate: 0 }],
        [5, { legacy: 95, fargate: 5 }],
        [25, { legacy: 75, fargate: 25 }],
        [50, { legacy: 50, fargate: 50 }],
        [100, { legacy: 0, fargate: 100 }],
    ];
    for (const [share, expected] of table) {
        it(`${share}% to Fargate -> legacy ${expected.legacy}, fargate ${expected.fargate}`, () => {
            assert.deepStrictEqual(dnsWeights(share), expected);
        });
    }

    for (const bad of [-1, 101, 2.5, Number.NaN]) {
        it(`rejects ${bad}`, () => {
            assert.throws(() => dnsWeights(bad), { name: "RangeError", message: `fargatePercent: ${bad} is not a whole percentage from 0 to 100` });
        });
    }

    it("property: weights sum to 100, stay in 0..255, never all zero, and a side at 0 gets 0", () => {
        fc.assert(fc.property(percent, (share) => {
            const w = dnsWeights(share);
            assert.strictEqual(w.legacy + w.fargate, 100);
            for (const weight of [w.legacy, w.fargate]) {
                assert.ok(Number.isInteger(weight) && weight >= 0 && weight <= 255);
            }
            assert.ok(w.legacy > 0 || w.fargate > 0);
            assert.strictEqual(w.fargate === 0, share === 0);
            assert.strictEqual(w.legacy === 0, share === 100);
        }));
    });
});

describe("traffic weights: recordWeights", () => {
    it("both sides keep their records, a side at 0 keeps weight 0", () => {
        assert.deepStrictEqual(recordWeights(0, { legacy: true, fargate: true }), { legacy: 100, fargate: 0 });
        assert.deepStrictEqual(recordWeights(50, { legacy: true, fargate: true }), { legacy: 50, fargate: 50 });
        assert.deepStrictEqual(recordWeights(100, { legacy: true, fargate: true }), { legacy: 0, fargate: 100 });
    });

    it("a lone side is a one-record group at weight 100", () => {
        assert.deepStrictEqual(recordWeights(0, { legacy: true, fargate: false }), { legacy: 100 });
        assert.deepStrictEqual(recordWeights(100, { legacy: false, fargate: true }), { fargate: 100 });
    });

    it("rejects a share that sends traffic to a side that does not exist", () => {
        assert.throws(() => recordWeights(5, { legacy: true, fargate: false }), {
            name: "RangeError", message: "fargatePercent: 5 sends traffic to Fargate, but the service has no fargate record; allowed 0",
        });
        assert.throws(() => recordWeights(50, { legacy: false, fargate: true }), {
            name: "RangeError", message: "fargatePercent: 50 sends traffic to the decommissioned legacy side; allowed 100",
        });
        assert.throws(() => recordWeights(0, { legacy: false, fargate: false }), {
            name: "RangeError", message: "sides: neither legacy nor fargate exists; a hostname needs at least one record",
        });
    });

    it("property: over every valid share and set of sides, the group sums to 100 and is never all-zero", () => {
        const validCase = fc.oneof(
            percent.map((share) => ({ share, sides: { legacy: true, fargate: true } })),
            fc.constant({ share: 0, sides: { legacy: true, fargate: false } }),
            fc.constant({ share: 100, sides: { legacy: false, fargate: true } }),
        );
        fc.assert(fc.property(validCase, ({ share, sides }) => {
            const w = recordWeights(share, sides);
            const present = Object.values(w);
            assert.strictEqual(present.length, Number(sides.legacy) + Number(sides.fargate));
            assert.strictEqual(present.reduce((a, b) => a + b, 0), 100);
            assert.ok(present.some((weight) => weight > 0));
            assert.ok(present.every((weight) => Number.isInteger(weight) && weight >= 0 && weight <= 255));
            assert.strictEqual("legacy" in w, sides.legacy);
            assert.strictEqual("fargate" in w, sides.fargate);
            if (sides.fargate) {
                assert.strictEqual(w.fargate === 0, share === 0);
            }
            if (sides.legacy) {
                assert.strictEqual(w.legacy === 0, share === 100);
            }
        }));
    });

    it("property: any share that would leave the only present side at weight 0 is refused", () => {
        fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), (share) => {
            assert.throws(() => recordWeights(share, { legacy: true, fargate: false }), RangeError);
            assert.throws(() => recordWeights(100 - share, { legacy: false, fargate: true }), RangeError);
        }));
    });
});

describe("traffic weights: albWeights", () => {
    it("no canary sends everything to stable; 10% canary is 90/10", () => {
        assert.deepStrictEqual(albWeights(undefined), { stable: 100, canary: 0 });
        assert.deepStrictEqual(albWeights(10), { stable: 90, canary: 10 });
    });

    it("property: stable + canary = 100, within the ALB range 0..999", () => {
        fc.assert(fc.property(percent, (canary) => {
            const w = albWeights(canary);
            assert.strictEqual(w.stable + w.canary, 100);
            assert.ok(w.stable >= 0 && w.canary >= 0 && w.stable <= 999 && w.canary <= 999);
            assert.strictEqual(w.canary, canary);
        }));
    });
});
