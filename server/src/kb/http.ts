// GET /faq and GET /faq/<slug>: the published knowledge base articles, public plain HTML (the links
// sent to requesters point here).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { publishedArticle, publishedArticles } from './service.ts';
import { escapeHtml, sendText } from '../platform/http.ts';
import type { Route } from '../platform/routes.ts';

function page(res: ServerResponse, status: number, title: string, body: string): void {
  sendText(
    res,
    status,
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}li{margin:.35rem 0}.tags{color:#555;font-size:.9rem}</style>
</head><body><main>${body}</main></body></html>`,
    'text/html; charset=utf-8',
  );
}

/** Plain text with "## " headings and blank-line paragraphs, escaped. */
function articleHtml(body: string): string {
  return body
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split('\n');
      const heading = /^##\s+(.*)$/.exec(lines[0] ?? '');
      const rest = (heading ? lines.slice(1) : lines).join('\n').trim();
      return `${heading ? `<h2>${escapeHtml(heading[1]!)}</h2>` : ''}${rest ? `<p>${escapeHtml(rest).replace(/\n/g, '<br>')}</p>` : ''}`;
    })
    .join('\n');
}

export async function faqIndex(rt: Runtime, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  const articles = await publishedArticles(rt);
  const items = articles.map(
    (a) =>
      `<li><a href="/faq/${escapeHtml(a.slug)}">${escapeHtml(a.title)}</a>${a.tags.length ? ` <span class="tags">${a.tags.map((t) => `#${escapeHtml(t)}`).join(' ')}</span>` : ''}</li>`,
  );
  page(
    res,
    200,
    'Frequently asked questions',
    `<h1>Frequently asked questions</h1>${items.length ? `<ul>${items.join('\n')}</ul>` : '<p>No articles yet.</p>'}`,
  );
}

export async function faqArticle(rt: Runtime, _req: IncomingMessage, res: ServerResponse, [slug = '']: string[]): Promise<void> {
  const article = await publishedArticle(rt, slug);
  if (!article) return page(res, 404, 'Article not found', '<h1>Article not found</h1><p>It may have moved. See <a href="/faq">all questions</a>.</p>');
  page(res, 200, article.title, `<p><a href="/faq">All questions</a></p><article><h1>${escapeHtml(article.title)}</h1>${articleHtml(article.body)}</article>`);
}

export const kbRoutes: Route[] = [
  { method: 'GET', path: '/faq', handle: faqIndex },
  { method: 'GET', path: /^\/faq\/([a-z0-9-]{1,100})$/, handle: faqArticle },
];
