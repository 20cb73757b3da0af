import { useState } from 'react';
import { MoodStep } from './MoodStep';
import { type AtHomeSession, usePatientWrites } from './patient-api';
import { ReadingStep } from './ReadingStep';
import { SafetyStep } from './SafetyStep';
import { SitterStep } from './SitterStep';
import { CHECK_IN_STEPS, type CheckInStepName } from './StepFrame';

/** Which steps are done: on the server, or entered here and waiting in the queue to be sent. */
export function stepsDone(
  session: AtHomeSession,
  pending: ReadonlySet<string>,
): Record<CheckInStepName, boolean> {
  const c = session.checkIn;
  return {
    mood: (c.mood !== null && Boolean(c.intention?.trim())) || pending.has('mood'),
    safety: c.questions.every((q) => c.safetyAnswers[q.id] !== undefined) || pending.has('safety'),
    reading: c.readings.length > 0 && session.state !== 'recheck' && !pending.has('reading'),
    sitter: session.sitter.confirmedAt !== null,
  };
}

/**
 * The guided check-in, one step per screen, each saved as it is answered: a reload resumes at the first step
 * not done (the server's record, plus anything waiting on the phone to be sent). Back goes over a step again.
 */
export function CheckInFlow({ session }: { session: AtHomeSession }) {
  const writes = usePatientWrites(session.id);
  const pending = new Set(writes.filter((w) => w.status === 'pending').map((w) => w.answers));
  const done = stepsDone(session, pending);
  const [back, setBack] = useState<CheckInStepName | null>(null);
  const [moved, setMoved] = useState(false);
  const first = CHECK_IN_STEPS.find((s) => !done[s]) ?? 'sitter';
  // A high reading waits for its re-check whatever step was open.
  const step = session.state === 'recheck' ? 'reading' : (back ?? first);
  const goBack = (to: CheckInStepName) => () => {
    setBack(to);
    setMoved(true);
  };
  const saved = () => {
    setBack(null);
    setMoved(true);
  };
  switch (step) {
    case 'mood':
      return <MoodStep key="mood" session={session} onSaved={saved} focusOnMount={moved} />;
    case 'safety':
      return (
        <SafetyStep
          key="safety"
          session={session}
          onSaved={saved}
          onBack={goBack('mood')}
          focusOnMount={moved}
        />
      );
    case 'reading':
      return (
        <ReadingStep
          key="reading"
          session={session}
          onSaved={saved}
          onBack={goBack('safety')}
          focusOnMount={moved}
        />
      );
    default:
      return <SitterStep key="sitter" session={session} onBack={goBack('reading')} focusOnMount={moved} />;
  }
}
