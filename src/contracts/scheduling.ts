/**
 * Scheduling API (issue #9). Instants are ISO-8601 with an offset on the way in and UTC (`…Z`) on the way
 * out; every appointment also carries its display zone and its local date and times, so screens never do
 * zone arithmetic of their own.
 */
export * from './scheduling-appointments';
export * from './scheduling-common';
export * from './scheduling-portal';
export * from './scheduling-setup';
