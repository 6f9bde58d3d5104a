package org.coophive.saas;

import static org.assertj.core.api.Assertions.assertThat;

import org.coophive.saas.testing.SaasTestBase;
import org.junit.jupiter.api.Test;

class SaasApplicationTests extends SaasTestBase {

    @Test
    void shouldReportDatabaseAndJobCreatorHealthyWhenStarted() {
        var response = get(null, "/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"status\":\"UP\"")
                .contains("\"db\"")
                .contains("\"jobCreator\"");
    }

    @Test
    void shouldServePrometheusMetricsWithSignupsJobsAndCredits() {
        newUser();

        var response = get(null, "/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("saas_signups_total").contains("saas_credits_spent_total");
    }
}
