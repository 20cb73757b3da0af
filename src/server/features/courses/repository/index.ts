/** All SQL about treatment courses, their templates, therapy notes and addenda. */
export * from './courses';
export * from './notes';
