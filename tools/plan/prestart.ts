// Preloaded by `npm run plan` (package.json: `node -r`): launches the
// policy pack (and the analyzer's thread) before cli.ts loads the program's
// modules, so their start overlaps with that loading instead of following it. buildPlan then uses
// this pack (PolicyAnalyzer.shared). With a stale or missing build nothing is
// launched, and buildPlan reports it (exit 2).
import * as path from "path";
import { startAnalyzerThread } from "../offline/analyzer-channel";
import { processPack } from "../offline/pack-process";

// Help needs no pack.
if (!process.argv.slice(2).some((a) => a === "--help" || a === "-h")) {
    processPack(path.resolve(__dirname, "..", "..", "policies"));
    // And the thread that will speak to it, so that it is ready when the pack's port is known.
    startAnalyzerThread();
}
