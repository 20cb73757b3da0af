import {
  Alert,
  Box,
  Button,
  Checkbox,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { CONCERNS, enquiryAccepted, enquiryBody, RED_FLAGS } from '../../../contracts/enquiries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { PageTitle } from '../../components/PageTitle';
import { ApiError, api } from '../../lib/api';
import { usePublicInfo } from '../../lib/session';
import { STATE_OPTIONS } from '../../lib/us-states';
import { CONCERN_LABELS, CONTACT_TIME_LABELS, needsCrisisHelp, RED_FLAG_LABELS } from '../enquiries/labels';
import { CrisisResources } from './CrisisNotice';
import { focusFirstError } from './focus-error';
import { CheckboxFieldset, RadioFieldset } from './OptionsFieldset';

type ContactTime = keyof typeof CONTACT_TIME_LABELS;

interface Values {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  state: string;
  dateOfBirth: string;
  concerns: string[];
  redFlags: string[];
  preferredContactTime: ContactTime;
  consentToContact: boolean;
  website: string;
}

const initialValues: Values = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  state: '',
  dateOfBirth: '',
  concerns: [],
  redFlags: [],
  preferredContactTime: 'any',
  consentToContact: false,
  website: '',
};

const concernOptions = CONCERNS.map((value) => ({ value, label: CONCERN_LABELS[value] }));
const redFlagOptions = RED_FLAGS.map((value) => ({ value, label: RED_FLAG_LABELS[value] }));
const timeOptions = (Object.keys(CONTACT_TIME_LABELS) as ContactTime[]).map((value) => ({
  value,
  label: CONTACT_TIME_LABELS[value],
}));

const schemaCheck = zodResolver<Values>(enquiryBody);
/** The shared schema, with kinder words for the two fields people most often leave empty. */
function validate(values: Values) {
  const errors = schemaCheck(values);
  if (!values.dateOfBirth) errors.dateOfBirth = 'Enter your date of birth';
  if (!values.phone.trim()) errors.phone = 'Enter a phone number';
  return errors;
}

/** The public consultation request (DOMAIN §1 step 1): little information, kept only to call back. */
export default function RequestConsultationPage() {
  const navigate = useNavigate();
  const info = usePublicInfo().data;
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<Values>({ initialValues, validate, validateInputOnBlur: true });
  const v = form.getValues();
  const crisis = needsCrisisHelp(v.concerns, v.redFlags);
  const crisisFromConcerns = v.concerns.includes('suicidal_thoughts');

  const submit = useMutation({
    mutationFn: (values: Values) => api.post('/api/public/enquiries', values, { schema: enquiryAccepted }),
    onSuccess: (res) => navigate('/request-consultation/received', { state: { crisis: res.crisis } }),
    onError: (err) => {
      setUnplaced(applyServerErrors(form, err));
      focusFirstError(formRef.current);
    },
  });

  const limited = submit.error instanceof ApiError && submit.error.status === 429 ? submit.error : null;
  const crisisAlert = (
    <CrisisResources title="If you are thinking about suicide, please reach out now">
      <Text>You can still send this request; we will contact you too.</Text>
    </CrisisResources>
  );

  return (
    <Stack gap="lg" maw={720}>
      <div>
        <PageTitle mb={4}>Request a consultation</PageTitle>
        <Text>
          Tell us how to reach you and we will contact you to arrange a consultation. We use these details
          only for that. Fields marked * are required.
        </Text>
      </div>
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
        <form
          noValidate
          aria-label="Request a consultation"
          ref={formRef}
          onSubmit={form.onSubmit(
            (values) => submit.mutate(values),
            () => focusFirstError(formRef.current),
          )}
        >
          <Stack gap="lg">
            {limited ? (
              <Alert
                color="yellow"
                variant="light"
                role="alert"
                title="We could not take another request just now"
              >
                {limited.detail}
                {info?.clinicPhone ? ` You can call us on ${info.clinicPhone}.` : ''} What you typed is still
                here.
              </Alert>
            ) : submit.error && !(unplaced && unplaced.length === 0) ? (
              <ErrorAlert error={submit.error} extra={unplaced} />
            ) : null}

            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="First name"
                autoComplete="given-name"
                required
                {...form.getInputProps('firstName')}
              />
              <TextInput
                label="Last name"
                autoComplete="family-name"
                required
                {...form.getInputProps('lastName')}
              />
              <TextInput
                label="Email"
                type="email"
                inputMode="email"
                autoComplete="email"
                required
                {...form.getInputProps('email')}
              />
              <TextInput
                label="Phone"
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                required
                {...form.getInputProps('phone')}
              />
              <TextInput
                label="Date of birth"
                type="date"
                autoComplete="bday"
                required
                max={new Date().toISOString().slice(0, 10)}
                {...form.getInputProps('dateOfBirth')}
              />
              <NativeSelect
                label="State you live in"
                description="We can only treat people in states where our clinicians are licensed."
                size="md"
                required
                data={STATE_OPTIONS}
                {...form.getInputProps('state')}
              />
            </SimpleGrid>

            <CheckboxFieldset
              legend="What would you like help with?"
              description="Choose all that apply."
              required
              options={concernOptions}
              value={v.concerns}
              onChange={(next) => form.setFieldValue('concerns', next)}
              error={form.errors.concerns}
            />
            {crisisFromConcerns ? crisisAlert : null}

            <CheckboxFieldset
              legend="Do any of these apply to you?"
              description="This helps the clinician prepare. Leave them unticked if none apply; nothing here rules you out on its own."
              options={redFlagOptions}
              value={v.redFlags}
              onChange={(next) => form.setFieldValue('redFlags', next)}
              error={form.errors.redFlags}
            />
            {crisis && !crisisFromConcerns ? crisisAlert : null}

            <RadioFieldset
              legend="When is the best time to call you?"
              name="preferredContactTime"
              options={timeOptions}
              value={v.preferredContactTime}
              onChange={(next) => form.setFieldValue('preferredContactTime', next as ContactTime)}
              error={form.errors.preferredContactTime}
            />

            {/* Honeypot: hidden from people and screen readers; automated spam fills it in. */}
            <Box
              aria-hidden="true"
              style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}
            >
              <label htmlFor="enquiry-website">Website (leave this empty)</label>
              <input
                id="enquiry-website"
                name="website"
                type="text"
                tabIndex={-1}
                autoComplete="off"
                value={v.website}
                onChange={(e) => form.setFieldValue('website', e.currentTarget.value)}
              />
            </Box>

            <Checkbox
              size="md"
              label="You may contact me by phone or email about a consultation"
              required
              {...form.getInputProps('consentToContact', { type: 'checkbox' })}
            />

            <Button
              type="submit"
              loading={submit.isPending}
              leftSection={<IconSend size={18} aria-hidden="true" />}
              w={{ base: '100%', sm: 'auto' }}
              style={{ alignSelf: 'flex-start' }}
            >
              Send request
            </Button>
            <Text size="sm" c="dimmed">
              Sending this form does not start treatment or book an appointment. If you need help now, call or
              text 988, or call 911 in an emergency.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
