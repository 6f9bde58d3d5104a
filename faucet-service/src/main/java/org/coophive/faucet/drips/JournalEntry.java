package org.coophive.faucet.drips;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of the drip journal. A drip is written as {@code reserved} before anything is sent, then
 * either {@code sent} (with what was sent) or {@code released} (nothing was sent: it does not count).
 *
 * @param event {@code reserved}, {@code sent} or {@code released}
 * @param id the drip's id, the same on all its lines
 * @param at when the drip was reserved (ISO-8601), the time its limits count from
 * @param address the recipient (on {@code reserved})
 * @param client the remote address that asked (on {@code reserved})
 * @param etherTx the hash of the ether transfer (on {@code sent}, when ether was sent)
 * @param tokenTx the hash of the token transfer (on {@code sent}, when tokens were sent)
 * @param reason why nothing was sent (on {@code released}), or what failed after a partial drip
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JournalEntry(
        String event,
        String id,
        String at,
        String address,
        String client,
        @JsonProperty("ether_tx") String etherTx,
        @JsonProperty("token_tx") String tokenTx,
        String reason) {

    static final String RESERVED = "reserved";
    static final String SENT = "sent";
    static final String RELEASED = "released";
}
