// Finding a secret's value in other properties whatever the encoding it was
// copied in: container definitions are JSON text (a `"` or `\` in the value is
// escaped there), URLs carry it percent-encoded (a password with "/", "+" or
// "%" must be), user data may be base64.

/** Every string inside a value, with its property path (into parsed JSON text too). */
export function stringsIn(value: unknown, at = "", depth = 0): { readonly path: string; readonly text: string }[] {
    if (typeof value === "string") {
        const inner = depth < 3 ? jsonInside(value) : undefined;
        return inner === undefined ? [{ path: at, text: value }] : [{ path: at, text: value }, ...stringsIn(inner, at, depth + 1)];
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => stringsIn(v, Array.isArray(value) ? `${at}[${k}]` : at === "" ? k : `${at}.${k}`, depth));
    }
    return [];
}

/** The object or array a string holds as JSON, or undefined. */
export function jsonInside(text: string): unknown {
    const t = text.trim();
    if (!(t.startsWith("{") || t.startsWith("["))) {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(t);
        return typeof parsed === "object" && parsed !== null ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** The forms in which a string may be read: itself, percent-decoded, base64-decoded when it is wholly base64 text. */
export function decodedForms(text: string): string[] {
    const forms = [text];
    if (text.includes("%")) {
        try {
            forms.push(decodeURIComponent(text.replace(/\+/g, " ")), decodeURIComponent(text));
        } catch {
            // a stray "%" that is no escape: the raw text is all there is
        }
    }
    const compact = text.replace(/\s+/g, "");
    if (compact.length >= 12 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
        const decoded = Buffer.from(compact, "base64").toString("utf8");
        if (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded)) {
            forms.push(decoded);
        }
    }
    return forms;
}

/** The forms in which a secret may have been written into other text. */
export function encodedForms(secret: string): string[] {
    const json = JSON.stringify(secret).slice(1, -1);
    return [...new Set([secret, json, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, "+")])];
}

/** Whether `text` holds `secret` in any of the forms above. */
export function holdsSecret(text: string, secret: string): boolean {
    const needles = encodedForms(secret);
    return decodedForms(text).some((form) => needles.some((n) => form.includes(n)));
}
