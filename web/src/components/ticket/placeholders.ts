const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Placeholders still in the text, in order of first appearance. */
export function unfilled(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** The text with each placeholder that has a value replaced by it; the others stay for the agent to see. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (values[name]?.trim() ? values[name]! : whole));
}
