package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough JSON to read the export back: an array of flat objects of strings and integers. */
public final class MiniJson {
    private final String text;
    private int pos;

    public MiniJson(String text) {
        this.text = text;
    }

    public List<Map<String, Object>> array() {
        List<Map<String, Object>> rows = new ArrayList<>();
        expect('[');
        while (peek() != ']') {
            rows.add(object());
            if (peek() == ',') {
                pos++;
            }
        }
        expect(']');
        assertEquals(text.length(), skipSpace(), "nothing after the array");
        return rows;
    }

    private Map<String, Object> object() {
        Map<String, Object> row = new LinkedHashMap<>();
        expect('{');
        while (peek() != '}') {
            String key = string();
            expect(':');
            row.put(key, peek() == '"' ? string() : number());
            if (peek() == ',') {
                pos++;
            }
        }
        expect('}');
        return row;
    }

    private String string() {
        expect('"');
        StringBuilder s = new StringBuilder();
        for (char c = text.charAt(pos++); c != '"'; c = text.charAt(pos++)) {
            assertTrue(c >= 0x20, "raw control character in a string");
            if (c != '\\') {
                s.append(c);
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> s.append('\n');
                case 't' -> s.append('\t');
                case 'r' -> s.append('\r');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'u' -> {
                    s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> s.append(e);
            }
        }
        return s.toString();
    }

    private Long number() {
        int start = pos;
        while (text.charAt(pos) == '-' || Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        return Long.parseLong(text.substring(start, pos));
    }

    private void expect(char c) {
        assertEquals(c, peek(), "at " + pos);
        pos++;
    }

    private char peek() {
        skipSpace();
        return text.charAt(pos);
    }

    private int skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }
}
