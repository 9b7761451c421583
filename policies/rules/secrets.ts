// Secrets usage: credentials reach containers only through `secrets`
// (Secrets Manager / SSM ARNs), never as plain environment or user data; a
// secret's value is never copied into another resource; execution roles read
// only the secrets their tasks reference.
//
// What a policy can see of secretness: the engine sends Analyze/AnalyzeStack
// properties with secrets marked (MarshalOptions KeepSecrets), but
// @pulumi/policy 1.21 unwraps them before validateResource/validateStack run
// (deserializeProperties(..., proxySecrets=false)); only remediations get the
// marks. So no rule here can tell a secret from plain text. The closest honest
// checks: the resource registration declares secretString a secret output
// (additionalSecretOutputs, which keeps it encrypted in state whatever the
// input was), and the value appears in no other resource's properties.
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { DEFAULT_CREDENTIAL_NAME_PATTERNS, credentialName, credentialValueKind, scriptCredentialFindings } from "../lib/credentials";
import { Node, TYPES, depsOf, idOf, nodes, ofType } from "../lib/stack";
import { asList, asRecord, asString, containsUnknown, isUnknown, parseJson, propsOf, settings } from "../lib/values";

const namesSchema: PolicyConfigSchema = {
    properties: {
        namePatterns: {
            type: "array", items: { type: "string", minLength: 2 }, minItems: 1, uniqueItems: true,
            default: [...DEFAULT_CREDENTIAL_NAME_PATTERNS],
            description: "Substrings (case-insensitive) of variable names that hold credentials.",
        },
        allowedNames: {
            type: "array", items: { type: "string" }, uniqueItems: true, default: [],
            description: "Variable names exempt from the name check (e.g. TOKEN_TTL_SECONDS).",
        },
    },
};

interface NameSettings {
    readonly namePatterns: string[];
    readonly allowedNames: string[];
}

function containersOf(props: Record<string, unknown>): Record<string, unknown>[] | undefined {
    const parsed = parseJson(props.containerDefinitions);
    return Array.isArray(parsed) ? parsed.map((c) => ({ ...(asRecord(c) ?? {}) })) : undefined;
}

export const noPlaintextEnvironment: ResourceValidationPolicy = {
    name: "secrets-no-plaintext-env",
    description: "Container environment variables must not hold credentials; use the container's secrets (valueFrom) instead.",
    configSchema: namesSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.taskDefinition) {
            return;
        }
        const { namePatterns, allowedNames } = settings<NameSettings>(namesSchema, args.getConfig());
        for (const container of containersOf({ ...propsOf(args) }) ?? []) {
            const cname = asString(container.name) ?? "(unnamed)";
            for (const variable of asList(container.environment)) {
                const v = asRecord(variable) ?? {};
                const name = asString(v.name) ?? "";
                const value = asString(v.value) ?? "";
                const kind = credentialValueKind(value);
                if (credentialName(name, namePatterns) && !allowedNames.includes(name)) {
                    reportViolation(`${args.name}: container ${cname} environment ${name} looks like a credential; move it to secrets with valueFrom a Secrets Manager or SSM ARN.`);
                } else if (kind !== undefined) {
                    reportViolation(`${args.name}: container ${cname} environment ${name} holds ${kind}; move it to secrets with valueFrom a Secrets Manager or SSM ARN.`);
                }
            }
        }
    },
};

const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter\/.+)$/;

export const secretsFromArns: ResourceValidationPolicy = {
    name: "secrets-value-from-arn",
    description: "Every container secret must come from a Secrets Manager secret ARN or an SSM parameter ARN.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.taskDefinition) {
            return;
        }
        for (const container of containersOf({ ...propsOf(args) }) ?? []) {
            const cname = asString(container.name) ?? "(unnamed)";
            for (const secret of asList(container.secrets)) {
                const s = asRecord(secret) ?? {};
                const valueFrom = asString(s.valueFrom) ?? "";
                if (!SECRET_ARN.test(valueFrom)) {
                    reportViolation(`${args.name}: container ${cname} secret ${asString(s.name) ?? "(unnamed)"} has valueFrom ${JSON.stringify(valueFrom)}; use a full arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name> ARN.`);
                }
            }
        }
    },
};

export const dropletUserDataClean: ResourceValidationPolicy = {
    name: "secrets-droplet-user-data",
    description: "Droplet user data must not contain credentials (it is readable from the Droplet's metadata service).",
    configSchema: namesSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.droplet) {
            return;
        }
        const { namePatterns, allowedNames } = settings<NameSettings>(namesSchema, args.getConfig());
        const userData = asString(propsOf(args).userData);
        if (userData === undefined) {
            return;
        }
        const findings = scriptCredentialFindings(userData, namePatterns)
            .filter((f) => !allowedNames.some((name) => f.includes(` ${name} is assigned`)));
        if (findings.length > 0) {
            reportViolation(`${args.name}: userData ${findings.join("; ")}; fetch credentials at boot from a secret store instead of writing them into user data.`);
        }
    },
};

const exposureSchema: PolicyConfigSchema = {
    properties: {
        minLength: {
            type: "integer", minimum: 4, default: 8,
            description: "Shortest secret value searched for in other resources (shorter values match by chance).",
        },
    },
};

/** Every string inside a value, with its property path. */
function strings(value: unknown, at: string, out: { path: string; text: string }[]): void {
    if (typeof value === "string") {
        out.push({ path: at, text: value });
    } else if (typeof value === "object" && value !== null) {
        for (const [k, v] of Object.entries(value)) {
            strings(v, Array.isArray(value) ? `${at}[${k}]` : `${at}.${k}`, out);
        }
    }
}

export const secretStringNotExposed: StackValidationPolicy = {
    name: "secrets-secret-string-not-exposed",
    description: "Secrets Manager secret values must be secret outputs and must not be copied into any other resource.",
    configSchema: exposureSchema,
    validateStack: (args, reportViolation) => {
        const { minLength } = settings<{ minLength: number }>(exposureSchema, args.getConfig());
        const all = nodes(args.resources);
        for (const version of ofType(all, TYPES.secretVersion)) {
            const value = asString(version.props.secretString);
            if (version.props.secretString !== undefined && !version.resource.opts.additionalSecretOutputs?.includes("secretString")) {
                reportViolation(`${version.name}: secretString is not declared a secret output, so state may hold it in plain text; register it through @pulumi/aws (which marks it) or add additionalSecretOutputs: ["secretString"].`, version.urn);
            }
            if (value === undefined || value.length < minLength) {
                continue;
            }
            for (const other of all) {
                if (other === version) {
                    continue;
                }
                const found: { path: string; text: string }[] = [];
                strings(other.props, "", found);
                const hit = found.find((s) => s.text.includes(value));
                if (hit !== undefined) {
                    reportViolation(`${version.name}: its secret value also appears in ${other.name} (${other.type}) at ${hit.path.slice(1)}; pass the secret's ARN there (ECS secrets valueFrom) instead of the value.`, other.urn);
                }
            }
        }
    },
};

const READ_ACTIONS = [/^secretsmanager:(getsecretvalue|\*)$/, /^ssm:(getparameters?|getparametersbypath|\*)$/, /^\*$/];

function readsSecrets(action: string): boolean {
    const a = action.toLowerCase();
    return READ_ACTIONS.some((re) => re.test(a)) || a === "secretsmanager:get*" || a === "ssm:get*";
}

/** A container secret's ARN without ECS's ":<json-key>:<stage>:<version>" suffix. */
function secretArn(valueFrom: string): string {
    return valueFrom.startsWith("arn:") && valueFrom.includes(":secretsmanager:") ? valueFrom.split(":").slice(0, 7).join(":") : valueFrom;
}

/** Whether a policy Resource covers only secrets in `referenced` (an exact ARN, or one secret's name with the random suffix wildcarded). */
function resourceWithin(resource: string, referenced: readonly string[]): boolean {
    if (referenced.includes(resource)) {
        return true;
    }
    const wildcard = /^(arn:aws[a-z-]*:secretsmanager:[^:*?]+:\d{12}:secret:[^*?]+)(-\?{6}|\*)$/.exec(resource);
    return wildcard !== null && referenced.some((arn) => arn.startsWith(wildcard[1]) && arn.length - wildcard[1].length <= 7);
}

interface PolicyDocument {
    readonly source: string;
    readonly document: unknown;
}

function rolePolicies(role: Node, all: readonly Node[]): PolicyDocument[] | undefined {
    const roleName = asString(role.props.name);
    const roleId = idOf(role);
    const isRole = (node: Node) => {
        const ref = asString(node.props.role);
        return (ref !== undefined && (ref === roleName || ref === roleId || ref === role.props.arn)) || depsOf(node, "role").includes(role.urn);
    };
    const docs: PolicyDocument[] = asList(role.props.inlinePolicies).map((p, i) => ({ source: `${role.name} inlinePolicies[${i}]`, document: asRecord(p)?.policy }));
    for (const rp of ofType(all, TYPES.rolePolicy).filter(isRole)) {
        docs.push({ source: rp.name, document: rp.props.policy });
    }
    for (const attachment of ofType(all, TYPES.rolePolicyAttachment).filter(isRole)) {
        const arn = attachment.props.policyArn;
        const managed = ofType(all, TYPES.iamPolicy).find((p) => (typeof arn === "string" && p.props.arn === arn) || depsOf(attachment, "policyArn").includes(p.urn));
        if (managed !== undefined) {
            docs.push({ source: managed.name, document: managed.props.policy });
        } else if (typeof arn === "string" && /^arn:aws[a-z-]*:iam::aws:policy\/.*(SecretsManager|SSM)/.test(arn)) {
            docs.push({ source: arn, document: { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } });
        }
    }
    if (docs.some((d) => containsUnknown(d.document))) {
        return undefined;
    }
    return docs;
}

export const executionRoleScope: StackValidationPolicy = {
    name: "secrets-execution-role-scope",
    description: "Task execution roles must read only the secrets their task definitions reference.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const tasks = ofType(all, TYPES.taskDefinition);
        for (const role of ofType(all, TYPES.role)) {
            const users = tasks.filter((t) => {
                const ref = asString(t.props.executionRoleArn);
                return (ref !== undefined && ref === role.props.arn) || depsOf(t, "executionRoleArn").includes(role.urn);
            });
            if (users.length === 0) {
                continue;
            }
            const containers = users.map((t) => containersOf({ ...t.props }));
            if (containers.some((c) => c === undefined)) {
                continue; // container definitions unknown at preview
            }
            const referenced = containers.flatMap((cs) => cs!.flatMap((c) => asList(c.secrets).map((s) => asString(asRecord(s)?.valueFrom)).filter((v): v is string => v !== undefined).map(secretArn)));
            const docs = rolePolicies(role, all);
            if (docs === undefined) {
                continue;
            }
            for (const doc of docs) {
                const parsed = asRecord(parseJson(doc.document));
                for (const statement of [parsed?.Statement ?? []].flat()) {
                    const s = asRecord(statement) ?? {};
                    const actions = [s.Action].flat().filter((a): a is string => typeof a === "string");
                    if (s.Effect !== "Allow" || !actions.some(readsSecrets)) {
                        continue;
                    }
                    const resources = [s.Resource].flat().filter((r): r is string => typeof r === "string" && !isUnknown(r));
                    const extra = resources.filter((r) => !resourceWithin(r, referenced));
                    if (extra.length > 0) {
                        reportViolation(`${role.name}: ${doc.source} lets the execution role read ${extra.join(", ")}, beyond what ${users.map((u) => u.name).join(", ")} reference; limit Resource to ${referenced.join(", ") || "nothing (no container secrets)"}.`, role.urn);
                    }
                }
            }
        }
    },
};
