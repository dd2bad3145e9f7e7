// NiceGUI's select whose options come from the server as one types: each typed text is sent as a `search` event; the
// menu shows the answer once the server has it (Quasar's spinner meanwhile), the first match highlighted so Enter or
// Tab picks it. `answered` says which text the options answer and how many of them are matches (the chosen option may
// follow, kept only so the field can still show it).
import Select from "select";
import { arrowsStayOnOptions, highlightFirst } from "autocomplete";

export default {
  extends: Select,
  props: ["options", "answered"],
  data() {
    return { waiting: null };
  },
  mounted() {
    // before Quasar's own keydown handler on the input
    this.$el.addEventListener("keydown", (event) => arrowsStayOnOptions(event, this.$refs.qRef), true);
  },
  methods: {
    filterFn(typed, update) {
      this.waiting = { typed, update };
      if (this.answered?.text === typed) this.show();
      else this.$emit("search", typed);
    },
    show() {
      const { typed, update } = this.waiting;
      this.waiting = null;
      const matches = this.options.slice(0, this.answered.count);
      update(() => (this.filteredOptions = matches), highlightFirst(typed));
    },
  },
  watch: {
    answered(value) {
      if (this.waiting && value?.text === this.waiting.typed) this.show();
    },
  },
};
