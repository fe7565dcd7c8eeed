/**
 * Light or dark: follows the system (`prefers-color-scheme`) until the user picks one with the
 * toggle; the pick is remembered in localStorage and applied as `<html data-theme>`.
 */
import { makeStore } from './store.ts';

export type Theme = 'light' | 'dark';
const KEY = 'sluice.theme';

function systemTheme(): Theme {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function saved(): Theme | undefined {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : undefined;
}

export const theme = makeStore<Theme>(saved() ?? systemTheme());
theme.subscribe((value) => { document.documentElement.dataset.theme = value; });
document.documentElement.dataset.theme = theme.get();

export function toggleTheme(): void {
  const next = theme.get() === 'dark' ? 'light' : 'dark';
  localStorage.setItem(KEY, next);
  theme.set(next);
}
