// The moderation queue works without this file. With it, "all on this page" also ticks the
// row checkboxes, and unticking a row unticks "all on this page".
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("queue-select-page");
  if (!all) return;
  const rows = document.querySelectorAll('input[type=checkbox][name=ids][form="queue-bulk"]');
  all.addEventListener("change", () => rows.forEach((box) => { box.checked = all.checked; }));
  rows.forEach((box) => box.addEventListener("change", () => {
    all.checked = Array.from(rows).every((row) => row.checked);
  }));
});
