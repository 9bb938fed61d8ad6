import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App } from './App';
import { readToken } from './auth';
import { OpsboardContext } from './client-context';
import { createOpsboardClient } from './urql';
import './ui/theme.css';
import './app.css';

// On the TV, fetch the wallboard's chunk and open the socket while React starts, not after.
const onWallboard = window.location.pathname === '/wallboard' && readToken() !== null;
if (onWallboard) void import('./routes/Wallboard');
const opsboard = createOpsboardClient({ connectNow: onWallboard });
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <OpsboardContext value={opsboard}>
      <Provider value={opsboard.client}>
        <App />
      </Provider>
    </OpsboardContext>
  </StrictMode>,
);
