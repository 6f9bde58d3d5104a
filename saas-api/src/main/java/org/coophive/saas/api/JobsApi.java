package org.coophive.saas.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.coophive.saas.files.Downloads;
import org.coophive.saas.files.FileStore;
import org.coophive.saas.jobs.JobService;
import org.coophive.saas.jobs.JobUpdates;
import org.coophive.saas.jobs.JobView;
import org.coophive.saas.security.CurrentAccount;
import org.springframework.core.io.Resource;
import org.springframework.data.domain.Page;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The caller's jobs. Another user's job id answers 404, as an unknown one does. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobsApi {

    private final JobService jobs;
    private final JobUpdates updates;
    private final FileStore files;
    private final CurrentAccount current;

    JobsApi(JobService jobs, JobUpdates updates, FileStore files, CurrentAccount current) {
        this.jobs = jobs;
        this.updates = updates;
        this.files = files;
        this.current = current;
    }

    record SubmitJob(String module, Map<String, String> inputs) {}

    record JobPage(List<JobView> jobs, int page, int size, long total) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(@RequestBody SubmitJob request, Authentication authentication) {
        if (request == null || request.module() == null || request.module().isBlank()) {
            throw new IllegalArgumentException("module is required, e.g. \"cowsay\" (see GET /api/v1/modules)");
        }
        if (request.inputs() != null && request.inputs().values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("inputs must be strings, not null");
        }
        JobView job = jobs.submit(current.id(authentication), request.module().strip(), request.inputs());
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/jobs/" + job.id()))
                .body(job);
    }

    @GetMapping
    JobPage list(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            Authentication authentication) {
        if (page < 0) throw new IllegalArgumentException("page must not be negative");
        if (size < 1 || size > 100) throw new IllegalArgumentException("size must be between 1 and 100");
        Page<JobView> result = jobs.list(current.id(authentication), page, size);
        return new JobPage(result.getContent(), page, size, result.getTotalElements());
    }

    @GetMapping("/{id}")
    JobView get(@PathVariable String id, Authentication authentication) {
        return jobs.get(current.id(authentication), id);
    }

    /** Server-sent events: a {@code job} event with the job now and after every change, until it ends. */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id, Authentication authentication) {
        return updates.subscribe(jobs.get(current.id(authentication), id));
    }

    /** One of the job's result files ({@code stdout}, {@code outputs/image-42.png}...). */
    @GetMapping("/{id}/files/**")
    ResponseEntity<Resource> file(
            @PathVariable String id, Authentication authentication, jakarta.servlet.http.HttpServletRequest request) {
        long account = current.id(authentication);
        JobView job = jobs.get(account, id);
        String prefix = "/api/v1/jobs/" + id + "/files/";
        String uri = java.net.URLDecoder.decode(request.getRequestURI(), java.nio.charset.StandardCharsets.UTF_8);
        String relative = uri.length() > prefix.length() ? uri.substring(prefix.length()) : "";
        Path file = files.read(account, FileStore.RESULTS + "/" + job.id() + "/" + relative);
        return Downloads.of(file);
    }
}
