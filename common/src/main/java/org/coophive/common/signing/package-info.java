/**
 * Signed requests between CoopHive processes: every mutating request to the solver and every
 * result download carries the caller's Ethereum address, a timestamp, a nonce and an EIP-191
 * signature over the request. {@link org.coophive.common.signing.RequestSigner} produces the
 * headers, {@link org.coophive.common.signing.RequestVerifier} checks them and names the caller
 * or the precise reason for a rejection. The exact bytes that are signed are defined once, in
 * {@link org.coophive.common.signing.CanonicalRequest} (also described in {@code common/SIGNING.md}).
 */
package org.coophive.common.signing;
