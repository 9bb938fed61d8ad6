import { graphql, readFragment, type FragmentOf } from '../../graphql';
import './health.css';

export const HealthStripFragment = graphql(`
  fragment HealthStrip_wallboard on Wallboard {
    health {
      id
      name
      status
      uptime24h
    }
  }
`);

const WORDS = { UP: 'up', DEGRADED: 'slow', DOWN: 'down', UNKNOWN: 'not checked' } as const;
const SHOWN = 6;

/** One compact line under the title: each service health check with its state and 24 h uptime. */
export function HealthStrip({ data }: { data: FragmentOf<typeof HealthStripFragment> }) {
  const { health } = readFragment(HealthStripFragment, data);
  if (!health.length) return null;
  const down = health.filter((h) => h.status === 'DOWN');
  // Failing services first, so they are never cut off.
  const shown = [...down, ...health.filter((h) => h.status !== 'DOWN')].slice(0, SHOWN);
  return (
    <section className="health-strip" aria-label="Service health" data-testid="health">
      <ul>
        {shown.map((h) => (
          <li key={h.id} className={`health-chip health-chip--${h.status.toLowerCase()}`} data-testid="health-check">
            <span className="health-chip__name">{h.name}</span> <span className="health-chip__state">{WORDS[h.status]}</span>
            {h.uptime24h !== null && <span className="health-chip__uptime"> {h.uptime24h.toFixed(h.uptime24h === 100 ? 0 : 1)} %</span>}
          </li>
        ))}
        {health.length > SHOWN && <li className="health-chip">+{health.length - SHOWN}</li>}
      </ul>
    </section>
  );
}
