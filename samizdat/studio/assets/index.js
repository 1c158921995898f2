// What the studio's editor (static/studio/editor.js) uses from CodeMirror 6, bundled into one
// file that sets the global `SamizdatCodeMirror`: the studio loads it as a plain script of the
// site, so no inline script and no module loader are needed.
export { EditorSelection, EditorState, Compartment } from "@codemirror/state";
export {
  EditorView, keymap, placeholder, drawSelection, highlightSpecialChars, dropCursor,
} from "@codemirror/view";
export {
  defaultKeymap, history, historyKeymap, indentWithTab,
} from "@codemirror/commands";
export {
  syntaxHighlighting, HighlightStyle, indentOnInput, bracketMatching,
} from "@codemirror/language";
export { markdownLanguage } from "./markdown.js";
export { autocompletion, completionKeymap, closeBrackets } from "@codemirror/autocomplete";
export { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
export { tags } from "@lezer/highlight";
