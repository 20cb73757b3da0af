import { Fieldset, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { PATIENT_STATUSES } from '../../../contracts/patients';
import { STATE_OPTIONS } from '../../lib/us-states';
import type { DemoValues } from './demographics';
import { PATIENT_STATUS_LABELS, SEX_LABELS } from './labels';

const SEX_OPTIONS = [
  { value: '', label: 'Not recorded' },
  ...Object.entries(SEX_LABELS).map(([value, label]) => ({ value, label })),
];
const STATUS_OPTIONS = PATIENT_STATUSES.map((s) => ({ value: s, label: PATIENT_STATUS_LABELS[s] }));

interface Props {
  form: UseFormReturnType<DemoValues>;
  withStatus?: boolean;
  /** After a conflict: what someone else saved meanwhile, per field they changed. */
  theirs?: Partial<Record<keyof DemoValues, string>>;
}

/** The demographics inputs, shared by "New patient" and the chart's edit form. */
export function DemographicsFields({ form, withStatus, theirs }: Props) {
  const field = (key: keyof DemoValues) => {
    const props = form.getInputProps(key);
    const other = theirs?.[key];
    return other !== undefined
      ? {
          ...props,
          description: `Someone else saved: ${other === '' ? '(blank)' : other}`,
          'data-conflict': true,
        }
      : props;
  };
  return (
    <Stack gap="lg">
      <Fieldset legend="Identity" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <TextInput label="First name" required autoComplete="off" {...field('firstName')} />
          <TextInput label="Last name" required autoComplete="off" {...field('lastName')} />
          <TextInput label="Preferred name" autoComplete="off" {...field('preferredName')} />
          <TextInput label="Date of birth" type="date" required {...field('dateOfBirth')} />
          <NativeSelect label="Sex at birth" size="md" data={SEX_OPTIONS} {...field('sexAtBirth')} />
          <TextInput label="Gender identity" autoComplete="off" {...field('genderIdentity')} />
          {withStatus ? (
            <NativeSelect label="Status" size="md" data={STATUS_OPTIONS} {...field('status')} />
          ) : null}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend="Contact and address" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <TextInput label="Email" type="email" autoComplete="off" {...field('email')} />
          <TextInput label="Phone" type="tel" autoComplete="off" {...field('phone')} />
          <TextInput label="Address line 1" autoComplete="off" {...field('addressLine1')} />
          <TextInput label="Address line 2" autoComplete="off" {...field('addressLine2')} />
          <TextInput label="City" autoComplete="off" {...field('city')} />
          <NativeSelect
            label="State"
            description={
              theirs?.state === undefined ? 'Where the patient lives: licensure follows it.' : undefined
            }
            size="md"
            required
            data={STATE_OPTIONS}
            {...field('state')}
          />
          <TextInput label="ZIP code" autoComplete="off" inputMode="numeric" {...field('postalCode')} />
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend="Emergency contact" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <TextInput label="Contact’s name" autoComplete="off" {...field('emergencyContactName')} />
          <TextInput
            label="Contact’s phone"
            type="tel"
            autoComplete="off"
            {...field('emergencyContactPhone')}
          />
          <TextInput
            label="Relationship to the patient"
            autoComplete="off"
            {...field('emergencyContactRelation')}
          />
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}
