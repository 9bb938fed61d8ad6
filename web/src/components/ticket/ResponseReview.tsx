// The guide's "Quality Checks" on one outbound response (TicketMessage.review): who reviewed it and
// whether it passed all seven, and for agents the seven checks to tick and save (reviewResponse).
// The responder checks their own response, or a reviewer does; the latest review replaces the one before.
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';
import { errorText } from '../../ui/errorText';
import { when } from '../../ui/format';

export const ResponseReviewFragment = graphql(`
  fragment ResponseReview_message on TicketMessage {
    id
    review {
      passed
      passedAll
      reviewedAt
      reviewer {
        name
      }
    }
  }
`);

/** The seven checks in the guide's wording (Query.qualityChecks), once per page. */
export const QualityChecksFragment = graphql(`
  fragment ResponseReview_checks on Query {
    qualityChecks {
      key
      label
    }
  }
`);

export type QualityChecks = ResultOf<typeof QualityChecksFragment>['qualityChecks'];
type Check = QualityChecks[number]['key'];

const ReviewMutation = graphql(
  `
    mutation ReviewResponse($messageId: ID!, $passed: [QualityCheck!]!) {
      reviewResponse(messageId: $messageId, passed: $passed) {
        ...ResponseReview_message
      }
    }
  `,
  [ResponseReviewFragment],
);

/** The kinds of outbound message a person wrote to the user: the ones the checks are for. */
export const REVIEWED_KINDS: readonly string[] = ['RESPONSE', 'USER_UPDATE', 'RESOLUTION_NOTICE'];

export function ResponseReview({ data, checks, canReview }: { data: FragmentOf<typeof ResponseReviewFragment>; checks: QualityChecks; canReview: boolean }) {
  const message = readFragment(ResponseReviewFragment, data);
  const review = message.review;
  const headingId = `quality-${message.id}`;
  return (
    <div className="quality" data-testid="response-review" data-passed-all={review ? review.passedAll : undefined}>
      <p className="quality__status" id={headingId}>
        <strong>Quality checks:</strong>{' '}
        {review ? (
          <span data-testid="review-status">
            {review.passedAll ? 'passed all' : `${review.passed.length} of ${checks.length} passed`} · reviewed by{' '}
            {review.reviewer?.name ?? 'someone no longer here'} · {when(review.reviewedAt)}
          </span>
        ) : (
          <span data-testid="review-status">not reviewed</span>
        )}
      </p>
      {canReview && (
        // Keyed by the review: a new review (here or elsewhere) starts the form from what was saved.
        <ReviewForm
          key={review?.reviewedAt ?? 'none'}
          messageId={message.id}
          passed={(review?.passed ?? []) as Check[]}
          checks={checks}
          labelledBy={headingId}
        />
      )}
    </div>
  );
}

function ReviewForm({ messageId, passed, checks, labelledBy }: { messageId: string; passed: Check[]; checks: QualityChecks; labelledBy: string }) {
  const [ticked, setTicked] = useState<Set<Check>>(() => new Set(passed));
  const [saved, review] = useMutation(ReviewMutation);
  const toggle = (key: Check, on: boolean) =>
    setTicked((before) => {
      const next = new Set(before);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void review({ messageId, passed: checks.map((c) => c.key).filter((k) => ticked.has(k)) });
  };
  return (
    <details className="quality__details">
      <summary>{passed.length ? 'Review again' : 'Review this response'}</summary>
      <form onSubmit={save} aria-labelledby={labelledBy}>
        <ul className="quality__checks">
          {checks.map((c) => (
            <li key={c.key}>
              <label>
                <input type="checkbox" name={c.key} checked={ticked.has(c.key)} onChange={(e) => toggle(c.key, e.target.checked)} /> {c.label}
              </label>
            </li>
          ))}
        </ul>
        <button type="submit" disabled={saved.fetching}>
          {saved.fetching ? 'Saving…' : 'Save review'}
        </button>
        {saved.error && (
          <p role="alert" className="desk__error">
            {errorText(saved.error)}
          </p>
        )}
      </form>
    </details>
  );
}
