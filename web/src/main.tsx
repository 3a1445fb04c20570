import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

// Versions before people signed in kept the pasted key and its role in localStorage: remove them, so no key lingers in the browser.
for (const stale of ['aim.token', 'aim.role']) localStorage.removeItem(stale);

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
