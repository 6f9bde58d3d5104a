package org.coophive.saas.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobOutcomesTest {

    @Test
    void shouldRefundOutcomesThatAreNotTheUsersFault() {
        for (String outcome : new String[] {"NO_MATCH", "TERMS_REFUSED", "TIMED_OUT", "RESULTS_REJECTED", "ERROR"}) {
            assertThat(JobOutcomes.refundable(outcome, "")).as(outcome).isTrue();
        }
        assertThat(JobOutcomes.refundable("JOB_FAILED", "provider could not start the container"))
                .isTrue();
    }

    @Test
    void shouldNotRefundSuccessOrAFailureInsideTheContainer() {
        assertThat(JobOutcomes.refundable("SUCCEEDED", "")).isFalse();
        assertThat(JobOutcomes.refundable("JOB_FAILED", "")).isFalse();
        assertThat(JobOutcomes.refundable(null, "")).isFalse();
    }

    @Test
    void shouldShowWeiAsTokens() {
        assertThat(JobService.tokens("1000000000000000000")).isEqualTo("1");
        assertThat(JobService.tokens("1500000000000000000")).isEqualTo("1.5");
        assertThat(JobService.tokens("")).isEmpty();
        assertThat(JobService.tokens("nonsense")).isEmpty();
    }
}
