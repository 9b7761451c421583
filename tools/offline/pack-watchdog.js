// Preloaded (`node --require`) into the policy pack process by pack-process.ts.
// The pack's stdin is a pipe whose only writer is the process that launched
// it. The kernel closes that pipe when the launcher ends, however it ends
// (SIGKILL included), and end-of-file then ends the pack: it never outlives
// its launcher. Plain JavaScript: the pack process runs no TypeScript loader.
"use strict";
const end = () => process.exit(0);
process.stdin.on("end", end);
process.stdin.on("error", end);
process.stdin.resume();
