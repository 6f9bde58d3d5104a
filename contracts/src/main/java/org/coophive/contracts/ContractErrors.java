package org.coophive.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Names the custom errors the CoopHive contracts revert with. Built from the compiled ABIs
 * that ship in this jar, so every error any of the contracts (or the OpenZeppelin code they
 * use) can raise is known by its 4-byte selector.
 */
public final class ContractErrors {

    /** The deployable contracts whose ABIs ship under {@code org/coophive/contracts/abi/}. */
    public static final List<String> CONTRACTS = List.of(
            "CoopHiveToken",
            "CoopHivePayments",
            "CoopHiveStorage",
            "CoopHiveUsers",
            "CoopHiveMediationRandom",
            "CoopHiveOnChainJobCreator",
            "CoopHiveController",
            "ExampleClient");

    private static final ContractErrors INSTANCE = load();

    private final Map<String, ErrorDefinition> bySelector;

    private ContractErrors(Map<String, ErrorDefinition> bySelector) {
        this.bySelector = Map.copyOf(bySelector);
    }

    /** The catalogue of all CoopHive contract errors. */
    public static ContractErrors catalogue() {
        return INSTANCE;
    }

    /** A custom error as declared in an ABI. */
    record ErrorDefinition(String name, List<String> inputTypes) {
        String signature() {
            return name + "(" + String.join(",", inputTypes) + ")";
        }
    }

    /**
     * A decoded revert.
     *
     * @param name the error's name, e.g. {@code WrongState}
     * @param arguments its arguments rendered as text (addresses checksummed, numbers in decimal,
     *     bytes in hex)
     */
    public record DecodedError(String name, List<String> arguments) {
        public DecodedError {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String toString() {
            return name + "(" + String.join(", ", arguments) + ")";
        }
    }

    /** Every error name in the catalogue. */
    public Set<String> names() {
        return bySelector.values().stream().map(ErrorDefinition::name).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Decodes revert data ({@code 0x} + selector + ABI-encoded arguments). Empty when the data is
     * not a known custom error (for example a plain {@code Error(string)} or no data at all).
     */
    public Optional<DecodedError> decode(String revertData) {
        if (revertData == null) return Optional.empty();
        String hex = Numeric.cleanHexPrefix(revertData.trim());
        if (hex.length() < 8) return Optional.empty();
        ErrorDefinition definition = bySelector.get(hex.substring(0, 8).toLowerCase());
        if (definition == null) return Optional.empty();
        List<TypeReference<Type>> references = new ArrayList<>();
        for (String type : definition.inputTypes()) {
            try {
                references.add(TypeReference.makeTypeReference(type));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("unsupported error argument type " + type, e);
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Type> values = FunctionReturnDecoder.decode("0x" + hex.substring(8), (List) references);
        List<String> arguments = values.stream().map(ContractErrors::render).toList();
        return Optional.of(new DecodedError(definition.name(), arguments));
    }

    private static String render(Type value) {
        Object raw = value.getValue();
        if (raw instanceof byte[] bytes) return Numeric.toHexString(bytes);
        if (value instanceof org.web3j.abi.datatypes.Address address) {
            return org.web3j.crypto.Keys.toChecksumAddress(address.getValue());
        }
        return String.valueOf(raw);
    }

    private static ContractErrors load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, ErrorDefinition> bySelector = new HashMap<>();
        for (String contract : CONTRACTS) {
            String resource = "/org/coophive/contracts/abi/" + contract + ".json";
            try (InputStream in = ContractErrors.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("missing compiled contract " + resource);
                for (JsonNode entry : json.readTree(in).path("abi")) {
                    if (!"error".equals(entry.path("type").asText())) continue;
                    List<String> types = new ArrayList<>();
                    entry.path("inputs")
                            .forEach(input -> types.add(input.path("type").asText()));
                    ErrorDefinition definition =
                            new ErrorDefinition(entry.path("name").asText(), types);
                    String selector = Numeric.cleanHexPrefix(Hash.sha3String(definition.signature()))
                            .substring(0, 8);
                    bySelector.put(selector, definition);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return new ContractErrors(Collections.unmodifiableMap(bySelector));
    }
}
