// Checks shared by every domain's inputs.
import { z } from 'zod';
import { notFound } from './errors.ts';

/** A required, trimmed text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const UUID = /^[0-9a-f-]{36}$/i;

/** Whether `value` has the shape of a row id (anything else cannot name a row). */
export const isUuid = (value: unknown): boolean => UUID.test(String(value));

/** The id of `what` named by a caller; one that cannot exist is "not found" without a query. */
export function requireId(value: string | number, what: string): string {
  const id = String(value);
  if (!UUID.test(id)) throw notFound(`${what} ${id.slice(0, 40)}`);
  return id;
}

/** An IANA time zone name this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
