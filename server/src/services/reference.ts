// The guide's Quick Reference Card, generated from the live configuration: response times from the
// SLA policies, the channels as configured, the escalation rules, the response templates and who is
// on call right now. Edit an SLA policy or a template and the card changes with it.
import type { Channel, Priority } from '@opsboard/db';
import type { Runtime } from '../runtime.ts';
import { describeTarget } from '../seed/reference.ts';
import { getOnCall, type Person } from './oncall.ts';

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
}

export interface ReferenceCard {
  generatedAt: Date;
  timeZone: string;
  priorities: { priority: Priority; label: string; meaning: string }[];
  responseTimes: ReferenceTarget[];
  channels: ReferenceChannel[];
  escalationPath: { level: string; team: string; handles: string }[];
  escalateWhen: string[];
  escalations: ReferenceEscalation[];
  templates: { key: string; name: string; subject: string }[];
  onCall: { rotationName: string; now: Person | null; next: Person | null; nextHandoffAt: Date | null } | null;
  links: { label: string; url: string }[];
}

// The guide's priority definitions, escalation path and "send to" rules (Escalation Procedures).
const PRIORITIES: ReferenceCard['priorities'] = [
  { priority: 'P0', label: 'Critical', meaning: 'Site down, 500 errors, security or privacy issue, data loss' },
  { priority: 'P1', label: 'High', meaning: 'Major feature broken, more than 10 users affected' },
  { priority: 'P2', label: 'Medium', meaning: 'Partly broken, a workaround exists' },
  { priority: 'P3', label: 'Low', meaning: 'Cosmetic issue or enhancement' },
];
const ESCALATION_PATH: ReferenceCard['escalationPath'] = [
  { level: 'L1', team: 'Support team', handles: 'First response, basic troubleshooting' },
  { level: 'L2', team: 'Engineering team', handles: 'Technical issues, bug fixes' },
  { level: 'L3', team: 'Senior engineer / tech lead', handles: 'Complex issues, architecture decisions' },
  { level: 'Management', team: 'Management', handles: 'Business impact, major incidents, legal' },
];
const ESCALATE_WHEN = [
  'The issue is P0 (critical)',
  'The user is extremely upset or threatens legal action',
  'It needs expertise beyond your knowledge',
  'It impacts more than 10 users',
  'Media or press inquiry',
  'Security or privacy concern',
  '4+ hours of work without progress',
];
const SEND_TO: ReferenceEscalation[] = [
  { priority: 'P0', sendTo: '@channel in chat + e-mail all tech leads' },
  { priority: 'P1', sendTo: 'Tag the tech lead in the ticket + chat DM' },
  { priority: 'P2', sendTo: 'Tag in the ticket + mention in the daily standup' },
  { priority: 'P3', sendTo: 'Note in the weekly review' },
];
const CHANNEL_LABEL: Record<Channel, string> = { EMAIL: 'E-mail', GITHUB: 'GitHub issues', SOCIAL: 'Social media', COMMUNITY: 'Community discussions', WEB: 'Web form' };
const PRIORITY_ORDER: Priority[] = ['P0', 'P1', 'P2', 'P3'];
const CHANNEL_ORDER: Channel[] = ['EMAIL', 'GITHUB', 'SOCIAL', 'COMMUNITY', 'WEB'];

function channelContact(rt: Runtime, channel: Channel): string {
  const { config } = rt;
  switch (channel) {
    case 'EMAIL':
      return /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom;
    case 'GITHUB':
      return config.githubRepositories.length ? config.githubRepositories.map((r) => `github.com/${r}/issues`).join(', ') : 'issues of every connected repository';
    case 'SOCIAL':
      return 'mentions and posts, through the intake webhook';
    case 'COMMUNITY':
      return 'community discussions, through the intake webhook';
    case 'WEB':
      return `${config.publicUrl} (web form)`;
  }
}

export async function referenceCard(rt: Runtime): Promise<ReferenceCard> {
  const [policies, templates, onCall] = await Promise.all([
    rt.prisma.slaPolicy.findMany(),
    rt.prisma.responseTemplate.findMany({ orderBy: { name: 'asc' }, select: { key: true, name: true, subject: true } }),
    getOnCall(rt),
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
    .sort((a, b) => PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) || CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel));
  const channels = CHANNEL_ORDER.filter((c) => policies.some((p) => p.channel === c)).map((channel) => ({ channel, label: CHANNEL_LABEL[channel], contact: channelContact(rt, channel) }));
  return {
    generatedAt: rt.clock.now(),
    timeZone: rt.config.timeZone,
    priorities: PRIORITIES,
    responseTimes,
    channels,
    escalationPath: ESCALATION_PATH,
    escalateWhen: ESCALATE_WHEN,
    escalations: SEND_TO,
    templates,
    onCall: onCall ? { rotationName: onCall.rotation.name, now: onCall.now?.user ?? null, next: onCall.next?.user ?? null, nextHandoffAt: onCall.nextHandoffAt } : null,
    links: [
      { label: 'Status page', url: `${rt.config.publicUrl}/status` },
      { label: 'Wallboard', url: `${rt.config.publicUrl}/wallboard` },
    ],
  };
}
