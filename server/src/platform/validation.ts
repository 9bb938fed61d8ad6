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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored whatever its length: PostgreSQL refuses NUL, and half a surrogate pair is not text. */
export function hostileTextReason(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(value)) return 'must not contain a lone surrogate (invalid Unicode)';
  return undefined;
}

/** Text from outside that is cleaned rather than refused (webhook payloads, mail): NUL and lone surrogates become U+FFFD. */
export const cleanText = (value: string): string =>
  hostileTextReason(value) ? value.replaceAll('\u0000', '\uFFFD').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD') : value;

/** A parsed JSON value with every string (and key) cleaned by `cleanText`. */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanJson(v)]));
  return value;
}
