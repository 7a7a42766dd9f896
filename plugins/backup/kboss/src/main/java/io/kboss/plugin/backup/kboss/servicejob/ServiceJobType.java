package io.kboss.plugin.backup.kboss.servicejob;

import io.kboss.plugin.backup.kboss.compression.CompressionKind;
import io.kboss.plugin.backup.kboss.validation.ValidationOperation;
import io.kboss.server.operation.OperationKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of work listBackupServiceJobs shows, by their API {@code type}: the operations the provider
 * runs on a backup after it was taken: compression, and validation (a backup booted and checked, or its
 * files' hash checked again).
 */
public enum ServiceJobType {
    COMPRESSION("Compression", CompressionKind.COMPRESSION), VALIDATION("Validation", ValidationOperation.VALIDATION);

    private final String apiName;
    private final OperationKind kind;

    ServiceJobType(String apiName, OperationKind kind) {
        this.apiName = apiName;
        this.kind = kind;
    }

    public String apiName() {
        return apiName;
    }

    public OperationKind kind() {
        return kind;
    }

    public static Optional<ServiceJobType> ofKind(String kindName) {
        return Arrays.stream(values()).filter(t -> t.kind.name().equals(kindName)).findFirst();
    }

    public static Optional<ServiceJobType> fromApiName(String name) {
        return Arrays.stream(values()).filter(t -> t.apiName.equalsIgnoreCase(name)).findFirst();
    }

    public static String[] apiNames() {
        return Arrays.stream(values()).map(ServiceJobType::apiName).toArray(String[]::new);
    }

    public static List<String> kindNames() {
        return Arrays.stream(values()).map(t -> t.kind.name()).toList();
    }
}
