// The HTML report's step-through view (html.ts inlines this file). It reads the trace states
// embedded as JSON and, for the chosen step, highlights each actor's active state in its
// statechart (by the classes s<index> that dot.ts writes), shows its context and mailbox, and
// highlights the step's rows in the sequence diagram. The step is kept in the URL (#step=N).
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const last = data.steps.length - 1;
  const slider = document.getElementById('step-slider');
  const panels = new Map();

  for (const actor of data.actors) {
    const panel = document.querySelector(`.actor[data-actor="${CSS.escape(actor.name)}"]`);
    const template = document.getElementById(`chart-${actor.chart}`);
    const chart = panel.querySelector('.chart');
    if (template) chart.appendChild(template.content.cloneNode(true));
    panels.set(actor.name, panel);
  }
  // A statechart much wider than its panel would shrink to unreadable: give it the whole row.
  for (const panel of panels.values()) {
    const svg = panel.querySelector('.chart svg');
    const width = svg ? parseFloat(svg.getAttribute('width')) * (4 / 3) : 0;
    if (width > panel.clientWidth * 1.4) panel.classList.add('wide');
  }

  function stepFromUrl() {
    const match = /(?:^|[#&])step=(\d+)/.exec(location.hash);
    return match ? Math.min(last, Number(match[1])) : data.initialStep;
  }

  function show(step) {
    step = Math.max(0, Math.min(last, step));
    slider.value = String(step);
    const info = data.steps[step];
    document.getElementById('step-counter').textContent = `step ${step} of ${last}`;
    document.getElementById('step-text').textContent = info.text;
    document.getElementById('step-logs').textContent = info.logs.join('\n');
    document.getElementById('first').disabled = document.getElementById('previous').disabled = step === 0;
    document.getElementById('last').disabled = document.getElementById('next').disabled = step === last;
    const atEnd = step === last;
    data.actors.forEach((actor, i) => {
      const snapshot = info.actors[i];
      const panel = panels.get(actor.name);
      panel.classList.toggle('stepping', info.actor === actor.name);
      const inCycle = atEnd && data.cycle.includes(actor.name);
      panel.classList.toggle('in-cycle', inCycle);
      panel.querySelector('.state-label').textContent = snapshot.state;
      const badges = [];
      if (snapshot.waitsFor.length > 0) badges.push(['blocked', `blocked: waits for ${snapshot.waitsFor.join(', ')}`]);
      if (inCycle) badges.push(['in-cycle', 'in the wait-for cycle']);
      if (snapshot.final) badges.push(['final', 'final']);
      else if (snapshot.resting) badges.push(['resting', 'resting']);
      panel.querySelector('.badges').replaceChildren(...badges.map(([cls, text]) => {
        const span = document.createElement('span');
        span.className = `badge ${cls}`;
        span.textContent = text;
        return span;
      }));
      for (const g of panel.querySelectorAll('.chart g.state')) g.classList.remove('active', 'active-ancestor');
      for (const index of snapshot.active) for (const g of panel.querySelectorAll(`.chart g.state.s${index}`)) g.classList.add('active');
      for (const index of snapshot.ancestors) for (const g of panel.querySelectorAll(`.chart g.state.s${index}`)) g.classList.add('active-ancestor');
      const list = panel.querySelector('.mailbox ol');
      list.replaceChildren(...snapshot.mailbox.map((m) => {
        const li = document.createElement('li');
        li.textContent = m.text;
        if (m.deferred) li.className = 'deferred';
        return li;
      }));
      panel.querySelector('.mailbox .empty').hidden = snapshot.mailbox.length > 0;
      panel.querySelector('.context pre').textContent = JSON.stringify(snapshot.context, null, 2);
    });
    for (const row of document.querySelectorAll('svg.sequence .row:not(.closing)')) row.classList.toggle('current', Number(row.dataset.step) === step && step > 0);
    for (const li of document.querySelectorAll('.trace li')) li.classList.toggle('current', Number(li.dataset.step) === step);
    history.replaceState(null, '', `#step=${step}`);
  }

  const current = () => Number(slider.value);
  slider.max = String(last);
  slider.addEventListener('input', () => show(current()));
  document.getElementById('first').addEventListener('click', () => show(0));
  document.getElementById('previous').addEventListener('click', () => show(current() - 1));
  document.getElementById('next').addEventListener('click', () => show(current() + 1));
  document.getElementById('last').addEventListener('click', () => show(last));
  for (const li of document.querySelectorAll('.trace li')) li.addEventListener('click', () => show(Number(li.dataset.step)));
  document.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLInputElement) return; // the slider moves itself
    if (event.key === 'ArrowRight' || event.key === 'j') { show(current() + 1); event.preventDefault(); }
    if (event.key === 'ArrowLeft' || event.key === 'k') { show(current() - 1); event.preventDefault(); }
    if (event.key === 'Home') { show(0); event.preventDefault(); }
    if (event.key === 'End') { show(last); event.preventDefault(); }
  });
  window.addEventListener('hashchange', () => show(stepFromUrl()));
  show(stepFromUrl());
})();
