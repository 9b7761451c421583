// Recognising credentials without ever repeating them: findings name the
// variable or the kind of value, never the value itself.

/** Substrings of variable names that hold credentials (matched case-insensitively). */
export const DEFAULT_CREDENTIAL_NAME_PATTERNS: readonly string[] = [
    "PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL", "AUTH_KEY",
];

export function credentialName(name: string, patterns: readonly string[]): boolean {
    const upper = name.toUpperCase();
    return patterns.some((p) => upper.includes(p.toUpperCase()));
}

const VALUE_DETECTORS: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
    { kind: "an AWS access key id", pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
    { kind: "a PEM private key", pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/ },
    { kind: "a URL with a user and password", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:[^\s@/]+@/i },
];

/** What kind of credential a value looks like, or undefined. */
export function credentialValueKind(value: string): string | undefined {
    return VALUE_DETECTORS.find((d) => d.pattern.test(value))?.kind;
}

/**
 * Credential findings in a script (user data): assignments like
 * `DB_PASSWORD=...` / `api_token: ...` with a literal value (not a $reference),
 * and values that look like credentials. Each finding is "line N: <what>".
 */
export function scriptCredentialFindings(script: string, namePatterns: readonly string[]): string[] {
    const findings: string[] = [];
    script.split(/\r?\n/).forEach((line, i) => {
        const assignment = /^\s*(?:-\s*)?(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[=:]\s*["']?([^\s"'].*)$/.exec(line);
        if (assignment !== null && credentialName(assignment[1], namePatterns) && !assignment[2].startsWith("$")) {
            findings.push(`line ${i + 1}: ${assignment[1]} is assigned a literal value`);
            return;
        }
        const kind = credentialValueKind(line);
        if (kind !== undefined) {
            findings.push(`line ${i + 1}: contains ${kind}`);
        }
    });
    return findings;
}
