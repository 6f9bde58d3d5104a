package org.coophive.solver.store;

import java.util.Locale;

/** Addresses are compared case-insensitively: the store keeps them lowercased. */
final class Addresses {

    private Addresses() {}

    static String column(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }
}
