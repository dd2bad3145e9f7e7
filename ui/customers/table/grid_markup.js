// What QTable would mount as Quasar components on every page of the customer table (customer_grid.js), drawn here as
// plain markup with the classes and attributes those components render (Quasar 2.18, checked against their DOM in
// /work/notes/grid.md): the same look for far fewer component instances, which were a good part of the start-up.
//
// - selection boxes as QCheckbox: assigning a slot's `selected` is QTable's own toggle (the header's clears the page
//   while some of its rows are selected, as QCheckbox's click did); Space and Enter toggle on key up, as QCheckbox's.
// - header cells as QTh with QIcon's sort arrow: a click on a sortable column calls the slot's `sort`, as QTh does
//   (QTh's cells are not focusable; neither are these).
// - the pager's first/previous/next/last buttons as QBtn (flat, round, dense, QTable's grey-8) with QIcon: Quasar's
//   ripple directive, Enter and Space press on key up, and after a mouse click the focus goes to the button's focus
//   helper, as QBtn's (so its focus halo does not stay on under the mouse).
// Every text in these templates comes from {{ }} interpolation or bindings, never as HTML.

// A selection box, `checked` and `label` being template expressions (fixed here, never data).
export const selectionBox = (checked, label) => `
        <div
          class="q-checkbox cursor-pointer no-outline row inline no-wrap items-center"
          tabindex="0"
          role="checkbox"
          :aria-checked="${checked}"
          :aria-label="${label}"
          @click="toggleBox(scope, $event)"
          @keydown.enter.space.prevent
          @keyup.enter.space="toggleBox(scope, $event)"
        >
          <div :class="innerClass(scope.selected)" aria-hidden="true">
            <div class="q-checkbox__bg absolute">
              <svg class="q-checkbox__svg fit absolute-full" viewBox="0 0 24 24">
                <path class="q-checkbox__truthy" fill="none" d="M1.73,12.91 8.1,19.28 22.79,4.59"></path>
                <path class="q-checkbox__indet" d="M4,14H20V10H4"></path>
              </svg>
            </div>
          </div>
          <span class="no-outline" tabindex="-1"></span>
        </div>`;

// QTable's `header-cell` slot. QTh puts the arrow after the label, or before it in a right-aligned column.
export const headerCell = `
      <template v-slot:header-cell="scope">
        <th :key="scope.col.name" :class="thClass(scope.col)" :style="scope.col.headerStyle" @click="sortBy(scope)">
          <template v-if="scope.col.sortable !== true">{{ scope.col.label }}</template>
          <template v-else-if="scope.col.align === 'right'"
            ><i :class="sortIconClass(scope.col)" aria-hidden="true">{{ $q.iconSet.table.arrowUp }}</i
            >{{ scope.col.label }}</template
          >
          <template v-else
            >{{ scope.col.label }}<i :class="sortIconClass(scope.col)" aria-hidden="true">{{
              $q.iconSet.table.arrowUp
            }}</i></template
          >
        </th>
      </template>`;

// QTable's `pagination` slot: the range label, then the buttons QTable shows (first and last only beyond two pages).
export const pager = `
      <template v-slot:pagination="scope">
        <span class="q-table__bottom-item">{{ rangeLabel(scope.pagination) }}</span>
        <button
          v-for="button in pagerButtons(scope)"
          :key="button.key"
          :class="pagerButtonClass(button.disabled)"
          :tabindex="button.disabled ? -1 : 0"
          type="button"
          :disabled="button.disabled"
          :aria-disabled="button.disabled ? 'true' : undefined"
          :aria-label="button.label"
          v-ripple.center="button.disabled ? false : { keyCodes: [13] }"
          @click="pressPager(button, $event)"
          @keydown.enter.space.prevent
          @keyup.enter.space.prevent="$event.currentTarget.click()"
        ><span class="q-focus-helper"></span
        ><span class="q-btn__content text-center col items-center q-anchor--skip justify-center row"
          ><i class="q-icon notranslate material-icons" aria-hidden="true" role="img">{{ button.icon }}</i></span
        ></button>
      </template>`;

// The methods the templates above call, for the component's `methods`.
export const markupMethods = {
  toggleBox(scope, event) {
    scope.selected = !scope.selected;
    if (event.type === "click") event.currentTarget.lastElementChild.focus();
  },
  innerClass(selected) {
    // As QCheckbox: true, false or null (some rows of the page selected: the header's box); grey-8 is QTable's colour.
    const state = selected === null ? "indet text-grey-8" : selected ? "truthy text-grey-8" : "falsy";
    return "q-checkbox__inner relative-position non-selectable q-checkbox__inner--" + state;
  },
  thClass(col) {
    // As QTable's columns (the sort is the server's answer, the `pagination` prop); the space after "sorted" is Quasar's.
    const { sortBy, descending } = this.pagination || {};
    const sorted = col.name === sortBy ? ` sorted ${descending === true ? "sort-desc" : ""}` : "";
    const extra = col.headerClasses !== undefined ? " " + col.headerClasses : "";
    return `text-${col.align}${extra}${col.sortable === true ? " sortable" : ""}${sorted}`;
  },
  sortIconClass(col) {
    return `q-icon notranslate material-icons q-table__sort-icon q-table__sort-icon--${col.align}`;
  },
  sortBy(scope) {
    if (scope.col.sortable === true) scope.sort(scope.col);
  },
  rangeLabel(pagination) {
    const { page, rowsPerPage } = pagination;
    const total = pagination.rowsNumber || 0;
    return this.paginationLabel((page - 1) * rowsPerPage + 1, Math.min(page * rowsPerPage, total), total);
  },
  pagerButtons(scope) {
    const icons = this.$q.iconSet.table;
    const texts = this.$q.lang.pagination;
    const names = [icons.firstPage, icons.prevPage, icons.nextPage, icons.lastPage];
    if (this.$q.lang.rtl === true) names.reverse();
    if (scope.pagesNumber <= 1) return [];
    const far = scope.pagesNumber > 2;
    return [
      far && { key: "pgFirst", icon: names[0], label: texts.first, disabled: scope.isFirstPage, go: scope.firstPage },
      { key: "pgPrev", icon: names[1], label: texts.prev, disabled: scope.isFirstPage, go: scope.prevPage },
      { key: "pgNext", icon: names[2], label: texts.next, disabled: scope.isLastPage, go: scope.nextPage },
      far && { key: "pgLast", icon: names[3], label: texts.last, disabled: scope.isLastPage, go: scope.lastPage },
    ].filter(Boolean);
  },
  pagerButtonClass(disabled) {
    const state = disabled ? "disabled" : "q-btn--actionable q-focusable q-hoverable";
    return `q-btn q-btn-item non-selectable no-outline q-btn--flat q-btn--round text-grey-8 ${state} q-btn--dense`;
  },
  pressPager(button, event) {
    button.go();
    // A mouse click (a key's click has no detail) leaves the focus on the focus helper, as QBtn's mouse up does.
    if (event.detail > 0) {
      const helper = event.currentTarget.firstElementChild;
      helper.setAttribute("tabindex", -1);
      helper.focus();
    }
  },
};
