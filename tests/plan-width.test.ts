// The plan's tree fits the terminal (tools/plan/render.ts): names shortened in the middle.
import * as assert from "assert";
import fc from "fast-check";
import { shortenMiddle, treeColumnWidths } from "../tools/plan/render";

describe("fitting the plan's tree to the terminal", () => {
    it("shortens in the middle, keeping the start and the end", () => {
        assert.strictEqual(shortenMiddle("migration-prod-web-stable-target-5xx-rate", 20), "migration-…-5xx-rate");
        assert.strictEqual(shortenMiddle("short", 20), "short");
        assert.strictEqual(shortenMiddle("abc", 1), "…");
    });

    it("never exceeds the width, and keeps as much of both ends as fits", () => {
        fc.assert(fc.property(fc.string(), fc.integer({ min: 1, max: 200 }), (text, width) => {
            const short = shortenMiddle(text, width);
            assert.ok(short.length <= width);
            if (text.length <= width) {
                assert.strictEqual(short, text);
            } else {
                const [head, tail] = [short.slice(0, short.indexOf("…")), short.slice(short.indexOf("…") + 1)];
                assert.ok(text.startsWith(head) && text.endsWith(tail) && head.length + tail.length === width - 1);
            }
        }));
    });

    it("shares the room between type and name only when both do not fit", () => {
        assert.deepStrictEqual(treeColumnWidths(40, 30, 120), { type: 40, name: 30 });
        assert.deepStrictEqual(treeColumnWidths(64, 76, 120), { type: 42, name: 63 });
        assert.deepStrictEqual(treeColumnWidths(30, 150, 120), { type: 30, name: 75 });
        assert.deepStrictEqual(treeColumnWidths(60, 80, 40), { type: 10, name: 15 }, "a very narrow terminal still gets a table");
    });

    it("a row never passes the columns given", () => {
        fc.assert(fc.property(fc.integer({ min: 4, max: 300 }), fc.integer({ min: 4, max: 300 }), fc.integer({ min: 35, max: 400 }), (type, name, columns) => {
            const w = treeColumnWidths(type, name, columns);
            assert.ok(5 + w.type + 2 + w.name + 2 + 6 <= columns && w.type <= type && w.name <= name);
        }));
    });
});
