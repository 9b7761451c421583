// The live processes of this machine, read from Linux /proc: the tests that
// check no process outlives a plan (by process group) or a test process (by
// parent) ask it. Undefined where there is no /proc.
import * as fs from "fs";

export interface Proc {
    readonly pid: number;
    readonly ppid: number;
    /** Its process group. */
    readonly pgrp: number;
    readonly cmdline: string;
}

/** Every live process (zombies left out), or undefined where there is no /proc. */
export function liveProcesses(): Proc[] | undefined {
    if (!fs.existsSync("/proc/self/stat")) {
        return undefined;
    }
    const found: Proc[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) {
            continue;
        }
        try {
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            if (state !== "Z") {
                const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
                found.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), cmdline });
            }
        } catch {
            // The process ended while being read.
        }
    }
    return found;
}
