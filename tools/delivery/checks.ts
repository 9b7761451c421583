// Checks the delivery wrapper makes with the tools of the machine it runs on,
// before the Pulumi CLI touches the stack: a CLI new enough for what the
// program relies on, and, before an `up` that sends traffic to Fargate, the
// images that traffic needs are in ECR (a first deploy creates the repository
// in the same run that deploys tasks; tasks that cannot pull their image never
// get steady, and the run fails only after ECS gives up).
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
 * The ECR images the stack sends traffic to: every revision of every Fargate
 * service on a hostname whose Fargate share is above 0 (a canary only when it
 * takes a share). Images outside ECR, or pinned by digest, are not listed: no
 * ECR call can check them.
 */
export function requiredImages(config: StackConfig, account: string): RequiredImage[] {
    const prefix = stackPrefix(config.project, config.stack);
    const images: RequiredImage[] = [];
    for (const hostname of config.hostnames) {
        const owner = config.services.find((s) => s.name === hostname.owner);
        if ((owner?.traffic?.fargatePercent ?? 0) === 0) {
            continue;
        }
        for (const name of hostname.fargateServices) {
            const fargate = config.services.find((s) => s.name === name)?.fargate;
            if (fargate === undefined) {
                continue;
            }
            const revisions = [
                { revision: "stable" as const, image: fargate.image },
                ...(fargate.canary !== undefined && fargate.canary.percent > 0 ? [{ revision: "canary" as const, image: fargate.canary.image }] : []),
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

/** Refuses the deploy when an image its traffic needs is not in ECR; `aws` must be on PATH with the stack's credentials. */
export function checkImagesExist(config: StackConfig, env: NodeJS.ProcessEnv): void {
    const owners = config.hostnames.filter((h) => (config.services.find((s) => s.name === h.owner)?.traffic?.fargatePercent ?? 0) > 0 && h.fargateServices.length > 0);
    if (owners.length === 0) {
        return;
    }
    const aws = findExecutable("aws", env);
    if (aws === undefined) {
        throw new DeliveryRefusal(`this up sends ${owners.map((h) => h.hostname).join(", ")} to Fargate; checking that the images exist in ECR needs the AWS CLI (aws) with the stack's credentials on PATH: install it, or keep traffic.fargatePercent at 0 until the images are pushed`);
    }
    const identity = spawnSync(aws, ["sts", "get-caller-identity", "--query", "Account", "--output", "text"], { env, encoding: "utf8" });
    if (identity.status !== 0) {
        throw new DeliveryRefusal(`aws sts get-caller-identity failed (exit ${identity.status}): ${identity.stderr.trim()}; the image check needs the stack's AWS credentials`);
    }
    const missing: string[] = [];
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
        missing.push(`${image.service} (${image.revision}): ${image.ref} is not in ECR (${notFound})`);
    }
    if (missing.length > 0) {
        throw new DeliveryRefusal(`images this up sends traffic to are missing; push them first, or keep traffic.fargatePercent at 0 (an up at 0 % creates the repositories):\n${missing.map((m) => `  - ${m}`).join("\n")}`);
    }
}
