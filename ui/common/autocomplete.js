// Typing in a Quasar QSelect (use-input), as a person expects from an autocomplete: the options that start with the
// typed text come first, and the first one is highlighted, so Enter or Tab chooses it (Quasar's own
// "autoselect first filtered option" recipe); the arrow keys move the highlight round the options.

function rank(label, needle) {
  const text = String(label).toLocaleLowerCase();
  if (text.startsWith(needle)) return 0;
  return text.split(/[\s(),./-]+/).some((word) => word.startsWith(needle)) ? 1 : 2;
}

// Options whose label contains `typed`: those starting with it first, then those with a word starting with it.
export function matching(options, typed, labelOf = (option) => option.label) {
  const needle = String(typed || "").toLocaleLowerCase();
  if (!needle) return options;
  return options
    .filter((option) => String(labelOf(option)).toLocaleLowerCase().includes(needle))
    .sort((a, b) => rank(labelOf(a), needle) - rank(labelOf(b), needle));
}

// The `afterFn` of QSelect's filter `update(fn, afterFn)`: highlight the first option once something is typed.
export function highlightFirst(typed) {
  return (select) => {
    if (typed && select.options.length > 0 && select.getOptionIndex() === -1) {
      select.moveOptionSelection(1, true); // true: keep the typed text in the input
    }
  };
}

// A QSelect `keydown` listener (Quasar emits it before its own handling): the arrow keys go round the options without
// Quasar's stop on "nothing highlighted" past either end, so typing "Spain", Arrow Down, Enter still picks Spain.
export function arrowsStayOnOptions(event, select) {
  const count = select?.options?.length || 0;
  const index = select?.getOptionIndex() ?? -1;
  const down = event.key === "ArrowDown";
  if ((!down && event.key !== "ArrowUp") || count === 0 || index === -1 || index !== (down ? count - 1 : 0)) return;
  event.preventDefault();
  event.qKeyEvent = true; // Quasar skips events marked so
  select.setOptionIndex(down ? 0 : count - 1);
  select.scrollTo(down ? 0 : count - 1);
}
