// Scheduling: pure calendar logic shared by the server and the web app (no I/O).
export * from './catalogue';
export * from './default-start';
export * from './ical';
export * from './intervals';
export * from './order';
export * from './proposal';
export * from './reminders';
export * from './time';
export * from './zone-words';
