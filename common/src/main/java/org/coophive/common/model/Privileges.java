package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What a job gets beyond the locked-down sandbox (an unprivileged user, every capability dropped,
 * a read-only root filesystem): on a job offer, what its module asks for (and says why, in the
 * module file); on a resource offer, what the provider grants ({@code EXECUTOR_PRIVILEGES}, nothing
 * by default). A pair matches only when the provider grants everything the job asks; the executor
 * applies exactly what was asked, nothing more.
 *
 * <p>Written in a spec only when it asks for (or grants) something, so an offer without privileges
 * reads, and hashes, as before the field existed.
 *
 * @param root run as root (uid 0) instead of nobody
 * @param capabilities Linux capabilities to keep, from {@link #CAPABILITIES} only (Docker's default
 *     set, none that reaches the host: no {@code SYS_ADMIN}, {@code NET_ADMIN}, {@code SYS_PTRACE}).
 *     The kernel gives a non-root user none of them, so a module asks for them together with root
 * @param writableRoot a writable root filesystem (JSON {@code writable_root}) instead of a read-only
 *     one with a small scratch space
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Privileges(
        @ZeroWhenAbsent @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean root,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> capabilities,
        @ZeroWhenAbsent @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean writableRoot) {

    /** The capabilities a module may ask for and a provider may grant: Docker's default set. */
    public static final Set<String> CAPABILITIES = Set.of(
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "NET_RAW",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT");

    /** Nothing beyond the sandbox. */
    public static final Privileges NONE = new Privileges(false, List.of(), false);

    public Privileges {
        capabilities = Components.list("capabilities", capabilities);
    }

    /** Whether this asks for (or grants) nothing beyond the sandbox. */
    public boolean none() {
        return !root && capabilities.isEmpty() && !writableRoot;
    }

    /**
     * What these privileges (a provider's grant) lack of what {@code asked} (a job's) asks for, in
     * words ({@code "root, capability CHOWN"}); empty when they grant all of it. The one rule the
     * solver's matcher, the provider's terms check and its executor use.
     */
    public Optional<String> missing(Privileges asked) {
        List<String> missing = new ArrayList<>();
        if (asked.root && !root) missing.add("root");
        for (String capability : asked.capabilities) {
            if (!capabilities.contains(capability)) missing.add("capability " + capability);
        }
        if (asked.writableRoot && !writableRoot) missing.add("a writable root filesystem");
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
    }

    /** In words, e.g. {@code root, capabilities [CHOWN], writable root}; {@code none} when none. */
    public String describe() {
        if (none()) return "none";
        List<String> parts = new ArrayList<>();
        if (root) parts.add("root");
        if (!capabilities.isEmpty()) parts.add("capabilities " + capabilities);
        if (writableRoot) parts.add("writable root");
        return String.join(", ", parts);
    }

    /**
     * Jackson's filter that leaves a spec's {@code privileges} out when they are none (public, so
     * a mapper that may not override access modifiers can make one).
     */
    public static final class NoneFilter {

        public NoneFilter() {}

        @Override
        public boolean equals(Object value) {
            return value == null || (value instanceof Privileges privileges && privileges.none());
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
