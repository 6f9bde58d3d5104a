package org.coophive.saas.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@Controller
class JobsController {

    private static final int PAGE_SIZE = 20;

    private final JobService jobs;
    private final JobUpdates updates;
    private final FileStore files;
    private final CurrentAccount current;

    JobsController(JobService jobs, JobUpdates updates, FileStore files, CurrentAccount current) {
        this.jobs = jobs;
        this.updates = updates;
        this.files = files;
        this.current = current;
    }

    @GetMapping("/jobs")
    String list(@RequestParam(defaultValue = "0") int page, Authentication authentication, Model model) {
        Page<JobView> result = jobs.list(current.id(authentication), Math.max(0, page), PAGE_SIZE);
        model.addAttribute("jobs", result);
        return "jobs";
    }

    @GetMapping("/jobs/{id}")
    String detail(@PathVariable String id, Authentication authentication, Model model) {
        model.addAttribute("job", jobs.get(current.id(authentication), id));
        return "job";
    }

    @GetMapping(path = "/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter events(@PathVariable String id, Authentication authentication) {
        return updates.subscribe(jobs.get(current.id(authentication), id));
    }

    @GetMapping("/jobs/{id}/files/**")
    @ResponseBody
    ResponseEntity<Resource> file(@PathVariable String id, Authentication authentication, HttpServletRequest request) {
        long account = current.id(authentication);
        JobView job = jobs.get(account, id);
        String prefix = "/jobs/" + id + "/files/";
        String uri = URLDecoder.decode(request.getRequestURI(), StandardCharsets.UTF_8);
        String relative = uri.length() > prefix.length() ? uri.substring(prefix.length()) : "";
        Path file = files.read(account, FileStore.RESULTS + "/" + job.id() + "/" + relative);
        return Downloads.of(file);
    }
}
