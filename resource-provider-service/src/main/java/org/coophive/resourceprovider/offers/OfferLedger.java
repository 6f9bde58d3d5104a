package org.coophive.resourceprovider.offers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.journal.JournalFiles;
import org.coophive.common.model.ResourceOffer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resource offers this provider posted, kept in the data folder ({@code offers/<id>.json}) so
 * that after a restart it still recognises a deal made from one of them, and nothing else.
 */
final class OfferLedger {

    private static final JsonMapper JOURNAL_JSON = JsonMapper.builder().build();

    private final Path dir;
    private final Map<String, ResourceOffer> offers = new ConcurrentHashMap<>();

    OfferLedger(Path dataDir) {
        this.dir = dataDir.resolve("offers");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .forEach(f -> JournalFiles.readJson(f, JOURNAL_JSON, ResourceOffer.class)
                                .ifPresent(o -> offers.put(o.id(), o)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
    }

    /** Records an offer the solver stored; its id must be its content id. */
    void record(ResourceOffer offer) {
        if (!offer.id().equals(ContentIds.of(offer))) {
            throw new IllegalArgumentException("offer " + offer.id() + " is not named by its content id");
        }
        JournalFiles.writeJson(dir.resolve(offer.id() + ".json"), JOURNAL_JSON, offer);
        offers.put(offer.id(), offer);
    }

    Optional<ResourceOffer> find(String id) {
        return Optional.ofNullable(offers.get(id));
    }
}
