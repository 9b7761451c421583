// Preloaded by `npm run plan` (package.json: `node -r`): launches the
// policy pack before cli.ts loads the program's modules, so the pack's start
// overlaps with their loading instead of following it. buildPlan then uses
// this pack (PolicyAnalyzer.shared). With a stale or missing build nothing is
// launched, and buildPlan reports it (exit 2).
import * as path from "path";
import { processPack } from "../offline/pack-process";

// Help needs no pack.
if (!process.argv.slice(2).some((a) => a === "--help" || a === "-h")) {
    processPack(path.resolve(__dirname, "..", "..", "policies"));
}
