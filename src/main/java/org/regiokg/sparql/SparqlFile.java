package org.regiokg.sparql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecBuilder;
import org.apache.jena.system.Txn;

/**
 * One SPARQL file, read once: its {@code #+} header (YAML, in the decorator syntax of grlc and BASIL),
 * its parsed query, the variables that are parameters ({@code ?_name_type} required,
 * {@code ?__name_type} optional) and the columns it declares it returns ({@code #+ returns: [a, b]}),
 * checked against the query's projection when the file is read. Every loader of RegioKG reads SPARQL
 * through this class: the public questions, the CSV mappings and the system queries beside the code.
 * The parsed query is shared and never modified; run it with values bound as RDF terms.
 */
public final class SparqlFile {
    /** The decorator that declares the columns of a SELECT. */
    public static final String RETURNS = "returns";
    private static final Pattern PARAMETER = Pattern.compile("[?$](__?[A-Za-z0-9][A-Za-z0-9_]*)");

    private final String name;
    private final String source;
    private final String text;
    private final JsonNode header;
    private final Query query;
    private final List<String> parameterVariables;
    private final Optional<List<String>> returns;

    private SparqlFile(String name, String source, String text, JsonNode header, Query query,
                       List<String> parameterVariables, Optional<List<String>> returns) {
        this.name = name;
        this.source = source;
        this.text = text;
        this.header = header;
        this.query = query;
        this.parameterVariables = parameterVariables;
        this.returns = returns;
    }

    /** Reads a file; its name without {@code .rq} is its name. */
    public static SparqlFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SparqlFileException(file.toString(), null, null, "cannot be read: " + e.getMessage());
        }
        return parse(baseName(file.getFileName().toString()), file.toString(), text);
    }

    /**
     * A system query kept beside the class that runs it ({@code src/main/resources/<package of owner>/fileName}).
     * SELECTs must declare their columns; a missing, unreadable or broken file fails here, when the class loads.
     */
    public static SparqlFile resource(Class<?> owner, String fileName) {
        String location = "classpath:" + owner.getPackageName().replace('.', '/') + "/" + fileName;
        try (InputStream in = owner.getResourceAsStream(fileName)) {
            if (in == null) throw new SparqlFileException(location, null, null, "is missing");
            SparqlFile file = parse(baseName(fileName), location, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (file.query.isSelectType() && file.returns.isEmpty())
                throw file.problem(null, "declares no columns; a system SELECT must say what it returns (#+ "
                        + RETURNS + ": " + file.query.getResultVars() + ")");
            return file;
        } catch (IOException e) {
            throw new SparqlFileException(location, null, null, "cannot be read: " + e.getMessage());
        }
    }

    /** Parses the text of a file; {@code source} names it in messages. */
    public static SparqlFile parse(String name, String source, String text) {
        Slugs.register();
        JsonNode header;
        try {
            header = Decorators.read(text);
        } catch (IOException e) {
            throw new SparqlFileException(source, yamlErrorLine(text, e), null, "has a header that is not valid YAML: " + e.getMessage());
        }
        Query query;
        try {
            query = QueryFactory.create(text, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            throw new SparqlFileException(source, e.getLine() > 0 ? e.getLine() : null, e.getColumn() > 0 ? e.getColumn() : null,
                    "is not valid SPARQL: " + e.getMessage());
        }
        SparqlFile file = new SparqlFile(name, source, text, header, query, parameters(query), returns(header, source, text));
        file.checkReturns();
        return file;
    }

    public String name() {
        return name;
    }

    /** The file or classpath resource, for messages. */
    public String source() {
        return source;
    }

    public String text() {
        return text;
    }

    /** The header as YAML (an empty object when there is none); read it, never change it. */
    public JsonNode header() {
        return header;
    }

    public Query query() {
        return query;
    }

    /** The parameter variables without {@code ?} ({@code _name_type}, {@code __name_type}), in order of appearance. */
    public List<String> parameterVariables() {
        return parameterVariables;
    }

    /** The columns the header declares, if it declares them. */
    public Optional<List<String>> returns() {
        return returns;
    }

    /** A hash of the text: changes whenever the file does. */
    public String fingerprint() {
        return Integer.toHexString(text.hashCode());
    }

    /** A problem with this file, placed at the line of the decorator {@code key} (or unplaced when key is null or absent). */
    public SparqlFileException problem(String key, String message) {
        return new SparqlFileException(source, key == null ? null : decoratorLine(text, key), null, message);
    }

    /** Runs the SELECT with the values bound (a null value leaves its variable unbound) and hands each row on. */
    public void select(DatasetGraph dataset, Map<String, Node> values, Consumer<Binding> row) {
        QueryExecBuilder exec = QueryExec.dataset(dataset).query(query);
        values.forEach((var, value) -> { if (value != null) exec.substitution(Var.alloc(var), value); });
        exec.select().forEachRemaining(row);
    }

    /** All rows of the SELECT with the values bound. The caller holds any transaction it needs. */
    public List<Binding> select(DatasetGraph dataset, Map<String, Node> values) {
        List<Binding> rows = new ArrayList<>();
        select(dataset, values, rows::add);
        return rows;
    }

    /** All rows of the SELECT with the values bound, read in a read transaction of their own (or the caller's). */
    public List<Binding> selectInRead(DatasetGraph dataset, Map<String, Node> values) {
        return Txn.calculateRead(dataset, () -> select(dataset, values));
    }

    /** All rows of the SELECT without parameters. */
    public List<Binding> select(DatasetGraph dataset) {
        return select(dataset, Map.of());
    }

    private void checkReturns() {
        if (returns.isEmpty()) return;
        if (!query.isSelectType())
            throw problem(RETURNS, "declares columns, but a " + query.queryType().name() + " query has none; remove '#+ " + RETURNS + "'");
        List<String> projected = query.getResultVars();
        if (!projected.equals(returns.get()))
            throw problem(RETURNS, "declares the columns " + returns.get() + ", but the query returns " + projected);
    }

    private static Optional<List<String>> returns(JsonNode header, String source, String text) {
        JsonNode node = header.path(RETURNS);
        if (node.isMissingNode() || node.isNull()) return Optional.empty();
        if (!node.isArray())
            throw new SparqlFileException(source, decoratorLine(text, RETURNS), null,
                    "declares '" + RETURNS + "' as " + node.getNodeType().name().toLowerCase() + "; it must be a list of column names");
        List<String> names = new ArrayList<>();
        for (JsonNode n : node) names.add(n.asText().startsWith("?") ? n.asText().substring(1) : n.asText());
        return Optional.of(List.copyOf(names));
    }

    /** Every variable of the serialised query, in order of appearance: patterns, expressions, projections and sub-queries alike. */
    private static List<String> parameters(Query query) {
        Set<String> vars = new LinkedHashSet<>();
        Matcher m = PARAMETER.matcher(query.serialize());
        while (m.find()) vars.add(m.group(1));
        return List.copyOf(vars);
    }

    /** The line of {@code #+ key:} (1-based), or null. */
    static Integer decoratorLine(String text, String key) {
        String[] lines = text.split("\\R", -1);
        Pattern decorator = Pattern.compile("#\\+\\s*-?\\s*" + Pattern.quote(key) + "\\s*:.*");
        for (int i = 0; i < lines.length; i++) if (decorator.matcher(lines[i]).matches()) return i + 1;
        return null;
    }

    /** The file line of a YAML error: the header is the {@code #+} lines read together, so its line n is the n-th of them. */
    private static Integer yamlErrorLine(String text, IOException e) {
        List<Integer> headerLines = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].startsWith("#+")) headerLines.add(i + 1);
        if (headerLines.isEmpty()) return null;
        int n = e instanceof JsonProcessingException j && j.getLocation() != null ? j.getLocation().getLineNr() : 1;
        return headerLines.get(Math.max(0, Math.min(n, headerLines.size()) - 1));
    }

    private static String baseName(String fileName) {
        return fileName.endsWith(".rq") ? fileName.substring(0, fileName.length() - 3) : fileName;
    }

    @Override
    public String toString() {
        return source;
    }
}
