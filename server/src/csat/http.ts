// GET /csat/<token>: the satisfaction survey (plain HTML form, no script, no login);
// POST /csat/<token>: its answer (form-encoded rating 1–5 and comment). The app applies the `csat`
// rate limit (per client address) to every /csat path before these run.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { answerSurvey, viewSurvey } from './service.ts';
import { BodyTooLargeError, escapeHtml, readBody, sendText } from '../platform/http.ts';
import { domainErrorOf } from '../platform/errors.ts';
import type { Route } from '../platform/routes.ts';

const LABELS = ['', 'Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];

function page(res: ServerResponse, status: number, title: string, body: string): void {
  sendText(
    res,
    status,
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
fieldset{border:1px solid #ccc;padding:.5rem 1rem}label{display:block;margin:.25rem 0}textarea{width:100%;min-height:6rem}
button{font:inherit;padding:.4rem 1.2rem;margin-top:.75rem}.error{color:#a4000f}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    'text/html; charset=utf-8',
  );
}

/** Service errors → a page: unknown link 404, already answered 409, bad answer 400. */
function errorPage(res: ServerResponse, error: unknown): void {
  const domain = domainErrorOf(error);
  const message = escapeHtml((error as Error).message);
  if (domain?.code === 'NOT_FOUND') return page(res, 404, 'Survey link not found', `<p class="error">${message}.</p>`);
  if (domain?.code === 'BAD_USER_INPUT') {
    const used = domain.fieldErrors.some((f) => f.field === 'token');
    return page(res, used ? 409 : 400, used ? 'Already answered' : 'Please check your answer', `<p class="error">${message}</p>`);
  }
  throw error;
}

function form(token: string, survey: { ticketNumber: string; title: string }): string {
  const options = [5, 4, 3, 2, 1].map((r) => `<label><input type="radio" name="rating" value="${r}" required> ${r} — ${LABELS[r]}</label>`).join('\n');
  return `<p>Your ticket <strong>${escapeHtml(survey.ticketNumber)}</strong> “${escapeHtml(survey.title)}” was resolved. How satisfied are you with the help you got?</p>
<form method="post" action="/csat/${escapeHtml(token)}">
<fieldset><legend>Your rating</legend>
${options}
</fieldset>
<p><label for="comment">Comment (optional)</label><textarea id="comment" name="comment" maxlength="2000"></textarea></p>
<button type="submit">Send</button>
</form>`;
}

export async function csatPage(rt: Runtime, _req: IncomingMessage, res: ServerResponse, [token = '']: string[]): Promise<void> {
  try {
    const survey = await viewSurvey(rt, token);
    if (survey.answeredAt)
      return page(
        res,
        409,
        'Already answered',
        `<p>Thank you — this survey was already answered on ${survey.answeredAt.toISOString().slice(0, 10)}; each link works once.</p>`,
      );
    page(res, 200, 'How did we do?', form(token, survey));
  } catch (error) {
    errorPage(res, error);
  }
}

export async function csatAnswer(rt: Runtime, req: IncomingMessage, res: ServerResponse, [token = '']: string[]): Promise<void> {
  try {
    const body = new URLSearchParams((await readBody(req, 16 * 1024)).toString('utf8'));
    const answer = await answerSurvey(rt, token, { rating: body.get('rating') ?? '', comment: body.get('comment') });
    page(res, 200, 'Thank you', `<p>Your answer (${answer.rating} — ${LABELS[answer.rating ?? 0]}) is recorded. Thank you for helping us improve.</p>`);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return page(res, 413, 'Too long', '<p class="error">The answer is too long.</p>');
    errorPage(res, error);
  }
}

export const csatRoutes: Route[] = [
  { method: 'GET', path: /^\/csat\/([^/]{1,200})$/, handle: csatPage },
  { method: 'POST', path: /^\/csat\/([^/]{1,200})$/, handle: csatAnswer },
];
