// The analyzer's channel (tools/offline/analyzer-channel.ts, its thread
// analyzer-thread.js) against a stand-in gRPC server that counts what reaches
// it: a reusable call (Analyze, AnalyzeStack) is sent once per configuration,
// and everything else keeps its order and its answers.
import * as assert from "assert";
import * as path from "path";
import { Abandon, AnalyzerChannel } from "../tools/offline/analyzer-channel";
import { sourceLinesMatching } from "./helpers/source-scan";

/* eslint-disable @typescript-eslint/no-require-imports */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const GRPC_PATH = require.resolve("@grpc/grpc-js", { paths: [pulumiDir] });
const grpc = require(GRPC_PATH) as typeof import("@grpc/grpc-js");
/* eslint-enable @typescript-eslint/no-require-imports */

const ANALYZE = "/pulumirpc.Analyzer/Analyze";
const CONFIGURE = "/pulumirpc.Analyzer/Configure";
const INFO = "/pulumirpc.Analyzer/GetAnalyzerInfo";

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString());
const bytes = (s: string) => new Uint8Array(Buffer.from(s));

/** A server answering "<n>:<request>" (n: calls of that path so far), failing requests that start with "fail". */
async function standIn(): Promise<{ readonly address: string; readonly received: string[]; readonly release: () => void; hold: boolean; readonly stop: () => void }> {
    const server = new grpc.Server();
    const received: string[] = [];
    const counts = new Map<string, number>();
    const held: (() => void)[] = [];
    const state = {
        hold: false,
        release: () => held.splice(0).forEach((go) => go()),
    };
    const method = (p: string) => ({
        path: p, requestStream: false, responseStream: false,
        requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b,
    });
    const handler = (p: string): import("@grpc/grpc-js").handleUnaryCall<Buffer, Buffer> => (call, callback) => {
        const request = call.request.toString();
        received.push(`${p.split("/").pop()} ${request}`);
        const n = (counts.get(p) ?? 0) + 1;
        counts.set(p, n);
        const respond = () => request.startsWith("fail")
            ? callback({ code: grpc.status.INTERNAL, details: `refused ${request}` })
            : callback(null, Buffer.from(`${n}:${request}`));
        if (state.hold) {
            held.push(respond);
        } else {
            respond();
        }
    };
    server.addService(
        { Analyze: method(ANALYZE), Configure: method(CONFIGURE), GetAnalyzerInfo: method(INFO) } as never,
        { Analyze: handler(ANALYZE), Configure: handler(CONFIGURE), GetAnalyzerInfo: handler(INFO) },
    );
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    return Object.assign(state, { address: `127.0.0.1:${port}`, received, stop: () => server.forceShutdown() });
}

describe("analyzer channel: reused answers", () => {
    let server: Awaited<ReturnType<typeof standIn>>;
    let channel: AnalyzerChannel;

    beforeEach(async () => {
        server = await standIn();
        channel = new AnalyzerChannel(server.address, { grpcPath: GRPC_PATH, inFlight: 4, channelOptions: {} });
    });

    afterEach(() => {
        channel.close();
        server.stop();
    });

    it("sends the same reusable request once; every caller gets the answer", async () => {
        const first = text(await channel.call(ANALYZE, bytes("a"), undefined, "reusable"));
        const again = text(await channel.call(ANALYZE, bytes("a"), undefined, "reusable"));
        const other = text(await channel.call(ANALYZE, bytes("b"), undefined, "reusable"));
        assert.deepStrictEqual({ first, again, other, received: server.received }, { first: "1:a", again: "1:a", other: "2:b", received: ["Analyze a", "Analyze b"] });
    });

    it("joins a call still on its way instead of sending it twice", async () => {
        server.hold = true;
        const answers = [channel.call(ANALYZE, bytes("a"), undefined, "reusable"), channel.call(ANALYZE, bytes("a"), undefined, "reusable")];
        await new Promise((resolve) => setTimeout(resolve, 100));
        server.release();
        assert.deepStrictEqual({ answers: (await Promise.all(answers)).map(text), received: server.received }, { answers: ["1:a", "1:a"], received: ["Analyze a"] });
    });

    it("asks again after a different configuration, and reuses the answers of a configuration sent again", async () => {
        await channel.call(CONFIGURE, bytes("x"), undefined, "configures");
        const underX = text(await channel.call(ANALYZE, bytes("a"), undefined, "reusable"));
        await channel.call(CONFIGURE, bytes("y"), undefined, "configures");
        const underY = text(await channel.call(ANALYZE, bytes("a"), undefined, "reusable"));
        await channel.call(CONFIGURE, bytes("x"), undefined, "configures");
        const underXAgain = text(await channel.call(ANALYZE, bytes("a"), undefined, "reusable"));
        assert.deepStrictEqual(
            { underX, underY, underXAgain, received: server.received },
            { underX: "1:a", underY: "2:a", underXAgain: "1:a", received: ["Configure x", "Analyze a", "Configure y", "Analyze a", "Configure x"] },
        );
    });

    it("does not send again the configuration the pack holds; sends it after another one, or after a refusal", async () => {
        await channel.call(CONFIGURE, bytes("x"), undefined, "configures");
        const again = text(await channel.call(CONFIGURE, bytes("x"), undefined, "configures"));
        await channel.call(CONFIGURE, bytes("y"), undefined, "configures");
        await channel.call(CONFIGURE, bytes("x"), undefined, "configures");
        await channel.call(CONFIGURE, bytes("fail-config"), undefined, "configures").catch(() => undefined);
        await channel.call(CONFIGURE, bytes("x"), undefined, "configures");
        assert.deepStrictEqual({ again, configured: server.received.filter((r) => r.startsWith("Configure")) }, {
            again: "1:x",
            configured: ["Configure x", "Configure y", "Configure x", "Configure fail-config", "Configure x"],
        });
    });

    it("keeps nothing answered under a configuration the pack refused", async () => {
        await channel.call(CONFIGURE, bytes("x"), undefined, "configures");
        await channel.call(ANALYZE, bytes("a"), undefined, "reusable");
        const refused = await channel.call(CONFIGURE, bytes("fail-config"), undefined, "configures").then(() => "accepted", (err: { message: string }) => err.message);
        const afterRefusal = text(await channel.call(ANALYZE, bytes("a"), undefined, "reusable"));
        await channel.call(CONFIGURE, bytes("fail-config"), undefined, "configures").catch(() => undefined);
        const afterSecondRefusal = text(await channel.call(ANALYZE, bytes("a"), undefined, "reusable"));
        assert.deepStrictEqual(
            { refused, afterRefusal, afterSecondRefusal, analyzed: server.received.filter((r) => r.startsWith("Analyze")) },
            { refused: "13 INTERNAL: refused fail-config", afterRefusal: "2:a", afterSecondRefusal: "3:a", analyzed: ["Analyze a", "Analyze a", "Analyze a"] },
        );
    });

    it("does not keep a failed answer: the same request is sent again", async () => {
        const failures = [];
        for (let i = 0; i < 2; i++) {
            failures.push(await channel.call(ANALYZE, bytes("fail-a"), undefined, "reusable").then(() => "answered", (err: { message: string }) => err.message));
        }
        assert.deepStrictEqual({ failures, received: server.received }, { failures: ["13 INTERNAL: refused fail-a", "13 INTERNAL: refused fail-a"], received: ["Analyze fail-a", "Analyze fail-a"] });
    });

    it("never reuses a plain or barrier call", async () => {
        const answers = [
            text(await channel.call(INFO, bytes("i"), undefined, "barrier")),
            text(await channel.call(INFO, bytes("i"), undefined, "barrier")),
            text(await channel.call(ANALYZE, bytes("a"))),
            text(await channel.call(ANALYZE, bytes("a"))),
        ];
        assert.deepStrictEqual(answers, ["1:i", "2:i", "1:a", "2:a"]);
    });

    it("an abandoned caller waiting for the same answer gets none; the one that asked first still gets it", async () => {
        server.hold = true;
        // One call in flight fills the connection (inFlight 4: three fillers and the first "a").
        const fillers = ["f1", "f2", "f3"].map((f) => channel.call(ANALYZE, bytes(f)));
        const first = channel.call(ANALYZE, bytes("a"), undefined, "reusable");
        const queued = channel.call(ANALYZE, bytes("q"), undefined, "reusable");
        const abandon = new Abandon();
        const waiting = channel.call(ANALYZE, bytes("q"), abandon, "reusable");
        await new Promise((resolve) => setTimeout(resolve, 100));
        abandon.now();
        assert.strictEqual(await waiting, undefined);
        server.release();
        await Promise.all([...fillers, first]);
        server.hold = false;
        server.release();
        assert.deepStrictEqual({ queued: text(await queued), received: server.received }, { queued: "5:q", received: ["Analyze f1", "Analyze f2", "Analyze f3", "Analyze a", "Analyze q"] });
    });
});

describe("the policy pack answers from its request and configuration only", () => {
    // What makes reusing its answers sound (analyzer-thread.js): no policy reads a clock, randomness, the environment or files.
    it("no policy source reads a clock, randomness, the environment or the file system", () => {
        const found = sourceLinesMatching(["policies"], /\bDate\b|Math\.random|process\.(env|hrtime|uptime|cwd)|performance\.now|(require\(|from )"(node:)?(fs|os|child_process|crypto)"/);
        assert.deepStrictEqual(found, []);
    });
});
