import { describe, expect, it } from 'vitest';
import { isConfirmation, replyText } from './model.ts';

describe("a user's reply to a resolved ticket", () => {
  it.each([
    "Confirmed, it's working now. Thanks!",
    'All good on my side now, thank you for the quick help.',
    'Works now - thanks for following up!',
    'Yes, that fixed it. Appreciate it.',
    'Thanks, that answers it!',
  ])('confirms the fix: %s', (text) => expect(isConfirmation(text)).toBe(true));

  it.each([
    'Sorry, this is happening again since this morning.',
    'The problem is back - same error as before.',
    "Thanks, but it still doesn't work.",
    'It is not fixed.',
    'Can you call me?',
    '',
  ])('does not confirm it: %s', (text) => expect(isConfirmation(text)).toBe(false));

  it("reads only the user's own words, not the quoted mail", () => {
    const body = 'Works now, thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Support <support@opsboard.example> wrote:\n> Let me know if it is still not working.';
    expect(replyText(body)).toBe('Works now, thanks!');
    expect(isConfirmation(body)).toBe(true);
    expect(replyText('> quoted line\nStill broken')).toBe('Still broken');
  });
});
