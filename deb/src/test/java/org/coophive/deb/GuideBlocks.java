package org.coophive.deb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rehearsed command blocks of docs/PRODUCTION.md: each fenced block right after a line
 * {@code <!-- rehearsal: NAME ... -->}, by name, in the guide's order.
 */
final class GuideBlocks {

    private static final Pattern MARKER = Pattern.compile("^<!-- rehearsal: ([a-z-]+)\\b.*-->$");

    private GuideBlocks() {}

    static Map<String, String> read(Path guide) throws IOException {
        List<String> lines = Files.readAllLines(guide);
        Map<String, String> blocks = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i).strip());
            if (!marker.matches()) continue;
            String name = marker.group(1);
            int open = i + 1;
            if (open >= lines.size() || !lines.get(open).startsWith("```")) {
                throw new IllegalStateException(guide + ": the rehearsal marker '" + name + "' (line " + (i + 1)
                        + ") is not followed by a fenced block");
            }
            StringBuilder block = new StringBuilder();
            int line = open + 1;
            for (; line < lines.size() && !lines.get(line).startsWith("```"); line++) {
                block.append(lines.get(line)).append('\n');
            }
            if (line >= lines.size()) throw new IllegalStateException(guide + ": block '" + name + "' is not closed");
            if (blocks.put(name, block.toString()) != null) {
                throw new IllegalStateException(guide + ": two rehearsal blocks named '" + name + "'");
            }
            i = line;
        }
        return blocks;
    }
}
