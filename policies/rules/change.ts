// Change safety as a stack rule: the order a `pulumi up` runs the stack's
// steps in (policies/models/step-graph.ts) must let no share of traffic reach
// what cannot serve it yet (policies/models/serving.ts). The pack sees one
// state, not the change, so it judges the order itself, as if every resource
// were new: whatever an up creates or updates, a weighted ALB rule (or the
// weighted record that sends it its hostname) must wait for the ECS services
// that register tasks in the groups it sends to, and a weighted record of the
// ALB for the rules of its hostname. The offline plan
// judges the change itself against its base (docs/change-safety.md).
import { PolicyConfigSchema, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { buildStepGraph, stepId, type ResourceChange } from "../models/step-graph";
import { TYPES, albRoutes, dnsGroups, type Entry } from "../models/serving";
import { asList, asRecord, asString, propsOf, settings } from "../lib/values";

const schema: PolicyConfigSchema = {
    properties: {
        minimumWeight: {
            type: "integer", minimum: 1, maximum: 999, default: 1,
            description: "ALB forward weights from this value up are shares of traffic that must wait for their tasks (0 only attaches a target group).",
        },
    },
};

function urnsOf(resources: readonly PolicyResource[] | undefined): string[] {
    return (resources ?? []).map((r) => r.urn);
}

function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

export const sharesWaitForTasks: StackValidationPolicy = {
    name: "traffic-shares-wait-for-tasks",
    description: "A share of traffic moves only after what serves it: an ALB rule that sends a weight above 0 to a target group, or the weighted record that sends it its hostname, waits for the ECS services registering tasks in it, and a weighted record of the ALB waits for its hostname's rules.",
    configSchema: schema,
    validateStack: (args, reportViolation) => {
        const { minimumWeight } = settings<{ minimumWeight: number }>(schema, args.getConfig());
        const resources = args.resources;
        const entries: Entry[] = resources.map((r) => {
            const props = propsOf(r);
            const propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, urnsOf(v)]));
            return { key: r.urn, presence: "steady", newInChange: false, version: { urn: r.urn, type: r.type, inputs: props, outputs: props, propertyDependencies } };
        });
        const changes: ResourceChange[] = resources.map((r) => ({
            urn: r.urn, type: r.type, op: "create", custom: !r.type.startsWith("migration:") && r.type !== "pulumi:pulumi:Stack",
            parent: r.parent?.urn,
            dependencies: [...new Set([...urnsOf(r.dependencies), ...Object.values(r.propertyDependencies ?? {}).flatMap(urnsOf)])],
            baseDependencies: [], deleteBeforeReplace: false,
        }));
        let graph;
        try {
            graph = buildStepGraph(changes);
        } catch {
            return; // a cycle is the engine's error to report
        }
        const waits = (before: string, after: string) => graph.precedes(stepId("create", before), stepId("create", after));
        const registers = (service: Entry, tg: Entry) => asList(service.version.inputs.loadBalancers).some((lb) => {
            const arn = asString(asRecord(lb)?.targetGroupArn);
            return (arn !== undefined && arn === asString(tg.version.outputs.arn)) || (service.version.propertyDependencies.loadBalancers ?? []).includes(tg.version.urn) && arn === undefined;
        });
        const services = entries.filter((e) => e.version.type === TYPES.ecsService);
        const reported = new Set<string>();
        for (const group of dnsGroups(entries)) {
            for (const record of group.records) {
                if (record.weight === 0 || record.target.kind !== "alb") {
                    continue;
                }
                const { rules, shares } = albRoutes(entries, record.target.alb, group.hostname);
                for (const rule of rules) {
                    if (!waits(rule.version.urn, record.entry.version.urn)) {
                        reportViolation(`${nameOf(record.entry.version.urn)}: sends ${group.hostname} to the ALB without waiting for rule ${nameOf(rule.version.urn)}, which routes it; make the record depend on the rule.`, record.entry.version.urn);
                    }
                }
                for (const share of shares.filter((s) => s.weight >= minimumWeight)) {
                    for (const tg of share.targetGroups) {
                        for (const service of services.filter((s) => registers(s, tg))) {
                            const key = `${share.rule.version.urn}\u0000${service.version.urn}`;
                            // The share is safe when either door waits: the rule
                            // (weights the program moves) or the record that lets
                            // the hostname's traffic in (when ECS owns the rule's
                            // weights, in a native rollout, the service needs the
                            // rule first and only the record can wait).
                            const safe = waits(service.version.urn, share.rule.version.urn) || waits(service.version.urn, record.entry.version.urn);
                            if (!reported.has(key) && !safe) {
                                reported.add(key);
                                reportViolation(`${nameOf(share.rule.version.urn)}: sends ${group.hostname} (weight ${share.weight}) to target group ${nameOf(tg.version.urn)} and neither it nor record ${nameOf(record.entry.version.urn)} waits for ECS service ${nameOf(service.version.urn)}, which registers its tasks there: a new share would reach it before its tasks are steady; make the rule depend on the service (dependsOn), and the service on a rule that attaches the group at weight 0, or, when ECS moves the rule's weights (a native rollout), make the record depend on the service.`, share.rule.version.urn);
                            }
                        }
                    }
                }
            }
        }
    },
};
