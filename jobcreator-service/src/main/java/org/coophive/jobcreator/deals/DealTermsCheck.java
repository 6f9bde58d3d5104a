package org.coophive.jobcreator.deals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.TrustedParties;

/**
 * Compares the deal the solver proposes with the offer this job creator posted, before it agrees
 * and locks money. The original agreed to whatever the solver produced; here every term the job
 * creator pays for or depends on is checked, and each difference is reported in words.
 *
 * <ul>
 *   <li>the deal carries exactly our offer, our address as job creator and our trusted solver;
 *   <li>every mediator is one we trust, and there is at least one ({@link TrustedParties#untrustedMembers});
 *   <li>price: a fixed-price offer's instruction price is a cap; whatever the mode, the payment
 *       collateral we lock (the most the job can cost), the judge collateral we lock and the
 *       mediation fee may not exceed ours;
 *   <li>timeouts: the provider may not take longer to agree, submit or mediate than we offered,
 *       and we get at least the judging time we asked for; agree and mediate collateral are zero;
 *   <li>the machine offered covers the machine the module needs ({@link
 *       org.coophive.common.model.MachineSpec#shortfall}: CPU, GPU, RAM, GPU memory, disk).
 * </ul>
 */
final class DealTermsCheck {

    private DealTermsCheck() {}

    /** The differences, empty when the deal may be agreed. */
    static List<String> problems(JobOffer offer, Deal deal, String self, String trustedSolver) {
        List<String> problems = new ArrayList<>();
        if (!deal.jobOffer().id().equals(offer.id())) {
            problems.add("the deal is for job offer " + deal.jobOffer().id() + ", not ours " + offer.id());
        }
        if (!Addresses.equal(deal.members().jobCreator(), self)) {
            problems.add("the deal's job creator is " + deal.members().jobCreator() + ", not us " + self);
        }
        problems.addAll(
                new TrustedParties(trustedSolver, offer.trustedParties().mediators()).untrustedMembers(deal.members()));

        DealPricing ours = offer.pricing();
        DealPricing theirs = deal.pricing();
        if (offer.mode() == PricingMode.FIXED_PRICE
                && theirs.instructionPrice().compareTo(ours.instructionPrice()) > 0) {
            problems.add("instruction price " + amount(theirs.instructionPrice()) + " is above our price "
                    + amount(ours.instructionPrice()));
        }
        atMost(problems, "payment collateral", theirs.paymentCollateral(), ours.paymentCollateral());
        atMost(problems, "mediation fee", theirs.mediationFee(), ours.mediationFee());

        DealTimeouts our = offer.timeouts();
        DealTimeouts their = deal.timeouts();
        atMost(
                problems,
                "judge-results collateral",
                their.judgeResults().collateral(),
                our.judgeResults().collateral());
        if (their.agree().timeout() > our.agree().timeout()) {
            problems.add("agree timeout " + their.agree().timeout() + " s is longer than our "
                    + our.agree().timeout() + " s");
        }
        if (their.submitResults().timeout() > our.submitResults().timeout()) {
            problems.add("submit-results timeout " + their.submitResults().timeout() + " s is longer than our "
                    + our.submitResults().timeout() + " s");
        }
        if (their.judgeResults().timeout() < our.judgeResults().timeout()) {
            problems.add("judge-results timeout " + their.judgeResults().timeout() + " s is shorter than our "
                    + our.judgeResults().timeout() + " s");
        }
        if (their.mediateResults().timeout() > our.mediateResults().timeout()) {
            problems.add("mediate-results timeout " + their.mediateResults().timeout() + " s is longer than our "
                    + our.mediateResults().timeout() + " s");
        }
        if (their.agree().collateral().signum() != 0
                || their.mediateResults().collateral().signum() != 0) {
            problems.add("agree and mediate-results collateral must be zero");
        }

        deal.resourceOffer()
                .spec()
                .shortfall(offer.spec())
                .ifPresent(shortfall ->
                        problems.add("the machine offered is smaller than the job needs: " + shortfall.message()));
        return problems;
    }

    private static void atMost(List<String> problems, String what, BigInteger theirs, BigInteger ours) {
        if (theirs.compareTo(ours) > 0) {
            problems.add(what + " " + amount(theirs) + " is above ours " + amount(ours));
        }
    }

    private static String amount(BigInteger wei) {
        return TokenAmounts.format(wei) + " tokens";
    }
}
