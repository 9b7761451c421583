// The migration's policy pack: only assembles the rules listed in
// policies/catalog.ts (one module per concern under rules/). Advisory by
// default; policies/config/<stack>.json sets levels and thresholds per stack
// (prod: mandatory). Never import this file from tests: `new PolicyPack`
// starts a gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { PACK, POLICIES } from "./catalog";
import { loadSecretlintNow } from "./lib/secret-scan";

new PolicyPack(PACK.name, {
    description: PACK.description,
    enforcementLevel: PACK.enforcementLevel,
    policies: [...POLICIES],
});
// While the server binds its port: every run scans for secrets.
loadSecretlintNow();
