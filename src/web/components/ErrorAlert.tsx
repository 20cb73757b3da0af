import { Alert, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../app/api';

interface Props {
  error: unknown;
  /** Field errors the form could not place next to a field. */
  extra?: string[] | null;
  title?: string;
}

/** A failed request, in words, announced to screen readers. */
export function ErrorAlert({ error, extra, title }: Props) {
  if (!error) return null;
  const heading = title ?? (error instanceof ApiError ? error.title : 'Something went wrong');
  const message = errorMessage(error);
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      title={heading}
      icon={<IconAlertCircle aria-hidden="true" />}
    >
      {message !== heading ? message : null}
      {extra && extra.length > 0 ? (
        <List size="sm" mt="xs">
          {extra.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}
