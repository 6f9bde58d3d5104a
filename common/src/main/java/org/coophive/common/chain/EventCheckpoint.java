package org.coophive.common.chain;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stream's position together with the hash of the block it is in: what a service saves so that,
 * started again, its stream notices when the chain's history changed while it was stopped (the
 * block at that height has another hash now) and reads again from before the change.
 *
 * @param cursor the position
 * @param blockHash the hash ({@code 0x} and 64 hex digits, lowercase) of the block at {@code
 *     cursor.blockNumber()} when the position was saved; {@code ""} when not known (a cursor saved by
 *     an older version): such a position is trusted as it is
 */
public record EventCheckpoint(EventCursor cursor, String blockHash) {

    private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

    public EventCheckpoint {
        Objects.requireNonNull(cursor, "cursor");
        blockHash = blockHash == null ? "" : blockHash.toLowerCase(Locale.ROOT);
        if (!blockHash.isEmpty() && !HASH.matcher(blockHash).matches()) {
            throw new IllegalArgumentException("not a block hash: " + blockHash);
        }
    }

    /** A position whose block's hash is not known: it is not checked against the chain. */
    public static EventCheckpoint unchecked(EventCursor cursor) {
        return new EventCheckpoint(cursor, "");
    }

    /** Where this event is, with its block's hash. */
    public static EventCheckpoint of(ChainEvent<?> event) {
        return new EventCheckpoint(event.cursor(), event.blockHash());
    }

    /** Whether the block's hash is known, so the position can be checked against the chain. */
    public boolean checked() {
        return !blockHash.isEmpty();
    }
}
