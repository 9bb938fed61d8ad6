import { useState } from 'react';
import { ESCALATION_LEVELS, type EscalationLevel } from '../../ui/enums';

// The guide's escalation template (Escalation Procedures → How to Escalate). The fields are the
// template's; `onEscalate` sends them (escalateTicket) and answers with the server's message and
// its field errors (`extensions.fieldErrors`), shown beside their fields.
export const ESCALATION_FIELDS = [
  ['priority', 'Priority', 'P0/P1/P2'],
  ['ticket', 'Ticket', '#number'],
  ['user', 'User', 'Name / e-mail'],
  ['issue', 'Issue', 'Clear description'],
  ['impact', 'Impact', 'How many users / severity'],
  ['attempted', 'Attempted', 'What you have tried'],
  ['needed', 'Needed', 'What you need help with'],
  ['timeline', 'Timeline', 'Urgency'],
] as const;

export type EscalationField = (typeof ESCALATION_FIELDS)[number][0];
export type EscalationValues = Record<EscalationField, string>;

/** What a failed escalation says: the message, and per field of the template what is wrong. */
export interface EscalateFailure {
  message: string;
  fields: Partial<Record<EscalationField, string>>;
}

export function EscalatePanel({
  initial,
  currentLevel,
  disabledReason,
  onEscalate,
}: {
  initial: Partial<EscalationValues>;
  currentLevel: EscalationLevel;
  /** Why the form cannot be sent (read-only role, or no escalation on this server). */
  disabledReason: string | null;
  onEscalate?: (values: EscalationValues) => Promise<EscalateFailure | null>;
}) {
  const [values, setValues] = useState<EscalationValues>(() => Object.fromEntries(ESCALATION_FIELDS.map(([k]) => [k, initial[k] ?? ''])) as EscalationValues);
  const [error, setError] = useState<EscalateFailure | null>(null);
  const [sending, setSending] = useState(false);
  const empty = ESCALATION_FIELDS.filter(([k]) => !values[k].trim()).map(([, label]) => label);
  const reason = disabledReason ?? (onEscalate ? null : 'Escalation is not available on this server yet.');
  const next = ESCALATION_LEVELS[Math.min(ESCALATION_LEVELS.indexOf(currentLevel) + 1, ESCALATION_LEVELS.length - 1)];

  return (
    <section className="desk__panel" aria-labelledby="escalate-heading" data-testid="escalate">
      <h2 id="escalate-heading">Escalate</h2>
      <p className="desk__muted">
        Now at {currentLevel}; escalating goes to {next}. Subject: ESCALATION: [{values.priority || 'P?'}] - {values.issue.slice(0, 60) || 'brief description'}
      </p>
      <form
        className="desk__form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!onEscalate || reason || empty.length) return;
          setSending(true);
          const failure = await onEscalate(values);
          setError(failure);
          setSending(false);
          if (!failure) setValues((v) => ({ ...v, attempted: '', needed: '', timeline: '' }));
        }}
      >
        {ESCALATION_FIELDS.map(([key, label, hint]) => {
          const fieldError = error?.fields[key];
          const props = {
            id: `esc-${key}`,
            placeholder: hint,
            value: values[key],
            readOnly: !!reason,
            'aria-invalid': fieldError ? true : undefined,
            'aria-describedby': fieldError ? `esc-${key}-error` : undefined,
            onChange: (e: { target: { value: string } }) => setValues({ ...values, [key]: e.target.value }),
          };
          return (
            <span key={key} className="desk__form">
              <label htmlFor={`esc-${key}`}>{label}</label>
              {key === 'issue' || key === 'attempted' || key === 'needed' ? <textarea {...props} /> : <input {...props} />}
              {fieldError && (
                <span id={`esc-${key}-error`} className="desk__error" data-testid="escalate-field-error">
                  {fieldError}
                </span>
              )}
            </span>
          );
        })}
        {empty.length > 0 && !reason && <p className="missing">Still to fill: {empty.join(', ')}</p>}
        {reason && <p className="desk__muted">{reason}</p>}
        {error && (
          <p role="alert" className="desk__error">
            {error.message}
          </p>
        )}
        <button type="submit" disabled={!!reason || sending || empty.length > 0}>
          Escalate to {next}
        </button>
      </form>
    </section>
  );
}
