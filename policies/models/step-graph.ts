// The steps a `pulumi up` runs for a change, and the order the engine may run
// them in: a pure model of pulumi/pulumi's step generator and deployment
// executor (pkg/resource/deploy/step_generator.go, deployment_executor.go,
// step_executor.go), used by the plan's change-safety analysis and by the
// policy pack. Read from the engine's source:
// - A resource's step runs once every resource it depends on (dependsOn,
//   the resources its inputs come from, a custom parent) has finished its own
//   step: the SDK sends a registration only when those URNs and outputs have
//   resolved, and they resolve when the engine answers the dependency's
//   RegisterResource, after its step. Steps with no path between them run in
//   parallel, in any order.
// - A replacement is create-before-delete by default: CreateReplacement runs
//   as above, and the old resource's delete is generated "later on, after all
//   creates/updates finish" (continueStepsFromDiff).
// - With deleteBeforeReplace the old resource is deleted first (after the
//   dependents that the replacement condemns), then created again.
// - Resources no longer registered are deleted after every create and update,
//   dependents before their dependencies (reverse dependency order).
// - An import (import option, Pulumi 3.174+) reads the resource and then
//   updates it to the program's inputs: one step that changes the cloud.

export type ChangeOp = "create" | "import" | "update" | "replace" | "delete" | "same";

/** One resource of a change, with the dependencies of the side its step uses. */
export interface ResourceChange {
    readonly urn: string;
    readonly type: string;
    readonly op: ChangeOp;
    /** Custom resources have steps; components (and the root stack) do not. */
    readonly custom: boolean;
    readonly parent?: string;
    /** The head's dependencies (dependsOn plus input sources), for every op but delete. */
    readonly dependencies: readonly string[];
    /** The base's dependencies: what a delete waits for (its dependents are deleted first). */
    readonly baseDependencies: readonly string[];
    readonly deleteBeforeReplace: boolean;
}

export type StepKind = "create" | "import" | "update" | "create-replacement" | "delete-replaced" | "delete";

export interface Step {
    /** `<kind> <urn>`: unique in a graph. */
    readonly id: string;
    readonly urn: string;
    readonly type: string;
    readonly kind: StepKind;
}

/** Steps and the happens-before relation between them (a DAG). */
export class StepGraph {
    readonly steps: readonly Step[];
    private readonly index = new Map<string, number>();
    /** Direct predecessors, by step index. */
    private readonly preds: number[][];
    /** Transitive predecessors, as bit sets (computed once). */
    private readonly ancestorBits: Uint32Array[];

    constructor(steps: readonly Step[], edges: readonly (readonly [string, string])[]) {
        this.steps = steps;
        steps.forEach((s, i) => {
            if (this.index.has(s.id)) {
                throw new Error(`step ${s.id} is listed twice`);
            }
            this.index.set(s.id, i);
        });
        this.preds = steps.map(() => []);
        for (const [before, after] of edges) {
            const [b, a] = [this.at(before), this.at(after)];
            if (b !== a && !this.preds[a].includes(b)) {
                this.preds[a].push(b);
            }
        }
        const words = Math.ceil(steps.length / 32) || 1;
        this.ancestorBits = steps.map(() => new Uint32Array(words));
        const order = this.topologicalOrder();
        for (const i of order) {
            for (const p of this.preds[i]) {
                const bits = this.ancestorBits[i];
                bits[p >>> 5] |= 1 << (p & 31);
                const from = this.ancestorBits[p];
                for (let w = 0; w < words; w++) {
                    bits[w] |= from[w];
                }
            }
        }
    }

    private at(id: string): number {
        const i = this.index.get(id);
        if (i === undefined) {
            throw new Error(`no step ${id} in the graph`);
        }
        return i;
    }

    has(id: string): boolean {
        return this.index.has(id);
    }

    step(id: string): Step {
        return this.steps[this.at(id)];
    }

    /**
     * Kahn's algorithm, taking the ready step `pick` chooses each time; a
     * cycle is a defect of the caller (the engine would deadlock).
     */
    private kahn(pick: (ready: readonly number[]) => number): number[] {
        const remaining = this.preds.map((p) => p.length);
        const succs: number[][] = this.steps.map(() => []);
        this.preds.forEach((ps, i) => ps.forEach((p) => succs[p].push(i)));
        const ready = remaining.flatMap((n, i) => (n === 0 ? [i] : []));
        const order: number[] = [];
        while (ready.length > 0) {
            const [i] = ready.splice(pick(ready), 1);
            order.push(i);
            for (const s of succs[i]) {
                if (--remaining[s] === 0) {
                    ready.push(s);
                }
            }
        }
        if (order.length !== this.steps.length) {
            const stuck = this.steps.filter((_, i) => remaining[i] > 0).map((s) => s.id);
            throw new Error(`the steps form a cycle: ${stuck.slice(0, 5).join(", ")}`);
        }
        return order;
    }

    private topologicalOrder(): number[] {
        return this.kahn(() => 0);
    }

    /** True when `before` must finish before `after` starts, in every order the engine may choose. */
    precedes(before: string, after: string): boolean {
        const [b, a] = [this.at(before), this.at(after)];
        return (this.ancestorBits[a][b >>> 5] & (1 << (b & 31))) !== 0;
    }

    /** Neither must precede the other: they may run at the same time, in either order. */
    concurrent(a: string, b: string): boolean {
        return a !== b && !this.precedes(a, b) && !this.precedes(b, a);
    }

    /** Every step that must finish before `id` starts. */
    ancestors(id: string): Step[] {
        const bits = this.ancestorBits[this.at(id)];
        return this.steps.filter((_, i) => (bits[i >>> 5] & (1 << (i & 31))) !== 0);
    }

    /** Every step that cannot start before `id` has finished. */
    descendants(id: string): Step[] {
        const i = this.at(id);
        return this.steps.filter((_, j) => (this.ancestorBits[j][i >>> 5] & (1 << (i & 31))) !== 0);
    }

    /** Direct predecessors of a step. */
    predecessors(id: string): Step[] {
        return this.preds[this.at(id)].map((p) => this.steps[p]);
    }

    /**
     * The largest set of these steps that may all be running at once (the
     * width of their order: Dilworth's theorem, as n minus a maximum matching
     * of the comparability relation).
     */
    width(ids: readonly string[]): number {
        const n = ids.length;
        const matchRight: number[] = new Array(n).fill(-1);
        const tryAugment = (u: number, seen: boolean[]): boolean => {
            for (let v = 0; v < n; v++) {
                if (seen[v] || !this.precedes(ids[u], ids[v])) {
                    continue;
                }
                seen[v] = true;
                if (matchRight[v] === -1 || tryAugment(matchRight[v], seen)) {
                    matchRight[v] = u;
                    return true;
                }
            }
            return false;
        };
        let matched = 0;
        for (let u = 0; u < n; u++) {
            if (tryAugment(u, new Array(n).fill(false))) {
                matched++;
            }
        }
        return n - matched;
    }

    /** One order the engine may run the steps in, chosen by `random` (a number in [0, 1)). */
    randomOrder(random: () => number): Step[] {
        return this.kahn((ready) => Math.min(ready.length - 1, Math.floor(random() * ready.length))).map((i) => this.steps[i]);
    }
}

export function stepId(kind: StepKind, urn: string): string {
    return `${kind} ${urn}`;
}

/**
 * The steps of a change and the order the engine imposes on them. `changes`
 * holds every resource of the base and the head once (a delete for a
 * resource only the base has), matched by URN.
 */
export function buildStepGraph(changes: readonly ResourceChange[]): StepGraph {
    const byUrn = new Map(changes.map((c) => [c.urn, c]));
    // A component's outputs come from its children: depending on one waits for
    // every custom resource below it (the SDK expands dependsOn the same way).
    const children = new Map<string, ResourceChange[]>();
    for (const c of changes) {
        if (c.parent !== undefined) {
            children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
        }
    }
    const customsBelow = (urn: string, seen = new Set<string>()): ResourceChange[] => {
        if (seen.has(urn)) {
            return [];
        }
        seen.add(urn);
        return (children.get(urn) ?? []).flatMap((c) => (c.custom ? [c] : customsBelow(c.urn, seen)));
    };
    const expand = (urns: readonly string[]): ResourceChange[] => urns.flatMap((u) => {
        const c = byUrn.get(u);
        if (c === undefined) {
            return [];
        }
        return c.custom ? [c] : customsBelow(c.urn);
    });

    const steps: Step[] = [];
    const edges: [string, string][] = [];
    /** The step that must finish before a dependent of this resource starts (its create, update or re-creation). */
    const readyStep = new Map<string, string>();
    const add = (kind: StepKind, c: ResourceChange): string => {
        const id = stepId(kind, c.urn);
        steps.push({ id, urn: c.urn, type: c.type, kind });
        return id;
    };
    for (const c of changes) {
        if (!c.custom) {
            continue;
        }
        switch (c.op) {
            case "create": readyStep.set(c.urn, add("create", c)); break;
            case "import": readyStep.set(c.urn, add("import", c)); break;
            case "update": readyStep.set(c.urn, add("update", c)); break;
            case "replace": {
                const created = add("create-replacement", c);
                const deleted = add("delete-replaced", c);
                readyStep.set(c.urn, created);
                edges.push(c.deleteBeforeReplace ? [deleted, created] : [created, deleted]);
                break;
            }
            case "delete": add("delete", c); break;
            case "same": break;
        }
    }
    const liveSteps: string[] = [];
    for (const c of changes) {
        const ready = readyStep.get(c.urn);
        if (ready === undefined) {
            continue;
        }
        liveSteps.push(ready);
        // A custom parent is waited for; a component parent is not (it registers at once).
        const parent = c.parent === undefined ? undefined : byUrn.get(c.parent);
        const waitsFor = [...expand(c.dependencies), ...(parent?.custom === true ? [parent] : [])];
        for (const dep of waitsFor) {
            const depReady = readyStep.get(dep.urn);
            if (depReady !== undefined && depReady !== ready) {
                edges.push([depReady, ready]);
                if (c.op === "replace" && c.deleteBeforeReplace) {
                    // The old one is deleted when its registration arrives, after its dependencies.
                    edges.push([depReady, stepId("delete-replaced", c.urn)]);
                }
            }
        }
    }
    // Deletes run after every create and update.
    const deletes = changes.filter((c) => c.custom && (c.op === "delete" || (c.op === "replace" && !c.deleteBeforeReplace)));
    for (const d of deletes) {
        const id = stepId(d.op === "delete" ? "delete" : "delete-replaced", d.urn);
        for (const live of liveSteps) {
            edges.push([live, id]);
        }
    }
    // Dependents are deleted before what they depend on (old dependencies).
    const deleteIdOf = new Map(deletes.map((d) => [d.urn, stepId(d.op === "delete" ? "delete" : "delete-replaced", d.urn)]));
    for (const d of deletes) {
        for (const dep of d.baseDependencies) {
            const depDelete = deleteIdOf.get(dep);
            if (depDelete !== undefined) {
                edges.push([deleteIdOf.get(d.urn)!, depDelete]);
            }
        }
    }
    return new StepGraph(steps, edges);
}
