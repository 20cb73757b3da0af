import { SegmentedControl, Text } from '@mantine/core';
import { useState } from 'react';
import { num } from '../../lib/format';
import { ExposureBody } from '../sessions/ExposureBody';
import { Section } from '../sessions/Section';
import { type AtHomeDetail, useAtHomeExposure } from './athome-query';

/**
 * The expected-exposure curve of the ordered sublingual dose, as the clinic console shows it: an educational
 * estimate, labelled as one, with "now" marked once the dose is taken, and a table beside the chart.
 */
export function ExposureSection({ s }: { s: AtHomeDetail }) {
  const [view, setView] = useState('chart');
  const [model, setModel] = useState('kamp');
  const curve = useAtHomeExposure(s.patientId, s.id, model, Boolean(s.exposureInputs));
  return (
    <Section
      id="athome-exposure"
      title="Expected exposure"
      aside={
        s.exposureInputs ? (
          <SegmentedControl
            aria-label="Show exposure as"
            value={view}
            onChange={setView}
            data={[
              { value: 'chart', label: 'Chart' },
              { value: 'table', label: 'Table' },
            ]}
          />
        ) : null
      }
    >
      {!s.exposureInputs ? (
        <Text>The estimate appears once the prescriber signs the order.</Text>
      ) : (
        <ExposureBody
          curve={curve}
          view={view}
          model={model}
          onModel={setModel}
          modelId="athome-pk-model"
          beforeDose="the clock starts when the dose is taken"
        >
          <Text size="sm">
            {num(s.exposureInputs.doseMg)} mg sublingual at {num(s.exposureInputs.weightKg, 1)} kg.
          </Text>
        </ExposureBody>
      )}
    </Section>
  );
}
