import { Anchor, Text } from '@mantine/core';
import { IconLifebuoy } from '@tabler/icons-react';

/** The 988 Suicide & Crisis Lifeline (US): call or text 988, one tap from every public and patient page. */
export function CrisisLink() {
  return (
    <Text size="md" ta="center" component="p" m={0}>
      <IconLifebuoy size={18} aria-hidden="true" style={{ verticalAlign: 'text-bottom', marginRight: 6 }} />
      In crisis?{' '}
      <Anchor href="tel:988" fw={600} underline="always">
        Call or text 988
      </Anchor>{' '}
      (Suicide &amp; Crisis Lifeline, any time). In an emergency, call 911.
    </Text>
  );
}
