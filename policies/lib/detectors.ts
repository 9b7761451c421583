// Value detectors from maintained secret scanners, vendored because the pack
// ships as one folder and must not call out at preview time. Each carries the
// scanner's own rule id, so a finding can be traced to its source:
//
// - gitleaks (MIT), config/gitleaks.toml at commit b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b
//   (2026-07-22), https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml.
//   Go RE2 inline flags ((?i), (?-i:...)) are rewritten as JS flags or explicit
//   character classes; the `entropy` minimum applies to the captured group
//   (gitleaks' own semantics), and rule allowlists are kept where they exist.
// - detect-secrets (Apache-2.0), detect_secrets/plugins/private_key.py and
//   basic_auth.py at commit 5e141933554a0b74e7341841f318be21e895339c.
//
// Only rules for credentials this project's stacks could plausibly carry are
// listed (cloud, VCS, chat, payments, package registries, mail, AI APIs).
// This list does not grow: other providers come from secretlint's maintained
// preset, which lib/secret-scan.ts runs beside it; these stay for the
// formats that preset lacks (Stripe, DigitalOcean, GitLab, JWT, a private
// key header on one line) and for the wording existing findings use.

export interface ValueDetector {
    /** The scanner's rule id, e.g. "gitleaks:aws-access-token". */
    readonly id: string;
    /** What a finding is called in messages ("an AWS access key"): never the value. */
    readonly kind: string;
    readonly pattern: RegExp;
    /** gitleaks `entropy`: minimum Shannon entropy (bits per character) of capture group 1 (or the match). */
    readonly minEntropy?: number;
    /** gitleaks rule allowlist regexes, tested against the captured secret. */
    readonly allow?: readonly RegExp[];
}

/** gitleaks' secret terminator: `(?:[\x60'"\s;]|\\[nr]|$)`. */
const END = String.raw`(?:[\x60'"\s;]|\\[nr]|$)`;

export const VALUE_DETECTORS: readonly ValueDetector[] = [
    { id: "gitleaks:aws-access-token", kind: "an AWS access key id", pattern: /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/, minEntropy: 3, allow: [/.+EXAMPLE$/] },
    { id: "gitleaks:private-key", kind: "a private key", pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----/i },
    // detect-secrets PrivateKeyDetector: the header alone (a script scanned line by line sees one line of a key).
    { id: "detect-secrets:PrivateKeyDetector", kind: "a private key", pattern: /BEGIN (?:DSA |EC |OPENSSH |RSA |SSH2 ENCRYPTED )?PRIVATE KEY|BEGIN PGP PRIVATE KEY BLOCK|PuTTY-User-Key-File-2/ },
    { id: "gitleaks:jwt", kind: "a JSON Web Token", pattern: new RegExp(String.raw`\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9\/\\_-]{17,}\.(?:[a-zA-Z0-9\/\\_-]{10,}={0,2})?)${END}`), minEntropy: 3 },
    { id: "gitleaks:stripe-access-token", kind: "a Stripe secret key", pattern: new RegExp(String.raw`\b((?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99})${END}`), minEntropy: 2 },
    { id: "gitleaks:github-pat", kind: "a GitHub token", pattern: /ghp_[0-9a-zA-Z]{36}/, minEntropy: 3 },
    { id: "gitleaks:github-fine-grained-pat", kind: "a GitHub token", pattern: /github_pat_\w{82}/, minEntropy: 3 },
    { id: "gitleaks:github-oauth", kind: "a GitHub token", pattern: /gho_[0-9a-zA-Z]{36}/, minEntropy: 3 },
    { id: "gitleaks:github-app-token", kind: "a GitHub token", pattern: /(?:ghu|ghs)_[0-9a-zA-Z]{36}/, minEntropy: 3 },
    { id: "gitleaks:github-refresh-token", kind: "a GitHub token", pattern: /ghr_[0-9a-zA-Z]{36}/, minEntropy: 3 },
    { id: "gitleaks:gitlab-pat", kind: "a GitLab token", pattern: /glpat-[\w-]{20}/, minEntropy: 3 },
    { id: "gitleaks:slack-bot-token", kind: "a Slack token", pattern: /xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*/, minEntropy: 3 },
    { id: "gitleaks:slack-user-token", kind: "a Slack token", pattern: /xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}/, minEntropy: 2 },
    { id: "gitleaks:slack-app-token", kind: "a Slack token", pattern: /xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+/i, minEntropy: 2 },
    { id: "gitleaks:slack-legacy-token", kind: "a Slack token", pattern: /xox[os]-\d+-\d+-\d+-[a-fA-F\d]+/, minEntropy: 2 },
    { id: "gitleaks:slack-legacy-bot-token", kind: "a Slack token", pattern: /xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}/, minEntropy: 2 },
    { id: "gitleaks:slack-legacy-workspace-token", kind: "a Slack token", pattern: /xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}/, minEntropy: 2 },
    { id: "gitleaks:slack-config-access-token", kind: "a Slack token", pattern: /xoxe.xox[bp]-\d-[A-Z0-9]{163,166}/i, minEntropy: 2 },
    { id: "gitleaks:slack-webhook-url", kind: "a Slack webhook URL", pattern: /(?:https?:\/\/)?hooks.slack.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/ },
    { id: "gitleaks:npm-access-token", kind: "an npm token", pattern: new RegExp(String.raw`\b(npm_[a-z0-9]{36})${END}`, "i"), minEntropy: 2 },
    { id: "gitleaks:digitalocean-pat", kind: "a DigitalOcean token", pattern: new RegExp(String.raw`\b(dop_v1_[a-f0-9]{64})${END}`), minEntropy: 3 },
    { id: "gitleaks:digitalocean-access-token", kind: "a DigitalOcean token", pattern: new RegExp(String.raw`\b(doo_v1_[a-f0-9]{64})${END}`), minEntropy: 3 },
    { id: "gitleaks:digitalocean-refresh-token", kind: "a DigitalOcean token", pattern: new RegExp(String.raw`\b(dor_v1_[a-f0-9]{64})${END}`, "i") },
    { id: "gitleaks:sendgrid-api-token", kind: "a SendGrid API key", pattern: new RegExp(String.raw`\b(SG\.[a-zA-Z0-9=_\-.]{66})${END}`), minEntropy: 2 },
    { id: "gitleaks:openai-api-key", kind: "an OpenAI API key", pattern: new RegExp(String.raw`\b(sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})\b|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20})${END}`), minEntropy: 3 },
    { id: "gitleaks:anthropic-api-key", kind: "an Anthropic API key", pattern: new RegExp(String.raw`\b(sk-ant-api03-[a-zA-Z0-9_\-]{93}AA)${END}`) },
];

/**
 * gitleaks generic-api-key: a value under a credential-like name counts as a
 * key when it is 10-150 of [\w.=-] (or base64-like) with entropy >= 3.5.
 */
export const GENERIC_KEY = {
    id: "gitleaks:generic-api-key",
    pattern: /^(?:[\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})$/i,
    minEntropy: 3.5,
    /** gitleaks' first allowlist of this rule: letters and separators only is a word, not a key. */
    allow: /^[a-zA-Z_.-]+$/,
} as const;

/** Shannon entropy in bits per character, as gitleaks computes it. */
export function shannonEntropy(text: string): number {
    if (text.length === 0) {
        return 0;
    }
    const counts = new Map<string, number>();
    for (const ch of text) {
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    let entropy = 0;
    for (const n of counts.values()) {
        const p = n / text.length;
        entropy -= p * Math.log2(p);
    }
    return entropy;
}

/** The first detector that finds a credential in `text`, or undefined. */
export function detect(text: string): ValueDetector | undefined {
    return VALUE_DETECTORS.find((d) => {
        const match = d.pattern.exec(text);
        if (match === null) {
            return false;
        }
        const secret = match[1] ?? match[0];
        if (d.minEntropy !== undefined && shannonEntropy(secret) < d.minEntropy) {
            return false;
        }
        return !(d.allow ?? []).some((re) => re.test(secret));
    });
}

/** Whether a value passes gitleaks generic-api-key's shape and entropy test. */
export function genericKeyLike(value: string): boolean {
    return GENERIC_KEY.pattern.test(value) && !GENERIC_KEY.allow.test(value) && shannonEntropy(value) >= GENERIC_KEY.minEntropy;
}
