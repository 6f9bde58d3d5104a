package org.coophive.saas.api;

import java.util.List;
import org.coophive.saas.modules.GpuProviders;
import org.coophive.saas.modules.ModuleCatalogue;
import org.coophive.saas.modules.Product;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The modules users can run, with their cost and inputs (public). */
@RestController
@RequestMapping("/api/v1/modules")
class ModulesApi {

    private final ModuleCatalogue catalogue;
    private final GpuProviders gpus;

    ModulesApi(ModuleCatalogue catalogue, GpuProviders gpus) {
        this.catalogue = catalogue;
        this.gpus = gpus;
    }

    record Input(String name, String label, String defaultValue, int maxLength, boolean multiline, String pattern) {}

    /**
     * @param gpuProviders for a module that needs a GPU: {@code online}, {@code none} or
     *     {@code unknown} (no solver configured or reachable); empty otherwise
     */
    record ModuleView(
            String id,
            String module,
            String title,
            String description,
            long cost,
            String output,
            boolean needsGpu,
            String gpuProviders,
            List<Input> inputs) {}

    @GetMapping
    List<ModuleView> list() {
        return catalogue.products().stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    ModuleView get(@PathVariable String id) {
        return view(catalogue.require(id));
    }

    private ModuleView view(Product product) {
        return new ModuleView(
                product.id(),
                product.module(),
                product.title(),
                product.description(),
                product.cost(),
                product.output(),
                product.needsGpu(),
                product.needsGpu() ? gpus.availability().name().toLowerCase() : "",
                product.fields().stream()
                        .map(f -> new Input(
                                f.name(), f.label(), f.defaultValue(), f.maxLength(), f.multiline(), f.pattern()))
                        .toList());
    }
}
