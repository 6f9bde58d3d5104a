package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.coophive.common.model.Addresses;
import org.coophive.contracts.generated.CoopHiveOnChainJobCreator;

/**
 * A job a contract asked the on-chain job creator to run (its {@code JobOffer} view).
 *
 * @param id the job's number
 * @param callingContract the contract that asked (it receives the results)
 * @param payee who the job is for; refunds go to it
 * @param deposit what the caller paid (wei); the job creator service earns it on completion
 * @param status where the job stands
 * @param module the module to run, e.g. {@code cowsay:v0.0.1}
 * @param inputs the module inputs as {@code KEY=value} strings
 */
public record OnChainJob(
        BigInteger id,
        String callingContract,
        String payee,
        BigInteger deposit,
        OnChainJobStatus status,
        String module,
        List<String> inputs) {

    public OnChainJob {
        Objects.requireNonNull(id, "id");
        callingContract = Addresses.checksummed("callingContract", callingContract);
        payee = Addresses.checksummed("payee", payee);
        Objects.requireNonNull(deposit, "deposit");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(module, "module");
        inputs = List.copyOf(inputs);
    }

    static OnChainJob from(CoopHiveOnChainJobCreator.JobOffer job) {
        return new OnChainJob(
                job.id,
                job.callingContract,
                job.payee,
                job.deposit,
                OnChainJobStatus.ofCode(job.status.intValueExact()),
                job.module,
                job.inputs);
    }
}
