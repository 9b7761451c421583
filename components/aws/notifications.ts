// Who is told, and of what (platform.notifications): an SNS topic (created,
// or an existing one), its subscriptions (email, HTTPS, Slack through AWS
// Chatbot), and an EventBridge rule that sends the stack's failed and
// rolled-back ECS deployments to it. Every alarm of the stack names the
// topic in its alarm and OK actions (FargateRevision); the Route 53
// health-check alarms (TrafficRouting) live in us-east-1, the only region
// with Route 53's metrics, so they need a topic there too: the stack's own
// when the stack is in us-east-1, else a twin with the same subscribers.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NotificationsConfig, StackConfig } from "../config";
import { ROUTE53_METRICS_REGION } from "./dashboard";
import { eventRuleName, fitName, notificationTopicName, sanitizeName, stackPrefix } from "./naming";

/** What the EventBridge rule forwards: failed deployments, and rollbacks starting (Amazon ECS Developer Guide, "Amazon ECS service deployment state change events"). */
export function deploymentEventPattern(serviceArnPrefix: string): Record<string, unknown> {
    return {
        source: ["aws.ecs"],
        "detail-type": ["ECS Deployment State Change"],
        resources: [{ prefix: serviceArnPrefix }],
        detail: {
            // A rollback is an IN_PROGRESS event whose reason says so ("ECS deployment circuit breaker: rolling back to ...").
            $or: [
                { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
                { eventName: ["SERVICE_DEPLOYMENT_IN_PROGRESS"], reason: [{ wildcard: "*rolling back*" }] },
            ],
        },
    };
}

/** arn:aws:ecs:<region>:<account>:cluster/<name> → the prefix of its services' ARNs. */
export function serviceArnPrefix(clusterArn: string): string {
    return clusterArn.replace(/:cluster\/(.+)$/, ":service/$1/");
}

/**
 * The topic policy of a created topic: the account's own principals as SNS's
 * default policy allows them, plus EventBridge and CloudWatch publishing for
 * this account only (Amazon SNS Developer Guide, "Amazon SNS access control":
 * an EventBridge target needs events.amazonaws.com to be allowed sns:Publish).
 */
export function topicPolicy(topicArn: string, accountId: string): Record<string, unknown> {
    const fromAccount = { StringEquals: { "aws:SourceAccount": accountId } };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountOwner",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${accountId}:root` },
                Action: ["sns:Publish", "sns:Subscribe", "sns:Receive", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic"],
                Resource: topicArn,
            },
            { Sid: "EventBridgePublish", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn, Condition: fromAccount },
            { Sid: "CloudWatchPublish", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn, Condition: fromAccount },
        ],
    };
}

/** Who a subscriber is, for the plan's "who is told of what". */
export interface Subscriber {
    readonly kind: "email" | "https" | "slack";
    readonly endpoint: string;
}

export function subscribersOf(n: NotificationsConfig): Subscriber[] {
    return [
        ...n.email.map((e): Subscriber => ({ kind: "email", endpoint: e })),
        ...n.https.map((u): Subscriber => ({ kind: "https", endpoint: u })),
        ...n.slack.map((s): Subscriber => ({ kind: "slack", endpoint: `${s.workspaceId}/${s.channelId}` })),
    ];
}

export interface NotificationsArgs {
    /** The parsed stack config (project, stack, region, tags). */
    readonly config: StackConfig;
    readonly notifications: NotificationsConfig;
    /** The ECS cluster whose services' deployments are watched. */
    readonly clusterArn: pulumi.Input<string>;
    /**
     * An explicit aws provider for us-east-1, whatever the stack's region (the
     * default provider follows aws:region). Made by the caller at the
     * stack's root: a targeted `up` always steps providers, and stops when a
     * provider's new parent is not targeted.
     */
    readonly usEast1Provider: aws.Provider;
}

export class Notifications extends pulumi.ComponentResource {
    /** Topics of the stack's region: the actions of every service alarm. */
    readonly regionalTopicArns: pulumi.Output<string>[];
    /** Topics in us-east-1: the actions of the Route 53 health-check alarms. */
    readonly usEast1TopicArns: pulumi.Output<string>[];
    /** The explicit provider the us-east-1 resources are created with. */
    readonly usEast1Provider: aws.Provider;

    constructor(name: string, args: NotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("migration:aws:Notifications", name, {}, opts);
        const { config, notifications: n } = args;
        const prefix = stackPrefix(config.project, config.stack);
        const tags = { ...config.tags };
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        this.usEast1Provider = args.usEast1Provider;
        const inUsEast1 = config.awsRegion === ROUTE53_METRICS_REGION;

        const topics: { arn: pulumi.Output<string>; usEast1: boolean }[] = [];
        if (n.topicArn !== undefined) {
            topics.push({ arn: pulumi.output(n.topicArn), usEast1: inUsEast1 });
            if (!inUsEast1) {
                // Config validation requires it outside us-east-1.
                topics.push({ arn: pulumi.output(n.usEast1TopicArn!), usEast1: true });
            }
        } else {
            const create = (suffix: string, provider?: aws.Provider) => {
                const topic = new aws.sns.Topic(`${name}-topic${suffix}`, {
                    name: notificationTopicName(prefix, suffix),
                    displayName: fitName(`${prefix} alerts`, 100),
                    tags,
                }, { parent: this, provider });
                new aws.sns.TopicPolicy(`${name}-topic${suffix}`, {
                    arn: topic.arn,
                    policy: pulumi.all([topic.arn, account]).apply(([arn, id]) => JSON.stringify(topicPolicy(arn, id))),
                }, { parent: this, provider });
                return topic.arn;
            };
            topics.push({ arn: create(""), usEast1: inUsEast1 });
            if (!inUsEast1) {
                topics.push({ arn: create("-us-east-1", this.usEast1Provider), usEast1: true });
            }
        }
        this.regionalTopicArns = topics.slice(0, 1).map((t) => t.arn);
        this.usEast1TopicArns = topics.filter((t) => t.usEast1).map((t) => t.arn);

        // Subscriptions: on every topic the program told to, so each subscriber hears both regions.
        topics.forEach((topic, t) => {
            const provider = t > 0 ? this.usEast1Provider : undefined;
            const suffix = t > 0 ? "-us-east-1" : "";
            for (const [protocol, endpoints] of [["email", n.email], ["https", n.https]] as const) {
                for (const endpoint of endpoints) {
                    new aws.sns.TopicSubscription(`${name}${suffix}-${protocol}-${sanitizeName(endpoint).slice(0, 40)}`, {
                        topic: topic.arn,
                        protocol,
                        endpoint,
                    }, { parent: this, provider });
                }
            }
        });
        if (n.slack.length > 0) {
            // AWS Chatbot posts the topics' messages; the role is the channel's
            // identity and needs no permission to relay notifications (AWS
            // Chatbot Administrator Guide, "Understanding permissions");
            // the guardrail caps what channel members could run to read-only CloudWatch.
            const role = new aws.iam.Role(`${name}-chatbot`, {
                name: fitName(`${prefix}-chatbot`, 64),
                description: "AWS Chatbot channel role: relays the stack's notifications",
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                tags,
            }, { parent: this });
            for (const channel of n.slack) {
                new aws.chatbot.SlackChannelConfiguration(`${name}-slack-${channel.channelId.toLowerCase()}`, {
                    configurationName: fitName(`${prefix}-${channel.channelId}`, 128),
                    iamRoleArn: role.arn,
                    slackTeamId: channel.workspaceId,
                    slackChannelId: channel.channelId,
                    snsTopicArns: topics.map((t) => t.arn),
                    guardrailPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
                    loggingLevel: "ERROR",
                    tags,
                }, { parent: this });
            }
        }

        // Failed and rolled-back ECS deployments of the stack's cluster.
        const rule = new aws.cloudwatch.EventRule(`${name}-ecs-deployments`, {
            name: eventRuleName(prefix, "ecs-deployments"),
            description: `${prefix}: ECS deployments that failed or roll back`,
            eventPattern: pulumi.output(args.clusterArn).apply((arn) => JSON.stringify(deploymentEventPattern(serviceArnPrefix(arn)))),
            tags,
        }, { parent: this });
        new aws.cloudwatch.EventTarget(`${name}-ecs-deployments`, {
            rule: rule.name,
            arn: this.regionalTopicArns[0],
            inputTransformer: {
                inputPaths: { event: "$.detail.eventName", reason: "$.detail.reason", service: "$.resources[0]", time: "$.time" },
                // An SNS target takes a string: a quoted JSON string template.
                inputTemplate: "\"<time> <event> <service>: <reason>\"",
            },
        }, { parent: this });

        this.registerOutputs({ regionalTopicArns: this.regionalTopicArns, usEast1TopicArns: this.usEast1TopicArns });
    }
}
