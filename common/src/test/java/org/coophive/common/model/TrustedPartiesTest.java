package org.coophive.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TrustedPartiesTest {

    private static final String SOLVER = "0x" + "a".repeat(40);
    private static final String MEDIATOR = "0x" + "b".repeat(40);
    private static final String STRANGER = "0x" + "c".repeat(40);
    private static final TrustedParties TRUSTED = new TrustedParties(SOLVER, List.of(MEDIATOR));

    private static DealMembers members(String solver, List<String> mediators) {
        return new DealMembers(solver, "0x" + "1".repeat(40), "0x" + "2".repeat(40), mediators);
    }

    @Test
    void shouldTrustADealOfTheTrustedSolverWithTrustedMediatorsWhateverTheCase() {
        assertThat(TRUSTED.untrustedMembers(
                        members(SOLVER.toUpperCase(Locale.ROOT).replace("0X", "0x"), List.of(MEDIATOR))))
                .isEmpty();
    }

    @Test
    void shouldSayWhichMemberIsNotTrustedWhenOneIsNot() {
        assertThat(TRUSTED.untrustedMembers(members(STRANGER, List.of(MEDIATOR, STRANGER))))
                .containsExactly(
                        "the deal was made by solver " + STRANGER + ", the trusted solver is " + SOLVER,
                        "mediator " + STRANGER + " is not trusted (trusted: [" + MEDIATOR + "])");
    }

    @Test
    void shouldRefuseADealWithoutAMediator() {
        assertThat(TRUSTED.untrustedMembers(members(SOLVER, List.of()))).containsExactly("the deal names no mediator");
    }
}
