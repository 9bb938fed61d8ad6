// The guide's Quick Reference Card, generated from the live configuration: response times from the
// SLA policies, the channels as configured, the escalation rules, the response templates and who is
// on call right now. Edit an SLA policy or a template and the card changes with it.
import { Channel, type EscalationAgenda, type EscalationReason, Priority } from '@opsboard/db';
import type { Deps } from '../platform/db.ts';
import { describeTarget } from '../sla/calendar.ts';
import { ARRIVAL_ESCALATIONS, AUTOMATIC_ESCALATIONS, ESCALATE_WHEN, ESCALATION_PATH, reasonSendToTable, sendToTable } from '../escalations/rules.ts';
import { getOnCall, type Person } from '../oncall/service.ts';

export interface ReferenceTarget {
  channel: Channel;
  priority: Priority;
  triage: string;
  firstResponse: string;
  firstResponseMinutes: number;
  userUpdate: string;
  resolution: string;
}

export interface ReferenceChannel {
  channel: Channel;
  label: string;
  /** Where requests arrive: an address, repositories, a URL. */
  contact: string;
}

export interface ReferenceEscalation {
  priority: Priority;
  sendTo: string;
  /** The stand-up or weekly-review list the escalation goes on, if any. */
  agenda: EscalationAgenda | null;
  /** Reaches people in their quiet hours. */
  urgent: boolean;
}

export interface ReferenceAutomaticEscalation {
  reason: EscalationReason;
  when: string;
  threshold: string;
  effect: string;
}

export interface ReferenceCard {
  generatedAt: Date;
  timeZone: string;
  priorities: { priority: Priority; label: string; meaning: string }[];
  responseTimes: ReferenceTarget[];
  channels: ReferenceChannel[];
  escalationPath: { level: string; team: string; handles: string }[];
  escalateWhen: string[];
  automaticEscalations: ReferenceAutomaticEscalation[];
  escalations: ReferenceEscalation[];
  reasonEscalations: ReturnType<typeof reasonSendToTable>;
  templates: { key: string; name: string; subject: string }[];
  onCall: { rotationName: string; now: Person | null; next: Person | null; nextHandoffAt: Date | null } | null;
  links: { label: string; url: string }[];
  /** How this system reads the guide where its words allow more than one reading. */
  readings: string[];
}

/** The guide's words this system had to settle, as the card states them (docs/metrics.md has the same). */
export function guideReadings(deps: Deps): string[] {
  const days = deps.config.autoCloseDays;
  return [
    'P3 "<24 hours" is one business day: 8 business hours (a P3 opened Friday 16:30 is due Monday 16:30).',
    "A channel's own response table applies only where it is stricter than the priority's (social: 4 h for every priority); before triage the channel's P2 row stands in, the guide's goal of 4 business hours.",
    'A ticket leaves NEW only with its type, priority and owner set; a reply does not move it on. A reply sent before triage counts for the first-response clock, and one sent after the clock is due counts as late.',
    `Close after confirmation: the user's reply, or an agent recording how they confirmed. An agent who closes without it gives a reason, counted as "closed without confirmation". A resolved ticket left unanswered is asked "did this fix it?", reminded once after ${days / 2} days and closed after ${days}, counted the same way.`,
    '"4+ hours without progress" escalates a triaged or in-progress ticket of any priority one level, once per stall, on calendar time.',
    `The automatic acknowledgement answers on the channel the request came from: e-mail and the web form by e-mail, a GitHub issue by a comment on it${deps.config.githubToken ? '' : ' (once GITHUB_TOKEN is set; until then it is recorded on the ticket)'}. Social and community posts get none: a person answers them.`,
    `Resolution Time is reported both ways: to the close, as the metrics table defines it ("time from ticket to close"), and to the fix, which the goal "Resolve 80 % of issues within 48 hours" reads, since closing waits for the user's confirmation, up to ${days} days.`,
  ];
}

// The guide's priority definitions. The escalation path, triggers and "send to" rules come from the
// escalation service (services/escalations.ts), so the card says what the system does.
const PRIORITIES: ReferenceCard['priorities'] = [
  { priority: 'P0', label: 'Critical', meaning: 'Site down, 500 errors, security or privacy issue, data loss' },
  { priority: 'P1', label: 'High', meaning: 'Major feature broken, more than 10 users affected' },
  { priority: 'P2', label: 'Medium', meaning: 'Partly broken, a workaround exists' },
  { priority: 'P3', label: 'Low', meaning: 'Cosmetic issue or enhancement' },
];
const escalationPath = (): ReferenceCard['escalationPath'] => ESCALATION_PATH.map((l) => ({ level: l.level, team: l.team, handles: l.handles }));
// The automatic ones are also listed, with their thresholds, in automaticEscalations.
const escalateWhen = (): string[] => ESCALATE_WHEN.map((w) => w.when);
const automaticEscalations = (): ReferenceAutomaticEscalation[] => [...AUTOMATIC_ESCALATIONS, ...ARRIVAL_ESCALATIONS].map((a) => ({ ...a }));
const sendTo = (): ReferenceEscalation[] =>
  sendToTable().map((r) => ({ priority: r.priority, sendTo: r.sendTo, agenda: r.rules.agenda, urgent: r.rules.urgent }));
const CHANNEL_LABEL: Record<Channel, string> = {
  EMAIL: 'E-mail',
  GITHUB: 'GitHub issues',
  SOCIAL: 'Social media',
  COMMUNITY: 'Community discussions',
  WEB: 'Web form',
};
const PRIORITY_ORDER = Object.values(Priority);
const CHANNEL_ORDER = Object.values(Channel);

function channelContact(deps: Deps, channel: Channel): string {
  const { config } = deps;
  switch (channel) {
    case 'EMAIL':
      return /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom;
    case 'GITHUB':
      return config.githubRepositories.length
        ? config.githubRepositories.map((r) => `github.com/${r}/issues`).join(', ')
        : 'issues of every connected repository';
    case 'SOCIAL':
      return 'mentions and posts, through the intake webhook';
    case 'COMMUNITY':
      return 'community discussions, through the intake webhook';
    case 'WEB':
      return `${config.publicUrl} (web form)`;
  }
}

export async function referenceCard(deps: Deps): Promise<ReferenceCard> {
  const [policies, templates, onCall] = await Promise.all([
    deps.prisma.slaPolicy.findMany(),
    deps.prisma.responseTemplate.findMany({ orderBy: { name: 'asc' }, select: { key: true, name: true, subject: true } }),
    getOnCall(deps),
  ]);
  const responseTimes = policies
    .map((p) => ({
      channel: p.channel,
      priority: p.priority,
      triage: describeTarget(p.triageMinutes, p.triageBasis),
      firstResponse: describeTarget(p.firstResponseMinutes, p.firstResponseBasis),
      firstResponseMinutes: p.firstResponseMinutes,
      userUpdate: describeTarget(p.userUpdateMinutes, p.userUpdateBasis),
      resolution: describeTarget(p.resolutionMinutes, p.resolutionBasis),
    }))
    .sort(
      (a, b) => PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) || CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel),
    );
  const channels = CHANNEL_ORDER.filter((c) => policies.some((p) => p.channel === c)).map((channel) => ({
    channel,
    label: CHANNEL_LABEL[channel],
    contact: channelContact(deps, channel),
  }));
  return {
    generatedAt: deps.clock.now(),
    timeZone: deps.config.timeZone,
    priorities: PRIORITIES,
    responseTimes,
    channels,
    escalationPath: escalationPath(),
    escalateWhen: escalateWhen(),
    automaticEscalations: automaticEscalations(),
    escalations: sendTo(),
    reasonEscalations: reasonSendToTable(),
    templates,
    onCall: onCall
      ? { rotationName: onCall.rotation.name, now: onCall.now?.user ?? null, next: onCall.next?.user ?? null, nextHandoffAt: onCall.nextHandoffAt }
      : null,
    readings: guideReadings(deps),
    links: [
      { label: 'Status page', url: `${deps.config.publicUrl}/status` },
      { label: 'Wallboard', url: `${deps.config.publicUrl}/wallboard` },
    ],
  };
}
