import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorText } from '../ui/errorText';
import { FeedbackAnalysis, FeedbackAnalysisFragment } from '../components/improvement/FeedbackAnalysis';
import { ImprovementActionFragment, ImprovementActions } from '../components/improvement/ImprovementActions';
import { ActionOwnerFragment } from '../components/improvement/NewActionForm';
import { MonthlyReports, MonthlyReportsFragment } from '../components/improvement/MonthlyReports';
import { ReviewNotesFragment, ReviewSections } from '../components/improvement/ReviewSections';
import '../ui/team.css';

const ReviewQuery = graphql(
  `
    query ProcessReviewPage($month: String!) {
      processReview(month: $month) {
        id
        ...MonthlyReports_review
        ...ReviewNotes_review
      }
      feedbackAnalysis(month: $month) {
        ...FeedbackAnalysis_month
      }
      improvementActions {
        id
        ...ImprovementAction_action
      }
      users {
        ...ActionOwner_user
      }
    }
  `,
  [MonthlyReportsFragment, ReviewNotesFragment, FeedbackAnalysisFragment, ImprovementActionFragment, ActionOwnerFragment],
);

const thisMonth = () => new Date().toISOString().slice(0, 7);

// A month without a review yet or without actions has no ProcessReview or ImprovementAction in its
// result; naming them lets the notes and actions added here refresh it (urql's document cache).
const context = { additionalTypenames: ['ProcessReview', 'ImprovementAction'] };

/** The guide's Continuous Improvement: monthly process review, user-feedback analysis, action items. */
export default function Improvement() {
  useDocumentTitle('Process review');
  const [month, setMonth] = useState(thisMonth);
  const [{ data, error }] = useQuery({ query: ReviewQuery, variables: { month }, requestPolicy: 'cache-and-network', context });
  return (
    <main id="main" className="desk desk--team" data-testid="process-review">
      <h1>Monthly process review</h1>
      <div className="desk__row">
        <label>
          Month
          <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
      </div>
      {error && (
        <p className="desk__error" role="alert">
          {errorText(error)}
        </p>
      )}
      <MonthlyReports data={data?.processReview} month={month} />
      <ReviewSections data={data?.processReview} month={month} />
      <FeedbackAnalysis data={data?.feedbackAnalysis} />
      <ImprovementActions data={data?.improvementActions ?? []} users={data?.users ?? []} month={month} />
    </main>
  );
}
