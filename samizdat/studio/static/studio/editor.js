/* The studio's editor: CodeMirror 6 over the form's <textarea>, which stays the source of truth
   for the plain form (it is kept in step on every change, so the form submits as it would
   without JavaScript). Adds the toolbar and shortcuts, "/" commands, the live preview,
   autosave, Ctrl+S, word count and the warning before leaving with unsaved changes.
   A file of the site, loaded with `defer`: no inline script, no eval. */
(function () {
  "use strict";
  const CM = window.SamizdatCodeMirror;
  const form = document.getElementById("editor-form");
  const textarea = document.getElementById("id_body_source");
  if (!CM || !form || !textarea) return;

  const $ = (id) => document.getElementById(id);
  const csrf = () => form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const saveState = $("save-state");
  const say = (text) => { if (saveState) saveState.textContent = text; };
  const clock = () => new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

  // ── the editor ──────────────────────────────────────────────────────────────────────────
  const { EditorView, EditorState, EditorSelection, keymap, tags: t } = CM;

  function wrap(view, mark) {
    const changes = view.state.changeByRange((range) => {
      const text = view.state.sliceDoc(range.from, range.to);
      const before = view.state.sliceDoc(range.from - mark.length, range.from);
      const after = view.state.sliceDoc(range.to, range.to + mark.length);
      if (before === mark && after === mark) {  // already wrapped: unwrap
        return {
          changes: [{ from: range.from - mark.length, to: range.from }, { from: range.to, to: range.to + mark.length }],
          range: EditorSelection.range(range.from - mark.length, range.to - mark.length),
        };
      }
      return {
        changes: { from: range.from, to: range.to, insert: mark + text + mark },
        range: EditorSelection.range(range.from + mark.length, range.to + mark.length),
      };
    });
    view.dispatch(view.state.update(changes, { scrollIntoView: true, userEvent: "input" }));
    view.focus();
    return true;
  }

  function linePrefix(view, prefix, pattern) {
    const { state } = view;
    const lines = new Set();
    for (const range of state.selection.ranges) {
      for (let n = state.doc.lineAt(range.from).number; n <= state.doc.lineAt(range.to).number; n++) lines.add(n);
    }
    const all = [...lines].map((n) => state.doc.line(n));
    const remove = all.every((line) => pattern.test(line.text));
    const changes = all.map((line) => {
      const found = line.text.match(pattern);
      if (remove) return { from: line.from, to: line.from + found[0].length };
      const old = line.text.match(/^(#{1,6} |> |[-*+] |\d+[.)] )/);
      return { from: line.from, to: line.from + (old ? old[0].length : 0), insert: prefix };
    });
    view.dispatch({ changes, scrollIntoView: true, userEvent: "input" });
    view.focus();
    return true;
  }

  function link(view) {
    const range = view.state.selection.main;
    const text = view.state.sliceDoc(range.from, range.to);
    const isUrl = /^https?:\/\/\S+$/.test(text);
    const insert = isUrl ? `[](${text})` : `[${text}](https://)`;
    const select = isUrl ? [range.from + 1, range.from + 1] : [range.from + text.length + 3, range.from + text.length + 11];
    view.dispatch({ changes: { from: range.from, to: range.to, insert }, selection: EditorSelection.single(...select), userEvent: "input" });
    view.focus();
    return true;
  }

  function code(view) {
    const range = view.state.selection.main;
    const text = view.state.sliceDoc(range.from, range.to);
    if (!text.includes("\n")) return wrap(view, "`");
    view.dispatch({ changes: { from: range.from, to: range.to, insert: "```\n" + text + "\n```" }, userEvent: "input" });
    return true;
  }

  /** Put `text` in a paragraph of its own at the cursor (or at `pos`). */
  function insertBlock(text, pos) {
    const { state } = view;
    const at = pos ?? state.selection.main.head;
    const line = state.doc.lineAt(at);
    const where = line.text.trim() ? line.to : line.from;
    const before = where > 0 && state.sliceDoc(Math.max(0, where - 2), where) !== "\n\n" ? (line.text.trim() ? "\n\n" : "\n") : "";
    const after = state.sliceDoc(where, where + 1) === "\n" ? "\n" : "\n\n";
    const insert = (where === 0 ? "" : before) + text + after;
    view.dispatch({ changes: { from: where, insert }, selection: { anchor: where + insert.length }, scrollIntoView: true, userEvent: "input" });
    view.focus();
  }

  const commands = {
    bold: (v) => wrap(v, "**"),
    italic: (v) => wrap(v, "*"),
    link,
    heading: (v) => linePrefix(v, "## ", /^## /),
    quote: (v) => linePrefix(v, "> ", /^> ?/),
    list: (v) => linePrefix(v, "- ", /^[-*+] /),
    code,
    image: () => { window.dispatchEvent(new CustomEvent("studio:pick-image")); return true; },
  };

  /** Enter inside a list or quote continues it; on an empty item it ends it. */
  function continueMarkup(view) {
    const { state } = view;
    const range = state.selection.main;
    if (!range.empty) return false;
    const line = state.doc.lineAt(range.head);
    const m = line.text.match(/^(\s*)([-*+]|(\d+)([.)])|>)(\s+)(.*)$/);
    if (!m || range.head < line.from + m[0].length - m[6].length) return false;
    if (!m[6].trim()) {  // an empty item ends the list, and a blank line follows it
      view.dispatch({ changes: { from: line.from, to: line.to, insert: "\n" }, selection: { anchor: line.from + 1 }, userEvent: "input" });
      return true;
    }
    const marker = m[3] ? `${Number(m[3]) + 1}${m[4]}` : m[2];
    const insert = `\n${m[1]}${marker}${m[5]}`;
    view.dispatch({ changes: { from: range.head, insert }, selection: { anchor: range.head + insert.length }, scrollIntoView: true, userEvent: "input" });
    return true;
  }

  // "/" at the start of a line: blocks that are tedious to type.
  const slashCommands = [
    { label: "/image", detail: "Image from the library or an upload", run: () => commands.image() },
    { label: "/quote", detail: "Quote with its source", text: "> The words quoted.\n>\n> — Who said them" },
    { label: "/embed", detail: "YouTube, Vimeo, Mastodon or Bluesky link", text: "https://", hint: "Paste the address: alone in its paragraph it becomes an embed that loads nothing until a reader clicks." },
    { label: "/code", detail: "Code block", text: "```\n\n```", cursor: 4 },
    { label: "/footnote", detail: "Footnote", footnote: true },
    { label: "/heading", detail: "Heading", text: "## " },
    { label: "/list", detail: "Bulleted list", text: "- " },
  ];
  function slashSource(context) {
    const line = context.state.doc.lineAt(context.pos);
    const typed = context.state.sliceDoc(line.from, context.pos);
    if (!/^\/\w*$/.test(typed)) return null;
    return {
      from: line.from,
      filter: true,
      options: slashCommands.map((c) => ({
        label: c.label, detail: c.detail, type: "keyword",
        apply: (view, _completion, from, to) => {
          view.dispatch({ changes: { from, to, insert: "" } });
          if (c.run) return c.run();
          if (c.footnote) return footnote(view, from);
          const insert = c.text;
          view.dispatch({ changes: { from, insert }, selection: { anchor: from + (c.cursor ?? insert.length) }, userEvent: "input" });
          if (c.hint) say(c.hint);
        },
      })),
    };
  }
  function footnote(view, at) {
    const doc = view.state.doc.toString();
    let n = 1;
    while (doc.includes(`[^${n}]`)) n++;
    const end = view.state.doc.length;
    const after = doc.slice(0, at) + `[^${n}]` + doc.slice(at);  // the text the note follows
    const tail = (after.endsWith("\n\n") ? "" : after.endsWith("\n") ? "\n" : "\n\n") + `[^${n}]: `;
    view.dispatch({
      changes: [{ from: at, insert: `[^${n}]` }, { from: end, insert: tail }],
      selection: { anchor: end + `[^${n}]`.length + tail.length },
      scrollIntoView: true, userEvent: "input",
    });
    say(`Footnote ${n}: type its text at the end of the post.`);
  }

  const highlight = CM.HighlightStyle.define([
    { tag: t.heading, fontWeight: "700", color: "var(--fg)" },
    { tag: t.heading1, fontSize: "1.3em" },
    { tag: t.heading2, fontSize: "1.15em" },
    { tag: t.strong, fontWeight: "700" },
    { tag: t.emphasis, fontStyle: "italic" },
    { tag: t.strikethrough, textDecoration: "line-through" },
    { tag: [t.link, t.url], color: "var(--link)" },
    { tag: t.quote, color: "var(--muted)" },
    { tag: t.monospace, fontFamily: "ui-monospace, monospace" },
    { tag: [t.processingInstruction, t.meta, t.contentSeparator], color: "var(--muted)" },
  ]);

  const host = document.createElement("div");
  host.className = "cm-host";
  textarea.before(host);
  textarea.hidden = true;

  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        CM.history(),
        CM.drawSelection(),
        CM.dropCursor(),
        CM.highlightSpecialChars(),
        CM.indentOnInput(),
        CM.closeBrackets(),
        CM.highlightSelectionMatches(),
        CM.syntaxHighlighting(highlight),
        CM.markdownLanguage,
        EditorView.lineWrapping,
        CM.placeholder("Write here. Type / at the start of a line for images, quotes, embeds, code and footnotes."),
        CM.autocompletion({ override: [slashSource], icons: false }),
        keymap.of([
          { key: "Mod-b", run: commands.bold },
          { key: "Mod-i", run: commands.italic },
          { key: "Mod-k", run: commands.link },
          { key: "Mod-Alt-2", run: commands.heading },
          { key: "Mod-Shift-9", run: commands.quote },
          { key: "Mod-Shift-8", run: commands.list },
          { key: "Mod-e", run: commands.code },
          { key: "Enter", run: continueMarkup },
          ...CM.completionKeymap,
          ...CM.searchKeymap,
          ...CM.historyKeymap,
          ...CM.defaultKeymap,
          CM.indentWithTab,
        ]),
        EditorView.contentAttributes.of({ "aria-label": "Text", "aria-multiline": "true", "aria-describedby": "body-hint" }),
        EditorView.updateListener.of((update) => { if (update.docChanged) changed(); }),
        EditorView.domEventHandlers({ blur: () => { autosave(); } }),
      ],
    }),
  });

  // ── the toolbar ─────────────────────────────────────────────────────────────────────────
  document.querySelectorAll(".toolbar").forEach((bar) => {
    bar.hidden = false;
    bar.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-command]");
      if (button) commands[button.dataset.command](view);
    });
  });
  // The title is one line however long it wraps: Enter goes on to the text.
  const title = form.elements.title;
  if (title) {
    title.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); view.focus(); }
    });
  }
  // Ctrl+S anywhere in the form (the title, the tags) saves too.
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      saveNow();
    }
  });

  // ── word count ──────────────────────────────────────────────────────────────────────────
  // The same rule as samizdat/studio/words.py.
  const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g;
  const MARKUP = /!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|<[^>]+>|^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s/gm;
  function stats() {
    const text = view.state.doc.toString().replace(MARKUP, " ");
    const cjk = (text.match(CJK) || []).length;
    const words = cjk + text.replace(CJK, " ").split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    $("word-count").textContent = String(words);
    $("reading-time").textContent = String(words ? Math.max(1, Math.round(words / 230)) : 0);
  }

  // ── live preview ────────────────────────────────────────────────────────────────────────
  const grid = form.querySelector(".editor-grid");
  const previewPane = $("preview-pane");
  const preview = $("live-preview");
  const tabs = form.querySelector(".view-tabs");
  const wide = window.matchMedia("(min-width: 75rem)");
  let previewTimer = 0;
  let rendered = null;

  async function renderPreview() {
    const body = new FormData();
    body.set("body_source", view.state.doc.toString());
    body.set("body_format", form.elements.body_format ? form.elements.body_format.value : "markdown");
    const response = await fetch(form.dataset.renderUrl, { method: "POST", body, headers: { "X-CSRFToken": csrf() }, credentials: "same-origin" });
    if (response.ok) {
      preview.innerHTML = await response.text();  // sanitised by the server's one sanitiser
      rendered = body.get("body_source");
    }
  }
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => renderPreview().catch(() => {}), 350);
  }
  function showTab(which) {
    const write = which === "write";
    $("tab-write").setAttribute("aria-selected", String(write));
    $("tab-preview").setAttribute("aria-selected", String(!write));
    $("tab-write").tabIndex = write ? 0 : -1;
    $("tab-preview").tabIndex = write ? -1 : 0;
    $("write-pane").hidden = !write;
    form.querySelectorAll(".toolbar").forEach((bar) => { bar.hidden = !write; });
    previewPane.hidden = write;
    if (!write && rendered !== view.state.doc.toString()) renderPreview().catch(() => {});
  }
  function layout() {
    if (wide.matches) {
      grid.classList.add("with-preview");
      previewPane.hidden = false;
      $("write-pane").hidden = false;
      form.querySelectorAll(".toolbar").forEach((bar) => { bar.hidden = false; });
      if (tabs) tabs.hidden = true;
    } else {
      grid.classList.remove("with-preview");
      if (tabs) tabs.hidden = false;
      showTab($("tab-preview") && $("tab-preview").getAttribute("aria-selected") === "true" ? "preview" : "write");
    }
  }
  if (tabs) {
    tabs.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (tab) showTab(tab.id === "tab-preview" ? "preview" : "write");
    });
    tabs.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        const next = document.activeElement.id === "tab-write" ? "preview" : "write";
        showTab(next);
        $(`tab-${next}`).focus();
      }
    });
  }
  wide.addEventListener("change", layout);
  layout();
  renderPreview().catch(() => {});

  // ── saving, autosave, leaving ───────────────────────────────────────────────────────────
  const fields = () => {
    const data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    data.delete("version");
    return new URLSearchParams(data).toString();
  };
  let savedSnapshot = fields();      // what the server has as saved (explicitly)
  let autosavedSnapshot = savedSnapshot;
  let submitting = false;
  let autosaving = null;

  function changed() {
    textarea.value = view.state.doc.toString();
    stats();
    schedulePreview();
    form.dispatchEvent(new Event("studio:changed"));
  }
  form.addEventListener("input", (event) => { if (event.target !== textarea) changed(); });
  form.addEventListener("change", () => changed());
  form.addEventListener("focusout", (event) => { if (!host.contains(event.target)) autosave(); });

  const dirty = () => fields() !== savedSnapshot;

  /** A new post got its row (first autosave or save): point the form at it. */
  function adopt(data) {
    if (!data.edit_url) return;
    form.setAttribute("action", data.edit_url);  // (form.action is the buttons named "action")
    form.dataset.autosaveUrl = data.autosave_url;
    const previewButton = $("preview-button");
    if (previewButton && data.preview_url) previewButton.setAttribute("formaction", data.preview_url);
    if (location.pathname !== data.edit_url) history.replaceState(null, "", data.edit_url);
    if (data.status_text) $("status-text").textContent = data.status_text;
  }

  async function autosave() {
    if (submitting || autosaving) return autosaving;
    const snapshot = fields();
    if (snapshot === autosavedSnapshot) return null;
    const body = new FormData(form);
    autosaving = fetch(form.dataset.autosaveUrl, {
      method: "POST", body, credentials: "same-origin", keepalive: true,
      headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
    }).then(async (response) => {
      if (response.status === 204) return;
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.error || "");
      }
      const data = await response.json();
      autosavedSnapshot = snapshot;
      if (!form.elements.version.value) {  // the post was just created
        form.elements.version.value = data.version;
        adopt(data);
      }
      say(data.stale
        ? `Autosaved at ${data.saved_at}. Someone else saved this post since you opened it: saving will show both versions.`
        : `Autosaved at ${data.saved_at}.`);
    }).catch((error) => {
      say(error.message || "Autosave failed: the connection may be down. Your text is still here; save when you can.");
    }).finally(() => { autosaving = null; });
    return autosaving;
  }
  setInterval(autosave, 5000);

  /** Ctrl+S: save in place (JSON); a conflict or a refusal is shown by the server's page. */
  let saving = false;
  async function saveNow() {
    if (submitting || saving) return;
    saving = true;
    try {
      await saveInPlace();
    } finally {
      saving = false;
    }
  }
  async function saveInPlace() {
    const button = $("save-button");
    say("Saving…");
    await autosaving;  // a new post's first autosave may be making its row: use it
    const body = new FormData(form);
    body.set("action", "save");
    let response;
    try {
      response = await fetch(form.getAttribute("action"), {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
      });
    } catch (error) {
      say("Not saved: the connection may be down. Your text is still here.");
      return;
    }
    if (response.status === 401) {
      say((await response.json()).error);
      return;
    }
    if (response.ok) {
      const data = await response.json();
      form.elements.version.value = data.version;
      adopt(data);
      savedSnapshot = autosavedSnapshot = fields();
      say(`${data.message} (${clock()})`);
      return;
    }
    // Both versions side by side, or the form's errors beside their fields: the page says it.
    submitting = true;
    form.requestSubmit(button);
  }

  form.addEventListener("submit", (event) => {
    textarea.value = view.state.doc.toString();
    if (autosaving && !form.elements.version.value) {
      // A new post's row is being made by its first autosave: submit to it, not a second one.
      event.preventDefault();
      const submitter = event.submitter;
      autosaving.then(() => form.requestSubmit(submitter));
      return;
    }
    const opensTab = event.submitter && event.submitter.getAttribute("formtarget") === "_blank";
    if (!opensTab) submitting = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && dirty()) {
      event.preventDefault();
      event.returnValue = "";  // older browsers want something here; the text is their own
    }
  });
  window.addEventListener("pagehide", () => { if (!submitting && dirty()) autosave(); });

  // Other parts of the studio (media.js) insert through these.
  window.SamizdatStudio = { view, insertBlock, say, csrf, form };
  const conflict = $("conflict");
  if (conflict) conflict.focus();
})();
