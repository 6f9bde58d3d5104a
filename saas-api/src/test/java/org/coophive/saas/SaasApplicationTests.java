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
    void shouldCheckTheDatabaseWithADeadline(
            @org.springframework.beans.factory.annotation.Autowired
                    org.springframework.context.ApplicationContext context) {
        // Boot's own database check has no deadline: a hanging database would hang the health endpoint.
        assertThat(context.getBean("dbHealthIndicator"))
                .isInstanceOf(org.coophive.common.health.TimedHealthIndicator.class);
        assertThat(get(null, "/actuator/health").body()).contains("\"db\":{\"status\":\"UP\"");
    }

    @Test
    void shouldServePrometheusMetricsWithSignupsJobsAndCredits() {
        newUser();

        var response = get(null, "/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("saas_signups_total").contains("saas_credits_spent_total");
    }
}
