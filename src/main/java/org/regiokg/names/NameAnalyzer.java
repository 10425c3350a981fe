package org.regiokg.names;

import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * How names are indexed and asked for: words in lower case, German spellings made one (ä, ae and a;
 * ß and ss; GermanNormalizationFilter), other accents folded to ASCII, and the words of legal forms
 * ("GmbH & Co. KG", "AG", "e.V.") left out, so that they never decide which names match.
 * {@link #normalize} does the same to the terms of fuzzy and prefix queries, which are not tokenised.
 */
public final class NameAnalyzer extends Analyzer {
    /** Legal-form words after normalisation; the same list as link.reconcile.Names, in the index's spelling. */
    static final List<String> LEGAL_FORM_WORDS = List.of(
            "gmbh", "mbh", "ag", "kg", "kgaa", "co", "ohg", "se", "ug", "gbr", "ev", "e.v", "eg",
            "haftungsbeschrankt", "inc", "ltd", "llc", "plc", "corp", "sa", "bv", "nv");
    private static final CharArraySet STOP = new CharArraySet(LEGAL_FORM_WORDS, false);

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        TokenStream s = new StopFilter(normalise(tokenizer), STOP);
        return new TokenStreamComponents(tokenizer, s);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return normalise(in);
    }

    private static TokenStream normalise(TokenStream in) {
        return new ASCIIFoldingFilter(new GermanNormalizationFilter(new LowerCaseFilter(in)));
    }
}
