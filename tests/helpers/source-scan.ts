// Lines of the project's TypeScript sources that match a pattern, as
// "<path from the root>:<line>: <text>": the purity checks that make reusing
// a program run or a pack's answer sound read the sources this way.
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** Every line of the .ts files at `roots` (files or folders, from the repository root; compiled output and dependencies skipped) matching `pattern`. */
export function sourceLinesMatching(roots: readonly string[], pattern: RegExp): string[] {
    const found: string[] = [];
    const scan = (file: string) => {
        fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
            if (pattern.test(line)) {
                found.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
            }
        });
    };
    const walk = (entry: string) => {
        if (fs.statSync(entry).isDirectory()) {
            for (const child of fs.readdirSync(entry)) {
                if (child !== "bin" && child !== "node_modules") {
                    walk(path.join(entry, child));
                }
            }
        } else if (entry.endsWith(".ts")) {
            scan(entry);
        }
    };
    for (const root of roots) {
        walk(path.join(ROOT, root));
    }
    return found;
}
