/** The admin page. Placeholder until its issue lands: it only says what it is. */
import { render } from 'preact';

const root = document.getElementById('app');
if (root) render(<main><h1>Switchboard admin</h1><p>Not built yet.</p></main>, root);
