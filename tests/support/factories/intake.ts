// Mail for tests, delivered to the e-mail webhook as an inbound-mail service would.
import { createHmac } from 'node:crypto';
import { EMAIL_WEBHOOK_SECRET, type TestServer } from '../server.ts';

/** A message written with \n line ends, as RFC 822 wants them (\r\n). */
export const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

/** The X-Opsboard-Signature of a body: `sha256=` and the hex HMAC-SHA256 of its bytes with the secret. */
export function signEmail(body: string | Uint8Array, secret = EMAIL_WEBHOOK_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a raw message to /webhooks/email, signed with the test servers' webhook secret. */
export function postEmail(server: Pick<TestServer, 'url'>, raw: string, contentType = 'message/rfc822'): Promise<Response> {
  return fetch(`${server.url}/webhooks/email`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-opsboard-signature': signEmail(raw) },
    body: raw,
  });
}
