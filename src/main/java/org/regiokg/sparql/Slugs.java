package org.regiokg.sparql;

import java.text.Normalizer;
import java.util.Locale;

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

    public static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT)
                .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss");
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        s = s.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s;
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
