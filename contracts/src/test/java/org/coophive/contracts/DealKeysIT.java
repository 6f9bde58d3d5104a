package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.util.List;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deals are filed under (id, job creator, resource provider): an outsider cannot squat an id. */
class DealKeysIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    @BeforeAll
    static void startChain() throws Exception {
        for (Party party : List.of(chain.jobCreator(), chain.resourceProvider(), chain.faucet(), chain.directory())) {
            party.token().approve(chain.addresses().payments(), tokens(1_000)).send();
        }
    }

    @Test
    void shouldComputeTheSameKeyInJavaAndOnChain() throws Exception {
        TestDeal deal =
                TestDeal.between("key", chain.solver(), chain.jobCreator(), chain.resourceProvider(), chain.mediator());

        byte[] onChain = chain.admin()
                .storage()
                .dealKey(deal.id(), deal.jobCreator(), deal.resourceProvider())
                .send();

        assertThat(onChain)
                .isEqualTo(deal.key())
                .isEqualTo(DealKeys.of(deal.id(), deal.jobCreator(), deal.resourceProvider()));
    }

    @Test
    void shouldLetThePartiesAgreeWhenOutsidersClaimedTheirDealIdFirst() throws Exception {
        Party jc = chain.jobCreator();
        Party rp = chain.resourceProvider();
        TestDeal honest = TestDeal.between("contested", chain.solver(), jc, rp, chain.mediator());
        // Two outsiders race to the same id with terms of their own and no collateral.
        Party squatter = chain.faucet();
        Party accomplice = chain.directory();
        TestDeal squat = TestDeal.between("contested", chain.solver(), squatter, accomplice, chain.mediator())
                .withCollaterals(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO)
                .withPricing(BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, BigInteger.ZERO);
        squatter.controller().agree(squat.toContract()).send();
        accomplice.controller().agree(squat.toContract()).send();

        jc.controller().agree(honest.toContract()).send();
        rp.controller().agree(honest.toContract()).send();

        assertThat(stateOf(honest)).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(stateOf(squat)).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(chain.escrowOf(honest.key()))
                .isEqualTo(honest.paymentCollateral()
                        .add(honest.judgeResultsCollateral())
                        .add(honest.submitResultsCollateral()));
    }

    @Test
    void shouldRejectOtherTermsWhenTheSamePartiesReuseADealId() throws Exception {
        Party jc = chain.jobCreator();
        Party rp = chain.resourceProvider();
        TestDeal deal = TestDeal.between("reused", chain.solver(), jc, rp, chain.mediator());
        jc.controller().agree(deal.toContract()).send();

        TestDeal cheaper = deal.withPricing(tokens(1), tokens(30), BigInteger.valueOf(4), tokens(5));

        assertThat(rp.revertOf(rp.controller(), rp.controller().agree(cheaper.toContract()))
                        .name())
                .isEqualTo("DealTermsMismatch");
    }

    private static AgreementState stateOf(TestDeal deal) throws Exception {
        return AgreementState.ofCode(
                chain.admin().storage().getAgreement(deal.key()).send().state.intValue());
    }
}
