package org.coophive.solver.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.coophive.common.solver.SolverProblemType;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that happen before Spring MVC sees a request (the servlet container refusing a
 * malformed request, say) still answer Problem Details instead of an HTML or Boot JSON page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri == null ? request.getRequestURI() : uri.toString();
        int code = status instanceof Integer i ? i : 500;
        if (code >= 500) return ProblemAdvice.Problems.internalError(instance);
        for (SolverProblemType type : SolverProblemType.values()) {
            if (type.status() == code) {
                return ProblemAdvice.Problems.response(
                        type, "the request was refused (" + code + ")", instance, List.of());
            }
        }
        if (code >= 400 && code < 500) {
            return ProblemAdvice.Problems.response(
                    SolverProblemType.INVALID_REQUEST, "the request was refused (" + code + ")", instance, List.of());
        }
        return ProblemAdvice.Problems.internalError(instance);
    }
}
