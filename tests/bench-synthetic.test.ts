// The benchmark's synthetic stacks stay valid config as the config grows rules.
import * as assert from "assert";
import * as path from "path";
import { syntheticOverrides } from "../bench/synthetic";
import { parseStackConfig } from "../components/config";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

describe("bench: synthetic prod stacks", () => {
    for (const count of [10, 50, 100]) {
        it(`${count} services parse as the prod stack's config`, () => {
            const config = parseStackConfig(readStackConfig(ROOT, "prod", syntheticOverrides(ROOT, count)));
            assert.deepStrictEqual([config.services.length, config.services[count - 1].name, config.legacy.firewall.enabled], [count, `svc-${String(count).padStart(3, "0")}`, true]);
        });
    }
});
