package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.coophive.common.model.Addresses;

/**
 * A contract asked the on-chain job creator for a job (its {@code JobAdded}).
 *
 * @param id the job's number
 * @param callingContract the contract that asked; it receives the results
 * @param payee who the job is for
 * @param module the module to run
 * @param inputs the module inputs as {@code KEY=value} strings
 */
public record JobAdded(BigInteger id, String callingContract, String payee, String module, List<String> inputs) {

    public JobAdded {
        Objects.requireNonNull(id, "id");
        callingContract = Addresses.checksummed("callingContract", callingContract);
        payee = Addresses.checksummed("payee", payee);
        Objects.requireNonNull(module, "module");
        inputs = List.copyOf(inputs);
    }
}
