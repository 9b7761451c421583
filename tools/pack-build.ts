// The policy pack runs as JavaScript: policies/package.json's `main` is
// bin/index.js, built from the TypeScript sources by `npm ci` / `npm install`
// (the root `prepare` script), as published packs ship it. A build that no
// longer matches its sources would enforce an old rule set without a word, so
// everything that launches the pack (the offline plan, the delivery wrappers,
// the tests) checks it first. The evidence is the build itself: tsc writes
// each source's full text into its source map (`inlineSources`), so any way
// of building is checkable and there is no stamp file to forget.
import * as fs from "fs";
import * as path from "path";

/** The command that (re)builds the pack; `npm ci` and `npm install` run it too. */
export const PACK_BUILD_COMMAND = "npm run build:policies";

/** Where tsc writes the pack (policies/tsconfig.json `outDir`). */
export const PACK_OUT_DIR = "bin";

/** The compiled pack is missing or differs from its sources. */
export class PackBuildError extends Error {
    override name = "PackBuildError";
}

/** Relative paths (with `/`) of the files under `dir` whose names pass `keep`, skipping `skipDirs`. */
function filesUnder(dir: string, keep: (name: string) => boolean, skipDirs: readonly string[] = []): string[] {
    const found: string[] = [];
    const walk = (rel: string) => {
        for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
            if (entry.isDirectory()) {
                if (!skipDirs.includes(child) && entry.name !== "node_modules") {
                    walk(child);
                }
            } else if (keep(entry.name)) {
                found.push(child);
            }
        }
    };
    walk("");
    return found.sort();
}

/** The source text tsc compiled into `map`, or undefined when the map is missing or unreadable. */
function compiledSource(map: string): string | undefined {
    try {
        const parsed = JSON.parse(fs.readFileSync(map, "utf8")) as { sourcesContent?: unknown };
        const content = Array.isArray(parsed.sourcesContent) ? parsed.sourcesContent[0] : undefined;
        return typeof content === "string" ? content : undefined;
    } catch {
        return undefined;
    }
}

function listed(files: readonly string[]): string {
    const shown = files.slice(0, 3).join(", ");
    return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}

/**
 * Why the compiled pack in packDir cannot be trusted, or undefined when every
 * source (every .ts under packDir outside bin/ and node_modules/) has its
 * JavaScript and a source map holding exactly its current text, and every
 * built file still has its source.
 */
export function packBuildProblem(packDir: string): string | undefined {
    const shown = (rel: string) => path.join(path.basename(packDir), rel);
    const fix = `run \`${PACK_BUILD_COMMAND}\` (\`npm ci\` and \`npm install\` run it too)`;
    const outDir = path.join(packDir, PACK_OUT_DIR);
    if (!fs.existsSync(path.join(outDir, "index.js"))) {
        return `the policy pack is not built: ${shown(`${PACK_OUT_DIR}/index.js`)} does not exist; ${fix}`;
    }
    const sources = filesUnder(packDir, (name) => name.endsWith(".ts") && !name.endsWith(".d.ts"), [PACK_OUT_DIR]);
    const changed: string[] = [];
    const unbuilt: string[] = [];
    for (const source of sources) {
        const built = path.join(outDir, source.replace(/\.ts$/, ".js"));
        const text = compiledSource(`${built}.map`);
        if (!fs.existsSync(built) || text === undefined) {
            unbuilt.push(shown(source));
        } else if (text !== fs.readFileSync(path.join(packDir, source), "utf8")) {
            changed.push(shown(source));
        }
    }
    const expected = new Set(sources.map((s) => s.replace(/\.ts$/, ".js")));
    const orphaned = filesUnder(outDir, (name) => name.endsWith(".js")).filter((js) => !expected.has(js)).map((js) => shown(`${PACK_OUT_DIR}/${js}`));
    const reasons = [
        changed.length > 0 ? `${listed(changed)} changed since it was built` : undefined,
        unbuilt.length > 0 ? `${listed(unbuilt)} ${unbuilt.length === 1 ? "is" : "are"} not in it` : undefined,
        orphaned.length > 0 ? `${listed(orphaned)} ${orphaned.length === 1 ? "has" : "have"} no source any more` : undefined,
    ].filter((r): r is string => r !== undefined);
    return reasons.length === 0 ? undefined : `the policy pack's build (${shown(PACK_OUT_DIR)}) is stale: ${reasons.join("; ")}; ${fix}`;
}

/** Throws PackBuildError unless the compiled pack in packDir matches its sources. */
export function assertPackBuilt(packDir: string): void {
    const problem = packBuildProblem(packDir);
    if (problem !== undefined) {
        throw new PackBuildError(problem);
    }
}
