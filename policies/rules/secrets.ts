// Secrets usage: credentials reach containers only through `secrets`
// (valueFrom a Secrets Manager secret or SSM parameter), never in any string a
// container or Droplet carries; an SSM parameter that holds a credential is a
// SecureString; a secret's value is never copied into another resource;
// execution roles read only the secrets their tasks reference.
//
// Credentials are recognised by value (lib/detectors.ts: gitleaks and
// detect-secrets rule patterns, cited there by rule id), with names only
// lowering the bar (lib/credentials.ts).
//
// What a policy can see of secretness: the engine sends Analyze/AnalyzeStack
// properties with secrets marked (MarshalOptions KeepSecrets), but
// @pulumi/policy 1.21 unwraps them before validateResource/validateStack run
// (deserializeProperties(..., proxySecrets=false)); only remediations get the
// marks. So no rule here can tell a secret from plain text. The closest honest
// checks: the registration declares the value a secret output
// (additionalSecretOutputs, which keeps it encrypted in state whatever the
// input was), and the value appears in no other resource's properties.
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { containerCredentialFindings, containerSecrets, taskViews } from "../lib/containers";
import { DEFAULT_NAME_PATTERNS, DEFAULT_QUALIFIER_WORDS, DEFAULT_WEAK_NAME_PATTERNS, NameRules, VALUE_DETECTORS_ONLY, findCredential, scriptCredentialFindings } from "../lib/credentials";
import { decodedForms, encodedForms, stringsIn } from "../lib/encodings";
import { roleDocuments, statementsOf, tasksUsingRole } from "../lib/iam";
import { SecretRef, VALUE_FROM_FORMS, parseValueFrom, resourceCovers } from "../lib/secret-refs";
import { Node, TYPES, nodes, ofType } from "../lib/stack";
import { asString, isUnknown, propsOf, settings } from "../lib/values";

const wordList = (description: string, defaults: readonly string[]) => ({
    type: "array" as const, items: { type: "string" as const, minLength: 2 }, uniqueItems: true, default: [...defaults], description,
});

/** Shared by every rule that judges names: the knobs of lib/credentials.ts. */
export const namesSchema: PolicyConfigSchema = {
    properties: {
        namePatterns: {
            ...wordList("Name words or _-joined word sequences (case-insensitive) that say a variable holds a credential: any literal that is not a number, flag, ARN, URL without credentials, path or reference is reported.", DEFAULT_NAME_PATTERNS),
            minItems: 1,
        },
        weakNamePatterns: wordList("Name words that only suggest a credential: a value under them is reported when it looks random (gitleaks generic-api-key: 10+ characters, entropy >= 3.5).", DEFAULT_WEAK_NAME_PATTERNS),
        qualifierWords: wordList("Last name words that make a variable describe a credential (SESSION_SECRET_ARN, TOKEN_TTL_SECONDS) instead of holding it: only value detectors apply.", DEFAULT_QUALIFIER_WORDS),
        allowedNames: {
            type: "array", items: { type: "string" }, uniqueItems: true, default: [],
            description: "Exact names exempt from name-based findings (value detectors still apply).",
        },
    },
};

export function nameRulesOf(config: object): NameRules {
    return settings<NameRules>(namesSchema, config);
}

/** How to fix a finding, by where the credential sits. */
function containerFix(where: string): string {
    if (where.startsWith("environment")) {
        return "move it to the container's secrets (valueFrom a Secrets Manager secret or SSM SecureString parameter)";
    }
    if (where.startsWith("logConfiguration") || where.startsWith("firelensConfiguration")) {
        return "move it to logConfiguration.secretOptions (valueFrom a Secrets Manager secret or SSM SecureString parameter)";
    }
    if (where.startsWith("dockerLabels")) {
        return "remove it: Docker labels are readable by anyone who can describe the task";
    }
    return "inject it through the container's secrets (valueFrom) and read the environment variable instead";
}

export const noPlaintextEnvironment: ResourceValidationPolicy = {
    name: "secrets-no-plaintext-env",
    description: "Containers must not carry credentials in environment, command, entryPoint, healthCheck, log options or labels; use the container's secrets (valueFrom) instead.",
    configSchema: namesSchema,
    validateResource: (args, reportViolation) => {
        const rules = nameRulesOf(args.getConfig());
        for (const task of taskViews(args.type, propsOf(args))) {
            for (const container of task.containers ?? []) {
                for (const finding of containerCredentialFindings(container.props, rules)) {
                    reportViolation(`${args.name}: ${task.at}container ${container.name} ${finding.where} ${finding.what}; ${containerFix(finding.where)}.`);
                }
            }
        }
    },
};

export const secretsFromArns: ResourceValidationPolicy = {
    name: "secrets-value-from-arn",
    description: "Every container secret must come from a Secrets Manager secret ARN, an SSM parameter ARN or an SSM parameter name, as ECS accepts.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        for (const task of taskViews(args.type, propsOf(args))) {
            for (const container of task.containers ?? []) {
                for (const secret of containerSecrets(container.props)) {
                    if (secret.unknown) {
                        continue;
                    }
                    const parsed = secret.valueFrom === undefined ? { problem: "is missing" } : parseValueFrom(secret.valueFrom);
                    if ("problem" in parsed) {
                        // Echo the reference only when it is plainly one: a mistyped valueFrom may be the secret itself.
                        const shown = secret.valueFrom !== undefined && /^(arn:|\/)/.test(secret.valueFrom) && findCredential(undefined, secret.valueFrom, VALUE_DETECTORS_ONLY) === undefined
                            ? ` ${JSON.stringify(secret.valueFrom)}` : "";
                        reportViolation(`${args.name}: ${task.at}container ${container.name} secret ${secret.name}: valueFrom${shown} ${parsed.problem}; use ${VALUE_FROM_FORMS}.`);
                    }
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
        const userData = asString(propsOf(args).userData);
        if (userData === undefined) {
            return;
        }
        const findings = scriptCredentialFindings(userData, nameRulesOf(args.getConfig()));
        if (findings.length > 0) {
            reportViolation(`${args.name}: userData ${findings.join("; ")}; fetch credentials at boot from a secret store instead of writing them into user data.`);
        }
    },
};

/** The last segment of an SSM parameter name: /migration-prod/web/DATABASE_URL gives DATABASE_URL. */
function parameterVariable(name: string | undefined): string | undefined {
    return name?.split("/").filter((s) => s !== "").pop();
}

export const ssmParameterSecureString: ResourceValidationPolicy = {
    name: "secrets-ssm-parameter-secure-string",
    description: "SSM parameters that hold credentials must be SecureString, set through value (never insecureValue).",
    configSchema: namesSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.ssmParameter) {
            return;
        }
        const props = propsOf(args);
        const type = asString(props.type);
        const name = asString(props.name);
        const shown = name ?? args.name;
        if (type === "SecureString") {
            if (asString(props.insecureValue) !== undefined) {
                reportViolation(`${args.name}: parameter ${shown} is a SecureString set through insecureValue, which state keeps in plain text; set value instead.`);
            }
            return;
        }
        const value = asString(props.value) ?? asString(props.insecureValue);
        if (type === undefined || value === undefined) {
            return; // unknown at preview
        }
        const found = findCredential(parameterVariable(name) ?? args.name, value, nameRulesOf(args.getConfig()));
        if (found !== undefined) {
            reportViolation(`${args.name}: parameter ${shown} is type ${type} but holds ${found.kind}; make it type "SecureString" and pass the value as a Pulumi secret.`);
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

/** A place that holds a secret value: a SecretVersion's secretString or a SecureString parameter's value. */
interface SecretSource {
    readonly node: Node;
    readonly key: "secretString" | "value";
}

function secretSources(all: readonly Node[]): SecretSource[] {
    return [
        ...ofType(all, TYPES.secretVersion).map((node) => ({ node, key: "secretString" as const })),
        ...ofType(all, TYPES.ssmParameter).filter((n) => n.props.type === "SecureString").map((node) => ({ node, key: "value" as const })),
    ];
}

export const secretStringNotExposed: StackValidationPolicy = {
    name: "secrets-secret-string-not-exposed",
    description: "Secret values (Secrets Manager secret strings, SSM SecureString parameters) must be secret outputs and must not be copied into any other resource.",
    configSchema: exposureSchema,
    validateStack: (args, reportViolation) => {
        const { minLength } = settings<{ minLength: number }>(exposureSchema, args.getConfig());
        const all = nodes(args.resources);
        const sources = secretSources(all);
        if (sources.length === 0) {
            return;
        }
        // Every string of every resource, decoded once (JSON text parsed, percent- and base64-decoded).
        const haystacks = new Map(all.map((n) => [n, stringsIn(n.props).map((s) => ({ path: s.path, forms: decodedForms(s.text) }))]));
        for (const { node, key } of sources) {
            if (node.props[key] !== undefined && !node.resource.opts.additionalSecretOutputs?.includes(key)) {
                reportViolation(`${node.name}: ${key} is not declared a secret output, so state may hold it in plain text; register it through @pulumi/aws (which marks it) or add additionalSecretOutputs: ["${key}"].`, node.urn);
            }
            const value = asString(node.props[key]);
            if (value === undefined || value.length < minLength) {
                continue;
            }
            const needles = encodedForms(value);
            for (const other of all) {
                if (other === node) {
                    continue;
                }
                // Another secret store holding the same value is a copy kept secret, not a leak.
                const otherSecretKey = sources.find((s) => s.node === other)?.key;
                const hit = haystacks.get(other)!.find((s) => s.path !== otherSecretKey && s.forms.some((form) => needles.some((n) => form.includes(n))));
                if (hit !== undefined) {
                    reportViolation(`${node.name}: its secret value also appears in ${other.name} (${other.type}) at ${hit.path}; pass the secret's ARN there (ECS secrets valueFrom) instead of the value.`, other.urn);
                }
            }
        }
    },
};

/** Actions that read a secret or parameter value (and wildcards that include them). */
function readsSecrets(action: string): boolean {
    const a = action.toLowerCase();
    return a === "*" || /^secretsmanager:(getsecretvalue|\*|get\*)$/.test(a) || /^ssm:(getparameters?|getparametersbypath|\*|get\*|getparameter\*)$/.test(a);
}

function referencedSecrets(tasks: readonly Node[]): SecretRef[] | undefined {
    const refs: SecretRef[] = [];
    for (const task of tasks) {
        for (const view of taskViews(task.type, task.props)) {
            if (view.containers === undefined) {
                return undefined; // container definitions unknown at preview
            }
            for (const container of view.containers) {
                for (const secret of containerSecrets(container.props)) {
                    const parsed = secret.valueFrom === undefined ? undefined : parseValueFrom(secret.valueFrom);
                    if (parsed !== undefined && !("problem" in parsed)) {
                        refs.push(parsed);
                    }
                }
            }
        }
    }
    return refs;
}

export const executionRoleScope: StackValidationPolicy = {
    name: "secrets-execution-role-scope",
    description: "Task execution roles must read only the secrets their task definitions reference.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const tasks = ofType(all, TYPES.taskDefinition);
        for (const role of ofType(all, TYPES.role)) {
            const users = tasksUsingRole(role, tasks, "executionRoleArn");
            if (users.length === 0) {
                continue;
            }
            const referenced = referencedSecrets(users);
            if (referenced === undefined) {
                continue;
            }
            for (const doc of roleDocuments(role, all)) {
                // An AWS managed policy for Secrets Manager or SSM reads every secret of the account.
                const statements = doc.managedArn !== undefined
                    ? (/SecretsManager|SSM/.test(doc.managedArn) ? [{ effect: "Allow", actions: ["*"], resources: ["*"], notAction: false, notResource: false, index: 0 }] : [])
                    : statementsOf(doc.document) ?? [];
                for (const s of statements) {
                    if (s.effect !== "Allow" || !(s.notAction || s.actions.some(readsSecrets))) {
                        continue;
                    }
                    const extra = s.notResource ? ["NotResource (everything else)"] : s.resources.filter((r) => !isUnknown(r) && !referenced.some((ref) => resourceCovers(r, ref)));
                    if (extra.length > 0) {
                        reportViolation(`${role.name}: ${doc.source} lets the execution role read ${extra.join(", ")}, beyond what ${users.map((u) => u.name).join(", ")} reference; limit Resource to ${referenced.map((r) => r.resource).join(", ") || "nothing (no container secrets)"}.`, role.urn);
                    }
                }
            }
        }
    },
};
