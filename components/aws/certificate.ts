// Pure helpers for ACM DNS validation.

export interface DomainValidationOption {
    readonly domainName: string;
    readonly resourceRecordName: string;
    readonly resourceRecordType: string;
    readonly resourceRecordValue: string;
}

/**
 * The validation option of one domain. Picked by domain name: ACM does not
 * promise the options come back in the order the names were requested.
 */
export function validationOptionFor(options: readonly DomainValidationOption[], domainName: string): DomainValidationOption {
    const option = options.find((o) => o.domainName === domainName);
    if (option === undefined) {
        throw new Error(`the certificate has no DNS validation option for ${domainName} (it has ${options.map((o) => o.domainName).join(", ") || "none"})`);
    }
    return option;
}

/** ACM RequestCertificate DomainName (the common name): at most 64 characters; SANs may be longer. */
export const ACM_DOMAIN_NAME_MAX_LENGTH = 64;

/**
 * The certificate's names: the first name that fits ACM's 64-character common
 * name as domainName, the others (deduplicated, in order) as SANs.
 */
export function certificateNames(hostnames: readonly string[]): { readonly domainName: string; readonly subjectAlternativeNames: string[] } {
    const names = [...new Set(hostnames)];
    if (names.length === 0) {
        throw new RangeError("hostnames: at least one hostname is needed for the certificate");
    }
    const domainName = names.find((n) => n.length <= ACM_DOMAIN_NAME_MAX_LENGTH);
    if (domainName === undefined) {
        throw new RangeError(`hostnames: every name is over ${ACM_DOMAIN_NAME_MAX_LENGTH} characters (${names.join(", ")}); ACM needs one of at most ${ACM_DOMAIN_NAME_MAX_LENGTH} as the certificate's domain name`);
    }
    return { domainName, subjectAlternativeNames: names.filter((n) => n !== domainName) };
}

/**
 * The ALB's certificates: every name it serves (the Fargate hostnames, then
 * the health-check wildcard), deduplicated, in groups of at most
 * `namesPerCertificate` (ACM quota "Domain names per ACM certificate",
 * default 10). The first group is the listener's default certificate; the
 * others are added to the listener, which picks one by SNI.
 */
export function albCertificateGroups(names: readonly string[], namesPerCertificate: number): string[][] {
    if (!Number.isInteger(namesPerCertificate) || namesPerCertificate < 1 || namesPerCertificate > 100) {
        throw new RangeError(`namesPerCertificate: ${namesPerCertificate} is not valid; allowed 1 to 100 (ACM's maximum)`);
    }
    const unique = [...new Set(names)];
    if (unique.length === 0) {
        throw new RangeError("names: at least one name is needed for the certificate");
    }
    const groups: string[][] = [];
    for (let i = 0; i < unique.length; i += namesPerCertificate) {
        groups.push(unique.slice(i, i + namesPerCertificate));
    }
    return groups;
}
