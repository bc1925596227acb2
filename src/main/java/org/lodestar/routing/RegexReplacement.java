package org.lodestar.routing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAProxy's regex replacement ({@code replace-path}, {@code replace-uri}, {@code reqrep}): the regex
 * is searched in the value (unanchored); when found, the WHOLE value becomes the replacement with its
 * back-references filled in. Text outside the match is not kept: this is what HAProxy's
 * {@code exp_replace} does (its documentation's {@code replace-header User-Agent curl foo} turns
 * {@code curl/7.47.0} into {@code foo}), and it differs from {@link Matcher#replaceFirst} when the
 * regex does not cover the whole value. Usual configurations anchor and capture the whole value,
 * where both agree.
 */
final class RegexReplacement {
    private RegexReplacement() {
    }

    /**
     * @return the new value, or empty when the regex does not match
     * @throws IllegalArgumentException when the replacement refers to a group the regex lacks
     */
    static Optional<String> apply(Pattern regex, String replacement, String value) {
        Matcher matcher = regex.matcher(value);
        if (!matcher.find()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        try {
            matcher.appendReplacement(out, replacement);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("replacement '" + replacement + "' " + e.getMessage(), e);
        }
        // appendReplacement first copies the text before the match; HAProxy drops it.
        return Optional.of(out.substring(matcher.start()));
    }
}
