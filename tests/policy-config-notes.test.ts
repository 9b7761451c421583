// Policy config entries that belong to no resource of the stack (tools/plan/policy-config-notes.ts).
import * as assert from "assert";
import { policyConfigNotes } from "../tools/plan/policy-config-notes";

describe("policy config entries that belong to no resource of this stack", () => {
    const context = { project: "migration", stack: "staging", otherStacks: ["dev", "prod", "prod-eu"], file: "policies/config/staging.json" };
    const droplets = [
        { id: "501", tags: ["migration-staging-web", "environment:prod"], size: "s-2vcpu-4gb" },
        { id: "502", tags: ["migration-staging-api"], size: "s-2vcpu-4gb" },
    ];
    const firewall = (pendingFirewall: string[]) => ({ "networking-do-droplet-firewalled": { pendingFirewall } });

    it("names a pendingFirewall tag of another stack, and which", () => {
        assert.deepStrictEqual(policyConfigNotes(firewall(["tag:migration-staging-web", "tag:migration-prod-web", "tag:migration-prod-eu-api", "tag:other"]), droplets, context), [
            "policies/config/staging.json: networking-do-droplet-firewalled.pendingFirewall \"tag:migration-prod-web\" names no Droplet of stack staging: it is the selection tag of stack prod's Droplets (copied with its policy config?); this stack's Droplets are tagged migration-staging-<service>: list those that wait for their firewall, or remove the entry",
            "policies/config/staging.json: networking-do-droplet-firewalled.pendingFirewall \"tag:migration-prod-eu-api\" names no Droplet of stack staging: it is the selection tag of stack prod-eu's Droplets (copied with its policy config?); this stack's Droplets are tagged migration-staging-<service>: list those that wait for their firewall, or remove the entry",
            "policies/config/staging.json: networking-do-droplet-firewalled.pendingFirewall \"tag:other\" names no Droplet of stack staging; this stack's Droplets are tagged migration-staging-<service>: list those that wait for their firewall, or remove the entry",
        ]);
    });

    it("names a Droplet id that is not this stack's", () => {
        assert.deepStrictEqual(policyConfigNotes(firewall(["id:501", "id:412345671"]), droplets, context), [
            "policies/config/staging.json: networking-do-droplet-firewalled.pendingFirewall \"id:412345671\" is no Droplet of stack staging (another stack's, or one that left); remove the entry",
        ]);
    });

    it("names an allow-list with none of the stack's sizes, not one with headroom", () => {
        const allow = (allowedSizes: string[]) => ({ "sizing-droplet-size-allowlist": { allowedSizes } });
        assert.deepStrictEqual(policyConfigNotes(allow(["s-2vcpu-4gb", "s-8vcpu-16gb"]), droplets, context), []);
        assert.deepStrictEqual(policyConfigNotes(allow(["s-1vcpu-1gb", "s-1vcpu-2gb"]), droplets, context), [
            "policies/config/staging.json: sizing-droplet-size-allowlist.allowedSizes [\"s-1vcpu-1gb\",\"s-1vcpu-2gb\"] has none of the sizes of stack staging's Droplets (s-2vcpu-4gb): copied from another stack's policy config? list the sizes this stack may use",
        ]);
        assert.deepStrictEqual(policyConfigNotes(allow(["s-1vcpu-1gb"]), [], context), [], "a stack without Droplets");
    });

    it("says nothing about entries that match", () => {
        assert.deepStrictEqual(policyConfigNotes({ all: "mandatory", ...firewall(["tag:migration-staging-api", "id:502"]) }, droplets, context), []);
    });
});
