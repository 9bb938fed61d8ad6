import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { errorText } from '../../ui/errorText';
import { fill, unfilled } from './placeholders';
import { StatusAfterAnswer, type StatusAfter } from './StatusAfterAnswer';

export const ResponseTemplateFragment = graphql(`
  fragment ResponseTemplate_template on ResponseTemplate {
    key
    name
  }
`);

const RenderQuery = graphql(`
  query RenderTemplate($key: String!, $ticketId: ID!) {
    renderResponseTemplate(key: $key, ticketId: $ticketId) {
      subject
      body
      missing
      verbatim
    }
  }
`);

const RespondMutation = graphql(`
  mutation RespondToTicket($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      id
      status
    }
  }
`);

/** Answer the requester, from a template rendered with the ticket's data; unfilled placeholders block sending. */
export function RespondForm({ ticketId, templates }: { ticketId: string; templates: readonly FragmentOf<typeof ResponseTemplateFragment>[] }) {
  const usable = readFragment(ResponseTemplateFragment, templates).filter((t) => t.key !== 'auto_acknowledgement');
  const [key, setKey] = useState('');
  const [text, setText] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<StatusAfter | ''>('');
  const [rendered] = useQuery({ query: RenderQuery, variables: { key, ticketId }, pause: !key, requestPolicy: 'network-only' });
  const [sent, respond] = useMutation(RespondMutation);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (rendered.data) {
      setText(rendered.data.renderResponseTemplate.body);
      setValues({});
    }
  }, [rendered.data]);

  const verbatim = (key && rendered.data?.renderResponseTemplate.verbatim) || [];
  const body = useMemo(() => fill(text, values), [text, values]);
  const missing = unfilled(body, verbatim);
  const inTemplate = unfilled(text, verbatim);

  const send = async () => {
    if (missing.length || !body.trim()) return;
    const result = await respond({ id: ticketId, input: { body, ...(key ? { templateKey: key } : {}), ...(status ? { status } : {}) } });
    if (result.error) return;
    setNotice('Sent.');
    setKey('');
    setText('');
    setValues({});
  };

  return (
    <section className="desk__panel" aria-labelledby="respond-heading" data-testid="respond">
      <h2 id="respond-heading">Respond</h2>
      <form
        className="desk__form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label htmlFor="respond-template">Template</label>
        <select
          id="respond-template"
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setNotice(null);
            if (!e.target.value) setText('');
          }}
        >
          <option value="">No template (write your own)</option>
          {usable.map((t) => (
            <option key={t.key} value={t.key}>
              {t.name}
            </option>
          ))}
        </select>
        {inTemplate.length > 0 && (
          <fieldset className="desk__form">
            <legend>Fill in the placeholders</legend>
            {inTemplate.map((name) => (
              <span key={name} className="desk__form">
                <label htmlFor={`ph-${name}`}>{name.replace(/_/g, ' ')}</label>
                <input
                  id={`ph-${name}`}
                  data-placeholder={name}
                  value={values[name] ?? ''}
                  onChange={(e) => setValues({ ...values, [name]: e.target.value })}
                />
              </span>
            ))}
          </fieldset>
        )}
        <label htmlFor="respond-body">Message to the requester</label>
        <textarea
          id="respond-body"
          rows={10}
          value={body}
          onChange={(e) => {
            setText(e.target.value);
            setValues({});
          }}
          aria-describedby={missing.length ? 'respond-missing' : undefined}
        />
        {missing.length > 0 && (
          <p id="respond-missing" className="missing" data-testid="respond-missing">
            Not filled yet: {missing.map((m) => `{{${m}}}`).join(', ')}
          </p>
        )}
        <StatusAfterAnswer id="respond-status" value={status} onChange={setStatus} />
        {sent.error && (
          <p role="alert" className="desk__error">
            {errorText(sent.error)}
          </p>
        )}
        {notice && <p role="status">{notice}</p>}
        <button type="submit" className="primary" disabled={sent.fetching || missing.length > 0 || !body.trim()}>
          Send response
        </button>
      </form>
    </section>
  );
}
