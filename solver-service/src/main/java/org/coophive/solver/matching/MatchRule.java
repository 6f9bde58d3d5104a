package org.coophive.solver.matching;

import org.coophive.common.model.MachineSpec;

/**
 * The rules a job offer and a resource offer must pass to be matched, in the order {@link
 * Matcher#explain} checks them (the first failing one is reported).
 */
public enum MatchRule {
    /** Either offer is older than the solver's offer expiry. */
    EXPIRED,
    /** The resource offer is already booked: its deal is open, or an older job took it this pass. */
    BUSY,
    /** Either offer names another solver than this one (or they name different solvers). */
    SOLVER,
    /** The resource offer has less CPU (milli-CPU) than the job needs. */
    CPU,
    /** The resource offer has less GPU (milli-GPU) than the job needs. */
    GPU,
    /** The resource offer has less RAM (MB) than the job needs. */
    RAM,
    /** The resource offer has less memory per GPU (MB) than the job needs. */
    GPU_MEMORY,
    /** The resource offer has less disk (MB) than the job needs. */
    DISK,
    /** The job's module asks for network access and the provider does not allow it. */
    NETWORK,
    /** The job's module asks for privileges (root, capabilities, a writable root) the provider does not grant. */
    PRIVILEGES,
    /** The resource offer lists modules and the job's module is not among them. */
    MODULE,
    /** The resource offer is market-priced, which the solver does not support. */
    MARKET_PRICE_RP,
    /** Both offers are fixed-price and the provider asks more per instruction than the job pays. */
    PRICE,
    /** The offers trust no mediator in common. */
    MEDIATORS;

    /** The rule a machine shortfall fails ({@link MachineSpec#shortfall}). */
    static MatchRule of(MachineSpec.Resource resource) {
        return switch (resource) {
            case CPU -> CPU;
            case GPU -> GPU;
            case RAM -> RAM;
            case GPU_MEMORY -> GPU_MEMORY;
            case DISK -> DISK;
        };
    }
}
