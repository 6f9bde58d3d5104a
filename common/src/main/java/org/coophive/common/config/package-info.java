/**
 * Configuration shared by the party services (job creator, resource provider, mediator, SaaS):
 * the seed's environment variables ({@code SERVICE_SOLVER}, {@code SERVICE_MEDIATORS},
 * {@code PRICING_*}, {@code TIMEOUT_*}) read into validated records, and the discovery of the
 * solver's URL through the Users contract. {@link SpringSettings} is how every Spring service hands
 * its environment to those records; {@link SettingsBinder} binds a service's own records from its
 * {@code application.properties} placeholders as Spring does, for commands and the provider.
 *
 * <p>Token amounts in the environment are written as the seed's users write them: whole or
 * decimal tokens ({@code 1}, {@code 0.5}); a {@code wei} suffix gives an exact wei amount
 * ({@code 1000wei}). See {@link TokenAmounts}.
 */
package org.coophive.common.config;
