package org.regiokg.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.system.Txn;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.vocab.Vocabulary;

/**
 * Data extension and preview for OpenRefine (W3C Reconciliation API, protocol 0.2): the columns a
 * reconciled thing offers ({@code reconcile-extend.rq}), proposed per type, and each thing's values.
 * Ids are the reconciliation ids: the path after {@code https://w3id.org/regiokg/id/}.
 */
final class ReconciliationExtension {
    private static final SparqlFile EXTEND = SparqlFile.resource(ReconciliationExtension.class, "reconcile-extend.rq");
    private static final Pattern ID = Pattern.compile("[a-z][a-z-]*/[A-Za-z0-9._~%-]+");

    /** A column OpenRefine may pull: its id (the query's {@code ?property}), name, and the type of an entity value. */
    record Column(String id, String name, String valueType, List<String> forKinds) {
        Map<String, Object> asJson() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", id);
            p.put("name", name);
            if (valueType != null) p.put("type", Map.of("id", valueType, "name", valueType.substring(valueType.lastIndexOf('#') + 1)));
            return p;
        }
    }

    private static final String ORGANISATION = Vocabulary.ORG + "Organization";
    private static final String PLACE = Vocabulary.term("Place");
    private static final String PERSON = Vocabulary.FOAF + "Person";

    static final List<Column> COLUMNS = List.of(
            new Column("name", "Name (German label)", null, List.of(ORGANISATION, PLACE, PERSON)),
            new Column("legalName", "Legal name", null, List.of(ORGANISATION)),
            new Column("town", "Town of the seat", PLACE, List.of(ORGANISATION)),
            new Column("district", "District (Kreis) of the seat", PLACE, List.of(ORGANISATION)),
            new Column("competence", "Competences", Vocabulary.SKOS + "Concept", List.of(ORGANISATION)),
            new Column("wikidata", "Wikidata id", null, List.of(ORGANISATION, PLACE, PERSON)),
            new Column("worldMarketLeader", "World market leader (a source calls it one)", null, List.of(ORGANISATION)));

    private final DatasetGraph dataset;

    ReconciliationExtension(DatasetGraph dataset) {
        this.dataset = dataset;
    }

    /** The columns for things of {@code type} (all of them for an unknown or missing type). */
    static List<Column> proposals(String type) {
        List<Column> forType = COLUMNS.stream().filter(c -> type != null && c.forKinds().contains(type)).toList();
        return forType.isEmpty() ? COLUMNS : forType;
    }

    static Optional<Column> column(String id) {
        return COLUMNS.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The IRI a reconciliation id (or a full IRI in the id space) names; empty when it is neither. */
    static Optional<String> iri(String id) {
        if (id == null) return Optional.empty();
        String local = id.startsWith(Vocabulary.ID) ? id.substring(Vocabulary.ID.length()) : id;
        return ID.matcher(local).matches() ? Optional.of(Vocabulary.ID + local) : Optional.empty();
    }

    /** The values of one thing, per column id, in the protocol's shapes ({@code id/name}, {@code str}, {@code bool}). */
    Map<String, List<Map<String, Object>>> values(String iri) {
        Map<String, List<Map<String, Object>>> values = new LinkedHashMap<>();
        List<Binding> rows = Txn.calculateRead(dataset, () -> EXTEND.select(dataset, Map.of("thing", NodeFactory.createURI(iri))));
        for (Binding row : rows) {
            String property = row.get(Var.alloc("property")).getLiteralLexicalForm();
            Node value = row.get(Var.alloc("value"));
            Node label = row.get(Var.alloc("label"));
            values.computeIfAbsent(property, k -> new ArrayList<>()).add(cell(property, value, label));
        }
        return values;
    }

    private static Map<String, Object> cell(String property, Node value, Node label) {
        if (property.equals("wikidata"))
            return Map.of("str", value.getURI().substring(value.getURI().lastIndexOf('/') + 1));
        if (value.isURI()) {
            String id = value.getURI().startsWith(Vocabulary.ID) ? value.getURI().substring(Vocabulary.ID.length()) : value.getURI();
            return Map.of("id", id, "name", label != null ? label.getLiteralLexicalForm() : id);
        }
        if (value.isLiteral() && value.getLiteralValue() instanceof Boolean b) return Map.of("bool", b);
        return Map.of("str", value.getLiteralLexicalForm());
    }
}
