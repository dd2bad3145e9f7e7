// A table whose rows, paging and sorting come from the server (server_table.py): NiceGUI's ui.table (table.js) with
// the pager showing what was asked for until the server answers. QTable in server mode shows its `pagination` prop,
// the server's last answer, and builds a click's request on it: a click before that answer came built on the older
// one ("next" twice: page 2; a header twice: ascending twice). Each request carries `seq`, and until `answered` (the
// newest request the server has answered) reaches it, the table shows what was asked for.
//
// Unlike table.js: columns' dynamic (":") properties are not converted, and no fullscreen class is kept (the pages
// using this table have neither); NiceGUI's `update:pagination` listener is not passed on (QTable emits the
// pagination once when it is created, which arriving after an answer would put the server's pager back).
import { emitInOrder } from "in_order";

export default {
  template: `
    <q-table ref="qRef" :pagination="shownPagination" @request="onRequest" @update:pagination="onPagination">
      <template v-for="(_, slot) in $slots" v-slot:[slot]="slotProps">
        <slot :name="slot" v-bind="slotProps || {}" />
      </template>
    </q-table>
  `,
  props: {
    pagination: Object,
    answered: Number,
  },
  emits: ["request", "update:pagination"],
  data() {
    return { sent: this.answered || 0, asked: null };
  },
  computed: {
    shownPagination() {
      return this.sent > (this.answered || 0) ? this.asked : this.pagination;
    },
  },
  methods: {
    onPagination() {
      // Nothing to keep: bound so that QTable reads its `pagination` prop again on every render.
    },
    onRequest(request) {
      const { page, rowsPerPage, sortBy, descending } = request.pagination;
      this.sent += 1;
      this.asked = { ...this.shownPagination, page, rowsPerPage, sortBy, descending };
      emitInOrder(this, "request", { pagination: { page, rowsPerPage, sortBy, descending }, seq: this.sent });
    },
  },
};
