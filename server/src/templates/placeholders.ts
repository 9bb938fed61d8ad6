// The placeholder grammar of response templates, `{{name}}`: one definition for the server and
// the web app (which imports this file), so what the editor flags is what sending refuses.
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** Names of the {{placeholders}} still in a text, each once, in order. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Fills {{placeholders}}; unknown ones stay visible so a missing value is noticed. */
export function renderTemplate(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
