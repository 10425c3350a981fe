package org.regiokg.link;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.regiokg.history.Attribution;
import org.regiokg.vocab.Vocabulary;

/**
 * Writes the accepted rows of a review file as owl:sameAs into one graph, each with a decision
 * record: an rkg:LinkDecision that is also the rdf:Statement of the link, with method, score,
 * date, evidence and the review file. All rows or none: a row naming a thing the graph does not
 * know, or a thing already linked to another item, stops the whole file.
 */
public final class LinkAcceptor {
    public static final String GRAPH = Vocabulary.GRAPH + "links/wikidata-accepted";
    public static final String DECISION_BASE = Vocabulary.ID + "link-decision/";
    static final String RKG = Vocabulary.DEF;
    static final String PROV = Vocabulary.PROV;
    static final String METHOD = "regiokg link propose: label, P31 type, P17 country, P131/P159 location, P439/P440 and P605 keys; reviewed";

    private final DatasetGraph dataset;

    public LinkAcceptor(DatasetGraph dataset) {
        this.dataset = dataset;
    }

    /** Writes the accepted rows; returns how many links the file accepts. */
    public int accept(String fileName, List<ReviewRow> rows, LocalDate date) {
        List<ReviewRow> accepted = rows.stream().filter(ReviewRow::accepted).toList();
        Node graph = uri(GRAPH);
        Attribution by = Attribution.current().orElse(Attribution.UNATTRIBUTED);
        try (var scope = Attribution.of(by.who(), "review file " + fileName, "link acceptance").open()) {
        Txn.executeWrite(dataset, () -> {
            List<String> problems = check(accepted);
            if (!problems.isEmpty()) throw new InvalidReviewFile(fileName, problems);
            describeGraph(graph);
            for (ReviewRow r : accepted) {
                Node thing = uri(r.thing());
                Node item = uri(r.candidate());
                Node decision = uri(DECISION_BASE + decisionSlug(r));
                dataset.deleteAny(graph, decision, Node.ANY, Node.ANY);
                dataset.add(graph, thing, OWL.sameAs.asNode(), item);
                add(graph, decision, RDF.type.asNode(), uri(RKG + "LinkDecision"));
                add(graph, decision, RDF.type.asNode(), RDF.Statement.asNode());
                add(graph, decision, RDF.subject.asNode(), thing);
                add(graph, decision, RDF.predicate.asNode(), OWL.sameAs.asNode());
                add(graph, decision, RDF.object.asNode(), item);
                add(graph, decision, uri(RKG + "linkMethod"), NodeFactory.createLiteralString(METHOD));
                add(graph, decision, uri(RKG + "linkScore"), NodeFactory.createLiteralDT(
                        BigDecimal.valueOf(r.score()).stripTrailingZeros().toPlainString(), XSDDatatype.XSDdecimal));
                for (String e : r.evidence())
                    add(graph, decision, uri(RKG + "evidence"), NodeFactory.createLiteralLang(e, "en"));
                add(graph, decision, DCTerms.date.asNode(), NodeFactory.createLiteralDT(date.toString(), XSDDatatype.XSDdate));
                add(graph, decision, DCTerms.source.asNode(), NodeFactory.createLiteralString(fileName + ", row " + r.row()));
            }
        });
        }
        return accepted.size();
    }

    private List<String> check(List<ReviewRow> accepted) {
        List<String> problems = new ArrayList<>();
        Map<String, ReviewRow> byThing = new HashMap<>();
        for (ReviewRow r : accepted) {
            ReviewRow earlier = byThing.putIfAbsent(r.thing(), r);
            if (earlier != null && !earlier.candidate().equals(r.candidate()))
                problems.add("row " + r.row() + ": " + r.thing() + " is accepted as " + Wikidata.qid(r.candidate())
                        + " and, in row " + earlier.row() + ", as " + Wikidata.qid(earlier.candidate()) + "; accept one");
            Node thing = uri(r.thing());
            if (!dataset.contains(Node.ANY, thing, Node.ANY, Node.ANY))
                problems.add("row " + r.row() + ": " + r.thing() + " is not in the graph");
            dataset.find(Node.ANY, thing, OWL.sameAs.asNode(), Node.ANY).forEachRemaining(q -> {
                if (q.getObject().isURI() && Wikidata.isItem(q.getObject().getURI()) && !q.getObject().getURI().equals(r.candidate()))
                    problems.add("row " + r.row() + ": " + r.thing() + " is already linked to " + q.getObject().getURI()
                            + " (graph " + q.getGraph().getURI() + ")");
            });
        }
        return problems;
    }

    private void describeGraph(Node graph) {
        if (dataset.contains(graph, graph, RDF.type.asNode(), uri(PROV + "Entity"))) return;
        add(graph, graph, RDF.type.asNode(), uri(PROV + "Entity"));
        add(graph, graph, RDF.type.asNode(), uri(RKG + "SourceGraph"));
        add(graph, graph, DCTerms.title.asNode(), NodeFactory.createLiteralLang("Reviewed links to Wikidata", "en"));
        add(graph, graph, DCTerms.title.asNode(), NodeFactory.createLiteralLang("Geprüfte Verknüpfungen mit Wikidata", "de"));
        add(graph, graph, RDFS.comment.asNode(), NodeFactory.createLiteralLang(
                "owl:sameAs links proposed by 'regiokg link propose' and accepted by a reviewer ('regiokg link accept'); "
                        + "each link has an rkg:LinkDecision with method, score, date and evidence.", "en"));
    }

    static String decisionSlug(ReviewRow r) {
        String local = r.thing().substring(Vocabulary.ID.length()).replace('/', '-');
        return (local + "-wikidata-" + Wikidata.qid(r.candidate())).toLowerCase(Locale.ROOT);
    }

    private void add(Node g, Node s, Node p, Node o) {
        dataset.add(new Quad(g, s, p, o));
    }

    private static Node uri(String iri) {
        return NodeFactory.createURI(iri);
    }
}
