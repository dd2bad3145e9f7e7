// The customer table: Quasar's QTable with server-side paging and sorting, and in-place editors in the cells.
// The cell templates live here, compiled once, so a row update patches cells instead of re-creating them and an open
// editor survives live updates. Row data is only ever shown through {{ }} interpolation and bindings, never as HTML.
//
// Paging and sorting follow the server: QTable reads its `pagination` prop again on every render only while an
// `update:pagination` listener is bound (otherwise it keeps the first value in its own state, so the pager went on
// saying "1-25 of 500" after a search and "next" always asked for page 2). A click emits `request`; the server answers
// with the page it shows (page, rows per page, total, sort) and the pager displays that answer (until it comes, what
// was asked for: `ask`).
//
// The selection boxes (a row's, and the header's "all rows of this page" with its third, mixed state) are native
// checkboxes drawn as QCheckbox draws them (the `cb-select` rules in ui/static/tailwind.src.css: the square, the tick
// or dash, the halo on hover and keyboard focus), one element each instead of QCheckbox's seven (182 of a page's
// ~930 elements). The browser brings the role, the checked and mixed states, Tab and Space; Enter toggles too (on key
// up, as QCheckbox). QTable still keeps the selection: assigning a slot's `selected` is QTable's own toggle (the header's clears
// the page while some of its rows are selected, as QCheckbox's click did). The click's own toggle is cancelled: a box
// shows the selection the server answers with, and the one asked for until that answer comes (`ask`).

import { arrowsStayOnOptions, highlightFirst, matching } from "autocomplete";
import { emitInOrder } from "in_order";

let countryList = null; // the country editor's options, fetched once per page (they never change)

// A selection box's markup for the slots of the template below, `checked`, `mixed` and `label` being template
// expressions (fixed here, never data): the same for the header's box and a row's.
const selectionBox = (checked, mixed, label) => `
        <input
          type="checkbox"
          :class="boxClass(scope.selected)"
          :checked="${checked}"
          :indeterminate="${mixed}"
          :aria-label="${label}"
          @click.prevent="toggleBox(scope)"
          @keydown.enter.prevent
          @keyup.enter="toggleBox(scope)"
        />`;

export default {
  template: `
    <q-table
      :rows="shownRows"
      :columns="columns"
      row-key="id"
      :pagination="shownPagination"
      :rows-per-page-options="[25, 50, 100]"
      :visible-columns="visibleColumns"
      selection="multiple"
      :selected="selectedRows"
      :no-data-label="noDataLabel"
      :pagination-label="paginationLabel"
      :rows-per-page-label="texts.perPage"
      binary-state-sort
      flat
      bordered
      table-class="[&_th]:px-2! [&_td]:px-2!"
      @selection="onSelection"
      @update:pagination="onPagination"
      @request="onRequest"
    >
      <template v-slot:header-selection="scope">
        ${selectionBox('scope.selected === true', 'scope.selected === null', 'texts.selectAll')}
      </template>
      <template v-slot:body-selection="scope">
        ${selectionBox('scope.selected', 'false', "texts.select + ' ' + scope.row.number + ' ' + scope.row.name")}
      </template>
      <template v-slot:body-cell="props">
        <td
          :class="cellClass(props)"
          :tabindex="props.col.editor ? 0 : undefined"
          @click="startEdit(props, $event)"
          @keydown.enter.self="startEdit(props, $event)"
        >
          <template v-if="isEditing(props)">
            <q-select
              v-if="props.col.editor === 'country'"
              ref="countryEditor"
              v-model="editing.value"
              style="min-width: 14rem"
              :options="countryOptions"
              emit-value
              map-options
              use-input
              input-debounce="0"
              options-dense
              dense
              outlined
              autofocus
              :error="!!editing.error"
              :error-message="editing.error"
              :loading="editing.saving"
              @filter="filterCountries"
              @update:model-value="save"
              @keydown="arrowsStayOnOptions($event, $refs.countryEditor)"
              @keydown.esc.prevent="cancel"
              @blur="onBlur"
              @click.stop
            />
            <div
              v-else-if="props.col.editor === 'categories'"
              class="cb-categories-editor"
              style="min-width: 16rem"
              @click.stop
            >
              <q-select
                v-model="editing.value"
                :options="categoryOptions"
                multiple
                use-chips
                use-input
                new-value-mode="add-unique"
                input-debounce="0"
                options-dense
                dense
                outlined
                autofocus
                :error="!!editing.error"
                :error-message="editing.error"
                :loading="editing.saving"
                @filter="filterCategories"
                @keydown.esc.prevent="cancel"
                @keydown.tab="save"
              />
              <div class="row no-wrap q-gutter-x-xs">
                <q-btn dense flat size="sm" color="primary" :label="texts.save" @mousedown.prevent @click="save" />
                <q-btn dense flat size="sm" :label="texts.cancel" @mousedown.prevent @click="cancel" />
              </div>
            </div>
            <q-input
              v-else
              v-model="editing.value"
              style="min-width: 16rem"
              dense
              outlined
              autofocus
              :aria-label="props.col.label"
              :error="!!editing.error"
              :error-message="editing.error"
              :loading="editing.saving"
              @keydown.enter.prevent="save"
              @keydown.esc.prevent="cancel"
              @blur="onBlur"
              @click.stop
            >
              <template v-slot:append>
                <q-icon name="close" size="xs" class="cursor-pointer" @mousedown.prevent @click.stop="cancel" />
              </template>
            </q-input>
          </template>
          <template v-else-if="props.col.name === 'number'">
            <a :href="profileHref(props.row)" class="text-primary">{{ props.row.number }}</a>
            <q-badge v-if="props.row.archived" color="orange" :label="texts.archived" class="q-ml-sm" />
          </template>
          <template v-else-if="props.col.name === 'name'">
            <a :href="profileHref(props.row)" class="text-primary">{{ props.row.name }}</a><i
              class="q-icon inline! text-grey-5 notranslate material-icons q-ml-xs" aria-hidden="true" style="font-size: 18px">edit</i>
          </template>
          <template v-else-if="props.col.name === 'email' && props.value">{{ emailParts(props.value)[0] }}<wbr />{{ emailParts(props.value)[1] }}</template>
          <template v-else-if="props.col.name === 'categories'">
            <div
              v-for="category in categoriesOf(props.row)"
              :key="category.id"
              :class="chipClass(category)"
              :style="{ backgroundColor: category.colour }"
            >
              <div class="q-chip__content col row no-wrap items-center q-anchor--skip">{{ category.name }}</div>
            </div>
          </template>
          <template v-else>{{ props.value }}</template>
        </td>
      </template>
    </q-table>
  `,
  props: {
    rows: Array,
    columns: Array,
    pagination: Object,
    visibleColumns: Array,
    selectedIds: Array,
    answered: Object,
    categories: Array,
    countriesUrl: String,
    editResult: Object,
    noDataLabel: String,
    texts: Object,
  },
  data() {
    return {
      editing: null,
      held: null,
      requests: 0,
      countryOptions: [],
      categoryOptions: [],
      // Requests not yet answered: what the browser asked for and shows meanwhile (see onSelection).
      sent: { page: 0, selection: 0, ...this.answered }, // numbered on from the server's count (a new instance)
      asked: { page: null, selection: null },
    };
  },
  created() {
    // The static copy of the page from its HTML (first_paint.py) gives way to the live page: removed here, in the task
    // that goes on to insert the live page (nothing is painted in between), and before that task's style and layout,
    // which then do not style and lay out the copy as well.
    document.getElementById("cb-first-paint")?.remove();
  },
  mounted() {
    // The categories editor has chips and a menu, so "leaving the cell" is a click outside it rather than a blur.
    this.clickOutside = (event) => {
      if (!this.editing || this.editing.field !== "categories") return;
      if (event.target.closest(".cb-categories-editor, .q-menu")) return;
      this.save();
    };
    document.addEventListener("mousedown", this.clickOutside, true);
  },
  unmounted() {
    document.removeEventListener("mousedown", this.clickOutside, true);
  },
  computed: {
    shownRows() {
      return this.held || this.rows;
    },
    selectedRows() {
      return (this.waiting("selection") || this.selectedIds || []).map((id) => ({ id }));
    },
    shownPagination() {
      return this.waiting("page") || this.pagination;
    },
    categoryById() {
      return Object.fromEntries((this.categories || []).map((category) => [category.id, category]));
    },
  },
  watch: {
    rows(next, previous) {
      // While a cell is edited, a page in which that row would move or vanish is held back until the edit ends.
      if (this.editing && !this.held && !this.keepsPlace(next, previous, this.editing.id)) this.held = previous;
    },
    editing(value) {
      if (value === null) this.held = null;
    },
    editResult(result) {
      const editing = this.editing;
      if (!result || !editing || result.req !== editing.req) return;
      if (result.ok || result.close) {
        this.editing = null;
      } else {
        editing.saving = false;
        editing.error = result.message;
      }
    },
  },
  methods: {
    chipClass(category) {
      // What QChip draws for a dense, square, coloured chip that is not clickable (no component per chip); the text
      // colour on the category's colour comes from the server (accessibility.text_on).
      const text = "text-" + (category.text || "white");
      return `q-chip row inline no-wrap items-center ${text} q-chip--colored q-chip--dense q-chip--square`;
    },
    toggleBox(scope) {
      // After the click's event (a task later): a cancelled click puts the box's `checked` back when its event ends,
      // over what this toggle shows at once (`ask`) if it were drawn within the event.
      setTimeout(() => (scope.selected = !scope.selected));
    },
    boxClass(selected) {
      // As QCheckbox: ticked or mixed (null: some rows of the page selected, the header's box) in QTable's grey-8; its
      // halo is the focus mark (no outline, as QCheckbox's no-outline).
      return selected === false ? "cb-select no-outline" : "cb-select no-outline text-grey-8";
    },
    isEditing(props) {
      return this.editing !== null && this.editing.id === props.row.id && this.editing.field === props.col.name;
    },
    emailParts(email) {
      // A line may break after the @ only: "name@" / "example.com".
      const at = email.lastIndexOf("@") + 1;
      return [email.slice(0, at), email.slice(at)];
    },
    cellClass(props) {
      return {
        ["q-td text-" + (props.col.align || "right")]: true,
        "text-grey-8": props.row.archived,
        "whitespace-normal! break-keep": !!props.col.wrap,
        "cursor-pointer hover:bg-blue-50": !!props.col.editor && !this.isEditing(props),
      };
    },
    startEdit(props, event) {
      if (!props.col.editor || this.isEditing(props) || event.target.closest("a")) return;
      if (this.editing && this.editing.saving) return;
      const value = this.valueOf(props.row, props.col);
      if (props.col.editor === "country") this.loadCountries().then((list) => (this.countryOptions = list));
      this.editing = {
        id: props.row.id,
        field: props.col.name,
        version: props.row.version,
        value,
        seen: value,
        submitted: undefined,
        error: null,
        saving: false,
        req: 0,
      };
    },
    valueOf(row, column) {
      if (column.editor === "categories") return this.categoriesOf(row).map((category) => category.name);
      return row[column.field] ?? "";
    },
    save() {
      const editing = this.editing;
      if (!editing || editing.saving) return;
      if (this.same(editing.value, editing.seen)) {
        this.editing = null;
        return;
      }
      if (editing.error && this.same(editing.value, editing.submitted)) return; // still the refused value
      editing.saving = true;
      editing.submitted = editing.value;
      editing.req = ++this.requests;
      this.$emit("cell_edit", {
        req: editing.req,
        id: editing.id,
        field: editing.field,
        value: editing.value,
        version: editing.version,
        seen: editing.seen,
      });
    },
    cancel() {
      this.editing = null;
    },
    onBlur() {
      if (this.editing && !this.editing.saving) this.save();
    },
    same(a, b) {
      return JSON.stringify(a) === JSON.stringify(b);
    },
    keepsPlace(next, previous, id) {
      const at = (rows) => (rows || []).findIndex((row) => row.id === id);
      return at(next) >= 0 && at(next) === at(previous);
    },
    categoriesOf(row) {
      return (row.category_ids || []).map((id) => this.categoryById[id]).filter(Boolean);
    },
    loadCountries() {
      if (!countryList) countryList = fetch((window.path_prefix || "") + this.countriesUrl).then((r) => r.json());
      return countryList;
    },
    arrowsStayOnOptions,
    filterCountries(text, update) {
      // A label holds the code too ("Spain (ES)"), so typing "es" finds Spain; Enter or Tab picks the first match.
      this.loadCountries().then((list) => update(() => (this.countryOptions = matching(list, text)), highlightFirst(text)));
    },
    filterCategories(text, update) {
      update(() => {
        const needle = text.toLowerCase();
        this.categoryOptions = (this.categories || [])
          .map((category) => category.name)
          .filter((name) => name.toLowerCase().includes(needle));
      });
    },
    profileHref(row) {
      return "/customers/" + encodeURIComponent(row.number);
    },
    paginationLabel(first, last, total) {
      // Grouped as the server's Babel groups counts (ui/common/pager.py), not by toLocaleString: Spanish "1.120".
      const group = this.texts.group;
      const whole = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, () => group);
      return this.texts.range
        .replace("{first}", whole(first))
        .replace("{last}", whole(last))
        .replace("{total}", whole(total));
    },
    waiting(kind) {
      // What the newest request of this kind asked for, while the server has not answered it (else null).
      return this.sent[kind] > ((this.answered || {})[kind] || 0) ? this.asked[kind] : null;
    },
    ask(kind, shown, args) {
      // Until the server answers, the table shows what was asked for and the next click builds on it: two boxes
      // ticked, or "next" clicked twice, before the first answer came were one box and page 2.
      this.sent[kind] += 1;
      this.asked[kind] = shown;
      emitInOrder(this, kind === "page" ? "page_request" : "selection_change", { ...args, seq: this.sent[kind] });
    },
    onSelection({ keys, added }) {
      // A change (these rows ticked or unticked), not a whole selection, so that changes sent before the first answer add up.
      const ids = new Set(this.selectedRows.map((row) => row.id));
      keys.forEach((id) => (added ? ids.add(id) : ids.delete(id)));
      this.ask("selection", [...ids], { ids: keys, added });
    },
    onPagination() {
      // Nothing to keep: the server's answer (the `pagination` prop) is what the pager shows.
    },
    onRequest(request) {
      const { page, rowsPerPage, sortBy, descending } = request.pagination;
      const shown = { ...this.shownPagination, page, rowsPerPage, sortBy, descending };
      this.ask("page", shown, { page, rowsPerPage, sortBy, descending });
    },
  },
};
