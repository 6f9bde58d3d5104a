package org.coophive.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

class SolverNotLocatedFailureAnalyzerTest {

    @Test
    void shouldStopTheStartWithOneLineNamingWhatToFix() {
        SolverNotLocatedException cause = new SolverNotLocatedException(
                "solver 0xabc has not registered a URL in the Users contract", new IllegalStateException());
        BeanCreationException failure = new BeanCreationException("solverEndpoint", "cannot create", cause);

        FailureAnalysis analysis = new SolverNotLocatedFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).isEqualTo("solver 0xabc has not registered a URL in the Users contract");
        assertThat(analysis.getAction()).contains("SERVICE_SOLVER", "SERVICE_SOLVER_URL");
    }

    @Test
    void shouldBeRegisteredForSpringBootInEveryServiceWithCommon() throws Exception {
        Properties factories = new Properties();
        try (InputStream in = SolverNotLocatedFailureAnalyzer.class.getResourceAsStream("/META-INF/spring.factories")) {
            factories.load(in);
        }

        assertThat(factories.getProperty(FailureAnalyzer.class.getName()))
                .contains(SolverNotLocatedFailureAnalyzer.class.getName());
    }
}
