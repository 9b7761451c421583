// A test process keeps one policy pack for every plan it runs
// (PolicyAnalyzer.shared); any other pack still running after a plan is a leak.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { runningProcessPack } from "../../tools/offline/pack-process";

const POLICY_PACK_DIR = path.resolve(__dirname, "..", "..", "policies");

/** This process's children as "<pid> <command line>": from /proc where there is one (no `ps` to start, about 60 a run), else from ps. */
function children(): string[] {
    if (!fs.existsSync("/proc/self/stat")) {
        const ps = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
        return ps.stdout.split("\n").map((l) => l.trim());
    }
    const found: string[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) {
            continue;
        }
        try {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === process.pid) {
                found.push(`${entry} ${fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim()}`);
            }
        } catch {
            // The process ended while being read.
        }
    }
    return found;
}

/** Policy pack processes started by this process, other than its shared one ("<pid> <command line>"). */
export function leftoverPacks(): string[] {
    const shared = runningProcessPack(POLICY_PACK_DIR)?.pid;
    return children().filter((l) => l.includes("run-policy-pack") && Number(l.split(" ")[0]) !== shared);
}
