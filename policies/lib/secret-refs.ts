// What ECS accepts in a container secret's `valueFrom` (ECS API Reference,
// Secret.valueFrom, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html,
// and the developer guide's "Pass Secrets Manager secrets through Amazon ECS
// environment variables"):
// - a Secrets Manager secret ARN, optionally followed by
//   `:<json-key>:<version-stage>:<version-id>` (empty fields allowed, at most
//   one of stage and id);
// - an SSM Parameter Store parameter ARN;
// - an SSM parameter name, which resolves in the task's own Region.
// Names follow Parameter Store's rules: [a-zA-Z0-9_.-] and "/" separators,
// a hierarchy starting with "/" (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html).

const PARTITION = "aws(?:-cn|-us-gov|-iso|-iso-[a-z])?";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const ACCOUNT = "\\d{12}";

const SECRETS_MANAGER_ARN = new RegExp(`^(arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:[A-Za-z0-9/_+=.@-]+)(?::([^:]*):([^:]*):([^:]*))?$`);
const SSM_PARAMETER_ARN = new RegExp(`^arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/([a-zA-Z0-9_.-]+(?:/[a-zA-Z0-9_.-]+)*)$`);
const SSM_PARAMETER_NAME = /^(?:\/[a-zA-Z0-9_.-]+)+$|^[a-zA-Z0-9_.-]+$/;

export interface SecretRef {
    readonly store: "secretsmanager" | "ssm";
    /**
     * What an IAM Resource must cover to read it: the secret's ARN without
     * the ECS suffix, the parameter's ARN, or for a bare parameter name
     * "parameter/<path>" (region and account are the task's).
     */
    readonly resource: string;
}

/** The parsed reference, or why AWS would refuse it. */
export function parseValueFrom(valueFrom: string): SecretRef | { readonly problem: string } {
    const sm = SECRETS_MANAGER_ARN.exec(valueFrom);
    if (sm !== null) {
        if ((sm[3] ?? "") !== "" && (sm[4] ?? "") !== "") {
            return { problem: "names both a version stage and a version id; ECS takes at most one" };
        }
        return { store: "secretsmanager", resource: sm[1] };
    }
    if (valueFrom.startsWith("arn:")) {
        const ssm = SSM_PARAMETER_ARN.exec(valueFrom);
        if (ssm !== null) {
            return { store: "ssm", resource: valueFrom };
        }
        return { problem: "is neither a Secrets Manager secret ARN nor an SSM parameter ARN" };
    }
    if (SSM_PARAMETER_NAME.test(valueFrom)) {
        return { store: "ssm", resource: `parameter/${valueFrom.replace(/^\//, "")}` };
    }
    if (/^[a-zA-Z0-9_.-]+(\/[a-zA-Z0-9_.-]+)+$/.test(valueFrom)) {
        return { problem: "is a parameter path without its leading \"/\"" };
    }
    return { problem: "is not an ARN and not a valid SSM parameter name" };
}

export const VALUE_FROM_FORMS =
    "a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<version-stage>:<version-id>]), " +
    "an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>) or an SSM parameter name in the task's region (/<path>/<name>)";

/** Whether an IAM Resource (exact, or with a trailing wildcard on one secret's random suffix) covers exactly `ref`. */
export function resourceCovers(resource: string, ref: SecretRef): boolean {
    if (resource === ref.resource) {
        return true;
    }
    if (ref.store === "ssm" && ref.resource.startsWith("parameter/")) {
        // A bare name: any ARN of that parameter path in the task's region and account.
        return new RegExp(`^arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:${escape(ref.resource)}$`).test(resource);
    }
    if (ref.store === "secretsmanager") {
        // "<name>-??????" or "<name>*" for the six random characters Secrets Manager appends.
        const wildcard = /^(arn:[^*?]+:secret:[^*?]+)(-\?{6}|\*)$/.exec(resource);
        return wildcard !== null && ref.resource.startsWith(wildcard[1]) && ref.resource.length - wildcard[1].length <= 7;
    }
    return false;
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
