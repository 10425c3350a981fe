package org.regiokg.sparql;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase1;
import org.apache.jena.sparql.function.FunctionRegistry;

/**
 * Slugs for IRIs: lower case ASCII, German umlauts spelt out (ä → ae, ß → ss), other accents
 * dropped, every run of other characters one hyphen. Stable, so that a re-import finds the same thing.
 * Also a SPARQL function, {@code <https://w3id.org/regiokg/def/fn#slug>(?text)}, for mappings.
 */
public final class Slugs {
    public static final String FUNCTION_IRI = "https://w3id.org/regiokg/def/fn#slug";

    private Slugs() {}

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHER = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGES = Pattern.compile("^-+|-+$");

    public static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT)
                .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss");
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFD) || s.chars().anyMatch(c -> c > 127))
            s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        s = OTHER.matcher(s).replaceAll("-");
        return EDGES.matcher(s).replaceAll("");
    }

    /** Registers the SPARQL function with ARQ (idempotent). */
    public static void register() {
        FunctionRegistry.get().put(FUNCTION_IRI, SlugFunction.class);
    }

    public static final class SlugFunction extends FunctionBase1 {
        @Override
        public NodeValue exec(NodeValue v) {
            return NodeValue.makeString(slug(v.asString()));
        }
    }
}
