import { useEffect, useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False on the server and while the browser takes over the server's HTML (src/web/ssr.tsx), true once the page's
 * code runs it. A form rendered by the server keeps its submit button off until then: pressed before, it would
 * reload the page and lose what was typed.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

const typed = new Map<string, string>();

/**
 * What was typed into the server's HTML before the app's code ran, by form field (Mantine's form inputs carry
 * `data-path`). Called by main.tsx just before React takes the page over, because React then sets every field
 * back to the value it rendered.
 */
export function keepTypedValues(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    'input[data-path], textarea[data-path]',
  )) {
    if (el.dataset.path && el.value !== el.defaultValue) typed.set(el.dataset.path, el.value);
  }
}

/** Gives a form rendered by the server what its user typed before the app's code ran (see `keepTypedValues`). */
export function useTypedBeforeHydration(setFieldValue: (path: string, value: string) => void): void {
  useEffect(() => {
    for (const [path, value] of typed) setFieldValue(path, value);
    typed.clear();
  }, [setFieldValue]);
}
