/** How far the user got with a paper. */
export type ReadingStatus = 'unread' | 'reading' | 'read';

export const READING_STATUSES: readonly ReadingStatus[] = ['unread', 'reading', 'read'];

export function isReadingStatus(value: unknown): value is ReadingStatus {
  return typeof value === 'string' && (READING_STATUSES as readonly string[]).includes(value);
}

/** The status "Toggle Reading Status" moves to: unread → reading → read → unread. */
export function nextStatus(status: ReadingStatus): ReadingStatus {
  return READING_STATUSES[(READING_STATUSES.indexOf(status) + 1) % READING_STATUSES.length];
}

/** Where statuses are kept; the VS Code layer backs it with a Memento, tests with a Map. */
export interface ReadingStatusStore {
  get(paperId: string): ReadingStatus;
  set(paperId: string, status: ReadingStatus): Promise<void>;
}
