package io.banwatch.report;

/**
 * HTML escaping for every value the report prints: names, hosts and sensor names come from the network and are
 * attacker-controlled, so each is text, never markup. One escaper serves text and quoted attribute values (OWASP
 * XSS prevention rule 1 and 2: {@code & < > " '}).
 */
final class Html {

    private Html() {}

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters have no business in a report and some break XML-based viewers (SVG).
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
