import { Fieldset, Group, PasswordInput, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { FormErrors } from '@mantine/form';
import { IconAlertCircle, IconUserCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Credentials } from '../../../contracts/ledger';

export interface WitnessValues {
  email: string;
  password: string;
  code: string;
}

export const emptyWitness = (): WitnessValues => ({ email: '', password: '', code: '' });

/** What a witness typed → the credentials the API checks (no code when they left it empty). */
export const toCredentials = (w: WitnessValues): Credentials => ({
  email: w.email.trim(),
  password: w.password,
  ...(w.code.trim() ? { code: w.code.trim() } : {}),
});

interface FormLike {
  // biome-ignore lint/suspicious/noExplicitAny: Mantine's input props are loosely typed
  getInputProps: (path: string) => any;
  errors: FormErrors;
}

interface Props {
  form: FormLike;
  /** Dotted path of this person in the form's values, e.g. `witnesses.0`. */
  path: string;
  /** "Witness", "Second witness", "Prescriber". */
  who: string;
  /** What they confirm, in plain words: "saw the rest of the vial wasted". */
  confirms: string;
  /** Without the email field (the signed-in user signing their own record). */
  selfSign?: boolean;
  children?: ReactNode;
}

/**
 * A second person's confirmation on the same screen (DOMAIN §6): they type their own email, password and,
 * when their account uses two-factor sign-in, a current code. The server names the field that failed; its
 * message shows here, and what was typed stays.
 */
export function WitnessFields({ form, path, who, confirms, selfSign, children }: Props) {
  const groupError = form.errors[path];
  const errorId = `${path.replace(/\W/g, '-')}-error`;
  return (
    <Fieldset
      legend={
        <Group gap={6} wrap="nowrap">
          <IconUserCheck size={18} aria-hidden="true" />
          <span>{who}</span>
        </Group>
      }
      radius="md"
      aria-describedby={groupError ? errorId : undefined}
      data-testid={`witness-${path}`}
    >
      <Text size="sm" mb="sm">
        {selfSign
          ? `Sign with your own password: you confirm that you ${confirms}.`
          : `The ${who.toLowerCase()} types their own details here, on this screen. They confirm that they ${confirms}.`}
      </Text>
      {groupError ? (
        <Text id={errorId} role="alert" size="sm" fw={600} c="var(--mantine-color-error)" mb="sm">
          <IconAlertCircle
            size={16}
            aria-hidden="true"
            style={{ verticalAlign: 'text-bottom', marginRight: 4 }}
          />
          {groupError}
        </Text>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {selfSign ? null : (
          <TextInput
            label={`${who} email`}
            type="email"
            autoComplete="off"
            required
            {...form.getInputProps(`${path}.email`)}
          />
        )}
        <PasswordInput
          label={selfSign ? 'Your password' : `${who} password`}
          autoComplete={selfSign ? 'current-password' : 'off'}
          required
          {...form.getInputProps(`${path}.password`)}
        />
        <TextInput
          label={selfSign ? 'Your authenticator code' : `${who} code`}
          description="Only if the account uses two-factor sign-in"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          {...form.getInputProps(`${path}.code`)}
        />
      </SimpleGrid>
      {children}
    </Fieldset>
  );
}
