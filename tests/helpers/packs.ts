// A test process keeps one policy pack for every plan it runs
// (PolicyAnalyzer.shared); any other pack still running after a plan is a leak.
import { spawnSync } from "child_process";
import * as path from "path";
import { runningProcessPack } from "../../tools/offline/pack-process";
import { liveProcesses } from "./processes";

const POLICY_PACK_DIR = path.resolve(__dirname, "..", "..", "policies");

/** This process's children as "<pid> <command line>": from /proc where there is one (no `ps` to start, about 60 a run), else from ps. */
function children(): string[] {
    const live = liveProcesses();
    if (live === undefined) {
        const ps = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
        return ps.stdout.split("\n").map((l) => l.trim());
    }
    return live.filter((p) => p.ppid === process.pid).map((p) => `${p.pid} ${p.cmdline}`);
}

/** Policy pack processes started by this process, other than its shared one ("<pid> <command line>"). */
export function leftoverPacks(): string[] {
    const shared = runningProcessPack(POLICY_PACK_DIR)?.pid;
    return children().filter((l) => l.includes("run-policy-pack") && Number(l.split(" ")[0]) !== shared);
}
