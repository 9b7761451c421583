// `npm run cutover`: in-process, with a stand-in `pulumi` first on PATH that
// prints a canned `stack output cutover --json` and records its arguments.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cutoverChangeBatch, revertChangeBatch } from "../components/traffic/cutover";
import { healthCheckStatusProblem, main } from "../tools/cutover/cli";

const ROOT = path.resolve(__dirname, "..");

const BATCH = cutoverChangeBatch({
    hostname: "www.example.com",
    liveRecord: { type: "A", ttl: 300, values: ["203.0.113.21"] },
    legacy: { loadBalancerIp: "198.51.100.7", healthCheckId: "4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab" },
    fargate: { albDnsName: "migration-prod-alb-1.us-east-1.elb.amazonaws.com", albZoneId: "Z35SXDOTRQ7X7K", healthCheckId: "9e8d7c6b-aaaa-4bbb-8ccc-0123456789ab" },
});
const OUTPUT = {
    "www.example.com": { hostname: "www.example.com", zoneId: "Z0123456789ABCDEFGHIJ", file: "cutover-prod-www.example.com.json", changeBatch: BATCH, command: "aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABCDEFGHIJ --change-batch file://cutover-prod-www.example.com.json" },
};

interface Outcome { code: number; stdout: string; stderr: string; argv?: string[] }

let work: string;
let bin: string;

function run(argv: string[], stub: { output?: string; exit?: number; stderr?: string; health?: string[]; awsExit?: number } | "absent"): Outcome {
    const env: NodeJS.ProcessEnv = { PATH: stub === "absent" ? path.join(work, "empty") : `${bin}${path.delimiter}${path.join(work, "empty")}` };
    if (stub !== "absent") {
        fs.writeFileSync(path.join(work, "stub.json"), JSON.stringify(stub));
    }
    const out: string[] = [];
    const err: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => { out.push(chunk); return true; }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => { err.push(chunk); return true; }) as typeof process.stderr.write;
    let code: number;
    try {
        code = main(argv, env, ROOT);
    } finally {
        process.stdout.write = write;
        process.stderr.write = writeErr;
    }
    const record = path.join(work, "argv.json");
    const argvSeen = fs.existsSync(record) ? JSON.parse(fs.readFileSync(record, "utf8")) as string[] : undefined;
    fs.rmSync(record, { force: true });
    return { code, stdout: out.join(""), stderr: err.join(""), argv: argvSeen };
}

describe("npm run cutover", () => {
    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "cutover-"));
        bin = path.join(work, "bin");
        fs.mkdirSync(bin);
        fs.mkdirSync(path.join(work, "empty"));
        const stub = path.join(bin, "pulumi");
        fs.writeFileSync(stub, `#!${process.execPath}
const fs = require("fs"); const path = require("path");
const dir = path.dirname(__dirname);
fs.writeFileSync(path.join(dir, "argv.json"), JSON.stringify(process.argv.slice(2)));
const stub = JSON.parse(fs.readFileSync(path.join(dir, "stub.json"), "utf8"));
if (stub.stderr) process.stderr.write(stub.stderr);
if (stub.output !== undefined) process.stdout.write(stub.output);
process.exit(stub.exit || 0);
`);
        fs.chmodSync(stub, 0o755);
        // A stand-in aws: get-health-check-status answers with stub.json's observations (every checker healthy by default).
        const aws = path.join(bin, "aws");
        fs.writeFileSync(aws, `#!${process.execPath}
const fs = require("fs"); const path = require("path");
const dir = path.dirname(__dirname);
fs.writeFileSync(path.join(dir, "aws-argv.json"), JSON.stringify(process.argv.slice(2)));
const stub = JSON.parse(fs.readFileSync(path.join(dir, "stub.json"), "utf8"));
if (stub.awsExit) { process.stderr.write("An error occurred (AccessDenied)\\n"); process.exit(stub.awsExit); }
const statuses = stub.health || ["Success: HTTP Status Code 200, OK", "Success: HTTP Status Code 200, OK"];
process.stdout.write(JSON.stringify({ HealthCheckObservations: statuses.map((s, i) => ({ Region: ["us-east-1", "eu-west-1", "ap-southeast-1"][i % 3], IPAddress: "15.177.0." + i, StatusReport: { Status: s, CheckedTime: "2026-12-06T10:00:00Z" } })) }));
`);
        fs.chmodSync(aws, 0o755);
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("writes each pending hostname's batch and prints the command that applies it", () => {
        const out = path.join(work, "batches");
        const result = run(["--stack", "prod", "--out", out], { output: JSON.stringify(OUTPUT) });
        assert.strictEqual(result.code, 0, result.stderr);
        assert.deepStrictEqual(result.argv, ["stack", "output", "cutover", "--json", "--stack", "prod"]);
        const file = path.join(out, "cutover-prod-www.example.com.json");
        const undo = path.join(out, "cutover-prod-www.example.com.undo.json");
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, "utf8")), BATCH);
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(undo, "utf8")), revertChangeBatch(BATCH, "www.example.com"));
        assert.strictEqual(result.stdout, [
            "Cut-over of stack prod: run each command once, then set traffic.importWeightedRecords (and remove traffic.liveRecord) for the hostname and run `npm run up -- --stack prod` (docs/runbook.md, phase 2).",
            "Each undo puts the plain record back, until an up moves the weights (Route 53 refuses it whole after that).",
            "",
            `www.example.com: ${file}`,
            `  aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABCDEFGHIJ --change-batch file://${file}`,
            `  undo: aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABCDEFGHIJ --change-batch file://${undo}`,
            "",
        ].join("\n"));
        assert.strictEqual(result.stderr, "");
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(work, "aws-argv.json"), "utf8")),
            ["route53", "get-health-check-status", "--health-check-id", "4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab", "--output", "json"]);
    });

    it("writes no batch while a Route 53 checker sees the new legacy path fail", () => {
        const out = path.join(work, "unhealthy");
        const result = run(["--stack", "prod", "--out", out], { output: JSON.stringify(OUTPUT), health: ["Success: HTTP Status Code 200, OK", "Failure: HTTP Status Code 503, Service Unavailable"] });
        assert.deepStrictEqual([result.code, result.stdout], [2, ""]);
        assert.strictEqual(result.stderr, [
            "error: the new legacy path is not healthy yet, so no batch was written (the cut-over would send every request of the hostname to it):",
            "  - www.example.com: health check 4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab: 1 of 2 Route 53 checkers report a failure, e.g. eu-west-1: \"Failure: HTTP Status Code 503, Service Unavailable\"",
            "Check the load balancer and its Droplets (`doctl compute load-balancer get <id>`, curl --resolve <hostname>:443:<loadBalancerIp> https://<hostname><health path>), then run this again.",
            "",
        ].join("\n"));
        assert.ok(!fs.existsSync(out), "no file written");
    });

    it("says what the health check needs when the AWS CLI fails", () => {
        const result = run(["--stack", "prod", "--out", path.join(work, "aws-fails")], { output: JSON.stringify(OUTPUT), awsExit: 254 });
        assert.strictEqual(result.code, 2);
        assert.ok(result.stderr.includes("  - www.example.com: aws route53 get-health-check-status --health-check-id 4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab failed (exit 254): An error occurred (AccessDenied)\n"), result.stderr);
    });

    it("says so when nothing is pending", () => {
        const result = run(["--stack", "prod", "--out", path.join(work, "none")], { output: "{}" });
        assert.deepStrictEqual([result.code, result.stdout], [0, "No hostname of stack prod has a cut-over pending: every one is on its weighted records.\n"]);
        assert.ok(!fs.existsSync(path.join(work, "none")));
    });

    const refusals: [string, string[], Parameters<typeof run>[1], string][] = [
        ["an unknown stack", ["--stack", "qa"], { output: "{}" }, "error: --stack: \"qa\" is not a stack of this project; allowed dev, prod\n"],
        ["a hostname with nothing pending", ["--stack", "prod", "--hostname", "api.example.com", "--out", "/nonexistent"], { output: JSON.stringify(OUTPUT) },
            "error: --hostname: api.example.com has no cut-over pending in stack prod; pending: www.example.com\n"],
        ["no Pulumi CLI", ["--stack", "prod"], "absent",
            "error: the Pulumi CLI is not on PATH: the cut-over batch holds the deployed stack's ids, which only `pulumi stack output` can read (install it: https://www.pulumi.com/docs/install/)\n"],
        ["a failing Pulumi CLI", ["--stack", "prod"], { exit: 255, stderr: "error: no stack named 'prod' found\n" },
            "error: pulumi stack output cutover --stack prod failed (exit 255): error: no stack named 'prod' found\n"],
        ["an output this program did not make", ["--stack", "prod"], { output: "[1,2]" },
            "error: pulumi stack output cutover printed [1,2]; expected an object of hostnames (is the stack deployed by this program?)\n"],
    ];
    for (const [what, argv, stub, message] of refusals) {
        it(`refuses ${what} with exit 2 and one message`, () => {
            const result = run(argv, stub);
            assert.deepStrictEqual([result.code, result.stdout, result.stderr], [2, "", message]);
        });
    }
});

describe("healthCheckStatusProblem (GetHealthCheckStatus)", () => {
    const observation = (Region: string, Status: string) => ({ Region, StatusReport: { Status } });
    const cases: [string, unknown, string | undefined][] = [
        ["every checker healthy", { HealthCheckObservations: [observation("us-east-1", "Success: HTTP Status Code 200, OK"), observation("eu-west-1", "Success: HTTP Status Code 301")] }, undefined],
        ["one checker failing", { HealthCheckObservations: [observation("us-east-1", "Success: HTTP Status Code 200, OK"), observation("sa-east-1", "Failure: Connection timed out.")] },
            "1 of 2 Route 53 checkers report a failure, e.g. sa-east-1: \"Failure: Connection timed out.\""],
        ["no observation yet", { HealthCheckObservations: [] }, "Route 53 has no observation of it yet (a new health check takes a minute)"],
        ["an observation without a status", { HealthCheckObservations: [{ Region: "us-west-1" }] }, "1 of 1 Route 53 checkers report a failure, e.g. us-west-1: \"no status\""],
    ];
    for (const [what, json, expected] of cases) {
        it(`${what} -> ${expected ?? "healthy"}`, () => {
            assert.strictEqual(healthCheckStatusProblem(JSON.stringify(json)), expected);
        });
    }
    it("not JSON", () => {
        assert.strictEqual(healthCheckStatusProblem("Unknown options"), "aws route53 get-health-check-status printed \"Unknown options\", not JSON");
    });
});
