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
import org.apache.jena.sparql.syntax.ElementBind;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformCopyBase;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;
import org.apache.jena.vocabulary.RDF;
import org.regiokg.sparql.SparqlFile;

/**
 * {@code text:query} rewritten as a standard SPARQL name match ({@code name-match.rq}) for stores
 * without RegioKG's name index: {@code ?thing text:query (?q n)} and {@code (?thing ?score ?label)
 * text:query (?q n)} become a search over the names that contains the query's first word, at most
 * {@code n} of them. The answers approximate the index's and are unranked; the README says so.
 */
final class NameMatch {
    /** The name index's property function (jena-text), which remote stores do not have. */
    static final String TEXT_QUERY = "http://jena.apache.org/text#query";
    private static final SparqlFile MATCH = SparqlFile.resource(NameMatch.class, "name-match.rq");
    /** jena-text's limit when a text:query names none. */
    private static final long DEFAULT_HITS = 10_000;
    private static final Var THING = Var.alloc("thing"), LABEL = Var.alloc("label"), QUERY = Var.alloc("query"), SCORE = Var.alloc("score");

    private NameMatch() {}

    /** The query with every text:query replaced; the same query when it has none. */
    static Query rewrite(Query query) {
        if (query.getQueryPattern() == null || !mentionsTextQuery(query)) return query;
        AtomicInteger fresh = new AtomicInteger();
        return QueryTransformOps.transform(query, new ElementTransformCopyBase() {
            @Override
            public Element transform(ElementGroup group, List<Element> elements) {
                ElementGroup out = new ElementGroup();
                for (Element e : elements) {
                    if (e instanceof ElementPathBlock block) replace(block, elements, out, fresh);
                    else out.addElement(e);
                }
                return out;
            }
        });
    }

    /** Looked for in the pattern, not the query's text: that spells it with whatever prefix the file chose (text:query). */
    private static boolean mentionsTextQuery(Query query) {
        boolean[] found = {false};
        ElementWalker.walk(query.getQueryPattern(), new ElementVisitorBase() {
            @Override
            public void visit(ElementPathBlock block) {
                for (TriplePath t : block.getPattern().getList()) found[0] |= isTextQuery(t);
            }
        });
        return found[0];
    }

    private static boolean isTextQuery(TriplePath t) {
        return t.getPredicate() != null && t.getPredicate().isURI() && TEXT_QUERY.equals(t.getPredicate().getURI());
    }

    /**
     * Each text:query of the block becomes a subquery: the name match, with the BINDs of the group
     * that make its query string, limited to the hits text:query asked for (10,000 when it names no
     * limit, as jena-text), so a store may stop reading names once it has them.
     */
    private static void replace(ElementPathBlock block, List<Element> group, ElementGroup out, AtomicInteger fresh) {
        List<TriplePath> triples = block.getPattern().getList();
        Map<Node, Node> first = new HashMap<>(), rest = new HashMap<>();
        for (TriplePath t : triples) {
            if (RDF.first.asNode().equals(t.getPredicate())) first.put(t.getSubject(), t.getObject());
            if (RDF.rest.asNode().equals(t.getPredicate())) rest.put(t.getSubject(), t.getObject());
        }
        Set<Node> listNodes = new HashSet<>();
        List<Element> matches = new ArrayList<>();
        ElementPathBlock kept = new ElementPathBlock();
        for (TriplePath t : triples) {
            if (!isTextQuery(t)) continue;
            List<Node> subjects = list(t.getSubject(), first, rest, listNodes), args = list(t.getObject(), first, rest, listNodes);
            // text:query ([property] query [limit]): the query is the first literal or variable that is not a number.
            Node q = args.stream().filter(n -> n.isVariable() || n.isLiteral() && !isNumber(n)).findFirst().orElse(args.get(0));
            long limit = args.stream().filter(n -> n != q && isNumber(n)).mapToLong(n -> Long.parseLong(n.getLiteralLexicalForm())).findFirst().orElse(DEFAULT_HITS);
            Map<Var, Node> bind = new HashMap<>();
            bind.put(THING, subjects.get(0));
            bind.put(SCORE, subjects.size() > 1 ? subjects.get(1) : Var.alloc("__nameScore" + fresh.incrementAndGet()));
            bind.put(LABEL, subjects.size() > 2 ? subjects.get(2) : Var.alloc("__nameLabel" + fresh.incrementAndGet()));
            bind.put(QUERY, q);
            ElementGroup inner = new ElementGroup();
            if (q.isVariable())
                for (Element e : group)
                    if (e instanceof ElementBind b && b.getVar().equals(q)) inner.addElement(b);
            ((ElementGroup) QueryTransformOps.transform(MATCH.query(), bind).getQueryPattern()).getElements().forEach(inner::addElement);
            Query sub = new Query();
            sub.setQuerySelectType();
            sub.setQueryPattern(inner);
            for (Var v : List.of(THING, SCORE, LABEL))
                if (bind.get(v).isVariable()) sub.addResultVar(bind.get(v));
            sub.setLimit(limit);
            matches.add(new ElementSubQuery(sub));
        }
        for (TriplePath t : triples)
            if (!isTextQuery(t) && !listNodes.contains(t.getSubject())) kept.addTriplePath(t);
        // The matches first, where text:query stood: the rest of the block joins their few rows.
        matches.forEach(out::addElement);
        if (!kept.isEmpty()) out.addElement(kept);
    }

    private static boolean isNumber(Node n) {
        return n.isLiteral() && n.getLiteralLexicalForm().matches("\\d+");
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
