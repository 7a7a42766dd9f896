package io.kboss.plugin.backup.kboss.domain.offering;

import java.util.List;

/**
 * What a caller asked for in createBackupOffering or updateBackupOffering, as given: every field
 * is null when the parameter was not passed. On update, null means "keep the current value".
 * {@link OfferingRules} decides whether the request is acceptable.
 */
public final class OfferingParameters {
    private String name;
    private String description;
    private String zoneUuid;
    private Boolean allowUserDrivenBackups;
    private Boolean isPublic;
    private String domainUuid;
    private Boolean compress;
    private String compressionLibrary;
    private Boolean validate;
    private List<String> validationSteps;
    private Boolean allowQuickRestore;
    private Boolean allowExtractFile;
    private Long backupChainSize;

    public OfferingParameters name(String value) {
        this.name = value;
        return this;
    }

    public OfferingParameters description(String value) {
        this.description = value;
        return this;
    }

    public OfferingParameters zoneUuid(String value) {
        this.zoneUuid = value;
        return this;
    }

    public OfferingParameters allowUserDrivenBackups(Boolean value) {
        this.allowUserDrivenBackups = value;
        return this;
    }

    public OfferingParameters isPublic(Boolean value) {
        this.isPublic = value;
        return this;
    }

    public OfferingParameters domainUuid(String value) {
        this.domainUuid = value;
        return this;
    }

    public OfferingParameters compress(Boolean value) {
        this.compress = value;
        return this;
    }

    public OfferingParameters compressionLibrary(String value) {
        this.compressionLibrary = value;
        return this;
    }

    public OfferingParameters validate(Boolean value) {
        this.validate = value;
        return this;
    }

    /**
     * Each element is a step name or a comma-separated run of them: both "a,b" and CloudStack's
     * repeated list form arrive here.
     */
    public OfferingParameters validationSteps(List<String> value) {
        this.validationSteps = value;
        return this;
    }

    public OfferingParameters allowQuickRestore(Boolean value) {
        this.allowQuickRestore = value;
        return this;
    }

    public OfferingParameters allowExtractFile(Boolean value) {
        this.allowExtractFile = value;
        return this;
    }

    public OfferingParameters backupChainSize(Long value) {
        this.backupChainSize = value;
        return this;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String zoneUuid() {
        return zoneUuid;
    }

    public Boolean allowUserDrivenBackups() {
        return allowUserDrivenBackups;
    }

    public Boolean isPublic() {
        return isPublic;
    }

    public String domainUuid() {
        return domainUuid;
    }

    public Boolean compress() {
        return compress;
    }

    public String compressionLibrary() {
        return compressionLibrary;
    }

    public Boolean validate() {
        return validate;
    }

    public List<String> validationSteps() {
        return validationSteps;
    }

    public Boolean allowQuickRestore() {
        return allowQuickRestore;
    }

    public Boolean allowExtractFile() {
        return allowExtractFile;
    }

    public Long backupChainSize() {
        return backupChainSize;
    }
}
