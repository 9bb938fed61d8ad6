import { describe, expect, it } from 'vitest';
import { placeholders, renderTemplate, unfilledPlaceholders } from './placeholders.ts';

describe('placeholders', () => {
  it('fills in one pass: a value that looks like a placeholder is never filled again', () => {
    expect(renderTemplate('{{a}} and {{b}}', { a: '{{b}}', b: 'B' })).toBe('{{b}} and B');
  });

  it('does not count braces inside the data the text was filled with', () => {
    const title = 'Error {{x}} in my {{template}}';
    const text = renderTemplate('Re: {{ticket_title}} — {{questions}}', { ticket_title: title });
    expect(placeholders(text)).toEqual(['x', 'template', 'questions']);
    expect(unfilledPlaceholders(text, [title, 'plain'])).toEqual(['questions']);
    expect(unfilledPlaceholders('{{x}} alone', [title])).toEqual(['x']);
  });
});
