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

// The package ships English words only (its dialogs would ask Django's gettext, but the admin's JavaScript
// catalogue has none of them): its toolbar, block-type menu and dialogs are relabelled here as they appear.
const CHINESE = {
  "paragraph": "正文段落", "Paragraph": "正文段落", "Heading 2": "一级标题", "Heading 3": "二级标题",
  "Heading 4": "三级标题", "bold": "加粗", "italic": "倾斜", "underline": "下划线", "strike": "删除线",
  "subscript": "下标", "superscript": "上标", "unordered list": "项目符号列表", "ordered list": "编号列表",
  "List properties": "列表属性", "blockquote": "引用", "horizontal rule": "分隔线", "insert link": "插入链接",
  "remove link": "取消链接", "undo": "撤销", "redo": "重做", "Insert table": "插入表格", "Add column": "插入列",
  "Delete column": "删除列", "Add row": "插入行", "Delete row": "删除行", "Merge cells": "合并单元格",
  "Split cell": "拆分单元格", "Toggle header cell": "设为或取消表头", "Delete table": "删除表格",
  "Insert Table": "插入表格", "Table Properties": "表格属性", "Rows": "行数", "Columns": "列数",
  "Include header row": "包含表头行", "Edit Link": "编辑链接", "URL": "网址", "Title": "提示文字",
  "Open in new window": "在新窗口打开", "Update": "确定", "Cancel": "取消", "Insert": "插入",
  "List type": "列表样式", "Start at": "起始编号", "Bullets": "圆点", "Decimal numbers": "数字",
  "Lowercase letters": "小写字母", "Uppercase letters": "大写字母", "Lowercase Roman numerals": "小写罗马数字",
  "Uppercase Roman numerals": "大写罗马数字",
};

function relabel(root) {
  root.querySelectorAll("[title]").forEach((element) => {
    const chinese = CHINESE[element.title];
    if (chinese) {
      element.title = chinese;
      element.setAttribute("aria-label", chinese);
    }
  });
  // Never the clerk's own text (the editable area) nor an icon's name (the icon font draws "undo" as an arrow).
  const skipContent = (node) => (node.nodeType === Node.ELEMENT_NODE
    && (node.classList.contains("tiptap") || node.classList.contains("material-icons"))
    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, skipContent);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chinese = node.nodeType === Node.TEXT_NODE && CHINESE[node.data.trim()];
    if (chinese) node.data = chinese;
  }
}

initializeEditors((textarea) => {
  if (textarea.closest(".prose-editor")) return;
  const editor = createTextareaEditor(textarea, EXTENSIONS);
  relabel(textarea.closest(".prose-editor"));
  textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }));
}, "textarea[data-body-editor]");

// The toolbar is built after the editor starts and dialogs open at the end of the page; relabelling twice
// changes nothing, so watching the whole form page is safe.
new MutationObserver(() => document.querySelectorAll(".prose-editor, dialog").forEach(relabel))
  .observe(document.body, { childList: true, subtree: true });
