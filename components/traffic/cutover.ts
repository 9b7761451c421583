// The first cut-over of a live hostname. Route 53 refuses to create a weighted
// record beside a plain record of the same name and type (and a CNAME beside
// any other record), so the weighted records cannot simply be created while
// the plain record serves users. The switch is one ChangeResourceRecordSets
// batch, which Route 53 applies atomically ("all the changes in a batch are
// applied, or none": Route 53 API reference, ChangeResourceRecordSets):
// DELETE the plain record and CREATE the weighted records, legacy at 100 with
// its health check (and Fargate at 0 when it stands by), exactly as the
// program declares them, so the next `up` imports them unchanged. The name answers before, during and
// after the batch.
import { LEGACY_SET_IDENTIFIER, FARGATE_SET_IDENTIFIER, WEIGHTED_RECORD_TTL_SECONDS } from "./steps";

export interface LiveRecord {
    readonly type: "A" | "CNAME";
    readonly ttl: number;
    readonly values: readonly string[];
}

export interface CutoverInput {
    readonly hostname: string;
    readonly liveRecord: LiveRecord;
    /** The legacy side: the DigitalOcean load balancer's public IP and its Route 53 health check. */
    readonly legacy: { readonly loadBalancerIp: string; readonly healthCheckId: string };
    /** The Fargate side, when it has a record at the cut-over (it stands by at 0 %): the ALB and the Fargate health check. */
    readonly fargate?: { readonly albDnsName: string; readonly albZoneId: string; readonly healthCheckId: string };
}

/** A Route 53 ResourceRecordSet as ChangeResourceRecordSets takes it. */
export interface ResourceRecordSet {
    readonly Name: string;
    readonly Type: string;
    readonly SetIdentifier?: string;
    readonly Weight?: number;
    readonly TTL?: number;
    readonly ResourceRecords?: readonly { readonly Value: string }[];
    readonly AliasTarget?: { readonly HostedZoneId: string; readonly DNSName: string; readonly EvaluateTargetHealth: boolean };
    readonly HealthCheckId?: string;
}

export interface ChangeBatch {
    readonly Comment: string;
    readonly Changes: readonly { readonly Action: "CREATE" | "DELETE" | "UPSERT"; readonly ResourceRecordSet: ResourceRecordSet }[];
}

/** The one atomic batch that replaces the live plain record by the weighted group. */
export function cutoverChangeBatch(input: CutoverInput): ChangeBatch {
    const { hostname, liveRecord, legacy, fargate } = input;
    return {
        Comment: `Cut-over of ${hostname} to weighted records (legacy 100${fargate === undefined ? "" : ", fargate 0"})`.slice(0, 256),
        Changes: [
            {
                Action: "DELETE",
                ResourceRecordSet: {
                    Name: hostname,
                    Type: liveRecord.type,
                    TTL: liveRecord.ttl,
                    ResourceRecords: liveRecord.values.map((Value) => ({ Value })),
                },
            },
            {
                Action: "CREATE",
                ResourceRecordSet: {
                    Name: hostname,
                    Type: "A",
                    SetIdentifier: LEGACY_SET_IDENTIFIER,
                    Weight: 100,
                    TTL: WEIGHTED_RECORD_TTL_SECONDS,
                    ResourceRecords: [{ Value: legacy.loadBalancerIp }],
                    HealthCheckId: legacy.healthCheckId,
                },
            },
            ...(fargate === undefined ? [] : [{
                Action: "CREATE" as const,
                ResourceRecordSet: {
                    Name: hostname,
                    Type: "A",
                    SetIdentifier: FARGATE_SET_IDENTIFIER,
                    Weight: 0,
                    AliasTarget: { HostedZoneId: fargate.albZoneId, DNSName: fargate.albDnsName, EvaluateTargetHealth: false },
                    HealthCheckId: fargate.healthCheckId,
                },
            }]),
        ],
    };
}

/**
 * The batch that undoes a cut-over, for as long as the weighted records are
 * exactly as the cut-over created them: each CREATE deleted and the plain
 * record created again, in one atomic batch. Route 53 deletes a record only
 * when every field matches, so once a later `up` has moved the weights the
 * undo is refused as a whole and nothing changes (by then rolling back is
 * traffic.fargatePercent: 0).
 */
export function revertChangeBatch(batch: ChangeBatch, hostname: string): ChangeBatch {
    return {
        Comment: `Undo the cut-over of ${hostname}: the plain record again`.slice(0, 256),
        Changes: [...batch.Changes].reverse().map((change) => ({
            Action: change.Action === "CREATE" ? "DELETE" as const : "CREATE" as const,
            ResourceRecordSet: change.ResourceRecordSet,
        })),
    };
}

/** The file name the cut-over tool writes a hostname's undo batch to, beside its batch. */
export function revertFileName(file: string): string {
    return file.replace(/\.json$/, "") + ".undo.json";
}

/** The file name the cut-over tool writes a hostname's batch to. */
export function cutoverFileName(stack: string, hostname: string): string {
    return `cutover-${stack.replace(/[^A-Za-z0-9._-]/g, "_")}-${hostname}.json`;
}

/** The command that applies a batch file (AWS CLI, route53 change-resource-record-sets). */
export function cutoverCommand(zoneId: string, file: string): string {
    return `aws route53 change-resource-record-sets --hosted-zone-id ${zoneId} --change-batch file://${file}`;
}

/** Route 53's import id of a weighted record: ZONEID_NAME_TYPE_SETIDENTIFIER (pulumi-aws aws.route53.Record, "Import"). */
export function weightedRecordImportId(zoneId: string, hostname: string, setIdentifier: string): string {
    return `${zoneId}_${hostname}_A_${setIdentifier}`;
}
