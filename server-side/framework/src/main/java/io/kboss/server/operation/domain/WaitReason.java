package io.kboss.server.operation.domain;

/** Why a queued request did not start now. */
public enum WaitReason {
    CLOUD_LIMIT_REACHED, ZONE_LIMIT_REACHED, HOST_LIMIT_REACHED, VM_BUSY, HOST_DOWN
}
