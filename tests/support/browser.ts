// Real headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) driven by playwright-core.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`No Chromium at ${chromiumPath}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function accessibilityViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: number }[]> {
  const require = createRequire(import.meta.url);
  // Evaluated, not added as a <script>: the app's Content-Security-Policy allows no inline script.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
}

/** What pages watched by `watchCsp` were refused by the Content-Security-Policy (Chromium reports it on the console). */
export const cspViolations: string[] = [];

/** Collects the page's Content-Security-Policy violations into `into`. */
export function watchCsp(page: Page, into: string[] = cspViolations): Page {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) into.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

/** A page signed in with `token` (kept where the web app keeps it), opened at `url`, in its own browser context. */
export async function signedInPage(
  browser: Browser,
  token: string,
  url: string,
  viewport = { width: 1600, height: 1000 },
  options: Omit<BrowserContextOptions, 'viewport'> = {},
): Promise<Page> {
  const page = watchCsp(await browser.newPage({ ...options, viewport }));
  await page.addInitScript((t) => window.localStorage.setItem('opsboard.token', t), token);
  await page.goto(url);
  return page;
}
