package org.coophive.common.ids;

/**
 * A string that is not a CIDv0 content id ({@code Qm...}: base58btc of {@code 0x12 0x20}
 * followed by a 32-byte SHA-256 digest). The message quotes the offending string and says what
 * is wrong with it.
 */
public class InvalidContentIdException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String contentId;

    public InvalidContentIdException(String contentId, String reason) {
        super(contentId == null ? "content id is missing" : "'" + contentId + "' is not a content id: " + reason);
        this.contentId = contentId;
    }

    /** The rejected string, possibly {@code null}. */
    public String contentId() {
        return contentId;
    }
}
