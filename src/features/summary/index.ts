import * as vscode from 'vscode';
import type { Services } from '../../services/services';
import { deleteAnnotation } from './annotation-actions';
import { SUMMARY_VIEW_TYPE } from './summary-panel';

/** A note or highlight row of the Papers tree, as the tree passes it to a context-menu command. */
interface AnnotationNode {
  kind: 'note';
  paper: { meta: { id: string } };
  annotation: { id: string };
}

function isAnnotationNode(arg: unknown): arg is AnnotationNode {
  const node = arg as Partial<AnnotationNode> | undefined;
  return node?.kind === 'note' && typeof node.paper?.meta?.id === 'string' && typeof node.annotation?.id === 'string';
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const deleteFromTree = async (arg: unknown): Promise<boolean> => {
    if (!isAnnotationNode(arg)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: choose a highlight or note in the Papers view to delete it.'));
      return false;
    }
    return deleteAnnotation(services.notes, arg.paper.meta.id, arg.annotation.id);
  };
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(SUMMARY_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => services.summaries.revive(panel, state),
    }),
    vscode.commands.registerCommand('paperLens.deleteHighlight', deleteFromTree),
    vscode.commands.registerCommand('paperLens.deleteNote', deleteFromTree),
  );
}
