// The risk board's page: polls the JSON API every two seconds and redraws the table, the open
// device and the model's health. Plain JavaScript, no libraries; every text from the data goes
// in through textContent, never as HTML.
(function () {
  "use strict";

  var REFRESH_MS = 2000;
  var TOP = 200;
  var state = { devices: [], sort: "risk", dir: -1, filter: "", onlyAlerts: false, selected: null };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (key) {
      if (key === "title") node.appendChild(svgTitle(attrs[key]));
      else node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  function svgTitle(text) {
    var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = text;
    return title;
  }

  function percent(p) {
    return p == null ? "–" : Math.floor(p * 100) + "%";
  }

  function shortTime(iso) {
    return iso ? iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "Z") : "–";
  }

  function getJson(url) {
    return fetch(url, { cache: "no-store" }).then(function (response) {
      if (!response.ok && response.status !== 404) throw new Error(url + ": HTTP " + response.status);
      return response.status === 404 ? null : response.json();
    });
  }

  function sortValue(device, key) {
    if (key === "topReason") return device.topReason ? device.topReason.description : "";
    if (key === "openAlert") return device.openAlert ? 1 : 0;
    var value = device[key];
    return value == null ? (key === "risk" || key === "trend" ? -1 : "") : value;
  }

  function visibleDevices() {
    var filter = state.filter.toLowerCase();
    return state.devices.filter(function (d) {
      if (state.onlyAlerts && !d.openAlert) return false;
      if (!filter) return true;
      return [d.deviceId, d.deviceClass, d.topReason && d.topReason.description]
        .some(function (text) { return text && text.toLowerCase().indexOf(filter) >= 0; });
    }).sort(function (a, b) {
      var x = sortValue(a, state.sort), y = sortValue(b, state.sort);
      if (x < y) return -state.dir;
      if (x > y) return state.dir;
      return a.deviceId < b.deviceId ? -1 : 1;
    });
  }

  function trendCell(trend) {
    var cell = el("td", { class: "num trend" });
    if (Math.abs(trend) < 0.005) {
      cell.textContent = "→";
    } else {
      cell.textContent = (trend > 0 ? "▲ +" : "▼ ") + Math.round(trend * 100) + " pts";
      cell.className += trend > 0 ? " up" : " down";
    }
    return cell;
  }

  function renderTable() {
    var body = document.querySelector("#devices tbody");
    var rows = visibleDevices().map(function (d) {
      var risk = el("td", { class: "num risk" }, [
        el("span", { class: "risk-bar", style: "width:" + Math.round((d.risk || 0) * 60) + "px" }),
        el("span", { class: "risk-value", text: percent(d.risk) })
      ]);
      var alert = el("td", { class: "open-alert" }, [
        d.openAlert ? el("span", { class: "alert", title: d.openAlert.dedupKey, text: "open since " + shortTime(d.openAlert.since) }) : null
      ]);
      var row = el("tr", { "data-device": d.deviceId }, [
        el("td", { class: "device", text: d.deviceId }),
        el("td", { class: "class", text: d.deviceClass || "–" }),
        risk,
        trendCell(d.trend),
        el("td", { class: "reason", text: d.topReason ? d.topReason.description : "" }),
        alert
      ]);
      if (d.deviceId === state.selected) row.className = "selected";
      row.addEventListener("click", function () { openDevice(d.deviceId); });
      return row;
    });
    body.replaceChildren.apply(body, rows);
    document.querySelectorAll("#devices th").forEach(function (th) {
      th.className = th.getAttribute("data-sort") === state.sort
        ? (state.dir > 0 ? "sorted-asc" : "sorted-desc") : "";
      if (th.getAttribute("data-sort") === "risk" || th.getAttribute("data-sort") === "trend") th.className += " num";
    });
    document.getElementById("count").textContent = rows.length + " of " + state.devices.length + " shown";
  }

  function renderChart(device) {
    var width = 600, height = 180, left = 34, right = 8, top = 8, bottom = 20;
    var points = device.history.map(function (p) { return { t: Date.parse(p.eventTime), p: p.probability }; });
    var marks = device.alerts.map(function (a) {
      return { t: Date.parse(a.eventTime), p: a.probability, status: a.status, key: a.dedupKey, resolution: a.resolution };
    });
    var changes = device.changes.map(function (c) { return { t: Date.parse(c.time), c: c }; });
    var times = points.map(function (h) { return h.t; });
    var t0 = Math.min.apply(null, times.concat(marks.map(function (m) { return m.t; })));
    var t1 = Math.max.apply(null, times.concat(marks.map(function (m) { return m.t; })));
    if (!isFinite(t0)) { t0 = Date.now() - 3600000; t1 = Date.now(); }
    changes = changes.filter(function (c) { return c.t >= t0 - (t1 - t0) * 0.05; });
    changes.forEach(function (c) { t0 = Math.min(t0, c.t); });
    if (t1 <= t0) t1 = t0 + 60000;
    function x(t) { return left + (t - t0) / (t1 - t0) * (width - left - right); }
    function y(p) { return top + (1 - p) * (height - top - bottom); }
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "risk over time" });
    [0, 0.25, 0.5, 0.75, 1].forEach(function (p) {
      root.appendChild(svg("line", { x1: left, x2: width - right, y1: y(p), y2: y(p), stroke: "#e3e7ea" }));
      var label = svg("text", { x: 2, y: y(p) + 4, "font-size": 10, fill: "#6b7780" });
      label.textContent = Math.round(p * 100) + "%";
      root.appendChild(label);
    });
    changes.forEach(function (c) {
      root.appendChild(svg("line", {
        class: "change-mark", x1: x(c.t), x2: x(c.t), y1: top, y2: height - bottom, stroke: "#e69500", "stroke-width": 2, "stroke-dasharray": "4 3",
        title: c.c.id + " " + (c.c.changeType || "") + (c.c.failed ? " failed" : "") + " at " + c.c.time + (c.c.summary ? ": " + c.c.summary : "")
      }));
    });
    if (points.length > 0) {
      root.appendChild(svg("polyline", {
        class: "risk-line", fill: "none", stroke: "#1f6fb2", "stroke-width": 2,
        points: points.map(function (h) { return x(h.t).toFixed(1) + "," + y(h.p).toFixed(1); }).join(" ")
      }));
    }
    // An alert closed because its predicted outage opened as an incident: the incident, marked.
    marks.filter(function (m) { return m.resolution && /incident/i.test(m.resolution); }).forEach(function (m) {
      root.appendChild(svg("line", {
        class: "incident-mark", x1: x(m.t), x2: x(m.t), y1: top, y2: height - bottom, stroke: "#7b3fa0", "stroke-width": 2,
        title: m.resolution + " at " + new Date(m.t).toISOString()
      }));
    });
    marks.forEach(function (m) {
      root.appendChild(svg("circle", {
        class: m.status === "TRIGGER" ? "trigger-mark" : "resolve-mark", cx: x(m.t), cy: y(m.p), r: 5,
        fill: m.status === "TRIGGER" ? "#c0392b" : "#2e7d32",
        title: m.status + " " + percent(m.p) + " at " + new Date(m.t).toISOString() + (m.resolution ? ": " + m.resolution : "")
      }));
    });
    var from = svg("text", { x: left, y: height - 5, "font-size": 10, fill: "#6b7780" });
    from.textContent = shortTime(new Date(t0).toISOString());
    var to = svg("text", { x: width - right, y: height - 5, "font-size": 10, fill: "#6b7780", "text-anchor": "end" });
    to.textContent = shortTime(new Date(t1).toISOString());
    root.appendChild(from);
    root.appendChild(to);
    var chart = document.getElementById("chart");
    chart.replaceChildren(root);
  }

  function renderDevice(device) {
    var section = document.getElementById("device");
    if (!device) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    document.getElementById("device-title").textContent = device.deviceId + (device.deviceClass ? " (" + device.deviceClass + ")" : "");
    var summary = el("dl", {}, [
      el("dt", { text: "Risk" }), el("dd", { class: "device-risk", text: percent(device.risk) + " at " + shortTime(device.eventTime) + " [model v" + device.modelVersion + "]" }),
      el("dt", { text: "Open alert" }), el("dd", { class: "device-alert", text: device.openAlert ? device.openAlert.dedupKey + " since " + shortTime(device.openAlert.eventTime) : "none" })
    ]);
    document.getElementById("device-summary").replaceChildren(summary);
    renderChart(device);
    var reasons = device.reasons.map(function (r) {
      return el("li", { text: r.description + " (+" + r.contribution.toFixed(2) + ")" });
    });
    document.getElementById("device-reasons").replaceChildren.apply(document.getElementById("device-reasons"),
      reasons.length ? reasons : [el("li", { class: "muted", text: "none: the device has not alerted" })]);
    var changes = device.suspectChanges.map(function (c) {
      return el("li", { text: c.id + " " + (c.changeType || "") + (c.failed ? " failed" : "") + " at " + shortTime(c.time) + (c.summary ? ": " + c.summary : "") });
    });
    document.getElementById("device-changes").replaceChildren.apply(document.getElementById("device-changes"),
      changes.length ? changes : [el("li", { class: "muted", text: "none" })]);
  }

  function metric(value, digits) {
    return value == null ? "–" : value.toFixed(digits);
  }

  function renderModel(model) {
    var body = document.getElementById("model-body");
    if (!model || (model.scoringVersion == null && !model.latest)) {
      body.textContent = "no model seen yet";
      return;
    }
    var latest = model.latest;
    var items = [el("dt", { text: "Scoring with" }), el("dd", { class: "model-version", text: model.scoringVersion == null ? "–" : "v" + model.scoringVersion })];
    if (latest) {
      items.push(
        el("dt", { text: "Latest published" }), el("dd", { text: "v" + latest.version + " at " + shortTime(latest.publishedAt) }),
        el("dt", { text: "Examples trained" }), el("dd", { text: String(latest.examplesTrained) }),
        el("dt", { text: "PR-AUC" }), el("dd", { class: "model-prauc", text: metric(latest.prAuc, 3) }),
        el("dt", { text: "Log loss" }), el("dd", { text: metric(latest.logLoss, 4) }),
        el("dt", { text: "Precision / recall" }), el("dd", { text: metric(latest.precision, 3) + " / " + metric(latest.recall, 3) }));
    } else {
      items.push(el("dt", { text: "Published" }), el("dd", { class: "muted", text: "none yet: the start model scores; metrics come with the trainer's first version" }));
    }
    body.className = "";
    body.replaceChildren(el("dl", {}, items));
    if (model.versions.length > 1) {
      var prAucs = model.versions.filter(function (v) { return v.prAuc != null; });
      body.appendChild(el("div", { class: "muted", text: "PR-AUC over the last " + prAucs.length + " versions: " +
        prAucs.map(function (v) { return v.prAuc.toFixed(2); }).join(" → ") }));
    }
  }

  function openDevice(id) {
    state.selected = id;
    history.replaceState(null, "", "#device=" + encodeURIComponent(id));
    renderTable();
    refreshDevice();
  }

  function refreshDevice() {
    if (!state.selected) {
      renderDevice(null);
      return Promise.resolve();
    }
    return getJson("/api/devices/" + encodeURIComponent(state.selected)).then(renderDevice);
  }

  function setStatus(text, bad) {
    var status = document.getElementById("status");
    status.textContent = text;
    status.className = bad ? "status bad" : "status";
  }

  function refresh() {
    Promise.all([getJson("/api/devices?top=" + TOP), getJson("/api/model"), refreshDevice()])
      .then(function (answers) {
        var fleet = answers[0];
        state.devices = fleet.devices;
        renderTable();
        renderModel(answers[1]);
        setStatus(fleet.total + " devices, " + fleet.openAlerts + " open alerts; updated " + new Date().toLocaleTimeString());
      })
      .catch(function (error) { setStatus("cannot reach the board: " + error.message, true); })
      .then(function () { setTimeout(refresh, REFRESH_MS); });
  }

  document.querySelectorAll("#devices th").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      if (state.sort === key) state.dir = -state.dir;
      else { state.sort = key; state.dir = key === "deviceId" || key === "deviceClass" || key === "topReason" ? 1 : -1; }
      renderTable();
    });
  });
  document.getElementById("filter").addEventListener("input", function (event) {
    state.filter = event.target.value;
    renderTable();
  });
  document.getElementById("only-alerts").addEventListener("change", function (event) {
    state.onlyAlerts = event.target.checked;
    renderTable();
  });
  document.getElementById("close-device").addEventListener("click", function () {
    state.selected = null;
    history.replaceState(null, "", location.pathname);
    renderTable();
    renderDevice(null);
  });
  var match = /#device=(.+)$/.exec(location.hash);
  if (match) state.selected = decodeURIComponent(match[1]);
  refresh();
})();
