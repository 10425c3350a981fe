package org.regiokg.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecBuilder;
import org.apache.jena.system.Txn;
import org.regiokg.sparql.Slugs;

/**
 * A SPARQL query kept as a file next to this class ({@code src/main/resources/org/regiokg/link/}),
 * parsed once and run with values bound as RDF terms (never pasted into the query text).
 */
public final class SparqlResource {
    private final String name;
    private final Query query;

    private SparqlResource(String name, Query query) {
        this.name = name;
        this.query = query;
    }

    public static SparqlResource load(String fileName) {
        Slugs.register();
        try (InputStream in = SparqlResource.class.getResourceAsStream(fileName)) {
            if (in == null) throw new IllegalStateException("Missing query resource " + fileName);
            return new SparqlResource(fileName, QueryFactory.create(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** All rows, read in one read transaction; {@code bindings} maps variable names (without ?) to values. */
    public List<Binding> select(DatasetGraph dataset, Map<String, Node> bindings) {
        return Txn.calculateRead(dataset, () -> {
            QueryExecBuilder exec = QueryExec.dataset(dataset).query(query);
            bindings.forEach((var, value) -> { if (value != null) exec.substitution(var, value); });
            List<Binding> rows = new ArrayList<>();
            exec.select().forEachRemaining(rows::add);
            return rows;
        });
    }
}
