package org.coophive.saas.modules;

import java.util.List;

/**
 * A module as saas-api sells it: a title, a price in credits and a form whose fields fill the
 * module's inputs.
 *
 * @param id the short name users and the API use ({@code cowsay})
 * @param module the module reference the job creator runs ({@code cowsay:v0.0.1})
 * @param output {@code text} (stdout) or {@code image} (files in outputs/)
 * @param gpus GPUs the module needs (from its module file)
 */
public record Product(
        String id,
        String module,
        String title,
        String description,
        long cost,
        String output,
        List<Field> fields,
        int gpus) {

    public Product {
        fields = List.copyOf(fields);
    }

    public boolean needsGpu() {
        return gpus > 0;
    }

    /**
     * One field of the run form.
     *
     * @param name the field's name in forms and in the API's {@code inputs}
     * @param input the module input it fills
     * @param format how the value becomes the input ({@code %s} is the value)
     * @param pattern a regular expression the whole value must match, empty for any text
     */
    public record Field(
            String name,
            String label,
            String input,
            String format,
            String defaultValue,
            int maxLength,
            boolean multiline,
            String pattern) {

        public Field {
            pattern = pattern == null ? "" : pattern;
            format = format == null ? "%s" : format;
            defaultValue = defaultValue == null ? "" : defaultValue;
        }
    }
}
