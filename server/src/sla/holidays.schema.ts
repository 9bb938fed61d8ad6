import { builder } from '../graphql/builder.ts';
import { addHoliday, type HolidayChange, importHolidays, removeHoliday } from './holidays.ts';

builder.prismaObject('Holiday', {
  authScopes: { manager: true },
  description: 'A day off of a business calendar: business-hours SLA clocks do not count it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    date: t.string({ description: 'The local date, YYYY-MM-DD', select: { date: true }, resolve: (h) => h.date.toISOString().slice(0, 10) }),
    name: t.exposeString('name'),
  }),
});

builder.prismaObject('BusinessCalendar', {
  authScopes: { manager: true },
  description: 'Working hours in an IANA time zone, with holidays; SLA policies count business hours on one.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    timeZone: t.exposeString('timeZone'),
    workdays: t.exposeIntList('workdays', { description: 'ISO weekdays that are working days (1 = Monday … 7 = Sunday)' }),
    startMinute: t.exposeInt('startMinute', { description: 'Opening, minutes after local midnight' }),
    endMinute: t.exposeInt('endMinute', { description: 'Closing, minutes after local midnight' }),
    isDefault: t.exposeBoolean('isDefault', { description: 'Used by SLA policies without a calendar of their own' }),
    holidays: t.relation('holidays', { description: 'Oldest first', query: { orderBy: [{ date: 'asc' }] } }),
  }),
});

const HolidayChangeRef = builder.objectRef<HolidayChange>('HolidayChange').implement({
  description: 'What a holiday edit or import did.',
  fields: (t) => ({
    calendar: t.prismaField({
      type: 'BusinessCalendar',
      resolve: (query, change, _args, ctx) => ctx.rt.prisma.businessCalendar.findUniqueOrThrow({ ...query, where: { id: change.calendarId } }),
    }),
    added: t.exposeInt('added', { description: 'Holidays added' }),
    skipped: t.exposeInt('skipped', { description: 'Dates of an import the calendar already had (or the file named twice)' }),
    removed: t.exposeInt('removed'),
    timedEventsIgnored: t.exposeInt('timedEventsIgnored', { description: 'Events of an import with a time of day (not all-day), left out' }),
    retargetedClocks: t.exposeInt('retargetedClocks', { description: 'Running SLA clocks of open tickets whose due time moved' }),
  }),
});

builder.queryField('businessCalendars', (t) =>
  t.prismaField({
    type: ['BusinessCalendar'],
    authScopes: { manager: true },
    description: 'The business calendars with their holidays, the default first.',
    resolve: (query, _root, _args, ctx) => ctx.rt.prisma.businessCalendar.findMany({ ...query, orderBy: [{ isDefault: 'desc' }, { name: 'asc' }] }),
  }),
);

builder.mutationFields((t) => ({
  addHoliday: t.field({
    type: HolidayChangeRef,
    authScopes: { manager: true },
    description: 'Adds a holiday; running business-hours SLA clocks on the calendar move past it.',
    args: {
      calendarId: t.arg.id({ required: true }),
      date: t.arg.string({ required: true, description: 'YYYY-MM-DD' }),
      name: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => addHoliday(ctx.rt, ctx.actor, String(args.calendarId), { date: args.date, name: args.name }),
  }),
  removeHoliday: t.field({
    type: HolidayChangeRef,
    authScopes: { manager: true },
    description: 'Removes a holiday; running business-hours SLA clocks on the calendar count that day again.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => removeHoliday(ctx.rt, ctx.actor, String(args.id)),
  }),
  importHolidays: t.field({
    type: HolidayChangeRef,
    authScopes: { manager: true },
    description:
      'Adds the all-day events of an iCalendar (.ics) file, at most 1,000,000 characters, as holidays: multi-day events as each of their days, ' +
      'yearly (RRULE) events on their dates over the next 2 years; dates the calendar has are skipped, timed events counted and left out. All or nothing.',
    args: {
      calendarId: t.arg.id({ required: true }),
      ics: t.arg.string({ required: true, description: 'The text of the .ics file' }),
    },
    resolve: (_root, args, ctx) => importHolidays(ctx.rt, ctx.actor, String(args.calendarId), { ics: args.ics }),
  }),
}));
