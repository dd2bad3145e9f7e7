// A chip per category with its number of customers; clicking one selects or deselects it for the filter.
//
// Each chip is a native <button> with the classes QChip draws for a dense, square, clickable chip, not a QChip: a page
// opens with ~30 of them, and a QChip each (with its icon, ripple and key handlers) was a good part of the start-up's
// one long task. The button brings the keyboard (Tab, Enter and Space press it) and its role; aria-pressed tells the
// state. Names and counts are shown only through {{ }} interpolation; the colours are bound as style values.
export default {
  template: `
    <div class="row items-center q-gutter-xs" role="group" :aria-label="texts.group">
      <button
        v-for="category in categories"
        :key="category.id"
        type="button"
        :class="chipClass(category)"
        :style="chipStyle(category)"
        :aria-pressed="isSelected(category) ? 'true' : 'false'"
        @click="$emit('toggle', category.id)"
      >
        <span class="q-focus-helper"></span>
        <i
          v-if="isSelected(category)"
          class="q-icon notranslate material-icons q-chip__icon q-chip__icon--left"
          aria-hidden="true"
          >check</i
        >
        <span class="q-chip__content col row no-wrap items-center q-anchor--skip"
          >{{ category.name
          }}<span class="q-ml-xs text-weight-bold">{{ category.customers }}</span></span
        >
      </button>
      <span v-if="!categories.length" class="text-grey-7 text-body2">{{ texts.none }}</span>
    </div>
  `,
  props: {
    categories: Array,
    selected: Array,
    texts: Object,
  },
  methods: {
    isSelected(category) {
      return (this.selected || []).includes(category.id);
    },
    chipClass(category) {
      const variant = this.isSelected(category) ? "text-white q-chip--colored" : "q-chip--outline";
      return (
        `q-chip row inline no-wrap items-center ${variant} q-chip--dense q-chip--clickable cursor-pointer ` +
        "non-selectable q-hoverable q-chip--square"
      );
    },
    chipStyle(category) {
      if (this.isSelected(category)) return { backgroundColor: category.colour };
      return { color: category.colour, borderColor: category.colour };
    },
  },
};
