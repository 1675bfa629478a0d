import * as vscode from 'vscode';
import { languageOf } from '../core/detect/language';
import { TECHNIQUES, type Technique } from '../core/papers/paper';

/** The detector settings as one object, read fresh each time (cheap: VS Code caches configuration). */
export interface DetectorSettings {
  lensesEnabled: boolean;
  hintsEnabled: boolean;
  techniques: Technique[];
  /** Techniques set to `false`, built-in or a user paper's id. */
  disabledTechniques: string[];
  maxFileSize: number;
}

export function detectorSettings(scope?: vscode.ConfigurationScope): DetectorSettings {
  const c = vscode.workspace.getConfiguration('paperLens', scope);
  const perTechnique = c.get<Record<string, boolean>>('codeLens.techniques', {});
  return {
    lensesEnabled: c.get<boolean>('codeLens.enabled', true),
    hintsEnabled: c.get<boolean>('codeLens.hints', true),
    techniques: TECHNIQUES.filter((t) => perTechnique[t] !== false),
    disabledTechniques: Object.keys(perTechnique).filter((t) => perTechnique[t] === false),
    maxFileSize: Math.max(1024, c.get<number>('scan.maxFileSize', 1_000_000)),
  };
}

/** Languages the detector reads, as VS Code language ids (notebook cells are `python` documents). */
export const DETECTOR_LANGUAGES = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'rust', 'c', 'cpp', 'cuda-cpp', 'yaml', 'json', 'jsonc', 'toml'];

const EXTENSION_OF_LANGUAGE: Record<string, string> = {
  python: '.py', typescript: '.ts', typescriptreact: '.tsx', javascript: '.js', javascriptreact: '.jsx',
  rust: '.rs', c: '.c', cpp: '.cpp', 'cuda-cpp': '.cu', yaml: '.yaml', json: '.json', jsonc: '.json', toml: '.toml',
};

/**
 * The name the detector reads a document under. The detector picks its lexer from the file extension, so
 * a document without one it knows (untitled, a notebook cell, a virtual file) gets the extension of its
 * VS Code language.
 */
export function detectorFileName(document: { fileName: string; languageId: string; uri: { scheme: string } }): string {
  if (document.uri.scheme === 'vscode-notebook-cell') return `${document.fileName}.py`;
  const ext = EXTENSION_OF_LANGUAGE[document.languageId];
  return !ext || languageOf(document.fileName) ? document.fileName : `${document.fileName}${ext}`;
}
