package org.coophive.resourceprovider.config;

/**
 * A configuration value is missing or wrong; the message names the variable (and its flag) and
 * says what to fix. Startup stops with it as one line ({@link InvalidConfigurationFailureAnalyzer}).
 */
public class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
