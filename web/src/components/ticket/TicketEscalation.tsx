import { useMutation, type CombinedError } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { oneOf, PRIORITIES } from '../../ui/enums';
import { errorText } from '../../ui/errorText';
import { type EscalateFailure, EscalatePanel, type EscalationField, type EscalationValues } from './EscalatePanel';

export const TicketEscalationFragment = graphql(`
  fragment TicketEscalation_ticket on Ticket {
    id
    number
    title
    priority
    usersImpacted
    escalationLevel
  }
`);

const EscalateMutation = graphql(`
  mutation EscalateTicket($id: ID!, $input: EscalateTicketInput!) {
    escalateTicket(id: $id, input: $input) {
      id
      toLevel
      ticket {
        id
      }
    }
  }
`);

const MUST_BE_PRIORITY = `must be ${PRIORITIES.slice(0, -1).join(', ')} or ${PRIORITIES.at(-1)}`;

/** The server's answer to a failed escalation, as the form shows it: field errors beside their fields. */
export function escalateFailure(error: CombinedError): EscalateFailure {
  const fields: EscalateFailure['fields'] = {};
  for (const e of error.graphQLErrors) {
    const list = (e.extensions?.fieldErrors ?? []) as { field: string; message: string }[];
    for (const f of list) {
      const key = f.field.replace(/^input\./, '').split('.')[0] as EscalationField;
      fields[key] = fields[key] ? `${fields[key]}; ${f.message}` : f.message;
    }
  }
  return { message: errorText(error) ?? 'Escalation failed.', fields };
}

/** The guide's escalation template for this ticket, prefilled from it. */
export function TicketEscalation({ data, canChange }: { data: FragmentOf<typeof TicketEscalationFragment>; canChange: boolean }) {
  const ticket = readFragment(TicketEscalationFragment, data);
  const [, escalate] = useMutation(EscalateMutation);

  const onEscalate = async (values: EscalationValues): Promise<EscalateFailure | null> => {
    const typed = values.priority.trim().toUpperCase();
    const priority = oneOf(PRIORITIES, typed);
    if (typed && !priority) return { message: `Priority: ${MUST_BE_PRIORITY}.`, fields: { priority: MUST_BE_PRIORITY } };
    const result = await escalate({
      id: ticket.id,
      input: {
        ...(priority ? { priority } : {}),
        user: values.user,
        issue: values.issue,
        impact: values.impact,
        attempted: values.attempted,
        needed: values.needed,
        timeline: values.timeline,
      },
    });
    return result.error ? escalateFailure(result.error) : null;
  };

  return (
    <EscalatePanel
      key={ticket.id}
      currentLevel={ticket.escalationLevel}
      disabledReason={canChange ? null : 'Read-only: you cannot escalate.'}
      onEscalate={onEscalate}
      initial={{
        priority: ticket.priority ?? '',
        ticket: ticket.number,
        issue: ticket.title,
        impact: ticket.usersImpacted != null ? `${ticket.usersImpacted} users` : '',
      }}
    />
  );
}
