// ARNs and addresses of resources the program names itself, built from the
// account (an invoke, answered at preview too), the region and the name. The
// task definition and the execution role's policy use these instead of the
// resources' outputs, so both are known when `pulumi preview` plans a new
// stack and the policy pack can judge them (an output of a resource created
// in the same run is unknown until it exists). Formats: AWS General Reference,
// "Amazon Resource Names" per service; ECR registry URLs: ECR User Guide,
// "Private registry concepts".
import { partitionOf } from "./iam-policies";

export interface ArnScope {
    readonly account: string;
    readonly region: string;
}

/** arn:<partition>:ecr:<region>:<account>:repository/<name> */
export function ecrRepositoryArn(scope: ArnScope, name: string): string {
    return `arn:${partitionOf(scope.region)}:ecr:${scope.region}:${scope.account}:repository/${name}`;
}

/** <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<name> */
export function ecrRepositoryUrl(scope: ArnScope, name: string): string {
    const suffix = partitionOf(scope.region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return `${scope.account}.dkr.ecr.${scope.region}.${suffix}/${name}`;
}

/** arn:<partition>:logs:<region>:<account>:log-group:<name> (without the ":*" that grants its streams). */
export function logGroupArn(scope: ArnScope, name: string): string {
    return `arn:${partitionOf(scope.region)}:logs:${scope.region}:${scope.account}:log-group:${name}`;
}

/** arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash> */
export function ssmParameterArn(scope: ArnScope, name: string): string {
    return `arn:${partitionOf(scope.region)}:ssm:${scope.region}:${scope.account}:parameter/${name.replace(/^\//, "")}`;
}
