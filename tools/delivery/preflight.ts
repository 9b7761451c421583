// Checks the delivery wrapper makes against the file system before anything
// runs: the stack exists, its policy config exists, the compiled policy pack
// matches its sources, whether it is production, and where the Pulumi CLI is.
import * as fs from "fs";
import * as path from "path";
import { packBuildProblem } from "../pack-build";
import { listStacks, readStackConfig } from "../stack-file";
import { DeliveryCommand, DeliveryRefusal, StackFiles, stackFiles, stackNameProblem } from "./commands";

/** The stack's files, or a DeliveryRefusal when the name is bad or a file is missing. */
export function checkStack(repoRoot: string, stack: string): StackFiles {
    const nameProblem = stackNameProblem(stack);
    if (nameProblem !== undefined) {
        throw new DeliveryRefusal(nameProblem);
    }
    const files = stackFiles(repoRoot, stack);
    if (!fs.existsSync(files.stackFile)) {
        const known = listStacks(repoRoot);
        throw new DeliveryRefusal(
            `Unknown stack "${stack}": there is no ${path.basename(files.stackFile)} in ${repoRoot} ` +
            `(stacks: ${known.length > 0 ? known.join(", ") : "none"}).`);
    }
    if (!fs.existsSync(files.policyPackConfig)) {
        throw new DeliveryRefusal(
            `Stack "${stack}" has no policy config: ${files.policyPackConfig} does not exist. ` +
            `Every preview and update runs the policy pack with the stack's own config; add that file first.`);
    }
    return files;
}

/**
 * A DeliveryRefusal when the compiled pack that pulumi would run is missing or
 * older than its sources: pulumi would enforce an old rule set without a word.
 * destroy runs no policy pack, so a stale build never blocks it.
 */
export function checkPolicyPackBuild(command: DeliveryCommand, files: StackFiles): void {
    const problem = command === "destroy" ? undefined : packBuildProblem(files.policyPack);
    if (problem !== undefined) {
        throw new DeliveryRefusal(`${problem[0].toUpperCase()}${problem.slice(1)}.`);
    }
}

/**
 * A production stack gets the typed confirmation: named prod, or configured with
 * migration:environment prod. A stack file that cannot be read counts as production.
 */
export function isProductionStack(repoRoot: string, stack: string): boolean {
    if (stack === "prod") {
        return true;
    }
    try {
        const raw = readStackConfig(repoRoot, stack);
        return raw.values[`${raw.project}:environment`] === "prod";
    } catch {
        return true;
    }
}

/** The absolute path of an executable found on PATH, like `command -v`, or undefined. */
export function findExecutable(
    name: string,
    env: NodeJS.ProcessEnv,
    platform: NodeJS.Platform = process.platform,
): string | undefined {
    const dirs = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter((d) => d !== "");
    const extensions = platform === "win32"
        ? (env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").filter((e) => e !== "")
        : [""];
    for (const dir of dirs) {
        for (const ext of extensions) {
            const candidate = path.join(dir, name + ext);
            try {
                if (fs.statSync(candidate).isFile()) {
                    fs.accessSync(candidate, fs.constants.X_OK);
                    return path.resolve(candidate);
                }
            } catch {
                // Not here, or not executable: keep looking, as a shell would.
            }
        }
    }
    return undefined;
}
