package org.coophive.common.chain;

import java.util.List;
import java.util.Optional;
import org.coophive.contracts.ServiceType;

/** The service directory (the Users contract): how services register and find each other. */
public interface UserDirectory extends ChainAccount {

    /** Creates or replaces this account's directory entry. */
    TxResult updateUser(String metadataCid, String url, List<ServiceType> roles);

    /** Lists this account under a role it has. */
    TxResult addUserToList(ServiceType role);

    /** Takes this account off a role's list. */
    TxResult removeUserFromList(ServiceType role);

    /** The directory entry of an account, if it has one. */
    Optional<OnChainUser> getUser(String address);

    /** The accounts listed under a role (in no meaningful order). */
    List<String> showUsersInList(ServiceType role);
}
