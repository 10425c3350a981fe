// Oxigraph as a peer in `regiokg bench --peers oxigraph` (see BENCHMARKS.md).
//
//   node bench.mjs MERGED.nt QUESTIONS.json > timings.jsonl
//
// Loads MERGED.nt (the union of RegioKG's named graphs, each triple once: the default graph its
// queries see) into the default graph of an in-memory Oxigraph store, then for each question of
// QUESTIONS.json ({"warmup": W, "requests": N, "budgetSeconds": B, "questions": [{"name": ...,
// "sparql": ...}]}) runs its SPARQL, serialised as SPARQL JSON results as a server would: once for
// the rows, W times untimed, then N times timed or until B seconds have passed (at least once).
// Prints JSON lines: first the load ({"oxigraph", "triples", "loadSeconds"}), then two per question:
// its first answer as soon as it is there ({"name", "answer", "first"}) and its timed runs
// ({"name", "millis"}, or "overBudget" when the first run alone took longer than B), so that the
// caller can stop a question whose first answer does not come within B and start again with the
// rest. In-process: no HTTP.
import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import oxigraph from "oxigraph";

const [dataFile, questionsFile] = process.argv.slice(2);
const { warmup, requests, budgetSeconds, questions } = JSON.parse(readFileSync(questionsFile, "utf8"));

// Not the quads with use_default_graph_as_union: Oxigraph 0.5.11 then counts a triple once per
// graph holding it (oxigraph issue #1919), and RegioKG's places are in two graphs: duplicate rows.

// The file in chunks: a single string would pass Node's string size limit at a million organisations.
function* chunks(path, size = 1 << 24) {
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const chunk = Buffer.alloc(size);
      const n = readSync(fd, chunk, 0, size, null);
      if (n === 0) return;
      yield chunk.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

const store = new oxigraph.Store();
let t = performance.now();
store.load(chunks(dataFile), { format: "application/n-triples", no_transaction: true });
const loadSeconds = (performance.now() - t) / 1000;
const triples = Number(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0].get("n").value);

const version = JSON.parse(readFileSync(new URL("./node_modules/oxigraph/package.json", import.meta.url), "utf8")).version;
// Each line wholly out before the next question starts. Not process.stdout.write: past the pipe's
// 64 KiB it queues the rest for the event loop, which the next (synchronous) query blocks, so a
// long answer came out only after the following questions, and a slow one after it looked unanswered.
function emit(object) {
  const bytes = Buffer.from(JSON.stringify(object) + "\n");
  for (let written = 0; written < bytes.length; ) {
    try {
      written += writeSync(1, bytes, written, bytes.length - written);
    } catch (e) {
      if (e.code !== "EAGAIN") throw e;  // the reader has not caught up yet
    }
  }
}
emit({ oxigraph: version, triples, loadSeconds });

const options = { results_format: "application/sparql-results+json" };
const run = (sparql) => store.query(sparql, options);
for (const { name, sparql } of questions) {
  try {
    t = performance.now();
    const answer = JSON.parse(run(sparql));
    const first = performance.now() - t;
    emit({ name, answer, first });
    if (first > budgetSeconds * 1000) {
      emit({ name, overBudget: true });
      continue;
    }
    // As RegioKG's timing: no warm-up runs when they would not leave time for the timed ones.
    if ((warmup + requests) * first <= budgetSeconds * 1000) for (let i = 0; i < warmup; i++) run(sparql);
    const millis = [];
    const deadline = performance.now() + budgetSeconds * 1000;
    while (millis.length < requests && (millis.length === 0 || performance.now() < deadline)) {
      t = performance.now();
      run(sparql);
      millis.push(performance.now() - t);
    }
    emit({ name, millis });
  } catch (e) {
    emit({ name, error: String(e) });
  }
}
