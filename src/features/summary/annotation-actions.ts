import * as vscode from 'vscode';
import type { NotesService } from '../../services/notes-service';

/**
 * Deletes a highlight or note from the paper's notes file. A note asks first (its text would be lost); a
 * plain highlight goes at once, as it is one selection to make again.
 */
export async function deleteAnnotation(notes: NotesService, paperId: string, id: string): Promise<boolean> {
  const a = (await notes.get(paperId)).file.annotations.find((x) => x.id === id);
  if (!a) return false;
  if (a.kind === 'note' || a.body.trim()) {
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete this note? It is removed from the notes file.'), { modal: true }, 'Delete');
    if (choice !== 'Delete') return false;
  }
  return notes.remove(paperId, id);
}
