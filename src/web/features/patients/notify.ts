import { notifications } from '@mantine/notifications';

/**
 * A confirmation toast that passes axe: Mantine's close button has no accessible name and its description
 * is grey-6 on white (3.3:1). (The theme could set this once for every notification; until it does, these
 * screens use this helper.)
 */
export function notify(opts: { title: string; message: string; color?: 'green' | 'red' }) {
  notifications.show({
    color: opts.color ?? 'green',
    title: opts.title,
    message: opts.message,
    closeButtonProps: { 'aria-label': 'Dismiss notification' },
    styles: { description: { color: 'var(--mantine-color-text)' } },
  });
}
