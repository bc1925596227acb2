package org.lodestar.stats;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * HAProxy's CSV statistics format ("show stat", {@code ;csv} on the stats page): a header line
 * {@code # pxname,svname,...}, then one line per row, every field followed by a comma, empty fields
 * empty, lines ending in {@code \n}.
 *
 * <p>HAProxy's format has no quoting and the tools that read it split on commas, so a text value must
 * never contain a comma or a line break. Free text can: {@code last_chk} may quote a backend's status
 * line. Such characters (and any other control character) are replaced by a space rather than quoted,
 * which keeps every line parseable by the simplest reader.
 *
 * <p>An instance of a {@code lodestar-cluster} adds one last field, {@value #INSTANCE_FIELD}: its instance id, so
 * that the exports of several instances can be told apart once gathered.
 */
public final class CsvExport {
    private CsvExport() {
    }

    /** The field an instance of a cluster adds, after HAProxy's. */
    public static final String INSTANCE_FIELD = "lodestar_instance";

    public static void write(List<StatsRow> rows, Appendable out) throws IOException {
        write(rows, Optional.empty(), out);
    }

    /** @param instance the instance id in a cluster: then every line ends with it */
    public static void write(List<StatsRow> rows, Optional<String> instance, Appendable out) throws IOException {
        out.append("# ");
        for (StatsField field : StatsField.values()) {
            out.append(field.fieldName()).append(',');
        }
        if (instance.isPresent()) {
            out.append(INSTANCE_FIELD).append(',');
        }
        out.append('\n');
        for (StatsRow row : rows) {
            for (StatsField field : StatsField.values()) {
                Object value = field.valueIn(row);
                if (value != null) {
                    out.append(value instanceof String text ? flatten(text) : value.toString());
                }
                out.append(',');
            }
            if (instance.isPresent()) {
                out.append(flatten(instance.get())).append(',');
            }
            out.append('\n');
        }
    }

    private static String flatten(String text) {
        StringBuilder flat = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            flat.append(c == ',' || Character.isISOControl(c) ? ' ' : c);
        }
        return flat.toString();
    }
}
