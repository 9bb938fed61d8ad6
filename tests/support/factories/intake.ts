// Mail for tests, delivered to the e-mail webhook as an inbound-mail service would.
import type { TestServer } from '../server.ts';

/** A message written with \n line ends, as RFC 822 wants them (\r\n). */
export const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

/** POSTs a raw message to /webhooks/email. */
export function postEmail(server: Pick<TestServer, 'url'>, raw: string, contentType = 'message/rfc822'): Promise<Response> {
  return fetch(`${server.url}/webhooks/email`, { method: 'POST', headers: { 'content-type': contentType }, body: raw });
}
