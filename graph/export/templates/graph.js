// newsgraph explorer: builds the vis-network view from the embedded JSON and wires search,
// filters, colouring and the details panel. Text from the data reaches the DOM only through
// textContent (see el()) and vis-network's plain-text tooltips, never through innerHTML.
// As in pyvis pages, the vis Network is the global `network`; `nodes` and `edges` are its
// DataSets, and `newsgraph` exposes the page's own functions to scripts.
var network, nodes, edges, newsgraph;
(function () {
  "use strict";
  var data = unpack(JSON.parse(document.getElementById("graph-data").textContent));
  performance.mark("newsgraph:parsed");
  // html.py's pack(): nodes and edges come as rows; node ids inside edges as indexes.
  function unpack(d) {
    if (!d.packed) { return d; }
    var NK = ["id", "name", "type", "aliases", "mentions", "documents", "metrics", "community", "roles", "country", "x", "y", "subtype"];
    var EK = ["id", "from", "to", "relation", "weight", "directed", "status", "dates", "evidence", "counted"];
    var obj = function (row, keys) {
      var o = {};
      for (var i = 0; i < row.length; i++) { if (row[i] !== null) { o[keys[i]] = row[i]; } }
      return o;
    };
    d.nodes = d.nodes.map(function (r) {
      var n = obj(r, NK), m = {};
      n.type = d.types[n.type].name;
      d.metrics.forEach(function (k, i) { m[k] = n.metrics[i]; });
      n.metrics = m;
      return n;
    });
    d.edges = d.edges.map(function (r) {
      var e = obj(r, EK);
      e.from = d.nodes[e.from].id; e.to = d.nodes[e.to].id;
      e.relation = d.relations[e.relation].name; e.directed = !!e.directed; e.dates = e.dates || [];
      return e;
    });
    return d;
  }
  var $ = function (id) { return document.getElementById(id); };
  var byId = {}, edgeById = {}, typeInfo = {}, relationInfo = {}, incident = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; incident[n.id] = []; });
  data.types.forEach(function (t) { typeInfo[t.name] = t; });
  data.relations.forEach(function (r) { relationInfo[r.name] = r; });
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    incident[e.from].push(e);
    if (e.to !== e.from) { incident[e.to].push(e); }
  });
  var state = {
    colorBy: data.colorBy === "community" ? "community" : "type",
    sizeBy: data.sizeBy,
    types: new Set(data.types.map(function (t) { return t.name; })),
    relations: new Set(data.relations.map(function (r) { return r.name; })),
    since: "", until: "", minWeight: 1
  };
  // What the DataSets hold: all of a small page; on a large one the overview first, then
  // what search, expand and focus add. `pinned` entities draw all their co-mentions.
  var drawnNodes = {}, drawnEdges = {}, pinned = {};
  var overviewOrder = data.overview ? data.overview.map(function (i) { return data.nodes[i].id; }) : null;
  state.drawCount = data.overviewSize;
  var hidden = { nodes: {}, edges: {} };  // what the DataSets hide now: only changes are sent
  var EXPAND_BATCH = data.expandBatch;  // neighbours one expand (or "draw more") adds at most

  // ---- small helpers -------------------------------------------------------------------
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "onclick") { node.addEventListener("click", props[k]); }
      else if (k === "className") { node.className = props[k]; }
      else { node.setAttribute(k, props[k]); }
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function fold(text) { return String(text).normalize("NFKC").toLowerCase().trim(); }
  function fmt(v) {
    if (typeof v !== "number") { return "\u2013"; }
    return Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, "").replace(/\.?0+e/, "e");
  }
  function short(text, n) { return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }
  function metric(n, m) { return m === "mentions" ? n.mentions : (n.metrics[m] || 0); }
  function arrow(e) { return e.directed ? " \u2192 " : " \u2014 "; }
  function edgeName(e) {
    return byId[e.from].name + arrow(e) + byId[e.to].name;
  }
  function firstDay(d) { return (d + "-01-01").slice(0, 10); }
  function lastDay(d) {
    var p = d.split("-").map(Number);
    if (p.length === 3) { return d; }
    var month = p.length === 2 ? p[1] : 12, day = new Date(Date.UTC(p[0], month, 0)).getUTCDate();
    return p[0] + "-" + String(month).padStart(2, "0") + "-" + String(day).padStart(2, "0");
  }
  function relLabel(e) { return (relationInfo[e.relation] || { label: e.relation }).label; }
  function dateRange(e) {
    if (!e.dates.length) { return ""; }
    var first = e.dates[0][0], last = e.dates[e.dates.length - 1][0];
    return first === last ? first : first + " to " + last;
  }

  // ---- drawing ----------------------------------------------------------------------------
  function nodeColor(n) {
    if (state.colorBy === "community") {
      var c = n.community;
      return c !== undefined && c < data.communityColors.length ? data.communityColors[c] : "#b5b5b5";
    }
    return (typeInfo[n.type] || { color: "#999999" }).color;
  }
  function nodeSizes(m) {
    var top = 0, out = {};
    data.nodes.forEach(function (n) { top = Math.max(top, metric(n, m)); });
    data.nodes.forEach(function (n) {
      out[n.id] = 8 + 32 * Math.sqrt(Math.max(metric(n, m), 0) / (top || 1));
    });
    return out;
  }
  function nodeTooltip(n) {
    var lines = [n.name + " (" + n.type + ")"];
    if (n.aliases.length) { lines.push("Also: " + short(n.aliases.slice(0, 6).join(", "), 160)); }
    if (n.roles) { lines.push(short(n.roles.slice(0, 3).join("; "), 160)); }
    lines.push(plural(n.mentions, "mention") + " in " + plural(n.documents, "document"));
    lines.push("Click for details");
    return lines.join("\n");
  }
  function edgeTooltip(e) {
    var lines = [edgeName(e) + ": " + relLabel(e) + " (" + plural(e.weight, "sentence") + ")"];
    if (e.status !== "asserted") { lines.push(e.status === "negated" ? "Negated: did not happen" : "Hypothetical: planned or possible"); }
    if (e.dates.length) { lines.push("Dated " + dateRange(e)); }
    if (e.evidence.length) { lines.push("\u201c" + short(data.sentences[e.evidence[0].s], 240) + "\u201d"); }
    lines.push("Click for the evidence");
    return lines.join("\n");
  }
  function edgeLabel(e) {
    var count = e.weight > 1 ? "\u00d7" + e.weight : "";
    if (e.relation === data.coMention) { return count; }
    var label = relLabel(e) + (count ? " " + count : "");
    if (e.status === "negated") { return "\u2717 " + label; }
    if (e.status === "hypothetical") { return "? " + label; }
    return label;
  }
  function edgeDashes(e) {
    if (e.status === "negated") { return [2, 5]; }
    if (e.status === "hypothetical") { return [10, 4, 2, 4]; }
    return e.relation === data.coMention ? [6, 6] : false;
  }
  function visNode(n, sizes) {
    var item = { id: n.id, label: n.name, title: nodeTooltip(n), shape: "dot", size: sizes[n.id],
                 color: nodeColor(n), type: n.type };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }
  var pairSlot = {};  // edge id -> [its place among the edges of its pair, how many]
  (function () {
    var pairs = {};
    data.edges.forEach(function (e) {
      var key = e.from < e.to ? e.from + " " + e.to : e.to + " " + e.from;
      (pairs[key] = pairs[key] || []).push(e);
    });
    Object.keys(pairs).forEach(function (key) {
      pairs[key].forEach(function (e, i) { pairSlot[e.id] = [i, pairs[key].length]; });
    });
  })();
  function visEdge(e, sizes) {
    var i = pairSlot[e.id][0], group = { length: pairSlot[e.id][1] }, out = [];
    (function () {
      (function () {
        var rel = relationInfo[e.relation] || { color: "#888888" };
        var co = e.relation === data.coMention;
        out.push({
          id: e.id, from: e.from, to: e.to, relation: e.relation, weight: e.weight, status: e.status,
          label: edgeLabel(e), title: edgeTooltip(e), value: e.weight, dashes: edgeDashes(e),
          arrows: { to: { enabled: e.directed, scaleFactor: 0.6 } },
          // Springs as long as the nodes are big, so an edge between big nodes stays visible.
          length: 110 + 1.5 * (sizes[e.from] + sizes[e.to]),
          color: { color: rel.color, highlight: rel.color, hover: rel.color, opacity: co ? 0.55 : 1 },
          // One drawn edge per relation type and pair: several between a pair curve apart.
          smooth: group.length > 1 ? { enabled: true, type: "curvedCW", roundness: 0.12 + 0.16 * i } : false
        });
      })();
    })();
    return out[0];
  }
  function drawable(e) {
    // Actions always; co-mentions above the overview's weight, or at an expanded entity.
    if (!drawnNodes[e.from] || !drawnNodes[e.to]) { return false; }
    return e.relation !== data.coMention || e.weight >= data.coMinWeight || !!pinned[e.from] || !!pinned[e.to];
  }
  // ---- placing what is added ---------------------------------------------------------------
  // Entities without a Python position go round an anchor (the entity expanded, or a drawn
  // neighbour) on rings, each at the first spot where its dot and label touch nothing drawn:
  // labels added by expand, focus or search never cover each other or the ones drawn.
  var ruler = document.createElement("canvas").getContext("2d");
  ruler.font = "14px arial";  // vis-network's node font: options.nodes.font sets only the size
  var labelWidths = {}, CELL = 200, RING = 30, RINGS = 120;
  function footprint(id, x, y) {
    // The dot, and the label vis-network hangs 11 px under it (14 px text), with a margin.
    var s = sizes[id], w = labelWidths[id];
    if (w === undefined) { w = labelWidths[id] = ruler.measureText(byId[id].name).width; }
    var half = Math.max(s, w / 2) + 6;
    return [x - half, y - s - 4, x + half, y + s + 29];
  }
  function occupied() {
    // The footprints of what is drawn, in a grid of CELL px squares: a spot is checked
    // against the few footprints of the squares it covers.
    var cells = {};
    function each(b, fn) {
      for (var gx = Math.floor(b[0] / CELL); gx <= Math.floor(b[2] / CELL); gx++) {
        for (var gy = Math.floor(b[1] / CELL); gy <= Math.floor(b[3] / CELL); gy++) { fn(gx * 65536 + gy); }
      }
    }
    var room = {
      ring: {},  // anchor position -> the ring its last entity went on: inner ones are full
      add: function (b) { each(b, function (k) { (cells[k] = cells[k] || []).push(b); }); },
      free: function (b) {
        var ok = true;
        each(b, function (k) {
          ok = ok && !(cells[k] || []).some(function (c) { return b[0] < c[2] && c[0] < b[2] && b[1] < c[3] && c[1] < b[3]; });
        });
        return ok;
      }
    };
    var at = network.getPositions();
    Object.keys(at).forEach(function (id) { room.add(footprint(id, at[id].x, at[id].y)); });
    return room;
  }
  function spot(id, at, room) {
    // Rings RING px apart round `at`, spots about RING px apart on each, starting at the top.
    var b, x = at.x, y = at.y, key = at.x + " " + at.y;
    for (var ring = room.ring[key] || 1; ring <= RINGS; ring++) {
      var r = 20 + ring * RING, count = Math.max(8, Math.floor(2 * Math.PI * r / RING));
      for (var i = 0; i < count; i++) {
        var a = -Math.PI / 2 + 2 * Math.PI * i / count;
        x = at.x + r * Math.cos(a); y = at.y + r * Math.sin(a); b = footprint(id, x, y);
        if (room.free(b)) { room.add(b); room.ring[key] = ring; return { x: x, y: y }; }
      }
    }
    room.add(b);  // nowhere free within RINGS rings: the last spot tried
    return { x: x, y: y };
  }
  function syncEdges() {
    var add = [], drop = [];
    data.edges.forEach(function (e) {
      var want = drawable(e);
      if (want && !drawnEdges[e.id]) { drawnEdges[e.id] = true; hidden.edges[e.id] = false; add.push(visEdge(e, sizes)); }
      else if (!want && drawnEdges[e.id]) { delete drawnEdges[e.id]; delete hidden.edges[e.id]; drop.push(e.id); }
    });
    if (drop.length) { edges.remove(drop); }
    if (add.length) { edges.add(add); }
  }
  function drawNodes(ids, anchor) {
    var fresh = ids.filter(function (id) { return !drawnNodes[id]; }), add = [], at = {};
    fresh.forEach(function (id) { drawnNodes[id] = true; hidden.nodes[id] = false; });
    var room = fresh.length ? occupied() : null;
    // Python's positions first (the overview), then the others round their anchors.
    var fixed = fresh.filter(function (id) { return byId[id].x !== undefined && anchor === undefined; });
    fixed.forEach(function (id) { at[id] = { x: byId[id].x, y: byId[id].y }; room.add(footprint(id, at[id].x, at[id].y)); });
    fresh.forEach(function (id) {
      if (!at[id]) { at[id] = spot(id, anchorAt(id, anchor, at), room); }
      var item = visNode(byId[id], sizes);
      item.x = at[id].x; item.y = at[id].y;
      add.push(item);
    });
    if (add.length) { nodes.add(add); }
    syncEdges();
    applyFilters();
    return add.length;
  }
  function anchorAt(id, anchor, placed) {
    // Where the anchor is: the one given, else a neighbour drawn before or in this batch.
    if (anchor === undefined) {
      anchor = incident[id].map(function (e) { return e.from === id ? e.to : e.from; })
        .filter(function (o) { return o !== id && (placed[o] || nodes.get(o)); })[0];
    }
    if (anchor === undefined) { return { x: 0, y: 0 }; }
    return placed[anchor] || (nodes.get(anchor) ? network.getPositions([anchor])[anchor] : { x: 0, y: 0 });
  }
  function setDrawn(ids, anchor) {
    var keep = {};
    ids.forEach(function (id) { keep[id] = true; });
    var drop = Object.keys(drawnNodes).filter(function (id) { return !keep[id]; });
    drop.forEach(function (id) { delete drawnNodes[id]; delete hidden.nodes[id]; delete pinned[id]; });
    nodes.remove(drop);
    if (anchor !== undefined && drawnNodes[anchor]) { nodes.update([{ id: anchor, x: 0, y: 0 }]); }
    if (anchor === undefined) {
      // What stays goes back to Python's place (focus moved it there from), so the overview
      // drawn again is the one laid out and what is added round it finds its free spots.
      var back = ids.filter(function (id) { return drawnNodes[id] && byId[id].x !== undefined; });
      if (back.length) { nodes.update(back.map(function (id) { return { id: id, x: byId[id].x, y: byId[id].y }; })); }
    }
    return drawNodes(ids, anchor);
  }
  function neighbours(id) {
    var out = [];
    incident[id].forEach(function (e) {
      if (!state.relations.has(e.relation)) { return; }
      var o = e.from === id ? e.to : e.from;
      if (o !== id && out.indexOf(o) < 0) { out.push(o); }
    });
    return out;
  }
  function ranked(id) {
    // Its neighbours, those it has an action with first, then the most central by the
    // size measure in use: the order in which expand and focus draw them.
    var acts = {};
    incident[id].forEach(function (e) { if (e.relation !== data.coMention) { acts[e.from === id ? e.to : e.from] = 1; } });
    return neighbours(id).sort(function (a, b) {
      return (acts[b] || 0) - (acts[a] || 0) || metric(byId[b], state.sizeBy) - metric(byId[a], state.sizeBy) ||
        (a < b ? -1 : 1);
    });
  }
  function nextBatch(id) {
    // A hub can have hundreds of neighbours: one expand draws EXPAND_BATCH of them at most.
    return ranked(id).filter(function (o) { return !drawnNodes[o]; }).slice(0, EXPAND_BATCH);
  }
  function expand(id) {
    // Draws the entity's next neighbours (through the relations the legend shows) and the
    // lines to them; called again ("draw more"), the batch after.
    pinned[id] = true;
    var before = Object.keys(drawnNodes).length;
    if (!drawnNodes[id]) { drawNodes([id]); }
    drawNodes(nextBatch(id), id);
    syncEdges(); applyFilters();
    return Object.keys(drawnNodes).length - before;
  }
  function focusOn(id) {
    // Only the entity and its neighbourhood (its first batch of neighbours), around it.
    Object.keys(pinned).forEach(function (p) { delete pinned[p]; });
    pinned[id] = true;
    setDrawn([id], undefined);
    nodes.update([{ id: id, x: 0, y: 0 }]);
    drawNodes(nextBatch(id), id);
    network.fit({ animation: false });
    showNode(id);
  }
  function showOverview(count) {
    if (!overviewOrder) { return; }
    state.drawCount = Math.max(1, count || state.drawCount);
    Object.keys(pinned).forEach(function (p) { delete pinned[p]; });
    setDrawn(overviewOrder.slice(0, state.drawCount));
    $("draw-count").value = String(state.drawCount);
    network.fit({ animation: false });
  }

  var large = !data.physics;
  var sizes = nodeSizes(state.sizeBy);
  var first = overviewOrder ? overviewOrder.slice(0, data.overviewSize) : data.nodes.map(function (n) { return n.id; });
  first.forEach(function (id) { drawnNodes[id] = true; hidden.nodes[id] = false; });
  nodes = new vis.DataSet(first.map(function (id) { return visNode(byId[id], sizes); }));
  edges = new vis.DataSet(data.edges.filter(drawable).map(function (e) {
    drawnEdges[e.id] = true; hidden.edges[e.id] = false; return visEdge(e, sizes);
  }));
  var options = {
    nodes: { shape: "dot", borderWidth: 1, font: { size: 14, strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { smooth: false, selectionWidth: 2, font: { size: 11, align: "middle", strokeWidth: 3, color: "#444444" },
             scaling: { min: 1, max: 8, label: { enabled: false } }, arrows: { to: { scaleFactor: 0.6 } } },
    layout: { improvedLayout: false },
    physics: data.physics ? {
      enabled: true, solver: "forceAtlas2Based", minVelocity: 1,
      forceAtlas2Based: { gravitationalConstant: -80, springLength: 140, damping: 0.5, avoidOverlap: 0.8 },
      stabilization: { enabled: true, iterations: 300, updateInterval: 50, fit: true }
    } : { enabled: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                   navigationButtons: false, keyboard: false }
  };
  performance.mark("newsgraph:datasets");
  network = new vis.Network($("mynetwork"), { nodes: nodes, edges: edges }, options);
  performance.mark("newsgraph:network");

  // ---- filters (they mirror graph.select: see Selection) ---------------------------------
  function inWindow(date, since, until) {
    if (!since && !until) { return true; }
    if (!date) { return false; }
    var n;
    if (since) { n = Math.min(date.length, since.length); if (date.slice(0, n) < since.slice(0, n)) { return false; } }
    if (until) { n = Math.min(date.length, until.length); if (date.slice(0, n) > until.slice(0, n)) { return false; } }
    return true;
  }
  function windowWeight(e) {
    if (!state.since && !state.until) { return e.weight; }
    return (e.counted || e.dates).reduce(function (sum, d) { return sum + (inWindow(d[0], state.since, state.until) ? d[1] : 0); }, 0);
  }
  function inWindowEdge(e) {
    if (!state.since && !state.until) { return true; }
    return e.dates.some(function (d) { return inWindow(d[0], state.since, state.until); });
  }
  function edgeFilterActive() {
    return state.relations.size < data.relations.length || !!state.since || !!state.until || state.minWeight > 1;
  }
  function applyFilters() {
    var linked = {}, edgeUpdates = [], nodeUpdates = [], shownEdges = 0, shownNodes = 0;
    var filtering = edgeFilterActive();
    var visible = {}, shownList = data.edges.filter(function (e) { return drawnEdges[e.id]; });
    shownList.forEach(function (e) {
      var ok = state.types.has(byId[e.from].type) && state.types.has(byId[e.to].type) &&
               state.relations.has(e.relation) && inWindowEdge(e) &&
               // Weight-0 edges (only negated or hypothetical evidence) pass the default minimum.
               (state.minWeight <= 1 || windowWeight(e) >= state.minWeight);
      visible[e.id] = ok;
      if (ok) { linked[e.from] = linked[e.to] = true; }
    });
    Object.keys(drawnNodes).forEach(function (id) {
      var n = byId[id], show = state.types.has(n.type) && (!filtering || !!linked[n.id]);
      if (show) { shownNodes += 1; }
      if (hidden.nodes[n.id] !== !show) { hidden.nodes[n.id] = !show; nodeUpdates.push({ id: n.id, hidden: !show }); }
    });
    shownList.forEach(function (e) {
      var show = visible[e.id] && !hidden.nodes[e.from] && !hidden.nodes[e.to];
      if (show) { shownEdges += 1; }
      if (hidden.edges[e.id] !== !show) { hidden.edges[e.id] = !show; edgeUpdates.push({ id: e.id, hidden: !show }); }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    $("status").textContent = "Showing " + shownNodes + " of " + plural(data.nodes.length, "entity").replace(/entitys$/, "entities") +
      " and " + shownEdges + " of " + plural(data.edges.length, "relation") + ".";
    return { nodes: shownNodes, edges: shownEdges };
  }
  function visibleCounts() {
    return {
      nodes: Object.keys(hidden.nodes).filter(function (id) { return !hidden.nodes[id]; }).length,
      edges: Object.keys(hidden.edges).filter(function (id) { return !hidden.edges[id]; }).length
    };
  }

  // ---- legends and controls ---------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function lineSample(color, dashes, directed) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "28"); svg.setAttribute("height", "10"); svg.setAttribute("class", "line");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5"); line.setAttribute("x2", directed ? "21" : "27");
    line.setAttribute("y2", "5"); line.setAttribute("stroke", color); line.setAttribute("stroke-width", "2.5");
    if (dashes) { line.setAttribute("stroke-dasharray", dashes.join(" ")); }
    svg.appendChild(line);
    if (directed) {
      var head = document.createElementNS(SVG, "path");
      head.setAttribute("d", "M20 1 L27 5 L20 9 Z"); head.setAttribute("fill", color);
      svg.appendChild(head);
    }
    return svg;
  }
  function checkItem(set, name, sample, text, count) {
    var box = el("input", { type: "checkbox", "data-name": name });
    box.checked = set.has(name);
    box.addEventListener("change", function () {
      if (box.checked) { set.add(name); } else { set.delete(name); }
      applyFilters();
    });
    return el("label", { className: "legend-item" }, [box, sample, text, el("span", { className: "count" }, [count])]);
  }
  function buildLegends() {
    var types = $("type-legend"), rels = $("relation-legend"), styles = $("style-legend");
    data.types.forEach(function (t) {
      types.appendChild(checkItem(state.types, t.name, el("span", { className: "swatch", style: "background:" + t.color }),
                                  t.name, t.count));
    });
    data.relations.forEach(function (r) {
      var co = r.name === data.coMention;
      rels.appendChild(checkItem(state.relations, r.name, lineSample(r.color, co ? [6, 6] : null, r.directed),
                                 r.label, r.count));
    });
    var statuses = {};
    data.edges.forEach(function (e) { statuses[e.status] = (statuses[e.status] || 0) + 1; });
    [["negated", [2, 5], "\u2717 negated: did not happen"], ["hypothetical", [10, 4, 2, 4], "? hypothetical: planned or possible"]]
      .forEach(function (s) {
        if (statuses[s[0]]) {
          styles.appendChild(el("div", { className: "legend-item static" },
                                [lineSample("#555555", s[1], false), s[2], el("span", { className: "count" }, [statuses[s[0]]])]));
        }
      });
    var sizeBy = $("size-by");
    data.metrics.forEach(function (m) { sizeBy.appendChild(el("option", { value: m }, [m.replace("_", " ")])); });
    sizeBy.value = state.sizeBy;
    $("color-by").value = state.colorBy;
    // The plausible range html.py computed (misread years such as 1800 or 2046 left out).
    var dates = data.dateRange || [];
    if (dates.length) {
      $("since").min = $("until").min = firstDay(dates[0]);
      $("since").max = $("until").max = lastDay(dates[dates.length - 1]);
    } else {
      $("since").disabled = $("until").disabled = true;
      $("no-dates").hidden = false;
    }
    var top = 1;
    data.edges.forEach(function (e) { top = Math.max(top, e.weight); });
    $("min-weight").max = String(top);
    updateColorLegend();
    updateSizeLegend();
  }
  function updateColorLegend() {
    var show = state.colorBy === "community", box = clear($("community-legend"));
    $("community-heading").hidden = box.hidden = !show;
    if (!show) { return; }
    var members = {};
    data.nodes.forEach(function (n) {
      if (n.community !== undefined) { (members[n.community] = members[n.community] || []).push(n); }
    });
    var ids = Object.keys(members).map(Number).sort(function (a, b) { return a - b; });
    ids.slice(0, data.communityColors.length).forEach(function (c) {
      var list = members[c].sort(function (a, b) { return metric(b, "pagerank") - metric(a, "pagerank"); });
      var text = list[0].name + (list.length > 1 ? " and " + (list.length - 1) + " more" : "");
      box.appendChild(el("div", { className: "legend-item static", title: list.slice(0, 12).map(function (n) { return n.name; }).join(", ") },
        [el("span", { className: "swatch", style: "background:" + data.communityColors[c] }), c + ": " + short(text, 30),
         el("span", { className: "count" }, [list.length])]));
    });
    if (ids.length > data.communityColors.length) {
      box.appendChild(el("div", { className: "legend-item static" },
        [el("span", { className: "swatch", style: "background:#b5b5b5" }),
         (ids.length - data.communityColors.length) + " smaller communities"]));
    }
  }
  function updateSizeLegend() {
    $("size-legend").textContent = "Node size: " + state.sizeBy.replace("_", " ") + " (area grows with the value)";
  }
  function recolor() {
    nodes.update(nodes.getIds().map(function (id) { return { id: id, color: nodeColor(byId[id]) }; }));
    updateColorLegend();
  }
  function resize() {
    var s = sizes = nodeSizes(state.sizeBy);
    nodes.update(nodes.getIds().map(function (id) { return { id: id, size: s[id] }; }));
    updateSizeLegend();
  }

  // ---- search -------------------------------------------------------------------------------
  function similarity(a, b) {
    var grams = function (s) { var out = {}; for (var i = 0; i < s.length - 1; i++) { out[s.slice(i, i + 2)] = 1; } return out; };
    var ga = grams(a), gb = grams(b), shared = 0, na = Object.keys(ga).length, nb = Object.keys(gb).length;
    Object.keys(ga).forEach(function (g) { if (gb[g]) { shared += 1; } });
    return na + nb ? 2 * shared / (na + nb) : 0;
  }
  function find(query) {
    var q = fold(query);
    if (!q) { return { node: null, suggestions: [] }; }
    var best = function (list) {
      return list.sort(function (a, b) { return b.mentions - a.mentions || (a.name < b.name ? -1 : 1); })[0];
    };
    var names = function (n) { return [n.name].concat(n.aliases).map(fold); };
    var tiers = [
      function (n) { return fold(n.name) === q; },
      function (n) { return names(n).indexOf(q) >= 0; },
      function (n) { return names(n).some(function (s) { return s.split(/\s+/).some(function (w) { return w.indexOf(q) === 0; }); }); },
      function (n) { return names(n).some(function (s) { return s.indexOf(q) >= 0; }); }
    ];
    for (var i = 0; i < tiers.length; i++) {
      var found = data.nodes.filter(tiers[i]);
      if (found.length) { return { node: best(found), suggestions: [] }; }
    }
    var scored = data.nodes.map(function (n) {
      return [Math.max.apply(null, names(n).map(function (s) { return similarity(q, s); })), n];
    }).filter(function (p) { return p[0] >= 0.4; }).sort(function (a, b) { return b[0] - a[0]; });
    return { node: null, suggestions: scored.slice(0, 5).map(function (p) { return p[1]; }) };
  }
  function focusNode(id) {
    var msg = clear($("search-message"));
    if (hidden.nodes[id]) {
      msg.appendChild(document.createTextNode(byId[id].name + " is hidden by the filters. "));
      msg.appendChild(el("button", { type: "button", className: "link", onclick: function () { reset(); focusNode(id); } },
                         ["Show everything"]));
      return;
    }
    if (!drawnNodes[id]) { drawNodes([id]); }  // search reaches every embedded entity
    network.selectNodes([id]);
    showNode(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), offset: panelOffset(),
                        animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  }
  function search(query) {
    var result = find(query), msg = clear($("search-message"));
    if (result.node) { focusNode(result.node.id); return result.node.id; }
    if (!fold(query)) { return null; }
    msg.appendChild(document.createTextNode("No entity matches \u201c" + query + "\u201d."));
    if (result.suggestions.length) {
      msg.appendChild(document.createTextNode(" Did you mean: "));
      result.suggestions.forEach(function (n, i) {
        if (i) { msg.appendChild(document.createTextNode(", ")); }
        msg.appendChild(el("button", { type: "button", className: "link", onclick: function () { $("search").value = n.name; focusNode(n.id); } }, [n.name]));
      });
      msg.appendChild(document.createTextNode("?"));
    }
    return null;
  }

  // ---- details panel ------------------------------------------------------------------------
  var ranks = {};
  function rank(m, id) {
    if (!ranks[m]) {
      ranks[m] = {};
      data.nodes.slice().sort(function (a, b) { return metric(b, m) - metric(a, m); })
        .forEach(function (n, i) { ranks[m][n.id] = i + 1; });
    }
    return ranks[m][id];
  }
  function openDetails(children) {
    var body = clear($("details-body"));
    children.forEach(function (c) { if (c) { body.appendChild(c); } });
    $("details").hidden = false;
    $("details").scrollTop = 0;
  }
  function hideDetails() { $("details").hidden = true; }
  function nodeLink(id) {
    return el("button", { type: "button", className: "link", onclick: function () { focusNode(id); } }, [byId[id].name]);
  }
  function showNode(id) {
    var n = byId[id];
    var parts = [el("h2", {}, [n.name]),
                 el("p", { className: "sub" }, [n.type + (n.subtype ? " \u00b7 " + n.subtype : "") + (n.country ? " \u00b7 stands for " + n.country : "")])];
    if (n.aliases.length) { parts.push(el("h3", {}, ["Also called"]), el("p", {}, [n.aliases.join(", ")])); }
    if (n.roles && n.roles.length) {
      parts.push(el("h3", {}, ["Roles"]), el("ul", {}, n.roles.map(function (r) { return el("li", {}, [r]); })));
    }
    var drawnHere = incident[id].filter(function (e) { return drawnEdges[e.id]; }).length;
    var around = neighbours(id), shown = around.filter(function (o) { return drawnNodes[o]; }).length;
    var rest = around.length - shown, grow = function () { expand(id); showNode(id); };
    parts.push(el("div", { className: "actions" }, [
      pinned[id] ? null : el("button", { type: "button", id: "expand", onclick: grow },
         [rest > EXPAND_BATCH ? "Expand: draw the " + EXPAND_BATCH + " most central of its " + plural(around.length, "neighbour")
                              : "Expand: draw its " + plural(around.length, "neighbour")]),
      pinned[id] && rest ? el("button", { type: "button", id: "more", onclick: grow }, ["Draw " + Math.min(rest, EXPAND_BATCH) + " more"]) : null,
      el("button", { type: "button", id: "focus", onclick: function () { focusOn(id); } }, ["Focus: only it and its neighbours"])]));
    parts.push(el("p", { id: "neighbour-count", className: "sub" }, [shown + " of " + plural(around.length, "neighbour") + " drawn"]));
    var counts = [["mentions", n.mentions], ["documents", n.documents], ["relations on this page", incident[id].length],
                  ["of them drawn", drawnHere]];
    if (n.community !== undefined) { counts.push(["community", n.community]); }
    parts.push(el("h3", {}, ["Counts"]), el("table", {}, counts.map(function (r) {
      return el("tr", {}, [el("td", {}, [r[0]]), el("td", { className: "num" }, [r[1]])]);
    })));
    parts.push(el("h3", {}, ["Centrality"]), el("table", {}, data.metrics.filter(function (m) { return m !== "mentions"; }).map(function (m) {
      return el("tr", {}, [el("td", {}, [m.replace("_", " ")]), el("td", { className: "num" }, [fmt(metric(n, m))]),
                           el("td", { className: "num" }, ["#" + rank(m, id) + " of " + data.nodes.length])]);
    })));
    var rels = incident[id].slice().sort(function (a, b) {
      return (a.relation === data.coMention) - (b.relation === data.coMention) || b.weight - a.weight;
    });
    if (rels.length) {
      // Every relation embedded, drawn or not; long lists open in steps of 200.
      var cap = showNode.all === id ? rels.length : 200;
      parts.push(el("h3", {}, ["Relations"]), el("ul", { id: "relations" }, rels.slice(0, cap).map(function (e) {
        var out = e.from === id, other = out ? e.to : e.from;
        var dir = e.directed ? (out ? "\u2192 " : "\u2190 ") : "\u2014 ";
        var text = dir + relLabel(e) + " " + byId[other].name + " (" + e.weight + ")" + (e.status !== "asserted" ? " [" + e.status + "]" : "");
        return el("li", {}, [el("button", { type: "button", className: "link", onclick: function () { selectEdge(e.id); } }, [text])]);
      })));
      if (rels.length > cap) {
        parts.push(el("button", { type: "button", className: "link", onclick: function () { showNode.all = id; showNode(id); } },
                      ["Show the other " + (rels.length - cap)]));
      }
    }
    openDetails(parts);
  }
  function panelOffset() {
    // Centre what is focused in the part of the canvas the details panel leaves visible.
    return { x: $("details").hidden ? 0 : -$("details").offsetWidth / 2, y: 0 };
  }
  function selectEdge(id) {
    var e = edgeById[id];
    if (!drawnEdges[id]) { pinned[e.from] = true; drawNodes([e.from, e.to], drawnNodes[e.from] ? e.from : e.to); }
    network.selectEdges([id]);
    showEdge(id);
    var a = network.getPositions([e.from, e.to]);
    if (a[e.from] && a[e.to]) {
      network.moveTo({ position: { x: (a[e.from].x + a[e.to].x) / 2, y: (a[e.from].y + a[e.to].y) / 2 },
                       offset: panelOffset(), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    }
  }
  function showEdge(id) {
    var e = edgeById[id];
    var heading = el("h2", {}, [nodeLink(e.from), arrow(e), nodeLink(e.to)]);
    var parts = [heading, el("p", { className: "sub" }, [relLabel(e) + " \u00b7 " + plural(e.weight, "evidence sentence") +
                                                    (e.dates.length ? " \u00b7 " + dateRange(e) : "")])];
    if (e.status === "negated") { parts.push(el("p", {}, [el("span", { className: "flag negated" }, ["negated"]), "Every sentence says it did not happen."])); }
    if (e.status === "hypothetical") { parts.push(el("p", {}, [el("span", { className: "flag hypothetical" }, ["hypothetical"]), "Planned, possible or intended; not reported as done."])); }
    parts.push(el("h3", {}, ["Evidence, most recent first"]));
    parts.push(el("ol", { className: "evidence" }, e.evidence.map(function (ev) {
      var when = ev.date || ev.when || "undated";
      var meta = el("div", { className: "meta" }, [el("span", { className: "date" }, [when]),
                                                   ev.when && ev.date && ev.when !== ev.date ? " (\u201c" + ev.when + "\u201d)" : null,
                                                   " \u00b7 ", data.docs[ev.doc]]);
      var notes = [];
      if (ev.verb) { notes.push("verb: \u201c" + ev.verb + "\u201d"); }
      if (ev.by) { notes.push("according to " + ev.by); }
      var flags = el("div", { className: "meta" }, [
        ev.negated ? el("span", { className: "flag negated" }, ["negated"]) : null,
        ev.hypothetical ? el("span", { className: "flag hypothetical" }, ["hypothetical"]) : null,
        notes.join(" \u00b7 ")]);
      return el("li", {}, [meta, el("blockquote", {}, [data.sentences[ev.s]]), flags]);
    })));
    var more = e.weight - e.evidence.length;
    if (more > 0) {
      parts.push(el("p", { className: "more" }, [more + " more (this page keeps the " + e.evidence.length +
        " most recent; newsgraph show \u201c" + byId[e.from].name + "\u201d lists them all)"]));
    }
    openDetails(parts);
  }

  // ---- wiring ---------------------------------------------------------------------------------
  function reset() {
    state.types = new Set(data.types.map(function (t) { return t.name; }));
    state.relations = new Set(data.relations.map(function (r) { return r.name; }));
    state.since = state.until = ""; state.minWeight = 1;
    document.querySelectorAll("#controls input[type=checkbox]").forEach(function (b) { b.checked = true; });
    $("since").value = $("until").value = ""; $("min-weight").value = "1";
    applyFilters();
  }
  buildLegends();
  applyFilters();
  performance.mark("newsgraph:controls");
  $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search($("search").value); });
  // Suggestions are filled on first use: thousands of options would slow the opening.
  $("search").addEventListener("focus", function () {
    var names = $("names");
    if (names.firstChild) { return; }
    data.nodes.slice().sort(function (a, b) { return b.mentions - a.mentions || (a.name < b.name ? -1 : 1); })
      .forEach(function (n) { names.appendChild(el("option", { value: n.name })); });
  });
  $("search").addEventListener("change", function () {
    var q = fold($("search").value);
    if (data.nodes.some(function (n) { return fold(n.name) === q; })) { search($("search").value); }
  });
  $("color-by").addEventListener("change", function () { state.colorBy = this.value; recolor(); });
  $("size-by").addEventListener("change", function () { state.sizeBy = this.value; resize(); });
  $("since").addEventListener("change", function () { state.since = this.value; applyFilters(); });
  $("until").addEventListener("change", function () { state.until = this.value; applyFilters(); });
  $("min-weight").addEventListener("input", function () { state.minWeight = Math.max(1, parseInt(this.value, 10) || 1); applyFilters(); });
  $("reset").addEventListener("click", function () { reset(); showOverview(); network.fit(); });
  if (overviewOrder) {
    $("draw-control").hidden = false;
    $("draw-count").max = String(overviewOrder.length);
    $("draw-count").value = String(state.drawCount);
    $("draw-count").addEventListener("change", function () { showOverview(parseInt(this.value, 10) || data.overviewSize); });
    $("overview").addEventListener("click", function () { showOverview(); });
  }
  $("close-details").addEventListener("click", hideDetails);
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else { hideDetails(); }
  });
  if (state.colorBy === "community") { recolor(); }

  var stable = false;
  function markStable() {
    // After the frame that follows the settled drawing is painted: the page can be used.
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (stable) { return; }
        stable = true;
        performance.mark("newsgraph:stable");
        document.body.setAttribute("data-stable-ms", String(Math.round(performance.now())));
        document.body.setAttribute("data-stable", "true");
      }, 0);
    });
  }
  if (data.physics && data.nodes.length) {
    network.once("stabilizationIterationsDone", function () {
      // Physics off once settled: nothing keeps moving, dragging a node moves only it.
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", markStable);
      network.fit();
    });
  } else {
    // The first frame drawn after the page's setup: the page is ready to use.
    network.once("afterDrawing", markStable);
    network.redraw();
  }


  newsgraph = { data: data, find: find, search: search, focusNode: focusNode, showNode: showNode,
                showEdge: showEdge, selectEdge: selectEdge, applyFilters: applyFilters, reset: reset,
                visibleCounts: visibleCounts, state: state, expand: expand, focusOn: focusOn,
                showOverview: showOverview, neighbours: neighbours, ranked: ranked, expandBatch: EXPAND_BATCH,
                drawnIds: function () { return Object.keys(drawnNodes); } };
})();
