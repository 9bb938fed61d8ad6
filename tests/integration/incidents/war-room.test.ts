// A P0 war room through the API, from the ticket to the published post-mortem, with an injected clock.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { runIncidentReminders } from '@opsboard/server/incidents/timeline.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRotation } from '../../support/factories/oncall.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { createPeople, type TestPerson } from '../../support/factories/people.ts';
import { startServer, type GqlResult, type TestServer } from '../../support/server.ts';
import { graphql, type ResultOf, type VariablesOf } from '../../support/graphql.ts';

const T0 = Date.parse('2026-03-04T15:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const clock = new ManualClock(at(0));
let server: TestServer;
let ana: TestPerson, ben: TestPerson, cho: TestPerson;

const INCIDENT = graphql(`
  fragment War on Incident @_unmask {
    id
    number
    title
    severity
    status
    usersImpacted
    linkedTicketCount
    incidentCommander {
      name
    }
    roles {
      role
      user {
        name
      }
    }
    checklist {
      key
      doneAt
    }
    timeline {
      id
      kind
      body
      author {
        name
      }
      createdAt
      editedAt
      revisions {
        body
      }
    }
    internalUpdateMinutes
    nextInternalUpdateDueAt
    internalUpdateDueInSeconds
    nextStatusPageUpdateDueAt
    statusPageUpdateDueInSeconds
    monitoringUntil
    monitoringEndsInSeconds
    resolvedAt
    resolutionKind
    postmortem {
      status
      dueAt
      summary
      impact
      timeline
      rootCause
      wentBadly
      actionItems {
        description
        owner {
          name
        }
      }
    }
  }
`);
/** The war-room mutations, each answering with the whole incident. */
const MUTATIONS = {
  declareIncident: graphql(
    `
      mutation ($input: DeclareIncidentInput!) {
        incident: declareIncident(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
  addIncidentTimelineEntry: graphql(
    `
      mutation ($input: AddIncidentTimelineEntryInput!) {
        incident: addIncidentTimelineEntry(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
  setIncidentStatus: graphql(
    `
      mutation ($input: SetIncidentStatusInput!) {
        incident: setIncidentStatus(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
  assignIncidentRole: graphql(
    `
      mutation ($input: AssignIncidentRoleInput!) {
        incident: assignIncidentRole(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
  handOverIncidentCommand: graphql(
    `
      mutation ($input: HandOverIncidentCommandInput!) {
        incident: handOverIncidentCommand(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
  editIncidentTimelineEntry: graphql(
    `
      mutation ($input: EditIncidentTimelineEntryInput!) {
        incident: editIncidentTimelineEntry(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
  setIncidentCadence: graphql(
    `
      mutation ($input: SetIncidentCadenceInput!) {
        incident: setIncidentCadence(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
  linkIncidentTicket: graphql(
    `
      mutation ($input: LinkIncidentTicketInput!) {
        incident: linkIncidentTicket(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
  setIncidentPublicTitle: graphql(
    `
      mutation ($input: SetIncidentPublicTitleInput!) {
        incident: setIncidentPublicTitle(input: $input) {
          ...War
          publicTitle
          statusPageTitle
        }
      }
    `,
    [INCIDENT],
  ),
  updatePostmortem: graphql(
    `
      mutation ($input: UpdatePostmortemInput!) {
        incident: updatePostmortem(input: $input) {
          ...War
        }
      }
    `,
    [INCIDENT],
  ),
};
type War = ResultOf<typeof INCIDENT>;
const outcome = (result: GqlResult<{ incident: War }>) => ({ incident: result.data?.incident, error: result.errors?.[0] });
type InputOf<Name extends keyof typeof MUTATIONS> = VariablesOf<(typeof MUTATIONS)[Name]>['input'];
const declare = async (input: InputOf<'declareIncident'>) => outcome(await server.gql(MUTATIONS.declareIncident, { input }));
const entry = async (incidentId: string, kind: InputOf<'addIncidentTimelineEntry'>['kind'], body: string) =>
  outcome(await server.gql(MUTATIONS.addIncidentTimelineEntry, { input: { incidentId, kind, body } }));
const setStatus = async (input: InputOf<'setIncidentStatus'>) => outcome(await server.gql(MUTATIONS.setIncidentStatus, { input }));
const assignRole = async (input: InputOf<'assignIncidentRole'>) => outcome(await server.gql(MUTATIONS.assignIncidentRole, { input }));
const handOver = async (input: InputOf<'handOverIncidentCommand'>) => outcome(await server.gql(MUTATIONS.handOverIncidentCommand, { input }));
const editEntry = async (input: InputOf<'editIncidentTimelineEntry'>) => outcome(await server.gql(MUTATIONS.editIncidentTimelineEntry, { input }));
const setCadence = async (input: InputOf<'setIncidentCadence'>) => outcome(await server.gql(MUTATIONS.setIncidentCadence, { input }));
const setPublicTitle = async (input: InputOf<'setIncidentPublicTitle'>) => {
  const result = await server.gql(MUTATIONS.setIncidentPublicTitle, { input });
  return { incident: result.data?.incident, error: result.errors?.[0] };
};
const linkTicket = async (input: InputOf<'linkIncidentTicket'>) => outcome(await server.gql(MUTATIONS.linkIncidentTicket, { input }));
const updatePostmortem = async (input: InputOf<'updatePostmortem'>) => outcome(await server.gql(MUTATIONS.updatePostmortem, { input }));
const remind = async (minutes: number) => {
  clock.set(at(minutes));
  return (await runIncidentReminders(server.app.rt)).reminders;
};
/** Rows that a refused change must leave alone. */
const counts = async () => {
  const p = server.app.rt.prisma;
  const [events, entries, roles, notifications, postmortems, incidents] = await Promise.all([
    p.event.count(),
    p.incidentTimelineEntry.count(),
    p.incidentRole.count(),
    p.notification.count(),
    p.postmortem.count(),
    p.incident.count(),
  ]);
  return { events, entries, roles, notifications, postmortems, incidents };
};

beforeAll(async () => {
  server = await startServer({ clock });
  [ana, ben, cho] = (await createPeople(server, ['Ana Lima', 'Ben Okafor', 'Cho Park'])) as [TestPerson, TestPerson, TestPerson];
  const rotation = await createRotation(server, [ana, ben, cho], { name: 'Primary' });
  expect(rotation.now).toEqual({ name: 'Ana Lima' });
});
afterAll(async () => server?.stop());

describe('a P0 incident end to end', () => {
  let id: string;
  let tickets: { id: string; number: string }[];

  it('refuses to declare from a ticket that is not P0, writing nothing', async () => {
    const p1 = await createTicket(server, { priority: 'P1' });
    const before = await counts();
    const { error } = await declare({ ticketId: p1.id, title: 'Slow results', severity: 'P0' });
    expect(error?.message).toBe(`input.ticketId: ${p1.number} is P1: an incident is declared from a P0 ticket (or without a ticket)`);
    expect(await counts()).toEqual(before);
  });

  it('declares from a P0 ticket: checklist, commander, on-call engineer paged and added', async () => {
    tickets = [
      await createTicket(server, { priority: 'P0', title: 'Site returns 500', requesterEmail: 'first@example.com', requesterName: 'Fay', usersImpacted: 1800 }),
    ];
    const { incident, error } = await declare({ ticketId: tickets[0]!.id, title: 'Production site returning 500 errors', severity: 'P0' });
    expect(error).toBeUndefined();
    id = incident!.id;
    expect(incident).toMatchObject({
      status: 'INVESTIGATING',
      severity: 'P0',
      usersImpacted: 1800,
      linkedTicketCount: 1,
      incidentCommander: { name: 'Admin' },
      roles: [{ role: 'RESPONDER', user: { name: 'Ana Lima' } }],
      internalUpdateMinutes: 30,
      nextInternalUpdateDueAt: at(30).toISOString(),
      internalUpdateDueInSeconds: 1800,
      statusPageUpdateDueInSeconds: 1800,
    });
    expect(incident!.checklist.map((c) => [c.key, c.doneAt])).toEqual([
      ['alert_all_hands', null],
      ['assign_incident_commander', at(0).toISOString()],
      ['begin_investigation', null],
      ['open_war_room', null],
      ['start_status_page_updates', null],
    ]);
    expect(incident!.timeline.map((e) => [e.kind, e.body])).toEqual([
      ['STATUS_CHANGE', `Incident declared from ${tickets[0]!.number}. Severity P0, status Investigating.`],
      ['ROLE_CHANGE', 'Admin is incident commander.'],
      ['LINKED_TICKET', `${tickets[0]!.number} linked: Site returns 500`],
      ['ROLE_CHANGE', 'On-call engineer Ana Lima added as responder.'],
      ['ROLE_CHANGE', 'Paged Ana Lima (the on-call engineer).'],
    ]);
    const page = await server.app.rt.prisma.notification.findMany({ where: { incidentId: id } });
    expect(page.map((n) => [n.template, n.recipient, n.userId, n.status])).toEqual([['page', ana.email, ana.id, 'PENDING']]);
  });

  it('keeps exactly one incident commander: a second is refused, a handover is recorded', async () => {
    const before = await counts();
    const second = await assignRole({ incidentId: id, userId: ben.id, role: 'INCIDENT_COMMANDER' });
    expect(second.error?.message).toBe('input.role: Admin is already the incident commander; there is one at a time: hand over command instead');
    expect(await counts()).toEqual(before);

    const handover = await handOver({ incidentId: id, userId: ben.id });
    expect(handover.incident!.incidentCommander).toEqual({ name: 'Ben Okafor' });
    expect(handover.incident!.timeline.at(-1)).toMatchObject({
      kind: 'ROLE_CHANGE',
      body: 'Admin hands incident command to Ben Okafor.',
      author: { name: 'Admin' },
    });

    const scribe = await assignRole({ incidentId: id, userId: cho.id, role: 'SCRIBE' });
    expect(scribe.incident!.roles).toEqual([
      { role: 'RESPONDER', user: { name: 'Ana Lima' } },
      { role: 'SCRIBE', user: { name: 'Cho Park' } },
    ]);
  });

  it('keeps timeline entries with author and time, and the history of edits', async () => {
    clock.set(at(1));
    const note = await entry(id, 'NOTE', 'Error rate 40 % since 14:52');
    const noteId = note.incident!.timeline.at(-1)!.id;
    expect(note.incident!.timeline.at(-1)).toMatchObject({ kind: 'NOTE', author: { name: 'Admin' }, createdAt: at(1).toISOString(), editedAt: null });
    clock.set(at(2));
    const edited = await editEntry({ entryId: noteId, body: 'Error rate 45 % since 14:52' });
    expect(edited.incident!.timeline.find((e) => e.id === noteId)).toMatchObject({
      body: 'Error rate 45 % since 14:52',
      editedAt: at(2).toISOString(),
      revisions: [{ body: 'Error rate 40 % since 14:52' }],
    });
    const system = edited.incident!.timeline[0]!.id;
    const refused = await editEntry({ entryId: system, body: 'x' });
    expect(refused.error?.message).toBe('input.entryId: a STATUS_CHANGE entry is written by the system and cannot be edited');
  });

  it('reminds of overdue updates at the cadence until one is posted', async () => {
    clock.set(at(1));
    const cadence = await setCadence({ incidentId: id, internalUpdateMinutes: 15 });
    expect(cadence.incident!.nextInternalUpdateDueAt).toBe(at(15).toISOString());
    const tooSlow = await setCadence({ incidentId: id, internalUpdateMinutes: 45 });
    expect(tooSlow.error?.message).toBe('input.internalUpdateMinutes: must be 15–30 minutes for a P0 incident');

    clock.set(at(5));
    await entry(id, 'STATUS_PAGE_UPDATE', 'We are investigating errors on the website.');
    clock.set(at(10));
    const update = await entry(id, 'INTERNAL_UPDATE', 'Suspect the 4.2 release; DB connections maxed out.');
    expect(update.incident!.nextInternalUpdateDueAt).toBe(at(25).toISOString());
    expect(update.incident!.checklist.find((c) => c.key === 'start_status_page_updates')!.doneAt).toBe(at(5).toISOString());

    expect([await remind(24), await remind(25), await remind(30), await remind(35), await remind(40)]).toEqual([0, 1, 0, 1, 1]);
    clock.set(at(41));
    const countdown = await entry(id, 'INTERNAL_UPDATE', 'Rolling back 4.2.');
    expect(countdown.incident!.internalUpdateDueInSeconds).toBe(15 * 60);
    expect(await remind(50)).toBe(0);

    const overdue = await server.app.rt.prisma.event.findMany({ where: { type: 'INCIDENT_UPDATE_OVERDUE', entityId: id }, orderBy: { id: 'asc' } });
    expect(overdue.map((e) => e.payload as Record<string, unknown>).map((p) => [p.kind, p.dueAt, p.reminder, p.overdueMinutes])).toEqual([
      ['INTERNAL', at(25).toISOString(), 1, 0],
      ['STATUS_PAGE', at(35).toISOString(), 1, 0],
      ['INTERNAL', at(25).toISOString(), 2, 15],
    ]);
  });

  it('shows only the public title and updates on the status page', async () => {
    const before = await (await fetch(`${server.url}/status.json`)).json();
    expect(before.current.map((i: { title: string }) => i.title)).toEqual(['Service disruption']);
    expect(JSON.stringify(before)).not.toContain('Production site returning 500 errors');

    const before0 = await counts();
    expect((await setPublicTitle({ incidentId: id, publicTitle: '   ' })).error?.message).toBe('Invalid input — input.publicTitle: must not be empty');
    expect((await setPublicTitle({ incidentId: id, publicTitle: 'x'.repeat(201) })).error?.message).toBe(
      'Invalid input — input.publicTitle: must be at most 200 characters',
    );
    expect((await setPublicTitle({ incidentId: '00000000-0000-4000-8000-000000000000', publicTitle: 'Errors' })).error?.extensions?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before0);

    clock.set(at(51));
    const named = await setPublicTitle({ incidentId: id, publicTitle: '  Errors on the website ' });
    expect(named.error).toBeUndefined();
    expect(named.incident).toMatchObject({
      title: 'Production site returning 500 errors',
      publicTitle: 'Errors on the website',
      statusPageTitle: 'Errors on the website',
    });
    expect(named.incident!.timeline.at(-1)).toMatchObject({
      kind: 'NOTE',
      body: 'Status page title set to "Errors on the website".',
      author: { name: 'Admin' },
    });

    const json = await (await fetch(`${server.url}/status.json`)).json();
    expect(json.summary).toBe('1 ongoing incident');
    expect(json.current).toMatchObject([
      {
        title: 'Errors on the website',
        impact: 'Major outage',
        status: 'INVESTIGATING',
        latestUpdate: { body: 'We are investigating errors on the website.', postedAt: at(5).toISOString() },
      },
    ]);
    const html = await (await fetch(`${server.url}/status`)).text();
    expect(html).toContain('We are investigating errors on the website.');
    for (const internal of ['Production site returning', 'Rolling back', 'DB connections', 'Error rate', 'Ana Lima', 'Admin']) {
      expect(JSON.stringify(json)).not.toContain(internal);
      expect(html).not.toContain(internal);
    }
  });

  it('links tickets, counting the users impacted', async () => {
    tickets.push(await createTicket(server, { priority: 'P1', requesterEmail: 'second@example.com', usersImpacted: 5 }));
    const linked = await linkTicket({ incidentId: id, ticketId: tickets[1]!.id });
    expect(linked.incident).toMatchObject({ usersImpacted: 1805, linkedTicketCount: 2 });
    const again = await linkTicket({ incidentId: id, ticketId: tickets[1]!.id });
    expect(again.error?.message).toBe(`input.ticketId: ${tickets[1]!.number} is already linked to incident #1`);
  });

  it('moves through the statuses, monitors for 2 hours, then resolves with a prefilled post-mortem', async () => {
    clock.set(at(45));
    expect((await setStatus({ incidentId: id, status: 'IDENTIFIED', note: 'Release 4.2 exhausts the connection pool' })).error).toBeUndefined();
    const noFix = await setStatus({ incidentId: id, status: 'MONITORING' });
    expect(noFix.error?.message).toBe('input.resolution: say whether a FIX or a ROLLBACK went out before monitoring');
    clock.set(at(60));
    const monitoring = await setStatus({ incidentId: id, status: 'MONITORING', resolution: 'ROLLBACK', note: 'Rolled back to 4.1.3' });
    expect(monitoring.incident).toMatchObject({
      status: 'MONITORING',
      resolutionKind: 'ROLLBACK',
      monitoringUntil: at(180).toISOString(),
      monitoringEndsInSeconds: 7200,
    });

    const before = await counts();
    clock.set(at(150));
    const early = await setStatus({ incidentId: id, status: 'RESOLVED' });
    expect(early.error?.message).toBe(`input.status: monitoring runs until ${at(180).toISOString()} (30 min left): resolve after 2 hours without trouble`);
    expect(await counts()).toEqual(before);

    clock.set(at(180));
    const { incident, error } = await setStatus({ incidentId: id, status: 'RESOLVED' });
    expect(error).toBeUndefined();
    expect(incident).toMatchObject({ status: 'RESOLVED', resolvedAt: at(180).toISOString(), nextInternalUpdateDueAt: null });
    const pm = incident!.postmortem!;
    expect(pm).toMatchObject({
      status: 'DRAFT',
      dueAt: at(180 + 48 * 60).toISOString(),
      summary: 'Production site returning 500 errors. P0 incident #1, resolved by a rollback: Rolled back to 4.1.3',
      rootCause: 'Release 4.2 exhausts the connection pool',
      wentBadly: 'Internal updates posted: 2; overdue-update reminders: 3.',
      actionItems: [],
    });
    expect(pm.impact).toBe(
      [
        `Duration: 3 h 0 min (declared ${at(0).toISOString()}, resolved ${at(180).toISOString()}).`,
        'Users affected: 1805.',
        `Tickets affected: 2 (${tickets[0]!.number}, ${tickets[1]!.number}), from 2 requesters.`,
      ].join('\n'),
    );
    expect(pm.timeline.split('\n')).toHaveLength(incident!.timeline.length);
    expect(pm.timeline).toContain(`${at(10).toISOString()} [internal update] Admin: Suspect the 4.2 release; DB connections maxed out.`);

    const notices = await server.app.rt.prisma.notification.findMany({
      where: { incidentId: id, template: 'resolution_notification' },
      orderBy: { recipient: 'asc' },
    });
    expect(notices.map((n) => [n.recipient, n.ticketId, n.subject])).toEqual([
      ['first@example.com', tickets[0]!.id, `Resolved: Site returns 500 [${tickets[0]!.number}]`],
      ['second@example.com', tickets[1]!.id, expect.stringMatching(/^Resolved: .* \[PM-\d+\]$/)],
    ]);
    expect(notices[0]?.body).toContain('Hi Fay,');
    expect(notices[0]?.body).toContain('resolved the issue with Errors on the website.');
    expect(notices.map((n) => n.body).join()).not.toContain('Production site returning');
  });

  it('refuses updates on a resolved incident and a post-mortem before resolution, writing nothing', async () => {
    const before = await counts();
    const late = await entry(id, 'INTERNAL_UPDATE', 'One more thing');
    expect(late.error?.message).toBe('input.incidentId: incident #1 is resolved: its timeline is closed (write in the post-mortem)');
    const reopen = await setStatus({ incidentId: id, status: 'INVESTIGATING' });
    expect(reopen.error?.message).toBe('input.incidentId: incident #1 is resolved: its status cannot change any more');

    const other = await declare({ title: 'Login emails delayed', severity: 'P1' });
    expect(other.incident).toMatchObject({ number: 2, internalUpdateMinutes: 120, incidentCommander: { name: 'Admin' } });
    const afterDeclare = await counts();
    const early = await updatePostmortem({ incidentId: other.incident!.id, rootCause: 'queue' });
    expect(early.error?.message).toBe('input.incidentId: incident #2 is INVESTIGATING: the post-mortem starts when it is resolved');
    expect(await counts()).toEqual(afterDeclare);
    expect(afterDeclare.events).toBeGreaterThan(before.events);
  });

  it('emits POSTMORTEM_OVERDUE once, shows it on the wallboard, and publishes with action items', async () => {
    clock.set(at(180 + 48 * 60 - 1));
    expect((await runIncidentReminders(server.app.rt)).postmortems).toBe(0);
    clock.set(at(180 + 48 * 60));
    expect((await runIncidentReminders(server.app.rt)).postmortems).toBe(1);
    expect((await runIncidentReminders(server.app.rt)).postmortems).toBe(0);
    expect(await server.app.rt.prisma.event.count({ where: { type: 'POSTMORTEM_OVERDUE', entityId: id } })).toBe(1);

    const board = await server.gql(
      graphql(`
        query {
          wallboard {
            overduePostmortems {
              number
              dueAt
            }
            activeIncidents {
              number
              status
              commanderName
              nextUpdateDueAt
              lastEntries {
                kind
              }
            }
          }
        }
      `),
    );
    expect(board.data?.wallboard.overduePostmortems).toEqual([{ number: 1, dueAt: at(180 + 48 * 60).toISOString() }]);
    expect(board.data?.wallboard.activeIncidents).toMatchObject([
      {
        number: 2,
        status: 'INVESTIGATING',
        commanderName: 'Admin',
        // declared, Admin commands, Ana added as responder and paged
        lastEntries: [{ kind: 'ROLE_CHANGE' }, { kind: 'ROLE_CHANGE' }, { kind: 'ROLE_CHANGE' }],
      },
    ]);

    const noItems = await updatePostmortem({ incidentId: id, publish: true });
    expect(noItems.error?.message).toBe('input.actionItems: a post-mortem is published with at least one action item with an owner');
    const published = await updatePostmortem({
      incidentId: id,
      wentWell: 'Rollback took 4 minutes',
      publish: true,
      actionItems: [{ description: 'Load-test the connection pool before release', ownerId: ben.id }],
    });
    expect(published.incident!.postmortem).toMatchObject({
      status: 'PUBLISHED',
      actionItems: [{ description: 'Load-test the connection pool before release', owner: { name: 'Ben Okafor' } }],
    });

    const lists = await server.gql(
      graphql(`
        query ($id: ID!) {
          active: incidents(active: true) {
            number
          }
          resolved: incidents(active: false) {
            number
          }
          all: incidents {
            number
          }
          one: incident(id: $id) {
            number
          }
        }
      `),
      { id },
    );
    expect(lists.data).toEqual({ active: [{ number: 2 }], resolved: [{ number: 1 }], all: [{ number: 2 }, { number: 1 }], one: { number: 1 } });

    const status = await (await fetch(`${server.url}/status.json`)).json();
    expect(status.history.map((i: { title: string; updates: unknown[] }) => [i.title, i.updates.length])).toEqual([['Errors on the website', 1]]);
  });
});
