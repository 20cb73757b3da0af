import { Alert, Button, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconLifebuoy, IconMessage, IconPhone, IconPhoneCall } from '@tabler/icons-react';
import type { z } from 'zod';
import { CRISIS_RESOURCES, type crisisResources } from '../../../../contracts/measures';
import { usePublicInfo } from '../../../lib/session';
import type { CrisisLevel } from './logic';

export type CrisisResources = z.infer<typeof crisisResources>;

/** The server's resources when it sent them, else the same list with the clinic's number added here. */
export function useCrisisResources(fromServer: CrisisResources | null): CrisisResources {
  const info = usePublicInfo().data;
  if (fromServer) return fromServer;
  if (!info?.clinicPhone) return CRISIS_RESOURCES;
  return {
    ...CRISIS_RESOURCES,
    contacts: [
      ...CRISIS_RESOURCES.contacts,
      {
        label: info.clinicName,
        action: `Call ${info.clinicPhone}`,
        href: `tel:${info.clinicPhone.replace(/[^0-9+]/g, '')}`,
      },
    ],
  };
}

/**
 * Shown the moment an answer suggests thoughts of suicide or self-harm: who to call or text now, in big
 * buttons, above the questions. It never blocks: the patient can keep answering (or stop) as they wish.
 */
export function CrisisPanel({
  level,
  resources,
  afterSubmit = false,
}: {
  level: CrisisLevel;
  resources: CrisisResources | null;
  afterSubmit?: boolean;
}) {
  const r = useCrisisResources(resources);
  const has988 = r.contacts.some((c) => c.href === 'tel:988');
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      radius="md"
      icon={<IconLifebuoy aria-hidden="true" />}
      title={level === 'emergency' ? 'Please get help right now' : 'Help is here if you need it'}
      data-testid="crisis-resources"
      styles={{ title: { fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      <Stack gap="sm">
        <Text>{r.message}</Text>
        {level === 'emergency' ? (
          <Text fw={700}>If you might act on these thoughts now, call 911 or tell someone near you.</Text>
        ) : null}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {r.contacts.map((c) => (
            <Button
              key={c.href}
              component="a"
              href={c.href}
              color={c.href === 'tel:988' ? 'red' : undefined}
              variant={c.href === 'tel:988' ? 'filled' : 'default'}
              size="lg"
              leftSection={<IconPhone size={20} aria-hidden="true" />}
              aria-label={`${c.action} — ${c.label}`}
            >
              {c.action}
            </Button>
          ))}
          {has988 ? (
            <Button
              component="a"
              href="sms:988"
              variant="default"
              size="lg"
              leftSection={<IconMessage size={20} aria-hidden="true" />}
              aria-label="Text 988 — 988 Suicide & Crisis Lifeline"
            >
              Text 988
            </Button>
          ) : null}
        </SimpleGrid>
        <Text size="sm">
          <IconPhoneCall
            size={14}
            aria-hidden="true"
            style={{ verticalAlign: 'text-bottom', marginRight: 4 }}
          />
          {afterSubmit
            ? 'Your care team will see your answers and follow up with you. This form is not watched around the clock, so if you need help now, use the numbers above.'
            : 'When you send this form, your care team will see your answers and follow up with you. This form is not watched around the clock, so if you need help now, use the numbers above. You can keep going with the questions whenever you are ready.'}
        </Text>
      </Stack>
    </Alert>
  );
}
