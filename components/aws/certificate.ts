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

/** The certificate's names: the first hostname as domainName, the others (deduplicated, in order) as SANs. */
export function certificateNames(hostnames: readonly string[]): { readonly domainName: string; readonly subjectAlternativeNames: string[] } {
    const names = [...new Set(hostnames)];
    if (names.length === 0) {
        throw new RangeError("hostnames: at least one hostname is needed for the certificate");
    }
    return { domainName: names[0], subjectAlternativeNames: names.slice(1) };
}
