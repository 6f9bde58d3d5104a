/**
 * Configuration shared by the party services (job creator, resource provider, mediator, SaaS):
 * the seed's environment variables ({@code SERVICE_SOLVER}, {@code SERVICE_MEDIATORS},
 * {@code PRICING_*}, {@code TIMEOUT_*}) read into validated records, and the discovery of the
 * solver's URL through the Users contract.
 *
 * <p>Token amounts in the environment are written as the seed's users write them: whole or
 * decimal tokens ({@code 1}, {@code 0.5}); a {@code wei} suffix gives an exact wei amount
 * ({@code 1000wei}). See {@link TokenAmounts}.
 */
package org.coophive.common.config;
