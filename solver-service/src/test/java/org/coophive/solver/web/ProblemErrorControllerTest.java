package org.coophive.solver.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

/** Errors raised before Spring MVC (the container's error dispatch) still answer Problem Details. */
@WebMvcTest(controllers = ProblemErrorController.class)
class ProblemErrorControllerTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void shouldAnswerTheSolversProblemTypeWhenTheContainerRefusedARequest() throws Exception {
        mvc.perform(get("/error")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/deals/%zz"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"))
                .andExpect(jsonPath("$.instance").value("/api/v1/deals/%zz"));
    }

    @Test
    void shouldAnswerAnUnnamedClientErrorAsAnInvalidRequest() throws Exception {
        mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 431))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/invalid-request"));
    }

    @Test
    void shouldAnswer500WithoutInternalsWhenTheSolverFailed() throws Exception {
        mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://coophive.network/problems/internal-error"))
                .andExpect(jsonPath("$.detail").value("the solver failed; this is a bug, see its log"));
    }
}
