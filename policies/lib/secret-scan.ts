// Every place a secret can hide in a resource, and what finds it there.
//
// textsOf walks every string of a resource's properties, nested to any depth,
// and reads each also as what it encodes: JSON text (JSON in JSON), base64
// (gzip inside too, as cloud-init takes it), percent-encoding. Each text
// keeps its path and the name it sits under: a map key the program chose
// (tags, labels, environment maps), the `name`/`key` of a name/value pair
// (ECS, Elastic Beanstalk, DigitalOcean App Platform), or a JSON key.
//
// scanTexts judges each text: first the pack's own detectors and name rules
// (lib/credentials.ts, kept as they are and not grown), then secretlint's
// recommended preset (@secretlint/core with
// @secretlint/secretlint-rule-preset-recommend, a maintained rule set, loaded
// on first use so the pack starts as fast as before), over every text of the
// resource in one pass. Multi-line texts (scripts, user data) are read line
// by line for assignments.
//
// Known public formats are never findings: publishable keys, public keys and
// certificates, ARNs, digests, commit ids, enum values (see publicFormat).
import * as zlib from "zlib";
import { NameRules, credentialNameStrength, findCredential, publicFormat, scriptCredentialFindings } from "./credentials";
import { jsonInside } from "./encodings";

export interface Text {
    /** Property path, with " (base64)", " (JSON)" or " (URL-decoded)" where a decoding was needed. */
    readonly path: string;
    /** The name it sits under, when the program chose it (map key, pair name, JSON key). */
    readonly name: string | undefined;
    readonly text: string;
    /** The top-level property it is under ("environment", "tags", "userData"). */
    readonly root: string;
}

/** Maps whose keys the program chooses: a key there says what the value is. */
const FREE_FORM = new Set([
    "tags", "tagsAll", "labels", "dockerLabels", "variables", "environmentVariables", "runtimeEnvironmentVariables", "options",
    "metadata", "annotations", "parameters", "environment", "envs", "env", "stageVariables", "requestParameters", "defaultArguments",
]);

const MAX_DEPTH = 6;

function base64Text(text: string): string | undefined {
    const compact = text.replace(/\s+/g, "");
    if (compact.length < 16 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || /^[0-9a-f]+$/i.test(compact)) {
        return undefined;
    }
    let bytes = Buffer.from(compact, "base64");
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
            bytes = zlib.gunzipSync(bytes); // cloud-init and EC2 take gzip-compressed user data
        } catch {
            return undefined;
        }
    }
    const decoded = bytes.toString("utf8");
    return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded) ? undefined : decoded;
}


/** Every string inside a value with its path and name, and what each encodes; `name` names the value itself. */
export function textsOf(value: unknown, name?: string): Text[] {
    const out: Text[] = [];
    const walk = (v: unknown, path: string, name: string | undefined, freeForm: boolean, root: string, depth: number): void => {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (typeof v === "string") {
            out.push({ path, name: freeForm ? name : undefined, text: v, root });
            const json = jsonInside(v);
            if (json !== undefined) {
                walk(json, `${path} (JSON)`, name, true, root, depth + 1);
                return;
            }
            const decoded = base64Text(v);
            if (decoded !== undefined) {
                walk(decoded, `${path} (base64)`, name, freeForm, root, depth + 1);
            } else if (/%[0-9A-Fa-f]{2}/.test(v)) {
                try {
                    const plain = decodeURIComponent(v);
                    if (plain !== v) {
                        walk(plain, `${path} (URL-decoded)`, name, freeForm, root, depth + 1);
                    }
                } catch {
                    // a stray "%": the raw text is all there is
                }
            }
            return;
        }
        if (Array.isArray(v)) {
            v.forEach((item, i) => walk(item, `${path}[${i}]`, name, freeForm, root, depth));
            return;
        }
        if (typeof v === "object" && v !== null) {
            const record = v as Record<string, unknown>;
            // A name/value pair: ECS environment, Elastic Beanstalk settings, DigitalOcean App envs.
            const pairName = typeof record.value === "string" ? (typeof record.name === "string" ? record.name : typeof record.key === "string" ? record.key : undefined) : undefined;
            for (const [k, child] of Object.entries(record)) {
                const at = path === "" ? k : `${path}.${k}`;
                const top = path === "" ? k : root;
                if (pairName !== undefined && k === "value") {
                    walk(child, at, pairName, true, top, depth + 1);
                } else {
                    walk(child, at, k, freeForm || FREE_FORM.has(k), top, depth + 1);
                }
            }
        }
    };
    walk(value, "", name, name !== undefined, "", 0);
    return out;
}

// ---------------------------------------------------------------------------
// secretlint, loaded on first use.

interface LintMessage {
    readonly ruleId: string;
    readonly messageId: string;
    readonly range: readonly [number, number];
}

type Lint = (content: string) => Promise<readonly LintMessage[]>;
let lint: Promise<Lint> | undefined;

function secretlint(): Promise<Lint> {
    lint ??= (async () => {
        // secretlint's profiler marks every rule's start and end, and its observer
        // searches all marks so far at each one: quadratic over a run (a fifth
        // of the pack's time on the prod plan). Only `secretlint --profile` reads them.
        const { secretLintProfiler } = await import("@secretlint/profiler");
        secretLintProfiler.mark = () => undefined;
        const core = await import("@secretlint/core");
        const preset = await import("@secretlint/secretlint-rule-preset-recommend");
        // The AWS rule finds access key ids only with enableIDScanRule (secretlint-rule-aws README).
        const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: preset.creator, rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }] }] };
        // One pack process answers every resource of a run (and, in the tests, run after run of the same stacks),
        // and a lint depends on its text alone: the same text is linted once (a run's texts fit well within the bound).
        const linted = new Map<string, Promise<readonly LintMessage[]>>();
        return (content: string) => {
            let messages = linted.get(content);
            if (messages === undefined) {
                if (linted.size >= LINTED_TEXTS_KEPT) {
                    linted.clear();
                }
                messages = core.lintSource({ source: { filePath: "/resource.txt", content, contentType: "text" }, options: { config: config as never, maskSecrets: true } })
                    .then((result) => result.messages as unknown as LintMessage[]);
                linted.set(content, messages);
                messages.catch(() => linted.delete(content));
            }
            return messages;
        };
    })();
    return lint;
}

/**
 * Loads secretlint now rather than at the first resource: the pack's main
 * calls it before it serves, so that the load (ES modules required from
 * CommonJS: about 0.13 s) is done while the engine has not yet asked anything,
 * instead of holding up the first answers. A failed load is the first use's
 * failure, as before.
 */
export function loadSecretlintNow(): void {
    secretlint().catch(() => undefined);
}

/** Texts whose lint a pack process keeps (then it starts again). */
const LINTED_TEXTS_KEPT = 5000;

/** What a secretlint finding is called in messages (never the value). */
const SECRETLINT_KINDS: Readonly<Record<string, string>> = {
    "@secretlint/secretlint-rule-aws": "an AWS credential",
    "@secretlint/secretlint-rule-gcp": "a Google Cloud credential",
    "@secretlint/secretlint-rule-github": "a GitHub token",
    "@secretlint/secretlint-rule-slack": "a Slack token or webhook",
    "@secretlint/secretlint-rule-npm": "an npm token",
    "@secretlint/secretlint-rule-privatekey": "a private key",
    "@secretlint/secretlint-rule-basicauth": "a URL with a user and password",
    "@secretlint/secretlint-rule-database-connection-string": "a database connection string with a password",
    "@secretlint/secretlint-rule-sendgrid": "a SendGrid API key",
    "@secretlint/secretlint-rule-shopify": "a Shopify token",
    "@secretlint/secretlint-rule-openai": "an OpenAI API key",
    "@secretlint/secretlint-rule-anthropic": "an Anthropic API key",
    "@secretlint/secretlint-rule-linear": "a Linear API key",
    "@secretlint/secretlint-rule-1password": "a 1Password service account token",
};

/** Messages that name no secret (an AWS account id is an identifier). */
const NOT_SECRET_MESSAGES = new Set(["AWSAccountID"]);

/** secretlint's finding for each text (by index), in one lint of the resource. */
export async function secretlintKinds(texts: readonly string[]): Promise<(string | undefined)[]> {
    const kinds: (string | undefined)[] = texts.map(() => undefined);
    if (texts.length === 0) {
        return kinds;
    }
    const starts: number[] = [];
    let offset = 0;
    for (const t of texts) {
        starts.push(offset);
        offset += t.length + 1;
    }
    const messages = await (await secretlint())(texts.join("\n"));
    for (const m of messages) {
        if (NOT_SECRET_MESSAGES.has(m.messageId)) {
            continue;
        }
        let i = starts.length - 1;
        while (i > 0 && starts[i] > m.range[0]) {
            i--;
        }
        const short = m.ruleId.replace("@secretlint/secretlint-rule-", "");
        kinds[i] ??= `${SECRETLINT_KINDS[m.ruleId] ?? "a credential"} (secretlint ${short})`;
    }
    return kinds;
}

export interface Finding {
    readonly path: string;
    readonly root: string;
    /** What it holds: "holds a GitHub token (secretlint github)", "line 3: API_TOKEN is set to ...". */
    readonly what: string;
}

/**
 * Findings in a list of texts: the pack's detectors and name rules first
 * (their wording), secretlint where they find nothing. One finding per path,
 * and none inside a text already reported (its decoded forms).
 */
export async function scanTexts(texts: readonly Text[], rules: NameRules): Promise<Finding[]> {
    const candidates = texts.filter((t) => t.text.trim().length >= 4 && publicFormat(t.text) === undefined);
    const fromSecretlint = await secretlintKinds(candidates.map((t) => t.text));
    const findings: Finding[] = [];
    candidates.forEach((t, i) => {
        if (findings.some((f) => t.path.startsWith(`${f.path} (`))) {
            return; // the encoded text was reported already
        }
        const script = t.text.includes("\n") || /^userData/.test(t.root);
        const lines = script ? scriptCredentialFindings(t.text, rules) : [];
        if (lines.length > 0) {
            findings.push({ path: t.path, root: t.root, what: lines.join("; ") });
            return;
        }
        const own = script ? undefined : findCredential(t.name, t.text, rules);
        const kind = own?.kind ?? fromSecretlint[i];
        if (kind !== undefined) {
            findings.push({ path: t.path, root: t.root, what: `holds ${kind}` });
        }
    });
    return findings;
}

/**
 * Whether a schema field (not a map key the program chose) is where a secret
 * is meant to go: the provider keeps it encrypted and marks it secret
 * (password, masterPassword, authToken, secretString...). Such a field is the
 * right place for the value, not a leak.
 */
export function secretSink(path: string, rules: NameRules): boolean {
    const last = path.replace(/ \(.*$/, "").replace(/\[\d+\]/g, "").split(".").pop() ?? "";
    return /^(password|masterPassword|masterUserPassword|authToken|secretString|secretBinary|secretStringWo|passwordWo|privateKey|privateKeyPem|plaintext|secret|token)$/i.test(last)
        || credentialNameStrength(last, rules) === "strong";
}
