// IAM documents as rules need them: the statements of a policy, and every
// policy a role carries in the stack (inline, RolePolicy, attached Policy,
// AWS managed policies by ARN). Unknown documents (preview) are kept apart,
// so a rule judges the known ones and skips only what it cannot see.
import { Node, TYPES, depsOf, idOf, ofType } from "./stack";
import { asList, asRecord, asString, containsUnknown, isUnknown, parseJson } from "./values";

export interface Statement {
    readonly index: number;
    readonly effect: string;
    readonly actions: readonly string[];
    readonly notAction: boolean;
    readonly resources: readonly string[];
    readonly notResource: boolean;
}

const strings = (value: unknown): string[] => [value].flat().filter((v): v is string => typeof v === "string");

/** The statements of a policy document (JSON text or object); undefined when unknown or not a policy. */
export function statementsOf(document: unknown): Statement[] | undefined {
    if (isUnknown(document) || containsUnknown(document)) {
        return undefined;
    }
    const parsed = asRecord(parseJson(document));
    if (parsed === undefined) {
        return undefined;
    }
    return [parsed.Statement ?? []].flat().map((raw, index) => {
        const s = asRecord(raw) ?? {};
        return {
            index,
            effect: asString(s.Effect) ?? "",
            actions: strings(s.Action ?? s.NotAction),
            notAction: s.NotAction !== undefined,
            resources: strings(s.Resource ?? s.NotResource),
            notResource: s.NotResource !== undefined,
        };
    });
}

export interface RoleDocument {
    /** Where the document comes from, for messages (a resource name, "inlinePolicies[0]", a managed policy ARN). */
    readonly source: string;
    /** The document (JSON text or object), UNKNOWN at preview, or undefined for an AWS managed policy. */
    readonly document: unknown;
    /** Set for an AWS managed policy attached by ARN: its statements are not in the stack. */
    readonly managedArn?: string;
}

/** Whether `node` names `role` in its `role` property (name, id, ARN) or depends on it there. */
function targetsRole(node: Node, role: Node, key = "role"): boolean {
    const ref = asString(node.props[key]);
    return (ref !== undefined && (ref === asString(role.props.name) || ref === idOf(role) || ref === role.props.arn)) || depsOf(node, key).includes(role.urn);
}

/** Every policy document the role carries in the stack. */
export function roleDocuments(role: Node, all: readonly Node[]): RoleDocument[] {
    const docs: RoleDocument[] = asList(role.props.inlinePolicies).map((p, i) => ({ source: `${role.name} inlinePolicies[${i}]`, document: asRecord(p)?.policy }));
    for (const rp of ofType(all, TYPES.rolePolicy).filter((n) => targetsRole(n, role))) {
        docs.push({ source: rp.name, document: rp.props.policy });
    }
    const attached = [
        ...ofType(all, TYPES.rolePolicyAttachment).filter((n) => targetsRole(n, role)).map((a) => ({ arn: a.props.policyArn, deps: depsOf(a, "policyArn") })),
        ...asList(role.props.managedPolicyArns).map((arn) => ({ arn, deps: depsOf(role, "managedPolicyArns") })),
    ];
    for (const { arn, deps } of attached) {
        const managed = ofType(all, TYPES.iamPolicy).find((p) => (typeof arn === "string" && p.props.arn === arn) || deps.includes(p.urn));
        if (managed !== undefined) {
            docs.push({ source: managed.name, document: managed.props.policy });
        } else if (typeof arn === "string" && /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn)) {
            docs.push({ source: arn, document: undefined, managedArn: arn });
        }
    }
    return docs;
}

/** Task definitions that use `role` as execution or task role (by ARN, or by dependency at preview). */
export function tasksUsingRole(role: Node, tasks: readonly Node[], key: "executionRoleArn" | "taskRoleArn"): Node[] {
    return tasks.filter((t) => {
        const ref = asString(t.props[key]);
        return (ref !== undefined && ref === role.props.arn) || depsOf(t, key).includes(role.urn);
    });
}

/** Whether the role's trust policy lets ECS tasks assume it (known at preview even when ARNs are not). */
export function trustsEcsTasks(role: Node): boolean {
    const trust = asRecord(parseJson(role.props.assumeRolePolicy));
    return [trust?.Statement ?? []].flat().some((raw) => {
        const s = asRecord(raw) ?? {};
        return s.Effect === "Allow" && strings(asRecord(s.Principal)?.Service).includes("ecs-tasks.amazonaws.com");
    });
}

/**
 * Actions that support no resource-level permissions, so IAM requires
 * Resource "*" for them, each with the AWS Service Authorization Reference
 * page that lists it with an empty "Resource types" column. Only actions this
 * project's roles need; adding one needs its citation.
 */
export const UNRESTRICTABLE_ACTIONS: Readonly<Record<string, string>> = {
    // Pull images from ECR: the registry token is account-wide.
    "ecr:GetAuthorizationToken": "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html",
    // ECS Exec (enableExecuteCommand): the channels the task opens to Session Manager.
    "ssmmessages:CreateControlChannel": "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmessagegatewayservice.html",
    "ssmmessages:CreateDataChannel": "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmessagegatewayservice.html",
    "ssmmessages:OpenControlChannel": "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmessagegatewayservice.html",
    "ssmmessages:OpenDataChannel": "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmessagegatewayservice.html",
};

/** Whether an action (IAM actions are case-insensitive) is one of UNRESTRICTABLE_ACTIONS. */
export function unrestrictable(action: string): boolean {
    return Object.keys(UNRESTRICTABLE_ACTIONS).some((a) => a.toLowerCase() === action.toLowerCase());
}
