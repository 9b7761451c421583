// A release task (database migrations and the like): the program registers
// its task definition with the new image and everything the task needs; it
// runs nothing. `npm run up` registers it first (a targeted up), runs it once
// with RunTask in the private subnets, streams its log, and goes on with the
// whole `up` only when it exits 0 (tools/delivery/release.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ReleaseConfig, StackConfig } from "../config";
import { processTaskDefinition, taskBasics } from "./task-basics";
import type { DatabaseTarget } from "./database-clients";

export interface ReleaseTaskArgs {
    readonly config: StackConfig;
    readonly release: ReleaseConfig;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly clusterArn: pulumi.Input<string>;
    /** The RDS targets of moving databases (legacy.databases[].move), by database name. @default none */
    readonly databases?: Readonly<Record<string, DatabaseTarget>>;
}

/** What `npm run up` needs to run the release task (the `releases` stack output). */
export interface ReleaseRun {
    readonly name: string;
    readonly cluster: string;
    readonly taskDefinitionArn: string;
    readonly containerName: string;
    readonly subnets: readonly string[];
    readonly securityGroups: readonly string[];
    readonly logGroupName: string;
    /** Streams read `<prefix>/<container>/<task id>`. */
    readonly logStreamPrefix: string;
    readonly timeoutMinutes: number;
}

export const RELEASE_LOG_STREAM_PREFIX = "release";

export class ReleaseTask extends pulumi.ComponentResource {
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly run: pulumi.Output<ReleaseRun>;

    constructor(name: string, args: ReleaseTaskArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:ReleaseTask", name, {}, opts);
        const { config, release } = args;
        const fargate = release.fargate;
        const tags = { ...release.tags };
        const basics = taskBasics(this, name, { config, workload: release.name, what: "release task", process: fargate, tags, vpcId: args.vpcId, databases: args.databases });
        this.taskDefinition = processTaskDefinition(this, name, { config, workload: release.name, basics, process: fargate, logStreamPrefix: RELEASE_LOG_STREAM_PREFIX, tags });
        this.run = pulumi.all([args.clusterArn, this.taskDefinition.arn, args.privateSubnetIds, basics.securityGroup.id]).apply(([cluster, arn, subnets, sg]): ReleaseRun => ({
            name: release.name, cluster, taskDefinitionArn: arn, containerName: release.name, subnets, securityGroups: [sg],
            logGroupName: basics.logGroupName, logStreamPrefix: RELEASE_LOG_STREAM_PREFIX, timeoutMinutes: fargate.timeoutMinutes,
        }));
        this.registerOutputs({ run: this.run });
    }
}
