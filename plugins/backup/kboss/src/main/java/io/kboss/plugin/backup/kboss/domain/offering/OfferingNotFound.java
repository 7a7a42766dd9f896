package io.kboss.plugin.backup.kboss.domain.offering;

/** The id a caller gave names no live backup offering. */
public final class OfferingNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OfferingNotFound(String offeringUuid) {
        super("id " + offeringUuid + " does not name an existing backup offering: pass an id that "
                + "listBackupOfferings shows.");
    }
}
