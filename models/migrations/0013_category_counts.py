"""Customers per category, kept by the database: the category chips read 30 rows instead of counting 1,000,000 links.

`category_count` holds, per category, its linked customers and how many of them are archived (the chips show
`customers - archived` unless archived customers are shown). Triggers keep it exact whatever writes: a link added,
removed or moved (customer_category insert/delete/update), a customer archived or restored (archived_at set or
cleared), a customer deleted (its links are removed first, while the customer still tells whether it was archived),
a category created or deleted. No service has to remember it, so the counts cannot disagree with the table.

On SQLite, a later migration that rebuilds the customer table (Tortoise's AlterField) drops these triggers along with
the search triggers of 0005: see 0010_right_values.py for how to alter a column without that.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE = """
CREATE TABLE IF NOT EXISTS category_count (
    category_id INTEGER NOT NULL PRIMARY KEY REFERENCES category (id) ON DELETE CASCADE,
    customers INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0
);
DELETE FROM category_count;
INSERT INTO category_count (category_id, customers, archived)
SELECT cat.id,
       (SELECT COUNT(*) FROM customer_category cc WHERE cc.category_id = cat.id),
       (SELECT COUNT(*) FROM customer_category cc JOIN customer c ON c.id = cc.customer_id
         WHERE cc.category_id = cat.id AND c.archived_at IS NOT NULL)
FROM category cat;
CREATE TRIGGER category_count_category AFTER INSERT ON category BEGIN
    INSERT OR IGNORE INTO category_count (category_id) VALUES (new.id);
END;
CREATE TRIGGER category_count_link AFTER INSERT ON customer_category BEGIN
    INSERT OR IGNORE INTO category_count (category_id) VALUES (new.category_id);
    UPDATE category_count SET customers = customers + 1,
        archived = archived + COALESCE((SELECT archived_at IS NOT NULL FROM customer WHERE id = new.customer_id), 0)
    WHERE category_id = new.category_id;
END;
CREATE TRIGGER category_count_unlink AFTER DELETE ON customer_category BEGIN
    UPDATE category_count SET customers = customers - 1,
        archived = archived - COALESCE((SELECT archived_at IS NOT NULL FROM customer WHERE id = old.customer_id), 0)
    WHERE category_id = old.category_id;
END;
CREATE TRIGGER category_count_relink AFTER UPDATE ON customer_category BEGIN
    UPDATE category_count SET customers = customers - 1,
        archived = archived - COALESCE((SELECT archived_at IS NOT NULL FROM customer WHERE id = old.customer_id), 0)
    WHERE category_id = old.category_id;
    INSERT OR IGNORE INTO category_count (category_id) VALUES (new.category_id);
    UPDATE category_count SET customers = customers + 1,
        archived = archived + COALESCE((SELECT archived_at IS NOT NULL FROM customer WHERE id = new.customer_id), 0)
    WHERE category_id = new.category_id;
END;
CREATE TRIGGER category_count_customer_deleted BEFORE DELETE ON customer BEGIN
    DELETE FROM customer_category WHERE customer_id = old.id;
END;
CREATE TRIGGER category_count_archived AFTER UPDATE OF archived_at ON customer
WHEN (old.archived_at IS NULL) <> (new.archived_at IS NULL) BEGIN
    UPDATE category_count SET archived = archived + (CASE WHEN new.archived_at IS NULL THEN -1 ELSE 1 END)
    WHERE category_id IN (SELECT category_id FROM customer_category WHERE customer_id = new.id);
END;
"""
SQLITE_DROP = """
DROP TRIGGER IF EXISTS category_count_category;
DROP TRIGGER IF EXISTS category_count_link;
DROP TRIGGER IF EXISTS category_count_unlink;
DROP TRIGGER IF EXISTS category_count_relink;
DROP TRIGGER IF EXISTS category_count_customer_deleted;
DROP TRIGGER IF EXISTS category_count_archived;
DROP TABLE IF EXISTS category_count;
"""

POSTGRES = """
CREATE TABLE IF NOT EXISTS category_count (
    category_id INT NOT NULL PRIMARY KEY REFERENCES category (id) ON DELETE CASCADE,
    customers BIGINT NOT NULL DEFAULT 0,
    archived BIGINT NOT NULL DEFAULT 0
);
DELETE FROM category_count;
INSERT INTO category_count (category_id, customers, archived)
SELECT cat.id,
       (SELECT COUNT(*) FROM customer_category cc WHERE cc.category_id = cat.id),
       (SELECT COUNT(*) FROM customer_category cc JOIN customer c ON c.id = cc.customer_id
         WHERE cc.category_id = cat.id AND c.archived_at IS NOT NULL)
FROM category cat;

CREATE OR REPLACE FUNCTION category_count_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO category_count (category_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER category_count_category AFTER INSERT ON category
    FOR EACH ROW EXECUTE FUNCTION category_count_category();

CREATE OR REPLACE FUNCTION category_count_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE category_count SET customers = customers - 1,
            archived = archived
                - COALESCE((SELECT (archived_at IS NOT NULL)::int FROM customer WHERE id = OLD.customer_id), 0)
        WHERE category_id = OLD.category_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO category_count (category_id) VALUES (NEW.category_id) ON CONFLICT DO NOTHING;
        UPDATE category_count SET customers = customers + 1,
            archived = archived
                + COALESCE((SELECT (archived_at IS NOT NULL)::int FROM customer WHERE id = NEW.customer_id), 0)
        WHERE category_id = NEW.category_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER category_count_link AFTER INSERT OR UPDATE OR DELETE ON customer_category
    FOR EACH ROW EXECUTE FUNCTION category_count_link();

CREATE OR REPLACE FUNCTION category_count_customer_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_category WHERE customer_id = OLD.id;
    RETURN OLD;
END $$;
CREATE TRIGGER category_count_customer_deleted BEFORE DELETE ON customer
    FOR EACH ROW EXECUTE FUNCTION category_count_customer_deleted();

CREATE OR REPLACE FUNCTION category_count_archived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE category_count SET archived = archived + (CASE WHEN NEW.archived_at IS NULL THEN -1 ELSE 1 END)
    WHERE category_id IN (SELECT category_id FROM customer_category WHERE customer_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER category_count_archived AFTER UPDATE OF archived_at ON customer
    FOR EACH ROW WHEN ((OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL))
    EXECUTE FUNCTION category_count_archived();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS category_count_category ON category;
DROP TRIGGER IF EXISTS category_count_link ON customer_category;
DROP TRIGGER IF EXISTS category_count_customer_deleted ON customer;
DROP TRIGGER IF EXISTS category_count_archived ON customer;
DROP FUNCTION IF EXISTS category_count_category();
DROP FUNCTION IF EXISTS category_count_link();
DROP FUNCTION IF EXISTS category_count_customer_deleted();
DROP FUNCTION IF EXISTS category_count_archived();
DROP TABLE IF EXISTS category_count;
"""


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(POSTGRES if client.capabilities.dialect == 'postgres' else SQLITE)


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(POSTGRES_DROP if client.capabilities.dialect == 'postgres' else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [('models', '0012_welcome_preset')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
