package org.coophive.solver.files;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.Result;
import org.coophive.common.solver.UploadedFiles;
import org.coophive.solver.config.SolverProperties;
import org.coophive.solver.deals.DealService;
import org.coophive.solver.store.DealFileStore;
import org.coophive.solver.store.DealFileStore.DealFiles;
import org.coophive.solver.store.ResultStore;
import org.coophive.solver.store.StoreProperties;
import org.coophive.solver.web.ProblemException;
import org.coophive.solver.web.SignedRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * Result tars, stored content-addressed as {@code {dataDir}/files/{data_id}.tar} (identical tars
 * of several deals share one file) with the deal's data id in the database. An upload is streamed
 * to a temporary file while its SHA-256 is taken for the signature, never held in memory, and
 * moved into place atomically only once every check passed.
 */
@Service
class ResultFiles {

    private static final Logger log = LoggerFactory.getLogger(ResultFiles.class);
    static final String TAR = "application/x-tar";

    private final DealService deals;
    private final ResultStore results;
    private final DealFileStore files;
    private final SignedRequests signatures;
    private final Path directory;
    private final Path incoming;
    private final long limit;
    private final Counter uploadedBytes;

    ResultFiles(
            DealService deals,
            ResultStore results,
            DealFileStore files,
            SignedRequests signatures,
            StoreProperties store,
            SolverProperties solver,
            MeterRegistry registry)
            throws IOException {
        this.deals = deals;
        this.results = results;
        this.files = files;
        this.signatures = signatures;
        this.directory = Files.createDirectories(store.dataDir().resolve("files"));
        this.incoming = Files.createDirectories(directory.resolve("incoming"));
        this.limit = solver.uploadLimit().toBytes();
        this.uploadedBytes = Counter.builder("coophive.solver.upload.bytes")
                .description("Bytes of result files stored")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Stores the tar in the request body as the files of deal {@code dealId}. */
    UploadedFiles upload(String dealId, HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw ProblemException.tooLarge(
                    "the result tar has " + declared + " bytes (Content-Length); this solver accepts at most " + limit);
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(incoming, "upload-", ".tar");
            long size;
            byte[] sha256;
            try (InputStream in = request.getInputStream();
                    OutputStream out = Files.newOutputStream(temp)) {
                MessageDigest digest = sha256();
                byte[] buffer = new byte[64 * 1024];
                size = 0;
                for (int n; (n = readBody(in, buffer, size)) >= 0; ) {
                    size += n;
                    if (size > limit) throw tooLarge(size);
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
                sha256 = digest.digest();
            }
            String signer = signatures.verifyBodyHash(request, sha256);
            requireTar(request.getContentType());
            if (size == 0) throw ProblemException.invalid("the body is empty; send the result tar", List.of());
            try (InputStream in = Files.newInputStream(temp)) {
                TarChecker.problem(in).ifPresent(problem -> {
                    throw ProblemException.invalid("the result tar is refused: " + problem, List.of());
                });
            }
            DealContainer deal = deals.deal(dealId);
            DealService.requireParty(signer, deal.resourceProvider(), "the deal's resource provider", dealId);
            String dataId = ContentIds.ofFile(temp);
            Optional<Result> result = results.find(dealId);
            if (result.isPresent()
                    && !result.get().dataId().isEmpty()
                    && !result.get().dataId().equals(dataId)) {
                throw ProblemException.conflict("deal " + dealId + " already has a result with data_id "
                        + result.get().dataId() + "; these files are " + dataId);
            }
            moveIntoPlace(temp, dataId);
            files.save(new DealFiles(dealId, dataId, size));
            uploadedBytes.increment(size);
            log.info("deal {}: result files {} stored ({} bytes)", dealId, dataId, size);
            return new UploadedFiles(dealId, dataId, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the files of deal " + dealId, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * The stored tar of a deal, for its job creator, resource provider or chosen mediator.
     *
     * @throws ProblemException 404 when the deal or its files are unknown, 403 for anyone else
     */
    StoredFile download(String dealId, HttpServletRequest request) {
        String signer = signatures.verify(request, new byte[0]);
        DealContainer deal = deals.deal(dealId);
        boolean allowed = Addresses.equal(signer, deal.jobCreator())
                || Addresses.equal(signer, deal.resourceProvider())
                || (!deal.mediator().isEmpty() && Addresses.equal(signer, deal.mediator()));
        if (!allowed) {
            throw ProblemException.forbidden("the signer " + signer
                    + " is not the job creator, resource provider or mediator of deal " + dealId);
        }
        DealFiles stored =
                files.find(dealId).orElseThrow(() -> ProblemException.notFound("no files uploaded for deal " + dealId));
        Path file = path(stored.dataId());
        if (!Files.isRegularFile(file)) {
            log.error("deal {}: files {} are recorded but missing from {}", dealId, stored.dataId(), directory);
            throw ProblemException.notFound("the files of deal " + dealId + " are missing on the solver");
        }
        return new StoredFile(file, stored.size());
    }

    /** A tar on disk and its length. */
    record StoredFile(Path path, long size) {}

    private Path path(String dataId) {
        return directory.resolve(ContentIds.requireValid(dataId) + ".tar");
    }

    private void moveIntoPlace(Path temp, String dataId) throws IOException {
        Path target = path(dataId);
        if (Files.exists(target)) return; // the same bytes are already there
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another upload of the same bytes won the race: its file is ours too.
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data folder " + directory + " does not support atomic moves", e);
        }
    }

    /** Reads from the client; a broken upload is the client's problem, not a solver failure. */
    private static int readBody(InputStream in, byte[] buffer, long readSoFar) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw ProblemException.invalid(
                    "the upload broke off after " + readSoFar + " bytes: " + e.getMessage(), List.of());
        }
    }

    private ProblemException tooLarge(long bytes) {
        return ProblemException.tooLarge(
                "the result tar has more than the " + limit + " bytes this solver accepts (" + bytes + " received)");
    }

    private static void requireTar(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (RuntimeException e) {
            type = null;
        }
        if (type == null || !type.equalsTypeAndSubtype(MediaType.parseMediaType(TAR))) {
            throw ProblemException.unsupportedMediaType(
                    "Content-Type " + contentType + " is not accepted here; send " + TAR);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) return;
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // A leftover temporary file wastes space only; the next start does not read it.
            log.warn("cannot delete {}: {}", temp, e.toString());
        }
    }
}
