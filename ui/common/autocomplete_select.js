// NiceGUI's select with the typing of ui/common/autocomplete.js: matches that start with the typed text first, and
// the first one highlighted so Enter or Tab picks it. With a new-value mode, Enter keeps adding the typed text.
import Select from "select";
import { arrowsStayOnOptions, highlightFirst, matching } from "autocomplete";

export default {
  extends: Select,
  mounted() {
    // before Quasar's own keydown handler on the input
    this.$el.addEventListener("keydown", (event) => arrowsStayOnOptions(event, this.$refs.qRef), true);
  },
  methods: {
    filterFn(typed, update, abort) {
      const pick = this.$attrs["new-value-mode"] === undefined ? highlightFirst(typed) : undefined;
      Select.methods.filterFn.call(this, typed, (fn) => update(fn, pick), abort);
    },
    findFilteredOptions() {
      return matching(this.initialOptions, this.$el.querySelector("input[type=search]")?.value);
    },
  },
};
