import type { IncomingMessage, ServerResponse } from 'node:http';
import { domainErrorOf, HTTP_STATUS } from './errors.ts';

/** Text made safe to put inside HTML (the plain pages and the HTML of mails). */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

export class BodyTooLargeError extends Error {}

/** Reads a request body up to `limit` bytes; larger bodies are refused with BodyTooLargeError. */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(`the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(`the body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The HTTP edge of the domain errors: bad input → 400 with the fields at fault, and so on. Anything else is rethrown. */
export function sendDomainError(res: ServerResponse, error: unknown): void {
  const domain = domainErrorOf(error);
  if (!domain) throw error;
  const body = domain.code === 'BAD_USER_INPUT' ? { error: domain.message, fieldErrors: domain.fieldErrors } : { error: domain.message };
  sendJson(res, HTTP_STATUS[domain.code], body);
}
