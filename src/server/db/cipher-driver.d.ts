// better-sqlite3-multiple-ciphers ships typings its package.json "exports" hides from bundler resolution; its
// API is better-sqlite3's (the same release), which is what the app uses.
declare module 'better-sqlite3-multiple-ciphers' {
  import type SQLite from 'better-sqlite3';

  const Database: typeof SQLite;
  export default Database;
}
