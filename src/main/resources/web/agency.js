// The agency's page. Everything it shows comes from the stored questions under /api/questions/
// (queries/*.rq); this script only fetches, lays out and links. No query logic here.
(function () {
  'use strict';

  const DEFAULT_REGION = 'https://w3id.org/regiokg/id/place/suedwestfalen';
  const TEXT = {
    de: {
      'nav.api': 'API', 'nav.editor': 'Abfrage-Editor', 'toggle': 'English',
      'title': 'Weltmarktführer ohne Digitalpartner',
      'intro': 'Welche Weltmarktführer einer Region haben keine Verbindung zu einer Organisation mit Digitalkompetenz, und wer käme als Partner in Frage?',
      'region': 'Region', 'csv': 'Als CSV herunterladen', 'gap.title': 'Weltmarktführer ohne Digitalpartner',
      'col.company': 'Unternehmen', 'col.niche': 'Nische', 'col.town': 'Ort', 'col.ownDigital': 'Eigene Digitalkompetenz',
      'col.ties': 'Verbindungen', 'col.candidates': 'Partner', 'col.candidate': 'Kandidat', 'col.competences': 'Digitalkompetenzen',
      'cand.title': 'Mögliche Digitalpartner für',
      'cand.note': 'score = competenceScore + 2 × proximityScore + regionTiesScore (Berechnung: Frage digital-partner-candidates).',
      'net.title': 'Kooperationsnetz',
      'net.note': 'Organisationen als Knoten; Kanten: Vereinbarungen, Partnerschaften, Netzwerkmitgliedschaften.',
      'legend.wml': 'Weltmarktführer', 'legend.digital': 'mit Digitalkompetenz', 'legend.other': 'andere',
      'map.title': 'Karte',
      'map.note': 'Orte mit Koordinaten und die dort ansässigen Organisationen (Punkt des nächsten Orts mit Koordinaten).',
      'map.tiles': 'Kartenkacheln von OpenStreetMap laden (online)',
      'show': 'Kandidaten', 'yes': 'ja', 'no': 'nein', 'loading': 'lädt …', 'none': 'keine', 'error': 'Fehler: '
    },
    en: {
      'nav.api': 'API', 'nav.editor': 'Query editor', 'toggle': 'Deutsch',
      'title': 'World market leaders without a digital partner',
      'intro': 'Which world market leaders of a region have no tie to an organisation with a digital competence, and who could be their partner?',
      'region': 'Region', 'csv': 'Download as CSV', 'gap.title': 'World market leaders without a digital partner',
      'col.company': 'Company', 'col.niche': 'Niche', 'col.town': 'Town', 'col.ownDigital': 'Own digital competence',
      'col.ties': 'Ties', 'col.candidates': 'Partners', 'col.candidate': 'Candidate', 'col.competences': 'Digital competences',
      'cand.title': 'Candidate digital partners for',
      'cand.note': 'score = competenceScore + 2 × proximityScore + regionTiesScore (computed by the question digital-partner-candidates).',
      'net.title': 'Cooperation network',
      'net.note': 'Organisations as nodes; edges: agreements, partnerships, network memberships.',
      'legend.wml': 'world market leader', 'legend.digital': 'with a digital competence', 'legend.other': 'other',
      'map.title': 'Map',
      'map.note': 'Places with coordinates and the organisations seated there (point of the nearest place that has coordinates).',
      'map.tiles': 'Load map tiles from OpenStreetMap (online)',
      'show': 'Candidates', 'yes': 'yes', 'no': 'no', 'loading': 'loading …', 'none': 'none', 'error': 'Error: '
    }
  };

  const params = new URLSearchParams(location.search);
  const state = {
    lang: params.get('lang') === 'en' ? 'en' : 'de',
    region: params.get('region') || DEFAULT_REGION,
    regions: [], gap: [], selectedOrg: null, candidates: null
  };
  const $ = (sel) => document.querySelector(sel);
  const t = (key) => TEXT[state.lang][key] || key;

  /** GET /api/questions/NAME as JSON rows. */
  async function ask(name, args) {
    const url = new URL('/api/questions/' + name, location.origin);
    Object.entries(args || {}).forEach(([k, v]) => url.searchParams.set(k, v));
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(name + ': HTTP ' + response.status);
    return response.json();
  }

  /** The local page of one of RegioKG's IRIs. */
  function href(iri) {
    const base = 'https://w3id.org/regiokg/';
    if (iri && iri.startsWith(base + 'id/')) return '/id/' + iri.substring((base + 'id/').length) + (state.lang === 'en' ? '?lang=en' : '');
    return iri;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== undefined && v !== null) e.setAttribute(k, v); });
    children.forEach(c => e.append(c === undefined || c === null ? '' : c));
    return e;
  }
  const link = (iri, text) => el('a', { href: href(iri), class: 'thing-link' }, text || iri);
  const num = (v) => el('td', { class: 'num' }, v === undefined || v === null ? '–' : String(v));
  const yesNo = (v) => (v === true || v === 'true') ? t('yes') : t('no');

  function status(message) { $('#status').textContent = message || ''; }

  function applyTexts() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    $('#lang-toggle').textContent = t('toggle');
    document.title = 'RegioKG · ' + t('title');
  }

  function updateUrl() {
    const p = new URLSearchParams();
    if (state.lang === 'en') p.set('lang', 'en');
    if (state.region !== DEFAULT_REGION) p.set('region', state.region);
    history.replaceState(null, '', location.pathname + (p.toString() ? '?' + p : ''));
    $('#csv-link').href = '/api/questions/world-market-leaders-without-digital-partner?format=csv&region=' + encodeURIComponent(state.region);
  }

  // ---------------------------------------------------------------- regions

  function renderRegions() {
    const select = $('#region');
    select.replaceChildren();
    const known = state.regions.some(r => r.region === state.region);
    if (!known) select.append(el('option', { value: state.region }, state.region));
    state.regions.forEach(r => {
      const name = (state.lang === 'en' ? (r.nameEn || r.nameDe) : (r.nameDe || r.nameEn)) || r.region;
      const option = el('option', { value: r.region }, name + (r.kind ? ' (' + r.kind + ')' : ''));
      if (r.region === state.region) option.selected = true;
      select.append(option);
    });
  }

  // ---------------------------------------------------------------- the gap table

  async function loadGap() {
    status(t('loading'));
    state.gap = await ask('world-market-leaders-without-digital-partner', { region: state.region, limit: 1000 });
    status('');
    renderGap();
  }

  function renderGap() {
    const body = $('#gap-table tbody');
    body.replaceChildren();
    const seen = new Set();
    state.gap.forEach(row => {
      if (seen.has(row.org)) return;   // one row per company, even where two sources name it
      seen.add(row.org);
      const button = el('button', { type: 'button', class: 'show-candidates', 'data-org': row.org }, t('show'));
      button.addEventListener('click', () => showCandidates(row.org, row.name));
      const tr = el('tr', { 'data-org': row.org, title: row.reason },
        el('td', {}, link(row.org, row.name)),
        el('td', {}, row.niche || ''),
        el('td', {}, row.townPlace ? link(row.townPlace, row.town) : (row.town || '')),
        el('td', {}, yesNo(row.ownDigitalCompetence)),
        num(row.ties),
        el('td', {}, button));
      if (row.org === state.selectedOrg) tr.classList.add('selected');
      body.append(tr);
    });
    $('#gap-count').textContent = String(seen.size);
  }

  // ---------------------------------------------------------------- candidates

  async function showCandidates(org, name) {
    state.selectedOrg = org;
    document.querySelectorAll('#gap-table tr.selected').forEach(tr => tr.classList.remove('selected'));
    const row = document.querySelector('#gap-table tr[data-org="' + CSS.escape(org) + '"]');
    if (row) row.classList.add('selected');
    status(t('loading'));
    state.candidates = { org, name, rows: await ask('digital-partner-candidates', { region: state.region, org, limit: 1000 }) };
    status('');
    renderCandidates();
  }

  function renderCandidates() {
    const section = $('#candidates');
    if (!state.candidates) { section.hidden = true; return; }
    section.hidden = false;
    const orgLink = $('#candidates-org');
    orgLink.href = href(state.candidates.org);
    orgLink.textContent = state.candidates.name || state.candidates.org;
    const body = $('#candidates-table tbody');
    body.replaceChildren();
    state.candidates.rows.forEach((c, i) => body.append(el('tr', { 'data-candidate': c.candidate },
      num(i + 1),
      el('td', { class: 'candidate' }, link(c.candidate, c.candidateName)),
      num(c.competenceScore),
      el('td', {}, c.digitalCompetences || ''),
      num(c.distanceKm), num(c.proximityScore), num(c.regionTies), num(c.regionTiesScore),
      el('td', { class: 'num score' }, el('strong', {}, String(c.score))))));
    section.scrollIntoView({ block: 'nearest' });
  }

  // ---------------------------------------------------------------- the network (Cytoscape.js)

  async function loadNetwork() {
    const edges = await ask('cooperation-network');
    const nodes = new Map();
    const node = (iri, name, wml, digital) => {
      const n = nodes.get(iri) || { data: { id: iri, label: name || iri }, classes: [] };
      if (wml === true) n.classes.push('wml');
      if (digital === true) n.classes.push('digital');
      nodes.set(iri, n);
    };
    const elements = [];
    edges.forEach((e, i) => {
      node(e.source, e.sourceName, e.sourceWorldMarketLeader, e.sourceDigital);
      node(e.target, e.targetName, e.targetWorldMarketLeader, e.targetDigital);
      elements.push({ data: { id: 'e' + i, source: e.source, target: e.target, label: e.viaTitle || e.relation, count: e.count }, classes: e.relation });
    });
    nodes.forEach(n => elements.push({ data: n.data, classes: [...new Set(n.classes)].join(' ') }));
    const cy = cytoscape({
      container: $('#network'),
      elements,
      layout: { name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 8000, idealEdgeLength: () => 60, componentSpacing: 60, nodeDimensionsIncludeLabels: true, padding: 20 },
      style: [
        { selector: 'node', style: { 'background-color': '#999', label: 'data(label)', 'font-size': 9, 'text-valign': 'bottom', 'text-margin-y': 3, width: 14, height: 14 } },
        { selector: 'node.digital', style: { 'background-color': '#2b7bd9' } },
        { selector: 'node.wml', style: { 'background-color': '#d9822b' } },
        { selector: 'edge', style: { width: 1.5, 'line-color': '#aab', 'curve-style': 'bezier' } },
        { selector: 'edge.agreement', style: { 'line-color': '#2b7bd9', width: 2.5 } },
        { selector: 'edge.partnership', style: { 'line-color': '#3a3', width: 2.5 } },
        { selector: 'edge.partner', style: { 'line-color': '#3a3', 'line-style': 'dashed' } },
        { selector: 'edge.membership', style: { 'line-color': '#bbb', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#bbb' } }
      ],
      wheelSensitivity: 0.3
    });
    cy.on('tap', 'node', evt => { window.location.href = href(evt.target.id()); });
    window.regiokg.network = cy;
  }

  // ---------------------------------------------------------------- the map (Leaflet, no tiles by default)

  let map, tileLayer;
  async function loadMap() {
    const features = await ask('map-features');
    map = L.map('map', { attributionControl: true, zoomSnap: 0.25 });
    const places = features.filter(f => f.featureKind === 'place');
    const orgs = features.filter(f => f.featureKind === 'organisation');
    const bounds = [];
    places.forEach(p => {
      const ll = [p.lat, p.lon];
      bounds.push(ll);
      L.circleMarker(ll, { radius: 5, color: '#456', weight: 1, fillColor: '#fff', fillOpacity: 1 })
        .bindTooltip(escapeHtml(p.name || p.feature), { permanent: true, direction: 'right', offset: [14, 0], className: 'place-label' })
        .addTo(map);
    });
    // Organisations sharing one point are set around it in a small ring, so that each can be clicked.
    const byPoint = new Map();
    orgs.forEach(o => { const k = o.wkt; byPoint.set(k, (byPoint.get(k) || []).concat([o])); });
    let count = 0;
    byPoint.forEach(group => group.forEach((o, i) => {
      const angle = 2 * Math.PI * i / group.length;
      const r = group.length > 1 ? 0.012 + 0.002 * group.length : 0;
      const ll = [o.lat + r * Math.sin(angle), o.lon + r * 1.6 * Math.cos(angle)];
      const colour = o.worldMarketLeader ? '#d9822b' : o.digital ? '#2b7bd9' : '#999';
      L.circleMarker(ll, { radius: 6, color: '#333', weight: 1, fillColor: colour, fillOpacity: 0.9 })
        .bindPopup('<a href="' + href(o.feature) + '">' + escapeHtml(o.name || o.feature) + '</a><br>' +
                   escapeHtml(o.kind || '') + (o.pointPlaceName ? '<br>' + escapeHtml(o.pointPlaceName) : ''))
        .addTo(map);
      bounds.push(ll);
      count++;
    }));
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30] }); else map.setView([51.3, 7.9], 8);
    window.regiokg.map = map;
    window.regiokg.mapMarkers = count;
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
      applyTexts(); updateUrl(); renderRegions(); renderGap(); renderCandidates();
    });
    $('#region').addEventListener('change', async e => {
      state.region = e.target.value;
      state.candidates = null; state.selectedOrg = null;
      renderCandidates(); updateUrl();
      try { await loadGap(); } catch (err) { status(t('error') + err.message); }
    });
    $('#tiles').addEventListener('change', e => toggleTiles(e.target.checked));
    try {
      state.regions = await ask('regions');
      renderRegions();
      await Promise.all([loadGap(), loadNetwork(), loadMap()]);
      window.regiokg.ready = true;
    } catch (err) {
      status(t('error') + err.message);
      console.error(err);
    }
  }

  start();
})();
