// The header's user button and its menu: the role, Account, the language choice and Sign out. One component instead
// of a NiceGUI element per item (22 of them on every page). Account is a same-site link (NiceGUI's sub-pages router
// shows it without a reload); choosing a language and signing out go to the server as `language` and `sign_out`.
// The user's name and every text are shown only through bindings.
export default {
  template: `
    <q-btn flat no-caps color="white" icon="account_circle" :label="name">
      <q-menu>
        <q-list>
          <q-item disable><q-item-section>{{ texts.role }}</q-item-section></q-item>
          <q-item clickable v-close-popup tag="a" href="/account"><q-item-section>{{ texts.account }}</q-item-section></q-item>
          <q-separator />
          <q-item-label header class="text-caption text-grey-7 q-px-md q-pt-sm">{{ texts.language }}</q-item-label>
          <q-item
            v-for="choice in languages"
            :key="choice.code"
            clickable
            v-close-popup
            :lang="choice.code || undefined"
            @click="$emit('language', choice.code)"
          >
            <q-item-section>{{ choice.name }}</q-item-section>
            <q-icon :name="choice.code === current ? 'check' : 'none'" size="xs" class="q-ml-sm" />
          </q-item>
          <q-separator />
          <q-item clickable v-close-popup @click="$emit('sign_out')"><q-item-section>{{ texts.signOut }}</q-item-section></q-item>
        </q-list>
      </q-menu>
    </q-btn>
  `,
  props: {
    name: String,
    languages: Array,
    current: String,
    texts: Object,
  },
};
