package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.contracts.ContractErrors;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

/** Turns revert data into {@link ContractRevertException}s. */
final class Reverts {

    /** {@code Error(string)}, what {@code require(cond, "message")} reverts with. */
    private static final String ERROR_SELECTOR = "08c379a0";
    /** {@code Panic(uint256)}: assertion failures, overflows, division by zero. */
    private static final String PANIC_SELECTOR = "4e487b71";

    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]*");

    private Reverts() {}

    /** A decoded revert: the error's name and its arguments as text. */
    record Decoded(String name, List<String> arguments) {}

    /**
     * The revert data in a JSON-RPC error, if it carries any (at least a 4-byte selector). Nodes
     * put it in {@code error.data}, as a string or nested in an object.
     */
    static Optional<String> revertData(Response.Error error) {
        if (error == null || error.getData() == null) return Optional.empty();
        Matcher hex = HEX.matcher(error.getData());
        while (hex.find()) {
            String data = hex.group();
            if (data.length() >= 10) return Optional.of(data);
        }
        return Optional.empty();
    }

    /** Whether a JSON-RPC error reports a revert (with or without data). */
    static boolean isRevert(Response.Error error) {
        if (revertData(error).isPresent()) return true;
        String message = error.getMessage();
        return error.getCode() == 3 || (message != null && message.toLowerCase().contains("revert"));
    }

    static ContractRevertException exception(String function, String revertData, String txHash) {
        Decoded decoded = decode(revertData);
        return new ContractRevertException(function, decoded.name(), decoded.arguments(), revertData, txHash);
    }

    /** Decodes revert data of at least four bytes; an unknown selector becomes the error's name. */
    static Decoded decode(String revertData) {
        String hex = Numeric.cleanHexPrefix(revertData).toLowerCase();
        String selector = hex.substring(0, 8);
        String arguments = "0x" + hex.substring(8);
        try {
            if (selector.equals(ERROR_SELECTOR)) {
                return new Decoded("Error", List.of(decodeSingle(arguments, new TypeReference<Utf8String>() {})));
            }
            if (selector.equals(PANIC_SELECTOR)) {
                String code = decodeSingle(arguments, new TypeReference<Uint256>() {});
                return new Decoded("Panic", List.of("0x" + new BigInteger(code).toString(16)));
            }
            Optional<ContractErrors.DecodedError> known =
                    ContractErrors.catalogue().decode(revertData);
            if (known.isPresent())
                return new Decoded(known.get().name(), known.get().arguments());
        } catch (RuntimeException e) {
            // Malformed arguments behind a known selector: report the selector rather than fail.
            return new Decoded("0x" + selector, List.of());
        }
        return new Decoded("0x" + selector, List.of());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String decodeSingle(String arguments, TypeReference<? extends Type> type) {
        List<Type> values = FunctionReturnDecoder.decode(arguments, (List) List.of(type));
        if (values.isEmpty()) throw new IllegalArgumentException("no arguments");
        return String.valueOf(values.get(0).getValue());
    }
}
