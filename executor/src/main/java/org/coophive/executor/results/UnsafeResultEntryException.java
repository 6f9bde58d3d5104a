package org.coophive.executor.results;

import java.io.IOException;

/**
 * A result directory or archive holds an entry that could reach outside it or smuggle a host path
 * in: a symbolic or hard link, a device, a FIFO or socket, an absolute path or a {@code ..}
 * segment. Nothing of the result is accepted.
 */
public class UnsafeResultEntryException extends IOException {

    private final String entry;

    public UnsafeResultEntryException(String entry, String problem) {
        super("refused result entry '" + entry + "': " + problem);
        this.entry = entry;
    }

    /** The offending entry, relative to the result directory or as named in the archive. */
    public String entry() {
        return entry;
    }
}
