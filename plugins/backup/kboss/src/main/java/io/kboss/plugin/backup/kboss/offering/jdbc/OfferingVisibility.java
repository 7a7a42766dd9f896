package io.kboss.plugin.backup.kboss.offering.jdbc;

/**
 * Which offerings a caller may see. Public offerings are seen by everyone. An offering dedicated to
 * a domain is seen in that domain and its subdomains (as CloudStack's domain-specific offerings);
 * a domain admin also sees offerings dedicated to domains below their own, which they manage.
 *
 * @param seesAll          root admins see every offering
 * @param callerDomainPath the caller's domain path, e.g. {@code /sales/emea/} ({@code /} for ROOT)
 */
public record OfferingVisibility(boolean seesAll, String callerDomainPath, boolean includeSubdomains) {

    public static OfferingVisibility all() {
        return new OfferingVisibility(true, "/", true);
    }

    public static OfferingVisibility domainMember(String domainPath) {
        return new OfferingVisibility(false, domainPath, false);
    }

    public static OfferingVisibility domainAdmin(String domainPath) {
        return new OfferingVisibility(false, domainPath, true);
    }
}
