package org.regiokg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.questions.QuestionCatalogue;

class OperationsFileTest {
    @Test
    void placeholdersAreAnOrganisationThatExistsAtEverySizeOrAPickedValue() {
        assertThat(OperationsFile.fill("synthetic-{index:0.5}", 300, Map.of())).isEqualTo("synthetic-150");
        assertThat(OperationsFile.fill("synthetic-{index:1}", 300, Map.of())).isEqualTo("synthetic-299");
        assertThat(OperationsFile.fill("{leader}", 10, Map.of("leader", "https://x/a"))).isEqualTo("https://x/a");
        assertThat(OperationsFile.fill("{\"q0\":{\"query\":\"x\"}}", 10, Map.of())).isEqualTo("{\"q0\":{\"query\":\"x\"}}");
        assertThatThrownBy(() -> OperationsFile.fill("{nobody}", 10, Map.of("leader", "x")))
                .hasMessageContaining("{nobody}").hasMessageContaining("leader");
    }

    @Test
    void twoOperationsOfOneNameAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ops.yaml");
        Files.writeString(file, "operations:\n  - {question: regions}\n  - {question: regions, args: {limit: \"5\"}}\n");
        assertThatThrownBy(() -> OperationsFile.read(file)).hasMessageContaining("two operations are called regions");
    }

    @Test
    void theBenchTimesEveryStoredQuestion() {
        OperationsFile plan = OperationsFile.read(Path.of("bench/operations.yaml"));
        var timed = plan.operations().stream().filter(Operation::isQuestion).map(Operation::question).toList();
        var stored = new QuestionCatalogue(Path.of("queries")).all().stream().map(q -> q.name()).toList();
        assertThat(timed).containsAll(stored).contains("name-search");
        assertThat(plan.operations()).filteredOn(o -> o.question() != null && o.question().equals("digital-partner-candidates"))
                .anyMatch(o -> o.args().containsKey("org")).anyMatch(o -> !o.args().containsKey("org"));
    }
}
