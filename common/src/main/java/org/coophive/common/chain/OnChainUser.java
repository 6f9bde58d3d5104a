package org.coophive.common.chain;

import java.util.List;
import java.util.Objects;
import org.coophive.common.model.Addresses;
import org.coophive.contracts.ServiceType;

/**
 * An entry of the service directory (CoopHiveUsers): how a service describes itself.
 *
 * @param address the account (EIP-55 checksummed)
 * @param metadataCid a content id of the service's metadata, possibly empty
 * @param url where the service listens (a solver's API URL), possibly empty
 * @param roles the roles it claims
 */
public record OnChainUser(String address, String metadataCid, String url, List<ServiceType> roles) {

    public OnChainUser {
        address = Addresses.checksummed("address", address);
        Objects.requireNonNull(metadataCid, "metadataCid");
        Objects.requireNonNull(url, "url");
        roles = List.copyOf(roles);
    }
}
