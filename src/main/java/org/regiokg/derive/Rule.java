package org.regiokg.derive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.path.Path;
import org.apache.jena.sparql.path.PathParser;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.vocab.Vocabulary;

/**
 * One derivation rule, {@code rules/NAME.rq}: a SPARQL CONSTRUCT whose triples are kept in the named
 * graph {@code graph/derived/NAME}. The {@code #+} header says what it derives and from what, and
 * how it can be kept up to date in part:
 * <ul>
 * <li>{@code focus}: the variable every derived triple is about (its subject); the rule is then
 *     re-run for the changed things only, with the focus bound to each;</li>
 * <li>{@code reach}: a property path from a changed node to the focus things it affects (e.g. from a
 *     site to the organisation whose seat it is);</li>
 * <li>{@code symmetric}: the derived triples hold in both directions (ties);</li>
 * <li>{@code reach-from-subject}: per predicate, a path from the subject of a changed statement with it
 *     to the focus things it affects, followed from that end only (a class given a new superclass: its
 *     instances and its subclasses' instances, not the superclass's);</li>
 * <li>{@code full-on}: predicates whose change makes the whole rule run again (a place's geometry);</li>
 * <li>{@code after}: rules whose derived triples this one reads.</li>
 * </ul>
 */
public record Rule(String name, Node graph, Query query, Optional<Var> focus, Optional<Path> reach,
                   Map<Node, Path> reachFromSubject, boolean symmetric, Set<Node> fullOn, List<String> after, String summary, String digest) {

    public static final String GRAPH_KIND = Vocabulary.DERIVED_KIND;

    /** The named graph of a rule's derived triples. */
    public static Node graphOf(String name) {
        return NodeFactory.createURI(Vocabulary.graph(GRAPH_KIND, name));
    }

    /** True for the named graphs that hold derived triples, not source facts. */
    public static boolean isDerivedGraph(Node graph) {
        return graph.isURI() && Vocabulary.isDerivedGraph(graph.getURI());
    }

    /** Parses a rule file's text (through the one loader of SPARQL files); {@code where} names it in error messages. */
    public static Rule parse(String name, String text, String where) {
        SparqlFile file = SparqlFile.parse(name, where, text);
        JsonNode header = file.header();
        Query query = file.query();
        if (!query.isConstructType())
            throw file.problem(null, "is not a CONSTRUCT query; a rule derives triples");
        if (header.path("derives").isMissingNode() || header.path("from").isMissingNode())
            throw file.problem("derives", "must say what the rule derives (#+ derives:) and from what (#+ from:)");
        Optional<Var> focus = Optional.ofNullable(header.path("focus").textValue()).map(Var::alloc);
        focus.ifPresent(v -> {
            if (!text.contains("?" + v.getVarName()))
                throw file.problem("focus", "names ?" + v.getVarName() + ", which does not occur in the query");
        });
        Optional<Path> reach = Optional.ofNullable(header.path("reach").textValue())
                .map(p -> PathParser.parse(p, query.getPrefixMapping()));
        Map<Node, Path> fromSubject = new LinkedHashMap<>();
        header.path("reach-from-subject").fields().forEachRemaining(e -> fromSubject.put(NodeFactory.createURI(e.getKey()),
                PathParser.parse(e.getValue().asText(), query.getPrefixMapping())));
        if (!fromSubject.isEmpty() && focus.isEmpty())
            throw file.problem("reach-from-subject", "needs a focus: it says which things a changed statement affects");
        Set<Node> fullOn = new LinkedHashSet<>();
        header.path("full-on").forEach(n -> fullOn.add(NodeFactory.createURI(n.asText())));
        List<String> after = new ArrayList<>();
        JsonNode a = header.path("after");
        if (a.isArray()) a.forEach(n -> after.add(n.asText()));
        else if (a.isTextual()) after.add(a.asText());
        return new Rule(name, graphOf(name), query, focus, reach, Map.copyOf(fromSubject), header.path("symmetric").asBoolean(false),
                Set.copyOf(fullOn), List.copyOf(after), header.path("summary").asText(name), sha256(text));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
