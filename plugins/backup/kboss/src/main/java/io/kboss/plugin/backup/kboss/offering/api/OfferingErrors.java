package io.kboss.plugin.backup.kboss.offering.api;

import io.kboss.plugin.backup.kboss.domain.offering.OfferingInUse;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingNotFound;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingRuleViolation;
import io.kboss.server.api.ApiException;
import java.util.function.Supplier;

/** Runs an offering operation and turns the domain's refusals into CloudStack errors. */
final class OfferingErrors {

    private OfferingErrors() {
    }

    static <T> T refusalsAsApiErrors(Supplier<T> operation) throws ApiException {
        try {
            return operation.get();
        } catch (OfferingRuleViolation | OfferingNotFound e) {
            throw ApiException.invalidParameter(e.getMessage());
        } catch (OfferingInUse e) {
            throw ApiException.inUse(e.getMessage());
        }
    }
}
