import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App, AppShell } from './App';
import { readToken } from './auth';
import { OpsboardContext } from './client-context';
import { routeFor } from './routes';
import { createOpsboardClient } from './urql';
import './ui/theme.css';
import './app.css';

// Fetch the chunks of the page the browser opens on and, on the TV, open the socket while they
// load; render once they are here, so the page renders at once instead of suspending.
const route = routeFor(window.location.pathname);
const onWallboard = route?.path === '/wallboard' && readToken() !== null;
const opsboard = createOpsboardClient({ connectNow: onWallboard });
const chunks = route ? [route.page.preload(), route.fullScreen ? undefined : AppShell.preload()] : [];
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// A chunk that failed to load shows its error when its page renders.
void Promise.allSettled(chunks).then(() =>
  createRoot(root).render(
    <StrictMode>
      <OpsboardContext value={opsboard}>
        <Provider value={opsboard.client}>
          <App />
        </Provider>
      </OpsboardContext>
    </StrictMode>,
  ),
);
