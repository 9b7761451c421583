#!/usr/bin/env node
// `npm test`: the type-check (tsc --noEmit) and the mocha tests at the same
// time, failing when either fails; `npm run test:unit`: the mocha tests alone.
// Arguments after `--` go to mocha (npm run test:unit -- --reporter dot).
// Why at the same time: tsc is one single-threaded process of about 30 s, and
// the two mocha workers leave a core idle about a third of the time (waiting
// on the policy pack, a spawned CLI, a timer); one after the other, the
// type-check alone added its whole time to every run.
// Why the files in this order: mocha --parallel hands the files to its workers
// in the order given, each to the first free worker, so one long file started
// last keeps a worker busy while the other has nothing left (longest first is
// the classic fix). HEAVIEST_FIRST is measured (each file alone, CPU of all its
// processes); any other file follows in path order, so a new file needs no entry
// here unless it takes more than a few seconds. A name here that no longer
// exists is skipped.
// Why these node flags for both (mocha hands its own to its workers,
// buffered-worker-pool.js forkOpts.execArgv; the processes the tests spawn
// keep their own): the two cores are busy for the whole run, so what counts
// is CPU, every thread's. A larger young generation: a program run under
// mocks keeps nearly everything it allocates alive until it ends, and V8's
// scavenges of the default 16 MB semi-space copy it again and again (GC
// entries from perf_hooks over a whole run: 15.5 s of scavenges in the two
// mocha workers, 8.9 s at 64 MB, 5.1 s at 128 MB, and the workers' CPU 7 %
// less than at 64 (three interleaved pairs; 256 MB: no better); tsc's
// --trace-gc: 3.5 s of GC, 2.6 s at 64 MB, no better at 128). A
// later optimization (as `npm run plan` has): TurboFan's background compiles
// of functions that run a little, then no more, cost more than they save
// (tsc alone: 32 to 40 s of CPU, 29 s with it; the two workers, per-process
// CPU over whole runs: 63 to 74 s, 55 to 64 s).
// Plain JavaScript: it starts before any TypeScript loader.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

/** Test files that take longest, longest first (seconds of CPU alone, for the next person to re-measure). */
const HEAVIEST_FIRST = [
    "tests/plan.test.ts",
    "tests/plan-against.test.ts",
    "tests/plan-provider-rules.test.ts",
    "tests/plan-analysis.test.ts",
    "tests/delivery-cli.test.ts",
    "tests/printed-commands.test.ts",
    "tests/plan-cli.test.ts",
    "tests/plan-lifecycle.test.ts",
    "tests/change-safety-property.test.ts",
    "tests/policies/catalog-checks.test.ts",
    "tests/new-stack.test.ts",
    "tests/plan-preview-secrets.test.ts",
    "tests/defer-unused-sdk-modules.test.ts",
    "tests/program.test.ts",
    "tests/plan-failures.test.ts",
    "tests/quotas-plan.test.ts",
    "tests/pack-process.test.ts",
];

/** Every tests/**\/*.test.ts, relative to the root with `/`, in path order. */
function testFiles(dir = "tests") {
    const found = [];
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules") {
                found.push(...testFiles(rel));
            }
        } else if (entry.name.endsWith(".test.ts")) {
            found.push(rel);
        }
    }
    return found.sort();
}

/** testFiles(), the heaviest first. */
function orderedTestFiles() {
    const all = testFiles();
    const heavy = HEAVIEST_FIRST.filter((f) => all.includes(f));
    return [...heavy, ...all.filter((f) => !heavy.includes(f))];
}

/** Node flags for mocha (and so its workers) and tsc. */
const NODE_FLAGS = ["--max-semi-space-size=128", "--interrupt-budget=1000000"];

/** Runs a Node script; resolves with its exit code (128 + n when a signal ended it) and, when not inherited, its output. */
function node(script, args, stdio) {
    return new Promise((resolve) => {
        let output = "";
        const child = spawn(process.execPath, [...NODE_FLAGS, script, ...args], { cwd: ROOT, stdio });
        child.stdout?.on("data", (chunk) => { output += chunk; });
        child.stderr?.on("data", (chunk) => { output += chunk; });
        child.on("error", (err) => resolve({ code: 1, output: `could not run ${script}: ${err.message}\n` }));
        child.on("exit", (code, signal) => resolve({ code: code ?? 128 + (signal ? os.constants.signals[signal] : 0), output }));
    });
}

/** mocha's own options (e.g. --reporter dot) go before the files. */
async function mocha(options) {
    return (await node(require.resolve("mocha/bin/mocha.js"), ["--parallel", "--jobs", "2", ...options, ...orderedTestFiles()], "inherit")).code;
}

/** tsc --noEmit, its output held back until the end so that it does not cut into mocha's report. */
async function typecheck() {
    const started = Date.now();
    const { code, output } = await node(require.resolve("typescript/bin/tsc"), ["--noEmit", "-p", "tsconfig.json"], ["ignore", "pipe", "pipe"]);
    return { code, output, seconds: Math.round((Date.now() - started) / 1000) };
}

/** argv: [--unit] [mocha options]. */
async function main(argv) {
    const options = argv.filter((a) => a !== "--unit");
    if (argv.includes("--unit")) {
        return mocha(options);
    }
    const [checked, tested] = await Promise.all([typecheck(), mocha(options)]);
    if (checked.code === 0) {
        process.stdout.write(`typecheck: tsc --noEmit passed (${checked.seconds} s, beside the tests)\n`);
    } else {
        process.stdout.write(`\ntypecheck: tsc --noEmit failed (exit ${checked.code}):\n${checked.output}`);
    }
    return checked.code !== 0 ? checked.code : tested;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

module.exports = { HEAVIEST_FIRST, NODE_FLAGS, orderedTestFiles, testFiles };
