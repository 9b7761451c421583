// Checks the delivery wrapper makes with the tools of the machine it runs on,
// before the Pulumi CLI touches the stack: a CLI new enough for what the
// program relies on, and, before an `up`, every image ECS will run is in ECR.
// The ECS services wait for steady state, so tasks that cannot pull their
// image fail the run only after ECS gives up, with traffic (when the share is
// above 0) already pointed at the ALB. A new stack creates its repositories in
// the same run that deploys the tasks: the refusal says how to create them first.
import { spawnSync } from "child_process";
import type { StackConfig } from "../../components/config";
import { ecrRepositoryName, stackPrefix } from "../../components/aws/naming";
import { DeliveryRefusal } from "./commands";
import { findExecutable } from "./preflight";

/**
 * The oldest Pulumi CLI the program supports: the first release whose
 * `import` resource option imports a resource and then updates it to the
 * program's inputs, which adopting Droplets and databases (import with a
 * diff) and the cut-over (import of the weighted records) rely on.
 */
export const MIN_PULUMI_VERSION = [3, 174, 0] as const;

/** Why `pulumi version` output is too old or unreadable, or undefined when it will do. */
export function pulumiVersionProblem(output: string): string | undefined {
    const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(output.trim());
    const wanted = `v${MIN_PULUMI_VERSION.join(".")}`;
    if (match === null) {
        return `\`pulumi version\` printed ${JSON.stringify(output.trim())}, not a version; allowed ${wanted} or newer`;
    }
    const found = match.slice(1, 4).map(Number);
    for (let i = 0; i < 3; i++) {
        if (found[i] !== MIN_PULUMI_VERSION[i]) {
            return found[i] > MIN_PULUMI_VERSION[i] ? undefined
                : `the Pulumi CLI is v${found.join(".")}; allowed ${wanted} or newer (the first release whose import option imports, then updates: adopting Droplets and databases and the cut-over rely on it)`;
        }
    }
    return undefined;
}

export function checkPulumiVersion(pulumi: string, env: NodeJS.ProcessEnv): void {
    const result = spawnSync(pulumi, ["version"], { env, encoding: "utf8" });
    const problem = result.status === 0 ? pulumiVersionProblem(result.stdout) : `\`pulumi version\` failed (exit ${result.status}): ${result.stderr.trim()}`;
    if (problem !== undefined) {
        throw new DeliveryRefusal(problem);
    }
}

/** An image a deploy sends traffic to, and where ECR keeps it. */
export interface RequiredImage {
    readonly service: string;
    readonly revision: "stable" | "canary";
    readonly repository: string;
    readonly tag: string;
    readonly region: string;
    /** The registry's account, when the image names one (an external ECR reference). */
    readonly registryId?: string;
    /** The image reference as the task definition has it. */
    readonly ref: string;
}

const ECR_REF = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+):([^@]+)$/;

/**
 * The ECR images ECS will run: every revision of every Fargate service (a
 * canary runs tasks even at 0 %). Images outside ECR, or pinned by digest,
 * are not listed: no ECR call can check them.
 */
export function requiredImages(config: StackConfig, account: string): RequiredImage[] {
    const prefix = stackPrefix(config.project, config.stack);
    const images: RequiredImage[] = [];
    for (const hostname of config.hostnames) {
        for (const name of hostname.fargateServices) {
            const fargate = config.services.find((s) => s.name === name)?.fargate;
            if (fargate === undefined) {
                continue;
            }
            const revisions = [
                { revision: "stable" as const, image: fargate.image },
                ...(fargate.canary !== undefined ? [{ revision: "canary" as const, image: fargate.canary.image }] : []),
            ];
            for (const { revision, image } of revisions) {
                if (image.kind === "ecr") {
                    const repository = ecrRepositoryName(prefix, name);
                    images.push({ service: name, revision, repository, tag: image.tag, region: config.awsRegion, ref: `${account}.dkr.ecr.${config.awsRegion}.amazonaws.com/${repository}:${image.tag}` });
                    continue;
                }
                const match = ECR_REF.exec(image.ref);
                if (match !== null) {
                    const [, registryId, region, repository, tag] = match;
                    images.push({ service: name, revision, repository, tag, region, registryId, ref: image.ref });
                }
            }
        }
    }
    return images;
}

/** Refuses the deploy when an image ECS will run is not in ECR; `aws` must be on PATH with the stack's credentials. */
export function checkImagesExist(config: StackConfig, env: NodeJS.ProcessEnv): void {
    const services = config.services.filter((s) => s.fargate !== undefined).map((s) => s.name);
    if (services.length === 0) {
        return;
    }
    const aws = findExecutable("aws", env);
    if (aws === undefined) {
        throw new DeliveryRefusal(`this up runs ${services.join(", ")} on Fargate; checking that their images exist in ECR needs the AWS CLI (aws) with the stack's credentials on PATH (ECS waits for healthy tasks, which cannot start without their image)`);
    }
    const identity = spawnSync(aws, ["sts", "get-caller-identity", "--query", "Account", "--output", "text"], { env, encoding: "utf8" });
    if (identity.status !== 0) {
        throw new DeliveryRefusal(`aws sts get-caller-identity failed (exit ${identity.status}): ${identity.stderr.trim()}; the image check needs the stack's AWS credentials`);
    }
    const missing: string[] = [];
    const noRepository = new Set<string>();
    for (const image of requiredImages(config, identity.stdout.trim())) {
        const args = ["ecr", "describe-images", "--repository-name", image.repository, "--image-ids", `imageTag=${image.tag}`, "--region", image.region, "--output", "json",
            ...(image.registryId === undefined ? [] : ["--registry-id", image.registryId])];
        const result = spawnSync(aws, args, { env, encoding: "utf8" });
        if (result.status === 0) {
            continue;
        }
        const notFound = /(ImageNotFoundException|RepositoryNotFoundException)/.exec(result.stderr)?.[1];
        if (notFound === undefined) {
            throw new DeliveryRefusal(`aws ecr describe-images for ${image.ref} failed (exit ${result.status}): ${result.stderr.trim()}`);
        }
        if (notFound === "RepositoryNotFoundException" && image.registryId === undefined) {
            noRepository.add(image.service);
        }
        missing.push(`${image.service} (${image.revision}): ${image.ref} is not in ECR (${notFound})`);
    }
    if (missing.length > 0) {
        const first = noRepository.size === 0 ? "" : `\nThe repositories of ${[...noRepository].join(", ")} do not exist yet (a new stack or service): create them alone first with \`npm run up -- --stack ${config.stack} --yes -- ${repositoryTargets(config, [...noRepository]).map((urn) => `--target '${urn}'`).join(" ")}\`, push the images, then run the whole up (docs/runbook.md, phase 1).`;
        throw new DeliveryRefusal(`images ECS would run are missing; push them before this up (ECS waits for healthy tasks, and the hostnames' records wait for ECS):\n${missing.map((m) => `  - ${m}`).join("\n")}${first}`);
    }
}

/**
 * The `--target` URNs among pulumi's own flags (`--target <urn>`,
 * `--target=<urn>`, `-t <urn>`), or undefined when the run is not targeted.
 */
function targetsOf(passThrough: readonly string[]): string[] | undefined {
    const targets: string[] = [];
    passThrough.forEach((arg, i) => {
        if ((arg === "--target" || arg === "-t") && i + 1 < passThrough.length) {
            targets.push(passThrough[i + 1]);
        } else if (arg.startsWith("--target=")) {
            targets.push(arg.slice("--target=".length));
        }
    });
    return targets.length === 0 ? undefined : targets;
}

/**
 * Whether an `up` deploys ECS tasks, so their images must be in ECR: every
 * run but the one the image check itself prescribes for a new stack or
 * service, which targets only ECR repositories and the components above them
 * (and none of their dependents).
 */
export function upRunsTasks(config: StackConfig, passThrough: readonly string[]): boolean {
    const targets = targetsOf(passThrough);
    if (targets === undefined || passThrough.some((a) => a === "--target-dependents" || a.startsWith("--target-dependents="))) {
        return true;
    }
    const taskFree = new Set(repositoryTargets(config, config.services.filter((s) => s.fargate !== undefined).map((s) => s.name)));
    return !targets.every((t) => taskFree.has(t));
}

/** The URN of the stack's Migration component, as index.ts names it. */
export function migrationUrn(config: StackConfig): string {
    return `urn:pulumi:${config.stack}::${config.project}::migration:index:Migration::${config.project}-${config.stack}`;
}

/** The URN of a service's FargateService component. */
export function fargateServiceUrn(config: StackConfig, service: string): string {
    return `urn:pulumi:${config.stack}::${config.project}::migration:index:Migration$migration:aws:FargateService::${config.project}-${config.stack}-${service}`;
}

/** The URN of a service's ECR repository, as Migration names it (for `pulumi up --target`). */
export function repositoryUrn(config: StackConfig, service: string): string {
    const migration = `${config.project}-${config.stack}`;
    return `urn:pulumi:${config.stack}::${config.project}::migration:index:Migration$migration:aws:FargateService$aws:ecr/repository:Repository::${migration}-${service}-repo`;
}

/**
 * The targets of the `up` that creates only the services' repositories. The
 * engine refuses a targeted create whose parent would be created untargeted
 * ("untargeted create", tools/delivery/targeting.ts), so the components above
 * each repository are targeted too: the Migration and the FargateService.
 * Targeting an existing component changes nothing; none of them runs a task.
 */
export function repositoryTargets(config: StackConfig, services: readonly string[]): string[] {
    return [migrationUrn(config), ...services.flatMap((s) => [fargateServiceUrn(config, s), repositoryUrn(config, s)])];
}
