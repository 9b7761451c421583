// The node command line of an npm script (package.json), so that benches and
// tests run exactly what `npm run <script>` runs, preloads included.
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** The arguments after `node` of `npm run <name>` (package.json `[exec] node <args>`), to run with process.execPath from the repository root. */
export function nodeArgsOfScript(name: string): string[] {
    const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
    const script = scripts[name];
    const [node, ...args] = (script ?? "").replace(/^exec /, "").split(" ");
    if (node !== "node") {
        throw new Error(`package.json scripts.${name} is ${JSON.stringify(script)}, not a node command`);
    }
    return args;
}
