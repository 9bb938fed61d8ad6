// The template placeholder grammar is the server's own (one definition for both sides): what the
// form shows as unfilled is exactly what respondToTicket refuses.
import { renderTemplate, unfilledPlaceholders } from '@opsboard/server/templates/placeholders.ts';

/** Placeholders still in the text, in order of first appearance; braces inside the ticket's own data (`verbatim`) are not placeholders. */
export const unfilled = unfilledPlaceholders;

/** The text with each placeholder that has a value replaced by it; the others stay for the agent to see. */
export function fill(text: string, values: Record<string, string>): string {
  return renderTemplate(text, Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim())));
}
