// Renders a SimCache report page in headless Chromium and fails (exit 1) if the page logs a console error, throws,
// fails to load a resource or an image, or if its screenshot is blank (almost all pixels one colour).
// Usage: node check.mjs path/to/index.html [screenshot.png]
// Chromium: $CHROMIUM, else /usr/bin/chromium (Debian's package), else /usr/bin/chromium-browser.
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
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-file-access-from-files'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
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
  // Sections the report must show (an experiment report, not a stage's own page): the UMAP maps beside t-SNE's.
  const isReport = await page.evaluate(() => document.querySelector('section') !== null);
  if (isReport) {
    for (const id of ['umap']) {
      const shown = await page.evaluate((i) => { const el = document.getElementById(i); return el !== null && el.getBoundingClientRect().height > 0; }, id);
      if (!shown) problems.push(`required section #${id} is missing or empty`);
    }
  }
  if (colours < 16 || dominant > 0.999) problems.push(`the screenshot is blank (${colours} colours, ${(dominant * 100).toFixed(1)}% one colour)`);
} finally {
  await browser.close();
}
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log('report renders: no console errors, not blank');
