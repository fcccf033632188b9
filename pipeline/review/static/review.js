// iku review: select a value to outline its cell on the page; edit in place; Alt+N / Alt+P: next doubtful value.
(() => {
  const doc = document.getElementById('doc');
  const say = (msg) => { const s = document.getElementById('status'); if (s) s.textContent = msg; };
  const post = async (url, body) => {
    const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json', 'X-IKU': '1'},
                                body: JSON.stringify(body || {}), credentials: 'same-origin'});
    const data = await r.json();
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  };
  const exp = document.getElementById('export');
  if (exp) exp.addEventListener('click', async () => {
    say('writing outputs…');
    try {
      await post('/api/export'); say('outputs written');
      document.querySelectorAll('.pending').forEach(el => el.remove());
    } catch (e) { say('error: ' + e.message); }
  });
  if (!doc) { document.body.dataset.js = 'ran'; return; }
  const id = doc.dataset.doc, sizes = JSON.parse(doc.dataset.sizes || '{}');
  const img = document.getElementById('pageimg'), svg = document.getElementById('overlay'),
        hl = document.getElementById('hl'), label = document.getElementById('pagelabel');
  const showPage = (n) => {
    if (!img || !sizes[n]) return;
    const want = '/doc/' + encodeURIComponent(id) + '/page/' + n + '.png';
    if (!img.src.endsWith(want)) { img.src = want; img.alt = 'page ' + n; }
    svg.setAttribute('viewBox', '0 0 ' + sizes[n][0] + ' ' + sizes[n][1]);  // PDF points, top-left origin
    if (label) label.textContent = 'page ' + n + ' of ' + Object.keys(sizes).length;
  };
  const outline = (el) => {
    if (!hl) return;
    const page = el.dataset.page, bbox = JSON.parse(el.dataset.bbox || 'null');
    if (page) showPage(page);
    if (!bbox) { hl.setAttribute('width', 0); hl.setAttribute('height', 0); return; }
    hl.setAttribute('x', bbox[0]); hl.setAttribute('y', bbox[1]);
    hl.setAttribute('width', bbox[2] - bbox[0]); hl.setAttribute('height', bbox[3] - bbox[1]);
  };
  showPage(doc.dataset.page);
  const cells = () => Array.from(document.querySelectorAll('.v'));
  cells().forEach(el => { el.dataset.orig = el.textContent; });
  const save = async (el) => {
    const value = el.textContent.trim();
    if (value === el.dataset.orig.trim()) return;
    try {
      await post('/api/doc/' + encodeURIComponent(id) + '/correct',
                 {row: el.dataset.row, field: el.dataset.field, value: value});
      el.dataset.orig = value; el.classList.add('corrected'); el.classList.remove('doubt');
      say('saved ' + el.dataset.field + (el.dataset.row ? ' of row ' + el.dataset.row : ''));
    } catch (e) { el.textContent = el.dataset.orig; say('not saved: ' + e.message); }
  };
  document.addEventListener('focusin', (e) => { if (e.target.classList.contains('v')) outline(e.target); });
  document.addEventListener('focusout', (e) => { if (e.target.classList.contains('v')) save(e.target); });
  const move = (step) => {
    const all = cells(), doubt = all.filter(c => c.classList.contains('doubt'));
    if (!doubt.length) { say('no doubtful value left'); return; }
    const at = all.indexOf(document.activeElement);
    let next = step > 0 ? doubt.find(c => all.indexOf(c) > at) : doubt.reverse().find(c => all.indexOf(c) < at);
    next = next || doubt[0];
    next.focus(); next.scrollIntoView({block: 'center'});
  };
  document.addEventListener('keydown', (e) => {
    const el = e.target;
    if (e.altKey && (e.key === 'n' || e.key === 'p')) { e.preventDefault(); move(e.key === 'n' ? 1 : -1); return; }
    if (!el.classList || !el.classList.contains('v')) return;
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); el.blur(); }
    if (e.key === 'Escape') { el.textContent = el.dataset.orig; el.blur(); }
  });
  document.addEventListener('click', async (e) => {
    const b = e.target.closest('button.add, button.del, button.split, button.merge');
    if (!b) return;
    const row = b.dataset.row || null, action = b.className;
    if (action === 'del' && !window.confirm('Delete row ' + row + '?')) return;
    if (action === 'merge' && !window.confirm('Merge row ' + row + ' with the next row?')) return;
    const body = action === 'add' ? {action: 'add', row: row, values: {indikator: '(new row)'}}
      : {action: action === 'del' ? 'delete' : action, row: row};
    try {
      await post('/api/doc/' + encodeURIComponent(id) + '/correct', body);
      window.location.reload();
    } catch (err) { say('not saved: ' + err.message); }
  });
  document.body.dataset.js = 'ran';
})();
