// The AWS side: network, shared platform (cluster, ALB, certificates), one
// Fargate service per configured service (with its revisions), and the
// migration dashboard.
export { AwsNetwork, type AwsNetworkArgs } from "./network";
export { AwsPlatform, type AwsPlatformArgs, ALB_SSL_POLICY } from "./platform";
export { FargateService, type FargateServiceArgs } from "./fargate-service";
export { FargateRevision, type FargateRevisionArgs } from "./fargate-revision";
export { MigrationDashboard, type MigrationDashboardArgs } from "./dashboard";
