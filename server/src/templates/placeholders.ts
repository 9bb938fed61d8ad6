// The placeholder grammar of response templates, `{{name}}`: one definition for the server and
// the web app (which imports this file), so what the editor flags is what sending refuses.
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** Names of the {{placeholders}} still in a text, each once, in order. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Placeholders of a rendered text that are still unfilled. `verbatim` is the data the text was filled
 * with (a customer's ticket title, say): braces inside it are the customer's words, not placeholders,
 * so a title such as "Error {{x}} in my template" never blocks an answer on its ticket.
 */
export function unfilledPlaceholders(text: string, verbatim: readonly string[] = []): string[] {
  const braced = verbatim.filter((value) => PLACEHOLDER_START.test(value)).sort((a, b) => b.length - a.length);
  let rest = text;
  for (const value of braced) rest = rest.split(value).join(' ');
  return placeholders(rest);
}

const PLACEHOLDER_START = /\{\{\w+\}\}/;

/** Fills {{placeholders}} in one pass (a value is never read as a template); unknown ones stay visible so a missing value is noticed. */
export function renderTemplate(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
