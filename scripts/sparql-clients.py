#!/usr/bin/python3
"""Speaks to a RegioKG server as researchers' Python clients do, with their default settings.

Usage: /usr/bin/python3 scripts/sparql-clients.py http://localhost:8080
Needs Debian's python3-sparqlwrapper and python3-rdflib (scripts/install-browser.sh installs them).
Prints one JSON object: for each check, the number of rows/triples it read, or "error: ..." when it failed.
Run by org.regiokg.server.PythonClientsTest.
"""
import json
import sys
import warnings

from SPARQLWrapper import SPARQLWrapper, JSON, XML, CSV, TSV, RDFXML, TURTLE, N3, JSONLD, RDF
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore

base = sys.argv[1].rstrip("/")
endpoint = base + "/kg/sparql"
TRILUX = "https://w3id.org/regiokg/id/organisation/trilux"
SELECT = "SELECT ?p ?o WHERE { <%s> ?p ?o }" % TRILUX
CONSTRUCT = "CONSTRUCT { <%s> ?p ?o } WHERE { <%s> ?p ?o }" % (TRILUX, TRILUX)
results = {}

# SPARQLWrapper 1.8.5 offers JSON-LD only when the old rdflib-jsonld plugin imports; Debian no longer
# ships it (rdflib 6 reads JSON-LD itself). Allowing the format as the plugin would makes SPARQLWrapper
# send its own JSON-LD request (format=json-ld&format=application/ld+json, Accept: application/ld+json).
import SPARQLWrapper.Wrapper as _wrapper
if JSONLD not in _wrapper._allowedFormats:
    _wrapper._allowedFormats.append(JSONLD)


def check(name, fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results[name] = fn()
    except Exception as e:  # one failing client must not hide the others
        results[name] = "error: %s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")


def wrapper(query, fmt):
    w = SPARQLWrapper(endpoint)  # default settings: GET, format/output/results parameters and Accept
    w.setQuery(query)
    w.setReturnFormat(fmt)
    result = w.query()
    if fmt == JSONLD:
        return result.response.read()  # its converter needs the plugin too; rdflib parses the body
    return result.convert()


def rows(text):
    return len([line for line in text.decode("utf-8").splitlines() if line.strip()]) - 1


check("select-json", lambda: len(wrapper(SELECT, JSON)["results"]["bindings"]))
check("select-xml", lambda: len(wrapper(SELECT, XML).getElementsByTagName("result")))
check("select-csv", lambda: rows(wrapper(SELECT, CSV)))
check("select-tsv", lambda: rows(wrapper(SELECT, TSV)))
check("ask-json", lambda: 1 if wrapper("ASK { <%s> ?p ?o }" % TRILUX, JSON)["boolean"] else 0)
def triples(result, syntax):
    """SPARQLWrapper hands RDF/XML over parsed (an rdflib Graph), Turtle and N3 as text."""
    return len(result) if isinstance(result, rdflib.Graph) else len(rdflib.Graph().parse(data=result, format=syntax))


for name, fmt, syntax in [("rdfxml", RDFXML, "xml"), ("xml", XML, "xml"), ("rdf", RDF, "xml"),
                          ("turtle", TURTLE, "turtle"), ("n3", N3, "n3"), ("jsonld", JSONLD, "json-ld")]:
    check("construct-" + name, lambda fmt=fmt, syntax=syntax: triples(wrapper(CONSTRUCT, fmt), syntax))
check("describe-turtle", lambda: len(rdflib.Graph().parse(data=wrapper("DESCRIBE <%s>" % TRILUX, TURTLE), format="turtle")))


def store_rows():
    graph = rdflib.Graph(SPARQLStore(endpoint))
    return len(list(graph.query(SELECT)))


def store_triples():
    graph = rdflib.Graph(SPARQLStore(endpoint))
    return len(list(graph.triples((rdflib.URIRef(TRILUX), None, None))))


check("sparqlstore-select", store_rows)
check("sparqlstore-triples", store_triples)


def void_dumps():
    """Every dump the VoID description offers, read by rdflib by its media type."""
    void = rdflib.Graph().parse(base + "/api/void", format="turtle")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    DCT = rdflib.Namespace("http://purl.org/dc/terms/")
    counts = {}
    for dump in void.objects(rdflib.URIRef("https://w3id.org/regiokg/id/dataset/regiokg"), VOID.dataDump):
        media = str(void.value(dump, DCT["format"]))
        if media in ("application/n-quads", "application/trig"):
            ds = rdflib.Dataset()
            ds.parse(str(dump))
            counts[media] = len(list(ds.quads((None, None, None, None))))
        else:
            counts[media] = len(rdflib.Graph().parse(str(dump)))
    return counts


check("void-dumps", void_dumps)
print(json.dumps(results, sort_keys=True))
