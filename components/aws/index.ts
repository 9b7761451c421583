// The AWS side: network, shared platform (cluster, ALB, certificate) and one
// Fargate service per configured service.
export { AwsNetwork, type AwsNetworkArgs } from "./network";
export { AwsPlatform, type AwsPlatformArgs, ALB_SSL_POLICY } from "./platform";
export { FargateService, type FargateServiceArgs } from "./fargate-service";
