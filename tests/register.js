// The tests' loaders (.mocharc.json), the same as `npm run plan`'s preloads:
// SDK modules no plan uses load at first use, and TypeScript
// loads through tools/ts-register.js (sucrase, cached); `npm run typecheck`
// type-checks everything once before the tests.
"use strict";
require("../tools/offline/defer-unused-sdk-modules.js");
require("../tools/ts-register.js");
