package io.kboss.cloudstack;

import com.cloud.utils.exception.CloudRuntimeException;
import io.kboss.client.KbossApiException;
import io.kboss.client.KbossClientException;

/** kboss-server's failures as CloudStack's: the operation that failed, then kboss-server's own sentence. */
final class KbossFailures {
    private KbossFailures() {
    }

    /** @param what what was being done, e.g. "take a backup of VM i-2-10-VM" */
    static CloudRuntimeException of(String what, KbossClientException e) {
        String why = e instanceof KbossApiException api
                ? api.errorText() + " (kboss " + api.command() + ", error "
                        + api.errorCode() + (api.jobId() == null ? "" : ", job " + api.jobId()) + ")"
                : e.getMessage();
        return new CloudRuntimeException("kboss-server could not " + what + ": " + why, e);
    }
}
