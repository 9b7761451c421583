// Platform checks from public rule sets, for the AWS types this project
// creates: HTTPS only at the ALB with a modern TLS policy, ALB hygiene,
// immutable and scanned images, least-privilege task roles, bounded log
// retention, described security groups. Each rule names the public rules it
// follows (Checkov ids, Pulumi AWSGuard and compliance-policies names); the
// catalog (policies/catalog.ts) carries the same list for generated docs.
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UNRESTRICTABLE_ACTIONS, roleDocuments, statementsOf, tasksUsingRole, trustsEcsTasks, unrestrictable } from "../lib/iam";
import { TYPES, depsOf, nodes, ofType } from "../lib/stack";
import { Props, asList, asNumber, asRecord, asString, isUnknown, propsOf, settings } from "../lib/values";

const isListener = (type: string) => (TYPES.listeners as readonly string[]).includes(type);
const isLoadBalancer = (type: string) => (TYPES.loadBalancers as readonly string[]).includes(type);

function redirectsToHttps(action: Props): boolean {
    return action.type === "redirect" && asRecord(action.redirect)?.protocol === "HTTPS";
}

// Checkov CKV2_AWS_20 ("Ensure that ALB redirects HTTP requests into HTTPS
// ones"), Pulumi AWSGuard alb-http-to-https-redirection (one default action,
// a redirect to HTTPS). Listener rules added to the HTTP listener are checked
// too: a forward rule there serves that path in plain HTTP whatever the default.
export const albHttpRedirectsToHttps: StackValidationPolicy = {
    name: "platform-alb-http-redirects-to-https",
    description: "HTTP listeners must only redirect to HTTPS, by default action and by every listener rule on them.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const httpListeners = ofType(all, TYPES.listeners).filter((l) => l.props.protocol === "HTTP");
        for (const listener of httpListeners) {
            const actions = listener.props.defaultActions;
            if (isUnknown(actions) || asList(actions).some(isUnknown)) {
                continue;
            }
            const list = asList(actions).map((a) => asRecord(a) ?? {});
            if (!(list.length === 1 && redirectsToHttps(list[0]))) {
                const found = list.map((a) => asString(a.type) ?? "(unknown)").join(", ") || "no action";
                reportViolation(`${listener.name}: HTTP listener's default action is ${found}, so it answers in plain HTTP; make it a single redirect with protocol "HTTPS" (port "443", statusCode "HTTP_301").`, listener.urn);
            }
        }
        for (const rule of ofType(all, TYPES.listenerRules)) {
            const arn = asString(rule.props.listenerArn);
            const on = httpListeners.find((l) => (arn !== undefined && l.props.arn === arn) || depsOf(rule, "listenerArn").includes(l.urn));
            if (on === undefined) {
                continue;
            }
            const plain = asList(rule.props.actions).map((a) => asRecord(a) ?? {})
                .filter((a) => !isUnknown(a.type) && !redirectsToHttps(a) && a.type !== "fixed-response");
            if (plain.length > 0) {
                reportViolation(`${rule.name}: a ${plain.map((a) => asString(a.type) ?? "(unknown)").join(", ")} rule on HTTP listener ${on.name} serves its requests in plain HTTP; attach the rule to the HTTPS listener.`, rule.urn);
            }
        }
    },
};

/**
 * ALB security policies with TLS 1.2 as the minimum, forward secrecy only and
 * TLS 1.3 (Elastic Load Balancing, "Security policies for your Application
 * Load Balancer"), including their FIPS and post-quantum (PQ) variants.
 * Stricter than Checkov CKV_AWS_103, whose prefix match
 * ("ELBSecurityPolicy-TLS13") also passes ELBSecurityPolicy-TLS13-1-0-2021-06
 * (TLS 1.0); the same families as Pulumi compliance-policies
 * aws-lb-listener-configure-secure-tls.
 */
export const DEFAULT_SSL_POLICIES: readonly string[] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];

const tlsSchema: PolicyConfigSchema = {
    properties: {
        allowedSslPolicies: {
            type: "array", items: { type: "string", pattern: "^ELBSecurityPolicy-" }, minItems: 1, uniqueItems: true,
            default: [...DEFAULT_SSL_POLICIES],
            description: "ELB security policies an HTTPS or TLS listener may use.",
        },
    },
};

export const albTlsPolicy: ResourceValidationPolicy = {
    name: "platform-alb-tls-policy",
    description: "HTTPS and TLS listeners must use a security policy from the allow-list (TLS 1.2 minimum, forward secrecy).",
    configSchema: tlsSchema,
    validateResource: (args, reportViolation) => {
        if (!isListener(args.type)) {
            return;
        }
        const props = propsOf(args);
        if (props.protocol !== "HTTPS" && props.protocol !== "TLS") {
            return;
        }
        const { allowedSslPolicies } = settings<{ allowedSslPolicies: string[] }>(tlsSchema, args.getConfig());
        const policy = props.sslPolicy;
        if (policy === undefined) {
            reportViolation(`${args.name}: ${props.protocol} listener has no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1); set sslPolicy to one of ${allowedSslPolicies.join(", ")}.`);
        } else if (typeof policy === "string" && !allowedSslPolicies.includes(policy)) {
            reportViolation(`${args.name}: sslPolicy ${policy} is not in this stack's allow-list; use one of ${allowedSslPolicies.join(", ")}.`);
        }
    },
};

const isApplication = (props: Props) => props.loadBalancerType === undefined || props.loadBalancerType === "application";

// Checkov CKV_AWS_131 ("Ensure that ALB drops HTTP headers").
export const albDropInvalidHeaders: ResourceValidationPolicy = {
    name: "platform-alb-drop-invalid-headers",
    description: "Application load balancers must drop invalid HTTP header fields.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args.type)) {
            return;
        }
        const props = propsOf(args);
        if (!isApplication(props) || isUnknown(props.dropInvalidHeaderFields)) {
            return;
        }
        if (props.dropInvalidHeaderFields !== true) {
            reportViolation(`${args.name}: dropInvalidHeaderFields is ${props.dropInvalidHeaderFields === false ? "false" : "not set (false)"}, so malformed headers reach the targets (request smuggling); set dropInvalidHeaderFields to true.`);
        }
    },
};

const deletionSchema: PolicyConfigSchema = {
    properties: {
        enabled: { type: "boolean", default: false, description: "Apply the rule (true in prod)." },
    },
};

// Checkov CKV_AWS_150 ("Ensure that Load Balancer has deletion protection
// enabled"), Pulumi AWSGuard elb-deletion-protection-enabled. Prod only: dev
// stacks are torn down and rebuilt.
export const albDeletionProtection: ResourceValidationPolicy = {
    name: "platform-alb-deletion-protection",
    description: "Load balancers must have deletion protection where the stack requires it (prod).",
    configSchema: deletionSchema,
    validateResource: (args, reportViolation) => {
        const { enabled } = settings<{ enabled: boolean }>(deletionSchema, args.getConfig());
        if (!enabled || !isLoadBalancer(args.type)) {
            return;
        }
        const props = propsOf(args);
        if (isUnknown(props.enableDeletionProtection)) {
            return;
        }
        if (props.enableDeletionProtection !== true) {
            reportViolation(`${args.name}: enableDeletionProtection is not true, so one mistaken update or destroy deletes the load balancer every hostname points at; set it to true (migration:platform.albDeletionProtection).`);
        }
    },
};

// Checkov CKV_AWS_51 ("Ensure ECR Image Tags are immutable"), Pulumi
// compliance-policies aws-ecr-repository-disallow-mutable-image. AWS's
// default is MUTABLE.
export const ecrImmutableTags: ResourceValidationPolicy = {
    name: "platform-ecr-immutable-tags",
    description: "ECR repositories must have immutable image tags.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.ecrRepository) {
            return;
        }
        const props = propsOf(args);
        if (isUnknown(props.imageTagMutability)) {
            return;
        }
        if (props.imageTagMutability !== "IMMUTABLE") {
            reportViolation(`${args.name}: imageTagMutability is ${asString(props.imageTagMutability) ?? "not set (MUTABLE)"}, so a pushed tag can be replaced under a running task definition; set it to "IMMUTABLE".`);
        }
    },
};

// Checkov CKV_AWS_163 ("Ensure ECR image scanning on push is enabled"),
// Pulumi compliance-policies aws-ecr-repository-enable-image-scan.
export const ecrScanOnPush: ResourceValidationPolicy = {
    name: "platform-ecr-scan-on-push",
    description: "ECR repositories must scan images on push.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.ecrRepository) {
            return;
        }
        const scanning = propsOf(args).imageScanningConfiguration;
        if (isUnknown(scanning) || isUnknown(asRecord(scanning)?.scanOnPush)) {
            return;
        }
        if (asRecord(scanning)?.scanOnPush !== true) {
            reportViolation(`${args.name}: imageScanningConfiguration.scanOnPush is not true, so images with known vulnerabilities deploy unnoticed; set imageScanningConfiguration: { scanOnPush: true }.`);
        }
    },
};

/** A Resource that names every resource: "*", or an ARN whose service part is a wildcard. */
const everyResource = (resource: string) => resource === "*" || /^arn:[^:]*:\*/.test(resource);

// Checkov CKV_AWS_63 (no "*" action), CKV_AWS_355 (no "*" resource for
// restrictable actions) and CKV_AWS_62 (no "*:*" admin), applied to the roles
// ECS tasks run with. The only Resource "*" allowed is for the actions of
// UNRESTRICTABLE_ACTIONS (lib/iam.ts), each cited to the AWS Service
// Authorization Reference.
export const taskRolesNoWildcards: StackValidationPolicy = {
    name: "platform-iam-task-roles-no-wildcards",
    description: "Task and execution roles must not allow a wildcard action or Resource \"*\", except for actions that support no resource-level permissions.",
    configSchema: { properties: {} },
    validateStack: (args, reportViolation) => {
        const all = nodes(args.resources);
        const tasks = ofType(all, TYPES.taskDefinition);
        const roles = ofType(all, TYPES.role).filter((role) => trustsEcsTasks(role)
            || tasksUsingRole(role, tasks, "executionRoleArn").length > 0 || tasksUsingRole(role, tasks, "taskRoleArn").length > 0);
        const allowed = Object.keys(UNRESTRICTABLE_ACTIONS).join(", ");
        for (const role of roles) {
            for (const doc of roleDocuments(role, all)) {
                if (doc.managedArn !== undefined) {
                    reportViolation(`${role.name}: attaches the AWS managed policy ${doc.managedArn}, whose statements grant their actions on Resource "*"; replace it with an inline policy scoped to this service's resources.`, role.urn);
                    continue;
                }
                for (const s of statementsOf(doc.document) ?? []) {
                    if (s.effect !== "Allow") {
                        continue;
                    }
                    const at = `${doc.source} Statement[${s.index}]`;
                    if (s.notAction) {
                        reportViolation(`${role.name}: ${at} allows NotAction, that is every action but ${s.actions.join(", ")}; list the actions the task needs.`, role.urn);
                    }
                    const wild = s.notAction ? [] : s.actions.filter((a) => a.includes("*"));
                    if (wild.length > 0) {
                        reportViolation(`${role.name}: ${at} allows the wildcard action ${wild.join(", ")}; list the actions the task needs.`, role.urn);
                    }
                    if (s.notResource) {
                        reportViolation(`${role.name}: ${at} uses NotResource, that is every resource but ${s.resources.join(", ")}; name the resources the task needs.`, role.urn);
                    }
                    const restrictable = s.notAction ? ["every action"] : s.actions.filter((a) => !a.includes("*") && !unrestrictable(a));
                    const star = s.resources.filter(everyResource);
                    if (star.length > 0 && restrictable.length > 0) {
                        reportViolation(`${role.name}: ${at} allows ${restrictable.join(", ")} on Resource ${star.map((r) => JSON.stringify(r)).join(", ")}; name this service's resources (only ${allowed} support no resource-level permissions, per the AWS Service Authorization Reference).`, role.urn);
                    }
                }
            }
        }
    },
};

const retentionSchema: PolicyConfigSchema = {
    properties: {
        minRetentionDays: {
            type: "integer", minimum: 1, maximum: 3653, default: 1,
            description: "Shortest retentionInDays a log group may have.",
        },
    },
};

// Checkov CKV_AWS_66 ("Ensure that CloudWatch Log Group specifies retention
// days"); the per-stack minimum plays the part of CKV_AWS_338 (which fixes it
// at one year). retentionInDays 0 or unset means never expire.
export const logGroupRetention: ResourceValidationPolicy = {
    name: "platform-log-group-retention",
    description: "CloudWatch log groups must expire their logs, after at least the stack's minimum retention.",
    configSchema: retentionSchema,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.logGroup) {
            return;
        }
        const props = propsOf(args);
        if (isUnknown(props.retentionInDays)) {
            return;
        }
        const { minRetentionDays } = settings<{ minRetentionDays: number }>(retentionSchema, args.getConfig());
        const days = asNumber(props.retentionInDays);
        if (days === undefined || days === 0) {
            reportViolation(`${args.name}: retentionInDays is ${days === 0 ? "0" : "not set"}, so logs are kept (and billed) forever; set it to at least ${minRetentionDays} (migration:platform.logRetentionDays).`);
        } else if (days < minRetentionDays) {
            reportViolation(`${args.name}: retentionInDays ${days} is below this stack's minimum ${minRetentionDays}; keep logs at least ${minRetentionDays} days.`);
        }
    },
};

/** Descriptions that say nothing: empty, or the providers' defaults. */
const undescribed = (d: unknown) => !isUnknown(d) && (typeof d !== "string" || d.trim() === "" || /^Managed by (Pulumi|Terraform)$/.test(d.trim()));

// Checkov CKV_AWS_23 ("Ensure every security group and rule has a
// description"), Pulumi compliance-policies
// aws-ec2-securitygroup-missing-description, -missing-ingress-rule-description
// and -missing-egress-rule-description. The provider's default group
// description ("Managed by Pulumi") counts as missing.
export const securityGroupDescriptions: ResourceValidationPolicy = {
    name: "platform-security-group-descriptions",
    description: "Security groups and each of their rules must have a description.",
    configSchema: { properties: {} },
    validateResource: (args, reportViolation) => {
        const props = propsOf(args);
        const missing: string[] = [];
        if (args.type === TYPES.securityGroup) {
            if (undescribed(props.description)) {
                missing.push("description");
            }
            for (const key of ["ingress", "egress"] as const) {
                asList(props[key]).forEach((rule, i) => {
                    if (!isUnknown(rule) && undescribed(asRecord(rule)?.description)) {
                        missing.push(`${key}[${i}].description`);
                    }
                });
            }
        } else if ([TYPES.securityGroupRule, TYPES.ingressRule, TYPES.egressRule].includes(args.type as never) && undescribed(props.description)) {
            missing.push("description");
        }
        if (missing.length > 0) {
            reportViolation(`${args.name}: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} empty or the provider's default; describe what it is for and what it admits, so a reviewer can tell a needed rule from a stray one.`);
        }
    },
};
