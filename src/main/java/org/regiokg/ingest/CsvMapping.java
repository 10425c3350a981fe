package org.regiokg.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.jena.query.Query;
import org.regiokg.sparql.Decorators;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.sparql.SparqlFileException;

/**
 * A declared mapping from one kind of CSV list to the graph, in the manner of TARQL: a SPARQL
 * CONSTRUCT (read by {@link SparqlFile}) whose variables are the CSV's columns, run over the rows. The header declares the
 * columns (type, required, allowed values), the key that makes a row unique, and the things each
 * row names that are looked up in the graph before they are created: places (by name within a
 * containing place) and organisations (by name and seat).
 *
 * <pre>
 * #+ columns:
 * #+   - name: {type: text, required: true}
 * #+   - source_url: {type: url, required: true}
 * #+ key: [name, town]
 * #+ places:
 * #+   - town_place: {name: town, within: district}
 * #+ organisations:
 * #+   - org: {name: name, seat: town_place}
 * CONSTRUCT { ?org rdfs:label ?name ... } WHERE { }
 * </pre>
 */
public record CsvMapping(String name, String summary, String description, List<Column> columns, List<String> key,
                         List<PlaceRef> places, List<OrganisationRef> organisations, Query construct, Path source) {

    public record Column(String name, ColumnType type, boolean required, List<String> values, int maxLength) {}

    /** A place named in column {@code nameColumn}, inside the place named in column {@code withinColumn}. */
    public record PlaceRef(String var, String nameColumn, String withinColumn) {}

    /** An organisation named in column {@code nameColumn}, seated in the place bound to {@code seatVar}. */
    public record OrganisationRef(String var, String nameColumn, String seatVar) {}

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public static CsvMapping parse(Path file) {
        SparqlFile sparql;
        try {
            sparql = SparqlFile.read(file);
        } catch (SparqlFileException e) {
            throw new IllegalArgumentException("mapping " + e.getMessage(), e);
        }
        String name = sparql.name();
        JsonNode header = sparql.header();
        Query construct = sparql.query();
        if (!construct.isConstructType()) throw invalid(file, "must be a CONSTRUCT query");

        List<Column> columns = new ArrayList<>();
        Map<String, JsonNode> declared = Decorators.pairs(header.path("columns"));
        if (declared == null || declared.isEmpty()) throw invalid(file, "declares no columns (#+ columns:)");
        declared.forEach((col, spec) -> {
            ColumnType type = ColumnType.parse(spec.path("type").asText("text"))
                    .orElseThrow(() -> invalid(file, "gives the column '" + col + "' an unknown type '" + spec.path("type").asText() + "'"));
            List<String> values = new ArrayList<>();
            spec.path("values").forEach(v -> values.add(v.asText()));
            columns.add(new Column(col, type, spec.path("required").asBoolean(false), List.copyOf(values),
                    spec.path("maxLength").asInt(500)));
        });
        List<String> key = new ArrayList<>();
        header.path("key").forEach(k -> key.add(k.asText()));
        List<PlaceRef> places = new ArrayList<>();
        Map<String, JsonNode> placeSpecs = Decorators.pairs(header.path("places"));
        if (placeSpecs == null) throw invalid(file, "has 'places' entries that are not 'var: {name: column, within: column}'");
        placeSpecs.forEach((var, spec) -> places.add(new PlaceRef(var, spec.path("name").asText(), spec.path("within").asText())));
        List<OrganisationRef> orgs = new ArrayList<>();
        Map<String, JsonNode> orgSpecs = Decorators.pairs(header.path("organisations"));
        if (orgSpecs == null) throw invalid(file, "has 'organisations' entries that are not 'var: {name: column, seat: placeVar}'");
        orgSpecs.forEach((var, spec) -> orgs.add(new OrganisationRef(var, spec.path("name").asText(), spec.path("seat").asText())));

        CsvMapping mapping = new CsvMapping(name, header.path("summary").asText(name), header.path("description").asText(""),
                List.copyOf(columns), List.copyOf(key), List.copyOf(places), List.copyOf(orgs), construct, file);
        mapping.check();
        return mapping;
    }

    private void check() {
        for (String k : key)
            if (column(k).isEmpty()) throw invalid(source, "has the key column '" + k + "', which is not declared");
        for (PlaceRef p : places) {
            if (column(p.nameColumn()).isEmpty() || column(p.withinColumn()).isEmpty())
                throw invalid(source, "has the place '" + p.var() + "' with undeclared columns");
        }
        for (OrganisationRef o : organisations) {
            if (column(o.nameColumn()).isEmpty()) throw invalid(source, "has the organisation '" + o.var() + "' with an undeclared name column");
            if (!o.seatVar().isEmpty() && places.stream().noneMatch(p -> p.var().equals(o.seatVar())))
                throw invalid(source, "seats the organisation '" + o.var() + "' in '" + o.seatVar() + "', which is no declared place");
        }
    }

    private static IllegalArgumentException invalid(Path file, String problem) {
        return new IllegalArgumentException("mapping " + file + " " + problem);
    }
}
