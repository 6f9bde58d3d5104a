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
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.PricingMode;

/**
 * Compares the deal the solver proposes with the offer this job creator posted, before it agrees
 * and locks money. The original agreed to whatever the solver produced; here every term the job
 * creator pays for or depends on is checked, and each difference is reported in words.
 *
 * <ul>
 *   <li>the deal carries exactly our offer, our address as job creator and our trusted solver;
 *   <li>every mediator is one we trust, and there is at least one;
 *   <li>price: a fixed-price offer's instruction price is a cap; whatever the mode, the payment
 *       collateral we lock (the most the job can cost), the judge collateral we lock and the
 *       mediation fee may not exceed ours;
 *   <li>timeouts: the provider may not take longer to agree, submit or mediate than we offered,
 *       and we get at least the judging time we asked for; agree and mediate collateral are zero;
 *   <li>the machine offered covers the machine the module needs.
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
        if (!Addresses.equal(deal.members().solver(), trustedSolver)) {
            problems.add("the deal was made by solver " + deal.members().solver() + ", we trust " + trustedSolver);
        }
        List<String> mediators = deal.members().mediators();
        if (mediators.isEmpty()) problems.add("the deal names no mediator");
        for (String mediator : mediators) {
            if (offer.trustedParties().mediators().stream().noneMatch(m -> Addresses.equal(m, mediator))) {
                problems.add("mediator " + mediator + " is not one we trust "
                        + offer.trustedParties().mediators());
            }
        }

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

        MachineSpec need = offer.spec();
        MachineSpec got = deal.resourceOffer().spec();
        if (got.cpu() < need.cpu() || got.ram() < need.ram() || got.gpu() < need.gpu()) {
            problems.add("the machine offered (cpu " + got.cpu() + ", ram " + got.ram() + " MB, gpu " + got.gpu()
                    + ") is smaller than the job needs (cpu " + need.cpu() + ", ram " + need.ram() + " MB, gpu "
                    + need.gpu() + ")");
        }
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
