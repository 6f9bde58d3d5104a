/**
 * The CoopHive contracts from Java: Java mirrors of the Solidity enums, the deployer that
 * deploys and wires the contracts, the catalogue that names custom-error reverts, the
 * well-known development accounts, and (in {@code admin}) the operators' CLI. The typed web3j
 * wrappers are generated at build time into {@code org.coophive.contracts.generated}.
 */
package org.coophive.contracts;
