package org.regiokg.sparql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;

/** The {@code #+} header of SPARQL files, read as YAML. Unit: no store. */
class DecoratorsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void onlyLinesStartingWithHashPlusAreTheHeader() throws Exception {
        JsonNode h = Decorators.read("""
                #+ summary: Regions to choose from
                # an ordinary comment: summary: not this
                #+ tags:
                #+   - places
                #+   - agency
                #+ pagination: 100
                SELECT * WHERE { ?s ?p ?o }
                """);
        assertThat(h.path("summary").asText()).isEqualTo("Regions to choose from");
        assertThat(h.path("tags").isArray()).isTrue();
        assertThat(h.path("tags").get(0).asText()).isEqualTo("places");
        assertThat(h.path("tags").get(1).asText()).isEqualTo("agency");
        assertThat(h.path("pagination").asInt()).isEqualTo(100);
        assertThat(h.size()).isEqualTo(3);
    }

    @Test
    void aFoldedDescriptionSpansLines() throws Exception {
        JsonNode h = Decorators.read("#+ description: >\n#+   first line\n#+   second line\nASK {}\n");
        assertThat(h.path("description").asText()).isEqualTo("first line second line\n");
    }

    @Test
    void windowsLineEndingsAreLinesToo() throws Exception {
        JsonNode h = Decorators.read("#+ summary: one\r\n#+ method: GET\r\nASK {}");
        assertThat(h.path("summary").asText()).isEqualTo("one");
        assertThat(h.path("method").asText()).isEqualTo("GET");
    }

    @Test
    void noHeaderIsAnEmptyObject() throws Exception {
        JsonNode h = Decorators.read("# just a comment\nSELECT * WHERE {}\n");
        assertThat(h.isObject()).isTrue();
        assertThat(h.size()).isZero();
        assertThat(Decorators.read("").size()).isZero();
    }

    @Test
    void anIndentedHashPlusIsNotHeader() throws Exception {
        // Only a line that starts with #+ counts; an indented one is an ordinary comment.
        assertThat(Decorators.read("SELECT * WHERE {\n  #+ summary: no\n}").size()).isZero();
    }

    @Test
    void brokenYamlIsAnError() {
        assertThatThrownBy(() -> Decorators.read("#+ summary: [unclosed\nASK {}")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void pairsOfAListOfOneEntryMapsKeepTheirOrder() throws Exception {
        Map<String, JsonNode> p = Decorators.pairs(YAML.readTree("- region: a\n- asOf: b\n- limit: 3\n"));
        assertThat(p.keySet()).containsExactly("region", "asOf", "limit");
        assertThat(p.get("limit").asInt()).isEqualTo(3);
    }

    @Test
    void pairsOfOnePlainMap() throws Exception {
        Map<String, JsonNode> p = Decorators.pairs(YAML.readTree("b: 1\na: 2\n"));
        assertThat(p.keySet()).containsExactly("b", "a");
    }

    @Test
    void pairsOfNothingAreEmptyAndOfAListOfScalarsNull() throws Exception {
        assertThat(Decorators.pairs(null)).isEmpty();
        assertThat(Decorators.pairs(YAML.createObjectNode().path("missing"))).isEmpty();
        assertThat(Decorators.pairs(YAML.readTree("- a\n- b\n"))).isNull();
        assertThat(Decorators.pairs(YAML.readTree("- a: 1\n- b\n"))).isNull();
    }
}
