import type { Theme } from './app-state.svelte.ts';

export const THEME_KEY = 'funnelcast-theme';
const THEMES: Theme[] = ['system', 'light', 'dark'];

/** A stored theme, or 'system' for anything else. */
export function readTheme(stored: string | null): Theme {
  return THEMES.find((t) => t === stored) ?? 'system';
}

/** The button cycles system → light → dark → system. */
export function nextTheme(theme: Theme): Theme {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? 'system';
}
