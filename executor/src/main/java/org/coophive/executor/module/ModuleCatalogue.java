package org.coophive.executor.module;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The modules shipped with the executor: {@code modules/<name>/<version>/module.json} on the
 * classpath, listed in {@code modules/catalogue.txt} (one {@code name:version} a line) because a
 * classpath cannot be listed reliably from inside a jar.
 */
final class ModuleCatalogue {

    private static final String ROOT = "modules/";

    private final ClassLoader classLoader;
    private final Map<String, List<String>> versionsByName;

    ModuleCatalogue(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.versionsByName = readIndex(classLoader);
    }

    /** Every module name with its versions, sorted. */
    Map<String, List<String>> modules() {
        return versionsByName;
    }

    String read(ModuleReference.Catalogue ref) throws ModuleException {
        List<String> versions = versionsByName.get(ref.name());
        if (versions == null) {
            throw new ModuleException(
                    ref.label(), "unknown module '" + ref.name() + "'; the catalogue has: " + describe());
        }
        if (!versions.contains(ref.version())) {
            throw new ModuleException(
                    ref.label(),
                    "unknown version '" + ref.version() + "' of module " + ref.name() + "; versions: " + versions);
        }
        String resource = ROOT + ref.name() + "/" + ref.version() + "/module.json";
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) throw new ModuleException(ref.label(), "catalogue entry has no file " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModuleException(ref.label(), "cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private String describe() {
        return versionsByName.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Map<String, List<String>> readIndex(ClassLoader classLoader) {
        String index = ROOT + "catalogue.txt";
        try (InputStream in = classLoader.getResourceAsStream(index)) {
            if (in == null) throw new IllegalStateException("module catalogue index missing from classpath: " + index);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> modules = text.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> (ModuleReference.Catalogue) ModuleReference.parse(line))
                    .collect(Collectors.groupingBy(
                            ModuleReference.Catalogue::name,
                            TreeMap::new,
                            Collectors.mapping(ModuleReference.Catalogue::version, Collectors.toList())));
            modules.replaceAll((name, versions) -> List.copyOf(versions));
            return Collections.unmodifiableMap(modules);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
    }
}
