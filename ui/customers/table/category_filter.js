// A chip per category with its number of customers; clicking one selects or deselects it for the filter.
export default {
  template: `
    <div class="row items-center q-gutter-xs" role="group" :aria-label="texts.group">
      <q-chip
        v-for="category in categories"
        :key="category.id"
        clickable
        dense
        square
        :outline="!isSelected(category)"
        :text-color="isSelected(category) ? 'white' : undefined"
        :icon="isSelected(category) ? 'check' : undefined"
        :style="chipStyle(category)"
        :aria-pressed="isSelected(category)"
        @click="$emit('toggle', category.id)"
        >{{ category.name }}<span class="q-ml-xs text-weight-bold">{{ category.customers.toLocaleString(texts.locale) }}</span></q-chip
      >
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
    chipStyle(category) {
      if (this.isSelected(category)) return { backgroundColor: category.colour };
      return { color: category.colour, borderColor: category.colour };
    },
  },
};
