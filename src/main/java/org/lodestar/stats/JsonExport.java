package org.lodestar.stats;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The statistics as a JSON array with one object per row, keyed by HAProxy's CSV field names in CSV
 * order; numbers are JSON numbers and empty fields are left out. (HAProxy's own {@code show stat json}
 * is a different, far more verbose schema; this one is meant for scripts and the dashboard.) An instance of a
 * {@code lodestar-cluster} adds {@code lodestar_instance}, its id, to every object.
 */
public final class JsonExport {
    private JsonExport() {
    }

    public static void write(List<StatsRow> rows, Appendable out) throws IOException {
        write(rows, Optional.empty(), out);
    }

    /** @param instance the instance id in a cluster, added to every object */
    public static void write(List<StatsRow> rows, Optional<String> instance, Appendable out) throws IOException {
        out.append('[');
        for (int r = 0; r < rows.size(); r++) {
            out.append(r == 0 ? "\n" : ",\n");
            writeObject(rows.get(r), instance, out);
        }
        out.append(rows.isEmpty() ? "]\n" : "\n]\n");
    }

    private static void writeObject(StatsRow row, Optional<String> instance, Appendable out) throws IOException {
        out.append('{');
        boolean first = true;
        for (StatsField field : StatsField.values()) {
            Object value = field.valueIn(row);
            if (value == null) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(field.fieldName(), out);
            out.append(':');
            if (value instanceof String text) {
                writeString(text, out);
            } else {
                out.append(value.toString());
            }
        }
        if (instance.isPresent()) {
            out.append(first ? "" : ",");
            writeString(CsvExport.INSTANCE_FIELD, out);
            out.append(':');
            writeString(instance.get(), out);
        }
        out.append('}');
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    private static void writeString(String text, Appendable out) throws IOException {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
