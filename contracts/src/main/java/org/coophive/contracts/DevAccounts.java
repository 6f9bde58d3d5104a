package org.coophive.contracts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;

/**
 * The well-known development accounts: the first keys of the public test mnemonic that Anvil
 * and Hardhat fund on a dev chain, named as the seed's stack names them. They hold no value
 * anywhere and are the only keys the repository may mention.
 */
public final class DevAccounts {

    /** The public test mnemonic of Anvil and Hardhat. */
    public static final String MNEMONIC = "test test test test test test test test test test test junk";

    /** Account names in mnemonic order: account {@code i} is derived at m/44'/60'/0'/0/i. */
    public static final List<String> NAMES = List.of(
            "admin", "faucet", "solver", "mediator", "resource_provider", "job_creator", "directory", "treasury");

    private static final List<DevAccount> ACCOUNTS = derive();

    private DevAccounts() {}

    /** One named development account. */
    public record DevAccount(String name, int index, Credentials credentials) {

        /** The EIP-55 checksummed address. */
        public String address() {
            return Keys.toChecksumAddress(credentials.getAddress());
        }

        /** The environment variable prefix, e.g. {@code RESOURCE_PROVIDER}. */
        public String envPrefix() {
            return name.toUpperCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return name + " " + address();
        }
    }

    /** All named accounts, in mnemonic order. */
    public static List<DevAccount> all() {
        return ACCOUNTS;
    }

    /** The account of that name (as in {@link #NAMES}). */
    public static Optional<DevAccount> byName(String name) {
        return ACCOUNTS.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public static DevAccount admin() {
        return ACCOUNTS.get(0);
    }

    public static DevAccount faucet() {
        return ACCOUNTS.get(1);
    }

    public static DevAccount solver() {
        return ACCOUNTS.get(2);
    }

    public static DevAccount mediator() {
        return ACCOUNTS.get(3);
    }

    public static DevAccount resourceProvider() {
        return ACCOUNTS.get(4);
    }

    public static DevAccount jobCreator() {
        return ACCOUNTS.get(5);
    }

    public static DevAccount directory() {
        return ACCOUNTS.get(6);
    }

    public static DevAccount treasury() {
        return ACCOUNTS.get(7);
    }

    /** Derives account {@code index} of the test mnemonic (for tests that need more accounts). */
    public static Credentials deriveKey(int index) {
        return deriveKey(master(), index);
    }

    private static Credentials deriveKey(Bip32ECKeyPair master, int index) {
        int hardened = Bip32ECKeyPair.HARDENED_BIT;
        int[] path = {44 | hardened, 60 | hardened, hardened, 0, index};
        return Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path));
    }

    private static Bip32ECKeyPair master() {
        return Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
    }

    private static List<DevAccount> derive() {
        Bip32ECKeyPair master = master();
        return IntStream.range(0, NAMES.size())
                .mapToObj(i -> new DevAccount(NAMES.get(i), i, deriveKey(master, i)))
                .toList();
    }
}
