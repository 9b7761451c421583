// The project's stacks, as the Pulumi.<stack>.yaml files say: each with its
// environment (migration:environment, else the stack's name when it is dev or
// prod) and the GitHub environment its deployment runs in. The workflows
// derive their matrices from this (npm run stacks), and `npm run new-stack`
// starts a stack from an existing one of the same environment.
import * as fs from "fs";
import * as path from "path";
import { parseDocument, isMap, isScalar, isPair, type Pair } from "yaml";
import { selectionTagName } from "../../components/legacy/naming";
import { didYouMean } from "../../components/config/suggest";
import { listStacks, readStackConfig, StackFileError } from "../stack-file";

export class StacksError extends Error {
    override name = "StacksError";
}

export interface StackInfo {
    readonly stack: string;
    readonly environment: "dev" | "prod";
    /**
     * The GitHub environment the deploy job runs in (its credentials, its
     * reviewers): the stack's name, except prod, which keeps `production`
     * (the name its settings have always had).
     */
    readonly githubEnvironment: string;
}

/** The environment a stack file sets, else its name's (dev, prod), else undefined. */
export function environmentOfStack(root: string, stack: string): "dev" | "prod" | undefined {
    const input = readStackConfig(root, stack);
    const raw = input.values[`${input.project}:environment`];
    let value: unknown = raw;
    try {
        value = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
        value = raw;
    }
    if (value === "dev" || value === "prod") {
        return value;
    }
    return stack === "dev" || stack === "prod" ? stack : undefined;
}

/** Every stack of the project, by name, with its environment; refuses a stack that states none. */
export function projectStacks(root: string): StackInfo[] {
    return listStacks(root).map((stack) => {
        let environment: "dev" | "prod" | undefined;
        try {
            environment = environmentOfStack(root, stack);
        } catch (err) {
            throw err instanceof StackFileError ? new StacksError(err.message) : err;
        }
        if (environment === undefined) {
            throw new StacksError(`Pulumi.${stack}.yaml: migration:environment is not set and the stack is named neither dev nor prod; allowed dev or prod, for example: pulumi config set migration:environment dev --stack ${stack}`);
        }
        return { stack, environment, githubEnvironment: stack === "prod" ? "production" : stack };
    });
}

// ---------------------------------------------------------------------------
// A new stack from an existing one.

export interface NewStackOptions {
    readonly stack: string;
    readonly environment: "dev" | "prod";
    /** The stack copied. @default the stack named like the environment */
    readonly from?: string;
}

export interface NewStackFiles {
    readonly from: string;
    /** Project-relative path → content. */
    readonly files: Readonly<Record<string, string>>;
    /** The secret keys the new stack must set (their values cannot be copied). */
    readonly secrets: readonly string[];
    /** pendingFirewall entries rewritten or dropped, said to the user. */
    readonly changes: readonly string[];
}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** What a copied secret holds until it is set: not a ciphertext, so `pulumi preview` refuses it loudly. */
export const SECRET_TO_SET = "set me: pulumi config set --secret";

function header(stack: string, from: string, environment: string): string {
    return [
        ` ${stack} (environment ${environment}): started by \`npm run new-stack\` from Pulumi.${from}.yaml.`,
        ` Before its first \`up\`, replace what is still ${from}'s (docs/new-stack.md):`,
        "  - dns.zoneName and every services[].hostname: two stacks cannot serve one hostname;",
        `  - network.cidr: a range of its own, if it shares an account (or a peering) with ${from};`,
        "  - legacy: region, vpcIpRange, adoptVpcId, certificates, adminCidrs, and each service's",
        "    Droplets (an adopted Droplet belongs to one stack), legacy.databases and their trusted sources;",
        "  - fargate.secrets ARNs of this stack's account, and image tags;",
        `  - every secure value: pulumi config set --secret <key> <value> --stack ${stack}.`,
    ].join("\n");
}

/** The new stack's files, from `from`'s: nothing is written. */
export function newStackFiles(root: string, options: NewStackOptions): NewStackFiles {
    const { stack, environment } = options;
    const stacks = listStacks(root);
    if (!STACK_NAME.test(stack)) {
        throw new StacksError(`--stack: ${JSON.stringify(stack)} is not a stack name; allowed letters, digits, ., _ and -, starting with a letter or digit`);
    }
    if (stacks.includes(stack)) {
        throw new StacksError(`--stack: ${stack} exists already (Pulumi.${stack}.yaml); allowed a new name`);
    }
    if (fs.existsSync(path.join(root, "policies", "config", `${stack}.json`))) {
        throw new StacksError(`--stack: policies/config/${stack}.json exists already; allowed a stack with no policy config yet (remove the file, or choose another name)`);
    }
    const from = options.from ?? environment;
    if (!stacks.includes(from)) {
        throw new StacksError(`--from: ${JSON.stringify(from)} is not a stack of this project${didYouMean(from, stacks)}; allowed ${stacks.join(", ")}`);
    }
    const fromEnvironment = environmentOfStack(root, from);
    if (fromEnvironment !== environment) {
        throw new StacksError(`--from: ${from} is a ${fromEnvironment ?? "no"}-environment stack; allowed a ${environment} stack to start a ${environment} one from (its policy config and defaults are ${environment}'s)`);
    }
    const project = String((parseDocument(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")).toJS() as { name: unknown }).name);

    // The stack file: the same config, its environment stated, its secrets to set, nothing of the old stack's encryption.
    // The old stack's header comment described that stack: it goes, the new header says what to change.
    const source = fs.readFileSync(path.join(root, `Pulumi.${from}.yaml`), "utf8").replace(/^(\s*(#[^\n]*)?\n)+/, "");
    const document = parseDocument(source);
    for (const key of ["encryptionsalt", "encryptedkey", "secretsprovider"]) {
        document.delete(key);
    }
    const config = document.get("config");
    const secrets: string[] = [];
    if (isMap(config)) {
        for (const item of config.items as Pair[]) {
            if (isPair(item) && isMap(item.value) && item.value.items.length === 1 && isScalar((item.value.items[0] as Pair).key) && String(((item.value.items[0] as Pair).key as { value: unknown }).value) === "secure") {
                const key = String((item.key as { value: unknown }).value);
                const full = key.includes(":") ? key : `${project}:${key}`;
                secrets.push(full);
                item.value.set("secure", `${SECRET_TO_SET} ${full} <value> --stack ${stack}`);
            }
        }
        config.set(`${project}:environment`, environment);
    }
    document.commentBefore = header(stack, from, environment);

    // The policy config: the environment's levels and thresholds; pendingFirewall names this stack's Droplets, not from's.
    const policyFile = path.join(root, "policies", "config", `${from}.json`);
    if (!fs.existsSync(policyFile)) {
        throw new StacksError(`--from: ${from} has no policy config (policies/config/${from}.json); allowed a stack that has one`);
    }
    let policy: Record<string, unknown>;
    try {
        policy = JSON.parse(fs.readFileSync(policyFile, "utf8")) as Record<string, unknown>;
    } catch (err) {
        throw new StacksError(`--from: policies/config/${from}.json is not valid JSON: ${(err as Error).message}`);
    }
    const changes: string[] = [];
    const firewall = policy["networking-do-droplet-firewalled"] as { pendingFirewall?: unknown } | undefined;
    if (firewall !== undefined && Array.isArray(firewall.pendingFirewall)) {
        const services = (JSON.parse(readStackConfig(root, from).values[`${project}:services`] ?? "[]") as { name?: unknown }[])
            .map((s) => s.name).filter((n): n is string => typeof n === "string");
        const renamed = new Map(services.map((s) => [`tag:${selectionTagName(project, from, s)}`, `tag:${selectionTagName(project, stack, s)}`]));
        firewall.pendingFirewall = firewall.pendingFirewall.flatMap((entry: unknown) => {
            if (typeof entry === "string" && renamed.has(entry)) {
                changes.push(`pendingFirewall ${entry} → ${renamed.get(entry)!} (this stack's Droplets)`);
                return [renamed.get(entry)!];
            }
            changes.push(`pendingFirewall ${String(entry)} dropped (a Droplet of ${from}, not of ${stack})`);
            return [];
        });
    }
    return {
        from,
        files: {
            [`Pulumi.${stack}.yaml`]: document.toString({ lineWidth: 0 }),
            [path.join("policies", "config", `${stack}.json`)]: `${JSON.stringify(policy, null, 2)}\n`,
        },
        secrets,
        changes,
    };
}
