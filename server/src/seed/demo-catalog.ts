import { EscalationLevel, Role } from '@opsboard/db';

export interface TeamMember {
  key: string;
  name: string;
  role: Role;
  supportLevel: EscalationLevel | null;
  timeZone: string;
  /** Quiet hours, minutes from local midnight. */
  quiet?: readonly [number, number];
}

const { AGENT, ENGINEER, LEAD, MANAGER, VIEWER } = Role;
const { L1, L2, L3, MANAGEMENT } = EscalationLevel;

export const TEAM: readonly TeamMember[] = [
  { key: 'maya', name: 'Maya Chen', role: AGENT, supportLevel: L1, timeZone: 'America/New_York' },
  { key: 'diego', name: 'Diego Ramirez', role: AGENT, supportLevel: L1, timeZone: 'America/Chicago' },
  { key: 'priya', name: 'Priya Nair', role: AGENT, supportLevel: L1, timeZone: 'Europe/London', quiet: [1320, 420] },
  { key: 'sam', name: 'Sam Okafor', role: AGENT, supportLevel: L1, timeZone: 'America/Los_Angeles' },
  { key: 'lena', name: 'Lena Fischer', role: ENGINEER, supportLevel: L2, timeZone: 'Europe/Berlin', quiet: [1380, 420] },
  { key: 'marcus', name: 'Marcus Johnson', role: ENGINEER, supportLevel: L2, timeZone: 'America/New_York' },
  { key: 'aiko', name: 'Aiko Tanaka', role: ENGINEER, supportLevel: L2, timeZone: 'America/Los_Angeles' },
  { key: 'rachel', name: 'Rachel Goldberg', role: LEAD, supportLevel: L3, timeZone: 'America/New_York' },
  { key: 'tomasz', name: 'Tomasz Kowalski', role: ENGINEER, supportLevel: L3, timeZone: 'Europe/Warsaw', quiet: [1320, 480] },
  { key: 'grace', name: 'Grace Adeyemi', role: MANAGER, supportLevel: MANAGEMENT, timeZone: 'America/New_York' },
  { key: 'oliver', name: 'Oliver Brooks', role: VIEWER, supportLevel: null, timeZone: 'America/Denver' },
];

export const teamEmail = (m: TeamMember): string => `${m.name.toLowerCase().replace(/\s+/g, '.')}@opsboard.example`;

export const FIRST_NAMES = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Ethan',
  'Sophia',
  'Lucas',
  'Isabella',
  'Mason',
  'Mia',
  'Logan',
  'Amelia',
  'James',
  'Harper',
  'Benjamin',
  'Evelyn',
  'Elijah',
  'Abigail',
  'Daniel',
  'Fatima',
  'Mohammed',
  'Chloe',
  'Arjun',
  'Zoe',
  'Kwame',
  'Nadia',
  'Mateo',
  'Hannah',
  'Jun',
  'Leila',
  'Samuel',
  'Grace',
  'Omar',
];
export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Moore',
  'Jackson',
  'Lee',
  'Patel',
  'Kim',
  'Nguyen',
  'Clark',
  'Lewis',
  'Walker',
  'Hall',
  'Young',
  'Allen',
  'Mensah',
  'Haddad',
  'Silva',
  'Novak',
  'Rossi',
  'Schmidt',
  'Ibrahim',
  'Khan',
];
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'school.example', 'learning.example'];

export const SELF_HELP_LINKS = [
  '- User guide: https://help.opsboard.example/guide',
  '- FAQ: https://help.opsboard.example/faq',
  '- System status: https://status.opsboard.example',
].join('\n');

/** A recurring kind of request, drawn from the guide's examples. */
export const SITUATIONS = [
  'with results due this week',
  'when your learners are waiting on it',
  'in the middle of a busy term',
  "when you've already tried the usual fixes",
];
export const FINDINGS = [
  'can see the same errors in our logs',
  'found the failed requests from around the time you described',
  'can see this affects a few other accounts as well',
  'have narrowed it down to a recent change on our side',
];
export const CURRENT_WORK = ['investigating the root cause with our engineering team', 'working on a fix', 'testing a fix'];
export const QUESTIONS = [
  '- Which browser and version are you using?',
  '- Roughly what time did it happen, and in which time zone?',
  '- Does it happen every time, or only sometimes?',
  '- Could you send a screenshot of the error?',
  '- Which class or assessment were you working in?',
];
export const FEATURE_QUESTIONS = ['- How often would you use this?', '- How do you handle this today?'];

export const CONFIRMATIONS = [
  "Confirmed, it's working now. Thanks!",
  'All good on my side now, thank you for the quick help.',
  'Works now - thanks for following up!',
  'Yes, that fixed it. Appreciate it.',
];
export const THANKS = ['Thanks, that answers it!', 'Perfect, thank you.', 'Great, thanks for the quick reply.'];
export const REOPEN_MESSAGES = ['Sorry, this is happening again since this morning.', 'The problem is back - same error as before.'];
export const CSAT_COMMENTS: Record<number, readonly string[]> = {
  5: ['Fast and friendly, thank you!', 'Great support, problem solved quickly.', 'Very clear explanation.'],
  4: ['Good help, took a little while.', 'Solved, thanks.'],
  3: ['It got fixed but I had to chase for updates.', 'OK in the end.'],
  2: ['Took far too long.', 'Had to explain the problem twice.'],
  1: ['Very slow, and the issue came back.', 'Not happy with how this was handled.'],
};
