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

/** What a card below the fold loads: see `visibleLoads`. */
export interface VisibleLoads {
  /** The key of `inputs` when the card should load them now, else null. */
  due(inputs: unknown[]): string | null;
  /** Records the key of the inputs whose results the card now shows. */
  shown(key: string): void;
}

/**
 * For a card inside a `WhenVisible` that loads what it shows: it loads only while in view, and
 * only inputs other than those of what it shows, so a card scrolled back to runs nothing. Read in
 * an effect, `due` follows the card's visibility and every input it is given.
 */
export function visibleLoads(): VisibleLoads {
  const screen = onScreen();
  let shownFor = '';
  return {
    due(inputs) {
      if (!screen.visible) return null;
      const key = JSON.stringify(inputs);
      return key === shownFor ? null : key;
    },
    shown(key) {
      shownFor = key;
    },
  };
}
