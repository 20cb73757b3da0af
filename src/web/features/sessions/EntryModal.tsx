import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  AdverseEventForm,
  DissociationForm,
  InterventionForm,
  ObservationForm,
  SedationForm,
  SideEffectForm,
} from './EntryForms';
import { kindPhrase } from './entries';
import type { ConsoleState, Entry } from './session-query';
import { VitalsForm } from './VitalsForm';

export interface EntryTarget {
  kind: string;
  correcting?: Entry;
}

/** The entry forms in a dialog (full screen on a phone), one tap from the console. */
export function EntryModal({
  state,
  target,
  onClose,
}: {
  state: ConsoleState;
  target: EntryTarget | null;
  onClose: () => void;
}) {
  const small = useMediaQuery('(max-width: 40em)');
  const kind = target?.kind ?? '';
  const props = { session: state.session, correcting: target?.correcting, onDone: onClose };
  const title = `${target?.correcting ? 'Correct' : 'Record'} ${kindPhrase(kind)}`;
  return (
    <Modal opened={target !== null} onClose={onClose} title={title} size="xl" fullScreen={small} centered>
      {kind === 'vitals' ? (
        <VitalsForm state={state} correcting={target?.correcting} onDone={onClose} />
      ) : null}
      {kind === 'sedation' ? <SedationForm {...props} /> : null}
      {kind === 'dissociation' ? <DissociationForm {...props} /> : null}
      {kind === 'side_effect' ? <SideEffectForm {...props} /> : null}
      {kind === 'intervention' ? <InterventionForm {...props} /> : null}
      {kind === 'adverse_event' ? <AdverseEventForm {...props} /> : null}
      {kind === 'observation' ? <ObservationForm {...props} /> : null}
    </Modal>
  );
}
