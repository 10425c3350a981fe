// The agency's page. Everything it shows comes from the stored questions under /api/questions/
// (queries/*.rq); this script only fetches, translates, lays out and links. No query logic here.
(function () {
  'use strict';

  const DEFAULT_REGION = 'https://w3id.org/regiokg/id/place/suedwestfalen';
  // Every request is bounded: a page of rows, more on request. The sizes can be made smaller by the
  // query string (the browser tests do, to see the paging at the curated data).
  const size = (name, fallback, max) => Math.min(max, Math.max(1, Number(new URLSearchParams(location.search).get(name)) || fallback));
  const PAGE_SIZE = size('pageSize', 50, 200);            // rows of the gap table
  const ORG_PAGE = size('orgPageSize', 200, 500);         // the region's organisations drawn in the network and on the map
  const NET_PAGE = size('netPageSize', 1000, 1000);       // ties of the region per request
  const CHANGES_LIMIT = size('changesLimit', 20, 200);    // rows per list of what changed
  const CHANGES_DAYS = 30;                                // what changed: since this many days ago, unless chosen
  const MAP_PAGE = 1000;                                  // places and points per request
  const CAND_PAGE = size('candPageSize', 20, 100);        // digital partner candidates of one organisation
  const FACTS_LIMIT = 500;                                // facts about one thing
  const DOWNLOAD_CHUNK = 500, DOWNLOAD_MAX = 5000;        // downloads page through the answer, up to DOWNLOAD_MAX rows
  // Kinds of place offered as regions (regions.rq lists every place that contains another one).
  const REGION_KINDS = ['region', 'landscape', 'administrative district', 'district', 'district-free city', 'federal state'];
  const TEXT = {
    de: {
      'nav.api': 'API', 'nav.editor': 'Abfrage-Editor', 'toggle': 'English',
      'title': 'Weltmarktführer ohne Digitalpartner',
      'intro': 'Welche Weltmarktführer einer Region haben keine Verbindung zu einer Organisation mit Digitalkompetenz, und wer käme als Partner in Frage?',
      'search.label': 'Organisation suchen', 'search.go': 'Suchen', 'search.placeholder': 'z. B. Viega',
      'search.help': 'Enter öffnet den ersten Treffer, Pfeil nach unten wählt aus der Liste.',
      'search.none': 'Keine Organisation mit diesem Namen gefunden.', 'search.count': (n) => n + (n === 1 ? ' Treffer' : ' Treffer'),
      'region': 'Region', 'csv': 'Als CSV herunterladen', 'gap.title': 'Weltmarktführer ohne Digitalpartner',
      'gap.note': 'Die Nischen stehen in den Quellen nur auf Englisch.',
      'gap.caption': 'Weltmarktführer der Region ohne Verbindung zu einer Organisation mit Digitalkompetenz',
      'col.company': 'Unternehmen', 'col.niche': 'Nische', 'col.town': 'Ort', 'col.ownDigital': 'Eigene Digitalkompetenz',
      'col.ties': 'Verbindungen', 'col.candidates': 'Partner', 'col.candidate': 'Kandidat', 'col.competences': 'Digitalkompetenzen',
      'col.rank': 'Rang', 'col.competenceScore': 'Kompetenz\u00adpunkte', 'col.distanceKm': 'Entfernung',
      'col.proximityScore': 'Nähe\u00adpunkte', 'col.regionTies': 'Verbindungen in der Region', 'col.seatedInRegion': 'Sitz in der Region',
      'col.regionTiesScore': 'Regions\u00adpunkte', 'col.score': 'Gesamt',
      'profile.title': 'Organisation', 'profile.print': 'Kurzprofil drucken', 'profile.close': 'Schließen',
      'fact.kind': 'Art', 'fact.seat': 'Sitz', 'fact.wml': 'Weltmarktführer', 'fact.competences': 'Kompetenzen', 'fact.ties': 'Verbindungen',
      'fact.sources': 'Quellen', 'fact.source': 'Quelle', 'fact.wml.yes': 'ja, laut ', 'fact.wml.no': 'nein (von keiner Quelle so genannt)',
      'cand.title': 'Mögliche Digitalpartner', 'cand.region': (r) => '(Punkte für die Region ' + r + ')', 'cand.caption': 'Mögliche Digitalpartner, nach Punkten geordnet',
      'cand.none': 'Keine Organisation mit Digitalkompetenz gefunden.',
      'score.title': 'So entsteht die Punktzahl',
      'score.competence.t': 'Kompetenzpunkte × 1',
      'score.competence.d': 'Anzahl verschiedener Digitalkompetenzen des Kandidaten (Digitalisierung oder ein engerer Begriff im Kompetenzschema), aus seinen Kompetenzangaben.',
      'score.proximity.t': 'Nähepunkte × 2',
      'score.proximity.d': '1 unter 25 km Entfernung, von 25 bis 100 km abnehmend bis 0, darüber oder ohne bekannte Entfernung 0. Entfernung: Luftlinie zwischen den Sitzen; wo ein Ort keine Koordinaten hat, gilt der Punkt des Kreises, in dem er liegt.',
      'score.region.t': 'Regionspunkte × 1',
      'score.region.d': 'Anzahl der Organisationen mit Sitz in der gewählten Region, mit denen der Kandidat verbunden ist (Vereinbarung, Partnerschaft, gemeinsames Netzwerk), plus 1, wenn er selbst dort seinen Sitz hat.',
      'score.total.t': 'Gesamt',
      'score.total.d': 'Kompetenzpunkte + 2 × Nähepunkte + Regionspunkte. Berechnet von der gespeicherten Frage digital-partner-candidates.',
      'dist.same': 'gleicher Ort', 'dist.unknown': 'unbekannt', 'dist.unknown.title': 'Für einen der beiden Sitze ist kein Ort mit Koordinaten bekannt.',
      'dl.csv': 'CSV', 'dl.xlsx': 'CSV für Excel (UTF-8, Semikolon)',
      'page.prev': '← Zurück', 'page.next': 'Weiter →', 'page.of': (n, from, to) => 'Seite ' + n + ' (Zeilen ' + from + '–' + to + ')',
      'empty.noOrgs': (r) => 'Für ' + r + ' ist keine Organisation mit Sitz verzeichnet, also auch kein Weltmarktführer.',
      'empty.noWml': (r, n) => 'In ' + r + ' sind ' + n + ' Organisationen verzeichnet, aber keine wird von einer Quelle Weltmarktführer genannt. Die importierte Weltmarktführer-Liste deckt bisher Südwestfalen ab.',
      'empty.allPartnered': (r, n) => 'Alle ' + n + ' Weltmarktführer in ' + r + ' sind schon mit einer Organisation mit Digitalkompetenz verbunden.',
      'net.title': 'Kooperationsnetz',
      'net.note': 'Organisationen mit Sitz in der Region und ihre Verbindungen.',
      'net.filter': 'Arten von Verbindungen', 'net.zoomIn': 'Vergrößern', 'net.zoomOut': 'Verkleinern', 'net.fit': 'Alles zeigen',
      'net.empty': (r) => 'Für ' + r + ' sind keine Verbindungen zwischen Organisationen verzeichnet.',
      'net.aria': (n, e, part) => 'Kooperationsnetz' + (part ? ' (Ausschnitt)' : '') + ': ' + n + ' Organisationen, ' + e + ' Verbindungen',
      'tie.agreement': 'Vereinbarung', 'tie.partnership': 'Partnerschaft', 'tie.partner': 'erklärte Partner', 'tie.membership': 'Netzwerkmitglied',
      'legend.wml': 'Weltmarktführer', 'legend.digital': 'mit Digitalkompetenz', 'legend.other': 'andere', 'legend.outside': 'Sitz außerhalb der Region',
      'map.title': 'Karte',
      'map.note': 'Orte mit Koordinaten und die Organisationen der Region (am Punkt des nächsten Orts mit Koordinaten).',
      'map.tiles': 'Kartenkacheln von OpenStreetMap laden (online)',
      'kind.region': 'Regionen', 'kind.landscape': 'Landschaften', 'kind.administrative district': 'Regierungsbezirke',
      'kind.district': 'Kreise', 'kind.district-free city': 'Kreisfreie Städte', 'kind.federal state': 'Bundesländer',
      'more.load': 'Mehr laden', 'cand.more': (n) => 'Weitere Kandidaten (ab Rang ' + n + ')',
      'cut.orgs': (n) => 'Gezeigt: die ersten ' + n + ' Organisationen der Region (in der Reihenfolge des Datenspeichers; jede Seite kostet nur ihre Zeilen). Ein Sitz außerhalb der Region ist erst markiert, wenn alle geladen sind.',
      'cut.net': (m) => 'Ein Teil des Netzes: gezeigt sind die ersten ' + m + ' Verbindungen der Region (in der Reihenfolge des Datenspeichers), nicht alle.',
      'cut.download': (n) => 'Heruntergeladen: die ersten ' + n + ' Zeilen.',
      'ties.loaded': 'aus den geladenen Verbindungen; alle auf der Seite der Organisation',
      'fact.derived': (r) => 'dazu von RegioKG abgeleitete Fakten (Regeln: ' + r + ')',
      'fact.ties.count': (n) => n + ' verbundene Organisationen (auf der Seite der Organisation)',
      'empty.someWml': (r) => 'Alle Weltmarktführer in ' + r + ' sind schon mit einer Organisation mit Digitalkompetenz verbunden.',
      'count.atLeast': (n) => 'mehr als ' + n,
      'unavailable': (m) => 'Nicht geladen: ' + m + ' (bei großen Datenmengen meist das Zeitlimit des Servers).',
      'empty.unknown': (r) => 'Keine Zeile für ' + r + '. Warum, bleibt offen: die Organisationen der Region ließen sich nicht laden.',
      'chg.title': 'Was sich geändert hat',
      'chg.intro': 'Aus dem Änderungsprotokoll: Weltmarktführer der Region, die einen Digitalpartner gewonnen oder verloren haben, und neue mögliche Digitalpartner.',
      'chg.since': 'Seit', 'chg.range': 'Zeitraum', 'chg.days7': 'letzte 7 Tage', 'chg.days30': 'letzte 30 Tage',
      'chg.days90': 'letzte 90 Tage', 'chg.days365': 'letzte 12 Monate', 'chg.daysOwn': 'ab einem Tag …',
      'chg.sinceDay': (d) => 'Seit dem ' + d + ': ',
      'chg.version': (n) => 'Version ' + n, 'chg.sinceVersion': (n) => 'seit Version ' + n + ' (oder einen Tag wählen)',
      'chg.gained': 'Digitalpartner gewonnen', 'chg.lost': 'Digitalpartner verloren', 'chg.new': 'Neue mögliche Digitalpartner',
      'chg.gained.def': 'Weltmarktführer, die jetzt mit einer Organisation mit Digitalkompetenz verbunden sind und es zum gewählten Tag nicht waren.',
      'chg.lost.def': 'Weltmarktführer, deren Verbindung zu einer Organisation mit Digitalkompetenz seit dem gewählten Tag entfallen ist.',
      'chg.new.def': 'Organisationen mit Sitz in der Region, die jetzt eine Digitalkompetenz haben und zum gewählten Tag keine hatten. Damit stehen sie unter den Kandidaten jedes Weltmarktführers ohne Digitalpartner; ihr Rang dort hängt von der Punktzahl ab.',
      'chg.col.partner': 'Digitalpartner', 'chg.col.lostPartner': 'Verlorener Partner', 'chg.col.still': 'Noch ein Digitalpartner?',
      'chg.col.change': 'Änderung, wann', 'chg.col.organisation': 'Organisation',
      'chg.change': (n) => 'Nr. ' + n, 'chg.change.title': (who, why) => why + ' von ' + who + ' (als RDF Patch)',
      'chg.still.yes': 'ja, noch andere', 'chg.still.no': 'nein – jetzt ohne Digitalpartner',
      'chg.none.gained': 'Keiner.', 'chg.none.lost': 'Keiner.', 'chg.none.new': 'Keine.',
      'chg.summary': (sets, read, v) => sets === 0 ? 'Keine Änderung seither.' : sets + (sets === 1 ? ' Änderung' : ' Änderungen') + ' seither, ' + read + ' davon an Digitalverbindungen oder -kompetenzen; Datenstand Version ' + v + '.',
      'chg.empty.none': (d, last, n) => 'Seit ' + d + ' wurde nichts geändert. Die letzte Änderung (Nr. ' + n + ') war am ' + last + '.',
      'chg.empty.noDigital': (d, sets) => 'Seit ' + d + ' gab es ' + sets + (sets === 1 ? ' Änderung' : ' Änderungen') + ', aber keine berührte Verbindungen zu Organisationen mit Digitalkompetenz oder Digitalkompetenzen.',
      'chg.empty.notHere': (d, r) => 'Seit ' + d + ' haben sich Digitalverbindungen oder -kompetenzen geändert, aber nicht bei Weltmarktführern oder Organisationen mit Sitz in ' + r + '.',
      'chg.empty.noLog': 'Dieser Server führt kein Änderungsprotokoll (die Daten liegen in einem entfernten Speicher, in den auch andere schreiben).',
      'chg.empty.emptyLog': 'Das Änderungsprotokoll ist noch leer.',
      'chg.logStart': (d) => 'Das Änderungsprotokoll beginnt am ' + d + ': was der Datenbestand damals enthielt, zählt als an diesem Tag hinzugekommen.',
      'chg.cut': (n, total, exact) => 'Gezeigt: die neuesten ' + n + ' von ' + (exact ? '' : 'mindestens ') + total + '.',
      'chg.notRead': (n) => n + ' ältere Änderungen wurden nicht gelesen (Obergrenze je Anfrage); die Listen können unvollständig sein.',
      'chg.read': (n, size) => 'Gelesen: ' + n + (n === 1 ? ' Änderung' : ' Änderungen') + ' (' + size + ') aus /api/changes.',
      'why.SPARQL update': 'SPARQL-Update', 'why.CSV import': 'CSV-Import', 'why.RDF load': 'RDF-Laden', 'why.curated load': 'Laden der kuratierten Daten',
      'why.derived-fact refresh': 'Neuableitung', 'why.link acceptance': 'Übernahme von Verknüpfungen', 'why.Graph Store Protocol': 'Graph Store Protocol',
      'show': 'Kandidaten', 'yes': 'ja', 'no': 'nein', 'loading': 'lädt …', 'none': 'keine', 'error': 'Fehler: '
    },
    en: {
      'nav.api': 'API', 'nav.editor': 'Query editor', 'toggle': 'Deutsch',
      'title': 'World market leaders without a digital partner',
      'intro': 'Which world market leaders of a region have no tie to an organisation with a digital competence, and who could be their partner?',
      'search.label': 'Find an organisation', 'search.go': 'Search', 'search.placeholder': 'e.g. Viega',
      'search.help': 'Enter opens the first match, arrow down chooses from the list.',
      'search.none': 'No organisation of that name found.', 'search.count': (n) => n + (n === 1 ? ' match' : ' matches'),
      'region': 'Region', 'csv': 'Download as CSV', 'gap.title': 'World market leaders without a digital partner',
      'gap.note': 'The sources give the niches in English only.',
      'gap.caption': 'World market leaders of the region without a tie to an organisation with a digital competence',
      'col.company': 'Company', 'col.niche': 'Niche', 'col.town': 'Town', 'col.ownDigital': 'Own digital competence',
      'col.ties': 'Ties', 'col.candidates': 'Partners', 'col.candidate': 'Candidate', 'col.competences': 'Digital competences',
      'col.rank': 'Rank', 'col.competenceScore': 'Competence points', 'col.distanceKm': 'Distance',
      'col.proximityScore': 'Proximity points', 'col.regionTies': 'Ties in the region', 'col.seatedInRegion': 'Seat in the region',
      'col.regionTiesScore': 'Region points', 'col.score': 'Total',
      'profile.title': 'Organisation', 'profile.print': 'Print a one-page brief', 'profile.close': 'Close',
      'fact.kind': 'Kind', 'fact.seat': 'Seat', 'fact.wml': 'World market leader', 'fact.competences': 'Competences', 'fact.ties': 'Ties',
      'fact.sources': 'Sources', 'fact.source': 'source', 'fact.wml.yes': 'yes, according to ', 'fact.wml.no': 'no (no source calls it one)',
      'cand.title': 'Candidate digital partners', 'cand.region': (r) => '(points for the region ' + r + ')', 'cand.caption': 'Candidate digital partners, ranked by points',
      'cand.none': 'No organisation with a digital competence found.',
      'score.title': 'How the score is made',
      'score.competence.t': 'Competence points × 1',
      'score.competence.d': 'The number of distinct digital competences of the candidate (digitalisation or a narrower concept of the competence scheme), from its competence statements.',
      'score.proximity.t': 'Proximity points × 2',
      'score.proximity.d': '1 under 25 km, falling from 1 to 0 between 25 and 100 km, 0 beyond or when the distance is unknown. Distance: straight line between the seats; where a town has no coordinates, the point of its district is used.',
      'score.region.t': 'Region points × 1',
      'score.region.d': 'The number of organisations seated in the chosen region that the candidate has a tie with (agreement, partnership, shared network), plus 1 if it is seated there itself.',
      'score.total.t': 'Total',
      'score.total.d': 'Competence points + 2 × proximity points + region points. Computed by the stored question digital-partner-candidates.',
      'dist.same': 'same town', 'dist.unknown': 'unknown', 'dist.unknown.title': 'No place with coordinates is known for one of the two seats.',
      'dl.csv': 'CSV', 'dl.xlsx': 'CSV for Excel (UTF-8, semicolons)',
      'page.prev': '← Previous', 'page.next': 'Next →', 'page.of': (n, from, to) => 'Page ' + n + ' (rows ' + from + '–' + to + ')',
      'empty.noOrgs': (r) => 'No organisation is recorded as seated in ' + r + ', so there is no world market leader either.',
      'empty.noWml': (r, n) => n + ' organisations are recorded in ' + r + ', but no source calls any of them a world market leader. The imported list of world market leaders covers South Westphalia so far.',
      'empty.allPartnered': (r, n) => 'All ' + n + ' world market leaders in ' + r + ' already have a tie to an organisation with a digital competence.',
      'net.title': 'Cooperation network',
      'net.note': 'Organisations seated in the region and their ties.',
      'net.filter': 'Kinds of tie', 'net.zoomIn': 'Zoom in', 'net.zoomOut': 'Zoom out', 'net.fit': 'Show all',
      'net.empty': (r) => 'No ties between organisations are recorded for ' + r + '.',
      'net.aria': (n, e, part) => 'Cooperation network' + (part ? ' (part of it)' : '') + ': ' + n + ' organisations, ' + e + ' ties',
      'tie.agreement': 'agreement', 'tie.partnership': 'partnership', 'tie.partner': 'declared partner', 'tie.membership': 'network member',
      'legend.wml': 'world market leader', 'legend.digital': 'with a digital competence', 'legend.other': 'other', 'legend.outside': 'seated outside the region',
      'map.title': 'Map',
      'map.note': 'Places with coordinates and the organisations of the region (at the point of the nearest place that has coordinates).',
      'map.tiles': 'Load map tiles from OpenStreetMap (online)',
      'kind.region': 'Regions', 'kind.landscape': 'Landscapes', 'kind.administrative district': 'Government regions',
      'kind.district': 'Districts', 'kind.district-free city': 'District-free cities', 'kind.federal state': 'Federal states',
      'more.load': 'Load more', 'cand.more': (n) => 'More candidates (from rank ' + n + ')',
      'cut.orgs': (n) => 'Shown: the first ' + n + ' organisations of the region (in the store\'s own order, so each page costs only its rows). A seat outside the region is marked once all are loaded.',
      'cut.net': (m) => 'Part of the network: shown are the first ' + m + ' ties of the region (in the store\'s own order), not all of them.',
      'cut.download': (n) => 'Downloaded: the first ' + n + ' rows.',
      'ties.loaded': 'from the ties loaded so far; all of them on the organisation\'s page',
      'fact.derived': (r) => 'and facts RegioKG derived from them (rules: ' + r + ')',
      'fact.ties.count': (n) => n + ' tied organisations (on the organisation\'s page)',
      'empty.someWml': (r) => 'All world market leaders in ' + r + ' already have a tie to an organisation with a digital competence.',
      'count.atLeast': (n) => 'more than ' + n,
      'unavailable': (m) => 'Not loaded: ' + m + ' (at large stores usually the server\'s time limit).',
      'empty.unknown': (r) => 'No rows for ' + r + '. Why remains open: the organisations of the region could not be loaded.',
      'chg.title': 'What changed',
      'chg.intro': 'From the change log: world market leaders of the region that gained or lost a digital partner, and new candidate digital partners.',
      'chg.since': 'Since', 'chg.range': 'Period', 'chg.days7': 'last 7 days', 'chg.days30': 'last 30 days',
      'chg.days90': 'last 90 days', 'chg.days365': 'last 12 months', 'chg.daysOwn': 'since a day …',
      'chg.sinceDay': (d) => 'Since ' + d + ': ',
      'chg.version': (n) => 'version ' + n, 'chg.sinceVersion': (n) => 'since version ' + n + ' (or choose a day)',
      'chg.gained': 'Gained a digital partner', 'chg.lost': 'Lost a digital partner', 'chg.new': 'New candidate digital partners',
      'chg.gained.def': 'World market leaders that now have a tie to an organisation with a digital competence and had none to it on the chosen day.',
      'chg.lost.def': 'World market leaders whose tie to an organisation with a digital competence has gone since the chosen day.',
      'chg.new.def': 'Organisations seated in the region that have a digital competence now and had none on the chosen day. That makes them candidates of every world market leader without a digital partner; their rank there depends on the score.',
      'chg.col.partner': 'Digital partner', 'chg.col.lostPartner': 'Partner lost', 'chg.col.still': 'Another digital partner?',
      'chg.col.change': 'Change, when', 'chg.col.organisation': 'Organisation',
      'chg.change': (n) => 'No. ' + n, 'chg.change.title': (who, why) => why + ' by ' + who + ' (as an RDF Patch)',
      'chg.still.yes': 'yes, others', 'chg.still.no': 'no – now without a digital partner',
      'chg.none.gained': 'None.', 'chg.none.lost': 'None.', 'chg.none.new': 'None.',
      'chg.summary': (sets, read, v) => sets === 0 ? 'No change since.' : sets + (sets === 1 ? ' change' : ' changes') + ' since, ' + read + ' of them to digital ties or competences; data at version ' + v + '.',
      'chg.empty.none': (d, last, n) => 'Nothing has changed since ' + d + '. The last change (no. ' + n + ') was on ' + last + '.',
      'chg.empty.noDigital': (d, sets) => sets + (sets === 1 ? ' change' : ' changes') + ' since ' + d + ', but none touched ties to organisations with a digital competence or digital competences.',
      'chg.empty.notHere': (d, r) => 'Digital ties or competences have changed since ' + d + ', but not those of world market leaders or organisations seated in ' + r + '.',
      'chg.empty.noLog': 'This server keeps no change log (the data lives in a remote store that others write to as well).',
      'chg.empty.emptyLog': 'The change log is still empty.',
      'chg.logStart': (d) => 'The change log begins on ' + d + ': what the data held then counts as added on that day.',
      'chg.cut': (n, total, exact) => 'Shown: the newest ' + n + ' of ' + (exact ? '' : 'at least ') + total + '.',
      'chg.notRead': (n) => n + ' older changes were not read (a limit per request); the lists may be incomplete.',
      'chg.read': (n, size) => 'Read: ' + n + (n === 1 ? ' change' : ' changes') + ' (' + size + ') from /api/changes.',
      'show': 'Candidates', 'yes': 'yes', 'no': 'no', 'loading': 'loading …', 'none': 'none', 'error': 'Error: '
    }
  };

  const params = new URLSearchParams(location.search);
  const state = {
    lang: params.get('lang') === 'en' ? 'en' : 'de',
    region: params.get('region') || DEFAULT_REGION,
    since: /^\d{4}-\d{2}-\d{2}$/.test(params.get('since') || '') ? params.get('since') : defaultSince(), changes: null,
    after: /^\d+$/.test(params.get('after') || '') ? params.get('after') : null,   // a version instead of a day (a bookmark)
    regions: [], gap: [], gapOffset: 0, gapNext: false, regionOrgs: [], competences: new Map(),
    profile: null, questions: new Set(), sources: new Map()
  };
  const $ = (sel) => document.querySelector(sel);
  const t = (key, ...args) => { const v = TEXT[state.lang][key]; return typeof v === 'function' ? v(...args) : (v === undefined ? key : v); };
  const numberFormat = () => new Intl.NumberFormat(state.lang === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 2 });
  const fmt = (v) => (v === undefined || v === null || v === '') ? '–' : numberFormat().format(Number(v));

  /** The address of a stored question's answer with the given arguments (undefined ones left out). */
  function questionUrl(name, args) {
    const url = new URL('/api/questions/' + name, location.origin);
    Object.entries(args || {}).forEach(([k, v]) => { if (v !== undefined && v !== null) url.searchParams.set(k, v); });
    return url.pathname + url.search;
  }

  /**
   * The one way this page asks the server: GET a stored question's answer as JSON. Every call names
   * its limit (a small page); more says whether the answer's Link header offers a next page.
   */
  async function ask(name, args) {
    const response = await fetch(questionUrl(name, args), { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(name + ': HTTP ' + response.status);
    const more = /rel="?next"?/.test(response.headers.get('Link') || '');
    return { rows: await response.json(), more };
  }
  const rowsOf = async (name, args) => (await ask(name, args)).rows;

  /** All rows of an answer, page by page, up to max; cut tells whether there were more. */
  async function askAll(name, args, max) {
    const rows = [];
    for (let offset = 0; offset < max; offset += DOWNLOAD_CHUNK) {
      const page = await ask(name, Object.assign({}, args, { limit: Math.min(DOWNLOAD_CHUNK, max - offset), offset }));
      rows.push(...page.rows);
      if (!page.more) return { rows, cut: false };
    }
    return { rows, cut: true };
  }

  /** Runs an action of the reader's; a failure is said in the status line, not thrown. */
  const guarded = (action) => (...args) => Promise.resolve().then(() => action(...args)).catch(fail);
  function fail(err) { status(t('error') + err.message); console.error(err); }

  /** The local page of one of RegioKG's IRIs. */
  function href(iri) {
    const base = 'https://w3id.org/regiokg/';
    if (iri && iri.startsWith(base + 'id/')) return '/id/' + iri.substring((base + 'id/').length) + (state.lang === 'en' ? '?lang=en' : '');
    return iri;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v); });
    children.flat(Infinity).forEach(c => e.append(c === undefined || c === null ? '' : c));
    return e;
  }
  const link = (iri, text) => el('a', { href: href(iri), class: 'thing-link' }, text || iri);
  const num = (v, attrs) => el('td', Object.assign({ class: 'num' }, attrs || {}), fmt(v));
  const truthy = (v) => v === true || v === 'true';
  const yesNo = (v) => truthy(v) ? t('yes') : t('no');

  function status(message) { $('#status').textContent = message || ''; }

  function regionName(iri) {
    const r = state.regions.find(x => x.region === iri);
    if (!r) return iri.split('/').pop();
    return (state.lang === 'en' ? (r.nameEn || r.nameDe) : (r.nameDe || r.nameEn)) || iri;
  }

  /** The reader's name of a competence, from the SKOS scheme (question competence-labels). */
  function competenceName(iriOrSlug) {
    const slug = String(iriOrSlug).split('/').pop();
    const c = state.competences.get(slug);
    if (!c) return slug;
    return (state.lang === 'en' ? (c.labelEn || c.labelDe) : (c.labelDe || c.labelEn)) || slug;
  }

  /** Distance in the reader's words: "same town" at 0 km, "unknown" without points. */
  function distanceCell(km) {
    if (km === undefined || km === null || km === '') return el('td', { class: 'num', title: t('dist.unknown.title') }, t('dist.unknown'));
    if (Number(km) === 0) return el('td', { class: 'num' }, t('dist.same'));
    return el('td', { class: 'num' }, fmt(km) + ' km');
  }
  function distanceText(km) {
    if (km === undefined || km === null || km === '') return t('dist.unknown');
    return Number(km) === 0 ? t('dist.same') : fmt(km) + ' km';
  }

  function applyTexts() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll('[data-i18n-label]').forEach(e => { e.setAttribute('aria-label', t(e.dataset.i18nLabel)); });
    $('#lang-toggle').textContent = t('toggle');
    $('#lang-toggle').lang = state.lang === 'de' ? 'en' : 'de';
    $('#search').placeholder = t('search.placeholder');
    document.title = 'RegioKG · ' + t('title');
  }

  function updateUrl() {
    const p = new URLSearchParams();
    if (state.lang === 'en') p.set('lang', 'en');
    if (state.region !== DEFAULT_REGION) p.set('region', state.region);
    if (state.profile) p.set('org', state.profile.org);
    if (state.after !== null) p.set('after', state.after);
    else if (state.since !== defaultSince()) p.set('since', state.since);
    history.replaceState(null, '', location.pathname + (p.toString() ? '?' + p : ''));
    $('#csv-link').href = questionUrl('world-market-leaders-without-digital-partner', { format: 'csv', region: state.region, limit: DOWNLOAD_MAX });
    $('#csv-link').setAttribute('download', 'weltmarktfuehrer-ohne-digitalpartner.csv');
  }

  // ---------------------------------------------------------------- downloads

  /** A CSV that Excel opens right: UTF-8 with a byte order mark, semicolons, decimal commas in German. */
  function downloadExcelCsv(fileName, header, rows) {
    const decimal = state.lang === 'de' ? ',' : '.';
    const cell = (v) => {
      if (v === undefined || v === null) return '';
      let s = typeof v === 'number' ? String(v).replace('.', decimal) : String(v);
      if (/^[=+\-@\t\r]/.test(s) && typeof v !== 'number') s = "'" + s;   // no formulas from data
      return /[";\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    const text = [header, ...rows].map(r => r.map(cell).join(';')).join('\r\n') + '\r\n';
    const blob = new Blob(['\uFEFF' + text], { type: 'text/csv;charset=utf-8' });
    const a = el('a', { href: URL.createObjectURL(blob), download: fileName });
    document.body.append(a);
    a.click();
    a.remove();
    window.regiokg.lastDownload = { fileName, text: '\uFEFF' + text };
  }
  const numOrText = (v) => (v === undefined || v === null || v === '' || isNaN(Number(v))) ? v : Number(v);

  /** Every row for a download, in pages; the status line says when DOWNLOAD_MAX cut it. */
  async function downloadRows(name, args) {
    status(t('loading'));
    const { rows, cut } = await askAll(name, args, DOWNLOAD_MAX);
    status(cut ? t('cut.download', rows.length) : '');
    return rows;
  }

  async function downloadGapExcel() {
    const rows = await downloadRows('world-market-leaders-without-digital-partner', { region: state.region });
    downloadExcelCsv('weltmarktfuehrer-ohne-digitalpartner-' + state.region.split('/').pop() + '.csv',
      [t('col.company'), t('col.niche'), t('col.town'), t('col.ownDigital'), t('col.ties'), 'IRI', 'source'],
      rows.map(r => [r.name, r.niche, r.town, yesNo(r.ownDigitalCompetence), numOrText(r.ties), r.org, r.source]));
  }

  async function downloadCandidatesExcel() {
    const p = state.profile;
    if (!p) return;
    const rows = await downloadRows('digital-partner-candidates', { region: state.region, org: p.org });
    const plain = (key) => t(key).replace(/\u00ad/g, '');
    downloadExcelCsv('digitalpartner-' + p.org.split('/').pop() + '.csv',
      [t('col.rank'), t('col.candidate'), t('col.competences'), plain('col.competenceScore'), t('col.distanceKm') + ' (km)',
       plain('col.proximityScore'), t('col.regionTies'), t('col.seatedInRegion'), plain('col.regionTiesScore'), t('col.score'), 'IRI'],
      rows.map((c, i) => [i + 1, c.candidateName, competenceList(c.digitalCompetences), numOrText(c.competenceScore),
        numOrText(c.distanceKm), numOrText(c.proximityScore), numOrText(c.regionTies), yesNo(c.seatedInRegion),
        numOrText(c.regionTiesScore), numOrText(c.score), c.candidate]));
  }
  const competenceList = (slugs) => (slugs || '').split(/\s+/).filter(Boolean).map(competenceName).sort().join(', ');

  // ---------------------------------------------------------------- regions

  function renderRegions() {
    const select = $('#region');
    select.replaceChildren();
    const offered = state.regions.filter(r => REGION_KINDS.includes(r.kind));
    if (!offered.some(r => r.region === state.region)) select.append(el('option', { value: state.region }, regionName(state.region)));
    REGION_KINDS.forEach(kind => {
      const inKind = offered.filter(r => r.kind === kind);
      if (!inKind.length) return;
      const group = el('optgroup', { label: t('kind.' + kind) });
      inKind.forEach(r => group.append(el('option', { value: r.region, selected: r.region === state.region ? 'selected' : null }, regionName(r.region))));
      select.append(group);
    });
    select.value = state.region;
  }

  // ---------------------------------------------------------------- the gap table (paged by the API)

  /** The gap table's page: shown as soon as it comes, not held back by the network and the map. */
  async function loadGap() {
    const region = state.region;
    const page = await ask('world-market-leaders-without-digital-partner', { region, limit: PAGE_SIZE, offset: state.gapOffset });
    if (region !== state.region) return;   // the reader has chosen another region meanwhile
    state.gap = page.rows;
    state.gapNext = page.more;
    renderGap();
  }

  /** The region's organisations (their first page): for the network, the map and the empty state. */
  async function loadRegionOrganisations() {
    const region = state.region;
    const orgs = await ask('organisations-in-region', { region, order: 'index', limit: ORG_PAGE, offset: 0 });
    if (region !== state.region) return false;
    state.regionOrgs = orgs.rows;
    state.orgsMore = orgs.more;
    return true;
  }

  /**
   * A region: its gap table first and alone (the heavier questions of the network and the map must
   * not hold back what the page is for), then its network and map; the empty state says why once it knows.
   */
  async function showRegion() {
    status(t('loading'));
    state.gap = []; state.gapNext = false; state.gapFailed = false;
    state.regionOrgs = null; state.regionHasLeader = undefined; state.regionOrgsFailed = false;
    document.querySelectorAll('#network-empty, #map-empty').forEach(e => { e.hidden = true; });
    renderGap();
    await loadGap().catch(err => { console.warn(err); state.gapFailed = err.message; renderGap(); });
    status('');
    if (state.afterGap) { state.afterGap(); state.afterGap = null; }
    await drawRegion();
    if (state.regionOrgs && !state.gap.length && state.gapOffset === 0 && !state.gapFailed) {
      state.regionHasLeader = await regionHasLeader();
      renderGap();
    }
  }

  /**
   * The network and the map, each on its own: one that cannot be answered (at a large store, the
   * server's time limit) says so in its place, and the rest of the page works on. The network's and
   * the map's first pages are asked once, with the first region.
   */
  async function drawRegion() {
    // the network of the chosen region (its ties with at least one end seated there), asked per region
    const region = state.region;
    state.networkLoaded = ask('cooperation-network', { region, limit: NET_PAGE, offset: 0 }).then(page => {
      if (region === state.region) { state.network = page.rows; state.networkMore = page.more; }
    });
    if (!state.mapLoaded) {
      state.mapLoaded = rowsOf('map-features', { limit: MAP_PAGE }).then(features => { state.features = features; loadMap(); });
      state.mapLoaded.catch(() => {});   // reported where it is awaited
    }
    state.networkLoaded.catch(() => {});
    try {
      if (!await loadRegionOrganisations()) return;
      await Promise.all([
        // The network draws the region's untied digital organisations from the map's rows: wait for them (or their failure).
        state.networkLoaded.then(() => state.mapLoaded.catch(() => {})).then(renderNetwork, err => unavailable('#network-empty', err)),
        state.mapLoaded.then(renderMapOrganisations, err => unavailable('#map-empty', err))]);
    } catch (err) {
      state.regionOrgsFailed = true;
      renderGap();
      unavailable('#network-empty', err);
      unavailable('#map-empty', err);
    }
  }

  /**
   * Whether a source calls any organisation of the region a world market leader: the loaded
   * organisations tell, unless they are only the first page and none of them is one; then one row
   * of world-market-leaders-by-niche does. Asked only when the gap table is empty (the empty state).
   */
  async function regionHasLeader() {
    if (state.gap.length || state.gapOffset > 0) return true;
    if (state.regionOrgs.some(o => truthy(o.worldMarketLeader)) || !state.orgsMore) return state.regionOrgs.some(o => truthy(o.worldMarketLeader));
    return (await rowsOf('world-market-leaders-by-niche', { region: state.region, limit: 1 })).length > 0;
  }

  function unavailable(selector, err) {
    console.warn(err);
    $(selector).hidden = false;
    $(selector).textContent = t('unavailable', err.message);
  }

  /** The next page of the region's organisations and, while there are more, of the network's ties. */
  async function loadMoreOfRegion() {
    status(t('loading'));
    const [orgs, ties] = await Promise.all([
      state.orgsMore ? ask('organisations-in-region', { region: state.region, order: 'index', limit: ORG_PAGE, offset: state.regionOrgs.length }) : null,
      state.networkMore ? ask('cooperation-network', { region: state.region, limit: NET_PAGE, offset: state.network.length }) : null
    ]);
    if (orgs) { state.regionOrgs = state.regionOrgs.concat(orgs.rows); state.orgsMore = orgs.more; }
    if (ties) { state.network = state.network.concat(ties.rows); state.networkMore = ties.more; }
    status('');
    renderNetwork();
    renderMapOrganisations();
  }

  /** What the network and the map leave out, in words, with a button for more. */
  function renderCuts() {
    const parts = [];
    if (state.orgsMore) parts.push(t('cut.orgs', state.regionOrgs.length));
    if (state.networkMore) parts.push(t('cut.net', state.network.length));
    document.querySelectorAll('.cut-note').forEach(note => {
      note.hidden = parts.length === 0;
      note.querySelector('.cut-text').textContent = parts.join(' ');
    });
  }

  async function turnPage(delta) {
    state.gapOffset = Math.max(0, state.gapOffset + delta * PAGE_SIZE);
    status(t('loading'));
    await loadGap();
    status('');
    $('#gap-heading').scrollIntoView({ block: 'nearest' });
  }

  function renderGap() {
    const body = $('#gap-table tbody');
    body.replaceChildren();
    const seen = new Set();
    state.gap.forEach(row => {
      if (seen.has(row.org)) return;   // one row per company, even where two sources name it
      seen.add(row.org);
      const button = el('button', { type: 'button', class: 'show-candidates', 'data-org': row.org,
        'aria-label': t('show') + ': ' + (row.name || row.org) }, t('show'));
      button.addEventListener('click', guarded(() => openProfile(row.org)));
      const tr = el('tr', { 'data-org': row.org, title: row.reason },
        el('td', { class: 'company' }, link(row.org, row.name)),
        el('td', { lang: 'en' }, row.niche || ''),
        el('td', {}, row.townPlace ? link(row.townPlace, row.town) : (row.town || '')),
        el('td', {}, yesNo(row.ownDigitalCompetence)),
        num(row.ties),
        el('td', {}, button));
      if (state.profile && row.org === state.profile.org) tr.classList.add('selected');
      body.append(tr);
    });
    // the number so far: the rows before this page and the companies on it, "+" while there are more
    $('#gap-count').textContent = String(state.gapOffset + seen.size) + (state.gapNext ? '+' : '');
    $('#gap-table').hidden = seen.size === 0;
    $('#gap-note').hidden = seen.size === 0;
    const empty = $('#gap-empty');
    empty.hidden = seen.size > 0;
    if (seen.size === 0 && state.gapFailed) empty.textContent = t('unavailable', state.gapFailed);
    else if (seen.size === 0 && state.regionOrgsFailed) empty.textContent = t('empty.unknown', regionName(state.region));
    else if (seen.size === 0 && (!state.regionOrgs || state.regionHasLeader === undefined)) empty.textContent = t('loading');
    else if (seen.size === 0) {
      const r = regionName(state.region);
      const leaders = state.regionOrgs.filter(o => truthy(o.worldMarketLeader)).length;
      const orgs = state.orgsMore ? t('count.atLeast', state.regionOrgs.length) : state.regionOrgs.length;
      empty.textContent = state.regionOrgs.length === 0 ? t('empty.noOrgs', r)
        : !state.regionHasLeader ? t('empty.noWml', r, orgs)
        : state.orgsMore ? t('empty.someWml', r) : t('empty.allPartnered', r, leaders);
    }
    const paged = state.gapNext || state.gapOffset > 0;
    $('#gap-pager').hidden = !paged;
    $('#gap-prev').disabled = state.gapOffset === 0;
    $('#gap-next').disabled = !state.gapNext;
    $('#gap-page').textContent = paged ? t('page.of', state.gapOffset / PAGE_SIZE + 1, state.gapOffset + 1, state.gapOffset + state.gap.length) : '';
  }

  // ---------------------------------------------------------------- one organisation: profile and candidates

  async function openProfile(org) {
    status(t('loading'));
    const [facts, candidates] = await Promise.all([
      rowsOf('describe-thing', { thing: org, limit: FACTS_LIMIT }),
      ask('digital-partner-candidates', { region: state.region, org, limit: CAND_PAGE, offset: 0 })
    ]);
    const site = facts.find(f => f.direction === 'out' && f.property.endsWith('#hasPrimarySite'));
    const designations = uniqueBy(facts.filter(f => f.direction === 'in' && f.property.endsWith('#designatedOrganisation')), f => f.value).slice(0, 5);
    const [siteFacts, ...designationFacts] = await Promise.all([site ? rowsOf('describe-thing', { thing: site.value, limit: FACTS_LIMIT }) : [],
      ...designations.map(d => rowsOf('describe-thing', { thing: d.value, limit: FACTS_LIMIT })), lookUpSources(facts)]);
    designationFacts.pop();
    state.profile = { org, facts, siteFacts, candidates: candidates.rows, candidatesMore: candidates.more, designationFacts };
    status('');
    document.querySelectorAll('#gap-table tr.selected').forEach(tr => tr.classList.remove('selected'));
    const row = document.querySelector('#gap-table tr[data-org="' + CSS.escape(org) + '"]');
    if (row) row.classList.add('selected');
    renderProfile();
    updateUrl();
    $('#profile').scrollIntoView({ block: 'start' });
    $('#profile-heading').focus({ preventScroll: true });
  }

  async function moreCandidates() {
    const p = state.profile;
    const page = await ask('digital-partner-candidates', { region: state.region, org: p.org, limit: CAND_PAGE, offset: p.candidates.length });
    p.candidates = p.candidates.concat(page.rows);
    p.candidatesMore = page.more;
    renderCandidates();
    const next = document.querySelectorAll('#candidates-table tbody tr')[p.candidates.length - page.rows.length];
    if (next) next.querySelector('a').focus();
  }

  /** Where each source graph of the facts comes from (its dcterms:source), for the graphs not yet known. */
  async function lookUpSources(facts) {
    const graphs = uniqueBy(facts.filter(f => f.graph && !f.graph.includes('/graph/derived/') && !state.sources.has(f.graph)), f => f.graph).slice(0, 10);
    const described = await Promise.all(graphs.map(g => rowsOf('describe-thing', { thing: g.graph, limit: 50 })));
    graphs.forEach((g, i) => {
      const source = described[i].find(f => f.direction === 'out' && f.property === 'http://purl.org/dc/terms/source' && /^https?:/.test(f.value));
      state.sources.set(g.graph, source ? source.value : null);
    });
  }

  function closeProfile() {
    state.profile = null;
    renderProfile();
    updateUrl();
    document.querySelectorAll('#gap-table tr.selected').forEach(tr => tr.classList.remove('selected'));
  }

  const labelOf = (f) => (state.lang === 'en' ? (f.valueLabelEn || f.valueLabelDe) : (f.valueLabelDe || f.valueLabelEn)) || f.valueLabelPlain || f.value;
  const uniqueBy = (items, key) => { const m = new Map(); items.forEach(i => { if (!m.has(key(i))) m.set(key(i), i); }); return [...m.values()]; };

  function renderProfile() {
    const section = $('#profile');
    const p = state.profile;
    if (!p) { section.hidden = true; return; }
    section.hidden = false;
    const out = (suffix) => p.facts.filter(f => f.direction === 'out' && f.property.endsWith(suffix));
    const name = (out('rdf-schema#label')[0] || {}).value || p.org;
    const orgLink = $('#candidates-org');
    orgLink.href = href(p.org);
    orgLink.textContent = name;
    document.title = 'RegioKG · ' + name;

    const kinds = uniqueBy(out('22-rdf-syntax-ns#type').filter(f => f.value.startsWith('https://w3id.org/regiokg/def#')), f => f.value).map(labelOf);
    const seat = out('#hasPrimarySite')[0];
    const towns = uniqueBy(p.siteFacts.filter(f => f.direction === 'out' && f.property.endsWith('#sfWithin')), f => f.value);
    const competences = uniqueBy(out('#hasCompetence'), f => f.value);
    const designations = p.facts.filter(f => f.direction === 'in' && f.property.endsWith('#designatedOrganisation'));
    // its ties as far as the network's loaded pages hold them; how many there are in all, from the derived ties
    const ties = (state.network || []).filter(e => e.source === p.org || e.target === p.org);
    const tied = new Set(out('#tiedWith').map(f => f.value)).size;
    // the sources' graphs by their titles; what RegioKG's rules derived from them (rules/*.rq) named once, by rule
    const isDerived = (g) => g.includes('/graph/derived/');
    const graphs = uniqueBy(p.facts.filter(f => f.graph && !isDerived(f.graph)), f => f.graph);
    const rules = uniqueBy(p.facts.filter(f => f.graph && isDerived(f.graph)), f => f.graph).map(f => f.graph.split('/').pop()).sort();

    const facts = $('#profile-facts');
    facts.replaceChildren();
    const fact = (key, ...value) => facts.append(el('div', { class: 'fact', 'data-fact': key }, el('dt', {}, t('fact.' + key)), el('dd', {}, ...value)));
    fact('kind', kinds.join(', ') || '–');
    fact('seat', seat ? [labelOf(seat), towns.length ? ' (' : '', ...towns.map((tw, i) => [i ? ', ' : '', link(tw.value, labelOf(tw))]), towns.length ? ')' : ''] : '–');
    fact('wml', designations.length ? el('ul', { class: 'plain' }, p.designationFacts.map(df => {
      const niche = df.find(f => f.direction === 'out' && f.property.endsWith('#niche'));
      const source = df.find(f => f.direction === 'out' && f.property === 'http://purl.org/dc/terms/source');
      return el('li', {}, t('yes'), niche ? [' – ', t('col.niche') + ': ', el('span', { lang: 'en' }, niche.value)] : '',
        source ? [' (', t('fact.source') + ': ', el('a', { href: source.value, class: 'external' }, hostOf(source.value)), ')'] : '');
    })) : t('fact.wml.no'));
    fact('competences', competences.length ? competences.map(c => labelOf(c)).sort().join(', ') : t('none'));
    fact('ties', ties.length ? el('ul', { class: 'plain' }, ties.map(e => {
      const other = e.source === p.org ? { iri: e.target, name: e.targetName } : { iri: e.source, name: e.sourceName };
      return el('li', {}, link(other.iri, other.name), ' – ' + t('tie.' + e.relation) + (e.viaTitle && e.relation !== 'membership' ? ': ' + e.viaTitle : ''));
    }), state.networkMore ? el('li', { class: 'hint' }, t('ties.loaded')) : null)
      : tied > 0 ? link(p.org, t('fact.ties.count', tied)) : t('none'));
    fact('sources', el('ul', { class: 'plain sources' }, graphs.map(g => el('li', {}, sourceLink(g.graph, g))),
      rules.length ? el('li', { class: 'hint' }, t('fact.derived', rules.join(', '))) : null));

    renderCandidates();
  }

  const hostOf = (url) => { try { return new URL(url).hostname.replace(/^www\./, ''); } catch (e) { return url; } };

  function sourceLink(graph, f) {
    const title = (state.lang === 'en' ? (f.graphTitleEn || f.graphTitle || f.graphTitleDe) : (f.graphTitleDe || f.graphTitle || f.graphTitleEn)) || graph;
    // a title the source gives only in the other language is marked as such (screen readers speak it so)
    const lang = state.lang === 'de' ? (!f.graphTitleDe && f.graphTitleEn ? 'en' : null) : (!f.graphTitleEn && f.graphTitleDe ? 'de' : null);
    const url = state.sources.get(graph);
    return url ? el('a', { href: url, class: 'external', lang }, title) : el('span', { lang }, title);
  }

  function renderCandidates() {
    const p = state.profile;
    const body = $('#candidates-table tbody');
    body.replaceChildren();
    p.candidates.forEach((c, i) => body.append(el('tr', { 'data-candidate': c.candidate },
      num(i + 1),
      el('td', { class: 'candidate' }, link(c.candidate, c.candidateName)),
      el('td', {}, competenceList(c.digitalCompetences)),
      num(c.competenceScore),
      distanceCell(c.distanceKm),
      num(c.proximityScore),
      num(c.regionTies),
      el('td', {}, yesNo(c.seatedInRegion)),
      num(c.regionTiesScore),
      el('td', { class: 'num score' }, el('strong', {}, fmt(c.score))))));
    $('#candidates-table').hidden = p.candidates.length === 0;
    $('#candidates-empty').hidden = p.candidates.length > 0;
    $('#candidates-empty').textContent = t('cand.none');
    $('#candidates-region').textContent = t('cand.region', regionName(state.region));
    const more = $('#candidates-more');
    more.hidden = !p.candidatesMore;
    more.textContent = t('cand.more', p.candidates.length + 1);
    $('#candidates-csv').href = questionUrl('digital-partner-candidates', { format: 'csv', region: state.region, org: p.org, limit: DOWNLOAD_MAX });
    $('#candidates-csv').setAttribute('download', 'digitalpartner-' + p.org.split('/').pop() + '.csv');
  }

  // ---------------------------------------------------------------- search

  let searchSeq = 0;
  async function search(text) {
    const list = $('#search-results');
    const seq = ++searchSeq;
    if (!text.trim()) { list.hidden = true; list.replaceChildren(); $('#search').setAttribute('aria-expanded', 'false'); return []; }
    // The name index (typo-tolerant) when the server offers it, else plain matching on names.
    const found = state.questions.has('name-search')
      ? await rowsOf('name-search', { name: text, kind: 'http://www.w3.org/ns/org#Organization', limit: 20 })
      : await rowsOf('agency-organisation-search', { name: text, limit: 10 });
    const rows = uniqueBy(found, r => r.thing).slice(0, 10);   // name-search answers one row per matching name
    if (seq !== searchSeq) return rows;
    list.replaceChildren();
    rows.forEach(r => {
      const kind = (state.lang === 'en' ? r.kindEn : r.kindDe) || (r.kind ? String(r.kind).split(/[#/]/).pop() : '');
      const b = el('button', { type: 'button', class: 'search-hit', 'data-thing': r.thing }, r.label || r.thing, kind ? el('span', { class: 'hint' }, ' · ' + kind) : '');
      b.addEventListener('click', guarded(() => chooseHit(r.thing)));
      b.addEventListener('keydown', e => moveInList(e, b));
      list.append(el('li', {}, b));
    });
    if (!rows.length) list.append(el('li', { class: 'hint' }, t('search.none')));
    list.hidden = false;
    $('#search').setAttribute('aria-expanded', 'true');
    status(rows.length ? t('search.count', rows.length) : '');
    return rows;
  }

  function moveInList(e, button) {
    const hits = [...document.querySelectorAll('#search-results .search-hit')];
    const i = hits.indexOf(button);
    if (e.key === 'ArrowDown' && i < hits.length - 1) { hits[i + 1].focus(); e.preventDefault(); }
    if (e.key === 'ArrowUp') { (i > 0 ? hits[i - 1] : $('#search')).focus(); e.preventDefault(); }
    if (e.key === 'Escape') { $('#search').focus(); hideHits(); }
  }
  function hideHits() { $('#search-results').hidden = true; $('#search').setAttribute('aria-expanded', 'false'); }

  async function chooseHit(thing) {
    hideHits();
    await openProfile(thing);
  }

  function wireSearch() {
    let timer;
    const input = $('#search');
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(guarded(() => search(input.value)), 250); });
    input.addEventListener('keydown', e => {
      if (e.key === 'ArrowDown') { const first = $('#search-results .search-hit'); if (first) { first.focus(); e.preventDefault(); } }
      if (e.key === 'Escape') hideHits();
    });
    $('#search-form').addEventListener('submit', guarded(async e => {
      e.preventDefault();
      clearTimeout(timer);
      const rows = await search(input.value);
      if (rows.length) await chooseHit(rows[0].thing);
    }));
  }


  // ---------------------------------------------------------------- what changed (from the change log)

  /**
   * A moment's day as yyyy-mm-dd in the agency's time zone, where the server reads a day too
   * (/api/agency/changes?since=): in the reader's zone, the page and the server disagreed about
   * the day for the hours between midnight in Berlin and midnight at the reader's.
   */
  function agencyDay(date) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  }
  /** The day this many days ago, as yyyy-mm-dd in the agency's time zone. */
  function daysAgo(days) {
    return agencyDay(new Date(Date.now() - days * 864e5));
  }
  function defaultSince() { return daysAgo(CHANGES_DAYS); }
  const CHANGES_PRESETS = [7, 30, 90, 365];
  const locale = () => state.lang === 'en' ? 'en-GB' : 'de-DE';
  const dayText = (ymd) => new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(ymd + 'T00:00:00Z'));
  const whenText = (iso) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(iso));
  const whyText = (why) => state.lang === 'de' && TEXT.de['why.' + why] ? TEXT.de['why.' + why]
    : state.lang === 'de' && /^revert of change set (\d+)$/.test(why) ? 'Rücknahme von Nr. ' + why.split(' ').pop() : why;

  let changesSeq = 0;
  /** What changed since the chosen day in the chosen region: one request, its rows capped by the server. */
  async function loadChanges() {
    const seq = ++changesSeq;
    const args = new URLSearchParams(state.after !== null ? { after: state.after } : { since: state.since });
    args.set('region', state.region);
    args.set('limit', CHANGES_LIMIT);
    state.changes = null; state.changesFailed = null;
    renderChanges();
    try {
      const get = () => fetch('/api/agency/changes?' + args, { headers: { Accept: 'application/json' } });
      let response = await get();
      // past the time limit, once: what it read of the log is kept, so asking again costs only the look-ups
      if (response.status === 503 && seq === changesSeq) response = await get();
      if (!response.ok) throw new Error('/api/agency/changes: HTTP ' + response.status);
      const body = await response.json();
      if (seq !== changesSeq) return;
      state.changes = body;
    } catch (err) {
      if (seq !== changesSeq) return;
      console.warn(err);
      state.changesFailed = err.message;
    }
    renderChanges();
  }

  function changeCell(row) {
    const why = whyText(row.why || '');
    return el('td', { class: 'change' }, el('a', { href: '/api/changes/' + row.change, title: t('chg.change.title', row.who, why) }, t('chg.change', row.change)),
      why ? el('span', { class: 'hint' }, ' · ' + why) : '', el('br'), el('span', { class: 'when' }, whenText(row.created)));
  }
  const thingLink = (thing) => link(thing.iri, thing.name || thing.iri.split('/').pop());

  function renderChangeList(name, list, rowOf, columns) {
    const body = $('#' + name + '-table tbody');
    body.replaceChildren();
    const rows = list ? list.rows : [];
    rows.forEach(r => body.append(rowOf(r)));
    if (list && !rows.length) body.append(el('tr', {}, el('td', { colspan: columns, class: 'none' }, t('chg.none.' + name))));
    $('#' + name + '-count').textContent = list ? (list.exact ? '' : '≥ ') + list.total : '…';
    const cut = $('#' + name + '-cut');
    cut.hidden = !list || (list.exact && list.total <= rows.length);
    cut.textContent = list ? t('chg.cut', rows.length, list.total, list.exact) : '';
  }

  function renderChanges() {
    $('#changes-since').value = state.after !== null ? '' : state.since;
    // The date field is drawn in the browser's locale, whatever the page's language; the presets and
    // the summary say the day in the reader's language.
    $('#changes-since').lang = state.lang;
    const preset = state.after !== null ? undefined : CHANGES_PRESETS.find(n => daysAgo(n) === state.since);
    $('#changes-range').value = preset === undefined ? '' : String(preset);
    const c = state.changes;
    const empty = $('#changes-empty');
    const lists = $('#changes .changes-lists');
    const d = state.after !== null ? t('chg.version', state.after) : (state.lang === 'de' ? 'dem ' : '') + dayText(state.since);
    let why = null;
    if (state.changesFailed) why = t('unavailable', state.changesFailed);
    else if (c && !c.history) why = t('chg.empty.noLog');
    else if (c && c.changeSetsSince === 0) why = c.lastChange ? t('chg.empty.none', d, whenText(c.lastChange), c.version) : t('chg.empty.emptyLog');
    else if (c && !c.gained.total && !c.lost.total && !c.candidates.total)
      why = c.changeSetsRead === 0 && !c.changeSetsNotRead ? t('chg.empty.noDigital', d, c.changeSetsSince) : t('chg.empty.notHere', d, regionName(state.region));
    empty.hidden = !why;
    empty.textContent = why || '';
    lists.hidden = !!why;
    $('#changes-summary').textContent = (state.after !== null ? t('chg.sinceVersion', state.after) + '. ' : t('chg.sinceDay', dayText(state.since)))
      + (!c ? (state.changesFailed ? '' : t('loading')) : c.history ? t('chg.summary', c.changeSetsSince, c.changeSetsRead, c.version) : '');
    renderChangeList('gained', c && c.gained, r => el('tr', { 'data-org': r.leader.iri },
      el('td', {}, thingLink(r.leader)), el('td', {}, thingLink(r.partner)), changeCell(r)), 3);
    renderChangeList('lost', c && c.lost, r => el('tr', { 'data-org': r.leader.iri },
      el('td', {}, thingLink(r.leader)), el('td', {}, thingLink(r.partner)),
      el('td', {}, r.leader.partnered ? t('chg.still.yes') : [t('chg.still.no'), ' ',
        el('button', { type: 'button', class: 'show-candidates', 'data-org': r.leader.iri }, t('show'))]),
      changeCell(r)), 4);
    renderChangeList('new', c && c.candidates, r => el('tr', { 'data-org': r.organisation.iri },
      el('td', {}, thingLink(r.organisation)), el('td', {}, r.organisation.town || '–'),
      el('td', {}, r.competencesGained.map(competenceName).sort().join(', ')), changeCell(r)), 4);
    const notes = [];
    if (c && c.changeSetsNotRead) notes.push(t('chg.notRead', c.changeSetsNotRead));
    if (state.after === null && c && c.logStart && agencyDay(new Date(c.logStart)) >= state.since) notes.push(t('chg.logStart', whenText(c.logStart)));
    if (c && c.changeSetsRead) notes.push(t('chg.read', c.changeSetsRead, c.bytesRead < 1e6 ? numberFormat().format(Math.max(1, Math.round(c.bytesRead / 1e3))) + ' kB'
      : numberFormat().format(Math.round(c.bytesRead / 1e5) / 10) + ' MB'));
    $('#changes-read').textContent = notes.join(' ');
  }

  // ---------------------------------------------------------------- the network (Cytoscape.js)

  const COLOURS = { wml: '#c25e00', digital: '#1f6fc5', other: '#8a8f98', outside: '#d5d8dd' };
  let cy;

  function renderNetwork() {
    if (!state.regionOrgs) return;
    // cooperation-network?region= gives only edges with an end seated in the region: all are drawn, also
    // when that end is beyond the organisations loaded so far. An end is marked outside the region
    // only where that is known: when every organisation of the region is loaded.
    const inRegion = new Set(state.regionOrgs.map(o => o.org));
    const edges = state.network || [];
    const nodes = new Map();
    const node = (iri, name, wml, digital) => {
      const n = nodes.get(iri) || { data: { id: iri, label: name || iri.split('/').pop() }, classes: new Set() };
      if (wml === true) n.classes.add('wml');
      else if (digital === true) n.classes.add('digital');
      if (!state.orgsMore && !inRegion.has(iri)) n.classes.add('outside');
      nodes.set(iri, n);
    };
    edges.forEach(e => {
      node(e.source, e.sourceName, e.sourceWorldMarketLeader, e.sourceDigital);
      node(e.target, e.targetName, e.targetWorldMarketLeader, e.targetDigital);
    });
    // The region's world market leaders and digital organisations without any tie are drawn too:
    // that they stand alone is the point of the page.
    const feature = new Map((state.features || []).filter(f => f.featureKind === 'organisation').map(f => [f.feature, f]));
    state.regionOrgs.forEach(o => {
      const f = feature.get(o.org) || {};
      if (!nodes.has(o.org) && (truthy(o.worldMarketLeader) || truthy(f.digital))) node(o.org, o.name, truthy(o.worldMarketLeader), truthy(f.digital));
    });
    // Sorted input and a deterministic layout: the same data gives the same picture.
    const nodeList = [...nodes.values()].sort((a, b) => a.data.id.localeCompare(b.data.id));
    const elements = nodeList.map(n => ({ data: n.data, classes: [...n.classes].join(' ') }))
      .concat(edges.map(e => ({ data: { id: e.relation + '|' + e.source + '|' + e.target, source: e.source, target: e.target, relation: e.relation }, classes: e.relation })));
    if (cy) cy.destroy();
    const empty = $('#network-empty');
    empty.hidden = edges.length > 0 || nodes.size > 0;
    empty.textContent = t('net.empty', regionName(state.region));
    $('#network').hidden = nodes.size === 0;
    $('#network').setAttribute('aria-label', t('net.aria', nodes.size, edges.length, state.networkMore));
    cy = cytoscape({
      container: $('#network'),
      elements,
      layout: { name: 'preset', positions: ringPositions(nodeList, edges), fit: false, zoom: 1, pan: { x: 0, y: 0 } },
      style: [
        { selector: 'node', style: {
            'background-color': COLOURS.other, label: 'data(label)', 'font-size': 13, 'font-family': 'system-ui, sans-serif',
            color: '#1d232b', 'text-valign': 'bottom', 'text-margin-y': 4, 'text-wrap': 'wrap', 'text-max-width': 130,
            'text-background-color': '#fbfbf8', 'text-background-opacity': 0.85, 'text-background-padding': 1,
            width: 18, height: 18, 'border-width': 1, 'border-color': '#333' } },
        { selector: 'node.digital', style: { 'background-color': COLOURS.digital } },
        { selector: 'node.wml', style: { 'background-color': COLOURS.wml } },
        { selector: 'node.outside', style: { 'background-color': COLOURS.outside, 'border-style': 'dashed' } },
        { selector: 'edge', style: { width: 2, 'line-color': '#9aa3ad', 'curve-style': 'bezier' } },
        { selector: 'edge.agreement', style: { 'line-color': '#1f6fc5', width: 3 } },
        { selector: 'edge.partnership', style: { 'line-color': '#2e8b2e', width: 3 } },
        { selector: 'edge.partner', style: { 'line-color': '#2e8b2e', 'line-style': 'dashed', width: 2.5 } },
        { selector: 'edge.membership', style: { 'line-color': '#9aa3ad', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#9aa3ad' } },
        { selector: '.filtered', style: { display: 'none' } }
      ],
      minZoom: 0.3, maxZoom: 3, wheelSensitivity: 0.3
    });
    // Drawn at zoom 1 (labels 13 px), or smaller only down to 11 px labels, centred.
    cy.zoom(1);
    const box = cy.elements().boundingBox({ includeLabels: true });
    if (box.w > cy.width() || box.h > cy.height()) {
      // too big for the panel: as small as labels allow, the top shown first (the rest by panning)
      const zoom = Math.max(11 / 13, Math.min(cy.width() / (box.w + 20), cy.height() / (box.h + 20)));
      cy.zoom(zoom);
      cy.pan({ x: (cy.width() - box.w * zoom) / 2 - box.x1 * zoom, y: 10 - box.y1 * zoom });
    } else cy.center();
    state.networkWidth = $('#network').clientWidth;
    renderCuts();
    cy.on('tap', 'node', evt => { window.location.href = href(evt.target.id()); });
    applyTieFilter();
    window.regiokg.network = cy;
  }

  /**
   * A deterministic layout (same data, same picture): the hubs (most ties) in the middle, the others
   * on ellipses around them that use the panel's width, in the order of a walk through the ties,
   * so that tied organisations sit side by side. Positions in pixels at zoom 1.
   */
  function ringPositions(nodeList, edges) {
    const panel = $('#network');
    const W = Math.max(320, panel.clientWidth), H = Math.max(300, panel.clientHeight);
    const neighbours = new Map(nodeList.map(n => [n.data.id, new Set()]));
    edges.forEach(e => { neighbours.get(e.source).add(e.target); neighbours.get(e.target).add(e.source); });
    const degree = (id) => neighbours.get(id).size;
    const byDegree = nodeList.map(n => n.data.id).sort((a, b) => degree(b) - degree(a) || a.localeCompare(b));
    const maxDegree = byDegree.length ? degree(byDegree[0]) : 0;
    const hubs = byDegree.filter(id => degree(id) >= Math.max(3, maxDegree / 2));
    const order = [], seen = new Set();
    const walk = (id) => { if (seen.has(id)) return; seen.add(id); order.push(id); [...neighbours.get(id)].sort().forEach(walk); };
    byDegree.forEach(walk);
    const rest = order.filter(id => !hubs.includes(id) && degree(id) > 0);
    const alone = byDegree.filter(id => degree(id) === 0).sort((a, b) => a.localeCompare(b));
    const positions = {};
    // organisations without ties: a grid along the bottom, 150 px apart
    const perRow = Math.max(1, Math.floor((W - 40) / 150)), rows = Math.ceil(alone.length / perRow);
    const top = rows ? Math.max(H - rows * 62 - 20, hubs.length + order.length - alone.length > 0 ? 260 : 0) : H;
    const left = (W - Math.min(perRow, alone.length) * 150) / 2 + 75;
    alone.forEach((id, i) => { positions[id] = { x: left + (i % perRow) * 150, y: top + 25 + Math.floor(i / perRow) * 62 }; });
    const cx = W / 2, cy0 = top / 2;
    const ellipse = (ids, rx, ry, phase) => ids.forEach((id, i) => {
      const a = phase + 2 * Math.PI * i / ids.length;
      positions[id] = { x: cx + rx * Math.cos(a), y: cy0 + ry * Math.sin(a) };
    });
    if (hubs.length === 1) positions[hubs[0]] = { x: cx, y: cy0 };
    else ellipse(hubs, Math.min(W * 0.15, 60 * hubs.length), Math.min(H * 0.15, 30 * hubs.length), -Math.PI / 2);
    // outer rings: each holds as many as fit 170 px apart on its ellipse
    const n = hubs.length + rest.length;
    let rx = Math.min(Math.max(W / 2 - 100, 150), 90 + 45 * n), ry = Math.min(Math.max(top / 2 - 45, 60), 40 + 25 * n), start = 0;
    while (start < rest.length) {
      const perimeter = Math.PI * (3 * (rx + ry) - Math.sqrt((3 * rx + ry) * (rx + 3 * ry)));
      const fit = Math.max(1, Math.floor(perimeter / 170));
      ellipse(rest.slice(start, start + fit), rx, ry, -Math.PI / 2);
      start += fit; rx += 170; ry += 80;
    }
    return positions;
  }

  function applyTieFilter() {
    if (!cy) return;
    const shown = new Set([...document.querySelectorAll('#tie-filter input:checked')].map(i => i.value));
    cy.batch(() => {
      cy.edges().forEach(e => e.toggleClass('filtered', !shown.has(e.data('relation'))));
      cy.nodes().forEach(n => n.toggleClass('filtered', n.connectedEdges(':visible').length === 0 && n.connectedEdges().length > 0));
    });
  }

  function zoomNetwork(factor) {
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  // ---------------------------------------------------------------- the map (Leaflet, no tiles by default)

  let map, tileLayer, orgLayer;
  const placeMarkers = [];
  function loadMap() {
    map = L.map('map', { attributionControl: true, zoomSnap: 0.25 }).setView([51.3, 7.9], 8);
    const places = uniqueBy(state.features.filter(f => f.featureKind === 'place'), f => f.feature);
    places.forEach(p => {
      const marker = L.circleMarker([p.lat, p.lon], { radius: 5, color: '#456', weight: 1, fillColor: '#fff', fillOpacity: 1 })
        .bindTooltip(escapeHtml(p.name || p.feature), { permanent: true, direction: 'right', offset: [8, 0], className: 'place-label' })
        .addTo(map);
      placeMarkers.push(marker);
    });
    orgLayer = L.layerGroup().addTo(map);
    map.on('zoomend moveend', declutterLabels);
    window.regiokg.map = map;
  }

  function renderMapOrganisations() {
    if (!map || !state.regionOrgs) return;
    orgLayer.clearLayers();
    // The region's loaded organisations at their point from map-features; those beyond its loaded
    // page at the point of their seat's place, where that place has one.
    const pointOf = new Map(state.features.filter(f => f.featureKind === 'organisation').map(f => [f.feature, f]));
    const placeAt = new Map(state.features.filter(f => f.featureKind === 'place').map(f => [f.feature, f]));
    const orgs = uniqueBy(state.regionOrgs, o => o.org).map(o => pointOf.get(o.org) || (placeAt.has(o.seatPlace) && Object.assign({}, placeAt.get(o.seatPlace),
      { feature: o.org, name: o.name, pointPlaceName: o.seatPlaceName, worldMarketLeader: o.worldMarketLeader, digital: false }))).filter(Boolean);
    // Organisations sharing one point are set around it in a small ring, so that each can be clicked.
    const byPoint = new Map();
    orgs.forEach(o => { byPoint.set(o.wkt, (byPoint.get(o.wkt) || []).concat([o])); });
    const bounds = [];
    let count = 0;
    byPoint.forEach(group => group.forEach((o, i) => {
      const angle = 2 * Math.PI * i / group.length;
      const r = group.length > 1 ? 0.012 + 0.002 * group.length : 0;
      const ll = [o.lat + r * Math.sin(angle), o.lon + r * 1.6 * Math.cos(angle)];
      const colour = truthy(o.worldMarketLeader) ? COLOURS.wml : truthy(o.digital) ? COLOURS.digital : COLOURS.other;
      L.circleMarker(ll, { radius: 6, color: '#333', weight: 1, fillColor: colour, fillOpacity: 0.95 })
        .bindPopup('<a href="' + href(o.feature) + '">' + escapeHtml(o.name || o.feature) + '</a>' +
                   (o.pointPlaceName ? '<br>' + escapeHtml(o.pointPlaceName) : ''))
        .addTo(orgLayer);
      bounds.push(ll);
      count++;
    }));
    if (bounds.length) map.fitBounds(bounds, { padding: [50, 50], maxZoom: 10 });
    else map.fitBounds(placeMarkers.map(m => m.getLatLng()), { padding: [30, 30] });
    window.regiokg.mapMarkers = count;
    declutterLabels();
  }

  /** Place labels never overlap: each tries right, left, above, below, and is hidden if none is free. */
  function declutterLabels() {
    const taken = placeMarkers.concat(orgLayer ? orgLayer.getLayers() : []).map(m => {
      const p = map.latLngToContainerPoint(m.getLatLng());
      return { left: p.x - 6, right: p.x + 6, top: p.y - 6, bottom: p.y + 6 };
    });
    const mapBox = $('#map').getBoundingClientRect();
    const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const options = [['right', [8, 0]], ['left', [-8, 0]], ['top', [0, -6]], ['bottom', [0, 6]], ['right', [24, 0]], ['left', [-24, 0]], ['top', [0, -20]], ['bottom', [0, 20]]];
    placeMarkers.forEach(m => {
      const tip = m.getTooltip();
      if (!tip) return;
      let placed = false;
      for (const [direction, offset] of options) {
        tip.options.direction = direction;
        tip.options.offset = L.point(offset);
        m.closeTooltip(); m.openTooltip();
        const e = tip.getElement();
        if (!e) return;
        e.classList.remove('label-hidden');
        const r = e.getBoundingClientRect();
        const box = { left: r.left - mapBox.left, right: r.right - mapBox.left, top: r.top - mapBox.top, bottom: r.bottom - mapBox.top };
        const inside = box.left >= 0 && box.top >= 0 && box.right <= mapBox.width && box.bottom <= mapBox.height;
        if (inside && !taken.some(o => overlaps(o, box))) { taken.push(box); placed = true; break; }
      }
      if (!placed && tip.getElement()) tip.getElement().classList.add('label-hidden');
    });
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function toggleTiles(on) {
    if (on && !tileLayer) {
      tileLayer = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        { maxZoom: 18, attribution: '© OpenStreetMap contributors' });
    }
    if (tileLayer) { if (on) tileLayer.addTo(map); else tileLayer.remove(); }
  }

  // ---------------------------------------------------------------- start

  async function start() {
    window.regiokg = { ready: false };
    applyTexts();
    updateUrl();
    $('#lang-toggle').addEventListener('click', () => {
      state.lang = state.lang === 'de' ? 'en' : 'de';
      applyTexts(); updateUrl(); renderRegions(); renderGap(); renderProfile(); renderCuts(); renderChanges();
      const r = regionName(state.region);
      if (!state.regionOrgsFailed && cy) $('#network-empty').textContent = t('net.empty', r);
      if (cy) $('#network').setAttribute('aria-label', t('net.aria', cy.nodes().length, cy.edges().length, state.networkMore));
    });
    $('#region').addEventListener('change', guarded(async e => {
      state.region = e.target.value;
      state.gapOffset = 0;
      updateUrl();
      const changed = loadChanges();
      await showRegion();
      if (state.profile) await openProfile(state.profile.org);   // the score's region parts change with the region
      await changed;
    }));
    $('#gap-prev').addEventListener('click', guarded(() => turnPage(-1)));
    $('#gap-next').addEventListener('click', guarded(() => turnPage(1)));
    $('#gap-xlsx').addEventListener('click', guarded(downloadGapExcel));
    $('#candidates-xlsx').addEventListener('click', guarded(downloadCandidatesExcel));
    $('#candidates-more').addEventListener('click', guarded(moreCandidates));
    document.querySelectorAll('.cut-note button').forEach(b => b.addEventListener('click', guarded(loadMoreOfRegion)));
    $('#print-brief').addEventListener('click', () => window.print());
    $('#changes-range').addEventListener('change', guarded(async e => {
      if (!e.target.value) { $('#changes-since').focus(); return; }   // a day of one's own: the date field
      state.since = daysAgo(Number(e.target.value));
      state.after = null;
      updateUrl();
      await loadChanges();
    }));
    $('#changes-since').addEventListener('change', guarded(async e => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) return;   // a day half typed
      state.since = e.target.value;
      state.after = null;
      updateUrl();
      await loadChanges();
    }));
    // a leader now without a digital partner: its candidates in the profile
    $('#lost-table').addEventListener('click', guarded(async e => {
      const b = e.target.closest('button.show-candidates');
      if (b) await openProfile(b.dataset.org);
    }));
    $('#close-profile').addEventListener('click', closeProfile);
    $('#tiles').addEventListener('change', e => toggleTiles(e.target.checked));
    document.querySelectorAll('#tie-filter input').forEach(i => i.addEventListener('change', applyTieFilter));
    $('#net-zoom-in').addEventListener('click', () => zoomNetwork(1.25));
    $('#net-zoom-out').addEventListener('click', () => zoomNetwork(0.8));
    $('#net-fit').addEventListener('click', () => cy && cy.fit(undefined, 30));
    $('#profile-heading').setAttribute('tabindex', '-1');
    wireSearch();
    // a new width (a turned phone, a resized window) gets the layout made for it
    let resizeTimer;
    window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => {
      if (cy && $('#network').clientWidth !== state.networkWidth) renderNetwork();
    }, 150); });
    await guarded(async () => {
      // Each question a page, each shown when it comes, the gap table first: the region list, the
      // network and the map are asked once it has answered (at a large store they take longest).
      renderRegions();
      const small = Promise.all([
        fetch('/api/questions', { headers: { Accept: 'application/json' } }).then(r => r.ok ? r.json() : []),
        rowsOf('competence-labels', { limit: 1000 }).catch(err => { fail(err); return []; })   // else competences by their slugs
      ]);
      const gapShown = new Promise(resolve => { state.afterGap = resolve; });
      const shown = showRegion();
      await gapShown;
      const changesShown = loadChanges();
      const regions = await rowsOf('regions', { limit: 1000 }).catch(err => { fail(err); return []; });   // else only the chosen region
      const [catalogue, competences] = await small;
      (Array.isArray(catalogue) ? catalogue : (catalogue.questions || [])).forEach(q => state.questions.add(q.name));
      state.regions = regions;
      competences.forEach(c => state.competences.set(c.slug, c));
      renderRegions();
      renderGap();   // the empty state names the region
      renderChanges();   // competences by their labels, the region by its name
      await shown;
      await changesShown;
      if (params.get('org')) await openProfile(params.get('org'));
      window.regiokg.ready = true;
    })();
  }

  start();
})();
