package org.regiokg.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformCopyBase;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;
import org.apache.jena.vocabulary.RDF;
import org.regiokg.sparql.SparqlFile;

/**
 * {@code text:query} rewritten as a standard SPARQL name match ({@code name-match.rq}) for stores
 * without RegioKG's name index: {@code ?thing text:query (?q n)} and {@code (?thing ?score ?label)
 * text:query (?q n)} become a search over the names that contains the query's first word. The
 * answers are a superset-or-subset approximation of the index's and unranked; the README says so.
 */
final class NameMatch {
    private static final SparqlFile MATCH = SparqlFile.resource(NameMatch.class, "name-match.rq");
    private static final Var THING = Var.alloc("thing"), LABEL = Var.alloc("label"), QUERY = Var.alloc("query"), SCORE = Var.alloc("score");

    private NameMatch() {}

    /** The query with every text:query replaced; the same query when it has none. */
    static Query rewrite(Query query) {
        if (query.getQueryPattern() == null || !query.toString().contains(RemoteQueryEngine.TEXT_QUERY)) return query;
        AtomicInteger fresh = new AtomicInteger();
        return QueryTransformOps.transform(query, new ElementTransformCopyBase() {
            @Override
            public Element transform(ElementGroup group, List<Element> elements) {
                ElementGroup out = new ElementGroup();
                for (Element e : elements) {
                    if (e instanceof ElementPathBlock block) replace(block, out, fresh);
                    else out.addElement(e);
                }
                return out;
            }
        });
    }

    private static void replace(ElementPathBlock block, ElementGroup out, AtomicInteger fresh) {
        List<TriplePath> triples = block.getPattern().getList();
        Map<Node, Node> first = new HashMap<>(), rest = new HashMap<>();
        for (TriplePath t : triples) {
            if (RDF.first.asNode().equals(t.getPredicate())) first.put(t.getSubject(), t.getObject());
            if (RDF.rest.asNode().equals(t.getPredicate())) rest.put(t.getSubject(), t.getObject());
        }
        Set<Node> listNodes = new HashSet<>();
        List<ElementGroup> matches = new ArrayList<>();
        ElementPathBlock kept = new ElementPathBlock();
        for (TriplePath t : triples) {
            if (t.getPredicate() == null || !t.getPredicate().isURI() || !RemoteQueryEngine.TEXT_QUERY.equals(t.getPredicate().getURI())) continue;
            List<Node> subjects = list(t.getSubject(), first, rest, listNodes), args = list(t.getObject(), first, rest, listNodes);
            // text:query ([property] query [limit]): the query is the first literal or variable.
            Node q = args.stream().filter(n -> n.isVariable() || n.isLiteral() && !n.getLiteralLexicalForm().matches("\\d+")).findFirst()
                    .orElse(args.get(0));
            Map<Var, Node> bind = new HashMap<>();
            bind.put(THING, subjects.get(0));
            bind.put(SCORE, subjects.size() > 1 ? subjects.get(1) : Var.alloc("__nameScore" + fresh.incrementAndGet()));
            bind.put(LABEL, subjects.size() > 2 ? subjects.get(2) : Var.alloc("__nameLabel" + fresh.incrementAndGet()));
            bind.put(QUERY, q);
            matches.add((ElementGroup) QueryTransformOps.transform(MATCH.query(), bind).getQueryPattern());
        }
        for (TriplePath t : triples) {
            boolean textQuery = t.getPredicate() != null && t.getPredicate().isURI() && RemoteQueryEngine.TEXT_QUERY.equals(t.getPredicate().getURI());
            if (!textQuery && !listNodes.contains(t.getSubject())) kept.addTriplePath(t);
        }
        if (!kept.isEmpty()) out.addElement(kept);
        for (ElementGroup m : matches) m.getElements().forEach(out::addElement);
    }

    /** The members of an RDF list in the pattern, or the node itself when it heads none. */
    private static List<Node> list(Node head, Map<Node, Node> first, Map<Node, Node> rest, Set<Node> seen) {
        if (!first.containsKey(head)) return List.of(head);
        List<Node> items = new ArrayList<>();
        for (Node n = head; n != null && first.containsKey(n); n = rest.get(n)) {
            seen.add(n);
            items.add(first.get(n));
        }
        return items;
    }
}
