/**
 * The audit log's words for messages with the care team (issue #17), merged into AUDIT_ACTION_LABELS. Details
 * carry ids, counts and flags only: never a message's text or a patient's subject.
 */
export const MESSAGE_AUDIT_LABELS = {
  'message.portal_list': 'Viewed their messages in the portal',
  'message.portal_read': 'Opened a message thread in the portal',
  'message.thread_start': 'Started a message thread with the care team',
  'message.send': 'Sent a message to the care team',
  'message.inbox': 'Viewed the message inbox',
  'message.read': 'Opened a patient’s message thread',
  'message.patient_threads': 'Viewed a patient’s message threads in the chart',
  'message.reply': 'Replied to a patient’s message',
  'message.assign': 'Changed who handles a message thread',
  'message.close': 'Closed a message thread',
  'message.reopen': 'Reopened a message thread',
  'message.urgent_clear': 'Marked an urgent message as followed up',
  'message.task': 'Turned a message thread into a task',
  'message.settings_read': 'Viewed the messaging settings',
  'message.settings': 'Changed the messaging settings (answer time, canned replies)',
} as const;
