package org.coophive.saas.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coophive.saas.credits.InsufficientCreditsException;
import org.coophive.saas.jobs.JobCreatorUnavailableException;
import org.coophive.saas.jobs.JobService;
import org.coophive.saas.jobs.JobView;
import org.coophive.saas.modules.GpuProviders;
import org.coophive.saas.modules.InvalidInputException;
import org.coophive.saas.modules.ModuleCatalogue;
import org.coophive.saas.modules.Product;
import org.coophive.saas.security.CurrentAccount;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Home: the module tiles, the selected module's run form and the last run's output beside it. */
@Controller
class ModulesController {

    static final String FIELD = "in_";

    private final ModuleCatalogue catalogue;
    private final JobService jobs;
    private final GpuProviders gpus;
    private final CurrentAccount current;

    ModulesController(ModuleCatalogue catalogue, JobService jobs, GpuProviders gpus, CurrentAccount current) {
        this.catalogue = catalogue;
        this.jobs = jobs;
        this.gpus = gpus;
        this.current = current;
    }

    @GetMapping("/")
    String home(
            @RequestParam(required = false) String module,
            @RequestParam(required = false) String job,
            Authentication authentication,
            Model model) {
        Product selected = module == null ? catalogue.products().get(0) : catalogue.require(module);
        JobView shown = null;
        Map<String, String> values = defaults(selected);
        if (job != null) {
            shown = jobs.get(current.id(authentication), job);
            // The form shows what this job ran with, ready to run again.
            if (shown.module().equals(selected.id())) values.putAll(shown.inputs());
        }
        return page(model, selected, shown, values, null);
    }

    @PostMapping("/run")
    String run(
            @RequestParam String module,
            @RequestParam Map<String, String> params,
            Authentication authentication,
            HttpServletResponse response,
            Model model) {
        Product product = catalogue.require(module);
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith(FIELD)) values.put(name.substring(FIELD.length()), value);
        });
        try {
            JobView job = jobs.submit(current.id(authentication), product.id(), values);
            return "redirect:/?module=" + product.id() + "&job=" + job.id();
        } catch (InsufficientCreditsException e) {
            response.setStatus(402);
            return page(model, product, null, values, "Not enough credits: " + e.getMessage() + ".");
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return page(model, product, null, values, LoginController.capitalize(e.getMessage()) + ".");
        } catch (JobCreatorUnavailableException e) {
            response.setStatus(503);
            return page(model, product, null, values, LoginController.capitalize(e.getMessage()) + ".");
        }
    }

    private String page(Model model, Product selected, JobView job, Map<String, String> values, String error) {
        model.addAttribute("products", catalogue.products());
        model.addAttribute("selected", selected);
        model.addAttribute("values", values);
        model.addAttribute("job", job);
        model.addAttribute("error", error);
        model.addAttribute(
                "gpuProviders", selected.needsGpu() ? gpus.availability().name() : "");
        return "modules";
    }

    private static Map<String, String> defaults(Product product) {
        Map<String, String> values = new LinkedHashMap<>();
        product.fields().forEach(f -> values.put(f.name(), f.defaultValue()));
        return values;
    }
}
