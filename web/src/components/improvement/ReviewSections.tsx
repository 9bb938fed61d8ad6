import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';
import { REVIEW_SECTIONS, reviewQuestions, type ProcessReviewSection } from '../../ui/enums';
import { errorText } from '../../ui/errorText';

export const ReviewNotesFragment = graphql(`
  fragment ReviewNotes_review on ProcessReview {
    notes {
      id
      section
      body
      author {
        name
      }
    }
  }
`);

const AddNote = graphql(`
  mutation AddProcessReviewNote($input: ProcessReviewNoteInput!) {
    addProcessReviewNote(input: $input) {
      id
    }
  }
`);

type Note = ResultOf<typeof ReviewNotesFragment>['notes'][number];

/** The guide's four review questions, each with the team's answers for the month. */
export function ReviewSections({ data, month }: { data: FragmentOf<typeof ReviewNotesFragment> | null | undefined; month: string }) {
  const notes = readFragment(ReviewNotesFragment, data)?.notes ?? [];
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">Process review</h2>
      <div className="desk__sections">
        {REVIEW_SECTIONS.map((section) => (
          <ReviewSection key={section} month={month} section={section} notes={notes.filter((n) => n.section === section)} />
        ))}
      </div>
    </section>
  );
}

function ReviewSection({ month, section, notes }: { month: string; section: ProcessReviewSection; notes: readonly Note[] }) {
  const [body, setBody] = useState('');
  const [state, add] = useMutation(AddNote);
  const [error, setError] = useState<string | null>(null);
  const id = `note-${section}`;
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const result = await add({ input: { month, section, body } });
    if (result.error) setError(errorText(result.error));
    else setBody('');
  };
  return (
    <div className="desk__card">
      <h3>{reviewQuestions[section]}</h3>
      <ul>
        {notes.map((n) => (
          <li key={n.id}>
            {n.body} <small className="desk__muted">— {n.author?.name ?? 'someone'}</small>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit}>
        <label htmlFor={id}>Add an answer</label>
        <textarea id={id} rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
        <button type="submit" disabled={!body.trim() || state.fetching}>
          Add
        </button>
        {error && (
          <p className="desk__error" role="alert">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}
