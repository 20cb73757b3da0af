/** The audit log's words for in-session experience ratings (issue #21). Details never carry the answers. */
export const EXPERIENCE_AUDIT_LABELS = {
  'experience.read': 'Read a session’s experience ratings',
  'experience.rate': 'Recorded a session’s experience rating',
  'experience.amend': 'Corrected a session’s experience rating',
  'experience.portal_read': 'Opened their session’s experience rating',
  'experience.portal_rate': 'Rated their at-home session',
} as const;
