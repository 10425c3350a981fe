package org.regiokg.ingest;

/** What a text cell may hold: characters that every format the graph is served in can carry. */
final class Cells {
    private Cells() {}

    /**
     * The index of the first character that XML 1.0 (RDF/XML, SPARQL XML results), HTML and CSV
     * readers cannot take: C0 controls other than tab, line feed and carriage return, DEL, C1
     * controls, and the non-characters U+FFFE and U+FFFF; -1 when there is none.
     */
    static int firstControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean c0 = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
            if (c0 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) return i;
        }
        return -1;
    }

    /** The value shortened and with control characters shown as U+XXXX, for messages. */
    static String printable(String value, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < value.length() && s.length() < max; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) s.append(String.format("U+%04X", (int) c));
            else s.append(c);
        }
        return value.length() > max ? s + "…" : s.toString();
    }
}
