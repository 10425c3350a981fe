package org.regiokg.questions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;

/** The checker of queries/tests/NAME.yaml: each kind of expectation accepts the right answer and refuses a wrong one. Unit: no server. */
class ExpectedAnswersTest {
    static final String ROWS = """
            [{"name": "BJB", "town": "Arnsberg", "score": 5.0, "leader": true, "niche": "lighting for homes"},
             {"name": "Hella", "town": "Lippstadt", "score": 4.54, "leader": true},
             {"name": "Trilux", "town": "Arnsberg", "score": 4.0, "leader": false, "niche": "lighting technology"}]
            """;

    static void check(String yaml, String body) throws Exception {
        ExpectedAnswers e = ExpectedAnswers.parse("q", yaml);
        for (ExpectedAnswers.Case c : e.cases()) ExpectedAnswers.verify("q", c, body);
    }

    static String oneCheck(String check) {
        return "cases:\n  - name: c\n    expect:\n      - " + check.replace("\n", "\n        ") + "\n";
    }

    @Test
    void orderedRowsMustComeInThatOrderAndNoMore() throws Exception {
        assertThatCode(() -> check(oneCheck("columns: [name]\nrows: [[BJB], [Hella], [Trilux]]"), ROWS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(oneCheck("columns: [name]\nrows: [[Hella], [BJB], [Trilux]]"), ROWS)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> check(oneCheck("columns: [name]\nrows: [[BJB], [Hella]]"), ROWS)).isInstanceOf(AssertionError.class);
    }

    @Test
    void exactlyIsAnyOrderButTheSameRows() throws Exception {
        assertThatCode(() -> check(oneCheck("columns: [name]\nmatch: exactly\nrows: [[Trilux], [BJB], [Hella]]"), ROWS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(oneCheck("columns: [name]\nmatch: exactly\nrows: [[Trilux], [BJB]]"), ROWS))
                .isInstanceOf(AssertionError.class).hasMessageContaining("match: exactly");
    }

    @Test
    void containsAllowsMoreRowsButNotOtherOnes() throws Exception {
        assertThatCode(() -> check(oneCheck("columns: [name, town]\nmatch: contains\nrows: [[Trilux, Arnsberg]]"), ROWS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(oneCheck("columns: [name, town]\nmatch: contains\nrows: [[Trilux, Lippstadt]]"), ROWS))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void absentRowsMustNotBeThere() throws Exception {
        assertThatCode(() -> check(oneCheck("columns: [name]\nabsent: [[ERCO]]"), ROWS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(oneCheck("columns: [name]\nabsent: [[ERCO], [Hella]]"), ROWS))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Hella must be absent");
    }

    @Test
    void countsOfTheAnswerAndOfAFilteredCheck() throws Exception {
        assertThatCode(() -> check("cases:\n  - name: c\n    count: 3\n", ROWS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("cases:\n  - name: c\n    count: 2\n", ROWS)).isInstanceOf(AssertionError.class).hasMessageContaining("expected 2 rows, got 3");
        assertThatCode(() -> check(oneCheck("where: {town: Arnsberg}\ncount: 2"), ROWS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(oneCheck("where: {town: Arnsberg}\ncount: 1"), ROWS)).isInstanceOf(AssertionError.class);
    }

    @Test
    void distinctDropsRepeatedRows() throws Exception {
        assertThatCode(() -> check(oneCheck("columns: [town]\ndistinct: true\nrows: [[Arnsberg], [Lippstadt]]"), ROWS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(oneCheck("columns: [leader]\ndistinct: true\nrows: [[true]]"), ROWS)).isInstanceOf(AssertionError.class);
    }

    @Test
    void nullIsUnboundAndWhereFiltersOnIt() throws Exception {
        assertThatCode(() -> check(oneCheck("where: {niche: null}\ncolumns: [name]\nrows: [[Hella]]"), ROWS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(oneCheck("columns: [name, niche]\nrows: [[BJB, null], [Hella, null], [Trilux, null]]"), ROWS))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void numbersAndBooleansMustBeJsonNumbersAndBooleansStringsAreText() {
        assertThat(ExpectedAnswers.cellMatches(num("4.54"), num("4.54"))).isTrue();
        assertThat(ExpectedAnswers.cellMatches(num("4.54"), num("4.5400000001"))).isTrue();
        assertThat(ExpectedAnswers.cellMatches(num("4.54"), num("4.541"))).isFalse();
        assertThat(ExpectedAnswers.cellMatches(num("4.54"), text("4.54"))).isFalse();
        assertThat(ExpectedAnswers.cellMatches(text("4.54"), num("4.54"))).isTrue();
        assertThat(ExpectedAnswers.cellMatches(text("5.0"), num("5"))).isFalse();
        assertThat(ExpectedAnswers.cellMatches(bool(true), text("true"))).isFalse();
        assertThat(ExpectedAnswers.cellMatches(text("true"), bool(true))).isTrue();
        assertThat(ExpectedAnswers.cellMatches(text("x"), null)).isFalse();
        assertThat(ExpectedAnswers.cellMatches(null, text("x"))).isFalse();
    }

    @Test
    void containsEndsWithAndWords() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        assertThat(ExpectedAnswers.cellMatches(yaml.readTree("{contains: [No tie, digital]}"), text("No tie; digital competence"))).isTrue();
        assertThat(ExpectedAnswers.cellMatches(yaml.readTree("{contains: [No tie, partner]}"), text("No tie; digital competence"))).isFalse();
        assertThat(ExpectedAnswers.cellMatches(yaml.readTree("{endsWith: '#signedOn'}"), text("https://w3id.org/regiokg/def#signedOn"))).isTrue();
        assertThat(ExpectedAnswers.cellMatches(yaml.readTree("{endsWith: '#signedOn'}"), text("https://w3id.org/regiokg/def#signedOnDay"))).isFalse();
        assertThat(ExpectedAnswers.cellMatches(yaml.readTree("{words: [b, a]}"), text("a b"))).isTrue();
        assertThat(ExpectedAnswers.cellMatches(yaml.readTree("{words: [b, a]}"), text("a b c"))).isFalse();
        assertThatThrownBy(() -> ExpectedAnswers.cellMatches(yaml.readTree("{near: 1}"), text("1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAskAnswerIsTheBodyTrueOrFalse() throws Exception {
        assertThatCode(() -> check("cases:\n  - name: c\n    answer: true\n", "true")).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("cases:\n  - name: c\n    answer: true\n", "false")).isInstanceOf(AssertionError.class);
    }

    @Test
    void prefixesExpandInArgumentsAndCellsButNotInOtherText() throws Exception {
        ExpectedAnswers e = ExpectedAnswers.parse("q", """
                prefixes: {id: "https://w3id.org/regiokg/id/"}
                cases:
                  - name: c
                    args: {org: "id:organisation/bjb", q: "Note: id"}
                    expect:
                      - columns: [org]
                        rows: [["id:organisation/bjb"]]
                """);
        ExpectedAnswers.Case c = e.cases().get(0);
        assertThat(c.args()).containsEntry("org", "https://w3id.org/regiokg/id/organisation/bjb").containsEntry("q", "Note: id");
        assertThat(c.query()).isEqualTo("?org=https%3A%2F%2Fw3id.org%2Fregiokg%2Fid%2Forganisation%2Fbjb&q=Note%3A+id");
        ExpectedAnswers.verify("q", c, "[{\"org\": \"https://w3id.org/regiokg/id/organisation/bjb\"}]");
        assertThatThrownBy(() -> ExpectedAnswers.verify("q", c, "[{\"org\": \"id:organisation/bjb\"}]")).isInstanceOf(AssertionError.class);
        assertThat(ExpectedAnswers.expand("https://example.org/x", Map.of("https", "no"))).isEqualTo("https://example.org/x");
    }

    @Test
    void mistakesInTheFileAreErrorsNotPasses() {
        assertThatThrownBy(() -> ExpectedAnswers.parse("q", "cases: []\n")).hasMessageContaining("no cases, and no covered-by");
        assertThatThrownBy(() -> ExpectedAnswers.parse("q", "cases:\n  - name: c\n    expected: []\n")).hasMessageContaining("unknown key 'expected'");
        assertThatThrownBy(() -> ExpectedAnswers.parse("q", "cases:\n  - name: c\n    expect: [{colums: [a]}]\n")).hasMessageContaining("unknown key 'colums'");
        assertThatThrownBy(() -> check(oneCheck("columns: [name, town]\nrows: [[BJB]]"), ROWS)).hasMessageContaining("must be a list of 2 cells");
        assertThatThrownBy(() -> check(oneCheck("columns: [name]\nmatch: some\nrows: [[BJB]]"), ROWS)).hasMessageContaining("match must be");
    }

    static JsonNode num(String n) {
        return JsonNodeFactory.instance.numberNode(new BigDecimal(n));
    }

    static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }

    static JsonNode bool(boolean b) {
        return JsonNodeFactory.instance.booleanNode(b);
    }
}
