package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControllerHappyPathIT {

    static ChainFixture chain;
    String snapshot;

    @BeforeAll
    static void startChain() throws Exception {
        chain = ChainFixture.start();
    }

    @AfterAll
    static void stopChain() {
        chain.close();
    }

    @BeforeEach
    void snapshot() throws Exception {
        snapshot = chain.snapshot();
    }

    @AfterEach
    void revert() throws Exception {
        chain.revert(snapshot);
    }

    @Test
    void shouldPayResourceProviderWhenJobCreatorAcceptsResults() throws Exception {
        Party jc = chain.jobCreator();
        Party rp = chain.resourceProvider();
        TestDeal deal = TestDeal.between("10", chain.solver(), jc, rp, chain.mediator());
        BigInteger jcBefore = jc.tokens();
        BigInteger rpBefore = rp.tokens();
        jc.token().approve(chain.addresses().payments(), tokens(1000)).send();
        rp.token().approve(chain.addresses().payments(), tokens(1000)).send();

        var a = jc.controller().agree(deal.toContract()).send();
        var b = rp.controller().agree(deal.toContract()).send();
        var c = rp.controller()
                .addResult(deal.toContract(), TestDeal.id("11"), TestDeal.id("12"), BigInteger.ONE)
                .send();
        var d = jc.controller().acceptResult(deal.toContract()).send();
        System.out.printf("gas: %s %s %s %s%n", a.getGasUsed(), b.getGasUsed(), c.getGasUsed(), d.getGasUsed());

        assertThat(rp.tokens().subtract(rpBefore)).isEqualTo(tokens(10));
        assertThat(jcBefore.subtract(jc.tokens())).isEqualTo(tokens(10));
        assertThat(chain.escrowBalance()).isZero();
        assertThat(AgreementState.ofCode(
                        jc.storage().getAgreement(deal.key()).send().state.intValue()))
                .isEqualTo(AgreementState.RESULTS_ACCEPTED);
    }
}
