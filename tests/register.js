// The tests' TypeScript loader (.mocharc.json): ts-node with the swc
// transpiler, as the npm scripts run it (`ts-node --swc`). swc only strips
// types, several times faster than TypeScript's own emit; `npm run typecheck`
// type-checks everything once before the tests.
"use strict";
require("ts-node").register({ swc: true });
