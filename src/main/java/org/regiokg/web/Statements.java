package org.regiokg.web;

import java.util.List;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.graph.GraphFactory;
import org.regiokg.questions.Answer;
import org.regiokg.vocab.Vocabulary;

/**
 * The rows of describe-thing for one thing: every statement it is the subject of, and at most
 * {@code incoming} it is the object of; {@code moreIncoming} links to the rest when there are more.
 */
record Statements(String iri, List<Row> rows, java.util.Optional<String> moreIncoming) {
    static Statements of(String iri, Answer answer) {
        List<Row> rows = answer.rows().stream().map(Row::of).toList();
        return new Statements(iri, rows, java.util.Optional.empty());
    }

    /** At most {@code incoming} statements pointing at the thing (the query fetches one more, to know); {@code more} links to the rest. */
    Statements bounded(int incoming, java.util.function.Supplier<String> more) {
        if (rows.stream().filter(r -> !r.out()).count() <= incoming) return this;
        List<Row> kept = new java.util.ArrayList<>();
        // The query's rows are sorted, not in the index order it chose them by: drop the last one in.
        int in = 0;
        for (Row r : rows) if (r.out() || in++ < incoming) kept.add(r);
        return new Statements(iri, List.copyOf(kept), java.util.Optional.of(more.get()));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The statements as RDF: the thing's own (out) and those pointing at it (in), once each. */
    Graph graph() {
        Graph g = GraphFactory.createDefaultGraph();
        Node thing = NodeFactory.createURI(iri);
        for (Row r : rows) {
            if (r.out()) g.add(Triple.create(thing, r.property(), r.value()));
            else g.add(Triple.create(r.value(), r.property(), thing));
        }
        g.getPrefixMapping().setNsPrefixes(Vocabulary.PREFIXES);
        return g;
    }

    /** One row of describe-thing. */
    record Row(boolean out, Node property, Node value, Node graph, Binding binding) {
        static Row of(Binding b) {
            return new Row("out".equals(str(b, "direction")), b.get(Var.alloc("property")), b.get(Var.alloc("value")),
                    b.get(Var.alloc("graph")), b);
        }

        String get(String var) {
            return str(binding, var);
        }

        private static String str(Binding b, String var) {
            Node n = b.get(Var.alloc(var));
            if (n == null) return null;
            return n.isLiteral() ? n.getLiteralLexicalForm() : n.isURI() ? n.getURI() : n.toString();
        }
    }
}
