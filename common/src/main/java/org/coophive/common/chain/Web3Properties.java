package org.coophive.common.chain;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.coophive.common.config.Durations;
import org.coophive.common.model.Addresses;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * How a service reaches the chain and signs for itself, read from the environment variables users
 * know: {@code WEB3_RPC_URL}, {@code WEB3_PRIVATE_KEY}, {@code WEB3_CHAIN_ID} and
 * {@code WEB3_CONTROLLER_ADDRESS}. The other contract addresses are read from the controller.
 *
 * <p>Every value is checked when the record is built; a missing or malformed one throws an
 * {@link IllegalArgumentException} whose message starts with the variable's name, so a service
 * stops at startup with a message that says what to fix. The private key never appears in a
 * message or in {@link #toString()}.
 *
 * @param rpcUrl the JSON-RPC endpoint, {@code http(s)://} or {@code ws(s)://}
 * @param privateKey the service's key: {@code 0x} and 64 lower-case hex digits (a value without
 *     {@code 0x} is accepted and normalised)
 * @param chainId the chain id transactions are signed for; the node must report the same
 * @param controllerAddress the CoopHiveController, EIP-55 checksummed
 * @param confirmations how many blocks must be mined on top of a settlement before it is reported
 *     final ({@code WEB3_CONFIRMATIONS}, optional, 0 to {@value #MAX_CONFIRMATIONS}; 0 by default, right
 *     for a dev chain that never reorganises; a public chain wants its usual finality depth)
 * @param webSocketUrl where the node pushes new blocks ({@code WEB3_WS_URL}, optional): empty for
 *     the RPC URL itself as {@code ws(s)://} (Anvil, geth and most hosted nodes serve both on one
 *     URL; Infura's differs)
 * @param headPollInterval how often the latest block is read while no socket pushes new blocks
 *     ({@code WEB3_HEAD_POLL_INTERVAL}, optional, default {@link #DEFAULT_HEAD_POLL_INTERVAL}: right
 *     for a local node; a hosted node that counts requests wants about its block time)
 */
public record Web3Properties(
        String rpcUrl,
        String privateKey,
        long chainId,
        String controllerAddress,
        int confirmations,
        String webSocketUrl,
        Duration headPollInterval) {

    public static final String RPC_URL = "WEB3_RPC_URL";
    public static final String PRIVATE_KEY = "WEB3_PRIVATE_KEY";
    public static final String CHAIN_ID = "WEB3_CHAIN_ID";
    public static final String CONTROLLER_ADDRESS = "WEB3_CONTROLLER_ADDRESS";
    public static final String CONFIRMATIONS = "WEB3_CONFIRMATIONS";
    public static final String WS_URL = "WEB3_WS_URL";
    public static final String HEAD_POLL_INTERVAL = "WEB3_HEAD_POLL_INTERVAL";

    /** Read the latest block this often while no socket pushes new blocks (a local node answers at once). */
    public static final Duration DEFAULT_HEAD_POLL_INTERVAL = Duration.ofMillis(25);

    /** The most confirmations {@code WEB3_CONFIRMATIONS} may ask for (a typo guard: no chain needs more). */
    public static final int MAX_CONFIRMATIONS = 1_000;

    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "ws", "wss");

    public Web3Properties {
        rpcUrl = rpcUrl(rpcUrl);
        privateKey = privateKey(privateKey);
        if (chainId <= 0) throw new IllegalArgumentException(CHAIN_ID + " must be a positive number: " + chainId);
        controllerAddress = controllerAddress(controllerAddress);
        if (confirmations < 0 || confirmations > MAX_CONFIRMATIONS) {
            throw new IllegalArgumentException(
                    CONFIRMATIONS + " must be between 0 and " + MAX_CONFIRMATIONS + " (blocks), not " + confirmations);
        }
        webSocketUrl = webSocketUrl == null || webSocketUrl.isBlank() ? "" : webSocketUrl(webSocketUrl);
        Objects.requireNonNull(headPollInterval, "headPollInterval");
        if (headPollInterval.isZero() || headPollInterval.isNegative()) {
            throw new IllegalArgumentException(HEAD_POLL_INTERVAL + " must be positive, not " + headPollInterval);
        }
    }

    /** Properties with the RPC URL's own socket and the default head polling. */
    public Web3Properties(String rpcUrl, String privateKey, long chainId, String controllerAddress, int confirmations) {
        this(rpcUrl, privateKey, chainId, controllerAddress, confirmations, "", DEFAULT_HEAD_POLL_INTERVAL);
    }

    /** Properties with no confirmations: settlements are final once mined (a dev chain). */
    public Web3Properties(String rpcUrl, String privateKey, long chainId, String controllerAddress) {
        this(rpcUrl, privateKey, chainId, controllerAddress, 0);
    }

    /** Where new blocks are pushed: {@link #webSocketUrl()}, or the RPC URL as {@code ws(s)://}. */
    public Optional<URI> newHeadsUrl() {
        return webSocketUrl.isEmpty() ? ChainHeads.webSocketOf(rpcUrl) : Optional.of(URI.create(webSocketUrl));
    }

    /**
     * Reads the four variables, and the optional {@code WEB3_CONFIRMATIONS}, from an environment
     * ({@code System.getenv()} or a test's map). Surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException naming the first variable that is missing or malformed
     */
    public static Web3Properties fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        String chainId = required(env, CHAIN_ID);
        long parsedChainId;
        try {
            parsedChainId = Long.parseLong(chainId);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CHAIN_ID + " is not a number: " + chainId);
        }
        return new Web3Properties(
                required(env, RPC_URL),
                required(env, PRIVATE_KEY),
                parsedChainId,
                required(env, CONTROLLER_ADDRESS),
                confirmations(env.get(CONFIRMATIONS)),
                env.getOrDefault(WS_URL, ""),
                optionalDuration(env, HEAD_POLL_INTERVAL, DEFAULT_HEAD_POLL_INTERVAL));
    }

    private static Duration optionalDuration(Map<String, String> env, String name, Duration otherwise) {
        String value = env.get(name);
        return value == null || value.isBlank() ? otherwise : Durations.parse(name, value);
    }

    private static int confirmations(String value) {
        if (value == null || value.isBlank()) return 0;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONFIRMATIONS + " is not a whole number of blocks: " + value.trim(), e);
        }
    }

    /** The signing credentials of {@link #privateKey()}. */
    public Credentials credentials() {
        return Credentials.create(privateKey);
    }

    /** The service's own address (EIP-55 checksummed), derived from the key. */
    public String address() {
        return Keys.toChecksumAddress(credentials().getAddress());
    }

    /** The RPC URL with user info and query parameters redacted (providers put API keys there): safe to log. */
    public String redactedRpcUrl() {
        return redactedUrl(rpcUrl);
    }

    /**
     * The properties without the key, which is redacted. User info and query parameters of the
     * RPC URL are redacted too: providers put API keys there.
     */
    @Override
    public String toString() {
        return "Web3Properties[rpcUrl=" + redactedRpcUrl() + ", privateKey=<redacted>, chainId=" + chainId
                + ", controllerAddress=" + controllerAddress + ", confirmations=" + confirmations
                + (webSocketUrl.isEmpty() ? "" : ", webSocketUrl=" + redactedUrl(webSocketUrl))
                + ", headPollInterval=" + headPollInterval + ", address=" + address() + "]";
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is missing");
        return value.trim();
    }

    private static String webSocketUrl(String value) {
        String url = value.trim();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(WS_URL + " is not a URL: " + redactedUrl(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!(scheme.equals("ws") || scheme.equals("wss")) || uri.getHost() == null) {
            throw new IllegalArgumentException(WS_URL + " is not a ws(s):// URL with a host: " + redactedUrl(url));
        }
        return url;
    }

    private static String rpcUrl(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(RPC_URL + " is missing");
        String url = value.trim();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(RPC_URL + " is not a URL: " + redactedUrl(url));
        }
        if (uri.getScheme() == null || !URL_SCHEMES.contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    RPC_URL + " is not an http(s):// or ws(s):// URL with a host: " + redactedUrl(url));
        }
        return url;
    }

    private static String privateKey(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(PRIVATE_KEY + " is missing");
        String digits = value.trim();
        if (digits.startsWith("0x") || digits.startsWith("0X")) digits = digits.substring(2);
        // The message must not echo the value: it may be a real key with a typo in it.
        if (!digits.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(
                    PRIVATE_KEY + " is not a private key: expected 64 hex digits, optionally prefixed with 0x");
        }
        BigInteger key = new BigInteger(digits, 16);
        if (key.signum() == 0 || key.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
            throw new IllegalArgumentException(PRIVATE_KEY + " is not a valid secp256k1 private key");
        }
        return "0x" + digits.toLowerCase();
    }

    private static String controllerAddress(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(CONTROLLER_ADDRESS + " is missing");
        return Addresses.checksummed(CONTROLLER_ADDRESS, value.trim());
    }

    /** A path segment long enough to be an API key (Infura's and Alchemy's URLs carry it in the path). */
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9_-]{16,}");

    private static String redactedUrl(String url) {
        try {
            URI uri = new URI(url);
            String path = uri.getPath() == null ? null : redactedPath(uri.getPath());
            if (uri.getUserInfo() == null && uri.getQuery() == null && Objects.equals(path, uri.getPath())) return url;
            return new URI(
                            uri.getScheme(),
                            uri.getUserInfo() == null ? null : "***",
                            uri.getHost(),
                            uri.getPort(),
                            path,
                            uri.getQuery() == null ? null : "***",
                            null)
                    .toString();
        } catch (URISyntaxException e) {
            return "<unparseable URL>";
        }
    }

    private static String redactedPath(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (KEY_LIKE.matcher(segments[i]).matches()) segments[i] = "***";
        }
        return String.join("/", segments);
    }
}
