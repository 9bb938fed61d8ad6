import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { errorText } from '../../ui/errorText';
import { Checklist, ProgressFragment } from './Checklist';
import { day } from './day';

export const StaffFragment = graphql(`
  fragment OnboardingStaff_user on User {
    id
    name
    role
  }
`);

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

const StartMutation = graphql(`
  mutation StartOnboarding($input: StartOnboardingInput!) {
    startOnboarding(input: $input) {
      id
    }
  }
`);

// Before the first onboarding starts the list has no Onboarding in it; naming the type lets a start refresh it.
const everyoneContext = { additionalTypenames: ['Onboarding'] };

/** Every onboarding's progress, for leads, and starting a new one. */
export function Everyone({ users }: { users: readonly FragmentOf<typeof StaffFragment>[] }) {
  const [{ data, error }] = useQuery({ query: AllQuery, requestPolicy: 'cache-and-network', context: everyoneContext });
  const [start, startNow] = useMutation(StartMutation);
  const [userId, setUserId] = useState('');
  const [mentorId, setMentorId] = useState('');
  const [startError, setStartError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const staff = readFragment(StaffFragment, users).filter((u) => u.role !== 'VIEWER');
  const plans = (data?.onboardings ?? []).map((p) => ({ ref: p, plan: readFragment(ProgressFragment, p) }));

  const onStart = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setStartError(null);
    const result = await startNow({ input: { userId, mentorId: mentorId || null } });
    if (result.error) setStartError(errorText(result.error));
  };

  return (
    <section aria-labelledby="everyone-heading">
      <h2 id="everyone-heading">Everyone’s progress</h2>
      {error && (
        <p className="desk__error" role="alert">
          {errorText(error)}
        </p>
      )}
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
          {plans.map(({ plan: p }) => (
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
        .filter(({ plan }) => plan.id === open)
        .map(({ ref, plan }) => (
          <Checklist key={plan.id} data={ref} canEdit />
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
