package org.coophive.common.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.UserDirectory;
import org.coophive.contracts.ServiceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Registers the service's account in the Users contract at start: its entry claims the service's
 * role (and, for a service others call, its URL), and the account is in the contract's list for
 * the role. Whatever else the entry says (metadata, other roles, a URL the service does not set)
 * is kept, since {@code updateUser} replaces the whole entry. Sends nothing when both already hold,
 * so it runs at every start. Being listed is how the other parties find a solver's URL and the
 * mediators; the contracts pick a deal's mediator only from the deal's own agreed list.
 *
 * <p>As a Spring bean it registers early in the start (before the web server serves and the
 * reconciler runs): parties may look the entry up as soon as the service answers. A chain that
 * cannot be reached stops the start.
 */
public final class ServiceRegistration implements SmartLifecycle {

    /** Before the web server starts: the entry exists by the time the service answers. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger log = LoggerFactory.getLogger(ServiceRegistration.class);

    private final UserDirectory chain;
    private final ServiceType role;
    private final String url;
    private volatile boolean running;

    /**
     * @param chain the chain client of the service's key
     * @param role the role the service claims
     * @param url the URL the entry must show, or {@code ""} to keep whatever URL it has
     */
    public ServiceRegistration(UserDirectory chain, ServiceType role, String url) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.role = Objects.requireNonNull(role, "role");
        this.url = url == null ? "" : url;
    }

    /** A registration that claims {@code role} and keeps the entry's URL. */
    public ServiceRegistration(UserDirectory chain, ServiceType role) {
        this(chain, role, "");
    }

    /** Makes the entry and the list say what they should; sends only what is missing. */
    public void register() {
        String self = chain.address();
        Optional<OnChainUser> user = chain.getUser(self);
        String metadata = user.map(OnChainUser::metadataCid).orElse("");
        String currentUrl = user.map(OnChainUser::url).orElse("");
        List<ServiceType> roles = new ArrayList<>(user.map(OnChainUser::roles).orElse(List.of()));
        boolean hasRole = roles.contains(role);
        boolean urlRight = url.isEmpty() || url.equals(currentUrl);
        if (user.isEmpty() || !hasRole || !urlRight) {
            if (!hasRole) roles.add(role);
            String newUrl = url.isEmpty() ? currentUrl : url;
            chain.updateUser(metadata, newUrl, roles);
            log.info(
                    "registered {} in the Users contract as {}{} (roles now {})",
                    self,
                    role,
                    newUrl.isEmpty() ? "" : " at " + newUrl,
                    roles);
        }
        boolean listed = chain.showUsersInList(role).stream().anyMatch(self::equalsIgnoreCase);
        if (!listed) {
            chain.addUserToList(role);
            log.info("listed {} as a {}", self, role);
        } else {
            log.info("{} is already listed as a {}", self, role);
        }
    }

    @Override
    public void start() {
        register();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
