// GraphiQL at GET /graphql, only with OPSBOARD_GRAPHIQL=1: yoga's GraphiQL with every asset bundled
// (@graphql-yoga/render-graphiql, loaded on first use), so the page loads nothing from a CDN. Its
// one inline script is allowed by its hash in the page's own Content-Security-Policy.
import { createHash } from 'node:crypto';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import type { Config } from '../platform/config.ts';
import { appDirectives, cspHeader } from './security.ts';

export interface GraphiQLSide {
  renderGraphiQL: (options: GraphiQLOptions) => Promise<string>;
  plugin: Plugin;
}

export function graphiqlSide(config: Config): GraphiQLSide {
  const rendered = new Map<string, { html: string; csp: string }>();
  let lastCsp = '';
  return {
    async renderGraphiQL(options) {
      const key = JSON.stringify(options);
      let page = rendered.get(key);
      if (!page) {
        const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
        const html = renderGraphiQL(options);
        const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.lastIndexOf('</script>'));
        const hash = createHash('sha256').update(script).digest('base64');
        const directives = {
          ...appDirectives(config),
          'script-src': ["'self'", `'sha256-${hash}'`],
          // The editor's workers are made from blobs; its styles are set inline.
          'worker-src': ["'self'", 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'font-src': ["'self'", 'data:'],
          'img-src': ["'self'", 'data:', 'blob:'],
        };
        page = { html, csp: cspHeader(directives, config) };
        rendered.set(key, page);
      }
      lastCsp = page.csp;
      return page.html;
    },
    plugin: {
      onResponse({ response }) {
        if (lastCsp && response.headers.get('content-type')?.startsWith('text/html')) response.headers.set('content-security-policy', lastCsp);
      },
    },
  };
}
