// Adds a "Copy BibTeX" button to each BibTeX block of a paper page (progressive enhancement:
// without JavaScript the entry is still there to select). Loaded deferred, on paper pages only.
"use strict";
document.querySelectorAll(".wsl-bibtex").forEach((block) => {
  const pre = block.querySelector("pre");
  if (!pre) return;
  const button = document.createElement("button");
  const status = document.createElement("span");
  button.type = "button";
  button.className = "wsl-copy-button";
  button.textContent = "Copy BibTeX";
  status.className = "wsl-copy-status";
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(pre.textContent);
      status.textContent = "BibTeX copied to the clipboard.";
    } catch {
      // No clipboard access (e.g. an insecure origin): select the entry for Ctrl+C instead.
      window.getSelection().selectAllChildren(pre);
      status.textContent = "Entry selected: press Ctrl+C (⌘C) to copy.";
    }
    setTimeout(() => { status.textContent = ""; }, 4000);
  });
  block.prepend(button, status);
});
