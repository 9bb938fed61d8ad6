// Triage suggestions (the guide's Step 2): a priority with its reason from the guide's
// definitions, and a routing by type. Rules only; a person confirms with triageTicket.
import type { Priority, Ticket, TicketType } from '@opsboard/db';

export interface PrioritySuggestion {
  priority: Priority;
  reason: string;
}

// The guide's definitions and examples, strongest first.
const RULES: { priority: Priority; pattern: RegExp; reason: string }[] = [
  { priority: 'P0', pattern: /\b(site|production|platform|service) (is )?(down|unreachable|offline)\b|\boutage\b/i, reason: 'P0 critical: site down' },
  { priority: 'P0', pattern: /\b500\b|internal server error/i, reason: 'P0 critical: production returning 500 errors' },
  { priority: 'P0', pattern: /\bsecurity\b|vulnerab|exploit|\bbreach\b|privacy violation|leak/i, reason: 'P0 critical: security issue' },
  {
    priority: 'P0',
    pattern: /data loss|lost (all |my |our )?data|database (is )?(down|inaccessible)/i,
    reason: 'P0 critical: data loss or database inaccessible',
  },
  { priority: 'P1', pattern: /\b(many|all|most) users\b|\beveryone\b/i, reason: 'P1 high: affects many users' },
  {
    priority: 'P1',
    pattern: /submission fails|does(n't| not) load|won't load|cannot (log ?in|submit)|consistently slow|>\s?5\s?s|broken/i,
    reason: 'P1 high: major feature broken',
  },
  {
    priority: 'P3',
    pattern: /typo|cosmetic|alignment|misaligned|animation|glitch|nice[- ]to[- ]have|enhancement|feature request/i,
    reason: 'P3 low: cosmetic issue or enhancement',
  },
  {
    priority: 'P2',
    pattern: /workaround|occasionally|sometimes|older device|specific browser|intermittent/i,
    reason: 'P2 medium: partially broken, a workaround exists',
  },
];

/** The guide's priority definitions applied to the ticket's words; a person confirms. */
export function suggestPriority(ticket: Pick<Ticket, 'title' | 'description' | 'usersImpacted' | 'type'>): PrioritySuggestion {
  const text = `${ticket.title}\n${ticket.description}`;
  const p0 = RULES.find((r) => r.priority === 'P0' && r.pattern.test(text));
  if (p0) return { priority: 'P0', reason: p0.reason };
  if ((ticket.usersImpacted ?? 0) > 10) return { priority: 'P1', reason: `P1 high: ${ticket.usersImpacted} users impacted (more than 10)` };
  const rule = RULES.find((r) => r.pattern.test(text));
  if (rule) return { priority: rule.priority, reason: rule.reason };
  if (ticket.type === 'FEATURE_REQUEST') return { priority: 'P3', reason: 'P3 low: enhancement request' };
  return { priority: 'P2', reason: 'P2 medium: no sign of an outage or many users affected' };
}

export const TEAMS = ['ENGINEERING', 'SUPPORT', 'PRODUCT', 'SUPPORT_LEAD'] as const;
export type Team = (typeof TEAMS)[number];

/** The guide's assignment rule: technical → engineering, questions → support, features → product, complaints → lead. */
export function suggestRouting(type: TicketType | null): { team: Team; reason: string } {
  switch (type) {
    case 'BUG':
      return { team: 'ENGINEERING', reason: 'Technical issues go to engineering' };
    case 'FEATURE_REQUEST':
      return { team: 'PRODUCT', reason: 'Feature requests go to the product team' };
    case 'COMPLAINT':
      return { team: 'SUPPORT_LEAD', reason: 'Complaints go to the support lead or manager' };
    case 'QUESTION':
    case 'ACCOUNT_ACCESS':
    case 'FEEDBACK':
      return { team: 'SUPPORT', reason: 'Questions, access and feedback stay with the support team' };
    default:
      return { team: 'SUPPORT', reason: 'Set the type to route the ticket' };
  }
}

/** The guide's "escalate immediately" triggers that words on arrival reveal (EscalationReason values). */
export type SensitiveReason = 'SECURITY' | 'UPSET_USER' | 'PRESS';

export interface SensitiveFlag {
  reason: SensitiveReason;
  /** Why, in the guide's words. */
  trigger: string;
  /** The words that matched, as written. */
  words: string[];
}

// Whole words only, case-insensitive: "press" matches "the press" but not "impress" or "pressing".
const SENSITIVE: { reason: SensitiveReason; trigger: string; pattern: RegExp }[] = [
  {
    reason: 'SECURITY',
    trigger: 'Security or privacy concern',
    pattern:
      /\b(vulnerabilit(y|ies)|vulnerable|breach(ed|es)?|leak(ed|s|ing)?|hack(ed|er|ers)|exploit(ed|s)?|gdpr|data protection|privacy (violation|breach|concern|issue|problem)|security (issue|hole|flaw|bug|concern|incident|problem)|sql injection|xss|cve-\d{4}-\d+)\b/gi,
  },
  {
    reason: 'UPSET_USER',
    trigger: 'User threatening legal action',
    pattern:
      /\b(lawyers?|attorneys?|solicitors?|legal action|legal proceedings|lawsuits?|sue (you|them|your company)|suing|take (you|this) to court|small claims)\b/gi,
  },
  {
    reason: 'PRESS',
    trigger: 'Media or press inquiry',
    pattern:
      /\b(journalists?|reporters?|newspapers?|press (inquiry|enquiry|office|release|request|contact)|the press|media (inquiry|enquiry|request|outlet)|(writing|write) (a|an) (story|article))\b/gi,
  },
];

/** The sensitive triggers in a ticket's words, security first (it reaches the most people). */
export function sensitiveFlags(ticket: Pick<Ticket, 'title' | 'description'>): SensitiveFlag[] {
  const text = `${ticket.title}\n${ticket.description}`;
  return SENSITIVE.flatMap(({ reason, trigger, pattern }) => {
    const seen = new Set<string>();
    const words = [...text.matchAll(pattern)].map((m) => m[0]).filter((w) => !seen.has(w.toLowerCase()) && seen.add(w.toLowerCase()));
    return words.length ? [{ reason, trigger, words }] : [];
  });
}
