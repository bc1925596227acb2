package org.lodestar.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy's {@code hdr(name)} fetch sees each comma-separated value of a header as a separate
 * occurrence (commas inside double quotes do not separate). Matching per value keeps configurations
 * written for HAProxy meaning the same here, e.g. {@code hdr(accept) -m str text/html} on
 * {@code Accept: text/html, application/xml}.
 */
final class HeaderValues {
    private HeaderValues() {
    }

    static List<String> split(List<String> headerLines) {
        List<String> values = new ArrayList<>();
        for (String line : headerLines) {
            splitLine(line, values);
        }
        return values;
    }

    private static void splitLine(String line, List<String> values) {
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                values.add(line.substring(start, i).strip());
                start = i + 1;
            }
        }
        values.add(line.substring(start).strip());
    }
}
