// Static checks of the shipped files: CSP-friendly HTML, no HTML injection APIs, the service
// worker's rules, the manifest and icons, and the first-load budget.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { sourceFiles as allSourceFiles } from './files.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => readFileSync(join(web, path), 'utf8');
const sourceFiles = allSourceFiles();

// Modules reachable from app.js through static imports, as URL paths.
function moduleGraph(entry = '/app.js') {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const match of read(path.slice(1)).matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)) {
      visit(posix.normalize(posix.join(posix.dirname(path), match[1])));
    }
  };
  visit(entry);
  return seen;
}

test('no API that parses HTML, no eval, no inline styles', () => {
  for (const file of sourceFiles) {
    const source = read(file).replace(/\/\/.*$/gm, '');
    for (const banned of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'setAttribute(\'style\'', '.style.', 'createContextualFragment', 'DOMParser']) {
      assert.ok(!source.includes(banned), `${file} uses ${banned}`);
    }
  }
});

test('index.html works under the strict CSP', () => {
  const html = read('index.html');
  assert.ok(!/<style/i.test(html), 'no <style> block');
  assert.ok(!/\sstyle=/i.test(html), 'no style attribute');
  assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handler');
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(match[1], /\ssrc=/, 'every script has a src');
    assert.equal(match[2].trim(), '', 'no inline script');
  }
  assert.ok(!/<form/i.test(html));
  assert.match(html, /<html lang="en">/);
  assert.match(html, /rel="manifest" href="\/manifest.webmanifest"/);
});

test('modulepreload list, service worker core and the import graph agree', () => {
  const graph = moduleGraph();
  const html = read('index.html');
  const preloaded = new Set([...html.matchAll(/rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]));
  const entry = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(entry, ['/app.js']);
  assert.deepEqual([...graph].filter((p) => p !== '/app.js').sort(), [...preloaded].sort());
  // The worker's core is exactly what every first page loads: the document, its style sheets
  // and the static module graph. Anything more would be downloaded for nothing.
  const sheets = [...html.matchAll(/rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
  const core = JSON.parse(read('sw.js').match(/const CORE = (\[[\s\S]*?\]);/)[1].replace(/'/g, '"').replace(/,\s*\]/, ']'));
  assert.deepEqual([...core].sort(), ['/', ...sheets, ...graph].sort());
  // Modules loaded on demand (import()) exist and are not preloaded.
  for (const file of sourceFiles) {
    for (const match of read(file).matchAll(/import\('([^']+)'\)/g)) {
      const path = posix.normalize(posix.join(posix.dirname(`/${file}`), match[1]));
      assert.ok(existsSync(join(web, path.slice(1))), `${path} (imported on demand by ${file}) does not exist`);
      assert.ok(!preloaded.has(path), `${path} is loaded on demand; do not preload it`);
    }
  }
});

test('service worker: keeps files on use and adopts what the page loaded, from the HTTP cache', () => {
  const sw = read('sw.js');
  assert.match(sw, /cache\.put\(key, response\.clone\(\)\)/, 'a file fetched through the worker is kept');
  assert.match(sw, /data\.type !== 'adopt'/);
  assert.match(sw, /cache: 'force-cache'/, 'adopted and core files come from the HTTP cache');
  assert.match(read('app.js'), /type: 'adopt'/, 'the page hands over what it loaded');
});

test('service worker: versioned cache, never /api, skipWaiting + clients.claim, old caches deleted', () => {
  const sw = read('sw.js');
  assert.match(sw, /const CACHE = `hangar-shell-\$\{VERSION\}`/);
  assert.match(sw, /'\/api\/'/);
  assert.match(sw, /isNetworkOnly\(url\)\) return null;/);
  assert.match(sw, /if \(!key\) return; \/\/ the browser fetches it/);
  assert.match(sw, /self\.skipWaiting\(\)/);
  assert.match(sw, /self\.clients\.claim\(\)/);
  assert.match(sw, /caches\.delete\(name\)/);
  assert.match(sw, /request\.method !== 'GET'\) return;/);
});

test('service worker: the event stream and every /api route go to the network untouched', () => {
  const sw = read('sw.js');
  const source = `${sw.match(/const NETWORK_ONLY = [^\n]+/)[0]}\n${sw.match(/function isNetworkOnly[\s\S]*?\n}/)[0]}\nisNetworkOnly;`;
  const isNetworkOnly = vm.runInNewContext(source, {});
  for (const path of ['/api/events', '/api/jobs/j1/events', '/api/jobs', '/api/models/x/download-status', '/api', '/health']) {
    assert.ok(isNetworkOnly(new URL(path, 'http://h')), `${path} must not be cached`);
  }
  assert.ok(!isNetworkOnly(new URL('/jobs/jobs.js', 'http://h')));
});

test('pages and code not needed at first paint load on demand', () => {
  const graph = moduleGraph();
  const lazy = ['/jobs/jobs.js', '/models/modal.js', '/shared/dialogs.js', '/shared/live.js', '/models/forms.js', '/models/form-fields.js', '/shared/forms.js', '/models/provider-modal.js', '/models/form-view.js',
    '/models/dashboard.js', '/models/providers.js', '/models/hub-picker.js', '/models/hub-store.js', '/models/hub-actions.js', ...allSourceFiles().filter((f) => /^(ollama|governance|keys|sync)\//.test(f)).map((f) => `/${f}`)];
  for (const path of lazy) assert.ok(!graph.has(path), `${path} is in the first load`);
});

function pngSize(path) {
  const bytes = readFileSync(join(web, path));
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${path} is a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('manifest and icons', () => {
  const manifest = JSON.parse(read('manifest.webmanifest'));
  assert.ok(manifest.name && manifest.short_name);
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/');
  assert.ok(manifest.theme_color && manifest.background_color);
  const sizes = new Set(manifest.icons.map((icon) => icon.sizes));
  assert.ok(sizes.has('192x192') && sizes.has('512x512'));
  for (const icon of manifest.icons) {
    const [w, h] = pngSize(icon.src.slice(1));
    assert.equal(`${w}x${h}`, icon.sizes);
  }
  assert.ok(statSync(join(web, 'icons/icon-512.png')).size < 8 * 1024, 'the 512 icon stays small');
});

test('first load stays under 200 KB', () => {
  const html = read('index.html');
  const referenced = new Set(['/index.html', '/sw.js', '/shared/locales/en.js', ...moduleGraph()]);
  for (const match of html.matchAll(/(?:href|src)="(\/[^"]+)"/g)) referenced.add(match[1]);
  for (const icon of JSON.parse(read('manifest.webmanifest')).icons) referenced.add(icon.src);
  let total = 0;
  for (const path of referenced) total += statSync(join(web, path.slice(1))).size;
  assert.ok(total < 200 * 1024, `first load is ${total} bytes`);
});
