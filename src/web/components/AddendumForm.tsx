import { Button, Stack, Textarea } from '@mantine/core';
import { ErrorAlert } from './ErrorAlert';

/** Adding an addendum to a signed record: the text, the failed save and the button (off while empty). */
export function AddendumForm({
  value,
  onChange,
  minRows,
  saving,
  error,
  onAdd,
}: {
  value: string;
  onChange: (value: string) => void;
  minRows: number;
  saving: boolean;
  error: unknown;
  onAdd: () => void;
}) {
  return (
    <form
      noValidate
      aria-label="Add an addendum"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) onAdd();
      }}
    >
      <Stack gap="sm">
        <Textarea
          label="New addendum"
          autosize
          minRows={minRows}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
        <ErrorAlert error={error} />
        <Button type="submit" w="fit-content" loading={saving} disabled={!value.trim()}>
          Add addendum
        </Button>
      </Stack>
    </form>
  );
}
