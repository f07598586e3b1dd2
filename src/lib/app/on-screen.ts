import { getContext, setContext } from 'svelte';

/** Whether a card's place is on or near the screen, as `WhenVisible` around it sees it. */
export interface OnScreen {
  readonly visible: boolean;
}

const KEY = Symbol('on-screen');
const ALWAYS: OnScreen = { visible: true };

export function provideOnScreen(state: OnScreen): void {
  setContext(KEY, state);
}

/** The enclosing `WhenVisible`'s view of the screen; outside one, always on screen. */
export function onScreen(): OnScreen {
  return getContext<OnScreen | undefined>(KEY) ?? ALWAYS;
}
