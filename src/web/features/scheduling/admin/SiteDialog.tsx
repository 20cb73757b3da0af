import { NativeSelect, Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { location, locationBody } from '../../../../contracts/scheduling';
import { zoneWithCity } from '../../../../domain/scheduling/zone-words';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { STATE_OPTIONS } from '../../../lib/us-states';
import { FormDialog } from './FormDialog';
import { browserTimeZone, focusFirstError, timeZones } from './labels';
import { type Location, locationsKey, refreshScheduling } from './scheduling-admin-query';

interface SiteValues {
  name: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  phone: string;
  timezone: string;
  esketamineCertified: boolean;
  active: boolean;
}

const siteBody = (v: SiteValues) => ({
  ...v,
  addressLine2: v.addressLine2.trim() || null,
  phone: v.phone.trim() || null,
});

const validateSite = zodResolver<ReturnType<typeof siteBody>>(locationBody);

/** Adding or editing a site: address, phone, time zone, esketamine certification, active. */
export function SiteDialog({ site, onClose }: { site: Location | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<SiteValues>({
    initialValues: {
      name: site?.name ?? '',
      addressLine1: site?.addressLine1 ?? '',
      addressLine2: site?.addressLine2 ?? '',
      city: site?.city ?? '',
      state: site?.state ?? '',
      postalCode: site?.postalCode ?? '',
      phone: site?.phone ?? '',
      timezone: site?.timezone ?? browserTimeZone(),
      esketamineCertified: site?.esketamineCertified ?? false,
      active: site?.active ?? true,
    },
    validate: (v) => validateSite(siteBody(v)),
  });
  const save = useMutation({
    mutationFn: (v: SiteValues) =>
      site
        ? api.put(`/api/admin/scheduling/locations/${site.id}`, siteBody(v), { schema: location })
        : api.post('/api/admin/scheduling/locations', siteBody(v), { schema: location }),
    onSuccess: (saved) => {
      setUnplaced(null);
      refreshScheduling(queryClient, locationsKey);
      notify({
        title: site ? 'Site saved' : 'Site added',
        message: site
          ? `${saved.name} is updated.`
          : `${saved.name} is added. Add its rooms and chairs next.`,
      });
      onClose();
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  const zones = timeZones();
  const zoneData = (
    zones.includes(form.values.timezone) || !form.values.timezone ? zones : [form.values.timezone, ...zones]
  ).map((z) => ({ value: z, label: zoneWithCity(z) }));

  return (
    <FormDialog
      title={site ? `Edit ${site.name}` : 'Add a site'}
      size="lg"
      formLabel={site ? 'Edit site' : 'Add a site'}
      saving={save.isPending}
      error={save.error}
      unplaced={unplaced}
      submitLabel={site ? 'Save site' : 'Add site'}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirstError)}
      onClose={onClose}
    >
      <TextInput
        label="Name"
        description="As staff and patients know it, e.g. “Oakland clinic”"
        required
        autoComplete="off"
        data-autofocus
        {...form.getInputProps('name')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Address line 1"
          required
          autoComplete="off"
          {...form.getInputProps('addressLine1')}
        />
        <TextInput label="Address line 2" autoComplete="off" {...form.getInputProps('addressLine2')} />
        <TextInput label="City" required autoComplete="off" {...form.getInputProps('city')} />
        <NativeSelect
          label="State"
          description="Licensure follows it for in-person visits"
          size="md"
          required
          data={STATE_OPTIONS}
          {...form.getInputProps('state')}
        />
        <TextInput
          label="ZIP code"
          required
          autoComplete="off"
          inputMode="numeric"
          {...form.getInputProps('postalCode')}
        />
        <TextInput label="Phone" type="tel" autoComplete="off" {...form.getInputProps('phone')} />
      </SimpleGrid>
      <Select
        size="md"
        label="Time zone"
        description="Visits at this site are booked and shown in its local time. Type to search, e.g. Pacific or Los Angeles."
        required
        searchable
        limit={60}
        data={zoneData}
        nothingFoundMessage="No time zone matches"
        comboboxProps={{ withinPortal: true }}
        allowDeselect={false}
        {...form.getInputProps('timezone')}
        onChange={(v) => form.setFieldValue('timezone', v ?? '')}
      />
      <Switch
        size="md"
        label="Certified for esketamine (Spravato REMS)"
        description="Only certified sites can book esketamine visits."
        {...form.getInputProps('esketamineCertified', { type: 'checkbox' })}
      />
      <Switch
        size="md"
        label="Active"
        description="An inactive site keeps its history but cannot be booked."
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </FormDialog>
  );
}
