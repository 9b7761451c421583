// The migration's policy pack: only assembles the rules (one module per
// concern). Advisory by default; policies/config/<stack>.json sets levels and
// thresholds per stack (prod: mandatory). Never import this file from tests:
// `new PolicyPack` starts a gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { networkingPolicies } from "./rules/networking";
import { secretsPolicies } from "./rules/secrets";
import { sizingPolicies } from "./rules/sizing";
import { trafficPolicies } from "./rules/traffic";

new PolicyPack("migration-guardrails", {
    description: "Private networking, sizing limits, secrets usage and traffic safety for the Droplets-to-Fargate migration.",
    enforcementLevel: "advisory",
    policies: [...networkingPolicies, ...sizingPolicies, ...secretsPolicies, ...trafficPolicies],
});
