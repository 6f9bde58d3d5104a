package org.coophive.saas.accounts;

import java.util.Locale;
import java.util.regex.Pattern;

/** E-mail addresses as account names: trimmed, lower case, of a plausible shape. */
public final class EmailAddresses {

    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s.]{2,63}");

    private EmailAddresses() {}

    /** The canonical form, or an exception naming the problem. */
    public static String canonical(String email) {
        if (email == null || email.isBlank()) throw new IllegalArgumentException("e-mail address is required");
        String canonical = email.strip().toLowerCase(Locale.ROOT);
        if (canonical.length() > 320 || !SHAPE.matcher(canonical).matches()) {
            throw new IllegalArgumentException("not an e-mail address: " + abbreviate(canonical));
        }
        return canonical;
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
