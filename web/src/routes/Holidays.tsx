import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorText } from '../ui/errorText';

const CalendarsQuery = graphql(`
  query BusinessCalendars {
    businessCalendars {
      id
      name
      timeZone
      isDefault
      holidays {
        id
        date
        name
      }
    }
  }
`);

const AddMutation = graphql(`
  mutation AddHoliday($calendarId: ID!, $date: String!, $name: String!) {
    addHoliday(calendarId: $calendarId, date: $date, name: $name) {
      retargetedClocks
    }
  }
`);

const RemoveMutation = graphql(`
  mutation RemoveHoliday($id: ID!) {
    removeHoliday(id: $id) {
      retargetedClocks
    }
  }
`);

const ImportMutation = graphql(`
  mutation ImportHolidays($calendarId: ID!, $ics: String!) {
    importHolidays(calendarId: $calendarId, ics: $ics) {
      added
      skipped
      timedEventsIgnored
      retargetedClocks
    }
  }
`);

/** The largest .ics the server takes (characters); a bigger file is refused here before it is sent. */
const ICS_MAX_CHARS = 1_000_000;

const clocksMoved = (n: number) => (n ? ` ${n} running SLA clock${n === 1 ? '' : 's'} moved.` : '');
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', timeZone: 'UTC' });

/**
 * Holidays for managers: a business calendar's days off, add or remove one, and import an .ics file
 * (read here, sent as text). Business-hours SLA clocks of open tickets move with every change.
 */
export default function Holidays() {
  useDocumentTitle('Holidays');
  const [{ data, error, fetching }, refetch] = useQuery({ query: CalendarsQuery, requestPolicy: 'cache-and-network' });
  const [added, add] = useMutation(AddMutation);
  const [removed, remove] = useMutation(RemoveMutation);
  const [imported, importIcs] = useMutation(ImportMutation);
  const [chosen, setChosen] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const calendars = data?.businessCalendars ?? [];
  const calendar = calendars.find((c) => c.id === chosen) ?? calendars[0];
  const today = new Date().toISOString().slice(0, 10);
  const [showPast, setShowPast] = useState(false);
  const holidays = (calendar?.holidays ?? []).filter((h) => showPast || h.date >= today);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const onAdd = async () => {
    if (!calendar) return;
    const result = await add({ calendarId: calendar.id, date, name });
    if (result.error || !result.data) return;
    setStatus(`Added ${date}.${clocksMoved(result.data.addHoliday.retargetedClocks)}`);
    setDate('');
    setName('');
    reload();
  };
  const onRemove = async (id: string, label: string) => {
    const result = await remove({ id });
    if (result.error || !result.data) return;
    setStatus(`Removed ${label}.${clocksMoved(result.data.removeHoliday.retargetedClocks)}`);
    reload();
  };
  const onFile = async (file: File | undefined, input: HTMLInputElement) => {
    setFileError(null);
    if (!file || !calendar) return;
    const ics = await file.text();
    input.value = '';
    if (ics.length > ICS_MAX_CHARS) return setFileError(`${file.name} is larger than ${ICS_MAX_CHARS.toLocaleString()} characters.`);
    const result = await importIcs({ calendarId: calendar.id, ics });
    if (result.error || !result.data) return;
    const r = result.data.importHolidays;
    setStatus(
      `${file.name}: ${r.added} added, ${r.skipped} already there` +
        (r.timedEventsIgnored ? `, ${r.timedEventsIgnored} timed event${r.timedEventsIgnored === 1 ? '' : 's'} left out` : '') +
        `.${clocksMoved(r.retargetedClocks)}`,
    );
    reload();
  };

  const failure = error ?? added.error ?? removed.error ?? imported.error;
  return (
    <main id="main" className="desk holidays">
      <h1>Holidays</h1>
      <p className="desk__muted">
        Days off of a business calendar: business-hours SLA clocks do not count them, and running clocks of open tickets move when they change.
      </p>
      {calendars.length > 1 && (
        <p className="desk__toolbar">
          <label htmlFor="holiday-calendar">Calendar</label>
          <select id="holiday-calendar" value={calendar?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {calendars.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </p>
      )}
      {calendar && (
        <p data-testid="calendar-name">
          <strong>{calendar.name}</strong> <span className="desk__muted">({calendar.timeZone})</span>
        </p>
      )}
      <form
        className="desk__toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void onAdd();
        }}
      >
        <label htmlFor="holiday-date">Date</label>
        <input id="holiday-date" type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
        <label htmlFor="holiday-name">Name</label>
        <input id="holiday-name" value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} placeholder="Company day" />
        <button type="submit" disabled={added.fetching || !date || !name.trim() || !calendar}>
          Add holiday
        </button>
      </form>
      <p className="desk__toolbar">
        <label htmlFor="holiday-file">Import an .ics file</label>
        <input
          id="holiday-file"
          type="file"
          accept=".ics,text/calendar"
          disabled={imported.fetching || !calendar}
          onChange={(e) => void onFile(e.target.files?.[0], e.target)}
        />
        {imported.fetching && <span aria-live="polite">Importing…</span>}
      </p>
      <p className="desk__muted">All-day events are imported (each day of a multi-day one; yearly ones for the next two years); timed events are left out.</p>
      {status && (
        <p role="status" data-testid="holiday-status">
          {status}
        </p>
      )}
      {(failure || fileError) && <p role="alert">{fileError ?? errorText(failure)}</p>}
      <p className="desk__toolbar">
        <label>
          <input type="checkbox" checked={showPast} onChange={(e) => setShowPast(e.target.checked)} /> Show past holidays
        </label>
        {fetching && <span aria-live="polite">Loading…</span>}
      </p>
      <table className="desk__table" data-testid="holidays">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Name</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {holidays.map((h) => (
            <tr key={h.id} data-testid="holiday-row">
              <td>
                <time dateTime={h.date}>{h.date}</time> <span className="desk__muted">{weekday(h.date)}</span>
              </td>
              <td>{h.name}</td>
              <td>
                <button
                  type="button"
                  disabled={removed.fetching}
                  onClick={() => void onRemove(h.id, `${h.date} ${h.name}`)}
                  aria-label={`Remove ${h.date} ${h.name}`}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!fetching && calendar && holidays.length === 0 && <p>No holidays{showPast ? '' : ' ahead'}.</p>}
    </main>
  );
}
