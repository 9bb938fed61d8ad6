import type { introspection } from '../graphql-env.d.ts';

// Each enum the desk lists is declared once here, typed from the schema: a value renamed or added
// on the server fails `tsc` until the list follows.

type Types = introspection['types'];
export type EnumOf<Name extends keyof Types> = Types[Name] extends { enumValues: infer Values } ? Values : never;

/** The list, checked to hold every value of the enum (a missing one is a type error). */
function every<Value extends string>() {
  return <const List extends readonly Value[]>(
    list: List & ([Exclude<Value, List[number]>] extends [never] ? unknown : { missing: Exclude<Value, List[number]> }),
  ) => list;
}

export type Priority = EnumOf<'Priority'>;
export const PRIORITIES = every<Priority>()(['P0', 'P1', 'P2', 'P3']);
export const priorityNames = { P0: 'Critical', P1: 'High', P2: 'Medium', P3: 'Low' } as const satisfies Record<Priority, string>;

export type Channel = EnumOf<'Channel'>;
export const CHANNELS = every<Channel>()(['EMAIL', 'GITHUB', 'SOCIAL', 'COMMUNITY', 'WEB']);
export const channelNames = {
  EMAIL: 'Email',
  GITHUB: 'GitHub',
  SOCIAL: 'Social',
  COMMUNITY: 'Community',
  WEB: 'Web form',
} as const satisfies Record<Channel, string>;

export type TicketStatus = EnumOf<'TicketStatus'>;
export const TICKET_STATUSES = every<TicketStatus>()(['NEW', 'TRIAGED', 'IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED', 'CLOSED']);
/** The statuses an agent may leave a ticket in after answering it. */
export const STATUSES_AFTER_ANSWER = ['IN_PROGRESS', 'WAITING_ON_USER', 'RESOLVED'] as const satisfies readonly TicketStatus[];

export type TicketType = EnumOf<'TicketType'>;
export const TICKET_TYPES = every<TicketType>()(['BUG', 'QUESTION', 'FEATURE_REQUEST', 'ACCOUNT_ACCESS', 'COMPLAINT', 'FEEDBACK']);

export type EscalationLevel = EnumOf<'EscalationLevel'>;
export const ESCALATION_LEVELS = every<EscalationLevel>()(['L1', 'L2', 'L3', 'MANAGEMENT']);

export type IncidentStatus = EnumOf<'IncidentStatus'>;
/** Where an incident may move next from each status. */
export const NEXT_INCIDENT_STATUS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  INVESTIGATING: ['IDENTIFIED', 'MONITORING'],
  IDENTIFIED: ['MONITORING', 'INVESTIGATING'],
  MONITORING: ['RESOLVED', 'INVESTIGATING'],
  RESOLVED: [],
};

export type TimelineEntryInputKind = EnumOf<'TimelineEntryInputKind'>;
export const TIMELINE_ENTRY_KINDS = every<TimelineEntryInputKind>()(['INTERNAL_UPDATE', 'STATUS_PAGE_UPDATE', 'ACTION', 'NOTE']);
export const timelineEntryKindNames = {
  INTERNAL_UPDATE: 'Internal update (team)',
  STATUS_PAGE_UPDATE: 'Status page update (public)',
  ACTION: 'Action taken',
  NOTE: 'Note',
} as const satisfies Record<TimelineEntryInputKind, string>;

export type IncidentRoleName = EnumOf<'IncidentRoleName'>;
export const INCIDENT_ROLES = every<IncidentRoleName>()(['INCIDENT_COMMANDER', 'SCRIBE', 'COMMUNICATIONS_LEAD', 'RESPONDER']);

export type ResolutionKind = EnumOf<'ResolutionKind'>;
export const RESOLUTION_KINDS = every<ResolutionKind>()(['FIX', 'ROLLBACK']);

export type NotificationStatus = EnumOf<'NotificationStatus'>;
export const NOTIFICATION_STATUSES = every<NotificationStatus>()(['PENDING', 'DELIVERED', 'FAILED', 'DEAD', 'SUPPRESSED']);

export type ImprovementKind = EnumOf<'ImprovementKind'>;
export const improvementKindNames = {
  BUG_FIX: 'Bug fix to prioritise',
  DOCUMENTATION: 'Documentation to improve',
  FEATURE: 'Feature to consider',
  UX: 'UX improvement',
  PROCESS: 'Process change',
} as const satisfies Record<ImprovementKind, string>;
export const IMPROVEMENT_KINDS = every<ImprovementKind>()(['BUG_FIX', 'DOCUMENTATION', 'FEATURE', 'UX', 'PROCESS']);

export type ImprovementStatus = EnumOf<'ImprovementStatus'>;
export const IMPROVEMENT_STATUSES = every<ImprovementStatus>()(['OPEN', 'IN_PROGRESS', 'DONE']);

export type ProcessReviewSection = EnumOf<'ProcessReviewSection'>;
export const REVIEW_SECTIONS = every<ProcessReviewSection>()(['WORKING_WELL', 'NOT_WORKING', 'CHANGE', 'TOOLS_NEEDED']);
export const reviewQuestions = {
  WORKING_WELL: 'What’s working well?',
  NOT_WORKING: 'What’s not working?',
  CHANGE: 'What should we change?',
  TOOLS_NEEDED: 'What tools do we need?',
} as const satisfies Record<ProcessReviewSection, string>;

export type ReportPeriod = EnumOf<'ReportPeriod'>;
export const reportPeriodNames = { DAY: 'Daily check', WEEK: 'Weekly report', MONTH: 'Monthly review' } as const satisfies Record<ReportPeriod, string>;
export const REPORT_PERIODS = every<ReportPeriod>()(['DAY', 'WEEK', 'MONTH']);

export type ReportTicketSet = EnumOf<'ReportTicketSet'>;

/** `value` if the list holds it (a select's value, a URL parameter), else undefined. */
export function oneOf<const List extends readonly string[]>(list: List, value: string | null | undefined): List[number] | undefined {
  return list.find((item) => item === value);
}
