// The gearman-cdi dashboard page. Every value from the server goes into the DOM through textContent (never parsed
// as markup), so job names, arguments and error messages cannot inject markup; the Content-Security-Policy allows no
// inline script either. Actions are POSTs carrying the CSRF token of api/session in the X-Gearman-CSRF header.
(function () {
  'use strict';
  var STATES = ['QUEUED', 'RUNNING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
  var REFRESH_MS = 2000;
  var session = { csrf: null, actions: false, store: false };
  var filter = { state: '', job: '', offset: 0 };
  var selected = null;
  var chart = null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function byId(id) { return document.getElementById(id); }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function message(text, isError) {
    var m = byId('message');
    m.textContent = text || '';
    m.className = isError ? 'error' : '';
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body && body.error ? body.error : 'HTTP ' + r.status); }
        return body;
      });
    });
  }

  function post(url) {
    return fetch(url, { method: 'POST', credentials: 'same-origin',
      headers: { 'X-Gearman-CSRF': session.csrf, 'Accept': 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body && body.error ? body.error : 'HTTP ' + r.status); }
        return body;
      });
    });
  }

  function renderServers(list) {
    var body = byId('servers').tBodies[0];
    clear(body);
    list.forEach(function (s) {
      var tr = el('tr');
      tr.appendChild(el('td', s.server));
      tr.appendChild(el('td', s.reachable ? 'yes' : 'no', s.reachable ? 'up' : 'down'));
      tr.appendChild(el('td', s.reachable ? s.version : s.error));
      body.appendChild(tr);
    });
  }

  function renderFunctions(list) {
    var body = byId('functions').tBodies[0];
    clear(body);
    list.forEach(function (f) {
      var tr = el('tr');
      tr.dataset.function = f['function'];
      tr.appendChild(el('td', f.server));
      tr.appendChild(el('td', f['function']));
      tr.appendChild(el('td', f.job || ''));
      tr.appendChild(el('td', f.queued, 'num'));
      tr.appendChild(el('td', f.running, 'num'));
      tr.appendChild(el('td', f.workers, 'num'));
      body.appendChild(tr);
    });
  }

  function renderSeries(s) {
    var box = byId('chart');
    if (typeof uPlot === 'undefined') { return; }
    var data = [s.t, s.completed, s.failed];
    // totals over the window, for a glance (and for tests, which cannot see into the canvas)
    box.dataset.completed = String(s.completed.reduce(function (a, b) { return a + b; }, 0));
    box.dataset.failed = String(s.failed.reduce(function (a, b) { return a + b; }, 0));
    if (chart === null) {
      chart = new uPlot({
        width: Math.max(300, box.clientWidth - 10), height: 220,
        series: [{}, { label: 'completed', stroke: '#1e7a34', width: 2 },
          { label: 'failed', stroke: '#b3261e', width: 2 }],
        axes: [{}, { label: 'jobs per ' + (s.step / 1000) + ' s' }]
      }, data, box);
    } else {
      chart.setData(data);
    }
  }

  function option(select, value, text) {
    var o = el('option', text === undefined ? value : text);
    o.value = value;
    select.appendChild(o);
  }

  function renderCounts(counts) {
    var table = byId('counts');
    clear(table.tHead);
    clear(table.tBodies[0]);
    var head = el('tr');
    head.appendChild(el('th', 'job'));
    STATES.forEach(function (s) { head.appendChild(el('th', s, 'num')); });
    table.tHead.appendChild(head);
    var jobSelect = byId('filter-job');
    var keep = filter.job;
    while (jobSelect.options.length > 1) { jobSelect.remove(1); }
    Object.keys(counts).sort().forEach(function (job) {
      var tr = el('tr');
      tr.dataset.job = job;
      tr.appendChild(el('td', job));
      STATES.forEach(function (s) {
        var n = counts[job][s] || 0;
        var td = el('td', n, 'num');
        if (n > 0) {
          td.classList.add('state-' + s);
          td.addEventListener('click', function () { setFilter(s, job); });
        }
        tr.appendChild(td);
      });
      table.tBodies[0].appendChild(tr);
      option(jobSelect, job);
    });
    jobSelect.value = keep;
  }

  function renderJobs(page) {
    var body = byId('jobs').tBodies[0];
    clear(body);
    page.jobs.forEach(function (j) {
      var tr = el('tr', null, 'clickable');
      tr.dataset.unique = j.unique;
      tr.dataset.state = j.state;
      tr.appendChild(el('td', j.unique));
      tr.appendChild(el('td', j.job));
      tr.appendChild(el('td', j.state, 'state state-' + j.state));
      var progress = el('td', null, 'progress');
      if (j.progress !== null && j.progress !== undefined) {
        var bar = el('progress');
        bar.max = 1;
        bar.value = j.progress;
        progress.appendChild(bar);
        progress.appendChild(el('span', ' ' + Math.round(j.progress * 100) + ' %', 'percent'));
      }
      tr.appendChild(progress);
      tr.appendChild(el('td', j.attempts, 'num'));
      tr.appendChild(el('td', j.updatedAt));
      // a job that failed once and then succeeded keeps that attempt's error in its record: the list shows errors of
      // failing jobs only, the detail says whose error it is
      var failing = j.state === 'FAILED' || j.state === 'RETRYING';
      tr.appendChild(el('td', failing && j.errorMessage
        ? (j.errorType ? j.errorType + ': ' : '') + j.errorMessage : '', 'error'));
      tr.addEventListener('click', function () { select(j.unique); });
      body.appendChild(tr);
    });
    byId('page').textContent = 'records ' + (page.offset + 1) + '–' + (page.offset + page.jobs.length);
    byId('prev').disabled = page.offset === 0;
    byId('next').disabled = page.jobs.length < page.limit;
  }

  function field(dl, name, value, pre, key) {
    if (value === null || value === undefined) { return; }
    var dt = el('dt', name);
    var dd = el('dd');
    dd.dataset.field = key || name;
    dd.appendChild(pre ? el('pre', value) : el('span', value));
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function renderDetail(d) {
    byId('detail').hidden = false;
    byId('detail-unique').textContent = d.unique;
    var dl = byId('detail-fields');
    clear(dl);
    field(dl, 'job', d.job);
    field(dl, 'function', d['function']);
    field(dl, 'state', d.state);
    field(dl, 'progress', d.progress === null ? null : Math.round(d.progress * 100) + ' % (' + d.progressNumerator
      + '/' + d.progressDenominator + ')');
    field(dl, 'attempts', d.attempts);
    var earlier = d.state !== 'FAILED' && d.state !== 'RETRYING';
    field(dl, earlier ? 'error type (earlier attempt)' : 'error type', d.errorType, false, 'error type');
    field(dl, earlier ? 'error (earlier attempt)' : 'error', d.errorMessage, true, 'error');
    field(dl, 'arguments', d.arguments, true);
    field(dl, 'result', d.result, true);
    field(dl, 'server', d.server);
    field(dl, 'handle', d.handle);
    field(dl, 'worker', d.worker);
    field(dl, 'submitted', d.submittedAt);
    field(dl, 'started', d.startedAt);
    field(dl, 'finished', d.finishedAt);
    field(dl, 'next attempt', d.nextAttemptAt);
    field(dl, 'updated', d.updatedAt);
    byId('retry').hidden = !(session.actions && (d.state === 'FAILED' || d.state === 'CANCELLED'));
    byId('cancel').hidden = !(session.actions && d.state === 'QUEUED');
  }

  function jobUrl(unique) { return 'api/jobs/' + encodeURIComponent(unique); }

  function select(unique) {
    selected = unique;
    getJson(jobUrl(unique)).then(renderDetail).catch(function (e) { message(e.message, true); });
  }

  function setFilter(state, job) {
    filter.state = state;
    filter.job = job;
    filter.offset = 0;
    byId('filter-state').value = state;
    byId('filter-job').value = job;
    refreshJobs();
  }

  function refreshJobs() {
    if (!session.store) { return Promise.resolve(); }
    var q = 'api/jobs?state=' + encodeURIComponent(filter.state) + '&job=' + encodeURIComponent(filter.job)
      + '&offset=' + filter.offset;
    return getJson(q).then(function (page) {
      renderCounts(page.counts);
      renderJobs(page);
      if (selected !== null) { return getJson(jobUrl(selected)).then(renderDetail); }
    });
  }

  function refresh() {
    Promise.all([
      getJson('api/servers').then(renderServers),
      getJson('api/functions').then(renderFunctions),
      getJson('api/series').then(renderSeries),
      refreshJobs()
    ]).then(function () {
      if (byId('message').className === 'error') { message(''); }
    }).catch(function (e) { message(e.message, true); });
  }

  function act(kind) {
    if (selected === null) { return; }
    post(jobUrl(selected) + '/' + kind).then(function (r) {
      if (kind === 'retry') {
        message('retried as ' + r.unique);
        selected = r.unique;
      } else {
        message(r.cancelled ? 'cancelled' : 'not cancelled: a worker has it already');
      }
      refresh();
    }).catch(function (e) { message(e.message, true); });
  }

  function start() {
    var stateSelect = byId('filter-state');
    STATES.forEach(function (s) { option(stateSelect, s); });
    stateSelect.addEventListener('change', function () { setFilter(stateSelect.value, filter.job); });
    byId('filter-job').addEventListener('change', function () { setFilter(filter.state, byId('filter-job').value); });
    byId('prev').addEventListener('click', function () {
      filter.offset = Math.max(0, filter.offset - 50); refreshJobs();
    });
    byId('next').addEventListener('click', function () { filter.offset += 50; refreshJobs(); });
    byId('retry').addEventListener('click', function () { act('retry'); });
    byId('cancel').addEventListener('click', function () { act('cancel'); });
    byId('close').addEventListener('click', function () { selected = null; byId('detail').hidden = true; });
    getJson('api/session').then(function (s) {
      session = s;
      byId('mode').textContent = s.actions ? 'may retry and cancel' : 'read-only';
      byId('store').hidden = !s.store;
      byId('nostore').hidden = s.store;
      refresh();
      setInterval(refresh, REFRESH_MS);
    }).catch(function (e) { message(e.message, true); });
  }

  document.addEventListener('DOMContentLoaded', start);
}());
