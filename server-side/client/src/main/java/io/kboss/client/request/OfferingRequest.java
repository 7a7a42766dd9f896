package io.kboss.client.request;

import java.util.List;

/**
 * The parameters of createBackupOffering and updateBackupOffering. What is left null is not sent:
 * on create the server's default applies, on update the offering keeps its value.
 */
public final class OfferingRequest {
    private String name;
    private String description;
    private String zoneId;
    private Boolean allowUserDrivenBackups;
    private String domainId;
    private Boolean compress;
    private String compressionLibrary;
    private Boolean validate;
    private List<String> validationSteps;
    private Boolean allowQuickRestore;
    private Boolean allowExtractFile;
    private Integer backupChainSize;

    /** A new offering: kboss requires user-driven backups to be allowed. */
    public static OfferingRequest create(String name, String description, String zoneId) {
        OfferingRequest r = new OfferingRequest();
        r.name = name;
        r.description = description;
        r.zoneId = zoneId;
        r.allowUserDrivenBackups = true;
        return r;
    }

    /** Changes to an offering: only what is set afterwards. */
    public static OfferingRequest changes() {
        return new OfferingRequest();
    }

    public OfferingRequest name(String value) {
        this.name = value;
        return this;
    }

    public OfferingRequest description(String value) {
        this.description = value;
        return this;
    }

    public OfferingRequest allowUserDrivenBackups(boolean value) {
        this.allowUserDrivenBackups = value;
        return this;
    }

    /** Dedicates the offering to a domain (and its subdomains); without it the offering is public. */
    public OfferingRequest domainId(String value) {
        this.domainId = value;
        return this;
    }

    /** @param library zstd or zlib, or null for the server's default (zstd) */
    public OfferingRequest compress(boolean value, String library) {
        this.compress = value;
        this.compressionLibrary = library;
        return this;
    }

    /** @param steps from wait_for_boot, execute_command, screenshot; null for the default */
    public OfferingRequest validate(boolean value, List<String> steps) {
        this.validate = value;
        this.validationSteps = steps == null ? null : List.copyOf(steps);
        return this;
    }

    public OfferingRequest allowQuickRestore(boolean value) {
        this.allowQuickRestore = value;
        return this;
    }

    public OfferingRequest allowExtractFile(boolean value) {
        this.allowExtractFile = value;
        return this;
    }

    /** Backups per chain; 0 uses the zone's backup.chain.size. */
    public OfferingRequest backupChainSize(int value) {
        this.backupChainSize = value;
        return this;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String zoneId() {
        return zoneId;
    }

    public Boolean allowUserDrivenBackups() {
        return allowUserDrivenBackups;
    }

    public String domainId() {
        return domainId;
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

    public Integer backupChainSize() {
        return backupChainSize;
    }
}
