// The one "did you mean" helper every message uses (components/config/suggest.ts).
import * as assert from "assert";
import fc from "fast-check";
import { didYouMean, editDistance, nearest, nearestNames, typoDistance } from "../components/config/suggest";

describe("suggestions: the nearest known name", () => {
    const cases: [string, string, readonly string[], string][] = [
        ["a case slip in a camelCase key", "WebDatabaseUrl", ["apiKey", "webDatabaseUrl"], " (did you mean webDatabaseUrl?)"],
        ["a dropped letter", "adminCidr", ["region", "adminCidrs", "firewall"], " (did you mean adminCidrs?)"],
        ["a word the candidate extends", "maxTTL", ["maxTtlSeconds"], " (did you mean maxTtlSeconds?)"],
        ["nothing close: no random suggestion", "digitalocean:token", ["migration:webDatabaseUrl"], ""],
        ["the word itself is not suggested back", "dev", ["dev"], ""],
        ["no candidates", "x", [], ""],
    ];
    for (const [title, word, candidates, expected] of cases) {
        it(title, () => assert.strictEqual(didYouMean(word, candidates), expected));
    }

    it("orders by case-insensitive distance, then exact distance, then the candidates' order", () => {
        assert.deepStrictEqual(nearestNames("migration:webdatabaseurl", ["migration:apiKey", "migration:webDatabaseUrl"], { count: 2 }), ["migration:webDatabaseUrl", "migration:apiKey"]);
        assert.deepStrictEqual(nearestNames("ab", ["ax", "xb", "AB"], { count: 3 }), ["AB", "ax", "xb"]);
        assert.deepStrictEqual(nearestNames("c-3", ["c-2", "c-32", "c-32-intel"], { count: 2, prefixFirst: true }), ["c-32", "c-32-intel"]);
        assert.strictEqual(nearest("x", []), undefined);
    });

    it("lets a typo be about a third of the word, at least 2 edits", () => {
        assert.deepStrictEqual([typoDistance("ab"), typoDistance("services"), typoDistance("sizing-ceilings")], [2, 3, 5]);
    });

    it("edit distance is a metric (the library's, checked on its properties)", () => {
        fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
            assert.strictEqual(editDistance(a, a), 0);
            assert.strictEqual(editDistance(a, b), editDistance(b, a));
            assert.ok(editDistance(a, c) <= editDistance(a, b) + editDistance(b, c));
        }), { numRuns: 200 });
    });

    it("always returns one of the candidates when no bound is set", () => {
        fc.assert(fc.property(fc.string(), fc.array(fc.string(), { minLength: 1 }), (word, candidates) => {
            assert.ok(candidates.includes(nearest(word, candidates)!));
        }), { numRuns: 200 });
    });
});
