package org.coophive.solver.chain;

import java.util.ArrayList;
import java.util.List;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.UserDirectory;
import org.coophive.contracts.ServiceType;
import org.coophive.solver.config.SolverProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Registers the solver in the Users contract at start (reference §2.8), so parties find its URL
 * from its address: the entry's URL is {@code SERVER_URL} and it lists the solver role, and the
 * solver is in the contract's list of solvers. Sends nothing when both already hold.
 */
@Component
class SolverRegistration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SolverRegistration.class);

    private final UserDirectory chain;
    private final SolverProperties properties;
    private volatile boolean running;

    SolverRegistration(UserDirectory chain, SolverProperties properties) {
        this.chain = chain;
        this.properties = properties;
    }

    @Override
    public void start() {
        register();
        running = true;
    }

    void register() {
        String url = properties.url();
        OnChainUser user = chain.getUser(chain.address()).orElse(null);
        if (user == null || !url.equals(user.url()) || !user.roles().contains(ServiceType.SOLVER)) {
            // updateUser replaces the entry: keep what the account registered besides the solver role.
            String metadata = user == null ? "" : user.metadataCid();
            List<ServiceType> roles = new ArrayList<>(user == null ? List.of() : user.roles());
            if (!roles.contains(ServiceType.SOLVER)) roles.add(ServiceType.SOLVER);
            chain.updateUser(metadata, url, roles);
            log.info("registered solver {} at {} in the Users contract", chain.address(), url);
        }
        boolean listed = chain.showUsersInList(ServiceType.SOLVER).stream().anyMatch(chain.address()::equalsIgnoreCase);
        if (!listed) {
            chain.addUserToList(ServiceType.SOLVER);
            log.info("added solver {} to the list of solvers", chain.address());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the chain tracker and the web server: parties may look the URL up as soon as it serves. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
