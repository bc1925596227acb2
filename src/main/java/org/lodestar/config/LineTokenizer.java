package org.lodestar.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits one configuration line into words the way HAProxy 2.x does.
 *
 * <ul>
 * <li>{@code #} outside quotes starts a comment; spaces and tabs separate words.</li>
 * <li>Outside single quotes, a backslash escapes: {@code \ }, {@code \\}, {@code \#}, {@code \"},
 * {@code \'}, {@code \t}, {@code \r}, {@code \n}, {@code \xHH}. Before any other character the backslash is
 * kept with it, so regexes such as {@code spark\/(.*)} survive unchanged.</li>
 * <li>Double quotes group a word; escapes and variables work inside. Single quotes group a word
 * verbatim.</li>
 * <li>{@code $NAME} and {@code ${NAME}} outside single quotes expand to the environment variable, or to
 * nothing when it is undefined; with {@link #literalDollars}, only inside double quotes (HAProxy's own rule,
 * which leaves crypt(3) hashes such as {@code $6$salt$...} intact).</li>
 * </ul>
 */
final class LineTokenizer {
    private final Function<String, String> env;

    /** @param env looks up environment variables; returns null when undefined */
    LineTokenizer(Function<String, String> env) {
        this.env = env;
    }

    List<String> words(String line) throws LineError {
        return words(line, true);
    }

    /** As {@link #words(String)}, but a {@code $} outside double quotes is an ordinary character. */
    List<String> literalDollars(String line) throws LineError {
        return words(line, false);
    }

    private List<String> words(String line, boolean unquotedVariables) throws LineError {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\\') {
                i = escape(line, i, word);
                inWord = true;
            } else if (c == '$' && (unquotedVariables || quote == '"')) {
                int before = word.length();
                i = expand(line, i, word);
                // an unquoted variable that expands to nothing makes no word, as in HAProxy
                inWord |= quote == '"' || word.length() > before;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '#') {
                break;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new LineError("unterminated " + (quote == '"' ? "double" : "single") + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Handles the backslash at {@code i}; returns the index of the last character consumed. */
    private static int escape(String line, int i, StringBuilder word) throws LineError {
        if (i + 1 >= line.length()) {
            word.append('\\');
            return i;
        }
        char next = line.charAt(i + 1);
        switch (next) {
            case ' ', '\\', '#', '"', '\'' -> word.append(next);
            case 't' -> word.append('\t');
            case 'r' -> word.append('\r');
            case 'n' -> word.append('\n');
            case 'x' -> {
                if (i + 3 >= line.length()) {
                    throw new LineError("truncated escape sequence '\\x' (expected two hex digits)");
                }
                int hi = Character.digit(line.charAt(i + 2), 16);
                int lo = Character.digit(line.charAt(i + 3), 16);
                if (hi < 0 || lo < 0) {
                    throw new LineError("invalid escape sequence '" + line.substring(i, i + 4)
                            + "' (expected two hex digits)");
                }
                word.append((char) (hi * 16 + lo));
                return i + 3;
            }
            default -> word.append('\\').append(next);
        }
        return i + 1;
    }

    /** Handles the dollar at {@code i}; returns the index of the last character consumed. */
    private int expand(String line, int i, StringBuilder word) throws LineError {
        int n = line.length();
        if (i + 1 < n && line.charAt(i + 1) == '{') {
            int end = line.indexOf('}', i + 2);
            if (end < 0) {
                throw new LineError("unterminated variable reference '" + line.substring(i) + "' (missing '}')");
            }
            String name = line.substring(i + 2, end);
            if (!isName(name)) {
                throw new LineError("invalid variable name '" + name + "' in '${" + name + "}'");
            }
            append(word, name);
            return end;
        }
        int j = i + 1;
        if (j < n && isNameStart(line.charAt(j))) {
            while (j < n && isNamePart(line.charAt(j))) {
                j++;
            }
            append(word, line.substring(i + 1, j));
            return j - 1;
        }
        word.append('$'); // not a variable: a regex anchor, "$1", a lone dollar
        return i;
    }

    private void append(StringBuilder word, String name) {
        String value = env.apply(name);
        if (value != null) {
            word.append(value);
        }
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || !isNameStart(s.charAt(0))) {
            return false;
        }
        return s.chars().allMatch(ch -> isNamePart((char) ch));
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
