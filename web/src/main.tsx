/** The console's entry point: styles, theme, then the app into `#app`. */
import { render } from 'preact';
import './styles.css';
import './lib/theme.ts';
import { App } from './app.tsx';

const root = document.getElementById('app');
if (root) render(<App />, root);
