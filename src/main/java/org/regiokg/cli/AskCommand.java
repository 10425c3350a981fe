package org.regiokg.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.jena.sparql.exec.RowSetStream;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.ResultSet;
import org.regiokg.questions.Answer;
import org.regiokg.questions.AnswerFormat;
import org.regiokg.questions.InvalidArguments;
import org.regiokg.questions.Question;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.questions.QuestionRunner;
import org.regiokg.storage.Store;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"Runs a predefined question (a file in queries/) against the local store and prints the answer.",
                "Without NAME, lists the questions and their parameters."})
final class AskCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The question's name (its file name without .rq).")
    String name;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value; repeat for several.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--format", defaultValue = "table",
            description = "table, csv, tsv, json, srj (SPARQL JSON), srx (SPARQL XML); ttl, jsonld, nt for graphs (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--limit", description = "Rows at most (default: all, up to " + QuestionRunner.MAX_PAGE_SIZE + ").")
    Long limit;

    @Option(names = "--offset", description = "Rows to skip.")
    Long offset;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        QuestionCatalogue catalogue = new QuestionCatalogue(storeOptions.baseDir.resolve("queries"));
        if (name == null) {
            catalogue.all().forEach(q -> out.println(q.name() + "  " + q.summary() + parametersOf(q)));
            return 0;
        }
        Question question = catalogue.find(name).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "No question '" + name + "' in " + catalogue.directory() + "; 'regiokg ask' lists them."));
        AnswerFormat answerFormat = format.equalsIgnoreCase("table") ? null
                : AnswerFormat.named(format, question).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        "--format " + format + " is not offered for this question; offered: table, "
                                + AnswerFormat.offeredFor(question).stream().map(AnswerFormat::shortName).toList()));
        Map<String, List<String>> arguments = new LinkedHashMap<>();
        params.forEach((k, v) -> arguments.put(k, List.of(v)));
        arguments.put(QuestionRunner.LIMIT, List.of(Long.toString(limit == null ? QuestionRunner.MAX_PAGE_SIZE : limit)));
        if (offset != null) arguments.put(QuestionRunner.OFFSET, List.of(Long.toString(offset)));
        try (Store store = storeOptions.open()) {
            Answer answer;
            try {
                answer = new QuestionRunner(store.dataset()).run(question, arguments);
            } catch (InvalidArguments e) {
                List<String> lines = new ArrayList<>();
                e.findings().forEach(f -> lines.add("  --param " + f.parameter() + ": " + f.message()));
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "The arguments do not fit '" + name + "':\n" + String.join("\n", lines));
            }
            if (answerFormat != null) {
                answerFormat.write(answer, out);
            } else if (answer.isTable()) {
                ResultSet rs = ResultSet.adapt(RowSetStream.create(answer.vars(), answer.rows().iterator()));
                ResultSetFormatter.out(out, rs);
            } else {
                AnswerFormat.offeredFor(question).get(0).write(answer, out);
            }
            out.flush();
            if (answer.hasMore())
                System.err.println("(more rows: --offset " + answer.page().next().offset() + ")");
        }
        return 0;
    }

    private static String parametersOf(Question q) {
        if (q.parameters().isEmpty()) return "";
        List<String> ps = new ArrayList<>();
        q.parameters().forEach(p -> ps.add(p.name() + ":" + p.type().label() + (p.requiredOfCaller() ? "" : "?")));
        return "  [" + String.join(", ", ps) + "]";
    }
}
