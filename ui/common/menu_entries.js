// The main menu's entries: one link per section, drawn as Quasar's flat, left-aligned buttons, the current section's in
// the primary colour. Links, not buttons: NiceGUI's sub-pages router (sub_pages.js) takes a plain click on a same-site
// link and shows the section without reloading the page, and a click with Ctrl, Shift or the middle button opens it in
// a new tab, as a link does. QBtn makes Enter and Space press it. Texts are shown only through bindings.
export default {
  template: `
    <nav :aria-label="label">
      <q-btn
        v-for="entry in entries"
        :key="entry.path"
        flat
        no-caps
        align="left"
        class="w-full q-py-sm"
        :color="entry.path === active ? 'primary' : 'grey-9'"
        :icon="entry.icon"
        :label="entry.text"
        :href="entry.path"
        :aria-current="entry.path === active ? 'page' : undefined"
      />
    </nav>
  `,
  props: {
    entries: Array,
    active: String,
    label: String,
  },
};
