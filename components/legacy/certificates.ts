// Which DigitalOcean certificate a service's load balancer serves: the first
// of legacy.certificates whose names cover the hostname. A certificate name
// covers a host when it is the same name, or a wildcard (*.example.com) over
// exactly one label of it (RFC 6125 section 6.4.3: the wildcard matches one
// label only, so *.example.com covers www.example.com, not a.b.example.com
// nor example.com).

export interface DeclaredCertificate {
    readonly name: string;
    readonly domains: readonly string[];
}

export function domainCovers(domain: string, hostname: string): boolean {
    if (domain.startsWith("*.")) {
        const base = domain.slice(2);
        const dot = hostname.indexOf(".");
        return dot > 0 && hostname.slice(dot + 1) === base;
    }
    return domain === hostname;
}

/** The name of the first certificate that covers the hostname, or undefined. */
export function coveringCertificate(hostname: string, certificates: readonly DeclaredCertificate[]): string | undefined {
    return certificates.find((c) => c.domains.some((d) => domainCovers(d, hostname)))?.name;
}
