package org.regiokg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.junit.jupiter.api.Test;
import org.regiokg.questions.Question;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.questions.QuestionRunner;

class SparqlTextTest {
    @Test
    void anOptionalArgumentInsideBoundStillParses() {
        Question q = new QuestionCatalogue(Path.of("queries")).find("digital-partner-candidates").orElseThrow();
        String org = "https://w3id.org/regiokg/id/organisation/trilux";
        var bound = new QuestionRunner(DatasetGraphFactory.empty()).boundQuery(q, Map.of("org", List.of(org)));

        String text = SparqlText.of(bound);

        assertThat(text).contains("<" + org + ">").doesNotContainPattern("(?i)bound\\s*\\(\\s*<");
        assertThat(QueryFactory.create(text).getResultVars()).isEqualTo(q.query().getResultVars());
    }
}
