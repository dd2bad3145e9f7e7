"""The customer table: the query spec (`spec`), its SQL (`sql`), running it (`query`), the search keys and the
trigram search index.
"""
