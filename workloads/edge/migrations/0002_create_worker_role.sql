-- The Worker's own database role, the user of Hyperdrive's origin
-- connection string (groundwork:database.directUrl of an edge stack).
--
-- Its statement_timeout is set here, on the role, for this database: the
-- Worker's reads run as single prepared statements outside any
-- transaction, so that Hyperdrive can cache them, and so cannot SET LOCAL
-- a timeout first. PostgreSQL applies a role's settings to every session
-- the role opens, and RESET (which Hyperdrive runs when a connection goes
-- back to its pool) restores them. Migrations and operators, other roles,
-- keep their own timeouts. Keep it equal to the Worker's
-- DB_STATEMENT_TIMEOUT binding (groundwork:edge.statementTimeout): a
-- change is a new migration, and `migrate status` checks the two agree.
--
-- No password here: the role is created NOLOGIN and the operator enables
-- it once, with a password of their own:
--   ALTER ROLE groundwork_edge_worker WITH LOGIN PASSWORD '...';
-- Roles belong to the whole server: when the role exists already (another
-- database of the server was migrated first), it is kept as it is.
DO $$
BEGIN
    CREATE ROLE groundwork_edge_worker NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER ROLE groundwork_edge_worker IN DATABASE %I SET statement_timeout = %L',
        current_database(), '10s');
END
$$;

-- Reads only: the Worker has no write route.
GRANT SELECT ON items TO groundwork_edge_worker;
