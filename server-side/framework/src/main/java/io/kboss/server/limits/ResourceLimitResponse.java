package io.kboss.server.limits;

/**
 * CloudStack's resourcelimit object: {@code account} set for an account's limit, only the domain for a
 * domain's; {@code resourcetype} is the number as a string, as CloudStack answers it; {@code max} in
 * the API's unit (GiB for backup_storage, MiB for memory), -1 = unlimited.
 */
public record ResourceLimitResponse(String account, String domainid, String domain, String domainpath,
        String resourcetype, String resourcetypename, long max) {
}
