// Accessibility check (GB/T 37668-2019, which follows WCAG 2.0 AA): every
// page given runs axe-core's wcag2a, wcag2aa and wcag21aa rules in
// Debian's Chromium; any violation fails.
//
//   NODE_PATH=target/ci-tools/node_modules node tests/a11y/check.cjs SITE_DIR|URL…
//   … check.cjs --reflow PAGE…
//
// With --reflow, each page is opened as a reader past fifty sees it
// (适老化): at 200 % zoom of a 1280 px window (640 CSS px wide) and with
// the browser's minimum font size at 20 px. The page must not scroll
// sideways; only the wide tables and charts inside their own scrolling
// boxes may.
//
// A folder stands for every .html file in it (opened as file:// pages, as
// readers open a copied site); a URL is checked as it is (the `serve`
// preview). Exit status: 0 clean, 1 violations, 2 usage or browser failure.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function open(page, url) {
  await page.goto(url, { waitUntil: "load" });
}

// The root page of a site with years only sends readers on to the newest
// one (checked in its own right).
function redirects(file) {
  return /<meta http-equiv="refresh"/.test(fs.readFileSync(file, "utf8"));
}

function pages(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pages(full));
    else if (entry.name.endsWith(".html")) out.push(full);
  }
  return out;
}

async function reflow(urls) {
  const os = require("os");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "zerenzhi-a11y-"));
  fs.mkdirSync(path.join(profile, "Default"));
  fs.writeFileSync(path.join(profile, "Default", "Preferences"),
    JSON.stringify({ webkit: { webprefs: { minimum_font_size: 20, minimum_logical_font_size: 20 } } }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    viewport: { width: 640, height: 800 },
    deviceScaleFactor: 2,
  });
  let failures = 0;
  for (const url of urls) {
    const page = await context.newPage();
    await open(page, url);
    const found = await page.evaluate(() => {
      const root = document.documentElement;
      const smallest = Math.min(...[...document.querySelectorAll("body *")]
        .filter((e) => e.childNodes.length && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .map((e) => parseFloat(getComputedStyle(e).fontSize)));
      const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
        if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true; } return false; };
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !scrolls(e))
        .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : ""));
      return { scrollWidth: root.scrollWidth, width: root.clientWidth, smallest, wide };
    });
    if (found.scrollWidth > found.width + 1) {
      failures += 1;
      console.log(`${url}\n  reflow: the page is ${found.scrollWidth} px wide in a ${found.width} px window: ${found.wide.join(", ")}`);
    }
    if (found.smallest < 20) {
      failures += 1;
      console.log(`${url}\n  reflow: text at ${found.smallest} px despite the 20 px minimum`);
    }
    await page.close();
  }
  await context.close();
  console.log(`reflow at 200 % and 20 px text: ${urls.length} pages, ${failures} problems`);
  process.exit(failures === 0 ? 0 : 1);
}

async function main() {
  const args = process.argv.slice(2);
  const mode = args[0] === "--reflow" ? args.shift() : "axe";
  const targets = args;
  if (targets.length === 0) {
    console.error("usage: check.cjs SITE_DIR|URL…");
    process.exit(2);
  }
  const urls = [];
  for (const t of targets) {
    if (/^https?:/.test(t)) urls.push(t);
    else if (t.endsWith(".html")) urls.push("file://" + path.resolve(t));
    else for (const p of pages(t).sort()) if (!redirects(p)) urls.push("file://" + path.resolve(p));
  }
  if (mode === "--reflow") return reflow(urls);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  // the site's own policy allows no injected script: axe comes in by the
  // browser's side door
  const context = await browser.newContext({ bypassCSP: true });
  let failures = 0;
  for (const url of urls) {
    const page = await context.newPage();
    await open(page, url);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } }));
    for (const v of result.violations) {
      failures += v.nodes.length;
      console.log(`${url}\n  ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`);
      for (const n of v.nodes) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ").trim()}`);
    }
    await page.close();
  }
  await browser.close();
  console.log(`axe-core ${require("axe-core/package.json").version}: ${urls.length} pages, ${failures} violations`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
