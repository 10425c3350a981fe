package org.regiokg.server;

import java.util.List;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.regiokg.vocab.Vocabulary;

/**
 * The SPARQL 1.1 Service Description of the query endpoint (https://www.w3.org/TR/sparql11-service-description/):
 * what a client may ask, in which formats, over which dataset.
 */
final class ServiceDescription {
    static final String SD = "http://www.w3.org/ns/sparql-service-description#";
    static final String FORMATS = "http://www.w3.org/ns/formats/";
    /** What the endpoint answers in (W3C's format IRIs). */
    static final List<String> RESULT_FORMATS = List.of("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
            "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "TriG", "N-Quads");

    private ServiceDescription() {}

    static Model of(String endpoint) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("sd", SD);
        m.setNsPrefix("formats", FORMATS);
        m.setNsPrefix("dcterms", DCTerms.NS);
        m.setNsPrefix("void", "http://rdfs.org/ns/void#");
        Resource service = m.createResource(endpoint)
                .addProperty(RDF.type, m.createResource(SD + "Service"))
                .addProperty(sd(m, "endpoint"), m.createResource(endpoint))
                .addProperty(sd(m, "supportedLanguage"), m.createResource(SD + "SPARQL11Query"))
                // The default graph is the union of the named graphs; SERVICE only to allowed endpoints.
                .addProperty(sd(m, "feature"), m.createResource(SD + "UnionDefaultGraph"))
                .addProperty(sd(m, "feature"), m.createResource(SD + "BasicFederatedQuery"))
                .addProperty(DCTerms.title, "RegioKG SPARQL endpoint", "en");
        RESULT_FORMATS.forEach(f -> service.addProperty(sd(m, "resultFormat"), m.createResource(FORMATS + f)));
        String base = endpoint.substring(0, endpoint.indexOf('/', endpoint.indexOf("//") + 2));
        Resource dataset = m.createResource()
                .addProperty(RDF.type, m.createResource(SD + "Dataset"))
                .addProperty(m.createProperty("http://rdfs.org/ns/void#", "inDataset"), m.createResource(Vocabulary.BASE + "dataset"))
                .addProperty(DCTerms.description, "Described in VoID at " + base + RouteTable.API + "/void", "en")
                .addProperty(sd(m, "defaultGraph"), m.createResource()
                        .addProperty(RDF.type, m.createResource(SD + "Graph"))
                        .addProperty(DCTerms.description, "The union of all named graphs", "en"));
        service.addProperty(sd(m, "defaultDataset"), dataset);
        return m;
    }

    private static Property sd(Model m, String local) {
        return m.createProperty(SD, local);
    }
}
