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
// A Configure whose bytes are those of the configuration the pack last
// accepted on this connection, with none sent since, is answered as it was:
// the pack would replace its configuration with the same one.
// A call marked `reusable` (Analyze, AnalyzeStack) whose exact bytes this
// connection has sent since the pack's last configuration gets that call's
// answer (or waits for it), and is not sent again: an answer of the pack is a
// function of the request, its configuration and its build (@pulumi/policy's
// server keeps nothing else between calls: server.js, policyPackConfig, set
// whole by Configure; the pack reads no clock, environment or randomness,
// tests/analyzer-channel.test.ts), so the pack would compute the same bytes
// again. A plan `--against` a base asks twice about every resource the change
// leaves alone; a test process, about the example stacks in every file.
// Plain JavaScript: a worker thread runs no TypeScript loader.
"use strict";
const crypto = require("crypto");
const { parentPort, workerData } = require("worker_threads");

const grpc = require(workerData.grpcPath);

/** analyzer-wire.js (the protobuf stubs), loaded once the thread has started, while it waits for its first call. */
let wire;
setImmediate(() => {
    wire ??= require("./analyzer-wire");
});

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
                if (call.configures) {
                    // The pack kept the configuration before this one, not the one the calls after it are keyed by: none of their answers is found again.
                    connection.generation++;
                }
                if (call.key !== undefined && connection.answers.get(call.key)?.call === call) {
                    connection.answers.delete(call.key);
                }
                for (const id of call.ids) {
                    answer({ id, error: { message: err.message, code: err.code } });
                }
            } else {
                // Exactly the answer's bytes, owned: each caller gets its own copy, handed over without a second one.
                const bytes = new Uint8Array(response);
                if (call.key !== undefined) {
                    remember(connection, call.key, bytes);
                }
                if (call.configures && call.configuration === connection.configuration && call.generation === connection.generation) {
                    connection.applied = { configuration: call.configuration, generation: call.generation, bytes };
                }
                for (const id of call.ids) {
                    const copy = bytes.slice();
                    answer({ id, bytes: copy }, [copy.buffer]);
                }
            }
            pump(connection);
        });
    }
}

/** Answers kept per connection, at most this many bytes (the oldest go first). */
const KEPT_ANSWER_BYTES = 64 * 1024 * 1024;

function remember(connection, key, bytes) {
    connection.answers.set(key, { bytes });
    connection.keptBytes += bytes.byteLength;
    for (const [oldKey, kept] of connection.answers) {
        if (connection.keptBytes <= KEPT_ANSWER_BYTES) {
            break;
        }
        if (kept.bytes !== undefined) {
            connection.answers.delete(oldKey);
            connection.keptBytes -= kept.bytes.byteLength;
        }
    }
}

/** Queues a call, or answers it from (or joins) the same call since the last configuration. */
function enqueue(connection, message) {
    const call = { ids: [message.id], path: message.path, bytes: message.bytes, barrier: message.barrier === true, configures: message.configures === true };
    if (call.configures) {
        const configuration = crypto.createHash("sha1").update(message.bytes).digest("hex");
        const applied = connection.applied;
        if (applied !== undefined && applied.configuration === configuration && connection.configuration === configuration && applied.generation === connection.generation) {
            // The pack holds exactly this configuration already (the last one sent, answered): sending it again changes nothing.
            const copy = applied.bytes.slice();
            answer({ id: message.id, bytes: copy }, [copy.buffer]);
            return;
        }
        connection.configuration = configuration;
        call.configuration = configuration;
        call.generation = connection.generation;
    }
    if (message.reusable === true) {
        const key = `${connection.generation}\0${connection.configuration}\0${message.path}\0${crypto.createHash("sha1").update(message.bytes).digest("hex")}`;
        const known = connection.answers.get(key);
        if (known?.bytes !== undefined) {
            const copy = known.bytes.slice();
            answer({ id: message.id, bytes: copy }, [copy.buffer]);
            return;
        }
        if (known?.call !== undefined) {
            known.call.ids.push(message.id);
            return;
        }
        call.key = key;
        connection.answers.set(key, { call });
    }
    connection.queue.push(call);
    pump(connection);
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
                // The pack's configuration as last sent (a hash of its Configure request), and
                // how many Configure calls the pack refused: both are part of an answer's key.
                configuration: "",
                generation: 0,
                // By configuration, path and request hash: { bytes } answered, or { call } on its way.
                answers: new Map(),
                keptBytes: 0,
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
            enqueue(connection, message);
            break;
        case "drop": {
            // Not sent yet: it never will be (unless a later caller waits for the same answer). Sent: it ends as it ends.
            const index = connection === undefined ? -1 : connection.queue.findIndex((c) => c.ids.includes(message.id));
            if (index >= 0) {
                const call = connection.queue[index];
                call.ids.splice(call.ids.indexOf(message.id), 1);
                if (call.ids.length === 0) {
                    connection.queue.splice(index, 1);
                    if (call.key !== undefined) {
                        connection.answers.delete(call.key);
                    }
                }
                answer({ id: message.id, dropped: true });
            }
            break;
        }
        case "close":
            if (connection !== undefined) {
                connection.client.close();
                for (const call of connection.queue) {
                    for (const id of call.ids) {
                        answer({ id, error: { message: "the connection was closed", code: grpc.status.CANCELLED } });
                    }
                }
                connections.delete(message.connection);
            }
            break;
        default:
            throw new Error(`analyzer thread: unknown message ${JSON.stringify(message.type)}`);
    }
});
