// The tests' loaders (.mocharc.json), the same as `npm run plan`'s preloads:
// the SDK's function-serialization modules load at first use, and TypeScript
// loads through tools/ts-register.js (sucrase, cached); `npm run typecheck`
// type-checks everything once before the tests.
"use strict";
require("../tools/offline/defer-closure-modules.js");
require("../tools/ts-register.js");
