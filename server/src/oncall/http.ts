import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { onCallFeed } from './feed.ts';
import { sendText } from '../platform/http.ts';
import type { Route } from '../platform/routes.ts';

/** GET /oncall/<secret>.ics: a rotation's or one person's shifts; 404 for any other secret. */
export async function onCallFeedRoute(rt: Runtime, _req: IncomingMessage, res: ServerResponse, [secret = '']: string[]): Promise<void> {
  const body = await onCallFeed(rt, secret);
  if (body === null) return sendText(res, 404, 'not found\n');
  sendText(res, 200, body, 'text/calendar; charset=utf-8');
}

export const onCallRoutes: Route[] = [{ method: 'GET', path: /^\/oncall\/([A-Za-z0-9_-]{1,128})\.ics$/, handle: onCallFeedRoute }];
