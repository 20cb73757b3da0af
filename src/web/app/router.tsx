import { Alert, Anchor, Container, Stack } from '@mantine/core';
import { lazy } from 'react';
import { isRouteErrorResponse, Link, type RouteObject, useRouteError } from 'react-router';
import { PageTitle } from '../components/PageTitle';
import { MfaPage } from '../features/auth/MfaPage';
import { SignInPage } from '../features/auth/SignInPage';
import { portalCardLoaders } from '../features/portal/portal-cards';
import { staffBillingRoutes } from './billing-routes';
import { RequirePatient, RequirePermission, RequireStaff } from './guards';
import { portalMessageRoutes, staffMessageRoutes } from './messages-routes';
import { PublicLayout } from './PublicLayout';
import SiteLayout from './SiteLayout';

// The sign-in pages and the frames of the public pages (which share one, PublicFrame) load with the first
// bundle; everything behind sign-in loads on demand, so the first page stays light (the admin area and anything
// with charts are separate chunks).
const loadStaffLayout = () => import('./StaffLayout');
const StaffLayout = lazy(() => loadStaffLayout().then((m) => ({ default: m.StaffLayout })));
const AcceptInvitePage = lazy(() => import('../features/auth/AcceptInvitePage'));
const loadTodayPage = () => import('../features/home/TodayPage');
const TodayPage = lazy(() => loadTodayPage());
const ProfilePage = lazy(() => import('../features/profile/ProfilePage'));
const loadPortalHome = () => import('../features/portal/PortalHome');
const PortalHome = lazy(() => loadPortalHome());
const UsersPage = lazy(() => import('../features/admin/UsersPage'));
const AuditPage = lazy(() => import('../features/admin/AuditPage'));
const PoliciesPage = lazy(() => import('../features/admin/PoliciesPage'));
const DataProtectionPage = lazy(() => import('../features/admin/DataProtectionPage'));
const RulesPage = lazy(() => import('../features/admin/rules/RulesPage'));
const LicencesPage = lazy(() => import('../features/admin/LicencesPage'));
// Open data (issue #7): FHIR API clients.
const ApiClientsPage = lazy(() => import('../features/fhir/ApiClientsPage'));
// The public site (issue #3) and the enquiry-to-patient screens.
const loadLandingPage = () => import('../features/public/LandingPage');
const LandingPage = lazy(() => loadLandingPage());
const loadRequestConsultationPage = () => import('../features/public/RequestConsultationPage');
const RequestConsultationPage = lazy(() => loadRequestConsultationPage());
const RequestReceivedPage = lazy(() => import('../features/public/RequestReceivedPage'));
const EnquiryInboxPage = lazy(() => import('../features/enquiries/EnquiryInboxPage'));
const EnquiryDetailPage = lazy(() => import('../features/enquiries/EnquiryDetailPage'));
const PatientsPage = lazy(() => import('../features/patients/PatientsPage'));
const NewPatientPage = lazy(() => import('../features/patients/NewPatientPage'));
const PatientChartPage = lazy(() => import('../features/patients/PatientChartPage'));
const ConsentVersionsPage = lazy(() => import('../features/consent/ConsentVersionsPage'));
const PortalConsentPage = lazy(() => import('../features/portal/PortalConsentPage'));
const PortalProgressPage = lazy(() => import('../features/portal/PortalProgressPage'));
// The controlled-substance ledger (issue #6).
const LedgerPage = lazy(() => import('../features/ledger/LedgerPage'));
const LedgerCountPage = lazy(() => import('../features/ledger/CountPage'));
const LedgerInventoryPage = lazy(() => import('../features/ledger/InventoryPage'));
const LedgerReportsPage = lazy(() => import('../features/ledger/ReportsPage'));
const LedgerSetupPage = lazy(() => import('../features/ledger/SetupPage'));
// Scheduling setup (issue #9): sites and rooms, visit types, reminders, staff hours.
const SchedulingSetupPage = lazy(() => import('../features/scheduling/admin/SchedulingSetupPage'));
// Treatment courses and the dosing-session console (issue #5): full-screen pages without the side navigation.
const FocusLayout = lazy(() => import('./FocusLayout'));
const SessionConsolePage = lazy(() => import('../features/sessions/SessionConsolePage'));
const RemsPage = lazy(() => import('../features/sessions/RemsPage'));
const NoteEditorPage = lazy(() => import('../features/courses/NoteEditorPage'));
const CoursePage = lazy(() => import('../features/courses/CoursePage'));
// Measurement-based care (issue #4): the portal questionnaire, the clinic-tablet kiosk, the instrument library.
const PortalQuestionnairePage = lazy(() => import('../features/measures/PortalQuestionnairePage'));
const KioskPage = lazy(() => import('../features/measures/KioskPage'));
const InstrumentsPage = lazy(() => import('../features/measures/InstrumentsPage'));
const PatientMeasuresPage = lazy(() => import('../features/measures/PatientMeasuresPage'));
// Scheduling (issue #9): the staff calendar, and the pages behind the emailed visit and booking links.
const CalendarPage = lazy(() => import('../features/scheduling/calendar/CalendarPage'));
const VisitLinkPage = lazy(() => import('../features/scheduling/VisitLinkPage'));
const SelfBookingPage = lazy(() => import('../features/scheduling/SelfBookingPage'));
// Issue #14: clinic outcomes (prescribers and admins) and the therapist's notes to write and sign.
const OutcomesPage = lazy(() => import('../features/outcomes/OutcomesPage'));
const OutcomesPatientsPage = lazy(() => import('../features/outcomes/OutcomesPatientsPage'));
const MyNotesPage = lazy(() => import('../features/courses/MyNotesPage'));
// Issue #16: the care team's at-home session page, the on-call email's link, and the program settings.
const AtHomeSessionPage = lazy(() => import('../features/athome/AtHomeSessionPage'));
const AtHomeLinkPage = lazy(() => import('../features/athome/AtHomeLinkPage'));
const AtHomeSettingsPage = lazy(() => import('../features/athome/AtHomeSettingsPage'));
// Issue #16: the at-home session on the patient's phone, and the sitter's page (no account; code in the fragment).
const AtHomePage = lazy(() => import('../features/athome-phone/AtHomePage'));
const SitterPage = lazy(() => import('../features/athome-phone/sitter/SitterPage'));
// The integration journal (issue #17).
const PortalJournalPage = lazy(() => import('../features/journal/PortalJournalPage'));
// Billing documents (issue #22): the patient's superbills, claim files and the practice's billing identity.
const PortalSuperbillsPage = lazy(() => import('../features/claims/PortalSuperbillsPage'));
const ClaimsExportPage = lazy(() => import('../features/claims/ClaimsExportPage'));
const PracticeBillingPage = lazy(() => import('../features/claims/PracticeBillingPage'));
const JournalPromptsPage = lazy(() => import('../features/journal/JournalPromptsPage'));

/**
 * Starts loading the code of the page at `pathname` (the first page of a visit), so that it downloads while the
 * app checks who is signed in instead of after: the most visited first pages only. The server hints the same
 * chunks in the page's HTML (src/server/platform/spa-pages.ts). Settles when they have loaded.
 */
export function preloadRoute(pathname: string): Promise<unknown> {
  const path = pathname.replace(/\/+$/, '') || '/';
  const loaders: Record<string, (() => Promise<unknown>)[]> = {
    '/': [loadLandingPage],
    '/request-consultation': [loadRequestConsultationPage],
    '/portal': [loadPortalHome, ...Object.values(portalCardLoaders)],
    '/app': [loadStaffLayout, loadTodayPage],
  };
  const found = loaders[path] ?? (path.startsWith('/app/') ? [loadStaffLayout] : []);
  return Promise.all(found.map((load) => load().catch(() => undefined)));
}

function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Container size="sm" py="xl" component="main" id="main">
      <Stack>
        <PageTitle>{notFound ? 'Page not found' : 'Something went wrong'}</PageTitle>
        <Alert color="gray" variant="light">
          {notFound
            ? 'There is no page at this address.'
            : 'This page could not be shown. Reloading usually helps; nothing you saved has been lost.'}
        </Alert>
        <Anchor component={Link} to="/">
          Go to the start page
        </Anchor>
      </Stack>
    </Container>
  );
}

function NotFound() {
  return (
    <Stack>
      <PageTitle>Page not found</PageTitle>
      <Alert color="gray" variant="light">
        There is no page at this address.
      </Alert>
      <Anchor component={Link} to="/">
        Go to the start page
      </Anchor>
    </Stack>
  );
}

/** The app's routes: main.tsx makes the browser's router of them, src/web/ssr.tsx renders the public pages. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <SiteLayout />,
        children: [
          { index: true, element: <LandingPage /> },
          { path: 'request-consultation', element: <RequestConsultationPage /> },
          { path: 'request-consultation/received', element: <RequestReceivedPage /> },
          { path: 'visit', element: <VisitLinkPage /> },
          { path: 'book', element: <SelfBookingPage /> },
        ],
      },
      {
        element: <PublicLayout />,
        children: [
          { path: 'signin', element: <SignInPage /> },
          { path: 'signin/mfa', element: <MfaPage /> },
          { path: 'accept-invite', element: <AcceptInvitePage /> },
          { path: 'sitter', element: <SitterPage /> },
        ],
      },
      {
        path: 'portal',
        element: (
          <RequirePatient>
            <PublicLayout signedIn />
          </RequirePatient>
        ),
        children: [
          { index: true, element: <PortalHome /> },
          { path: 'consent', element: <PortalConsentPage /> },
          { path: 'progress', element: <PortalProgressPage /> },
          { path: 'measures/:assignmentId', element: <PortalQuestionnairePage /> },
          { path: 'at-home/:id', element: <AtHomePage /> },
          ...portalMessageRoutes,
          { path: 'journal', element: <PortalJournalPage /> },
          { path: 'billing', element: <PortalSuperbillsPage /> },
        ],
      },
      {
        path: 'app',
        element: (
          <RequireStaff>
            <StaffLayout />
          </RequireStaff>
        ),
        children: [
          { index: true, element: <TodayPage /> },
          { path: 'profile', element: <ProfilePage /> },
          {
            path: 'calendar',
            element: (
              <RequirePermission anyOf={['patients.read']}>
                <CalendarPage />
              </RequirePermission>
            ),
          },
          ...staffMessageRoutes,
          ...staffBillingRoutes,
          {
            path: 'outcomes',
            element: (
              <RequirePermission anyOf={['outcomes.read']}>
                <OutcomesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'outcomes/patients',
            element: (
              <RequirePermission anyOf={['patients.read']}>
                <OutcomesPatientsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'notes',
            element: (
              <RequirePermission anyOf={['notes.todo']}>
                <MyNotesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'claim-files',
            element: (
              <RequirePermission anyOf={['billing.export']}>
                <ClaimsExportPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/billing-identity',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <PracticeBillingPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/users',
            element: (
              <RequirePermission anyOf={['users.manage', 'users.read']}>
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'enquiries',
            element: (
              <RequirePermission anyOf={['enquiries.manage']}>
                <EnquiryInboxPage />
              </RequirePermission>
            ),
          },
          {
            path: 'enquiries/:enquiryId',
            element: (
              <RequirePermission anyOf={['enquiries.manage']}>
                <EnquiryDetailPage />
              </RequirePermission>
            ),
          },
          {
            path: 'patients',
            element: (
              <RequirePermission anyOf={['patients.read']}>
                <PatientsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'patients/new',
            element: (
              <RequirePermission anyOf={['patients.write']}>
                <NewPatientPage />
              </RequirePermission>
            ),
          },
          {
            path: 'patients/:patientId',
            element: (
              <RequirePermission anyOf={['patients.read']}>
                <PatientChartPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/api-clients',
            element: (
              <RequirePermission anyOf={['users.read']}>
                <ApiClientsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/licences',
            element: (
              <RequirePermission anyOf={['users.read']}>
                <LicencesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/consent',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <ConsentVersionsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'patients/:patientId/measures',
            element: (
              <RequirePermission anyOf={['clinical.read']}>
                <PatientMeasuresPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/instruments',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <InstrumentsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/data-protection',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <DataProtectionPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/policies',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <PoliciesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/rules',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <RulesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/audit',
            element: (
              <RequirePermission anyOf={['audit.read']}>
                <AuditPage />
              </RequirePermission>
            ),
          },
          {
            path: 'ledger',
            element: (
              <RequirePermission anyOf={['ledger.read']}>
                <LedgerPage />
              </RequirePermission>
            ),
          },
          {
            path: 'ledger/count',
            element: (
              <RequirePermission anyOf={['ledger.write']}>
                <LedgerCountPage />
              </RequirePermission>
            ),
          },
          {
            path: 'ledger/inventory',
            element: (
              <RequirePermission anyOf={['ledger.write']}>
                <LedgerInventoryPage />
              </RequirePermission>
            ),
          },
          {
            path: 'ledger/reports',
            element: (
              <RequirePermission anyOf={['ledger.read']}>
                <LedgerReportsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'ledger/setup',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <LedgerSetupPage />
              </RequirePermission>
            ),
          },
          {
            path: 'patients/:patientId/at-home/:sessionId',
            element: (
              <RequirePermission anyOf={['clinical.read']}>
                <AtHomeSessionPage />
              </RequirePermission>
            ),
          },
          {
            path: 'at-home/:sessionId',
            element: (
              <RequirePermission anyOf={['clinical.read']}>
                <AtHomeLinkPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/at-home',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <AtHomeSettingsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/journal',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <JournalPromptsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/scheduling',
            element: (
              <RequirePermission anyOf={['settings.manage']}>
                <SchedulingSetupPage />
              </RequirePermission>
            ),
          },
        ],
      },
      // After the staff app: `/app/patients/:patientId` itself is the chart (inside the staff app); this route
      // only takes its full-screen children. Defined first, it would match the chart's own path too.
      {
        path: 'app/patients/:patientId',
        element: (
          <RequireStaff>
            <RequirePermission anyOf={['clinical.read']}>
              <FocusLayout />
            </RequirePermission>
          </RequireStaff>
        ),
        children: [
          { path: 'course', element: <CoursePage /> },
          { path: 'notes/:noteId', element: <NoteEditorPage /> },
          { path: 'sessions/:sessionId', element: <SessionConsolePage /> },
          { path: 'sessions/:sessionId/rems', element: <RemsPage /> },
        ],
      },
      // The clinic tablet handed to a patient: no layout and no navigation, only the one questionnaire.
      { path: 'kiosk', element: <KioskPage /> },
      { element: <PublicLayout />, children: [{ path: '*', element: <NotFound /> }] },
    ],
  },
];
