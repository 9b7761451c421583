// A plan --against a git ref runs the base's program from a copy of the
// checkout at that commit, in a new temporary folder each run
// (tools/plan/against.ts). Most of its files are the checkout's, byte for
// byte: the loaders' caches (ts-register.js, code-cache.js) then serve them
// under the checkout's file, whose transform and compiled code are the same;
// a file that differs is transformed and compiled as usual, and kept nowhere,
// since no later run would find it again.
// Plain JavaScript: the loaders use it before TypeScript is loaded.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

/** The folder name's start; against.ts makes the folders. */
const BASE_COPY_PREFIX = "plan-base-";
/** The checkout these loaders belong to. */
const CHECKOUT = path.resolve(__dirname, "..");
const PREFIXES = [...new Set([os.tmpdir(), fs.realpathSync(os.tmpdir())])].map((dir) => path.join(dir, BASE_COPY_PREFIX));

/** The checkout's file at the same place as `filename` in a base copy; undefined when `filename` is in no base copy. */
function checkoutFileOf(filename) {
    const prefix = PREFIXES.find((p) => filename.startsWith(p));
    if (prefix === undefined) {
        return undefined;
    }
    const separator = filename.indexOf(path.sep, prefix.length);
    return separator < 0 ? undefined : path.join(CHECKOUT, filename.slice(separator + 1));
}

/** Whether `filename` is in a base copy. */
function inBaseCopy(filename) {
    return checkoutFileOf(filename) !== undefined;
}

/** The checkout's twin of a base copy's file when its text is `text` too, else undefined. */
function identicalCheckoutFile(filename, text) {
    const twin = checkoutFileOf(filename);
    if (twin === undefined) {
        return undefined;
    }
    try {
        return fs.readFileSync(twin, "utf8") === text ? twin : undefined;
    } catch {
        return undefined;
    }
}

module.exports = { BASE_COPY_PREFIX, checkoutFileOf, identicalCheckoutFile, inBaseCopy };
