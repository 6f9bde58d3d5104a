package org.coophive.common.ids;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Content IDs of offers, deals, results and result data, rendered like the reference
 * ({@code Qm...}).
 *
 * <h2>The rule</h2>
 *
 * <p>The content id of a <b>value</b> (a wire record such as a job offer, resource offer, deal,
 * result or module config, or a JSON tree) is the content id of its <b>canonical JSON</b>:
 *
 * <ol>
 *   <li>Serialise the value to its wire JSON (the Jackson annotations on the records fix the
 *       field names and formats, so no mapper setting changes it).
 *   <li>If the top level is an object with an {@code id} member, set that member to {@code ""}
 *       (the member stays present). Nested ids, such as the offer ids inside a deal, are kept.
 *   <li>Write it compactly, without any whitespace: object members sorted by key in Unicode code
 *       point order (the byte order of their UTF-8) at every level; arrays in their order;
 *       strings as UTF-8 with only {@code "} {@code \} and U+0000..U+001F escaped ({@code \"}
 *       {@code \\} {@code \b} {@code \f} {@code \n} {@code \r} {@code \t}, otherwise
 *       <code>&#92;u00XX</code> in lower-case hex), an unpaired surrogate replaced by U+FFFD; integers in
 *       plain decimal; {@code true}, {@code false}, {@code null}. Fractional numbers are refused:
 *       the wire model has none (wei amounts are decimal strings).
 * </ol>
 *
 * <p>The content id of <b>bytes</b> {@code b} (canonical JSON, or a deterministic result tar of
 * any size) is the reference's "CID of the JSON" (reference spec §1.2):
 *
 * <ol>
 *   <li>node = {@code 0x0A} ‖ varint(length of b) ‖ b, the protobuf encoding of a dag-pb node
 *       whose {@code Data} is b and which has no links (varint = unsigned LEB128);
 *   <li>digest = SHA-256(node), 32 bytes;
 *   <li>multihash = {@code 0x12 0x20} ‖ digest (sha2-256, 32 bytes);
 *   <li>content id = base58btc (Bitcoin alphabet) of the multihash, a CIDv0: 46 characters
 *       starting with {@code Qm}.
 * </ol>
 *
 * <p>Example: the bytes {@code 08 01} give the node {@code 0A 02 08 01} and the content id
 * {@code QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn}. On chain an id is the 32-byte
 * {@link #digest(String) digest} ({@code bytes32}); {@link #fromDigest(byte[])} turns it back.
 *
 * <p>These ids look like IPFS CIDv0s but are not UnixFS file ids: IPFS would chunk large content
 * and wrap data in a UnixFS envelope, so an IPFS node cannot serve content by these ids. They are
 * names for comparison only (for example a mediator comparing the data id of its re-run with the
 * resource provider's). Byte compatibility with the Go reference's ids is not a goal: the
 * reference hashes fields in declaration order, this rule sorts them.
 */
public final class ContentIds {

    /** Length of a CIDv0 string. */
    public static final int LENGTH = 46;

    private static final byte DAG_PB_DATA_TAG = 0x0A;
    private static final byte SHA2_256 = 0x12;
    private static final byte DIGEST_LENGTH = 0x20;

    // Private and unconfigured on purpose: the records' annotations define the wire form, and no
    // service's mapper settings may change an id.
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ContentIds() {}

    /**
     * The content id of a wire record or JSON tree, per the rule above.
     *
     * @throws IllegalArgumentException if the value holds a fractional number
     */
    public static String of(Object value) {
        return ofBytes(canonicalJson(value));
    }

    /**
     * The bytes that {@link #of(Object)} hashes: the canonical JSON of the value with its top-level
     * {@code id} emptied.
     */
    public static byte[] canonicalJson(Object value) {
        Objects.requireNonNull(value, "value");
        JsonNode tree = value instanceof JsonNode node ? node.deepCopy() : MAPPER.valueToTree(value);
        if (tree instanceof ObjectNode object && object.has("id")) {
            object.put("id", "");
        }
        return CanonicalJson.bytes(tree);
    }

    /** The content id of the given bytes. */
    public static String ofBytes(byte[] content) {
        MessageDigest sha256 = sha256();
        sha256.update(nodePrefix(content.length));
        sha256.update(content);
        return fromDigest(sha256.digest());
    }

    /**
     * The content id of exactly {@code length} bytes read from the stream, without holding them in
     * memory (for result archives). The stream is read to its end and not closed.
     *
     * @throws IOException if reading fails, or the stream holds fewer or more bytes than
     *     {@code length} (the id would name other content)
     */
    public static String ofStream(InputStream in, long length) throws IOException {
        if (length < 0) throw new IllegalArgumentException("length must not be negative: " + length);
        MessageDigest sha256 = sha256();
        sha256.update(nodePrefix(length));
        byte[] buffer = new byte[64 * 1024];
        long remaining = length;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new IOException(
                        "the stream ended after " + (length - remaining) + " of the " + length + " bytes announced");
            }
            sha256.update(buffer, 0, read);
            remaining -= read;
        }
        if (in.read() >= 0) {
            throw new IOException("the stream holds more than the " + length + " bytes announced");
        }
        return fromDigest(sha256.digest());
    }

    /** The content id of a file's bytes, streamed. */
    public static String ofFile(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return ofStream(in, size);
        }
    }

    /**
     * The 32-byte SHA-256 digest inside a content id: what goes on chain as {@code bytes32}.
     *
     * @throws InvalidContentIdException saying what is wrong with the string
     */
    public static byte[] digest(String contentId) {
        byte[] multihash = decode(contentId);
        return Arrays.copyOfRange(multihash, 2, multihash.length);
    }

    /**
     * The content id whose digest is the given 32 bytes (for example a {@code bytes32} read from
     * chain).
     */
    public static String fromDigest(byte[] digest) {
        Objects.requireNonNull(digest, "digest");
        if (digest.length != 32) {
            throw new IllegalArgumentException("a content id digest has 32 bytes, not " + digest.length);
        }
        byte[] multihash = new byte[34];
        multihash[0] = SHA2_256;
        multihash[1] = DIGEST_LENGTH;
        System.arraycopy(digest, 0, multihash, 2, 32);
        return Base58.encode(multihash);
    }

    /** Whether the string is a CIDv0 content id. */
    public static boolean isValid(String contentId) {
        return validationError(contentId).isEmpty();
    }

    /** What is wrong with the string as a content id, or empty if it is one. */
    public static Optional<String> validationError(String contentId) {
        try {
            decode(contentId);
            return Optional.empty();
        } catch (InvalidContentIdException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Returns the string if it is a content id.
     *
     * @throws InvalidContentIdException saying what is wrong with it
     */
    public static String requireValid(String contentId) {
        decode(contentId);
        return contentId;
    }

    private static byte[] decode(String contentId) {
        if (contentId == null) throw new InvalidContentIdException(null, "missing");
        if (contentId.isEmpty()) throw new InvalidContentIdException(contentId, "it is empty");
        if (contentId.length() != LENGTH) {
            throw new InvalidContentIdException(
                    contentId,
                    "it has " + contentId.length() + " characters; a CIDv0 has " + LENGTH + " and starts with Qm");
        }
        byte[] multihash;
        try {
            multihash = Base58.decode(contentId);
        } catch (IllegalArgumentException e) {
            throw new InvalidContentIdException(contentId, e.getMessage());
        }
        if (multihash.length != 34) {
            throw new InvalidContentIdException(
                    contentId, "it decodes to " + multihash.length + " bytes; a CIDv0 is 34 (0x1220 + 32-byte digest)");
        }
        if (multihash[0] != SHA2_256 || multihash[1] != DIGEST_LENGTH) {
            throw new InvalidContentIdException(
                    contentId,
                    "its multihash starts with 0x" + HexFormat.of().formatHex(multihash, 0, 2)
                            + ", not 0x1220 (sha2-256, 32 bytes)");
        }
        return multihash;
    }

    private static byte[] nodePrefix(long length) {
        byte[] prefix = new byte[11];
        prefix[0] = DAG_PB_DATA_TAG;
        int i = 1;
        long rest = length;
        while ((rest & ~0x7FL) != 0) {
            prefix[i++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        prefix[i++] = (byte) rest;
        return Arrays.copyOf(prefix, i);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
