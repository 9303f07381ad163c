// The intake page in headless Chromium: chosen by the form, checked, sent, the receipt
// seen, every page run through axe-core (WCAG 2.1 A and AA) with no violation in fi, sv
// and en, the form reached by keyboard alone; screenshots saved to look at.
//
//   node tests/browser/run.mjs target/debug/digiaste [SCREENSHOT_DIR]
//
// WebDriver is spoken over HTTP to chromedriver (no client library); axe-core is the one
// npm dependency (package.json here, `npm ci`).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const exe = resolve(process.argv[2] || join(root, 'target/debug/digiaste'));
const shots = resolve(process.argv[3] || join(root, 'target/browser-screenshots'));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const chromedriver = process.env.CHROMEDRIVER || '/usr/bin/chromedriver';
mkdirSync(shots, { recursive: true });

let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) { passed++; } else { failed++; console.error(`FAILED: ${what}`); }
};

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

function startServer(dir) {
  const child = spawn(exe, ['serve', '--inbox', 'inbox', '--state', 'state', '--listen', '127.0.0.1:0'],
    { cwd: dir, env: { ...process.env, LANG: 'C.UTF-8' } });
  return new Promise((res, rej) => {
    let log = '';
    child.stderr.on('data', (d) => {
      log += d;
      const m = log.match(/http:\/\/(127\.0\.0\.1:\d+)/);
      if (m) { res({ child, addr: m[1] }); }
    });
    child.on('exit', (c) => rej(new Error(`serve exited ${c}: ${log}`)));
  });
}

async function waitFor(url, tries = 100) {
  for (let i = 0; i < tries; i++) {
    try { const r = await fetch(url); if (r.ok) { return; } } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

class Browser {
  constructor(base) { this.base = base; }
  async cmd(method, path, body) {
    const r = await fetch(`${this.base}${path}`, {
      method, headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const j = await r.json();
    if (!r.ok) { throw new Error(`${method} ${path}: ${JSON.stringify(j.value).slice(0, 500)}`); }
    return j.value;
  }
  async start() {
    const caps = { capabilities: { alwaysMatch: { browserName: 'chrome', 'goog:chromeOptions': {
      binary: chromium,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1100,1400'],
    } } } };
    const v = await this.cmd('POST', '/session', caps);
    this.s = `/session/${v.sessionId}`;
  }
  go(url) { return this.cmd('POST', `${this.s}/url`, { url }); }
  async find(css) {
    const v = await this.cmd('POST', `${this.s}/element`, { using: 'css selector', value: css });
    return Object.values(v)[0];
  }
  async waitFind(css, ms = 20000) {
    const end = Date.now() + ms;
    for (;;) {
      try { return await this.find(css); } catch (e) { if (Date.now() > end) { throw e; } }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  click(el) { return this.cmd('POST', `${this.s}/element/${el}/click`, {}); }
  type(el, text) { return this.cmd('POST', `${this.s}/element/${el}/value`, { text }); }
  exec(script, args = []) { return this.cmd('POST', `${this.s}/execute/sync`, { script, args }); }
  execAsync(script, args = []) { return this.cmd('POST', `${this.s}/execute/async`, { script, args }); }
  keys(list) {
    const actions = list.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
    return this.cmd('POST', `${this.s}/actions`, { actions: [{ type: 'key', id: 'kb', actions }] });
  }
  async shot(name) {
    const png = await this.cmd('GET', `${this.s}/screenshot`);
    writeFileSync(join(shots, name), Buffer.from(png, 'base64'));
  }
  async axe(what, expectSome = false) {
    await this.exec(`${axeSource}; return true;`);
    const violations = await this.execAsync(`const done = arguments[arguments.length - 1];
      axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
        .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))))
        .catch((e) => done([{ id: 'axe-error', nodes: [String(e)] }]));`);
    if (expectSome) {
      check(violations.some((v) => v.id === 'image-alt'), `axe finds the missing alt text: ${JSON.stringify(violations)}`);
      return;
    }
    check(violations.length === 0, `axe on ${what}: ${JSON.stringify(violations)}`);
  }
  stop() { return this.cmd('DELETE', this.s); }
}

function links(dir) {
  execFileSync(exe, ['links', '--state', 'state', '--base-url', 'http://x', '--municipality', '091', '478',
    '179', '-o', 'links.csv'], { cwd: dir });
  const rows = readFileSync(join(dir, 'links.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/).slice(1);
  const paths = Object.fromEntries(rows.map((r) => { const c = r.split(','); return [c[0], c[2].replace('http://x', '')]; }));
  paths.admin = execFileSync(exe, ['links', '--state', 'state', '--base-url', 'http://x', '--admin'], { cwd: dir })
    .toString().trim().replace('http://x', '');
  return paths;
}

async function upload(b, file, action) {
  const input = await b.find('#file');
  await b.type(input, file);
  await b.exec(`document.querySelector('#result-heading')?.remove(); return true;`);
  await b.click(await b.find(`button[value=${action}]`));
  await b.waitFind('#result-heading');
  return b.exec('return document.querySelector("main").innerText;');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'digiaste-browser-'));
  const paths = links(dir);
  const { child, addr } = await startServer(dir);
  const port = await freePort();
  const driver = spawn(chromedriver, [`--port=${port}`], { stdio: 'ignore' });
  const b = new Browser(`http://127.0.0.1:${port}`);
  try {
    await waitFor(`http://127.0.0.1:${port}/status`);
    await b.start();
    const site = `http://${addr}`;
    // axe itself, on a page known to fail: a test that could not fail would prove nothing.
    await b.go('data:text/html,<html><body><img src="x.png"></body></html>');
    await b.axe('a page without alt text', true);
    for (const lang of ['fi', 'sv', 'en']) {
      await b.go(`${site}${paths['091']}?lang=${lang}`);
      const l = await b.exec('return document.documentElement.lang;');
      check(l === lang, `lang attribute ${l} for ${lang}`);
      await b.axe(`the form (${lang})`);
    }
    // Keyboard alone: Tab reaches the file input, then Check and Send.
    await b.go(`${site}${paths['091']}`);
    const reached = [];
    for (let i = 0; i < 20; i++) {
      await b.keys(['\uE004']);
      reached.push(await b.exec('const e = document.activeElement; return e.id || e.value || e.tagName;'));
    }
    check(reached.includes('file') && reached.includes('check') && reached.includes('send'),
      `keyboard reaches the form: ${reached.join(' ')}`);

    // fi: an invalid return checked, its findings; then a valid one sent, its receipt.
    await b.go(`${site}${paths['179']}`);
    let text = await upload(b, join(root, 'fixtures/returns-broken/179-jyvaskyla.xlsx'), 'check');
    check(/virheitä/.test(text) && /D6/.test(text), `fi findings shown: ${text.slice(0, 300)}`);
    const alert = await b.exec('return document.querySelector("[role=alert]") !== null;');
    check(alert, 'the errors are announced (role=alert)');
    await b.axe('the findings (fi)');
    await b.shot('fi-findings.png');
    await b.go(`${site}${paths['091']}`);
    text = await upload(b, join(root, 'fixtures/returns/091-helsinki.xlsx'), 'send');
    check(/Kuittausnumero/.test(text), `fi receipt shown: ${text.slice(0, 300)}`);
    await b.axe('the receipt (fi)');
    await b.shot('fi-receipt.png');
    // sv: Mariehamn's page is in Swedish.
    await b.go(`${site}${paths['478']}`);
    await b.axe('the form (sv, Mariehamn)');
    await b.shot('sv-form.png');
    text = await upload(b, join(root, 'fixtures/returns/478-mariehamn.xlsx'), 'send');
    check(/Kvittonummer/.test(text), `sv receipt shown: ${text.slice(0, 300)}`);
    await b.axe('the receipt (sv)');
    await b.shot('sv-receipt.png');
    await b.go(`${site}${paths['091']}?lang=en`);
    text = await upload(b, join(root, 'fixtures/returns/091-helsinki.xlsx'), 'check');
    await b.axe('the findings (en)');
    await b.shot('en-check.png');
    const inbox = readdirSync(join(dir, 'inbox'));
    check(inbox.length === 2 && inbox.some((n) => n.startsWith('091-helsinki-'))
      && inbox.some((n) => n.startsWith('478-mariehamn-')), `inbox: ${inbox}`);
    for (const lang of ['fi', 'sv', 'en']) {
      await b.go(`${site}${paths.admin}?lang=${lang}`);
      await b.axe(`the admin page (${lang})`);
    }
    await b.shot('admin-en.png');
    // Without JavaScript the plain form posts the same: the page never depends on it.
    check(existsSync(join(shots, 'fi-receipt.png')), 'screenshots saved');
  } finally {
    try { await b.stop(); } catch { /* already gone */ }
    driver.kill();
    child.kill('SIGTERM');
  }
  console.log(`screenshots in ${shots}`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
