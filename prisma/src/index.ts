export { openDatabase, type Database, type DatabaseOptions } from './connect.ts';
export { applyMigrations, diffSchemaAgainstMigrations, isEmptyMigration } from './migrations.ts';
export * from '../generated/client/client.ts';
