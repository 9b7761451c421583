// The migration's policy pack: only assembles the rules listed in
// policies/catalog.ts (one module per concern under rules/). Advisory by
// default; policies/config/<stack>.json sets levels and thresholds per stack
// (prod: mandatory). Never import this file from tests: `new PolicyPack`
// starts a gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./catalog";

new PolicyPack("migration-guardrails", {
    description: "Private networking, sizing limits, secrets usage, traffic safety and platform hygiene for the Droplets-to-Fargate migration.",
    enforcementLevel: "advisory",
    policies: [...POLICIES],
});
