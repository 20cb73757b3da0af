import { Alert, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../lib/api';

interface Props {
  error: unknown;
  /** Field errors the form could not place next to a field. */
  extra?: string[] | null;
  title?: string;
  /** Words for the request's field names, so a refusal reads "Escort: …" rather than "escortName: …". */
  fieldLabels?: Record<string, string>;
}

/**
 * The server sums up a refused form as "field: message; field: message" for API readers. People see the
 * messages (with the field's label where the form gives one), never the field names.
 */
function isFieldSummary(err: ApiError): boolean {
  const first = err.fieldErrors[0];
  return Boolean(first && err.detail?.startsWith(`${first.field}: `));
}

/** A failed request, in words, announced to screen readers. */
export function ErrorAlert({ error, extra, title, fieldLabels }: Props) {
  if (!error) return null;
  const heading = title ?? (error instanceof ApiError ? error.title : 'Something went wrong');
  const summary = error instanceof ApiError && isFieldSummary(error);
  const message = summary ? null : errorMessage(error);
  const items =
    extra ??
    (summary && error instanceof ApiError
      ? error.fieldErrors.map((f) => {
          const label = fieldLabels?.[f.field.replace(/^body\./, '')];
          return label ? `${label}: ${f.message}` : f.message;
        })
      : null);
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      title={heading}
      icon={<IconAlertCircle aria-hidden="true" />}
    >
      {message && message !== heading ? message : null}
      {items && items.length > 0 ? (
        <List size="sm" mt={message ? 'xs' : 0}>
          {items.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}
