// The tests' TypeScript loader (.mocharc.json), the same as the npm scripts'
// (`node -r sucrase/register/ts`): sucrase only strips types, keeps line
// numbers, and loads in a fraction of the time TypeScript's own emit takes;
// `npm run typecheck` type-checks everything once before the tests.
"use strict";
// As `npm run plan` does: the SDK's function-serialization modules load at first use.
require("../tools/offline/defer-closure-modules.js");
require("sucrase/register/ts");
