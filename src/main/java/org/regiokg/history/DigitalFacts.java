package org.regiokg.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.regiokg.vocab.Vocabulary;

/**
 * The digital facts ({@code rkg:digitalTie}, {@code rkg:digitalCompetence} in graph
 * {@code graph/derived/digital}) one change set added or removed, read from its patch. The graph's
 * name is searched for in the bytes and only its lines decoded: an import at 10^5 organisations is a
 * patch of about 100 MB, and a store's log from before rebuilds on opening were counted (not listed)
 * may hold a refresh patch of 400 MB with 150,000 such lines. A change set never changes, so what
 * was read is kept, up to {@link #CACHED} facts in all (the least recently used change sets go first).
 */
final class DigitalFacts {
    static final String DIGITAL_GRAPH = Vocabulary.GRAPH + "derived/digital";
    static final String DIGITAL_TIE = Vocabulary.DEF + "digitalTie";
    static final String DIGITAL_COMPETENCE = Vocabulary.DEF + "digitalCompetence";
    static final int CACHED = 400_000;
    private static final String MARK = " <" + DIGITAL_GRAPH + "> .";
    private static final byte[] GRAPH_END = MARK.getBytes(StandardCharsets.UTF_8);
    // Our own writer's lines (ChangeLog): "A <s> <p> <o> <g> ." with full IRIs; digital facts are IRI to IRI.
    private static final Pattern LINE = Pattern.compile("^([AD]) <([^>]*)> <([^>]*)> <([^>]*)> <[^>]*> \\.$");

    /** One fact: added or removed; a tie (subject tied to a digital organisation) or a competence (subject has a digital concept). */
    record Fact(boolean added, boolean tie, String subject, String object) {}

    private record Key(ChangeLog log, long sequence) {}

    private static final Map<Key, List<Fact>> CACHE = new LinkedHashMap<>(16, 0.75f, true);
    private static long cachedFacts;

    private DigitalFacts() {}

    static List<Fact> of(ChangeLog log, long sequence) {
        Key key = new Key(log, sequence);
        synchronized (CACHE) {
            List<Fact> hit = CACHE.get(key);
            if (hit != null) return hit;
        }
        List<Fact> facts = read(log, sequence);
        synchronized (CACHE) {
            if (facts.size() <= CACHED && CACHE.putIfAbsent(key, facts) == null) {
                cachedFacts += facts.size();
                var oldest = CACHE.entrySet().iterator();
                while (cachedFacts > CACHED && oldest.hasNext()) {
                    var e = oldest.next();
                    if (e.getKey().equals(key)) continue;
                    cachedFacts -= e.getValue().size();
                    oldest.remove();
                }
            }
        }
        return facts;
    }

    private static List<Fact> read(ChangeLog log, long sequence) {
        List<Fact> facts = new ArrayList<>();
        byte[] buf = new byte[1 << 22];
        int len = 0;
        try (InputStream in = log.patch(sequence)) {
            while (true) {
                if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);   // a line longer than the buffer
                int n = in.readNBytes(buf, len, buf.length - len);
                boolean end = n == 0;
                len += n;
                // One byte a char, so the JDK's own (vectorised) search finds the graph's lines; only those are decoded.
                String chunk = new String(buf, 0, len, StandardCharsets.ISO_8859_1);
                int complete = end ? len : chunk.lastIndexOf('\n') + 1;
                for (int at = chunk.indexOf(MARK); at >= 0 && at < complete; ) {
                    int from = chunk.lastIndexOf('\n', at) + 1;
                    int to = chunk.indexOf('\n', at);
                    if (to < 0) to = len;
                    line(buf, from, to, facts);
                    at = to + 1 < complete ? chunk.indexOf(MARK, to + 1) : -1;
                }
                if (end) return facts;
                System.arraycopy(buf, complete, buf, 0, len - complete);
                len -= complete;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read change set " + sequence, e);
        }
    }

    private static void line(byte[] buf, int from, int to, List<Fact> facts) {
        if (to > from && buf[to - 1] == '\r') to--;
        if (to - from <= GRAPH_END.length || (buf[from] != 'A' && buf[from] != 'D')) return;
        if (!Arrays.equals(buf, to - GRAPH_END.length, to, GRAPH_END, 0, GRAPH_END.length)) return;
        Matcher m = LINE.matcher(new String(buf, from, to - from, StandardCharsets.UTF_8));
        if (!m.matches()) return;
        String p = m.group(3);
        boolean tie = p.equals(DIGITAL_TIE);
        if (tie || p.equals(DIGITAL_COMPETENCE)) facts.add(new Fact(m.group(1).equals("A"), tie, m.group(2), m.group(4)));
    }
}
