// Oxigraph's column of the portability table (README "Portability of the stored questions"):
//
//   node portability.mjs UNION.nt DATASET.nq QUESTIONS.json > answers.jsonl
//
// Loads the named graphs (DATASET.nq) and, as the default graph, their union with each triple once
// (UNION.nt): then a query without GRAPH sees what it sees in RegioKG's store (a union default graph
// that is a set), and GRAPH ?g sees the named graphs. (Not use_default_graph_as_union: Oxigraph 0.5.11
// then counts a triple once per graph holding it, oxigraph issue #1919.) Runs each question of
// QUESTIONS.json ({"questions": [{"name", "sparql"}]}) once and prints {"name", "answer"} (SPARQL
// JSON results), {"name", "triples"} (N-Triples, for a CONSTRUCT) or {"name", "error"}, a line each.
import { readFileSync, writeSync } from "node:fs";
import oxigraph from "oxigraph";

const [unionFile, datasetFile, questionsFile] = process.argv.slice(2);
const store = new oxigraph.Store();
store.load(readFileSync(datasetFile, "utf8"), { format: "application/n-quads" });
store.load(readFileSync(unionFile, "utf8"), { format: "application/n-triples", to_graph_name: oxigraph.defaultGraph() });
const emit = (o) => writeSync(1, JSON.stringify(o) + "\n");
for (const { name, sparql } of JSON.parse(readFileSync(questionsFile, "utf8")).questions) {
  try {
    emit({ name, answer: JSON.parse(store.query(sparql, { results_format: "application/sparql-results+json" })) });
  } catch (e) {
    // A CONSTRUCT (the rules) answers with triples.
    if (String(e).includes("RDF format")) {
      try {
        emit({ name, triples: store.query(sparql, { results_format: "application/n-triples" }) });
        continue;
      } catch (e2) {
        e = e2;
      }
    }
    emit({ name, error: String(e) });
  }
}
