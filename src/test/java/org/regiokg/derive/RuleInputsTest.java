package org.regiokg.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.Test;

/** The predicates each packaged rule reads: in paths, sub-queries, OPTIONAL and EXISTS too. */
class RuleInputsTest {
    static final String RKG = "https://w3id.org/regiokg/def#", ORG = "http://www.w3.org/ns/org#",
            SKOS = "http://www.w3.org/2004/02/skos/core#", TIME = "http://www.w3.org/2006/time#",
            GEO = "http://www.opengis.net/ont/geosparql#";

    @Test
    void everyPredicateOfTheWhereAndNoOther() {
        Map<String, Set<Node>> reads = Rules.packaged().stream()
                .collect(Collectors.toMap(Rule::name, r -> RuleInputs.predicates(r).orElseThrow()));
        assertThat(reads.get("ties")).containsExactlyInAnyOrder(iri(RKG + "party"), iri(ORG + "hasMember"), iri(ORG + "member"),
                iri(ORG + "organization"), iri(RKG + "partnerOf"));
        // skos:broader* in a path, rkg:hasCompetence again inside FILTER EXISTS
        assertThat(reads.get("digital")).containsExactlyInAnyOrder(iri(RKG + "hasCompetence"), iri(SKOS + "broader"), iri(RKG + "tiedWith"));
        // inside sub-queries, unions and a path of three steps
        assertThat(reads.get("membership-dates")).contains(iri(ORG + "memberDuring"), iri(TIME + "hasBeginning"), iri(TIME + "hasEnd"),
                iri(TIME + "before"), iri(TIME + "inXSDDate"), iri(TIME + "inXSDgYear"));
        assertThat(reads.get("seat-point")).containsExactlyInAnyOrder(iri(ORG + "hasPrimarySite"), iri(GEO + "sfWithin"),
                iri(GEO + "hasGeometry"), iri(GEO + "asWKT"));
    }

    @Test
    void whereEachRulesFocusMustOccur() {
        Map<String, FocusPositions> at = Rules.packaged().stream()
                .collect(Collectors.toMap(Rule::name, r -> FocusPositions.of(r).orElseThrow(() -> new AssertionError(r.name()))));
        assertThat(at.get("ties").asObjectOf()).containsExactlyInAnyOrder(iri(RKG + "party"), iri(ORG + "hasMember"), iri(ORG + "member"), iri(RKG + "partnerOf"));
        assertThat(at.get("ties").asSubjectOf()).containsExactly(iri(RKG + "partnerOf"));
        assertThat(at.get("seat-within").asSubjectOf()).containsExactly(iri(ORG + "hasPrimarySite"));
        assertThat(at.get("membership-dates").asSubjectOf()).containsOnly(iri(ORG + "memberDuring"));
        assertThat(at.get("types").asSubjectOf()).containsExactly(org.apache.jena.vocabulary.RDF.type.asNode());
        // Bound in only one branch of a union, or only in an OPTIONAL: any thing may have answers.
        for (String where : List.of("{ ?s <urn:x:q> ?o } UNION { ?o <urn:x:q> ?x }", "{ ?o <urn:x:q> ?x OPTIONAL { ?s <urn:x:r> ?x } }",
                "{ ?s <urn:x:q>* ?o }", "{ BIND(<urn:x:a> AS ?s) ?o <urn:x:q> ?x }"))
            assertThat(FocusPositions.of(Rule.parse("r", "#+ summary: x\n#+ derives: x\n#+ from: x\n#+ focus: s\n"
                    + "CONSTRUCT { ?s <urn:x:p> ?o } WHERE { " + where + " }", "test"))).as(where).isEmpty();
    }

    @Test
    void aVariablePredicateReadsEverything() {
        Rule any = Rule.parse("any", """
                #+ summary: x
                #+ derives: x
                #+ from: anything
                #+ focus: s
                CONSTRUCT { ?s <urn:x:p> ?o } WHERE { ?s <urn:x:q> ?m . ?m ?p ?o }
                """, "test");
        assertThat(RuleInputs.predicates(any)).isEmpty();
        Rule negated = Rule.parse("neg", """
                #+ summary: x
                #+ derives: x
                #+ from: anything
                #+ focus: s
                CONSTRUCT { ?s <urn:x:p> ?o } WHERE { ?s !<urn:x:q> ?o }
                """, "test");
        assertThat(RuleInputs.predicates(negated)).isEmpty();
    }

    private static Node iri(String s) {
        return NodeFactory.createURI(s);
    }
}
