// tests/run.js (`npm test`): the node flags it gives mocha (and so mocha's
// workers) and tsc. The later optimization is the plan's and the pack's own.
import * as assert from "assert";
import { LATE_OPTIMIZATION } from "../tools/offline/pack-process";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS } = require("./run.js") as { NODE_FLAGS: string[] };

describe("npm test's runner", () => {
    it("runs mocha and tsc with a 128 MB young generation and the plan's later optimization", () => {
        assert.deepStrictEqual(NODE_FLAGS, ["--max-semi-space-size=128", LATE_OPTIMIZATION]);
        assert.strictEqual(LATE_OPTIMIZATION, "--interrupt-budget=1000000");
    });
});
