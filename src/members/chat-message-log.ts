import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ChatMessage } from './chat-message.entity';

/** A log row; who handles an inbound message (leases) is optional: replies and rows before leases have none. */
export type ChatMessageRow = Omit<ChatMessage, 'id' | 'handledBy' | 'handledAt'> & Partial<Pick<ChatMessage, 'handledBy' | 'handledAt'>>;

const COLUMNS = ['direction', 'account', 'contactId', 'memberId', 'staffId', 'externalId', 'kind', 'text', 'createdAt', 'handledBy', 'handledAt'] as const satisfies readonly (keyof ChatMessageRow)[];

const insertStatements = new WeakMap<DataSource, { sql: string; columns: ColumnMetadata[] }>();

/**
 * Writes one chat log row (every inbound message and every reply goes through here). A plain statement
 * with a placeholder for every value: TypeORM writes numbers into the SQL text on SQLite, so each member's
 * id made a statement of its own, prepared again each time it fell out of the driver's statement cache.
 * Throws what the driver throws (a redelivered message is a unique violation on `externalId`).
 */
export async function insertChatMessage(ds: DataSource, row: ChatMessageRow): Promise<void> {
  let statement = insertStatements.get(ds);
  if (!statement) {
    const meta = ds.getMetadata(ChatMessage);
    const columns = COLUMNS.map((name) => meta.findColumnWithPropertyName(name)!);
    const names = columns.map((c) => ds.driver.escape(c.databaseName)).join(', ');
    statement = { sql: `INSERT INTO ${ds.driver.escape(meta.tableName)} (${names}) VALUES (${columns.map(() => '?').join(', ')})`, columns };
    insertStatements.set(ds, statement);
  }
  await ds.query(
    statement.sql,
    statement.columns.map((c) => ds.driver.preparePersistentValue(row[c.propertyName as keyof ChatMessageRow] ?? null, c)),
  );
}

/**
 * `UPDATE … SET … WHERE id = ?` with placeholders only, for the updates every inbound message makes (see
 * insertChatMessage for why not the repository's `update`). Values are stored as the entity's columns say.
 */
export async function updateById<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, id: number, values: Partial<T>): Promise<void> {
  const meta = ds.getMetadata(entity);
  const columns = Object.keys(values).map((name) => meta.findColumnWithPropertyName(name)!);
  const sets = columns.map((c) => `${ds.driver.escape(c.databaseName)} = ?`).join(', ');
  await ds.query(`UPDATE ${ds.driver.escape(meta.tableName)} SET ${sets} WHERE id = ?`, [
    ...columns.map((c) => ds.driver.preparePersistentValue(values[c.propertyName as keyof T], c)),
    id,
  ]);
}
