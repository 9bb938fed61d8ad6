import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App } from './App';
import { OpsboardContext } from './client-context';
import { createOpsboardClient } from './urql';
import './app.css';

const opsboard = createOpsboardClient();
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
