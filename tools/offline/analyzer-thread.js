// The policy pack's gRPC connections, in a thread of their own
// (analyzer-channel.ts starts it). The plan's thread runs the program and the
// change-safety analysis in long stretches with no turn of its event loop, so
// calls it started waited there, unsent, and answers waited unread: the pack,
// another process on the other core, sat idle for a second or more of every
// plan. Here calls go out and answers come in whatever the plan's thread is
// doing. Answers cross as bytes, decoded by the caller with analyzer.proto's
// own stubs; requests as bytes, or as plain data that this thread encodes
// (analyzer-wire.js: Analyze and AnalyzeStack, most of the encoding work).
// At most `limit` calls per connection are in flight, the rest queue here,
// as bytes, so a large stack does not hand the pack thousands at once.
// Calls are sent in the order they were made.
// Plain JavaScript: a worker thread runs no TypeScript loader.
"use strict";
const { parentPort, workerData } = require("worker_threads");

const grpc = require(workerData.grpcPath);

/** analyzer-wire.js, loaded at the first request to encode. */
let wire;

/** By connection id: the client, its queue and how many of its calls are in flight. */
const connections = new Map();

function answer(message, transfer) {
    parentPort.postMessage(message, transfer);
}

// A call marked `barrier` (getting the pack's info, configuring it) runs
// alone: it waits for the calls before it to end, and the calls after it wait
// for it, as the engine configures a pack before analyzing anything.
function pump(connection) {
    while (!connection.blocked && connection.inFlight < connection.limit && connection.queue.length > 0) {
        if (connection.queue[0].barrier && connection.inFlight > 0) {
            return;
        }
        const call = connection.queue.shift();
        connection.inFlight++;
        connection.blocked = call.barrier === true;
        const identity = (bytes) => bytes;
        connection.client.makeUnaryRequest(call.path, identity, identity, Buffer.from(call.bytes), (err, response) => {
            connection.inFlight--;
            if (call.barrier) {
                connection.blocked = false;
            }
            if (err) {
                answer({ id: call.id, error: { message: err.message, code: err.code } });
            } else {
                // A copy of exactly the answer's bytes, handed over without a second copy.
                const bytes = new Uint8Array(response);
                answer({ id: call.id, bytes }, [bytes.buffer]);
            }
            pump(connection);
        });
    }
}

parentPort.on("message", (message) => {
    const connection = connections.get(message.connection);
    switch (message.type) {
        case "connect":
            connections.set(message.connection, {
                client: new grpc.Client(message.address, grpc.credentials.createInsecure(), message.options),
                queue: [],
                inFlight: 0,
                blocked: false,
                limit: message.limit,
            });
            break;
        case "call":
            if (message.encode !== undefined) {
                // Encoded here, beside the caller's work (analyzer-wire.js).
                try {
                    wire ??= require("./analyzer-wire");
                    message.bytes = wire.encode(message.encode.kind, message.encode.payload);
                } catch (err) {
                    answer({ id: message.id, error: { message: `encoding ${message.encode.kind}: ${err.message}` } });
                    break;
                }
                delete message.encode;
            }
            connection.queue.push(message);
            pump(connection);
            break;
        case "drop": {
            // Not sent yet: it never will be. Sent: it ends as it ends.
            const index = connection === undefined ? -1 : connection.queue.findIndex((c) => c.id === message.id);
            if (index >= 0) {
                connection.queue.splice(index, 1);
                answer({ id: message.id, dropped: true });
            }
            break;
        }
        case "close":
            if (connection !== undefined) {
                connection.client.close();
                for (const call of connection.queue) {
                    answer({ id: call.id, error: { message: "the connection was closed", code: grpc.status.CANCELLED } });
                }
                connections.delete(message.connection);
            }
            break;
        default:
            throw new Error(`analyzer thread: unknown message ${JSON.stringify(message.type)}`);
    }
});
