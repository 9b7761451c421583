// The safe sequence for each kind of unsafe change the change-safety analysis
// finds: which config keys to change in which order, or which two `up`s to
// run, with the exact `pulumi config set` commands (they must lead to a
// config the plan accepts: tests/change-safety.test.ts runs them).
import type { StepGraph, Step } from "../../policies/models/step-graph";
import type { Problem } from "../../policies/models/serving";

/** What the advice needs to know about the stack: names, and where each service sits in config. */
export interface AdviceContext {
    readonly project: string;
    readonly stack: string;
    /** Service names in `<project>:services` order. */
    readonly services: readonly string[];
    /** The service a resource belongs to (from its component), by URN. */
    readonly serviceOf: (urn: string) => string | undefined;
    /** Each scheduled job's crontab line on the Droplets, by job name (config's legacy part). */
    readonly crontabs?: Readonly<Record<string, { readonly host: string; readonly line: string }>>;
    /** How to stop each worker on a Droplet that outlives the program (config's legacyStopCommand), by worker name. */
    readonly stopCommands?: Readonly<Record<string, string>>;
    /** Each worker's Fargate counts as config has them (to print the commands that restore them). */
    readonly workerCounts?: Readonly<Record<string, { readonly desired: number; readonly min: number; readonly max: number }>>;
    /** Database names in `<project>:legacy.databases` order (for config commands of a database's move). */
    readonly databases?: readonly string[];
}

export interface AdviceInput {
    readonly problem: Pick<Problem, "subject" | "message" | "causes"> & { readonly kind: string };
    readonly step?: Step;
    readonly graph?: StepGraph;
    readonly versions: readonly { readonly op: string; readonly urn: string; readonly type: string; readonly head?: { readonly inputs: Readonly<Record<string, unknown>> } }[];
    readonly context: AdviceContext;
    readonly traffic?: {
        readonly before: { readonly service: string; readonly split: { readonly fargatePercent: number; readonly canaryPercent: number } };
        readonly after: { readonly service: string; readonly split: { readonly fargatePercent: number; readonly canaryPercent: number } };
    };
}

function path(context: AdviceContext, service: string, key: string): string | undefined {
    const index = context.services.indexOf(service);
    return index < 0 ? undefined : `${context.project}:services[${index}].${key}`;
}

/** `pulumi config set --path '<key>' <value> --stack <stack>` for a service's key; with --path an integer stays a number. */
export function configSetCommand(context: AdviceContext, service: string, key: string, value: string | number | boolean): string {
    const p = path(context, service, key);
    if (p === undefined) {
        throw new Error(`service ${JSON.stringify(service)} is not in config`);
    }
    return `pulumi config set --path '${p}' ${value} --stack ${context.stack}`;
}

function upCommand(context: AdviceContext): string {
    return `npm run up -- --stack ${context.stack}`;
}

function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

export function adviceFor(input: AdviceInput): string[] {
    const { problem, context } = input;
    const up = upCommand(context);
    switch (problem.kind) {
        case "share-unserved": {
            const replacedGroups = input.versions.filter((v) => v.op === "replace" && v.type === "aws:lb/targetGroup:TargetGroup");
            const service = problem.causes.map(context.serviceOf).find((s) => s !== undefined) ?? (input.step && context.serviceOf(input.step.urn));
            const canaryMove = /target group \S*canary/.test(problem.message) || /-canary /.test(problem.message);
            if (replacedGroups.length > 0) {
                const owner = context.serviceOf(replacedGroups[0].urn) ?? service;
                return [
                    `A target group is replaced (${replacedGroups.map((v) => nameOf(v.urn)).join(", ")}): its replacement has no task until ECS moves the service onto it, and the rules switch first.`,
                    "Keep what replaces a target group unchanged (its name, port, protocol and VPC), or:",
                    ...(owner === undefined ? [] : [
                        `1. Send ${owner}'s hostname to the Droplets: \`${configSetCommand(context, owner, "traffic.fargatePercent", 0)}\`, then \`${up}\` and wait 60 s (the record's TTL).`,
                        `2. Make the change, then \`${up}\`.`,
                        `3. Move the share back to where it was, then \`${up}\`.`,
                    ]),
                ];
            }
            if (canaryMove && service !== undefined) {
                return [
                    `The canary's share moves before its tasks are steady. Two \`up\`s:`,
                    `1. Start the canary at 0 %: \`${configSetCommand(context, service, "fargate.canary.percent", 0)}\`, then \`${up}\` (the canary's ECS service starts, and the run waits for it to be steady).`,
                    `2. Give it its share (for example \`${configSetCommand(context, service, "fargate.canary.percent", 10)}\`), then \`${up}\`.`,
                ];
            }
            const causes = problem.causes.map(nameOf).join(", ");
            return [
                `Split the change into two \`up\`s: first the part that makes ${causes || "the target"} serve (its tasks or Droplets), run \`${up}\`; then the part that sends the share to it, and \`${up}\` again.`,
            ];
        }
        case "dependency-lost": {
            const service = context.serviceOf(problem.causes[0] ?? "");
            return [
                "Keep every source a database trusts on the clients that use it:",
                `- an adopted Droplet keeps the tags it has: list them in \`legacy.droplets[].tags\`${service === undefined ? "" : ` of ${service}`} as \`doctl compute droplet get <id> --format Tags\` prints them;`,
                "- to change what the database trusts, first add the new source to `legacy.databases[].trustedSources` and `up`, then remove the old tag or source in a later change.",
            ];
        }
        case "droplets-down-together": {
            const services = [...new Set(problem.causes.map(context.serviceOf).filter((s): s is string => s !== undefined))];
            const service = services[0];
            return [
                "Resize so that one Droplet of the set always serves:",
                `- add Droplets first (\`legacy.count\`, or adopt another), \`${up}\`, wait until the load balancer reports them healthy, then resize: with 3 or more the program resizes one at a time and two can be out at once;`,
                ...(service === undefined ? [] : [`- or move the hostname to Fargate for the resize: \`${configSetCommand(context, service, "traffic.fargatePercent", 100)}\` (where the config allows it), \`${up}\`, resize, \`${up}\`, and move it back;`]),
                "- or resize by hand, one Droplet at a time: `doctl compute droplet-action resize <id> --size <slug> --wait`, check `doctl compute load-balancer get <id>` shows it healthy, then set `legacy.size` and run `npm run up -- --stack " + `${context.stack} -- --refresh\` (the refresh reads the new size: nothing left to resize).`,
            ];
        }
        case "drained-too-soon": {
            const service = context.serviceOf(problem.causes[0] ?? "") ?? context.services.find((s) => s === problem.subject);
            return [
                "Take the traffic away first, then the capacity, in two `up`s:",
                `1. Move the share off that side${service === undefined ? "" : ` (\`${configSetCommand(context, service, "traffic.fargatePercent", problem.causes[0]?.includes("digitalocean") ? 100 : 0)}\`)`}, \`${up}\`, and wait 60 s (the records' TTL) for cached answers to expire.`,
                `2. Then remove or change what served it, and \`${up}\`.`,
            ];
        }
        case "traffic-misreported": {
            return [
                "Say which side stands by at weight 0 with `traffic.standby` of the hostname's owner (docs/traffic.md): `[legacy]` (the default: the Droplets take the hostname if Fargate fails at 100 %), `[legacy, fargate]`, or `[]`; the program then keeps a weight-0 record only for those sides, and the outputs say so.",
            ];
        }
        case "runbook-one-move": {
            const t = input.traffic!;
            const service = t.after.service;
            return [
                "One traffic move per change:",
                `1. \`${configSetCommand(context, service, "traffic.fargatePercent", t.after.split.fargatePercent)}\` with the canary as it was (\`${configSetCommand(context, service, "fargate.canary.percent", t.before.split.canaryPercent)}\`), then \`${up}\` and let it soak.`,
                `2. \`${configSetCommand(context, service, "fargate.canary.percent", t.after.split.canaryPercent)}\`, then \`${up}\`.`,
            ];
        }
        case "runbook-no-skipped-step": {
            const t = input.traffic!;
            return [
                `Move to the next declared step first: \`${configSetCommand(context, t.after.service, "traffic.fargatePercent", Number(problem.message))}\`, then \`${up}\`, and let it soak before the next one (moving back may skip steps).`,
            ];
        }
        case "runbook-import-weighted-records": {
            const t = input.traffic!;
            const live = path(context, t.after.service, "traffic.liveRecord");
            return [
                `Run \`npm run cutover -- --stack ${context.stack}\` and apply its batch if it has not run, then remove \`traffic.liveRecord\` (\`pulumi config rm --path '${live}' --stack ${context.stack}\`) and set \`${configSetCommand(context, t.after.service, "traffic.importWeightedRecords", true)}\` for the next \`${up}\` (it imports the records the batch created); remove it afterwards.`,
            ];
        }
        case "worker-overlap": {
            const worker = problem.subject;
            const counts = context.workerCounts?.[worker];
            const stop = context.stopCommands?.[worker];
            return [
                `${worker} must not consume from both sides at once. Two \`up\`s, one owner at each step:`,
                `1. Take its Droplets out: set \`legacy\` of ${worker} to \`{ enabled: false }\` in the stack file${stop === undefined ? "" : ` (adopted Droplets outlive the program: first run \`${stop}\` on each)`}, keep Fargate at 0 (\`${configSetCommand(context, worker, "fargate.autoscaling.max", 0)}\`), then \`${up}\` (the worker pauses: its queue waits).`,
                `2. Start Fargate: \`${configSetCommand(context, worker, "fargate.autoscaling.max", counts?.max || 2)}\`, \`${configSetCommand(context, worker, "fargate.autoscaling.min", counts?.min || 1)}\`, \`${configSetCommand(context, worker, "fargate.desiredCount", counts?.desired || 1)}\`, then \`${up}\`.`,
                `Or, if it may consume from both sides (idempotent work, no singleton), \`${configSetCommand(context, worker, "safeToRunTwice", true)}\` and move in one \`up\`.`,
            ];
        }
        case "worker-idle": {
            const worker = problem.subject;
            return [
                `${worker} cannot pause, and this change leaves it running nowhere for a while. Either:`,
                `- let it overlap instead: \`${configSetCommand(context, worker, "safeToRunTwice", true)}\`, start Fargate first (its counts, then \`${up}\`), then take the Droplets out (\`${up}\`);`,
                `- or accept a pause for the move: \`${configSetCommand(context, worker, "canPause", true)}\`.`,
            ];
        }
        case "job-two-owners": {
            const job = context.serviceOf(problem.causes[0] ?? "") ?? problem.subject;
            return [
                `Let config say who owns ${job}: \`${configSetCommand(context, job, "owner", "legacy")}\` (the schedule is DISABLED) or \`${configSetCommand(context, job, "owner", "fargate")}\` (ENABLED); the program sets the schedule's state from it, then \`${up}\`.`,
            ];
        }
        case "worker-legacy-retained": {
            const worker = problem.subject;
            const stop = context.stopCommands?.[worker];
            return [
                `Before this \`${up}\`, stop ${worker} on ${problem.message}: ${stop === undefined ? `stop its process there (set \`legacyStopCommand\` of ${worker} and the plan prints the command)` : `\`ssh ${problem.message} '${stop}'\``}; the Droplet stays, retained, and can be deleted by hand once Fargate has taken over.`,
            ];
        }
        case "job-crontab-flip": {
            const job = problem.subject;
            const crontab = context.crontabs?.[job];
            const line = crontab === undefined ? "its line (set legacy.crontab of the job in config and the plan prints it)" : `\`${crontab.line}\``;
            return problem.message === "restore"
                ? [`Right after this \`${up}\`, put ${job}'s line back into the crontab on ${crontab?.host ?? "its Droplet"}: ${line} (\`crontab -e\`). The program cannot edit a crontab it did not write.`]
                : [`Right after this \`${up}\`, remove ${job}'s line from the crontab on ${crontab?.host ?? "its Droplet"}: ${line} (\`crontab -e\`). The program cannot edit a crontab it did not write; until then both run it, so flip outside the job's run time.`];
        }
        default:
            return [`Split the change into two \`up\`s, the part that makes the target serve first.`];
    }
}
