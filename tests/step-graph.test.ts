// The engine's step order (policies/models/step-graph.ts): table tests of
// each rule read from pulumi/pulumi's step generator, and properties every
// graph must have whatever the change.
import * as assert from "assert";
import fc from "fast-check";
import { buildStepGraph, stepId, type ChangeOp, type ResourceChange } from "../policies/models/step-graph";

const urn = (name: string, type = "aws:x/y:Y") => `urn:pulumi:s::p::${type}::${name}`;
function change(name: string, op: ChangeOp, deps: string[] = [], extra: Partial<ResourceChange> = {}): ResourceChange {
    return { urn: urn(name), type: "aws:x/y:Y", op, custom: true, dependencies: deps.map((d) => urn(d)), baseDependencies: deps.map((d) => urn(d)), deleteBeforeReplace: false, ...extra };
}
const id = (kind: Parameters<typeof stepId>[0], name: string) => stepId(kind, urn(name));

describe("step graph: the engine's order", () => {
    it("a resource's step waits for the steps of what it depends on; unrelated steps run in any order", () => {
        const g = buildStepGraph([change("a", "create"), change("b", "update", ["a"]), change("c", "create")]);
        assert.deepStrictEqual(g.steps.map((s) => s.id), [id("create", "a"), id("update", "b"), id("create", "c")]);
        assert.strictEqual(g.precedes(id("create", "a"), id("update", "b")), true);
        assert.strictEqual(g.concurrent(id("create", "c"), id("update", "b")), true);
    });

    it("an unchanged dependency has no step, and nothing waits for it", () => {
        const g = buildStepGraph([change("a", "same"), change("b", "update", ["a"])]);
        assert.deepStrictEqual(g.steps.map((s) => s.id), [id("update", "b")]);
        assert.deepStrictEqual(g.ancestors(id("update", "b")), []);
    });

    it("depending on a component waits for every custom resource below it; a component parent is not waited for, a custom parent is", () => {
        const component = { urn: urn("c", "my:index:C"), type: "my:index:C", op: "create" as const, custom: false, dependencies: [], baseDependencies: [], deleteBeforeReplace: false };
        const child = change("child", "create", [], { parent: component.urn });
        const grandchildParent = change("custom-parent", "create");
        const grandchild = change("grandchild", "create", [], { parent: grandchildParent.urn });
        const dependent = { ...change("dependent", "create"), dependencies: [component.urn] };
        const g = buildStepGraph([component, child, grandchildParent, grandchild, dependent]);
        assert.strictEqual(g.precedes(id("create", "child"), id("create", "dependent")), true);
        assert.deepStrictEqual(g.ancestors(id("create", "child")), [], "a component parent registers at once");
        assert.strictEqual(g.precedes(id("create", "custom-parent"), id("create", "grandchild")), true);
    });

    it("a replacement creates first and deletes the old one after every create and update (create-before-delete)", () => {
        const g = buildStepGraph([change("tg", "replace"), change("rule", "update", ["tg"]), change("other", "create")]);
        assert.strictEqual(g.precedes(id("create-replacement", "tg"), id("update", "rule")), true);
        for (const live of [id("create-replacement", "tg"), id("update", "rule"), id("create", "other")]) {
            assert.strictEqual(g.precedes(live, id("delete-replaced", "tg")), true, `${live} before the old one's delete`);
        }
    });

    it("with deleteBeforeReplace the old one goes first, once its dependencies are done, then the new one is created", () => {
        const g = buildStepGraph([change("dep", "update"), change("db", "replace", ["dep"], { deleteBeforeReplace: true })]);
        assert.strictEqual(g.precedes(id("delete-replaced", "db"), id("create-replacement", "db")), true);
        assert.strictEqual(g.precedes(id("update", "dep"), id("delete-replaced", "db")), true);
    });

    it("deletes run after every create and update, dependents before what they depended on", () => {
        const g = buildStepGraph([change("new", "create"), change("upd", "update"), change("old-base", "delete"), change("old-user", "delete", ["old-base"])]);
        for (const live of [id("create", "new"), id("update", "upd")]) {
            assert.strictEqual(g.precedes(live, id("delete", "old-base")), true);
            assert.strictEqual(g.precedes(live, id("delete", "old-user")), true);
        }
        assert.strictEqual(g.precedes(id("delete", "old-user"), id("delete", "old-base")), true);
    });

    it("an import is one step that waits like a create", () => {
        const g = buildStepGraph([change("vpc", "import"), change("droplet", "import", ["vpc"])]);
        assert.strictEqual(g.precedes(id("import", "vpc"), id("import", "droplet")), true);
    });

    const widths: [string, ResourceChange[], number][] = [
        ["a chain runs one at a time", [change("d1", "update"), change("d2", "update", ["d1"]), change("d3", "update", ["d2"])], 1],
        ["independent steps may all run at once", [change("d1", "update"), change("d2", "update"), change("d3", "update")], 3],
        ["two chains side by side", [change("a1", "update"), change("a2", "update", ["a1"]), change("b1", "update"), change("b2", "update", ["b1"])], 2],
    ];
    for (const [what, changes, width] of widths) {
        it(`width: ${what} (${width})`, () => {
            const g = buildStepGraph(changes);
            assert.strictEqual(g.width(g.steps.map((s) => s.id)), width);
        });
    }

    it("refuses a graph the engine would deadlock on, naming the steps", () => {
        assert.throws(() => buildStepGraph([change("a", "create", ["b"]), change("b", "create", ["a"])]), /the steps form a cycle: create urn:pulumi:s::p::aws:x\/y:Y::a, create urn:pulumi:s::p::aws:x\/y:Y::b/);
    });
});

describe("step graph: properties of every change", () => {
    // A random program: resources in registration order, each depending only on earlier ones (as a program must).
    const program = fc.array(fc.record({
        op: fc.constantFrom<ChangeOp>("create", "update", "replace", "delete", "same", "import"),
        deps: fc.array(fc.nat(), { maxLength: 3 }),
        dbr: fc.boolean(),
    }), { minLength: 1, maxLength: 14 }).map((rows) => rows.map((row, i) => change(`r${i}`, row.op,
        [...new Set(row.deps.filter((d) => d < i).map((d) => `r${d}`))],
        { deleteBeforeReplace: row.op === "replace" && row.dbr })));

    it("every order the engine may choose runs a resource's step after its dependencies', and every delete after every create and update", () => {
        fc.assert(fc.property(program, fc.infiniteStream(fc.double({ min: 0, max: 0.999 })), (changes, randoms) => {
            // A live resource may not depend on one being deleted (the program no longer registers it).
            const deleted = new Set(changes.filter((c) => c.op === "delete").map((c) => c.urn));
            const valid = changes.map((c) => (c.op === "delete" ? c : { ...c, dependencies: c.dependencies.filter((d) => !deleted.has(d)) }));
            const g = buildStepGraph(valid);
            const it = randoms[Symbol.iterator]();
            const order = g.randomOrder(() => it.next().value as number).map((s) => s.id);
            assert.strictEqual(order.length, g.steps.length);
            const at = new Map(order.map((s, i) => [s, i]));
            const ready = (u: string) => [stepId("create", u), stepId("update", u), stepId("import", u), stepId("create-replacement", u)].find((s) => at.has(s));
            for (const c of valid.filter((x) => x.op !== "delete" && x.op !== "same")) {
                for (const d of c.dependencies) {
                    const dep = ready(d);
                    if (dep !== undefined) {
                        assert.ok(at.get(dep)! < at.get(ready(c.urn)!)!, `${dep} before ${ready(c.urn)}`);
                    }
                }
            }
            // Deletes that wait for the end: removed resources, and the old half of a create-before-delete replacement.
            const dbr = new Set(valid.filter((c) => c.op === "replace" && c.deleteBeforeReplace).map((c) => stepId("delete-replaced", c.urn)));
            const atTheEnd = (s: string) => s.startsWith("delete ") || (s.startsWith("delete-replaced ") && !dbr.has(s));
            const lastLive = Math.max(-1, ...order.filter((s) => !atTheEnd(s)).map((s) => at.get(s)!));
            for (const s of order.filter(atTheEnd)) {
                assert.ok(at.get(s)! > lastLive, `${s} after every create and update`);
            }
            // precedes agrees with the order: whatever must come first did.
            for (const a of order) {
                for (const b of order) {
                    if (g.precedes(a, b)) {
                        assert.ok(at.get(a)! < at.get(b)!);
                    }
                }
            }
        }), { numRuns: 150 });
    });
});
