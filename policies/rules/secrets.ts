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
import { ContainerFinding, containerCredentialFindings, containerSecrets, taskViews } from "../lib/containers";
import { Finding, Text, scanTexts, secretSink, textsOf } from "../lib/secret-scan";
import { anyonePrincipal, restrictsCaller } from "../lib/reachability";
import { DEFAULT_NAME_PATTERNS, DEFAULT_QUALIFIER_WORDS, DEFAULT_WEAK_NAME_PATTERNS, NameRules, VALUE_DETECTORS_ONLY, findCredential } from "../lib/credentials";
import { decodedForms, encodedForms, stringsIn } from "../lib/encodings";
import { roleDocuments, statementsOf, tasksUsingRole } from "../lib/iam";
import { SecretRef, VALUE_FROM_FORMS, parseValueFrom, resourceCovers } from "../lib/secret-refs";
import { Node, TYPES, nodes, ofType } from "../lib/stack";
import { Props, asList, asRecord, asString, isUnknown, parseJson, propsOf, settings } from "../lib/values";

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

/** The container fields a credential can hide in (lib/containers.ts reads the same ones). */
const CONTAINER_FIELDS = ["environment", "command", "entryPoint", "healthCheck", "logConfiguration", "firelensConfiguration", "dockerLabels"];

/** How a scanner path reads in a container message: "environment[1].value" is "environment DB_PASSWORD". */
function containerLabel(finding: Finding, container: Props): string {
    const env = /^environment\[(\d+)\]\.value(.*)$/.exec(finding.path);
    if (env !== null) {
        const name = asString(asRecord(asList(container.environment)[Number(env[1])])?.name) ?? "(unnamed)";
        return `environment ${name}${env[2]}`;
    }
    return finding.path.replace(/^healthCheck\.command/, "healthCheck.command").replace(/^(logConfiguration|firelensConfiguration)\.options/, "$1.options");
}

/** Findings of the scanner in a container that the container rules (lib/containers.ts) did not already make. */
async function containerScanFindings(container: Props, rules: NameRules, already: readonly ContainerFinding[]): Promise<ContainerFinding[]> {
    const texts = textsOf(Object.fromEntries(CONTAINER_FIELDS.map((k) => [k, container[k]]).filter(([, v]) => v !== undefined)));
    const found = await scanTexts(texts, rules);
    return found
        .map((f) => ({ where: containerLabel(f, container), what: f.what }))
        .filter((f) => !already.some((a) => f.where === a.where || f.where.startsWith(`${a.where} `) || f.where.startsWith(`${a.where}.`) || f.where.startsWith(`${a.where}[`)));
}

/**
 * Environment-like places of the other compute and app platforms on both
 * clouds, each with the way that platform injects a secret instead: Lambda
 * environment variables, App Runner runtime environment variables, Elastic
 * Beanstalk environment properties, DigitalOcean App Platform envs of type
 * GENERAL, AWS Batch container properties.
 */
interface EnvPlace {
    readonly texts: (props: Props) => Text[];
    readonly fix: string;
}

const underRoot = (root: string) => (props: Props) => textsOf({ [root]: props[root] });
const ENV_PLACES: Readonly<Record<string, EnvPlace>> = {
    "aws:lambda/function:Function": { texts: underRoot("environment"), fix: "keep it in Secrets Manager or SSM SecureString and read it at run time (the AWS Parameters and Secrets Lambda Extension caches it)" },
    "aws:apprunner/service:Service": {
        texts: (props) => textsOf({ sourceConfiguration: props.sourceConfiguration }).filter((t) => t.path.includes("runtimeEnvironmentVariables")),
        fix: "move it to runtimeEnvironmentSecrets (a Secrets Manager or SSM parameter ARN)",
    },
    "aws:elasticbeanstalk/environment:Environment": { texts: beanstalkTexts, fix: "store it in Secrets Manager or SSM and reference it as an environment secret instead of an environment property" },
    "aws:elasticbeanstalk/configurationTemplate:ConfigurationTemplate": { texts: beanstalkTexts, fix: "store it in Secrets Manager or SSM and reference it as an environment secret instead of an environment property" },
    "digitalocean:index/app:App": { texts: doAppTexts, fix: "give the env type \"SECRET\" (App Platform encrypts it) and pass the value as a Pulumi secret" },
    "aws:batch/jobDefinition:JobDefinition": {
        texts: (props) => textsOf({ containerProperties: props.containerProperties }).filter((t) => /environment/.test(t.path)),
        fix: "move it to the container properties' secrets (valueFrom a Secrets Manager secret or SSM SecureString parameter)",
    },
};

const BEANSTALK_ENV = "aws:elasticbeanstalk:application:environment";

function beanstalkTexts(props: Props): Text[] {
    return asList(props.settings).flatMap((raw, i) => {
        const r = asRecord(raw) ?? {};
        return r.namespace === BEANSTALK_ENV && typeof r.value === "string" ? textsOf(r.value, asString(r.name)).map((t) => ({ ...t, path: `settings[${i}] ${asString(r.name) ?? ""}${t.path}`, root: "settings" })) : [];
    });
}

/** App Platform envs of type GENERAL (SECRET values are encrypted by DigitalOcean), app-wide and per component. */
function doAppTexts(props: Props): Text[] {
    const spec = asRecord(asList(props.spec)[0]) ?? asRecord(props.spec) ?? {};
    const lists: [string, unknown][] = [["spec.envs", spec.envs]];
    for (const kind of ["services", "workers", "jobs", "functions", "staticSites", "static_sites"]) {
        asList(spec[kind]).forEach((c, i) => lists.push([`spec.${kind}[${i}].envs`, asRecord(c)?.envs]));
    }
    return lists.flatMap(([at, envs]) => asList(envs).flatMap((raw, i) => {
        const e = asRecord(raw) ?? {};
        const key = asString(e.key);
        return String(e.type ?? "GENERAL").toUpperCase() === "SECRET" || typeof e.value !== "string" ? [] : textsOf(e.value, key).map((t) => ({ ...t, path: `${at}[${i}] ${key ?? ""}${t.path}`, root: "envs" }));
    }));
}

export const noPlaintextEnvironment: ResourceValidationPolicy = {
    name: "secrets-no-plaintext-env",
    description: "Containers, functions and apps must not carry credentials in environment, command, entryPoint, healthCheck, log options or labels, however encoded; use the platform's secret references instead.",
    configSchema: namesSchema,
    validateResource: async (args, reportViolation) => {
        const rules = nameRulesOf(args.getConfig());
        const props = propsOf(args);
        for (const task of taskViews(args.type, props)) {
            for (const container of task.containers ?? []) {
                const findings = containerCredentialFindings(container.props, rules);
                findings.push(...await containerScanFindings(container.props, rules, findings));
                for (const finding of findings) {
                    reportViolation(`${args.name}: ${task.at}container ${container.name} ${finding.where} ${finding.what}; ${containerFix(finding.where)}.`);
                }
            }
        }
        const place = ENV_PLACES[args.type];
        if (place !== undefined) {
            for (const finding of await scanTexts(place.texts(props), rules)) {
                reportViolation(`${args.name}: ${finding.path} ${finding.what}; ${place.fix}.`);
            }
        }
    },
};

export const secretsFromArns: ResourceValidationPolicy = {
    name: "secrets-value-from-arn",
    description: "Every container secret must come from a Secrets Manager secret ARN, an SSM parameter ARN or an SSM parameter name, as ECS accepts.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        for (const task of taskViews(args.type, () => propsOf(args))) {
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

/** Where each compute kind takes user data (a script or cloud-config; base64 and gzip are read through). */
const USER_DATA: Readonly<Record<string, readonly string[]>> = {
    [TYPES.droplet]: ["userData"],
    [TYPES.instance]: ["userData", "userDataBase64"],
    [TYPES.launchTemplate]: ["userData"],
    "aws:ec2/launchConfiguration:LaunchConfiguration": ["userData", "userDataBase64"],
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": ["userData", "userDataBase64"],
};

// Checkov CKV_AWS_46 (no hard-coded secrets in EC2 user data) for every
// compute kind of both clouds: user data is readable from the instance
// metadata service and by anyone who can describe the instance.
export const userDataClean: ResourceValidationPolicy = {
    name: "secrets-user-data",
    description: "User data of Droplets, instances and launch templates must not contain credentials, however encoded (it is readable from the metadata service).",
    configSchema: namesSchema,
    validateResource: async (args, reportViolation) => {
        const keys = USER_DATA[args.type];
        if (keys === undefined) {
            return;
        }
        const props = propsOf(args);
        const texts = textsOf(Object.fromEntries(keys.filter((k) => typeof props[k] === "string").map((k) => [k, props[k]])));
        for (const finding of await scanTexts(texts, nameRulesOf(args.getConfig()))) {
            reportViolation(`${args.name}: ${finding.path} ${finding.what}; fetch credentials at boot from a secret store instead of writing them into user data.`);
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
    validateResource: async (args, reportViolation) => {
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
        const found = (await scanTexts(textsOf(value, parameterVariable(name) ?? args.name), nameRulesOf(args.getConfig())))[0];
        if (found !== undefined) {
            reportViolation(`${args.name}: parameter ${shown} is type ${type} but ${found.what.replace(/^line \d+: /, "holds ")}; make it type "SecureString" and pass the value as a Pulumi secret.`);
        }
    },
};

/** Resources that are secret stores: their values are where secrets belong. */
const SECRET_STORES: readonly string[] = [TYPES.secretVersion, "aws:kms/ciphertext:Ciphertext", "random:index/randomPassword:RandomPassword"];

/** Whether another secrets rule owns a path of this resource (so it is reported once). */
function ownedElsewhere(type: string, path: string, props: Props): boolean {
    const root = path.replace(/[.[ ].*$/, "");
    if ([TYPES.taskDefinition, TYPES.awsxFargateService, TYPES.awsxFargateTaskDefinition].includes(type as never) && ["containerDefinitions", "taskDefinitionArgs", "container", "containers"].includes(root)) {
        return true;
    }
    if ((USER_DATA[type] ?? []).includes(root) || (type === TYPES.ssmParameter && (root === "value" || root === "insecureValue"))) {
        return true;
    }
    switch (type) {
        case "aws:lambda/function:Function":
            return root === "environment";
        case "aws:apprunner/service:Service":
            return path.includes("runtimeEnvironmentVariables");
        case "aws:batch/jobDefinition:JobDefinition":
            return root === "containerProperties" && path.includes("environment");
        case "digitalocean:index/app:App":
            return /\.envs\[\d+\]/.test(path);
        case "aws:elasticbeanstalk/environment:Environment":
        case "aws:elasticbeanstalk/configurationTemplate:ConfigurationTemplate": {
            const i = /^settings\[(\d+)\]/.exec(path);
            return i !== null && asRecord(asList(props.settings)[Number(i[1])])?.namespace === BEANSTALK_ENV;
        }
        default:
            return false;
    }
}

// Trivy AVD-AWS-0036 and Checkov CKV_AWS_45/46 look in environments and user
// data; a credential leaks just as well from a tag, a label, a description,
// a log option, a command, an API stage variable or any nested or encoded
// field, all of which are readable by anyone who can describe the resource.
// Every string input of every resource is scanned (lib/secret-scan.ts),
// except fields that are where a secret belongs (password, secretString...)
// and the places the other secrets rules own.
export const noPlaintextValues: ResourceValidationPolicy = {
    name: "secrets-no-plaintext-values",
    description: "No other field of any resource (tags, labels, descriptions, commands, nested or encoded values) may carry a credential.",
    configSchema: namesSchema,
    validateResource: async (args, reportViolation) => {
        if (SECRET_STORES.includes(args.type)) {
            return;
        }
        const rules = nameRulesOf(args.getConfig());
        const props = propsOf(args);
        const texts = textsOf(props).filter((t) => !ownedElsewhere(args.type, t.path, props) && !(t.name === undefined && secretSink(t.path, rules)));
        for (const finding of await scanTexts(texts, rules)) {
            reportViolation(`${args.name}: ${finding.path} ${finding.what}; keep credentials in Secrets Manager or an SSM SecureString parameter and pass their ARN to what needs them.`);
        }
    },
};

/** Actions that read or decrypt a secret, and the wildcards that include them. */
function readsSecret(action: string): boolean {
    const a = action.toLowerCase();
    return a === "*" || /^(secretsmanager|ssm|kms):(\*|get\*|getsecretvalue|getparameters?|getparametersbypath|getparameter\*|decrypt|\w*\*)$/.test(a);
}

const POLICY_HOLDERS: Readonly<Record<string, string>> = {
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:secretsmanager/secret:Secret": "policy",
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:kms/replicaKey:ReplicaKey": "policy",
};

// Checkov CKV_AWS_33 (KMS key policy with a wildcard principal) and the
// Secrets Manager and SSM equivalents: a resource policy whose Allow names
// any principal ("*") with no condition on the caller lets every AWS account
// read or decrypt the secret.
export const resourcePolicyNotPublic: ResourceValidationPolicy = {
    name: "secrets-resource-policy-not-public",
    description: "Resource policies of secrets and keys must not let any principal read or decrypt them without a condition on the caller.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        const key = POLICY_HOLDERS[args.type];
        const doc = key === undefined ? undefined : asRecord(parseJson(propsOf(args)[key]));
        if (doc === undefined) {
            return;
        }
        [doc.Statement ?? []].flat().forEach((raw, i) => {
            const statement = asRecord(raw) ?? {};
            const actions = [statement.Action].flat().filter((a): a is string => typeof a === "string");
            if (statement.Effect !== "Allow" || !anyonePrincipal(statement.Principal) || restrictsCaller(statement.Condition) || !actions.some(readsSecret)) {
                return;
            }
            reportViolation(`${args.name}: ${key} Statement[${i}] allows ${actions.filter(readsSecret).join(", ")} to any principal ("*") with no condition on the caller, so every AWS account can read or decrypt it; name the roles that need it (Principal { AWS: <role ARN> }) or add a condition on aws:PrincipalAccount or aws:PrincipalOrgID.`);
        });
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
