package org.regiokg.questions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.RowSetStream;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.resultset.ResultsWriter;

/**
 * The formats an answer is written in. Tables: a plain JSON array of objects (the default, for front
 * ends), CSV, TSV and the SPARQL JSON and XML result formats, written by Jena. Graphs: Turtle,
 * JSON-LD and N-Triples, written by RIOT.
 */
public enum AnswerFormat {
    JSON("application/json", "json", true, null, null),
    CSV("text/csv", "csv", true, ResultSetLang.RS_CSV, null),
    TSV("text/tab-separated-values", "tsv", true, ResultSetLang.RS_TSV, null),
    SPARQL_JSON("application/sparql-results+json", "srj", true, ResultSetLang.RS_JSON, null),
    SPARQL_XML("application/sparql-results+xml", "srx", true, ResultSetLang.RS_XML, null),
    TURTLE("text/turtle", "ttl", false, null, RDFFormat.TURTLE_PRETTY),
    JSONLD("application/ld+json", "jsonld", false, null, RDFFormat.JSONLD11),
    NTRIPLES("application/n-triples", "nt", false, null, RDFFormat.NTRIPLES);

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final String mediaType;
    private final String shortName;
    private final boolean forTables;
    private final Lang resultLang;
    private final RDFFormat rdfFormat;

    AnswerFormat(String mediaType, String shortName, boolean forTables, Lang resultLang, RDFFormat rdfFormat) {
        this.mediaType = mediaType;
        this.shortName = shortName;
        this.forTables = forTables;
        this.resultLang = resultLang;
        this.rdfFormat = rdfFormat;
    }

    public String mediaType() {
        return mediaType;
    }

    public String shortName() {
        return shortName;
    }

    /** The formats for a question's kind of answer, the default first. */
    public static List<AnswerFormat> offeredFor(Question question) {
        boolean graph = question.answersWithGraph();
        return Arrays.stream(values()).filter(f -> f.forTables != graph).toList();
    }

    /** By short name ({@code csv}) or media type, among those offered for the question. */
    public static Optional<AnswerFormat> named(String name, Question question) {
        return offeredFor(question).stream()
                .filter(f -> f.shortName.equalsIgnoreCase(name) || f.mediaType.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name))
                .findFirst();
    }

    public void write(Answer answer, OutputStream out) {
        if (answer.truth() != null) {
            if (this == JSON) writeJson(out, g -> g.writeBoolean(answer.truth()));
            else ResultsWriter.create().lang(resultLang == null ? ResultSetLang.RS_JSON : resultLang).write(out, answer.truth());
        } else if (answer.graph() != null) {
            RDFDataMgr.write(out, answer.graph(), rdfFormat);
        } else if (this == JSON) {
            writeJson(out, g -> writeRows(g, answer.vars(), answer.rows()));
        } else {
            ResultsWriter.create().lang(resultLang).write(out, RowSetStream.create(answer.vars(), answer.rows().iterator()));
        }
    }

    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private static void writeJson(OutputStream out, JsonBody body) {
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One object per row; unbound variables are left out; numbers and booleans stay JSON numbers and booleans. */
    private static void writeRows(JsonGenerator g, List<Var> vars, List<Binding> rows) throws IOException {
        g.writeStartArray();
        for (Binding row : rows) {
            g.writeStartObject();
            for (Var v : vars) {
                Node n = row.get(v);
                if (n == null) continue;
                g.writeFieldName(v.getVarName());
                writeNode(g, n);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeNode(JsonGenerator g, Node n) throws IOException {
        if (n.isURI()) {
            g.writeString(n.getURI());
        } else if (n.isBlank()) {
            g.writeString("_:" + n.getBlankNodeLabel());
        } else if (n.isLiteral() && n.getLiteral().isWellFormed() && n.getLiteralLanguage().isEmpty()) {
            NodeValue v = NodeValue.makeNode(n);
            if (v.isBoolean()) g.writeBoolean(v.getBoolean());
            else if (v.isInteger()) g.writeNumber(v.getInteger());
            else if (v.isDecimal()) g.writeNumber(v.getDecimal());
            else if ((v.isDouble() || v.isFloat()) && Double.isFinite(v.getDouble())) g.writeNumber(v.getDouble());
            else g.writeString(n.getLiteralLexicalForm());
        } else if (n.isLiteral()) {
            g.writeString(n.getLiteralLexicalForm());
        } else {
            g.writeString(n.toString());
        }
    }
}
