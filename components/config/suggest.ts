// "Did you mean ...?": the one place that picks the known names nearest to
// a mistyped one, for every message of the project that names an unknown key,
// secret, policy, setting, stack or size. Edit distance from
// fastest-levenshtein (a maintained library) rather than a hand-written one.
import { distance } from "fastest-levenshtein";

export { distance as editDistance };

export interface NearestOptions {
    /** How many to return, nearest first. @default 1 */
    readonly count?: number;
    /**
     * Candidates that extend the word come first (a dropped suffix such as
     * -amd is the usual slip). @default false
     */
    readonly prefixFirst?: boolean;
    /**
     * Keep only candidates this close (case-insensitive edits); a name far
     * from every candidate gets no suggestion rather than a random one.
     * @default Infinity (always suggest the nearest)
     */
    readonly maxDistance?: number;
}

/**
 * The candidates nearest to `word`: by case-insensitive edit distance first
 * (a case slip is the commonest typo in camelCase keys), then exact edit
 * distance, then the candidates' own order.
 */
export function nearestNames(word: string, candidates: readonly string[], options: NearestOptions = {}): string[] {
    const lower = word.toLowerCase();
    return [...new Set(candidates)]
        .map((candidate, index) => ({
            candidate,
            index,
            extends: options.prefixFirst === true && candidate.startsWith(word) ? 0 : 1,
            folded: distance(lower, candidate.toLowerCase()),
            exact: distance(word, candidate),
        }))
        // A candidate that extends the word, or that the word extends, is close whatever its distance (maxTTL, maxTtlSeconds).
        .filter((c) => c.folded <= (options.maxDistance ?? Infinity) || c.extends === 0 || isPrefix(lower, c.candidate.toLowerCase()))
        .sort((a, b) => a.extends - b.extends || a.folded - b.folded || a.exact - b.exact || a.index - b.index)
        .slice(0, options.count ?? 1)
        .map((c) => c.candidate);
}

function isPrefix(a: string, b: string): boolean {
    return a.length > 0 && b.length > 0 && (a.startsWith(b) || b.startsWith(a));
}

/** The one candidate nearest to `word`, or undefined when there is none (close enough). */
export function nearest(word: string, candidates: readonly string[], options: Omit<NearestOptions, "count"> = {}): string | undefined {
    return nearestNames(word, candidates, { ...options, count: 1 })[0];
}

/** Edits a typo may need and still be one: about a third of the word, at least 2. */
export function typoDistance(word: string): number {
    return Math.max(2, Math.ceil(word.length / 3));
}

/** " (did you mean x?)" for a likely typo of a candidate, or "" when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
    const match = nearest(word, candidates.filter((c) => c !== word), { maxDistance: typoDistance(word) });
    return match === undefined ? "" : ` (did you mean ${match}?)`;
}
