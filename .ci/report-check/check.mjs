// Renders a SimCache report page in headless Chromium on a laptop-sized window (1366 x 900) and fails (exit 1) if the
// page logs a console error, throws, fails to load a resource or an image, overflows the window horizontally, lacks
// a required section (or shows it empty), or if its screenshot is blank (almost all pixels one colour).
// Usage: node check.mjs path/to/index.html [screenshot.png]
// Chromium: $CHROMIUM, else /usr/bin/chromium (Debian's package), else /usr/bin/chromium-browser.

// The sections every report with sweep results must show, by the end of their element id: the page writes each part
// of an experiment as id="experiment-NAME-PART", so a part is found as [id$="-PART"]. One line per section.
const REQUIRED_SECTIONS = [
  'comparison', // the policies side by side at their best settings
  'frontier', // quality loss vs hit ratio, points labelled with their settings
  'over-time', // hit ratio over time
  'umap', // the UMAP maps beside the t-SNE maps
  'trace', // the trace described: sessions, reuse distances, distances to earlier requests, requests over time
];
const VIEWPORT = { width: 1366, height: 900 };
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [, , htmlArg, shotArg] = process.argv;
if (!htmlArg) {
  console.error('usage: node check.mjs path/to/index.html [screenshot.png]');
  process.exit(2);
}
const html = path.resolve(htmlArg);
if (!fs.existsSync(html)) {
  console.error(`${html}: no such file`);
  process.exit(2);
}
const shot = path.resolve(shotArg ?? path.join(path.dirname(html), 'index.screenshot.png'));
const executablePath = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
if (!executablePath) {
  console.error('no Chromium found: install Debian\'s chromium package or set CHROMIUM');
  process.exit(2);
}

const problems = [];
let sectionsNote = ', no sweep results so no sections required';
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-file-access-from-files'],
});
try {
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed to load ${r.url()}: ${r.failure()?.errorText ?? 'unknown'}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: 60000 });
  await page.evaluate(() => Promise.all(Array.from(document.images).map((img) => (img.complete ? null : new Promise((r) => { img.onload = r; img.onerror = r; })))));
  for (const src of await page.evaluate(() => Array.from(document.images).filter((i) => !i.naturalWidth).map((i) => i.src))) problems.push(`image does not load: ${src}`);
  // Exercise the page's script: sort each results table by its first columns, both ways.
  const sorted = await page.evaluate(() => {
    let clicks = 0;
    for (const table of document.querySelectorAll('table.sortable')) {
      const heads = Array.from(table.tHead.rows[0].cells).slice(0, 3);
      for (const th of heads) { th.click(); th.click(); clicks += 2; }
    }
    return clicks;
  });
  // A laptop screen: nothing may be wider than the window (tables scroll in their own box, figures shrink).
  const overflow = await page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const wide = Array.from(document.body.querySelectorAll('*'))
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).split(' ')[0] : ''}`);
    return { scroll: root.scrollWidth, client: root.clientWidth, wide };
  });
  if (overflow) problems.push(`the page overflows horizontally at ${VIEWPORT.width}x${VIEWPORT.height}: ${overflow.scroll} px wide in a ${overflow.client} px window (first too wide: ${overflow.wide.join(', ')})`);
  // Required sections: present (only where the page has sweep results to show), visible, and not empty.
  const hasResults = await page.evaluate(() => document.querySelector('table.sortable') !== null);
  if (hasResults) {
    sectionsNote = `, sections present: ${REQUIRED_SECTIONS.join(', ')}`;
    for (const id of REQUIRED_SECTIONS) {
      const found = await page.evaluate((part) => {
        const all = Array.from(document.querySelectorAll(`[id$="-${part}"], [id="${part}"]`));
        return all.map((e) => ({ height: e.getBoundingClientRect().height, images: e.querySelectorAll('img').length, text: e.innerText.trim().length }));
      }, id);
      if (found.length === 0) problems.push(`required section '${id}' is missing (no element with id ending in -${id})`);
      else if (!found.some((f) => f.height > 0 && (f.images > 0 || f.text > 40))) problems.push(`required section '${id}' is empty or hidden`);
    }
  }
  // The Trace section (id "trace"): present, with its table of numbers and its figures loaded.
  const trace = await page.evaluate(() => {
    const section = document.querySelector('[id$="-trace"]');
    if (!section) return null;
    const images = Array.from(section.querySelectorAll('img'));
    return { tables: section.querySelectorAll('table').length, images: images.length, loaded: images.filter((i) => i.naturalWidth > 0).length };
  });
  if (!trace) problems.push('the page has no Trace section (no element with id ending in -trace)');
  else if (trace.tables < 1 || trace.images < 3 || trace.loaded < trace.images) problems.push(`the Trace section is incomplete: ${trace.tables} table(s), ${trace.loaded} of ${trace.images} figure(s) loaded (expected a table and 3 figures)`);
  const png = await page.screenshot({ path: shot, fullPage: true });
  const text = await page.evaluate(() => document.body.innerText.trim().length);

  // Count the screenshot's colours in a blank page's canvas (no image library needed).
  const probe = await browser.newPage();
  await probe.goto('about:blank');
  const { colours, dominant } = await probe.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const most = Math.max(...counts.values());
    return { colours: counts.size, dominant: most / (d.length / 4) };
  }, Buffer.from(png).toString('base64'));
  console.log(`${html}: ${text} characters of text, ${sorted} header clicks, screenshot ${shot} with ${colours} colours (${(dominant * 100).toFixed(1)}% the most common)`);
  if (text < 20) problems.push('the page shows almost no text');
  if (colours < 16 || dominant > 0.999) problems.push(`the screenshot is blank (${colours} colours, ${(dominant * 100).toFixed(1)}% one colour)`);
} finally {
  await browser.close();
}
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`report renders: no console errors, not blank, no horizontal overflow at ${VIEWPORT.width} px${sectionsNote}`);
