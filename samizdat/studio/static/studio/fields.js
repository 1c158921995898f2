/* The editor's side fields: tag suggestions, categories made inline, the permalink as the slug
   changes, and the publish box saying exactly when the post goes out. All of it works as a
   plain form without this file. */
(function () {
  "use strict";
  const studio = window.SamizdatStudio;
  if (!studio) return;
  const { form, csrf, say } = studio;
  const $ = (id) => document.getElementById(id);

  // ── tags: suggestions for the word being typed (a combobox over a comma-separated list) ──
  const tags = $("id_tags");
  const list = $("tag-suggestions");
  let active = -1;
  let timer = 0;
  const current = () => tags.value.split(",").pop().trim();
  function close() {
    list.hidden = true;
    list.replaceChildren();
    tags.setAttribute("aria-expanded", "false");
    tags.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function choose(name) {
    const parts = tags.value.split(",").slice(0, -1).map((p) => p.trim()).filter(Boolean);
    tags.value = [...parts, name].join(", ") + ", ";
    close();
    tags.focus();
    tags.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function mark(n) {
    const items = [...list.children];
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === n)));
    active = n;
    if (items[n]) tags.setAttribute("aria-activedescendant", items[n].id);
  }
  async function suggest() {
    const typed = current();
    if (!typed) return close();
    const response = await fetch(`${form.dataset.tagsUrl}?q=${encodeURIComponent(typed)}`, { credentials: "same-origin" });
    const names = (await response.json()).tags;
    const taken = new Set(tags.value.split(",").map((p) => p.trim().toLowerCase()));
    const shown = names.filter((n) => !taken.has(n.toLowerCase()) || n.toLowerCase() === typed.toLowerCase());
    list.replaceChildren(...shown.map((name, i) => {
      const item = document.createElement("li");
      item.id = `tag-suggestion-${i}`;
      item.setAttribute("role", "option");
      item.textContent = name;
      item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(name); });
      return item;
    }));
    list.hidden = !shown.length;
    tags.setAttribute("aria-expanded", String(Boolean(shown.length)));
    active = -1;
  }
  if (tags && list) {
    tags.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => suggest().catch(close), 150); });
    tags.addEventListener("keydown", (event) => {
      const count = list.children.length;
      if (list.hidden || !count) return;
      if (event.key === "ArrowDown") { event.preventDefault(); mark((active + 1) % count); }
      else if (event.key === "ArrowUp") { event.preventDefault(); mark((active - 1 + count) % count); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(list.children[active].textContent); }
      else if (event.key === "Escape") close();
    });
    tags.addEventListener("blur", () => setTimeout(close, 100));
  }

  // ── a category made inline, ticked at once ──
  const add = $("add-category");
  const name = $("id_new_category");
  if (add && name) {
    add.hidden = false;
    const create = async () => {
      if (!name.value.trim()) return;
      const body = new FormData();
      body.set("name", name.value.trim());
      const response = await fetch(form.dataset.categoryUrl, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
      });
      const data = await response.json().catch(() => ({}));
      if (!data.ok) { say(data.error || "The category was not added."); return; }
      const boxes = $("categories");
      let box = boxes.querySelector(`input[value="${data.id}"]`);
      if (!box) {
        const label = document.createElement("label");
        label.className = "inline";
        box = document.createElement("input");
        box.type = "checkbox";
        box.name = "categories";
        box.value = String(data.id);
        box.id = `id_categories_new_${data.id}`;
        label.append(box, ` ${data.name}`);
        boxes.append(label);
      }
      box.checked = true;
      name.value = "";
      box.dispatchEvent(new Event("change", { bubbles: true }));
      say(`Category “${data.name}” added and ticked.`);
    };
    add.addEventListener("click", create);
    name.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); create(); } });
  }

  // ── the address the post will have ──
  const pattern = form.dataset.permalinkPattern;
  const permalink = $("permalink");
  const slug = form.elements.slug;
  const title = form.elements.title;
  const slugify = (text) => text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").trim().replace(/[\s-]+/g, "-").slice(0, 190) || "untitled";
  function showPermalink() {
    if (!pattern || !permalink) return;
    permalink.textContent = pattern.replace("{slug}", (slug && slug.value.trim()) || slugify(title.value));
  }
  if (title) title.addEventListener("input", showPermalink);
  if (slug) slug.addEventListener("input", showPermalink);
  showPermalink();

  // ── when the post goes out, in the site's time zone ──
  const at = form.elements.publish_at;
  const publish = $("publish-button");
  const goesOut = $("goes-out");
  const zone = form.dataset.zone;
  function later() {
    const radio = form.querySelector("input[name=when]:checked");
    return radio ? radio.value === "later" : false;
  }
  function describeWhen() {
    if (!at || !goesOut) return;
    const field = $("publish-at-field");
    if (publish && form.querySelector("input[name=when]")) {
      field.hidden = !later();
      publish.textContent = later() ? publish.dataset.later : publish.dataset.now;
    }
    if (!at.value) {
      goesOut.textContent = later() ? "Choose the date and time it goes out." : "";
      return;
    }
    // The field holds the site's wall-clock time: format it as such, not in the browser's zone.
    const [date, time] = at.value.split("T");
    const [y, m, d] = date.split("-").map(Number);
    const wall = new Date(Date.UTC(y, m - 1, d));
    const day = wall.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    const verb = later() ? "Goes out on" : "Dated";
    goesOut.textContent = `${verb} ${day.replace(",", "")} at ${time.slice(0, 5)} (${zone}).`;
  }
  if (at) {
    at.addEventListener("input", describeWhen);
    form.querySelectorAll("input[name=when]").forEach((r) => r.addEventListener("change", describeWhen));
    describeWhen();
  }
})();
