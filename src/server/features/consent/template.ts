/**
 * The shipped informed-consent template for ketamine-assisted psychotherapy, written for this product.
 * Clinics adapt it by publishing a new version (signed versions never change). It is a starting point for
 * a clinic's medical director and counsel, not legal advice.
 */
export const KAP_CONSENT_TITLE = 'Informed consent for ketamine-assisted psychotherapy';

export const KAP_CONSENT_BODY = `This form explains ketamine-assisted psychotherapy (KAP) at our clinic so that you can decide whether to take part. Please read it carefully and ask us about anything that is unclear. You may take as long as you need, and you may say no.

1. What the treatment is
KAP combines carefully measured doses of ketamine with psychotherapy. Ketamine is an anaesthetic medicine that, at the lower doses used here, can change how you think and feel for a short time. The therapy sessions before dosing (preparation) and after it (integration) are an essential part of the treatment. Using ketamine for depression, anxiety, PTSD or OCD is, except for esketamine nasal spray in depression, an "off-label" use: the medicine is approved, but not for this purpose.

2. What will happen
You will meet a prescriber for a medical and psychiatric assessment and answer questionnaires about your mood. If the treatment suits you, you will have one or more preparation sessions, then a series of dosing sessions (often 3 to 6), each followed by integration therapy. During dosing sessions a nurse or clinician will check your blood pressure, heart rate and oxygen level, and stay with you until you are ready to leave. For at-home programs, a sober adult must be with you for the whole session.

3. Possible effects and risks
Common, usually short-lived effects: feeling detached from your body or surroundings, changes in how you see or hear things, dizziness, nausea or vomiting, headache, blurred vision, drowsiness, and a rise in blood pressure and heart rate. Some people feel anxious, confused or frightened during the experience. Less common risks include breathing changes, allergic reactions, bladder irritation with frequent use, and misuse or dependence. Ketamine may affect an unborn baby; tell us if you are or may be pregnant or are breastfeeding. The benefit of treatment is not guaranteed, and symptoms can return.

4. Your safety commitments
You agree to: tell us about all your medicines, supplements, alcohol and drug use, and medical conditions; not eat for the time we ask before a session; arrange for a named adult to take you home; not drive, operate machinery or make important decisions until the next day after a full night's sleep; and contact us or emergency services if you feel unwell after a session.

5. Alternatives
Other treatments include antidepressant medicines, other psychotherapies, transcranial magnetic stimulation, electroconvulsive therapy, and esketamine. Your clinician can discuss these with you.

6. Your rights
Taking part is your choice. You may stop treatment at any time, and you may withdraw this consent in the patient portal or by telling us; withdrawing does not affect the rest of your care. Your information is kept confidential and used as our privacy notice describes.

7. In a crisis
If you have thoughts of harming yourself, call or text 988 (Suicide & Crisis Lifeline) or call 911.

By signing, you confirm that you have read this form, that your questions have been answered, and that you agree to ketamine-assisted psychotherapy.`;
