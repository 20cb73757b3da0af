import { Anchor, Button, Card, Group, List, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconArrowRight,
  IconCalendarPlus,
  IconHeartHandshake,
  IconMessages,
  IconPhone,
  IconRoute,
  IconShieldCheck,
  IconSparkles,
  IconStethoscope,
} from '@tabler/icons-react';
import type { ComponentType, ReactNode } from 'react';
import { Link } from 'react-router';
import { PageTitle } from '../../components/PageTitle';
import { usePublicInfo } from '../../lib/session';

/**
 * The clinic's public page. Plain, calm words; nothing beyond what the clinic's own brief supports
 * (DOMAIN.md §1–§3): what the treatment is, who it is for, how a course runs, the routes, what a session is
 * like, and who should not have it — always with "a clinician decides".
 */

type Icon = ComponentType<{ size?: number; 'aria-hidden'?: boolean | 'true' }>;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Stack component="section" aria-labelledby={id} gap="sm">
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

const STEPS: { title: string; icon: Icon; text: string }[] = [
  {
    title: '1. Consultation and assessment',
    icon: IconStethoscope,
    text: 'You meet a prescriber, who asks about your health, your medicines and how you have been feeling, and checks whether the treatment is safe for you. You read and sign an informed-consent form only if you decide to go ahead.',
  },
  {
    title: '2. Preparation',
    icon: IconMessages,
    text: 'One or more therapy sessions before any medicine: your goals, what the experience may be like, and a plan for staying safe.',
  },
  {
    title: '3. Dosing sessions',
    icon: IconSparkles,
    text: 'Usually three to six sessions over a few weeks. A nurse or clinician checks your blood pressure, heart rate and breathing and stays with you until you are ready to go home with an adult you trust.',
  },
  {
    title: '4. Integration',
    icon: IconHeartHandshake,
    text: 'Therapy after each dosing session, often within one to three days, to make sense of what came up and turn it into lasting change.',
  },
];

const ROUTES: { name: string; text: string }[] = [
  {
    name: 'Infusion into a vein (IV)',
    text: 'A slow drip, usually over about 40 minutes, in the clinic with a pump and regular checks.',
  },
  {
    name: 'Injection into a muscle (IM)',
    text: 'A small injection in the clinic; effects begin within minutes.',
  },
  {
    name: 'Dissolving tablet or lozenge (sublingual)',
    text: 'Held in the mouth until it dissolves. In the clinic, or in some programs at home with a sober adult present and check-ins with the care team before and after.',
  },
  {
    name: 'Esketamine nasal spray (Spravato)',
    text: 'An approved treatment for depression, given only in a certified clinic, with at least two hours of monitoring. It is never taken home.',
  },
];

export default function LandingPage() {
  const info = usePublicInfo().data;
  return (
    <Stack gap={48}>
      <Stack gap="md" maw={720}>
        <PageTitle size="h1" mb={0}>
          Ketamine-assisted psychotherapy
        </PageTitle>
        <Text size="lg">
          Ketamine-assisted psychotherapy (KAP) pairs carefully measured doses of ketamine with talking
          therapy. It is one option for some people whose depression, anxiety, trauma or obsessive thoughts
          have not eased with other treatments. It is not suitable for everyone: a clinician decides with you,
          after an assessment.
        </Text>
        <Group gap="sm">
          <Button
            component={Link}
            to="/request-consultation"
            size="lg"
            leftSection={<IconCalendarPlus size={20} aria-hidden="true" />}
          >
            Request a consultation
          </Button>
          {info?.clinicPhone ? (
            <Button
              component="a"
              href={`tel:${info.clinicPhone}`}
              variant="default"
              size="lg"
              leftSection={<IconPhone size={20} aria-hidden="true" />}
            >
              Call {info.clinicPhone}
            </Button>
          ) : null}
        </Group>
      </Stack>

      <Section id="what" title="What it is">
        <Text maw={720}>
          Ketamine is an anaesthetic medicine. At the lower doses used in KAP it can change, for a short time,
          how you think, feel and see things. On its own that experience is not the treatment: the therapy
          sessions before and after it are an essential part of the care. Apart from esketamine nasal spray
          for depression, using ketamine for these conditions is &ldquo;off-label&rdquo; — the medicine is
          approved, but not for this purpose — and the benefit is not guaranteed.
        </Text>
      </Section>

      <Section id="conditions" title="Who it may help">
        <Text maw={720}>Clinics use KAP for adults with:</Text>
        <List spacing={4} maw={720}>
          <List.Item>depression that has not improved with other treatments</List.Item>
          <List.Item>anxiety disorders</List.Item>
          <List.Item>post-traumatic stress disorder (PTSD)</List.Item>
          <List.Item>obsessive-compulsive disorder (OCD)</List.Item>
          <List.Item>thoughts of suicide, alongside other care and a safety plan</List.Item>
        </List>
      </Section>

      <Section id="process" title="How a course of care works">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {STEPS.map((s) => (
            <Card key={s.title} withBorder radius="md" padding="lg">
              <Group gap="sm" mb="xs" wrap="nowrap">
                <ThemeIcon variant="light" size="lg" radius="md" aria-hidden="true">
                  <s.icon size={20} />
                </ThemeIcon>
                <Title order={3} size="h5">
                  {s.title}
                </Title>
              </Group>
              <Text>{s.text}</Text>
            </Card>
          ))}
        </SimpleGrid>
        <Text maw={720}>
          Afterwards, short questionnaires at one, three and six months show how you are doing; some people
          return for an occasional extra session.
        </Text>
      </Section>

      <Section id="routes" title="Ways the medicine is given">
        <Text maw={720}>Your prescriber recommends one, based on your health and your plan.</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {ROUTES.map((r) => (
            <Card key={r.name} withBorder radius="md" padding="lg">
              <Group gap="sm" mb={6} wrap="nowrap">
                <IconRoute size={18} aria-hidden="true" />
                <Title order={3} size="h5">
                  {r.name}
                </Title>
              </Group>
              <Text>{r.text}</Text>
            </Card>
          ))}
        </SimpleGrid>
      </Section>

      <Section id="feel" title="What a session feels like">
        <Text maw={720}>
          You rest in a quiet room, often with eye shades and music. Many people feel detached from their body
          or surroundings, dreamlike, or notice changes in sight and sound. Some find it calm; for others it
          is strange or, for a while, frightening — your clinician stays with you throughout. Dizziness,
          nausea, headache, blurred vision and drowsiness are common and usually pass within the session.
          Blood pressure and heart rate rise for a while, which is why they are checked.
        </Text>
        <Text maw={720}>
          You go home with an adult once you are ready, and you do not drive or use machinery until the next
          day, after a restful night&rsquo;s sleep.
        </Text>
      </Section>

      <Section id="safety" title="Safety, and who should not have it">
        <Card withBorder radius="md" padding="lg" maw={720}>
          <Stack gap="sm">
            <Group gap="sm" wrap="nowrap">
              <IconShieldCheck size={20} aria-hidden="true" />
              <Text fw={600}>KAP is not suitable for everyone, and a clinician decides.</Text>
            </Group>
            <Text>It is not given to people who:</Text>
            <List spacing={4}>
              <List.Item>are pregnant</List.Item>
              <List.Item>currently have psychosis or mania</List.Item>
              <List.Item>
                have an aneurysm, an arteriovenous malformation, or have had bleeding in the brain
              </List.Item>
              <List.Item>have had an allergic reaction to ketamine or esketamine</List.Item>
            </List>
            <Text>
              It needs extra care, and may not be right, with high blood pressure, heart or blood-vessel
              disease, past psychosis or bipolar disorder, alcohol or drug problems, liver or bladder
              problems, breastfeeding, a recent suicide attempt, or age under 18. Some medicines — sleeping
              pills and benzodiazepines, opioids, stimulants, MAOIs and lamotrigine — also matter, so we ask
              about everything you take.
            </Text>
          </Stack>
        </Card>
      </Section>

      <Section id="next" title="Talk to us">
        <Text maw={720}>
          Send a short request and we will contact you to arrange a consultation. It takes about three
          minutes; we only ask what we need to call you back.
        </Text>
        <Group>
          <Button
            component={Link}
            to="/request-consultation"
            rightSection={<IconArrowRight size={18} aria-hidden="true" />}
          >
            Request a consultation
          </Button>
          {info?.clinicEmail ? (
            <Anchor href={`mailto:${info.clinicEmail}`}>Or email {info.clinicEmail}</Anchor>
          ) : null}
        </Group>
      </Section>
    </Stack>
  );
}
