package org.coophive.common.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SolverUrlsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://localhost:8080, http://localhost:8080/api/v1, ws://localhost:8080/api/v1/ws",
        "http://localhost:8080/, http://localhost:8080/api/v1, ws://localhost:8080/api/v1/ws",
        "https://solver.example, https://solver.example/api/v1, wss://solver.example/api/v1/ws",
        "HTTPS://solver.example:8443/coophive/, https://solver.example:8443/coophive/api/v1,"
                + " wss://solver.example:8443/coophive/api/v1/ws",
    })
    void shouldDeriveTheApiAndStreamUrlsWhenGivenTheSolverUrl(String solver, String api, String events) {
        assertThat(SolverUrls.api(URI.create(solver))).isEqualTo(URI.create(api));
        assertThat(SolverUrls.events(URI.create(solver))).isEqualTo(URI.create(events));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://solver.example", "solver.example:8080", "http://solver.example/?x=1", "/api"})
    void shouldRefuseWhenTheSolverUrlIsNotAnHttpBaseUrl(String solver) {
        assertThatThrownBy(() -> SolverUrls.api(URI.create(solver)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(solver);
    }
}
