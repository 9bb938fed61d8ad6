import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Checklist, ProgressFragment } from '../components/onboarding/Checklist';
import { Everyone, StaffFragment } from '../components/onboarding/Everyone';
import '../ui/team.css';

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

const LEADS = ['LEAD', 'MANAGER', 'ADMIN'];

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
      <Checklist data={plan} canEdit={canEdit} />
    </section>
  );
}
