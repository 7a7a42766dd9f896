package io.kboss.server.operation.domain;

/** Why a queued request did not start now (a KIND_ reason: its kind's own limit, not its group's). */
public enum WaitReason {
    CLOUD_LIMIT_REACHED, ZONE_LIMIT_REACHED, HOST_LIMIT_REACHED, KIND_CLOUD_LIMIT_REACHED, KIND_ZONE_LIMIT_REACHED, KIND_HOST_LIMIT_REACHED, VM_BUSY, HOST_DOWN
}
