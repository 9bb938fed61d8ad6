import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import { words } from '../../ui/format';

const KbCandidatesQuery = graphql(`
  query KbCandidates {
    kbCandidates(days: 90) {
      key
      type
      label
      count
      tickets {
        id
      }
      article {
        id
        slug
        status
        url
      }
    }
  }
`);

const CreateArticle = graphql(`
  mutation CreateKbArticle($input: CreateKbArticleInput!) {
    createKbArticle(input: $input) {
      id
      slug
      status
      url
    }
  }
`);

const PublishArticle = graphql(`
  mutation PublishKbArticle($id: ID!) {
    publishKbArticle(id: $id) {
      id
      slug
      status
      url
    }
  }
`);

// Candidates without an article have no KbArticle in the result; naming the type lets a new article
// refresh the list (urql's document cache).
const context = { additionalTypenames: ['KbArticle'] };

/** "#export csv" → "Export csv": a first title for the article. */
function articleTitle(label: string): string {
  const text = label.replace(/^#/, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Issues seen more than 3 times in 90 days: write an article from their tickets, publish it to the FAQ. */
export function KbCandidates() {
  const [{ data, error }] = useQuery({ query: KbCandidatesQuery, context });
  const [created, create] = useMutation(CreateArticle);
  const [published, publish] = useMutation(PublishArticle);
  const rows = data?.kbCandidates ?? [];
  const failed = created.error ?? published.error;
  return (
    <section className="report-card" aria-labelledby="kb-title">
      <h3 id="kb-title">Knowledge base candidates (seen more than 3 times in 90 days)</h3>
      {error && <p role="alert">{error.message}</p>}
      {failed && <p role="alert">{failed.message}</p>}
      {rows.length === 0 ? (
        <p className="desk__muted">None right now.</p>
      ) : (
        <table className="desk__table">
          <thead>
            <tr>
              <th scope="col">issue</th>
              <th scope="col">type</th>
              <th scope="col">tickets</th>
              <th scope="col">article</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.key}>
                <td>{c.label}</td>
                <td>{words(c.type)}</td>
                <td>{c.count}</td>
                <td>
                  {!c.article && (
                    <button
                      type="button"
                      disabled={created.fetching}
                      onClick={() => create({ input: { title: articleTitle(c.label), ticketIds: c.tickets.map((t) => t.id) } })}
                    >
                      Write article
                    </button>
                  )}
                  {c.article?.status === 'DRAFT' && (
                    <button type="button" disabled={published.fetching} onClick={() => publish({ id: c.article!.id })}>
                      Publish draft
                    </button>
                  )}
                  {c.article?.status === 'PUBLISHED' && <a href={`/faq/${c.article.slug}`}>On the FAQ</a>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
