package org.coophive.jobcreator.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.model.UserText;
import org.coophive.common.web.StrictJson;
import org.coophive.executor.module.ModuleReference;
import org.coophive.jobcreator.deals.InvalidJobException;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobRequest;
import org.coophive.jobcreator.deals.JobService;
import org.coophive.jobcreator.deals.JobSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/** The job REST API for other services (the SaaS layer). */
@RestController
@RequestMapping("/api/v1/jobs")
@ConditionalOnProperty(name = "coophive.jobcreator.api-enabled", havingValue = "true", matchIfMissing = true)
class JobController {

    private final JobService jobs;
    private final JobEvents events;
    private final Set<String> moduleHosts;
    private final JsonMapper json;

    /**
     * @param moduleHosts {@code JOBCREATOR_API_MODULE_HOSTS}: the hosts whose git repositories the
     *     API loads modules from (comma-separated, default {@code github.com}; empty: catalogue only)
     */
    JobController(
            JobService jobs,
            JsonMapper json,
            @Value("${coophive.jobcreator.api-module-hosts:github.com}") String moduleHosts) {
        this.jobs = jobs;
        this.json = StrictJson.strict(json);
        this.events = new JobEvents(jobs);
        this.moduleHosts = Arrays.stream(moduleHosts.split(","))
                .map(host -> host.strip().toLowerCase(Locale.ROOT))
                .filter(host -> !host.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The body is read by common's {@link StrictJson} rules, as the solver reads its bodies. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(HttpServletRequest http) throws InvalidJobException {
        byte[] body;
        try {
            body = http.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body could not be read: " + e.getMessage(), e);
        }
        SubmitJobRequest request = StrictJson.parse(json, http.getContentType(), body, SubmitJobRequest.class);
        if (request == null || request.module() == null || request.module().isBlank()) {
            throw new IllegalArgumentException("module is required, e.g. \"cowsay:v0.0.1\"");
        }
        ModuleReference reference = ModuleReference.parse(request.module().strip());
        if (reference instanceof ModuleReference.Repository repository) {
            String host = hostOf(repository.repo());
            if (!moduleHosts.contains(host)) {
                throw new IllegalArgumentException("modules from git host \"" + UserText.escape(host, 100)
                        + "\" are not accepted here; allowed: "
                        + (moduleHosts.isEmpty() ? "none (catalogue modules only)" : String.join(", ", moduleHosts)));
            }
        }
        BigInteger price = null;
        BigInteger collateral = null;
        if (request.limits() != null) {
            if (request.limits().maxInstructionPrice() != null) {
                price = TokenAmounts.parse(
                        "limits.max_instruction_price", request.limits().maxInstructionPrice());
            }
            if (request.limits().maxPaymentCollateral() != null) {
                collateral = TokenAmounts.parse(
                        "limits.max_payment_collateral", request.limits().maxPaymentCollateral());
            }
        }
        Map<String, String> inputs = request.inputs() == null ? Map.of() : request.inputs();
        if (inputs.values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("inputs must be strings, not null");
        }
        Job job = jobs.submit(new JobRequest(
                request.module().strip(), reference.toConfig(), inputs, JobSource.API, "", price, collateral));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/jobs/" + job.id()))
                .body(JobView.of(job));
    }

    @GetMapping
    List<JobView> list() {
        return jobs.list().stream().map(JobView::of).toList();
    }

    @GetMapping("/{id}")
    JobView get(@PathVariable String id) {
        return JobView.of(find(id));
    }

    @GetMapping("/{id}/results")
    ResponseEntity<Resource> results(@PathVariable String id) throws IOException {
        Job job = find(id);
        if (job.result() == null || job.result().tar().isEmpty()) {
            throw new ResultsNotReadyException(id, job.active() ? "the job is still running" : "the job ended without");
        }
        Path tar = Path.of(job.result().tar());
        if (!Files.isRegularFile(tar)) throw new ResultsNotReadyException(id, "the result file is gone");
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-tar"))
                .contentLength(Files.size(tar))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + job.dealId() + ".tar\"")
                .body(new FileSystemResource(tar));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id) {
        find(id);
        return events.stream(id);
    }

    private static String hostOf(String repo) {
        try {
            String host = URI.create(repo).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private Job find(String id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }
}
