/* The publication body editor in the admin (catalog/body_editor.py): django-prose-editor's bundle, started here
   because the admin's CSP allows no inline import map. Only the node types below exist in the editor, so text
   pasted from WPS or Word keeps its paragraphs, headings, lists, emphasis, links and tables and loses the rest
   (fonts, colours, mso- styles, classes); the server sanitises the result again on save. */
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Gapcursor, HardBreak, Heading, History, HorizontalRule,
  Italic, Link, ListItem, Menu, OrderedList, Paragraph, Strike, Subscript, Superscript, Table, TableCell,
  TableHeader, TableRow, Text, Underline, createTextareaEditor, initializeEditors,
} from "../django_prose_editor/editor.js";

const EXTENSIONS = [
  Document, Paragraph, Text, HardBreak, Dropcursor, Gapcursor, History, Menu,
  Heading.configure({ levels: [2, 3, 4] }),
  Bold, Italic, Underline, Strike, Subscript, Superscript,
  BulletList, OrderedList, ListItem, Blockquote, HorizontalRule,
  Link.configure({ openOnClick: false }),
  Table, TableRow, TableHeader, TableCell,
];

initializeEditors((textarea) => {
  if (textarea.closest(".prose-editor")) return;
  const editor = createTextareaEditor(textarea, EXTENSIONS);
  textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }));
}, "textarea[data-body-editor]");
