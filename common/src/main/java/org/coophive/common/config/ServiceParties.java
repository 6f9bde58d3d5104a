package org.coophive.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.TrustedParties;

/**
 * The solver and mediators a party trusts ({@code SERVICE_SOLVER}, {@code SERVICE_MEDIATORS}).
 *
 * @param solver the solver's address, checksummed
 * @param mediators the trusted mediators, checksummed, without duplicates, in the given order
 */
public record ServiceParties(String solver, List<String> mediators) {

    public static final String SOLVER = "SERVICE_SOLVER";
    public static final String MEDIATORS = "SERVICE_MEDIATORS";

    public ServiceParties {
        solver = checksummed(SOLVER, Objects.requireNonNull(solver, SOLVER));
        List<String> unique = new ArrayList<>();
        for (String mediator : Objects.requireNonNull(mediators, MEDIATORS)) {
            String checksummed = checksummed(MEDIATORS, mediator);
            if (!unique.contains(checksummed)) unique.add(checksummed);
        }
        mediators = List.copyOf(unique);
    }

    /**
     * Reads both variables; {@code SERVICE_MEDIATORS} is a comma-separated list.
     *
     * @param mediatorsRequired whether at least one mediator must be named (job creators and
     *     providers: yes; a mediator: no)
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static ServiceParties fromEnvironment(Map<String, String> env, boolean mediatorsRequired) {
        String solver = env.get(SOLVER);
        if (solver == null || solver.isBlank()) {
            throw new IllegalArgumentException(SOLVER + " is missing: the address of the solver to use");
        }
        List<String> mediators = new ArrayList<>();
        String list = env.getOrDefault(MEDIATORS, "");
        for (String entry : list.split(",")) {
            if (!entry.isBlank()) mediators.add(entry.strip());
        }
        if (mediatorsRequired && mediators.isEmpty()) {
            throw new IllegalArgumentException(
                    MEDIATORS + " is missing: name at least one trusted mediator address (comma-separated)");
        }
        return new ServiceParties(solver.strip(), mediators);
    }

    /** The same parties as an offer's {@code trusted_parties}, whose rule checks a deal's members. */
    public TrustedParties trusted() {
        return new TrustedParties(solver, mediators);
    }

    private static String checksummed(String name, String value) {
        String address = value.strip();
        Addresses.validationError(address).ifPresent(error -> {
            throw new IllegalArgumentException(name + " holds an invalid address: " + error);
        });
        return Addresses.checksummed(address);
    }
}
