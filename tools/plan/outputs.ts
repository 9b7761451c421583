// Output files of a plan run (--json, --markdown, --state): where each may be
// written, and writing them all or none.
//
// An output path is refused when its target, with every symbolic link
// followed, is
//   1. a file git tracks in the project (sources, stack files, policy config,
//      workflows, README, lockfile: whatever `git ls-files` lists), compared
//      by path and, for existing files, by inode (so a hard link counts too);
//   2. inside the project, tracked or not: a Pulumi project or stack file
//      (Pulumi.yaml, Pulumi.<stack>.yaml/.yml, PulumiPolicy.yaml), a source
//      file (*.ts, *.js, *.mjs, *.cjs, *.sh), project config (package.json,
//      package-lock.json, tsconfig.json, .mocharc.json, .gitignore), anything
//      in policies/config/, or anything under .git/, .github/ or node_modules/;
//   3. an input of this run (--policy-config, --against);
//   4. the target of another output of the same run;
//   5. a directory, or a path whose directory does not exist.
// Character devices and FIFOs (/dev/null, /dev/stdout) are written in place;
// everything else goes to a temporary file in the target's directory that is
// renamed over the target once every output has been written.
import * as childProcess from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { PlanInputError } from "./plan";

export interface OutputRequest {
    /** The flag that named it, for messages: --json. */
    readonly flag: string;
    /** The path as given. */
    readonly file: string;
}

export interface ResolvedOutput extends OutputRequest {
    /** Absolute path that is written: symbolic links followed. */
    readonly target: string;
    /** A character device or FIFO: written in place, never replaced. */
    readonly stream: boolean;
}

export interface OutputContext {
    /** Directory relative paths are resolved from. */
    readonly cwd: string;
    /** The project root (where Pulumi.yaml is). */
    readonly root: string;
    /** Files this run reads; an output may not overwrite them. */
    readonly inputs?: readonly OutputRequest[];
}

const SOURCE_EXTENSIONS = new Set([".ts", ".js", ".mjs", ".cjs", ".sh"]);
const CONFIG_FILES = new Set(["package.json", "package-lock.json", "tsconfig.json", ".mocharc.json", ".gitignore"]);
const PROTECTED_DIRS = new Set([".git", ".github", "node_modules"]);

/** Why a path inside the project is one of its sources or config (rule 2), or undefined. */
function projectFileKind(relative: string): string | undefined {
    const parts = relative.split(path.sep);
    const base = parts[parts.length - 1];
    const dir = parts.find((p) => PROTECTED_DIRS.has(p));
    if (dir !== undefined) {
        return `inside the project's ${dir}/`;
    }
    if (/^Pulumi(\..+)?\.ya?ml$/.test(base) || base === "PulumiPolicy.yaml") {
        return "a Pulumi project or stack file of this project";
    }
    if (SOURCE_EXTENSIONS.has(path.extname(base))) {
        return "a source file of this project";
    }
    if (CONFIG_FILES.has(base)) {
        return "project config";
    }
    if (parts.length >= 3 && parts[0] === "policies" && parts[1] === "config") {
        return "policy pack config of this project";
    }
    return undefined;
}

function realOrSelf(p: string): string {
    try {
        return fs.realpathSync(p);
    } catch {
        return p;
    }
}

/** The files git tracks under root, as real paths, with their inodes; empty when root is not in a git work tree. */
function trackedFiles(root: string): { paths: Set<string>; inodes: Map<string, string> } {
    const result = childProcess.spawnSync("git", ["-C", root, "ls-files", "-z"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const paths = new Set<string>();
    const inodes = new Map<string, string>();
    if (result.status !== 0) {
        return { paths, inodes };
    }
    for (const relative of result.stdout.split("\0").filter((f) => f !== "")) {
        const full = realOrSelf(path.join(root, relative));
        paths.add(full);
        try {
            const stat = fs.statSync(full);
            inodes.set(`${stat.dev}:${stat.ino}`, full);
        } catch {
            // Deleted in the work tree but still tracked: protected by path only.
        }
    }
    return { paths, inodes };
}

/**
 * Where writing `abs` would land: the path with every symbolic link followed.
 * A link to a file that does not exist yet resolves to that file's path.
 */
function targetOf(flag: string, file: string, abs: string): string {
    let current = abs;
    for (let hops = 0; hops < 40; hops++) {
        const dir = path.dirname(current);
        let realDir: string;
        try {
            realDir = fs.realpathSync(dir);
        } catch {
            throw new PlanInputError(`${flag}: cannot write ${file}: the directory ${dir} does not exist; allowed a file in an existing directory`);
        }
        current = path.join(realDir, path.basename(current));
        let stat: fs.Stats;
        try {
            stat = fs.lstatSync(current);
        } catch {
            return current;
        }
        if (!stat.isSymbolicLink()) {
            return current;
        }
        current = path.resolve(realDir, fs.readlinkSync(current));
    }
    throw new PlanInputError(`${flag}: cannot write ${file}: too many levels of symbolic links; allowed a file path`);
}

function inodeOf(file: string): string | undefined {
    try {
        const stat = fs.statSync(file);
        return `${stat.dev}:${stat.ino}`;
    } catch {
        return undefined;
    }
}

/** Checks every output path before anything runs; throws PlanInputError naming the flag, the path and what is allowed. */
export function resolveOutputs(requests: readonly OutputRequest[], context: OutputContext): ResolvedOutput[] {
    if (requests.length === 0) {
        return [];
    }
    const root = realOrSelf(path.resolve(context.root));
    const tracked = trackedFiles(root);
    const inputs = (context.inputs ?? []).map((input) => {
        const full = realOrSelf(path.resolve(context.cwd, input.file));
        return { ...input, target: full, inode: inodeOf(full) };
    });
    const allowed = "allowed a path outside the project's sources and config, such as plan.json or a file in a temporary directory (docs/plan.md: \"Output files\")";
    const resolved: (ResolvedOutput & { inode?: string })[] = [];
    for (const request of requests) {
        const { flag, file } = request;
        const abs = path.resolve(context.cwd, file);
        let stream = false;
        let target: string;
        let existing: fs.Stats | undefined;
        try {
            existing = fs.statSync(abs);
        } catch {
            existing = undefined;
        }
        if (existing?.isDirectory()) {
            throw new PlanInputError(`${flag}: ${file} is a directory; allowed a file path`);
        }
        if (existing !== undefined && (existing.isCharacterDevice() || existing.isFIFO())) {
            // /dev/stdout resolves to a pipe that has no path: write through the name given.
            stream = true;
            target = abs;
        } else if (existing !== undefined && !existing.isFile()) {
            throw new PlanInputError(`${flag}: ${file} is not a regular file; allowed a file path`);
        } else {
            target = targetOf(flag, file, abs);
        }
        const via = target === path.join(realOrSelf(path.dirname(abs)), path.basename(abs)) ? "is" : `leads (through a symbolic link) to ${target},`;
        const inode = existing !== undefined ? `${existing.dev}:${existing.ino}` : undefined;
        if (!stream) {
            const relative = path.relative(root, target);
            const kind = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? projectFileKind(relative) : undefined;
            if (kind !== undefined) {
                throw new PlanInputError(`${flag}: ${file} ${via} ${kind}; ${allowed}`);
            }
            if (tracked.paths.has(target) || (inode !== undefined && tracked.inodes.has(inode))) {
                throw new PlanInputError(`${flag}: ${file} ${via} a file git tracks in this project; ${allowed}`);
            }
            const input = inputs.find((i) => i.target === target || (inode !== undefined && i.inode === inode));
            if (input !== undefined) {
                throw new PlanInputError(`${flag}: ${file} ${via} the ${input.flag} input of this run; allowed a file that is not read by the run`);
            }
        }
        const other = resolved.find((r) => r.target === target || (inode !== undefined && r.inode === inode));
        if (other !== undefined) {
            throw new PlanInputError(`${flag}: ${file} is the same file as the ${other.flag} output ${other.file}; allowed a different file for each output`);
        }
        resolved.push({ flag, file, target, stream, inode });
    }
    return resolved.map(({ flag, file, target, stream }) => ({ flag, file, target, stream }));
}

export interface OutputFile {
    readonly output: ResolvedOutput;
    readonly text: string;
}

function describe(err: unknown): string {
    const e = err as NodeJS.ErrnoException;
    return e.code !== undefined ? `${e.code} (${e.message.replace(/^[A-Z]+: /, "").split(",")[0]})` : String(e.message ?? err);
}

function removeQuietly(file: string): void {
    try {
        fs.unlinkSync(file);
    } catch {
        // Already gone.
    }
}

function sibling(target: string, suffix: string): string {
    return path.join(path.dirname(target), `.plan-${process.pid}-${crypto.randomBytes(6).toString("hex")}.${suffix}`);
}

/**
 * Writes every file or none. Each regular file is written to a temporary
 * name in its own directory, then all are renamed over their targets; a
 * target that existed is first hard-linked to a backup name, so a failed
 * rename can put every earlier target back. Streams are written last. On any
 * failure nothing new is left behind and PlanInputError names the flag and
 * the file. Everything is synchronous: no signal handler can run in between.
 */
export function writeAllOrNothing(files: readonly OutputFile[]): void {
    const temps: string[] = [];
    const renamed: { target: string; backup?: string }[] = [];
    const backups: string[] = [];
    const fail = (file: OutputFile, err: unknown): never => {
        for (const done of [...renamed].reverse()) {
            if (done.backup !== undefined) {
                fs.renameSync(done.backup, done.target);
            } else {
                removeQuietly(done.target);
            }
        }
        temps.forEach(removeQuietly);
        backups.forEach(removeQuietly);
        throw new PlanInputError(`${file.output.flag}: cannot write ${file.output.file}: ${describe(err)}; nothing was written`);
    };
    const regular = files.filter((f) => !f.output.stream);
    const tempOf = new Map<OutputFile, string>();
    for (const file of regular) {
        const temp = sibling(file.output.target, "tmp");
        try {
            fs.writeFileSync(temp, file.text, { flag: "wx" });
            temps.push(temp);
            tempOf.set(file, temp);
            const mode = fs.statSync(file.output.target, { throwIfNoEntry: false })?.mode;
            if (mode !== undefined) {
                fs.chmodSync(temp, mode & 0o7777);
            }
        } catch (err) {
            if (fs.existsSync(temp) && !temps.includes(temp)) {
                temps.push(temp);
            }
            fail(file, err);
        }
    }
    for (const file of regular) {
        const target = file.output.target;
        let backup: string | undefined;
        try {
            if (fs.existsSync(target)) {
                backup = sibling(target, "bak");
                fs.linkSync(target, backup);
                backups.push(backup);
            }
            fs.renameSync(tempOf.get(file)!, target);
            temps.splice(temps.indexOf(tempOf.get(file)!), 1);
            renamed.push({ target, backup });
            if (backup !== undefined) {
                backups.splice(backups.indexOf(backup), 1);
            }
        } catch (err) {
            fail(file, err);
        }
    }
    for (const file of files.filter((f) => f.output.stream)) {
        try {
            fs.writeFileSync(file.output.target, file.text);
        } catch (err) {
            fail(file, err);
        }
    }
    for (const done of renamed) {
        if (done.backup !== undefined) {
            removeQuietly(done.backup);
        }
    }
}
