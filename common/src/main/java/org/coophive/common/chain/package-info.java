/**
 * The chain client every service uses: {@link org.coophive.common.chain.ChainClient} (a typed
 * facade over the generated contract wrappers, implemented by
 * {@link org.coophive.common.chain.Web3ChainClient}), the chain-side view of deals
 * ({@link org.coophive.common.chain.DealTerms}, {@link org.coophive.common.chain.OnChainAgreement}),
 * the exceptions a transaction can end in, and resumable event streams
 * ({@link org.coophive.common.chain.ChainEvents}). Configuration comes from
 * {@link org.coophive.common.chain.Web3Properties}.
 *
 * <p>Everything here speaks chain values: 32-byte ids as {@link org.coophive.common.chain.Bytes32},
 * token amounts as {@code BigInteger} wei, addresses as EIP-55 checksummed strings. Converting the
 * JSON wire model into these types is the caller's business.
 */
package org.coophive.common.chain;
