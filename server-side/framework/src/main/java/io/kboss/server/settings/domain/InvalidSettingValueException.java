package io.kboss.server.settings.domain;

/** A value that does not fit a setting's type, range or allowed values; the message says what fits. */
public class InvalidSettingValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidSettingValueException(String message) {
        super(message);
    }
}
