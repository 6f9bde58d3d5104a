/**
 * The operators' CLI ({@code coophive-admin}): generate keys, deploy, fund, print balances and
 * contract addresses. Run it with {@code contracts/bin/coophive-admin}.
 */
package org.coophive.contracts.admin;
