package org.regiokg.link;

import java.util.regex.Pattern;

/** Wikidata's IRIs, as its query service writes them. */
public final class Wikidata {
    public static final String ENTITY = "http://www.wikidata.org/entity/";
    public static final String DIRECT = "http://www.wikidata.org/prop/direct/";
    public static final String GERMANY = ENTITY + "Q183";
    private static final Pattern ITEM = Pattern.compile("http://www\\.wikidata\\.org/entity/Q[1-9][0-9]*");

    private Wikidata() {}

    public static boolean isItem(String iri) {
        return iri != null && ITEM.matcher(iri).matches();
    }

    /** {@code Q183} for {@code http://www.wikidata.org/entity/Q183}. */
    public static String qid(String iri) {
        return iri.startsWith(ENTITY) ? iri.substring(ENTITY.length()) : iri;
    }

    public static String item(String qid) {
        return ENTITY + qid;
    }
}
