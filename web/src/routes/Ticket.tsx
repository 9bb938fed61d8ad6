import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql, readFragment } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents } from '../hooks/useLiveEvents';
import { Link, useParams } from '../router';
import { useCan, useViewer } from '../viewer';
import { channelNames } from '../ui/enums';
import { errorText } from '../ui/errorText';
import { words } from '../ui/format';
import { PriorityBadge } from '../ui/PriorityBadge';
import { KbAnswer } from '../components/kb/KbAnswer';
import { ClosingFragment, ConfirmResolution } from '../components/ticket/ConfirmResolution';
import { Conversation, ConversationFragment } from '../components/ticket/Conversation';
import { Csat, CsatFragment } from '../components/ticket/Csat';
import { Escalations, EscalationsFragment } from '../components/ticket/Escalations';
import { History, HistoryFragment } from '../components/ticket/History';
import { RespondForm, ResponseTemplateFragment } from '../components/ticket/RespondForm';
import { QualityChecksFragment } from '../components/ticket/ResponseReview';
import { SlaClocks, SlaClocksFragment } from '../components/ticket/SlaClocks';
import { TicketChecklist, TicketChecklistFragment } from '../components/ticket/TicketChecklist';
import { TicketEscalation, TicketEscalationFragment } from '../components/ticket/TicketEscalation';
import { TriageOwnerFragment, TriagePanel, TriagePanelFragment } from '../components/ticket/TriagePanel';

const TicketQuery = graphql(
  `
    query TicketPage($number: String!) {
      ticket(number: $number) {
        id
        number
        title
        status
        priority
        type
        channel
        usersImpacted
        escalationLevel
        owner {
          id
          name
        }
        ...TriagePanel_ticket
        ...Conversation_ticket
        ...Csat_ticket
        ...Closing_ticket
        ...SlaClocks_ticket
        ...TicketChecklist_ticket
        ...TicketEscalation_ticket
        ...Escalations_ticket
        ...History_ticket
      }
      responseTemplates {
        ...ResponseTemplate_template
      }
      users {
        ...TriageOwner_user
      }
      ...ResponseReview_checks
    }
  `,
  [
    TriagePanelFragment,
    ConversationFragment,
    CsatFragment,
    ClosingFragment,
    SlaClocksFragment,
    TicketChecklistFragment,
    TicketEscalationFragment,
    EscalationsFragment,
    HistoryFragment,
    ResponseTemplateFragment,
    TriageOwnerFragment,
    QualityChecksFragment,
  ],
);

/** One ticket: SLA clocks ticking, the conversation, respond with a template, triage, escalate, history. */
export default function TicketPage() {
  const { number = '' } = useParams<{ number: string }>();
  useDocumentTitle(number);
  const [{ data, error, fetching }, refetch] = useQuery({ query: TicketQuery, variables: { number }, requestPolicy: 'cache-and-network' });
  const ticket = data?.ticket;
  useLiveEvents(['tickets', 'sla', 'escalations'], (event) => {
    if (!event || !ticket || event.entityId === ticket.id || event.entityId === ticket.number) refetch({ requestPolicy: 'network-only' });
  });
  const canChange = useCan('agent');
  const viewer = useViewer();
  const [triaging, setTriaging] = useState(false);
  // Every change made here answers with the Ticket (an escalation with its ticket), which refreshes
  // this query (urql's document cache); changes made elsewhere arrive as events.

  if (!ticket) {
    return (
      <main id="main" className="desk">
        <h1>{number}</h1>
        {error ? (
          <p role="alert" className="desk__error">
            {errorText(error)}
          </p>
        ) : (
          <p>{fetching ? 'Loading…' : 'No such ticket.'}</p>
        )}
      </main>
    );
  }

  return (
    <main id="main" className="desk" data-testid="ticket" data-status={ticket.status}>
      <p className="desk__muted">
        <Link href="/queue">Queue</Link> / {ticket.number}
      </p>
      <h1>
        <PriorityBadge priority={ticket.priority} /> {ticket.number}: {ticket.title}
      </h1>
      <p className="desk__row">
        <span data-testid="ticket-status">{words(ticket.status)}</span>·<span>{ticket.type ? words(ticket.type) : 'type not set'}</span>·
        <span>{channelNames[ticket.channel]}</span>·<span>owner {ticket.owner?.name ?? 'unassigned'}</span>·
        <span data-testid="escalation-level">escalation {ticket.escalationLevel}</span>
        {ticket.usersImpacted != null && (
          <>
            ·<span>{ticket.usersImpacted} users impacted</span>
          </>
        )}
        {canChange && (
          <button type="button" onClick={() => setTriaging((v) => !v)} aria-expanded={triaging}>
            {ticket.status === 'NEW' ? 'Triage' : 'Re-triage'}
          </button>
        )}
      </p>
      {triaging && canChange && <TriagePanel data={ticket} users={data.users} defaultOwner={viewer.userId} onDone={() => setTriaging(false)} />}
      <div className="desk__grid">
        <div>
          <Conversation data={ticket} checks={readFragment(QualityChecksFragment, data).qualityChecks} canReview={canChange} />
          {canChange ? (
            <>
              <RespondForm ticketId={ticket.id} templates={data.responseTemplates} />
              <KbAnswer ticketId={ticket.id} />
            </>
          ) : (
            <p className="desk__muted">Read-only: you can follow this ticket, not answer it.</p>
          )}
          <ConfirmResolution data={ticket} canChange={canChange} />
          <Csat data={ticket} />
        </div>
        <div>
          <SlaClocks data={ticket} />
          <TicketChecklist data={ticket} canChange={canChange} />
          <TicketEscalation data={ticket} canChange={canChange} />
          <Escalations data={ticket} />
          <History data={ticket} />
        </div>
      </div>
    </main>
  );
}
