// Recognising credentials by what they are, never repeating them: a finding
// names the variable (or line, or flag) and the kind of credential, never the
// value.
//
// A value is judged on its own first (lib/detectors.ts: gitleaks and
// detect-secrets patterns, credentials in URLs, JSON with credential fields).
// A name only suggests: under a name that says "this is a credential"
// (DB_PASSWORD, API_TOKEN) any literal that is not plainly something else
// (a number, a flag, an ARN, a URL without credentials, a path, a reference)
// is reported; under a name that merely mentions a key (CACHE_KEY) only a
// random-looking value is (gitleaks generic-api-key); and a name that
// describes a credential rather than holding it (PASSWORD_MIN_LENGTH,
// SESSION_SECRET_ARN, TOKEN_TTL_SECONDS) is left to the value detectors.
import { GENERIC_KEY, detect, genericKeyLike } from "./detectors";

export interface NameRules {
    /** Name words (or word sequences, `_`-separated) that say the value IS a credential. */
    readonly namePatterns: readonly string[];
    /** Name words that only suggest one: judged by entropy. */
    readonly weakNamePatterns: readonly string[];
    /** A name whose last word is one of these describes a credential (its ARN, length, TTL...), not the credential. */
    readonly qualifierWords: readonly string[];
    /** Names exempt from name-based findings (value detectors still apply). */
    readonly allowedNames: readonly string[];
}

/**
 * Strong names: the union of detect-secrets KeywordDetector's DENYLIST
 * (api_?key, auth_?key, service_?key, account_?key, db_?key, database_?key,
 * priv_?key, private_?key, client_?key, db_?pass, database_?pass, key_?pass,
 * password, passwd, pwd, secret) and this project's issue 14 list
 * (PASSWORD, SECRET, TOKEN, PASS, PWD, CREDENTIAL, DSN).
 */
export const DEFAULT_NAME_PATTERNS: readonly string[] = [
    "PASSWORD", "PASSWD", "PASSPHRASE", "PASS", "PWD", "SECRET", "TOKEN", "CREDENTIAL", "CREDENTIALS", "CREDS", "DSN",
    "API_KEY", "AUTH_KEY", "SERVICE_KEY", "ACCOUNT_KEY", "DB_KEY", "DATABASE_KEY", "PRIV_KEY", "PRIVATE_KEY", "CLIENT_KEY",
    "ACCESS_KEY", "SECRET_KEY", "SIGNING_KEY", "ENCRYPTION_KEY", "MASTER_KEY",
];

/** Weak names: gitleaks generic-api-key keywords that do not already say "credential" (access, api, auth, key). */
export const DEFAULT_WEAK_NAME_PATTERNS: readonly string[] = ["KEY", "AUTH", "ACCESS", "API"];

/**
 * Last words that make a name describe a credential instead of holding it.
 * Seeded from gitleaks generic-api-key's allowlist (key_id, key_name,
 * key_length, key_size, secret_length, secret_name, secret_size,
 * token_endpoint, token_url, token_uri, key_file, token_file, credentials_id)
 * and widened to the shapes of issue 14 (…_ARN, …_PREFIX, …_TTL_SECONDS,
 * …_MIN_LENGTH).
 */
export const DEFAULT_QUALIFIER_WORDS: readonly string[] = [
    "ARN", "ID", "IDS", "NAME", "NAMES", "PREFIX", "SUFFIX", "PATH", "FILE", "DIR", "URL", "URI", "ENDPOINT", "HOST", "PORT",
    "REGION", "LENGTH", "LEN", "SIZE", "BITS", "TTL", "SECONDS", "SECS", "MINUTES", "HOURS", "DAYS", "MS", "TIMEOUT",
    "EXPIRY", "EXPIRATION", "LIFETIME", "INTERVAL", "HEADER", "PARAM", "FIELD", "AUDIENCE", "ISSUER", "ALGORITHM", "ALG",
    "TYPE", "MODE", "FORMAT", "VERSION", "ENABLED", "DISABLED", "REQUIRED", "COUNT", "LIMIT", "ROUNDS", "POLICY",
    // Selectors whose values are enums, not credentials (SECRET_STORE=ssm, TOKEN_SCHEME=Bearer, AUTH_METHOD=oidc).
    "PROVIDER", "BACKEND", "STORE", "SOURCE", "METHOD", "SCHEME", "STRATEGY", "ENGINE", "KIND", "LEVEL", "LOCATION", "DRIVER", "HASHER", "ROTATION",
];

export const DEFAULT_NAME_RULES: NameRules = {
    namePatterns: DEFAULT_NAME_PATTERNS,
    weakNamePatterns: DEFAULT_WEAK_NAME_PATTERNS,
    qualifierWords: DEFAULT_QUALIFIER_WORDS,
    allowedNames: [],
};

/** No name-based findings: only what values are. */
export const VALUE_DETECTORS_ONLY: NameRules = { namePatterns: [], weakNamePatterns: [], qualifierWords: [], allowedNames: [] };

/** The upper-case words of a name: DB_PASSWORD, db-password, dbPassword and DB.PASSWORD all give [DB, PASSWORD]. */
export function nameWords(name: string): string[] {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").split(/[^A-Za-z0-9]+/).filter((w) => w !== "").map((w) => w.toUpperCase());
}

/**
 * Whether a name's words contain a pattern: as consecutive words (API_KEY in
 * X_API_KEY), or glued onto the end of one word when the glued pattern has
 * 5+ letters (PGPASSWORD, APIKEY; but not BYPASS or KEYCLOAK).
 */
function hasPattern(words: readonly string[], pattern: string): boolean {
    const p = nameWords(pattern);
    if (p.length === 0) {
        return false;
    }
    for (let i = 0; i + p.length <= words.length; i++) {
        if (p.every((w, j) => words[i + j] === w)) {
            return true;
        }
    }
    const glued = p.join("");
    return glued.length >= 5 && words.some((w) => w.endsWith(glued));
}

export type NameStrength = "strong" | "weak";

/**
 * Answers per rule set (by content: each policy call reads its config into a
 * new object): a stack repeats the same few hundred names in every resource.
 */
const strengthOf = new Map<string, Map<string, NameStrength | undefined>>();
const contentOf = new WeakMap<NameRules, string>();

/** How strongly a name says it holds a credential; undefined for allowed, describing or ordinary names. */
export function credentialNameStrength(name: string, rules: NameRules): NameStrength | undefined {
    let content = contentOf.get(rules);
    if (content === undefined) {
        contentOf.set(rules, content = JSON.stringify([rules.namePatterns, rules.weakNamePatterns, rules.qualifierWords, rules.allowedNames]));
    }
    let known = strengthOf.get(content);
    if (known === undefined) {
        strengthOf.set(content, known = new Map());
    }
    if (!known.has(name)) {
        known.set(name, judgeName(name, rules));
    }
    return known.get(name);
}

function judgeName(name: string, rules: NameRules): NameStrength | undefined {
    if (rules.allowedNames.includes(name)) {
        return undefined;
    }
    const words = nameWords(name);
    const last = words[words.length - 1];
    if (last === undefined || rules.qualifierWords.some((q) => q.toUpperCase() === last)) {
        return undefined;
    }
    if (rules.namePatterns.some((p) => hasPattern(words, p))) {
        return "strong";
    }
    return rules.weakNamePatterns.some((p) => hasPattern(words, p)) ? "weak" : undefined;
}

/** A reference to a value kept elsewhere: $VAR, ${VAR}, $(command), {{ template }}, <placeholder>, ***. */
function isReference(value: string): boolean {
    return /^\$[({]?[A-Za-z_]/.test(value) || /^\{\{.*\}\}$/.test(value) || /^<[^<>]+>$/.test(value) || /^\*+$/.test(value);
}

/**
 * Formats that are public by design, so never a finding whatever their name:
 * Stripe publishable keys, SSH and PEM public keys and certificates, ARNs,
 * image and content digests, git commit ids, enum-like constants (not UUIDs:
 * Splunk HEC and Heroku tokens are UUIDs).
 */
export function publicFormat(text: string): string | undefined {
    const t = text.trim();
    if (/^pk_(live|test)_[A-Za-z0-9]+$/.test(t)) {
        return "a publishable key";
    }
    if (/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com) AAAA[A-Za-z0-9+/=]+( \S+)?$/.test(t) || /^-----BEGIN (PUBLIC KEY|CERTIFICATE|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK)-----/.test(t)) {
        return "a public key or certificate";
    }
    if (/^arn:aws[a-z-]*:/.test(t)) {
        return "an ARN";
    }
    if (/^(sha(1|256|384|512):)?[0-9a-f]{40}([0-9a-f]{24}|[0-9a-f]{88})?$/.test(t) || /@sha256:[0-9a-f]{64}$/.test(t)) {
        return "a digest or commit id";
    }
    if (/^[A-Z]+(_[A-Z0-9]+)*$/.test(t) || /^([A-Z][a-z]+){2,}$/.test(t)) {
        return "an enum value";
    }
    return undefined;
}

/** Values that are plainly not a credential, whatever the name: why, or undefined. */
export function harmlessValue(value: string): string | undefined {
    const v = value.trim();
    if (v === "") {
        return "empty";
    }
    const known = publicFormat(v);
    if (known !== undefined) {
        return known;
    }
    if (isReference(v)) {
        return "a reference";
    }
    if (/^(true|false|yes|no|on|off|null|none|nil|undefined)$/i.test(v)) {
        return "a flag";
    }
    // Digits never reach gitleaks' 3.5 bits of entropy: settings, not keys.
    if (/^-?\d+(\.\d+)?([mun]?s|m|h|d|w)?$/.test(v)) {
        return "a number";
    }
    if (/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:\S+$/.test(v)) {
        return "an ARN";
    }
    if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) && urlCredential(v) === undefined) {
        return "a URL without credentials";
    }
    if (/^\/\S*$/.test(v)) {
        return "a path";
    }
    return undefined;
}

/**
 * scheme://user:password@host and scheme://:password@host. From
 * detect-secrets BasicAuthDetector, widened: it excludes "/", "+" and the
 * other RFC 3986 sub-delims from the password and needs a user, so a
 * generated password such as "q/8+Zx%40" or a Redis URL with no user was
 * missed. A ":<port>/" followed by an "@" later in the path is a port, not a
 * password (https://host:443/@scope/pkg).
 */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/?#]*):([^\s@]+)@[^\s@/?#]/i;

/** "user and password" / "password" when the text holds a URL with credentials; undefined otherwise. */
export function urlCredential(text: string): string | undefined {
    for (const match of text.matchAll(new RegExp(URL_CREDENTIALS.source, "gi"))) {
        const password = match[2];
        if (!/^\d{1,5}(\/|$)/.test(password) && !isReference(password)) {
            return match[1] === "" ? "a URL with a password" : "a URL with a user and password";
        }
    }
    return undefined;
}

export interface CredentialFinding {
    /** What the value is, for messages: "a Stripe secret key (gitleaks stripe-access-token)". */
    readonly kind: string;
}

function jsonFinding(value: string, rules: NameRules): CredentialFinding | undefined {
    const v = value.trim();
    if (!(v.startsWith("{") || v.startsWith("["))) {
        return undefined;
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(v);
    } catch {
        return undefined;
    }
    const walk = (node: unknown, path: string): CredentialFinding | undefined => {
        if (typeof node === "object" && node !== null) {
            for (const [k, child] of Object.entries(node)) {
                const at = Array.isArray(node) ? `${path}[${k}]` : path === "" ? k : `${path}.${k}`;
                const found = typeof child === "string"
                    ? findCredential(Array.isArray(node) ? undefined : k, child, rules)
                    : walk(child, at);
                if (found !== undefined) {
                    return typeof child === "string" ? { kind: `JSON whose field ${at} holds ${found.kind}` } : found;
                }
            }
        }
        return undefined;
    };
    return walk(parsed, "");
}

/**
 * What kind of credential a (name, value) pair holds, or undefined. The value
 * decides; the name only lowers the bar (see the header of this file).
 */
export function findCredential(name: string | undefined, value: string, rules: NameRules): CredentialFinding | undefined {
    const detector = detect(value);
    if (detector !== undefined) {
        return { kind: `${detector.kind} (${detector.id.replace(":", " ")})` };
    }
    const url = urlCredential(value);
    if (url !== undefined) {
        return { kind: url };
    }
    const json = jsonFinding(value, rules);
    if (json !== undefined) {
        return json;
    }
    const strength = name === undefined ? undefined : credentialNameStrength(name, rules);
    if (strength === undefined || harmlessValue(value) !== undefined) {
        return undefined;
    }
    if (strength === "strong") {
        return { kind: "a literal value under a credential name" };
    }
    return genericKeyLike(value.trim()) ? { kind: `a random-looking value under a key-like name (${GENERIC_KEY.id.replace(":", " ")})` } : undefined;
}

/** A `name=value` or `name: value` pair found in a piece of text. */
export interface Assignment {
    readonly name: string;
    readonly value: string;
}

function unquote(value: string): string {
    const v = value.trim();
    const q = v[0];
    if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) {
        return v.slice(1, -1);
    }
    return v;
}

/** curl/wget style `-u user:password` / `--user user:password`: the password half, under a name that says so. */
function userFlag(flag: string, value: string): Assignment {
    const pair = /^([^:\s]*):(\S+)$/.exec(value);
    return (flag === "u" || flag === "user") && pair !== null ? { name: `-${flag} (user:password)`, value: pair[2] } : { name: flag, value };
}

/**
 * Assignments in a line of shell, env file, cloud-init YAML or a command:
 * `export NAME=value`, `NAME=value cmd` anywhere, `name: value` and
 * `name = value` at the start, inline JSON `"name": "value"`, `--flag=value`
 * and `--flag value`.
 */
export function assignmentsIn(line: string): Assignment[] {
    const found: Assignment[] = [];
    const keyValue = /^\s*(?:-\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?::(?!\/\/)|=)\s*(.*?)\s*$/.exec(line);
    const startsWithShellAssignment = /^\s*(?:export\s+|readonly\s+|declare\s+(?:-\w+\s+)?|set\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(line);
    if (keyValue !== null && !startsWithShellAssignment && keyValue[2] !== "" && !/^\|[-+]?$|^>[-+]?$/.test(keyValue[2])) {
        found.push({ name: keyValue[1], value: unquote(keyValue[2]) });
    }
    for (const m of line.matchAll(/(?:^|[\s;&|(`])(?:export\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|"'`)]+)/g)) {
        found.push({ name: m[1], value: unquote(m[2]) });
    }
    // "key": "value" pairs of JSON written inline (echo '{"password":"..."}' > file).
    for (const m of line.matchAll(/"([A-Za-z_][A-Za-z0-9_.-]*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
        found.push({ name: m[1], value: m[2] });
    }
    for (const m of line.matchAll(/(?:^|\s)--?([A-Za-z][A-Za-z0-9_.-]*)(?:=("[^"]*"|'[^']*'|\S+)|\s+("[^"]*"|'[^']*'|[^\s-]\S*))/g)) {
        found.push(userFlag(m[1], unquote(m[2] ?? m[3])));
    }
    return found;
}

/**
 * Credential findings in a script or command text (user data, a container
 * command): each is "line N: <what>". An assignment is judged by its name
 * and value; a line without a finding assignment is searched for
 * credential-shaped values.
 */
export function scriptCredentialFindings(script: string, rules: NameRules): string[] {
    const findings: string[] = [];
    script.split(/\r?\n/).forEach((line, i) => {
        const named = assignmentsIn(line)
            .map((a) => ({ a, finding: findCredential(a.name, a.value, rules) }))
            .filter((x): x is { a: Assignment; finding: CredentialFinding } => x.finding !== undefined);
        if (named.length > 0) {
            findings.push(...named.map(({ a, finding }) => `line ${i + 1}: ${a.name} is set to ${finding.kind}`));
            return;
        }
        const found = findCredential(undefined, line, rules);
        if (found !== undefined) {
            findings.push(`line ${i + 1}: contains ${found.kind}`);
        }
    });
    return findings;
}

/**
 * Findings in an argument vector (container command, entryPoint, health
 * check): each element as script text, and `--flag value` split across two
 * elements (judged by the flag's name, reported at the value's index).
 */
export function argumentFindings(args: readonly string[], rules: NameRules): { readonly index: number; readonly what: string }[] {
    const findings: { index: number; what: string }[] = [];
    args.forEach((arg, i) => {
        const previous = i > 0 ? /^--?([A-Za-z][A-Za-z0-9_.-]*)$/.exec(args[i - 1]) : null;
        if (previous !== null && !arg.startsWith("-")) {
            const pair = userFlag(previous[1], arg);
            const f = findCredential(pair.name, pair.value, rules);
            if (f !== undefined) {
                findings.push({ index: i, what: `${args[i - 1]} is given ${f.kind}` });
                return;
            }
        }
        const lines = scriptCredentialFindings(arg, rules);
        findings.push(...lines.map((line) => ({ index: i, what: arg.includes("\n") ? line : line.replace(/^line 1: /, "") })));
    });
    return findings;
}
