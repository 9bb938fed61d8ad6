import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import { errorText } from '../../ui/errorText';
import { StatusAfterAnswer, type StatusAfter } from '../ticket/StatusAfterAnswer';

const KbArticlesQuery = graphql(`
  query PublishedKbArticles {
    kbArticles(status: PUBLISHED) {
      id
      title
    }
  }
`);

const AnswerWithKbMutation = graphql(`
  mutation AnswerWithKbArticle($ticketId: ID!, $articleId: ID!, $status: String) {
    answerWithKbArticle(ticketId: $ticketId, articleId: $articleId, status: $status) {
      id
    }
  }
`);

/** Answer a ticket with a published knowledge base article's link. */
export function KbAnswer({ ticketId }: { ticketId: string }) {
  const [open, setOpen] = useState(false);
  const [articleId, setArticleId] = useState('');
  const [status, setStatus] = useState<StatusAfter | ''>('');
  const [articles] = useQuery({ query: KbArticlesQuery, pause: !open });
  const [state, answer] = useMutation(AnswerWithKbMutation);
  return (
    <section className="desk__panel" aria-labelledby="kb-heading">
      <h2 id="kb-heading">Answer with a KB article</h2>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          Pick an article
        </button>
      ) : (
        <form
          className="desk__form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!articleId) return;
            const result = await answer({ ticketId, articleId, ...(status ? { status } : {}) });
            if (!result.error) setArticleId('');
          }}
        >
          <label htmlFor="kb-article">Published article</label>
          <select id="kb-article" value={articleId} onChange={(e) => setArticleId(e.target.value)}>
            <option value="">{articles.fetching ? 'Loading…' : articles.data?.kbArticles.length ? 'Choose…' : 'No published articles'}</option>
            {articles.data?.kbArticles.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
          </select>
          <StatusAfterAnswer id="kb-status" value={status} onChange={setStatus} />
          {state.error && (
            <p role="alert" className="desk__error">
              {errorText(state.error)}
            </p>
          )}
          <button type="submit" disabled={!articleId || state.fetching}>
            Send the article
          </button>
        </form>
      )}
    </section>
  );
}
