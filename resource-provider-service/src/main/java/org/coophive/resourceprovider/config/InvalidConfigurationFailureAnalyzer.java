package org.coophive.resourceprovider.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a configuration error into Spring Boot's short startup report (no stack trace): the
 * message names the variable. Common's records throw {@link IllegalArgumentException} with the same
 * kind of message; {@link ProviderSettingsConfiguration} wraps those.
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix the variable (or its --flag) named above; see resource-provider-service/README.md.",
                cause);
    }
}
