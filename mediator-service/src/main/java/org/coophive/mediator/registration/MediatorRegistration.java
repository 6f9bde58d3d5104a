package org.coophive.mediator.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.UserDirectory;
import org.coophive.contracts.ServiceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists this account as a mediator in the Users contract, keeping whatever else its entry says
 * (metadata, URL, other roles). Sends nothing when already registered, so it runs at every start.
 * Being listed is what lets job creators and providers find mediators; the contracts pick a deal's
 * mediator only from the deal's own agreed list.
 */
class MediatorRegistration {

    private static final Logger log = LoggerFactory.getLogger(MediatorRegistration.class);

    private final UserDirectory chain;

    MediatorRegistration(UserDirectory chain) {
        this.chain = chain;
    }

    void register() {
        String self = chain.address();
        Optional<OnChainUser> user = chain.getUser(self);
        if (user.isEmpty()) {
            chain.updateUser("", "", List.of(ServiceType.MEDIATOR));
            log.info("registered {} in the Users contract with role MEDIATOR", self);
        } else if (!user.get().roles().contains(ServiceType.MEDIATOR)) {
            List<ServiceType> roles = new ArrayList<>(user.get().roles());
            roles.add(ServiceType.MEDIATOR);
            chain.updateUser(user.get().metadataCid(), user.get().url(), roles);
            log.info("added role MEDIATOR to {} in the Users contract (roles now {})", self, roles);
        }
        if (!chain.showUsersInList(ServiceType.MEDIATOR).contains(self)) {
            chain.addUserToList(ServiceType.MEDIATOR);
            log.info("listed {} as a mediator", self);
        } else {
            log.info("{} is already listed as a mediator", self);
        }
    }
}
