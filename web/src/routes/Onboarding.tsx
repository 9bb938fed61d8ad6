import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../graphql';
import { errorText } from '../ui/errorText';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import '../ui/team.css';

const ProgressFragment = graphql(`
  fragment OnboardingProgress on Onboarding {
    id
    user {
      id
      name
    }
    mentor {
      name
    }
    startedAt
    week
    done
    total
    items {
      key
      week
      title
      automatic
      counts
      done
      doneAt
      evidence
      source
    }
  }
`);

const StaffFragment = graphql(`
  fragment OnboardingStaff_user on User {
    id
    name
    role
  }
`);

const MeQuery = graphql(
  `
  query OnboardingMe {
    me {
      role
      user {
        id
        name
      }
    }
    users {
      ...OnboardingStaff_user
    }
  }
`,
  [StaffFragment],
);

const MineQuery = graphql(
  `
    query MyOnboarding($userId: ID!) {
      onboarding(userId: $userId) {
        ...OnboardingProgress
      }
    }
  `,
  [ProgressFragment],
);

const AllQuery = graphql(
  `
    query AllOnboarding {
      onboardings {
        ...OnboardingProgress
      }
    }
  `,
  [ProgressFragment],
);

const TickMutation = graphql(`
  mutation TickOnboarding($input: TickOnboardingInput!) {
    tickOnboardingItem(input: $input) {
      id
      done
    }
  }
`);

const StartMutation = graphql(`
  mutation StartOnboarding($input: StartOnboardingInput!) {
    startOnboarding(input: $input) {
      id
    }
  }
`);

type Progress = ResultOf<typeof ProgressFragment>;
const LEADS = ['LEAD', 'MANAGER', 'ADMIN'];
const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });

/** The guide's four-week onboarding: your own checklist, and everyone's progress for leads. */
export default function Onboarding() {
  useDocumentTitle('Onboarding');
  const [{ data }] = useQuery({ query: MeQuery });
  const me = data?.me;
  const isLead = !!me && LEADS.includes(me.role);
  return (
    <main id="main" className="desk desk--team" data-testid="onboarding">
      <h1>Onboarding</h1>
      <p className="desk__sub">Four weeks for a new team member. Items marked “automatic” tick themselves from real activity.</p>
      {me?.user && <Mine userId={me.user.id} canEdit />}
      {isLead && <Everyone users={data?.users ?? []} />}
    </main>
  );
}

function Mine({ userId, canEdit }: { userId: string; canEdit: boolean }) {
  const [{ data }] = useQuery({ query: MineQuery, variables: { userId }, requestPolicy: 'cache-and-network' });
  const plan = data?.onboarding;
  if (!plan) return null;
  return (
    <section aria-labelledby="mine-heading">
      <h2 id="mine-heading">Your checklist</h2>
      <Checklist plan={readFragment(ProgressFragment, plan)} canEdit={canEdit} />
    </section>
  );
}

/** Ticking an item answers with the Onboarding, which refreshes the queries showing it (urql's document cache). */
function Checklist({ plan, canEdit }: { plan: Progress; canEdit: boolean }) {
  const [tick, tickNow] = useMutation(TickMutation);
  const [error, setError] = useState<string | null>(null);
  const toggle = async (key: string, done: boolean) => {
    setError(null);
    const result = await tickNow({ input: { userId: plan.user.id, key, done } });
    setError(errorText(result.error));
  };
  return (
    <div className="desk__card">
      <p>
        <strong>{plan.user.name}</strong> · started {day(plan.startedAt)} · week {Math.min(plan.week, 4)}
        {plan.week > 4 ? ' (complete period)' : ''} · {plan.mentor ? `mentor ${plan.mentor.name} · ` : ''}
        {plan.done} of {plan.total} done
      </p>
      <progress className="desk__progress" max={plan.total} value={plan.done} aria-label={`${plan.user.name}: onboarding progress`} />
      {[1, 2, 3, 4].map((week) => (
        <fieldset key={week} className="desk__week">
          <legend>Week {week}</legend>
          <ul>
            {plan.items
              .filter((i) => i.week === week)
              .map((i) => (
                <li key={i.key}>
                  <label className="desk__check">
                    <input type="checkbox" checked={i.done} disabled={i.automatic || !canEdit || tick.fetching} onChange={(e) => toggle(i.key, e.target.checked)} />
                    <span>
                      {i.title}
                      {i.automatic && <small className="desk__muted"> · automatic: {i.counts}</small>}
                      {i.evidence && <small className={i.done ? 'desk__ok' : 'desk__muted'}> · {i.evidence}</small>}
                      {i.doneAt && <small className="desk__muted"> · {day(i.doneAt)}</small>}
                    </span>
                  </label>
                </li>
              ))}
          </ul>
        </fieldset>
      ))}
      {error && (
        <p className="desk__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

// Before the first onboarding starts the list has no Onboarding in it; naming the type lets a start refresh it.
const everyoneContext = { additionalTypenames: ['Onboarding'] };

function Everyone({ users }: { users: readonly FragmentOf<typeof StaffFragment>[] }) {
  const [{ data, error }] = useQuery({ query: AllQuery, requestPolicy: 'cache-and-network', context: everyoneContext });
  const [start, startNow] = useMutation(StartMutation);
  const [userId, setUserId] = useState('');
  const [mentorId, setMentorId] = useState('');
  const [startError, setStartError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const staff = readFragment(StaffFragment, users).filter((u) => u.role !== 'VIEWER');
  const plans: Progress[] = (data?.onboardings ?? []).map((p) => readFragment(ProgressFragment, p));

  const onStart = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setStartError(null);
    const result = await startNow({ input: { userId, mentorId: mentorId || null } });
    if (result.error) setStartError(errorText(result.error));
  };

  return (
    <section aria-labelledby="everyone-heading">
      <h2 id="everyone-heading">Everyone’s progress</h2>
      {error && <p className="desk__error" role="alert">{errorText(error)}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Team member</th>
            <th scope="col">Started</th>
            <th scope="col">Week</th>
            <th scope="col">Done</th>
            <th scope="col">Next open item</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id} data-testid="onboarding-row">
              <td>
                <button type="button" className="desk__link" onClick={() => setOpen(open === p.id ? null : p.id)} aria-expanded={open === p.id}>
                  {p.user.name}
                </button>
              </td>
              <td>{day(p.startedAt)}</td>
              <td>{Math.min(p.week, 4)}</td>
              <td>
                {p.done} / {p.total}
              </td>
              <td>{p.items.find((i) => !i.done)?.title ?? <span className="desk__ok">all done</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plans
        .filter((p) => p.id === open)
        .map((p) => (
          <Checklist key={p.id} plan={p} canEdit />
        ))}
      <form onSubmit={onStart} className="desk__card" aria-labelledby="start-heading">
        <h3 id="start-heading">Start an onboarding</h3>
        <div className="desk__row">
          <label>
            New team member
            <select value={userId} onChange={(e) => setUserId(e.target.value)} required>
              <option value="">choose…</option>
              {staff.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Mentor (shadowing)
            <select value={mentorId} onChange={(e) => setMentorId(e.target.value)}>
              <option value="">none</option>
              {staff.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={!userId || start.fetching}>
            Start
          </button>
        </div>
        {startError && (
          <p className="desk__error" role="alert">
            {startError}
          </p>
        )}
      </form>
    </section>
  );
}
