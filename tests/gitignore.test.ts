// Running the README's and the guides' commands leaves no untracked file:
// every output file they name is ignored by git.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

describe("the outputs the guides write are ignored by git", () => {
    const texts = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => path.join("docs", f)), ...fs.readdirSync(path.join(ROOT, ".github", "workflows")).map((f) => path.join(".github", "workflows", f))]
        .map((f) => fs.readFileSync(path.join(ROOT, f), "utf8").replace(/\$\{\{ matrix\.stack \}\}|\$\{STACK\}|<s>/g, "prod"));
    // --json plan.json, --markdown plan-${{ matrix.stack }}.md, --out cutover/, > offline-plan-comment.md, tee "preview-${STACK}.txt"
    const named = [...new Set(texts.flatMap((t) => [...t.matchAll(/--(?:json|markdown|state|out) ([\w.$<>{}\-/ ]+?)(?=[\s`)"]|$)/gm), ...t.matchAll(/(?:> |tee ")([\w.$<>{}-]+\.(?:md|txt|json))/g)].map((m) => m[1])))]
        .filter((f) => !f.startsWith("<") && !f.startsWith("-") && f !== "dir]");

    it("finds the files the guides name", () => {
        for (const file of ["plan.json", "plan.md", "comment.md", "state.json", "plan-prod.md", "plan-prod.json", "cutover/", "offline-plan-comment.md", "preview-prod.txt", "web-legacy-urns.txt"]) {
            assert.ok(named.includes(file), `${file} in ${JSON.stringify(named)}`);
        }
    });

    it("git ignores each of them", () => {
        const probe = named.map((f) => (f.endsWith("/") ? `${f}batch.json` : f));
        const result = spawnSync("git", ["-C", ROOT, "check-ignore", "--no-index", ...probe], { encoding: "utf8" });
        assert.deepStrictEqual(result.stdout.trim().split("\n").sort(), [...probe].sort());
    });
});
