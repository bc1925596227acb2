package org.lodestar.upstream;

import java.util.List;
import java.util.Locale;

/**
 * The status line and header fields of a server's response, as the server sent them (framing fields
 * included; the proxy decides which to pass on).
 *
 * @param http10 whether the server spoke HTTP/1.0
 */
public record ResponseHead(int status, String reason, List<Field> fields, boolean http10) {
    public ResponseHead {
        fields = List.copyOf(fields);
    }

    /** Whether a {@code Connection} field carries {@code token} (case-insensitively). */
    public boolean connectionHas(String token) {
        for (Field field : fields) {
            if (field.is("Connection")) {
                for (String part : field.value().split(",")) {
                    if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
