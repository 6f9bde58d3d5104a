package org.coophive.faucet.web;

import jakarta.servlet.http.HttpServletRequest;
import org.coophive.faucet.drips.DripReceipt;
import org.coophive.faucet.drips.Faucet;
import org.coophive.faucet.drips.FaucetStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The faucet's JSON API (the page at {@code /} uses it too): {@code GET /api/v1/faucet} says what a
 * drip gives, what the faucet holds and its limits; {@code POST /api/v1/drips {"address": "0x..."}}
 * sends one drip. Errors are Problem Details ({@link FaucetProblems}).
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class DripController {

    private final Faucet faucet;

    DripController(Faucet faucet) {
        this.faucet = faucet;
    }

    /**
     * The body of a drip request.
     *
     * @param address the recipient: 0x and 40 hex digits, EIP-55 checksummed if mixed case
     */
    record DripRequest(String address) {}

    @GetMapping("/faucet")
    FaucetStatus status() {
        return faucet.status();
    }

    /** The client is the TCP peer (or, behind a trusted proxy, what it forwarded: see README). */
    @PostMapping(path = "/drips", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    DripReceipt drip(@RequestBody(required = false) DripRequest request, HttpServletRequest http) {
        return faucet.drip(request == null ? null : request.address(), http.getRemoteAddr());
    }
}
