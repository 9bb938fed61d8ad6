import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { errorText } from '../../ui/errorText';
import { day } from './day';

export const ProgressFragment = graphql(`
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

const TickMutation = graphql(`
  mutation TickOnboarding($input: TickOnboardingInput!) {
    tickOnboardingItem(input: $input) {
      id
      done
    }
  }
`);

/** Ticking an item answers with the Onboarding, which refreshes the queries showing it (urql's document cache). */
export function Checklist({ data, canEdit }: { data: FragmentOf<typeof ProgressFragment>; canEdit: boolean }) {
  const plan = readFragment(ProgressFragment, data);
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
                    <input
                      type="checkbox"
                      checked={i.done}
                      disabled={i.automatic || !canEdit || tick.fetching}
                      onChange={(e) => toggle(i.key, e.target.checked)}
                    />
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
