import { describe, expect, it } from 'vitest';
import { sensitiveFlags } from './rules.ts';

const flags = (description: string) => sensitiveFlags({ title: 'Ticket', description }).map((f) => [f.reason, f.words]);

describe('sensitive triggers in a ticket’s words (whole words, any case)', () => {
  it.each([
    ['We found a vulnerability in the login form', 'SECURITY', ['vulnerability']],
    ['Was there a data BREACH?', 'SECURITY', ['BREACH']],
    ['My grades leaked online', 'SECURITY', ['leaked']],
    ['My account was hacked', 'SECURITY', ['hacked']],
    ['A GDPR request about my data', 'SECURITY', ['GDPR']],
    ['My lawyer will contact you', 'UPSET_USER', ['lawyer']],
    ['We are considering legal action', 'UPSET_USER', ['legal action']],
    ['I am a journalist at the Herald', 'PRESS', ['journalist']],
    ['A question from the press', 'PRESS', ['the press']],
  ])('%s → %s', (text, reason, words) => {
    expect(flags(text)).toEqual([[reason, words]]);
  });

  it.each([
    'I am impressed by the new reports',
    'Pressing the button does nothing',
    'The pipe leakage page has a typo',
    'Is it legally fine to print this?',
    'Sue from accounting asked about invoices',
    'Our security team loves the reports',
  ])('flags nothing in "%s"', (text) => {
    expect(flags(text)).toEqual([]);
  });
});
