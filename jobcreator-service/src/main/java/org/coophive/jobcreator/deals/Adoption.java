package org.coophive.jobcreator.deals;

import java.util.List;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.JobCreatorSteps;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over deals of this address that no job here offered (the job folder was lost, or another
 * install used the key), once this address agreed to them on chain: they hold its collateral.
 */
final class Adoption {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    private final JobCreatorSteps chain;
    private final JobUpdates jobs;

    Adoption(JobCreatorSteps chain, JobUpdates jobs) {
        this.chain = chain;
        this.jobs = jobs;
    }

    void adopt(List<DealContainer> deals) {
        List<Job> known = jobs.all();
        for (DealContainer container : deals) {
            if (container.state().isTerminal()) continue;
            boolean ours = known.stream()
                    .anyMatch(job -> job.dealId().equals(container.id())
                            || (!job.offerId().isEmpty() && job.offerId().equals(container.jobOffer())));
            if (ours) continue;
            Deal deal = container.deal();
            OnChainAgreement agreement = chain.getAgreement(DealTerms.of(deal));
            if (!agreement.jobCreatorAgreed() || agreement.state().isTerminal()) continue;
            JobOffer offer = deal.jobOffer();
            String module = offer.module().name().isEmpty()
                    ? offer.module().repo()
                    : offer.module().name();
            Job job = Job.submitted(
                            "deal-" + deal.id(),
                            JobSource.ADOPTED,
                            module,
                            offer.inputs(),
                            "",
                            "",
                            jobs.clock().instant(),
                            offer)
                    .withOffer(offer);
            jobs.save(job);
            jobs.phase(
                    job.withDeal(deal), Phase.MATCHED, "adopted deal " + deal.id() + " (agreed earlier with this key)");
            log.info("adopted deal {} of job offer {}", deal.id(), offer.id());
        }
    }
}
