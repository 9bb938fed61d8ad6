import { graphql, readFragment, type FragmentOf } from '../../graphql';

export const FeedbackAnalysisFragment = graphql(`
  fragment FeedbackAnalysis_month on FeedbackAnalysis {
    responses
    averageRating
    complaints
    themes {
      key
      question
      count
      examples {
        source
        text
        rating
        ticketNumber
      }
    }
    keywords {
      word
      count
    }
  }
`);

/** The month's satisfaction answers and complaints, grouped into the guide's feedback questions. */
export function FeedbackAnalysis({ data }: { data: FragmentOf<typeof FeedbackAnalysisFragment> | null | undefined }) {
  const feedback = readFragment(FeedbackAnalysisFragment, data);
  return (
    <section aria-labelledby="feedback-heading">
      <h2 id="feedback-heading">User feedback</h2>
      {feedback && (
        <>
          <p>
            {feedback.responses} satisfaction answers{feedback.averageRating !== null ? `, average ${feedback.averageRating} of 5` : ''} · {feedback.complaints}{' '}
            complaints
            {feedback.keywords.length > 0 && <> · often mentioned: {feedback.keywords.map((k) => `${k.word} (${k.count})`).join(', ')}</>}
          </p>
          <div className="desk__sections">
            {feedback.themes.map((t) => (
              <div key={t.key} className="desk__card">
                <h3>
                  {t.question} <span className="desk__muted">({t.count})</span>
                </h3>
                <ul>
                  {t.examples.map((e, i) => (
                    <li key={i}>
                      “{e.text}”{' '}
                      <small className="desk__muted">
                        {e.ticketNumber}
                        {e.rating !== null ? ` · ${e.rating}/5` : ` · ${e.source.toLowerCase()}`}
                      </small>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
