import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';
import { INCIDENT_ROLES, oneOf, type IncidentRoleName } from '../../ui/enums';
import { errorText } from '../../ui/errorText';
import { words } from '../../ui/format';

export const RolesFragment = graphql(`
  fragment Roles_incident on Incident {
    id
    incidentCommander {
      id
      name
    }
    roles {
      id
      role
      endedAt
      user {
        id
        name
      }
    }
  }
`);

export const ResponderFragment = graphql(`
  fragment Responder_user on User {
    id
    name
    role
  }
`);

const AssignRole = graphql(`
  mutation AssignIncidentRole($input: AssignIncidentRoleInput!) {
    assignIncidentRole(input: $input) {
      id
    }
  }
`);

const HandOver = graphql(`
  mutation HandOverIncidentCommand($input: HandOverIncidentCommandInput!) {
    handOverIncidentCommand(input: $input) {
      id
    }
  }
`);

interface Props {
  data: FragmentOf<typeof RolesFragment>;
  users: readonly FragmentOf<typeof ResponderFragment>[];
  /** Roles can be given and command handed over (an agent, on an unresolved incident). */
  canChange: boolean;
}

/** The incident commander and the other roles; give a role, hand over command. */
export function RolesPanel({ data, users, canChange }: Props) {
  const incident = readFragment(RolesFragment, data);
  const staff = readFragment(ResponderFragment, users).filter((u) => u.role !== 'VIEWER');
  return (
    <section className="desk__panel" aria-labelledby="roles-heading">
      <h2 id="roles-heading">Roles</h2>
      <ul className="list-plain" data-testid="roles">
        <li>
          Incident commander: <strong>{incident.incidentCommander?.name ?? 'none'}</strong>
        </li>
        {incident.roles
          .filter((r) => !r.endedAt)
          .map((r) => (
            <li key={r.id}>
              {words(r.role)}: {r.user.name}
            </li>
          ))}
      </ul>
      {canChange && <RolesForm incidentId={incident.id} users={staff} hasCommander={!!incident.incidentCommander} />}
    </section>
  );
}

function RolesForm({ incidentId, users, hasCommander }: { incidentId: string; users: readonly ResultOf<typeof ResponderFragment>[]; hasCommander: boolean }) {
  const [role, setRole] = useState<IncidentRoleName>('SCRIBE');
  const [userId, setUserId] = useState(users[0]?.id ?? '');
  const [commander, setCommander] = useState(users[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [assigned, assign] = useMutation(AssignRole);
  const [handed, handOver] = useMutation(HandOver);
  const roles = INCIDENT_ROLES.filter((r) => r !== 'INCIDENT_COMMANDER' || !hasCommander);
  const userOptions = users.map((u) => (
    <option key={u.id} value={u.id}>
      {u.name}
    </option>
  ));
  return (
    <div className="desk__form">
      <form
        className="desk__form"
        onSubmit={async (e) => {
          e.preventDefault();
          await assign({ input: { incidentId, role, userId } });
        }}
      >
        <label htmlFor="role-kind">Give a role</label>
        <select id="role-kind" value={role} onChange={(e) => setRole(oneOf(INCIDENT_ROLES, e.target.value) ?? role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {words(r)}
            </option>
          ))}
        </select>
        <label htmlFor="role-user">To</label>
        <select id="role-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
          {userOptions}
        </select>
        <button type="submit" disabled={assigned.fetching || !userId}>
          Assign
        </button>
        {assigned.error && (
          <p role="alert" className="desk__error">
            {errorText(assigned.error)}
          </p>
        )}
      </form>
      {hasCommander && (
        <form
          className="desk__form"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await handOver({ input: { incidentId, userId: commander, ...(note.trim() ? { note: note.trim() } : {}) } });
            if (!r.error) setNote('');
          }}
        >
          <label htmlFor="handover-user">Hand over command to</label>
          <select id="handover-user" value={commander} onChange={(e) => setCommander(e.target.value)}>
            {userOptions}
          </select>
          <label htmlFor="handover-note">Handover note</label>
          <input id="handover-note" value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" disabled={handed.fetching || !commander}>
            Hand over
          </button>
          {handed.error && (
            <p role="alert" className="desk__error">
              {errorText(handed.error)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
