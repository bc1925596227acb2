package org.lodestar.routing;

/**
 * HAProxy's {@code _dir} and {@code _dom} matching: the pattern must equal one part, or several
 * consecutive parts, of the value, where parts are separated by delimiter characters. Delimiters at
 * either end of the pattern are ignored, so {@code /img}, {@code img/} and {@code img} are the same
 * pattern. A pattern made only of delimiters matches nothing.
 */
final class WordMatch {
    /** {@code path_dir}: '?' too, so that a query string glued to the value ends the last part. */
    static final String DIR_DELIMITERS = "/?";
    /** {@code hdr_dom}: ':' ends the host before a port, '/' and '?' end it in an absolute URI. */
    static final String DOM_DELIMITERS = "./?:";

    private WordMatch() {
    }

    static boolean matches(String value, String pattern, String delimiters, boolean ignoreCase) {
        String word = strip(pattern, delimiters);
        if (word.isEmpty()) {
            return false;
        }
        for (int start = 0; start + word.length() <= value.length(); start++) {
            boolean startsPart = start == 0 || isDelimiter(value.charAt(start - 1), delimiters);
            int end = start + word.length();
            boolean endsPart = end == value.length() || isDelimiter(value.charAt(end), delimiters);
            if (startsPart && endsPart && value.regionMatches(ignoreCase, start, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    private static String strip(String pattern, String delimiters) {
        int from = 0;
        int to = pattern.length();
        while (from < to && isDelimiter(pattern.charAt(from), delimiters)) {
            from++;
        }
        while (to > from && isDelimiter(pattern.charAt(to - 1), delimiters)) {
            to--;
        }
        return pattern.substring(from, to);
    }

    private static boolean isDelimiter(char c, String delimiters) {
        return delimiters.indexOf(c) >= 0;
    }
}
