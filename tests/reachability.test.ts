// What a Fargate task can reach of what stays on DigitalOcean (components/legacy/reachability.ts).
import * as assert from "assert";
import { databaseAddressProblem, egressReachProblem, type NetworkContext } from "../components/legacy/reachability";

describe("reachability from Fargate", () => {
    const created: NetworkContext = { legacyRange: "10.124.0.0/20", legacyRegion: "nyc3", awsRange: "10.30.0.0/16", mode: "create" };
    const existing: NetworkContext = { ...created, mode: "existing", awsRange: "172.31.0.0/16" };
    const cases: [string, string, NetworkContext, RegExp | undefined][] = [
        ["inside the DigitalOcean VPC", "10.124.3.4/32", created, /inside legacy\.vpcIpRange 10\.124\.0\.0\/20/],
        ["a range containing the DigitalOcean VPC", "10.0.0.0/8", created, /inside legacy\.vpcIpRange/],
        ["DigitalOcean's reserved range everywhere", "10.245.0.0/16", created, /10\.245\.0\.0\/16, which DigitalOcean reserves/],
        ["the region's reserved range", "10.17.1.0/24", created, /10\.17\.0\.0\/16, which DigitalOcean reserves/],
        ["inside the stack's own VPC", "10.30.4.0/24", created, undefined],
        ["private, outside a created VPC", "172.16.0.0/16", created, /private range outside this stack's VPC \(network\.cidr 10\.30\.0\.0\/16\)/],
        ["private, outside an existing VPC: may be peered", "10.50.0.0/16", existing, undefined],
        ["but never the DigitalOcean VPC, even from an existing VPC", "10.124.0.0/24", existing, /inside legacy\.vpcIpRange/],
        ["a public address", "203.0.113.9/32", created, undefined],
        ["not an IPv4 CIDR: not judged here", "2001:db8::/32", created, undefined],
    ];
    for (const [title, cidr, context, expected] of cases) {
        it(title, () => {
            const problem = egressReachProblem(cidr, context);
            if (expected === undefined) {
                assert.strictEqual(problem, undefined);
            } else {
                assert.match(problem ?? "", expected);
            }
        });
    }

    it("a database is reached on its public address only", () => {
        assert.strictEqual(databaseAddressProblem("203.0.113.50/32"), undefined);
        assert.match(databaseAddressProblem("10.124.0.9/32") ?? "", /is a private address/);
        assert.match(databaseAddressProblem("192.168.0.4/32") ?? "", /is a private address/);
    });
});
