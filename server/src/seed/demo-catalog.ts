import { Channel, EscalationLevel, Role, TicketType } from '@opsboard/db';

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
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Lucas', 'Isabella', 'Mason', 'Mia', 'Logan',
  'Amelia', 'James', 'Harper', 'Benjamin', 'Evelyn', 'Elijah', 'Abigail', 'Daniel', 'Fatima', 'Mohammed',
  'Chloe', 'Arjun', 'Zoe', 'Kwame', 'Nadia', 'Mateo', 'Hannah', 'Jun', 'Leila', 'Samuel', 'Grace', 'Omar',
];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson',
  'Anderson', 'Thomas', 'Moore', 'Jackson', 'Lee', 'Patel', 'Kim', 'Nguyen', 'Clark', 'Lewis', 'Walker',
  'Hall', 'Young', 'Allen', 'Mensah', 'Haddad', 'Silva', 'Novak', 'Rossi', 'Schmidt', 'Ibrahim', 'Khan',
];
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'school.example', 'learning.example'];

export const SELF_HELP_LINKS = [
  '- User guide: https://help.opsboard.example/guide',
  '- FAQ: https://help.opsboard.example/faq',
  '- System status: https://status.opsboard.example',
].join('\n');

/** A recurring kind of request, drawn from the guide's examples. */
export interface Scenario {
  type: TicketType;
  priority: 'P0' | 'P1' | 'P2' | 'P3';
  titles: readonly string[];
  description: string;
  /** What the customer calls the broken or requested thing ("PDF export"). */
  feature: string;
  tags: readonly string[];
  channels?: readonly Channel[];
  impacted?: readonly [number, number];
  workaround?: string;
  fix?: string;
  verify?: string;
  answer?: string;
}

const { BUG, FEATURE_REQUEST, QUESTION, ACCOUNT_ACCESS, FEEDBACK, COMPLAINT } = TicketType;
const { EMAIL, GITHUB, SOCIAL, COMMUNITY, WEB } = Channel;
const PEOPLE = [EMAIL, SOCIAL, WEB] as const;

export const SCENARIOS: readonly Scenario[] = [
  // P1: a major feature broken for many users
  { type: BUG, priority: 'P1', titles: ['Assessment submission fails', "Can't submit assessment - 'Something went wrong'"],
    description: 'When my learners click Submit on the final page of the assessment they get "Something went wrong" and their answers are lost. This started this morning and affects the whole class.',
    feature: 'assessment submission', tags: ['assessments'], impacted: [15, 240],
    fix: 'Fixed a validation error that rejected answers containing line breaks', verify: 'submitting a test assessment' },
  { type: BUG, priority: 'P1', titles: ["Results page doesn't load", 'Results page stuck on loading spinner'],
    description: 'After completing an assessment the results page just spins forever. Refreshing does not help. Tried Chrome and Edge.',
    feature: 'the results page', tags: ['results'], impacted: [20, 400],
    fix: 'Rebuilt the slow results query and added an index', verify: 'opening the results of a completed assessment' },
  { type: BUG, priority: 'P1', titles: ['API consistently slow (>5s)', 'Results API responses taking 6-8 seconds'],
    description: 'Our integration calls GET /api/v1/results and every request takes more than 5 seconds since yesterday. Timeouts are breaking our nightly sync.',
    feature: 'the results API', tags: ['performance', 'api'], channels: [EMAIL, GITHUB], impacted: [10, 120],
    fix: 'Removed an N+1 query in the results endpoint; p95 latency is back under 400 ms', verify: 'rerunning your sync' },
  { type: BUG, priority: 'P1', titles: ['Login loops back to sign-in page on Safari', 'Cannot log in on Safari 17'],
    description: 'On Safari I enter my password, the page reloads and I am back at the sign-in form. Works in Chrome. Several colleagues on Macs have the same problem.',
    feature: 'sign-in on Safari', tags: ['login', 'browser'], impacted: [12, 90],
    fix: 'Corrected the session cookie SameSite setting that Safari rejected', verify: 'signing in on Safari after clearing cookies' },
  { type: ACCOUNT_ACCESS, priority: 'P1', titles: ['Password reset emails not arriving', 'No password reset email received'],
    description: 'I requested a password reset three times in the last hour and nothing arrived, not even in spam. Other teachers at our school report the same.',
    feature: 'password reset emails', tags: ['login', 'email'], impacted: [10, 60],
    fix: 'Our email provider had paused sending for one domain; we restored it and resent the queued emails', verify: 'requesting a new reset link' },
  { type: BUG, priority: 'P1', titles: ['Possible data exposure: other school names visible in search'],
    description: 'When I type in the learner search box, the suggestions include names from a school that is not ours. This looks like a privacy problem.',
    feature: 'learner search', tags: ['security', 'privacy'], channels: [EMAIL, WEB], impacted: [1, 30],
    fix: 'Fixed a missing organisation filter in search suggestions and audited the access logs', verify: 'searching for a learner' },
  { type: COMPLAINT, priority: 'P1', titles: ['Charged twice for our annual plan'],
    description: 'Our card was charged twice for the annual subscription this month. I need the duplicate refunded urgently, our finance team is asking.',
    feature: 'billing', tags: ['billing'], channels: [EMAIL, WEB],
    fix: 'Refunded the duplicate charge; it appears on your statement within 5 business days', verify: 'checking the invoice list in Settings > Billing' },

  // P2: partially broken, a workaround exists
  { type: BUG, priority: 'P2', titles: ['PDF export occasionally fails', 'PDF export times out for large classes'],
    description: 'Exporting the class report to PDF fails about one time in three with "Export failed". Trying again usually works.',
    feature: 'PDF export', tags: ['pdf-export'], impacted: [2, 25], workaround: 'Retrying the export, or exporting one section at a time, works in the meantime.',
    fix: 'Moved PDF generation to a background job so large reports no longer time out', verify: 'exporting the class report again' },
  { type: BUG, priority: 'P2', titles: ['PDF report cuts off the last page'],
    description: 'The exported PDF stops halfway through the final section. The on-screen report is complete.',
    feature: 'PDF export', tags: ['pdf-export'], workaround: 'The CSV export contains the full data.',
    fix: 'Fixed the page-break calculation for long tables', verify: 'exporting the same report' },
  { type: BUG, priority: 'P2', titles: ['Buttons overlap on Firefox', 'Styling broken on Firefox ESR'],
    description: 'On Firefox ESR the Save and Cancel buttons overlap in the assessment editor, so I have to zoom out to click Save.',
    feature: 'the assessment editor on Firefox', tags: ['ui', 'browser'], channels: [EMAIL, GITHUB, WEB],
    workaround: 'Zooming out to 90 % makes both buttons clickable.', fix: 'Fixed a flexbox rule Firefox ESR handles differently', verify: 'opening the editor in Firefox' },
  { type: BUG, priority: 'P2', titles: ["Results chart doesn't render on iPad"],
    description: 'The score chart on the results page is blank on my iPad (Safari). The table below it shows fine.',
    feature: 'the results chart on iPad', tags: ['results', 'mobile'], workaround: 'The table view shows the same scores.',
    fix: 'Added a canvas fallback for older iPadOS versions', verify: 'reloading the results page on your iPad' },
  { type: BUG, priority: 'P2', titles: ['Slow page loads on older Android phones', 'Performance issues on older devices'],
    description: 'Learners with older Android phones say the assessment takes 10+ seconds to load each question.',
    feature: 'assessment loading on older devices', tags: ['performance', 'mobile'], impacted: [5, 40],
    fix: 'Cut the question bundle size by 60 % and lazy-load images', verify: 'loading an assessment on one of those phones' },
  { type: BUG, priority: 'P2', titles: ['Assessment timer keeps running while paused'],
    description: 'When a learner pauses a timed assessment the countdown keeps going, so they lose time.',
    feature: 'the assessment timer', tags: ['assessments'], workaround: 'You can extend the time for an individual learner from the class page.',
    fix: 'The timer now stops on pause and resumes from the saved value', verify: 'pausing a timed practice assessment' },
  { type: BUG, priority: 'P2', titles: ['CSV export of results missing columns'],
    description: 'The results CSV no longer includes the "attempt" and "duration" columns we use in our spreadsheets.',
    feature: 'CSV export', tags: ['results', 'export'], channels: [EMAIL, GITHUB, WEB],
    fix: 'Restored the attempt and duration columns', verify: 'downloading the CSV again' },
  { type: BUG, priority: 'P2', titles: ['Notification emails arrive twice'],
    description: 'Every "assessment completed" email arrives twice, a few seconds apart.',
    feature: 'notification emails', tags: ['email', 'notifications'],
    fix: 'Removed a duplicate subscription that sent each notification twice', verify: 'completing a test assessment' },
  { type: BUG, priority: 'P2', titles: ['Webhook deliveries delayed by several minutes'],
    description: 'Our webhook endpoint receives "result.created" events 5-10 minutes late since last week.',
    feature: 'webhook delivery', tags: ['api', 'performance'], channels: [EMAIL, GITHUB],
    fix: 'Scaled the delivery workers and fixed a retry backlog', verify: 'watching the delivery times on your endpoint' },
  { type: ACCOUNT_ACCESS, priority: 'P2', titles: ['Password reset link says expired', 'Reset link expired immediately'],
    description: 'The password reset link says it has expired even though I clicked it right away.',
    feature: 'password reset', tags: ['login'], channels: PEOPLE,
    fix: 'Fixed a clock-skew check that expired links too early', verify: 'requesting a fresh reset link' },
  { type: ACCOUNT_ACCESS, priority: 'P2', titles: ['Two-factor codes rejected after new phone', 'Locked out after changing phone (2FA)'],
    description: 'I switched phones and now every two-factor code is rejected. I cannot get into my account.',
    feature: 'two-factor sign-in', tags: ['login', '2fa'], channels: PEOPLE,
    fix: 'Verified your identity and reset your two-factor enrolment', verify: 'signing in and setting up your authenticator again' },
  { type: ACCOUNT_ACCESS, priority: 'P2', titles: ['Unable to change my email address'],
    description: 'Changing my email in profile settings shows "Saved" but the old address is still used for sign-in.',
    feature: 'email address changes', tags: ['account'], channels: PEOPLE,
    fix: 'Fixed the profile update so the sign-in address changes too', verify: 'signing in with your new address' },
  { type: QUESTION, priority: 'P2', titles: ['How do I move assessments to another account?'],
    description: 'A colleague is leaving and we need to transfer her assessments and results to me. How do we do that?',
    feature: 'transferring assessments', tags: ['account', 'how-to'], channels: [EMAIL, WEB, COMMUNITY],
    answer: 'An organisation admin can transfer ownership from Settings > Members: open the colleague\'s profile, choose "Transfer content" and select the new owner. Results move together with the assessments.' },
  { type: QUESTION, priority: 'P2', titles: ['Invoice shows the wrong organisation name'],
    description: 'Our latest invoice has our old organisation name. We need it corrected for our accounts department.',
    feature: 'invoices', tags: ['billing'], channels: [EMAIL, WEB],
    answer: 'The invoice name comes from Settings > Billing > Billing details. I\'ve updated it for you and reissued the latest invoice.' },
  { type: COMPLAINT, priority: 'P2', titles: ['Waited three days for a reply', 'Unhappy with support response time'],
    description: 'I reported a problem last week and only heard back three days later. This is not acceptable for a paid plan.',
    feature: 'our response time', tags: ['complaint'], channels: PEOPLE,
    fix: 'Reviewed what happened with your earlier ticket and changed how we cover that queue', verify: 'replying here if anything is still open' },

  // P3: cosmetic, nice-to-have, how-to
  { type: BUG, priority: 'P3', titles: ['Typo on the pricing page', "Typo: 'assesment' in the dashboard"],
    description: 'Small thing: "assessment" is misspelled as "assesment" on the page.',
    feature: 'the page text', tags: ['typo', 'content'], fix: 'Corrected the spelling', verify: 'reloading the page' },
  { type: BUG, priority: 'P3', titles: ['Minor alignment issue in results header', 'Icons misaligned in the sidebar'],
    description: 'The icons in the header are a few pixels lower than the text. Purely cosmetic.',
    feature: 'the header layout', tags: ['ui'], fix: 'Aligned the header icons', verify: 'having a look at the header' },
  { type: BUG, priority: 'P3', titles: ['Small animation glitch when opening the sidebar'],
    description: 'The sidebar flickers once when it opens. Not blocking anything.',
    feature: 'the sidebar animation', tags: ['ui'], channels: [GITHUB, WEB, COMMUNITY],
    fix: 'Removed a duplicate transition', verify: 'opening the sidebar' },
  { type: BUG, priority: 'P3', titles: ['Footer links point to the old documentation'],
    description: 'The "Docs" link in the footer goes to a page that says it has moved.',
    feature: 'the footer links', tags: ['content'], fix: 'Updated the footer links', verify: 'clicking the Docs link' },
  { type: BUG, priority: 'P3', titles: ['Tooltip text cut off in Spanish'],
    description: 'In Spanish the tooltips on the results page are truncated with "...".',
    feature: 'Spanish tooltips', tags: ['i18n', 'ui'], channels: [GITHUB, COMMUNITY, EMAIL],
    fix: 'Tooltips now wrap instead of truncating', verify: 'switching to Spanish and hovering a score' },
  { type: FEATURE_REQUEST, priority: 'P3', titles: ['Feature request: dark mode', 'Please add a dark theme'],
    description: 'Would love a dark mode. Many of our learners use the platform in the evening.',
    feature: 'a dark mode', tags: ['ui', 'feature-request'] },
  { type: FEATURE_REQUEST, priority: 'P3', titles: ['Export results to Google Sheets', 'Feature request: Google Sheets integration'],
    description: 'It would save us a lot of time if results could be sent straight to a Google Sheet instead of downloading CSVs.',
    feature: 'a Google Sheets export', tags: ['export', 'feature-request'] },
  { type: FEATURE_REQUEST, priority: 'P3', titles: ['Bulk invite learners from CSV'],
    description: 'Inviting 200 learners one by one is painful. Can we upload a CSV?',
    feature: 'bulk invitations', tags: ['feature-request'], channels: [EMAIL, GITHUB, COMMUNITY, WEB] },
  { type: FEATURE_REQUEST, priority: 'P3', titles: ['Keyboard shortcuts in the assessment editor'],
    description: 'Shortcuts for "next question" and "duplicate question" would make authoring much faster.',
    feature: 'editor keyboard shortcuts', tags: ['feature-request'], channels: [GITHUB, COMMUNITY] },
  { type: QUESTION, priority: 'P3', titles: ["How do I reset a learner's attempt?"],
    description: 'One of my learners lost connection during the test. How can I let them try again?',
    feature: 'resetting attempts', tags: ['how-to', 'assessments'],
    answer: 'Open the class, select the learner and choose "Reset attempt" from the menu next to the assessment. Their previous answers are kept in the history.' },
  { type: QUESTION, priority: 'P3', titles: ['How can I share results with my manager?'],
    description: 'Is there a way to give my manager read-only access to the results without making her an admin?',
    feature: 'sharing results', tags: ['how-to', 'results'],
    answer: 'Yes: invite her with the "Viewer" role from Settings > Members. Viewers can see results and reports but cannot change anything.' },
  { type: QUESTION, priority: 'P3', titles: ['Is there an API for assessment scores?'],
    description: 'We want to pull scores into our LMS. Do you have an API and where is it documented?',
    feature: 'the API', tags: ['api', 'how-to'], channels: [EMAIL, GITHUB, COMMUNITY],
    answer: 'Yes, the REST API exposes assessments and results; you can create an API key under Settings > Integrations. The reference is in our API documentation.' },
  { type: QUESTION, priority: 'P3', titles: ['Where do I download invoices?'],
    description: 'Our accountant needs PDFs of all invoices from this year.',
    feature: 'invoices', tags: ['billing', 'how-to'], channels: PEOPLE,
    answer: 'All invoices are under Settings > Billing > Invoices, each with a PDF download button.' },
  { type: QUESTION, priority: 'P3', titles: ['Do you support SAML single sign-on?'],
    description: 'Our district requires SAML SSO. Is that available and on which plan?',
    feature: 'single sign-on', tags: ['sso', 'how-to'], channels: [EMAIL, WEB, COMMUNITY],
    answer: 'SAML SSO is available on the Organisation plan. Your admin can configure it under Settings > Security with your identity provider\'s metadata URL.' },
  { type: FEEDBACK, priority: 'P3', titles: ['Love the new results page!', 'Suggestion for the onboarding tour'],
    description: 'Just wanted to say the new results page is great. One suggestion: the onboarding tour could skip steps we have already done.',
    feature: 'your feedback', tags: ['feedback'], channels: [EMAIL, SOCIAL, COMMUNITY],
    answer: 'Thank you, that made our day! I\'ve passed your onboarding suggestion to the product team.' },
  { type: COMPLAINT, priority: 'P3', titles: ['Too many marketing emails'],
    description: 'I keep getting marketing emails even though I only want account notifications.',
    feature: 'email preferences', tags: ['email', 'complaint'], channels: PEOPLE,
    fix: 'Unsubscribed you from all marketing lists; account notifications stay on', verify: 'checking Settings > Notifications' },
];

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
export const REOPEN_MESSAGES = [
  'Sorry, this is happening again since this morning.',
  'The problem is back - same error as before.',
];
export const CSAT_COMMENTS: Record<number, readonly string[]> = {
  5: ['Fast and friendly, thank you!', 'Great support, problem solved quickly.', 'Very clear explanation.'],
  4: ['Good help, took a little while.', 'Solved, thanks.'],
  3: ['It got fixed but I had to chase for updates.', 'OK in the end.'],
  2: ['Took far too long.', 'Had to explain the problem twice.'],
  1: ['Very slow, and the issue came back.', 'Not happy with how this was handled.'],
};
