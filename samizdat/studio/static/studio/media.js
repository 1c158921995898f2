/* Images in the editor: drop or paste a file, or pick one from the library. An upload goes to
   the studio, which hands it to samizdat.media.services (checked, re-encoded without its
   metadata); a progress bar shows while it travels, a refused file gets the server's reason,
   and the image goes into the text as `![alt](media:N)` once its alt text and caption are
   given. The same library dialog chooses a post's featured image. */
(function () {
  "use strict";
  const studio = window.SamizdatStudio;
  if (!studio) return;
  const { view, insertBlock, say, csrf, form } = studio;
  const $ = (id) => document.getElementById(id);
  const mayUpload = form.dataset.mayUpload === "1";
  const describeUrl = (id) => form.dataset.describeUrl.replace(/0\/$/, `${id}/`);
  const progress = $("upload-progress");
  const bar = $("upload-bar");
  const failure = $("upload-error");

  function refuse(message) {
    failure.textContent = message;
    failure.hidden = false;
  }

  /** Upload one file with progress; resolves to the image's JSON, or rejects with a reason. */
  function upload(file) {
    return new Promise((resolve, reject) => {
      if (!mayUpload) {
        reject(new Error(`${file.name} was not uploaded: your role may not upload images; an editor can add it for you.`));
        return;
      }
      const body = new FormData();
      body.set("file", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.uploadUrl);
      xhr.setRequestHeader("X-CSRFToken", csrf());
      xhr.setRequestHeader("Accept", "application/json");
      $("upload-name").textContent = file.name;
      bar.value = 0;
      progress.hidden = false;
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      xhr.addEventListener("load", () => {
        progress.hidden = true;
        let data = {};
        try { data = JSON.parse(xhr.responseText); } catch (error) { /* not JSON: said below */ }
        if (xhr.status === 201 && data.ok) resolve(data.image);
        else reject(new Error(data.error || `${file.name} was not uploaded (error ${xhr.status}).`));
      });
      xhr.addEventListener("error", () => {
        progress.hidden = true;
        reject(new Error(`${file.name} was not uploaded: the connection failed.`));
      });
      xhr.send(body);
    });
  }

  /** Ask for alt text, caption and credit; resolves to the described image, or null. */
  function describe(image) {
    const dialog = $("image-dialog");
    $("image-dialog-img").src = image.thumbnail;
    $("image-alt").value = image.alt || "";
    $("image-caption").value = image.caption || "";
    $("image-credit").value = image.credit || "";
    dialog.returnValue = "";
    dialog.showModal();
    $("image-alt").focus();
    return new Promise((resolve) => {
      dialog.addEventListener("close", async function closed() {
        if (dialog.returnValue !== "insert") { resolve(null); view.focus(); return; }
        const said = { alt: $("image-alt").value, caption: $("image-caption").value, credit: $("image-credit").value };
        if (said.alt === image.alt && said.caption === image.caption && said.credit === image.credit) {
          resolve(image);
          return;
        }
        const body = new FormData();
        Object.entries(said).forEach(([k, v]) => body.set(k, v));
        const response = await fetch(describeUrl(image.id), {
          method: "POST", body, credentials: "same-origin",
          headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
        });
        const data = await response.json().catch(() => ({}));
        if (response.ok && data.ok) resolve(data.image);
        else { refuse(data.error || "The image's description was not saved; it is inserted without it."); resolve(image); }
      }, { once: true });
    });
  }

  async function place(image, pos) {
    const described = await describe(image);
    if (!described) return;
    insertBlock(described.markdown, pos);
    say(`Image ${described.id} inserted${described.caption ? " with its caption" : ""}.`);
  }

  async function uploadAndPlace(files, pos) {
    failure.hidden = true;
    for (const file of files) {
      try {
        const image = await upload(file);
        await place(image, pos);
      } catch (error) {
        refuse(error.message);
      }
    }
  }

  // Drop or paste into the editor.
  const host = view.dom.parentElement;
  host.addEventListener("dragover", (event) => {
    if ([...event.dataTransfer.types].includes("Files")) { event.preventDefault(); host.classList.add("dragging"); }
  });
  host.addEventListener("dragleave", () => host.classList.remove("dragging"));
  view.dom.addEventListener("drop", (event) => {
    host.classList.remove("dragging");
    const files = [...(event.dataTransfer ? event.dataTransfer.files : [])];
    if (!files.length) return;
    event.preventDefault();
    event.stopPropagation();
    const pos = view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? view.state.selection.main.head;
    uploadAndPlace(files, pos);
  }, true);
  view.dom.addEventListener("paste", (event) => {
    const files = [...(event.clipboardData ? event.clipboardData.files : [])];
    if (!files.length) return;
    event.preventDefault();
    uploadAndPlace(files);
  }, true);

  // The library.
  const dialog = $("media-dialog");
  const grid = $("media-grid");
  const more = $("media-more");
  let nextPage = 1;
  let choosing = "insert";  // or "featured"

  async function loadPage() {
    const url = `${form.dataset.mediaUrl}?format=json&page=${nextPage}`;
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const data = await response.json();
    if (nextPage === 1) grid.replaceChildren();
    for (const image of data.images) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("aria-label", `Image ${image.id}: ${image.alt || image.caption || "no description"}`);
      const img = document.createElement("img");
      img.src = image.thumbnail;
      img.alt = "";
      img.loading = "lazy";
      button.append(img);
      button.addEventListener("click", () => chosen(image));
      item.append(button);
      grid.append(item);
    }
    if (!data.images.length && nextPage === 1) {
      const empty = document.createElement("li");
      empty.textContent = "The library is empty.";
      grid.append(empty);
    }
    nextPage = data.next;
    more.hidden = !data.next;
  }
  function open(mode) {
    choosing = mode;
    nextPage = 1;
    dialog.showModal();
    loadPage().catch(() => refuse("The media library could not be loaded."));
  }
  function chosen(image) {
    dialog.close();
    if (choosing === "featured") return setFeatured(image);
    place(image);
  }
  function setFeatured(image) {
    const select = form.elements.featured_image;
    if (!select) return;
    if (![...select.options].some((o) => o.value === String(image.id))) {
      select.add(new Option(`${image.id}: ${image.alt || image.caption || "image"}`, String(image.id)));
    }
    select.value = String(image.id);
    select.dispatchEvent(new Event("change", { bubbles: true }));
    const shown = $("featured-preview");
    const img = document.createElement("img");
    img.src = image.thumbnail;
    img.alt = "";
    shown.replaceChildren(img);
  }
  more.addEventListener("click", () => loadPage());
  $("media-close").addEventListener("click", () => dialog.close());
  const fileInput = $("media-file");
  if (fileInput) {
    fileInput.addEventListener("change", async () => {
      const files = [...fileInput.files];
      fileInput.value = "";
      dialog.close();
      if (choosing === "featured") {
        try { setFeatured(await upload(files[0])); } catch (error) { refuse(error.message); }
      } else {
        uploadAndPlace(files);
      }
    });
  }
  window.addEventListener("studio:pick-image", () => open("insert"));
  const featured = $("pick-featured");
  if (featured) {
    featured.hidden = false;
    featured.addEventListener("click", () => open("featured"));
  }
})();
