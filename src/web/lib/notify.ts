import { type NotificationData, notifications } from '@mantine/notifications';

/**
 * A toast (green unless a colour is given) that passes axe: Mantine's close button has no accessible name by
 * default (button-name, critical) and its description is grey-6 on white (3.3:1).
 */
export function notify(data: NotificationData): void {
  notifications.show({
    color: 'green',
    ...data,
    closeButtonProps: { 'aria-label': 'Dismiss notification' },
    styles: { description: { color: 'var(--mantine-color-text)' } },
  });
}
