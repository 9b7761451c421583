// Credential-shaped test values, built at run time from a seed so that no
// complete token ever appears in the repository's source (secret scanners
// and push protection would flag it) while every run sees the same value.

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `length` characters of `alphabet`, random-looking and the same for the same seed. */
export function randomText(length: number, seed: number, alphabet = ALNUM): string {
    let state = seed >>> 0 || 1;
    let out = "";
    for (let i = 0; i < length; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        out += alphabet[(state >>> 8) % alphabet.length];
    }
    return out;
}

const b64url = (text: string) => Buffer.from(text).toString("base64url");

/** Values in the shapes the gitleaks rules describe (config/gitleaks.toml). */
export const FAKE = {
    awsAccessKeyId: ["AK", "IA", randomText(16, 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")].join(""),
    githubPat: ["gh", "p_", randomText(36, 2)].join(""),
    stripeLive: ["sk", "_live_", randomText(24, 3)].join(""),
    npmToken: ["np", "m_", randomText(36, 4, "abcdefghijklmnopqrstuvwxyz0123456789")].join(""),
    slackWebhook: ["https://hooks.", "slack.com/services/", randomText(9, 5), "/", randomText(11, 6), "/", randomText(24, 7)].join(""),
    jwt: [b64url('{"alg":"HS256","typ":"JWT"}'), b64url(`{"sub":"${randomText(12, 8)}","iat":1700000000}`), randomText(43, 9)].join("."),
    privateKey: ["-----BEGIN RSA ", "PRIVATE KEY-----\n", randomText(64, 10), "\n", randomText(64, 11), "\n-----END RSA ", "PRIVATE KEY-----"].join(""),
    /** A random 32-character key with no known prefix (gitleaks generic-api-key material). */
    randomKey: randomText(32, 12),
};
