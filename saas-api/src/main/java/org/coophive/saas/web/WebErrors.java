package org.coophive.saas.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.coophive.saas.files.FileStoreException;
import org.coophive.saas.jobs.JobNotFoundException;
import org.coophive.saas.modules.UnknownModuleException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Readable error pages with the right status for the web UI. */
@ControllerAdvice(basePackageClasses = WebErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrors {

    private final LayoutAdvice layout;

    WebErrors(LayoutAdvice layout) {
        this.layout = layout;
    }

    @ExceptionHandler(JobNotFoundException.class)
    String job(JobNotFoundException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return page(404, "Job not found", e.getMessage(), request, response, model);
    }

    @ExceptionHandler(UnknownModuleException.class)
    String module(UnknownModuleException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return page(404, "Module not found", e.getMessage(), request, response, model);
    }

    @ExceptionHandler(FileStoreException.class)
    String files(FileStoreException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        int status =
                switch (e.reason()) {
                    case BAD_PATH -> 400;
                    case NOT_FOUND -> 404;
                    case READ_ONLY -> 403;
                    case EXISTS -> 409;
                };
        return page(status, "File problem", e.getMessage(), request, response, model);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    String invalid(IllegalArgumentException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return page(400, "Bad request", e.getMessage(), request, response, model);
    }

    // Exception handlers get no @ModelAttribute methods: the frame's "signed in as" is added here.
    private String page(
            int status,
            String title,
            String message,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (request.getUserPrincipal() instanceof Authentication authentication) layout.me(authentication, model);
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("title", title);
        model.addAttribute("message", message);
        return "problem";
    }
}
