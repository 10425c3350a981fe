package org.regiokg.names;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.query.text.TextQueryFuncs;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The names of the index in the order SPARQL sorts them ({@code ORDER BY STR(?name)}), each with the
 * things that have it: TDB2 keeps no index in that order, Lucene's terms are one. Every name statement's
 * document holds its text once more as a single untokenised term ({@value #FIELD}), written so that
 * Lucene's order of terms (UTF-8 bytes, i.e. code points) is ARQ's order of strings (UTF-16 code units).
 * Reads the index as last committed; close it after use.
 */
public final class NamesInOrder implements AutoCloseable {
    /** The field of the untokenised names. */
    static final String FIELD = "sorted";
    /** Lucene takes terms of at most 32,766 bytes: longer names share the term of their first characters. */
    private static final int MAX_CHARS = 4_000;
    /** The first code unit written as two characters: see {@link #term(String)}. */
    private static final char HIGH = '\uD7FF';

    /** One name (as its term) and the things with a name statement of that text, each once. */
    public record Group(String term, List<Node> things) {}

    private final DirectoryReader reader;
    /** The terms of one predicate's names start with this. */
    private final BytesRef prefix;
    private final int prefixChars;
    private final Bits live;
    private final StoredFields stored;
    /** Null after the predicate's last name. */
    private TermsEnum terms;
    /** True while the enumeration stands on the predicate's first name, not yet returned. */
    private boolean first;

    private NamesInOrder(DirectoryReader reader, String prefix) throws IOException {
        this.reader = reader;
        this.prefix = new BytesRef(prefix);
        this.prefixChars = prefix.length();
        Terms t = MultiTerms.getTerms(reader, FIELD);
        this.terms = t == null ? null : t.iterator();
        // Positioned before the predicate's first name: next() reads it.
        if (terms != null && terms.seekCeil(this.prefix) == TermsEnum.SeekStatus.END) terms = null;
        this.first = terms != null;
        this.live = MultiBits.getLiveDocs(reader);
        this.stored = reader.storedFields();
    }

    static NamesInOrder open(Directory directory, Node predicate) {
        try {
            return new NamesInOrder(DirectoryReader.open(directory), prefix(predicate.getURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The term of a name statement: its predicate, U+0000, then the name's term. */
    static String term(String predicate, String name) {
        return prefix(predicate) + term(name);
    }

    private static String prefix(String predicate) {
        return predicate + '\u0000';
    }

    /**
     * The term of a name: its text, where every UTF-16 code unit from U+D7FF up (surrogates and
     * U+E000–U+FFFF) becomes U+D7FF and a second character that keeps their order; Lucene's byte order
     * of the result is then the code-unit order of the text (a supplementary character sorts below
     * U+E000 there, above it in code points). Cut at {@value #MAX_CHARS} characters.
     */
    public static String term(String name) {
        String text = name.length() <= MAX_CHARS ? name : name.substring(0, MAX_CHARS);
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < HIGH) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(text.length() + 8).append(text, 0, i);
            b.append(HIGH).append((char) (c - HIGH + 0x20));
        }
        return b == null ? text : b.toString();
    }

    /** The number of name statements in the index (of every predicate). */
    public long size() {
        return reader.numDocs();
    }

    /** The predicate's next name in order and its things; null after its last. */
    public Group next() {
        if (terms == null) return null;
        try {
            BytesRef term = first ? terms.term() : terms.next();
            first = false;
            if (term == null || !org.apache.lucene.util.StringHelper.startsWith(term, prefix)) {
                terms = null;
                return null;
            }
            Set<Node> things = new LinkedHashSet<>();
            PostingsEnum docs = terms.postings(null, PostingsEnum.NONE);
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                String uri = stored.document(doc, Set.of("uri")).get("uri");
                if (uri != null) things.add(TextQueryFuncs.stringToNode(uri));
            }
            return new Group(term.utf8ToString().substring(prefixChars), new ArrayList<>(things));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the index's documents have the field (or there are none): else the index predates it. */
    static boolean indexed(Directory directory) {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            return reader.numDocs() == 0 || FieldInfos.getMergedFieldInfos(reader).fieldInfo(FIELD) != null;
        } catch (IndexNotFoundException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
