import { Button, type ButtonProps, CopyButton, Group, TextInput } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** A button that copies `value` to the clipboard and says "Copied" for a moment. */
export function CopyValueButton({
  value,
  children = 'Copy',
  'aria-label': ariaLabel,
  ...props
}: { value: string; children?: string; 'aria-label'?: string } & Omit<ButtonProps, 'children'>) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button
          variant="default"
          onClick={copy}
          aria-label={ariaLabel}
          leftSection={
            copied ? <IconCheck size={18} aria-hidden="true" /> : <IconCopy size={18} aria-hidden="true" />
          }
          {...props}
        >
          {copied ? 'Copied' : children}
        </Button>
      )}
    </CopyButton>
  );
}

/**
 * A link or key to hand on: a read-only field (all of it selected on focus) with a copy button beside it.
 * `monospace` for keys, where every character counts; `copyAriaLabel` when the button's words alone are not
 * enough to tell several such fields apart.
 */
export function CopyField({
  label,
  value,
  testId,
  copyLabel = 'Copy',
  copyAriaLabel,
  monospace = false,
}: {
  label: string;
  value: string;
  testId: string;
  copyLabel?: string;
  copyAriaLabel?: string;
  monospace?: boolean;
}) {
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput
        label={label}
        value={value}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
        style={{ flex: 1 }}
        styles={monospace ? { input: { fontFamily: 'var(--mantine-font-family-monospace)' } } : undefined}
        data-testid={testId}
      />
      <CopyValueButton value={value} aria-label={copyAriaLabel}>
        {copyLabel}
      </CopyValueButton>
    </Group>
  );
}
